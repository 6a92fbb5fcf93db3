//! What can be done to a matter. An [`Action`] carries values already parsed at
//! the boundary (a [`Reason`] is never empty, a [`Category`] is a valid code);
//! what depends on the matter (its state, its due date) is checked by
//! [`apply`](super::apply).
//!
//! An action's serialised form (tagged by `kind`) is the `action` of an
//! `AuditEventRecordV1` and so a frozen format: never change a field.

use super::attachment::Attachment;
use super::kinds::{AdoptionLevel, CloseReason, InformedHow, Satisfaction};
use crate::choice::choices;
use crate::{
    Category, Instruction, MatterId, NoteText, OpinionCardId, OrganisationId, OrganisationName, Reason, ReplyText,
    Urgency,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// One change to a matter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// Office: classify (梳理) or reclassify it.
    Triage {
        /// Its category (checked against the organisation's list by the caller).
        category: Category,
        /// How urgent it is.
        urgency: Urgency,
    },
    /// Office: dispatch it to a responsible unit (派单 / 交办), due at the end of
    /// the China-time day `due_on` (see `DeadlinePolicy::due_on` for the default).
    Dispatch {
        /// The unit (an organisation whose members are unit members).
        unit: OrganisationId,
        /// The due day, China time; not before today.
        due_on: NaiveDate,
    },
    /// Unit: refuse a dispatch as not its business (退单); back to the office.
    ReturnDispatch {
        /// Why.
        reason: Reason,
    },
    /// Unit: accept the dispatch and start (签收).
    AcceptDispatch,
    /// Unit: record progress (办理进展).
    AddProgressNote {
        /// What was done.
        note: NoteText,
    },
    /// Office: chase the unit (督办).
    Urge {
        /// What the office asks.
        note: NoteText,
    },
    /// Office: show the unit that has the matter who raised it, name and
    /// phone (hidden from units by default), for as long as it has it.
    RevealRaiser {
        /// Why the unit needs them (written into the audit log).
        reason: Reason,
    },
    /// Unit: ask for more time (申请延期).
    RequestExtension {
        /// The China-time day asked for; later than the current due day.
        until: NaiveDate,
        /// Why.
        reason: Reason,
    },
    /// Office: grant the pending extension; the due day moves to the one asked for.
    GrantExtension {
        /// A remark, if any.
        reason: Option<Reason>,
    },
    /// Office: deny the pending extension; the due day stays.
    DenyExtension {
        /// Why.
        reason: Reason,
    },
    /// Unit: submit its reply (答复).
    SubmitReply {
        /// The reply.
        text: ReplyText,
    },
    /// Office: accept the reply; it goes back to the representative.
    AcceptReply,
    /// Office: send the reply back for rework (退回重办).
    SendBack {
        /// Why.
        reason: Reason,
    },
    /// Collector: record how and when the person was told (反馈).
    RecordInformed {
        /// How.
        how: InformedHow,
        /// When; not in the future.
        #[serde(with = "crate::time::wire")]
        when: DateTime<Utc>,
    },
    /// Collector: record the person's verdict (评价); 不满意 reopens the matter
    /// and needs a reason.
    RecordEvaluation {
        /// The verdict.
        satisfaction: Satisfaction,
        /// Why (required when not satisfied).
        reason: Option<Reason>,
    },
    /// Office: close an evaluated matter (办结).
    Close,
    /// Office: reopen a closed matter (the person came back, it was closed wrongly).
    Reopen {
        /// Why.
        reason: Reason,
    },
    /// Office: fold this duplicate into another matter (see `merge`).
    MergeInto {
        /// The matter that takes it in.
        into: MatterId,
    },
    /// Office: take in a duplicate's opinion cards (the other half of `merge`).
    Absorb {
        /// The duplicate.
        from: MatterId,
        /// Its opinion cards.
        opinions: Vec<OpinionCardId>,
    },
    /// Office: close without the full loop, with a written reason.
    CloseWithReason {
        /// The kind of reason.
        reason: CloseReason,
        /// The reason in words.
        text: Reason,
    },
    /// Office: answer it itself, without a unit; the answer goes back to the
    /// representative like an accepted reply.
    AnswerDirectly {
        /// The answer.
        text: ReplyText,
    },
    /// Office: forward it to a higher organisation's office (向上级转报); it
    /// arrives there as reported. The caller checks `to` is above.
    ForwardUpward {
        /// The organisation it goes to.
        to: OrganisationId,
    },
    /// Office: report it upward as 社情民意 information (报送).
    ReportAsInformation {
        /// Where it was sent.
        sent_to: OrganisationName,
    },
    /// Office: record whether the information was adopted (采用) and any
    /// instruction (批示); a later record replaces an earlier one.
    RecordAdoption {
        /// The level that adopted it; none when it was not adopted.
        level: Option<AdoptionLevel>,
        /// The instruction, if any.
        instruction: Option<Instruction>,
    },
    /// Unit: attach a file (附件) while it has the matter; the bytes are
    /// stored apart, under the attachment's SHA-256.
    AddAttachment {
        /// The file.
        attachment: Attachment,
    },
}

