//! Sync's rows and SQL, shared by both backends; the transaction that runs
//! liaison-sync's decisions is `sync` in `sql.rs`.
//!
//! Tables (migration 0005): `sync_records` is the records and the change log
//! at once — one entry per record, its latest state, numbered by `seq`;
//! `sync_outcomes` holds the answer given to each (device, mutation number);
//! `sync_counter` is the log's head, one row, whose update inside the writing
//! transaction serialises writers so numbers become visible in commit order.

use super::StoreError;
use chrono::{DateTime, Utc};
use liaison_core::UserId;
use liaison_sync::server::{LogEntry, StoredRecord};
use liaison_sync::{Body, Collection, DeviceId, MutationResult, MutationSeq, Outcome, RecordKey};
use serde_json::Value;
use uuid::Uuid;

/// The epoch and the log's head, in one read.
pub(super) const EPOCH_AND_HEAD: &str =
    "SELECT instance.instance_id, sync_counter.seq FROM instance, sync_counter WHERE instance.singleton = 1";

/// Takes the counter's row lock for the rest of the transaction (PostgreSQL:
/// the row lock; SQLite: the database's write lock) and reads the head.
/// Writers queue here, so the numbers they give commit in order.
pub(super) const LOCK_COUNTER: &str = "UPDATE sync_counter SET seq = seq WHERE singleton = 1 RETURNING seq";

/// The new head, written before the transaction commits.
pub(super) const SET_COUNTER: &str = "UPDATE sync_counter SET seq = $1 WHERE singleton = 1";

/// Answers already given to a device's mutations numbered `$2` to `$3`.
pub(super) const KNOWN_OUTCOMES: &str =
    "SELECT seq, outcome, received_at FROM sync_outcomes WHERE device_id = $1 AND seq BETWEEN $2 AND $3";

const RECORD_COLUMNS: &str =
    "collection, id, owner_id, version, body, deleted, seq, receipt, origin_device, received_at";

/// How many records one statement reads, and how many rows one statement
/// writes (10 parameters a record row: well within SQLite's 32,766 and
/// PostgreSQL's 65,535).
pub(super) const READ_CHUNK: usize = 500;
pub(super) const WRITE_CHUNK: usize = 500;

/// The start of a read of one collection's records by id: the collection
/// follows, then `AND id IN (`, the ids and `)`. The collection comes first
/// because it is the primary key's first column: without it the read is a
/// scan of the whole table (12 ms a push at 10,000 records, and growing
/// with every card the server holds).
pub(super) fn select_records_prefix() -> String {
    format!("SELECT {RECORD_COLUMNS} FROM sync_records WHERE collection = ")
}

/// A user's log entries after `$2`, in number order, at most `$3`, for the
/// device `$4`: the body of a record that device wrote itself and pulls as a
/// receipt is not read (it is not sent back), and comes as `''`.
pub(super) fn select_page() -> String {
    "SELECT collection, id, owner_id, version,
            CASE WHEN receipt AND origin_device = $4 THEN '' ELSE body END AS body,
            deleted, seq, receipt, origin_device, received_at
     FROM sync_records WHERE owner_id = $1 AND seq > $2 ORDER BY seq LIMIT $3"
        .to_owned()
}

/// Writes records' new states and moves their log entries (rows follow as
/// `VALUES (…), (…)`, then [`UPSERT_RECORDS_SUFFIX`]). The owner is set once,
/// when the record is created.
pub(super) const INSERT_RECORDS_PREFIX: &str = "INSERT INTO sync_records (collection, id, owner_id, version, body, deleted, seq, receipt, origin_device, received_at) ";

pub(super) const UPSERT_RECORDS_SUFFIX: &str = " ON CONFLICT (collection, id) DO UPDATE SET
         version = excluded.version, body = excluded.body, deleted = excluded.deleted, seq = excluded.seq,
         receipt = excluded.receipt, origin_device = excluded.origin_device, received_at = excluded.received_at";

/// Answers given, stored for re-sends (rows follow as `VALUES (…), (…)`).
pub(super) const INSERT_OUTCOMES_PREFIX: &str = "INSERT INTO sync_outcomes (device_id, seq, outcome, received_at) ";

pub(super) const COUNT_RECORDS: &str = "SELECT COUNT(*) FROM sync_records";
pub(super) const COUNT_OUTCOMES: &str = "SELECT COUNT(*) FROM sync_outcomes";

