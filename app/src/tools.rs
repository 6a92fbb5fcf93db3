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
