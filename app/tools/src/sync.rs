//! The phone's sync driver: signs in, then runs `liaison_sync::client::Session`
//! against `POST /api/v1/sync` — reading the outbox, sending, and writing each
//! response's effects in one IndexedDB transaction. The protocol's decisions
//! are all in liaison-sync; this file only moves bytes.

use crate::{refuse, socket, storage};
use liaison_app::perf;
use liaison_app::storage::Storage;
use liaison_app::storage::sync::{Account, PendingPhoto, SyncNote};
use liaison_core::duty::{DutySetup, DutySetupRecordV1};
use liaison_core::schedule::PhoneSchedulesRecordV1;
use liaison_i18n::Msg;
use liaison_sync::client::{Failure, Session, Step};
use liaison_sync::wire::{self, DeviceId, Limits, SyncRequest};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// What the phone asks for at a time: at most 2,000 mutations (the server's
/// limit) and 4 MiB a push — each push grows from 256 KiB while answers come
/// quickly ([`Session::on_response_in`]), so a weak network gets small
/// requests and 10,000 cards on a good one move in under ten —, and 1,000
/// changes a page.
fn limits() -> Limits {
    Limits { max_push: 2_000, max_pull: 1_000, ..Limits::default() }
}

/// How far a sync is, sent to the shell (its progress bar) as a
/// `liaison:sync-progress` event on `window`, when there is one (a service
/// worker has none): items answered of those waiting at the start, and
/// photo bytes on the server of those to upload.
#[derive(Clone, Copy, Default)]
struct Progress {
    items: usize,
    items_total: usize,
    bytes: f64,
    bytes_total: f64,
}

impl Progress {
    fn tell(&self) {
        // Nothing moves: nothing to show (each event makes the screens read again).
        if self.items_total == 0 && self.bytes_total == 0.0 {
            return;
        }
        let Some(window) = web_sys::window() else { return };
        let detail = js_sys::Object::new();
        for (field, value) in [
            ("items", self.items as f64),
            ("items_total", self.items_total as f64),
            ("bytes", self.bytes),
            ("bytes_total", self.bytes_total),
        ] {
            let _ = js_sys::Reflect::set(&detail, &field.into(), &value.into());
        }
        let init = web_sys::CustomEventInit::new();
        init.set_detail(&detail);
        if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(liaison_app::tools::PROGRESS_EVENT, &init) {
            let _ = window.dispatch_event(&event);
        }
    }
}

/// An answer of the server, over HTTP or the sync socket: its status and
/// its body as text.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) body: String,
}

/// Sends `body` (JSON) to `path`; `None` when there is no network.
async fn post(path: &str, body: &str, token: Option<&str>) -> Option<Answer> {
    let headers = web_sys::Headers::new().ok()?;
    headers.set("Content-Type", "application/json").ok()?;
    send("POST", path, Some(JsValue::from_str(body)), headers, token).await
}

/// A request with a raw body (a photo's piece) and the photo's total size.
async fn request(method: &str, path: &str, body: Option<JsValue>, token: &str, size: Option<f64>) -> Option<Answer> {
    let headers = web_sys::Headers::new().ok()?;
    if let Some(size) = size {
        headers.set("Content-Type", "application/octet-stream").ok()?;
        headers.set("X-Photo-Size", &(size as u64).to_string()).ok()?;
    }
    send(method, path, body, headers, Some(token)).await
}

async fn send(
    method: &str,
    path: &str,
    body: Option<JsValue>,
    headers: web_sys::Headers,
    token: Option<&str>,
) -> Option<Answer> {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    if let Some(body) = &body {
        init.set_body(body);
    }
    if let Some(token) = token {
        headers.set("Authorization", &format!("Bearer {token}")).ok()?;
    }
    init.set_headers(&headers);
    let request = web_sys::Request::new_with_str_and_init(path, &init).ok()?;
    let response: web_sys::Response = JsFuture::from(fetch(&request)?).await.ok()?.dyn_into().ok()?;
    let text = JsFuture::from(response.text().ok()?).await.ok()?.as_string().unwrap_or_default();
    Some(Answer { status: response.status(), body: text })
}

