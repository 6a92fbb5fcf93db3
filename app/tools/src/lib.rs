//! Liaison's occasional tools: a second WebAssembly module, loaded by the app
//! (`liaison_app::tools`) only when one of them is used — exporting or
//! importing all the data on the phone, importing a contact roster. Keeping
//! them out of the app's own module keeps the app shell that every start
//! downloads small; the service worker still precaches this module, so the
//! tools work offline too.
//!
//! The work itself is the app's storage layer and the core's rules; this crate
//! only exposes it to JavaScript. Every function answers with plain data, and
//! fails with a message key of the `liaison-i18n` catalogue as a string.

mod roster;

use liaison_app::storage::{ImportReport, Storage};
use liaison_i18n::Msg;
use wasm_bindgen::prelude::*;

/// Fails with a message key.
fn refuse(msg: Msg) -> JsValue {
    JsValue::from_str(msg.key())
}

async fn storage() -> Result<Storage, JsValue> {
    Storage::open().await.map_err(|e| refuse(e.msg()))
}

fn report(report: &ImportReport) -> JsValue {
    let object = js_sys::Object::new();
    for (field, n) in [("added", report.added), ("present", report.present), ("rejected", report.rejected)] {
        let _ = js_sys::Reflect::set(&object, &field.into(), &JsValue::from_f64(n as f64));
    }
    object.into()
}

/// Shows panics in the console, like the app.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// Everything on the device as the text of an export file.
#[wasm_bindgen]
pub async fn export_all(exported_at: String) -> Result<String, JsValue> {
    storage().await?.export(&exported_at).await.map_err(|e| refuse(e.msg()))
}

/// Imports an export file: `{added, present, rejected}`.
#[wasm_bindgen]
pub async fn import_all(text: String) -> Result<JsValue, JsValue> {
    let imported = storage().await?.import(&text).await.map_err(|e| refuse(e.msg()))?;
    Ok(report(&imported))
}
