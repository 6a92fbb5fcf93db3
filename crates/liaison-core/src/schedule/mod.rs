//! Studios' reception schedules (接待日程, issue 6 part 3; seed 004 part 5:
//! 党代表接待群众时间、地点、党代表姓名等提前向社会公开 … 日程公布后，除特殊情况外，
//! 不得随意变更). Pure like the rest of the core: `now` and who acts come in.
//!
//! A [`ReceptionSchedule`] is one studio's month: its reception dates
//! (generated from the studio's recurring days by [`ReceptionSchedule::from_recurring`],
//! then edited freely while a draft), the month's theme (接访专题, optional)
//! and its state. Publishing freezes it: from then on a date only moves
//! through [`ReceptionSchedule::change_date`], with a non-empty
//! [`ChangeReason`], and each move appends a [`DateChange`] (old date, new
//! date, reason, who, when) to its log, which never shrinks. Frozen as
//! [`ReceptionScheduleRecordV1`] (`record.rs`); a phone is sent the published
//! ones of its studios as [`PhoneSchedulesRecordV1`].

mod error;
mod record;
#[cfg(test)]
mod tests;

pub use error::ScheduleError;
pub use record::{DateChangeRecord, NamedScheduleRecord, PhoneSchedulesRecordV1, ReceptionScheduleRecordV1};

use crate::time::china;
use crate::{StudioId, UserId};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use std::fmt;

/// A calendar month, written `2026-12`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    month: u32,
}

