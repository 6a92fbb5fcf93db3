//! "A new version is ready": shown when the service worker has installed a new
//! deployment; applied only when the user taps "Update".

use crate::i18n::tr;
use crate::pwa;
use leptos::prelude::*;
use liaison_i18n::Msg;

/// The update banner.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let ready = RwSignal::new(pwa::update_ready());
    let dismissed = RwSignal::new(false);
    let listener = window_event_listener_untyped(pwa::UPDATE_READY_EVENT, move |_| ready.set(true));
    on_cleanup(move || listener.remove());

    view! {
        <Show when=move || ready.get() && !dismissed.get()>
            <div class="update" role="status" data-testid="update-banner">
                <span>{tr(Msg::UpdateAvailable)}</span>
                <button type="button" class="primary" on:click=move |_| pwa::apply_update()>
                    {tr(Msg::UpdateNow)}
                </button>
                <button type="button" on:click=move |_| dismissed.set(true)>
                    {tr(Msg::UpdateLater)}
                </button>
            </div>
        </Show>
    }
}
