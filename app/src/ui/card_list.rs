//! The start screen: find cards on this device — reception cards (drafts first)
//! and opinion cards — by words, kind, category, state and dates.

use super::category::{category_label, category_options};
use super::duties::Duties;
use super::sync_bar::SyncBar;
use crate::i18n::{tr, use_i18n};
use crate::tools;
use crate::ui::AppData;
use crate::ui::photos::CardThumb;
use leptos::prelude::*;
use liaison_core::addendum::CardRef;
use liaison_core::find::{CardFilter, StateFilter};
use liaison_core::{ActivityKind, Category, OpinionCard, OpinionCardId, ReceptionCard, time};
use liaison_i18n::Msg;

/// How many cards of each list show before "show more".
pub const PAGE: usize = 50;

/// How many of the newest cards are read and drawn before the rest: more than
/// a phone's screen or a desktop's shows before scrolling, so the first frame
/// is complete, and fewer than a page, so it comes sooner (the full list
/// follows in the same keyed list, and nothing drawn is drawn again).
pub const FIRST_PAGE: usize = 20;

/// The start screen.
#[component]
pub fn Home() -> impl IntoView {
    let filter = RwSignal::new(CardFilter::default());
    view! {
        <section class="screen">
            <div class="new-buttons">
                <a class="button primary" href="/receptions/new" data-testid="new-reception">{tr(Msg::NewReceptionCard)}</a>
                <a class="button primary" href="/opinions/new" data-testid="new-card">{tr(Msg::NewOpinionCard)}</a>
            </div>
            <SyncBar/>
            <AwaitingFeedback/>
            <Duties/>
            <Filters filter/>
            <Receptions filter/>
            <Opinions filter/>
        </section>
    }
}

/// The start screen's reminder: the replies the representative still has to
/// pass on, each linked to its opinion card. Nothing when there are none.
/// Which ones is the tools module's answer (`awaiting_feedback`: it reads the
/// matters' statuses); it is asked only once the server has sent a status.
#[component]
fn AwaitingFeedback() -> impl IntoView {
    let i18n = use_i18n();
    let data = expect_context::<AppData>();
    // Each status waiting, by its first opinion card (if it names one).
    let waiting = RwSignal::new(Vec::<Option<OpinionCardId>>::new());
    Effect::new(move |_| {
        data.sync.track();
        leptos::task::spawn_local(async move {
            let Ok(storage) = data.storage() else { return };
            if !storage.has_matter_statuses().await.unwrap_or(false) {
                waiting.set(Vec::new());
                return;
            }
            // The first screen is drawn before the tools module is loaded for it.
            crate::perf::after_paint().await;
            if let Ok(answer) = tools::call("awaiting_feedback", &[]).await {
                let ids = js_sys::Array::from(&answer);
                waiting.set(ids.iter().map(|id| id.as_string()?.parse().ok()).collect());
            }
        });
    });
    let content = move |card: OpinionCardId| {
        data.listing.with(|l| {
            l.as_ref().and_then(|l| l.cards.iter().find(|c| c.id == card)).map(|c| c.content.as_str().to_owned())
        })
    };
    move || {
        let list = waiting.get();
        (!list.is_empty()).then(|| {
            let count = list.len().to_string();
            view! {
                <section class="awaiting notice" data-testid="awaiting-feedback">
                    <p><strong>{move || i18n.fill(Msg::ProgressAwaiting, &[("count", &count)])}</strong></p>
                    <ul>
                        {list.into_iter().flatten().map(|card| view! {
                            <li><a href=format!("/opinions/{card}")>{move || content(card).unwrap_or_else(|| i18n.t(Msg::OpinionCard).to_owned())}</a></li>
                        }).collect_view()}
                    </ul>
                </section>
            }
        })
    }
}

