//! Why a reception schedule, or a change to it, was refused: one variant per
//! reason, each a catalogue message.

use chrono::NaiveDate;
use liaison_i18n::{Locale, Msg};

/// A refused schedule, edit, publication or change of date.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    /// A month that is not `2026-12` (or before 2000, after 2100).
    #[error("month not yyyy-mm")]
    MonthInvalid,
    /// A date that is not `2026-12-10`.
    #[error("date not yyyy-mm-dd")]
    DateInvalid,
    /// A reception date outside the schedule's month.
    #[error("{date} is outside the month")]
    DateOutsideMonth {
        /// The date.
        date: NaiveDate,
    },
    /// Publishing a schedule with no reception date.
    #[error("no reception date")]
    NoDates,
    /// A theme longer than [`super::Theme::MAX`] characters.
    #[error("theme too long")]
    ThemeTooLong,
    /// A change of a published date without a reason.
    #[error("reason required")]
    ReasonRequired,
    /// A reason longer than [`super::ChangeReason::MAX`] characters.
    #[error("reason too long")]
    ReasonTooLong,
    /// Editing the dates or theme of a published schedule (its dates change
    /// one at a time, with a reason).
    #[error("already published")]
    Published,
    /// Changing a date of a schedule not yet published (edit it instead).
    #[error("not published")]
    NotPublished,
    /// The date to change is not one of the schedule's.
    #[error("{date} is not a reception date")]
    NotADate {
        /// The date.
        date: NaiveDate,
    },
    /// The new date is already a reception date (or the same one).
    #[error("{date} is already a reception date")]
    DateTaken {
        /// The date.
        date: NaiveDate,
    },
    /// The reception to move has already taken place.
    #[error("{date} has passed")]
    DatePassed {
        /// The date.
        date: NaiveDate,
    },
    /// A new date before today.
    #[error("{date} is in the past")]
    DateInPast {
        /// The date.
        date: NaiveDate,
    },
    /// A stored or sent record that does not read (version, state, a field).
    #[error("record: {0}")]
    Record(&'static str),
}

impl ScheduleError {
    /// The catalogue message.
    pub fn msg(&self) -> Msg {
        match self {
            ScheduleError::MonthInvalid => Msg::SchedMonthInvalid,
            ScheduleError::DateInvalid => Msg::SchedDateInvalid,
            ScheduleError::DateOutsideMonth { .. } => Msg::SchedDateOutsideMonth,
            ScheduleError::NoDates => Msg::SchedNoDates,
            ScheduleError::ThemeTooLong => Msg::SchedThemeTooLong,
            ScheduleError::ReasonRequired => Msg::SchedReasonRequired,
            ScheduleError::ReasonTooLong => Msg::SchedReasonTooLong,
            ScheduleError::Published => Msg::SchedPublished,
            ScheduleError::NotPublished => Msg::SchedNotPublished,
            ScheduleError::NotADate { .. } => Msg::SchedNotADate,
            ScheduleError::DateTaken { .. } => Msg::SchedDateTaken,
            ScheduleError::DatePassed { .. } => Msg::SchedDatePassed,
            ScheduleError::DateInPast { .. } => Msg::SchedDateInPast,
            ScheduleError::Record(_) => Msg::SchedRecordInvalid,
        }
    }

    /// The message in `locale`, its date filled in.
    pub fn message(&self, locale: Locale) -> String {
        let date = match self {
            ScheduleError::DateOutsideMonth { date }
            | ScheduleError::NotADate { date }
            | ScheduleError::DateTaken { date }
            | ScheduleError::DatePassed { date }
            | ScheduleError::DateInPast { date } => date.to_string(),
            _ => String::new(),
        };
        self.msg().fill(locale, &[("date", &date)])
    }
}