/// `fetch` of the global scope: the page's window, or the service worker
/// when it syncs with no page open (`pwa/sw.js`, Background Sync).
fn fetch(request: &web_sys::Request) -> Option<js_sys::Promise> {
    let global = js_sys::global();
    if let Some(window) = global.dyn_ref::<web_sys::Window>() {
        return Some(window.fetch_with_request(request));
    }
    global.dyn_ref::<web_sys::WorkerGlobalScope>().map(|worker| worker.fetch_with_request(request))
}

/// The catalogue key in a server's error body, if it names one.
fn error_key(body: &str) -> Option<Msg> {
    let value: serde_json::Value = serde_json::from_str(body).ok()?;
    Msg::from_key(value.get("error")?.get("key")?.as_str()?)
}

fn field<'a>(value: &'a serde_json::Value, path: &[&str]) -> Option<&'a str> {
    path.iter().try_fold(value, |v, k| v.get(*k))?.as_str()
}

/// Signs this phone in: `{name, role}` of the user. The device token is kept
/// on the phone; the password is not.
#[wasm_bindgen]
pub async fn sign_in(login: String, password: String, device_name: String) -> Result<JsValue, JsValue> {
    let body = serde_json::json!({ "login": login, "password": password, "device_name": device_name }).to_string();
    let answer = post("/api/v1/session", &body, None).await.ok_or_else(|| refuse(Msg::SyncOffline))?;
    if !(200..300).contains(&answer.status) {
        return Err(refuse(error_key(&answer.body).unwrap_or(Msg::SyncServerFailed)));
    }
    let value: serde_json::Value = serde_json::from_str(&answer.body).map_err(|_| refuse(Msg::SyncServerFailed))?;
    let text = |path: &[&str]| field(&value, path).map(str::to_owned).ok_or_else(|| refuse(Msg::SyncServerFailed));
    let account = Account {
        user_id: text(&["user", "id"])?,
        login: text(&["user", "login"])?,
        name: text(&["user", "name"])?,
        role: text(&["user", "role"])?,
        device_id: text(&["device", "id"])?,
        device_name: text(&["device", "name"])?,
        token: text(&["token"])?,
    };
    let storage = storage().await?;
    let kept = storage.set_account(&account).await;
    kept.map_err(|e| refuse(e.msg()))?;
    answer_object(&[("name", account.name.as_str().into()), ("role", account.role.as_str().into())])
}

/// Forgets the account on this phone (its cards stay, and stay in the outbox).
#[wasm_bindgen]
pub async fn sign_out() -> Result<JsValue, JsValue> {
    socket::close();
    let storage = storage().await?;
    let done = storage.forget_account().await;
    done.map_err(|e| refuse(e.msg()))?;
    Ok(JsValue::TRUE)
}

fn answer_object(fields: &[(&str, JsValue)]) -> Result<JsValue, JsValue> {
    let object = js_sys::Object::new();
    for (name, value) in fields {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(name), value);
    }
    Ok(object.into())
}

/// One sync: pushes the outbox and pulls what the server has for this user,
/// page by page. Answers `{sent, received, requests, retry_after_ms}`:
/// `retry_after_ms` is set when the network or the server failed (the app
/// tries again then; everything stays on the phone). A revoked or unknown
/// device fails with its message and stops until the user signs in again.
///
/// Runs in the page or in the service worker (Background Sync, with no page
/// open); holding the Web Lock [`LOCK`] where the browser has the Web Locks
/// API, so two syncs of one phone (a page and the service worker, two tabs)
/// never interleave: the second starts when the first is done.
#[wasm_bindgen]
pub async fn sync_now() -> Result<JsValue, JsValue> {
    let storage = storage().await?;
    let Some((locks, request)) = web_locks() else { return run(&storage).await };
    let work = Closure::once_into_js(move |_lock: JsValue| -> js_sys::Promise {
        wasm_bindgen_futures::future_to_promise(async move { run(&storage).await })
    });
    // The lock is released when the promise `work` answers settles; the
    // request's promise settles with it.
    let held = request.call2(&locks, &JsValue::from_str(LOCK), &work)?;
    JsFuture::from(held.dyn_into::<js_sys::Promise>()?).await
}

/// The Web Lock every sync of this phone holds, in a page or the service worker.
const LOCK: &str = "liaison-sync";

