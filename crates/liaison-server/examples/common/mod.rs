//! What the benchmark examples share.

pub mod postgres;

use chrono::Utc;
use liaison_core::account::DeviceName;
use liaison_server::auth::token::DeviceToken;
use liaison_server::store::{Device, Store, User};
use liaison_sync::DeviceId;
use uuid::Uuid;

/// A new device of `user` in `store`: its protocol id and its token.
pub async fn device(store: &Store, user: &User) -> (DeviceId, String) {
    let token = DeviceToken::generate();
    let id = Uuid::new_v4();
    let now = Utc::now();
    let device = Device {
        id: liaison_core::DeviceId::from_uuid(id),
        user_id: user.id,
        name: DeviceName::parse("手机").unwrap(),
        created_at: now,
        last_seen_at: now,
        revoked_at: None,
    };
    store.create_device(&device, &token.hash()).await.unwrap();
    (DeviceId::from_uuid(id), token.expose().to_owned())
}
