//! Matters' rows and SQL, shared by both backends (migration 0006); the
//! transactions are in `matters_sql.rs`, stamped into each backend's
//! `Database` implementation.
//!
//! A matter is one row of `matters`: its frozen `MatterRecordV1` (`record`)
//! and copies of the fields the inbox finds and sorts by, all rewritten at
//! every change, guarded by `version` (a change is written only over the
//! version it was made from). `matter_opinions` says which matter each opinion
//! card became, once; `audit_events` is append-only (triggers refuse updates
//! and deletes). `matter_sketches` (migration 0008) is the inverted index of
//! the bigram sketches (`liaison_core::matter::similar::sketch` of the first
//! card) of the matters that may be suggested, by organisation and code, in
//! integer keys (`sketch_key`), for finding candidate duplicates by shared
//! codes; `matter_sketch_keys` leads from a key back to the matter.

use super::StoreError;
use chrono::{DateTime, Utc};
use liaison_core::matter::deadline::DeadlinePolicy;
use liaison_core::matter::{AuditEvent, AuditEventRecordV1, Matter, MatterState};
use liaison_core::{Category, MatterId, OpinionCard, OrganisationId, Urgency, UserId};

/// Who is looking: what part of the matters they may see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MatterScope {
    /// The office of organisation `org`: its matters, and those of the
    /// organisations `below` it (to oversee; it acts on its own only).
    Office {
        /// Its organisation.
        org: OrganisationId,
        /// The organisations below it, all levels.
        below: Vec<OrganisationId>,
    },
    /// Members of this unit: matters dispatched to it.
    Unit(OrganisationId),
    /// This representative or liaison officer: the matters they collected.
    Collector(UserId),
}

impl MatterScope {
    /// Whether `matter` is in this scope.
    pub fn includes(&self, matter: &Matter) -> bool {
        match self {
            MatterScope::Office { org, below } => matter.organisation == *org || below.contains(&matter.organisation),
            MatterScope::Unit(unit) => matter.unit == Some(*unit),
            MatterScope::Collector(user) => matter.collector == *user,
        }
    }
}

/// What the inbox asks for (all optional but the page).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatterFilter {
    /// In this state.
    pub state: Option<MatterState>,
    /// Of this category.
    pub category: Option<Category>,
    /// Last dispatched to this unit.
    pub unit: Option<OrganisationId>,
    /// Collected at this place (as written on the first card).
    pub place: Option<liaison_core::PlaceName>,
    /// Collected by this user.
    pub representative: Option<UserId>,
    /// Only those whose running clock is past due at `now`.
    pub overdue: bool,
    /// The time `overdue` is judged at.
    pub now: DateTime<Utc>,
    /// Skip this many.
    pub offset: u32,
    /// At most this many.
    pub limit: u32,
}

/// A matter with what its views need: its cards (the first one only in a
/// list) and the collector's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatterListing {
    /// The matter.
    pub matter: Matter,
    /// Its opinion cards, in the matter's order (only the first in a list). A
    /// card missing from sync (it cannot be: cards are never deleted) is left out.
    pub cards: Vec<OpinionCard>,
    /// The collector's display name.
    pub collector_name: String,
    /// The name of the unit it was last dispatched to, if any (a unit's
    /// members cannot read the list of organisations).
    pub unit_name: Option<String>,
}

/// One page of the inbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatterPage {
    /// The matters, urgent first, then oldest collected first.
    pub items: Vec<MatterListing>,
    /// How many match the filter in all.
    pub total: u64,
}

/// An event in a matter's timeline, with the actor's display name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimelineEntry {
    /// The event.
    pub event: AuditEvent,
    /// Who made it, by name.
    pub actor_name: String,
}

/// An event for the notification list: with who made it and the matter's
/// first card's content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotificationEntry {
    /// The event.
    pub event: AuditEvent,
    /// Who made it, by name.
    pub actor_name: String,
    /// The content of the matter's first card (empty if it is missing).
    pub content: String,
}

/// The newest events on matters of a scope (`WHERE …` follows, then
/// [`RECENT_EVENTS_ORDER`]).
pub(super) const RECENT_EVENTS: &str = "SELECT audit_events.record, users.name, sync_records.body FROM audit_events
     JOIN matters ON matters.id = audit_events.matter_id
     JOIN users ON users.id = audit_events.actor_id
     LEFT JOIN sync_records ON sync_records.collection = 'opinion_card' AND sync_records.id = matters.card_id";
