//! Studios' reception schedules through the real router, on SQLite and on
//! PostgreSQL: who may read and write (an office of the studio's
//! organisation or above writes; its representatives read), a draft from the
//! recurring days, edited and published; a published date moved only with a
//! reason, logged with who; stale versions refused; and what a
//! representative's phone is sent.

mod support;

use axum::body::Body as HttpBody;
use axum::http::{Method, Request, StatusCode, header};
use chrono::{Datelike, Months};
use http_body_util::BodyExt;
use liaison_core::account::{DeviceName, DisplayName, Login, Role};
use liaison_core::org::{Org, Studio};
use liaison_core::{Categories, OrganisationId, OrganisationName, PlaceName, StudioId, UserId};
use liaison_server::auth::token::DeviceToken;
use liaison_server::photos::blobs::BlobStore;
use liaison_server::store::{Device, NewUser, Store, User};
use liaison_server::{AppState, router, web::WebRoot};
use serde_json::{Value, json};
use tower::ServiceExt;
use uuid::Uuid;

struct App {
    router: axum::Router,
    store: Store,
    _data: tempfile::TempDir,
    _web: tempfile::TempDir,
}

struct Answer {
    status: StatusCode,
    json: Value,
}

impl Answer {
    fn key(&self) -> &str {
        self.json["error"]["key"].as_str().unwrap_or_default()
    }
}

macro_rules! on_both_backends {
    ($story:ident, $sqlite:ident, $postgres:ident) => {
        #[tokio::test]
        async fn $sqlite() {
            let data = tempfile::tempdir().unwrap();
            $story(app_on(Store::open(data.path()).await.unwrap(), data).await).await;
        }

        #[tokio::test]
        async fn $postgres() {
            let Some(db) = support::fresh_postgres(stringify!($postgres)).await else { return };
            let data = tempfile::tempdir().unwrap();
            $story(app_on(Store::connect_postgres(&db.url).await.unwrap(), data).await).await;
            db.drop().await;
        }
    };
}

async fn app_on(store: Store, data: tempfile::TempDir) -> App {
    let web = tempfile::tempdir().unwrap();
    std::fs::write(web.path().join("index.html"), "shell").unwrap();
    let state = AppState::new(store.clone(), WebRoot::new(web.path()).unwrap(), BlobStore::open(data.path()).unwrap());
    App { router: router(state), store, _data: data, _web: web }
}

impl App {
    async fn call(&self, method: Method, path: &str, token: &str, body: Option<Value>) -> Answer {
        self.call_in("zh-CN", method, path, token, body).await
    }

    async fn call_in(&self, language: &str, method: Method, path: &str, token: &str, body: Option<Value>) -> Answer {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::ACCEPT_LANGUAGE, language);
        let body = match body {
            Some(json) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                HttpBody::from(json.to_string())
            }
            None => HttpBody::empty(),
        };
        let response = self.router.clone().oneshot(request.body(body).unwrap()).await.unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Answer { status, json }
    }

    async fn organisation(&self, name: &str, parent: Option<OrganisationId>, studios: Vec<Studio>) -> OrganisationId {
        let id = OrganisationId::from_uuid(Uuid::new_v4());
        let org = Org {
            id,
            name: OrganisationName::parse(name).unwrap(),
            studios,
            liaison_points: vec![],
            representatives: vec![],
            contacts: vec![],
            categories: Categories::preset(),
        };
        self.store.load_org(&org).await.unwrap();
        if let Some(parent) = parent {
            self.store.set_org_parent(id, Some(parent)).await.unwrap().unwrap();
        }
        id
    }

    /// An account with a signed-in device; answers its token.
    async fn person(&self, login: &str, role: Role, organisation_id: OrganisationId) -> String {
        let now = liaison_server::auth::now();
        let user = User {
            id: UserId::from_uuid(Uuid::new_v4()),
            login: Login::parse(login).unwrap(),
            name: DisplayName::parse(&format!("{login}名")).unwrap(),
            role,
            organisation_id: Some(organisation_id),
            created_at: now,
        };
        self.store.create_user(&NewUser { user: user.clone(), password_hash: "x".into() }).await.unwrap();
        let token = DeviceToken::generate();
        let device = Device {
            id: liaison_core::DeviceId::from_uuid(Uuid::new_v4()),
            user_id: user.id,
            name: DeviceName::parse("电脑").unwrap(),
            created_at: now,
            last_seen_at: now,
            revoked_at: None,
        };
        self.store.create_device(&device, &token.hash()).await.unwrap();
        token.expose().to_owned()
    }
}

