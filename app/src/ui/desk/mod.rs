//! The handling desk (`/desk`, 办理台): the liaison office's and the
//! responsible units' console, laid out for a desktop and used online. The
//! inbox (the server's scope: an office its organisation's matters, a unit
//! those dispatched to it) sorted urgent first, then oldest, with the running
//! clock (overdue in red) and filters by state, category and overdue; a
//! matter's cards, reply, timeline and the actions the core's rule table
//! allows this role in its state. Mounted by the tools module (`mount_desk`),
//! so none of it is in the shell.

mod act;
mod attach;
mod chase;
mod detail;
mod duties;
mod notices;
mod paired;
mod schedules;
mod settings;
mod similar;
mod studio_days;
mod view;

use crate::api;
use crate::i18n::{I18n, tr};
use detail::MatterDetail;
use leptos::prelude::*;
use liaison_core::matter::MatterState;
use liaison_core::org::{Org, OrgRecordV2};
use liaison_core::{Categories, time};
use liaison_i18n::{Locale, Msg};
use serde_json::Value;
use view::{Item, Page};

/// How many matters a page of the inbox shows.
const PAGE: u32 = 50;

/// A clock's due time, in China time, and its status's label.
fn due_text(i18n: I18n, item: &Item) -> Option<(String, &'static str)> {
    let (clock, due, status) = item.deadline.as_ref()?;
    let at = time::from_wire(due).ok()?;
    let status_msg = match status.as_str() {
        "overdue" => Msg::DeadlineOverdue,
        "due_soon" => Msg::DeadlineDueSoon,
        _ => Msg::DeadlineOnTime,
    };
    let msg = if clock == "triage" { Msg::DeskTriageDue } else { Msg::DeskReplyDue };
    let text = i18n.fill(msg, &[("due", &time::format_local(at)), ("status", i18n.t(status_msg))]);
    Some((
        text,
        if status == "overdue" {
            "overdue"
        } else if status == "due_soon" {
            "due-soon"
        } else {
            "on-time"
        },
    ))
}

/// The desk, for the signed-in `role` (`office` or `unit_member`) whose
/// device token is `token`.
/// Each organisation's parent, by id (from `GET /api/v1/organisations`):
/// the dispatch form offers only the organisations above to forward to.
#[derive(Clone, Copy, Debug)]
pub struct Parents(pub RwSignal<Vec<(String, String)>>);

impl Parents {
    /// The organisations above `org`, nearest first.
    pub fn above(&self, org: &str) -> Vec<String> {
        self.0.with(|links| {
            let mut found: Vec<String> = Vec::new();
            let mut at = org.to_owned();
            while let Some((_, parent)) = links.iter().find(|(id, _)| *id == at) {
                if *parent == org || found.contains(parent) {
                    break;
                }
                found.push(parent.clone());
                at = parent.clone();
            }
            found
        })
    }
}

