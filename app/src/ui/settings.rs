//! Settings: the account, how much the device keeps, the organisation's data,
//! and the data as a file — export for a backup or a new phone, import back
//! (nothing already here is overwritten). Drawn by the tools module
//! (`mount_settings`) into the place the shell leaves for it, so the shell
//! carries none of it; what the shell must know of a change it hears as an
//! event (`tools::ACCOUNT_EVENT`, `tools::RELOAD_EVENT`).

use super::account::Account;
use crate::i18n::{I18n, tr};
use crate::notify::NotifyState;
use crate::storage::Storage;
use crate::{device, tools};
use leptos::prelude::*;
use liaison_core::time;
use liaison_i18n::{Locale, Msg};
use wasm_bindgen::JsCast;

/// `/settings`.
#[component]
pub fn Settings(storage: Storage, locale: Locale) -> impl IntoView {
    let i18n = I18n::new(locale);
    provide_context(i18n);
    let storage = StoredValue::new_local(storage);
    let usage = RwSignal::new(None::<(f64, f64)>);
    let persisted = RwSignal::new(None::<bool>);
    let message = RwSignal::new(None::<String>);
    leptos::task::spawn_local(async move {
        usage.set(device::usage_and_quota().await);
        persisted.set(Some(device::is_persisted().await));
    });

    // The organisation's reference data (studios, liaison points, contacts).
    let org_name = RwSignal::new(None::<String>);
    let org_message = RwSignal::new(None::<String>);
    leptos::task::spawn_local(async move {
        if let Ok(name) = storage.get_value().org_name().await {
            org_name.set(name);
        }
    });
    let load_org = move |_| {
        org_message.set(None);
        leptos::task::spawn_local(async move {
            match tools::call("load_organisation", &[]).await {
                Ok(answer) => {
                    let name = js_sys::Reflect::get(&answer, &"name".into()).ok().and_then(|n| n.as_string());
                    let n = |field| tools::count(&answer, field).to_string();
                    org_message.set(Some(i18n.fill(
                        Msg::OrgLoaded,
                        &[
                            ("name", name.as_deref().unwrap_or_default()),
                            ("points", &n("liaison_points")),
                            ("studios", &n("studios")),
                            ("contacts", &n("contacts_added")),
                            ("categories", &n("categories")),
                        ],
                    )));
                    org_name.set(name);
                    // The shell reads the organisation's categories again.
                    tools::announce(tools::RELOAD_EVENT);
                }
                Err(refusal) => org_message.set(Some(refusal.text(i18n))),
            }
        });
    };

    let export = move |_| {
        leptos::task::spawn_local(async move {
            let now = chrono::Utc::now();
            match tools::call("export_all", &[time::to_wire(now).into()]).await {
                Ok(text) => {
                    let stamp: String = time::format_local(now).chars().filter(char::is_ascii_digit).collect();
                    let _ = device::download(
                        &format!("liaison-export-{stamp}.json"),
                        &text.as_string().unwrap_or_default(),
                    );
                }
                Err(refusal) => message.set(Some(refusal.text(i18n))),
            }
        });
    };

    let import = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        leptos::task::spawn_local(async move {
            let text = device::read_chosen_file(&input).await.unwrap_or_default();
            input.set_value("");
            match tools::call("import_all", &[text.into()]).await {
                Ok(report) => {
                    let n = |field| tools::count(&report, field).to_string();
                    message.set(Some(i18n.fill(
                        Msg::ImportResult,
                        &[("added", &n("added")), ("present", &n("present")), ("rejected", &n("rejected"))],
                    )));
                    tools::announce(tools::RELOAD_EVENT);
                }
                Err(refusal) => message.set(Some(refusal.text(i18n))),
            }
        });
    };

    // Reminder notifications: where they stand, and a button to turn them on.
    let notify_state = RwSignal::new(None::<NotifyState>);
    leptos::task::spawn_local(async move { notify_state.set(Some(crate::notify::state().await)) });
    let enable_notify = move |_| {
        leptos::task::spawn_local(async move { notify_state.set(Some(crate::notify::enable().await)) });
    };
    let notify_text = move || {
        notify_state.get().and_then(|s| match s {
            NotifyState::Off => None,
            NotifyState::Unsupported => Some(i18n.t(Msg::NotificationsUnsupported)),
            NotifyState::Denied => Some(i18n.t(Msg::NotificationsDenied)),
            NotifyState::On { background: true } => Some(i18n.t(Msg::NotificationsOn)),
            NotifyState::On { background: false } => Some(i18n.t(Msg::NotificationsOnForeground)),
        })
    };

    view! {
        <section class="screen">
            <h1>{tr(Msg::Settings)}</h1>
            <Account storage/>
            <h2>{tr(Msg::NotificationsTitle)}</h2>
            <p class="muted">{tr(Msg::NotificationsHint)}</p>
            <p class="notice" role="status" data-testid="notify-state" hidden=move || notify_text().is_none()>{notify_text}</p>
            <button type="button" class="wide" data-testid="notify-enable" on:click=enable_notify
                hidden=move || !matches!(notify_state.get(), Some(NotifyState::Off))>{tr(Msg::NotificationsEnable)}</button>
            <h2>{tr(Msg::DeviceStorage)}</h2>
            <p data-testid="storage-usage">
                {move || usage.get().map(|(used, quota)| i18n.fill(Msg::StorageUsage, &[
                    ("used", &device::human_bytes(used)),
                    ("available", &device::human_bytes((quota - used).max(0.0))),
                ]))}
            </p>
            <p class="muted" data-testid="storage-persisted">
                {move || persisted.get().map(|p| i18n.t(if p { Msg::StoragePersisted } else { Msg::StorageNotPersisted }))}
            </p>
            <h2>{tr(Msg::OrgData)}</h2>
            <p data-testid="org-name">{move || org_name.get().unwrap_or_else(|| i18n.t(Msg::OrgNone).to_owned())}</p>
            <p class="muted">{tr(Msg::OrgDataHint)}</p>
            <button type="button" class="wide" on:click=load_org data-testid="load-org">{tr(Msg::LoadOrg)}</button>
            <p class="notice" role="status" data-testid="org-message" hidden=move || org_message.get().is_none()>{move || org_message.get()}</p>
            <h2>{tr(Msg::ExportData)}</h2>
            <p class="muted">{tr(Msg::ExportHint)}</p>
            <button type="button" class="primary wide" on:click=export data-testid="export">{tr(Msg::ExportData)}</button>
            <label for="import-file" class="button wide">{tr(Msg::ImportData)}</label>
            <input id="import-file" type="file" accept="application/json,.json" class="visually-hidden" on:change=import/>
            <p class="notice" role="status" data-testid="import-message" hidden=move || message.get().is_none()>{move || message.get()}</p>
        </section>
    }
}
