//! Frozen formats: the exact bytes this build sends and stores for sync, and
//! proof that it reads them back. A failure here means the wire or the outbox
//! format changed — add a new protocol version instead of editing one that has
//! shipped.
//!
//! The files in `tests/golden/` were reviewed once and are never regenerated.

use chrono::{DateTime, Utc};
use liaison_i18n::Msg;
use liaison_sync::client::{LocalRecord, OutboxEntry, OutboxState, ServerCopy};
use liaison_sync::{
    Body, Change, Collection, Cursor, DeviceId, FieldChange, FieldConflict, Limits, Mutation, MutationResult,
    MutationSeq, Op, Outcome, RecordKey, Rejection, SyncRequest, SyncResponse, decode_request, decode_response,
};
use serde_json::{Value, json};
use uuid::Uuid;

fn golden(name: &str) -> String {
    let path = format!("{}/tests/golden/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}")).trim_end().to_owned()
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn uuid(s: &str) -> Uuid {
    s.parse().unwrap()
}

fn object(value: Value) -> Body {
    let Value::Object(body) = value else { panic!("not an object") };
    body
}

fn epoch() -> Uuid {
    uuid("01936f4e-8c2a-7b3d-9f10-0000000e0001")
}

fn device() -> DeviceId {
    "01936f4e-8c2a-7b3d-9f10-0000000d0001".parse().unwrap()
}

fn card_key() -> RecordKey {
    RecordKey { collection: Collection::OpinionCard, id: uuid("01936f4e-8c2a-7b3d-9f10-00000000d001") }
}

fn contact_key() -> RecordKey {
    RecordKey { collection: Collection::Contact, id: uuid("01936f4e-8c2a-7b3d-9f10-00000000c001") }
}

/// The opinion card of liaison-core's `opinion_card_v3.json`.
fn card() -> Body {
    object(json!({
        "v": 3, "id": "01936f4e-8c2a-7b3d-9f10-00000000d001", "content": "希望加装电梯",
        "category": "urban_construction", "place": "城关镇党代表工作室", "collected_at": "2026-11-20T01:00:00Z",
        "urgency": "urgent", "raised_by": {"type": "walk_in", "name": "赵六", "phone": "13912345678"},
        "reception": "01936f4e-8c2a-7b3d-9f10-00000000a001", "collected_by": "王建国"
    }))
}

/// The contact of liaison-core's `contact_v1.json`.
fn contact() -> Body {
    object(json!({
        "v": 1, "id": "01936f4e-8c2a-7b3d-9f10-00000000c001", "name": "张三", "phone": "13812345678",
        "kind": "member", "tags": ["entrepreneur", "veteran"], "organisation": "城关镇农业服务中心"
    }))
}

fn mutations() -> Vec<Mutation> {
    vec![
        Mutation { seq: MutationSeq(7), key: card_key(), op: Op::Create { body: card() } },
        Mutation {
            seq: MutationSeq(8),
            key: contact_key(),
            op: Op::Update {
                base_version: 2,
                fields: [
                    ("name".to_owned(), FieldChange { old: json!("张三"), new: json!("张三丰") }),
                    (
                        "tags".to_owned(),
                        FieldChange { old: json!(["veteran"]), new: json!(["entrepreneur", "veteran"]) },
                    ),
                ]
                .into(),
            },
        },
        Mutation { seq: MutationSeq(9), key: contact_key(), op: Op::Delete { base_version: 3 } },
        Mutation { seq: MutationSeq(10), key: contact_key(), op: Op::Offer { body: contact() } },
    ]
}

fn request() -> SyncRequest {
    SyncRequest {
        v: 1,
        device: device(),
        cursor: Some(Cursor { epoch: epoch(), seq: 42 }),
        push: mutations(),
        pull_limit: 200,
    }
}

