//! One story over the `Database` trait, told to every backend: SQLite always,
//! PostgreSQL when `LIAISON_TEST_DATABASE_URL` is set (and always in CI). A
//! backend passes when the story reads the same on it.

mod support;

use chrono::{DateTime, TimeDelta, Utc};
use liaison_core::account::{DeviceName, DisplayName, Login, NewAccount, NewAccountInput, Role};
use liaison_core::{OrganisationId, UserId};
use liaison_server::auth::token::DeviceToken;
use liaison_server::auth::{self, CreateAccountError, SignInError, password};
use liaison_server::store::{Backend, NewUser, Store, StoreError, User};
use std::future::Future;

fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339).unwrap().to_utc()
}

fn account(login: &str, role: &str, organisation_id: Option<String>) -> NewAccount {
    NewAccount::parse(&NewAccountInput {
        login: login.into(),
        name: format!("{login} 的名字"),
        role: role.into(),
        password: format!("{login} password"),
        organisation_id,
    })
    .unwrap()
}

fn new_id() -> UserId {
    UserId::from_uuid(uuid::Uuid::new_v4())
}

/// The story. `open` opens the same database again each time it is called.
async fn story<F, Fut>(backend: Backend, open: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = Store>,
{
    let store = open().await;
    assert_eq!(store.backend(), backend);
    let instance = store.instance_id().await.unwrap();
    assert_eq!(instance.len(), 36, "{instance}");
    let t0 = at("2025-03-10T09:00:00.123Z");

    // An administrator made before any organisation belongs to none.
    let early = auth::create_account(&store, account("early", "admin", None), new_id(), t0).await.unwrap();
    assert_eq!(early.organisation_id, None);

    // Reference data: loaded twice, read back as loaded.
    assert_eq!(store.org().await.unwrap(), None);
    let demo = liaison_core::demo::organisation();
    store.load_org(&demo).await.unwrap();
    store.load_org(&demo).await.unwrap();
    assert_eq!(store.org().await.unwrap().as_ref(), Some(&demo));
    assert!(store.has_organisation(demo.id).await.unwrap());
    let elsewhere = OrganisationId::from_uuid(uuid::Uuid::new_v4());
    assert!(!store.has_organisation(elsewhere).await.unwrap());

    // Accounts: the loaded organisation by default, or the one named if loaded.
    let admin = auth::create_account(&store, account("admin", "admin", None), new_id(), t0).await.unwrap();
    assert_eq!(admin.organisation_id, Some(demo.id));
    let rep =
        auth::create_account(&store, account("zhang.san", "representative", Some(demo.id.to_string())), new_id(), t0)
            .await
            .unwrap();
    assert_eq!(rep.role, Role::Representative);
    assert!(matches!(
        auth::create_account(&store, account("nowhere", "office", Some(elsewhere.to_string())), new_id(), t0).await,
        Err(CreateAccountError::UnknownOrganisation)
    ));

    // A login is taken whatever its case, and nothing is written.
    assert!(matches!(
        auth::create_account(&store, account("ZHANG.SAN", "office", None), new_id(), t0).await,
        Err(CreateAccountError::LoginTaken)
    ));
    let twin = User {
        id: new_id(),
        login: Login::parse("admin").unwrap(),
        name: DisplayName::parse("冒名").unwrap(),
        role: Role::Admin,
        organisation_id: None,
        created_at: t0,
    };
    let error = store.create_user(&NewUser { user: twin, password_hash: "x".into() }).await.unwrap_err();
    assert!(matches!(error, StoreError::LoginTaken), "{error:?}");
    let users = store.users().await.unwrap();
    let logins: Vec<&str> = users.iter().map(|u| u.login.as_str()).collect();
    assert_eq!(logins, ["admin", "early", "zhang.san"]);
    assert_eq!(store.user(rep.id).await.unwrap().as_ref(), Some(&rep));
    assert_eq!(store.user(new_id()).await.unwrap(), None);

    // The stored password is an argon2id hash that verifies only the password.
    let credentials = store.credentials(&rep.login).await.unwrap().unwrap();
    assert_eq!(credentials.user, rep);
    assert!(credentials.password_hash.starts_with("$argon2id$"));
    assert!(password::verify("zhang.san password", &credentials.password_hash));
    assert!(!password::verify("zhang.san passwor", &credentials.password_hash));
    assert!(store.credentials(&Login::parse("nobody").unwrap()).await.unwrap().is_none());

    // Signing in: a device per sign-in, found by its token's hash only.
    let phone = DeviceName::parse("张三的手机").unwrap();
    let t1 = t0 + TimeDelta::minutes(5);
    for (login, password) in [("zhang.san", "wrong password"), ("nobody", "zhang.san password"), ("x", "")] {
        assert!(matches!(
            auth::sign_in(&store, login, password.into(), phone.clone(), t1).await,
            Err(SignInError::WrongCredentials)
        ));
    }
    let first = auth::sign_in(&store, " Zhang.San ", "zhang.san password".into(), phone.clone(), t1).await.unwrap();
    assert_eq!(first.user, rep);
    assert_eq!((first.device.created_at, first.device.last_seen_at, first.device.revoked_at), (t1, t1, None));
    let (user, device) = store.device_by_token(&first.token.hash()).await.unwrap().unwrap();
    assert_eq!((user, &device), (rep.clone(), &first.device));
    assert!(store.device_by_token(&DeviceToken::generate().hash()).await.unwrap().is_none());
    let t2 = t1 + TimeDelta::hours(1);
    let second = auth::sign_in(&store, "zhang.san", "zhang.san password".into(), phone.clone(), t2).await.unwrap();
    assert_ne!(first.token, second.token);

    // Seen: last_seen_at moves, nothing else does.
    let t3 = t2 + TimeDelta::minutes(7);
    store.touch_device(first.device.id, t3).await.unwrap();
    let seen = store.device(first.device.id).await.unwrap().unwrap();
    assert_eq!((seen.created_at, seen.last_seen_at), (t1, t3));

    // Revoked: once, at its first time; still found by token (to say "revoked").
    let t4 = t3 + TimeDelta::days(1);
    let revoked = store.revoke_device(first.device.id, t4).await.unwrap().unwrap();
    assert_eq!(revoked.revoked_at, Some(t4));
    let again = store.revoke_device(first.device.id, t4 + TimeDelta::days(1)).await.unwrap().unwrap();
    assert_eq!(again.revoked_at, Some(t4));
    let (_, found) = store.device_by_token(&first.token.hash()).await.unwrap().unwrap();
    assert_eq!(found.revoked_at, Some(t4));
    assert_eq!(store.revoke_device(second.device.id, t4).await.unwrap().unwrap().revoked_at, Some(t4));
    assert_eq!(store.revoke_device(liaison_core::DeviceId::from_uuid(uuid::Uuid::new_v4()), t4).await.unwrap(), None);
    let devices = store.devices_of(rep.id).await.unwrap();
    let ids: Vec<_> = devices.iter().map(|d| d.id).collect();
    assert_eq!(ids, [first.device.id, second.device.id], "oldest first");
    assert!(store.devices_of(admin.id).await.unwrap().is_empty());
    store.close().await;

    // Reopened: same identity, same data.
    let store = open().await;
    assert_eq!(store.instance_id().await.unwrap(), instance);
    assert_eq!(store.org().await.unwrap(), Some(demo));
    assert_eq!(store.users().await.unwrap(), users);
    assert_eq!(store.device(first.device.id).await.unwrap(), Some(again));
    store.close().await;
}

#[tokio::test]
async fn the_story_on_sqlite() {
    let data = tempfile::tempdir().unwrap();
    let path = data.path().to_owned();
    story(Backend::Sqlite, || {
        let path = path.clone();
        async move { Store::from_config(None, &path).await.unwrap() }
    })
    .await;
}

#[tokio::test]
async fn the_story_on_postgres() {
    let Some(db) = support::fresh_postgres("the_story_on_postgres").await else { return };
    let url = db.url.clone();
    let unused = tempfile::tempdir().unwrap();
    let path = unused.path().join("never-made");
    story(Backend::Postgres, || {
        let (url, path) = (url.clone(), path.clone());
        async move { Store::from_config(Some(&url), &path).await.unwrap() }
    })
    .await;
    assert!(!path.exists(), "PostgreSQL writes nothing to the data directory");
    db.drop().await;
}

#[tokio::test]
async fn postgres_servers_starting_together_migrate_once() {
    let Some(db) = support::fresh_postgres("postgres_servers_starting_together_migrate_once").await else { return };
    let (a, b) = tokio::join!(Store::connect_postgres(&db.url), Store::connect_postgres(&db.url));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.instance_id().await.unwrap(), b.instance_id().await.unwrap());
    a.close().await;
    b.close().await;
    db.drop().await;
}

#[tokio::test]
async fn a_database_url_that_is_not_postgres_is_refused() {
    let data = tempfile::tempdir().unwrap();
    let error = Store::from_config(Some("mysql://localhost/liaison"), data.path()).await.unwrap_err();
    assert!(matches!(error, StoreError::UnsupportedUrl), "{error:?}");
    assert!(error.to_string().contains("postgres://"), "{error}");
}
