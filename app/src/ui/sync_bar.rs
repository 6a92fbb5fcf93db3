//! The sync line on the start screen: how many items wait, the last sync,
//! what went wrong, and "sync now". Shown once the phone is signed in.

use crate::i18n::{tr, use_i18n};
use crate::tools::Refusal;
use crate::ui::AppData;
use leptos::prelude::*;
use liaison_core::time;
use liaison_i18n::Msg;

/// The sync line.
#[component]
pub fn SyncBar() -> impl IntoView {
    let i18n = use_i18n();
    let data = expect_context::<AppData>();
    let sync = data.sync;
    let count = move || {
        sync.with(|s| {
            let n = s.count.waiting;
            if n == 0 {
                i18n.t(Msg::SyncAllSent).to_owned()
            } else {
                i18n.fill(Msg::SyncWaitingCount, &[("n", &n.to_string())])
            }
        })
    };
    let last = move || {
        sync.with(|s| {
            let at = s.note.last_synced_at.as_deref().and_then(|t| time::from_wire(t).ok())?;
            Some(i18n.fill(Msg::SyncLastAt, &[("time", &time::format_local(at))]))
        })
    };
    let problem = move || {
        sync.with(|s| {
            let mut lines = Vec::new();
            if let Some(message) = &s.message {
                lines.push(message.text(i18n));
            } else if let Some(msg) = s.note.stopped.as_deref().and_then(Msg::from_key) {
                lines.push(Refusal::Msg(msg).text(i18n));
            }
            if s.count.refused > 0 {
                lines.push(i18n.fill(Msg::SyncRefusedCount, &[("n", &s.count.refused.to_string())]));
            }
            if let Some(skew) = s.note.clock_skew_seconds {
                lines.push(i18n.fill(Msg::SyncClockSkew, &[("minutes", &(skew.abs() / 60).to_string())]));
            }
            lines.join(" ")
        })
    };
    // While a sync goes on: a bar, items answered and photo bytes sent.
    let progress = move || sync.with(|s| s.progress.filter(|p| s.busy && p.items_total + p.bytes_total > 0.0));
    let progress_text = move || {
        let p = progress()?;
        let count = |n: f64| (n as u64).to_string();
        let mut text =
            i18n.fill(Msg::SyncProgressItems, &[("done", &count(p.items)), ("total", &count(p.items_total))]);
        if p.bytes_total > 0.0 {
            text.push(' ');
            text.push_str(
                &i18n.fill(Msg::SyncProgressPhotos, &[("done", &size(p.bytes)), ("total", &size(p.bytes_total))]),
            );
        }
        Some(text)
    };
    view! {
        <Show when=move || sync.with(|s| s.account.is_some())>
            <div class="sync-bar" data-testid="sync-bar">
                <span data-testid="sync-count">{count}</span>
                <span class="muted" data-testid="sync-last">{last}</span>
                <button type="button" data-testid="sync-now" disabled=move || sync.with(|s| s.busy)
                    on:click=move |_| crate::sync::now(data)>
                    {move || if sync.with(|s| s.busy) { i18n.t(Msg::Syncing) } else { i18n.t(Msg::SyncNow) }}
                </button>
                <div class="sync-progress" data-testid="sync-progress" hidden=move || progress().is_none()>
                    <progress max="1" value=move || progress().map(|p| p.fraction()).unwrap_or(0.0)></progress>
                    <span class="muted">{progress_text}</span>
                </div>
                <p class="problem" data-testid="sync-problem" hidden=move || problem().is_empty()>{problem}</p>
                <p class="problem" data-testid="sync-conflicts" hidden=move || sync.with(|s| s.conflicts == 0)>
                    <a href="/contacts">{move || i18n.fill(Msg::SyncConflicts, &[("n", &sync.with(|s| s.conflicts).to_string())])}</a>
                </p>
            </div>
        </Show>
        <Show when=move || sync.with(|s| s.account.is_none())>
            <p class="muted sync-bar" data-testid="sync-signed-out"><a href="/settings">{tr(Msg::NotSignedIn)}</a></p>
        </Show>
    }
}

/// A number of bytes for people: whole KB below a megabyte, else MB to one
/// decimal (without float formatting, whose code is big).
fn size(bytes: f64) -> String {
    if bytes < 1_000_000.0 {
        format!("{} KB", (bytes / 1000.0).round() as u64)
    } else {
        let tenths = (bytes / 100_000.0).round() as u64;
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}
