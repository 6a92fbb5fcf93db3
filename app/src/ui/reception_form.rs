//! The reception record card (接待、约见活动记录卡) form: when and where, who was
//! there, what was said, and the opinions raised — each becomes an opinion card
//! linked to this one on submit.
//!
//! Every change is written to the draft in IndexedDB within 0.3 s (debounced),
//! so a killed tab loses at most that; the route carries the draft's id, so a
//! reload opens the same draft.

use super::category::category_options;
use super::fields::{FieldError, TextField};
use crate::i18n::{tr, use_i18n};
use crate::router::{use_navigate, use_redirect};
use crate::storage::Draft;
use crate::ui::AppData;
use chrono::Utc;
use leptos::prelude::*;
use liaison_core::addendum::CardRef;
use liaison_core::{
    ActivityKind, AttendeeInput, Contact, ContactInput, ContactKind, Field, OpinionCardId, OpinionCardInput,
    ReceptionCard, ReceptionCardId, ReceptionInput, SubmissionErrors, Urgency, ValidationError, VenueInput, time,
};
use liaison_i18n::Msg;

fn new_input() -> ReceptionInput {
    ReceptionInput {
        kind: ActivityKind::Reception.code().into(),
        started_at: time::to_input_value(Utc::now()),
        venue: liaison_core::VenueInput { kind: "place".into(), ..Default::default() },
        ..ReceptionInput::default()
    }
}

/// `/receptions/new`: starts a new draft and opens it.
#[component]
pub fn NewReception() -> impl IntoView {
    let redirect = use_redirect();
    let id = ReceptionCardId::from_uuid(uuid::Uuid::now_v7());
    Effect::new(move |_| redirect(&format!("/receptions/edit/{id}")));
}

