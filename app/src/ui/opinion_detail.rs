//! One submitted opinion card (社情民意收集卡): read-only on the phone, with its
//! handling progress (the server's reply), its photos, its addenda and a
//! print view laid out like the paper card.

use super::category::category_label;
use super::photos::Photos;
use super::sync_state::SyncState;
use super::tools_host::ToolsPart;
use crate::i18n::{tr, use_i18n};
use crate::ui::AppData;
use leptos::prelude::*;
use liaison_core::addendum::CardRef;
use liaison_core::{OpinionCard, OpinionCardId, RaisedBy, time};
use liaison_i18n::Msg;

fn raiser(raised_by: &RaisedBy) -> Option<String> {
    match raised_by {
        RaisedBy::Anonymous => None,
        RaisedBy::Contact { name, .. } => Some(name.as_str().to_owned()),
        RaisedBy::WalkIn { name, phone } => {
            Some(format!("{} {}", name.as_str(), phone.as_ref().map(|p| p.masked()).unwrap_or_default()))
        }
    }
}

/// `/opinions/:id`.
#[component]
pub fn OpinionDetail(id: OpinionCardId) -> impl IntoView {
    let i18n = use_i18n();
    let data = expect_context::<AppData>();
    // A memo, so a reload of the listing (every sync) redraws nothing unless
    // this card changed: a half-typed feedback or addendum survives it.
    let card = Memo::new(move |_| data.listing.with(|l| l.as_ref()?.cards.iter().find(|c| c.id == id).cloned()));
    view! {
        <Show when=move || card.with(Option::is_some) fallback=move || view! { <p class="muted">{tr(Msg::Loading)}</p> }>
            {move || card.get().map(|card: OpinionCard| {
                let (category, urgency) = (category_label(card.category.clone()), card.urgency.label());
                let who = raiser(&card.raised_by);
                view! {
                    <article class="screen detail" data-testid="opinion-detail">
                        <p class="paper-title print-only">{tr(Msg::OpinionCardPaperTitle)}</p>
                        <div class="screen-head">
                            <h1>{tr(Msg::OpinionCard)}</h1>
                            <span class="badge">{tr(Msg::Submitted)}</span>
                        </div>
                        <SyncState card=CardRef::Opinion(card.id)/>
                        <dl class="fields">
                            <dt>{tr(Msg::FieldContent)}</dt><dd class="pre">{card.content.as_str().to_owned()}</dd>
                            <dt>{tr(Msg::FieldCategory)}</dt><dd>{category}</dd>
                            <dt>{tr(Msg::FieldUrgency)}</dt><dd>{move || i18n.t(urgency)}</dd>
                            <dt>{tr(Msg::FieldPlace)}</dt><dd>{card.place.as_str().to_owned()}</dd>
                            <dt>{tr(Msg::FieldCollectedAt)}</dt><dd>{time::format_local(card.collected_at)}</dd>
                            <dt>{tr(Msg::FieldRaisedBy)}</dt>
                            <dd>{move || who.clone().unwrap_or_else(|| i18n.t(Msg::Anonymous).to_owned())}</dd>
                            <dt>{tr(Msg::FieldCollectedBy)}</dt>
                            <dd data-testid="collected-by">{card.collected_by.as_ref().map(|p| p.as_str().to_owned()).unwrap_or_default()}</dd>
                        </dl>
                        {card.reception.map(|r| view! {
                            <p class="no-print"><a href=format!("/receptions/{r}") data-testid="from-reception">{tr(Msg::FromReception)}</a></p>
                        })}
                        // The progress and the feedback form: drawn by the tools module.
                        <ToolsPart name="progress" arg=card.id.to_string()/>
                        <Photos card=CardRef::Opinion(card.id)/>
                        <ToolsPart name="addenda" arg=CardRef::Opinion(card.id).key()/>
                        <button type="button" class="no-print" data-testid="print" on:click=|_| {
                            if let Some(window) = web_sys::window() {
                                let _ = window.print();
                            }
                        }>{tr(Msg::Print)}</button>
                    </article>
                }
            })}
        </Show>
    }
}
