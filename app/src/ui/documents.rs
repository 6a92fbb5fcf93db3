//! `/documents` (建议与报告): the proposals, research reports and yearly
//! reports the representative submitted, recorded on the phone with no
//! network so they count toward this year's duties at once, and listed with
//! where each stands with the server. Drawn by the tools module
//! (`mount_documents`) into the place the shell leaves for it, so the shell
//! carries none of it.

use super::fields::{FieldError, TextField};
use crate::i18n::{I18n, tr};
use crate::storage::{DocumentState, Storage};
use leptos::prelude::*;
use liaison_core::document::{Document, DocumentInput, DocumentKind};
use liaison_core::{DocumentId, Field, FieldErrors};
use liaison_i18n::{Locale, Msg};
use std::collections::HashMap;

/// Today in China, as an `<input type="date">` value.
fn today() -> String {
    let mut day = liaison_core::time::format_local(chrono::Utc::now());
    day.truncate(10);
    day
}

fn fresh() -> DocumentInput {
    DocumentInput { submitted_on: today(), ..DocumentInput::default() }
}

/// The screen: a form, then what was recorded.
#[component]
pub fn Documents(storage: Storage, locale: Locale) -> impl IntoView {
    let i18n = I18n::new(locale);
    provide_context(i18n);
    let storage = StoredValue::new_local(storage);
    let listed = RwSignal::new(None::<(Vec<Document>, usize)>);
    let states = RwSignal::new(HashMap::<String, DocumentState>::new());
    let reload = move || {
        let storage = storage.get_value();
        leptos::task::spawn_local(async move {
            listed.set(Some(storage.documents().await.unwrap_or_default()));
            states.set(storage.document_states().await.unwrap_or_default());
        })
    };
    reload();
    // A sync moves documents from waiting to synced, and brings other phones' own.
    let changed = window_event_listener_untyped(crate::tools::DATA_CHANGED_EVENT, move |_| reload());
    on_cleanup(move || changed.remove());

    let input = RwSignal::new(fresh());
    let errors = RwSignal::new(None::<FieldErrors>);
    let problem = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let error = move |field: Field| {
        Signal::derive(move || errors.get().and_then(|e| e.get(field).cloned()).map(|e| e.message(i18n.locale())))
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        problem.set(None);
        let id = DocumentId::from_uuid(uuid::Uuid::now_v7());
        match Document::create(id, &input.get_untracked(), chrono::Utc::now()) {
            Err(e) => errors.set(Some(e)),
            Ok(document) => {
                errors.set(None);
                let storage = storage.get_value();
                leptos::task::spawn_local(async move {
                    match storage.add_document(&document).await {
                        Ok(()) => {
                            input.set(fresh());
                            saved.set(true);
                            reload();
                            // The shell's start screen and the sync follow.
                            crate::tools::announce(crate::tools::WRITTEN_EVENT);
                        }
                        // What was typed stays in the form.
                        Err(e) => problem.set(Some(i18n.t(e.msg()).to_owned())),
                    }
                });
            }
        }
    };
    let text = move |get: fn(&DocumentInput) -> &String| Signal::derive(move || input.with(|i| get(i).clone()));

    view! {
        <section class="screen documents">
            <h1>{tr(Msg::Documents)}</h1>
            <p class="muted small">{tr(Msg::DocumentsHint)}</p>
            <form class="card-form" on:submit=save novalidate data-testid="document-form">
                <label for="document-kind">{tr(Msg::DocumentKindLabel)}</label>
                <select id="document-kind" on:change=move |ev| input.update(|i| i.kind = event_target_value(&ev))>
                    <option value="" selected=move || input.with(|i| i.kind.is_empty())>{tr(Msg::DocumentKindChoose)}</option>
                    {DocumentKind::ALL.iter().map(|k| { let k = *k; view! {
                        <option value=k.code() selected=move || input.with(|i| i.kind == k.code())>{move || i18n.t(k.msg())}</option>
                    } }).collect_view()}
                </select>
                <FieldError message=error(Field::DocumentKind) testid="error-document-kind".to_string()/>
                <label for="document-title">{tr(Msg::DocumentTitle)}</label>
                <TextField id="document-title".into() value=text(|i| &i.title) on_change=Callback::new(move |v| input.update(|i| i.title = v))/>
                <FieldError message=error(Field::Topic) testid="error-document-title".to_string()/>
                <label for="document-on">{tr(Msg::DocumentSubmittedOn)}</label>
                <TextField id="document-on".into() kind="date" value=text(|i| &i.submitted_on) on_change=Callback::new(move |v| input.update(|i| i.submitted_on = v))/>
                <FieldError message=error(Field::SubmittedOn) testid="error-document-on".to_string()/>
                <label for="document-to">{tr(Msg::DocumentSubmittedTo)}</label>
                <TextField id="document-to".into() value=text(|i| &i.submitted_to) on_change=Callback::new(move |v| input.update(|i| i.submitted_to = v))/>
                <FieldError message=error(Field::SubmittedTo) testid="error-document-to".to_string()/>
                <label for="document-summary">{tr(Msg::DocumentSummary)}</label>
                <TextField id="document-summary".into() multiline=true value=text(|i| &i.summary) on_change=Callback::new(move |v| input.update(|i| i.summary = v))/>
                <FieldError message=error(Field::Summary) testid="error-document-summary".to_string()/>
                <p class="muted small">{tr(Msg::DocumentsNotice)}</p>
                <p class="problem" role="alert" hidden=move || problem.with(Option::is_none)>{move || problem.get()}</p>
                <p class="notice" role="status" data-testid="document-saved" hidden=move || !saved.get()>{tr(Msg::DocumentSaved)}</p>
                <div class="actions"><button type="submit" class="primary" data-testid="save-document">{tr(Msg::DocumentSave)}</button></div>
            </form>
            <ul class="cards" data-testid="documents">
                {move || listed.get().map(|(documents, _)| documents).unwrap_or_default().into_iter().map(|d| {
                    let state = states.with(|s| s.get(&d.id.to_string()).cloned());
                    let state_text = move || match &state {
                        Some(DocumentState::Received) => i18n.t(Msg::DocumentReceived).to_owned(),
                        Some(DocumentState::Refused(key)) => {
                            let reason = Msg::from_key(key).map(|m| i18n.t(m)).unwrap_or(key.as_str()).to_owned();
                            Msg::DocumentRefused.fill(i18n.locale(), &[("reason", &reason)])
                        }
                        Some(DocumentState::Waiting) | None => i18n.t(Msg::DocumentWaiting).to_owned(),
                    };
                    let kind = d.kind.msg();
                    view! { <li class="card document" data-kind=d.kind.code()>
                        <p class="content"><strong>{d.title.as_str().to_owned()}</strong></p>
                        <p class="meta">
                            <span class="tag">{move || i18n.t(kind)}</span>
                            <span>{d.submitted_on.to_string()}</span>
                            <span>{d.submitted_to.as_ref().map(|t| t.as_str().to_owned()).unwrap_or_default()}</span>
                            <span class="sync-state" data-testid="document-state">{state_text}</span>
                        </p>
                        <p class="pre small" hidden=d.summary.is_none()>{d.summary.as_ref().map(|s| s.as_str().to_owned()).unwrap_or_default()}</p>
                    </li> }
                }).collect_view()}
            </ul>
            <p class="muted" hidden=move || listed.with(|l| l.as_ref().is_none_or(|(d, _)| !d.is_empty()))>{tr(Msg::DocumentsNone)}</p>
        </section>
    }
}
