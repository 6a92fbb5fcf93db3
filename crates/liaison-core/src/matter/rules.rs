//! The transition table: for each kind of action, the party who may take it
//! and the states it may be taken from. [`apply`](super::apply) checks the
//! party first, then the state, then what the action carries.

use super::actor::Party;
use super::{ActionKind, MatterState};

/// Who may take an action, and from where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// The party.
    pub party: Party,
    /// The states it may be taken from.
    pub from: &'static [MatterState],
}

use MatterState::*;

const BEFORE_DISPATCH: &[MatterState] = &[Reported, Triaged, Reopened];
const AT_UNIT: &[MatterState] = &[Dispatched, InProgress];
const NOT_MERGED: &[MatterState] =
    &[Reported, Triaged, Dispatched, InProgress, Replied, ReplyAccepted, PersonInformed, Evaluated, Reopened, Closed];

/// The rule for `kind`.
pub fn rule(kind: ActionKind) -> Rule {
    use ActionKind as A;
    use Party::*;
    let (party, from): (Party, &'static [MatterState]) = match kind {
        A::Triage => (Office, &[Reported, Triaged]),
        A::Dispatch => (Office, &[Triaged, Reopened]),
        A::ReturnDispatch => (Unit, &[Dispatched]),
        A::AcceptDispatch => (Unit, &[Dispatched]),
        A::AddProgressNote => (Unit, &[InProgress]),
        A::Urge => (Office, AT_UNIT),
        A::RevealRaiser => (Office, AT_UNIT),
        A::RequestExtension => (Unit, AT_UNIT),
        A::GrantExtension => (Office, AT_UNIT),
        A::DenyExtension => (Office, AT_UNIT),
        A::SubmitReply => (Unit, &[InProgress]),
        A::AcceptReply => (Office, &[Replied]),
        A::SendBack => (Office, &[Replied]),
        A::RecordInformed => (Collector, &[ReplyAccepted]),
        A::RecordEvaluation => (Collector, &[PersonInformed]),
        A::Close => (Office, &[Evaluated]),
        A::Reopen => (Office, &[Closed]),
        A::MergeInto => (Office, &[Reported, Triaged]),
        A::Absorb => (Office, MatterState::OPEN),
        A::CloseWithReason => (Office, MatterState::OPEN),
        A::AnswerDirectly => (Office, BEFORE_DISPATCH),
        A::ForwardUpward => (Office, BEFORE_DISPATCH),
        A::ReportAsInformation => (Office, NOT_MERGED),
        A::RecordAdoption => (Office, NOT_MERGED),
        // A rule names one party: attachments are the unit's (its evidence,
        // its reply's enclosures), from dispatch until its reply is accepted.
        // The office writes its own words in notes and urgings.
        A::AddAttachment => (Unit, &[Dispatched, InProgress, Replied]),
    };
    Rule { party, from }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_is_final_and_only_the_office_reopens() {
        for kind in ActionKind::ALL {
            let rule = rule(*kind);
            assert!(!rule.from.contains(&Merged), "{kind:?} applies to a merged matter");
            if rule.from.contains(&Closed) {
                assert_eq!(rule.party, Party::Office, "{kind:?}");
            }
        }
        assert_eq!(NOT_MERGED.len(), MatterState::ALL.len() - 1);
    }
}
