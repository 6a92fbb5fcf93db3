//! The frozen forms: [`ReceptionScheduleRecordV1`] (one studio's month, as
//! the server stores it and the desk reads it) and [`PhoneSchedulesRecordV1`]
//! (what a representative's phone is sent: the published schedules of its
//! studios, each with the studio's name). `tests/golden.rs` holds them to
//! `tests/golden/reception_schedule_v1.json` and `phone_schedules_v1.json`.

use super::{ChangeReason, DateChange, Month, NamedSchedule, ReceptionSchedule, ScheduleError, ScheduleState, Theme};
use crate::time::{from_wire, parse_date, to_wire};
use crate::{StudioId, UserId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A reception schedule, version 1.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceptionScheduleRecordV1 {
    /// Format version: 1.
    pub v: u32,
    /// The studio's id.
    pub studio: String,
    /// `2026-12`.
    pub month: String,
    /// `2026-12-10`, in order.
    pub dates: Vec<String>,
    /// The month's theme (接访专题), if any.
    pub theme: Option<String>,
    /// `draft` or `published`.
    pub state: String,
    /// When it was published (RFC 3339), when it was.
    pub published_at: Option<String>,
    /// Who published it (a user id), when it was.
    pub published_by: Option<String>,
    /// The moves of published dates, oldest first.
    pub changes: Vec<DateChangeRecord>,
}

impl ReceptionScheduleRecordV1 {
    /// This format's version.
    pub const VERSION: u32 = 1;
}

/// One move of a published date, in [`ReceptionScheduleRecordV1`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateChangeRecord {
    /// `2026-12-10`.
    pub old: String,
    /// `2026-12-11`.
    pub new: String,
    /// Why.
    pub reason: String,
    /// Who (a user id).
    pub by: String,
    /// When (RFC 3339).
    pub at: String,
}

/// What a representative's phone is sent, version 1: the published
/// schedules of its studios.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhoneSchedulesRecordV1 {
    /// Format version: 1.
    pub v: u32,
    /// The schedules, each with its studio's name.
    pub schedules: Vec<NamedScheduleRecord>,
}

impl PhoneSchedulesRecordV1 {
    /// This format's version.
    pub const VERSION: u32 = 1;

    /// The frozen form of `schedules`.
    pub fn of(schedules: &[NamedSchedule]) -> PhoneSchedulesRecordV1 {
        PhoneSchedulesRecordV1 {
            v: Self::VERSION,
            schedules: schedules
                .iter()
                .map(|s| NamedScheduleRecord {
                    studio_name: s.studio_name.clone(),
                    schedule: ReceptionScheduleRecordV1::from(&s.schedule),
                })
                .collect(),
        }
    }

    /// Reads every schedule; one that does not read refuses the whole.
    pub fn read(self) -> Result<Vec<NamedSchedule>, ScheduleError> {
        if self.v != Self::VERSION {
            return Err(ScheduleError::Record("version"));
        }
        self.schedules
            .into_iter()
            .map(|s| {
                let name = s.studio_name.trim();
                if name.is_empty() {
                    return Err(ScheduleError::Record("studio_name"));
                }
                Ok(NamedSchedule { studio_name: name.to_owned(), schedule: ReceptionSchedule::try_from(s.schedule)? })
            })
            .collect()
    }
}

/// A schedule with its studio's name, in [`PhoneSchedulesRecordV1`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedScheduleRecord {
    /// The studio's name.
    pub studio_name: String,
    /// The schedule.
    pub schedule: ReceptionScheduleRecordV1,
}

impl From<&ReceptionSchedule> for ReceptionScheduleRecordV1 {
    fn from(s: &ReceptionSchedule) -> Self {
        let (published_at, published_by) = match &s.state {
            ScheduleState::Draft => (None, None),
            ScheduleState::Published { at, by } => (Some(to_wire(*at)), Some(by.to_string())),
        };
        ReceptionScheduleRecordV1 {
            v: Self::VERSION,
            studio: s.studio.to_string(),
            month: s.month.to_string(),
            dates: s.dates.iter().map(NaiveDate::to_string).collect(),
            theme: s.theme.as_ref().map(|t| t.as_str().to_owned()),
            state: s.state.code().to_owned(),
            published_at,
            published_by,
            changes: s
                .changes
                .iter()
                .map(|c| DateChangeRecord {
                    old: c.old.to_string(),
                    new: c.new.to_string(),
                    reason: c.reason.as_str().to_owned(),
                    by: c.by.to_string(),
                    at: to_wire(c.at),
                })
                .collect(),
        }
    }
}

fn date(s: &str) -> Result<NaiveDate, ScheduleError> {
    parse_date(s).ok_or(ScheduleError::DateInvalid)
}

fn user(s: &str) -> Result<UserId, ScheduleError> {
    s.parse().map_err(|_| ScheduleError::Record("user"))
}

/// Checked like a new schedule: the month, every date in it, the theme, the
/// state with its publication, each change; a draft has no changes.
impl TryFrom<ReceptionScheduleRecordV1> for ReceptionSchedule {
    type Error = ScheduleError;

    fn try_from(r: ReceptionScheduleRecordV1) -> Result<Self, Self::Error> {
        if r.v != ReceptionScheduleRecordV1::VERSION {
            return Err(ScheduleError::Record("version"));
        }
        let studio: StudioId = r.studio.parse().map_err(|_| ScheduleError::Record("studio"))?;
        let month = Month::parse(&r.month)?;
        let dates = r.dates.iter().map(|d| date(d)).collect::<Result<Vec<_>, _>>()?;
        let dates = super::dates_in(month, dates)?;
        let theme = r.theme.as_deref().map(Theme::parse).transpose()?.flatten();
        let state = match (r.state.as_str(), r.published_at, r.published_by) {
            ("draft", None, None) => ScheduleState::Draft,
            ("published", Some(at), Some(by)) => ScheduleState::Published {
                at: from_wire(&at).map_err(|_| ScheduleError::Record("published_at"))?,
                by: user(&by)?,
            },
            _ => return Err(ScheduleError::Record("state")),
        };
        let changes = r
            .changes
            .iter()
            .map(|c| {
                Ok(DateChange {
                    old: date(&c.old)?,
                    new: date(&c.new)?,
                    reason: ChangeReason::parse(&c.reason)?,
                    by: user(&c.by)?,
                    at: from_wire(&c.at).map_err(|_| ScheduleError::Record("at"))?,
                })
            })
            .collect::<Result<Vec<_>, ScheduleError>>()?;
        if state == ScheduleState::Draft && !changes.is_empty() {
            return Err(ScheduleError::Record("changes"));
        }
        Ok(ReceptionSchedule { studio, month, dates, theme, state, changes })
    }
}
