//! Screens the tools module draws: the shell renders a place in the page and
//! the tools module mounts a Leptos component from `liaison-app` into it (and
//! mounts it again when the language changes), so the shell carries none of
//! their code. `/admin` (the administrator's accounts and devices) and
//! `/desk` (the handling desk of offices and responsible units) are such
//! screens: laid out for a desktop and used online. Parts of the phone's own
//! screens are drawn the same way ([`ToolsPart`]): a matter's progress with
//! the feedback form, and its one-line state.

use crate::i18n::{tr, use_i18n};
use crate::tools;
use crate::ui::AppData;
use leptos::html::Div;
use leptos::prelude::*;
use liaison_core::account::Role;
use liaison_i18n::Msg;
use wasm_bindgen::JsValue;

/// A screen of the tools module: `name` is its test id prefix and its
/// `mount_<name>` tool; `roles` the roles it is for (`refusal` says so
/// to anyone else).
#[component]
pub fn ToolsHost(name: &'static str, roles: &'static [Role], refusal: Msg) -> impl IntoView {
    let i18n = use_i18n();
    let data = expect_context::<AppData>();
    let root = NodeRef::<Div>::new();
    let problem = RwSignal::new(None::<String>);
    // A memo: every sync rewrites the sync state, and a screen mounted again
    // for it would lose what is being typed into it.
    let allowed = Memo::new(move |_| data.sync.with(|s| s.role_in(roles)));
    Effect::new(move |_| {
        let locale = i18n.locale();
        if !allowed.get() {
            return;
        }
        let Some(element) = root.get() else { return };
        let element: JsValue = element.into();
        leptos::task::spawn_local(async move {
            let mount = format!("mount_{name}");
            if let Err(refusal) = tools::call(&mount, &[element, JsValue::from_str(locale.tag())]).await {
                problem.set(Some(refusal.text(i18n)));
            }
        });
    });
    view! {
        <p class="muted" hidden=move || allowed.get() data-testid=format!("{name}-only")>{tr(refusal)}</p>
        <p class="problem" hidden=move || problem.with(Option::is_none)>{move || problem.get()}</p>
        <div node_ref=root data-testid=format!("{name}-root")></div>
    }
}

/// The roles the handling desk is for.
pub const DESK_ROLES: &[Role] = &[Role::Office, Role::UnitMember];

/// A part of a screen the tools module draws: `mount_<name>(element, locale,
/// arg)`, mounted again when the language changes and unmounted when the
/// part leaves the screen. It reads the phone's data itself and follows the
/// shell's `tools::DATA_CHANGED_EVENT`; until the module is loaded the place
/// is empty.
#[component]
pub fn ToolsPart(name: &'static str, arg: String) -> impl IntoView {
    let i18n = use_i18n();
    let root = NodeRef::<Div>::new();
    let problem = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let locale = i18n.locale();
        let Some(element) = root.get() else { return };
        let element: JsValue = element.into();
        let arg = JsValue::from_str(&arg);
        leptos::task::spawn_local(async move {
            let mount = format!("mount_{name}");
            let answer = tools::call(&mount, &[element, JsValue::from_str(locale.tag()), arg]).await;
            problem.set(answer.err().map(|refusal| refusal.text(i18n)));
        });
    });
    // (Cleanups run before the component's node ref is disposed.)
    on_cleanup(move || {
        if let Some(element) = root.get_untracked() {
            let element: JsValue = element.into();
            leptos::task::spawn_local(async move {
                let _ = tools::call("unmount", &[element]).await;
            });
        }
    });
    view! {
        <p class="problem" hidden=move || problem.with(Option::is_none)>{move || problem.get()}</p>
        <div node_ref=root data-testid=format!("{name}-root")></div>
    }
}
