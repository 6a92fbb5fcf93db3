//! Signing this phone in (and out), in settings. Signing in needs the
//! network once; after that the phone syncs by itself. Signing out forgets
//! the device token and nothing else.

use super::fields::TextField;
use crate::i18n::{tr, use_i18n};
use crate::tools;
use crate::ui::AppData;
use leptos::prelude::*;
use liaison_core::account::Role;
use liaison_i18n::Msg;
use wasm_bindgen::JsValue;

/// The account section of settings.
#[component]
pub fn Account() -> impl IntoView {
    let i18n = use_i18n();
    let data = expect_context::<AppData>();
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let device = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let sign_in = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        message.set(None);
        let device_name = Some(device.get_untracked())
            .filter(|d| !d.trim().is_empty())
            .unwrap_or_else(|| i18n.t(Msg::DefaultDeviceName).to_owned());
        let args = [login.get_untracked(), password.get_untracked(), device_name].map(|s| JsValue::from_str(&s));
        leptos::task::spawn_local(async move {
            match tools::call("sign_in", &args).await {
                Ok(_) => {
                    password.set(String::new());
                    crate::sync::refresh(data).await;
                    crate::sync::now(data);
                }
                Err(refusal) => message.set(Some(refusal.text(i18n))),
            }
            busy.set(false);
        });
    };
    let sign_out = move |_| {
        leptos::task::spawn_local(async move {
            if let Err(refusal) = tools::call("sign_out", &[]).await {
                message.set(Some(refusal.text(i18n)));
            }
            crate::sync::refresh(data).await;
        });
    };
    let signed_in = move || {
        data.sync.with(|s| {
            s.account.as_ref().map(|(name, role, device)| {
                let role = Role::parse(role).map(|r| i18n.t(r.label()).to_owned()).unwrap_or_else(|_| role.clone());
                i18n.fill(Msg::SignedInAs, &[("name", name), ("role", &role), ("device", device)])
            })
        })
    };
    view! {
        <h2>{tr(Msg::AccountTitle)}</h2>
        <Show when=move || signed_in().is_some()
            fallback=move || view! {
                <form class="card-form" data-testid="sign-in" on:submit=sign_in>
                    <p class="muted">{tr(Msg::NotSignedIn)}</p>
                    <label for="login">{tr(Msg::FieldLogin)}</label>
                    <TextField id="login".into() value=Signal::derive(move || login.get()) on_change=Callback::new(move |v| login.set(v))/>
                    <label for="password">{tr(Msg::FieldPassword)}</label>
                    <TextField id="password".into() kind="password" value=Signal::derive(move || password.get()) on_change=Callback::new(move |v| password.set(v))/>
                    <label for="device-name">{tr(Msg::FieldDeviceName)}</label>
                    <TextField id="device-name".into() placeholder=Msg::DefaultDeviceName value=Signal::derive(move || device.get()) on_change=Callback::new(move |v| device.set(v))/>
                    <button type="submit" class="primary" data-testid="sign-in-submit" disabled=move || busy.get()>{tr(Msg::SignIn)}</button>
                </form>
            }>
            <p data-testid="signed-in">{signed_in}</p>
            <p hidden=move || !data.sync.with(|s| s.role_in(&[Role::Admin]))>
                <a href="/admin" data-testid="admin-link">{tr(Msg::AdminLink)}</a>
            </p>
            <p hidden=move || !data.sync.with(|s| s.role_in(super::tools_host::DESK_ROLES))>
                <a href="/desk" data-testid="desk-link">{tr(Msg::DeskLink)}</a>
            </p>
            <button type="button" data-testid="sign-out" on:click=sign_out>{tr(Msg::SignOut)}</button>
        </Show>
        <p class="problem" data-testid="account-message" hidden=move || message.with(Option::is_none)>{move || message.get()}</p>
    }
}
