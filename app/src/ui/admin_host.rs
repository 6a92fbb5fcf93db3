//! `/admin` in the shell: a place in the page for the administrator's screen,
//! which the tools module mounts (and mounts again when the language changes),
//! so the shell carries none of its code.

use crate::i18n::{tr, use_i18n};
use crate::tools;
use crate::ui::AppData;
use leptos::html::Div;
use leptos::prelude::*;
use liaison_i18n::Msg;
use wasm_bindgen::JsValue;

/// `/admin`.
#[component]
pub fn AdminHost() -> impl IntoView {
    let i18n = use_i18n();
    let data = expect_context::<AppData>();
    let root = NodeRef::<Div>::new();
    let problem = RwSignal::new(None::<String>);
    let is_admin = move || data.sync.with(|s| s.account.as_ref().is_some_and(|(_, role, _)| role == "admin"));
    Effect::new(move |_| {
        let locale = i18n.locale();
        if !is_admin() {
            return;
        }
        let Some(element) = root.get() else { return };
        let element: JsValue = element.into();
        leptos::task::spawn_local(async move {
            if let Err(refusal) = tools::call("mount_admin", &[element, JsValue::from_str(locale.tag())]).await {
                problem.set(Some(refusal.text(i18n)));
            }
        });
    });
    view! {
        <p class="muted" hidden=is_admin data-testid="admin-only">{tr(Msg::AdminOnly)}</p>
        <p class="problem" hidden=move || problem.with(Option::is_none)>{move || problem.get()}</p>
        <div node_ref=root data-testid="admin-root"></div>
    }
}
