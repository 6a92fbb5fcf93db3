//! Conflicting edits of contacts, on the contacts screen: a field changed on
//! this phone and elsewhere (the representative's other phone) before the
//! two met at the server. The server kept its value; this says which, and
//! what this phone had written, and lets the user keep theirs or write their
//! own again. Nothing is dropped without the user seeing it.

use crate::i18n::{I18n, tr};
use crate::storage::Storage;
use leptos::prelude::*;
use liaison_core::{Contact, ContactKind, ContactTag};
use liaison_i18n::Msg;
use liaison_sync::edit::ConflictRecord;
use serde_json::Value;

/// How a contact field's value reads to a person.
fn shown(i18n: I18n, field: &str, value: &Value) -> String {
    let label = |code: &str| match field {
        "kind" => ContactKind::parse(code).map(|k| i18n.t(k.label()).to_owned()).unwrap_or_else(|_| code.to_owned()),
        "tags" => ContactTag::parse(code).map(|t| i18n.t(t.label()).to_owned()).unwrap_or_else(|_| code.to_owned()),
        _ => code.to_owned(),
    };
    let text = match value {
        Value::String(s) => label(s),
        Value::Array(items) => {
            items.iter().filter_map(Value::as_str).map(label).collect::<Vec<_>>().join(i18n.t(Msg::ListSeparator))
        }
        Value::Null => String::new(),
        other => other.to_string(),
    };
    if text.is_empty() { i18n.t(Msg::ConflictEmpty).to_owned() } else { text }
}

/// A contact field's name.
fn field_name(field: &str) -> Msg {
    match field {
        "name" => Msg::FieldName,
        "phone" => Msg::RosterColumnPhone,
        "kind" => Msg::FieldContactKind,
        "tags" => Msg::FieldTags,
        _ => Msg::FieldOrganisation,
    }
}

/// The conflicts not dealt with yet; `changed` runs after one is settled.
#[component]
pub fn Conflicts(
    storage: StoredValue<Storage, LocalStorage>,
    i18n: I18n,
    contacts: Signal<Vec<Contact>>,
    conflicts: RwSignal<Vec<ConflictRecord>>,
    changed: Callback<()>,
) -> impl IntoView {
    let settle = move |key: String, insist: bool| {
        let storage = storage.get_value();
        leptos::task::spawn_local(async move {
            if storage.settle_conflict(&key, insist).await.is_ok() {
                crate::tools::announce(crate::tools::WRITTEN_EVENT);
            }
            changed.run(());
        });
    };
    let lines = move |conflict: &ConflictRecord| {
        let name = contacts.with(|all| {
            all.iter().find(|c| c.id.to_string() == conflict.id).map(|c| c.person.name.as_str().to_owned())
        });
        let name = name.unwrap_or_default();
        conflict
            .fields
            .iter()
            .map(|f| {
                i18n.fill(
                    Msg::ConflictField,
                    &[
                        ("name", &name),
                        ("field", i18n.t(field_name(&f.field))),
                        ("server", &shown(i18n, &f.field, &f.server)),
                        ("device", &shown(i18n, &f.field, &f.device)),
                    ],
                )
            })
            .collect::<Vec<_>>()
    };
    view! {
        <section class="conflicts" data-testid="conflicts" hidden=move || conflicts.with(Vec::is_empty)>
            <h2>{tr(Msg::ConflictsTitle)}</h2>
            <ul>
                {move || conflicts.get().into_iter().map(|conflict| {
                    let (keep, mine) = (conflict.key(), conflict.key());
                    view! { <li class="card conflict" data-testid="conflict">
                        {lines(&conflict).into_iter().map(|line| view! { <p>{line}</p> }).collect_view()}
                        <div class="actions">
                            <button type="button" data-testid="conflict-keep" on:click=move |_| settle(keep.clone(), false)>{tr(Msg::ConflictKeepServer)}</button>
                            <button type="button" data-testid="conflict-mine" on:click=move |_| settle(mine.clone(), true)>{tr(Msg::ConflictUseMine)}</button>
                        </div>
                    </li> }
                }).collect_view()}
            </ul>
        </section>
    }
}
