//! The representative's contacts (联系对象): searchable offline by name, pinyin
//! initials (`zs` finds 张三) or phone digits; new ones added here, or
//! imported from a roster; each one editable (the changed fields go to the
//! server, which merges them with edits made on other phones), with the
//! conflicting edits shown above the list. Drawn by the tools module (`mount_contacts`) into
//! the place the shell leaves for it, so the shell carries none of it.

use super::fields::{FieldError, TextField};
use crate::i18n::{I18n, tr};
use crate::storage::Storage;
use leptos::prelude::*;
use liaison_core::{Contact, ContactId, ContactInput, ContactKind, ContactTag, Field, FieldErrors};
use liaison_i18n::{Locale, Msg};
use wasm_bindgen::JsCast;

/// `/contacts`.
#[component]
pub fn Contacts(storage: Storage, locale: Locale) -> impl IntoView {
    let i18n = I18n::new(locale);
    provide_context(i18n);
    let storage = StoredValue::new_local(storage);
    // The pinyin-initials table, fetched once in this module too (searches
    // run again when it arrives).
    let pinyin_ready = RwSignal::new(crate::pinyin::initials().is_some());
    if !pinyin_ready.get_untracked() {
        leptos::task::spawn_local(async move { pinyin_ready.set(crate::pinyin::load().await) });
    }
    let all = RwSignal::new(None::<Vec<Contact>>);
    let conflicts = RwSignal::new(Vec::new());
    let query = RwSignal::new(String::new());
    let reload = move || {
        let storage = storage.get_value();
        leptos::task::spawn_local(async move {
            all.set(Some(storage.contacts().await.unwrap_or_default()));
            conflicts.set(storage.conflicts().await.unwrap_or_default());
        })
    };
    reload();
    // A sync brings edits made on other phones, and conflicts.
    let changed = window_event_listener_untyped(crate::tools::DATA_CHANGED_EVENT, move |_| reload());
    on_cleanup(move || changed.remove());
    let shown = move || {
        let q = query.get();
        all.get()
            .unwrap_or_default()
            .into_iter()
            .filter(|c| c.matches(&q, pinyin_ready.get().then(crate::pinyin::initials).flatten()))
            .collect::<Vec<_>>()
    };

    let fresh = || ContactInput { kind: ContactKind::Public.code().into(), ..ContactInput::default() };
    let input = RwSignal::new(fresh());
    // The contact being edited; `None`: the form adds a new one.
    let editing = RwSignal::new(None::<ContactId>);
    let errors = RwSignal::new(None::<FieldErrors>);
    let outcome = RwSignal::new(None::<String>);
    let error = move |field: Field| {
        Signal::derive(move || errors.get().and_then(|e| e.get(field).cloned()).map(|e| e.message(i18n.locale())))
    };
    let edit = move |contact: &Contact| {
        let mut typed = contact.person.to_input();
        typed.organisation = contact.organisation.as_ref().map(|o| o.as_str().to_owned()).unwrap_or_default();
        input.set(typed);
        editing.set(Some(contact.id));
        errors.set(None);
        outcome.set(None);
        if let Some(form) = document().get_element_by_id("contact-form") {
            form.scroll_into_view();
        }
    };
    let cancel = move |_| {
        input.set(fresh());
        editing.set(None);
        errors.set(None);
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let edited = editing.get_untracked();
        let id = edited.unwrap_or_else(|| ContactId::from_uuid(uuid::Uuid::now_v7()));
        match Contact::create(id, &input.get_untracked()) {
            Err(e) => errors.set(Some(e)),
            Ok(contact) => {
                errors.set(None);
                let storage = storage.get_value();
                leptos::task::spawn_local(async move {
                    // What was typed stays in the form if the save fails.
                    let saved = match edited {
                        Some(_) => storage.update_contact(&contact).await.map(|_| Msg::ContactUpdated),
                        None => storage.add_contact(&contact).await.map(|_| Msg::Saved),
                    };
                    match saved {
                        Ok(msg) => {
                            input.set(fresh());
                            editing.set(None);
                            outcome.set(Some(i18n.t(msg).to_owned()));
                            crate::tools::announce(crate::tools::WRITTEN_EVENT);
                            reload();
                        }
                        Err(e) => outcome.set(Some(i18n.t(e.msg()).to_owned())),
                    }
                });
            }
        }
    };
    // Roster import, in the tools module: a summary and one line per row not imported.
    let roster = RwSignal::new(None::<(String, Vec<String>)>);
    let importing = RwSignal::new(false);
    let import_roster = move |ev: leptos::ev::Event| {
        let Some(file_input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = file_input.files().and_then(|f| f.get(0)) else { return };
        file_input.set_value("");
        importing.set(true);
        roster.set(None);
        leptos::task::spawn_local(async move {
            let bytes = match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                Ok(buffer) => js_sys::Uint8Array::new(&buffer),
                Err(_) => js_sys::Uint8Array::new_with_length(0),
            };
            let locale = i18n.locale().tag();
            let answer = crate::tools::call("import_roster", &[bytes.into(), locale.into()]).await;
            roster.set(Some(match answer {
                Ok(report) => {
                    let summary = js_sys::Reflect::get(&report, &"summary".into()).ok().and_then(|s| s.as_string());
                    let problems = js_sys::Reflect::get(&report, &"problems".into())
                        .ok()
                        .map(|p| js_sys::Array::from(&p).iter().filter_map(|p| p.as_string()).collect())
                        .unwrap_or_default();
                    (summary.unwrap_or_default(), problems)
                }
                Err(refusal) => (refusal.text(i18n), Vec::new()),
            }));
            importing.set(false);
            reload();
        });
    };
    let toggle_tag = move |tag: ContactTag| {
        input.update(|i| {
            let code = tag.code().to_owned();
            if let Some(pos) = i.tags.iter().position(|t| *t == code) {
                i.tags.remove(pos);
            } else {
                i.tags.push(code);
            }
        })
    };

    view! {
        <section class="screen">
            <h1>{tr(Msg::Contacts)}</h1>
            <input id="contact-filter" type="search" class="search" placeholder=tr(Msg::SearchContacts)
                prop:value=query on:input=move |ev| query.set(event_target_value(&ev))/>
            <super::conflicts::Conflicts storage i18n conflicts
                contacts=Signal::derive(move || all.get().unwrap_or_default()) changed=Callback::new(move |_| reload())/>
            <ul class="cards" data-testid="contacts">
                {move || shown().into_iter().map(|c| {
                    let kind = c.person.kind.label();
                    let tags: Vec<_> = c.person.tags.iter().map(|t| t.label()).collect();
                    let name = c.person.name.as_str().to_owned();
                    let phone = c.person.phone.as_ref().map(|p| p.as_str().to_owned()).unwrap_or_default();
                    view! { <li class="card contact" data-testid="contact">
                        <p class="content"><strong>{name}</strong> " " <span class="muted" data-testid="contact-phone">{phone}</span></p>
                        <p class="meta"><span class="tag">{move || i18n.t(kind)}</span>
                            {tags.into_iter().map(|t| view! { <span>{move || i18n.t(t)}</span> }).collect_view()}
                            <button type="button" class="link contact-edit" data-testid="contact-edit" on:click=move |_| edit(&c)>{tr(Msg::ContactEdit)}</button></p>
                    </li> }
                }).collect_view()}
            </ul>
            <p class="muted" hidden=move || !shown().is_empty()>
                {move || i18n.t(if query.get().is_empty() { Msg::NoContacts } else { Msg::NoMatches })}
            </p>
            <h2>{tr(Msg::RosterImport)}</h2>
            <p class="muted small">{tr(Msg::RosterImportHint)}</p>
            <label for="roster-file" class="button wide" class:disabled=importing>{tr(Msg::RosterImport)}</label>
            <input id="roster-file" type="file" class="visually-hidden" data-testid="roster-file" on:change=import_roster
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"/>
            <div class="notice" role="status" data-testid="roster-report" hidden=move || roster.with(Option::is_none)>
                <p>{move || roster.get().map(|(summary, _)| summary)}</p>
                <ul class="problems" data-testid="roster-problems">
                    {move || roster.get().map(|(_, problems)| problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view())}
                </ul>
            </div>
            <h2 id="contact-form">{move || i18n.t(if editing.get().is_some() { Msg::ContactEditTitle } else { Msg::NewContact })}</h2>
            <p class="notice" role="status" data-testid="contact-outcome" hidden=move || outcome.with(Option::is_none)>{move || outcome.get()}</p>
            <form class="card-form" on:submit=save novalidate>
                <label for="contact-name">{tr(Msg::FieldName)}</label>
                <TextField id="contact-name".into() value=Signal::derive(move || input.with(|i| i.name.clone())) on_change=Callback::new(move |v| input.update(|i| i.name = v))/>
                <FieldError message=error(Field::Name) testid="error-contact-name".to_string()/>
                <label for="contact-phone">{tr(Msg::FieldPhone)}</label>
                <TextField id="contact-phone".into() kind="tel" value=Signal::derive(move || input.with(|i| i.phone.clone())) on_change=Callback::new(move |v| input.update(|i| i.phone = v))/>
                <FieldError message=error(Field::Phone) testid="error-contact-phone".to_string()/>
                <label for="contact-kind">{tr(Msg::FieldContactKind)}</label>
                <select id="contact-kind" on:change=move |ev| input.update(|i| i.kind = event_target_value(&ev))>
                    {ContactKind::ALL.iter().map(|k| { let k = *k; view! {
                        <option value=k.code() selected=move || input.with(|i| i.kind == k.code())>{move || i18n.t(k.label())}</option>
                    } }).collect_view()}
                </select>
                <fieldset class="tags">
                    <legend>{tr(Msg::FieldTags)}</legend>
                    {ContactTag::ALL.iter().map(|t| { let t = *t; view! {
                        <label class="check"><input type="checkbox" prop:checked=move || input.with(|i| i.tags.iter().any(|c| c == t.code())) on:change=move |_| toggle_tag(t)/>{move || i18n.t(t.label())}</label>
                    } }).collect_view()}
                </fieldset>
                <div class="actions">
                    <button type="button" data-testid="contact-edit-cancel" hidden=move || editing.get().is_none() on:click=cancel>{tr(Msg::Cancel)}</button>
                    <button type="submit" class="primary" data-testid="save-contact">
                        {move || i18n.t(if editing.get().is_some() { Msg::ContactSaveChanges } else { Msg::Save })}
                    </button>
                </div>
            </form>
        </section>
    }
}
