//! The administrator's screen (`/admin`): accounts, each one's devices,
//! revoking a lost phone, a representative's duty settings
//! (`admin_profile`), which organisation is above which, and each
//! organisation's duty rules (`admin_policy`) and paired-liaison rules
//! (`admin_paired`). Laid out for a desktop and used online. It is
//! mounted by the tools module (`mount_admin`) into the page the shell shows,
//! so its code is not in the shell every phone downloads at start.

use crate::api;
use crate::i18n::{I18n, tr};
use leptos::prelude::*;
use liaison_core::account::Role;
use liaison_core::time;
use liaison_i18n::{Locale, Msg};
use serde_json::{Value, json};

/// One account as the server lists it.
#[derive(Clone, Debug, PartialEq)]
struct User {
    id: String,
    login: String,
    name: String,
    role: String,
}

/// One device of an account.
#[derive(Clone, Debug, PartialEq)]
struct Device {
    id: String,
    name: String,
    last_seen_at: String,
    revoked: bool,
}

fn text(v: &Value, field: &str) -> String {
    v.get(field).and_then(Value::as_str).unwrap_or_default().to_owned()
}

fn users_of(v: &Value) -> Vec<User> {
    let list = v.as_array().cloned().unwrap_or_default();
    list.iter()
        .map(|u| User { id: text(u, "id"), login: text(u, "login"), name: text(u, "name"), role: text(u, "role") })
        .collect()
}

fn devices_of(v: &Value) -> Vec<Device> {
    let list = v.as_array().cloned().unwrap_or_default();
    list.iter()
        .map(|d| Device {
            id: text(d, "id"),
            name: text(d, "name"),
            last_seen_at: text(d, "last_seen_at"),
            revoked: d.get("revoked_at").is_some_and(|r| !r.is_null()),
        })
        .collect()
}

fn when(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339).map(|t| time::format_local(t.to_utc())).unwrap_or_default()
}

/// The screen, for the administrator whose device token is `token`.
#[component]
pub fn Admin(token: String, locale: Locale) -> impl IntoView {
    let i18n = I18n::new(locale);
    provide_context(i18n);
    let token = StoredValue::new(token);
    let users = RwSignal::new(Vec::<User>::new());
    let message = RwSignal::new(None::<String>);
    let say = move |msg: Msg| message.set(Some(i18n.t(msg).to_owned()));
    let reload = move || {
        leptos::task::spawn_local(async move {
            match api::call("GET", "/api/v1/admin/users", &token.get_value(), None).await {
                Ok(list) => users.set(users_of(&list)),
                Err(msg) => say(msg),
            }
        });
    };
    reload();
    // The organisations an account can belong to (a unit member's is their unit).
    let organisations = RwSignal::new(Vec::<(String, String)>::new());
    leptos::task::spawn_local(async move {
        if let Ok(Value::Array(list)) = api::call("GET", "/api/v1/organisations", &token.get_value(), None).await {
            organisations.set(list.iter().map(|o| (text(o, "id"), text(o, "name"))).collect());
        }
    });
    let organisation = RwSignal::new(String::new());
    // The organisation's liaison points, which representatives are assigned.
    let points = RwSignal::new(Vec::<super::admin_profile::Point>::new());
    leptos::task::spawn_local(async move {
        if let Ok(org) = api::call("GET", "/api/v1/organisation", &token.get_value(), None).await {
            let list = org.get("liaison_points").and_then(Value::as_array).cloned().unwrap_or_default();
            points.set(list.iter().map(|p| (text(p, "id"), text(p, "name"))).collect());
        }
    });

    let (login, name, role, password) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new("representative".to_owned()),
        RwSignal::new(String::new()),
    );
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let org = organisation.get_untracked();
        let body = json!({ "login": login.get_untracked(), "name": name.get_untracked(), "role": role.get_untracked(), "password": password.get_untracked(), "organisation_id": (!org.is_empty()).then_some(org) });
        leptos::task::spawn_local(async move {
            match api::call("POST", "/api/v1/admin/users", &token.get_value(), Some(&body)).await {
                Ok(_) => {
                    message.set(Some(i18n.fill(Msg::AdminUserCreated, &[("name", &name.get_untracked())])));
                    login.set(String::new());
                    name.set(String::new());
                    password.set(String::new());
                    reload();
                }
                Err(msg) => say(msg),
            }
        });
    };
    let input = move |id: &'static str, kind: &'static str, value: RwSignal<String>| {
        view! { <input id=id type=kind prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/> }
    };
    view! {
        <section class="screen admin" data-testid="admin">
            <h1>{tr(Msg::AdminTitle)}</h1>
            <p class="notice" role="status" data-testid="admin-message" hidden=move || message.with(Option::is_none)>{move || message.get()}</p>
            <h2>{tr(Msg::AdminNewUser)}</h2>
            <form class="card-form admin-form" on:submit=create data-testid="admin-new-user">
                <label for="new-login">{tr(Msg::FieldLogin)}</label>{input("new-login", "text", login)}
                <label for="new-name">{tr(Msg::FieldName)}</label>{input("new-name", "text", name)}
                <label for="new-role">{tr(Msg::AdminRole)}</label>
                <select id="new-role" on:change=move |ev| role.set(event_target_value(&ev))>
                    {Role::ALL.iter().map(|r| {
                        let code = r.code();
                        view! { <option value=code selected=move || role.get() == code>{tr(r.label())}</option> }
                    }).collect_view()}
                </select>
                <label for="new-organisation">{tr(Msg::AdminOrganisation)}</label>
                <select id="new-organisation" data-testid="admin-organisation" on:change=move |ev| organisation.set(event_target_value(&ev))>
                    <option value="">"—"</option>
                    {move || organisations.get().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                </select>
                <label for="new-password">{tr(Msg::FieldPassword)}</label>{input("new-password", "password", password)}
                <button type="submit" class="primary">{tr(Msg::AdminCreate)}</button>
            </form>
            <h2>{tr(Msg::AdminUsers)}</h2>
            <table class="admin-users" data-testid="admin-users">
                <thead><tr><th>{tr(Msg::FieldLogin)}</th><th>{tr(Msg::FieldName)}</th><th>{tr(Msg::AdminRole)}</th><th>{tr(Msg::AdminDevices)}</th></tr></thead>
                <tbody>
                    <For each=move || users.get() key=|u| u.id.clone() let:user>
                        <UserRow user token=token.get_value() message points/>
                    </For>
                </tbody>
            </table>
            <super::admin_orgs::OrgParents token message/>
            <super::admin_policy::PolicyEditor token organisations/>
            <super::admin_paired::PairedRulesEditor token organisations/>
        </section>
    }
}

