//! The handling loop told as stories, and the refusals it must give.

use super::fixtures::*;
use super::*;

mod matrix;
mod props;

/// The issue's story: sent back once, then 不满意 once, then 满意.
#[test]
fn every_matter_recorded_every_one_answered() {
    let m = reported();
    let mut events = Vec::new();
    let mut run = |m: &Matter, actor: Actor, action: Action, now| {
        let (next, event) = apply(m, &actor, action, now).expect("allowed");
        events.push(event);
        next
    };
    let triage = Action::Triage { category: Category::parse("health").unwrap(), urgency: Urgency::Normal };
    let m = run(&m, office(), triage, time(1));
    let m = run(&m, office(), Action::Dispatch { unit: unit_org(), due_on: day("2026-12-08") }, time(1));
    assert_eq!(m.reply_due(), Some(at("2026-12-08T15:59:59Z")));
    let m = run(&m, unit(), Action::AcceptDispatch, time(2));
    let m = run(&m, unit(), Action::AddProgressNote { note: note("已联系路灯管理所。") }, time(3));
    let m = run(&m, unit(), Action::SubmitReply { text: reply_text("已报修。") }, time(4));
    let m = run(&m, office(), Action::SendBack { reason: reason("答复没有说明修复时间。") }, time(5));
    assert_eq!((m.state, m.reply.as_ref(), m.rework_count), (MatterState::InProgress, None, 1));
    assert_eq!(m.rework_reason, Some(reason("答复没有说明修复时间。")));
    let m = run(&m, unit(), Action::SubmitReply { text: reply_text("路灯将于12月1日前修复。") }, time(6));
    let m = run(&m, office(), Action::AcceptReply, time(6));
    assert_eq!(m.rework_reason, None);
    let m = run(&m, collector(), Action::RecordInformed { how: InformedHow::Phone, when: time(7) }, time(7));
    let not_satisfied = Action::RecordEvaluation {
        satisfaction: Satisfaction::NotSatisfied,
        reason: Some(reason("到期了路灯还是没修。")),
    };
    let m = run(&m, collector(), not_satisfied, time(8));
    assert_eq!((m.state, m.rework_count), (MatterState::Reopened, 2));
    let m = run(&m, office(), Action::Dispatch { unit: unit_org(), due_on: day("2026-12-20") }, time(9));
    assert_eq!((m.reply.as_ref(), m.informed.as_ref()), (None, None), "a new round");
    let m = run(&m, unit(), Action::AcceptDispatch, time(9));
    let m = run(&m, unit(), Action::SubmitReply { text: reply_text("已更换灯杆，现已修复。") }, time(10));
    let m = run(&m, office(), Action::AcceptReply, time(10));
    let m = run(&m, collector(), Action::RecordInformed { how: InformedHow::InPerson, when: time(11) }, time(11));
    let satisfied = Action::RecordEvaluation { satisfaction: Satisfaction::Satisfied, reason: None };
    let m = run(&m, collector(), satisfied, time(11));
    let m = run(&m, office(), Action::Close, time(12));
    assert_eq!(m.state, MatterState::Closed);
    assert_eq!(m.closure, Some(Closure::Completed { at: time(12) }));
    assert_eq!(m.version, 17);
    assert_eq!(events.len(), 17);
    assert_eq!(check_history(&events), Ok(()));
    assert_eq!(events.last().map(|e| (e.before, e.after)), Some((MatterState::Evaluated, MatterState::Closed)));
    assert!(events.iter().all(|e| e.device.is_some()));
}