/// `navigator.locks` and its `request`, in a window or a worker, where the
/// browser has them (Chromium, Safari 15.4 and later).
fn web_locks() -> Option<(JsValue, js_sys::Function)> {
    let get = |target: &JsValue, key: &str| {
        js_sys::Reflect::get(target, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined() && !v.is_null())
    };
    let locks = get(&get(&js_sys::global(), "navigator")?, "locks")?;
    let request = get(&locks, "request")?.dyn_into::<js_sys::Function>().ok()?;
    Some((locks, request))
}

async fn run(storage: &Storage) -> Result<JsValue, JsValue> {
    let failed = |e: liaison_app::storage::StorageError| refuse(e.msg());
    // User Timing measures of each part (read by the sync benchmark).
    let reading = perf::start("liaison:sync-read");
    let start = storage.sync_start().await.map_err(failed)?;
    reading.end();
    let account = start.account.ok_or_else(|| refuse(Msg::SyncSignInFirst))?;
    let device: DeviceId = account.device_id.parse().map_err(|_| refuse(Msg::SyncSignInFirst))?;
    let (cursor, outbox) = (start.cursor, &start.outbox);
    // The cursor as it will be saved once the writes under way are done.
    let mut saved = cursor;
    // Whether anything was written (the photos to upload are read again then).
    let mut wrote = false;
    let limits = limits();
    let (mut session, mut request) = Session::start(device, cursor, outbox, &limits);
    // A long outbox is read in portions: the next one while a request
    // travels, whenever fewer than two pushes' worth wait in the session (a
    // portion holds an entry to send unless it is the last, so the session
    // never runs dry while entries remain unread).
    let mut unread = start.outbox_after;
    let (mut sent, mut received, mut requests) = (0usize, 0usize, 0usize);
    let mut progress = Progress { items_total: start.waiting, ..Progress::default() };
    progress.tell();
    // Pipelined: a response's effects are written while the next request
    // travels (the session knows the next request before anything is
    // written). Safe both ways: the cursor is saved with the page it ends,
    // and an entry leaves the outbox only with its answer, so a write that
    // fails or never happens means the same pages and pushes again, which
    // the server answers as before. Writes stay in order: each waits for the
    // one before.
    let mut writing: Option<futures::future::LocalBoxFuture<'_, Result<usize, JsValue>>> = None;
    let outcome = loop {
        requests += 1;
        let exchanging = perf::start("liaison:sync-exchange");
        let before = writing.take();
        let timed = async {
            let sent_at = js_sys::Date::now();
            let exchanged = exchange(&request, &account.token).await;
            (exchanged, js_sys::Date::now() - sent_at)
        };
        let reading = unread.filter(|_| session.queued() < 2 * limits.max_push);
        let ((exchanged, took), written, portion) = futures::join!(
            timed,
            async move {
                match before {
                    Some(write) => write.await,
                    None => Ok(0),
                }
            },
            async {
                match reading {
                    Some(after) => Some(storage.outbox_portion(after).await),
                    None => None,
                }
            }
        );
        exchanging.end();
        received += written?;
        if let Some(portion) = portion {
            // Added before the answer is read, so the next push carries it.
            let portion = portion.map_err(failed)?;
            // Its entries were counted as waiting unread: now those to send are known.
            let pending = portion.entries.iter().filter(|e| e.is_pending()).count();
            progress.items_total = progress.items_total.saturating_sub(portion.read) + pending;
            session.extend(&portion.entries);
            unread = portion.after;
        }
        progress.items = sent.min(progress.items_total);
        progress.tell();
        let step = match exchanged {
            Err(failure) => session.on_failure(failure),
            Ok(response) => match session.on_response_in(&response, chrono::Utc::now(), elapsed(took)) {
                Err(_) => session.on_failure(Failure::Server),
                // Nothing to write, and the last sync's note is recent: a sync
                // with nothing to do writes nothing.
                Ok(effects) if effects.changes_nothing(saved) && recent(&start.note, response.server_time) => {
                    effects.next
                }
                Ok(effects) => {
                    sent += effects.settled.len();
                    (saved, wrote) = (effects.cursor, true);
                    let next = effects.next.clone();
                    let server_time = liaison_core::time::to_wire(response.server_time);
                    writing = Some(Box::pin(async move {
                        let applying = perf::start("liaison:sync-apply");
                        let written = storage.apply_sync(&effects, &server_time).await.map_err(failed);
                        applying.end();
                        written
                    }));
                    next
                }
            },
        };
        match step {
            Step::Send(next) => request = next,
            step => break step,
        }
    };
    if let Some(write) = writing.take() {
        received += write.await?;
        progress.items = sent.min(progress.items_total);
        progress.tell();
    }
    match outcome {
        Step::Retry { after, .. } => {
            return answer_object(&[
                ("sent", (sent as f64).into()),
                ("received", (received as f64).into()),
                ("requests", (requests as f64).into()),
                ("retry_after_ms", (after.as_millis() as f64).into()),
            ]);
        }
        Step::Stop { reason } => {
            let _ = storage.set_sync_stopped(Some(reason.key())).await;
            return Err(refuse(reason));
        }
        Step::Send(_) | Step::Done => {}
    }
    // The duty setup (the organisation's rules, the representative's
    // profile), at most once an hour: a sync with nothing to do stays one
    // request. Kept as it was when the server cannot give it.
    refresh_duty_setup(storage, &account.token, start.duty_setup_at).await;
    refresh_schedules(storage, &account.token, start.schedules_at).await;
    // Text first, then the photos' bytes (resumable: a cut connection
    // continues from what the server has).
    let known = (!wrote).then_some(start.photos);
    let photos = match upload_photos(storage, &account.token, &mut progress, known).await {
        Ok(n) => n,
        Err(_) => {
            let after = liaison_sync::client::backoff(1).as_millis() as f64;
            return answer_object(&[
                ("sent", (sent as f64).into()),
                ("received", (received as f64).into()),
                ("requests", (requests as f64).into()),
                ("retry_after_ms", after.into()),
            ]);
        }
    };
    answer_object(&[
        ("sent", (sent as f64).into()),
        ("received", (received as f64).into()),
        ("requests", (requests as f64).into()),
        ("photos", (photos as f64).into()),
    ])
}

