//! Why a transition was refused. Each variant names its catalogue message;
//! [`TransitionError::message`] fills in the action and state labels.

use super::actor::Party;
use super::{ActionKind, MatterState};
use liaison_i18n::{Locale, Msg};
use thiserror::Error;

/// A refused transition. The matter is unchanged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum TransitionError {
    /// The actor is not the party the action needs.
    #[error("{action:?} needs the {party:?}")]
    NotPermitted {
        /// What was tried.
        action: ActionKind,
        /// Who may do it.
        party: Party,
    },
    /// The action cannot be taken in the matter's state.
    #[error("cannot {action:?} a matter that is {state:?}")]
    WrongState {
        /// What was tried.
        action: ActionKind,
        /// The matter's state.
        state: MatterState,
    },
    /// 不满意 without a reason.
    #[error("not satisfied needs a reason")]
    ReasonRequired,
    /// A due day before today (China time).
    #[error("due day in the past")]
    DueInPast,
    /// An extension to a day not after the current due day.
    #[error("extension not later than the due day")]
    ExtensionNotLater,
    /// An extension asked for while another waits.
    #[error("an extension request is pending")]
    ExtensionPending,
    /// A decision on an extension nobody asked for.
    #[error("no extension request is pending")]
    NoExtensionPending,
    /// The person was told "in the future".
    #[error("informed in the future")]
    InformedInFuture,
    /// A matter merged into itself.
    #[error("merge into itself")]
    MergeIntoSelf,
    /// Matters of two organisations merged.
    #[error("merge across organisations")]
    MergeAcrossOrganisations,
    /// A duplicate with no opinion cards to take in.
    #[error("nothing to absorb")]
    NothingToAbsorb,
    /// Forwarded to its own organisation.
    #[error("forward to the same organisation")]
    ForwardToSameOrganisation,
    /// Reported as information twice.
    #[error("already reported as information")]
    InformationAlreadyReported,
    /// Adoption recorded, or closed as information, before it was reported.
    #[error("not reported as information")]
    InformationNotReported,
}

impl TransitionError {
    /// The catalogue key.
    pub fn msg(&self) -> Msg {
        match self {
            TransitionError::NotPermitted { party: Party::Office, .. } => Msg::MatterOnlyOffice,
            TransitionError::NotPermitted { party: Party::Unit, .. } => Msg::MatterOnlyUnit,
            TransitionError::NotPermitted { party: Party::Collector, .. } => Msg::MatterOnlyCollector,
            TransitionError::WrongState { .. } => Msg::MatterWrongState,
            TransitionError::ReasonRequired => Msg::MatterNotSatisfiedNeedsReason,
            TransitionError::DueInPast => Msg::MatterDueInPast,
            TransitionError::ExtensionNotLater => Msg::MatterExtensionNotLater,
            TransitionError::ExtensionPending => Msg::MatterExtensionPending,
            TransitionError::NoExtensionPending => Msg::MatterNoExtensionPending,
            TransitionError::InformedInFuture => Msg::MatterInformedInFuture,
            TransitionError::MergeIntoSelf => Msg::MatterMergeIntoSelf,
            TransitionError::MergeAcrossOrganisations => Msg::MatterMergeAcrossOrganisations,
            TransitionError::NothingToAbsorb => Msg::MatterNothingToAbsorb,
            TransitionError::ForwardToSameOrganisation => Msg::MatterForwardToSameOrganisation,
            TransitionError::InformationAlreadyReported => Msg::MatterInformationAlreadyReported,
            TransitionError::InformationNotReported => Msg::MatterInformationNotReported,
        }
    }

    /// The message for the user, in `locale`.
    pub fn message(&self, locale: Locale) -> String {
        match self {
            TransitionError::NotPermitted { action, .. } => {
                self.msg().fill(locale, &[("action", action.label().text(locale))])
            }
            TransitionError::WrongState { action, state } => self
                .msg()
                .fill(locale, &[("action", action.label().text(locale)), ("state", state.label().text(locale))]),
            _ => self.msg().text(locale).to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_action_and_the_state() {
        let e = TransitionError::NotPermitted { action: ActionKind::SubmitReply, party: Party::Unit };
        assert_eq!(e.message(Locale::ZhCn), "只有承办单位可以提交答复。");
        let e = TransitionError::WrongState { action: ActionKind::Dispatch, state: MatterState::Replied };
        assert_eq!(e.message(Locale::ZhCn), "事项当前为“已答复”，此状态下不能派单。");
        assert_eq!(e.message(Locale::En), "The matter is “Replied”: you cannot dispatch it now.");
        assert_eq!(TransitionError::ReasonRequired.message(Locale::ZhCn), "不满意时必须写明原因。");
    }
}
