//! Reception schedules in the database (migration 0014), for both backends:
//! the portable SQL, and rows re-parsed into core types. A schedule is one
//! row per studio and month holding its `ReceptionScheduleRecordV1`; each
//! change of a published date is also appended to the append-only
//! `reception_schedule_changes` in the transaction that writes it.

use super::StoreError;
use liaison_core::org::Studio;
use liaison_core::schedule::{ReceptionSchedule, ReceptionScheduleRecordV1};
use liaison_core::{OrganisationId, PlaceName, StudioId, UserId};

/// A studio with the organisation it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StudioEntry {
    /// Whose studio it is.
    pub organisation: OrganisationId,
    /// The studio.
    pub studio: Studio,
}

/// A stored schedule: the schedule, its organisation and how many times it
/// was written (a write names the version it was made from).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredSchedule {
    /// The schedule.
    pub schedule: ReceptionSchedule,
    /// The studio's organisation when it was written.
    pub organisation: OrganisationId,
    /// Writes so far (1 after the first).
    pub version: i64,
}

/// One line of the append-only change log, with who made it by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduleLogEntry {
    /// Its number in the schedule's log, from 1.
    pub seq: i64,
    /// `2026-12-10`.
    pub old_date: String,
    /// `2026-12-11`.
    pub new_date: String,
    /// Why.
    pub reason: String,
    /// Who.
    pub by: UserId,
    /// Their display name.
    pub by_name: String,
    /// When.
    pub at: chrono::DateTime<chrono::Utc>,
}

pub(super) const SELECT_STUDIOS: &str =
    "SELECT id, organisation_id, name, address, reception_days FROM studios ORDER BY organisation_id, position";

pub(super) const SELECT_SCHEDULE: &str =
    "SELECT organisation_id, record, version FROM reception_schedules WHERE studio_id = $1 AND month = $2";

pub(super) const INSERT_SCHEDULE: &str = "INSERT INTO reception_schedules
     (studio_id, month, organisation_id, state, record, version, updated_at, updated_by)
     VALUES ($1, $2, $3, $4, $5, 1, $6, $7) ON CONFLICT (studio_id, month) DO NOTHING";

pub(super) const UPDATE_SCHEDULE: &str = "UPDATE reception_schedules
     SET organisation_id = $3, state = $4, record = $5, version = version + 1, updated_at = $6, updated_by = $7
     WHERE studio_id = $1 AND month = $2 AND version = $8";

pub(super) const INSERT_CHANGE: &str = "INSERT INTO reception_schedule_changes
     (studio_id, month, seq, old_date, new_date, reason, changed_by, changed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

pub(super) const SELECT_CHANGES: &str =
    "SELECT c.seq, c.old_date, c.new_date, c.reason, c.changed_by, u.name, c.changed_at
     FROM reception_schedule_changes c JOIN users u ON u.id = c.changed_by
     WHERE c.studio_id = $1 AND c.month = $2 ORDER BY c.seq";

/// The published schedules of the organisation `$1` for the months `$2` and `$3`.
pub(super) const SELECT_PUBLISHED: &str = "SELECT record FROM reception_schedules
     WHERE organisation_id = $1 AND state = 'published' AND month IN ($2, $3) ORDER BY month, studio_id";

/// A studio row back as the core's [`Studio`].
pub(super) fn studio_entry(
    (id, organisation, name, address, days): (String, String, String, String, String),
) -> Result<StudioEntry, StoreError> {
    let corrupt = |what: &str| StoreError::Corrupt(format!("studio {id}: {what}"));
    let mut reception_days = Vec::new();
    for d in days.split(',').filter(|d| !d.is_empty()) {
        reception_days.push(d.parse::<u8>().map_err(|_| corrupt("reception days"))?);
    }
    Ok(StudioEntry {
        organisation: organisation.parse().map_err(|_| corrupt("organisation"))?,
        studio: Studio {
            id: id.parse().map_err(|_| corrupt("id"))?,
            name: PlaceName::parse(&name).map_err(|_| corrupt("name"))?,
            address: PlaceName::parse(&address).map_err(|_| corrupt("address"))?,
            reception_days,
        },
    })
}

/// A stored record back as a schedule.
pub(super) fn schedule_of(studio: StudioId, record: &str) -> Result<ReceptionSchedule, StoreError> {
    let corrupt = |e: String| StoreError::Corrupt(format!("reception schedule of {studio}: {e}"));
    let record: ReceptionScheduleRecordV1 = serde_json::from_str(record).map_err(|e| corrupt(e.to_string()))?;
    ReceptionSchedule::try_from(record).map_err(|e| corrupt(e.to_string()))
}

/// A schedule as stored.
pub(super) fn record_text(schedule: &ReceptionSchedule) -> Result<String, StoreError> {
    serde_json::to_string(&ReceptionScheduleRecordV1::from(schedule)).map_err(|e| StoreError::Corrupt(e.to_string()))
}