/// Milliseconds as a duration (a clock that went back counts as no time).
fn elapsed(ms: f64) -> std::time::Duration {
    std::time::Duration::from_secs_f64((ms / 1000.0).max(0.0))
}

/// How old the last sync's note may be for a sync with nothing to do to
/// leave it as it is (its time is shown as when the phone last synced).
const NOTE_KEPT: chrono::TimeDelta = chrono::TimeDelta::minutes(1);

/// Whether `note` says the phone synced within [`NOTE_KEPT`] of `now` (both
/// the server's clock), with nothing to report.
fn recent(note: &SyncNote, now: chrono::DateTime<chrono::Utc>) -> bool {
    let Some(last) = note.last_synced_at.as_deref().and_then(|at| liaison_core::time::from_wire(at).ok()) else {
        return false;
    };
    note.stopped.is_none() && note.clock_skew_seconds.is_none() && last <= now && now - last < NOTE_KEPT
}

/// How long a duty setup is kept before the next sync asks again.
const DUTY_SETUP_EVERY: chrono::TimeDelta = chrono::TimeDelta::hours(1);

/// Asks for the duty setup when the one kept (received at `last`) is older
/// than [`DUTY_SETUP_EVERY`].
async fn refresh_duty_setup(storage: &Storage, token: &str, last: Option<String>) {
    let now = chrono::Utc::now();
    let last = last.and_then(|at| liaison_core::time::from_wire(&at).ok());
    if last.is_some_and(|at| now - at < DUTY_SETUP_EVERY && at <= now) {
        return;
    }
    let Some(answer) = request("GET", "/api/v1/duty-setup", None, token, None).await else { return };
    if answer.status != 200 {
        return;
    }
    if let Ok(setup) = serde_json::from_str::<DutySetupRecordV1>(&answer.body)
        && DutySetup::from_record(setup.clone()).is_ok()
    {
        let _ = storage.put_duty_setup(&setup, &liaison_core::time::to_wire(now)).await;
    }
}

/// How long the published reception schedules are kept before the next
/// sync asks again (a moved date reaches the phone within this).
const SCHEDULES_EVERY: chrono::TimeDelta = chrono::TimeDelta::minutes(15);

