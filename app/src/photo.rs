//! Shrinking a chosen photo on the phone: the browser decodes it (turning it
//! upright by its EXIF orientation), draws it at most 1,600 px on the long side,
//! and encodes a new JPEG. The new file carries no EXIF at all — no GPS
//! position, no camera serial — because a canvas has none to write.
//!
//! The sizes and the checks are the core's (`liaison_core::photo`).

use liaison_core::PhotoId;
use liaison_core::addendum::CardRef;
use liaison_core::photo::{self, Photo, PhotoError};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A shrunk photo, ready to be stored.
#[derive(Debug, Clone)]
pub struct Shrunk {
    /// Its description.
    pub photo: Photo,
    /// The JPEG.
    pub image: web_sys::Blob,
    /// Its thumbnail.
    pub thumb: web_sys::Blob,
}

/// Draws `bitmap` within `max` px and encodes it as a JPEG.
async fn encode(bitmap: &web_sys::ImageBitmap, max: u32, quality: f64) -> Result<(web_sys::Blob, u32, u32), JsValue> {
    let (width, height) = photo::fit(bitmap.width(), bitmap.height(), max);
    let document = web_sys::window().and_then(|w| w.document()).ok_or(JsValue::NULL)?;
    let canvas: web_sys::HtmlCanvasElement = document.create_element("canvas")?.dyn_into()?;
    canvas.set_width(width);
    canvas.set_height(height);
    let context: web_sys::CanvasRenderingContext2d = canvas.get_context("2d")?.ok_or(JsValue::NULL)?.dyn_into()?;
    // Not in web-sys's feature list under this name; the property is standard.
    js_sys::Reflect::set(&context, &"imageSmoothingQuality".into(), &"high".into())?;
    context.draw_image_with_image_bitmap_and_dw_and_dh(bitmap, 0.0, 0.0, f64::from(width), f64::from(height))?;
    let blob = js_sys::Promise::new(&mut |resolve, _reject| {
        let _ = canvas.to_blob_with_type_and_encoder_options(&resolve, "image/jpeg", &JsValue::from_f64(quality));
    });
    let blob: web_sys::Blob = JsFuture::from(blob).await?.dyn_into()?;
    // Free the canvas's pixels now rather than at the next collection (phones are short of memory).
    canvas.set_width(0);
    canvas.set_height(0);
    Ok((blob, width, height))
}

async fn bytes(blob: &web_sys::Blob) -> Result<Vec<u8>, JsValue> {
    let buffer = JsFuture::from(blob.array_buffer()).await?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Shrinks a chosen file for `card`. A file that is not an image, or that the
/// browser cannot decode, is refused with the reason; nothing is stored here.
pub async fn shrink(file: &web_sys::File, id: PhotoId, card: CardRef) -> Result<Shrunk, PhotoError> {
    // Some galleries give no type; let the decoder judge those.
    let kind = file.type_();
    if !kind.is_empty() && !kind.starts_with("image/") {
        return Err(PhotoError::NotAnImage);
    }
    let window = web_sys::window().ok_or(PhotoError::Unreadable)?;
    let decoding = window.create_image_bitmap_with_blob(file).map_err(|_| PhotoError::Unreadable)?;
    let bitmap: web_sys::ImageBitmap =
        JsFuture::from(decoding).await.and_then(|b| b.dyn_into()).map_err(|_| PhotoError::Unreadable)?;
    let encoded = async {
        let (image, width, height) = encode(&bitmap, photo::MAX_SIDE, photo::QUALITY).await?;
        let (thumb, _, _) = encode(&bitmap, photo::THUMB_SIDE, 0.7).await?;
        let jpeg = bytes(&image).await?;
        Ok::<_, JsValue>((image, thumb, jpeg, width, height))
    }
    .await;
    bitmap.close();
    let (image, thumb, jpeg, width, height) = encoded.map_err(|_| PhotoError::Unreadable)?;
    let photo = Photo::create(id, card, &jpeg, width, height)?;
    Ok(Shrunk { photo, image, thumb })
}
