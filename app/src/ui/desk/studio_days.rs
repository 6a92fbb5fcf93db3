//! The studios on the duty dashboard (工作室接待情况): each studio of the
//! office's organisation and those below, with this quarter's reception
//! days, those with a reception recorded there, and those past without one
//! (`GET /api/v1/duties/studios`).

use crate::api;
use crate::i18n::{I18n, tr};
use leptos::prelude::*;
use liaison_i18n::Msg;
use serde::Deserialize;

#[derive(Clone, Debug, Deserialize)]
struct StudioQuarter {
    name: String,
    days: Vec<String>,
    held: Vec<String>,
    missed: Vec<String>,
    cards: usize,
}

/// `MM-DD` of a `YYYY-MM-DD` day, for a compact list.
fn short(day: &str) -> &str {
    day.get(5..).unwrap_or(day)
}

/// The studios' table, for the office whose device token is `token`.
#[component]
pub fn StudioDays(token: StoredValue<String>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let studios = RwSignal::new(None::<Vec<StudioQuarter>>);
    let problem = RwSignal::new(None::<String>);
    leptos::task::spawn_local(async move {
        match api::call("GET", "/api/v1/duties/studios", &token.get_value(), None).await {
            Ok(v) => studios.set(serde_json::from_value(v).ok()),
            Err(msg) => problem.set(Some(i18n.t(msg).to_owned())),
        }
    });
    let list = move |days: &[String]| {
        days.iter().map(|d| short(d).to_owned()).collect::<Vec<_>>().join(i18n.t(Msg::ListSeparator))
    };
    view! {
        <h3>{tr(Msg::DeskStudioDays)}</h3>
        <p class="problem" role="alert" hidden=move || problem.with(Option::is_none)>{move || problem.get()}</p>
        {move || studios.get().map(|all| if all.is_empty() {
            view! { <p class="muted">{tr(Msg::DeskStudioDaysNone)}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll">
                    <table class="settings-table studio-days" data-testid="desk-studio-days">
                        <thead><tr>
                            <th>{tr(Msg::DeskStudioDaysStudio)}</th><th>{tr(Msg::DeskStudioDaysDays)}</th>
                            <th>{tr(Msg::DeskStudioDaysHeld)}</th><th>{tr(Msg::DeskStudioDaysMissed)}</th>
                            <th>{tr(Msg::DeskStudioDaysCards)}</th>
                        </tr></thead>
                        <tbody>
                            {all.into_iter().map(|s| view! {
                                <tr data-studio=s.name.clone()>
                                    <td>{s.name.clone()}</td>
                                    <td class="studio-days-list">{list(&s.days)}</td>
                                    <td data-testid="studio-held">{format!("{}/{}", s.held.len(), s.days.len())}</td>
                                    <td data-testid="studio-missed" class="studio-days-list" class:overdue=!s.missed.is_empty()>{if s.missed.is_empty() { "—".to_owned() } else { list(&s.missed) }}</td>
                                    <td>{s.cards}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        })}
    }
}