#[component]
fn Filters(filter: RwSignal<CardFilter>) -> impl IntoView {
    let i18n = use_i18n();
    let date = |value: String| time::parse_date(&value);
    view! {
        <div class="filters" data-testid="filters">
            <input id="find-text" type="search" placeholder=tr(Msg::FindCards)
                prop:value=move || filter.with(|f| f.text.clone())
                on:input=move |ev| {
                    crate::perf::mark("liaison:search-start");
                    filter.update(|f| f.text = event_target_value(&ev));
                    crate::perf::measure_at_next_frame("liaison:search", "liaison:search-start", "liaison:search-end");
                }/>
            <select id="find-kind" on:change=move |ev| filter.update(|f| f.kind = ActivityKind::parse(&event_target_value(&ev)).ok())>
                <option value="" selected=move || filter.with(|f| f.kind.is_none())>{tr(Msg::AllKinds)}</option>
                {ActivityKind::ALL.iter().map(|k| { let k = *k; view! {
                    <option value=k.code() selected=move || filter.with(|f| f.kind == Some(k))>{tr(k.label())}</option>
                } }).collect_view()}
            </select>
            <select id="find-category" on:change=move |ev| filter.update(|f| f.category = Category::parse(&event_target_value(&ev)).ok())>
                <option value="" selected=move || filter.with(|f| f.category.is_none())>{tr(Msg::AllCategories)}</option>
                {category_options(move |code| filter.with(|f| f.category.as_ref().is_some_and(|c| c.code() == code)))}
            </select>
            <select id="find-state" on:change=move |ev| filter.update(|f| f.state = match event_target_value(&ev).as_str() {
                "drafts" => StateFilter::Drafts,
                "submitted" => StateFilter::Submitted,
                _ => StateFilter::All,
            })>
                <option value="" selected=move || filter.with(|f| f.state == StateFilter::All)>{tr(Msg::StateAll)}</option>
                <option value="drafts" selected=move || filter.with(|f| f.state == StateFilter::Drafts)>{tr(Msg::Draft)}</option>
                <option value="submitted" selected=move || filter.with(|f| f.state == StateFilter::Submitted)>{tr(Msg::Submitted)}</option>
            </select>
            <label class="date"><span>{tr(Msg::DateFrom)}</span>
                <input id="find-from" type="date" prop:value=move || filter.with(|f| f.from.map(|d| d.to_string()).unwrap_or_default())
                    on:input=move |ev| filter.update(|f| f.from = date(event_target_value(&ev)))/></label>
            <label class="date"><span>{tr(Msg::DateTo)}</span>
                <input id="find-to" type="date" prop:value=move || filter.with(|f| f.to.map(|d| d.to_string()).unwrap_or_default())
                    on:input=move |ev| filter.update(|f| f.to = date(event_target_value(&ev)))/></label>
            <button type="button" class="link" on:click=move |_| filter.set(CardFilter::default())
                hidden=move || filter.with(|f| *f == CardFilter::default())>{move || i18n.t(Msg::ClearFilters)}</button>
        </div>
    }
}

/// How many cards a list shows: one page, back to one page whenever the filter changes.
fn paging(filter: RwSignal<CardFilter>) -> RwSignal<usize> {
    let shown = RwSignal::new(PAGE);
    Effect::new(move |_| {
        filter.track();
        shown.set(PAGE);
    });
    shown
}

