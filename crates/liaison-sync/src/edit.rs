//! Edits of mutable records (contacts) made on the phone, and the conflicts
//! the server reports about them, in the forms the phone keeps.
//!
//! An edit is stored with its outbox entry as a [`PendingUpdate`]: for each
//! field the user changed, the value they saw and the value they wrote
//! ([`changes`]). The server takes the new value where it still holds the old
//! one; where the field changed elsewhere too, it keeps its value and answers
//! with a conflict, which the phone keeps as a [`ConflictRecord`] until the
//! user has seen it — and may answer by writing their value again
//! ([`ConflictRecord::insist`]), a new edit made against the server's value.

use crate::client::ShownConflict;
use crate::wire::{Body, FieldChange, FieldConflict, Mutation, MutationSeq, Op, RecordKey};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Fields no edit may change.
const FIXED: [&str; 2] = ["id", "v"];

/// The fields `after` changes from `before` (top-level fields only; `id` and
/// `v` never). Empty when nothing changed.
pub fn changes(before: &Body, after: &Body) -> BTreeMap<String, FieldChange> {
    let mut fields = BTreeMap::new();
    for (field, new) in after {
        if FIXED.contains(&field.as_str()) {
            continue;
        }
        let old = before.get(field).cloned().unwrap_or(serde_json::Value::Null);
        if old != *new {
            fields.insert(field.clone(), FieldChange { old, new: new.clone() });
        }
    }
    fields
}

/// An edit waiting in the phone's outbox (frozen: stored in IndexedDB with
/// its outbox entry; `tests/golden/pending_update_v1.json`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PendingUpdate {
    /// The record's version on the server when the user edited it (0 if the
    /// phone had no receipt for it yet).
    pub base_version: u64,
    /// The changed fields.
    pub fields: BTreeMap<String, FieldChange>,
}

impl PendingUpdate {
    /// The protocol's mutation for it.
    pub fn mutation(&self, seq: MutationSeq, key: RecordKey) -> Mutation {
        Mutation { seq, key, op: Op::Update { base_version: self.base_version, fields: self.fields.clone() } }
    }
}

/// A conflict as the phone keeps it until the user has seen it (frozen,
/// version 1: `tests/golden/conflict_v1.json`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConflictRecord {
    /// Format version: 1.
    pub v: u32,
    /// The record's collection code (`contact`).
    pub collection: String,
    /// The record's id.
    pub id: String,
    /// The device's mutation that met it.
    pub seq: u64,
    /// The record's version after that mutation.
    pub version: u64,
    /// When the server answered (its clock, RFC 3339).
    pub received_at: String,
    /// The fields where the server kept its value.
    pub fields: Vec<FieldConflict>,
}

impl ConflictRecord {
    /// Keeps a conflict the server reported, answered at `received_at`.
    pub fn new(shown: &ShownConflict, received_at: DateTime<Utc>) -> ConflictRecord {
        ConflictRecord {
            v: 1,
            collection: shown.key.collection.code().to_owned(),
            id: shown.key.id.hyphenated().to_string(),
            seq: shown.seq.0,
            version: shown.version,
            received_at: received_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            fields: shown.conflicts.clone(),
        }
    }

    /// Its key among the kept conflicts: one per mutation.
    pub fn key(&self) -> String {
        format!("{}:{}:{}", self.collection, self.id, self.seq)
    }

    /// The edit that writes the device's values again over the server's (the
    /// user saw the conflict and chose theirs).
    pub fn insist(&self) -> PendingUpdate {
        let fields = self
            .fields
            .iter()
            .map(|f| (f.field.clone(), FieldChange { old: f.server.clone(), new: f.device.clone() }))
            .collect();
        PendingUpdate { base_version: self.version, fields }
    }

    /// Puts the server's values into `body` (what the server kept is what
    /// the phone shows).
    pub fn take_servers(&self, body: &mut Body) {
        for field in &self.fields {
            body.insert(field.field.clone(), field.server.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::Collection;
    use serde_json::json;

    fn body(value: serde_json::Value) -> Body {
        let serde_json::Value::Object(body) = value else { panic!("not an object") };
        body
    }

    #[test]
    fn only_changed_fields_are_an_edit_and_the_id_never_is() {
        let before = body(json!({"v": 1, "id": "a", "name": "张三", "phone": "", "tags": []}));
        let after = body(json!({"v": 2, "id": "b", "name": "张三", "phone": "13800000001", "tags": ["veteran"]}));
        let fields = changes(&before, &after);
        assert_eq!(fields.keys().collect::<Vec<_>>(), ["phone", "tags"]);
        assert_eq!(fields["phone"], FieldChange { old: json!(""), new: json!("13800000001") });
        assert!(changes(&after, &after).is_empty());
    }

    #[test]
    fn insisting_writes_the_device_value_over_the_servers() {
        let shown = ShownConflict {
            key: RecordKey { collection: Collection::Contact, id: uuid::Uuid::nil() },
            seq: MutationSeq(7),
            version: 3,
            conflicts: vec![FieldConflict { field: "phone".into(), server: json!("1"), device: json!("2") }],
        };
        let conflict = ConflictRecord::new(&shown, "2026-12-07T01:02:03Z".parse().unwrap());
        assert_eq!(conflict.key(), "contact:00000000-0000-0000-0000-000000000000:7");
        let again = conflict.insist();
        assert_eq!(again.base_version, 3);
        assert_eq!(again.fields["phone"], FieldChange { old: json!("1"), new: json!("2") });
        let mut shown_body = body(json!({"phone": "2"}));
        conflict.take_servers(&mut shown_body);
        assert_eq!(shown_body["phone"], json!("1"));
    }
}
