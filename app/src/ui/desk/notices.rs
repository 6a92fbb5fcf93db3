//! The desk's notices (提醒): what concerns this office or unit lately, from
//! `GET /api/v1/notifications` (the audit log read through the core's rule of
//! who is told), with how many are new; opening the list marks them seen,
//! and choosing one opens its matter.

use super::act::button_label;
use crate::api;
use crate::i18n::{I18n, tr};
use leptos::prelude::*;
use liaison_core::matter::deadline::DeadlineStatus;
use liaison_core::matter::{ActionKind, MatterState};
use liaison_core::time;
use liaison_i18n::Msg;
use serde::Deserialize;

#[derive(Clone, Debug, Deserialize)]
struct Item {
    matter: String,
    action: ActionKind,
    state: MatterState,
    at: String,
    actor_name: String,
    excerpt: String,
    new: bool,
}

#[derive(Clone, Debug, Deserialize)]
struct Due {
    matter: String,
    clock: String,
    status: DeadlineStatus,
    due: String,
    excerpt: String,
}

#[derive(Clone, Debug, Deserialize)]
struct List {
    items: Vec<Item>,
    unseen: usize,
    reminders: Vec<Due>,
}

/// The button with its count, and the list under it; `open` is called with
/// a matter's id.
#[component]
pub fn Notices(token: StoredValue<String>, open: Callback<String>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let list = RwSignal::new(None::<List>);
    let shown = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        if let Ok(v) = api::call("GET", "/api/v1/notifications", &token.get_value(), None).await
            && let Ok(read) = serde_json::from_value::<List>(v)
        {
            list.set(Some(read));
        }
    });
    let toggle = move |_| {
        shown.update(|s| *s = !*s);
        if shown.get_untracked() && list.with_untracked(|l| l.as_ref().is_some_and(|l| l.unseen > 0)) {
            leptos::task::spawn_local(async move {
                if api::call("POST", "/api/v1/notifications/seen", &token.get_value(), Some(&serde_json::json!({})))
                    .await
                    .is_ok()
                {
                    list.update(|l| {
                        if let Some(l) = l {
                            l.unseen = 0;
                        }
                    });
                }
            });
        }
    };
    let label = move || {
        let (unseen, due) = list.with(|l| l.as_ref().map_or((0, 0), |l| (l.unseen, l.reminders.len())));
        let (count, due) = (unseen.to_string(), due.to_string());
        match (unseen > 0, due != "0") {
            (true, true) => i18n.fill(Msg::DeskNoticesBoth, &[("count", &count), ("due", &due)]),
            (true, false) => i18n.fill(Msg::DeskNoticesNew, &[("count", &count)]),
            (false, true) => i18n.fill(Msg::DeskNoticesDue, &[("count", &due)]),
            (false, false) => i18n.t(Msg::DeskNotices).to_owned(),
        }
    };
    view! {
        <div class="desk-notices">
            <button type="button" data-testid="desk-notices" class:has-new=move || list.with(|l| l.as_ref().is_some_and(|l| l.unseen > 0 || !l.reminders.is_empty()))
                on:click=toggle>{label}</button>
            {move || shown.get().then(|| view! {
                <ul class="cards desk-list notice-list" data-testid="desk-notice-list">
                    {move || list.get().map(|l| l.reminders.into_iter().map(|r| {
                        let matter = r.matter.clone();
                        let at = time::from_wire(&r.due).map(time::format_local).unwrap_or_default();
                        let msg = if r.clock == "triage" { Msg::DeskReminderTriage } else { Msg::DeskReminderReply };
                        let class = if r.status == DeadlineStatus::Overdue { "deadline overdue" } else { "deadline due-soon" };
                        view! {
                            <li class="card reminder" data-testid="desk-reminder" data-status=format!("{:?}", r.status)>
                                <button type="button" class="link-card" on:click=move |_| { shown.set(false); open.run(matter.clone()); }>
                                    <p class="content">{r.excerpt.clone()}</p>
                                    <p class=class>{i18n.fill(msg, &[("due", &at)])}" · "{tr(r.status.label())}</p>
                                </button>
                            </li>
                        }
                    }).collect_view())}
                    {move || list.get().map(|l| if l.items.is_empty() {
                        view! { <li class="muted">{tr(Msg::DeskNoticesNone)}</li> }.into_any()
                    } else {
                        l.items.into_iter().map(|item| {
                            let matter = item.matter.clone();
                            let at = time::from_wire(&item.at).map(time::format_local).unwrap_or_default();
                            let line = i18n.fill(Msg::DeskNoticeLine, &[("actor", &item.actor_name), ("action", &button_label(i18n, item.action))]);
                            view! {
                                <li class="card" class:new=item.new data-action=item.action.code()>
                                    <button type="button" class="link-card" on:click=move |_| { shown.set(false); open.run(matter.clone()); }>
                                        <p class="content">{item.excerpt.clone()}</p>
                                        <p class="meta"><span class="badge state">{tr(item.state.label())}</span>" "{line}" · "{at}</p>
                                    </button>
                                </li>
                            }
                        }).collect_view().into_any()
                    })}
                </ul>
            })}
        </div>
    }
}
