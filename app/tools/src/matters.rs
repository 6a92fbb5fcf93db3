//! What the phone shows of the matters its opinions became (件件有回音): the
//! parts the tools module draws into the shell's screens — an opinion card's
//! progress with the feedback form, one line per opinion of a reception card
//! — and the start screen's list of replies to pass on. The shell carries
//! none of the status reader or the feedback writer.

use crate::screens::mount;
use crate::{refuse, storage};
use liaison_core::OpinionCardId;
use liaison_i18n::{Locale, Msg};
use wasm_bindgen::prelude::*;

fn card_of(card: &str) -> Result<OpinionCardId, JsValue> {
    card.parse().map_err(|_| refuse(Msg::StorageReadFailed))
}

/// Mounts the progress section of opinion card `card` (its id) into
/// `element`, in the language `locale`.
#[wasm_bindgen]
pub async fn mount_progress(element: web_sys::HtmlElement, locale: String, card: String) -> Result<JsValue, JsValue> {
    let (storage, card) = (storage().await?, card_of(&card)?);
    let locale = Locale::from_tag(&locale).unwrap_or_default();
    Ok(mount(element, move || {
        leptos::prelude::view! { <liaison_app::ui::matter_status::MatterProgress storage card locale/> }
    }))
}

/// Mounts the one-line state of opinion card `card`'s matter into `element`.
#[wasm_bindgen]
pub async fn mount_matter_line(
    element: web_sys::HtmlElement,
    locale: String,
    card: String,
) -> Result<JsValue, JsValue> {
    let (storage, card) = (storage().await?, card_of(&card)?);
    let locale = Locale::from_tag(&locale).unwrap_or_default();
    Ok(mount(element, move || {
        leptos::prelude::view! { <liaison_app::ui::matter_status::MatterLine storage card locale/> }
    }))
}

/// The matters that wait for the collector (tell the person the reply, or
/// record their verdict), oldest change first: each as the id of its first
/// opinion card (an empty string if it names none).
#[wasm_bindgen]
pub async fn awaiting_feedback() -> Result<JsValue, JsValue> {
    let storage = storage().await?;
    let waiting = storage.statuses_awaiting().await.map_err(|e| refuse(e.msg()))?;
    let ids: js_sys::Array = waiting
        .iter()
        .map(|s| JsValue::from_str(&s.opinions.first().map(|c| c.to_string()).unwrap_or_default()))
        .collect();
    Ok(ids.into())
}
