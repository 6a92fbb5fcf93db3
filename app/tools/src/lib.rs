//! Liaison's occasional tools: a second WebAssembly module, loaded by the app
//! (`liaison_app::tools`) only when one of them is used — exporting or
//! importing all the data on the phone, importing a contact roster, shrinking
//! a photo (decoding, drawing, JPEG encoding and hashing). Keeping
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
pub(crate) fn refuse(msg: Msg) -> JsValue {
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

/// Shrinks a chosen photo for a card (`reception` or `opinion`, and its id):
/// `{record, image, thumb}` — the `PhotoRecord` and the two JPEG blobs. Nothing
/// is stored here; the app stores it with the card's rules checked.
#[wasm_bindgen]
pub async fn shrink_photo(file: web_sys::File, card_kind: String, card_id: String) -> Result<JsValue, JsValue> {
    use liaison_core::addendum::CardRef;
    use liaison_core::photo::PhotoRecord;
    let card = CardRef::parse(&card_kind, &card_id).map_err(|e| refuse(e.msg()))?;
    let id = liaison_core::PhotoId::from_uuid(uuid::Uuid::now_v7());
    let shrunk = liaison_app::photo::shrink(&file, id, card).await.map_err(|e| refuse(e.msg()))?;
    let record = serde_wasm_bindgen::to_value(&PhotoRecord::from(&shrunk.photo)).map_err(|_| refuse(Msg::PhotoUnreadable))?;
    let answer = js_sys::Object::new();
    for (field, value) in [("record", record), ("image", shrunk.image.into()), ("thumb", shrunk.thumb.into())] {
        let _ = js_sys::Reflect::set(&answer, &field.into(), &value);
    }
    Ok(answer.into())
}
