//! The office's paired liaison (对口联系, seed 002): every pairing of a
//! department in the office's scope with a party or the federation of
//! commerce, its joint meetings and leaders' visits this year (done /
//! required, coloured by status) and document exchanges
//! (`GET /api/v1/paired`); adding a pairing (`POST /api/v1/paired`); one
//! pairing's events and recording a new one (`GET /api/v1/paired/{id}`,
//! `POST …/events`); the table for Excel (`GET /api/v1/paired.xlsx`).

use crate::api;
use crate::i18n::{I18n, tr};
use leptos::prelude::*;
use liaison_core::duty::DutyStatus;
use liaison_core::paired::{PairedEventKind, PartnerKind};
use liaison_core::time;
use liaison_i18n::Msg;
use serde::Deserialize;
use serde_json::json;

#[derive(Clone, Debug, Deserialize)]
struct Line {
    done: u32,
    required: u32,
    status: String,
}

#[derive(Clone, Debug, Deserialize)]
struct Item {
    id: String,
    department_name: String,
    partner_kind: String,
    partner_name: String,
    joint_meetings: Line,
    leader_visits: Line,
    visits_max: u32,
    above_max: bool,
    documents: u32,
    worst: String,
}

#[derive(Clone, Debug, Deserialize)]
struct Department {
    id: String,
    name: String,
}

#[derive(Clone, Debug, Deserialize)]
struct Report {
    items: Vec<Item>,
    departments: Vec<Department>,
}

#[derive(Clone, Debug, Deserialize)]
struct Event {
    kind: String,
    on: String,
    note: Option<String>,
    recorded_by: String,
}

#[derive(Clone, Debug, Deserialize)]
struct Detail {
    #[serde(flatten)]
    item: Item,
    events: Vec<Event>,
}

fn status_name(i18n: I18n, code: &str) -> String {
    DutyStatus::parse(code).map(|s| i18n.t(s.msg()).to_owned()).unwrap_or_else(|| code.to_owned())
}

fn partner_kind_name(i18n: I18n, code: &str) -> String {
    PartnerKind::parse(code).map(|k| i18n.t(k.msg()).to_owned()).unwrap_or_else(|_| code.to_owned())
}

fn event_kind_name(i18n: I18n, code: &str) -> String {
    PairedEventKind::parse(code).map(|k| i18n.t(k.msg()).to_owned()).unwrap_or_else(|_| code.to_owned())
}

fn today() -> String {
    time::format_local(chrono::Utc::now())[..10].to_owned()
}

/// A done/required cell coloured by its status.
fn cell(i18n: I18n, line: &Line, testid: &'static str) -> impl IntoView {
    view! {
        <td class=format!("duty-cell {}", line.status) data-testid=testid data-status=line.status.clone()
            title=status_name(i18n, &line.status)>{format!("{}/{}", line.done, line.required)}</td>
    }
}