pub(super) const RECENT_EVENTS_ORDER: &str = " ORDER BY audit_events.at DESC, audit_events.seq DESC LIMIT ";

pub(super) const SELECT_SEEN: &str = "SELECT seen_at FROM notification_marks WHERE user_id = $1";
pub(super) const UPSERT_SEEN: &str = "INSERT INTO notification_marks (user_id, seen_at) VALUES ($1, $2)
     ON CONFLICT (user_id) DO UPDATE SET seen_at = excluded.seen_at";

/// A change to store: the matter as it becomes, the version it was made from
/// (refused if the stored one moved since), and its event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatterChange {
    /// The version the change was made from.
    pub from_version: u32,
    /// The matter after it.
    pub matter: Matter,
    /// Its audit event.
    pub event: AuditEvent,
}

/// A candidate duplicate the sketch index found: the matter and the card it
/// was made from (`None` only if that card is missing from sync, which it
/// cannot be: cards are never deleted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimilarCandidate {
    /// The matter.
    pub matter: Matter,
    /// Its first card.
    pub card: Option<OpinionCard>,
}

/// The columns of a matter row, from the matter.
pub(super) struct Columns {
    pub(super) id: String,
    pub(super) organisation: String,
    pub(super) card: String,
    pub(super) collector: String,
    pub(super) state: &'static str,
    pub(super) category: String,
    pub(super) urgency_rank: i64,
    pub(super) unit: Option<String>,
    pub(super) due_on: Option<String>,
    pub(super) clock_due_ms: Option<i64>,
    pub(super) collected_ms: i64,
    pub(super) received_at: DateTime<Utc>,
    pub(super) record: String,
    pub(super) version: i64,
}

pub(super) fn columns(matter: &Matter) -> Result<Columns, StoreError> {
    let record = serde_json::to_string(&matter.to_record())
        .map_err(|e| StoreError::Corrupt(format!("matter {} cannot be written: {e}", matter.id)))?;
    let card =
        matter.opinions.first().ok_or_else(|| StoreError::Corrupt(format!("matter {} has no card", matter.id)))?;
    Ok(Columns {
        id: matter.id.to_string(),
        organisation: matter.organisation.to_string(),
        card: card.to_string(),
        collector: matter.collector.to_string(),
        state: matter.state.code(),
        category: matter.category.code().to_owned(),
        urgency_rank: i64::from(matter.urgency == Urgency::Urgent),
        unit: matter.unit.map(|u| u.to_string()),
        due_on: matter.due_on.map(|d| d.format("%Y-%m-%d").to_string()),
        clock_due_ms: matter.clock().map(|(_, due)| due.timestamp_millis()),
        collected_ms: matter.collected_at.timestamp_millis(),
        received_at: matter.received_at,
        record,
        version: i64::from(matter.version),
    })
}

/// New matters' rows (`VALUES (…), (…)` follow, sixteen columns a row, the
/// last two `updated_at` and `place`), then [`INSERT_MATTERS_SUFFIX`].
pub(super) const INSERT_MATTERS_PREFIX: &str = "INSERT INTO matters (id, organisation_id, card_id, collector_id, state,
     category, urgency_rank, unit_id, due_on, clock_due_ms, collected_ms, received_at, record, version, updated_at, place) ";

/// Nothing for a card that has a matter already; answers the cards whose
/// matter was made.
pub(super) const INSERT_MATTERS_SUFFIX: &str = " ON CONFLICT (card_id) DO NOTHING RETURNING card_id";

/// How many matters one statement writes (16 parameters a row: well within
/// SQLite's 32,766 and PostgreSQL's 65,535).
pub(super) const MATTER_CHUNK: usize = 500;

/// Matters without a place yet (made before migration 0010), with their
/// first card's body, a batch at a time.
pub(super) const SELECT_MATTERS_WITHOUT_PLACE: &str = "SELECT matters.id, sync_records.body FROM matters
     JOIN sync_records ON sync_records.collection = 'opinion_card' AND sync_records.id = matters.card_id
     WHERE matters.place IS NULL LIMIT 500";