/// Reception cards: drafts first (tap to go on writing), then submitted ones.
#[component]
fn Receptions(filter: RwSignal<CardFilter>) -> impl IntoView {
    let i18n = use_i18n();
    let data = expect_context::<AppData>();
    let shown = paging(filter);
    let drafts = Memo::new(move |_| {
        let f = filter.get();
        data.drafts
            .get()
            .into_iter()
            .filter(|d| f.matches_draft(&d.input.topic, &d.input.summary, &d.input.venue.name, &d.input.kind))
            .collect::<Vec<_>>()
    });
    // Filtered once per change of the filter or the data, however often it is read.
    let submitted = Memo::new(move |_| {
        let f = filter.get();
        data.receptions.with(|receptions| {
            let Some(receptions) = receptions.as_ref().filter(|r| !r.is_empty()) else { return Vec::new() };
            data.listing.with(|listing| {
                let opinions = listing.as_ref().map(|l| l.cards.as_slice()).unwrap_or_default();
                // Each reception card's opinions, found in one pass over the cards.
                let mut raised: std::collections::HashMap<_, Vec<&OpinionCard>> = std::collections::HashMap::new();
                for o in opinions {
                    if let Some(reception) = o.reception {
                        raised.entry(reception).or_default().push(o);
                    }
                }
                receptions
                    .iter()
                    .filter_map(|card| {
                        let own = raised.get(&card.id).map(Vec::as_slice).unwrap_or_default();
                        f.matches_reception(card, own).then(|| (own.len(), card.clone()))
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let total = move || drafts.with(Vec::len) + submitted.with(Vec::len);
    view! {
        <div class="screen-head">
            <h1>{tr(Msg::ReceptionCards)}</h1>
            <span class="count" data-testid="reception-count">{move || i18n.fill(Msg::CardCount, &[("count", &total().to_string())])}</span>
        </div>
        <ul class="cards" data-testid="receptions">
            {move || drafts.get().into_iter().map(|draft| {
                let href = format!("/receptions/edit/{}", draft.id);
                let title = if draft.input.topic.trim().is_empty() { draft.input.venue.name.clone() } else { draft.input.topic.clone() };
                view! {
                    <li class="card draft-card"><a href=href>
                        <p class="content"><span class="badge draft">{tr(Msg::Draft)}</span> " " {title}</p>
                        <p class="meta">{draft.input.started_at.replace('T', " ")}</p>
                    </a></li>
                }
            }).collect_view()}
            {move || submitted.get().into_iter().take(shown.get()).map(|(opinions, card)| view! { <ReceptionItem card opinions/> }).collect_view()}
        </ul>
        <button type="button" class="wide" hidden=move || submitted.with(Vec::len) <= shown.get() on:click=move |_| shown.update(|n| *n += PAGE)>
            {tr(Msg::ShowMore)}
        </button>
    }
}

#[component]
fn ReceptionItem(card: ReceptionCard, opinions: usize) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/receptions/{}", card.id);
    let attendees = card.attendees.len();
    view! {
        <li class="card"><a href=href>
            <CardThumb card=CardRef::Reception(card.id)/>
            <p class="content">{card.topic.as_str().to_owned()}</p>
            <p class="meta">
                <span class="tag">{tr(card.kind.label())}</span>
                <span>{card.venue.name().as_str().to_owned()}</span>
                <time>{time::format_local(card.started_at)}</time>
                <span>{move || i18n.fill(Msg::AttendeeCount, &[("count", &attendees.to_string())])}</span>
                <span>{move || i18n.fill(Msg::OpinionCount, &[("count", &opinions.to_string())])}</span>
            </p>
        </a></li>
    }
}

/// Opinion cards, newest collected first.
#[component]
fn Opinions(filter: RwSignal<CardFilter>) -> impl IntoView {
    let i18n = use_i18n();
    let data = expect_context::<AppData>();
    let shown = paging(filter);
    let cards = Memo::new(move |_| {
        // Read in place: only the matching cards are copied.
        filter
            .with(|f| data.listing.with(|l| l.as_ref().map(|l| f.opinions(&l.cards).cloned().collect::<Vec<_>>())))
            .unwrap_or_default()
    });
    let drafts = Memo::new(move |_| {
        let f = filter.get();
        data.opinion_drafts.get().into_iter().filter(|d| f.matches_opinion_draft(&d.input)).collect::<Vec<_>>()
    });
    // While only the newest page is read, the unfiltered count is the store's.
    // Not counted yet (a first page): the count shows as pending.
    let counting = move || {
        data.listing.with(|l| l.as_ref().is_some_and(|l| !l.complete && l.stored.is_none()))
            && filter.with(|f| *f == CardFilter::default())
    };
    let count = move || match data.listing.with(|l| l.as_ref().map(|l| (l.complete, l.stored))) {
        Some((false, Some(stored))) if filter.with(|f| *f == CardFilter::default()) => stored,
        _ => cards.with(Vec::len),
    };
    let nothing_at_all = move || data.listing.with(|l| l.as_ref().is_some_and(|l| l.cards.is_empty()));
    view! {
        <div class="screen-head">
            <h2>{tr(Msg::OpinionCards)}</h2>
            <span class="count" data-testid="card-count">
                {move || if counting() { i18n.t(Msg::CountPending).to_owned() } else { i18n.fill(Msg::CardCount, &[("count", &count().to_string())]) }}
            </span>
        </div>
        <Show when=move || data.listing.get().is_some() fallback=move || view! { <p class="muted">{tr(Msg::Loading)}</p> }>
            <p class="empty muted" hidden=move || !nothing_at_all()>{tr(Msg::NoCardsYet)}</p>
            <p class="empty muted" hidden=move || { nothing_at_all() || count() > 0 }>{tr(Msg::NoResults)}</p>
            <ul class="cards" data-testid="opinion-drafts" hidden=move || drafts.with(Vec::is_empty)>
                {move || drafts.get().into_iter().map(|draft| view! {
                    <li class="card draft-card"><a href=format!("/opinions/edit/{}", draft.id)>
                        <p class="content"><span class="badge draft">{tr(Msg::Draft)}</span> " " {draft.input.content.clone()}</p>
                        <p class="meta">{draft.input.collected_at.replace('T', " ")}</p>
                    </a></li>
                }).collect_view()}
            </ul>
            <ul class="cards" data-testid="cards">
                <For each=move || cards.get().into_iter().take(shown.get()) key=|card| card.id let:card>
                    <CardItem card/>
                </For>
            </ul>
            <button type="button" class="wide" hidden=move || count() <= shown.get() on:click=move |_| shown.update(|n| *n += PAGE)>
                {tr(Msg::ShowMore)}
            </button>
        </Show>
    }
}

#[component]
fn CardItem(card: OpinionCard) -> impl IntoView {
    view! {
        <li class="card" data-id=card.id.to_string()><a href=format!("/opinions/{}", card.id)>
            <CardThumb card=CardRef::Opinion(card.id)/>
            <p class="content">{card.content.as_str().to_owned()}</p>
            <p class="meta">
                <span class="tag">{category_label(card.category)}</span>
                <span>{card.place.as_str().to_owned()}</span>
                <time datetime=time::to_wire(card.collected_at)>{time::format_local(card.collected_at)}</time>
            </p>
        </a></li>
    }
}
