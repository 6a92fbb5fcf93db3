//! The office's reception schedules (接待日程, issue 6 part 3): choose a
//! studio (of the office's organisation or below) and a month; a month not
//! yet saved opens as a draft prefilled from the studio's recurring days.
//! A draft's days and theme are edited freely, saved and published; after
//! publishing a day moves only with a reason (the server refuses one
//! without, and says so), and every move is listed in the change log.
//! `GET /api/v1/studios`, `GET`/`PUT /api/v1/studios/{id}/schedules/{month}`,
//! `POST …/publish`, `POST …/changes`.

use crate::api;
use crate::i18n::{I18n, tr};
use crate::ui::fields::TextField;
use leptos::prelude::*;
use liaison_core::schedule::{Month, ReceptionScheduleRecordV1};
use liaison_core::time;
use liaison_i18n::Msg;
use serde::Deserialize;
use serde_json::json;

#[derive(Clone, Debug, Deserialize)]
struct StudioView {
    id: String,
    name: String,
    reception_days: Vec<u8>,
}

#[derive(Clone, Debug, Deserialize)]
struct LogView {
    old: String,
    new: String,
    reason: String,
    by_name: String,
    at: String,
}

#[derive(Clone, Debug, Deserialize)]
struct ScheduleView {
    studio: StudioView,
    saved: bool,
    version: i64,
    schedule: ReceptionScheduleRecordV1,
    log: Vec<LogView>,
}

/// The month after the current one, in China time (schedules are published ahead).
fn next_month() -> String {
    Month::containing(chrono::Utc::now()).next().to_string()
}

fn local(at: &str) -> String {
    time::from_wire(at).map(time::format_local).unwrap_or_else(|_| at.to_owned())
}

/// The first and last day of `month` (`2026-12`), for the date inputs' bounds.
fn bounds(month: &str) -> (String, String) {
    let Ok(m) = Month::parse(month) else { return (String::new(), String::new()) };
    let first = m.day(1).map(|d| d.to_string()).unwrap_or_default();
    let last = (28..=31).rev().find_map(|d| m.day(d)).map(|d| d.to_string()).unwrap_or_default();
    (first, last)
}

