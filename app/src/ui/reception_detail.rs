//! One submitted reception card, with the opinion cards raised at it. Submitted
//! cards are read-only on the phone.

use crate::i18n::{tr, use_i18n};
use crate::ui::AppData;
use leptos::prelude::*;
use liaison_core::addendum::{Addendum, CardRef};
use liaison_core::{AddendumId, Attendee, ReceptionCard, ReceptionCardId, time};
use liaison_i18n::Msg;

/// `/receptions/:id`.
#[component]
pub fn ReceptionDetail(id: ReceptionCardId) -> impl IntoView {
    let i18n = use_i18n();
    let data = expect_context::<AppData>();
    let id = move || Some(id);
    let card = move || {
        let id = id()?;
        data.receptions.get().and_then(|list| list.into_iter().find(|c| c.id == id))
    };
    let opinions = move || {
        let id = id();
        data.listing
            .get()
            .map(|l| l.cards)
            .unwrap_or_default()
            .into_iter()
            .filter(|o| o.reception == id && id.is_some())
            .collect::<Vec<_>>()
    };
    view! {
        <Show when=move || card().is_some() fallback=move || view! { <p class="muted">{tr(Msg::Loading)}</p> }>
            {move || card().map(|card: ReceptionCard| {
                let kind = card.kind.label();
                let attendees = card.attendees.clone();
                view! {
                    <article class="screen detail" data-testid="reception-detail">
                        <p class="paper-title print-only">{tr(Msg::ReceptionCardPaperTitle)}</p>
                        <div class="screen-head">
                            <h1>{card.topic.as_str().to_owned()}</h1>
                            <span class="badge">{tr(Msg::Submitted)}</span>
                        </div>
                        <dl class="fields">
                            <dt>{tr(Msg::FieldActivityKind)}</dt><dd>{move || i18n.t(kind)}</dd>
                            <dt>{tr(Msg::FieldStartedAt)}</dt><dd>{time::format_local(card.started_at)}</dd>
                            <dt>{tr(Msg::FieldEndedAt)}</dt><dd>{card.ended_at.map(time::format_local).unwrap_or_default()}</dd>
                            <dt>{tr(Msg::FieldVenue)}</dt><dd>{card.venue.name().as_str().to_owned()}</dd>
                            <dt>{tr(Msg::FieldRepresentatives)}</dt>
                            <dd>{card.representatives.iter().map(|r| r.as_str()).collect::<Vec<_>>().join("、")}</dd>
                            <dt>{tr(Msg::FieldAttendees)}</dt>
                            <dd>
                                <ul class="plain">
                                    {attendees.into_iter().map(|a| {
                                        let walk_in = matches!(a, Attendee::WalkIn { .. });
                                        let p = a.person().clone();
                                        view! { <li>{p.name.as_str().to_owned()} " " {p.phone.map(|ph| ph.masked()).unwrap_or_default()} " "
                                            <span class="muted small" hidden=!walk_in>{tr(Msg::WalkIn)}</span></li> }
                                    }).collect_view()}
                                </ul>
                            </dd>
                            <dt>{tr(Msg::FieldSummary)}</dt><dd class="pre">{card.summary.as_str().to_owned()}</dd>
                        </dl>
                        <Addenda card=CardRef::Reception(card.id)/>
                        <button type="button" class="no-print" data-testid="print" on:click=|_| {
                            if let Some(window) = web_sys::window() {
                                let _ = window.print();
                            }
                        }>{tr(Msg::Print)}</button>
                        <h2>{tr(Msg::FieldOpinions)}</h2>
                        <ul class="cards" data-testid="reception-opinions">
                            {move || opinions().into_iter().map(|o| {
                                let category = o.category.label();
                                let urgency = o.urgency.label();
                                view! { <li class="card"><p class="content">{o.content.as_str().to_owned()}</p>
                                    <p class="meta"><span class="tag">{move || i18n.t(category)}</span><span>{move || i18n.t(urgency)}</span></p></li> }
                            }).collect_view()}
                        </ul>
                    </article>
                }
            })}
        </Show>
    }
}

/// The addenda of a submitted card, and a box to add one.
#[component]
fn Addenda(card: CardRef) -> impl IntoView {
    let i18n = use_i18n();
    let data = expect_context::<AppData>();
    let list = RwSignal::new(Vec::<Addendum>::new());
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let load = move || {
        leptos::task::spawn_local(async move {
            if let Ok(storage) = data.storage()
                && let Ok(addenda) = storage.addenda(card).await
            {
                list.set(addenda);
            }
        })
    };
    load();
    let add = move |_| {
        let id = AddendumId::from_uuid(uuid::Uuid::now_v7());
        match Addendum::create(id, card, &text.get_untracked()) {
            Err(e) => error.set(e.0.first().map(|e| e.error.message(i18n.locale()))),
            Ok(addendum) => leptos::task::spawn_local(async move {
                let saved = match data.storage() {
                    Ok(storage) => storage.add_addendum(&addendum).await,
                    Err(e) => Err(e),
                };
                match saved {
                    Ok(()) => {
                        text.set(String::new());
                        error.set(None);
                        load();
                    }
                    Err(e) => error.set(Some(i18n.t(e.msg()).to_owned())),
                }
            }),
        }
    };
    view! {
        <h2>{tr(Msg::Addenda)}</h2>
        <ol class="addenda" data-testid="addenda">
            {move || list.get().into_iter().map(|a| view! { <li class="pre">{a.text.as_str().to_owned()}</li> }).collect_view()}
        </ol>
        <div class="no-print addendum-form">
            <p class="muted small">{tr(Msg::AddendumHint)}</p>
            <textarea id="addendum" rows="3" prop:value=text on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <p class="field-error" role="alert" data-testid="error-addendum" hidden=move || error.get().is_none()>{move || error.get()}</p>
            <button type="button" class="wide" data-testid="add-addendum" on:click=add>{tr(Msg::AddAddendum)}</button>
        </div>
    }
}
