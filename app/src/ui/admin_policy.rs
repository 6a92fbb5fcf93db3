//! The administrator's duty rules (履职规定) of an organisation: versions of
//! its rules by the day they take effect (a rule left empty is inherited
//! from the organisation above, or not owed), its terms and its annual
//! congress dates; the seeds' two counties as presets to start from. Saved
//! whole with `PUT /api/v1/organisations/{id}/policy`; the server refuses a
//! wrong policy with every mistake in words, shown here, and keeps what it
//! had. "Inherit everything" removes the organisation's own rules.

use crate::api;
use crate::i18n::{I18n, tr};
use leptos::prelude::*;
use liaison_core::duty::{Rule, RulesRecord, presets};
use liaison_i18n::Msg;
use serde_json::{Map, Value, json};

/// One version being edited: its first day and a text per rule (empty = not set).
#[derive(Clone, Debug, PartialEq)]
struct Version {
    effective_from: String,
    values: Vec<String>,
}

impl Version {
    fn of(effective_from: String, rules: &Value) -> Version {
        let values = Rule::ALL
            .iter()
            .map(|r| rules.get(r.code()).and_then(Value::as_i64).map(|n| n.to_string()).unwrap_or_default())
            .collect();
        Version { effective_from, values }
    }

    fn preset(effective_from: String, record: &RulesRecord) -> Version {
        Version::of(effective_from, &serde_json::to_value(record).unwrap_or(Value::Null))
    }
}

/// The form's state, from the server's record (or empty).
#[derive(Clone, Debug, Default, PartialEq)]
struct Form {
    versions: Vec<Version>,
    terms: Vec<(String, String)>,
    congresses: Vec<String>,
}

fn form_of(policy: &Value) -> Form {
    let list = |k: &str| policy.get(k).and_then(Value::as_array).cloned().unwrap_or_default();
    let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
    Form {
        versions: list("versions")
            .iter()
            .map(|v| Version::of(text(v, "effective_from"), v.get("rules").unwrap_or(&Value::Null)))
            .collect(),
        terms: list("terms").iter().map(|t| (text(t, "first_day"), text(t, "last_day"))).collect(),
        congresses: list("congresses").iter().filter_map(|d| d.as_str().map(str::to_owned)).collect(),
    }
}

/// The record to send, or the first rule whose text is not a whole number.
fn record_of(form: &Form) -> Result<Value, Msg> {
    let mut versions = Vec::new();
    for v in &form.versions {
        let mut rules = Map::new();
        for (rule, text) in Rule::ALL.iter().zip(&v.values) {
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            let n: i64 = text.parse().map_err(|_| Msg::AdminPolicyNotNumber)?;
            rules.insert(rule.code().to_owned(), json!(n));
        }
        versions.push(json!({ "effective_from": v.effective_from.trim(), "rules": rules }));
    }
    let terms: Vec<Value> =
        form.terms.iter().map(|(f, l)| json!({ "first_day": f.trim(), "last_day": l.trim() })).collect();
    let congresses: Vec<&str> = form.congresses.iter().map(|d| d.trim()).filter(|d| !d.is_empty()).collect();
    // The organisation and its parent are the server's to fill in.
    Ok(
        json!({ "v": 1, "organisation": "", "parent": "", "versions": versions, "terms": terms, "congresses": congresses }),
    )
}

fn this_year_start() -> String {
    let day = liaison_core::time::format_local(chrono::Utc::now());
    format!("{}-01-01", &day[..4])
}

