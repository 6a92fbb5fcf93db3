//! Duties on the server (issue 6): the facts the office's dashboard evaluates,
//! kept beside the synced records (migration 0012 `duty_facts`): one small
//! row per reception card, opinion card, contact and document a user synced, holding
//! only what the core's duty evaluation reads. They are written in the sync
//! transaction with their record ([`fact_of`]; a tombstone removes its row)
//! and, for records synced before the migration, once at start-up.
//!
//! Each owner's facts are also kept as lines of text (migration 0016, in
//! parts since 0018 `duty_fact_line_parts`): a transaction appends its new
//! facts as a part and writes an owner's lines again as one part when one of
//! their facts changed or was removed, or the parts became many; so the
//! dashboard reads a few rows a representative without grouping. Reading
//! them back ([`add_lines`]) gives the core's [`DutyRecords`] per owner;
//! what cannot count at `now` (the core's
//! [`records_since`](liaison_core::duty::records_since)) is left out.

use super::StoreError;
use chrono::{DateTime, Utc};
use liaison_core::document::{Document, DocumentKind};
use liaison_core::duty::{ContactFact, DutyRecords, OpinionFact, ReceptionFact};
use liaison_core::{
    ActivityKind, Contact, ContactKind, ContactRecord, OpinionCard, ReceptionCardRecord, UserId, contact::parse_tags,
};
use liaison_sync::{Body, Collection};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

/// The columns of `duty_facts`, in the order [`FactRow`] and the insert use.
const COLUMNS: &str = "collection, id, owner_id, at, reported_at, kind, point, items, studio";

/// Rows follow as `VALUES (…), (…)`, then [`UPSERT_FACTS_SUFFIX`]. An
/// opinion keeps the time it was first received (reported).
pub(super) fn insert_facts_prefix() -> String {
    format!("INSERT INTO duty_facts ({COLUMNS}) ")
}

pub(super) const UPSERT_FACTS_SUFFIX: &str = " ON CONFLICT (collection, id) DO UPDATE SET
         at = excluded.at, kind = excluded.kind, point = excluded.point, items = excluded.items,
         studio = excluded.studio";

/// The start of a removal by id (`… IN (` then the ids and `)`), for tombstones.
pub(super) const DELETE_FACTS_PREFIX: &str = "DELETE FROM duty_facts WHERE id IN (";
/// What ends a removal: the owners whose facts it removed.
pub(super) const DELETE_FACTS_SUFFIX: &str = ") RETURNING owner_id";

/// How a backend writes the dashboard's read: its aggregate of text and its
/// time as RFC 3339 text.
#[derive(Clone, Copy, Debug)]
pub(super) struct Dialect {
    /// `group_concat` (SQLite) or `string_agg` (PostgreSQL), called with the
    /// text and a newline.
    pub(super) aggregate: &'static str,
    /// The newline, in the backend's words.
    pub(super) newline: &'static str,
    /// `{}` replaced by a time column: that time as RFC 3339 text.
    pub(super) time_text: &'static str,
}

pub(super) const SQLITE: Dialect = Dialect { aggregate: "group_concat", newline: "char(10)", time_text: "{}" };
pub(super) const POSTGRES: Dialect = Dialect {
    aggregate: "string_agg",
    newline: "chr(10)",
    time_text: "to_char({} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')",
};

/// A fact as one line of text, `collection|id|at|reported_at|kind|point|items|studio`
/// (no field holds `|` or a newline: ids, codes, times), in the backend's
/// words. Lines written before migration 0017 lack the studio.
fn fact_line(dialect: Dialect) -> String {
    let time = |column: &str| format!("COALESCE({}, '')", dialect.time_text.replace("{}", column));
    format!(
        "f.collection || '|' || f.id || '|' || {} || '|' || {} || '|' || f.kind || '|' || COALESCE(f.point, '') || '|' || f.items || '|' || COALESCE(f.studio, '')",
        time("f.at"),
        time("f.reported_at")
    )
}

