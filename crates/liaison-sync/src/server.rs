//! The server's side of sync, as pure decisions: what a mutation does to a
//! stored record ([`apply`]), whether a body is a record the core accepts
//! ([`validate`]), and how a pull page is built ([`plan`], [`page`],
//! [`response`]). The server's store runs them inside its transactions.
//!
//! # The store's contract
//!
//! For one request, the store does, in this order:
//!
//! 1. [`plan`] the request against its epoch and the log's head. When the plan
//!    says `reset`, nothing pushed is applied (no results): the device first
//!    pulls everything again, then re-offers what the restore lost.
//! 2. For each pushed mutation, **in order**, in one transaction each (or one for
//!    all):
//!    - **dedup by (device, seq)**: if an outcome is stored for the pair, answer
//!      it again, unchanged, with its first `received_at`, and do nothing else.
//!      A re-sent mutation (its answer was lost on the way) is never applied
//!      twice. Outcomes are kept for as long as the epoch lives.
//!    - otherwise read the record, [`apply`] the mutation, and in the **same
//!      transaction** write [`Decision::write`] (if any), append a log entry for
//!      it, and store the outcome under (device, seq).
//! 3. Read the log after [`PullPlan::after`], in number order, `limit + 1`
//!    entries, and build the page with [`page`] and the answer with [`response`].
//!
//! **The change log is numbered in commit order.** A device that has stored
//! change N never asks for N or below again, so N + 1 must not become visible
//! before N. The log's number comes from a single counter row incremented inside
//! the writing transaction (which serialises writers); numbers taken outside a
//! transaction, or from an auto-increment that commits out of order, would let a
//! device skip a change for ever.
//!
//! The log holds one entry per record, its latest state (re-writing a record
//! moves its entry to the new number), so a page never carries a record twice
//! and a device never sees a stale intermediate version.

use crate::wire::{
    Body, Change, Collection, Cursor, DeviceId, FieldConflict, Limits, Mutation, MutationResult, Op, Outcome,
    RecordKey, Rejection, SyncRequest, SyncResponse,
};
use chrono::{DateTime, Utc};
use liaison_core::addendum::{Addendum, AddendumRecord};
use liaison_core::document::Document;
use liaison_core::matter::{MatterRequest, MatterStatusRecordV1};
use liaison_core::photo::{Photo, PhotoRecord};
use liaison_core::{Contact, ContactRecord, FieldErrors, OpinionCard, ReceptionCard, ReceptionCardRecord};
use liaison_core::{Field, ValidationError};
use liaison_i18n::Msg;
use serde_json::Value;
use uuid::Uuid;

/// A record as the server keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredRecord {
    /// 1 when created, one more at every write.
    pub version: u64,
    /// The record's body (for a tombstone: its last body).
    pub body: Body,
    /// Deleted: a tombstone, kept so that devices learn of the deletion.
    pub deleted: bool,
}

/// What [`apply`] decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// The answer for the device.
    pub outcome: Outcome,
    /// The record's new state, when the mutation writes.
    pub write: Option<StoredRecord>,
    /// The author holds exactly the written body, for good: its own card (an
    /// immutable record), created as sent. Its log entry reaches the author as
    /// a receipt without body. Mutable records always travel with their body:
    /// the author's copy may have moved on (after a restore, say).
    pub receipt: bool,
}

impl Decision {
    fn reject(msg: Msg) -> Decision {
        Decision { outcome: Outcome::Rejected { reason: Rejection::new(msg) }, write: None, receipt: false }
    }

    fn keep(outcome: Outcome) -> Decision {
        Decision { outcome, write: None, receipt: false }
    }
}

