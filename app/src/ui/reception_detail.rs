//! One submitted reception card, with the opinion cards raised at it. Submitted
//! cards are read-only on the phone.

use super::category::category_label;
use super::sync_state::SyncState;
use super::tools_host::ToolsPart;
use crate::i18n::{tr, use_i18n};
use crate::ui::AppData;
use leptos::prelude::*;
use liaison_core::addendum::CardRef;
use liaison_core::{Attendee, ReceptionCard, ReceptionCardId, time};
use liaison_i18n::Msg;

/// `/receptions/:id`.
#[component]
pub fn ReceptionDetail(id: ReceptionCardId) -> impl IntoView {
    let i18n = use_i18n();
    let data = expect_context::<AppData>();
    let id = move || Some(id);
    // A memo, so a reload after every sync redraws nothing unless this card
    // changed: a half-typed addendum survives it.
    let card = Memo::new(move |_| {
        let id = id()?;
        data.receptions.with(|list| list.as_ref()?.iter().find(|c| c.id == id).cloned())
    });
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
        <Show when=move || card.with(Option::is_some) fallback=move || view! { <p class="muted">{tr(Msg::Loading)}</p> }>
            {move || card.get().map(|card: ReceptionCard| {
                let kind = card.kind.label();
                let attendees = card.attendees.clone();
                view! {
                    <article class="screen detail" data-testid="reception-detail">
                        <p class="paper-title print-only">{tr(Msg::ReceptionCardPaperTitle)}</p>
                        <div class="screen-head">
                            <h1>{card.topic.as_str().to_owned()}</h1>
                            <span class="badge">{tr(Msg::Submitted)}</span>
                        </div>
                        <SyncState card=CardRef::Reception(card.id)/>
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
                        <super::photos::Photos card=CardRef::Reception(card.id)/>
                        <ToolsPart name="addenda" arg=CardRef::Reception(card.id).key()/>
                        <button type="button" class="no-print" data-testid="print" on:click=|_| {
                            if let Some(window) = web_sys::window() {
                                let _ = window.print();
                            }
                        }>{tr(Msg::Print)}</button>
                        <h2>{tr(Msg::FieldOpinions)}</h2>
                        <ul class="cards" data-testid="reception-opinions">
                            {move || opinions().into_iter().map(|o| {
                                let category = category_label(o.category.clone());
                                let urgency = o.urgency.label();
                                view! { <li class="card"><a href=format!("/opinions/{}", o.id)><p class="content">{o.content.as_str().to_owned()}</p></a>
                                    <p class="meta"><span class="tag">{category}</span><span>{move || i18n.t(urgency)}</span></p>
                                    <ToolsPart name="matter_line" arg=o.id.to_string()/></li> }
                            }).collect_view()}
                        </ul>
                    </article>
                }
            })}
        </Show>
    }
}