/// `$first, $first+1, …` for `count` parameters.
fn parameters(first: usize, count: usize) -> String {
    (first..first + count).map(|n| format!("${n}")).collect::<Vec<_>>().join(", ")
}

/// Forgets the lines of `count` owners (`$1, $2, …`), every part, before
/// [`insert_lines`] writes them again from their facts.
pub(super) fn delete_lines(count: usize) -> String {
    format!("DELETE FROM duty_fact_line_parts WHERE owner_id IN ({})", parameters(1, count))
}

/// Writes the lines of `count` owners (`$1, $2, …`) from their facts, as
/// their part 0 (migration 0018 `duty_fact_line_parts`: per owner with
/// facts, parts of their facts as [`fact_line`]s joined by newlines). An
/// owner left without facts gets no row.
pub(super) fn insert_lines(dialect: Dialect, count: usize) -> String {
    format!(
        "INSERT INTO duty_fact_line_parts (owner_id, part, lines)
         SELECT f.owner_id, 0, {aggregate}({line}, {newline}) FROM duty_facts f
         WHERE f.owner_id IN ({owners}) GROUP BY f.owner_id",
        aggregate = dialect.aggregate,
        line = fact_line(dialect),
        newline = dialect.newline,
        owners = parameters(1, count),
    )
}

/// Which of `count` facts of one collection (`$1`, then the ids `$2, …`)
/// are written already (their records were written before).
pub(super) fn select_existing_facts(count: usize) -> String {
    format!("SELECT id FROM duty_facts WHERE collection = $1 AND id IN ({})", parameters(2, count))
}

/// Adds the lines of `count` facts of one collection (`$1`, then the ids
/// `$2, …`), written in this transaction and new, to their owners' lines as
/// a new part each — without reading or rewriting the owners' other facts,
/// which made a push's time grow with everything its owner had synced
/// before (10 ms of a 100-card push at 10,000 cards). Only for facts that
/// were not there before: an appended line is counted as one more record.
pub(super) fn append_lines(dialect: Dialect, count: usize) -> String {
    format!(
        "INSERT INTO duty_fact_line_parts (owner_id, part, lines)
         SELECT f.owner_id,
                (SELECT COALESCE(MAX(p.part) + 1, 0) FROM duty_fact_line_parts p WHERE p.owner_id = f.owner_id),
                {aggregate}({line}, {newline})
         FROM duty_facts f
         WHERE f.collection = $1 AND f.id IN ({ids}) GROUP BY f.owner_id",
        aggregate = dialect.aggregate,
        line = fact_line(dialect),
        newline = dialect.newline,
        ids = parameters(2, count),
    )
}

/// The ids of `facts` by collection (each fact is one record: no id twice).
pub(super) fn ids_by_collection<'a>(facts: impl Iterator<Item = &'a NewFact>) -> BTreeMap<&'static str, Vec<&'a str>> {
    let mut ids: BTreeMap<&'static str, Vec<&'a str>> = BTreeMap::new();
    for f in facts {
        ids.entry(f.collection).or_default().push(f.id.as_str());
    }
    ids
}

/// From this many parts on, an owner's lines are written again as one.
pub(super) const MAX_LINE_PARTS: i64 = 32;

/// Which of `count` owners (`$2, …`) have a part numbered `$1` or more.
pub(super) fn owners_with_many_parts(count: usize) -> String {
    format!(
        "SELECT DISTINCT owner_id FROM duty_fact_line_parts WHERE part >= $1 AND owner_id IN ({})",
        parameters(2, count)
    )
}

/// The lines of the representatives of `count` organisations (`$1, $2, …`):
/// a few rows (parts) a representative, read as they are kept — no grouping
/// at read time.
/// The rows, not their bytes, are what reading costs.
pub(super) fn select_lines_by_owner(count: usize) -> String {
    format!(
        "SELECT l.owner_id, l.lines FROM duty_fact_line_parts l JOIN users u ON u.id = l.owner_id
         WHERE u.role = 'representative' AND u.organisation_id IN ({})",
        parameters(1, count)
    )
}