pub(super) const SET_PLACE: &str = "UPDATE matters SET place = $1 WHERE id = $2";

/// Which matter each card became (`VALUES (…), (…)` follow: card, matter).
pub(super) const INSERT_MATTER_OPINIONS_PREFIX: &str = "INSERT INTO matter_opinions (card_id, matter_id) ";

/// A matter's new state, only over the version it was made from (`$12`).
pub(super) const UPDATE_MATTER: &str = "UPDATE matters SET organisation_id = $1, state = $2, category = $3,
     urgency_rank = $4, unit_id = $5, due_on = $6, clock_due_ms = $7, record = $8, version = $9, updated_at = $10
     WHERE id = $11 AND version = $12";

pub(super) const INSERT_EVENT: &str = "INSERT INTO audit_events
     (matter_id, seq, actor_id, device_id, role, at, before_state, after_state, record)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

/// A matter's events with their actors' names, in order.
pub(super) const SELECT_TIMELINE: &str = "SELECT audit_events.record, users.name FROM audit_events
     JOIN users ON users.id = audit_events.actor_id WHERE audit_events.matter_id = $1 ORDER BY audit_events.seq";

/// A matter and its collector's name.
pub(super) const SELECT_MATTER: &str = "SELECT matters.record, users.name, units.name FROM matters
     JOIN users ON users.id = matters.collector_id LEFT JOIN organisations units ON units.id = matters.unit_id
     WHERE matters.id = $1";

/// Opinion cards not yet made into matters, whose owner belongs to an
/// organisation: the bodies, owners, organisations and receipt times.
pub(super) const SELECT_CARDS_WITHOUT_MATTER: &str =
    "SELECT sync_records.id, sync_records.body, sync_records.owner_id, users.organisation_id, sync_records.received_at
     FROM sync_records JOIN users ON users.id = sync_records.owner_id
     LEFT JOIN matter_opinions ON matter_opinions.card_id = sync_records.id
     WHERE sync_records.collection = 'opinion_card' AND matter_opinions.card_id IS NULL
       AND users.organisation_id IS NOT NULL
     ORDER BY sync_records.seq";

/// The device that synced an opinion card: the collector's phone, named as
/// the origin of the matter's status records (the server writes them, but a
/// log entry names a device).
pub(super) const SELECT_CARD_DEVICES_PREFIX: &str =
    "SELECT id, origin_device FROM sync_records WHERE collection = 'opinion_card' AND id IN (";

/// Organisations' names by id (the units of replies, for the collectors' phones).
pub(super) const SELECT_ORGANISATION_NAMES_PREFIX: &str = "SELECT id, name FROM organisations WHERE id IN (";

/// Matters whose collector has not been sent a status yet (made before
/// statuses existed).
pub(super) const SELECT_MATTERS_WITHOUT_STATUS: &str = "SELECT record FROM matters WHERE NOT EXISTS
    (SELECT 1 FROM sync_records WHERE sync_records.collection = 'matter_status' AND sync_records.id = matters.id)
    ORDER BY matters.received_at, matters.id";

/// The body of a matter's status record.
pub(super) fn status_json(status: &liaison_core::matter::MatterStatusRecordV1) -> Result<String, StoreError> {
    serde_json::to_string(status).map_err(|e| StoreError::Corrupt(format!("status of {}: {e}", status.id)))
}

/// The matter an opinion card became (a duplicate keeps its own).
pub(super) const SELECT_CARD_MATTER: &str = "SELECT matter_id FROM matter_opinions WHERE card_id = $1";

/// The versions of matters' status records in the sync log, by matter id.
pub(super) const SELECT_STATUS_VERSIONS_PREFIX: &str =
    "SELECT id, version FROM sync_records WHERE collection = 'matter_status' AND id IN (";

/// A user's role and organisation (who a collector's request acts as).
pub(super) const SELECT_USER_ROLE: &str = "SELECT role, organisation_id FROM users WHERE id = $1";

/// A matter's record, read inside a writing transaction.
pub(super) const SELECT_MATTER_RECORD: &str = "SELECT record FROM matters WHERE id = $1";

pub(super) const SELECT_USER_ORGANISATION: &str = "SELECT organisation_id FROM users WHERE id = $1";