#[test]
fn refused_transitions_say_why_and_change_nothing() {
    let m = in_state(MatterState::Triaged);
    let before = m.clone();
    let dispatch = Action::Dispatch { unit: unit_org(), due_on: day("2026-12-10") };
    let e = apply(&m, &unit(), dispatch.clone(), time(2)).unwrap_err();
    assert_eq!(e, TransitionError::NotPermitted { action: ActionKind::Dispatch, party: Party::Office });
    assert_eq!(e.message(liaison_i18n::Locale::ZhCn), "只有本组织的联络工作办公室可以派单。");
    let replied = in_state(MatterState::Replied);
    let e = apply(&replied, &office(), dispatch, time(9)).unwrap_err();
    assert_eq!(e, TransitionError::WrongState { action: ActionKind::Dispatch, state: MatterState::Replied });
    let e = apply(&replied, &office(), Action::AcceptDispatch, time(9)).unwrap_err();
    assert_eq!(e, TransitionError::NotPermitted { action: ActionKind::AcceptDispatch, party: Party::Unit });
    assert_eq!(m, before);

    let check = |m: &Matter, actor: Actor, action: Action, now, expected: TransitionError| {
        assert_eq!(apply(m, &actor, action.clone(), now).map(|_| ()), Err(expected), "{action:?}");
    };
    use TransitionError as E;
    let informed = in_state(MatterState::PersonInformed);
    let bare = Action::RecordEvaluation { satisfaction: Satisfaction::NotSatisfied, reason: None };
    check(&informed, collector(), bare, time(8), E::ReasonRequired);
    let past = Action::Dispatch { unit: unit_org(), due_on: day("2026-11-22") };
    check(&m, office(), past, at("2026-11-22T16:00:00Z"), E::DueInPast);
    let dispatched = in_state(MatterState::InProgress);
    let not_later = Action::RequestExtension { until: day("2026-12-10"), reason: reason("需要协调") };
    check(&dispatched, unit(), not_later, time(4), E::ExtensionNotLater);
    let later = Action::RequestExtension { until: day("2026-12-20"), reason: reason("需要协调") };
    let waiting = step(&dispatched, &unit(), later.clone(), time(4));
    check(&waiting, unit(), later, time(5), E::ExtensionPending);
    check(&dispatched, office(), Action::GrantExtension { reason: None }, time(4), E::NoExtensionPending);
    check(&dispatched, office(), Action::DenyExtension { reason: reason("不同意") }, time(4), E::NoExtensionPending);
    let accepted = in_state(MatterState::ReplyAccepted);
    let future = Action::RecordInformed { how: InformedHow::Phone, when: time(30) };
    check(&accepted, collector(), future, time(6), E::InformedInFuture);
    let reported = reported();
    check(&reported, office(), Action::MergeInto { into: matter_id() }, time(1), E::MergeIntoSelf);
    check(&reported, office(), Action::ForwardUpward { to: org() }, time(1), E::ForwardToSameOrganisation);
    let adoption = Action::RecordAdoption { level: Some(AdoptionLevel::Municipal), instruction: None };
    check(&reported, office(), adoption, time(1), E::InformationNotReported);
    let as_information = Action::CloseWithReason {
        reason: CloseReason::ReportedAsInformation,
        text: reason("已报送市委统战部"),
    };
    check(&reported, office(), as_information.clone(), time(1), E::InformationNotReported);
    let informed_up = step(&reported, &office(), Action::ReportAsInformation { sent_to: sent_to() }, time(1));
    check(
        &informed_up,
        office(),
        Action::ReportAsInformation { sent_to: sent_to() },
        time(2),
        E::InformationAlreadyReported,
    );
    assert_eq!(step(&informed_up, &office(), as_information, time(2)).state, MatterState::Closed);
    let same = Action::Absorb { from: other_matter_id(), opinions: vec![card(1)] };
    check(&reported, office(), same, time(1), E::NothingToAbsorb);
}

#[test]
fn an_extension_granted_moves_the_due_day() {
    let m = in_state(MatterState::InProgress);
    assert_eq!(m.due_on, Some(day("2026-12-10")));
    let ask = Action::RequestExtension {
        until: day("2027-01-05"), reason: reason("需跨部门协调，资金尚未到位。")
    };
    let m = step(&m, &unit(), ask, at("2026-12-08T02:00:00Z"));
    assert_eq!(m.extension.as_ref().map(|x| x.until), Some(day("2027-01-05")));
    // Due soon while the office decides …
    let now = at("2026-12-08T03:00:00Z");
    assert_eq!(m.deadline_status(now), Some(deadline::DeadlineStatus::DueSoon));
    let m2 = step(&m, &office(), Action::GrantExtension { reason: None }, now);
    assert_eq!((m2.due_on, m2.extension.as_ref()), (Some(day("2027-01-05")), None));
    assert_eq!(m2.reply_due(), Some(at("2027-01-05T15:59:59Z")));
    assert_eq!(m2.deadline_status(now), Some(deadline::DeadlineStatus::OnTime));
    assert!(deadline::reminders(&m2, now).is_empty());
    // … and a denial keeps it.
    let m3 = step(&m, &office(), Action::DenyExtension { reason: reason("请按期办结。") }, now);
    assert_eq!((m3.due_on, m3.extension.as_ref()), (Some(day("2026-12-10")), None));
    // A reply lets a pending request lapse.
    let m4 = step(&m, &unit(), Action::SubmitReply { text: reply_text("已办结。") }, now);
    assert_eq!(m4.extension, None);
}

