//! The administrator's paired-liaison rules (对口联系规定) of an
//! organisation: joint meetings a year (at least) and the department leaders'
//! visits a year (at least, at most), kept apart from the duty rules. Saved
//! with `PUT /api/v1/organisations/{id}/paired-rules`; the server refuses
//! wrong rules with every mistake in words, shown here, and keeps what it
//! had. An organisation without its own takes those above it, or the seed's.

use crate::api;
use crate::i18n::{I18n, tr};
use leptos::prelude::*;
use liaison_core::paired::PairedRule;
use liaison_i18n::Msg;
use serde_json::{Value, json};

const FIELDS: [(PairedRule, &str); 3] = [
    (PairedRule::JointMeetings, "joint_meetings_per_year"),
    (PairedRule::LeaderVisitsMin, "leader_visits_min"),
    (PairedRule::LeaderVisitsMax, "leader_visits_max"),
];

/// The editor, for the organisations the administrator can pick.
#[component]
pub fn PairedRulesEditor(token: StoredValue<String>, organisations: RwSignal<Vec<(String, String)>>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let org = RwSignal::new(String::new());
    let values: [RwSignal<String>; 3] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let preset = RwSignal::new(false);
    let problems = RwSignal::new(Vec::<String>::new());
    let saved = RwSignal::new(None::<String>);
    let show = move |answer: &Value| {
        let effective = answer.get("effective").cloned().unwrap_or(Value::Null);
        for ((_, key), value) in FIELDS.iter().zip(values) {
            value.set(effective.get(*key).and_then(Value::as_i64).map(|n| n.to_string()).unwrap_or_default());
        }
        preset.set(answer.get("preset").and_then(Value::as_bool).unwrap_or(false));
    };
    let load = move |id: String| {
        org.set(id.clone());
        problems.set(Vec::new());
        saved.set(None);
        if id.is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            let path = format!("/api/v1/organisations/{id}/paired-rules");
            match api::call_in(i18n.locale(), "GET", &path, &token.get_value(), None).await {
                Ok(answer) => show(&answer),
                Err(refusal) => problems.set(vec![i18n.t(refusal.msg).to_owned()]),
            }
        });
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut numbers = Vec::new();
        for value in values {
            match value.get_untracked().trim().parse::<i64>() {
                Ok(n) => numbers.push(n),
                Err(_) => {
                    saved.set(None);
                    problems.set(vec![i18n.t(Msg::AdminPolicyNotNumber).to_owned()]);
                    return;
                }
            }
        }
        let body = json!({
            "v": 1,
            "joint_meetings_per_year": numbers[0],
            "leader_visits_min": numbers[1],
            "leader_visits_max": numbers[2],
        });
        let path = format!("/api/v1/organisations/{}/paired-rules", org.get_untracked());
        leptos::task::spawn_local(async move {
            match api::call_in(i18n.locale(), "PUT", &path, &token.get_value(), Some(&body)).await {
                Ok(answer) => {
                    problems.set(Vec::new());
                    show(&answer);
                    saved.set(Some(i18n.t(Msg::AdminPolicySaved).to_owned()));
                }
                Err(refusal) => {
                    saved.set(None);
                    let mut said =
                        vec![if refusal.message.is_empty() { i18n.t(refusal.msg).to_owned() } else { refusal.message }];
                    said.extend(refusal.problems);
                    problems.set(said);
                }
            }
        });
    };
    view! {
        <h2>{tr(Msg::AdminPairedRules)}</h2>
        <section class="admin-policy paired-rules" data-testid="admin-paired-rules">
            <label for="paired-rules-org">{tr(Msg::AdminOrganisation)}</label>
            <select id="paired-rules-org" data-testid="paired-rules-org" on:change=move |ev| load(event_target_value(&ev))>
                <option value="">"—"</option>
                {move || organisations.get().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
            </select>
            <p class="notice" role="status" data-testid="paired-rules-saved" hidden=move || saved.with(Option::is_none)>{move || saved.get()}</p>
            <ul class="problem" role="alert" data-testid="paired-rules-problems" hidden=move || problems.with(Vec::is_empty)>
                {move || problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
            </ul>
            <form class="paired-form" hidden=move || org.with(String::is_empty) on:submit=save>
                <p class="muted" data-testid="paired-rules-preset" hidden=move || !preset.get()>{tr(Msg::AdminPairedRulesPreset)}</p>
                {FIELDS.iter().zip(values).map(|((rule, key), value)| {
                    let id = format!("paired-rules-{key}");
                    view! {
                        <label for=id.clone()>{tr(rule.msg())}</label>
                        <input id=id type="number" inputmode="numeric" data-testid=format!("paired-rules-{key}")
                            prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
                    }
                }).collect_view()}
                <button type="submit" class="primary" data-testid="paired-rules-save">{tr(Msg::AdminPairedRulesSave)}</button>
            </form>
        </section>
    }
}