/// How a unit stands with an office's matters: those with it now (dispatched
/// or in progress), how many are overdue and how many due soon.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitLoad {
    /// The unit.
    pub unit: OrganisationId,
    /// Its name.
    pub name: String,
    /// Matters with it now.
    pub open: u64,
    /// Of those, past due.
    pub overdue: u64,
    /// Of those, due within the reminder window (not yet overdue).
    pub due_soon: u64,
}

/// The units' loads of an office's organisation (`$1`), at `$2` (now, ms)
/// with `$3` the due-soon bound (ms).
pub(super) const SELECT_UNIT_LOADS: &str = "SELECT matters.unit_id, organisations.name, COUNT(*),
    SUM(CASE WHEN matters.clock_due_ms < $2 THEN 1 ELSE 0 END),
    SUM(CASE WHEN matters.clock_due_ms >= $2 AND matters.clock_due_ms < $3 THEN 1 ELSE 0 END)
    FROM matters JOIN organisations ON organisations.id = matters.unit_id
    WHERE matters.organisation_id = $1 AND matters.state IN ('dispatched', 'in_progress')
    GROUP BY matters.unit_id, organisations.name";

/// The representatives and liaison officers who collected an
/// organisation's matters, with their names (the office's filter).
pub(super) const SELECT_COLLECTORS: &str = "SELECT DISTINCT users.id, users.name FROM matters
     JOIN users ON users.id = matters.collector_id WHERE matters.organisation_id = $1";

/// An organisation's dispatch table, by category.
pub(super) const SELECT_DISPATCH_UNITS: &str =
    "SELECT category, unit_id FROM dispatch_units WHERE organisation_id = $1 ORDER BY category";
pub(super) const DELETE_DISPATCH_UNITS: &str = "DELETE FROM dispatch_units WHERE organisation_id = $1";
pub(super) const INSERT_DISPATCH_UNIT: &str =
    "INSERT INTO dispatch_units (organisation_id, category, unit_id, updated_at) VALUES ($1, $2, $3, $4)";

pub(super) const SELECT_POLICY: &str = "SELECT policy FROM deadline_policy WHERE organisation_id = $1";

pub(super) const UPSERT_POLICY: &str = "INSERT INTO deadline_policy (organisation_id, policy, updated_at)
     VALUES ($1, $2, $3) ON CONFLICT (organisation_id) DO UPDATE SET policy = excluded.policy,
     updated_at = excluded.updated_at";

/// The columns a list reads: the record, the first card's body (if synced),
/// the collector's name.
pub(super) const LIST_COLUMNS: &str = "SELECT matters.record, sync_records.body, users.name, units.name FROM matters
     JOIN users ON users.id = matters.collector_id
     LEFT JOIN organisations units ON units.id = matters.unit_id
     LEFT JOIN sync_records ON sync_records.collection = 'opinion_card' AND sync_records.id = matters.card_id";

pub(super) const LIST_ORDER: &str = " ORDER BY matters.urgency_rank DESC, matters.collected_ms, matters.id";

/// Appends `WHERE …` for `scope` and `filter` to a query over `matters`.
impl MatterFilter {
    /// No condition, judged at `now`, the first page of the default size.
    pub fn everything(now: DateTime<Utc>) -> MatterFilter {
        MatterFilter {
            state: None,
            category: None,
            unit: None,
            place: None,
            representative: None,
            overdue: false,
            now,
            offset: 0,
            limit: 50,
        }
    }
}

/// A filter that keeps everything of a scope (its page is the caller's).
pub(super) fn whole_scope() -> MatterFilter {
    MatterFilter::everything(DateTime::<Utc>::UNIX_EPOCH)
}