choices!(
    /// The kind of an [`Action`], with a label that reads as a verb phrase
    /// ("只有承办单位可以{提交答复}") and as a timeline entry.
    ActionKind {
        /// 梳理
        Triage = "triage" => ActionTriage,
        /// 派单
        Dispatch = "dispatch" => ActionDispatch,
        /// 退回派单
        ReturnDispatch = "return_dispatch" => ActionReturnDispatch,
        /// 签收
        AcceptDispatch = "accept_dispatch" => ActionAcceptDispatch,
        /// 记录办理进展
        AddProgressNote = "add_progress_note" => ActionAddProgressNote,
        /// 督办
        Urge = "urge" => ActionUrge,
        /// 向承办单位提供反映人信息
        RevealRaiser = "reveal_raiser" => ActionRevealRaiser,
        /// 申请延期
        RequestExtension = "request_extension" => ActionRequestExtension,
        /// 批准延期
        GrantExtension = "grant_extension" => ActionGrantExtension,
        /// 不批准延期
        DenyExtension = "deny_extension" => ActionDenyExtension,
        /// 提交答复
        SubmitReply = "submit_reply" => ActionSubmitReply,
        /// 审核通过答复
        AcceptReply = "accept_reply" => ActionAcceptReply,
        /// 退回重办
        SendBack = "send_back" => ActionSendBack,
        /// 记录告知情况
        RecordInformed = "record_informed" => ActionRecordInformed,
        /// 记录满意度评价
        RecordEvaluation = "record_evaluation" => ActionRecordEvaluation,
        /// 办结
        Close = "close" => ActionClose,
        /// 重新办理
        Reopen = "reopen" => ActionReopen,
        /// 合并到其他事项
        MergeInto = "merge_into" => ActionMergeInto,
        /// 并入重复事项
        Absorb = "absorb" => ActionAbsorb,
        /// 说明理由后结案
        CloseWithReason = "close_with_reason" => ActionCloseWithReason,
        /// 直接答复
        AnswerDirectly = "answer_directly" => ActionAnswerDirectly,
        /// 向上级转报
        ForwardUpward = "forward_upward" => ActionForwardUpward,
        /// 作为社情民意信息报送
        ReportAsInformation = "report_as_information" => ActionReportAsInformation,
        /// 记录采用情况
        RecordAdoption = "record_adoption" => ActionRecordAdoption,
        /// 添加附件
        AddAttachment = "add_attachment" => ActionAddAttachment,
    }
);

