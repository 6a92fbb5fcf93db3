//! What the benchmark examples share.

#![allow(dead_code)]

pub mod postgres;

use chrono::Utc;
use liaison_core::UserId;
use liaison_core::account::{DeviceName, DisplayName, Login, Role};
use liaison_server::auth::token::DeviceToken;
use liaison_server::store::{Device, NewUser, Store, User};
use liaison_sync::DeviceId;
use std::time::Duration;
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

/// A new account of `role` in `org`, with a device.
pub async fn person(store: &Store, login: &str, role: Role, org: liaison_core::OrganisationId) -> (User, DeviceId) {
    let now = Utc::now();
    let user = User {
        id: UserId::from_uuid(Uuid::new_v4()),
        login: Login::parse(login).unwrap(),
        name: DisplayName::parse("测试").unwrap(),
        role,
        organisation_id: Some(org),
        created_at: now,
    };
    store.create_user(&NewUser { user: user.clone(), password_hash: "x".into() }).await.unwrap();
    let (device, _) = device(store, &user).await;
    (user, device)
}

/// Median and 95th percentile, in milliseconds.
pub fn figures(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let p95 = (times.len() * 95).div_ceil(100).max(1) - 1;
    (ms(times[times.len() / 2]), ms(times[p95]))
}