pub(super) fn push_where<'a, DB>(query: &mut sqlx::QueryBuilder<'a, DB>, scope: &MatterScope, filter: &MatterFilter)
where
    DB: sqlx::Database,
    String: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    i64: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    match scope {
        // One organisation, as most are: the inbox's index is read in order.
        MatterScope::Office { org, below } if below.is_empty() => {
            query.push(" WHERE matters.organisation_id = ").push_bind(org.to_string())
        }
        MatterScope::Office { org, below } => {
            query.push(" WHERE matters.organisation_id IN (");
            let mut list = query.separated(", ");
            for o in std::iter::once(org).chain(below) {
                list.push_bind(o.to_string());
            }
            query.push(")")
        }
        MatterScope::Unit(unit) => query.push(" WHERE matters.unit_id = ").push_bind(unit.to_string()),
        MatterScope::Collector(user) => query.push(" WHERE matters.collector_id = ").push_bind(user.to_string()),
    };
    if let Some(state) = filter.state {
        query.push(" AND matters.state = ").push_bind(state.code().to_owned());
    }
    if let Some(category) = &filter.category {
        query.push(" AND matters.category = ").push_bind(category.code().to_owned());
    }
    if let Some(unit) = filter.unit {
        query.push(" AND matters.unit_id = ").push_bind(unit.to_string());
    }
    if let Some(place) = &filter.place {
        query.push(" AND matters.place = ").push_bind(place.as_str().to_owned());
    }
    if let Some(user) = filter.representative {
        query.push(" AND matters.collector_id = ").push_bind(user.to_string());
    }
    if filter.overdue {
        query
            .push(" AND matters.clock_due_ms IS NOT NULL AND matters.clock_due_ms < ")
            .push_bind(filter.now.timestamp_millis());
    }
}

/// The key of a UUID in the sketch index: its two halves XORed, read as a
/// signed 64-bit integer (stored: the same on every machine). Two ids meeting
/// on one key only add a candidate the core refuses.
pub(super) fn sketch_key(uuid: uuid::Uuid) -> i64 {
    let (high, low) = uuid.as_u64_pair();
    i64::from_be_bytes((high ^ low).to_be_bytes())
}

/// Leads from a matter's key (`$2`) back to it (`$1`) and says which
/// organisation key its sketch rows are under (`$3`, NULL for none).
pub(super) const UPSERT_SKETCH_KEY: &str = "INSERT INTO matter_sketch_keys (matter_id, matter_key, organisation_key)
     VALUES ($1, $2, $3) ON CONFLICT (matter_id) DO UPDATE SET organisation_key = excluded.organisation_key";

/// Where a matter's sketch rows are: `Some(None)` for nowhere, `None` for a
/// matter never sketched.
pub(super) const SELECT_SKETCH_PLACE: &str = "SELECT organisation_key FROM matter_sketch_keys WHERE matter_id = $1";

/// A sketch to write for a matter that has none.
pub(super) struct NewSketch {
    pub(super) id: MatterId,
    pub(super) key: i64,
    /// The organisation key its rows go under; `None` for no rows (merged,
    /// closed, or no bigram).
    pub(super) under: Option<i64>,
    pub(super) codes: Vec<u32>,
}

impl NewSketch {
    /// The sketch of matter `id`, of `organisation`, in `state`, made from `card`.
    pub(super) fn of(id: MatterId, organisation: OrganisationId, state: MatterState, card: &OpinionCard) -> Self {
        let codes = liaison_core::matter::similar::sketch(card.content.as_str());
        let under = (liaison_core::matter::similar::suggestable(state) && !codes.is_empty())
            .then(|| sketch_key(organisation.as_uuid()));
        NewSketch { id, key: sketch_key(id.as_uuid()), under, codes }
    }
}

/// Rows a statement writes at most (three parameters each).
pub(super) const SKETCH_CHUNK: usize = 1000;

pub(super) const INSERT_SKETCH_KEYS_PREFIX: &str =
    "INSERT INTO matter_sketch_keys (matter_id, matter_key, organisation_key) ";

pub(super) const SKETCH_KEYS_SUFFIX: &str =
    " ON CONFLICT (matter_id) DO UPDATE SET organisation_key = excluded.organisation_key";

pub(super) const INSERT_SKETCH_ROWS_PREFIX: &str = "INSERT INTO matter_sketches (organisation_key, code, matter_key) ";

/// Appends the rows of a sketch: `codes` of the matter keyed `matter` under
/// the organisation keyed `organisation` (nothing for rows already there).
pub(super) fn push_insert_sketch<'a, DB>(
    query: &mut sqlx::QueryBuilder<'a, DB>,
    organisation: i64,
    matter: i64,
    codes: &[u32],
) where
    DB: sqlx::Database,
    i64: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    query.push("INSERT INTO matter_sketches (organisation_key, code, matter_key) ");
    query.push_values(codes, |mut row, code| {
        row.push_bind(organisation).push_bind(i64::from(*code)).push_bind(matter);
    });
    query.push(" ON CONFLICT DO NOTHING");
}

