//! The opinion card form (社情民意收集卡) for an opinion collected on its own
//! (opinions raised at a meeting are added on the reception card instead).
//! Validation is the core's; errors show next to their field, in the user's
//! language.
//!
//! Like the reception card, the form is a draft in IndexedDB, written as it is
//! typed; the route carries the draft's id, so a reload — including the one
//! that applies an update — reopens it.

use super::autosave::autosave;
use super::category::category_options;
use super::fields::{FieldError, TextField};
use super::photos::Photos;
use crate::i18n::{tr, use_i18n};
use crate::perf;
use crate::router::{use_navigate, use_redirect};
use crate::storage::OpinionDraft;
use crate::ui::AppData;
use chrono::Utc;
use leptos::prelude::*;
use liaison_core::addendum::CardRef;
use liaison_core::{Field, FieldErrors, OpinionCard, OpinionCardId, OpinionCardInput, Urgency, time};
use liaison_i18n::Msg;

/// Who raised it: a walk-in once a name or a phone is typed (a phone without a
/// name is then refused, never silently dropped), anonymous otherwise.
fn raiser(form: &mut OpinionCardInput, name: String, phone: Option<String>) {
    if let Some(phone) = phone {
        form.raised_by.phone = phone;
    }
    form.raised_by.name = name;
    let typed = !form.raised_by.name.trim().is_empty() || !form.raised_by.phone.trim().is_empty();
    form.raised_by.kind = if typed { "walk_in" } else { "anonymous" }.into();
}

/// `/opinions/new`: starts a new draft and opens it.
#[component]
pub fn NewOpinion() -> impl IntoView {
    let redirect = use_redirect();
    let id = OpinionCardId::from_uuid(uuid::Uuid::now_v7());
    Effect::new(move |_| redirect(&format!("/opinions/edit/{id}")));
}