/// Decides what `mutation` does to the record stored under its key (`current`).
///
/// - **create**: on no record, the body is [`validate`]d and written (version
///   one). On a record with the identical body, it is applied at the existing
///   version without writing (a re-send the dedup table did not catch). On a
///   record with another body, rejected `sync_id_taken`: nothing is
///   overwritten, in any collection.
/// - **update** (mutable collections): per field, a server value equal to `old`
///   takes `new`; one already equal to `new` is left; any other value is a
///   conflict: the server's value is kept and both are reported. The outcome is
///   `conflict` if any field conflicted, else `applied` when `base_version` is
///   the current version, else `merged`. The version goes up only if something
///   was written, and the result must still [`validate`]. `id` and `v` cannot be
///   updated. On no record: `sync_not_found`; on a tombstone: `sync_gone`.
/// - **delete** (mutable collections): writes a tombstone when the record has
///   not changed since `base_version` (a current version at or below it — below
///   only after a restore rolled the record back). If it changed since, the
///   record is kept and the delete rejected `sync_stale_delete`, so the user
///   sees what changed before deleting again. Deleting a tombstone is applied
///   without writing (the record is gone, as asked).
/// - **offer** (after a restore): on no record, as a create. On a record, the
///   server's stands: applied at its version without writing — except a card
///   with another body, rejected `sync_id_taken` as for a create (a card's body
///   never changes, so that is an anomaly to show).
pub fn apply(current: Option<&StoredRecord>, mutation: &Mutation) -> Decision {
    let key = &mutation.key;
    match (&mutation.op, current) {
        (Op::Create { body } | Op::Offer { body }, None) => write_new(key, body),
        (Op::Create { body }, Some(stored)) if *body == stored.body => {
            Decision::keep(Outcome::Applied { version: stored.version })
        }
        (Op::Create { .. }, Some(_)) => Decision::reject(Msg::SyncIdTaken),
        (Op::Offer { body }, Some(stored)) if key.collection.is_mutable() || *body == stored.body => {
            Decision::keep(Outcome::Applied { version: stored.version })
        }
        (Op::Offer { .. }, Some(_)) => Decision::reject(Msg::SyncIdTaken),
        (_, _) if !key.collection.is_mutable() => Decision::reject(Msg::SyncImmutable),
        (_, None) => Decision::reject(Msg::SyncNotFound),
        (Op::Update { .. }, Some(stored)) if stored.deleted => Decision::reject(Msg::SyncGone),
        (Op::Update { base_version, fields }, Some(stored)) => {
            if fields.keys().any(|f| f == "id" || f == "v") {
                return Decision::reject(Msg::SyncReadOnlyField);
            }
            let mut body = stored.body.clone();
            let mut conflicts = Vec::new();
            let mut written = false;
            for (field, change) in fields {
                let server = body.get(field).cloned().unwrap_or(Value::Null);
                if server == change.new {
                    continue;
                } else if server == change.old {
                    body.insert(field.clone(), change.new.clone());
                    written = true;
                } else {
                    conflicts.push(FieldConflict { field: field.clone(), server, device: change.new.clone() });
                }
            }
            if written && let Err(reason) = validate(key, &body) {
                return Decision::keep(Outcome::Rejected { reason });
            }
            let version = if written { stored.version + 1 } else { stored.version };
            let outcome = if !conflicts.is_empty() {
                Outcome::Conflict { version, conflicts }
            } else if *base_version == stored.version {
                Outcome::Applied { version }
            } else {
                Outcome::Merged { version }
            };
            Decision {
                outcome,
                write: written.then_some(StoredRecord { version, body, deleted: false }),
                receipt: false,
            }
        }
        (Op::Delete { .. }, Some(stored)) if stored.deleted => {
            Decision::keep(Outcome::Applied { version: stored.version })
        }
        (Op::Delete { base_version }, Some(stored)) if stored.version > *base_version => {
            Decision::reject(Msg::SyncStaleDelete)
        }
        (Op::Delete { .. }, Some(stored)) => {
            let version = stored.version + 1;
            Decision {
                outcome: Outcome::Applied { version },
                write: Some(StoredRecord { version, body: stored.body.clone(), deleted: true }),
                receipt: false,
            }
        }
    }
}

