//! The screens the tools module draws into a place the shell leaves for them
//! (`liaison_app::ui::tools_host`): the administrator's (`mount_admin`) and
//! the handling desk (`mount_desk`). One is mounted at a time; mounting
//! another, or the same in another language, unmounts it.

use crate::{refuse, storage};
use liaison_app::storage::sync::Account;
use liaison_i18n::{Locale, Msg};
use wasm_bindgen::prelude::*;

thread_local! {
    /// The screen mounted now, if any.
    static MOUNTED: std::cell::RefCell<Option<Box<dyn std::any::Any>>> = const { std::cell::RefCell::new(None) };
}

async fn signed_in() -> Result<Account, JsValue> {
    let storage = storage().await?;
    let account = storage.account().await;
    account.map_err(|e| refuse(e.msg()))?.ok_or_else(|| refuse(Msg::SyncSignInFirst))
}

fn mount<V: leptos::prelude::IntoView + 'static>(
    element: web_sys::HtmlElement,
    view: impl FnOnce() -> V + 'static,
) -> JsValue {
    MOUNTED.with(|mounted| mounted.borrow_mut().take());
    element.set_inner_html("");
    let handle = leptos::mount::mount_to(element, view);
    MOUNTED.with(|mounted| *mounted.borrow_mut() = Some(Box::new(handle)));
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