/// Reads the lines of [`select_lines_by_owner`] into their owner's records,
/// leaving out what cannot count at a time whose earliest record is `since`
/// (the core's `records_since`): contacts and unreported opinions always
/// count, anything else from `since` on.
pub(super) fn add_lines(
    owner: &str,
    lines: &str,
    since: DateTime<Utc>,
    all: &mut HashMap<UserId, DutyRecords>,
) -> Result<(), StoreError> {
    let time = |t: &str| -> Result<Option<DateTime<Utc>>, StoreError> {
        if t.is_empty() {
            return Ok(None);
        }
        DateTime::parse_from_rfc3339(t).map(|t| Some(t.to_utc())).map_err(|_| corrupt("time", t))
    };
    for line in lines.split('\n').filter(|l| !l.is_empty()) {
        let fields: Vec<&str> = line.split('|').collect();
        let (collection, id, at, reported_at, kind, point, items, studio) = match fields[..] {
            [collection, id, at, reported_at, kind, point, items] => {
                (collection, id, at, reported_at, kind, point, items, "")
            }
            [collection, id, at, reported_at, kind, point, items, studio] => {
                (collection, id, at, reported_at, kind, point, items, studio)
            }
            _ => return Err(corrupt("line", line)),
        };
        let (at, reported_at) = (time(at)?, time(reported_at)?);
        let always = collection == "contact" || (collection == "opinion_card" && reported_at.is_none());
        if !always && at.is_some_and(|at| at < since) {
            continue;
        }
        FactRow {
            collection: collection.to_owned(),
            id: id.to_owned(),
            owner_id: owner.to_owned(),
            at,
            reported_at,
            kind: kind.to_owned(),
            point: (!point.is_empty()).then(|| point.to_owned()),
            items: items.to_owned(),
            studio: (!studio.is_empty()).then(|| studio.to_owned()),
        }
        .add_to(all)?;
    }
    Ok(())
}

/// One user's facts, every one, for one representative's detail.
pub(super) fn select_owner_facts() -> String {
    format!("SELECT {COLUMNS} FROM duty_facts WHERE owner_id = $1")
}

/// Records synced before migration 0012, a batch after `$1` (by id).
pub(super) const SELECT_RECORDS_TO_FACT: &str = "SELECT collection, id, owner_id, body, received_at FROM sync_records
     WHERE collection IN ('reception_card', 'opinion_card', 'contact') AND NOT deleted AND id > $1
     ORDER BY id LIMIT $2";
pub(super) const FACT_BATCH: i64 = 1000;
pub(super) const SELECT_FACTS_BACKFILLED: &str = "SELECT COUNT(*) FROM duty_facts_backfilled";
pub(super) const SET_FACTS_BACKFILLED: &str =
    "INSERT INTO duty_facts_backfilled (singleton) VALUES (1) ON CONFLICT (singleton) DO NOTHING";

/// Every organisation's own policy (migration 0013).
pub(super) const SELECT_POLICIES: &str = "SELECT organisation_id, record FROM duty_policies";
pub(super) const UPSERT_POLICY: &str = "INSERT INTO duty_policies (organisation_id, record, updated_at, updated_by)
     VALUES ($1, $2, $3, $4) ON CONFLICT (organisation_id) DO UPDATE SET
         record = excluded.record, updated_at = excluded.updated_at, updated_by = excluded.updated_by";
pub(super) const DELETE_POLICY: &str = "DELETE FROM duty_policies WHERE organisation_id = $1";
/// Every representative's profile (migration 0013).
pub(super) const SELECT_PROFILES: &str = "SELECT user_id, record FROM representative_profiles";
pub(super) const SELECT_PROFILE: &str = "SELECT user_id, record FROM representative_profiles WHERE user_id = $1";
pub(super) const UPSERT_PROFILE: &str = "INSERT INTO representative_profiles (user_id, record, updated_at, updated_by)
     VALUES ($1, $2, $3, $4) ON CONFLICT (user_id) DO UPDATE SET
         record = excluded.record, updated_at = excluded.updated_at, updated_by = excluded.updated_by";