/// A new record, version 1, if the core accepts it.
fn write_new(key: &RecordKey, body: &Body) -> Decision {
    match validate(key, body) {
        Ok(()) => Decision {
            outcome: Outcome::Applied { version: 1 },
            write: Some(StoredRecord { version: 1, body: body.clone(), deleted: false }),
            receipt: !key.collection.is_mutable(),
        },
        Err(reason) => Decision::keep(Outcome::Rejected { reason }),
    }
}

/// Checks that `body` is a record of `key`'s collection that the core reads,
/// with `key`'s id. Records are read as stored records are (every rule but "not
/// in the future": a card may reach the server long after it was written, from
/// a phone whose clock is wrong).
pub fn validate(key: &RecordKey, body: &Body) -> Result<(), Rejection> {
    let id = key.id.hyphenated().to_string();
    if body.get("id").and_then(Value::as_str) != Some(id.as_str()) {
        return Err(Rejection::new(Msg::SyncIdMismatch));
    }
    // The body is read where it is, not copied first (a pushed or pulled
    // page checks thousands).
    let copy = || Value::Object(body.clone());
    let read = match key.collection {
        Collection::OpinionCard => OpinionCard::from_body(body).map(drop),
        Collection::ReceptionCard => parse::<ReceptionCardRecord, ReceptionCard>(body),
        Collection::Addendum => parse::<AddendumRecord, Addendum>(body),
        Collection::Photo => parse::<PhotoRecord, Photo>(body),
        Collection::Contact => parse::<ContactRecord, Contact>(body),
        Collection::MatterStatus => MatterStatusRecordV1::from_body(body).map(drop),
        Collection::MatterRequest => MatterRequest::from_json(copy()).map(drop),
        Collection::Document => Document::from_json(copy()).map(drop),
    };
    read.map_err(refusal)
}

/// Reads a frozen record `R` (all of version 1 today) and checks it as the
/// core type `T`.
fn parse<R, T>(body: &Body) -> Result<(), FieldErrors>
where
    R: serde::de::DeserializeOwned,
    T: TryFrom<R, Error = FieldErrors>,
{
    let version = body.get("v").and_then(Value::as_u64).unwrap_or(0);
    if version != 1 {
        let version = u32::try_from(version).unwrap_or(u32::MAX);
        return Err(FieldErrors::one(Field::Version, ValidationError::UnsupportedVersion { version }));
    }
    // Version 1 but not its shape (a missing or unknown field).
    let record = R::deserialize(body).map_err(|_| FieldErrors::one(Field::Version, ValidationError::UnknownChoice))?;
    T::try_from(record).map(drop)
}

/// The rejection for a record the core refused: which fields, with their
/// catalogue keys, in the detail (`Content: required`).
fn refusal(errors: FieldErrors) -> Rejection {
    if let Some(ValidationError::UnsupportedVersion { version }) = errors.get(Field::Version) {
        return Rejection::new(Msg::SyncUnsupportedRecord).with_detail(format!("record version {version}"));
    }
    let detail: Vec<String> = errors.0.iter().map(|e| format!("{:?}: {}", e.field, e.error.msg().key())).collect();
    Rejection::new(Msg::SyncInvalidRecord).with_detail(detail.join("; "))
}

/// One entry of the server's change log: a record's latest state and who wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogEntry {
    /// Its number (commit order).
    pub seq: u64,
    /// The record.
    pub key: RecordKey,
    /// Its state.
    pub record: StoredRecord,
    /// The device whose mutation wrote it.
    pub author: DeviceId,
    /// [`Decision::receipt`] of that write.
    pub receipt: bool,
    /// When it was written.
    pub received_at: DateTime<Utc>,
}