impl Month {
    /// Reads `2026-12` (years 2000–2100).
    pub fn parse(input: &str) -> Result<Month, ScheduleError> {
        let (y, m) = input.trim().split_once('-').ok_or(ScheduleError::MonthInvalid)?;
        if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return Err(ScheduleError::MonthInvalid);
        }
        let year: i32 = y.parse().map_err(|_| ScheduleError::MonthInvalid)?;
        let month: u32 = m.parse().map_err(|_| ScheduleError::MonthInvalid)?;
        if !(2000..=2100).contains(&year) || !(1..=12).contains(&month) {
            return Err(ScheduleError::MonthInvalid);
        }
        Ok(Month { year, month })
    }

    /// The month `day` is in.
    pub fn of(day: NaiveDate) -> Month {
        Month { year: day.year(), month: day.month() }
    }

    /// The month containing `now`, in China time.
    pub fn containing(now: DateTime<Utc>) -> Month {
        Month::of(now.with_timezone(&china()).date_naive())
    }

    /// The month after this one.
    pub fn next(self) -> Month {
        if self.month == 12 { Month { year: self.year + 1, month: 1 } } else { Month { month: self.month + 1, ..self } }
    }

    /// Its `n`th day, if the month has one.
    pub fn day(self, n: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month, n)
    }

    /// True when `day` is in this month.
    pub fn contains(self, day: NaiveDate) -> bool {
        Month::of(day) == self
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// The month's theme (接访专题): trimmed, 1–60 characters, one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Theme(String);

impl Theme {
    /// The longest theme, in characters.
    pub const MAX: usize = 60;

    /// Reads a theme; empty (or white space) is no theme.
    pub fn parse(input: &str) -> Result<Option<Theme>, ScheduleError> {
        let text: String = input.trim().chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        if text.is_empty() {
            return Ok(None);
        }
        if text.chars().count() > Theme::MAX {
            return Err(ScheduleError::ThemeTooLong);
        }
        Ok(Some(Theme(text)))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why a published date moved ("special circumstances", 特殊情况): trimmed,
/// 1–200 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeReason(String);

impl ChangeReason {
    /// The longest reason, in characters.
    pub const MAX: usize = 200;

    /// Reads a reason; empty is [`ScheduleError::ReasonRequired`].
    pub fn parse(input: &str) -> Result<ChangeReason, ScheduleError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(ScheduleError::ReasonRequired);
        }
        if text.chars().count() > ChangeReason::MAX {
            return Err(ScheduleError::ReasonTooLong);
        }
        Ok(ChangeReason(text.to_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Where a schedule stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScheduleState {
    /// Being prepared: dates and theme edited freely, not shown to phones.
    Draft,
    /// Made public: shown to phones; dates move only with a reason.
    Published {
        /// When.
        at: DateTime<Utc>,
        /// By whom.
        by: UserId,
    },
}

impl ScheduleState {
    /// `draft` or `published`.
    pub fn code(&self) -> &'static str {
        match self {
            ScheduleState::Draft => "draft",
            ScheduleState::Published { .. } => "published",
        }
    }
}

/// One move of a published reception date, as logged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateChange {
    /// The date it was.
    pub old: NaiveDate,
    /// The date it is now.
    pub new: NaiveDate,
    /// Why.
    pub reason: ChangeReason,
    /// Who moved it.
    pub by: UserId,
    /// When.
    pub at: DateTime<Utc>,
}

/// One studio's reception schedule for one month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceptionSchedule {
    studio: StudioId,
    month: Month,
    dates: Vec<NaiveDate>,
    theme: Option<Theme>,
    state: ScheduleState,
    changes: Vec<DateChange>,
}

/// The dates, sorted without repeats, each checked to be in `month`.
fn dates_in(month: Month, mut dates: Vec<NaiveDate>) -> Result<Vec<NaiveDate>, ScheduleError> {
    if let Some(date) = dates.iter().find(|d| !month.contains(**d)) {
        return Err(ScheduleError::DateOutsideMonth { date: *date });
    }
    dates.sort_unstable();
    dates.dedup();
    Ok(dates)
}

impl ReceptionSchedule {
    /// A draft for `studio`'s `month` with its recurring `days` (days of the
    /// month; one the month lacks, such as the 31st of November, is left out).
    pub fn from_recurring(studio: StudioId, month: Month, days: &[u8]) -> ReceptionSchedule {
        let mut dates: Vec<NaiveDate> = days.iter().filter_map(|d| month.day(u32::from(*d))).collect();
        dates.sort_unstable();
        dates.dedup();
        ReceptionSchedule { studio, month, dates, theme: None, state: ScheduleState::Draft, changes: Vec::new() }
    }

    /// The studio.
    pub fn studio(&self) -> StudioId {
        self.studio
    }

    /// The month.
    pub fn month(&self) -> Month {
        self.month
    }

    /// The reception dates, in order.
    pub fn dates(&self) -> &[NaiveDate] {
        &self.dates
    }

    /// The month's theme.
    pub fn theme(&self) -> Option<&Theme> {
        self.theme.as_ref()
    }

    /// Draft or published.
    pub fn state(&self) -> &ScheduleState {
        &self.state
    }

    /// True once published.
    pub fn is_published(&self) -> bool {
        matches!(self.state, ScheduleState::Published { .. })
    }

    /// The moves of published dates, oldest first.
    pub fn changes(&self) -> &[DateChange] {
        &self.changes
    }

    /// The draft with these dates and this theme; a published schedule is
    /// refused ([`ScheduleError::Published`]).
    pub fn edit(&self, dates: Vec<NaiveDate>, theme: Option<Theme>) -> Result<ReceptionSchedule, ScheduleError> {
        if self.is_published() {
            return Err(ScheduleError::Published);
        }
        let dates = dates_in(self.month, dates)?;
        Ok(ReceptionSchedule { dates, theme, ..self.clone() })
    }

    /// The schedule made public by `by` at `now`; it needs a date.
    pub fn publish(&self, by: UserId, now: DateTime<Utc>) -> Result<ReceptionSchedule, ScheduleError> {
        if self.is_published() {
            return Err(ScheduleError::Published);
        }
        if self.dates.is_empty() {
            return Err(ScheduleError::NoDates);
        }
        Ok(ReceptionSchedule { state: ScheduleState::Published { at: now, by }, ..self.clone() })
    }

    /// A published date `old` moved to `new` (in the same month, not yet
    /// passed, not already a date) for `reason`, by `by` at `now`: the
    /// schedule after, and the change as logged (also the last of
    /// [`changes`](Self::changes)).
    pub fn change_date(
        &self,
        old: NaiveDate,
        new: NaiveDate,
        reason: ChangeReason,
        by: UserId,
        now: DateTime<Utc>,
    ) -> Result<(ReceptionSchedule, DateChange), ScheduleError> {
        if !self.is_published() {
            return Err(ScheduleError::NotPublished);
        }
        if !self.dates.contains(&old) {
            return Err(ScheduleError::NotADate { date: old });
        }
        let today = now.with_timezone(&china()).date_naive();
        if old < today {
            return Err(ScheduleError::DatePassed { date: old });
        }
        if !self.month.contains(new) {
            return Err(ScheduleError::DateOutsideMonth { date: new });
        }
        if new < today {
            return Err(ScheduleError::DateInPast { date: new });
        }
        if self.dates.contains(&new) {
            return Err(ScheduleError::DateTaken { date: new });
        }
        let change = DateChange { old, new, reason, by, at: now };
        let mut after = self.clone();
        after.dates.retain(|d| *d != old);
        after.dates.push(new);
        after.dates.sort_unstable();
        after.changes.push(change.clone());
        Ok((after, change))
    }
}

/// A published schedule with its studio's name, as a phone holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedSchedule {
    /// The studio's name.
    pub studio_name: String,
    /// The schedule.
    pub schedule: ReceptionSchedule,
}