/// Next month in China time: every reception day of it is still to come.
fn next_month() -> chrono::NaiveDate {
    let today = liaison_server::auth::now().with_timezone(&liaison_core::time::china()).date_naive();
    today.with_day(1).unwrap().checked_add_months(Months::new(1)).unwrap()
}

async fn story(app: App) {
    let studio_id = StudioId::from_uuid(Uuid::new_v4());
    let studio = Studio {
        id: studio_id,
        name: PlaceName::parse("城关镇党代表工作室").unwrap(),
        address: PlaceName::parse("城关镇人民路 1 号").unwrap(),
        reception_days: vec![10, 20],
    };
    let county = app.organisation("县委组织部", None, vec![]).await;
    let town = app.organisation("城关镇党委", Some(county), vec![studio]).await;
    let other = app.organisation("河西镇党委", Some(county), vec![]).await;
    let county_office = app.person("county_office", Role::Office, county).await;
    let town_office = app.person("town_office", Role::Office, town).await;
    let other_office = app.person("other_office", Role::Office, other).await;
    let rep = app.person("rep", Role::Representative, town).await;
    let officer = app.person("officer", Role::LiaisonOfficer, town).await;
    let other_rep = app.person("other_rep", Role::Representative, other).await;

    let first = next_month();
    let month = format!("{:04}-{:02}", first.year(), first.month());
    let day = |d: u32| first.with_day(d).unwrap().to_string();
    let path = format!("/api/v1/studios/{studio_id}/schedules/{month}");

    // The studios each office writes for.
    let listed = app.call(Method::GET, "/api/v1/studios", &county_office, None).await;
    assert_eq!(listed.json.as_array().unwrap().len(), 1, "{:?}", listed.json);
    assert_eq!(app.call(Method::GET, "/api/v1/studios", &other_office, None).await.json, json!([]));
    assert_eq!(app.call(Method::GET, "/api/v1/studios", &rep, None).await.status, StatusCode::FORBIDDEN);

    // A draft from the recurring days, not yet saved.
    let draft = app.call(Method::GET, &path, &town_office, None).await;
    assert_eq!(draft.status, StatusCode::OK);
    assert_eq!(draft.json["saved"], json!(false));
    assert_eq!(draft.json["version"], json!(0));
    assert_eq!(draft.json["schedule"]["dates"], json!([day(10), day(20)]));
    assert_eq!(draft.json["may_write"], json!(true));
    // The town's representative reads; the other town's people do not see it.
    let read = app.call(Method::GET, &path, &rep, None).await;
    assert_eq!((read.status, &read.json["may_write"]), (StatusCode::OK, &json!(false)));
    assert_eq!(app.call(Method::GET, &path, &other_rep, None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.call(Method::GET, &path, &other_office, None).await.status, StatusCode::NOT_FOUND);
    let bad_month = app.call(Method::GET, &format!("/api/v1/studios/{studio_id}/schedules/2026-13"), &rep, None).await;
    assert_eq!((bad_month.status, bad_month.key()), (StatusCode::BAD_REQUEST, "sched_month_invalid"));

    // Only offices write.
    let edit = json!({ "version": 0, "dates": [day(10), day(21)], "theme": "住房保障" });
    let refused = app.call(Method::PUT, &path, &rep, Some(edit.clone())).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(app.call(Method::GET, &path, &officer, None).await.status, StatusCode::OK);
    let refused = app.call(Method::PUT, &path, &officer, Some(edit.clone())).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let outside = json!({ "version": 0, "dates": [day(10), "2000-01-01"], "theme": null });
    let outside = app.call(Method::PUT, &path, &town_office, Some(outside)).await;
    assert_eq!((outside.status, outside.key()), (StatusCode::UNPROCESSABLE_ENTITY, "sched_date_outside_month"));
    assert_eq!(outside.json["error"]["message"], json!("2000-01-01 不在这个月的日程里。"));
    let saved = app.call(Method::PUT, &path, &town_office, Some(edit.clone())).await;
    assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.json);
    assert_eq!((&saved.json["version"], &saved.json["saved"]), (&json!(1), &json!(true)));
    assert_eq!(saved.json["schedule"]["dates"], json!([day(10), day(21)]));
    assert_eq!(saved.json["schedule"]["theme"], json!("住房保障"));
    // A write from an older read changes nothing.
    let stale = app.call(Method::PUT, &path, &town_office, Some(edit)).await;
    assert_eq!((stale.status, stale.key()), (StatusCode::CONFLICT, "sched_changed"));

    // Drafts are not sent to phones.
    let phone = app.call(Method::GET, "/api/v1/reception-schedules", &rep, None).await;
    assert_eq!(phone.json, json!({ "v": 1, "schedules": [] }));

    // Published: frozen but for changes with a reason.
    let published =
        app.call(Method::POST, &format!("{path}/publish"), &town_office, Some(json!({ "version": 1 }))).await;
    assert_eq!(published.status, StatusCode::OK, "{:?}", published.json);
    assert_eq!(published.json["schedule"]["state"], json!("published"));
    let frozen = json!({ "version": 2, "dates": [day(12)], "theme": null });
    let frozen = app.call(Method::PUT, &path, &town_office, Some(frozen)).await;
    assert_eq!((frozen.status, frozen.key()), (StatusCode::CONFLICT, "sched_published"));
    let no_reason = json!({ "version": 2, "old": day(10), "new": day(11), "reason": "  " });
    let no_reason = app.call(Method::POST, &format!("{path}/changes"), &town_office, Some(no_reason)).await;
    assert_eq!((no_reason.status, no_reason.key()), (StatusCode::UNPROCESSABLE_ENTITY, "sched_reason_required"));
    assert_eq!(no_reason.json["error"]["message"], json!("日程已公布，变更接待日期必须填写变更原因。"));
    let in_english = json!({ "version": 2, "old": day(10), "new": day(11) });
    let in_english = app.call_in("en", Method::POST, &format!("{path}/changes"), &town_office, Some(in_english)).await;
    assert_eq!(in_english.key(), "sched_reason_required", "a missing reason is an empty one");
    assert_eq!(
        in_english.json["error"]["message"],
        json!("This schedule is published: changing a date needs a reason.")
    );
    let taken = json!({ "version": 2, "old": day(10), "new": day(21), "reason": "冲突" });
    let taken = app.call(Method::POST, &format!("{path}/changes"), &town_office, Some(taken)).await;
    assert_eq!(taken.key(), "sched_date_taken");
    // The county's office (above) moves a date, with a reason: logged.
    let moved = json!({ "version": 2, "old": day(10), "new": day(11), "reason": "工作室停电检修" });
    let moved = app.call(Method::POST, &format!("{path}/changes"), &county_office, Some(moved)).await;
    assert_eq!(moved.status, StatusCode::OK, "{:?}", moved.json);
    assert_eq!(moved.json["schedule"]["dates"], json!([day(11), day(21)]));
    assert_eq!(moved.json["version"], json!(3));
    let log = &moved.json["log"];
    assert_eq!(log.as_array().unwrap().len(), 1);
    assert_eq!(
        (&log[0]["seq"], &log[0]["old"], &log[0]["new"], &log[0]["reason"], &log[0]["by_name"]),
        (&json!(1), &json!(day(10)), &json!(day(11)), &json!("工作室停电检修"), &json!("county_office名"))
    );
    assert_eq!(moved.json["schedule"]["changes"].as_array().unwrap().len(), 1);

    // The phone of the town's representative gets it; the other town's not.
    let phone = app.call(Method::GET, "/api/v1/reception-schedules", &rep, None).await;
    let record: liaison_core::schedule::PhoneSchedulesRecordV1 = serde_json::from_value(phone.json).unwrap();
    let read = record.read().unwrap();
    assert_eq!(read.len(), 1);
    assert_eq!(read[0].studio_name, "城关镇党代表工作室");
    assert_eq!(read[0].schedule.theme().map(|t| t.as_str()), Some("住房保障"));
    let none = app.call(Method::GET, "/api/v1/reception-schedules", &other_rep, None).await;
    assert_eq!(none.json["schedules"], json!([]));
}

