//! The screens the tools module draws into a place the shell leaves for them
//! (`liaison_app::ui::tools_host`): the administrator's (`mount_admin`) and
//! the handling desk (`mount_desk`); parts of the phone's screens are drawn
//! the same way (`matters`). Several can be mounted at once, each in its own
//! element: mounting into an element again (in another language) unmounts
//! what was there, and so does `unmount`; what the shell took off the page
//! is unmounted at the next mount.

use crate::{refuse, storage};
use liaison_app::storage::sync::Account;
use liaison_i18n::{Locale, Msg};
use wasm_bindgen::prelude::*;

/// A mounted view: the element it is drawn into, and what unmounts it when dropped.
type Mounted = (web_sys::HtmlElement, Box<dyn std::any::Any>);

thread_local! {
    /// What is mounted now.
    static MOUNTED: std::cell::RefCell<Vec<Mounted>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Unmounts what is drawn into `element`, and whatever is no longer on the page.
fn unmount_from(element: &web_sys::HtmlElement) {
    let gone: Vec<Mounted> = MOUNTED.with(|mounted| {
        let (gone, kept) = mounted.take().into_iter().partition(|(e, _)| e == element || !e.is_connected());
        *mounted.borrow_mut() = kept;
        gone
    });
    // Dropped outside the borrow: unmounting runs the views' cleanups.
    drop(gone);
}

/// Unmounts what the tools module drew into `element`.
#[wasm_bindgen]
pub fn unmount(element: web_sys::HtmlElement) {
    unmount_from(&element);
}

async fn signed_in() -> Result<Account, JsValue> {
    let storage = storage().await?;
    let account = storage.account().await;
    account.map_err(|e| refuse(e.msg()))?.ok_or_else(|| refuse(Msg::SyncSignInFirst))
}

pub(crate) fn mount<V: leptos::prelude::IntoView + 'static>(
    element: web_sys::HtmlElement,
    view: impl FnOnce() -> V + 'static,
) -> JsValue {
    unmount_from(&element);
    element.set_inner_html("");
    let handle = leptos::mount::mount_to(element.clone(), view);
    MOUNTED.with(|mounted| mounted.borrow_mut().push((element, Box::new(handle))));
    JsValue::TRUE
}

/// Mounts the administrator's screen into `element`, in the language `locale`
/// (its tag), with this phone's device token.
#[wasm_bindgen]
pub async fn mount_admin(element: web_sys::HtmlElement, locale: String) -> Result<JsValue, JsValue> {
    let account = signed_in().await?;
    let locale = Locale::from_tag(&locale).unwrap_or_default();
    let token = account.token;
    Ok(mount(element, move || {
        leptos::prelude::view! { <liaison_app::ui::admin::Admin token locale/> }
    }))
}

/// Mounts the handling desk into `element`, in the language `locale`, for the
/// signed-in office or unit member.
#[wasm_bindgen]
pub async fn mount_desk(element: web_sys::HtmlElement, locale: String) -> Result<JsValue, JsValue> {
    let account = signed_in().await?;
    let locale = Locale::from_tag(&locale).unwrap_or_default();
    let (token, role) = (account.token, account.role);
    Ok(mount(element, move || {
        leptos::prelude::view! { <liaison_app::ui::desk::Desk token role locale/> }
    }))
}

/// Mounts the settings screen into `element`, in the language `locale`.
#[wasm_bindgen]
pub async fn mount_settings(element: web_sys::HtmlElement, locale: String) -> Result<JsValue, JsValue> {
    let storage = storage().await?;
    let locale = Locale::from_tag(&locale).unwrap_or_default();
    Ok(mount(element, move || {
        leptos::prelude::view! { <liaison_app::ui::settings::Settings storage locale/> }
    }))
}

/// Mounts the contacts screen into `element`, in the language `locale`.
#[wasm_bindgen]
pub async fn mount_contacts(element: web_sys::HtmlElement, locale: String) -> Result<JsValue, JsValue> {
    let storage = storage().await?;
    let locale = Locale::from_tag(&locale).unwrap_or_default();
    Ok(mount(element, move || {
        leptos::prelude::view! { <liaison_app::ui::contacts::Contacts storage locale/> }
    }))
}

/// Mounts the documents screen (建议与报告) into `element`, in the language `locale`.
#[wasm_bindgen]
pub async fn mount_documents(element: web_sys::HtmlElement, locale: String) -> Result<JsValue, JsValue> {
    let storage = storage().await?;
    let locale = Locale::from_tag(&locale).unwrap_or_default();
    Ok(mount(element, move || {
        leptos::prelude::view! { <liaison_app::ui::documents::Documents storage locale/> }
    }))
}

/// Mounts the addenda of the card named `card` (`opinion:<id>` or
/// `reception:<id>`) into `element`, in the language `locale`.
#[wasm_bindgen]
pub async fn mount_addenda(element: web_sys::HtmlElement, locale: String, card: String) -> Result<JsValue, JsValue> {
    use liaison_core::addendum::CardRef;
    let (kind, id) = card.split_once(':').unwrap_or_default();
    let card = CardRef::parse(kind, id).map_err(|e| refuse(e.msg()))?;
    let storage = storage().await?;
    let locale = Locale::from_tag(&locale).unwrap_or_default();
    Ok(mount(element, move || {
        leptos::prelude::view! { <liaison_app::ui::addenda::Addenda storage card locale/> }
    }))
}
