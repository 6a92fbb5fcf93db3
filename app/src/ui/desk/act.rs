//! Taking an action on the desk: which fields each action asks for, turning
//! them into a core `Action` (parsed here, at the edge: a reason is never
//! empty, a date is a date), and sending it (`POST …/actions` over the
//! matter's version, or `POST …/merge`). The server's state machine has the
//! last word; its refusal comes back as a catalogue message.

use super::view::Detail;
use crate::api;
use crate::i18n::{I18n, tr};
use leptos::prelude::*;
use liaison_core::matter::deadline::DeadlinePolicy;
use liaison_core::matter::{Action, ActionKind, AdoptionLevel, CloseReason};
use liaison_core::{
    Categories, Category, Instruction, MatterId, NoteText, OrganisationName, Reason, ReplyText, Urgency, time,
};
use liaison_i18n::{Locale, Msg};
use serde_json::json;

/// What the action's form says, as typed.
#[derive(Clone, Copy)]
struct Inputs {
    category: RwSignal<String>,
    urgency: RwSignal<String>,
    unit: RwSignal<String>,
    date: RwSignal<String>,
    text: RwSignal<String>,
    close_reason: RwSignal<String>,
    upper: RwSignal<String>,
    level: RwSignal<String>,
}

/// What is sent.
enum Built {
    Act(Action),
    Merge(MatterId),
}

/// A field an action asks for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Category,
    Urgency,
    Unit,
    DueOn,
    Until,
    Reason,
    OptionalReason,
    Note,
    Reply,
    CloseReason,
    SentTo,
    MergeInto,
    Upper,
    AdoptionLevel,
    Instruction,
}

fn fields(kind: ActionKind) -> &'static [Field] {
    use ActionKind as A;
    use Field as F;
    match kind {
        A::Triage => &[F::Category, F::Urgency],
        A::Dispatch => &[F::Unit, F::DueOn],
        A::ReturnDispatch | A::SendBack | A::DenyExtension | A::Reopen | A::RevealRaiser => &[F::Reason],
        A::GrantExtension => &[F::OptionalReason],
        A::AddProgressNote | A::Urge => &[F::Note],
        A::RequestExtension => &[F::Until, F::Reason],
        A::SubmitReply | A::AnswerDirectly => &[F::Reply],
        A::CloseWithReason => &[F::CloseReason, F::Reason],
        A::ReportAsInformation => &[F::SentTo],
        A::MergeInto => &[F::MergeInto],
        A::ForwardUpward => &[F::Upper],
        A::RecordAdoption => &[F::AdoptionLevel, F::Instruction],
        _ => &[],
    }
}

fn label(field: Field) -> Msg {
    match field {
        Field::Category => Msg::FieldCategory,
        Field::Urgency => Msg::FieldUrgency,
        Field::Unit => Msg::DeskUnit,
        Field::DueOn => Msg::DeskDueOn,
        Field::Until => Msg::DeskUntil,
        Field::Reason | Field::OptionalReason => Msg::DeskReason,
        Field::Note => Msg::DeskNote,
        Field::Reply => Msg::DeskReplyText,
        Field::CloseReason => Msg::DeskCloseReason,
        Field::SentTo => Msg::DeskSentTo,
        Field::MergeInto => Msg::DeskMergeInto,
        Field::Upper => Msg::DeskForwardTo,
        Field::AdoptionLevel => Msg::DeskAdoptionLevel,
        Field::Instruction => Msg::DeskInstruction,
    }
}

/// An action's name as a button: the catalogue's phrase, capitalised in English.
pub fn button_label(i18n: I18n, kind: ActionKind) -> String {
    let text = i18n.t(kind.label());
    let mut chars = text.chars();
    match (i18n.locale(), chars.next()) {
        (Locale::En, Some(first)) => first.to_uppercase().chain(chars).collect(),
        _ => text.to_owned(),
    }
}

/// "field: what is wrong with it", in `locale`.
fn labelled(locale: Locale, field: Field, problem: &str) -> String {
    Msg::DeskLabelled.fill(locale, &[("label", label(field).text(locale)), ("value", problem)])
}

