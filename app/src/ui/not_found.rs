//! The screen for a path the app does not know.

use crate::i18n::use_i18n;
use leptos::prelude::*;
use liaison_i18n::Msg;

/// "This page does not exist", with a way back.
#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="empty">
            <p>{move || i18n.t(Msg::NotFound)}</p>
            <a class="button" href="/">{move || i18n.t(Msg::BackHome)}</a>
        </section>
    }
}
