//! The opinion card form (社情民意收集卡). Validation is the core's; errors
//! show next to their field, in the user's language.
//!
//! What is typed is mirrored to `sessionStorage` on every keystroke and restored
//! when the form opens, so a reload — including the one that applies an update —
//! never throws away a form being typed.

use super::fields::{FieldError, TextField};
use crate::i18n::{tr, use_i18n};
use crate::perf;
use crate::router::use_navigate;
use crate::storage::StorageError;
use crate::ui::AppData;
use chrono::Utc;
use leptos::prelude::*;
use liaison_core::{Category, Field, FieldErrors, OpinionCard, OpinionCardId, OpinionCardInput, time};
use liaison_i18n::Msg;

const FORM_KEY: &str = "liaison.form.opinion";

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn restore_form() -> Option<OpinionCardInput> {
    let text = session()?.get_item(FORM_KEY).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

fn keep_form(input: &OpinionCardInput) {
    if let (Some(session), Ok(text)) = (session(), serde_json::to_string(input)) {
        let _ = session.set_item(FORM_KEY, &text);
    }
}

fn forget_form() {
    if let Some(session) = session() {
        let _ = session.remove_item(FORM_KEY);
    }
}

/// The new-card screen.
#[component]
pub fn NewOpinion() -> impl IntoView {
    let i18n = use_i18n();
    let data = expect_context::<AppData>();
    let navigate = use_navigate();

    let initial = restore_form().unwrap_or_else(|| OpinionCardInput {
        collected_at: time::to_input_value(Utc::now()),
        ..OpinionCardInput::default()
    });
    let form = RwSignal::new(initial);
    let errors = RwSignal::new(None::<FieldErrors>);
    let failure = RwSignal::new(None::<Msg>);
    let saving = RwSignal::new(false);

    let edit = move |apply: fn(&mut OpinionCardInput, String)| {
        Callback::new(move |value: String| {
            form.update(|f| apply(f, value));
            keep_form(&form.get_untracked());
        })
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
        let input = form.get_untracked();
        let id = OpinionCardId::from_uuid(uuid::Uuid::now_v7());
        let card = match OpinionCard::create(id, &input, Utc::now()) {
            Ok(card) => card,
            Err(invalid) => {
                errors.set(Some(invalid));
                failure.set(Some(Msg::FixErrors));
                return;
            }
        };
        errors.set(None);
        saving.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            perf::mark("liaison:save-start");
            let result = match data.storage() {
                Ok(storage) => storage.add_card(&card).await,
                Err(e) => Err(e),
            };
            perf::mark("liaison:save-end");
            perf::measure("liaison:save-card", "liaison:save-start", "liaison:save-end");
            saving.set(false);
            match result {
                Ok(()) => {
                    forget_form();
                    data.reload();
                    navigate("/");
                }
                // The card stays in the form (and in sessionStorage): nothing is lost.
                Err(error @ StorageError::Unavailable(_)) => failure.set(Some(error.msg())),
                Err(error) => {
                    leptos::logging::error!("saving a card failed: {error}");
                    failure.set(Some(error.msg()));
                }
            }
        });
    };

    let go_home = use_navigate();
    let cancel = move |_| {
        forget_form();
        go_home("/");
    };

    view! {
        <section class="screen">
            <h1>{tr(Msg::NewOpinionCard)}</h1>
            <form class="card-form" on:submit=submit novalidate>
                <label for="content">{tr(Msg::FieldContent)}</label>
                <TextField id="content".into() multiline=true placeholder=Msg::FieldContentHint value=value(|f| f.content.clone())
                    on_change=edit(|f, v| f.content = v) invalid=Signal::derive(move || error_for(Field::Content).get().is_some())/>
                <FieldError message=error_for(Field::Content) testid="error-content".to_string()/>

                <label for="category">{tr(Msg::FieldCategory)}</label>
                <select id="category" on:change=move |ev| edit(|f, v| f.category = v).run(event_target_value(&ev))>
                    <option value="">{tr(Msg::ChooseCategory)}</option>
                    {Category::ALL
                        .into_iter()
                        .map(|c| view! {
                            <option value=c.code() selected=move || form.with(|f| f.category == c.code())>{tr(c.label())}</option>
                        })
                        .collect_view()}
                </select>
                <FieldError message=error_for(Field::Category) testid="error-category".to_string()/>

                <label for="place">{tr(Msg::FieldPlace)}</label>
                <TextField id="place".into() placeholder=Msg::FieldPlaceHint value=value(|f| f.place.clone())
                    on_change=edit(|f, v| f.place = v) invalid=Signal::derive(move || error_for(Field::Place).get().is_some())/>
                <FieldError message=error_for(Field::Place) testid="error-place".to_string()/>

                <label for="collected-at">{tr(Msg::FieldCollectedAt)}</label>
                <TextField id="collected-at".into() kind="datetime-local" value=value(|f| f.collected_at.clone())
                    on_change=edit(|f, v| f.collected_at = v)/>
                <FieldError message=error_for(Field::CollectedAt) testid="error-collected-at".to_string()/>

                <Show when=move || failure.get().is_some()>
                    <p class="problem" role="alert" data-testid="form-failure">
                        {move || failure.get().map(|msg| i18n.t(msg))}
                    </p>
                </Show>
                <div class="actions">
                    <button type="button" on:click=cancel>{tr(Msg::Cancel)}</button>
                    <button type="submit" class="primary" disabled=move || saving.get() data-testid="save">
                        {move || i18n.t(if saving.get() { Msg::Saving } else { Msg::Save })}
                    </button>
                </div>
            </form>
        </section>
    }
}
