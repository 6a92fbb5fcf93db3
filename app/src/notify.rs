//! Reminder notifications: asking the browser's permission and waking the
//! service worker to show the coming reminders while the app is closed
//! (Periodic Background Sync, tag [`TAG`]; Chromium on Android gives it to
//! an installed app). What it shows is kept by `storage::notices`; the
//! service worker (`pwa/sw.js`) shows each once, on its day.
//!
//! Through `Reflect` rather than web-sys bindings: both APIs are missing
//! from some browsers, and this keeps them optional.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The periodic sync the service worker answers by showing what is due.
pub const TAG: &str = "liaison-reminders";

/// How often the browser is asked to wake the service worker (it decides).
const EVERY_MS: f64 = 6.0 * 3600.0 * 1000.0;

/// Where notifications stand on this phone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotifyState {
    /// The browser has no notifications.
    Unsupported,
    /// Not asked yet.
    Off,
    /// The user or the browser said no.
    Denied,
    /// Allowed; `background` when the browser wakes the service worker while the app is closed.
    On {
        /// Periodic Background Sync is registered.
        background: bool,
    },
}

fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

async fn call(target: &JsValue, method: &str, args: &[JsValue]) -> Option<JsValue> {
    let function = get(target, method).dyn_into::<Function>().ok()?;
    let array: js_sys::Array = args.iter().collect();
    let promise = function.apply(target, &array).ok()?.dyn_into::<Promise>().ok()?;
    JsFuture::from(promise).await.ok()
}

fn notification() -> Option<JsValue> {
    let window = web_sys::window()?;
    let n = get(&window, "Notification");
    (!n.is_undefined()).then_some(n)
}

async fn registration() -> Option<JsValue> {
    let container = get(&web_sys::window()?.navigator(), "serviceWorker");
    if container.is_undefined() {
        return None;
    }
    JsFuture::from(get(&container, "ready").dyn_into::<Promise>().ok()?).await.ok()
}

/// Whether the periodic sync is registered.
async fn background() -> bool {
    let Some(registration) = registration().await else { return false };
    let periodic = get(&registration, "periodicSync");
    if periodic.is_undefined() {
        return false;
    }
    let tags = call(&periodic, "getTags", &[]).await.unwrap_or(JsValue::UNDEFINED);
    js_sys::Array::from(&tags).iter().any(|t| t.as_string().as_deref() == Some(TAG))
}

fn permission() -> Option<String> {
    get(&notification()?, "permission").as_string()
}

/// Where notifications stand.
pub async fn state() -> NotifyState {
    match permission().as_deref() {
        None => NotifyState::Unsupported,
        Some("granted") => NotifyState::On { background: background().await },
        Some("denied") => NotifyState::Denied,
        Some(_) => NotifyState::Off,
    }
}

/// Asks for permission (the browser asks the user), then for the periodic
/// sync where the browser has it; says where that left things.
pub async fn enable() -> NotifyState {
    let Some(n) = notification() else { return NotifyState::Unsupported };
    if permission().as_deref() != Some("granted") {
        let _ = call(&n, "requestPermission", &[]).await;
    }
    if permission().as_deref() == Some("granted")
        && let Some(registration) = registration().await
    {
        let periodic = get(&registration, "periodicSync");
        if !periodic.is_undefined() {
            let options = js_sys::Object::new();
            let _ = Reflect::set(&options, &JsValue::from_str("minInterval"), &JsValue::from_f64(EVERY_MS));
            // Refused unless the browser lets this app run in the background.
            let _ = call(&periodic, "register", &[JsValue::from_str(TAG), options.into()]).await;
        }
    }
    state().await
}
