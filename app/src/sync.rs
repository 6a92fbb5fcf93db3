//! When the phone syncs: at start when signed in, when the network comes
//! back (`online`), every five minutes, after a failed try once its back-off
//! has passed, and when the user taps "sync now". The work itself is the tools
//! module's `sync_now` (the protocol in liaison-sync); this only decides when,
//! and keeps what the home screen shows ([`SyncView`]) up to date.

use crate::storage::sync::SyncNote;
use crate::storage::{OutboxCount, Storage};
use crate::tools::{self, Refusal};
use crate::ui::AppData;
use leptos::prelude::*;
use liaison_core::account::Role;
use liaison_i18n::Msg;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// How often a signed-in phone syncs while the app is open.
const EVERY_MS: i32 = 5 * 60 * 1000;

/// What the home screen and settings show of sync.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncView {
    /// Who the phone is signed in as: name, role code, device name.
    pub account: Option<(String, String, String)>,
    /// The outbox.
    pub count: OutboxCount,
    /// What the last sync said (kept on the phone).
    pub note: SyncNote,
    /// Conflicting edits the user has not seen yet.
    pub conflicts: usize,
    /// How far the sync under way is (from the tools module's progress events).
    pub progress: Option<SyncProgress>,
    /// A sync is under way.
    pub busy: bool,
    /// What the last try in this session ended with.
    pub message: Option<Refusal>,
}

/// How far a sync is: items answered of those waiting when it began, and
/// photo bytes on the server of those to send.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SyncProgress {
    /// Items answered.
    pub items: f64,
    /// Items waiting when the sync began.
    pub items_total: f64,
    /// Photo bytes the server has.
    pub bytes: f64,
    /// Photo bytes to send.
    pub bytes_total: f64,
}

impl SyncProgress {
    fn from_event(event: &web_sys::Event) -> Option<SyncProgress> {
        let detail = js_sys::Reflect::get(event, &"detail".into()).ok()?;
        let field = |name: &str| js_sys::Reflect::get(&detail, &name.into()).ok().and_then(|v| v.as_f64());
        Some(SyncProgress {
            items: field("items")?,
            items_total: field("items_total")?,
            bytes: field("bytes")?,
            bytes_total: field("bytes_total")?,
        })
    }
}

impl SyncView {
    /// Whether the phone is signed in with one of `roles`.
    pub fn role_in(&self, roles: &[Role]) -> bool {
        self.account.as_ref().is_some_and(|(_, role, _)| roles.iter().any(|r| r.code() == role))
    }
}

/// Reads the account, the outbox count and the last note again.
pub async fn refresh(data: AppData) {
    let Ok(storage) = data.storage() else { return };
    let view = read(&storage).await;
    data.sync.update(|s| {
        s.account = view.0;
        s.count = view.1;
        s.note = view.2;
        s.conflicts = view.3;
    });
}

async fn read(storage: &Storage) -> (Option<(String, String, String)>, OutboxCount, SyncNote, usize) {
    let account = storage.account().await.ok().flatten().map(|a| (a.name, a.role, a.device_name));
    let count = storage.outbox_count().await.unwrap_or_default();
    let note = storage.sync_note().await.unwrap_or_default();
    let conflicts = storage.conflict_count().await.unwrap_or_default();
    (account, count, note, conflicts)
}

fn online() -> bool {
    web_sys::window().is_some_and(|w| w.navigator().on_line())
}

fn later(ms: i32, data: AppData) {
    let Some(window) = web_sys::window() else { return };
    let callback = Closure::once_into_js(move || now(data));
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), ms);
}

/// Syncs now, if signed in and not already syncing.
pub fn now(data: AppData) {
    if data.sync.with_untracked(|s| s.busy || s.account.is_none()) {
        return;
    }
    data.sync.update(|s| s.busy = true);
    leptos::task::spawn_local(async move {
        let answer = tools::call("sync_now", &[]).await;
        let message = match &answer {
            Ok(answer) => {
                let retry = js_sys::Reflect::get(answer, &"retry_after_ms".into()).ok().and_then(|v| v.as_f64());
                if let Some(ms) = retry {
                    later(ms as i32, data);
                    Some(Refusal::Msg(Msg::SyncWillRetry))
                } else {
                    None
                }
            }
            Err(refusal) => Some(refusal.clone()),
        };
        let received = answer.as_ref().map(|a| tools::count(a, "received")).unwrap_or(0);
        data.sync.update(|s| {
            s.busy = false;
            s.message = message;
            s.progress = None;
        });
        refresh(data).await;
        if received > 0 {
            data.reload();
        }
    });
}

/// Syncs now if the phone is online (after something was written).
pub fn soon(data: AppData) {
    if online() {
        now(data);
    }
}

/// Starts syncing by itself: now, when back online, and every five minutes.
pub fn start(data: AppData) {
    leptos::task::spawn_local(async move {
        refresh(data).await;
        if online() {
            now(data);
        }
    });
    let Some(window) = web_sys::window() else { return };
    let on_progress = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
        if let Some(progress) = SyncProgress::from_event(&event) {
            data.sync.update(|s| s.progress = Some(progress));
        }
    })
    .into_js_value();
    let _ = window.add_event_listener_with_callback(tools::PROGRESS_EVENT, on_progress.unchecked_ref());
    let on_online = Closure::<dyn Fn()>::new(move || now(data)).into_js_value();
    let _ = window.add_event_listener_with_callback("online", on_online.unchecked_ref());
    let tick = Closure::<dyn Fn()>::new(move || {
        if online() {
            now(data)
        }
    })
    .into_js_value();
    let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(tick.unchecked_ref(), EVERY_MS);
}
