//! Paired liaison (对口联系, seed 002): a government department (an
//! organisation in the tree) paired with a democratic party's branch or the
//! federation of commerce, and what the pairing owes each year — joint
//! meetings (工作例会或联席会议, §3(三): at least one a year) and the
//! department leaders' visits (走访, §3(六): one to two a year) — judged with
//! the duties' statuses ([`DutyStatus`](crate::duty::DutyStatus): done, owed,
//! at risk, overdue). Document exchanges (文件交换, §3(二)) are recorded and
//! counted, and owe nothing.
//!
//! Pure like the rest of the core: `now` comes in as an argument.
//!
//! - [`rules`]: [`PairedRules`] (per organisation, kept apart from the
//!   representatives' policy), the seed's preset, [`PairedRulesRecordV1`] and
//!   every problem of a refused one ([`PairedRuleErrors`]).
//! - [`pairing`]: [`Pairing`], [`Partner`], [`PairedEvent`] and their frozen
//!   records [`PairingRecordV1`], [`PairedEventRecordV1`].
//! - [`evaluate()`](evaluate::evaluate) → [`PairedReport`].
//!
//! # What counts
//!
//! An event counts once, by id, in the year (China time) of the day it was
//! held, for its own pairing only. Joint meetings are owed up to the rule's
//! number by the year's end; leader visits up to the rule's least number,
//! and a pairing with more than the most is marked `above_max` (the seed
//! asks for one to two; more is not wrong, but the office may want to know).
//! A rule requiring 0 is done. The status is the duties' (see
//! [`crate::duty`]): overdue at the year's end, at risk when behind the even
//! pace with one to spare — one meeting a year is at risk once fewer than
//! half the year's days are left (from midday on 2 July).

pub mod evaluate;
pub mod pairing;
pub mod rules;

pub use evaluate::{PairedLine, PairedReport, evaluate};
pub use pairing::{
    PairedEvent, PairedEventError, PairedEventKind, PairedEventRecordV1, Pairing, PairingRecordV1, Partner, PartnerKind,
};
pub use rules::{PairedRule, PairedRuleError, PairedRuleErrors, PairedRules, PairedRulesRecordV1};

#[cfg(test)]
mod tests;