/// The published reception schedules of the representative's studios, kept
/// for the start screen's reminders; kept as they were when the server
/// cannot give them or they do not read.
async fn refresh_schedules(storage: &Storage, token: &str, last: Option<String>) {
    let now = chrono::Utc::now();
    let last = last.and_then(|at| liaison_core::time::from_wire(&at).ok());
    if last.is_some_and(|at| now - at < SCHEDULES_EVERY && at <= now) {
        return;
    }
    let Some(answer) = request("GET", "/api/v1/reception-schedules", None, token, None).await else { return };
    if answer.status != 200 {
        return;
    }
    if let Ok(record) = serde_json::from_str::<PhoneSchedulesRecordV1>(&answer.body)
        && record.clone().read().is_ok()
    {
        let _ = storage.put_reception_schedules(&record, &liaison_core::time::to_wire(now)).await;
    }
}

/// The size of the pieces a photo is uploaded in.
const PIECE: f64 = 512.0 * 1024.0;

/// Uploads every photo whose description the server has and whose bytes it
/// lacks, each from the offset the server already holds: those `known`
/// (read as the sync began, when it wrote nothing since), or read now.
/// Answers how many were completed.
async fn upload_photos(
    storage: &Storage,
    token: &str,
    progress: &mut Progress,
    known: Option<Vec<PendingPhoto>>,
) -> Result<usize, Failure> {
    let pending = match known {
        Some(pending) => pending,
        None => storage.photos_to_upload().await.map_err(|_| Failure::Server)?,
    };
    progress.bytes_total = pending.iter().map(|p| p.image.size()).sum();
    let mut done = 0;
    let mut finished = 0.0;
    for photo in pending {
        let path = format!("/api/v1/photos/{}/upload", photo.sha256);
        let size = photo.image.size();
        let status = request("GET", &path, None, token, None).await.ok_or(Failure::Network)?;
        let mut state = upload_state(&status)?;
        loop {
            progress.bytes = finished + if state.1 { size } else { state.0 as f64 };
            progress.tell();
            if state.1 {
                break;
            }
            let start = state.0 as f64;
            let end = (start + PIECE).min(size);
            let piece = photo.image.slice_with_f64_and_f64(start, end).map_err(|_| Failure::Server)?;
            let answer = request("PUT", &format!("{path}?offset={}", state.0), Some(piece.into()), token, Some(size))
                .await
                .ok_or(Failure::Network)?;
            state = match answer.status {
                // Another offset than the server's: continue from the server's.
                409 => upload_state(&Answer { status: 200, body: answer.body })?,
                _ => upload_state(&answer)?,
            };
        }
        storage
            .photo_uploaded(&photo.id, &liaison_core::time::to_wire(chrono::Utc::now()))
            .await
            .map_err(|_| Failure::Server)?;
        finished += size;
        done += 1;
    }
    Ok(done)
}

/// `{offset, complete}` from an upload answer.
fn upload_state(answer: &Answer) -> Result<(u64, bool), Failure> {
    match answer.status {
        200 | 201 => {
            let value: serde_json::Value = serde_json::from_str(&answer.body).map_err(|_| Failure::Server)?;
            let offset = value.get("offset").and_then(serde_json::Value::as_u64).ok_or(Failure::Server)?;
            let complete = value.get("complete").and_then(serde_json::Value::as_bool).ok_or(Failure::Server)?;
            Ok((offset, complete))
        }
        401 => Err(Failure::Unauthorized),
        _ => Err(Failure::Server),
    }
}

/// One request and its answer, or how it failed.
async fn exchange(request: &SyncRequest, token: &str) -> Result<wire::SyncResponse, Failure> {
    let body = String::from_utf8(wire::encode_request(request)).map_err(|_| Failure::Server)?;
    let fetching = perf::start("liaison:sync-fetch");
    let answer = match socket::exchange(&body, token).await {
        Some(answer) => answer,
        None => post("/api/v1/sync", &body, Some(token)).await.ok_or(Failure::Network)?,
    };
    fetching.end();
    match answer.status {
        200 => wire::decode_response(answer.body.as_bytes(), &limits()).map_err(|_| Failure::Server),
        401 if error_key(&answer.body) == Some(Msg::DeviceRevoked) => Err(Failure::Revoked),
        401 => Err(Failure::Unauthorized),
        403 if error_key(&answer.body) == Some(Msg::DeviceRevoked) => Err(Failure::Revoked),
        _ => Err(Failure::Server),
    }
}
