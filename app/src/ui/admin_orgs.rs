//! The administrator's list of organisations and which is above which
//! (上级组织): an office sees the matters of the organisations below its own
//! and forwards matters only to one above. Each change is one
//! `PUT /api/v1/organisations/{id}/parent`; a loop is refused by the server
//! with a message, and nothing changes.

use crate::api;
use crate::i18n::{I18n, tr};
use leptos::prelude::*;
use liaison_i18n::Msg;
use serde_json::{Value, json};

/// One organisation as the server lists it.
#[derive(Clone, Debug, PartialEq)]
struct Organisation {
    id: String,
    name: String,
    parent: String,
}

fn organisations_of(v: &Value) -> Vec<Organisation> {
    let text = |o: &Value, f: &str| o.get(f).and_then(Value::as_str).unwrap_or_default().to_owned();
    v.as_array()
        .map(|list| {
            list.iter()
                .map(|o| Organisation { id: text(o, "id"), name: text(o, "name"), parent: text(o, "parent") })
                .collect()
        })
        .unwrap_or_default()
}

/// The table of organisations with each one's parent, changed in place.
#[component]
pub fn OrgParents(token: StoredValue<String>, message: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let list = RwSignal::new(Vec::<Organisation>::new());
    let reload = move || {
        leptos::task::spawn_local(async move {
            match api::call("GET", "/api/v1/organisations", &token.get_value(), None).await {
                Ok(v) => list.set(organisations_of(&v)),
                Err(msg) => message.set(Some(i18n.t(msg).to_owned())),
            }
        });
    };
    reload();
    let set_parent = move |org: Organisation, select: web_sys::HtmlSelectElement| {
        let parent = select.value();
        leptos::task::spawn_local(async move {
            let body = json!({ "parent": (!parent.is_empty()).then_some(parent) });
            let path = format!("/api/v1/organisations/{}/parent", org.id);
            match api::call("PUT", &path, &token.get_value(), Some(&body)).await {
                Ok(v) => {
                    list.set(organisations_of(&v));
                    message.set(Some(i18n.fill(Msg::AdminParentSaved, &[("name", &org.name)])));
                }
                Err(msg) => {
                    message.set(Some(i18n.t(msg).to_owned()));
                    // Show what the server holds, not the refused choice.
                    select.set_value(&org.parent);
                }
            }
        });
    };
    view! {
        <h2>{tr(Msg::AdminOrganisations)}</h2>
        <table class="admin-orgs" data-testid="admin-orgs">
            <thead><tr><th>{tr(Msg::AdminOrgName)}</th><th>{tr(Msg::AdminParent)}</th></tr></thead>
            <tbody>
                {move || {
                    let all = list.get();
                    all.iter().map(|org| {
                        let others: Vec<Organisation> = all.iter().filter(|o| o.id != org.id).cloned().collect();
                        let current = org.parent.clone();
                        let this = org.clone();
                        view! {
                            <tr data-org=org.id.clone()>
                                <td>{org.name.clone()}</td>
                                <td>
                                    <select data-testid="admin-parent" aria-label=move || i18n.t(Msg::AdminParent)
                                        on:change=move |ev| set_parent(this.clone(), event_target(&ev))>
                                        <option value="" selected=current.is_empty()>{tr(Msg::AdminNoParent)}</option>
                                        {others.into_iter().map(|o| {
                                            let selected = o.id == current;
                                            view! { <option value=o.id selected=selected>{o.name}</option> }
                                        }).collect_view()}
                                    </select>
                                </td>
                            </tr>
                        }
                    }).collect_view()
                }}
            </tbody>
        </table>
    }
}