/// How much sync holds (for administrators and the tests).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SyncStats {
    /// Records, tombstones included.
    pub records: u64,
    /// Answers kept for re-sent mutations.
    pub outcomes: u64,
    /// The change log's last number.
    pub head: u64,
}

/// One row of `sync_records`.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct RecordRow {
    collection: String,
    id: String,
    owner_id: String,
    version: i64,
    body: String,
    deleted: bool,
    seq: i64,
    receipt: bool,
    origin_device: String,
    received_at: DateTime<Utc>,
}

/// A record as read back, with its owner.
#[derive(Debug)]
pub(super) struct Owned {
    pub(super) owner: UserId,
    pub(super) entry: LogEntry,
}

fn corrupt(what: &str, value: &str, error: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("sync {what} {value:?}: {error}"))
}

fn number(what: &str, n: i64) -> Result<u64, StoreError> {
    u64::try_from(n).map_err(|e| corrupt(what, &n.to_string(), e))
}

/// Numbers are 64-bit signed in both schemas.
pub(super) fn db_number(n: u64) -> Result<i64, StoreError> {
    i64::try_from(n).map_err(|e| corrupt("number", &n.to_string(), e))
}

impl RecordRow {
    pub(super) fn parse(self) -> Result<Owned, StoreError> {
        let collection: Collection = serde_json::from_value(Value::String(self.collection.clone()))
            .map_err(|e| corrupt("collection", &self.collection, e))?;
        let id = Uuid::try_parse(&self.id).map_err(|e| corrupt("record id", &self.id, e))?;
        // `''`: not read (see `select_page`); every stored body is a JSON object.
        let body: Body = match self.body.as_str() {
            "" => Body::new(),
            text => serde_json::from_str(text).map_err(|e| corrupt("body of", &self.id, e))?,
        };
        let author = self.origin_device.parse::<DeviceId>().map_err(|e| corrupt("device", &self.origin_device, e))?;
        Ok(Owned {
            owner: self.owner_id.parse().map_err(|e| corrupt("owner", &self.owner_id, e))?,
            entry: LogEntry {
                seq: number("seq", self.seq)?,
                key: RecordKey { collection, id },
                record: StoredRecord { version: number("version", self.version)?, body, deleted: self.deleted },
                author,
                receipt: self.receipt,
                received_at: self.received_at,
            },
        })
    }
}

/// One row of `sync_outcomes`.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct OutcomeRow {
    seq: i64,
    outcome: String,
    received_at: DateTime<Utc>,
}

impl OutcomeRow {
    pub(super) fn parse(self) -> Result<MutationResult, StoreError> {
        let outcome: Outcome = serde_json::from_str(&self.outcome).map_err(|e| corrupt("outcome", &self.outcome, e))?;
        Ok(MutationResult {
            seq: MutationSeq(number("mutation seq", self.seq)?),
            outcome,
            received_at: self.received_at,
        })
    }
}

/// The instance id is the epoch.
pub(super) fn epoch(instance_id: &str) -> Result<Uuid, StoreError> {
    Uuid::try_parse(instance_id).map_err(|e| corrupt("instance id", instance_id, e))
}

pub(super) fn body_text(body: &Body) -> Result<String, StoreError> {
    serde_json::to_string(body).map_err(|e| StoreError::Corrupt(format!("sync body cannot be written: {e}")))
}

/// A mutation of a record another user owns: refused, nothing written.
pub(super) fn forbidden() -> liaison_sync::server::Decision {
    liaison_sync::server::Decision {
        outcome: Outcome::Rejected { reason: liaison_sync::Rejection::new(liaison_i18n::Msg::SyncForbidden) },
        write: None,
        receipt: false,
    }
}

pub(super) fn outcome_text(outcome: &Outcome) -> Result<String, StoreError> {
    serde_json::to_string(outcome).map_err(|e| StoreError::Corrupt(format!("sync outcome cannot be written: {e}")))
}

/// The size a stored photo record names (its body is a `PhotoRecord`, checked
/// by sync when it was written).
pub(super) fn photo_size(body: &str) -> Result<u64, StoreError> {
    serde_json::from_str::<liaison_core::photo::PhotoRecord>(body)
        .map(|record| u64::from(record.bytes))
        .map_err(|e| corrupt("photo record", body, e))
}
