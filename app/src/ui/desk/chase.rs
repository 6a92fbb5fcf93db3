//! The office's chasing list (督办): how many matters each unit has now, how
//! many overdue and due soon (`GET /api/v1/matters/units`), most overdue
//! first; choosing a unit shows its matters in the inbox.

use crate::api;
use crate::i18n::tr;
use leptos::prelude::*;
use liaison_i18n::Msg;
use serde::Deserialize;

#[derive(Clone, Debug, Deserialize)]
struct Load {
    unit: String,
    name: String,
    open: u64,
    overdue: u64,
    due_soon: u64,
}

/// The list; `pick` is called with a unit's id.
#[component]
pub fn Chase(token: StoredValue<String>, pick: Callback<String>) -> impl IntoView {
    let loads = RwSignal::new(None::<Vec<Load>>);
    leptos::task::spawn_local(async move {
        if let Ok(v) = api::call("GET", "/api/v1/matters/units", &token.get_value(), None).await
            && let Ok(list) = serde_json::from_value::<Vec<Load>>(v)
        {
            loads.set(Some(list));
        }
    });
    view! {
        <details class="desk-chase" data-testid="desk-chase" hidden=move || loads.with(Option::is_none)>
            <summary>{tr(Msg::DeskChase)}</summary>
            {move || loads.get().map(|list| if list.is_empty() {
                view! { <p class="muted">{tr(Msg::DeskChaseNone)}</p> }.into_any()
            } else {
                view! {
                    <table class="settings-table">
                        <thead><tr>
                            <th>{tr(Msg::DeskUnit)}</th><th>{tr(Msg::DeskChaseOpen)}</th>
                            <th>{tr(Msg::DeskChaseOverdue)}</th><th>{tr(Msg::DeskChaseDueSoon)}</th>
                        </tr></thead>
                        <tbody>
                            {list.into_iter().map(|l| {
                                let unit = l.unit.clone();
                                let late = l.overdue > 0;
                                view! {
                                    <tr data-unit=l.unit.clone()>
                                        <td><button type="button" class="link" on:click=move |_| pick.run(unit.clone())>{l.name.clone()}</button></td>
                                        <td>{l.open}</td>
                                        <td class:overdue=late>{l.overdue}</td>
                                        <td>{l.due_soon}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            })}
        </details>
    }
}