fn response() -> SyncResponse {
    let received = at("2026-11-22T01:30:00Z");
    SyncResponse {
        v: 1,
        results: vec![
            MutationResult { seq: MutationSeq(7), outcome: Outcome::Applied { version: 1 }, received_at: received },
            MutationResult { seq: MutationSeq(8), outcome: Outcome::Merged { version: 4 }, received_at: received },
            MutationResult {
                seq: MutationSeq(9),
                outcome: Outcome::Conflict {
                    version: 5,
                    conflicts: vec![FieldConflict {
                        field: "name".into(),
                        server: json!("张三丰"),
                        device: json!("张山"),
                    }],
                },
                received_at: received,
            },
            MutationResult {
                seq: MutationSeq(10),
                outcome: Outcome::Rejected {
                    reason: Rejection::new(Msg::SyncInvalidRecord).with_detail("Content: required"),
                },
                received_at: received,
            },
            MutationResult {
                seq: MutationSeq(11),
                outcome: Outcome::Rejected { reason: Rejection::new(Msg::SyncNotFound) },
                received_at: received,
            },
        ],
        changes: vec![
            Change {
                seq: 43,
                key: card_key(),
                version: 1,
                body: None,
                deleted: false,
                own: true,
                received_at: received,
            },
            Change {
                seq: 44,
                key: contact_key(),
                version: 4,
                body: Some(contact()),
                deleted: false,
                own: false,
                received_at: at("2026-11-22T01:29:59Z"),
            },
            Change {
                seq: 45,
                key: contact_key(),
                version: 5,
                body: Some(contact()),
                deleted: true,
                own: true,
                received_at: received,
            },
        ],
        cursor: Cursor { epoch: epoch(), seq: 45 },
        more: true,
        reset: false,
        server_time: at("2026-11-22T01:30:01Z"),
    }
}

fn check<T: serde::Serialize>(value: &T, file: &str) -> String {
    let expected = golden(file);
    assert_eq!(serde_json::to_string_pretty(value).unwrap(), expected, "{file}");
    expected
}

#[test]
fn cursor_v1_is_frozen() {
    let cursor = Cursor { epoch: epoch(), seq: 42 };
    assert_eq!(cursor.to_string(), golden("cursor_v1.txt"));
    assert_eq!(golden("cursor_v1.txt").parse::<Cursor>().unwrap(), cursor);
}

#[test]
fn request_v1_is_frozen() {
    let expected = check(&request(), "request_v1.json");
    assert_eq!(decode_request(expected.as_bytes(), &Limits::default()).unwrap(), request());
}

#[test]
fn first_request_v1_is_frozen() {
    let first = SyncRequest { v: 1, device: device(), cursor: None, push: vec![], pull_limit: 500 };
    let expected = check(&first, "request_v1_first.json");
    assert_eq!(decode_request(expected.as_bytes(), &Limits::default()).unwrap(), first);
}

#[test]
fn response_v1_is_frozen() {
    let expected = check(&response(), "response_v1.json");
    assert_eq!(decode_response(expected.as_bytes(), &Limits::default()).unwrap(), response());
}

#[test]
fn reset_response_v1_is_frozen() {
    let reset = SyncResponse {
        v: 1,
        results: vec![],
        changes: vec![],
        cursor: Cursor { epoch: uuid("01936f4e-8c2a-7b3d-9f10-0000000e0002"), seq: 0 },
        more: false,
        reset: true,
        server_time: at("2026-11-22T01:30:01Z"),
    };
    let expected = check(&reset, "response_v1_reset.json");
    assert_eq!(decode_response(expected.as_bytes(), &Limits::default()).unwrap(), reset);
}

/// A matter's status, as the server writes it into the collector's log.
fn status() -> Body {
    object(json!({
        "v": 1, "id": "01936f4e-8c2a-7b3d-9f10-0000000e0001",
        "opinions": ["01936f4e-8c2a-7b3d-9f10-123456789abc"],
        "state": "reply_accepted", "version": 5, "updated_at": "2026-11-25T02:00:00Z",
        "reply": {"text": "路灯已于11月24日修复。", "unit_name": "县住建局", "at": "2026-11-24T08:00:00Z"},
        "informed": null, "evaluation": null, "closure": null, "merged_into": null
    }))
}

#[test]
fn request_v2_is_frozen() {
    let v2 = SyncRequest { v: 2, ..request() };
    let expected = check(&v2, "request_v2.json");
    assert_eq!(decode_request(expected.as_bytes(), &Limits::default()).unwrap(), v2);
}

#[test]
fn response_v2_is_frozen() {
    let status_key =
        RecordKey { collection: Collection::MatterStatus, id: uuid("01936f4e-8c2a-7b3d-9f10-0000000e0001") };
    let mut v2 = SyncResponse { v: 2, ..response() };
    v2.changes.push(Change {
        seq: 46,
        key: status_key,
        version: 6,
        body: Some(status()),
        deleted: false,
        own: false,
        received_at: at("2026-11-25T02:00:00Z"),
    });
    v2.cursor.seq = 46;
    let expected = check(&v2, "response_v2.json");
    assert_eq!(decode_response(expected.as_bytes(), &Limits::default()).unwrap(), v2);
    assert!(liaison_sync::server::validate(&status_key, &status()).is_ok(), "the core reads the status");
    // The same change in a version-1 answer is out of the protocol.
    let v1 = expected.replacen("\"v\": 2", "\"v\": 1", 1);
    assert_eq!(decode_response(v1.as_bytes(), &Limits::default()).unwrap_err().msg(), Msg::SyncMalformed);
}

