//! Signing this phone in (and out), in settings. Signing in needs the
//! network once; after that the phone syncs by itself. Signing out forgets
//! the device token and nothing else. (Drawn by the tools module with the
//! settings; the shell hears of a change through `tools::ACCOUNT_EVENT`.)

use super::fields::TextField;
use super::matter_status::data_changes;
use crate::i18n::{tr, use_i18n};
use crate::storage::Storage;
use crate::tools;
use leptos::prelude::*;
use liaison_core::account::Role;
use liaison_i18n::Msg;
use wasm_bindgen::JsValue;

/// The account section of settings.
#[component]
pub fn Account(storage: StoredValue<Storage, LocalStorage>) -> impl IntoView {
    let i18n = use_i18n();
    // Who the phone is signed in as (name, role code, device name), read
    // again whenever the shell says the phone's data changed.
    let account = RwSignal::new(None::<(String, String, String)>);
    let changes = data_changes();
    let read = move || {
        let storage = storage.get_value();
        leptos::task::spawn_local(async move {
            let found = storage.account().await.ok().flatten();
            account.set(found.map(|a| (a.name, a.role, a.device_name)));
        });
    };
    Effect::new(move |_| {
        changes.track();
        read();
    });
    let role_in = move |roles: &[Role]| {
        account.with(|a| a.as_ref().is_some_and(|(_, role, _)| roles.iter().any(|r| r.code() == role)))
    };
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
                    read();
                    // The shell reads the account again and syncs.
                    tools::announce(tools::ACCOUNT_EVENT);
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
            read();
            tools::announce(tools::ACCOUNT_EVENT);
        });
    };
    let signed_in = move || {
        account.with(|a| {
            a.as_ref().map(|(name, role, device)| {
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
            <p hidden=move || !role_in(&[Role::Admin])>
                <a href="/admin" data-testid="admin-link">{tr(Msg::AdminLink)}</a>
            </p>
            <p hidden=move || !role_in(super::tools_host::DESK_ROLES)>
                <a href="/desk" data-testid="desk-link">{tr(Msg::DeskLink)}</a>
            </p>
            <button type="button" data-testid="sign-out" on:click=sign_out>{tr(Msg::SignOut)}</button>
        </Show>
        <p class="problem" data-testid="account-message" hidden=move || message.with(Option::is_none)>{move || message.get()}</p>
    }
}
