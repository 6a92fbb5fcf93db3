//! Paired liaison (对口联系) and the XLSX exports through the real router, on
//! SQLite and on PostgreSQL: an office pairs a department in its scope with
//! a party, records a joint meeting and a leaders' visit, and the report's
//! numbers and statuses move; what is refused (a department out of scope, a
//! second identical pairing, a day after today, bad rules) changes nothing;
//! the administrator's rules are inherited down the tree; the workbooks are
//! real `.xlsx` files whose cells read back.

mod support;

use axum::body::Body as HttpBody;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use liaison_core::account::{DeviceName, DisplayName, Login, Role};
use liaison_core::org::Org;
use liaison_core::roster::xlsx;
use liaison_core::{Categories, OrganisationId, OrganisationName, UserId};
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
    bytes: Vec<u8>,
    headers: axum::http::HeaderMap,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.bytes)))
    }

    fn key(&self) -> String {
        self.json()["error"]["key"].as_str().unwrap_or_default().to_owned()
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
        let mut request =
            Request::builder().method(method).uri(path).header(header::AUTHORIZATION, format!("Bearer {token}"));
        let body = match body {
            Some(json) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                HttpBody::from(json.to_string())
            }
            None => HttpBody::empty(),
        };
        let response = self.router.clone().oneshot(request.body(body).unwrap()).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes().to_vec();
        Answer { status, bytes, headers }
    }

    async fn get(&self, path: &str, token: &str) -> Answer {
        self.call(Method::GET, path, token, None).await
    }

    async fn post(&self, path: &str, token: &str, body: Value) -> Answer {
        self.call(Method::POST, path, token, Some(body)).await
    }

    async fn put(&self, path: &str, token: &str, body: Value) -> Answer {
        self.call(Method::PUT, path, token, Some(body)).await
    }

    async fn organisation(&self, name: &str, parent: Option<OrganisationId>) -> OrganisationId {
        let id = OrganisationId::from_uuid(Uuid::new_v4());
        let org = Org {
            id,
            name: OrganisationName::parse(name).unwrap(),
            studios: vec![],
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

    /// An account with a signed-in device; its token.
    async fn person(&self, login: &str, role: Role, organisation_id: Option<OrganisationId>) -> String {
        let now = liaison_core::time::from_wire("2026-01-02T00:00:00Z").unwrap();
        let user = User {
            id: UserId::from_uuid(Uuid::new_v4()),
            login: Login::parse(login).unwrap(),
            name: DisplayName::parse(&format!("{login}名")).unwrap(),
            role,
            organisation_id,
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

/// Today in China, as a form sends it.
fn today() -> String {
    liaison_core::time::format_local(chrono::Utc::now())[..10].to_owned()
}

/// The first sheet of a workbook, as rows of cell texts (the core's reader).
fn cells(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = |e: liaison_core::roster::zip::Entry<'_>| {
        String::from_utf8(match e.method {
            xlsx::Method::Stored => e.data.to_vec(),
            xlsx::Method::Deflate => miniz_oxide::inflate::decompress_to_vec(e.data).unwrap(),
        })
        .unwrap()
    };
    let book = xlsx::open(bytes).unwrap();
    let sheet = xlsx::part(bytes, &xlsx::sheet_path(&text(book.workbook), &text(book.rels)).unwrap()).unwrap();
    let strings = book.shared_strings.map(text);
    xlsx::table(strings.as_deref(), &text(sheet)).unwrap()
}

async fn story(app: App) {
    let county = app.organisation("某区委", None).await;
    let civil = app.organisation("区民政局", Some(county)).await;
    let other = app.organisation("别的县", None).await;
    let office = app.person("office", Role::Office, Some(county)).await;
    let outsider = app.person("outsider", Role::Office, Some(other)).await;
    let admin = app.person("admin", Role::Admin, None).await;
    let rep = app.person("rep", Role::Representative, Some(county)).await;

    // Offices only.
    assert_eq!(app.get("/api/v1/paired", &rep).await.status, StatusCode::FORBIDDEN);
    let empty = app.get("/api/v1/paired", &office).await.json();
    assert_eq!(empty["total"], 0);
    let departments: Vec<&str> =
        empty["departments"].as_array().unwrap().iter().map(|d| d["name"].as_str().unwrap()).collect();
    assert_eq!(departments, ["区民政局", "某区委"]);

    // A pairing of a department below the office.
    let pairing = json!({ "department": civil.to_string(), "partner_kind": "party", "partner_name": " 民革支部 " });
    let made = app.post("/api/v1/paired", &office, pairing.clone()).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&made.bytes));
    let made = made.json();
    let id = made["id"].as_str().unwrap().to_owned();
    assert_eq!(made["department_name"], "区民政局");
    assert_eq!(made["partner_name"], "民革支部");
    assert_eq!(made["joint_meetings"]["done"], 0);
    assert_eq!(made["joint_meetings"]["required"], 1);
    assert_eq!(made["leader_visits"]["required"], 1);
    assert_eq!(made["visits_max"], 2);
    assert_eq!(made["preset"], true);
    assert_ne!(made["worst"], "done");

    // Refused, nothing written: twice, out of scope, a bad partner.
    let twice = app.post("/api/v1/paired", &office, pairing.clone()).await;
    assert_eq!((twice.status, twice.key()), (StatusCode::CONFLICT, "paired_duplicate".to_owned()));
    let away = app.post("/api/v1/paired", &outsider, pairing.clone()).await;
    assert_eq!(
        (away.status, away.key()),
        (StatusCode::UNPROCESSABLE_ENTITY, "paired_department_out_of_scope".to_owned())
    );
    let bad = json!({ "department": civil.to_string(), "partner_kind": "club", "partner_name": "x" });
    assert_eq!(app.post("/api/v1/paired", &office, bad).await.key(), "unknown_choice");
    assert_eq!(app.get("/api/v1/paired", &office).await.json()["total"], 1);
    assert_eq!(app.get("/api/v1/paired", &outsider).await.json()["total"], 0);
    assert_eq!(app.get(&format!("/api/v1/paired/{id}"), &outsider).await.status, StatusCode::NOT_FOUND);

    // A joint meeting and a leaders' visit today: both done.
    let events = format!("/api/v1/paired/{id}/events");
    let meeting =
        app.post(&events, &office, json!({ "kind": "joint_meeting", "on": today(), "note": "联席会议" })).await;
    assert_eq!(meeting.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&meeting.bytes));
    assert_eq!(meeting.json()["joint_meetings"]["status"], "done");
    let visit = app.post(&events, &office, json!({ "kind": "leader_visit", "on": today() })).await.json();
    assert_eq!(visit["leader_visits"]["done"], 1);
    assert_eq!(visit["worst"], "done");
    assert_eq!(visit["events"].as_array().unwrap().len(), 2);
    assert_eq!(visit["events"][0]["recorded_by"], "office名");
    assert_eq!(visit["events"][0]["kind"], "leader_visit", "the latest first");
    assert_eq!(visit["events"][1]["note"], "联席会议");
    let future = app.post(&events, &office, json!({ "kind": "leader_visit", "on": "2999-01-01" })).await;
    assert_eq!((future.status, future.key()), (StatusCode::UNPROCESSABLE_ENTITY, "paired_event_in_future".to_owned()));
    assert_eq!(
        app.post(&events, &outsider, json!({ "kind": "leader_visit", "on": today() })).await.status,
        StatusCode::NOT_FOUND
    );
    let report = app.get("/api/v1/paired", &office).await.json();
    assert_eq!(report["counts"]["done"], 1);
    assert_eq!(report["items"][0]["leader_visits"]["done"], 1);

    // Rules: every problem named, in the request's language, nothing saved.
    let rules = format!("/api/v1/organisations/{county}/paired-rules");
    let wrong = json!({ "v": 1, "joint_meetings_per_year": -1, "leader_visits_min": 3, "leader_visits_max": 2 });
    assert_eq!(app.put(&rules, &office, wrong.clone()).await.status, StatusCode::FORBIDDEN);
    let refused = app.put(&rules, &admin, wrong).await;
    assert_eq!((refused.status, refused.key()), (StatusCode::UNPROCESSABLE_ENTITY, "paired_rules_invalid".to_owned()));
    let problems: Vec<String> = refused.json()["error"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["message"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        problems,
        ["每年至少召开工作例会或联席会议次数：不能为负数。", "部门领导走访次数的下限 3 大于上限 2，请改正。"]
    );
    assert_eq!(app.get(&rules, &admin).await.json()["preset"], true);
    // Set above, inherited by the department: two meetings now owed.
    let two = json!({ "v": 1, "joint_meetings_per_year": 2, "leader_visits_min": 1, "leader_visits_max": 3 });
    let saved = app.put(&rules, &admin, two).await;
    assert_eq!(saved.status, StatusCode::OK);
    assert_eq!(saved.json()["effective"]["joint_meetings_per_year"], 2);
    let inherited = app.get(&format!("/api/v1/organisations/{civil}/paired-rules"), &office).await.json();
    assert_eq!((inherited["rules"].clone(), inherited["preset"].clone()), (Value::Null, json!(false)));
    let report = app.get("/api/v1/paired", &office).await.json();
    assert_eq!(report["items"][0]["joint_meetings"]["required"], 2);
    assert_ne!(report["items"][0]["joint_meetings"]["status"], "done");
    assert_eq!(report["items"][0]["visits_max"], 3);
    assert_eq!(app.put(&rules, &admin, Value::Null).await.json()["preset"], true);

    // The report as a workbook.
    let file = app.get("/api/v1/paired.xlsx", &office).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.headers[header::CONTENT_TYPE], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert!(file.headers[header::CONTENT_DISPOSITION].to_str().unwrap().contains("paired-"));
    let rows = cells(&file.bytes);
    assert_eq!(rows[0][..4], ["部门", "对口联系的党派、工商联", "类别", "例会/联席会议"]);
    assert_eq!(rows[1], ["区民政局", "民革支部", "民主党派", "1", "1", "已完成", "1", "1", "已完成", "0"]);
    assert_eq!(app.get("/api/v1/paired.xlsx", &rep).await.status, StatusCode::FORBIDDEN);
}

on_both_backends!(story, paired_story_on_sqlite, paired_story_on_postgres);

async fn duties_xlsx(app: App) {
    let county = app.organisation("某区委", None).await;
    let office = app.person("office", Role::Office, Some(county)).await;
    app.person("rep", Role::Representative, Some(county)).await;
    let file = app.get("/api/v1/duties.xlsx", &office).await;
    assert_eq!(file.status, StatusCode::OK);
    assert!(file.bytes.starts_with(b"PK"));
    let disposition = file.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(disposition.starts_with("attachment; filename=\"duties-") && disposition.ends_with(".xlsx\""));
    // The CSV's rows, cell for cell.
    let csv = String::from_utf8(app.get("/api/v1/duties.csv", &office).await.bytes).unwrap();
    let csv: Vec<Vec<String>> = liaison_core::roster::csv::read(csv.trim_start_matches('\u{feff}')).unwrap();
    let rows = cells(&file.bytes);
    assert_eq!(
        rows[0],
        ["代表", "所在组织", "履职事项", "统计期间", "已完成", "应完成", "状态", "截止时间", "待报送意见"]
    );
    assert_eq!(rows, csv);
    assert!(rows.iter().any(|r| r[0] == "rep名" && r[2] == "定点接待" && r[5] == "2"), "{rows:?}");
    // In English when asked.
    let english = app
        .router
        .clone()
        .oneshot(
            Request::get("/api/v1/duties.xlsx")
                .header(header::AUTHORIZATION, format!("Bearer {office}"))
                .header(header::ACCEPT_LANGUAGE, "en")
                .body(HttpBody::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let bytes = english.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(cells(&bytes)[0][0], "Representative");
}

on_both_backends!(duties_xlsx, duties_xlsx_on_sqlite, duties_xlsx_on_postgres);