#[test]
fn duplicates_merge_into_one_matter_that_counts_everyone() {
    let first = in_state(MatterState::InProgress);
    let mut second = reported();
    second.id = other_matter_id();
    second.opinions = vec![card(2), card(3)];
    let (merged, grown, [e1, e2]) = merge(&second, &first, &office(), time(5)).expect("merged");
    assert_eq!((merged.state, merged.merged_into), (MatterState::Merged, Some(first.id)));
    assert_eq!(grown.opinions, vec![card(1), card(2), card(3)]);
    assert_eq!(grown.raised_count(), 3);
    assert_eq!(grown.state, MatterState::InProgress);
    assert_eq!(
        (e1.matter, e1.kind(), e2.matter, e2.kind()),
        (second.id, ActionKind::MergeInto, first.id, ActionKind::Absorb)
    );
    // A merged matter takes no more actions.
    let e = apply(
        &merged,
        &office(),
        Action::Triage { category: merged.category.clone(), urgency: Urgency::Normal },
        time(6),
    );
    assert_eq!(
        e.map(|_| ()),
        Err(TransitionError::WrongState { action: ActionKind::Triage, state: MatterState::Merged })
    );
    // Refusals.
    assert_eq!(merge(&first, &first, &office(), time(5)).map(|_| ()), Err(TransitionError::MergeIntoSelf));
    let mut elsewhere = second.clone();
    elsewhere.organisation = other_org();
    assert_eq!(
        merge(&elsewhere, &first, &office(), time(5)).map(|_| ()),
        Err(TransitionError::MergeAcrossOrganisations)
    );
    let closed = in_state(MatterState::Closed);
    let refused = merge(&second, &closed, &office(), time(5)).map(|_| ());
    assert_eq!(refused, Err(TransitionError::WrongState { action: ActionKind::Absorb, state: MatterState::Closed }));
    let dispatched = {
        let mut d = in_state(MatterState::Dispatched);
        d.id = other_matter_id();
        d
    };
    let refused = merge(&dispatched, &first, &office(), time(5)).map(|_| ());
    assert_eq!(
        refused,
        Err(TransitionError::WrongState { action: ActionKind::MergeInto, state: MatterState::Dispatched })
    );
}

#[test]
fn forwarding_upward_hands_the_matter_to_the_higher_office() {
    let m = step(&reported(), &office(), Action::ForwardUpward { to: other_org() }, time(1));
    assert_eq!((m.state, m.organisation, m.forwarded_from), (MatterState::Reported, other_org(), Some(org())));
    let triage = Action::Triage { category: m.category.clone(), urgency: Urgency::Urgent };
    let refused = apply(&m, &office(), triage.clone(), time(2)).map(|_| ());
    assert_eq!(refused, Err(TransitionError::NotPermitted { action: ActionKind::Triage, party: Party::Office }));
    let higher = everyone().into_iter().find(|(name, _)| *name == "other office").map(|(_, a)| a).unwrap();
    assert_eq!(step(&m, &higher, triage, time(2)).state, MatterState::Triaged);
}

#[test]
fn an_office_answer_still_goes_back_to_the_person() {
    let m = step(
        &reported(),
        &office(),
        Action::AnswerDirectly { text: reply_text("该路段已列入明年改造计划。") },
        time(1),
    );
    assert_eq!(m.state, MatterState::ReplyAccepted);
    assert_eq!(m.reply.as_ref().map(|r| (r.unit, r.by)), Some((None, office().user)));
    let m = step(&m, &collector(), Action::RecordInformed { how: InformedHow::Message, when: time(2) }, time(2));
    let basically = Action::RecordEvaluation { satisfaction: Satisfaction::BasicallySatisfied, reason: None };
    let m = step(&m, &collector(), basically, time(2));
    assert_eq!(step(&m, &office(), Action::Close, time(3)).state, MatterState::Closed);
}

