//! Photos another phone took, fetched from the server when their card is
//! opened: the thumbnail first, the JPEG when the photo is tapped, each kept
//! in the photo's object so it is fetched once. The bytes of the JPEG are
//! checked against the record's SHA-256 before they are kept.

use crate::{refuse, storage};
use liaison_app::storage::PhotoBlob;
use liaison_core::PhotoId;
use liaison_core::photo::Photo;
use liaison_i18n::Msg;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Fetches a pulled photo's thumbnail (`full` false) or JPEG from the server
/// with the device's token, keeps it, and answers the blob (the one kept,
/// if it was fetched before, offline too). Fails with
/// `photo_on_server` when there is no network (or no account),
/// `photo_not_uploaded` when the server does not have the bytes yet, and
/// `photo_fetch_failed` otherwise.
#[wasm_bindgen]
pub async fn fetch_photo(photo_id: String, full: bool) -> Result<web_sys::Blob, JsValue> {
    let id: PhotoId = photo_id.parse().map_err(|_| refuse(Msg::PhotoFetchFailed))?;
    let storage = storage().await?;
    let stored = storage.photo(id).await.map_err(|e| refuse(e.msg()))?.ok_or_else(|| refuse(Msg::PhotoFetchFailed))?;
    if let Some(kept) = if full { &stored.image } else { &stored.thumb } {
        return Ok(kept.clone());
    }
    // Offline, say so at once rather than fail a request per photo.
    let online = web_sys::window().is_some_and(|w| w.navigator().on_line());
    let account =
        storage.account().await.ok().flatten().filter(|_| online).ok_or_else(|| refuse(Msg::PhotoOnServer))?;
    let path = if full {
        format!("/api/v1/photos/{}", stored.photo.sha256)
    } else {
        format!("/api/v1/photos/{}/thumbnail", stored.photo.sha256)
    };
    let blob = get_blob(&path, &account.token).await?;
    if full {
        let bytes = js_sys::Uint8Array::new(&JsFuture::from(blob.array_buffer()).await?).to_vec();
        let photo = &stored.photo;
        if Photo::create(photo.id, photo.card, &bytes, photo.width, photo.height).as_ref() != Ok(photo) {
            return Err(refuse(Msg::PhotoFetchFailed));
        }
    }
    let which = if full { PhotoBlob::Image } else { PhotoBlob::Thumb };
    // Shown even if it could not be kept (a full disk): it is fetched again next time.
    let _ = storage.put_pulled_blob(id, which, &blob).await;
    Ok(blob)
}

/// `GET path` with the device's token, answered as a JPEG blob.
async fn get_blob(path: &str, token: &str) -> Result<web_sys::Blob, JsValue> {
    let offline = || refuse(Msg::PhotoOnServer);
    let window = web_sys::window().ok_or_else(offline)?;
    let headers = web_sys::Headers::new()?;
    headers.set("Authorization", &format!("Bearer {token}"))?;
    let init = web_sys::RequestInit::new();
    init.set_method("GET");
    init.set_headers(&headers);
    let request = web_sys::Request::new_with_str_and_init(path, &init)?;
    let response: web_sys::Response =
        JsFuture::from(window.fetch_with_request(&request)).await.map_err(|_| offline())?.dyn_into()?;
    match response.status() {
        200 => {
            let blob = JsFuture::from(response.blob()?).await.map_err(|_| offline())?;
            blob.dyn_into().map_err(|_| refuse(Msg::PhotoFetchFailed))
        }
        404 => {
            let text = JsFuture::from(response.text()?).await.ok().and_then(|t| t.as_string()).unwrap_or_default();
            let not_uploaded = text.contains(Msg::PhotoNotUploaded.key());
            Err(refuse(if not_uploaded { Msg::PhotoNotUploaded } else { Msg::PhotoFetchFailed }))
        }
        _ => Err(refuse(Msg::PhotoFetchFailed)),
    }
}
