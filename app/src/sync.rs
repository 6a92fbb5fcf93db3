//! When the phone syncs: at start when signed in, when the network comes
//! back (`online`), every five minutes, after a failed try once its back-off
//! has passed, when the user taps "sync now", and when the service worker
//! asks (Background Sync). The work itself is the tools module's `sync_now`
//! (the protocol in liaison-sync); this only decides when, and keeps what the
//! home screen shows ([`SyncView`]) up to date.
//!
//! So that what was saved offline still leaves after the app is closed, the
//! one-off Background Sync `liaison-sync` is registered (where the browser has it:
//! Chromium) whenever something is written for the server and whenever a
//! sync fails for want of network; the browser wakes the service worker with
//! it once online (`pwa/sw.js`), which asks an open page to sync or syncs
//! itself. `pwa/register-sw.js` does the browser's part: on [`WANTED_EVENT`]
//! it registers the sync where the browser has it; asked `{type:
//! "liaison:sync"}` by the worker, it sends `tools::ACCOUNT_EVENT` (the page
//! reads the account again and syncs, or lets the sync under way finish) and
//! answers on the message's port with the outcome of the next
//! [`SYNCED_EVENT`]. Plain window events and the registration in JS keep this
//! in the shell to a few lines (0.2–0.3 KB brotli).

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

/// The event `pwa/register-sw.js` answers by registering the one-off
/// Background Sync `liaison-sync`, where the browser has it.
pub const WANTED_EVENT: &str = "liaison:sync-wanted";

/// The event sent after every sync, or every try that found the phone signed
/// out, its outcome in `window.__liaisonSynced` (`done`, `retry`, `stopped`,
/// `skipped`), which `pwa/register-sw.js` passes to the service worker.
pub const SYNCED_EVENT: &str = "liaison:synced";

fn synced(outcome: &str) {
    if let Some(window) = web_sys::window() {
        let _ = js_sys::Reflect::set(&window, &JsValue::from_str("__liaisonSynced"), &JsValue::from_str(outcome));
    }
    tools::announce(SYNCED_EVENT);
}

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
    /// How far the sync under way is (from the tools module's progress
    /// events, sent only while something moves).
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
    /// How much is done, 0 to 1: the items and the photo bytes count half
    /// each when there are both (bytes outnumber items by thousands).
    pub fn fraction(&self) -> f64 {
        let parts = [(self.items, self.items_total), (self.bytes, self.bytes_total)];
        let (sum, n) = parts
            .iter()
            .filter(|(_, total)| *total > 0.0)
            .fold((0.0, 0.0), |(sum, n), (done, total)| (sum + (done / total).min(1.0), n + 1.0));
        if n > 0.0 { sum / n } else { 0.0 }
    }

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
    if data.sync.with_untracked(|s| s.busy) {
        return;
    }
    if data.sync.with_untracked(|s| s.account.is_none()) {
        return synced("skipped");
    }
    data.sync.update(|s| s.busy = true);
    leptos::task::spawn_local(async move {
        let answer = tools::call("sync_now", &[]).await;
        let (outcome, message) = match &answer {
            Ok(answer) => {
                let retry = js_sys::Reflect::get(answer, &"retry_after_ms".into()).ok().and_then(|v| v.as_f64());
                if let Some(ms) = retry {
                    later(ms as i32, data);
                    // Should the app be closed before then, the browser syncs when it can.
                    tools::announce(WANTED_EVENT);
                    ("retry", Some(Refusal::Msg(Msg::SyncWillRetry)))
                } else {
                    ("done", None)
                }
            }
            Err(refusal) => ("stopped", Some(refusal.clone())),
        };
        let received = answer.as_ref().map(|a| tools::count(a, "received")).unwrap_or(0);
        data.sync.update(|s| {
            s.busy = false;
            s.message = message;
            s.progress = None;
        });
        refresh(data).await;
        synced(outcome);
        if received > 0 {
            data.reload();
        }
    });
}

/// After something was written for the server: syncs now if the phone is
/// online, and asks for a Background Sync in case it cannot be sent before
/// the app is closed.
pub fn soon(data: AppData) {
    if data.sync.with_untracked(|s| s.account.is_some()) {
        tools::announce(WANTED_EVENT);
    }
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
