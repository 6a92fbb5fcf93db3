//! Duties: what a representative owes this quarter, this year and this term,
//! and by when — counted from their records under their organisation's policy.
//! The same pure function runs on the phone (offline) and on the server.
//!
//! - [`period`]: quarters, years and terms in China time.
//! - [`rules`]: the rules, [`Count`] and [`Days`], the presets (seed values).
//! - [`policy`]: an organisation's versions, terms and congress dates, and
//!   [`ResolvedPolicy::resolve`] (inherited from the parent, overridden per rule).
//! - [`record`]: the frozen form, [`PolicyRecordV1`].
//! - [`profile`]: who a representative is for their duties, and what a phone
//!   is sent to count them ([`DutySetupRecordV1`]).
//! - [`facts`]: the evaluation input ([`DutyRecords`], [`RepresentativeFacts`]).
//! - [`evaluate()`] → [`DutyReport`] ([`report`]).
//! - [`remind`]: reception days coming up, the quarter ending with duties owed.
//! - [`studios`]: each studio's reception days this quarter, held or missed (the office's dashboard).
//!
//! # What counts as what
//!
//! Every record counts once, by id, however many times it is held. A period is
//! `start ≤ t < end` in China time; an activity counts in the period its card's
//! start time falls in.
//!
//! | duty | counts | over | due |
//! |---|---|---|---|
//! | contacts | the contacts in the list | — (checked this year) | year end |
//! | visits | per contact, cards of kind 走访谈心 or 结对帮扶 the contact attended, at most the rule's number each (extra visits to one contact do not make up for another); required = rule × contacts | year | year end |
//! | receptions | cards of kind 接待 (定点接待; not 约见) | quarter | quarter end |
//! | opinions reported | an opinion is reported when the server has received it (`reported_at`); every unreported one is owed (whatever its year), due `collected_at` + N days; those reported count if collected this year | — | the earliest unreported due |
//! | proposals, research reports | submitted this year | year | year end |
//! | term research | proposals *or* research reports in the term (either discharges it; assessed when both numbers are set and the organisation's terms include now) | term | term end |
//! | pairing | contacts with a 结对帮扶 card this year: a party member tagged 低收入 counts as a member in poverty; tagged 困难群众, as a household in need | year | year end |
//! | yearly report | a yearly report submitted this year (assessed when this year's congress date is set) | year | the end of the day N days before the congress |
//! | liaison-point activities | leadership members only: cards of any kind held at any liaison point | year | year end |
//! | required actions | per assigned point, cards held there of kind 专题讲座; 座谈会 or 支部生活会; 看望老同志 | the year ∩ the assignment | the earlier end |
//!
//! A duty whose rule is not set anywhere in the chain, or requires 0, has no
//! line. Contacts count if they are in [`DutyRecords::contacts`]; attendees not
//! in that list count toward nothing (walk-ins have no id).
//!
//! # Status
//!
//! - **Done**: nothing owed.
//! - **Overdue**: something owed and `now` is at or past the due time.
//! - **At risk**: something owed and the time left is less than
//!   `owed × length / (required + 1)`, i.e. behind the rule's even pace with one
//!   item to spare. Two receptions a quarter (about 90 days): with none done it
//!   is at risk once fewer than 60 days are left; with one done, fewer than 30.
//!   One required: at risk in the second half of the period. An opinion (one
//!   item over its N days): at risk in the second half of its deadline.
//! - **Owed**: otherwise.
//!
//! The rules in force on `now`'s day judge the whole of the current periods.
//! `not_seen` lists the contacts who attended none of the representative's
//! activities (any kind) in the last [`NOT_SEEN_DAYS`] days.

pub mod error;
mod evaluate;
pub mod facts;
pub mod period;
pub mod policy;
pub mod profile;
pub mod record;
pub mod remind;
pub mod report;
pub mod rules;
pub mod studios;

pub use error::{PolicyError, PolicyErrors};
pub use evaluate::{NOT_SEEN_DAYS, evaluate, records_since};
pub use facts::{
    ContactFact, DutyRecords, OpinionFact, PointAssignment, ProposalFact, ReceptionFact, RepresentativeFacts,
    RepresentativeLevel, ResearchReportFact, SubmittedFact, YearlyReportFact,
};
pub use period::{Period, Quarter, Term, Year};
pub use policy::{Policy, PolicyVersion, ResolvedPolicy};
pub use profile::{
    DutySetup, DutySetupError, DutySetupRecordV1, PointAssignmentRecord, RepresentativeProfile,
    RepresentativeProfileRecordV1,
};
pub use record::{PolicyRecordV1, PolicyVersionRecord, TermRecord};
pub use remind::{Notice, Reminder, notices, reminders};
pub use report::{Duty, DutyLine, DutyReport, DutyStatus, NotSeen, OpinionDue, Progress};
pub use rules::{Count, Days, Rule, Rules, RulesRecord, presets};

#[cfg(test)]
mod tests;
