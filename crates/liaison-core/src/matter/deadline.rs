//! Deadlines and chasing (督办), in China time.
//!
//! Every deadline is the *end of a China-time day* (23:59:59 +08:00): "within
//! 3 days" of something on the 22nd means by the end of the 25th, whatever the
//! hour on the 22nd.
//!
//! - **Triage** (seed 004 part 5: opinions reported within 3 days): due
//!   [`TRIAGE_DAYS`] days after the day the opinion was collected. The rule
//!   counts from collection ([`Matter::triage_due`]); a card synced late may
//!   arrive already overdue, which [`Matter::arrived_late`] tells apart, and
//!   [`Matter::triage_due_by_receipt`] gives the clock counted from the server's
//!   receipt for an office that wants to judge its own speed.
//! - **Reply**: due at the end of the matter's `due_on` day, set at dispatch
//!   (the [`DeadlinePolicy`] suggests it: days by category, a default, a
//!   shorter limit for urgent matters) and moved by a granted extension.
//! - **Reminders**: a clock is *due soon* from the start of the day
//!   [`REMIND_DAYS_BEFORE`] days before its due day, and *overdue* after its end.

use super::{Matter, MatterState, Party};
use crate::time::china;
use crate::{Category, Urgency, ValidationError};
use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};

/// Days the office has to triage an opinion, counted from its collection day.
pub const TRIAGE_DAYS: u32 = 3;

/// Days before the due day that a reminder starts.
pub const REMIND_DAYS_BEFORE: u32 = 2;

/// The China-time day of an instant.
pub fn china_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&china()).date_naive()
}

/// The last second of a China-time day (23:59:59 +08:00), in UTC.
pub fn end_of_china_day(date: NaiveDate) -> DateTime<Utc> {
    start_of_china_day(date.checked_add_days(Days::new(1)).unwrap_or(NaiveDate::MAX)) - chrono::TimeDelta::seconds(1)
}

/// The first second of a China-time day (00:00:00 +08:00), in UTC.
pub fn start_of_china_day(date: NaiveDate) -> DateTime<Utc> {
    date.and_time(NaiveTime::MIN)
        .and_local_timezone(china())
        .single()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// The China-time day `days` days after the day of `at`.
pub fn days_after(at: DateTime<Utc>, days: u32) -> NaiveDate {
    china_date(at).checked_add_days(Days::new(u64::from(days))).unwrap_or(NaiveDate::MAX)
}

/// When an opinion counted from `from` (its collection, or its receipt) must be
/// triaged by: the end of the China-time day [`TRIAGE_DAYS`] days later.
pub fn triage_due(from: DateTime<Utc>) -> DateTime<Utc> {
    end_of_china_day(days_after(from, TRIAGE_DAYS))
}

/// How a clock stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineStatus {
    /// More than [`REMIND_DAYS_BEFORE`] days to go.
    OnTime,
    /// Due within [`REMIND_DAYS_BEFORE`] days (or today).
    DueSoon,
    /// Past due.
    Overdue,
}

impl DeadlineStatus {
    /// The label in the catalogue.
    pub fn label(self) -> liaison_i18n::Msg {
        match self {
            DeadlineStatus::OnTime => liaison_i18n::Msg::DeadlineOnTime,
            DeadlineStatus::DueSoon => liaison_i18n::Msg::DeadlineDueSoon,
            DeadlineStatus::Overdue => liaison_i18n::Msg::DeadlineOverdue,
        }
    }
}

/// The instant before which a clock that is not yet overdue at `now` is
/// [`DeadlineStatus::DueSoon`]: the start of the China-time day
/// [`REMIND_DAYS_BEFORE`] + 1 days after `now`'s (for counting in SQL what
/// [`deadline_status`] says one matter at a time).
pub fn due_soon_before(now: DateTime<Utc>) -> DateTime<Utc> {
    let day = china_date(now).checked_add_days(Days::new(u64::from(REMIND_DAYS_BEFORE) + 1)).unwrap_or(NaiveDate::MAX);
    start_of_china_day(day)
}

/// How a clock due at `due` stands at `now`.
pub fn deadline_status(due: DateTime<Utc>, now: DateTime<Utc>) -> DeadlineStatus {
    if now > due {
        return DeadlineStatus::Overdue;
    }
    let warn_from =
        china_date(due).checked_sub_days(Days::new(u64::from(REMIND_DAYS_BEFORE))).unwrap_or(NaiveDate::MIN);
    if now >= start_of_china_day(warn_from) { DeadlineStatus::DueSoon } else { DeadlineStatus::OnTime }
}

/// How long units have to reply, by category: a setting of the organisation
/// (part of its reference data once an administrator can edit it).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "PolicyParts", into = "PolicyParts")]
pub struct DeadlinePolicy {
    default_days: u32,
    urgent_days: Option<u32>,
    by_category: Vec<(Category, u32)>,
}

/// The serialised form of a [`DeadlinePolicy`], checked on reading.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyParts {
    default_days: u32,
    urgent_days: Option<u32>,
    by_category: Vec<(Category, u32)>,
}

impl DeadlinePolicy {
    /// The longest time a policy may give, in days.
    pub const MAX_DAYS: u32 = 365;

