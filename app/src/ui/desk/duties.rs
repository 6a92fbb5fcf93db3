//! The office's duty dashboard (代表履职情况, issue 6): every representative
//! of the office's organisations with each duty's done / required, coloured
//! by status, most behind first (`GET /api/v1/duties`); a filter by worst
//! status; one representative's lines, this year's activities and the
//! opinions still to report (`GET /api/v1/duties/{id}`); the whole table for
//! Excel (`GET /api/v1/duties.csv`, or `…/duties.xlsx`).

use crate::api;
use crate::i18n::{I18n, tr};
use leptos::prelude::*;
use liaison_core::document::DocumentKind;
use liaison_core::duty::{Duty, DutyStatus};
use liaison_core::{ActivityKind, LiaisonPointId, time};
use liaison_i18n::Msg;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Clone, Debug, Deserialize)]
struct Line {
    duty: String,
    point: Option<String>,
    done: u32,
    required: u32,
    status: String,
    due: String,
}

#[derive(Clone, Debug, Deserialize)]
struct Rep {
    id: String,
    name: String,
    worst: String,
    owed: u32,
    lines: Vec<Line>,
}

#[derive(Clone, Debug, Deserialize)]
struct Board {
    total: usize,
    preset: bool,
    counts: HashMap<String, usize>,
    items: Vec<Rep>,
}

#[derive(Clone, Debug, Deserialize)]
struct Activity {
    at: String,
    kind: String,
    point: Option<String>,
    contacts: usize,
}

#[derive(Clone, Debug, Deserialize)]
struct Unreported {
    collected_at: String,
    due: String,
}

#[derive(Clone, Debug, Deserialize)]
struct RecordedDocument {
    kind: String,
    at: String,
}

#[derive(Clone, Debug, Deserialize)]
struct Detail {
    #[serde(flatten)]
    rep: Rep,
    activities: Vec<Activity>,
    #[serde(default)]
    documents: Vec<RecordedDocument>,
    opinions: Vec<Unreported>,
}

/// A duty's name from its code (and point).
fn duty_name(i18n: I18n, duty: &str, point: Option<&str>) -> String {
    let point = point.and_then(|p| p.parse::<LiaisonPointId>().ok());
    Duty::parse(duty, point).map(|d| i18n.t(d.name()).to_owned()).unwrap_or_else(|| duty.to_owned())
}

fn status_name(i18n: I18n, code: &str) -> String {
    DutyStatus::parse(code).map(|s| i18n.t(s.msg()).to_owned()).unwrap_or_else(|| code.to_owned())
}

/// A deadline as the office reads it (a period's end is its last day).
fn due(at: &str) -> String {
    time::from_wire(at).map(time::format_due).unwrap_or_else(|_| at.to_owned())
}

/// A time as the office reads it, in China time.
fn local(at: &str) -> String {
    time::from_wire(at).map(time::format_local).unwrap_or_else(|_| at.to_owned())
}

/// The duty columns, in the order the first representative lists them (all
/// are evaluated under one policy), then any others.
fn columns(reps: &[Rep]) -> Vec<(String, Option<String>)> {
    let mut cols: Vec<(String, Option<String>)> = Vec::new();
    for line in reps.iter().flat_map(|r| &r.lines) {
        let key = (line.duty.clone(), line.point.clone());
        if !cols.contains(&key) {
            cols.push(key);
        }
    }
    cols
}

