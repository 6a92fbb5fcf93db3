//! "A new version is ready": shown when the service worker has installed a new
//! deployment; applied only when the user taps "Update".

use crate::i18n::use_i18n;
use crate::pwa;
use leptos::prelude::*;
use liaison_i18n::Msg;

/// The update banner.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let i18n = use_i18n();
    let ready = RwSignal::new(pwa::update_ready());
    let dismissed = RwSignal::new(false);
    let listener = window_event_listener_untyped(pwa::UPDATE_READY_EVENT, move |_| ready.set(true));
    on_cleanup(move || listener.remove());

    view! {
        <Show when=move || ready.get() && !dismissed.get()>
            <div class="update" role="status" data-testid="update-banner">
                <span>{move || i18n.t(Msg::UpdateAvailable)}</span>
                <button type="button" class="primary" on:click=move |_| pwa::apply_update()>
                    {move || i18n.t(Msg::UpdateNow)}
                </button>
                <button type="button" on:click=move |_| dismissed.set(true)>
                    {move || i18n.t(Msg::UpdateLater)}
                </button>
            </div>
        </Show>
    }
}
