//! A representative's duty settings (履职设置), on the administrator's
//! screen: provincial or below, a member of the leadership or not, and the
//! organisation's liaison points assigned to them with the days (this year by
//! default). Read and saved whole with `GET`/`PUT
//! /api/v1/admin/users/{id}/duty-profile`; a refusal is said in words and
//! nothing changes. The phone receives it with its next sync.

use crate::api;
use crate::i18n::{I18n, tr};
use leptos::prelude::*;
use liaison_i18n::Msg;
use serde_json::{Value, json};

/// A liaison point the organisation has: (id, name).
pub type Point = (String, String);

/// One point's row: chosen, and for which days.
#[derive(Clone, Debug, PartialEq)]
struct Assignment {
    chosen: bool,
    first_day: String,
    last_day: String,
}

fn year_bounds() -> (String, String) {
    let day = liaison_core::time::format_local(chrono::Utc::now());
    (format!("{}-01-01", &day[..4]), format!("{}-12-31", &day[..4]))
}

/// The form, for representative `id` called `name`.
#[component]
pub fn DutyProfile(
    id: String,
    name: String,
    token: StoredValue<String>,
    points: RwSignal<Vec<Point>>,
    message: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let path = StoredValue::new(format!("/api/v1/admin/users/{id}/duty-profile"));
    let name = StoredValue::new(name);
    let (level, leadership) = (RwSignal::new("below_provincial".to_owned()), RwSignal::new(false));
    let rows = RwSignal::new(None::<Vec<Assignment>>);
    // What the server holds, laid over the organisation's points.
    leptos::task::spawn_local(async move {
        match api::call("GET", &path.get_value(), &token.get_value(), None).await {
            Ok(profile) => {
                level.set(profile.get("level").and_then(Value::as_str).unwrap_or("below_provincial").to_owned());
                leadership.set(profile.get("leadership_member").and_then(Value::as_bool).unwrap_or(false));
                let held = profile.get("liaison_points").and_then(Value::as_array).cloned().unwrap_or_default();
                let (first, last) = year_bounds();
                let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
                rows.set(Some(
                    points
                        .get_untracked()
                        .iter()
                        .map(|(point, _)| match held.iter().find(|h| text(h, "point").as_deref() == Some(point)) {
                            Some(h) => Assignment {
                                chosen: true,
                                first_day: text(h, "first_day").unwrap_or(first.clone()),
                                last_day: text(h, "last_day").unwrap_or(last.clone()),
                            },
                            None => Assignment { chosen: false, first_day: first.clone(), last_day: last.clone() },
                        })
                        .collect(),
                ));
            }
            Err(msg) => message.set(Some(i18n.t(msg).to_owned())),
        }
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen: Vec<Value> = rows
            .get_untracked()
            .unwrap_or_default()
            .iter()
            .zip(points.get_untracked())
            .filter(|(a, _)| a.chosen)
            .map(|(a, (point, _))| json!({ "point": point, "first_day": a.first_day, "last_day": a.last_day }))
            .collect();
        let body = json!({ "v": 1, "level": level.get_untracked(), "leadership_member": leadership.get_untracked(), "liaison_points": chosen });
        leptos::task::spawn_local(async move {
            match api::call("PUT", &path.get_value(), &token.get_value(), Some(&body)).await {
                Ok(_) => message.set(Some(i18n.fill(Msg::AdminProfileSaved, &[("name", &name.get_value())]))),
                Err(msg) => message.set(Some(i18n.t(msg).to_owned())),
            }
        });
    };
    let set = move |i: usize, f: &dyn Fn(&mut Assignment)| {
        rows.update(|r| {
            if let Some(a) = r.as_mut().and_then(|r| r.get_mut(i)) {
                f(a)
            }
        })
    };
    view! {
        <form class="card-form duty-profile" data-testid="duty-profile" on:submit=save>
            <label>{tr(Msg::AdminLevel)}
                <select data-testid="profile-level" on:change=move |ev| level.set(event_target_value(&ev))>
                    <option value="below_provincial" selected=move || level.get() == "below_provincial">{tr(Msg::AdminLevelBelow)}</option>
                    <option value="provincial" selected=move || level.get() == "provincial">{tr(Msg::AdminLevelProvincial)}</option>
                </select>
            </label>
            <label class="check">
                <input type="checkbox" data-testid="profile-leadership" prop:checked=move || leadership.get()
                    on:change=move |ev| leadership.set(event_target_checked(&ev))/>
                {tr(Msg::AdminLeadership)}
            </label>
            <p>{tr(Msg::AdminPoints)}</p>
            <p class="muted" hidden=move || !points.with(Vec::is_empty)>{tr(Msg::AdminNoPoints)}</p>
            {move || rows.get().map(|list| list.into_iter().enumerate().map(|(i, a)| {
                let point_name = points.with(|p| p.get(i).map(|(_, n)| n.clone()).unwrap_or_default());
                view! {
                    <p class="form-row profile-point" data-point=point_name.clone()>
                        <label class="check">
                            <input type="checkbox" prop:checked=a.chosen on:change=move |ev| { let on = event_target_checked(&ev); set(i, &|a: &mut Assignment| a.chosen = on) }/>
                            {point_name.clone()}
                        </label>
                        <input type="date" prop:value=a.first_day.clone() on:change=move |ev| { let d = event_target_value(&ev); set(i, &|a: &mut Assignment| a.first_day = d.clone()) }/>
                        " — "
                        <input type="date" prop:value=a.last_day.clone() on:change=move |ev| { let d = event_target_value(&ev); set(i, &|a: &mut Assignment| a.last_day = d.clone()) }/>
                    </p>
                }
            }).collect_view())}
            <button type="submit" class="primary" data-testid="profile-save">{tr(Msg::AdminProfileSave)}</button>
        </form>
    }
}
