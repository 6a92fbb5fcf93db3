//! The authorisation matrix at the core level: every action by everyone (the
//! three parties and people like them but not them), and every action in every
//! state. The table here is written out apart from `rules.rs` on purpose: a
//! change to who may do what must change both.

use super::super::fixtures::*;
use super::super::*;
use MatterState::*;

const TABLE: &[(ActionKind, Party, &[MatterState])] = &[
    (ActionKind::Triage, Party::Office, &[Reported, Triaged]),
    (ActionKind::Dispatch, Party::Office, &[Triaged, Reopened]),
    (ActionKind::ReturnDispatch, Party::Unit, &[Dispatched]),
    (ActionKind::AcceptDispatch, Party::Unit, &[Dispatched]),
    (ActionKind::AddProgressNote, Party::Unit, &[InProgress]),
    (ActionKind::Urge, Party::Office, &[Dispatched, InProgress]),
    (ActionKind::RevealRaiser, Party::Office, &[Dispatched, InProgress]),
    (ActionKind::RequestExtension, Party::Unit, &[Dispatched, InProgress]),
    (ActionKind::GrantExtension, Party::Office, &[Dispatched, InProgress]),
    (ActionKind::DenyExtension, Party::Office, &[Dispatched, InProgress]),
    (ActionKind::SubmitReply, Party::Unit, &[InProgress]),
    (ActionKind::AcceptReply, Party::Office, &[Replied]),
    (ActionKind::SendBack, Party::Office, &[Replied]),
    (ActionKind::RecordInformed, Party::Collector, &[ReplyAccepted]),
    (ActionKind::RecordEvaluation, Party::Collector, &[PersonInformed]),
    (ActionKind::Close, Party::Office, &[Evaluated]),
    (ActionKind::Reopen, Party::Office, &[Closed]),
    (ActionKind::MergeInto, Party::Office, &[Reported, Triaged]),
    (
        ActionKind::Absorb,
        Party::Office,
        &[Reported, Triaged, Dispatched, InProgress, Replied, ReplyAccepted, PersonInformed, Evaluated, Reopened],
    ),
    (
        ActionKind::CloseWithReason,
        Party::Office,
        &[Reported, Triaged, Dispatched, InProgress, Replied, ReplyAccepted, PersonInformed, Evaluated, Reopened],
    ),
    (ActionKind::AnswerDirectly, Party::Office, &[Reported, Triaged, Reopened]),
    (ActionKind::ForwardUpward, Party::Office, &[Reported, Triaged, Reopened]),
    (
        ActionKind::ReportAsInformation,
        Party::Office,
        &[
            Reported,
            Triaged,
            Dispatched,
            InProgress,
            Replied,
            ReplyAccepted,
            PersonInformed,
            Evaluated,
            Reopened,
            Closed,
        ],
    ),
    (
        ActionKind::RecordAdoption,
        Party::Office,
        &[
            Reported,
            Triaged,
            Dispatched,
            InProgress,
            Replied,
            ReplyAccepted,
            PersonInformed,
            Evaluated,
            Reopened,
            Closed,
        ],
    ),
    (ActionKind::AddAttachment, Party::Unit, &[Dispatched, InProgress, Replied]),
];

fn now() -> DateTime<Utc> {
    time(10)
}

