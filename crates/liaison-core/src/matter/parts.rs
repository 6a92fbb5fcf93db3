//! What a matter gathers as it is handled: the reply, how the person was told,
//! their verdict, a pending extension request, how it closed, and its 社情民意
//! information report.
//!
//! These serialise as part of `MatterRecordV1` (frozen by `tests/golden.rs`):
//! never change a field, add a record version instead.

use super::kinds::{AdoptionLevel, CloseReason, InformedHow, Satisfaction};
use crate::{Instruction, OrganisationId, OrganisationName, Reason, ReplyText, UserId};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A reply (答复): from the unit the matter was dispatched to, or from the
/// office when it answered directly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reply {
    /// What it says.
    pub text: ReplyText,
    /// Who wrote it.
    pub by: UserId,
    /// The unit it came from; none when the office answered directly.
    pub unit: Option<OrganisationId>,
    /// When it was submitted.
    #[serde(with = "crate::time::wire")]
    pub at: DateTime<Utc>,
}

/// How and when the person who raised the opinion was told the reply (反馈).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Informed {
    /// How.
    pub how: InformedHow,
    /// When they were told (as the representative recorded it).
    #[serde(with = "crate::time::wire")]
    pub at: DateTime<Utc>,
}

/// The person's verdict (评价). `reason` is always present for 不满意.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evaluation {
    /// 满意 / 基本满意 / 不满意.
    pub satisfaction: Satisfaction,
    /// Why (required when not satisfied, optional otherwise).
    pub reason: Option<Reason>,
    /// When it was recorded.
    #[serde(with = "crate::time::wire")]
    pub at: DateTime<Utc>,
}

/// A unit's request for more time, waiting for the office's decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtensionRequest {
    /// The China-time day the unit asks to have until.
    pub until: NaiveDate,
    /// Why.
    pub reason: Reason,
    /// When it was asked.
    #[serde(with = "crate::time::wire")]
    pub at: DateTime<Utc>,
}

/// How a matter closed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "how", rename_all = "snake_case", deny_unknown_fields)]
pub enum Closure {
    /// The whole loop (办结): a reply accepted, the person told, and a verdict
    /// other than 不满意.
    Completed {
        /// When.
        #[serde(with = "crate::time::wire")]
        at: DateTime<Utc>,
    },
    /// Closed by the office with a written reason.
    WithReason {
        /// The kind of reason.
        reason: CloseReason,
        /// The reason in words.
        text: Reason,
        /// When.
        #[serde(with = "crate::time::wire")]
        at: DateTime<Utc>,
    },
}

/// The matter reported upward as 社情民意 information.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Information {
    /// Where it was sent (e.g. 市委统战部).
    pub sent_to: OrganisationName,
    /// When.
    #[serde(with = "crate::time::wire")]
    pub sent_at: DateTime<Utc>,
    /// Whether and how it was adopted, once known (the latest recorded).
    pub adoption: Option<Adoption>,
}

/// Whether a piece of information was adopted (采用), and any instruction (批示).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Adoption {
    /// The level that adopted it; none when it was not adopted.
    pub level: Option<AdoptionLevel>,
    /// A leader's instruction on it, if any.
    pub instruction: Option<Instruction>,
    /// When this was recorded.
    #[serde(with = "crate::time::wire")]
    pub at: DateTime<Utc>,
}
