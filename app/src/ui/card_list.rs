//! The start screen: the opinion cards on this device, newest first.

use crate::i18n::{tr, use_i18n};
use crate::ui::AppData;
use leptos::prelude::*;
use liaison_core::{OpinionCard, ReceptionCard, time};
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
            <Receptions/>
            <div class="screen-head">
                <h2>{tr(Msg::OpinionCards)}</h2>
                <span class="count" data-testid="card-count">
                    {move || i18n.fill(Msg::CardCount, &[("count", &count().to_string())])}
                </span>
            </div>
            <a class="button primary wide" href="/opinions/new" data-testid="new-card">
                {tr(Msg::NewOpinionCard)}
            </a>
            <Show
                when=move || data.listing.get().is_some()
                fallback=move || view! { <p class="muted">{tr(Msg::Loading)}</p> }
            >
                <Show
                    when=move || { count() > 0 }
                    fallback=move || view! { <p class="empty muted">{tr(Msg::NoCardsYet)}</p> }
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

/// Reception cards: drafts first (tap to go on writing), then submitted ones.
#[component]
fn Receptions() -> impl IntoView {
    let i18n = use_i18n();
    let data = expect_context::<AppData>();
    let receptions = move || data.receptions.get().unwrap_or_default();
    let opinion_count = move |card: &ReceptionCard| {
        data.listing
            .with(|l| l.as_ref().map(|l| l.cards.iter().filter(|o| o.reception == Some(card.id)).count()).unwrap_or(0))
    };
    view! {
        <div class="screen-head">
            <h1>{tr(Msg::ReceptionCards)}</h1>
        </div>
        <a class="button primary wide" href="/receptions/new" data-testid="new-reception">
            {tr(Msg::NewReceptionCard)}
        </a>
        <ul class="cards" data-testid="receptions">
            {move || data.drafts.get().into_iter().map(|draft| {
                let href = format!("/receptions/edit/{}", draft.id);
                let title = if draft.input.topic.trim().is_empty() { draft.input.venue.name.clone() } else { draft.input.topic.clone() };
                view! {
                    <li class="card draft-card"><a href=href>
                        <p class="content"><span class="badge draft">{tr(Msg::Draft)}</span> " " {title}</p>
                        <p class="meta">{draft.input.started_at.replace('T', " ")}</p>
                    </a></li>
                }
            }).collect_view()}
            {move || receptions().into_iter().map(|card| {
                let href = format!("/receptions/{}", card.id);
                let kind = card.kind.label();
                let opinions = opinion_count(&card);
                let attendees = card.attendees.len();
                view! {
                    <li class="card"><a href=href>
                        <p class="content">{card.topic.as_str().to_owned()}</p>
                        <p class="meta">
                            <span class="tag">{move || i18n.t(kind)}</span>
                            <span>{card.venue.name().as_str().to_owned()}</span>
                            <time>{time::format_local(card.started_at)}</time>
                            <span>{move || i18n.fill(Msg::AttendeeCount, &[("count", &attendees.to_string())])}</span>
                            <span>{move || i18n.fill(Msg::OpinionCount, &[("count", &opinions.to_string())])}</span>
                        </p>
                    </a></li>
                }
            }).collect_view()}
        </ul>
    }
}
