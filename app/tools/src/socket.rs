//! The page's sync socket (the server's `sync/socket.rs`): while the app is
//! open, sync requests travel as messages of one WebSocket, which in a
//! browser costs a tenth of an HTTP request (docs/BENCHMARKS.md).
//!
//! HTTP stays the ground. A request goes over HTTP whenever the socket is
//! not open yet (it is opened then, in the background, for the next
//! request), has been idle long enough that a network may have dropped it,
//! was closed, or does not answer in time; the request is then sent again
//! over HTTP, which is safe: a push is keyed by `(device, mutation_seq)` and
//! a pull only reads. Going offline closes the socket. A service worker
//! (Background Sync) has no socket.

use crate::sync::Answer;
use futures::StreamExt;
use futures::channel::mpsc;
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// The version of the socket's frames (the hello names it).
const VERSION: u32 = 1;

/// A socket unused this long is closed instead of used: the server closes
/// one idle for a minute, and a phone's network may drop one silently.
const IDLE_MS: f64 = 45_000.0;

/// What the socket's handlers pass on.
enum Event {
    Open,
    Message(String),
    Closed,
}

struct Socket {
    ws: web_sys::WebSocket,
    events: mpsc::UnboundedReceiver<Event>,
    /// The device token the hello carries.
    token: String,
    open: bool,
    used_at: f64,
    _handlers: [Closure<dyn FnMut(JsValue)>; 4],
}

impl Drop for Socket {
    fn drop(&mut self) {
        // No handler may run once its closure is gone.
        self.ws.set_onopen(None);
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
        self.ws.set_onerror(None);
        let _ = self.ws.close();
    }
}

thread_local! {
    static SOCKET: RefCell<Option<Socket>> = const { RefCell::new(None) };
    /// The page's `offline` listener is in place.
    static WATCHING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Closes the socket whenever the page goes offline: a socket from before a
/// network change may look open and carry nothing.
fn watch_offline(window: &web_sys::Window) {
    if WATCHING.with(|w| w.replace(true)) {
        return;
    }
    let offline = Closure::<dyn FnMut()>::new(close);
    let _ = window.add_event_listener_with_callback("offline", offline.as_ref().unchecked_ref());
    // For the page's life, like the listener.
    offline.forget();
}

/// Closes the socket (signing out, a revoked device).
pub fn close() {
    drop(SOCKET.with(|s| s.borrow_mut().take()));
}

/// The answer to `body` (a `SyncRequest`) over the socket, or `None`: send
/// it over HTTP then.
pub async fn exchange(body: &str, token: &str) -> Option<Answer> {
    let window = js_sys::global().dyn_into::<web_sys::Window>().ok()?;
    let now = js_sys::Date::now();
    // Taken out while in use: a second exchange meanwhile goes over HTTP.
    let socket = SOCKET.with(|s| s.borrow_mut().take()).filter(|s| s.token == token);
    let mut socket = match socket.map(|mut s| (s.catch_up(), s)) {
        Some((true, socket)) if now - socket.used_at < IDLE_MS => socket,
        // Gone, idle too long, or another account's: a new one for the next request.
        _ => {
            let opened = open(&window, token);
            SOCKET.with(|s| *s.borrow_mut() = opened);
            return None;
        }
    };
    if !socket.open {
        // Still opening: this request goes over HTTP.
        SOCKET.with(|s| *s.borrow_mut() = Some(socket));
        return None;
    }
    socket.ws.send_with_str(body).ok()?;
    let answer = within(&window, socket.events.next(), patience_ms(body.len())).await;
    let Some(Some(Event::Message(text))) = answer else { return None };
    let (status, body) = text.split_once(' ')?;
    let answer = Answer { status: status.parse().ok()?, body: body.to_owned() };
    socket.used_at = js_sys::Date::now();
    SOCKET.with(|s| *s.borrow_mut() = Some(socket));
    Some(answer)
}

impl Socket {
    /// Takes in what happened since the last use: whether the socket can
    /// still be used. Sends the hello once open.
    fn catch_up(&mut self) -> bool {
        loop {
            match self.events.try_recv() {
                Err(mpsc::TryRecvError::Empty) => return true,
                Ok(Event::Open) => {
                    let hello = serde_json::json!({ "v": VERSION, "token": self.token }).to_string();
                    if self.ws.send_with_str(&hello).is_err() {
                        return false;
                    }
                    self.open = true;
                }
                // An answer to nothing, or the end.
                Ok(Event::Message(_) | Event::Closed) | Err(mpsc::TryRecvError::Closed) => return false,
            }
        }
    }
}

/// Starts opening a socket to this page's server.
fn open(window: &web_sys::Window, token: &str) -> Option<Socket> {
    let location = window.location();
    let scheme = if location.protocol().ok()? == "https:" { "wss" } else { "ws" };
    let url = format!("{scheme}://{}/api/v1/sync/socket", location.host().ok()?);
    if !window.navigator().on_line() {
        return None;
    }
    watch_offline(window);
    let ws = web_sys::WebSocket::new(&url).ok()?;
    let (send, events) = mpsc::unbounded();
    let handler = |make: fn(JsValue) -> Event| {
        let send = send.clone();
        Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
            let _ = send.unbounded_send(make(e));
        })
    };
    let handlers = [
        handler(|_| Event::Open),
        handler(|e| match e.dyn_into::<web_sys::MessageEvent>().ok().and_then(|m| m.data().as_string()) {
            Some(text) => Event::Message(text),
            None => Event::Closed,
        }),
        handler(|_| Event::Closed),
        handler(|_| Event::Closed),
    ];
    ws.set_onopen(Some(handlers[0].as_ref().unchecked_ref()));
    ws.set_onmessage(Some(handlers[1].as_ref().unchecked_ref()));
    ws.set_onclose(Some(handlers[2].as_ref().unchecked_ref()));
    ws.set_onerror(Some(handlers[3].as_ref().unchecked_ref()));
    Some(Socket { ws, events, token: token.to_owned(), open: false, used_at: js_sys::Date::now(), _handlers: handlers })
}

/// How long an answer may take before the request goes over HTTP instead:
/// ten seconds, and a second for every 8 KB sent (a slow network's pace).
fn patience_ms(bytes: usize) -> i32 {
    10_000 + (bytes / 8).min(1 << 30) as i32
}

/// `work`, or `None` when it takes more than `ms`.
async fn within<T>(window: &web_sys::Window, work: impl Future<Output = T>, ms: i32) -> Option<T> {
    let timer = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let timer = wasm_bindgen_futures::JsFuture::from(timer);
    futures::pin_mut!(work, timer);
    match futures::future::select(work, timer).await {
        futures::future::Either::Left((done, _)) => Some(done),
        futures::future::Either::Right(_) => None,
    }
}
