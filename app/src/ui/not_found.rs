//! The screen for a path the app does not know.

use crate::i18n::tr;
use leptos::prelude::*;
use liaison_i18n::Msg;

/// "This page does not exist", with a way back.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="empty">
            <p>{tr(Msg::NotFound)}</p>
            <a class="button" href="/">{tr(Msg::BackHome)}</a>
        </section>
    }
}
