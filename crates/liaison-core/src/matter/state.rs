//! The states of a matter, after the 12345 hotline's chain
//! (受理→派单→办理→答复→督办→办结→回访→评价).
//!
//! | state | 12345 step | waiting for |
//! |---|---|---|
//! | `reported` | 受理 | the office to triage (3-day clock from collection) |
//! | `triaged` | 受理 done | the office to dispatch, answer or forward it |
//! | `dispatched` | 派单 | the unit to accept it (签收) |
//! | `in_progress` | 办理 (督办 while it runs) | the unit's reply, by the due date |
//! | `replied` | 答复 | the office to accept it or send it back |
//! | `reply_accepted` | 办结 by the unit | the representative to tell the person |
//! | `person_informed` | 回访 | the person's verdict |
//! | `evaluated` | 评价 | the office to close it |
//! | `reopened` | — | the office to dispatch it again (the person was not satisfied, or a closed matter came back) |
//! | `merged` | — | nothing: a duplicate, folded into another matter (final) |
//! | `closed` | 办结 | nothing (the office may reopen it) |
//!
//! Sending a reply back, and extensions, are not states: sending back returns
//! the matter to `in_progress` (with the reason kept as `rework_reason`), and an
//! extension request is a flag (`Matter::extension`) on a `dispatched` or
//! `in_progress` matter — the unit keeps working while the office decides.

use crate::choice::choices;

choices!(
    /// Where a matter is in its handling.
    MatterState {
        /// 已报送: arrived at the office, not yet triaged.
        Reported = "reported" => MatterStateReported,
        /// 已梳理: classified, not yet dispatched.
        Triaged = "triaged" => MatterStateTriaged,
        /// 已交办: dispatched to a unit that has not accepted it yet.
        Dispatched = "dispatched" => MatterStateDispatched,
        /// 办理中: the unit is handling it.
        InProgress = "in_progress" => MatterStateInProgress,
        /// 已答复: the unit replied; the office reviews the reply.
        Replied = "replied" => MatterStateReplied,
        /// 答复已审核: the reply goes back to the representative.
        ReplyAccepted = "reply_accepted" => MatterStateReplyAccepted,
        /// 已告知: the person who raised it has been told.
        PersonInformed = "person_informed" => MatterStatePersonInformed,
        /// 已评价: the person is satisfied or basically satisfied.
        Evaluated = "evaluated" => MatterStateEvaluated,
        /// 重新办理: to be dispatched again.
        Reopened = "reopened" => MatterStateReopened,
        /// 已合并: folded into another matter.
        Merged = "merged" => MatterStateMerged,
        /// 已办结: closed.
        Closed = "closed" => MatterStateClosed,
    }
);

impl MatterState {
    /// Still being handled: neither closed nor merged.
    pub fn is_open(self) -> bool {
        !matches!(self, MatterState::Closed | MatterState::Merged)
    }

    /// The states a matter is in while it is being handled.
    pub const OPEN: &'static [MatterState] = &[
        MatterState::Reported,
        MatterState::Triaged,
        MatterState::Dispatched,
        MatterState::InProgress,
        MatterState::Replied,
        MatterState::ReplyAccepted,
        MatterState::PersonInformed,
        MatterState::Evaluated,
        MatterState::Reopened,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_is_everything_but_closed_and_merged() {
        let open: Vec<MatterState> = MatterState::ALL.iter().copied().filter(|s| s.is_open()).collect();
        assert_eq!(open, MatterState::OPEN);
        assert_eq!(MatterState::parse("in_progress"), Ok(MatterState::InProgress));
        assert_eq!(MatterState::ALL.len(), 11);
    }
}