impl Action {
    /// The words written with it — a reason, a note, a reply, where it was
    /// sent, an instruction — for a timeline; none for an action without.
    pub fn words(&self) -> Option<&str> {
        match self {
            Action::AddProgressNote { note } | Action::Urge { note } => Some(note.as_str()),
            Action::RevealRaiser { reason }
            | Action::ReturnDispatch { reason }
            | Action::RequestExtension { reason, .. }
            | Action::DenyExtension { reason }
            | Action::SendBack { reason }
            | Action::Reopen { reason }
            | Action::CloseWithReason { text: reason, .. } => Some(reason.as_str()),
            Action::GrantExtension { reason } | Action::RecordEvaluation { reason, .. } => {
                reason.as_ref().map(Reason::as_str)
            }
            Action::SubmitReply { text } | Action::AnswerDirectly { text } => Some(text.as_str()),
            Action::ReportAsInformation { sent_to } => Some(sent_to.as_str()),
            Action::RecordAdoption { instruction, .. } => instruction.as_ref().map(Instruction::as_str),
            Action::AddAttachment { attachment } => Some(attachment.name.as_str()),
            Action::Triage { .. }
            | Action::Dispatch { .. }
            | Action::AcceptDispatch
            | Action::AcceptReply
            | Action::RecordInformed { .. }
            | Action::Close
            | Action::MergeInto { .. }
            | Action::Absorb { .. }
            | Action::ForwardUpward { .. } => None,
        }
    }

    /// Its kind.
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::Triage { .. } => ActionKind::Triage,
            Action::Dispatch { .. } => ActionKind::Dispatch,
            Action::ReturnDispatch { .. } => ActionKind::ReturnDispatch,
            Action::AcceptDispatch => ActionKind::AcceptDispatch,
            Action::AddProgressNote { .. } => ActionKind::AddProgressNote,
            Action::Urge { .. } => ActionKind::Urge,
            Action::RevealRaiser { .. } => ActionKind::RevealRaiser,
            Action::RequestExtension { .. } => ActionKind::RequestExtension,
            Action::GrantExtension { .. } => ActionKind::GrantExtension,
            Action::DenyExtension { .. } => ActionKind::DenyExtension,
            Action::SubmitReply { .. } => ActionKind::SubmitReply,
            Action::AcceptReply => ActionKind::AcceptReply,
            Action::SendBack { .. } => ActionKind::SendBack,
            Action::RecordInformed { .. } => ActionKind::RecordInformed,
            Action::RecordEvaluation { .. } => ActionKind::RecordEvaluation,
            Action::Close => ActionKind::Close,
            Action::Reopen { .. } => ActionKind::Reopen,
            Action::MergeInto { .. } => ActionKind::MergeInto,
            Action::Absorb { .. } => ActionKind::Absorb,
            Action::CloseWithReason { .. } => ActionKind::CloseWithReason,
            Action::AnswerDirectly { .. } => ActionKind::AnswerDirectly,
            Action::ForwardUpward { .. } => ActionKind::ForwardUpward,
            Action::ReportAsInformation { .. } => ActionKind::ReportAsInformation,
            Action::RecordAdoption { .. } => ActionKind::RecordAdoption,
            Action::AddAttachment { .. } => ActionKind::AddAttachment,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_of_an_action_are_what_its_author_wrote() {
        let reason = Reason::parse("需要上门核实。").unwrap();
        assert_eq!(Action::RevealRaiser { reason: reason.clone() }.words(), Some("需要上门核实。"));
        assert_eq!(Action::SendBack { reason }.words(), Some("需要上门核实。"));
        assert_eq!(Action::SubmitReply { text: ReplyText::parse("已修复。").unwrap() }.words(), Some("已修复。"));
        assert_eq!(Action::GrantExtension { reason: None }.words(), None);
        assert_eq!(Action::AcceptReply.words(), None);
        let attachment =
            super::super::Attachment::of("答复函.pdf", Some(super::super::AttachmentType::Pdf), b"%PDF-1.4");
        assert_eq!(Action::AddAttachment { attachment: attachment.unwrap() }.words(), Some("答复函.pdf"));
    }
}