/// The panel, for the office whose device token is `token`.
#[component]
pub fn Paired(token: StoredValue<String>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let report = RwSignal::new(None::<Report>);
    let chosen = RwSignal::new(None::<Detail>);
    let problem = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let say = move |refusal: api::Refusal| {
        notice.set(None);
        problem.set(Some(if refusal.message.is_empty() { i18n.t(refusal.msg).to_owned() } else { refusal.message }));
    };
    let load = move || {
        leptos::task::spawn_local(async move {
            match api::call_in(i18n.locale(), "GET", "/api/v1/paired", &token.get_value(), None).await {
                Ok(v) => match serde_json::from_value::<Report>(v) {
                    Ok(r) => report.set(Some(r)),
                    Err(_) => problem.set(Some(i18n.t(Msg::ServerNotFound).to_owned())),
                },
                Err(refusal) => say(refusal),
            }
        });
    };
    load();
    let open = move |id: String| {
        leptos::task::spawn_local(async move {
            match api::call_in(i18n.locale(), "GET", &format!("/api/v1/paired/{id}"), &token.get_value(), None).await {
                Ok(v) => chosen.set(serde_json::from_value::<Detail>(v).ok()),
                Err(refusal) => say(refusal),
            }
        });
    };
    let export = move |_| {
        leptos::task::spawn_local(async move {
            match api::blob("/api/v1/paired.xlsx", &token.get_value()).await {
                Ok(file) => {
                    let _ = crate::device::download_blob(&format!("paired-{}.xlsx", today()), &file);
                }
                Err(msg) => problem.set(Some(i18n.t(msg).to_owned())),
            }
        });
    };
    // Adding a pairing.
    let department = RwSignal::new(String::new());
    let partner_kind = RwSignal::new(PartnerKind::Party.code().to_owned());
    let partner_name = RwSignal::new(String::new());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = json!({
            "department": department.get_untracked(),
            "partner_kind": partner_kind.get_untracked(),
            "partner_name": partner_name.get_untracked(),
        });
        leptos::task::spawn_local(async move {
            match api::call_in(i18n.locale(), "POST", "/api/v1/paired", &token.get_value(), Some(&body)).await {
                Ok(_) => {
                    problem.set(None);
                    notice.set(Some(i18n.t(Msg::DeskPairedSaved).to_owned()));
                    partner_name.set(String::new());
                    load();
                }
                Err(refusal) => say(refusal),
            }
        });
    };
    // Recording an event of the pairing open below.
    let kind = RwSignal::new(PairedEventKind::JointMeeting.code().to_owned());
    let day = RwSignal::new(today());
    let note = RwSignal::new(String::new());
    let record = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = chosen.with_untracked(|c| c.as_ref().map(|d| d.item.id.clone())) else { return };
        let body = json!({ "kind": kind.get_untracked(), "on": day.get_untracked(), "note": note.get_untracked() });
        leptos::task::spawn_local(async move {
            let path = format!("/api/v1/paired/{id}/events");
            match api::call_in(i18n.locale(), "POST", &path, &token.get_value(), Some(&body)).await {
                Ok(v) => {
                    problem.set(None);
                    notice.set(Some(i18n.t(Msg::DeskPairedSaved).to_owned()));
                    note.set(String::new());
                    chosen.set(serde_json::from_value::<Detail>(v).ok());
                    load();
                }
                Err(refusal) => say(refusal),
            }
        });
    };
    view! {
        <details class="desk-duties paired-panel" data-testid="desk-paired">
            <summary>{tr(Msg::DeskPaired)}</summary>
            <p class="problem" role="alert" data-testid="paired-problem" hidden=move || problem.with(Option::is_none)>{move || problem.get()}</p>
            <p class="notice" role="status" data-testid="paired-notice" hidden=move || notice.with(Option::is_none)>{move || notice.get()}</p>
            <div class="filters desk-filters">
                <button type="button" data-testid="paired-xlsx" on:click=export>{tr(Msg::DeskExportXlsx)}</button>
            </div>
            {move || report.get().map(|r| {
                if r.items.is_empty() {
                    return view! { <p class="muted" data-testid="paired-none">{tr(Msg::DeskPairedNone)}</p> }.into_any();
                }
                view! {
                    <div class="table-scroll">
                        <table class="settings-table paired-table" data-testid="paired-table">
                            <thead><tr>
                                <th>{tr(Msg::DeskPairedDepartment)}</th><th>{tr(Msg::DeskPairedPartner)}</th>
                                <th>{tr(Msg::DeskPairedMeetings)}</th><th>{tr(Msg::DeskPairedVisits)}</th>
                                <th>{tr(Msg::DeskPairedDocuments)}</th><th>{tr(Msg::DeskPairedStatus)}</th>
                            </tr></thead>
                            <tbody>
                                {r.items.into_iter().map(|item| {
                                    let id = item.id.clone();
                                    view! {
                                        <tr data-pairing=item.id.clone()>
                                            <td><button type="button" class="link" on:click=move |_| open(id.clone())>{item.department_name.clone()}</button></td>
                                            <td>{item.partner_name.clone()}<span class="muted paired-kind">{format!(" · {}", partner_kind_name(i18n, &item.partner_kind))}</span></td>
                                            {cell(i18n, &item.joint_meetings, "paired-meetings")}
                                            {cell(i18n, &item.leader_visits, "paired-visits")}
                                            <td data-testid="paired-documents">{item.documents}</td>
                                            <td class=format!("duty-cell {}", item.worst) data-testid="paired-worst" data-status=item.worst.clone()>
                                                {status_name(i18n, &item.worst)}
                                                {item.above_max.then(|| view! { <span class="paired-above" title=i18n.t(Msg::PairedAboveMax).to_owned()>" ↑"</span> })}
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            })}
            {move || chosen.get().map(|d| {
                let item = d.item.clone();
                view! {
                    <section class="duty-detail paired-detail" data-testid="paired-detail">
                        <h3>{format!("{} — {}", item.department_name, item.partner_name)}</h3>
                        <p class="muted">{i18n.fill(Msg::DeskPairedRules, &[
                            ("meetings", &item.joint_meetings.required.to_string()),
                            ("min", &item.leader_visits.required.to_string()),
                            ("max", &item.visits_max.to_string()),
                        ])}</p>
                        <form class="paired-form" data-testid="paired-record" on:submit=record>
                            <h4>{tr(Msg::DeskPairedRecord)}</h4>
                            <label for="paired-kind">{tr(Msg::DeskPairedKind)}</label>
                            <select id="paired-kind" data-testid="paired-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                                {PairedEventKind::ALL.iter().map(|k| view! {
                                    <option value=k.code() selected=move || kind.get() == k.code()>{tr(k.msg())}</option>
                                }).collect_view()}
                            </select>
                            <label for="paired-day">{tr(Msg::DeskPairedDay)}</label>
                            <input id="paired-day" type="date" data-testid="paired-day" required max=today()
                                prop:value=move || day.get() on:input=move |ev| day.set(event_target_value(&ev))/>
                            <label for="paired-note">{tr(Msg::DeskPairedNote)}</label>
                            <textarea id="paired-note" data-testid="paired-note" rows="2"
                                prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                            <button type="submit" class="primary">{tr(Msg::DeskPairedRecord)}</button>
                        </form>
                        <h4>{tr(Msg::DeskPairedEvents)}</h4>
                        {if d.events.is_empty() {
                            view! { <p class="muted">{tr(Msg::DeskPairedNoEvents)}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="paired-events" data-testid="paired-events">
                                    {d.events.iter().map(|e| view! {
                                        <li data-kind=e.kind.clone()>
                                            <strong>{e.on.clone()}</strong>" "{event_kind_name(i18n, &e.kind)}
                                            {e.note.clone().map(|n| view! { " · "<span>{n}</span> })}
                                            <span class="muted">{format!(" · {}：{}", i18n.t(Msg::DeskPairedRecordedBy), e.recorded_by)}</span>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </section>
                }
            })}
            <form class="paired-form" data-testid="paired-add" on:submit=add>
                <h3>{tr(Msg::DeskPairedAdd)}</h3>
                <label for="paired-department">{tr(Msg::DeskPairedDepartment)}</label>
                <select id="paired-department" data-testid="paired-department" required
                    on:change=move |ev| department.set(event_target_value(&ev))>
                    <option value="">{tr(Msg::DeskPairedChoose)}</option>
                    {move || report.with(|r| r.as_ref().map(|r| r.departments.iter().map(|d| {
                        view! { <option value=d.id.clone()>{d.name.clone()}</option> }
                    }).collect_view()))}
                </select>
                <label for="paired-partner-kind">{tr(Msg::DeskPairedPartnerKind)}</label>
                <select id="paired-partner-kind" data-testid="paired-partner-kind"
                    on:change=move |ev| partner_kind.set(event_target_value(&ev))>
                    {PartnerKind::ALL.iter().map(|k| view! { <option value=k.code()>{tr(k.msg())}</option> }).collect_view()}
                </select>
                <label for="paired-partner-name">{tr(Msg::DeskPairedPartner)}</label>
                <input id="paired-partner-name" data-testid="paired-partner-name" required maxlength="100"
                    prop:value=move || partner_name.get() on:input=move |ev| partner_name.set(event_target_value(&ev))/>
                <button type="submit" class="primary">{tr(Msg::DeskPairedAdd)}</button>
            </form>
        </details>
    }
}
