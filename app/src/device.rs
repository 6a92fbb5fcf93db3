//! The browser around the app: files in and out, and how much the device lets
//! the app keep. Nothing here knows about Liaison's records.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Offers `text` to the user as a file called `name` (the browser's download).
pub fn download(name: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or(JsValue::NULL)?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}

/// Offers `blob` to the user as a file called `name`.
pub fn download_blob(name: &str, blob: &web_sys::Blob) -> Result<(), JsValue> {
    let url = web_sys::Url::create_object_url_with_blob(blob)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or(JsValue::NULL)?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}

/// The first file chosen in a file input.
pub fn chosen_file(input: &web_sys::HtmlInputElement) -> Option<web_sys::File> {
    input.files()?.get(0)
}

/// The first `n` bytes of `blob` (fewer if it is shorter).
pub async fn first_bytes(blob: &web_sys::Blob, n: i32) -> Option<Vec<u8>> {
    let head = blob.slice_with_i32_and_i32(0, n).ok()?;
    let buffer = JsFuture::from(head.array_buffer()).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The text of the first file chosen in a file input.
pub async fn read_chosen_file(input: &web_sys::HtmlInputElement) -> Option<String> {
    let file = input.files()?.get(0)?;
    let text = JsFuture::from(file.text()).await.ok()?;
    text.as_string()
}

fn storage_manager() -> Option<web_sys::StorageManager> {
    Some(web_sys::window()?.navigator().storage())
}

/// Asks the browser not to clear the app's data under storage pressure;
/// whether it agreed.
pub async fn ask_to_persist() -> bool {
    let Some(manager) = storage_manager() else { return false };
    match manager.persist() {
        Ok(promise) => JsFuture::from(promise).await.is_ok_and(|v| v.is_truthy()),
        Err(_) => false,
    }
}

/// Whether the browser has agreed to keep the app's data.
pub async fn is_persisted() -> bool {
    let Some(manager) = storage_manager() else { return false };
    match manager.persisted() {
        Ok(promise) => JsFuture::from(promise).await.is_ok_and(|v| v.is_truthy()),
        Err(_) => false,
    }
}

/// Bytes used and bytes the browser allows the app, if it says.
pub async fn usage_and_quota() -> Option<(f64, f64)> {
    let estimate = JsFuture::from(storage_manager()?.estimate().ok()?).await.ok()?;
    let field = |name: &str| js_sys::Reflect::get(&estimate, &JsValue::from_str(name)).ok()?.as_f64();
    Some((field("usage")?, field("quota")?))
}

/// `1.2 MB`, `350 KB`: sizes for people. (Integer arithmetic: formatting
/// floats would add the float printer, some kilobytes, to the download.)
pub fn human_bytes(bytes: f64) -> String {
    let bytes = bytes.max(0.0) as u64;
    let tenths = |unit: u64| {
        let t = (bytes * 10 + unit / 2) / unit;
        format!("{}.{}", t / 10, t % 10)
    };
    if bytes >= 1_000_000_000 {
        format!("{} GB", tenths(1_000_000_000))
    } else if bytes >= 1_000_000 {
        format!("{} MB", tenths(1_000_000))
    } else {
        format!("{} KB", bytes.div_ceil(1000))
    }
}

/// A value as JSON text, through the browser's own JSON (the app carries no
/// JSON library). Empty if it cannot be written.
pub fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_wasm_bindgen::to_value(value)
        .ok()
        .and_then(|v| js_sys::JSON::stringify(&v).ok())
        .and_then(|t| t.as_string())
        .unwrap_or_default()
}
