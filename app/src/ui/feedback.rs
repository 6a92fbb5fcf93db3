//! The collector's feedback on a matter, recorded offline (反馈、评价): how and
//! when the person who raised the opinion was told the accepted reply, then
//! their verdict. Each is a core `MatterRequest` kept in IndexedDB with its
//! outbox entry; the server applies it when the phone syncs. Until then the
//! form moves on as if it had (told → verdict), and says what waits. Drawn
//! by the tools module, inside `matter_status::MatterProgress`.

use crate::i18n::{tr, use_i18n};
use crate::storage::{RecordedRequest, Storage};
use leptos::prelude::*;
use liaison_core::matter::{ActionKind, InformedHow, MatterRequest, MatterState, MatterStatusRecordV1, Satisfaction};
use liaison_core::{Field, FieldErrors, MatterRequestId, time};
use liaison_i18n::Msg;

/// What the form asks next, given the server's state and what waits on the phone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Next {
    Informed,
    Verdict,
    Nothing,
}

fn next(state: MatterState, waiting: &[ActionKind]) -> Next {
    let told = waiting.contains(&ActionKind::RecordInformed);
    let judged = waiting.contains(&ActionKind::RecordEvaluation);
    match state {
        MatterState::ReplyAccepted if !told => Next::Informed,
        MatterState::ReplyAccepted | MatterState::PersonInformed if !judged => Next::Verdict,
        _ => Next::Nothing,
    }
}

fn what(kind: ActionKind) -> Msg {
    match kind {
        ActionKind::RecordInformed => Msg::FeedbackWhatInformed,
        _ => Msg::FeedbackWhatVerdict,
    }
}

