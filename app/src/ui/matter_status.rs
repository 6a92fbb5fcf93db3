//! An opinion card's handling progress, as the server last told this phone
//! (件件有回音): the matter's state, the reply once the office accepted it,
//! how the person was told, their verdict, how it closed. Read from the
//! phone's store, so it shows offline; read again whenever the shell says
//! the phone's data changed (after every sync).
//!
//! The tools module draws these parts (`mount_progress`, `mount_matter_line`)
//! into places the shell leaves for them (`tools_host::ToolsPart`), so the
//! shell carries neither the status reader nor the feedback writer
//! (`feedback`): they are about 50 KB brotli that a start does not need.

use super::feedback::Feedback;
use crate::i18n::{I18n, tr, use_i18n};
use crate::storage::Storage;
use crate::tools::DATA_CHANGED_EVENT;
use leptos::prelude::*;
use liaison_core::OpinionCardId;
use liaison_core::matter::{Closure, MatterState, MatterStatusRecordV1};
use liaison_core::time;
use liaison_i18n::{Locale, Msg};

/// A number that moves whenever the shell says the phone's data changed
/// (`tools::DATA_CHANGED_EVENT`): an effect that reads it runs again then.
pub(super) fn data_changes() -> RwSignal<u32> {
    let changes = RwSignal::new(0u32);
    let listener =
        window_event_listener_untyped(DATA_CHANGED_EVENT, move |_| changes.update(|n| *n = n.wrapping_add(1)));
    on_cleanup(move || listener.remove());
    changes
}

/// The "办理进展" section of an opinion card's detail, with the feedback form.
#[component]
pub fn MatterProgress(storage: Storage, card: OpinionCardId, locale: Locale) -> impl IntoView {
    provide_context(I18n::new(locale));
    let storage = StoredValue::new_local(storage);
    let changes = data_changes();
    let status = RwSignal::new(None::<Option<MatterStatusRecordV1>>);
    Effect::new(move |_| {
        changes.track();
        let storage = storage.get_value();
        leptos::task::spawn_local(async move {
            status.set(Some(storage.matter_status(card).await.ok().flatten()));
        });
    });
    view! {
        <section class="progress" data-testid="progress">
            <h2>{tr(Msg::ProgressTitle)}</h2>
            {move || status.get().map(|found| match found {
                Some(s) => view! { <Status status=s/> }.into_any(),
                None => view! { <p class="muted" data-testid="progress-none">{tr(Msg::ProgressNone)}</p> }.into_any(),
            })}
            // Outside what is redrawn when a sync brings a newer status, so
            // a half-filled form survives it.
            <Feedback storage changes status=Signal::derive(move || status.get().flatten())/>
        </section>
    }
}

/// One line for an opinion in a list (the reception card's): the matter's
/// state and, once accepted, the reply. Nothing before the server has it.
#[component]
pub fn MatterLine(storage: Storage, card: OpinionCardId, locale: Locale) -> impl IntoView {
    provide_context(I18n::new(locale));
    let storage = StoredValue::new_local(storage);
    let changes = data_changes();
    let status = RwSignal::new(None::<MatterStatusRecordV1>);
    Effect::new(move |_| {
        changes.track();
        let storage = storage.get_value();
        leptos::task::spawn_local(async move {
            status.set(storage.matter_status(card).await.ok().flatten());
        });
    });
    move || {
        status.get().map(|s| {
            let reply = s.reply.map(|r| r.text.as_str().to_owned());
            view! {
                <p class="progress-line" data-testid="opinion-progress">
                    <span class="badge" data-state=s.state.code()>{tr(s.state.label())}</span>
                    {reply.map(|text| view! { " "<span class="pre">{text}</span> })}
                </p>
            }
        })
    }
}

#[component]
fn Status(status: MatterStatusRecordV1) -> impl IntoView {
    let i18n = use_i18n();
    let state = status.state;
    let updated = time::format_local(status.updated_at);
    let reply = status.reply.clone().map(|r| {
        let from = r.unit_name.map(|n| n.as_str().to_owned());
        view! {
            <dt>{tr(Msg::DeskReply)}</dt>
            <dd class="pre" data-testid="progress-reply">{r.text.as_str().to_owned()}</dd>
            <dt>{tr(Msg::ProgressReplyFrom)}</dt>
            <dd>{move || from.clone().unwrap_or_else(|| i18n.t(Msg::ProgressOffice).to_owned())}</dd>
            <dt>{tr(Msg::ProgressReplyAt)}</dt>
            <dd>{time::format_local(r.at)}</dd>
        }
    });
    let informed = status.informed.clone().map(|inf| {
        let at = time::format_local(inf.at);
        view! {
            <dt>{tr(Msg::ProgressInformed)}</dt>
            <dd>{move || i18n.fill(Msg::ProgressInformedHow, &[("how", i18n.t(inf.how.label())), ("time", &at)])}</dd>
        }
    });
    let verdict = status.evaluation.clone().map(|e| {
        let reason = e.reason.map(|r| r.as_str().to_owned()).unwrap_or_default();
        view! {
            <dt>{tr(Msg::ProgressVerdict)}</dt>
            <dd data-testid="progress-verdict">{tr(e.satisfaction.label())}" "{reason}</dd>
        }
    });
    let closure = status.closure.clone().map(|c| {
        let text = match c {
            Closure::Completed { at } => time::format_local(at),
            Closure::WithReason { text, at, .. } => format!("{} {}", time::format_local(at), text.as_str()),
        };
        view! { <dt>{tr(Msg::ProgressClosed)}</dt><dd>{text}</dd> }
    });
    let your_turn = status.awaits_collector();
    let answered = status.reply.is_some();
    view! {
        <dl class="fields">
            <dt>{tr(Msg::ProgressState)}</dt>
            <dd>
                <span class="badge" data-testid="progress-state" data-state=state.code()>{tr(state.label())}</span>
                " "<span class="muted">{move || i18n.fill(Msg::ProgressUpdated, &[("time", &updated)])}</span>
            </dd>
            {reply}
            {informed}
            {verdict}
            {closure}
        </dl>
        {(state == MatterState::Merged).then(|| {
            // The reply of the matter it joined: this representative tells
            // their person too; the verdict is recorded on that matter.
            let said = if answered { Msg::ProgressMergedAnswered } else { Msg::ProgressMerged };
            view! { <p class="muted" data-testid="progress-merged">{tr(said)}</p> }
        })}
        {your_turn.then(|| view! { <p class="notice" data-testid="progress-your-turn">{tr(Msg::ProgressYourTurn)}</p> })}
    }
}
