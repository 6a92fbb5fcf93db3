//! Decoding never panics, whatever arrives; valid requests and responses come
//! back unchanged through their bytes.
#![cfg(not(target_arch = "wasm32"))]

use liaison_sync::{
    Change, Collection, Cursor, DeviceId, FieldChange, Limits, Mutation, MutationResult, MutationSeq, Op, Outcome,
    RecordKey, Rejection, SyncRequest, SyncResponse, decode_request, decode_response, encode_request, encode_response,
};
use proptest::prelude::*;
use serde_json::{Value, json};
use uuid::Uuid;

/// Text that looks like a request: JSON punctuation, keys of the protocol,
/// numbers and UUID pieces, in any order.
fn jsonish() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just(",".to_owned()),
        Just(":".to_owned()),
        Just("\"v\":1".to_owned()),
        Just("\"v\"".to_owned()),
        Just("\"device\":\"01936f4e-8c2a-7b3d-9f10-0000000d0001\"".to_owned()),
        Just("\"cursor\":\"01936f4e-8c2a-7b3d-9f10-0000000e0001.7\"".to_owned()),
        Just("\"push\"".to_owned()),
        Just("\"pull_limit\":5".to_owned()),
        Just("\"seq\"".to_owned()),
        Just("\"key\"".to_owned()),
        Just("\"collection\":\"contact\"".to_owned()),
        Just("\"op\"".to_owned()),
        Just("\"type\":\"update\"".to_owned()),
        Just("\"fields\"".to_owned()),
        Just("null".to_owned()),
        Just("true".to_owned()),
        "-?[0-9]{1,22}(\\.[0-9]{1,3})?(e[+-]?[0-9]{1,4})?",
        "\"[a-z_\\\\\"\u{4e00}-\u{4e10}]{0,8}\"",
    ];
    prop::collection::vec(token, 0..40).prop_map(|t| t.concat())
}

fn uuid() -> impl Strategy<Value = Uuid> {
    any::<u128>().prop_map(Uuid::from_u128)
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        "[a-z张三\u{0}\"\\\\]{0,6}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z]{1,4}", inner, 0..4).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn body() -> impl Strategy<Value = serde_json::Map<String, Value>> {
    prop::collection::btree_map("[a-z_]{1,6}", value(), 0..5).prop_map(|m| m.into_iter().collect())
}

fn key() -> impl Strategy<Value = RecordKey> {
    (prop::sample::select(Collection::ALL.to_vec()), uuid()).prop_map(|(collection, id)| RecordKey { collection, id })
}

fn op(mutable: bool) -> BoxedStrategy<Op> {
    let create = prop_oneof![body().prop_map(|body| Op::Create { body }), body().prop_map(|body| Op::Offer { body })];
    if !mutable {
        return create.boxed();
    }
    let fields = prop::collection::btree_map(
        "[a-z]{1,5}",
        (value(), value()).prop_map(|(old, new)| FieldChange { old, new }),
        0..3,
    );
    prop_oneof![
        create,
        (any::<u64>(), fields).prop_map(|(base_version, fields)| Op::Update { base_version, fields }),
        any::<u64>().prop_map(|base_version| Op::Delete { base_version }),
    ]
    .boxed()
}

fn request() -> impl Strategy<Value = SyncRequest> {
    // Phones push every collection but the server's own.
    let key = key().prop_filter("written by phones", |k| !k.collection.is_server_written());
    let mutation = key.prop_flat_map(|key| op(key.collection.is_mutable()).prop_map(move |op| (key, op)));
    (
        uuid(),
        prop::option::of((uuid(), any::<u64>())),
        prop::collection::vec((1u64..1000, mutation), 0..6),
        any::<u32>(),
    )
        .prop_map(|(device, cursor, push, pull_limit)| {
            let mut seq = 0;
            let push = push
                .into_iter()
                .map(|(step, (key, op))| {
                    seq += step;
                    Mutation { seq: MutationSeq(seq), key, op }
                })
                .collect();
            let cursor = cursor.map(|(epoch, seq)| Cursor { epoch, seq });
            let push = if cursor.is_some() { push } else { Vec::new() };
            SyncRequest { v: liaison_sync::VERSION, device: DeviceId::from_uuid(device), cursor, push, pull_limit }
        })
}

fn outcome() -> impl Strategy<Value = Outcome> {
    prop_oneof![
        any::<u64>().prop_map(|version| Outcome::Applied { version }),
        any::<u64>().prop_map(|version| Outcome::Merged { version }),
        (any::<u64>(), "[a-z]{1,4}", value(), value()).prop_map(|(version, field, server, device)| {
            Outcome::Conflict { version, conflicts: vec![liaison_sync::FieldConflict { field, server, device }] }
        }),
        ("[a-z_]{1,12}", prop::option::of(".{0,12}"))
            .prop_map(|(key, detail)| Outcome::Rejected { reason: Rejection { key, detail } }),
    ]
}

fn response() -> impl Strategy<Value = SyncResponse> {
    let time = (0i64..4_000_000_000).prop_map(|s| chrono::DateTime::from_timestamp(s, 0).unwrap());
    let result = (any::<u64>(), outcome(), time.clone()).prop_map(|(seq, outcome, received_at)| MutationResult {
        seq: MutationSeq(seq),
        outcome,
        received_at,
    });
    let change =
        (any::<u64>(), key(), any::<u64>(), prop::option::of(body()), any::<bool>(), any::<bool>(), time.clone())
            .prop_map(|(seq, key, version, body, deleted, own, received_at)| Change {
                seq,
                key,
                version,
                body,
                deleted,
                own,
                received_at,
            });
    (
        prop::collection::vec(result, 0..4),
        prop::collection::vec(change, 0..4),
        uuid(),
        any::<u64>(),
        any::<bool>(),
        any::<bool>(),
        time,
    )
        .prop_map(|(results, changes, epoch, seq, more, reset, server_time)| SyncResponse {
            v: liaison_sync::VERSION,
            results,
            changes,
            cursor: Cursor { epoch, seq },
            more,
            reset,
            server_time,
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1_000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = decode_request(&bytes, &Limits::default());
        let _ = decode_response(&bytes, &Limits::default());
    }

    #[test]
    fn jsonish_text_never_panics(text in jsonish()) {
        let _ = decode_request(text.as_bytes(), &Limits::default());
        let _ = decode_response(text.as_bytes(), &Limits::default());
        let wrapped = format!("{{\"v\":1,{text}}}");
        let _ = decode_request(wrapped.as_bytes(), &Limits::default());
    }

    #[test]
    fn valid_requests_round_trip(request in request()) {
        let bytes = encode_request(&request);
        prop_assert_eq!(decode_request(&bytes, &Limits::default()), Ok(request));
    }

    #[test]
    fn responses_round_trip(response in response()) {
        let bytes = encode_response(&response);
        prop_assert_eq!(decode_response(&bytes, &Limits::default()), Ok(response));
    }
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(decode_request(deep.as_bytes(), &Limits::default()).is_err());
    let body = format!(
        r#"{{"v":1,"device":"01936f4e-8c2a-7b3d-9f10-0000000d0001","cursor":null,"pull_limit":1,"push":[{}]}}"#,
        "[".repeat(50_000)
    );
    assert!(decode_request(body.as_bytes(), &Limits::default()).is_err());
}