/// The dashboard, for the office whose device token is `token`.
#[component]
pub fn Duties(token: StoredValue<String>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let status = RwSignal::new(String::new());
    let board = RwSignal::new(None::<Board>);
    let chosen = RwSignal::new(None::<Detail>);
    let problem = RwSignal::new(None::<String>);
    let load = move || {
        let filter = status.get_untracked();
        let query = if filter.is_empty() {
            "/api/v1/duties?limit=500".to_owned()
        } else {
            format!("/api/v1/duties?limit=500&status={filter}")
        };
        leptos::task::spawn_local(async move {
            match api::call("GET", &query, &token.get_value(), None).await {
                Ok(v) => match serde_json::from_value::<Board>(v) {
                    Ok(b) => {
                        problem.set(None);
                        board.set(Some(b));
                    }
                    Err(_) => problem.set(Some(i18n.t(Msg::ServerNotFound).to_owned())),
                },
                Err(msg) => problem.set(Some(i18n.t(msg).to_owned())),
            }
        });
    };
    load();
    let open = move |id: String| {
        leptos::task::spawn_local(async move {
            match api::call("GET", &format!("/api/v1/duties/{id}"), &token.get_value(), None).await {
                Ok(v) => chosen.set(serde_json::from_value::<Detail>(v).ok()),
                Err(msg) => problem.set(Some(i18n.t(msg).to_owned())),
            }
        });
    };
    let export = move |_| {
        leptos::task::spawn_local(async move {
            // As bytes: a text would lose the byte-order mark Excel needs.
            match api::blob("/api/v1/duties.csv", &token.get_value()).await {
                Ok(file) => {
                    let day = time::format_local(chrono::Utc::now());
                    let _ = crate::device::download_blob(&format!("duties-{}.csv", &day[..10]), &file);
                }
                Err(msg) => problem.set(Some(i18n.t(msg).to_owned())),
            }
        });
    };
    let export_xlsx = move |_| {
        leptos::task::spawn_local(async move {
            match api::blob("/api/v1/duties.xlsx", &token.get_value()).await {
                Ok(file) => {
                    let day = time::format_local(chrono::Utc::now());
                    let _ = crate::device::download_blob(&format!("duties-{}.xlsx", &day[..10]), &file);
                }
                Err(msg) => problem.set(Some(i18n.t(msg).to_owned())),
            }
        });
    };
    view! {
        <details class="desk-duties" data-testid="desk-duties">
            <summary>{tr(Msg::DeskDuties)}</summary>
            <p class="muted" data-testid="desk-duties-preset" hidden=move || !board.with(|b| b.as_ref().is_some_and(|b| b.preset))>
                {tr(Msg::DeskDutiesPreset)}
            </p>
            <p class="problem" role="alert" hidden=move || problem.with(Option::is_none)>{move || problem.get()}</p>
            <div class="filters desk-filters">
                <select aria-label=tr(Msg::DeskDutiesWorst) data-testid="desk-duties-status"
                    on:change=move |ev| { status.set(event_target_value(&ev)); chosen.set(None); load(); }>
                    <option value="">{tr(Msg::DeskDutiesAll)}</option>
                    {DutyStatus::ALL.iter().rev().map(|s| {
                        let code = s.code();
                        let count = move || board.with(|b| b.as_ref().and_then(|b| b.counts.get(code).copied()).unwrap_or(0));
                        view! { <option value=code>{move || format!("{}（{}）", i18n.t(s.msg()), count())}</option> }
                    }).collect_view()}
                </select>
                <button type="button" data-testid="desk-duties-csv" on:click=export>{tr(Msg::DeskDutiesExport)}</button>
                <button type="button" data-testid="desk-duties-xlsx" on:click=export_xlsx>{tr(Msg::DeskExportXlsx)}</button>
            </div>
            {move || board.get().map(|b| {
                if b.items.is_empty() {
                    return view! { <p class="muted">{tr(Msg::DeskDutiesNone)}</p> }.into_any();
                }
                let cols = columns(&b.items);
                let heads = cols.iter().map(|(duty, point)| {
                    view! { <th>{duty_name(i18n, duty, point.as_deref())}</th> }
                }).collect_view();
                // Charts: representatives by worst status, and each duty's share done.
                let all: usize = b.counts.values().sum();
                let share = |n: usize, of: usize| (n * 100).checked_div(of).unwrap_or(0);
                let by_status = DutyStatus::ALL.iter().rev().map(|s| {
                    let n = b.counts.get(s.code()).copied().unwrap_or(0);
                    view! {
                        <li data-status=s.code()>
                            <span class="chart-label">{i18n.t(s.msg()).to_owned()}</span>
                            <span class="chart-bar"><span class=format!("chart-fill {}", s.code()) style=format!("width: {}%", share(n, all))></span></span>
                            <span class="chart-value">{n}</span>
                        </li>
                    }
                }).collect_view();
                let by_duty = cols.iter().map(|(duty, point)| {
                    let of = b.items.iter().filter(|r| r.lines.iter().any(|l| &l.duty == duty && &l.point == point)).count();
                    let done = b.items.iter().filter(|r| r.lines.iter().any(|l| &l.duty == duty && &l.point == point && l.status == "done")).count();
                    view! {
                        <li data-duty=duty.clone()>
                            <span class="chart-label">{duty_name(i18n, duty, point.as_deref())}</span>
                            <span class="chart-bar"><span class="chart-fill done" style=format!("width: {}%", share(done, of))></span></span>
                            <span class="chart-value">{format!("{}%", share(done, of))}</span>
                        </li>
                    }
                }).collect_view();
                view! {
                    <div class="duty-charts" data-testid="desk-duties-charts">
                        <figure><figcaption>{tr(Msg::DeskDutiesByStatus)}</figcaption><ul class="chart-bars">{by_status}</ul></figure>
                        <figure><figcaption>{tr(Msg::DeskDutiesShareDone)}</figcaption><ul class="chart-bars">{by_duty}</ul></figure>
                    </div>
                    <p class="count" data-testid="desk-duties-total">{i18n.fill(Msg::DeskDutiesTotal, &[("count", &b.total.to_string())])}</p>
                    <div class="table-scroll">
                        <table class="settings-table duty-table" data-testid="desk-duties-table">
                            <thead><tr>
                                <th>{tr(Msg::DutyCsvRepresentative)}</th><th>{tr(Msg::DeskDutiesWorst)}</th>
                                <th>{tr(Msg::DeskDutiesOwed)}</th>{heads}
                            </tr></thead>
                            <tbody>
                                {b.items.into_iter().map(|rep| {
                                    let id = rep.id.clone();
                                    let cells = cols.iter().map(|(duty, point)| {
                                        match rep.lines.iter().find(|l| &l.duty == duty && &l.point == point) {
                                            Some(l) => view! {
                                                <td class=format!("duty-cell {}", l.status) data-duty=l.duty.clone()
                                                    title=status_name(i18n, &l.status)>{format!("{}/{}", l.done, l.required)}</td>
                                            }.into_any(),
                                            None => view! { <td></td> }.into_any(),
                                        }
                                    }).collect_view();
                                    view! {
                                        <tr data-rep=rep.id.clone()>
                                            <td><button type="button" class="link" on:click=move |_| open(id.clone())>{rep.name.clone()}</button></td>
                                            <td class=format!("duty-cell {}", rep.worst)>{status_name(i18n, &rep.worst)}</td>
                                            <td>{rep.owed}</td>
                                            {cells}
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            })}
            <super::studio_days::StudioDays token/>
            {move || chosen.get().map(|d| view! {
                <section class="duty-detail" data-testid="desk-duty-detail">
                    <h3>{d.rep.name.clone()}</h3>
                    <ul class="duties">
                        {d.rep.lines.iter().map(|l| view! {
                            <li class=format!("duty {}", l.status) data-duty=l.duty.clone()>
                                <span>{duty_name(i18n, &l.duty, l.point.as_deref())}</span>" "
                                <strong>{format!("{}/{}", l.done, l.required)}</strong>" · "
                                <span>{status_name(i18n, &l.status)}</span>" · "
                                <span class="muted">{i18n.fill(Msg::DutyDueBy, &[("date", &due(&l.due))])}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                    <h4>{tr(Msg::DeskDutiesActivities)}</h4>
                    {if d.activities.is_empty() {
                        view! { <p class="muted">{tr(Msg::DeskDutiesNoActivities)}</p> }.into_any()
                    } else {
                        view! {
                            <ul data-testid="desk-duty-activities">
                                {d.activities.iter().map(|a| {
                                    let kind = ActivityKind::parse(&a.kind).map(|k| i18n.t(k.label()).to_owned()).unwrap_or_else(|_| a.kind.clone());
                                    let at_point = a.point.is_some().then(|| format!(" · {}", i18n.t(Msg::DeskDutiesAtPoint)));
                                    view! {
                                        <li>{local(&a.at)}" "{kind}{at_point}" · "
                                            {i18n.fill(Msg::DeskDutiesAttendees, &[("count", &a.contacts.to_string())])}</li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    {(!d.documents.is_empty()).then(|| view! {
                        <h4>{tr(Msg::Documents)}</h4>
                        <ul data-testid="desk-duty-documents">
                            {d.documents.iter().map(|doc| {
                                let kind = DocumentKind::parse(&doc.kind).map(|k| i18n.t(k.msg()).to_owned()).unwrap_or_else(|_| doc.kind.clone());
                                let mut day = local(&doc.at);
                                day.truncate(10);
                                view! { <li>{day}" "{kind}</li> }
                            }).collect_view()}
                        </ul>
                    })}
                    {(!d.opinions.is_empty()).then(|| view! {
                        <h4>{tr(Msg::DeskDutiesUnreported)}</h4>
                        <ul>
                            {d.opinions.iter().map(|o| view! { <li>{local(&o.collected_at)}" → "{local(&o.due)}</li> }).collect_view()}
                        </ul>
                    })}
                </section>
            })}
        </details>
    }
}
