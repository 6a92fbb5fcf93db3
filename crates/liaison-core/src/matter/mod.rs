//! Matters (事项): an opinion card in handling at the liaison office, from
//! receipt to closure — 件件有回音.
//!
//! A matter is made from an opinion card when the server receives it
//! ([`Matter::from_opinion`]) and changes only through [`apply`]: a pure
//! function of the matter, who acts ([`Actor`]), what they do ([`Action`]) and
//! the time, which returns the new matter and its [`AuditEvent`], or a
//! [`TransitionError`] and no change. [`rule`] is the table of who may take
//! each action from which states; [`merge`] folds a duplicate into another
//! matter. Deadlines (the 3-day triage clock, due days by category, reminders)
//! are in [`deadline`]; possible duplicates to merge are found by [`similar`].
//!
//! Invariants (held by `apply`, checked by the property tests in `tests.rs`):
//! - a matter closes only with the full loop — a reply accepted, the person
//!   told, a verdict other than 不满意 — or with a reason written by the office;
//! - 不满意 always reopens the matter, and needs a reason;
//! - every successful transition yields exactly one event, numbered after the
//!   last, whose `before` is the old state and `after` the new;
//! - a refused transition changes nothing.
//!
//! Frozen forms: [`MatterRecordV1`], [`AuditEventRecordV1`], what the
//! collector's phone is told ([`MatterStatusRecordV1`]) and what it asks
//! ([`MatterRequestRecordV1`]).

mod action;
mod actor;
mod apply;
pub mod attachment;
mod audit;
pub mod deadline;
mod dispatch;
mod error;
#[cfg(test)]
mod fixtures;
mod kinds;
pub mod notify;
mod parts;
mod record;
mod request;
mod rules;
pub mod similar;
mod state;
mod status;
#[cfg(test)]
mod tests;

pub use action::{Action, ActionKind};
pub use actor::{Actor, Party};
pub use apply::{allowed, apply, merge};
pub use attachment::{Attachment, AttachmentError, AttachmentName, AttachmentSize, AttachmentType, Sha256Hex};
pub use audit::{AuditEvent, check_history, raiser_revealed};
pub use dispatch::{DispatchTable, UnitFor};
pub use error::TransitionError;
pub use kinds::{AdoptionLevel, CloseReason, InformedHow, Satisfaction};
pub use parts::{Adoption, Closure, Evaluation, ExtensionRequest, Information, Informed, Reply};
pub use record::{AuditEventRecordV1, MatterRecordV1};
pub use request::{MatterRequest, MatterRequestRecordV1};
pub use rules::{Rule, rule};
pub use state::MatterState;
pub use status::{MatterStatusRecordV1, StatusReply};

use crate::{Category, MatterId, OpinionCard, OpinionCardId, OrganisationId, Reason, Urgency, UserId};
use chrono::{DateTime, NaiveDate, Utc};

/// One matter, as the office, the unit and the representative see it. Its
/// history is in its audit events, not here: this is the current round (a
/// reply sent back, or a reopened matter's earlier reply, is in the events).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matter {
    /// Made by the server when the card arrives.
    pub id: MatterId,
    /// The organisation whose office handles it.
    pub organisation: OrganisationId,
    /// The opinion cards it covers: the first is the one it was made from,
    /// the others duplicates merged in. Never empty.
    pub opinions: Vec<OpinionCardId>,
    /// The user who collected the first card (and whose phone synced it).
    pub collector: UserId,
    /// Its category (the card's, until the office reclassifies it).
    pub category: Category,
    /// How urgent it is.
    pub urgency: Urgency,
    /// When the first card was collected (the phone's word).
    pub collected_at: DateTime<Utc>,
    /// When the server received it.
    pub received_at: DateTime<Utc>,
    /// Where it is in its handling.
    pub state: MatterState,
    /// The unit it was last dispatched to. Kept after the reply (for the
    /// unit's view and its overdue counts); cleared when the unit returns it.
    pub unit: Option<OrganisationId>,
    /// When it was last dispatched (kept like `unit`).
    pub dispatched_at: Option<DateTime<Utc>>,
    /// The China-time day the last dispatch is due by (at its end), moved by a
    /// granted extension; kept like `unit` (a clock runs on it only while
    /// dispatched: see `Matter::reply_due`).
    pub due_on: Option<NaiveDate>,
    /// The unit's extension request waiting for the office, if any.
    pub extension: Option<ExtensionRequest>,
    /// The reply of this round, once submitted.
    pub reply: Option<Reply>,
    /// How the person was told, once they were.
    pub informed: Option<Informed>,
    /// The person's latest verdict.
    pub evaluation: Option<Evaluation>,
    /// Why it is being handled again (sent back, not satisfied, reopened),
    /// until a reply is accepted.
    pub rework_reason: Option<Reason>,
    /// How many times it was sent back or reopened.
    pub rework_count: u32,
    /// How it closed, while closed.
    pub closure: Option<Closure>,
    /// The matter it was merged into.
    pub merged_into: Option<MatterId>,
    /// The organisation it was last forwarded up from.
    pub forwarded_from: Option<OrganisationId>,
    /// Its 社情民意 information report, if it was reported.
    pub information: Option<Information>,
    /// How many events it has had (the last event's `seq`); a writer can
    /// compare it to refuse a change made on a stale copy.
    pub version: u32,
}

/// What a new matter takes from its opinion card and from the sync that
/// brought it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpinionFacts {
    /// The card.
    pub card: OpinionCardId,
    /// Its category.
    pub category: Category,
    /// Its urgency.
    pub urgency: Urgency,
    /// When it was collected.
    pub collected_at: DateTime<Utc>,
    /// The organisation whose office receives it.
    pub organisation: OrganisationId,
    /// The user whose phone synced it.
    pub collector: UserId,
}

impl OpinionFacts {
    /// The facts of `card`, received from `collector` for `organisation`.
    pub fn of(card: &OpinionCard, organisation: OrganisationId, collector: UserId) -> OpinionFacts {
        OpinionFacts {
            card: card.id,
            category: card.category.clone(),
            urgency: card.urgency,
            collected_at: card.collected_at,
            organisation,
            collector,
        }
    }
}

impl Matter {
    /// A new matter, `reported`, for an opinion card the server received at
    /// `received_at`. `id` is made by the caller.
    pub fn from_opinion(id: MatterId, facts: OpinionFacts, received_at: DateTime<Utc>) -> Matter {
        Matter {
            id,
            organisation: facts.organisation,
            opinions: vec![facts.card],
            collector: facts.collector,
            category: facts.category,
            urgency: facts.urgency,
            collected_at: facts.collected_at,
            received_at,
            state: MatterState::Reported,
            unit: None,
            dispatched_at: None,
            due_on: None,
            extension: None,
            reply: None,
            informed: None,
            evaluation: None,
            rework_reason: None,
            rework_count: 0,
            closure: None,
            merged_into: None,
            forwarded_from: None,
            information: None,
            version: 0,
        }
    }

    /// How many people raised it: one per opinion card it covers.
    pub fn raised_count(&self) -> usize {
        self.opinions.len()
    }
}
