//! The tools module (`liaison-tools`): export and import of all data, roster
//! import. It is a second WebAssembly module, loaded the first time a tool is
//! used (`index.html` defines `__liaisonTools`, which imports it and resolves to
//! its exports), so the app shell every start downloads stays small.

use liaison_i18n::Msg;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The tools module's exports, loaded on first use.
async fn module() -> Result<JsValue, Msg> {
    let window = web_sys::window().ok_or(Msg::ToolsUnavailable)?;
    let load = js_sys::Reflect::get(&window, &JsValue::from_str("__liaisonTools"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or(Msg::ToolsUnavailable)?;
    let promise: js_sys::Promise =
        load.call0(&JsValue::NULL).ok().and_then(|p| p.dyn_into().ok()).ok_or(Msg::ToolsUnavailable)?;
    JsFuture::from(promise).await.map_err(|_| Msg::ToolsUnavailable)
}

/// Why a tool did nothing: a catalogue message, or a text the tool already
/// wrote in the user's language (with numbers filled in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A catalogue message.
    Msg(Msg),
    /// Text in the user's language.
    Text(String),
}

impl From<Msg> for Refusal {
    fn from(msg: Msg) -> Self {
        Refusal::Msg(msg)
    }
}

impl Refusal {
    /// The text for the user.
    pub fn text(&self, i18n: crate::i18n::I18n) -> String {
        match self {
            Refusal::Msg(msg) => i18n.t(*msg).to_owned(),
            Refusal::Text(text) => text.clone(),
        }
    }
}

/// Calls the tool `name`. A refusal comes back as its message.
pub async fn call(name: &str, args: &[JsValue]) -> Result<JsValue, Refusal> {
    let module = module().await?;
    let function = js_sys::Reflect::get(&module, &JsValue::from_str(name))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or(Msg::ToolsUnavailable)?;
    let args: js_sys::Array = args.iter().collect();
    let promise: js_sys::Promise =
        function.apply(&JsValue::NULL, &args).ok().and_then(|p| p.dyn_into().ok()).ok_or(Msg::ToolsUnavailable)?;
    JsFuture::from(promise).await.map_err(|e| match e.as_string() {
        Some(text) => Msg::from_key(&text).map_or(Refusal::Text(text), Refusal::Msg),
        None => Refusal::Msg(Msg::StorageFailed),
    })
}

/// A number field of a tool's answer (0 if missing).
pub fn count(answer: &JsValue, field: &str) -> usize {
    js_sys::Reflect::get(answer, &JsValue::from_str(field)).ok().and_then(|v| v.as_f64()).unwrap_or(0.0) as usize
}

/// The event the shell sends on `window` whenever what it knows of sync
/// changes (after a sync, a write, signing in): the parts the tools module
/// draws into the shell's screens read the phone's data again on it.
pub const DATA_CHANGED_EVENT: &str = "liaison:data-changed";

/// The event a part drawn by the tools module sends on `window` when it wrote
/// something for the server (a feedback request): the shell counts the
/// outbox again and syncs when it can, as after its own writes.
pub const WRITTEN_EVENT: &str = "liaison:written";

/// Sends the event `name` on `window`.
pub fn announce(name: &str) {
    if let (Some(window), Ok(event)) = (web_sys::window(), web_sys::Event::new(name)) {
        let _ = window.dispatch_event(&event);
    }
}

/// The event the tools module's sync driver sends on `window` as a sync goes
/// on: `detail` is `{items, items_total, bytes, bytes_total}` (items answered
/// of those waiting at the start; photo bytes on the server of those to send).
pub const PROGRESS_EVENT: &str = "liaison:sync-progress";

/// The event a screen drawn by the tools module sends on `window` when it
/// changed the phone's data under the shell (an import, the organisation's
/// data loaded): the shell reads its lists and the categories again.
pub const RELOAD_EVENT: &str = "liaison:reload";

/// The event the settings screen (drawn by the tools module) sends on
/// `window` when the phone was signed in or out: the shell reads the account
/// again, and syncs if signed in. `pwa/register-sw.js` sends it too when the
/// service worker asks the page to sync (Background Sync; see `sync`).
pub const ACCOUNT_EVENT: &str = "liaison:account";