/// The form's text as the core type, or the message saying what is wrong.
fn parsed<T>(locale: Locale, field: Field, parse: Result<T, liaison_core::ValidationError>) -> Result<T, String> {
    parse.map_err(|e| labelled(locale, field, &e.message(locale)))
}

fn date(locale: Locale, field: Field, text: &str) -> Result<chrono::NaiveDate, String> {
    time::parse_date(text.trim()).ok_or_else(|| labelled(locale, field, Msg::DeskDateInvalid.text(locale)))
}

fn build(kind: ActionKind, i: Inputs, locale: Locale) -> Result<Built, String> {
    use ActionKind as A;
    let text = i.text.get_untracked();
    let reason = || parsed(locale, Field::Reason, Reason::parse(&text));
    let action = match kind {
        A::Triage => Action::Triage {
            category: parsed(locale, Field::Category, Category::parse(&i.category.get_untracked()))?,
            urgency: parsed(locale, Field::Urgency, Urgency::parse(&i.urgency.get_untracked()))?,
        },
        A::Dispatch => Action::Dispatch {
            unit: i.unit.get_untracked().parse().map_err(|_| Msg::DeskChooseUnit.text(locale).to_owned())?,
            due_on: date(locale, Field::DueOn, &i.date.get_untracked())?,
        },
        A::ReturnDispatch => Action::ReturnDispatch { reason: reason()? },
        A::AcceptDispatch => Action::AcceptDispatch,
        A::AddProgressNote => Action::AddProgressNote { note: parsed(locale, Field::Note, NoteText::parse(&text))? },
        A::Urge => Action::Urge { note: parsed(locale, Field::Note, NoteText::parse(&text))? },
        A::RevealRaiser => Action::RevealRaiser { reason: parsed(locale, Field::Reason, Reason::parse(&text))? },
        A::RequestExtension => {
            Action::RequestExtension { until: date(locale, Field::Until, &i.date.get_untracked())?, reason: reason()? }
        }
        A::GrantExtension => {
            Action::GrantExtension { reason: if text.trim().is_empty() { None } else { Some(reason()?) } }
        }
        A::DenyExtension => Action::DenyExtension { reason: reason()? },
        A::SubmitReply => Action::SubmitReply { text: parsed(locale, Field::Reply, ReplyText::parse(&text))? },
        A::AcceptReply => Action::AcceptReply,
        A::SendBack => Action::SendBack { reason: reason()? },
        A::Close => Action::Close,
        A::Reopen => Action::Reopen { reason: reason()? },
        A::CloseWithReason => Action::CloseWithReason {
            reason: parsed(locale, Field::CloseReason, CloseReason::parse(&i.close_reason.get_untracked()))?,
            text: reason()?,
        },
        A::AnswerDirectly => Action::AnswerDirectly { text: parsed(locale, Field::Reply, ReplyText::parse(&text))? },
        A::ReportAsInformation => {
            Action::ReportAsInformation { sent_to: parsed(locale, Field::SentTo, OrganisationName::parse(&text))? }
        }
        A::MergeInto => {
            let into = text.trim().parse().map_err(|_| Msg::DeskIdInvalid.text(locale).to_owned())?;
            return Ok(Built::Merge(into));
        }
        A::ForwardUpward => Action::ForwardUpward {
            to: i.upper.get_untracked().parse().map_err(|_| Msg::DeskChooseOrganisation.text(locale).to_owned())?,
        },
        A::RecordAdoption => Action::RecordAdoption {
            level: match i.level.get_untracked().as_str() {
                "" => None,
                code => Some(parsed(locale, Field::AdoptionLevel, AdoptionLevel::parse(code))?),
            },
            instruction: match text.trim() {
                "" => None,
                t => Some(parsed(locale, Field::Instruction, Instruction::parse(t))?),
            },
        },
        // Not offered as a button (see `actions_for`): the collector's, from
        // the phone, the other half of a merge, and a file (`attach.rs`).
        A::RecordInformed | A::RecordEvaluation | A::Absorb | A::AddAttachment => {
            return Err(Msg::MatterActionInvalid.text(locale).to_owned());
        }
    };
    Ok(Built::Act(action))
}