/// `/opinions/edit/:id`: the form, on the draft with that id.
#[component]
pub fn OpinionEditor(id: OpinionCardId) -> impl IntoView {
    let i18n = use_i18n();
    let data = expect_context::<AppData>();
    let navigate = use_navigate();

    let form = RwSignal::new(OpinionCardInput {
        collected_at: time::to_input_value(Utc::now()),
        ..OpinionCardInput::default()
    });
    let loaded = RwSignal::new(false);
    let saved_once = RwSignal::new(false);
    let errors = RwSignal::new(None::<FieldErrors>);
    let failure = RwSignal::new(None::<Msg>);
    let saving = RwSignal::new(false);

    leptos::task::spawn_local(async move {
        if let Ok(storage) = data.storage() {
            match storage.opinion_draft(id).await {
                Ok(Some(draft)) => {
                    form.set(draft.input);
                    saved_once.set(true);
                }
                // A new card: signed by whoever signed the last one on this phone.
                _ => {
                    if let Ok(Some(name)) = storage.collector().await {
                        form.update(|f| f.collected_by = name);
                    }
                }
            }
        }
        loaded.set(true);
        perf::mark("liaison:form-ready");
    });
    let autosave = autosave(form, loaded, saved_once, failure, move |storage, input| async move {
        storage.put_opinion_draft(&OpinionDraft { id: id.to_string(), input, edited: 0 }).await
    });

    let edit = move |apply: fn(&mut OpinionCardInput, String)| {
        Callback::new(move |value: String| form.update(|f| apply(f, value)))
    };
    let value = move |read: fn(&OpinionCardInput) -> String| Signal::derive(move || form.with(read));
    let error_for = move |field: Field| {
        Signal::derive(move || errors.get().and_then(|e| e.get(field).cloned()).map(|e| e.message(i18n.locale())))
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        failure.set(None);
        let card = match data
            .categories
            .with_untracked(|list| OpinionCard::create(id, &form.get_untracked(), list, Utc::now()))
        {
            Ok(card) => card,
            Err(invalid) => {
                errors.set(Some(invalid));
                failure.set(Some(Msg::FixErrors));
                return;
            }
        };
        errors.set(None);
        saving.set(true);
        autosave.stop();
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            perf::mark("liaison:save-start");
            let result = match data.storage() {
                Ok(storage) => {
                    let saved = storage.add_card(&card).await;
                    if let (Ok(()), Some(name)) = (&saved, &card.collected_by) {
                        let _ = storage.set_collector(name.as_str()).await;
                    }
                    saved
                }
                Err(e) => Err(e),
            };
            perf::mark("liaison:save-end");
            perf::measure("liaison:save-card", "liaison:save-start", "liaison:save-end");
            match result {
                Ok(()) => {
                    data.reload();
                    navigate("/");
                }
                // Nothing was written; the form and its draft are intact.
                Err(error) => {
                    leptos::logging::error!("saving a card failed: {error}");
                    saving.set(false);
                    autosave.resume();
                    failure.set(Some(error.msg()));
                }
            }
        });
    };

    let delete_draft = super::autosave::draft_deleter(CardRef::Opinion(id), autosave);

    view! {
        <section class="screen">
            <div class="screen-head">
                <h1>{tr(Msg::NewOpinionCard)}</h1>
                <span class="badge draft" data-testid="draft-badge">{tr(Msg::Draft)}</span>
            </div>
            <p class="muted small" hidden=move || !saved_once.get() data-testid="draft-saved">{tr(Msg::DraftSaved)}</p>
            <Show when=move || loaded.get() fallback=move || view! { <p class="muted">{tr(Msg::Loading)}</p> }>
            <form class="card-form" on:submit=submit.clone() novalidate>
                <label for="content">{tr(Msg::FieldContent)}</label>
                <TextField id="content".into() multiline=true placeholder=Msg::FieldContentHint value=value(|f| f.content.clone())
                    on_change=edit(|f, v| f.content = v) invalid=Signal::derive(move || error_for(Field::Content).get().is_some())/>
                <FieldError message=error_for(Field::Content) testid="error-content".to_string()/>

                <label for="category">{tr(Msg::FieldCategory)}</label>
                <select id="category" on:change=move |ev| edit(|f, v| f.category = v).run(event_target_value(&ev))>
                    <option value="">{tr(Msg::ChooseCategory)}</option>
                    {category_options(move |code| form.with(|f| f.category == code))}
                </select>
                <FieldError message=error_for(Field::Category) testid="error-category".to_string()/>

                <label for="urgency">{tr(Msg::FieldUrgency)}</label>
                <select id="urgency" on:change=move |ev| edit(|f, v| f.urgency = v).run(event_target_value(&ev))>
                    {Urgency::ALL.iter().map(|u| {
                        let u = *u;
                        view! { <option value=u.code() selected=move || form.with(|f| f.urgency == u.code())>{tr(u.label())}</option> }
                    }).collect_view()}
                </select>

                <label for="place">{tr(Msg::FieldPlace)}</label>
                <TextField id="place".into() placeholder=Msg::FieldPlaceHint value=value(|f| f.place.clone())
                    on_change=edit(|f, v| f.place = v) invalid=Signal::derive(move || error_for(Field::Place).get().is_some())/>
                <FieldError message=error_for(Field::Place) testid="error-place".to_string()/>

                <label for="collected-at">{tr(Msg::FieldCollectedAt)}</label>
                <TextField id="collected-at".into() kind="datetime-local" value=value(|f| f.collected_at.clone())
                    on_change=edit(|f, v| f.collected_at = v)/>
                <FieldError message=error_for(Field::CollectedAt) testid="error-collected-at".to_string()/>

                <div class="two">
                    <div>
                        <label for="raiser-name">{tr(Msg::FieldRaisedBy)}</label>
                        <TextField id="raiser-name".into() placeholder=Msg::Anonymous value=value(|f| f.raised_by.name.clone())
                            on_change=edit(|f, v| raiser(f, v, None))/>
                    </div>
                    <div>
                        <label for="raiser-phone">{tr(Msg::FieldPhone)}</label>
                        <TextField id="raiser-phone".into() kind="tel" value=value(|f| f.raised_by.phone.clone())
                            on_change=edit(|f, v| raiser(f, f.raised_by.name.clone(), Some(v)))/>
                    </div>
                </div>
                <FieldError message=error_for(Field::RaisedBy) testid="error-raised-by".to_string()/>

                <label for="collected-by">{tr(Msg::FieldCollectedBy)}</label>
                <TextField id="collected-by".into() value=value(|f| f.collected_by.clone())
                    on_change=edit(|f, v| f.collected_by = v) invalid=Signal::derive(move || error_for(Field::CollectedBy).get().is_some())/>
                <FieldError message=error_for(Field::CollectedBy) testid="error-collected-by".to_string()/>

                <Photos card=CardRef::Opinion(id) editable=true/>

                <Show when=move || failure.get().is_some()>
                    <p class="problem" role="alert" data-testid="form-failure">
                        {move || failure.get().map(|msg| i18n.t(msg))}
                    </p>
                </Show>
                <div class="actions">
                    <button type="button" on:click=delete_draft.clone() data-testid="delete-draft">{tr(Msg::DeleteDraft)}</button>
                    <button type="submit" class="primary" disabled=move || saving.get() data-testid="save">
                        {move || i18n.t(if saving.get() { Msg::Saving } else { Msg::Save })}
                    </button>
                </div>
            </form>
            </Show>
        </section>
    }
}