/// The feedback part of a matter's progress.
#[component]
pub fn Feedback(
    storage: StoredValue<Storage, LocalStorage>,
    /// Moves when the shell says the phone's data changed.
    changes: RwSignal<u32>,
    status: Signal<Option<MatterStatusRecordV1>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let matter = Memo::new(move |_| status.with(|s| s.as_ref().map(|s| s.id)));
    let state = Memo::new(move |_| status.with(|s| s.as_ref().map(|s| s.state)));
    let recorded = RwSignal::new(Vec::<RecordedRequest>::new());
    let load = move || {
        let Some(matter) = matter.get_untracked() else { return };
        let storage = storage.get_value();
        leptos::task::spawn_local(async move {
            if let Ok(list) = storage.matter_requests(matter).await {
                recorded.set(list);
            }
        })
    };
    Effect::new(move |_| {
        changes.track();
        matter.track();
        load();
    });
    let how = RwSignal::new(String::new());
    let when = RwSignal::new(time::to_input_value(chrono::Utc::now()));
    let satisfaction = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let errors = RwSignal::new(None::<FieldErrors>);
    let problem = RwSignal::new(None::<String>);
    let error_of = move |field: Field| {
        move || errors.with(|e| e.as_ref().and_then(|e| e.get(field)).map(|e| e.message(i18n.locale())))
    };
    let save = move |made: Result<MatterRequest, FieldErrors>| match made {
        Err(e) => errors.set(Some(e)),
        Ok(request) => {
            errors.set(None);
            let storage = storage.get_value();
            leptos::task::spawn_local(async move {
                match storage.add_matter_request(&request).await {
                    Ok(()) => {
                        problem.set(None);
                        reason.set(String::new());
                        load();
                        // The shell counts the outbox again and syncs when it can.
                        crate::tools::announce(crate::tools::WRITTEN_EVENT);
                    }
                    Err(e) => problem.set(Some(i18n.t(e.msg()).to_owned())),
                }
            });
        }
    };
    let new_id = || MatterRequestId::from_uuid(uuid::Uuid::now_v7());
    let record_informed = move |_| {
        let Some(matter) = matter.get_untracked() else { return };
        save(MatterRequest::informed(new_id(), matter, &how.get_untracked(), &when.get_untracked(), chrono::Utc::now()))
    };
    let record_verdict = move |_| {
        let Some(matter) = matter.get_untracked() else { return };
        let made = MatterRequest::evaluation(
            new_id(),
            matter,
            &satisfaction.get_untracked(),
            &reason.get_untracked(),
            chrono::Utc::now(),
        );
        save(made)
    };
    let step = move || {
        let Some(state) = state.get() else { return Next::Nothing };
        let waiting: Vec<ActionKind> = recorded.with(|r| r.iter().filter(|r| r.waiting).map(|r| r.kind).collect());
        next(state, &waiting)
    };
    view! {
        <div class="feedback no-print" data-testid="feedback">
            {move || recorded.get().into_iter().filter(|r| r.waiting || r.refused.is_some()).map(|r| {
                let action = what(r.kind);
                match r.refused {
                    Some(key) => {
                        let reason = Msg::from_key(&key).unwrap_or(Msg::SyncRejected);
                        view! { <p class="field-error" data-testid="feedback-refused">
                            {move || i18n.fill(Msg::FeedbackRefused, &[("what", i18n.t(action)), ("reason", i18n.t(reason))])}
                        </p> }.into_any()
                    }
                    None => view! { <p class="notice" data-testid="feedback-waiting">
                        {move || i18n.fill(Msg::FeedbackWaiting, &[("what", i18n.t(action))])}
                    </p> }.into_any(),
                }
            }).collect_view()}
            <Show when=move || step() == Next::Informed>
                <div class="card-form">
                <label for="informed-how">{tr(Msg::FeedbackInformedHow)}</label>
                <select id="informed-how" data-testid="informed-how" on:change=move |ev| how.set(event_target_value(&ev))>
                    <option value="" selected=move || how.get().is_empty()>{tr(Msg::FeedbackChoose)}</option>
                    {InformedHow::ALL.iter().map(|h| {
                        let code = h.code();
                        view! { <option value=code selected=move || how.get() == code>{tr(h.label())}</option> }
                    }).collect_view()}
                </select>
                <p class="field-error" role="alert">{error_of(Field::InformedHow)}</p>
                <label for="informed-at">{tr(Msg::FeedbackInformedAt)}</label>
                <input id="informed-at" type="datetime-local" data-testid="informed-at" prop:value=when
                    on:change=move |ev| when.set(event_target_value(&ev))/>
                <p class="field-error" role="alert">{error_of(Field::InformedAt)}</p>
                <button type="button" class="wide" data-testid="record-informed" on:click=record_informed>
                    {tr(Msg::FeedbackRecordInformed)}
                </button>
                </div>
            </Show>
            <Show when=move || step() == Next::Verdict>
                <div class="card-form">
                <fieldset class="choices">
                    <legend>{tr(Msg::FeedbackSatisfaction)}</legend>
                    {Satisfaction::ALL.iter().map(|s| {
                        let code = s.code();
                        view! { <label class="choice"><input type="radio" name="satisfaction" value=code
                            data-testid=format!("verdict-{code}")
                            prop:checked=move || satisfaction.get() == code
                            on:change=move |_| satisfaction.set(code.to_owned())/>{tr(s.label())}</label> }
                    }).collect_view()}
                </fieldset>
                <p class="field-error" role="alert">{error_of(Field::Satisfaction)}</p>
                <label for="verdict-reason">{tr(Msg::FeedbackReason)}</label>
                <textarea id="verdict-reason" rows="3" data-testid="verdict-reason" prop:value=reason
                    on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                <p class="field-error" role="alert" data-testid="error-reason">{error_of(Field::Reason)}</p>
                <button type="button" class="wide" data-testid="record-verdict" on:click=record_verdict>
                    {tr(Msg::FeedbackRecordVerdict)}
                </button>
                </div>
            </Show>
            <p class="field-error" role="alert" hidden=move || problem.get().is_none()>{move || problem.get()}</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn the_form_moves_on_as_requests_wait() {
        let (told, judged) = (ActionKind::RecordInformed, ActionKind::RecordEvaluation);
        assert_eq!(next(MatterState::ReplyAccepted, &[]), Next::Informed);
        assert_eq!(next(MatterState::ReplyAccepted, &[told]), Next::Verdict);
        assert_eq!(next(MatterState::PersonInformed, &[]), Next::Verdict);
        assert_eq!(next(MatterState::ReplyAccepted, &[told, judged]), Next::Nothing);
        assert_eq!(next(MatterState::PersonInformed, &[judged]), Next::Nothing);
        assert_eq!(next(MatterState::InProgress, &[]), Next::Nothing);
    }
}
