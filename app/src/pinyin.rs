//! The pinyin-initials table for finding contacts by `zs` → 张三. It is not in
//! the app's own download: `index.html` names a separate file (precached by the
//! service worker), fetched once after start-up. Until it is here, names and
//! phone numbers still match; initials match from then on.

use liaison_core::pinyin::Initials;
use std::sync::OnceLock;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

static TABLE: OnceLock<Initials<'static>> = OnceLock::new();

/// The table, once loaded.
pub fn initials() -> Option<Initials<'static>> {
    TABLE.get().copied()
}

/// Fetches the table named by `<meta name="liaison-pinyin">`. Whether it is
/// now loaded.
pub async fn load() -> bool {
    if TABLE.get().is_some() {
        return true;
    }
    let Some(bytes) = fetch().await else { return false };
    // Kept for the life of the page: one table, 21 KB.
    let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    match Initials::from_bytes(bytes) {
        Some(table) => TABLE.set(table).is_ok() || TABLE.get().is_some(),
        None => false,
    }
}

async fn fetch() -> Option<Vec<u8>> {
    let window = web_sys::window()?;
    let url = window.document()?.query_selector("meta[name=liaison-pinyin]").ok()??.get_attribute("content")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(&url)).await.ok()?.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    let buffer = JsFuture::from(response.array_buffer().ok()?).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Sets the table from bytes at hand (tests).
pub fn set(bytes: &'static [u8]) -> bool {
    Initials::from_bytes(bytes).is_some_and(|table| TABLE.set(table).is_ok())
}