/// Reads stored `(key, record)` rows of a JSON record type.
pub(super) fn parse_rows<K: std::str::FromStr + std::hash::Hash + Eq, R: serde::de::DeserializeOwned>(
    what: &str,
    rows: Vec<(String, String)>,
) -> Result<HashMap<K, R>, StoreError> {
    rows.into_iter()
        .map(|(key, record)| {
            let key = parsed::<K>(what, &key)?;
            let record = serde_json::from_str(&record).map_err(|_| corrupt(what, &record))?;
            Ok((key, record))
        })
        .collect()
}

/// A record as stored.
pub(super) fn record_text(record: &impl serde::Serialize) -> Result<String, StoreError> {
    serde_json::to_string(record).map_err(|e| StoreError::Corrupt(format!("duty setting cannot be written: {e}")))
}

/// A fact to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct NewFact {
    pub(super) collection: &'static str,
    pub(super) id: String,
    pub(super) owner: String,
    pub(super) at: Option<DateTime<Utc>>,
    pub(super) reported_at: Option<DateTime<Utc>>,
    pub(super) kind: String,
    pub(super) point: Option<String>,
    pub(super) items: String,
    pub(super) studio: Option<String>,
}

/// The fact of a record `owner` synced at `received_at`, if its collection
/// counts toward duties. Sync checked the body when it arrived; one that
/// does not read all the same counts for nothing (logged), and never stops
/// the sync that carries it.
pub(super) fn fact_of(
    collection: Collection,
    body: &Body,
    owner: UserId,
    received_at: DateTime<Utc>,
) -> Option<NewFact> {
    let owner = owner.to_string();
    let read = match collection {
        Collection::ReceptionCard => ReceptionCardRecord::deserialize(body)
            .map_err(|e| e.to_string())
            .and_then(|r| ReceptionFact::from_record(&r).map_err(|e| format!("{e:?}")))
            .map(|f| NewFact {
                collection: "reception_card",
                id: f.id.to_string(),
                owner,
                at: Some(f.at),
                reported_at: None,
                kind: f.kind.code().to_owned(),
                point: f.point.map(|p| p.to_string()),
                items: joined(f.contacts.iter().map(ToString::to_string)),
                studio: f.studio.map(|s| s.to_string()),
            }),
        Collection::OpinionCard => OpinionCard::from_body(body).map_err(|e| format!("{e:?}")).map(|card| NewFact {
            collection: "opinion_card",
            id: card.id.to_string(),
            owner,
            at: Some(card.collected_at),
            reported_at: Some(received_at),
            kind: String::new(),
            point: None,
            items: String::new(),
            studio: None,
        }),
        Collection::Contact => ContactRecord::deserialize(body)
            .map_err(|e| e.to_string())
            .and_then(|r| Contact::try_from(r).map_err(|e| format!("{e:?}")))
            .map(|c| {
                let fact = ContactFact::from(&c);
                NewFact {
                    collection: "contact",
                    id: fact.id.to_string(),
                    owner,
                    at: None,
                    reported_at: None,
                    kind: fact.kind.code().to_owned(),
                    point: None,
                    items: joined(fact.tags.iter().map(|t| t.code().to_owned())),
                    studio: None,
                }
            }),
        Collection::Document => Document::from_json(serde_json::Value::Object(body.clone()))
            .map_err(|e| format!("{e:?}"))
            .map(|d| NewFact {
                collection: "document",
                id: d.id.to_string(),
                owner,
                at: Some(d.submitted_at()),
                reported_at: None,
                kind: d.kind.code().to_owned(),
                point: None,
                items: String::new(),
                studio: None,
            }),
        _ => return None,
    };
    read.map_err(|error| tracing::warn!(collection = collection.code(), error, "a synced record gives no duty fact"))
        .ok()
}

fn joined(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(" ")
}

/// One row of `duty_facts`.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct FactRow {
    collection: String,
    id: String,
    owner_id: String,
    at: Option<DateTime<Utc>>,
    reported_at: Option<DateTime<Utc>>,
    kind: String,
    point: Option<String>,
    items: String,
    studio: Option<String>,
}

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("duty fact {what} {value:?}"))
}