on_both_backends!(story, reception_schedules_on_sqlite, reception_schedules_on_postgres);

/// The change log refuses to be rewritten (SQLite; PostgreSQL's trigger is the same rule).
#[tokio::test]
async fn the_change_log_is_append_only() {
    let data = tempfile::tempdir().unwrap();
    let store = Store::open(data.path()).await.unwrap();
    store.close().await;
    let file = data.path().join(liaison_server::store::sqlite::DB_FILE);
    let mut db =
        <sqlx::SqliteConnection as sqlx::Connection>::connect(&format!("sqlite://{}", file.display())).await.unwrap();
    // The triggers fire per row: one row first, without its foreign keys.
    sqlx::query("PRAGMA foreign_keys = OFF").execute(&mut db).await.unwrap();
    sqlx::query(
        "INSERT INTO reception_schedule_changes VALUES ('s', '2026-12', 1, '2026-12-10', '2026-12-11', 'r', 'u', 't')",
    )
    .execute(&mut db)
    .await
    .unwrap();
    for sql in ["UPDATE reception_schedule_changes SET reason = 'x'", "DELETE FROM reception_schedule_changes"] {
        let refused = sqlx::query(sql).execute(&mut db).await.unwrap_err().to_string();
        assert!(refused.contains("append-only"), "{sql}: {refused}");
    }
}