/// The editor, for the organisations the administrator can pick.
#[component]
pub fn PolicyEditor(token: StoredValue<String>, organisations: RwSignal<Vec<(String, String)>>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let org = RwSignal::new(String::new());
    let form = RwSignal::new(None::<Form>);
    let preset = RwSignal::new(false);
    let problems = RwSignal::new(Vec::<String>::new());
    let saved = RwSignal::new(None::<String>);
    let show = move |answer: &Value| {
        form.set(Some(form_of(answer.get("policy").unwrap_or(&Value::Null))));
        preset.set(answer.get("preset").and_then(Value::as_bool).unwrap_or(false));
    };
    let load = move |id: String| {
        org.set(id.clone());
        problems.set(Vec::new());
        saved.set(None);
        if id.is_empty() {
            form.set(None);
            return;
        }
        leptos::task::spawn_local(async move {
            let path = format!("/api/v1/organisations/{id}/policy");
            match api::call_in(i18n.locale(), "GET", &path, &token.get_value(), None).await {
                Ok(answer) => show(&answer),
                Err(refusal) => problems.set(vec![i18n.t(refusal.msg).to_owned()]),
            }
        });
    };
    let send = move |body: Value| {
        let path = format!("/api/v1/organisations/{}/policy", org.get_untracked());
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
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(current) = form.get_untracked() else { return };
        match record_of(&current) {
            Ok(body) => send(body),
            Err(msg) => {
                saved.set(None);
                problems.set(vec![i18n.t(msg).to_owned()]);
            }
        }
    };
    // Adding or removing a row redraws the form; a typed value is already on
    // screen, so keeping it does not (the field keeps its focus).
    let edit = move |f: &dyn Fn(&mut Form)| {
        form.update(|form| {
            if let Some(form) = form {
                f(form)
            }
        })
    };
    let keep = move |f: &dyn Fn(&mut Form)| {
        form.update_untracked(|form| {
            if let Some(form) = form {
                f(form)
            }
        })
    };
    let add_version = move |rules: Option<RulesRecord>| {
        edit(&|f: &mut Form| {
            let day = this_year_start();
            f.versions.push(match &rules {
                Some(r) => Version::preset(day, r),
                None => Version::of(day, &Value::Null),
            })
        })
    };
    view! {
        <h2>{tr(Msg::AdminPolicy)}</h2>
        <section class="admin-policy" data-testid="admin-policy">
            <label for="policy-org">{tr(Msg::AdminOrganisation)}</label>
            <select id="policy-org" data-testid="policy-org" on:change=move |ev| load(event_target_value(&ev))>
                <option value="">"—"</option>
                {move || organisations.get().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
            </select>
            <p class="notice" role="status" data-testid="policy-saved" hidden=move || saved.with(Option::is_none)>{move || saved.get()}</p>
            <ul class="problem" role="alert" data-testid="policy-problems" hidden=move || problems.with(Vec::is_empty)>
                {move || problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
            </ul>
            {move || form.get().map(|f| {
                let versions = f.versions.len();
                view! {
                    <p class="muted" data-testid="policy-inherits" hidden=move || !preset.get()>{tr(Msg::AdminPolicyPreset)}</p>
                    <form class="card-form" on:submit=save data-testid="policy-form">
                        <div class="table-scroll">
                            <table class="settings-table policy-table">
                                <thead><tr>
                                    <th>{tr(Msg::AdminPolicyEffective)}</th>
                                    {(0..versions).map(|i| view! {
                                        <th><input type="date" data-testid=format!("policy-effective-{i}")
                                            prop:value=f.versions[i].effective_from.clone()
                                            on:input=move |ev| { let day = event_target_value(&ev); keep(&|f: &mut Form| f.versions[i].effective_from = day.clone()) }/>
                                            <button type="button" class="link" data-testid=format!("policy-remove-version-{i}")
                                                on:click=move |_| edit(&|f: &mut Form| { f.versions.remove(i); })>{tr(Msg::AdminPolicyRemove)}</button></th>
                                    }).collect_view()}
                                </tr></thead>
                                <tbody>
                                    {Rule::ALL.iter().enumerate().map(|(r, rule)| view! {
                                        <tr data-rule=rule.code()>
                                            <td>{tr(rule.msg())}</td>
                                            {(0..versions).map(|i| view! {
                                                <td><input type="text" inputmode="numeric" data-testid=format!("policy-{}-{i}", rule.code())
                                                    placeholder=move || i18n.t(Msg::AdminPolicyInherited)
                                                    prop:value=f.versions[i].values[r].clone()
                                                    on:input=move |ev| { let text = event_target_value(&ev); keep(&|f: &mut Form| f.versions[i].values[r] = text.clone()) }/></td>
                                            }).collect_view()}
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <div class="form-buttons">
                            <button type="button" data-testid="policy-add-version" on:click=move |_| add_version(None)>{tr(Msg::AdminPolicyAddVersion)}</button>
                            <button type="button" data-testid="policy-preset-a" on:click=move |_| add_version(Some(RulesRecord::from(&presets::county_a())))>{tr(Msg::AdminPolicyPresetA)}</button>
                            <button type="button" data-testid="policy-preset-b" on:click=move |_| add_version(Some(RulesRecord::from(&presets::county_b())))>{tr(Msg::AdminPolicyPresetB)}</button>
                        </div>
                        <h3>{tr(Msg::AdminPolicyTerms)}</h3>
                        {(0..f.terms.len()).map(|i| view! {
                            <p class="form-row">
                                <input type="date" data-testid=format!("policy-term-first-{i}") prop:value=f.terms[i].0.clone()
                                    on:input=move |ev| { let d = event_target_value(&ev); keep(&|f: &mut Form| f.terms[i].0 = d.clone()) }/>
                                " — "
                                <input type="date" data-testid=format!("policy-term-last-{i}") prop:value=f.terms[i].1.clone()
                                    on:input=move |ev| { let d = event_target_value(&ev); keep(&|f: &mut Form| f.terms[i].1 = d.clone()) }/>
                                <button type="button" class="link" data-testid=format!("policy-remove-term-{i}")
                                    on:click=move |_| edit(&|f: &mut Form| { f.terms.remove(i); })>{tr(Msg::AdminPolicyRemove)}</button>
                            </p>
                        }).collect_view()}
                        <button type="button" data-testid="policy-add-term" on:click=move |_| edit(&|f: &mut Form| f.terms.push((String::new(), String::new())))>{tr(Msg::AdminPolicyAddTerm)}</button>
                        <h3>{tr(Msg::AdminPolicyCongresses)}</h3>
                        {(0..f.congresses.len()).map(|i| view! {
                            <p class="form-row"><input type="date" data-testid=format!("policy-congress-{i}") prop:value=f.congresses[i].clone()
                                on:input=move |ev| { let d = event_target_value(&ev); keep(&|f: &mut Form| f.congresses[i] = d.clone()) }/>
                                <button type="button" class="link" on:click=move |_| edit(&|f: &mut Form| { f.congresses.remove(i); })>{tr(Msg::AdminPolicyRemove)}</button></p>
                        }).collect_view()}
                        <button type="button" data-testid="policy-add-congress" on:click=move |_| edit(&|f: &mut Form| f.congresses.push(String::new()))>{tr(Msg::AdminPolicyAddCongress)}</button>
                        <div class="form-buttons">
                            <button type="submit" class="primary" data-testid="policy-save">{tr(Msg::AdminPolicySave)}</button>
                            <button type="button" data-testid="policy-inherit" on:click=move |_| send(Value::Null)>{tr(Msg::AdminPolicyInherit)}</button>
                        </div>
                    </form>
                }
            })}
        </section>
    }
}