fn parsed<T: std::str::FromStr>(what: &str, value: &str) -> Result<T, StoreError> {
    value.parse().map_err(|_| corrupt(what, value))
}

impl FactRow {
    /// Adds this fact to its owner's records.
    pub(super) fn add_to(self, all: &mut HashMap<UserId, DutyRecords>) -> Result<(), StoreError> {
        let owner: UserId = parsed("owner", &self.owner_id)?;
        let records = all.entry(owner).or_default();
        let at = || self.at.ok_or_else(|| corrupt("time of", &self.id));
        match self.collection.as_str() {
            "reception_card" => records.receptions.push(ReceptionFact {
                id: parsed("id", &self.id)?,
                at: at()?,
                kind: ActivityKind::parse(&self.kind).map_err(|_| corrupt("kind", &self.kind))?,
                point: self.point.as_deref().map(|p| parsed("point", p)).transpose()?,
                studio: self.studio.as_deref().map(|s| parsed("studio", s)).transpose()?,
                contacts: self.items.split_whitespace().map(|c| parsed("contact", c)).collect::<Result<_, _>>()?,
            }),
            "opinion_card" => records.opinions.push(OpinionFact {
                id: parsed("id", &self.id)?,
                collected_at: at()?,
                reported_at: self.reported_at,
            }),
            "contact" => records.contacts.push(ContactFact {
                id: parsed("id", &self.id)?,
                kind: ContactKind::parse(&self.kind).map_err(|_| corrupt("kind", &self.kind))?,
                tags: parse_tags(&self.items.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
                    .map_err(|_| corrupt("tags", &self.items))?,
            }),
            "document" => records.add_submitted(
                DocumentKind::parse(&self.kind).map_err(|_| corrupt("kind", &self.kind))?,
                parsed("id", &self.id)?,
                at()?,
            ),
            other => return Err(corrupt("collection", other)),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use liaison_core::duty::DutyRecords;

    fn body(json: serde_json::Value) -> Body {
        match json {
            serde_json::Value::Object(map) => map,
            _ => unreachable!(),
        }
    }

    fn row(f: NewFact) -> FactRow {
        FactRow {
            collection: f.collection.to_owned(),
            id: f.id,
            owner_id: f.owner,
            at: f.at,
            reported_at: f.reported_at,
            kind: f.kind,
            point: f.point,
            items: f.items,
            studio: f.studio,
        }
    }

    #[test]
    fn a_contact_fact_reads_back_as_the_core_counts_it() {
        let owner = UserId::from_uuid(uuid::Uuid::from_u128(7));
        let record = body(serde_json::json!({
            "v": 1, "id": "00000000-0000-7000-8000-000000000001", "name": "张三", "phone": "",
            "kind": "member", "tags": ["low_income", "veteran"], "organisation": ""
        }));
        let fact = fact_of(Collection::Contact, &record, owner, chrono::Utc::now()).expect("a contact");
        let mut all = HashMap::new();
        row(fact).add_to(&mut all).expect("reads back");
        let records: &DutyRecords = &all[&owner];
        assert_eq!(records.contacts.len(), 1);
        assert!(records.contacts[0].is_member_in_poverty());
    }

    #[test]
    fn a_document_counts_toward_its_kinds_duty_from_the_start_of_its_day_in_china() {
        let owner = UserId::from_uuid(uuid::Uuid::from_u128(7));
        let record = body(serde_json::json!({
            "v": 1, "id": "00000000-0000-7000-8000-0000000000d1", "kind": "research_report",
            "title": "农村养老服务调研", "submitted_on": "2026-01-01", "submitted_to": "", "summary": ""
        }));
        let fact = fact_of(Collection::Document, &record, owner, chrono::Utc::now()).expect("a document");
        assert_eq!(fact.at.map(liaison_core::time::to_wire).as_deref(), Some("2025-12-31T16:00:00Z"));
        let mut all = HashMap::new();
        row(fact).add_to(&mut all).expect("reads back");
        let records: &DutyRecords = &all[&owner];
        assert_eq!((records.proposals.len(), records.research_reports.len()), (0, 1));
        let unknown = FactRow {
            kind: "memo".into(),
            ..row(fact_of(Collection::Document, &record, owner, chrono::Utc::now()).unwrap())
        };
        assert!(unknown.add_to(&mut all).is_err());
    }

    #[test]
    fn the_dashboards_lines_read_back_and_a_broken_one_is_refused() {
        let owner = "00000000-0000-7000-8000-000000000007";
        let lines = "reception_card|00000000-0000-7000-8000-0000000000a1|2026-12-01T02:00:00.000000Z||reception||00000000-0000-7000-8000-0000000000c1\n\
                     opinion_card|00000000-0000-7000-8000-0000000000b1|2026-12-01T02:00:00+00:00|2026-12-01T03:00:00+00:00|||";
        let mut all = HashMap::new();
        let since = "2026-01-01T00:00:00Z".parse().unwrap();
        // Since migration 0017 a line has an eighth field, the studio.
        let studio = "reception_card|00000000-0000-7000-8000-0000000000a9|2026-12-01T02:00:00Z||reception|||00000000-0000-7000-8000-0000000000e1";
        add_lines(owner, studio, since, &mut all).expect("reads");
        let records = &all[&owner.parse::<UserId>().unwrap()];
        assert_eq!(
            records.receptions[0].studio.map(|s| s.to_string()).as_deref(),
            Some("00000000-0000-7000-8000-0000000000e1")
        );
        let mut all = HashMap::new();
        add_lines(owner, lines, since, &mut all).expect("reads");
        let records = &all[&owner.parse::<UserId>().unwrap()];
        assert_eq!((records.receptions.len(), records.opinions.len()), (1, 1));
        assert_eq!(records.receptions[0].contacts.len(), 1);
        assert!(records.opinions[0].reported_at.is_some());
        assert!(add_lines(owner, "reception_card|x", since, &mut all).is_err());
        assert!(
            add_lines(owner, "contact|00000000-0000-7000-8000-0000000000c1|||member||veteran||extra", since, &mut all)
                .is_err()
        );
    }

    #[test]
    fn lines_before_the_earliest_that_counts_are_left_out_but_contacts_and_unreported_opinions_kept() {
        let owner = "00000000-0000-7000-8000-000000000007";
        let lines = "reception_card|00000000-0000-7000-8000-0000000000a1|2025-06-01T02:00:00Z||reception||\n\
                     reception_card|00000000-0000-7000-8000-0000000000a2|2026-06-01T02:00:00Z||reception||\n\
                     opinion_card|00000000-0000-7000-8000-0000000000b1|2025-06-01T02:00:00Z||||\n\
                     opinion_card|00000000-0000-7000-8000-0000000000b2|2025-06-01T02:00:00Z|2025-06-02T02:00:00Z|||\n\
                     contact|00000000-0000-7000-8000-0000000000c1|||member||veteran";
        let mut all = HashMap::new();
        add_lines(owner, lines, "2026-01-01T00:00:00Z".parse().unwrap(), &mut all).expect("reads");
        let records = &all[&owner.parse::<UserId>().unwrap()];
        assert_eq!((records.receptions.len(), records.opinions.len(), records.contacts.len()), (1, 1, 1));
        assert!(records.opinions[0].reported_at.is_none(), "an unreported opinion is owed whatever its year");
    }

    #[test]
    fn a_body_that_does_not_read_gives_no_fact_and_other_collections_none() {
        let owner = UserId::from_uuid(uuid::Uuid::from_u128(7));
        let broken = body(serde_json::json!({"v": 1, "id": "x"}));
        assert_eq!(fact_of(Collection::ReceptionCard, &broken, owner, chrono::Utc::now()), None);
        assert_eq!(fact_of(Collection::Contact, &broken, owner, chrono::Utc::now()), None);
        assert_eq!(fact_of(Collection::Photo, &broken, owner, chrono::Utc::now()), None);
    }
}