/// The entry as `device` pulls it: the author of a card gets a receipt without
/// body (it holds the body already); everyone else gets the body.
pub fn change_for(entry: &LogEntry, device: DeviceId) -> Change {
    let own = entry.author == device;
    Change {
        seq: entry.seq,
        key: entry.key,
        version: entry.record.version,
        body: (!(own && entry.receipt)).then(|| entry.record.body.clone()),
        deleted: entry.record.deleted,
        own,
        received_at: entry.received_at,
    }
}

/// How to answer a request's pull.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PullPlan {
    /// The request's protocol version: the answer's, and which collections it carries.
    pub version: u32,
    /// Changes after this number are pulled.
    pub after: u64,
    /// At most this many.
    pub limit: u32,
    /// The device's cursor is from another epoch (or beyond the log's head):
    /// it pulls from the start, and its pushes are not applied.
    pub reset: bool,
}

impl PullPlan {
    /// Whether the request's mutations are applied.
    pub fn applies_push(&self) -> bool {
        !self.reset
    }
}

/// Plans a request for a log of epoch `epoch` whose last number is `head`.
/// The page size is the device's `pull_limit`, between 1 and `limits.max_pull`.
pub fn plan(request: &SyncRequest, epoch: Uuid, head: u64, limits: &Limits) -> PullPlan {
    let limit = request.pull_limit.clamp(1, limits.max_pull.max(1));
    let version = request.v;
    match request.cursor {
        None => PullPlan { version, after: 0, limit, reset: false },
        Some(c) if c.epoch != epoch || c.seq > head => PullPlan { version, after: 0, limit, reset: true },
        Some(c) => PullPlan { version, after: c.seq, limit, reset: false },
    }
}

/// A page of the log for one device.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    /// The changes, in number order.
    pub changes: Vec<Change>,
    /// More changes wait after `through`.
    pub more: bool,
    /// The last number this page went through: its last change's, or past
    /// entries of collections the request's version does not carry.
    pub through: u64,
}

/// The page for `device` from log entries after `plan.after`, given in number
/// order (the store reads `limit + 1` of them to learn whether there are more).
/// Entries of a collection newer than the request's version are passed over:
/// the cursor moves past them, so an older phone is never sent them.
pub fn page<'a>(entries: impl IntoIterator<Item = &'a LogEntry>, plan: &PullPlan, device: DeviceId) -> Page {
    let mut changes = Vec::new();
    let mut through = plan.after;
    let mut seen = 0;
    for entry in entries.into_iter().filter(|e| e.seq > plan.after) {
        if changes.len() == plan.limit as usize {
            return Page { changes, more: true, through };
        }
        seen += 1;
        through = entry.seq;
        if entry.key.collection.since() <= plan.version {
            changes.push(change_for(entry, device));
        }
    }
    // Passed-over entries may have used up what the store read (`limit + 1`):
    // more may wait, and asking once more costs one empty answer at worst.
    Page { changes, more: seen > plan.limit as usize, through }
}

