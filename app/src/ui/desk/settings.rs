//! The office's dispatch settings on the desk: the usual time limit, the
//! longest for urgent matters, and per category its days and usual unit
//! (`GET`/`PUT /api/v1/dispatch-settings`). Read once when the desk opens and
//! shared through context, so the dispatch form suggests them; the numbers are
//! parsed into the core's `DeadlinePolicy` and `DispatchTable` before sending.

use crate::api;
use crate::i18n::{I18n, tr};
use leptos::prelude::*;
use liaison_core::matter::deadline::DeadlinePolicy;
use liaison_core::matter::{DispatchTable, UnitFor};
use liaison_core::{Categories, Category};
use liaison_i18n::Msg;
use serde::{Deserialize, Serialize};

/// The settings as the server keeps them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dispatch {
    /// Days to reply.
    pub policy: DeadlinePolicy,
    /// Usual units.
    pub units: DispatchTable,
}

/// The desk's copy, in context (none until read, or for units).
#[derive(Clone, Copy)]
pub struct DispatchContext(pub RwSignal<Option<Dispatch>>);

/// Reads the office's settings into a new context.
pub fn provide(token: StoredValue<String>) {
    let settings = RwSignal::new(None::<Dispatch>);
    provide_context(DispatchContext(settings));
    leptos::task::spawn_local(async move {
        if let Ok(v) = api::call("GET", "/api/v1/dispatch-settings", &token.get_value(), None).await
            && let Ok(read) = serde_json::from_value::<Dispatch>(v)
        {
            settings.set(Some(read));
        }
    });
}

fn days(text: &str) -> Result<Option<u32>, Msg> {
    match text.trim() {
        "" => Ok(None),
        t => t.parse::<u32>().map(Some).map_err(|_| Msg::DeskDaysInvalid),
    }
}

/// The settings form.
#[component]
pub fn DispatchSettingsPanel(
    token: StoredValue<String>,
    categories: Signal<Categories>,
    units: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let DispatchContext(settings) = expect_context::<DispatchContext>();
    let current = settings.get_untracked();
    let policy = current.as_ref().map(|s| s.policy.clone()).unwrap_or_else(DeadlinePolicy::preset);
    let table = current.map(|s| s.units).unwrap_or_default();
    let default_days = RwSignal::new(policy.default_days().to_string());
    let urgent_days = RwSignal::new(policy.urgent_days().map(|d| d.to_string()).unwrap_or_default());
    // One row per category of the list: its days and its unit, as typed.
    let rows: Vec<(Category, RwSignal<String>, RwSignal<String>)> = categories.with_untracked(|list| {
        list.defs()
            .iter()
            .map(|d| {
                let code = d.code.clone();
                let days = policy.by_category().iter().find(|(c, _)| *c == code).map(|(_, n)| n.to_string());
                let unit = table.unit_for(&code).map(|u| u.to_string()).unwrap_or_default();
                (code, RwSignal::new(days.unwrap_or_default()), RwSignal::new(unit))
            })
            .collect()
    });
    let rows = StoredValue::new(rows);
    let problem = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let build = move || -> Result<Dispatch, Msg> {
        let default = days(&default_days.get_untracked())?.ok_or(Msg::DeskDaysInvalid)?;
        let urgent = days(&urgent_days.get_untracked())?;
        let mut by_category = Vec::new();
        let mut lines = Vec::new();
        for (code, d, u) in rows.get_value() {
            if let Some(n) = days(&d.get_untracked())? {
                by_category.push((code.clone(), n));
            }
            if let Ok(unit) = u.get_untracked().parse() {
                lines.push(UnitFor { category: code, unit });
            }
        }
        let policy = DeadlinePolicy::new(default, urgent, by_category).map_err(|_| Msg::DeskDaysInvalid)?;
        let units = DispatchTable::new(lines).map_err(|_| Msg::DispatchSettingsInvalid)?;
        Ok(Dispatch { policy, units })
    };
    let save = move |_| {
        saved.set(false);
        let built = match build() {
            Ok(b) => b,
            Err(msg) => return problem.set(Some(i18n.t(msg).to_owned())),
        };
        problem.set(None);
        leptos::task::spawn_local(async move {
            let body = serde_json::to_value(&built).unwrap_or_default();
            match api::call("PUT", "/api/v1/dispatch-settings", &token.get_value(), Some(&body)).await {
                Ok(_) => {
                    settings.set(Some(built));
                    saved.set(true);
                }
                Err(msg) => problem.set(Some(i18n.t(msg).to_owned())),
            }
        });
    };
    view! {
        <section class="desk-settings card-form" data-testid="desk-settings">
            <h2>{tr(Msg::DeskSettingsTitle)}</h2>
            <p class="muted small">{tr(Msg::DeskSettingsHint)}</p>
            <label for="default-days">{tr(Msg::DeskDefaultDays)}</label>
            <input id="default-days" inputmode="numeric" data-testid="default-days" prop:value=default_days
                on:input=move |ev| default_days.set(event_target_value(&ev))/>
            <label for="urgent-days">{tr(Msg::DeskUrgentDays)}</label>
            <input id="urgent-days" inputmode="numeric" data-testid="urgent-days" prop:value=urgent_days
                on:input=move |ev| urgent_days.set(event_target_value(&ev))/>
            <table class="settings-table">
                <thead><tr>
                    <th>{tr(Msg::FieldCategory)}</th><th>{tr(Msg::DeskCategoryDays)}</th><th>{tr(Msg::DeskUsualUnit)}</th>
                </tr></thead>
                <tbody>
                    {rows.get_value().into_iter().map(|(code, d, u)| {
                        let name = categories.with_untracked(|l| l.label(&code, i18n.locale()));
                        let code = code.code().to_owned();
                        view! {
                            <tr data-category=code.clone()>
                                <td>{name.clone()}</td>
                                <td><input inputmode="numeric" aria-label=name.clone() data-testid=format!("days-{code}") prop:value=d
                                    on:input=move |ev| d.set(event_target_value(&ev))/></td>
                                <td><select aria-label=tr(Msg::DeskUsualUnit) data-testid=format!("unit-{code}")
                                    on:change=move |ev| u.set(event_target_value(&ev))>
                                    <option value="" selected=move || u.get().is_empty()>{tr(Msg::DeskNoUnit)}</option>
                                    {move || units.get().into_iter().map(|(id, n)| {
                                        let chosen = u.get_untracked() == id;
                                        view! { <option value=id selected=chosen>{n}</option> }
                                    }).collect_view()}
                                </select></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <p class="problem" role="alert" data-testid="settings-problem" hidden=move || problem.with(Option::is_none)>{move || problem.get()}</p>
            <p class="notice" data-testid="settings-saved" hidden=move || !saved.get()>{tr(Msg::DeskSettingsSaved)}</p>
            <button type="button" class="primary" data-testid="settings-save" on:click=save>{tr(Msg::DeskSave)}</button>
        </section>
    }
}
