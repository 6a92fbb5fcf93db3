//! Where a submitted card stands with the server: waiting, or received (with
//! the server's time), and whether its photos are still on their way.

use crate::i18n::use_i18n;
use crate::ui::AppData;
use leptos::prelude::*;
use liaison_core::addendum::CardRef;
use liaison_core::time;
use liaison_i18n::Msg;
use liaison_sync::wire::Collection;

/// The badge on a card's detail screen.
#[component]
pub fn SyncState(card: CardRef) -> impl IntoView {
    let i18n = use_i18n();
    let data = expect_context::<AppData>();
    let state = RwSignal::new(None::<(Option<String>, usize)>);
    // Read again after every sync.
    Effect::new(move |_| {
        data.sync.track();
        leptos::task::spawn_local(async move {
            let Ok(storage) = data.storage() else { return };
            let (_, id) = card.parts();
            let collection = match card {
                CardRef::Reception(_) => Collection::ReceptionCard,
                CardRef::Opinion(_) => Collection::OpinionCard,
            };
            let receipt = storage.receipt(collection, &id).await.ok().flatten();
            let photos = storage.photos_pending(card).await.unwrap_or(0);
            state.set(Some((receipt.map(|r| r.received_at), photos)));
        });
    });
    let text = move || {
        let (received, photos) = state.get()?;
        let mut text = match received.and_then(|at| time::from_wire(&at).ok()) {
            Some(at) => i18n.fill(Msg::StateReceived, &[("time", &time::format_local(at))]),
            None if data.sync.with(|s| s.busy) => i18n.t(Msg::StateSending).to_owned(),
            None => i18n.t(Msg::StateWaiting).to_owned(),
        };
        if photos > 0 {
            text.push_str(&i18n.fill(Msg::PhotosPending, &[("n", &photos.to_string())]));
        }
        Some(text)
    };
    view! { <p class="muted sync-state no-print" data-testid="sync-state">{text}</p> }
}
