//! The top bar: the app's name, whether the device is online, and the language switch.

use crate::i18n::{tr, use_i18n};
use crate::ui::AppData;
use leptos::prelude::*;
use liaison_i18n::{Locale, Msg};

/// The top bar.
#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let data = expect_context::<AppData>();
    let online = RwSignal::new(web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true));
    let on = window_event_listener(leptos::ev::online, move |_| online.set(true));
    let off = window_event_listener(leptos::ev::offline, move |_| online.set(false));
    on_cleanup(move || {
        on.remove();
        off.remove();
    });

    let switch = move |_| {
        let next = match i18n.locale() {
            Locale::ZhCn => Locale::En,
            Locale::En => Locale::ZhCn,
        };
        i18n.set(next);
        if let Ok(storage) = data.storage() {
            leptos::task::spawn_local(async move {
                let _ = storage.set_locale(next).await;
            });
        }
    };

    view! {
        <header class="bar">
            <a class="brand" href="/">
                <img src="/icons/icon-192.png" alt="" width="28" height="28"/>
                <span>{tr(Msg::AppName)}</span>
            </a>
            <nav class="nav">
                <a href="/contacts" data-testid="nav-contacts">{tr(Msg::Contacts)}</a>
                <a href="/settings" data-testid="nav-settings">{tr(Msg::Settings)}</a>
                <a href="/desk" data-testid="nav-desk" hidden=move || !data.sync.with(|s| s.role_in(super::tools_host::DESK_ROLES))>{tr(Msg::DeskLink)}</a>
            </nav>
            <span class="net" class:offline=move || !online.get() data-testid="network">
                {move || i18n.t(if online.get() { Msg::Online } else { Msg::Offline })}
            </span>
            <button class="lang" type="button" on:click=switch aria-label=tr(Msg::LanguageLabel)>
                {move || match i18n.locale() { Locale::ZhCn => Locale::En.endonym(), Locale::En => Locale::ZhCn.endonym() }}
            </button>
        </header>
    }
}