/// The actions the signed-in user can take on the matter shown (as the
/// party the server says they act as), each a button that opens
/// its fields; sending one reloads the matter (`done` is called with the
/// answer, or with the refusal's text).
#[component]
pub fn Actions(
    detail: Detail,
    token: StoredValue<String>,
    categories: Signal<Categories>,
    units: Signal<Vec<(String, String)>>,
    done: Callback<Result<(serde_json::Value, ActionKind), String>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let record = detail.item.record.clone();
    let kinds = detail.acting_as.map(|p| super::view::actions_for(p, &record)).unwrap_or_default();
    let open = RwSignal::new(None::<ActionKind>);
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    // The office's settings suggest the due day and the unit.
    let dispatch = use_context::<super::settings::DispatchContext>().and_then(|c| c.0.get_untracked());
    let policy = dispatch.as_ref().map(|d| d.policy.clone()).unwrap_or_else(DeadlinePolicy::preset);
    let default_due = policy.due_on(&record.category, record.urgency, chrono::Utc::now());
    let usual_unit = dispatch.and_then(|d| d.units.unit_for(&record.category)).map(|u| u.to_string());
    let inputs = Inputs {
        category: RwSignal::new(record.category.code().to_owned()),
        urgency: RwSignal::new(record.urgency.code().to_owned()),
        unit: RwSignal::new(usual_unit.unwrap_or_default()),
        date: RwSignal::new(default_due.to_string()),
        text: RwSignal::new(String::new()),
        close_reason: RwSignal::new(CloseReason::NotActionable.code().to_owned()),
        upper: RwSignal::new(String::new()),
        level: RwSignal::new(String::new()),
    };
    let (matter, version, organisation) = (record.id, record.version, record.organisation.to_string());
    let send = move |kind: ActionKind| {
        problem.set(None);
        let built = match build(kind, inputs, i18n.locale()) {
            Ok(built) => built,
            Err(text) => return problem.set(Some(text)),
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let (path, body) = match built {
                Built::Act(action) => (
                    format!("/api/v1/matters/{matter}/actions"),
                    json!({ "version": version, "action": serde_json::to_value(&action).unwrap_or_default() }),
                ),
                Built::Merge(into) => {
                    (format!("/api/v1/matters/{matter}/merge"), json!({ "into": into.to_string(), "version": version }))
                }
            };
            let answer = api::call("POST", &path, &token.get_value(), Some(&body)).await;
            busy.set(false);
            match answer {
                Ok(value) => done.run(Ok((value, kind))),
                Err(msg) => problem.set(Some(i18n.t(msg).to_owned())),
            }
        });
    };
    let field_view = move |field: Field| {
        let id = format!("desk-field-{}", field as u8);
        let head = view! { <label for=id.clone()>{tr(label(field))}</label> };
        let control = match field {
            Field::Category => view! {
                <select id=id on:change=move |ev| inputs.category.set(event_target_value(&ev))>
                    {move || categories.with(|list| list.defs().iter().map(|d| {
                        let code = d.code.code().to_owned();
                        let selected = inputs.category.get_untracked() == code;
                        view! { <option value=code selected=selected>{d.name(i18n.locale()).to_owned()}</option> }
                    }).collect_view())}
                </select>
            }
            .into_any(),
            Field::Urgency => view! {
                <select id=id on:change=move |ev| inputs.urgency.set(event_target_value(&ev))>
                    {Urgency::ALL.iter().map(|u| {
                        let code = u.code();
                        view! { <option value=code selected=move || inputs.urgency.get() == code>{tr(u.label())}</option> }
                    }).collect_view()}
                </select>
            }
            .into_any(),
            Field::Unit => {
                let own = organisation.clone();
                view! {
                    <select id=id data-testid="desk-unit" on:change=move |ev| inputs.unit.set(event_target_value(&ev))>
                        <option value="">{tr(Msg::DeskChooseUnit)}</option>
                        {move || units.get().into_iter().filter(|(uid, _)| *uid != own).map(|(uid, name)| {
                            let usual = inputs.unit.get_untracked() == uid;
                            view! { <option value=uid selected=usual>{name}</option> }
                        }).collect_view()}
                    </select>
                }
                .into_any()
            }
            Field::Upper => {
                // Only the organisations above this one (the server refuses any other).
                let parents = use_context::<super::Parents>();
                let own = organisation.clone();
                let named = Memo::new(move |_| {
                    parents
                        .map(|p| p.above(&own))
                        .unwrap_or_default()
                        .into_iter()
                        .map(|uid| {
                            let name = units.with(|u| u.iter().find(|(id, _)| *id == uid).map(|(_, n)| n.clone()));
                            (uid.clone(), name.unwrap_or(uid))
                        })
                        .collect::<Vec<_>>()
                });
                view! {
                    <select id=id data-testid="desk-upper" on:change=move |ev| inputs.upper.set(event_target_value(&ev))>
                        <option value="">{tr(Msg::DeskChooseOrganisation)}</option>
                        {move || named.get().into_iter().map(|(uid, name)| view! { <option value=uid>{name}</option> }).collect_view()}
                    </select>
                    <p class="muted" data-testid="desk-no-upper" hidden=move || named.with(|n| !n.is_empty())>{tr(Msg::DeskNoUpper)}</p>
                }
                .into_any()
            }
            Field::AdoptionLevel => view! {
                <select id=id data-testid="desk-level" on:change=move |ev| inputs.level.set(event_target_value(&ev))>
                    <option value="">{tr(Msg::DeskNotAdopted)}</option>
                    {AdoptionLevel::ALL.iter().map(|l| view! { <option value=l.code()>{tr(l.label())}</option> }).collect_view()}
                </select>
            }
            .into_any(),
            Field::CloseReason => view! {
                <select id=id on:change=move |ev| inputs.close_reason.set(event_target_value(&ev))>
                    {CloseReason::ALL.iter().map(|r| {
                        let code = r.code();
                        view! { <option value=code selected=move || inputs.close_reason.get() == code>{tr(r.label())}</option> }
                    }).collect_view()}
                </select>
            }
            .into_any(),
            Field::DueOn | Field::Until => view! {
                <input id=id type="date" prop:value=move || inputs.date.get() on:input=move |ev| inputs.date.set(event_target_value(&ev))/>
            }
            .into_any(),
            Field::Reply => view! {
                <textarea id=id rows="5" data-testid="desk-text" prop:value=move || inputs.text.get() on:input=move |ev| inputs.text.set(event_target_value(&ev))></textarea>
            }
            .into_any(),
            _ => view! {
                <input id=id type="text" data-testid="desk-text" prop:value=move || inputs.text.get() on:input=move |ev| inputs.text.set(event_target_value(&ev))/>
            }
            .into_any(),
        };
        view! { {head}{control} }
    };
    let empty = kinds.is_empty();
    view! {
        <section class="desk-actions" data-testid="desk-actions">
            <h3>{tr(Msg::DeskActions)}</h3>
            <p class="muted" hidden=!empty>{tr(Msg::DeskNoActions)}</p>
            <div class="desk-buttons">
                {kinds.iter().map(|kind| {
                    let kind = *kind;
                    view! {
                        <button type="button" data-action=kind.code() class:primary=move || open.get() == Some(kind)
                            on:click=move |_| {
                                problem.set(None);
                                inputs.text.set(String::new());
                                if fields(kind).is_empty() { send(kind) } else { open.set(Some(kind)) }
                            }
                            disabled=move || busy.get()>
                            {move || button_label(i18n, kind)}
                        </button>
                    }
                }).collect_view()}
            </div>
            {move || open.get().map(|kind| view! {
                <form class="card-form desk-form" data-testid="desk-form" data-action=kind.code()
                    on:submit=move |ev| { ev.prevent_default(); send(kind); }>
                    {fields(kind).iter().map(|f| field_view(*f)).collect_view()}
                    <div class="desk-buttons">
                        <button type="submit" class="primary" data-testid="desk-send" disabled=move || busy.get()>{move || button_label(i18n, kind)}</button>
                        <button type="button" on:click=move |_| open.set(None)>{tr(Msg::Cancel)}</button>
                    </div>
                </form>
            })}
            <p class="problem" role="alert" data-testid="desk-problem" hidden=move || problem.with(Option::is_none)>{move || problem.get()}</p>
        </section>
    }
}