/// The document of liaison-core's `document_v1.json`.
fn document() -> Body {
    object(json!({
        "v": 1, "id": "01936f4e-8c2a-7b3d-9f10-0000000d0002", "kind": "research_report",
        "title": "农村养老服务调研报告", "submitted_on": "2026-11-30", "submitted_to": "县委组织部",
        "summary": "走访五个村，提出三条建议。"
    }))
}

#[test]
fn request_v3_is_frozen() {
    let key = RecordKey { collection: Collection::Document, id: uuid("01936f4e-8c2a-7b3d-9f10-0000000d0002") };
    let mut v3 = SyncRequest { v: 3, ..request() };
    v3.push.push(Mutation { seq: MutationSeq(11), key, op: Op::Create { body: document() } });
    let expected = check(&v3, "request_v3.json");
    assert_eq!(decode_request(expected.as_bytes(), &Limits::default()).unwrap(), v3);
    assert!(liaison_sync::server::validate(&key, &document()).is_ok(), "the core reads the document");
    // A document in a version-2 request is out of the protocol.
    let v2 = expected.replacen("\"v\": 3", "\"v\": 2", 1);
    assert_eq!(decode_request(v2.as_bytes(), &Limits::default()).unwrap_err().msg(), Msg::SyncMalformed);
}

#[test]
fn response_v3_is_frozen() {
    let key = RecordKey { collection: Collection::Document, id: uuid("01936f4e-8c2a-7b3d-9f10-0000000d0002") };
    let mut v3 = SyncResponse { v: 3, ..response() };
    v3.changes.push(Change {
        seq: 47,
        key,
        version: 1,
        body: Some(document()),
        deleted: false,
        own: false,
        received_at: at("2026-12-07T02:00:00Z"),
    });
    v3.cursor.seq = 47;
    let expected = check(&v3, "response_v3.json");
    assert_eq!(decode_response(expected.as_bytes(), &Limits::default()).unwrap(), v3);
}

#[test]
fn outbox_v1_is_frozen() {
    let [create, update, delete, _] = <[Mutation; 4]>::try_from(mutations()).unwrap();
    let outbox = vec![
        OutboxEntry { mutation: create, state: OutboxState::Waiting },
        OutboxEntry { mutation: update, state: OutboxState::Sending },
        OutboxEntry {
            mutation: delete,
            state: OutboxState::Quarantined { rejection: Rejection::new(Msg::SyncStaleDelete) },
        },
    ];
    let expected = check(&outbox, "outbox_v1.json");
    assert_eq!(serde_json::from_str::<Vec<OutboxEntry>>(&expected).unwrap(), outbox);
}

#[test]
fn local_record_v1_is_frozen() {
    let record = LocalRecord {
        key: contact_key(),
        server: Some(ServerCopy { epoch: epoch(), version: 4, body: Some(contact()), deleted: false }),
        body: Some(contact()),
    };
    let expected = check(&record, "local_record_v1.json");
    assert_eq!(serde_json::from_str::<LocalRecord>(&expected).unwrap(), record);
}

#[test]
fn pending_update_v1_is_frozen() {
    let update = liaison_sync::edit::PendingUpdate {
        base_version: 4,
        fields: [("phone".to_owned(), FieldChange { old: json!("13800000001"), new: json!("13912345678") })]
            .into_iter()
            .collect(),
    };
    let expected = check(&update, "pending_update_v1.json");
    assert_eq!(serde_json::from_str::<liaison_sync::edit::PendingUpdate>(&expected).unwrap(), update);
}

#[test]
fn conflict_v1_is_frozen() {
    let conflict = liaison_sync::edit::ConflictRecord {
        v: 1,
        collection: "contact".into(),
        id: contact_key().id.to_string(),
        seq: 9,
        version: 5,
        received_at: "2026-12-07T02:00:00Z".into(),
        fields: vec![FieldConflict {
            field: "phone".into(),
            server: json!("13800000002"),
            device: json!("13912345678"),
        }],
    };
    let expected = check(&conflict, "conflict_v1.json");
    assert_eq!(serde_json::from_str::<liaison_sync::edit::ConflictRecord>(&expected).unwrap(), conflict);
}