/// The answer, in the request's version: `results` for the pushed mutations
/// (none when the plan resets), the page, and the cursor after it.
pub fn response(
    plan: &PullPlan,
    epoch: Uuid,
    results: Vec<MutationResult>,
    page: Page,
    now: DateTime<Utc>,
) -> SyncResponse {
    SyncResponse {
        v: plan.version,
        results: if plan.reset { Vec::new() } else { results },
        changes: page.changes,
        cursor: Cursor { epoch, seq: page.through },
        more: page.more,
        reset: plan.reset,
        server_time: now,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::{FieldChange, MutationSeq};
    use serde_json::json;
    use std::collections::BTreeMap;

    const ID: u128 = 0x01936f4e_8c2a_7b3d_9f10_00000000c001;

    fn key(collection: Collection) -> RecordKey {
        RecordKey { collection, id: Uuid::from_u128(ID) }
    }

    fn contact(name: &str, phone: &str) -> Body {
        let Value::Object(body) = json!({
            "v": 1, "id": Uuid::from_u128(ID).to_string(), "name": name, "phone": phone,
            "kind": "public", "tags": [], "organisation": ""
        }) else {
            unreachable!()
        };
        body
    }

    fn addendum(text: &str) -> Body {
        let Value::Object(body) = json!({
            "v": 1, "id": Uuid::from_u128(ID).to_string(), "card_kind": "opinion",
            "card_id": "01936f4e-8c2a-7b3d-9f10-123456789abc", "text": text
        }) else {
            unreachable!()
        };
        body
    }

    fn stored(version: u64, body: Body) -> StoredRecord {
        StoredRecord { version, body, deleted: false }
    }

    fn mutation(collection: Collection, op: Op) -> Mutation {
        Mutation { seq: MutationSeq(7), key: key(collection), op }
    }

    fn update(base_version: u64, fields: &[(&str, &str, &str)]) -> Mutation {
        let fields: BTreeMap<String, FieldChange> = fields
            .iter()
            .map(|(f, old, new)| ((*f).to_owned(), FieldChange { old: json!(old), new: json!(new) }))
            .collect();
        mutation(Collection::Contact, Op::Update { base_version, fields })
    }

    fn rejected(decision: &Decision) -> &str {
        match &decision.outcome {
            Outcome::Rejected { reason } => &reason.key,
            other => panic!("not rejected: {other:?}"),
        }
    }

    #[test]
    fn a_create_writes_version_one_once() {
        let create = mutation(Collection::Addendum, Op::Create { body: addendum("补充") });
        let first = apply(None, &create);
        assert_eq!(first.outcome, Outcome::Applied { version: 1 });
        assert!(first.receipt);
        let record = first.write.unwrap();
        assert_eq!(record, stored(1, addendum("补充")));
        // Sent again after the dedup table was lost: the same answer, no write.
        let again = apply(Some(&record), &create);
        assert_eq!((again.outcome, again.write), (Outcome::Applied { version: 1 }, None));
        // Another body under the same id never overwrites.
        let other = mutation(Collection::Addendum, Op::Create { body: addendum("另一条") });
        assert_eq!(rejected(&apply(Some(&record), &other)), "sync_id_taken");
        let contact_record = stored(3, contact("张三", ""));
        let other = mutation(Collection::Contact, Op::Create { body: contact("李四", "") });
        assert_eq!(rejected(&apply(Some(&contact_record), &other)), "sync_id_taken");
    }

    #[test]
    fn bodies_are_checked_by_the_core() {
        let bad = mutation(Collection::Addendum, Op::Create { body: addendum("  ") });
        let decision = apply(None, &bad);
        assert_eq!(rejected(&decision), "sync_invalid_record");
        assert_eq!(decision.write, None);
        let Outcome::Rejected { reason } = decision.outcome else { unreachable!() };
        assert_eq!(reason.detail.as_deref(), Some("Summary: required"));
        // The body's id must be the key's.
        let mut moved = addendum("补充");
        moved.insert("id".into(), json!("01936f4e-8c2a-7b3d-9f10-000000000bad"));
        assert_eq!(validate(&key(Collection::Addendum), &moved).unwrap_err().key, "sync_id_mismatch");
        // A record of another collection, or of an unknown version.
        assert_eq!(validate(&key(Collection::Contact), &addendum("补充")).unwrap_err().key, "sync_invalid_record");
        let mut newer = contact("张三", "");
        newer.insert("v".into(), json!(9));
        assert_eq!(validate(&key(Collection::Contact), &newer).unwrap_err().key, "sync_unsupported_record");
        assert_eq!(
            validate(&key(Collection::Contact), &contact("张三", "123")).unwrap_err().key,
            "sync_invalid_record"
        );
        assert_eq!(validate(&key(Collection::Contact), &contact("张三", "13812345678")), Ok(()));
    }

    #[test]
    fn an_offer_writes_only_what_the_server_lost() {
        let offer = |body| mutation(Collection::Contact, Op::Offer { body });
        let decision = apply(None, &offer(contact("张三", "")));
        assert_eq!(decision.outcome, Outcome::Applied { version: 1 });
        assert!(!decision.receipt, "contacts come back with their body");
        assert_eq!(decision.write, Some(stored(1, contact("张三", ""))));
        // Another phone offered or changed it first: the server's stands.
        let record = stored(2, contact("李四", ""));
        let decision = apply(Some(&record), &offer(contact("张三", "")));
        assert_eq!((decision.outcome, decision.write), (Outcome::Applied { version: 2 }, None));
        let gone = StoredRecord { deleted: true, ..record };
        assert_eq!(apply(Some(&gone), &offer(contact("张三", ""))).outcome, Outcome::Applied { version: 2 });
        assert_eq!(rejected(&apply(None, &offer(contact("张三", "12")))), "sync_invalid_record");
        // A card under its id with another body is an anomaly, shown.
        let card = stored(1, addendum("补充"));
        let other = mutation(Collection::Addendum, Op::Offer { body: addendum("另一条") });
        assert_eq!(rejected(&apply(Some(&card), &other)), "sync_id_taken");
        let same = mutation(Collection::Addendum, Op::Offer { body: addendum("补充") });
        assert_eq!(apply(Some(&card), &same).outcome, Outcome::Applied { version: 1 });
    }

    #[test]
    fn cards_never_change() {
        let record = stored(1, addendum("补充"));
        let delete = mutation(Collection::Addendum, Op::Delete { base_version: 1 });
        assert_eq!(rejected(&apply(Some(&record), &delete)), "sync_immutable");
        let edit = Mutation { key: key(Collection::OpinionCard), ..update(1, &[("text", "补充", "改")]) };
        assert_eq!(rejected(&apply(Some(&record), &edit)), "sync_immutable");
    }

    #[test]
    fn an_update_on_the_current_version_is_applied() {
        let record = stored(2, contact("张三", ""));
        let decision = apply(Some(&record), &update(2, &[("phone", "", "13812345678")]));
        assert_eq!(decision.outcome, Outcome::Applied { version: 3 });
        assert_eq!(decision.write, Some(stored(3, contact("张三", "13812345678"))));
        assert!(!decision.receipt, "updates come back with their body");
    }

    #[test]
    fn an_update_on_an_older_version_is_merged_field_by_field() {
        // Another device changed the phone since version 1; this one changed the name.
        let record = stored(2, contact("张三", "13812345678"));
        let decision = apply(Some(&record), &update(1, &[("name", "张三", "张三丰")]));
        assert_eq!(decision.outcome, Outcome::Merged { version: 3 });
        assert_eq!(decision.write, Some(stored(3, contact("张三丰", "13812345678"))));
    }

    #[test]
    fn the_same_field_changed_on_both_sides_is_a_recorded_conflict() {
        let record = stored(2, contact("张三丰", ""));
        let decision = apply(Some(&record), &update(1, &[("name", "张三", "张山"), ("phone", "", "13812345678")]));
        assert_eq!(
            decision.outcome,
            Outcome::Conflict {
                version: 3,
                conflicts: vec![FieldConflict {
                    field: "name".into(), server: json!("张三丰"), device: json!("张山")
                }]
            }
        );
        // The server's name is kept; the other field is applied.
        assert_eq!(decision.write, Some(stored(3, contact("张三丰", "13812345678"))));
        // Only a conflict: nothing written, the version stays.
        let only = apply(Some(&record), &update(1, &[("name", "张三", "张山")]));
        assert!(matches!(only.outcome, Outcome::Conflict { version: 2, .. }));
        assert_eq!(only.write, None);
    }

    #[test]
    fn an_update_already_in_place_writes_nothing() {
        let record = stored(2, contact("张三丰", ""));
        let decision = apply(Some(&record), &update(1, &[("name", "张三", "张三丰")]));
        assert_eq!((decision.outcome, decision.write), (Outcome::Merged { version: 2 }, None));
        let decision = apply(Some(&record), &update(2, &[("name", "张三", "张三丰")]));
        assert_eq!(decision.outcome, Outcome::Applied { version: 2 });
    }

    #[test]
    fn updates_need_a_live_record_and_a_valid_result() {
        assert_eq!(rejected(&apply(None, &update(1, &[("name", "张三", "李四")]))), "sync_not_found");
        let gone = StoredRecord { deleted: true, ..stored(3, contact("张三", "")) };
        assert_eq!(rejected(&apply(Some(&gone), &update(2, &[("name", "张三", "李四")]))), "sync_gone");
        let record = stored(1, contact("张三", ""));
        assert_eq!(rejected(&apply(Some(&record), &update(1, &[("phone", "", "12")]))), "sync_invalid_record");
        assert_eq!(rejected(&apply(Some(&record), &update(1, &[("id", "x", "y")]))), "sync_read_only_field");
        assert_eq!(rejected(&apply(Some(&record), &update(1, &[("v", "1", "2")]))), "sync_read_only_field");
    }

    #[test]
    fn deletes_leave_tombstones_unless_the_record_changed_since() {
        let record = stored(2, contact("张三", ""));
        let delete = |base_version| mutation(Collection::Contact, Op::Delete { base_version });
        let decision = apply(Some(&record), &delete(2));
        assert_eq!(decision.outcome, Outcome::Applied { version: 3 });
        let tombstone = decision.write.unwrap();
        assert!(tombstone.deleted);
        assert_eq!(tombstone.body, record.body);
        // Deleting again: applied, nothing written.
        let again = apply(Some(&tombstone), &delete(2));
        assert_eq!((again.outcome, again.write), (Outcome::Applied { version: 3 }, None));
        // Changed since the device saw it: kept.
        assert_eq!(rejected(&apply(Some(&record), &delete(1))), "sync_stale_delete");
        // A restore rolled it back below what the device saw: deleted as asked.
        assert_eq!(apply(Some(&record), &delete(5)).outcome, Outcome::Applied { version: 3 });
        assert_eq!(rejected(&apply(None, &delete(1))), "sync_not_found");
    }

    fn device(n: u128) -> DeviceId {
        DeviceId::from_uuid(Uuid::from_u128(n))
    }

    fn entry(seq: u64, author: DeviceId, receipt: bool) -> LogEntry {
        LogEntry {
            seq,
            key: key(Collection::Addendum),
            record: stored(1, addendum("补充")),
            author,
            receipt,
            received_at: "2026-11-22T01:30:00Z".parse().unwrap(),
        }
    }

    #[test]
    fn own_creates_come_back_as_receipts() {
        let me = device(1);
        let receipt = change_for(&entry(4, me, true), me);
        assert!(receipt.own && receipt.body.is_none());
        let theirs = change_for(&entry(4, me, true), device(2));
        assert!(!theirs.own && theirs.body.is_some());
        let merged = change_for(&entry(4, me, false), me);
        assert!(merged.own && merged.body.is_some());
    }

    #[test]
    fn pages_follow_the_log_and_say_when_more_wait() {
        let epoch = Uuid::from_u128(0xe);
        let limits = Limits { max_pull: 2, ..Limits::default() };
        let request = |cursor| SyncRequest { v: 1, device: device(1), cursor, push: vec![], pull_limit: 50 };
        let log: Vec<LogEntry> = (1..=5).map(|n| entry(n, device(2), true)).collect();
        let first = plan(&request(None), epoch, 5, &limits);
        assert_eq!(first, PullPlan { version: 1, after: 0, limit: 2, reset: false });
        let first_page = page(&log, &first, device(1));
        assert_eq!(first_page.changes.iter().map(|c| c.seq).collect::<Vec<_>>(), [1, 2]);
        assert!(first_page.more);
        let answer = response(&first, epoch, vec![], first_page, "2026-11-22T01:30:00Z".parse().unwrap());
        assert_eq!(answer.cursor, Cursor { epoch, seq: 2 });
        let next = plan(&request(Some(Cursor { epoch, seq: 4 })), epoch, 5, &limits);
        let next_page = page(&log, &next, device(1));
        assert_eq!((next_page.changes.len(), next_page.more), (1, false));
        // Nothing new: the cursor stays.
        let idle = plan(&request(Some(Cursor { epoch, seq: 5 })), epoch, 5, &limits);
        let answer =
            response(&idle, epoch, vec![], page(&log, &idle, device(1)), "2026-11-22T01:30:00Z".parse().unwrap());
        assert_eq!((answer.cursor.seq, answer.more), (5, false));
    }

    #[test]
    fn an_older_phone_is_never_sent_a_newer_collection_but_moves_past_it() {
        let epoch = Uuid::from_u128(0xe);
        let status = |seq| LogEntry { key: key(Collection::MatterStatus), ..entry(seq, device(2), false) };
        let log = vec![entry(1, device(2), false), status(2), status(3), entry(4, device(2), false), status(5)];
        let request = |v| SyncRequest { v, device: device(1), cursor: None, push: vec![], pull_limit: 50 };
        let limits = Limits::default();
        let old = plan(&request(1), epoch, 5, &limits);
        let answer =
            response(&old, epoch, vec![], page(&log, &old, device(1)), "2026-11-22T01:30:00Z".parse().unwrap());
        assert_eq!(answer.v, 1);
        assert_eq!(answer.changes.iter().map(|c| c.seq).collect::<Vec<_>>(), [1, 4]);
        assert_eq!((answer.cursor.seq, answer.more), (5, false), "past the last status");
        let new = plan(&request(2), epoch, 5, &limits);
        let answer =
            response(&new, epoch, vec![], page(&log, &new, device(1)), "2026-11-22T01:30:00Z".parse().unwrap());
        assert_eq!(answer.v, 2);
        assert_eq!(answer.changes.len(), 5);
        // A full page stops at its last change, even with skipped entries after it.
        let tight = plan(&request(1), epoch, 5, &Limits { max_pull: 1, ..limits });
        let first = page(&log, &tight, device(1));
        assert_eq!((first.changes.len(), first.more, first.through), (1, true, 1));
    }

    #[test]
    fn a_cursor_from_another_epoch_resets_and_applies_nothing() {
        let epoch = Uuid::from_u128(0xe);
        let limits = Limits::default();
        let request = |cursor| SyncRequest { v: 1, device: device(1), cursor, push: vec![], pull_limit: 0 };
        let stale = plan(&request(Some(Cursor { epoch: Uuid::from_u128(0xd), seq: 3 })), epoch, 9, &limits);
        assert_eq!(stale, PullPlan { version: 1, after: 0, limit: 1, reset: true });
        assert!(!stale.applies_push());
        // Beyond the head of this epoch: the log was rolled back under the same name.
        assert!(plan(&request(Some(Cursor { epoch, seq: 10 })), epoch, 9, &limits).reset);
        let result = MutationResult {
            seq: MutationSeq(1),
            outcome: Outcome::Applied { version: 1 },
            received_at: "2026-11-22T01:30:00Z".parse().unwrap(),
        };
        let empty = Page { changes: vec![], more: false, through: 0 };
        let answer = response(&stale, epoch, vec![result], empty, "2026-11-22T01:30:00Z".parse().unwrap());
        assert!(answer.reset && answer.results.is_empty());
        assert_eq!(answer.cursor, Cursor { epoch, seq: 0 });
    }
}