/// The panel, for the office whose device token is `token`.
#[component]
pub fn Schedules(token: StoredValue<String>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let studios = RwSignal::new(Vec::<StudioView>::new());
    let loaded_studios = RwSignal::new(false);
    let studio = RwSignal::new(String::new());
    let month = RwSignal::new(next_month());
    let current = RwSignal::new(None::<ScheduleView>);
    // The draft being edited: its days (one input each) and theme.
    let dates = RwSignal::new(Vec::<(usize, String)>::new());
    let next_key = StoredValue::new(0usize);
    let theme = RwSignal::new(String::new());
    // The published day being moved, its new day and the reason.
    let moving = RwSignal::new(None::<String>);
    let new_date = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);

    let show = move |v: ScheduleView| {
        let keyed: Vec<(usize, String)> = v
            .schedule
            .dates
            .iter()
            .map(|d| {
                let k = next_key.get_value();
                next_key.set_value(k + 1);
                (k, d.clone())
            })
            .collect();
        dates.set(keyed);
        theme.set(v.schedule.theme.clone().unwrap_or_default());
        moving.set(None);
        current.set(Some(v));
    };
    let refused = move |r: api::Refusal| {
        problem.set(Some(if r.message.is_empty() { i18n.t(r.msg).to_owned() } else { r.message }));
    };
    let load = move || {
        let (id, m) = (studio.get_untracked(), month.get_untracked());
        problem.set(None);
        notice.set(None);
        if id.is_empty() || Month::parse(&m).is_err() {
            current.set(None);
            return;
        }
        leptos::task::spawn_local(async move {
            let path = format!("/api/v1/studios/{id}/schedules/{m}");
            match api::call_in(i18n.locale(), "GET", &path, &token.get_value(), None).await {
                Ok(v) => match serde_json::from_value::<ScheduleView>(v) {
                    Ok(v) => show(v),
                    Err(_) => problem.set(Some(i18n.t(Msg::SchedRecordInvalid).to_owned())),
                },
                Err(r) => refused(r),
            }
        });
    };
    leptos::task::spawn_local(async move {
        match api::call_in(i18n.locale(), "GET", "/api/v1/studios", &token.get_value(), None).await {
            Ok(v) => {
                let list: Vec<StudioView> = serde_json::from_value(v).unwrap_or_default();
                if let Some(first) = list.first() {
                    studio.set(first.id.clone());
                }
                studios.set(list);
                loaded_studios.set(true);
                load();
            }
            Err(r) => refused(r),
        }
    });

    // Writes: each answers the schedule as it now stands.
    let send = move |path_tail: &'static str, method: &'static str, body: serde_json::Value, done: Msg| {
        let (id, m) = (studio.get_untracked(), month.get_untracked());
        leptos::task::spawn_local(async move {
            let path = format!("/api/v1/studios/{id}/schedules/{m}{path_tail}");
            match api::call_in(i18n.locale(), method, &path, &token.get_value(), Some(&body)).await {
                Ok(v) => {
                    if let Ok(v) = serde_json::from_value::<ScheduleView>(v) {
                        show(v);
                    }
                    problem.set(None);
                    notice.set(Some(i18n.t(done).to_owned()));
                }
                Err(r) => {
                    notice.set(None);
                    refused(r);
                }
            }
        });
    };
    let version = move || current.with_untracked(|c| c.as_ref().map(|c| c.version).unwrap_or(0));
    let draft_body = move || {
        let days: Vec<String> = dates.get_untracked().into_iter().map(|(_, d)| d).filter(|d| !d.is_empty()).collect();
        json!({ "version": version(), "dates": days, "theme": theme.get_untracked() })
    };
    let save = move |_| send("", "PUT", draft_body(), Msg::SchedSaved);
    // Publishing publishes what is on the screen: the draft is saved first.
    let publish = move |_| {
        let (id, m) = (studio.get_untracked(), month.get_untracked());
        let body = draft_body();
        leptos::task::spawn_local(async move {
            let path = format!("/api/v1/studios/{id}/schedules/{m}");
            let token = token.get_value();
            let saved = match api::call_in(i18n.locale(), "PUT", &path, &token, Some(&body)).await {
                Ok(v) => v.get("version").and_then(|v| v.as_i64()).unwrap_or(0),
                Err(r) => return refused(r),
            };
            let body = json!({ "version": saved });
            match api::call_in(i18n.locale(), "POST", &format!("{path}/publish"), &token, Some(&body)).await {
                Ok(v) => {
                    if let Ok(v) = serde_json::from_value::<ScheduleView>(v) {
                        show(v);
                    }
                    problem.set(None);
                    notice.set(Some(i18n.t(Msg::SchedPublishedOk).to_owned()));
                }
                Err(r) => {
                    load();
                    refused(r);
                }
            }
        });
    };
    let confirm_change = move |_| {
        let Some(old) = moving.get_untracked() else { return };
        let body = json!({ "version": version(), "old": old, "new": new_date.get_untracked(), "reason": reason.get_untracked() });
        send("/changes", "POST", body, Msg::SchedChangedOk);
    };

    let published = move || current.with(|c| c.as_ref().is_some_and(|c| c.schedule.state == "published"));
    let month_bounds = move || bounds(&month.get());

    view! {
        <details class="sched-panel" data-testid="desk-schedules">
            <summary>{tr(Msg::DeskSchedules)}</summary>
            <p class="muted" hidden=move || !loaded_studios.get() || !studios.with(Vec::is_empty)>{tr(Msg::SchedNoStudios)}</p>
            <div class="filters sched-pick">
                <label>{tr(Msg::SchedStudio)}" "
                    <select data-testid="sched-studio" on:change=move |ev| { studio.set(event_target_value(&ev)); load(); }>
                        {move || studios.get().into_iter().map(|s| {
                            let selected = studio.get_untracked() == s.id;
                            view! { <option value=s.id.clone() selected=selected>{s.name.clone()}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>{tr(Msg::SchedMonth)}" "
                    <input type="month" data-testid="sched-month" prop:value=move || month.get()
                        on:change=move |ev| { month.set(event_target_value(&ev)); load(); }/>
                </label>
            </div>
            <p class="problem" role="alert" data-testid="sched-problem" hidden=move || problem.with(Option::is_none) || moving.with(Option::is_some)>{move || problem.get()}</p>
            <p class="notice" role="status" data-testid="sched-notice" hidden=move || notice.with(Option::is_none)>{move || notice.get()}</p>
            {move || current.get().map(|c| {
                let state = if c.schedule.state == "published" {
                    let at = c.schedule.published_at.as_deref().map(local).unwrap_or_default();
                    i18n.fill(Msg::SchedStatePublished, &[("at", &at)])
                } else {
                    i18n.t(Msg::SchedStateDraft).to_owned()
                };
                let days = c.studio.reception_days.iter().map(u8::to_string).collect::<Vec<_>>().join(i18n.t(Msg::ListSeparator));
                view! {
                    <p class=if c.schedule.state == "published" { "sched-state sched-published" } else { "sched-state" } data-testid="sched-state">
                        <strong>{c.studio.name.clone()}" · "{c.schedule.month.clone()}</strong>" — "{state}
                    </p>
                    {(!c.saved).then(|| view! { <p class="muted" data-testid="sched-prefilled">{i18n.fill(Msg::SchedFromRecurring, &[("days", &days)])}</p> })}
                }
            })}
            // The draft: days and theme, save and publish.
            <div class="sched-draft" hidden=move || current.with(Option::is_none) || published()>
                <h4>{tr(Msg::SchedDates)}</h4>
                <ul class="sched-dates" data-testid="sched-dates">
                    <For each=move || dates.get() key=|(k, _)| *k let:item>
                        {
                            let key = item.0;
                            view! {
                                <li>
                                    <input type="date" data-testid="sched-date" min=move || month_bounds().0 max=move || month_bounds().1
                                        prop:value=item.1.clone()
                                        on:change=move |ev| {
                                            let v = event_target_value(&ev);
                                            dates.update(|d| if let Some(e) = d.iter_mut().find(|e| e.0 == key) { e.1 = v });
                                        }/>
                                    <button type="button" class="link" data-testid="sched-remove-date"
                                        on:click=move |_| dates.update(|d| d.retain(|e| e.0 != key))>{tr(Msg::SchedRemoveDate)}</button>
                                </li>
                            }
                        }
                    </For>
                </ul>
                <button type="button" data-testid="sched-add-date" on:click=move |_| {
                    let k = next_key.get_value();
                    next_key.set_value(k + 1);
                    dates.update(|d| d.push((k, month_bounds().0)));
                }>{tr(Msg::SchedAddDate)}</button>
                <label for="sched-theme" class="sched-theme-label">{tr(Msg::SchedTheme)}</label>
                <TextField id="sched-theme".to_owned() value=theme on_change=Callback::new(move |v| theme.set(v))/>
                <div class="sched-actions">
                    <button type="button" data-testid="sched-save" on:click=save>{tr(Msg::SchedSave)}</button>
                    <button type="button" class="primary" data-testid="sched-publish" on:click=publish>{tr(Msg::SchedPublish)}</button>
                </div>
            </div>
            // Published: the days, each movable with a reason.
            {move || (published()).then(|| current.get().map(|c| {
                let theme_text = c.schedule.theme.clone();
                view! {
                    <div class="sched-public" data-testid="sched-published">
                        <p class="muted">{tr(Msg::SchedPublishedNote)}</p>
                        {theme_text.map(|t| view! { <p data-testid="sched-theme-shown">{i18n.fill(Msg::SchedThemeLine, &[("theme", &t)])}</p> })}
                        <ul class="sched-dates">
                            {c.schedule.dates.iter().map(|d| {
                                let day = d.clone();
                                let day_for_form = d.clone();
                                view! {
                                    <li data-date=d.clone()>
                                        <span class="sched-day">{d.clone()}</span>
                                        <button type="button" data-testid="sched-change" on:click=move |_| {
                                            new_date.set(day.clone());
                                            reason.set(String::new());
                                            problem.set(None);
                                            moving.set(Some(day.clone()));
                                        }>{tr(Msg::SchedChange)}</button>
                                        {move || (moving.get().as_deref() == Some(day_for_form.as_str())).then(|| view! {
                                            <div class="sched-move" data-testid="sched-move">
                                                <label>{tr(Msg::SchedNewDate)}" "
                                                    <input type="date" data-testid="sched-new-date" min=move || month_bounds().0 max=move || month_bounds().1
                                                        prop:value=move || new_date.get() on:change=move |ev| new_date.set(event_target_value(&ev))/>
                                                </label>
                                                <label for="sched-reason">{tr(Msg::SchedReason)}</label>
                                                <TextField id="sched-reason".to_owned() value=reason on_change=Callback::new(move |v| reason.set(v))
                                                    invalid=Signal::derive(move || problem.with(Option::is_some))/>
                                                <p class="problem" role="alert" data-testid="sched-move-problem" hidden=move || problem.with(Option::is_none)>{move || problem.get()}</p>
                                                <div class="sched-actions">
                                                    <button type="button" class="primary" data-testid="sched-change-save" on:click=confirm_change>{tr(Msg::SchedChangeSave)}</button>
                                                    <button type="button" on:click=move |_| moving.set(None)>{tr(Msg::SchedChangeCancel)}</button>
                                                </div>
                                            </div>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        <h4>{tr(Msg::SchedLog)}</h4>
                        {if c.log.is_empty() {
                            view! { <p class="muted" data-testid="sched-log-empty">{tr(Msg::SchedLogEmpty)}</p> }.into_any()
                        } else {
                            view! {
                                <div class="table-scroll">
                                    <table class="settings-table sched-log" data-testid="sched-log">
                                        <thead><tr>
                                            <th>{tr(Msg::SchedLogOld)}</th><th>{tr(Msg::SchedLogNew)}</th><th>{tr(Msg::SchedReason)}</th>
                                            <th>{tr(Msg::SchedLogBy)}</th><th>{tr(Msg::SchedLogAt)}</th>
                                        </tr></thead>
                                        <tbody>
                                            {c.log.iter().map(|l| view! {
                                                <tr><td>{l.old.clone()}</td><td>{l.new.clone()}</td><td>{l.reason.clone()}</td>
                                                    <td>{l.by_name.clone()}</td><td>{local(&l.at)}</td></tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }.into_any()
                        }}
                    </div>
                }
            })).flatten()}
        </details>
    }
}
