//! The start screen: the opinion cards on this device, newest first.

use crate::i18n::use_i18n;
use crate::ui::AppData;
use leptos::prelude::*;
use liaison_core::{OpinionCard, time};
use liaison_i18n::Msg;

/// The list of cards, with the way to a new one.
#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    let data = expect_context::<AppData>();
    let cards = move || data.listing.get().map(|l| l.cards).unwrap_or_default();
    let count = move || cards().len();

    view! {
        <section class="screen">
            <div class="screen-head">
                <h1>{move || i18n.t(Msg::OpinionCards)}</h1>
                <span class="count" data-testid="card-count">
                    {move || i18n.fill(Msg::CardCount, &[("count", &count().to_string())])}
                </span>
            </div>
            <a class="button primary wide" href="/opinions/new" data-testid="new-card">
                {move || i18n.t(Msg::NewOpinionCard)}
            </a>
            <Show
                when=move || data.listing.get().is_some()
                fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }
            >
                <Show
                    when=move || { count() > 0 }
                    fallback=move || view! { <p class="empty muted">{move || i18n.t(Msg::NoCardsYet)}</p> }
                >
                    <ul class="cards" data-testid="cards">
                        <For each=cards key=|card| card.id let:card>
                            <CardItem card/>
                        </For>
                    </ul>
                </Show>
            </Show>
        </section>
    }
}

#[component]
fn CardItem(card: OpinionCard) -> impl IntoView {
    let i18n = use_i18n();
    let category = card.category.label();
    view! {
        <li class="card" data-id=card.id.to_string()>
            <p class="content">{card.content.as_str().to_owned()}</p>
            <p class="meta">
                <span class="tag">{move || i18n.t(category)}</span>
                <span>{card.place.as_str().to_owned()}</span>
                <time datetime=time::to_wire(card.collected_at)>{time::format_local(card.collected_at)}</time>
            </p>
        </li>
    }
}