/// `/receptions/edit/:id`: the form, on the draft with that id.
#[component]
pub fn ReceptionEditor(id: ReceptionCardId) -> impl IntoView {
    let i18n = use_i18n();
    let data = expect_context::<AppData>();

    let form = RwSignal::new(new_input());
    let loaded = RwSignal::new(false);
    let submitted = RwSignal::new(false);
    let saved_once = RwSignal::new(false);
    let errors = RwSignal::new(None::<SubmissionErrors>);
    let failure = RwSignal::new(None::<Msg>);
    let contacts = RwSignal::new(Vec::<Contact>::new());
    let venues = RwSignal::new(Vec::<VenueInput>::new());
    // A studio or liaison point of the organisation (by id), or elsewhere (typed in).
    let choose_venue = move |id: String| {
        let chosen = venues.with_untracked(|v| v.iter().find(|v| v.id == id).cloned());
        let venue = chosen.unwrap_or_else(|| VenueInput { kind: "place".into(), ..Default::default() });
        form.update(|f| f.venue = venue);
    };

    // Load the draft (if this id has one) and the contact list.
    leptos::task::spawn_local(async move {
        if let Ok(storage) = data.storage() {
            if let Ok(Some(draft)) = storage.draft(id).await {
                form.set(draft.input);
                saved_once.set(true);
            }
            if let Ok(list) = storage.contacts().await {
                contacts.set(list);
            }
            if let Ok(found) = storage.venues().await {
                venues.set(found);
            }
        }
        loaded.set(true);
    });

    let autosave = super::autosave::autosave(form, loaded, saved_once, failure, move |storage, input| async move {
        storage.put_draft(&Draft { id: id.to_string(), input, edited: 0 }).await
    });

    let set =
        move |apply: fn(&mut ReceptionInput, String)| Callback::new(move |v: String| form.update(|f| apply(f, v)));
    let card_error = move |field: Field| {
        Signal::derive(move || {
            errors.get().and_then(|e| e.card_error(field).cloned()).map(|e| e.message(i18n.locale()))
        })
    };

    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if submitted.get_untracked() {
            return;
        }
        failure.set(None);
        let input = form.get_untracked();
        let opinion_ids: Vec<_> =
            input.opinions.iter().map(|_| OpinionCardId::from_uuid(uuid::Uuid::now_v7())).collect();
        match data.categories.with_untracked(|list| ReceptionCard::submit(id, &opinion_ids, &input, list, Utc::now())) {
            Err(invalid) => {
                errors.set(Some(invalid));
                failure.set(Some(Msg::FixErrors));
            }
            Ok((card, opinions)) => {
                errors.set(None);
                submitted.set(true);
                autosave.stop();
                let navigate = navigate.clone();
                leptos::task::spawn_local(async move {
                    crate::perf::mark("liaison:submit-start");
                    let result = match data.storage() {
                        Ok(storage) => storage.submit_reception(&card, &opinions).await,
                        Err(e) => Err(e),
                    };
                    crate::perf::mark("liaison:submit-end");
                    crate::perf::measure("liaison:submit-reception", "liaison:submit-start", "liaison:submit-end");
                    match result {
                        Ok(()) => {
                            data.reload();
                            navigate(&format!("/receptions/{id}"));
                        }
                        Err(error) => {
                            // Nothing was written; the draft and the form are intact.
                            leptos::logging::error!("submitting a reception card failed: {error}");
                            submitted.set(false);
                            autosave.resume();
                            failure.set(Some(error.msg()));
                        }
                    }
                });
            }
        }
    };

    let delete_draft = super::autosave::draft_deleter(CardRef::Reception(id), autosave);

    view! {
        <section class="screen">
            <div class="screen-head">
                <h1>{tr(Msg::NewReceptionCard)}</h1>
                <span class="badge draft" data-testid="draft-badge">{tr(Msg::Draft)}</span>
            </div>
            <p class="muted small" hidden=move || !saved_once.get() data-testid="draft-saved">
                {tr(Msg::DraftSaved)}
            </p>
            <Show when=move || loaded.get() fallback=move || view! { <p class="muted">{tr(Msg::Loading)}</p> }>
                <form class="card-form" on:submit=submit.clone() novalidate>
                    <label for="kind">{tr(Msg::FieldActivityKind)}</label>
                    <select id="kind" prop:value=move || form.with(|f| f.kind.clone())
                        on:change=move |ev| form.update(|f| f.kind = event_target_value(&ev))>
                        {ActivityKind::ALL.iter().map(|k| {
                            let k = *k;
                            view! { <option value=k.code() selected=move || form.with(|f| f.kind == k.code())>{move || i18n.t(k.label())}</option> }
                        }).collect_view()}
                    </select>
                    <FieldError message=card_error(Field::ActivityKind) testid="error-kind".to_string()/>

                    <div class="two">
                        <div>
                            <label for="started-at">{tr(Msg::FieldStartedAt)}</label>
                            <TextField id="started-at".into() kind="datetime-local" value=Signal::derive(move || form.with(|f| f.started_at.clone())) on_change=set(|f, v| f.started_at = v)/>
                        </div>
                        <div>
                            <label for="ended-at">{tr(Msg::FieldEndedAt)}</label>
                            <TextField id="ended-at".into() kind="datetime-local" value=Signal::derive(move || form.with(|f| f.ended_at.clone())) on_change=set(|f, v| f.ended_at = v)/>
                        </div>
                    </div>
                    <FieldError message=card_error(Field::StartedAt) testid="error-started-at".to_string()/>
                    <FieldError message=card_error(Field::EndedAt) testid="error-ended-at".to_string()/>

                    <label for="venue">{tr(Msg::FieldVenue)}</label>
                    <Show when=move || venues.with(|v| !v.is_empty())>
                        <select id="venue-choice" aria-label=move || i18n.t(Msg::VenueKind) on:change=move |ev| choose_venue(event_target_value(&ev))>
                            <option value="" selected=move || form.with(|f| f.venue.id.is_empty())>{tr(Msg::VenueElsewhere)}</option>
                            {[("studio", Msg::StudiosGroup), ("liaison_point", Msg::LiaisonPointsGroup)].map(|(kind, label)| view! {
                                <optgroup label=move || i18n.t(label)>
                                    {move || venues.get().into_iter().filter(|v| v.kind == kind).map(|v| {
                                        let chosen = v.id.clone();
                                        view! { <option value=v.id.clone() selected=move || form.with(|f| f.venue.id == chosen)>{v.name}</option> }
                                    }).collect_view()}
                                </optgroup>
                            })}
                        </select>
                    </Show>
                    <div hidden=move || form.with(|f| !f.venue.id.is_empty())>
                        <TextField id="venue".into() placeholder=Msg::FieldPlaceHint value=Signal::derive(move || form.with(|f| f.venue.name.clone())) on_change=set(|f, v| f.venue.name = v) invalid=Signal::derive(move || card_error(Field::Venue).get().is_some())/>
                    </div>
                    <FieldError message=card_error(Field::Venue) testid="error-venue".to_string()/>

                    <label for="representatives">{tr(Msg::FieldRepresentatives)}</label>
                    <TextField id="representatives".into() placeholder=Msg::FieldRepresentativesHint
                        value=Signal::derive(move || form.with(|f| f.representatives.join("、")))
                        on_change=Callback::new(move |v: String| form.update(|f| f.representatives = if v.trim().is_empty() { vec![] } else { vec![v] }))
                        invalid=Signal::derive(move || card_error(Field::Representatives).get().is_some())/>
                    <FieldError message=card_error(Field::Representatives) testid="error-representatives".to_string()/>

                    <Attendees form contacts errors/>

                    <label for="topic">{tr(Msg::FieldTopic)}</label>
                    <TextField id="topic".into() value=Signal::derive(move || form.with(|f| f.topic.clone())) on_change=set(|f, v| f.topic = v) invalid=Signal::derive(move || card_error(Field::Topic).get().is_some())/>
                    <FieldError message=card_error(Field::Topic) testid="error-topic".to_string()/>

                    <label for="summary">{tr(Msg::FieldSummary)}</label>
                    <TextField id="summary".into() multiline=true value=Signal::derive(move || form.with(|f| f.summary.clone())) on_change=set(|f, v| f.summary = v) invalid=Signal::derive(move || card_error(Field::Summary).get().is_some())/>
                    <FieldError message=card_error(Field::Summary) testid="error-summary".to_string()/>

                    <super::photos::Photos card=CardRef::Reception(id) editable=true/>

                    <Opinions form errors/>

                    <Show when=move || failure.get().is_some()>
                        <p class="problem" role="alert" data-testid="form-failure">{move || failure.get().map(|m| i18n.t(m))}</p>
                    </Show>
                    // Storage full: the card is still here, in memory; the user can keep it as a file.
                    <button type="button" class="wide" data-testid="download-card"
                        hidden=move || failure.get() != Some(Msg::StorageFull)
                        on:click=move |_| {
                            let text = crate::device::to_json(&form.get_untracked());
                            let _ = crate::device::download(&format!("liaison-card-{id}.json"), &text);
                        }>{tr(Msg::DownloadCard)}</button>
                    <div class="actions">
                        <button type="button" on:click=delete_draft.clone() data-testid="delete-draft">{tr(Msg::DeleteDraft)}</button>
                        <button type="submit" class="primary" data-testid="submit" disabled=move || submitted.get()>{tr(Msg::Submit)}</button>
                    </div>
                </form>
            </Show>
        </section>
    }
    .into_any()
}

