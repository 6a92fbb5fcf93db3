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

mod duties;
mod matters;
mod photos;
mod roster;
mod screens;
mod socket;
mod sync;

use liaison_app::storage::{ImportReport, Storage};
use liaison_i18n::Msg;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// Fails with a message key.
pub(crate) fn refuse(msg: Msg) -> JsValue {
    JsValue::from_str(msg.key())
}

/// The app's database, opened by the first tool call and shared by the rest.
/// It stays open, like the shell's own connection: a schema upgrade only
/// comes with a new version of the app, which is applied by reloading the page.
pub(crate) async fn storage() -> Result<Storage, JsValue> {
    if let Some(open) = OPEN.with(|o| o.borrow().clone()) {
        return Ok(open);
    }
    let open = Storage::open().await.map_err(|e| refuse(e.msg()))?;
    OPEN.with(|o| *o.borrow_mut() = Some(open.clone()));
    Ok(open)
}

thread_local! {
    /// The tools' connection to the database, opened on first use and kept for
    /// the page's life like the shell's own (opening one costs milliseconds,
    /// and a sync runs every few minutes).
    static OPEN: std::cell::RefCell<Option<Storage>> = const { std::cell::RefCell::new(None) };
}

/// Closes the tools' connection to the database. The service worker calls it
/// after a background sync: a worker outlives no page, and an open connection
/// would hold up the schema upgrade of the app's next version.
#[wasm_bindgen]
pub fn release() {
    if let Some(open) = OPEN.with(|o| o.borrow_mut().take()) {
        open.close();
    }
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
    let storage = storage().await?;
    let text = storage.export(&exported_at).await;
    text.map_err(|e| refuse(e.msg()))
}

/// Imports an export file: `{added, present, rejected}`.
#[wasm_bindgen]
pub async fn import_all(text: String) -> Result<JsValue, JsValue> {
    let storage = storage().await?;
    let imported = storage.import(&text).await;
    let imported = imported.map_err(|e| refuse(e.msg()))?;
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
    let record =
        serde_wasm_bindgen::to_value(&PhotoRecord::from(&shrunk.photo)).map_err(|_| refuse(Msg::PhotoUnreadable))?;
    let answer = js_sys::Object::new();
    for (field, value) in [("record", record), ("image", shrunk.image.into()), ("thumb", shrunk.thumb.into())] {
        let _ = js_sys::Reflect::set(&answer, &field.into(), &value);
    }
    Ok(answer.into())
}

/// Loads the organisation's reference data from the server (`GET
/// /api/v1/organisation`) onto the phone: studios and liaison points for the
/// cards' venues, representatives, opinion categories, and shared contacts not
/// yet here. Answers
/// `{name, studios, liaison_points, contacts_added}`.
#[wasm_bindgen]
pub async fn load_organisation() -> Result<JsValue, JsValue> {
    use liaison_core::org::{Org, OrgRecordV2};
    use wasm_bindgen_futures::JsFuture;
    let window = web_sys::window().ok_or_else(|| refuse(Msg::OrgLoadOffline))?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str("/api/v1/organisation"))
        .await
        .and_then(|r| r.dyn_into())
        .map_err(|_| refuse(Msg::OrgLoadOffline))?;
    let body = JsFuture::from(response.json().map_err(|_| refuse(Msg::OrgLoadFailed))?)
        .await
        .map_err(|_| refuse(Msg::OrgLoadFailed))?;
    if !response.ok() {
        // The server's error body names a catalogue message.
        let key = js_sys::Reflect::get(&body, &"error".into())
            .and_then(|e| js_sys::Reflect::get(&e, &"key".into()))
            .ok()
            .and_then(|k| k.as_string())
            .and_then(|k| Msg::from_key(&k));
        return Err(refuse(key.unwrap_or(Msg::OrgLoadFailed)));
    }
    let record: OrgRecordV2 = serde_wasm_bindgen::from_value(body).map_err(|_| refuse(Msg::OrgLoadFailed))?;
    let org = Org::try_from(record).map_err(|_| refuse(Msg::OrgLoadFailed))?;
    let storage = storage().await?;
    let added = storage.put_org(&org).await;
    let added = added.map_err(|e| refuse(e.msg()))?;
    let answer = js_sys::Object::new();
    for (field, value) in [
        ("name", JsValue::from_str(org.name.as_str())),
        ("studios", JsValue::from_f64(org.studios.len() as f64)),
        ("liaison_points", JsValue::from_f64(org.liaison_points.len() as f64)),
        ("categories", JsValue::from_f64(org.categories.defs().len() as f64)),
        ("contacts_added", JsValue::from_f64(added as f64)),
    ] {
        let _ = js_sys::Reflect::set(&answer, &field.into(), &value);
    }
    Ok(answer.into())
}