/// An action of `kind` whose content is valid for a matter where it is allowed.
fn sample(kind: ActionKind) -> Action {
    use ActionKind as K;
    match kind {
        K::Triage => Action::Triage { category: Category::parse("education").unwrap(), urgency: Urgency::Normal },
        K::Dispatch => Action::Dispatch { unit: unit_org(), due_on: day("2026-12-30") },
        K::ReturnDispatch => Action::ReturnDispatch { reason: reason("不属于本单位职责。") },
        K::AcceptDispatch => Action::AcceptDispatch,
        K::AddProgressNote => Action::AddProgressNote { note: note("已现场查看。") },
        K::Urge => Action::Urge { note: note("请加快办理。") },
        K::RevealRaiser => Action::RevealRaiser { reason: reason("需要上门核实漏水位置。") },
        K::RequestExtension => {
            Action::RequestExtension { until: day("2027-01-20"), reason: reason("需协调资金。") }
        }
        K::GrantExtension => Action::GrantExtension { reason: Some(reason("同意。")) },
        K::DenyExtension => Action::DenyExtension { reason: reason("请按期办结。") },
        K::SubmitReply => Action::SubmitReply { text: reply_text("已办结。") },
        K::AcceptReply => Action::AcceptReply,
        K::SendBack => Action::SendBack { reason: reason("答复不具体。") },
        K::RecordInformed => Action::RecordInformed { how: InformedHow::Letter, when: now() },
        K::RecordEvaluation => Action::RecordEvaluation { satisfaction: Satisfaction::Satisfied, reason: None },
        K::Close => Action::Close,
        K::Reopen => Action::Reopen { reason: reason("反映人再次反映。") },
        K::MergeInto => Action::MergeInto { into: other_matter_id() },
        K::Absorb => Action::Absorb { from: other_matter_id(), opinions: vec![card(9)] },
        K::CloseWithReason => {
            Action::CloseWithReason { reason: CloseReason::NotActionable, text: reason("属于司法程序。") }
        }
        K::AnswerDirectly => Action::AnswerDirectly { text: reply_text("政策规定如下……") },
        K::ForwardUpward => Action::ForwardUpward { to: other_org() },
        K::ReportAsInformation => Action::ReportAsInformation { sent_to: sent_to() },
        K::RecordAdoption => Action::RecordAdoption { level: None, instruction: None },
        K::AddAttachment => Action::AddAttachment { attachment: attachment("现场照片.jpg") },
    }
}

/// A matter in `state`, with what `kind` needs first where it can have it (a
/// pending extension to decide, an information report to record adoption of).
fn prepared(kind: ActionKind, state: MatterState) -> Matter {
    let m = in_state(state);
    let needs = match kind {
        ActionKind::GrantExtension | ActionKind::DenyExtension => sample(ActionKind::RequestExtension),
        ActionKind::RecordAdoption => sample(ActionKind::ReportAsInformation),
        _ => return m,
    };
    let by = if kind == ActionKind::RecordAdoption { office() } else { unit() };
    apply(&m, &by, needs, now()).map(|(m, _)| m).unwrap_or(m)
}

fn party_name(party: Party) -> &'static str {
    match party {
        Party::Office => "office",
        Party::Unit => "unit",
        Party::Collector => "collector",
    }
}

#[test]
fn the_table_names_every_action_once_and_agrees_with_the_rules() {
    let kinds: Vec<ActionKind> = TABLE.iter().map(|(k, _, _)| *k).collect();
    assert_eq!(kinds, ActionKind::ALL);
    for (kind, party, states) in TABLE {
        assert_eq!(rule(*kind), Rule { party: *party, from: states }, "{kind:?}");
        assert_eq!(sample(*kind).kind(), *kind);
    }
}

#[test]
fn every_action_by_everyone() {
    for (kind, party, states) in TABLE {
        let m = prepared(*kind, states[0]);
        for (name, actor) in everyone() {
            let got = apply(&m, &actor, sample(*kind), now()).map(|(next, event)| (next.state, event.before));
            if name == party_name(*party) {
                assert!(got.is_ok(), "{kind:?} by {name} in {:?}: {got:?}", m.state);
            } else {
                let refused = TransitionError::NotPermitted { action: *kind, party: *party };
                assert_eq!(got, Err(refused), "{kind:?} by {name}");
            }
        }
    }
}

#[test]
fn every_action_in_every_state() {
    for (kind, party, states) in TABLE {
        let actor = everyone().into_iter().find(|(n, _)| *n == party_name(*party)).map(|(_, a)| a).unwrap();
        for state in MatterState::ALL {
            let m = prepared(*kind, *state);
            let got = apply(&m, &actor, sample(*kind), now()).map(|_| ());
            let expected = if *party == Party::Unit && m.unit.is_none() {
                // Not dispatched (yet, or any more): there is no unit to be.
                Err(TransitionError::NotPermitted { action: *kind, party: *party })
            } else if states.contains(state) {
                Ok(())
            } else {
                Err(TransitionError::WrongState { action: *kind, state: *state })
            };
            assert_eq!(got, expected, "{kind:?} in {state:?}");
        }
    }
}

#[test]
fn a_liaison_officer_who_collected_the_opinion_records_the_feedback() {
    let mut m = in_state(ReplyAccepted);
    let officer = everyone().into_iter().find(|(n, _)| *n == "liaison officer").map(|(_, a)| a).unwrap();
    m.collector = officer.user;
    assert!(apply(&m, &officer, sample(ActionKind::RecordInformed), now()).is_ok());
    assert!(apply(&m, &collector(), sample(ActionKind::RecordInformed), now()).is_err());
}