/// Appends the removal of a sketch's rows (as [`push_insert_sketch`] wrote them).
pub(super) fn push_delete_sketch<'a, DB>(
    query: &mut sqlx::QueryBuilder<'a, DB>,
    organisation: i64,
    matter: i64,
    codes: &[u32],
) where
    DB: sqlx::Database,
    i64: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    query
        .push("DELETE FROM matter_sketches WHERE organisation_key = ")
        .push_bind(organisation)
        .push(" AND matter_key = ")
        .push_bind(matter)
        .push(" AND code IN (");
    let mut values = query.separated(", ");
    for code in codes {
        values.push_bind(i64::from(*code));
    }
    query.push(")");
}

/// An opinion card's body.
pub(super) const SELECT_CARD_BODY: &str = "SELECT body FROM sync_records WHERE collection = 'opinion_card' AND id = $1";

/// Appends the search for candidates: the keys of matters under the
/// organisation keyed `organisation` by how many of `codes` their sketches
/// share (most first, then by key), at most `limit`.
pub(super) fn push_candidates<'a, DB>(
    query: &mut sqlx::QueryBuilder<'a, DB>,
    organisation: i64,
    codes: &[u32],
    limit: u32,
) where
    DB: sqlx::Database,
    i64: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    query
        .push("SELECT matter_key, COUNT(*) AS shared FROM matter_sketches WHERE organisation_key = ")
        .push_bind(organisation)
        .push(" AND code IN (");
    let mut values = query.separated(", ");
    for code in codes {
        values.push_bind(i64::from(*code));
    }
    query.push(") GROUP BY matter_key ORDER BY shared DESC, matter_key LIMIT ").push_bind(i64::from(limit));
}

/// The keys, records and first cards of matters, by key (`IN (…)` appended).
pub(super) const SELECT_CANDIDATES: &str = "SELECT matter_sketch_keys.matter_key, matters.record, sync_records.body
     FROM matter_sketch_keys JOIN matters ON matters.id = matter_sketch_keys.matter_id
     LEFT JOIN sync_records ON sync_records.collection = 'opinion_card' AND sync_records.id = matters.card_id
     WHERE matter_sketch_keys.matter_key IN (";

/// Matters never sketched after `$1` by id, with their organisation, state
/// and first card; at most `$2` (the start-up backfill of sketches).
pub(super) const SELECT_MATTERS_TO_SKETCH: &str = "SELECT id, organisation_id, state, card_id FROM matters
     WHERE id > $1 AND NOT EXISTS (SELECT 1 FROM matter_sketch_keys WHERE matter_sketch_keys.matter_id = matters.id)
     ORDER BY id LIMIT $2";

/// Whether the backfill of sketches is done (1) or not (0).
pub(super) const SELECT_SKETCHES_BACKFILLED: &str = "SELECT COUNT(*) FROM matter_sketches_backfilled";

/// Notes that it is.
pub(super) const SET_SKETCHES_BACKFILLED: &str =
    "INSERT INTO matter_sketches_backfilled (singleton) VALUES (1) ON CONFLICT DO NOTHING";

/// How many matters a start-up backfill of sketches reads at a time.
pub(super) const SKETCH_BATCH: i64 = 1000;

fn corrupt(what: &str, id: &str, error: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what} {id}: {error}"))
}

/// Reads a stored matter record.
pub(super) fn parse_matter(record: &str) -> Result<Matter, StoreError> {
    let value: serde_json::Value = serde_json::from_str(record).map_err(|e| corrupt("matter record", record, e))?;
    Matter::from_json(value).map_err(|e| corrupt("matter record", record, format!("{e:?}")))
}

/// Reads a stored opinion card body.
pub(super) fn parse_card(body: &str) -> Result<OpinionCard, StoreError> {
    let value: serde_json::Value = serde_json::from_str(body).map_err(|e| corrupt("opinion card", body, e))?;
    OpinionCard::from_json(value).map_err(|e| corrupt("opinion card", body, format!("{e:?}")))
}

