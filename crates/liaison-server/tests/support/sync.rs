//! What the sync tests share: accounts and devices made straight in the
//! store, record bodies from the core's golden files, requests.

#![allow(dead_code)]

use chrono::{DateTime, Utc};
use liaison_core::UserId;
use liaison_core::account::{DeviceName, DisplayName, Login, Role};
use liaison_server::auth::token::DeviceToken;
use liaison_server::store::{Device, NewUser, Store, User};
use liaison_sync::{Body, Collection, Cursor, DeviceId, Mutation, MutationSeq, Op, RecordKey, SyncRequest};
use serde_json::{Value, json};
use uuid::Uuid;

pub fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339).unwrap().to_utc()
}

/// An account, written directly (no argon2: the tests do not sign in).
pub async fn user(store: &Store, login: &str) -> User {
    let user = User {
        id: UserId::from_uuid(Uuid::new_v4()),
        login: Login::parse(login).unwrap(),
        name: DisplayName::parse(&format!("{login}名")).unwrap(),
        role: Role::Representative,
        organisation_id: None,
        created_at: at("2026-11-20T00:00:00Z"),
    };
    store.create_user(&NewUser { user: user.clone(), password_hash: "x".into() }).await.unwrap();
    user
}

/// A signed-in device of `user` with id `id`, and its token.
pub async fn device_with_id(store: &Store, user: &User, id: Uuid) -> (DeviceId, DeviceToken) {
    let token = DeviceToken::generate();
    let now = at("2026-11-20T00:00:00Z");
    let device = Device {
        id: liaison_core::DeviceId::from_uuid(id),
        user_id: user.id,
        name: DeviceName::parse("手机").unwrap(),
        created_at: now,
        last_seen_at: now,
        revoked_at: None,
    };
    store.create_device(&device, &token.hash()).await.unwrap();
    (DeviceId::from_uuid(id), token)
}

pub async fn device(store: &Store, user: &User) -> DeviceId {
    device_with_id(store, user, Uuid::new_v4()).await.0
}

fn golden(json: &str, id: Uuid) -> Body {
    let Value::Object(mut body) = serde_json::from_str(json).unwrap() else { panic!("not an object") };
    body.insert("id".into(), json!(id.hyphenated().to_string()));
    body
}

/// An opinion card (v3) with about 300 Chinese characters of content (~1 KB).
pub fn opinion(id: Uuid) -> Body {
    let mut body = golden(include_str!("../../../liaison-core/tests/golden/opinion_card_v3.json"), id);
    body.insert("content".into(), json!("村口的路灯坏了三个月，晚上老人孩子出行很不方便。".repeat(12)));
    body
}

pub fn reception(id: Uuid) -> Body {
    golden(include_str!("../../../liaison-core/tests/golden/reception_card_v1.json"), id)
}

pub fn contact(id: Uuid, name: &str, phone: &str) -> Body {
    let mut body = golden(include_str!("../../../liaison-core/tests/golden/contact_v1.json"), id);
    body.insert("name".into(), json!(name));
    body.insert("phone".into(), json!(phone));
    body
}

pub fn key(collection: Collection, id: Uuid) -> RecordKey {
    RecordKey { collection, id }
}

pub fn create(seq: u64, collection: Collection, body: Body) -> Mutation {
    let id = Uuid::try_parse(body["id"].as_str().unwrap()).unwrap();
    Mutation { seq: MutationSeq(seq), key: key(collection, id), op: Op::Create { body } }
}

pub fn request(device: DeviceId, cursor: Option<Cursor>, push: Vec<Mutation>, pull_limit: u32) -> SyncRequest {
    SyncRequest { v: 1, device, cursor, push, pull_limit }
}

/// The same request in this build's protocol version (which carries the
/// matters' statuses).
#[allow(dead_code)]
pub fn request_now(device: DeviceId, cursor: Option<Cursor>, push: Vec<Mutation>, pull_limit: u32) -> SyncRequest {
    SyncRequest { v: liaison_sync::VERSION, ..request(device, cursor, push, pull_limit) }
}

/// A photo description (v1) naming `sha256` and `bytes`.
pub fn photo(id: Uuid, sha256: &str, bytes: usize) -> Body {
    let mut body = golden(include_str!("../../../liaison-core/tests/golden/photo_v1.json"), id);
    body.insert("sha256".into(), json!(sha256));
    body.insert("bytes".into(), json!(bytes));
    body
}