#[component]
pub fn Desk(token: String, role: String, locale: Locale) -> impl IntoView {
    let i18n = I18n::new(locale);
    provide_context(i18n);
    let token = StoredValue::new(token);
    let (state, category, overdue, offset) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(false), RwSignal::new(0u32));
    // The unit the inbox shows, when chosen from the chasing list.
    let unit = RwSignal::new(String::new());
    // The place the inbox shows, and the organisation's studios and points to choose from.
    let place = RwSignal::new(String::new());
    let places = RwSignal::new(Vec::<String>::new());
    // The representative whose matters the inbox shows, and who can be chosen.
    let representative = RwSignal::new(String::new());
    let collectors = RwSignal::new(Vec::<(String, String)>::new());
    let page = RwSignal::new(None::<Page>);
    let selected = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<String>);
    let categories = RwSignal::new(Categories::preset());
    let units = RwSignal::new(Vec::<(String, String)>::new());
    let parents = RwSignal::new(Vec::<(String, String)>::new());
    provide_context(Parents(parents));

    // Reference data: the categories to triage into, the units to dispatch to.
    leptos::task::spawn_local(async move {
        if let Ok(v) = api::call("GET", "/api/v1/organisation", &token.get_value(), None).await
            && let Ok(record) = serde_json::from_value::<OrgRecordV2>(v)
            && let Ok(org) = Org::try_from(record)
        {
            let mut names: Vec<String> = org.studios.iter().map(|s| s.name.as_str().to_owned()).collect();
            names.extend(org.liaison_points.iter().map(|p| p.name.as_str().to_owned()));
            places.set(names);
            categories.set(org.categories);
        }
    });
    let show_settings = RwSignal::new(false);
    if role == "office" {
        settings::provide(token);
        leptos::task::spawn_local(async move {
            if let Ok(Value::Array(list)) =
                api::call("GET", "/api/v1/matters/collectors", &token.get_value(), None).await
            {
                let text = |o: &Value, f: &str| o.get(f).and_then(Value::as_str).unwrap_or_default().to_owned();
                collectors.set(list.iter().map(|o| (text(o, "id"), text(o, "name"))).collect());
            }
        });
        leptos::task::spawn_local(async move {
            if let Ok(Value::Array(list)) = api::call("GET", "/api/v1/organisations", &token.get_value(), None).await {
                let text = |o: &Value, f: &str| o.get(f).and_then(Value::as_str).unwrap_or_default().to_owned();
                units.set(list.iter().map(|o| (text(o, "id"), text(o, "name"))).collect());
                parents.set(
                    list.iter().map(|o| (text(o, "id"), text(o, "parent"))).filter(|(_, p)| !p.is_empty()).collect(),
                );
            }
        });
    }

    let load = move || {
        let mut query = format!("/api/v1/matters?limit={PAGE}&offset={}", offset.get_untracked());
        for (name, value) in [
            ("state", state.get_untracked()),
            ("category", category.get_untracked()),
            ("unit", unit.get_untracked()),
            ("representative", representative.get_untracked()),
        ] {
            if !value.is_empty() {
                query.push_str(&format!("&{name}={value}"));
            }
        }
        let at = place.get_untracked();
        if !at.trim().is_empty() {
            query.push_str(&format!("&place={}", String::from(js_sys::encode_uri_component(at.trim()))));
        }
        if overdue.get_untracked() {
            query.push_str("&overdue=true");
        }
        leptos::task::spawn_local(async move {
            match api::call("GET", &query, &token.get_value(), None).await {
                Ok(v) => {
                    problem.set(None);
                    page.set(Some(Page::read(&v)));
                }
                Err(msg) => problem.set(Some(i18n.t(msg).to_owned())),
            }
        });
    };
    load();
    let refilter = move || {
        offset.set(0);
        load();
    };
    let role = StoredValue::new(role);
    let role_text = role.get_value();
    // The settings form opens on what the server has, never on a guess.
    let dispatch = use_context::<settings::DispatchContext>();
    // (A memo: saving replaces the settings, which must not redraw the form.)
    let loaded = Memo::new(move |_| dispatch.is_some_and(|c| c.0.with(Option::is_some)));

    view! {
        <section class="screen desk" data-testid="desk">
            <div class="screen-head">
                <h1>{tr(Msg::DeskTitle)}</h1>
                <notices::Notices token open=Callback::new(move |id: String| selected.set(Some(id)))/>
                <button type="button" data-testid="desk-settings-toggle" hidden=move || !loaded.get()
                    on:click=move |_| show_settings.update(|s| *s = !*s)>{tr(Msg::DeskSettings)}</button>
            </div>
            {(role_text == "office").then(|| view! {
                <chase::Chase token pick=Callback::new(move |id: String| { unit.set(id); refilter(); })/>
                <duties::Duties token/>
                <schedules::Schedules token/>
                <paired::Paired token/>
            })}
            {move || (show_settings.get() && loaded.get()).then(|| view! {
                <settings::DispatchSettingsPanel token categories=categories.into() units=units.into()/>
            })}
            <p class="problem" role="alert" data-testid="desk-list-problem" hidden=move || problem.with(Option::is_none)>{move || problem.get()}</p>
            <div class="desk-layout">
                <div class="desk-inbox" class:hidden-narrow=move || selected.with(Option::is_some)>
                    <div class="filters desk-filters">
                        <select aria-label=tr(Msg::DeskAllStates) data-testid="desk-filter-state"
                            on:change=move |ev| { state.set(event_target_value(&ev)); refilter(); }>
                            <option value="">{tr(Msg::DeskAllStates)}</option>
                            {MatterState::ALL.iter().map(|s| view! { <option value=s.code()>{tr(s.label())}</option> }).collect_view()}
                        </select>
                        <select aria-label=tr(Msg::AllCategories) data-testid="desk-filter-category"
                            on:change=move |ev| { category.set(event_target_value(&ev)); refilter(); }>
                            <option value="">{tr(Msg::AllCategories)}</option>
                            {move || categories.with(|list| list.defs().iter().map(|d| {
                                view! { <option value=d.code.code().to_owned()>{d.name(i18n.locale()).to_owned()}</option> }
                            }).collect_view())}
                        </select>
                        <select aria-label=tr(Msg::DeskAllCollectors) data-testid="desk-filter-representative"
                            hidden=move || collectors.with(Vec::is_empty)
                            on:change=move |ev| { representative.set(event_target_value(&ev)); refilter(); }>
                            <option value="">{tr(Msg::DeskAllCollectors)}</option>
                            {move || collectors.get().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                        </select>
                        <input type="search" list="desk-places" aria-label=tr(Msg::DeskPlace) placeholder=tr(Msg::DeskPlace)
                            data-testid="desk-filter-place" on:change=move |ev| { place.set(event_target_value(&ev)); refilter(); }/>
                        <datalist id="desk-places">
                            {move || places.get().into_iter().map(|p| view! { <option value=p></option> }).collect_view()}
                        </datalist>
                        <button type="button" data-testid="desk-all-units" hidden=move || unit.with(String::is_empty)
                            on:click=move |_| { unit.set(String::new()); refilter(); }>{tr(Msg::DeskAllUnits)}</button>
                        <label class="check">
                            <input type="checkbox" data-testid="desk-filter-overdue"
                                on:change=move |ev| { overdue.set(event_target_checked(&ev)); refilter(); }/>
                            {tr(Msg::DeskOverdueOnly)}
                        </label>
                    </div>
                    <p class="count" data-testid="desk-total">
                        {move || page.with(|p| p.as_ref().map(|p| i18n.fill(Msg::DeskTotal, &[("count", &p.total.to_string())])))}
                    </p>
                    <p class="muted" hidden=move || page.with(|p| p.as_ref().is_none_or(|p| p.total > 0))>{tr(Msg::DeskEmpty)}</p>
                    <ul class="cards desk-list" data-testid="desk-list">
                        {move || page.get().map(|p| p.items.into_iter().map(|item| {
                            let id = item.record.id.to_string();
                            let due = due_text(i18n, &item);
                            let cat = item.record.category.clone();
                            let (content, place) = (item.opinion("content"), item.opinion("place"));
                            let row_id = id.clone();
                            let state = item.record.state;
                            let count = item.raised_count;
                            let chosen = id.clone();
                            let open_id = id.clone();
                            view! {
                                <li class="card desk-item" data-id=row_id data-state=state.code()
                                    class:selected=move || selected.get().as_deref() == Some(chosen.as_str())>
                                    <button type="button" class="link-card" on:click=move |_| selected.set(Some(open_id.clone()))>
                                        <p class="content">{content}</p>
                                        <p class="meta">
                                            <span class="badge state">{tr(state.label())}</span>" "
                                            <span>{move || categories.with(|l| l.label(&cat, i18n.locale()))}</span>" · "
                                            <span>{place}</span>
                                            {(count > 1).then(|| view! { " · "<span>{i18n.fill(Msg::DeskRaisedCount, &[("count", &count.to_string())])}</span> })}
                                        </p>
                                        {due.map(|(text, class)| view! { <p class=format!("deadline {class}") data-testid="desk-due">{text}</p> })}
                                    </button>
                                </li>
                            }
                        }).collect_view())}
                    </ul>
                    <div class="desk-buttons">
                        <button type="button" hidden=move || offset.get() == 0
                            on:click=move |_| { offset.update(|o| *o = o.saturating_sub(PAGE)); load(); }>"‹"</button>
                        <button type="button" hidden=move || page.with(|p| p.as_ref().is_none_or(|p| u64::from(offset.get() + PAGE) >= p.total))
                            on:click=move |_| { offset.update(|o| *o += PAGE); load(); }>"›"</button>
                    </div>
                </div>
                <div class="desk-detail">
                    {move || selected.get().map(|id| view! {
                        <MatterDetail id token categories=categories.into() units=units.into()
                            back=Callback::new(move |_| selected.set(None))
                            changed=Callback::new(move |_| load())/>
                    })}
                </div>
            </div>
        </section>
    }
}