/// Who came: picked from contacts, or added as walk-ins.
#[component]
fn Attendees(
    form: RwSignal<ReceptionInput>,
    contacts: RwSignal<Vec<Contact>>,
    errors: RwSignal<Option<SubmissionErrors>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let data = expect_context::<AppData>();
    let query = RwSignal::new(String::new());
    let walk_in_name = RwSignal::new(String::new());
    let walk_in_phone = RwSignal::new(String::new());
    let matches = move || {
        let q = query.get();
        if q.trim().is_empty() {
            return Vec::new();
        }
        let chosen: Vec<String> = form.with(|f| f.attendees.iter().map(|a| a.contact_id.clone()).collect());
        contacts.with(|all| {
            all.iter()
                .filter(|c| {
                    c.matches(&q, data.pinyin_ready.get().then(crate::pinyin::initials).flatten())
                        && !chosen.contains(&c.id.to_string())
                })
                .take(8)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let pick = move |c: Contact| {
        form.update(|f| f.attendees.push(AttendeeInput { contact_id: c.id.to_string(), person: c.person.to_input() }));
        query.set(String::new());
    };
    let add_walk_in = move |_| {
        let name = walk_in_name.get_untracked();
        if name.trim().is_empty() {
            return;
        }
        let person = ContactInput {
            name,
            phone: walk_in_phone.get_untracked(),
            kind: ContactKind::Public.code().into(),
            ..ContactInput::default()
        };
        form.update(|f| f.attendees.push(AttendeeInput { contact_id: String::new(), person }));
        walk_in_name.set(String::new());
        walk_in_phone.set(String::new());
    };
    let save_as_contact = move |index: usize| {
        let Some(attendee) = form.with_untracked(|f| f.attendees.get(index).cloned()) else { return };
        let id = liaison_core::ContactId::from_uuid(uuid::Uuid::now_v7());
        match Contact::create(id, &attendee.person) {
            Ok(contact) => leptos::task::spawn_local(async move {
                if let Ok(storage) = data.storage()
                    && storage.add_contact(&contact).await.is_ok()
                {
                    form.update(|f| {
                        if let Some(a) = f.attendees.get_mut(index) {
                            a.contact_id = contact.id.to_string();
                        }
                    });
                    contacts.update(|all| all.push(contact));
                }
            }),
            Err(invalid) => errors.update(|e| {
                let e = e.get_or_insert_with(SubmissionErrors::default);
                e.attendees.retain(|(i, _)| *i != index);
                e.attendees.push((index, invalid));
            }),
        }
    };
    let attendee_error = move |index: usize| {
        errors.with(|e| {
            e.as_ref().and_then(|e| {
                e.attendees
                    .iter()
                    .find(|(i, _)| *i == index)
                    .and_then(|(_, errs)| errs.0.first().map(|fe| fe.error.message(i18n.locale())))
            })
        })
    };

    view! {
        <fieldset class="group" data-testid="attendees">
            <legend>{tr(Msg::FieldAttendees)}</legend>
            <ul class="chips">
                {move || form.with(|f| f.attendees.iter().cloned().enumerate().collect::<Vec<_>>()).into_iter().map(|(index, a)| {
                    let walk_in = a.contact_id.is_empty();
                    let label = if a.person.phone.is_empty() { a.person.name.clone() } else { format!("{} {}", a.person.name, a.person.phone) };
                    view! {
                        <li class="chip" class:walk-in=walk_in>
                            <span>{label}</span>
                            <span class="muted small" hidden=!walk_in>{tr(Msg::WalkIn)}</span>
                            <button type="button" class="link" hidden=!walk_in on:click=move |_| save_as_contact(index)>{tr(Msg::SaveAsContact)}</button>
                            <button type="button" class="link" on:click=move |_| form.update(|f| { f.attendees.remove(index); })>{tr(Msg::Remove)}</button>
                            <p class="field-error" hidden=move || attendee_error(index).is_none()>{move || attendee_error(index)}</p>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <label for="contact-search">{tr(Msg::PickContact)}</label>
            <input id="contact-search" type="search" placeholder=tr(Msg::SearchContacts)
                prop:value=query on:input=move |ev| query.set(event_target_value(&ev))/>
            <ul class="matches" data-testid="contact-matches">
                {move || matches().into_iter().map(|c| {
                    let name = c.person.name.as_str().to_owned();
                    view! { <li><button type="button" on:click=move |_| pick(c.clone())>{name}</button></li> }
                }).collect_view()}
            </ul>
            <div class="walk-in-form">
                <input id="walk-in-name" type="text" placeholder=tr(Msg::FieldName)
                    prop:value=walk_in_name on:input=move |ev| walk_in_name.set(event_target_value(&ev))/>
                <input id="walk-in-phone" type="tel" inputmode="numeric" placeholder=tr(Msg::FieldPhone)
                    prop:value=walk_in_phone on:input=move |ev| walk_in_phone.set(event_target_value(&ev))/>
                <button type="button" on:click=add_walk_in data-testid="add-walk-in">{tr(Msg::AddWalkIn)}</button>
            </div>
        </fieldset>
    }
}

/// The opinions raised at the meeting, each its own card on submit.
#[component]
fn Opinions(form: RwSignal<ReceptionInput>, errors: RwSignal<Option<SubmissionErrors>>) -> impl IntoView {
    let add = move |_| form.update(|f| f.opinions.push(OpinionCardInput::default()));
    let count = move || form.with(|f| f.opinions.len());
    view! {
        <fieldset class="group" data-testid="opinions">
            <legend>{tr(Msg::FieldOpinions)}</legend>
            {move || (0..count()).map(|index| view! { <OpinionItem form errors index/> }).collect_view()}
            <button type="button" class="wide" on:click=add data-testid="add-opinion">{tr(Msg::AddOpinion)}</button>
        </fieldset>
    }
}

#[component]
fn OpinionItem(
    form: RwSignal<ReceptionInput>,
    errors: RwSignal<Option<SubmissionErrors>>,
    index: usize,
) -> impl IntoView {
    let i18n = use_i18n();
    let get = move |read: fn(&OpinionCardInput) -> String| {
        Signal::derive(move || form.with(|f| f.opinions.get(index).map(read).unwrap_or_default()))
    };
    let set = move |apply: fn(&mut OpinionCardInput, String)| {
        Callback::new(move |v: String| {
            form.update(|f| {
                if let Some(o) = f.opinions.get_mut(index) {
                    apply(o, v)
                }
            })
        })
    };
    let error = move |field: Field| {
        Signal::derive(move || {
            errors
                .get()
                .and_then(|e| e.opinion_error(index, field).cloned())
                .map(|e: ValidationError| e.message(i18n.locale()))
        })
    };
    let raisers = move || form.with(|f| f.attendees.iter().map(AttendeeInput::as_raiser).collect::<Vec<_>>());
    let set_raiser = move |ev: leptos::ev::Event| {
        let choice = event_target_value(&ev);
        let raiser = choice.parse::<usize>().ok().and_then(|i| raisers().get(i).cloned()).unwrap_or_default();
        form.update(|f| {
            if let Some(o) = f.opinions.get_mut(index) {
                o.raised_by = raiser;
            }
        });
    };
    let current_raiser = move || {
        let current = form.with(|f| f.opinions.get(index).map(|o| o.raised_by.clone()).unwrap_or_default());
        raisers().iter().position(|r| *r == current).map(|i| i.to_string()).unwrap_or_default()
    };
    let content_id = format!("opinion-{index}-content");
    view! {
        <div class="opinion-item" data-testid=format!("opinion-{index}")>
            <div class="screen-head">
                <strong>{move || i18n.fill(Msg::OpinionNumber, &[("n", &(index + 1).to_string())])}</strong>
                <button type="button" class="link" on:click=move |_| form.update(|f| { f.opinions.remove(index); })>{tr(Msg::RemoveOpinion)}</button>
            </div>
            <label for=content_id.clone()>{tr(Msg::FieldContent)}</label>
            <TextField id=content_id multiline=true placeholder=Msg::FieldContentHint value=get(|o| o.content.clone()) on_change=set(|o, v| o.content = v) invalid=Signal::derive(move || error(Field::Content).get().is_some())/>
            <FieldError message=error(Field::Content) testid=format!("error-opinion-{index}-content")/>
            <div class="two">
                <div>
                    <label>{tr(Msg::FieldCategory)}</label>
                    <select class="category" prop:value=get(|o| o.category.clone()) on:change=move |ev| set(|o, v| o.category = v).run(event_target_value(&ev))>
                        <option value="">{tr(Msg::ChooseCategory)}</option>
                        {category_options(move |code| get(|o| o.category.clone()).get() == code)}
                    </select>
                </div>
                <div>
                    <label>{tr(Msg::FieldUrgency)}</label>
                    <select class="urgency" on:change=move |ev| set(|o, v| o.urgency = v).run(event_target_value(&ev))>
                        {Urgency::ALL.iter().map(|u| {
                            let u = *u;
                            view! { <option value=u.code() selected=move || { let cur = get(|o| o.urgency.clone()).get(); cur == u.code() || (cur.is_empty() && u == Urgency::Normal) }>{move || i18n.t(u.label())}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <FieldError message=error(Field::Category) testid=format!("error-opinion-{index}-category")/>
            <label>{tr(Msg::FieldRaisedBy)}</label>
            <select class="raised-by" prop:value=current_raiser on:change=set_raiser>
                <option value="">{tr(Msg::Anonymous)}</option>
                {move || raisers().into_iter().enumerate().map(|(i, r)| view! { <option value=i.to_string()>{r.name}</option> }).collect_view()}
            </select>
        </div>
    }
}
