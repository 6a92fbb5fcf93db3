//! Who is told of a change of a matter (issue 5, notifications): the party
//! that now has something to do, or whose work it answers. The actor is
//! never told of their own change; the collector's phone is told through the
//! matter's status as well (see `status.rs`).
//!
//! | after | told |
//! |---|---|
//! | dispatch, urge, send back, an extension granted or denied | the unit |
//! | a dispatch returned, an extension asked, a reply, a verdict, a matter forwarded here | the office |
//! | a reply accepted, an office's own answer, closed, reopened, merged | the collector |

use super::{ActionKind, Party};

/// The parties told of an action of `kind`.
pub fn told(kind: ActionKind) -> &'static [Party] {
    use ActionKind as A;
    match kind {
        A::Dispatch | A::Urge | A::RevealRaiser | A::SendBack | A::GrantExtension | A::DenyExtension => &[Party::Unit],
        A::ReturnDispatch | A::RequestExtension | A::SubmitReply | A::RecordEvaluation | A::ForwardUpward => {
            &[Party::Office]
        }
        A::AcceptReply | A::AnswerDirectly | A::Close | A::CloseWithReason | A::Reopen | A::MergeInto => {
            &[Party::Collector]
        }
        A::Triage
        | A::AcceptDispatch
        | A::AddProgressNote
        | A::AddAttachment
        | A::RecordInformed
        | A::Absorb
        | A::ReportAsInformation
        | A::RecordAdoption => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matter::rule;

    #[test]
    fn nobody_is_told_of_their_own_kind_of_change() {
        // The party who may take an action is never the one told of it
        // (forwarding tells an office, but the upper one the matter moved to).
        for kind in ActionKind::ALL.iter().filter(|k| **k != ActionKind::ForwardUpward) {
            assert!(!told(*kind).contains(&rule(*kind).party), "{kind:?}");
        }
        assert_eq!(told(ActionKind::SubmitReply), &[Party::Office]);
        assert_eq!(told(ActionKind::AcceptReply), &[Party::Collector]);
        assert_eq!(told(ActionKind::Dispatch), &[Party::Unit]);
    }
}