#[test]
fn information_is_reported_and_its_adoption_recorded() {
    let m = in_state(MatterState::Closed);
    let m = step(&m, &office(), Action::ReportAsInformation { sent_to: sent_to() }, time(12));
    let instruction = crate::Instruction::parse("请市住建局研究解决。——张副市长").unwrap();
    let adopted =
        Action::RecordAdoption { level: Some(AdoptionLevel::Municipal), instruction: Some(instruction.clone()) };
    let m = step(&m, &office(), adopted, time(20));
    let info = m.information.as_ref().unwrap();
    assert_eq!(info.sent_to, sent_to());
    assert_eq!(
        info.adoption.as_ref().map(|a| (a.level, a.instruction.clone())),
        Some((Some(AdoptionLevel::Municipal), Some(instruction)))
    );
    assert_eq!(m.state, MatterState::Closed, "reporting does not reopen");
}

#[test]
fn records_round_trip_and_check_their_version() {
    let m = in_state(MatterState::Reopened);
    let json = serde_json::to_value(m.to_record()).unwrap();
    assert_eq!(Matter::from_json(json.clone()), Ok(m.clone()));
    let mut v2 = json.clone();
    v2["v"] = 2.into();
    assert!(Matter::from_json(v2).is_err());
    let mut empty = json;
    empty["opinions"] = serde_json::json!([]);
    assert!(Matter::from_json(empty).is_err());
    let (_, event) =
        apply(&m, &office(), Action::Dispatch { unit: unit_org(), due_on: day("2026-12-30") }, time(12)).unwrap();
    let record: AuditEventRecordV1 = serde_json::from_str(&serde_json::to_string(&event.to_record()).unwrap()).unwrap();
    assert_eq!(AuditEvent::try_from(record), Ok(event));
}

#[test]
fn actions_read_strictly() {
    let read = |json: &str| serde_json::from_str::<Action>(json);
    assert_eq!(read(r#"{"kind":"accept_reply"}"#).unwrap(), Action::AcceptReply);
    assert_eq!(
        read(r#"{"kind":"send_back","reason":"不具体。"}"#).unwrap(),
        Action::SendBack { reason: reason("不具体。") }
    );
    for bad in [
        r#"{"kind":"send_back","reason":"  "}"#,
        r#"{"kind":"send_back","reason":"不具体。","extra":1}"#,
        r#"{"kind":"dispatch","unit":"x","due_on":"2026-12-01"}"#,
        r#"{"kind":"record_informed","how":"phone","when":"2026-12-01T08:00:00+08:00"}"#,
        r#"{"kind":"shout"}"#,
    ] {
        assert!(read(bad).is_err(), "{bad}");
    }
}

/// The raiser is hidden from units until the office reveals them, with a
/// reason, to the unit that has the matter; a new dispatch hides them again.
#[test]
fn the_office_reveals_the_raiser_to_the_unit_that_has_it() {
    let run = |events: &mut Vec<AuditEvent>, m: &Matter, actor: Actor, action: Action| {
        let (next, event) = apply(m, &actor, action, time(1)).expect("allowed");
        events.push(event);
        next
    };
    let mut events = Vec::new();
    let e = &mut events;
    let triage = Action::Triage { category: Category::parse("health").unwrap(), urgency: Urgency::Normal };
    let m = run(e, &reported(), office(), triage);
    let m = run(e, &m, office(), Action::Dispatch { unit: unit_org(), due_on: day("2026-12-08") });
    assert!(!raiser_revealed(e), "hidden by default");
    let reveal = || Action::RevealRaiser { reason: reason("需要上门核实。") };
    assert!(apply(&m, &unit(), reveal(), time(1)).is_err(), "not the unit's to decide");
    let m = run(e, &m, office(), reveal());
    assert_eq!(m.state, MatterState::Dispatched, "nothing else changes");
    assert!(raiser_revealed(e));
    let m = run(e, &m, unit(), Action::ReturnDispatch { reason: reason("不属于本单位职责。") });
    assert!(apply(&m, &office(), reveal(), time(1)).is_err(), "no unit has it now");
    run(e, &m, office(), Action::Dispatch { unit: unit_org(), due_on: day("2026-12-09") });
    assert!(!raiser_revealed(e), "a new dispatch hides it again");
    assert_eq!(check_history(e), Ok(()));
}
