//! Possible duplicates of a matter, for its office (`GET …/{id}/similar`:
//! the server's candidates scored by the core's text, place and time
//! similarity), each with a button that merges this matter into it
//! (`POST …/{id}/merge` over this matter's version).

use super::act::button_label;
use crate::api;
use crate::i18n::{I18n, tr};
use leptos::prelude::*;
use liaison_core::matter::{ActionKind, MatterState};
use liaison_core::time;
use liaison_i18n::Msg;
use serde::Deserialize;
use serde_json::json;

#[derive(Clone, Debug, Deserialize)]
struct Candidate {
    id: String,
    score: f64,
    state: String,
    excerpt: String,
    place: String,
    collected_at: String,
}

#[derive(Deserialize)]
struct Answer {
    items: Vec<Candidate>,
}

/// The list under a matter's actions.
#[component]
pub fn Similar(
    id: String,
    version: u32,
    token: StoredValue<String>,
    done: Callback<Result<(serde_json::Value, ActionKind), String>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let found = RwSignal::new(None::<Vec<Candidate>>);
    let matter = StoredValue::new(id);
    leptos::task::spawn_local(async move {
        let path = format!("/api/v1/matters/{}/similar", matter.get_value());
        if let Ok(v) = api::call("GET", &path, &token.get_value(), None).await
            && let Ok(answer) = serde_json::from_value::<Answer>(v)
        {
            found.set(Some(answer.items));
        }
    });
    let merge = move |into: String| {
        leptos::task::spawn_local(async move {
            let path = format!("/api/v1/matters/{}/merge", matter.get_value());
            let body = json!({ "into": into, "version": version });
            let answer = api::call("POST", &path, &token.get_value(), Some(&body)).await;
            done.run(answer.map(|v| (v, ActionKind::MergeInto)).map_err(|msg| i18n.t(msg).to_owned()));
        });
    };
    view! {
        <section class="desk-similar" data-testid="desk-similar" hidden=move || found.with(Option::is_none)>
            <h3>{tr(Msg::DeskSimilar)}</h3>
            {move || found.get().map(|list| if list.is_empty() {
                view! { <p class="muted">{tr(Msg::DeskSimilarNone)}</p> }.into_any()
            } else {
                view! {
                    <ul class="cards desk-list">
                        {list.into_iter().map(|c| {
                            let percent = format!("{:.0}", (c.score.min(1.0) * 100.0).max(0.0));
                            let state = MatterState::parse(&c.state).ok();
                            let at = time::from_wire(&c.collected_at).map(time::format_local).unwrap_or_default();
                            let into = c.id.clone();
                            view! {
                                <li class="card" data-testid="similar-item" data-id=c.id.clone()>
                                    <p class="content">{c.excerpt.clone()}</p>
                                    <p class="meta">
                                        {state.map(|s| view! { <span class="badge state">{tr(s.label())}</span>" " })}
                                        <span>{c.place.clone()}</span>" · "<span>{at}</span>" · "
                                        <span>{move || i18n.fill(Msg::DeskSimilarScore, &[("percent", &percent)])}</span>
                                    </p>
                                    <button type="button" data-testid="merge-here" title=move || button_label(i18n, ActionKind::MergeInto)
                                        on:click=move |_| merge(into.clone())>{tr(Msg::DeskMergeHere)}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </section>
    }
}
