//! The bridge to the service worker registration in `index.html`: it raises
//! `liaison:update-ready` (and sets `__liaisonUpdateReady`) when a new version is
//! installed and waiting; [`apply_update`] asks it to take over, after which the
//! page reloads. Nothing is applied without the user's agreement.

use wasm_bindgen::JsValue;

/// The event `index.html` dispatches on `window` when an update is waiting.
pub const UPDATE_READY_EVENT: &str = "liaison:update-ready";

fn window_value(name: &str) -> Option<JsValue> {
    let window = web_sys::window()?;
    js_sys::Reflect::get(&window, &JsValue::from_str(name)).ok()
}

/// Whether a new version is already waiting (the event may have fired before
/// the app mounted).
pub fn update_ready() -> bool {
    window_value("__liaisonUpdateReady").is_some_and(|v| v.is_truthy())
}

/// Activates the waiting version; the page reloads once it controls the page.
/// Form contents survive the reload (see `ui::opinion_form`).
pub fn apply_update() {
    use wasm_bindgen::JsCast;
    if let Some(apply) = window_value("__liaisonApplyUpdate").and_then(|f| f.dyn_into::<js_sys::Function>().ok()) {
        let _ = apply.call0(&JsValue::NULL);
    }
}