/// Reads a stored audit event.
pub(super) fn parse_event(record: &str) -> Result<AuditEvent, StoreError> {
    let parsed: AuditEventRecordV1 = serde_json::from_str(record).map_err(|e| corrupt("audit event", record, e))?;
    AuditEvent::try_from(parsed).map_err(|e| corrupt("audit event", record, format!("{e:?}")))
}

/// A file an event attached (migration 0011).
pub(super) const INSERT_ATTACHMENT: &str = "INSERT INTO matter_attachments
     (matter_id, seq, sha256, name, content_type, bytes) VALUES ($1, $2, $3, $4, $5, $6)";

/// The latest attachment of a matter with a hash.
pub(super) const SELECT_ATTACHMENT: &str = "SELECT name, content_type, bytes FROM matter_attachments
     WHERE matter_id = $1 AND sha256 = $2 ORDER BY seq DESC LIMIT 1";

/// An attachment row read back, re-parsed by the core's rules.
pub(super) fn parse_attachment(
    sha256: &liaison_core::matter::Sha256Hex,
    (name, content_type, bytes): (String, String, i64),
) -> Result<liaison_core::matter::Attachment, StoreError> {
    use liaison_core::matter::{Attachment, AttachmentName, AttachmentSize, AttachmentType};
    let bad = |what: &str| StoreError::Corrupt(format!("matter attachment {}: {what}", sha256.as_str()));
    Ok(Attachment {
        name: AttachmentName::parse(&name).map_err(|_| bad("name"))?,
        sha256: sha256.clone(),
        bytes: u64::try_from(bytes).ok().and_then(|b| AttachmentSize::new(b).ok()).ok_or_else(|| bad("size"))?,
        content_type: AttachmentType::parse(&content_type).map_err(|_| bad("type"))?,
    })
}

pub(super) fn event_text(event: &AuditEvent) -> Result<String, StoreError> {
    serde_json::to_string(&event.to_record())
        .map_err(|e| StoreError::Corrupt(format!("audit event cannot be written: {e}")))
}

pub(super) fn parse_policy(text: &str) -> Result<DeadlinePolicy, StoreError> {
    serde_json::from_str(text).map_err(|e| corrupt("deadline policy", text, e))
}

pub(super) fn policy_text(policy: &DeadlinePolicy) -> Result<String, StoreError> {
    serde_json::to_string(policy).map_err(|e| StoreError::Corrupt(format!("deadline policy cannot be written: {e}")))
}

/// A new matter for a card `collector` (of `organisation`) synced, received at
/// `received_at`.
pub(super) fn new_matter(
    card: &OpinionCard,
    organisation: OrganisationId,
    collector: UserId,
    received_at: DateTime<Utc>,
) -> Matter {
    let id = MatterId::from_uuid(uuid::Uuid::new_v4());
    let facts = liaison_core::matter::OpinionFacts::of(card, organisation, collector);
    Matter::from_opinion(id, facts, received_at)
}

/// The rejection a collector's request gets when the core refuses it: the
/// matter moved on (another phone of theirs answered first, or the office
/// reopened it) or the request itself is wrong.
pub(super) fn request_refusal(error: liaison_core::matter::TransitionError) -> liaison_sync::Rejection {
    use liaison_core::matter::TransitionError as E;
    let msg = match error {
        E::NotPermitted { .. } | E::WrongState { .. } => liaison_i18n::Msg::MatterRequestStale,
        other => other.msg(),
    };
    liaison_sync::Rejection::new(msg).with_detail(error.to_string())
}

#[cfg(test)]
mod tests {
    use super::sketch_key;
    use uuid::Uuid;

    #[test]
    fn sketch_keys_are_the_halves_xored() {
        assert_eq!(sketch_key(Uuid::from_u128((1 << 64) | 2)), 3);
        assert_eq!(sketch_key(Uuid::from_u128(u128::from(u64::MAX))), -1);
        let id = Uuid::parse_str("01936f4e-8c2a-7b3d-9f10-00000000d001").unwrap();
        assert_eq!(sketch_key(id), 0x0193_6f4e_8c2a_7b3d_u64 as i64 ^ 0x9f10_0000_0000_d001_u64 as i64);
    }
}