    /// A policy: `default_days` for any category not listed, `urgent_days` (if
    /// set) as the most an urgent matter gets, and days per category. Every
    /// number is 1–[`Self::MAX_DAYS`]; a category is listed at most once.
    pub fn new(
        default_days: u32,
        urgent_days: Option<u32>,
        by_category: Vec<(Category, u32)>,
    ) -> Result<DeadlinePolicy, ValidationError> {
        let in_range = |d: u32| (1..=Self::MAX_DAYS).contains(&d);
        if !in_range(default_days)
            || !urgent_days.is_none_or(in_range)
            || !by_category.iter().all(|(_, d)| in_range(*d))
        {
            return Err(ValidationError::OutOfRange { min: 1, max: Self::MAX_DAYS });
        }
        for (i, (category, _)) in by_category.iter().enumerate() {
            if by_category[..i].iter().any(|(c, _)| c == category) {
                return Err(ValidationError::DuplicateCategory);
            }
        }
        Ok(DeadlinePolicy { default_days, urgent_days, by_category })
    }

    /// The preset: 15 days, 5 for urgent matters (not from the seeds: a
    /// setting each place changes).
    pub fn preset() -> DeadlinePolicy {
        DeadlinePolicy { default_days: 15, urgent_days: Some(5), by_category: Vec::new() }
    }

    /// Days for a category not listed.
    pub fn default_days(&self) -> u32 {
        self.default_days
    }

    /// The most an urgent matter gets, if set.
    pub fn urgent_days(&self) -> Option<u32> {
        self.urgent_days
    }

    /// Days by category, as set.
    pub fn by_category(&self) -> &[(Category, u32)] {
        &self.by_category
    }

    /// The days a matter of `category` and `urgency` gets.
    pub fn days_for(&self, category: &Category, urgency: Urgency) -> u32 {
        let days = self.by_category.iter().find(|(c, _)| c == category).map_or(self.default_days, |(_, d)| *d);
        match (urgency, self.urgent_days) {
            (Urgency::Urgent, Some(urgent)) => days.min(urgent),
            _ => days,
        }
    }

    /// The due day for a matter dispatched at `dispatched_at`: that many days
    /// after the China-time day of dispatch (the dispatch form's suggestion).
    pub fn due_on(&self, category: &Category, urgency: Urgency, dispatched_at: DateTime<Utc>) -> NaiveDate {
        days_after(dispatched_at, self.days_for(category, urgency))
    }
}

impl TryFrom<PolicyParts> for DeadlinePolicy {
    type Error = ValidationError;
    fn try_from(p: PolicyParts) -> Result<Self, Self::Error> {
        DeadlinePolicy::new(p.default_days, p.urgent_days, p.by_category)
    }
}

impl From<DeadlinePolicy> for PolicyParts {
    fn from(p: DeadlinePolicy) -> Self {
        PolicyParts { default_days: p.default_days, urgent_days: p.urgent_days, by_category: p.by_category }
    }
}

/// Which clock a reminder is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Clock {
    /// The office's 3 days to triage.
    Triage,
    /// The unit's time to reply.
    Reply,
}

/// A reminder due now: a clock that is due soon or overdue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reminder {
    /// Which clock.
    pub clock: Clock,
    /// [`DeadlineStatus::DueSoon`] or [`DeadlineStatus::Overdue`].
    pub status: DeadlineStatus,
    /// When it is due.
    pub due: DateTime<Utc>,
}

impl Reminder {
    /// Who is to be told: the office about triage; the unit about its reply,
    /// and the office too once it is overdue (escalation, 督办).
    pub fn recipients(&self) -> &'static [Party] {
        match (self.clock, self.status) {
            (Clock::Triage, _) => &[Party::Office],
            (Clock::Reply, DeadlineStatus::Overdue) => &[Party::Unit, Party::Office],
            (Clock::Reply, _) => &[Party::Unit],
        }
    }
}

impl Matter {
    /// The triage clock counted from collection (the rule).
    pub fn triage_due(&self) -> DateTime<Utc> {
        triage_due(self.collected_at)
    }

    /// The triage clock counted from the server's receipt.
    pub fn triage_due_by_receipt(&self) -> DateTime<Utc> {
        triage_due(self.received_at)
    }

    /// Whether it reached the server after its triage was already due (the
    /// phone was offline too long): not the office's lateness.
    pub fn arrived_late(&self) -> bool {
        self.received_at > self.triage_due()
    }

    /// When the unit's reply is due, while it is dispatched.
    pub fn reply_due(&self) -> Option<DateTime<Utc>> {
        match self.state {
            MatterState::Dispatched | MatterState::InProgress => self.due_on.map(end_of_china_day),
            _ => None,
        }
    }

    /// The running clock and its due time: triage while `reported`, the reply
    /// while dispatched; none otherwise.
    pub fn clock(&self) -> Option<(Clock, DateTime<Utc>)> {
        match self.state {
            MatterState::Reported => Some((Clock::Triage, self.triage_due())),
            _ => self.reply_due().map(|due| (Clock::Reply, due)),
        }
    }

    /// How the running clock stands at `now`, if one runs.
    pub fn deadline_status(&self, now: DateTime<Utc>) -> Option<DeadlineStatus> {
        self.clock().map(|(_, due)| deadline_status(due, now))
    }
}

/// The reminders `matter` calls for at `now`: none, or one for its running
/// clock when that is due soon or overdue.
pub fn reminders(matter: &Matter, now: DateTime<Utc>) -> Vec<Reminder> {
    matter
        .clock()
        .map(|(clock, due)| Reminder { clock, status: deadline_status(due, now), due })
        .filter(|r| r.status != DeadlineStatus::OnTime)
        .into_iter()
        .collect()
}

#[cfg(test)]
mod tests;