#[component]
fn UserRow(
    user: User,
    token: String,
    message: RwSignal<Option<String>>,
    points: RwSignal<Vec<super::admin_profile::Point>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let devices = RwSignal::new(None::<Vec<Device>>);
    let token = StoredValue::new(token);
    let id = user.id.clone();
    let load = move |id: String| {
        leptos::task::spawn_local(async move {
            match api::call("GET", &format!("/api/v1/admin/users/{id}/devices"), &token.get_value(), None).await {
                Ok(list) => devices.set(Some(devices_of(&list))),
                Err(msg) => message.set(Some(i18n.t(msg).to_owned())),
            }
        });
    };
    let revoke = move |device: String, user: String| {
        leptos::task::spawn_local(async move {
            match api::call("POST", &format!("/api/v1/admin/devices/{device}/revoke"), &token.get_value(), None).await {
                Ok(_) => load(user),
                Err(msg) => message.set(Some(i18n.t(msg).to_owned())),
            }
        });
    };
    let role = Role::parse(&user.role).map(|r| i18n.t(r.label()).to_owned()).unwrap_or(user.role.clone());
    let representative = user.role == Role::Representative.code();
    let profile_open = RwSignal::new(false);
    let (profile_id, profile_name) = (user.id.clone(), user.name.clone());
    let show = {
        let id = id.clone();
        move |_| load(id.clone())
    };
    view! {
        <tr data-login=user.login.clone()>
            <td>{user.login.clone()}</td>
            <td>{user.name.clone()}</td>
            <td>
                {role}
                {representative.then(|| view! {
                    " "<button type="button" class="link" data-testid="admin-duty-profile"
                        on:click=move |_| profile_open.update(|o| *o = !*o)>{tr(Msg::AdminDutyProfile)}</button>
                })}
                {move || profile_open.get().then(|| view! {
                    <super::admin_profile::DutyProfile id=profile_id.clone() name=profile_name.clone() token message points/>
                })}
            </td>
            <td>
                <button type="button" class="link" on:click=show data-testid="admin-show-devices">{tr(Msg::AdminShowDevices)}</button>
                <ul class="admin-devices">
                    {move || devices.get().map(|list| list.into_iter().map(|d| {
                        let (device, user) = (d.id.clone(), id.clone());
                        let seen = i18n.fill(Msg::AdminLastSeen, &[("time", &when(&d.last_seen_at))]);
                        view! {
                            <li data-device=d.name.clone()>
                                <strong>{d.name.clone()}</strong>" "<span class="muted">{seen}</span>" "
                                {if d.revoked {
                                    view! { <span class="badge">{tr(Msg::AdminRevoked)}</span> }.into_any()
                                } else {
                                    view! { <button type="button" data-testid="admin-revoke" on:click=move |_| revoke(device.clone(), user.clone())>{tr(Msg::AdminRevoke)}</button> }.into_any()
                                }}
                            </li>
                        }
                    }).collect_view())}
                </ul>
            </td>
        </tr>
    }
}
