//! The handling loop through the real router, on SQLite and on PostgreSQL:
//! matters made by sync pushes (once per card), the authorisation matrix
//! (every endpoint × everyone × a matter in and out of their scope, with the
//! raiser hidden from units), the whole story from push to closure, and the
//! refusals (stale version, unreadable action, wrong party or state) that
//! change nothing; similar matters (who may ask, what is suggested, the
//! start-up backfill of sketches).

mod support;

use axum::body::Body as HttpBody;
use axum::http::{Method, Request, StatusCode, header};
use chrono::{Days, Utc};
use http_body_util::BodyExt;
use liaison_core::account::{DeviceName, DisplayName, Login, Role};
use liaison_core::org::Org;
use liaison_core::{Categories, OrganisationId, OrganisationName, UserId};
use liaison_server::auth::token::DeviceToken;
use liaison_server::photos::blobs::BlobStore;
use liaison_server::store::{Device, NewUser, Store, User};
use liaison_server::sync::LIMITS;
use liaison_server::{AppState, router, web::WebRoot};
use liaison_sync::{Collection, Cursor, DeviceId, Mutation, MutationSeq, Op, decode_response, encode_request};
use serde_json::{Value, json};
use support::sync::{at, create, opinion, request, request_now};
use tower::ServiceExt;
use uuid::Uuid;

/// Who raised the golden opinion card: a unit must never see these.
const RAISER_NAME: &str = "赵六";
const RAISER_PHONE: &str = "13912345678";

struct App {
    router: axum::Router,
    store: Store,
    notices: std::sync::Arc<Recorder>,
    _data: tempfile::TempDir,
    _web: tempfile::TempDir,
}

/// A signed-in user.
#[derive(Clone)]
struct Person {
    user: User,
    device: DeviceId,
    token: String,
}

struct Answer {
    status: StatusCode,
    text: String,
    headers: axum::http::HeaderMap,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("{e}: {}", self.text))
    }

    fn key(&self) -> String {
        self.json()["error"]["key"].as_str().unwrap_or_default().to_owned()
    }
}

/// A story told to SQLite and to PostgreSQL: one test each.
macro_rules! on_both_backends {
    ($story:ident, $sqlite:ident, $postgres:ident) => {
        #[tokio::test]
        async fn $sqlite() {
            $story(sqlite_app().await).await;
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

/// Keeps the notices sent, for the tests to read.
#[derive(Debug, Default)]
struct Recorder(std::sync::Mutex<Vec<liaison_server::notify::Notice>>);

impl liaison_server::notify::Notifier for Recorder {
    fn notify(&self, notice: &liaison_server::notify::Notice) {
        self.0.lock().unwrap().push(notice.clone());
    }
}

async fn app_on(store: Store, data: tempfile::TempDir) -> App {
    let web = tempfile::tempdir().unwrap();
    std::fs::write(web.path().join("index.html"), "shell").unwrap();
    let mut state =
        AppState::new(store.clone(), WebRoot::new(web.path()).unwrap(), BlobStore::open(data.path()).unwrap());
    let notices = std::sync::Arc::new(Recorder::default());
    state.notifier = notices.clone();
    App { router: router(state), store, notices, _data: data, _web: web }
}

/// A connection of its own to the SQLite database in `dir` (the store closed),
/// to make it look like one from an older build.
async fn raw_sqlite(dir: &std::path::Path) -> sqlx::SqlitePool {
    let file = dir.join(liaison_server::store::sqlite::DB_FILE);
    sqlx::SqlitePool::connect(&format!("sqlite://{}", file.display())).await.unwrap()
}

async fn sqlite_app() -> App {
    let data = tempfile::tempdir().unwrap();
    app_on(Store::open(data.path()).await.unwrap(), data).await
}

impl App {
    async fn call(&self, method: Method, path: &str, who: Option<&Person>, body: Option<Value>) -> Answer {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(who) = who {
            request = request.header(header::AUTHORIZATION, format!("Bearer {}", who.token));
        }
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
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Answer { status, text: String::from_utf8(bytes.to_vec()).unwrap(), headers }
    }

    async fn get(&self, path: &str, who: &Person) -> Answer {
        self.call(Method::GET, path, Some(who), None).await
    }

    async fn post(&self, path: &str, who: &Person, body: Value) -> Answer {
        self.call(Method::POST, path, Some(who), Some(body)).await
    }

    /// An action on `matter` at its current version, as `who`.
    async fn act(&self, matter: &str, who: &Person, action: Value) -> Answer {
        let version = self.version(matter).await;
        self.post(&format!("/api/v1/matters/{matter}/actions"), who, json!({ "version": version, "action": action }))
            .await
    }

    /// The stored matter record, read as its office would.
    async fn record(&self, matter: &str) -> Value {
        let id: liaison_core::MatterId = matter.parse().unwrap();
        let listing = self.store.matter(id).await.unwrap().unwrap();
        serde_json::to_value(listing.matter.to_record()).unwrap()
    }

    async fn version(&self, matter: &str) -> u64 {
        self.record(matter).await["version"].as_u64().unwrap()
    }

    async fn events(&self, matter: &str) -> usize {
        self.store.timeline(matter.parse().unwrap()).await.unwrap().len()
    }

    /// An organisation with no reference data but its name.
    async fn organisation(&self, name: &str) -> OrganisationId {
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
        id
    }

    /// An account with a signed-in device, written straight to the store.
    async fn person(&self, login: &str, role: Role, organisation_id: Option<OrganisationId>) -> Person {
        let now = at("2026-11-20T00:00:00Z");
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
        let id = Uuid::new_v4();
        let device = Device {
            id: liaison_core::DeviceId::from_uuid(id),
            user_id: user.id,
            name: DeviceName::parse("电脑").unwrap(),
            created_at: now,
            last_seen_at: now,
            revoked_at: None,
        };
        self.store.create_device(&device, &token.hash()).await.unwrap();
        Person { user, device: DeviceId::from_uuid(id), token: token.expose().to_owned() }
    }

    /// A sync round trip through `POST /api/v1/sync`, in protocol version 1.
    async fn sync(&self, who: &Person, cursor: Option<Cursor>, push: Vec<Mutation>) -> liaison_sync::SyncResponse {
        self.sync_request(who, request(who.device, cursor, push, 100)).await
    }

    /// The same in this build's version, which carries matters' statuses.
    async fn sync_now(&self, who: &Person, cursor: Option<Cursor>, push: Vec<Mutation>) -> liaison_sync::SyncResponse {
        self.sync_request(who, request_now(who.device, cursor, push, 100)).await
    }

    async fn sync_request(&self, who: &Person, request: liaison_sync::SyncRequest) -> liaison_sync::SyncResponse {
        let body = encode_request(&request);
        let mut request = Request::builder().method(Method::POST).uri("/api/v1/sync");
        request = request.header(header::AUTHORIZATION, format!("Bearer {}", who.token));
        let request = request.header(header::CONTENT_TYPE, "application/json").body(HttpBody::from(body)).unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        if status != StatusCode::OK {
            let b = response.into_body().collect().await.unwrap().to_bytes();
            panic!("{status}: {}", String::from_utf8_lossy(&b));
        }
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        decode_response(&bytes, &LIMITS).unwrap()
    }

    /// `who` pushes one new (urgent) opinion card, pulling first for a
    /// cursor, and finds its matter in their own inbox.
    async fn push_card(&self, who: &Person) -> (Uuid, String) {
        self.push_card_with(who, "urgent").await
    }

    /// As [`App::push_card`], the card of this urgency.
    async fn push_card_with(&self, who: &Person, urgency: &str) -> (Uuid, String) {
        self.push_card_of(who, urgency, None).await
    }

    /// As [`App::push_card`], a normal card saying `content`.
    async fn push_card_saying(&self, who: &Person, content: &str) -> String {
        self.push_card_of(who, "normal", Some(content)).await.1
    }

    async fn push_card_of(&self, who: &Person, urgency: &str, content: Option<&str>) -> (Uuid, String) {
        let cursor = self.sync(who, None, vec![]).await.cursor;
        let card = Uuid::new_v4();
        let seq = 1 + self.store.sync_stats().await.unwrap().outcomes;
        let mut body = opinion(card);
        body.insert("urgency".into(), json!(urgency));
        if let Some(content) = content {
            body.insert("content".into(), json!(content));
        }
        let answer = self.sync(who, Some(cursor), vec![create(seq, Collection::OpinionCard, body)]).await;
        assert!(matches!(answer.results[0].outcome, liaison_sync::Outcome::Applied { version: 1 }));
        let mine = self.get("/api/v1/matters?limit=200", who).await.json();
        let matter = mine["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|item| item["matter"]["opinions"][0] == json!(card.to_string()))
            .unwrap_or_else(|| panic!("no matter for the card in {mine}"))["matter"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        (card, matter)
    }
}

/// `text` as a URL query value.
fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn today_plus(days: u64) -> String {
    let china = liaison_core::matter::deadline::china_date(Utc::now());
    china.checked_add_days(Days::new(days)).unwrap().format("%Y-%m-%d").to_string()
}

fn a_minute_ago() -> String {
    liaison_core::time::to_wire(Utc::now() - chrono::TimeDelta::minutes(1))
}

fn ids(list: &Value) -> Vec<String> {
    list["items"].as_array().unwrap().iter().map(|i| i["matter"]["id"].as_str().unwrap().to_owned()).collect()
}

fn state_of(answer: &Answer) -> String {
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    answer.json()["matter"]["state"].as_str().unwrap().to_owned()
}

// ---------------------------------------------------------------- the world

struct World {
    org_a: OrganisationId,
    unit_1: OrganisationId,
    rep: Person,
    rep_2: Person,
    rep_b: Person,
    office: Person,
    office_b: Person,
    unit: Person,
    unit_2: Person,
    admin: Person,
}

async fn world(app: &App) -> World {
    // The demo first: it is the organisation whose categories triage checks.
    let demo = liaison_core::demo::organisation();
    app.store.load_org(&demo).await.unwrap();
    let org_a = demo.id;
    let org_b = app.organisation("另一个县委组织部").await;
    let unit_1 = app.organisation("县住建局").await;
    let unit_2 = app.organisation("县教育局").await;
    World {
        org_a,
        unit_1,
        rep: app.person("rep", Role::Representative, Some(org_a)).await,
        rep_2: app.person("rep.two", Role::LiaisonOfficer, Some(org_a)).await,
        rep_b: app.person("rep.b", Role::Representative, Some(org_b)).await,
        office: app.person("office", Role::Office, Some(org_a)).await,
        office_b: app.person("office.b", Role::Office, Some(org_b)).await,
        unit: app.person("unit", Role::UnitMember, Some(unit_1)).await,
        unit_2: app.person("unit.two", Role::UnitMember, Some(unit_2)).await,
        admin: app.person("admin", Role::Admin, Some(org_a)).await,
    }
}

// ---------------------------------------------------------------- matrix

/// Every endpoint × everyone × a matter of organisation A (collected by
/// `rep`, dispatched to unit 1) and one of organisation B (collected by
/// `rep_b`, dispatched to unit 2).
async fn matrix(app: App) {
    let w = world(&app).await;
    let (_, m) = app.push_card(&w.rep).await;
    let (_, m_spare) = app.push_card(&w.rep).await;
    let (_, mb) = app.push_card(&w.rep_b).await;
    let (_, mb_spare) = app.push_card(&w.rep_b).await;
    let unit_2 = w.unit_2.user.organisation_id.unwrap();
    for (matter, office, unit) in [(&m, &w.office, w.unit_1), (&mb, &w.office_b, unit_2)] {
        let triage = json!({ "kind": "triage", "category": "urban_construction", "urgency": "normal" });
        assert_eq!(app.act(matter, office, triage).await.status, StatusCode::OK);
        let dispatch = json!({ "kind": "dispatch", "unit": unit.to_string(), "due_on": today_plus(15) });
        assert_eq!(state_of(&app.act(matter, office, dispatch).await), "dispatched");
    }

    #[derive(Clone, Copy, PartialEq, Debug)]
    enum Part {
        Collector,
        Office,
        Unit,
        Nobody,
    }
    let people = [
        ("rep", &w.rep, [Part::Collector, Part::Nobody]),
        ("rep_2", &w.rep_2, [Part::Nobody, Part::Nobody]),
        ("rep_b", &w.rep_b, [Part::Nobody, Part::Collector]),
        ("office", &w.office, [Part::Office, Part::Nobody]),
        ("office_b", &w.office_b, [Part::Nobody, Part::Office]),
        ("unit", &w.unit, [Part::Unit, Part::Nobody]),
        ("unit_2", &w.unit_2, [Part::Nobody, Part::Unit]),
        ("admin", &w.admin, [Part::Nobody, Part::Nobody]),
    ];
    for (name, who, parts) in people {
        let inbox = app.get("/api/v1/matters", who).await;
        if name == "admin" {
            assert_eq!((inbox.status, inbox.key().as_str()), (StatusCode::FORBIDDEN, "matter_no_handling"));
        } else {
            assert_eq!(inbox.status, StatusCode::OK, "{name}: {}", inbox.text);
        }
        for ((matter, spare), part) in [(&m, &m_spare), (&mb, &mb_spare)].into_iter().zip(parts) {
            let case = format!("{name} on {matter} ({part:?})");
            let sees = part != Part::Nobody;
            if name != "admin" {
                assert_eq!(ids(&inbox.json()).contains(matter), sees, "inbox: {case}");
                if part == Part::Unit {
                    assert!(!inbox.text.contains(RAISER_NAME) && !inbox.text.contains(RAISER_PHONE), "{case}");
                }
            }
            let before = (app.version(matter).await, app.events(matter).await);

            let detail = app.get(&format!("/api/v1/matters/{matter}"), who).await;
            let want = if sees { StatusCode::OK } else { StatusCode::NOT_FOUND };
            assert_eq!(detail.status, want, "detail: {case}: {}", detail.text);
            match part {
                Part::Unit => {
                    assert!(!detail.text.contains(RAISER_NAME) && !detail.text.contains(RAISER_PHONE), "{case}");
                    assert_eq!(detail.json()["opinions"][0]["raised_by"], json!({ "type": "hidden" }));
                }
                Part::Office | Part::Collector => {
                    assert!(detail.text.contains(RAISER_NAME) && detail.text.contains(RAISER_PHONE), "{case}")
                }
                Part::Nobody => assert_eq!(detail.key(), "server_not_found", "{case}"),
            }

            let csv = app.get(&format!("/api/v1/matters/{matter}/audit.csv"), who).await;
            assert_eq!(csv.status, want, "csv: {case}");

            // Urging is the office's: the others who see it are refused with
            // the catalogue's message, the rest do not learn it exists.
            let version = app.version(matter).await;
            let urge = json!({ "version": version, "action": { "kind": "urge", "note": "请抓紧办理" } });
            let urged = app.post(&format!("/api/v1/matters/{matter}/actions"), who, urge).await;
            let (status, key) = match part {
                Part::Office => (StatusCode::OK, ""),
                Part::Collector | Part::Unit => (StatusCode::FORBIDDEN, "matter_only_office"),
                Part::Nobody => (StatusCode::NOT_FOUND, "server_not_found"),
            };
            assert_eq!(urged.status, status, "urge: {case}: {}", urged.text);
            if status != StatusCode::OK {
                assert_eq!(urged.key(), key, "{case}");
                assert_eq!(urged.json()["error"]["action"].as_str(), (part != Part::Nobody).then_some("urge"));
            }
            if part == Part::Unit {
                assert_eq!(urged.json()["error"]["message"], "只有本组织的联络工作办公室可以督办。");
            }

            // Merging a dispatched matter: the office is told it is too late,
            // the collector that it is the office's, a unit (which cannot see
            // the spare matter) and everyone else get 404.
            let version = app.version(matter).await;
            let merge = json!({ "into": spare, "version": version });
            let merged = app.post(&format!("/api/v1/matters/{matter}/merge"), who, merge).await;
            let (status, key) = match part {
                Part::Office => (StatusCode::CONFLICT, "matter_wrong_state"),
                Part::Collector => (StatusCode::FORBIDDEN, "matter_only_office"),
                Part::Unit | Part::Nobody => (StatusCode::NOT_FOUND, "server_not_found"),
            };
            assert_eq!((merged.status, merged.key().as_str()), (status, key), "merge: {case}: {}", merged.text);

            let after = (app.version(matter).await, app.events(matter).await);
            if part == Part::Office {
                assert_eq!(after, (before.0 + 1, before.1 + 1), "{case}: the urge, and only it");
            } else {
                assert_eq!(after, before, "{case}: nothing changed");
            }
        }
    }

    // Nobody signed in: 401 everywhere.
    for (method, path) in [
        (Method::GET, "/api/v1/matters".to_owned()),
        (Method::GET, format!("/api/v1/matters/{m}")),
        (Method::POST, format!("/api/v1/matters/{m}/actions")),
        (Method::POST, format!("/api/v1/matters/{m}/merge")),
        (Method::GET, format!("/api/v1/matters/{m}/audit.csv")),
    ] {
        let answer = app.call(method, &path, None, Some(json!({}))).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{path}");
    }
    // A malformed id, and one nobody has: 404 like someone else's.
    for id in ["not-a-uuid", &Uuid::new_v4().to_string()] {
        assert_eq!(app.get(&format!("/api/v1/matters/{id}"), &w.office).await.status, StatusCode::NOT_FOUND);
    }

    // The organisations a dispatch chooses among (and an account belongs to):
    // for offices and administrators, by name; nobody else.
    for who in [&w.office, &w.admin] {
        let answer = app.get("/api/v1/organisations", who).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        let names: Vec<String> =
            answer.json().as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap().to_owned()).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted, "by name");
        for name in ["县住建局", "县教育局", "另一个县委组织部"] {
            assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
        }
        let unit = answer.json().as_array().unwrap().iter().find(|o| o["name"] == "县住建局").cloned().unwrap();
        assert_eq!(unit["id"], json!(w.unit_1.to_string()));
    }
    for who in [&w.rep, &w.unit] {
        let answer = app.get("/api/v1/organisations", who).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.text);
    }
    assert_eq!(app.call(Method::GET, "/api/v1/organisations", None, None).await.status, StatusCode::UNAUTHORIZED);
}

on_both_backends!(matrix, the_authorisation_matrix_on_sqlite, the_authorisation_matrix_on_postgres);

// ---------------------------------------------------------------- story

/// From the phone's push to closure, through a send-back and a reopening.
async fn story(app: App) {
    let w = world(&app).await;
    let office = &w.office;

    // The representative's phone pushes a card: one matter, in the office's inbox.
    let cursor = app.sync(&w.rep, None, vec![]).await.cursor;
    let card = Uuid::new_v4();
    let push = vec![create(1, Collection::OpinionCard, opinion(card))];
    let first = app.sync(&w.rep, Some(cursor), push.clone()).await;
    assert!(
        first.changes.iter().all(|c| c.key.collection != Collection::MatterStatus),
        "a version-1 phone is never sent a status"
    );
    // A phone of this build is told the matter's status in the same answer's
    // log; it pulls from the start here.
    let statuses = app.sync_now(&w.rep, None, vec![]).await;
    let status = only_status(&statuses);
    assert_eq!(status["state"], "reported");
    assert_eq!(status["opinions"], json!([card.to_string()]));
    let mut rep_cursor = statuses.cursor;
    let inbox = app.get("/api/v1/matters", office).await.json();
    assert_eq!(inbox["total"], 1, "{inbox}");
    let item = &inbox["items"][0];
    assert_eq!(item["matter"]["state"], "reported");
    assert_eq!(item["matter"]["opinions"], json!([card.to_string()]));
    assert_eq!(item["matter"]["collector"], json!(w.rep.user.id.to_string()));
    assert_eq!(item["matter"]["organisation"], json!(w.org_a.to_string()));
    assert_eq!(item["matter"]["received_at"], json!(liaison_core::time::to_wire(first.results[0].received_at)));
    assert_eq!(item["collector"]["name"], "rep名");
    assert_eq!(item["opinions"][0]["raised_by"]["name"], RAISER_NAME);
    assert_eq!(item["deadline"]["clock"], "triage");
    let m = item["matter"]["id"].as_str().unwrap().to_owned();
    // Found by where it was collected, and not by another place.
    let place = item["opinions"][0]["place"].as_str().unwrap().to_owned();
    let by_place = app.get(&format!("/api/v1/matters?place={}", urlencode(&place)), office).await.json();
    assert_eq!(ids(&by_place), vec![m.clone()]);
    assert_eq!(app.get(&format!("/api/v1/matters?place={}", urlencode("别的地方")), office).await.json()["total"], 0);

    // Sent again (the answer was lost), offered again, created again from
    // another device of the same user: still one matter.
    let again = app.sync(&w.rep, Some(cursor), push).await;
    assert_eq!(again.results, first.results);
    let token = DeviceToken::generate();
    let second = Uuid::new_v4();
    let now = at("2026-11-20T00:00:00Z");
    let device = Device {
        id: liaison_core::DeviceId::from_uuid(second),
        user_id: w.rep.user.id,
        name: DeviceName::parse("第二部手机").unwrap(),
        created_at: now,
        last_seen_at: now,
        revoked_at: None,
    };
    app.store.create_device(&device, &token.hash()).await.unwrap();
    let rep_phone_2 =
        Person { user: w.rep.user.clone(), device: DeviceId::from_uuid(second), token: token.expose().to_owned() };
    let cursor_2 = app.sync(&rep_phone_2, None, vec![]).await.cursor;
    let offer = Mutation {
        seq: MutationSeq(1),
        key: liaison_sync::RecordKey { collection: Collection::OpinionCard, id: card },
        op: Op::Offer { body: opinion(card) },
    };
    let recreate = create(2, Collection::OpinionCard, opinion(card));
    app.sync(&rep_phone_2, Some(cursor_2), vec![offer, recreate]).await;
    assert_eq!(app.get("/api/v1/matters", office).await.json()["total"], 1);
    assert_eq!(app.store.backfill_matters(Utc::now()).await.unwrap(), 0, "nothing left to backfill");

    let step = |who: &'static str, action: Value, want: &'static str| (who, action, want);
    let triage = json!({ "kind": "triage", "category": "urban_construction", "urgency": "normal" });
    let dispatch = json!({ "kind": "dispatch", "unit": w.unit_1.to_string(), "due_on": today_plus(15) });
    let reply = |text: &str| json!({ "kind": "submit_reply", "text": text });
    let informed = || json!({ "kind": "record_informed", "how": "phone", "when": a_minute_ago() });
    let steps = [
        step("office", triage, "triaged"),
        step("office", dispatch.clone(), "dispatched"),
        step("unit", json!({ "kind": "accept_dispatch" }), "in_progress"),
        step("unit", reply("已安排维修路灯。"), "replied"),
        step("office", json!({ "kind": "send_back", "reason": "请写明维修完成时间" }), "in_progress"),
        step("unit", reply("已于本周五前修复三盏路灯。"), "replied"),
        step("office", json!({ "kind": "accept_reply" }), "reply_accepted"),
        step("rep", informed(), "person_informed"),
        step(
            "rep",
            json!({ "kind": "record_evaluation", "satisfaction": "not_satisfied", "reason": "还有一盏没修" }),
            "reopened",
        ),
        step("office", dispatch, "dispatched"),
        step("unit", json!({ "kind": "accept_dispatch" }), "in_progress"),
        step("unit", reply("四盏路灯全部修复。"), "replied"),
        step("office", json!({ "kind": "accept_reply" }), "reply_accepted"),
        step("rep", informed(), "person_informed"),
        step("rep", json!({ "kind": "record_evaluation", "satisfaction": "satisfied", "reason": null }), "evaluated"),
        step("office", json!({ "kind": "close" }), "closed"),
    ];
    let n = steps.len();
    for (i, (who, action, want)) in steps.into_iter().enumerate() {
        let person = match who {
            "office" => office,
            "unit" => &w.unit,
            _ => &w.rep,
        };
        let answer = app.act(&m, person, action.clone()).await;
        assert_eq!(state_of(&answer), want, "step {i}: {who} {action}");
        assert_eq!(answer.json()["matter"]["version"], i + 1);
        assert_eq!(answer.json()["timeline"].as_array().unwrap().len(), i + 1);
        // The collector's phone is told each step, once, with the reply only
        // after the office accepted it.
        let pulled = app.sync_now(&w.rep, Some(rep_cursor), vec![]).await;
        rep_cursor = pulled.cursor;
        let status = only_status(&pulled);
        assert_eq!(status["state"], want, "step {i}");
        assert_eq!(status["version"], i + 1);
        match want {
            "reply_accepted" | "person_informed" | "evaluated" | "closed" => {
                assert_eq!(status["reply"]["unit_name"], "县住建局", "step {i}: {status}");
                assert!(status["reply"]["text"].is_string());
            }
            _ => assert_eq!(status["reply"], Value::Null, "step {i}: {status}"),
        }
        if i == 6 {
            // The accepted reply is what the representative reads.
            let mine = app.get(&format!("/api/v1/matters/{m}"), &w.rep).await.json();
            assert_eq!(mine["matter"]["reply"]["text"], "已于本周五前修复三盏路灯。");
            assert_eq!(mine["matter"]["state"], "reply_accepted");
        }
    }

    // The timeline has every event, in order, each with who did it.
    let detail = app.get(&format!("/api/v1/matters/{m}"), office).await.json();
    let timeline = detail["timeline"].as_array().unwrap();
    let kinds: Vec<&str> = timeline.iter().map(|e| e["action"]["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "triage",
            "dispatch",
            "accept_dispatch",
            "submit_reply",
            "send_back",
            "submit_reply",
            "accept_reply",
            "record_informed",
            "record_evaluation",
            "dispatch",
            "accept_dispatch",
            "submit_reply",
            "accept_reply",
            "record_informed",
            "record_evaluation",
            "close"
        ]
    );
    let events: Vec<liaison_core::matter::AuditEvent> = timeline
        .iter()
        .map(|e| {
            let mut e = e.clone();
            e.as_object_mut().unwrap().remove("actor_name");
            serde_json::from_value::<liaison_core::matter::AuditEventRecordV1>(e).unwrap().try_into().unwrap()
        })
        .collect();
    assert_eq!(liaison_core::matter::check_history(&events), Ok(()));
    assert_eq!(timeline[2]["actor_name"], "unit名");
    assert_eq!(timeline[2]["device"], json!(w.unit.device.to_string()));
    assert_eq!(detail["matter"]["rework_count"], 2);
    assert_eq!(detail["deadline"], Value::Null);

    // The closed matter leaves the overdue list and stays in the "closed" one.
    let closed = app.get("/api/v1/matters?state=closed", office).await.json();
    assert_eq!(ids(&closed), vec![m.clone()]);
    assert_eq!(app.get("/api/v1/matters?overdue=true", office).await.json()["total"], 0);
    assert_eq!(app.get("/api/v1/matters?state=replied", office).await.json()["total"], 0);

    // The audit log for Excel: a BOM, a header, one line an event.
    let csv = app.get(&format!("/api/v1/matters/{m}/audit.csv"), office).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    assert!(csv.text.starts_with("\u{feff}\"序号\",\"时间（北京时间）\""), "{}", csv.text);
    assert_eq!(csv.text.lines().count(), 1 + n);
    assert!(csv.text.contains("\"退回重办\""), "{}", csv.text);
    assert!(csv.text.contains("还有一盏没修"), "{}", csv.text);

    assert_eq!(n, 16);
    let status = only_status(&app.sync_now(&w.rep, None, vec![]).await);
    assert_eq!(status["reply"]["text"], "四盏路灯全部修复。");
    assert_eq!(status["evaluation"]["satisfaction"], "satisfied");
    assert_eq!(status["closure"]["how"], "completed");
    // Nobody else is told: not the office, not the unit, not another representative.
    for other in [office, &w.unit, &w.rep_b] {
        let theirs = app.sync_now(other, None, vec![]).await;
        assert!(theirs.changes.iter().all(|c| c.key.collection != Collection::MatterStatus));
    }
}

/// The one matter status in a sync answer, as JSON.
fn only_status(answer: &liaison_sync::SyncResponse) -> Value {
    let statuses: Vec<&liaison_sync::Change> =
        answer.changes.iter().filter(|c| c.key.collection == Collection::MatterStatus).collect();
    assert_eq!(statuses.len(), 1, "{:?}", answer.changes);
    let body = statuses[0].body.clone().expect("a status travels with its body");
    assert!(!statuses[0].deleted);
    Value::Object(body)
}

on_both_backends!(story, the_story_from_push_to_closure_on_sqlite, the_story_from_push_to_closure_on_postgres);

/// A phone's backlog in one push — more cards than one statement writes —
/// becomes one matter a card, each with one status that names its card and
/// goes back to the phone; the same cards offered again (a phone after a
/// restore) make nothing more.
async fn backlog(app: App) {
    let w = world(&app).await;
    let cursor = app.sync(&w.rep, None, vec![]).await.cursor;
    let cards: Vec<Uuid> = (0..1_201).map(|_| Uuid::new_v4()).collect();
    let push = |op: fn(liaison_sync::Body) -> Op| {
        cards
            .iter()
            .enumerate()
            .map(|(n, id)| Mutation {
                seq: MutationSeq(n as u64 + 1),
                key: liaison_sync::RecordKey { collection: Collection::OpinionCard, id: *id },
                op: op(opinion(*id)),
            })
            .collect::<Vec<_>>()
    };
    let answer =
        app.sync_request(&w.rep, request_now(w.rep.device, Some(cursor), push(|body| Op::Create { body }), 1)).await;
    assert_eq!(answer.results.len(), cards.len());
    assert!(answer.results.iter().all(|r| matches!(r.outcome, liaison_sync::Outcome::Applied { version: 1 })));
    // Every status, pulled a page at a time.
    let mut statuses: std::collections::HashMap<String, Value> = std::collections::HashMap::new();
    let mut at = Some(cursor);
    loop {
        let page = app.sync_request(&w.rep, request_now(w.rep.device, at, vec![], 500)).await;
        for change in page.changes.iter().filter(|c| c.key.collection == Collection::MatterStatus) {
            let body = Value::Object(change.body.clone().expect("a status travels with its body"));
            assert_eq!(change.version, 1, "{body}");
            assert!(statuses.insert(change.key.id.to_string(), body).is_none(), "a status twice");
        }
        at = Some(page.cursor);
        if !page.more {
            break;
        }
    }
    let mut named: Vec<String> = statuses.values().map(|s| s["opinions"][0].as_str().unwrap().to_owned()).collect();
    named.sort();
    let mut expected: Vec<String> = cards.iter().map(Uuid::to_string).collect();
    expected.sort();
    assert_eq!(named, expected, "one matter a card");
    for (matter, status) in &statuses {
        assert_eq!(status["id"].as_str(), Some(matter.as_str()));
        assert_eq!(status["state"], json!("reported"));
    }
    // Offered again under new numbers: answered, nothing made.
    let again: Vec<Mutation> = push(|body| Op::Offer { body })
        .into_iter()
        .map(|m| Mutation { seq: MutationSeq(m.seq.0 + 10_000), ..m })
        .collect();
    let answer = app.sync_request(&w.rep, request_now(w.rep.device, at, again, 500)).await;
    assert!(answer.results.iter().all(|r| matches!(r.outcome, liaison_sync::Outcome::Applied { version: 1 })));
    assert!(answer.changes.is_empty(), "{:?}", answer.changes.first());
    let office = app.get("/api/v1/matters?limit=1", &w.office).await.json();
    assert_eq!(office["total"], json!(cards.len()), "{office}");
}

on_both_backends!(backlog, a_backlog_becomes_a_matter_a_card_on_sqlite, a_backlog_becomes_a_matter_a_card_on_postgres);

// ------------------------------------------------- requests from the phone

/// A collector's request as its phone writes it (`MatterRequestRecordV1`).
fn matter_request(matter: &str, action: Value) -> liaison_sync::Body {
    let Value::Object(body) = json!({
        "v": 1, "id": Uuid::new_v4().to_string(), "matter": matter, "action": action, "made_at": a_minute_ago()
    }) else {
        unreachable!()
    };
    body
}

/// The representative tells the person and records the verdict offline; the
/// requests reach the matter through sync, in order, once each.
async fn requests(app: App) {
    let w = world(&app).await;
    let (_, m) = app.push_card(&w.rep).await;
    let dispatch = json!({ "kind": "dispatch", "unit": w.unit_1.to_string(), "due_on": today_plus(15) });
    for (who, action) in [
        (&w.office, json!({ "kind": "triage", "category": "urban_construction", "urgency": "normal" })),
        (&w.office, dispatch),
        (&w.unit, json!({ "kind": "accept_dispatch" })),
        (&w.unit, json!({ "kind": "submit_reply", "text": "已修复。" })),
        (&w.office, json!({ "kind": "accept_reply" })),
    ] {
        assert_eq!(app.act(&m, who, action).await.status, StatusCode::OK);
    }
    let version = app.version(&m).await;
    let cursor = app.sync_now(&w.rep, None, vec![]).await.cursor;
    let seq = 1 + app.store.sync_stats().await.unwrap().outcomes;
    let told = matter_request(&m, json!({ "kind": "record_informed", "how": "in_person", "when": a_minute_ago() }));
    let verdict = matter_request(
        &m,
        json!({ "kind": "record_evaluation", "satisfaction": "not_satisfied", "reason": "还有一盏没修" }),
    );
    let push = vec![
        create(seq, Collection::MatterRequest, told.clone()),
        create(seq + 1, Collection::MatterRequest, verdict.clone()),
    ];
    let answer = app.sync_now(&w.rep, Some(cursor), push.clone()).await;
    for result in &answer.results {
        assert!(matches!(result.outcome, liaison_sync::Outcome::Applied { version: 1 }), "{answer:?}");
    }
    let record = app.record(&m).await;
    assert_eq!(record["state"], "reopened");
    assert_eq!(record["version"], version + 2);
    assert_eq!(record["evaluation"]["reason"], "还有一盏没修");
    // The phone learns the outcome in the same answer; the office is told
    // of the verdict through the notifier, like a desk change.
    assert_eq!(only_status(&answer)["state"], "reopened");
    let told: Vec<String> = app
        .notices
        .0
        .lock()
        .unwrap()
        .iter()
        .filter(|n| n.matter.to_string() == m)
        .map(|n| format!("{}→{}", n.action.code(), serde_json::to_value(n.to).unwrap()["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(told.last().map(String::as_str), Some("record_evaluation→office"), "{told:?}");
    // The timeline names the representative and the phone.
    let detail = app.get(&format!("/api/v1/matters/{m}"), &w.office).await.json();
    let last = detail["timeline"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"]["kind"], "record_evaluation");
    assert_eq!(last["device"], json!(w.rep.device.to_string()));

    // Sent again (the answer was lost): the same answers, nothing applied twice.
    let again = app.sync_now(&w.rep, Some(cursor), push).await;
    assert_eq!(again.results, answer.results);
    assert_eq!(app.version(&m).await, version + 2);

    // Refused, each with its reason, and nothing changes: a verdict on a
    // reopened matter, an action a phone may not ask, someone else's matter.
    let head = answer.cursor;
    let seq = 1 + app.store.sync_stats().await.unwrap().outcomes;
    let late = matter_request(&m, json!({ "kind": "record_evaluation", "satisfaction": "satisfied", "reason": null }));
    let close = matter_request(&m, json!({ "kind": "close" }));
    let refused = app
        .sync_now(
            &w.rep,
            Some(head),
            vec![create(seq, Collection::MatterRequest, late), create(seq + 1, Collection::MatterRequest, close)],
        )
        .await;
    let keys: Vec<String> = refused
        .results
        .iter()
        .map(|r| match &r.outcome {
            liaison_sync::Outcome::Rejected { reason } => reason.key.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(keys, ["matter_request_stale", "sync_invalid_record"]);
    let (_, other) = app.push_card(&w.rep_2).await;
    let cursor_2 = app.sync_now(&w.rep, None, vec![]).await.cursor;
    let seq = 1 + app.store.sync_stats().await.unwrap().outcomes;
    let theirs = matter_request(&other, json!({ "kind": "record_informed", "how": "phone", "when": a_minute_ago() }));
    let answer = app.sync_now(&w.rep, Some(cursor_2), vec![create(seq, Collection::MatterRequest, theirs)]).await;
    assert!(
        matches!(&answer.results[0].outcome, liaison_sync::Outcome::Rejected { reason } if reason.key == "sync_not_found")
    );
    assert_eq!(app.version(&m).await, version + 2);
    assert_eq!(app.record(&other).await["state"], "reported");
}

on_both_backends!(requests, requests_from_the_phone_on_sqlite, requests_from_the_phone_on_postgres);

// ------------------------------------------------------ organisations above

/// An administrator puts organisation A under a city's: the city's office
/// sees A's matters (and acts on none of them); A's office forwards only
/// upward; a loop, or a non-administrator, is refused and changes nothing.
async fn hierarchy(app: App) {
    let w = world(&app).await;
    let city = app.organisation("市委组织部").await;
    let city_office = app.person("city.office", Role::Office, Some(city)).await;
    async fn put_parent(app: &App, who: &Person, org: OrganisationId, parent: Value) -> Answer {
        let path = format!("/api/v1/organisations/{org}/parent");
        app.call(Method::PUT, &path, Some(who), Some(json!({ "parent": parent }))).await
    }
    let put = |who, org, parent| put_parent(&app, who, org, parent);
    assert_eq!(put(&w.office, w.org_a, json!(city.to_string())).await.status, StatusCode::FORBIDDEN);
    let set = put(&w.admin, w.org_a, json!(city.to_string())).await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.text);
    let listed = set.json();
    let a = listed.as_array().unwrap().iter().find(|o| o["id"] == json!(w.org_a.to_string())).unwrap().clone();
    assert_eq!(a["parent"], json!(city.to_string()));
    // A loop, itself, an unknown organisation: refused, nothing changed.
    for (org, parent, key) in [
        (city, json!(w.org_a.to_string()), "org_parent_cycle"),
        (city, json!(city.to_string()), "org_parent_self"),
        (city, json!(Uuid::new_v4().to_string()), "unknown_organisation"),
    ] {
        let refused = put(&w.admin, org, parent).await;
        assert_eq!(
            (refused.status, refused.key().as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, key),
            "{}",
            refused.text
        );
    }
    assert_eq!(app.store.org_tree().await.unwrap().above(w.org_a), vec![city]);
    assert_eq!(app.store.org_tree().await.unwrap().above(city), vec![]);

    // The city's office sees A's matter, in its inbox and in full, and acts on none.
    let (_, m) = app.push_card(&w.rep).await;
    let inbox = app.get("/api/v1/matters", &city_office).await.json();
    assert_eq!(ids(&inbox), vec![m.clone()]);
    let overseen = app.get(&format!("/api/v1/matters/{m}"), &city_office).await;
    assert_eq!((overseen.status, &overseen.json()["acting_as"]), (StatusCode::OK, &Value::Null), "it acts as no party");
    assert_eq!(app.get(&format!("/api/v1/matters/{m}"), &w.office).await.json()["acting_as"], "office");
    let triage = json!({ "kind": "triage", "category": "urban_construction", "urgency": "normal" });
    assert_eq!(app.act(&m, &city_office, triage.clone()).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&format!("/api/v1/matters/{m}/similar"), &city_office).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/v1/matters", &w.office_b).await.json()["total"], 0, "B sees nothing of it");

    // A forwards it: not to B (not above), to the city; the city handles it.
    let not_above = app.act(&m, &w.office, json!({ "kind": "forward_upward", "to": w.unit_1.to_string() })).await;
    assert_eq!(
        (not_above.status, not_above.key().as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "matter_forward_not_above"),
        "{}",
        not_above.text
    );
    assert_eq!(app.version(&m).await, 0, "nothing changed");
    let forwarded = app.act(&m, &w.office, json!({ "kind": "forward_upward", "to": city.to_string() })).await;
    assert_eq!(forwarded.status, StatusCode::OK, "{}", forwarded.text);
    assert_eq!(app.get(&format!("/api/v1/matters/{m}"), &w.office).await.status, StatusCode::NOT_FOUND, "it left A");
    let handled = app.act(&m, &city_office, triage).await;
    assert_eq!(handled.status, StatusCode::OK, "{}", handled.text);
    // Back at the top: the city's office no longer sees A's new matters.
    assert_eq!(put(&w.admin, w.org_a, Value::Null).await.status, StatusCode::OK);
    let (_, later) = app.push_card(&w.rep).await;
    assert!(!ids(&app.get("/api/v1/matters", &city_office).await.json()).contains(&later));
}

on_both_backends!(hierarchy, organisations_above_on_sqlite, organisations_above_on_postgres);

// ------------------------------------------------------ revealing a raiser

/// A unit sees who raised an opinion only after the office reveals them to
/// it, with a reason, and only in the matter's detail; the office alone may;
/// a new dispatch hides them again.
async fn reveal(app: App) {
    let w = world(&app).await;
    let cursor = app.sync_now(&w.rep, None, vec![]).await.cursor;
    let card = Uuid::new_v4();
    app.sync_now(&w.rep, Some(cursor), vec![create(1, Collection::OpinionCard, opinion(card))]).await;
    let m = matter_of(&app, &w.office, card).await;
    let dispatch = json!({ "kind": "dispatch", "unit": w.unit_1.to_string(), "due_on": today_plus(15) });
    for action in [json!({ "kind": "triage", "category": "urban_construction", "urgency": "normal" }), dispatch.clone()]
    {
        assert_eq!(app.act(&m, &w.office, action).await.status, StatusCode::OK);
    }
    let shown = |answer: &Answer| answer.text.contains(RAISER_NAME) && answer.text.contains(RAISER_PHONE);
    let detail = format!("/api/v1/matters/{m}");
    assert!(!shown(&app.get(&detail, &w.unit).await), "hidden by default");
    let reveal = json!({ "kind": "reveal_raiser", "reason": "需要上门核实漏水位置。" });
    // Not the unit's to decide, and a reason is needed: nothing changes.
    let by_unit = app.act(&m, &w.unit, reveal.clone()).await;
    assert_eq!(by_unit.status, StatusCode::FORBIDDEN, "{}", by_unit.text);
    let bare = app.act(&m, &w.office, json!({ "kind": "reveal_raiser", "reason": "" })).await;
    assert_eq!(bare.status, StatusCode::BAD_REQUEST, "{}", bare.text);
    assert!(!shown(&app.get(&detail, &w.unit).await));
    let revealed = app.act(&m, &w.office, reveal.clone()).await;
    assert_eq!(revealed.status, StatusCode::OK, "{}", revealed.text);
    assert_eq!(state_of(&revealed), "dispatched");
    let seen = app.get(&detail, &w.unit).await;
    assert!(shown(&seen), "{}", seen.text);
    assert_eq!(
        seen.json()["timeline"].as_array().unwrap().last().unwrap()["action"]["reason"],
        "需要上门核实漏水位置。"
    );
    let list = app.get("/api/v1/matters", &w.unit).await;
    assert!(!shown(&list), "never in the list: {}", list.text);
    assert!(!shown(&app.get(&detail, &w.unit_2).await), "another unit sees nothing at all");
    // Sent back to the office and dispatched again: hidden again.
    let returned = app.act(&m, &w.unit, json!({ "kind": "return_dispatch", "reason": "不属于本单位职责。" })).await;
    assert_eq!(returned.status, StatusCode::OK, "{}", returned.text);
    assert_eq!(app.act(&m, &w.office, dispatch).await.status, StatusCode::OK);
    assert!(!shown(&app.get(&detail, &w.unit).await), "a new dispatch hides it again");
}

on_both_backends!(reveal, the_office_reveals_a_raiser_on_sqlite, the_office_reveals_a_raiser_on_postgres);

// ------------------------------------------------------ attachments

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";

impl App {
    /// `POST …/{matter}/attachments?name=` with `content` as `content_type`.
    async fn attach(&self, matter: &str, who: &Person, name: &str, content_type: &str, content: Vec<u8>) -> Answer {
        let request = Request::builder()
            .method(Method::POST)
            .uri(format!("/api/v1/matters/{matter}/attachments?name={}", urlencode(name)))
            .header(header::AUTHORIZATION, format!("Bearer {}", who.token))
            .header(header::CONTENT_TYPE, content_type)
            .body(HttpBody::from(content))
            .unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Answer { status, text: String::from_utf8_lossy(&bytes).into_owned(), headers }
    }

    /// The bytes of a download, with its answer.
    async fn download(&self, path: &str, who: &Person) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        let request = Request::builder()
            .uri(path)
            .header(header::AUTHORIZATION, format!("Bearer {}", who.token))
            .body(HttpBody::empty())
            .unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        let (status, headers) = (response.status(), response.headers().clone());
        (status, headers, response.into_body().collect().await.unwrap().to_bytes().to_vec())
    }

    fn attachment_files(&self) -> Vec<String> {
        let dir = self._data.path().join(liaison_server::photos::blobs::ATTACHMENTS_DIR);
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        names.sort();
        names
    }
}

/// A unit attaches files to the matter it has: listed in the timeline,
/// downloadable by the unit and the office with the same bytes, stored once
/// however often attached; nobody else attaches or downloads, and a refused
/// file changes nothing.
async fn attachments(app: App) {
    let w = world(&app).await;
    let cursor = app.sync_now(&w.rep, None, vec![]).await.cursor;
    let card = Uuid::new_v4();
    app.sync_now(&w.rep, Some(cursor), vec![create(1, Collection::OpinionCard, opinion(card))]).await;
    let m = matter_of(&app, &w.office, card).await;
    let triage = json!({ "kind": "triage", "category": "urban_construction", "urgency": "normal" });
    // Not dispatched yet: there is no unit to attach anything.
    assert_eq!(app.act(&m, &w.office, triage).await.status, StatusCode::OK);
    let early = app.attach(&m, &w.unit, "答复函.pdf", "application/pdf", PDF.to_vec()).await;
    assert_eq!(early.status, StatusCode::NOT_FOUND, "{}", early.text);
    let dispatch = json!({ "kind": "dispatch", "unit": w.unit_1.to_string(), "due_on": today_plus(15) });
    assert_eq!(app.act(&m, &w.office, dispatch).await.status, StatusCode::OK);
    assert_eq!(app.act(&m, &w.unit, json!({ "kind": "accept_dispatch" })).await.status, StatusCode::OK);

    let attached = app.attach(&m, &w.unit, "答复函 (1).pdf", "application/pdf", PDF.to_vec()).await;
    assert_eq!(attached.status, StatusCode::OK, "{}", attached.text);
    assert_eq!(state_of(&attached), "in_progress");
    let last = attached.json()["timeline"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"]["kind"], "add_attachment");
    let sha = liaison_core::matter::Sha256Hex::of(PDF).as_str().to_owned();
    assert_eq!(
        last["action"]["attachment"],
        json!({ "name": "答复函 (1).pdf", "sha256": sha, "bytes": PDF.len(), "content_type": "pdf" })
    );
    let path = format!("/api/v1/matters/{m}/attachments/{sha}");
    for who in [&w.unit, &w.office] {
        let (status, headers, bytes) = app.download(&path, who).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(bytes, PDF);
        assert_eq!(headers[header::CONTENT_TYPE], "application/pdf");
        assert_eq!(
            headers[header::CONTENT_DISPOSITION],
            "attachment; filename=\"attachment.pdf\"; filename*=UTF-8''%E7%AD%94%E5%A4%8D%E5%87%BD%20%281%29.pdf"
        );
    }
    // The same bytes again (another name): a second event, one file on disk.
    let again = app.attach(&m, &w.unit, "答复函副本.pdf", "application/pdf; charset=binary", PDF.to_vec()).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text);
    assert_eq!(app.attachment_files(), [sha.as_str()]);
    assert!(app.download(&path, &w.unit).await.1[header::CONTENT_DISPOSITION].to_str().unwrap().contains("%E5%89%AF"));

    // Another unit, another office, an administrator: no such matter.
    for who in [&w.unit_2, &w.office_b, &w.admin] {
        assert_eq!(app.download(&path, who).await.0, StatusCode::NOT_FOUND);
        let refused = app.attach(&m, who, "x.pdf", "application/pdf", PDF.to_vec()).await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND, "{}", refused.text);
    }
    // The collector sees the matter and may download, but attaches nothing.
    assert_eq!(app.download(&path, &w.rep).await.0, StatusCode::OK);
    let by_rep = app.attach(&m, &w.rep, "x.pdf", "application/pdf", PDF.to_vec()).await;
    assert_eq!((by_rep.status, by_rep.key()), (StatusCode::FORBIDDEN, "matter_only_unit".to_owned()));
    // A hash this matter never attached, or no hash at all: 404.
    let other = liaison_core::matter::Sha256Hex::of(b"%PDF-other").as_str().to_owned();
    for bad in [other.as_str(), "not-a-hash", &sha.to_uppercase()] {
        assert_eq!(
            app.download(&format!("/api/v1/matters/{m}/attachments/{bad}"), &w.unit).await.0,
            StatusCode::NOT_FOUND
        );
    }

    // Refused files: a clear key, nothing stored, nothing changed.
    let version = app.version(&m).await;
    let big = [b"%PDF".as_slice(), &vec![b' '; 10 << 20]].concat();
    let refusals: Vec<(&str, &str, Vec<u8>, StatusCode, &str)> = vec![
        ("照片.jpg", "image/jpeg", PDF.to_vec(), StatusCode::BAD_REQUEST, "attachment_not_its_type"),
        ("说明.txt", "text/plain", b"hello".to_vec(), StatusCode::BAD_REQUEST, "attachment_type_unknown"),
        ("无类型.pdf", "", PDF.to_vec(), StatusCode::BAD_REQUEST, "attachment_type_unknown"),
        ("大.pdf", "application/pdf", big, StatusCode::PAYLOAD_TOO_LARGE, "attachment_too_large"),
        ("", "application/pdf", PDF.to_vec(), StatusCode::BAD_REQUEST, "attachment_name_invalid"),
        ("../etc/passwd.pdf", "application/pdf", PDF.to_vec(), StatusCode::BAD_REQUEST, "attachment_name_invalid"),
        ("空.pdf", "application/pdf", vec![], StatusCode::BAD_REQUEST, "attachment_empty"),
    ];
    for (name, content_type, content, status, key) in refusals {
        let answer = app.attach(&m, &w.unit, name, content_type, content).await;
        assert_eq!((answer.status, answer.key().as_str()), (status, key), "{name}: {}", answer.text);
        assert!(answer.json()["error"]["message"].as_str().unwrap().contains("没有上传"), "{}", answer.text);
    }
    assert_eq!(app.version(&m).await, version, "nothing changed");
    assert_eq!(app.attachment_files(), [sha.as_str()], "nothing stored");

    // Replied, the unit may still add an enclosure; accepted, no more.
    let reply = json!({ "kind": "submit_reply", "text": "已修复，见附件。" });
    assert_eq!(app.act(&m, &w.unit, reply).await.status, StatusCode::OK);
    let png = b"\x89PNG\r\n\x1a\n....".to_vec();
    let enclosure = app.attach(&m, &w.unit, "现场.png", "image/png", png.clone()).await;
    assert_eq!(enclosure.status, StatusCode::OK, "{}", enclosure.text);
    assert_eq!(app.act(&m, &w.office, json!({ "kind": "accept_reply" })).await.status, StatusCode::OK);
    let late = app.attach(&m, &w.unit, "迟到.png", "image/png", png).await;
    assert_eq!((late.status, late.key().as_str()), (StatusCode::CONFLICT, "matter_wrong_state"), "{}", late.text);
    assert_eq!(app.attachment_files().len(), 2);
    // The audit log says it too.
    let csv = app.get(&format!("/api/v1/matters/{m}/audit.csv"), &w.office).await;
    assert!(csv.text.contains("答复函 (1).pdf"), "{}", csv.text);
}

on_both_backends!(attachments, a_unit_attaches_files_on_sqlite, a_unit_attaches_files_on_postgres);

// ------------------------------------------------------ merged duplicates

/// The matter the card `card` became, as the office's inbox lists it.
async fn matter_of(app: &App, office: &Person, card: Uuid) -> String {
    let inbox = app.get("/api/v1/matters?limit=100", office).await.json();
    let items = inbox["items"].as_array().unwrap();
    let item = items.iter().find(|i| i["matter"]["opinions"][0] == json!(card.to_string())).expect("in the inbox");
    item["matter"]["id"].as_str().unwrap().to_owned()
}

/// Two representatives collect the same problem; the office merges the
/// second into the first. The second's phone is told the reply of the
/// matter it joined once the office accepts it, and how it closed — the
/// verdict stays the first collector's. A merge of the merged matter passes
/// the answer down the chain.
async fn duplicates(app: App) {
    let w = world(&app).await;
    let (first, second, third) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
    let rep_cursor = app.sync_now(&w.rep, None, vec![]).await.cursor;
    app.sync_now(&w.rep, Some(rep_cursor), vec![create(1, Collection::OpinionCard, opinion(first))]).await;
    let rep_2_cursor = app.sync_now(&w.rep_2, None, vec![]).await.cursor;
    let both =
        vec![create(1, Collection::OpinionCard, opinion(second)), create(2, Collection::OpinionCard, opinion(third))];
    app.sync_now(&w.rep_2, Some(rep_2_cursor), both).await;
    let (a, b, c) = (
        matter_of(&app, &w.office, first).await,
        matter_of(&app, &w.office, second).await,
        matter_of(&app, &w.office, third).await,
    );
    // C into B, then B into A: C's answer comes from A, two merges away.
    for (from, into) in [(&c, &b), (&b, &a)] {
        let version = app.version(from).await;
        let merged = app
            .post(&format!("/api/v1/matters/{from}/merge"), &w.office, json!({ "into": into, "version": version }))
            .await;
        assert_eq!(merged.status, StatusCode::OK, "{}", merged.text);
    }
    let statuses = |answer: &liaison_sync::SyncResponse| -> Vec<(String, Value, u64)> {
        let mut found: Vec<(String, Value, u64)> = answer
            .changes
            .iter()
            .filter(|ch| ch.key.collection == Collection::MatterStatus)
            .map(|ch| (ch.key.id.to_string(), Value::Object(ch.body.clone().unwrap()), ch.version))
            .collect();
        found.sort_by(|x, y| x.0.cmp(&y.0));
        found
    };
    let pulled = app.sync_now(&w.rep_2, None, vec![]).await;
    let mut cursor = pulled.cursor;
    let told = statuses(&pulled);
    assert_eq!(told.len(), 2, "{told:?}");
    for (_, status, _) in &told {
        assert_eq!(status["state"], "merged");
        assert_eq!(status["reply"], Value::Null);
    }
    let versions: Vec<u64> = told.iter().map(|t| t.2).collect();

    let dispatch = json!({ "kind": "dispatch", "unit": w.unit_1.to_string(), "due_on": today_plus(15) });
    let steps = [
        (&w.office, json!({ "kind": "triage", "category": "urban_construction", "urgency": "normal" })),
        (&w.office, dispatch),
        (&w.unit, json!({ "kind": "accept_dispatch" })),
        (&w.unit, json!({ "kind": "submit_reply", "text": "三处路灯已全部修复。" })),
    ];
    for (who, action) in steps {
        let answer = app.act(&a, who, action).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        // The duplicates' collector hears nothing of it before the office accepts the reply.
        let pulled = app.sync_now(&w.rep_2, Some(cursor), vec![]).await;
        cursor = pulled.cursor;
        assert!(statuses(&pulled).iter().all(|(_, s, _)| s["reply"].is_null()), "{:?}", statuses(&pulled));
    }
    let accepted = app.act(&a, &w.office, json!({ "kind": "accept_reply" })).await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.text);
    let pulled = app.sync_now(&w.rep_2, Some(cursor), vec![]).await;
    cursor = pulled.cursor;
    let told = statuses(&pulled);
    assert_eq!(told.iter().map(|t| t.0.clone()).collect::<Vec<_>>(), {
        let mut both = vec![b.clone(), c.clone()];
        both.sort();
        both
    });
    for ((id, status, version), before) in told.iter().zip(&versions) {
        assert_eq!(status["state"], "merged", "{id}");
        assert_eq!(status["reply"]["text"], "三处路灯已全部修复。", "{id}");
        assert_eq!(status["reply"]["unit_name"], "县住建局", "{id}");
        assert!(version > before, "{id}: a phone keeps only a newer version");
    }
    assert_eq!(told.iter().find(|t| t.0 == c).unwrap().1["merged_into"], json!(b), "it says where it went");
    // The verdict is the first collector's to record: the second's request is
    // answered as for a matter that is not theirs.
    let request = matter_request(&a, json!({ "kind": "record_informed", "how": "phone", "when": a_minute_ago() }));
    let refused = app.sync_now(&w.rep_2, Some(cursor), vec![create(3, Collection::MatterRequest, request)]).await;
    assert!(matches!(&refused.results[0].outcome, liaison_sync::Outcome::Rejected { .. }), "{:?}", refused.results);
    assert_eq!(app.record(&a).await["state"], "reply_accepted");
    // The first collector's own status carries the reply too, and waits on them.
    let own = app.sync_now(&w.rep, None, vec![]).await;
    let own = statuses(&own);
    assert_eq!(own.len(), 1);
    assert_eq!((own[0].0.as_str(), &own[0].1["state"]), (a.as_str(), &json!("reply_accepted")));
}

on_both_backends!(duplicates, merged_duplicates_hear_the_reply_on_sqlite, merged_duplicates_hear_the_reply_on_postgres);

// ------------------------------------------------------ dispatch settings

async fn dispatch_settings(app: App) {
    let w = world(&app).await;
    let path = "/api/v1/dispatch-settings";
    let preset = app.get(path, &w.office).await;
    assert_eq!(preset.status, StatusCode::OK, "{}", preset.text);
    assert_eq!(
        preset.json(),
        json!({ "policy": { "default_days": 15, "urgent_days": 5, "by_category": [] }, "units": [] })
    );
    let settings = json!({
        "policy": { "default_days": 10, "urgent_days": 3, "by_category": [["health", 7]] },
        "units": [{ "category": "urban_construction", "unit": w.unit_1.to_string() }],
    });
    let put = app.call(Method::PUT, path, Some(&w.office), Some(settings.clone())).await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.text);
    assert_eq!(app.get(path, &w.office).await.json(), settings);
    // Another office keeps its own.
    assert_eq!(app.get(path, &w.office_b).await.json()["units"], json!([]));

    // Refused, and nothing changes.
    let with = |f: &dyn Fn(&mut Value)| {
        let mut s = settings.clone();
        f(&mut s);
        s
    };
    for (body, status, key) in [
        (
            with(&|s| s["policy"]["default_days"] = json!(0)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "dispatch_settings_invalid",
        ),
        (
            with(&|s| s["policy"]["by_category"] = json!([["health", 7], ["health", 9]])),
            StatusCode::UNPROCESSABLE_ENTITY,
            "dispatch_settings_invalid",
        ),
        (
            with(
                &|s| s["units"] = json!([{ "category": "health", "unit": w.unit_1.to_string() }, { "category": "health", "unit": w.unit_1.to_string() }]),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "dispatch_settings_invalid",
        ),
        (
            with(&|s| s["policy"]["by_category"] = json!([["no_such_category", 7]])),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        ),
        (
            with(&|s| s["units"][0]["unit"] = json!(Uuid::new_v4().to_string())),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_organisation",
        ),
        (with(&|s| s["extra"] = json!(1)), StatusCode::UNPROCESSABLE_ENTITY, "dispatch_settings_invalid"),
    ] {
        let answer = app.call(Method::PUT, path, Some(&w.office), Some(body.clone())).await;
        assert_eq!((answer.status, answer.json()["error"]["key"].as_str()), (status, Some(key)), "{body}");
    }
    assert_eq!(app.get(path, &w.office).await.json(), settings);

    // Only offices.
    for who in [&w.rep, &w.unit, &w.admin] {
        assert_eq!(app.get(path, who).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.call(Method::PUT, path, Some(who), Some(settings.clone())).await.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(app.call(Method::GET, path, None, None).await.status, StatusCode::UNAUTHORIZED);

    // The chasing list: each unit's matters with it now, overdue first.
    let loads = "/api/v1/matters/units";
    assert_eq!(app.get(loads, &w.office).await.json(), json!([]));
    let (_, on_time) = app.push_card(&w.rep).await;
    let (_, late) = app.push_card(&w.rep).await;
    let (_, elsewhere) = app.push_card(&w.rep).await;
    let dispatch = |unit: OrganisationId, days: u64| json!({ "kind": "dispatch", "unit": unit.to_string(), "due_on": today_plus(days) });
    let triage = json!({ "kind": "triage", "category": "urban_construction", "urgency": "normal" });
    for (m, unit, days) in
        [(&on_time, w.unit_1, 30), (&late, w.unit_1, 0), (&elsewhere, w.unit_2.user.organisation_id.unwrap(), 1)]
    {
        assert_eq!(app.act(m, &w.office, triage.clone()).await.status, StatusCode::OK);
        assert_eq!(app.act(m, &w.office, dispatch(unit, days)).await.status, StatusCode::OK);
    }
    // Due today is due soon, not overdue; one is moved past its day in the
    // store (as if days had gone by), through an ordinary change.
    let id: liaison_core::MatterId = late.parse().unwrap();
    let stored = app.store.matter(id).await.unwrap().unwrap().matter;
    let long_ago =
        liaison_core::matter::Matter { due_on: chrono::NaiveDate::from_ymd_opt(2020, 1, 1), ..stored.clone() };
    let office = liaison_core::matter::Actor {
        user: w.office.user.id,
        role: Role::Office,
        organisation: Some(w.org_a),
        device: None,
    };
    let urge = liaison_core::matter::Action::Urge { note: liaison_core::NoteText::parse("请加快").unwrap() };
    let (matter, event) = liaison_core::matter::apply(&long_ago, &office, urge, Utc::now()).unwrap();
    let change = liaison_server::store::MatterChange { from_version: stored.version, matter, event };
    app.store.save_matters(&[change], Utc::now()).await.unwrap();
    let answer = app.get(loads, &w.office).await.json();
    let lines: Vec<(String, u64, u64, u64)> = answer
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["name"].as_str().unwrap().to_owned(),
                l["open"].as_u64().unwrap(),
                l["overdue"].as_u64().unwrap(),
                l["due_soon"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(lines, [("县住建局".to_owned(), 2, 1, 0), ("县教育局".to_owned(), 1, 0, 1)]);
    for who in [&w.rep, &w.unit, &w.admin] {
        assert_eq!(app.get(loads, who).await.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(app.get(loads, &w.office_b).await.json(), json!([]));

    // Who collected the office's matters, for the filter by representative.
    app.push_card(&w.rep_2).await;
    let collectors = app.get("/api/v1/matters/collectors", &w.office).await.json();
    assert_eq!(
        collectors,
        json!([
            { "id": w.rep_2.user.id.to_string(), "name": "rep.two名" },
            { "id": w.rep.user.id.to_string(), "name": "rep名" },
        ])
    );
    let theirs = app.get(&format!("/api/v1/matters?representative={}", w.rep.user.id), &w.office).await.json();
    assert_eq!(theirs["total"], 3);
    let others = app.get(&format!("/api/v1/matters?representative={}", w.rep_2.user.id), &w.office).await.json();
    assert_eq!(others["total"], 1);
    assert_eq!(app.get("/api/v1/matters/collectors", &w.unit).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/v1/matters/collectors", &w.office_b).await.json(), json!([]));
}

on_both_backends!(dispatch_settings, dispatch_settings_on_sqlite, dispatch_settings_on_postgres);

// ---------------------------------------------------------- notifications

async fn notifications(app: App) {
    let w = world(&app).await;
    let list = |who: &'static str| {
        let person = match who {
            "office" => w.office.clone(),
            "unit" => w.unit.clone(),
            _ => w.rep.clone(),
        };
        let app = &app;
        async move { app.get("/api/v1/notifications", &person).await.json() }
    };
    let actions = |v: &Value| -> Vec<String> {
        v["items"].as_array().unwrap().iter().map(|i| i["action"].as_str().unwrap().to_owned()).collect()
    };
    let (_, m) = app.push_card(&w.rep).await;
    let dispatch = json!({ "kind": "dispatch", "unit": w.unit_1.to_string(), "due_on": today_plus(15) });
    app.act(&m, &w.office, json!({ "kind": "triage", "category": "urban_construction", "urgency": "normal" })).await;
    app.act(&m, &w.office, dispatch).await;
    // The unit is told of the dispatch; nobody of the triage; the office not of its own acts.
    let unit = list("unit").await;
    assert_eq!(actions(&unit), ["dispatch"]);
    assert_eq!((unit["unseen"].as_u64(), unit["items"][0]["new"].as_bool()), (Some(1), Some(true)));
    assert_eq!(unit["items"][0]["actor_name"], "office名");
    assert!(unit["items"][0]["excerpt"].as_str().unwrap().starts_with("村口"), "{unit}");
    assert_eq!(actions(&list("office").await), Vec::<String>::new());
    assert_eq!(app.post("/api/v1/notifications/seen", &w.unit, json!({})).await.status, StatusCode::NO_CONTENT);
    assert_eq!(list("unit").await["unseen"], 0);

    app.act(&m, &w.unit, json!({ "kind": "accept_dispatch" })).await;
    app.act(&m, &w.unit, json!({ "kind": "submit_reply", "text": "已修复。" })).await;
    app.act(&m, &w.office, json!({ "kind": "accept_reply" })).await;
    assert_eq!(actions(&list("office").await), ["submit_reply"]);
    let rep = list("rep").await;
    assert_eq!(actions(&rep), ["accept_reply"]);
    assert_eq!(rep["unseen"], 1);
    // Nothing new for the unit since it looked.
    assert_eq!(list("unit").await["unseen"], 0);

    // The same went out through the notifier, addressed by party.
    let sent: Vec<(String, String)> = app
        .notices
        .0
        .lock()
        .unwrap()
        .iter()
        .map(|n| (n.action.code().to_owned(), serde_json::to_value(n.to).unwrap()["kind"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(
        sent,
        [
            ("dispatch".into(), "unit".into()),
            ("submit_reply".into(), "office".into()),
            ("accept_reply".into(), "user".into())
        ]
    );
    // Reminders: a matter due today is due soon for its unit, not for the
    // office (until it is overdue), nor for the representative.
    assert_eq!(list("unit").await["reminders"], json!([]));
    let (_, urgent) = app.push_card(&w.rep).await;
    app.act(&urgent, &w.office, json!({ "kind": "triage", "category": "urban_construction", "urgency": "urgent" }))
        .await;
    let today = json!({ "kind": "dispatch", "unit": w.unit_1.to_string(), "due_on": today_plus(0) });
    assert_eq!(app.act(&urgent, &w.office, today).await.status, StatusCode::OK);
    let reminders = list("unit").await["reminders"].clone();
    assert_eq!(reminders.as_array().unwrap().len(), 1, "{reminders}");
    assert_eq!(
        (reminders[0]["matter"].as_str(), reminders[0]["clock"].as_str()),
        (Some(urgent.as_str()), Some("reply"))
    );
    assert_eq!(reminders[0]["status"], "due_soon");
    assert_eq!(list("office").await["reminders"], json!([]));
    assert_eq!(list("rep").await["reminders"], json!([]));
    assert_eq!(app.get("/api/v1/notifications", &w.admin).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.call(Method::GET, "/api/v1/notifications", None, None).await.status, StatusCode::UNAUTHORIZED);
}

on_both_backends!(notifications, notifications_on_sqlite, notifications_on_postgres);

// ---------------------------------------------------------------- refusals

async fn refusals(app: App) {
    let w = world(&app).await;
    let (_, other) = app.push_card_with(&w.rep, "normal").await;
    let (_, m) = app.push_card(&w.rep).await;
    let path = format!("/api/v1/matters/{m}/actions");
    let triage = json!({ "kind": "triage", "category": "urban_construction", "urgency": "urgent" });
    assert_eq!(state_of(&app.post(&path, &w.office, json!({ "version": 0, "action": triage })).await), "triaged");
    let unchanged = (app.record(&m).await, app.events(&m).await);

    // Made on a stale copy: 409 with the current version.
    let stale = app.post(&path, &w.office, json!({ "version": 0, "action": triage })).await;
    assert_eq!((stale.status, stale.key().as_str()), (StatusCode::CONFLICT, "matter_changed"));
    assert_eq!(stale.json()["error"]["version"], 1);

    // Unreadable actions: 400 with what was wrong.
    for body in [
        json!({ "version": 1, "action": { "kind": "fly" } }),
        json!({ "version": 1, "action": { "kind": "dispatch", "unit": "nowhere", "due_on": today_plus(3) } }),
        json!({ "version": 1, "action": { "kind": "send_back", "reason": "  " } }),
        json!({ "version": "one", "action": { "kind": "accept_reply" } }),
        json!({ "action": { "kind": "accept_reply" } }),
        json!({ "version": 1, "action": { "kind": "close" }, "extra": true }),
        json!([1, 2]),
    ] {
        let answer = app.post(&path, &w.office, body.clone()).await;
        assert_eq!(
            (answer.status, answer.key().as_str()),
            (StatusCode::BAD_REQUEST, "matter_action_invalid"),
            "{body}"
        );
        assert!(answer.json()["error"]["detail"].as_str().is_some_and(|d| !d.is_empty()), "{}", answer.text);
        assert_eq!(answer.json()["error"]["message"], "操作内容无法读取，没有做任何修改。");
    }
    let not_json = app.call(Method::POST, &path, Some(&w.office), None).await;
    assert!(not_json.status.is_client_error());

    // Not the party, not the state, not a known unit or category, a merge as an action.
    let refused = [
        (&w.rep, json!({ "kind": "accept_reply" }), StatusCode::FORBIDDEN, "matter_only_office"),
        (&w.office, json!({ "kind": "close" }), StatusCode::CONFLICT, "matter_wrong_state"),
        (
            &w.office,
            json!({ "kind": "dispatch", "unit": Uuid::new_v4().to_string(), "due_on": today_plus(3) }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_organisation",
        ),
        (
            &w.office,
            json!({ "kind": "dispatch", "unit": w.unit_1.to_string(), "due_on": "2020-01-01" }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "matter_due_in_past",
        ),
        (
            &w.office,
            json!({ "kind": "triage", "category": "space_travel", "urgency": "normal" }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        ),
        (&w.office, json!({ "kind": "merge_into", "into": other }), StatusCode::BAD_REQUEST, "matter_use_merge"),
    ];
    for (who, action, status, key) in refused {
        let answer = app.post(&path, who, json!({ "version": 1, "action": action.clone() })).await;
        assert_eq!((answer.status, answer.key().as_str()), (status, key), "{action}: {}", answer.text);
    }
    let wrong_state = app.post(&path, &w.office, json!({ "version": 1, "action": { "kind": "close" } })).await;
    assert_eq!(wrong_state.json()["error"]["message"], "事项当前为“已梳理”，此状态下不能办结。");
    assert_eq!(wrong_state.json()["error"]["state"], "triaged");
    assert_eq!((app.record(&m).await, app.events(&m).await), unchanged, "nothing changed");

    // The inbox's filters: unreadable ones are 400 and name themselves.
    for (query, field) in
        [("state=lost", "state"), ("limit=0", "limit"), ("overdue=yes", "overdue"), ("colour=red", "")]
    {
        let answer = app.get(&format!("/api/v1/matters?{query}"), &w.office).await;
        assert_eq!(
            (answer.status, answer.key().as_str()),
            (StatusCode::BAD_REQUEST, "matter_filter_invalid"),
            "{query}"
        );
        assert!(answer.json()["error"]["detail"].as_str().unwrap().contains(field), "{}", answer.text);
    }
    // Urgent first, then oldest; filters narrow.
    let all = app.get("/api/v1/matters", &w.office).await.json();
    assert_eq!(ids(&all), [m.clone(), other.clone()], "the urgent one first");
    assert_eq!(ids(&app.get("/api/v1/matters?state=reported", &w.office).await.json()), vec![other.clone()]);
    let by_rep = format!("/api/v1/matters?representative={}", w.rep.user.id);
    assert_eq!(app.get(&by_rep, &w.office).await.json()["total"], 2);
    let page = app.get("/api/v1/matters?limit=1&offset=1", &w.office).await.json();
    assert_eq!((ids(&page), page["total"].as_u64()), (vec![other.clone()], Some(2)));

    // Merging the duplicate: one matter counting two people, both audited, in one go.
    let merge = format!("/api/v1/matters/{other}/merge");
    let stale = app.post(&merge, &w.office, json!({ "into": m, "version": 7 })).await;
    assert_eq!((stale.status, stale.key().as_str()), (StatusCode::CONFLICT, "matter_changed"));
    let bad = app.post(&merge, &w.office, json!({ "into": "x", "version": 0 })).await;
    assert_eq!((bad.status, bad.key().as_str()), (StatusCode::BAD_REQUEST, "matter_action_invalid"));
    let merged = app.post(&merge, &w.office, json!({ "into": m, "version": 0 })).await;
    assert_eq!(merged.status, StatusCode::OK, "{}", merged.text);
    assert_eq!(merged.json()["raised_count"], 2);
    assert_eq!(merged.json()["opinions"].as_array().unwrap().len(), 2);
    assert_eq!(app.record(&other).await["state"], "merged");
    assert_eq!(app.record(&other).await["merged_into"], json!(m));
    assert_eq!(app.events(&m).await, 2);
    assert_eq!(app.events(&other).await, 1);
}

on_both_backends!(refusals, refusals_change_nothing_on_sqlite, refusals_change_nothing_on_postgres);

// ---------------------------------------------------------------- backfill

/// Cards synced by a user with no organisation get no matter at once; the
/// start-up backfill makes it once the user has one (here: a store opened
/// again after the user was attached by hand).
#[tokio::test]
async fn cards_without_a_matter_get_one_at_start_up() {
    let data = tempfile::tempdir().unwrap();
    let app = app_on(Store::open(data.path()).await.unwrap(), tempfile::tempdir().unwrap()).await;
    let w = world(&app).await;
    let loner = app.person("loner", Role::Representative, None).await;
    let cursor = app.sync(&loner, None, vec![]).await.cursor;
    app.sync(&loner, Some(cursor), vec![create(1, Collection::OpinionCard, opinion(Uuid::new_v4()))]).await;
    assert_eq!(app.get("/api/v1/matters", &loner).await.json()["total"], 0);
    app.store.close().await;
    {
        let pool = raw_sqlite(data.path()).await;
        sqlx::query("UPDATE users SET organisation_id = $1 WHERE id = $2")
            .bind(w.org_a.to_string())
            .bind(loner.user.id.to_string())
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    }
    let store = Store::open(data.path()).await.unwrap();
    let app = app_on(store, tempfile::tempdir().unwrap()).await;
    let inbox = app.get("/api/v1/matters", &w.office).await.json();
    assert_eq!(inbox["total"], 1, "{inbox}");
    assert_eq!(inbox["items"][0]["matter"]["collector"], json!(loner.user.id.to_string()));
    assert_eq!(only_status(&app.sync_now(&loner, None, vec![]).await)["state"], "reported");

    // Matters made before statuses existed get theirs at start-up, once.
    app.store.close().await;
    {
        let pool = raw_sqlite(data.path()).await;
        sqlx::query("DELETE FROM sync_records WHERE collection = 'matter_status'").execute(&pool).await.unwrap();
        sqlx::query("UPDATE matters SET place = NULL").execute(&pool).await.unwrap();
        pool.close().await;
    }
    let app = app_on(Store::open(data.path()).await.unwrap(), tempfile::tempdir().unwrap()).await;
    let status = only_status(&app.sync_now(&loner, None, vec![]).await);
    assert_eq!((status["state"].as_str(), status["version"].as_u64()), (Some("reported"), Some(0)));
    let place = opinion(Uuid::new_v4())["place"].as_str().unwrap().to_owned();
    let by_place = app.get(&format!("/api/v1/matters?place={}", urlencode(&place)), &w.office).await.json();
    assert_eq!(by_place["total"], 1, "the place came back from the card");
    let head = app.store.sync_stats().await.unwrap().head;
    app.store.backfill_matters(Utc::now()).await.unwrap();
    assert_eq!(app.store.sync_stats().await.unwrap().head, head, "nothing written twice");
}

// ---------------------------------------------------------------- similar matters

const STREETLIGHT: &str = "村口的路灯坏了三个月，晚上老人孩子出行很不方便，希望尽快修好。";
const STREETLIGHT_AGAIN: &str = "村口路灯坏了快三个月了！晚上老人、孩子出行很不方便，请尽快修好路灯。";
const SCHOOL_BUS: &str = "学校门口上下学时段交通拥堵，建议增设校车站点，错峰放学。";

fn similar_ids(answer: &Answer) -> Vec<String> {
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    answer.json()["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_owned()).collect()
}

/// Two near-identical opinions from a representative's phone are each
/// other's suggestion, an unrelated one is no one's; only the office of the
/// matter's organisation may ask (a unit or the representative who sees the
/// matter: 403; anyone else: 404); a merged matter is suggested no more.
async fn similar(app: App) {
    let w = world(&app).await;
    let a = app.push_card_saying(&w.rep, STREETLIGHT).await;
    let b = app.push_card_saying(&w.rep, STREETLIGHT_AGAIN).await;
    let c = app.push_card_saying(&w.rep, SCHOOL_BUS).await;
    let path = |m: &str| format!("/api/v1/matters/{m}/similar");
    assert_eq!(app.store.backfill_sketches().await.unwrap(), 0, "made with the matters; the backfill ran at opening");

    let of_a = app.get(&path(&a), &w.office).await;
    assert_eq!(similar_ids(&of_a), vec![b.clone()]);
    let item = &of_a.json()["items"][0];
    let score = item["score"].as_f64().unwrap();
    assert!((0.35..=1.4).contains(&score), "{score}");
    assert_eq!(item["state"], "reported");
    assert_eq!(item["excerpt"], STREETLIGHT_AGAIN);
    assert_eq!(item["place"], "城关镇党代表工作室");
    assert_eq!(item["collected_at"], "2026-11-20T01:00:00Z");
    let of_b = app.get(&path(&b), &w.office).await;
    assert_eq!(similar_ids(&of_b), vec![a.clone()]);
    assert_eq!(of_b.json()["items"][0]["score"], score, "the score is symmetric");
    assert!(similar_ids(&app.get(&path(&c), &w.office).await).is_empty());

    // Dispatched to unit 1: its member sees the matter, but not its similar ones.
    let triage = json!({ "kind": "triage", "category": "urban_construction", "urgency": "normal" });
    let dispatch = json!({ "kind": "dispatch", "unit": w.unit_1.to_string(), "due_on": today_plus(15) });
    assert_eq!(state_of(&app.act(&a, &w.office, triage).await), "triaged");
    assert_eq!(state_of(&app.act(&a, &w.office, dispatch).await), "dispatched");
    assert_eq!(app.get(&format!("/api/v1/matters/{a}"), &w.unit).await.status, StatusCode::OK);
    for (who, status, key) in [
        (&w.unit, StatusCode::FORBIDDEN, "matter_similar_only_office"),
        (&w.rep, StatusCode::FORBIDDEN, "matter_similar_only_office"),
        (&w.unit_2, StatusCode::NOT_FOUND, "server_not_found"),
        (&w.rep_2, StatusCode::NOT_FOUND, "server_not_found"),
        (&w.rep_b, StatusCode::NOT_FOUND, "server_not_found"),
        (&w.office_b, StatusCode::NOT_FOUND, "server_not_found"),
        (&w.admin, StatusCode::NOT_FOUND, "server_not_found"),
    ] {
        let answer = app.get(&path(&a), who).await;
        assert_eq!(
            (answer.status, answer.key().as_str()),
            (status, key),
            "{}: {}",
            who.user.login.as_str(),
            answer.text
        );
    }
    let refused = app.get(&path(&a), &w.unit).await.json();
    assert_eq!(refused["error"]["message"], "只有本组织的联络工作办公室可以查看相似事项。");
    let unknown = app.get(&path(&Uuid::new_v4().to_string()), &w.office).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    // Still suggested while dispatched (it is open), with its state.
    assert_eq!(app.get(&path(&b), &w.office).await.json()["items"][0]["state"], "dispatched");

    // B merged into A: suggested no more, and A's only twin is gone.
    let merged = app.post(&format!("/api/v1/matters/{b}/merge"), &w.office, json!({ "into": a, "version": 0 })).await;
    assert_eq!(merged.status, StatusCode::OK, "{}", merged.text);
    assert!(similar_ids(&app.get(&path(&a), &w.office).await).is_empty());
    assert_eq!(
        similar_ids(&app.get(&path(&b), &w.office).await),
        vec![a.clone()],
        "a merged matter still finds its own"
    );

    // The index itself: a merged or closed matter leaves it, a reopened one
    // comes back, a forwarded one moves to its new organisation.
    let candidates = |org: OrganisationId, text: &'static str| {
        let store = app.store.clone();
        async move {
            let codes = liaison_core::matter::similar::sketch(text);
            let found = store.similar_candidates(org, liaison_core::MatterId::from_uuid(Uuid::new_v4()), &codes, 200);
            found.await.unwrap().iter().map(|c| c.matter.id.to_string()).collect::<Vec<_>>()
        }
    };
    assert_eq!(candidates(w.org_a, STREETLIGHT).await, vec![a.clone()], "the merged one is gone");
    let close =
        json!({ "kind": "close_with_reason", "reason": "unreachable", "text": "反映人电话停机，多次联系不上。" });
    assert_eq!(state_of(&app.act(&a, &w.office, close).await), "closed");
    assert!(candidates(w.org_a, STREETLIGHT).await.is_empty(), "a closed one leaves the index");
    let reopen = json!({ "kind": "reopen", "reason": "反映人再次来访。" });
    assert_eq!(state_of(&app.act(&a, &w.office, reopen).await), "reopened");
    assert_eq!(candidates(w.org_a, STREETLIGHT).await, vec![a.clone()], "and comes back when reopened");
    assert_eq!(candidates(w.org_a, SCHOOL_BUS).await, vec![c.clone()]);
    let org_b = w.office_b.user.organisation_id.unwrap();
    app.store.set_org_parent(w.org_a, Some(org_b)).await.unwrap().unwrap();
    let forward = json!({ "kind": "forward_upward", "to": org_b.to_string() });
    assert_eq!(app.act(&c, &w.office, forward).await.status, StatusCode::OK);
    assert!(candidates(w.org_a, SCHOOL_BUS).await.is_empty(), "forwarded away");
    assert_eq!(candidates(org_b, SCHOOL_BUS).await, vec![c.clone()], "and found by its new office");
}

on_both_backends!(similar, similar_matters_on_sqlite, similar_matters_on_postgres);

/// Matters made before sketches existed (here: their sketches, and the note
/// that the backfill ran, deleted by hand) get them when the store opens,
/// and are found again.
#[tokio::test]
async fn matters_without_a_sketch_get_one_at_start_up() {
    let data = tempfile::tempdir().unwrap();
    let app = app_on(Store::open(data.path()).await.unwrap(), tempfile::tempdir().unwrap()).await;
    let w = world(&app).await;
    let a = app.push_card_saying(&w.rep, STREETLIGHT).await;
    let b = app.push_card_saying(&w.rep, STREETLIGHT_AGAIN).await;
    app.store.close().await;
    let pool = raw_sqlite(data.path()).await;
    let deleted = sqlx::query("DELETE FROM matter_sketches").execute(&pool).await.unwrap().rows_affected();
    assert!(deleted > 20, "{deleted} codes for two matters");
    // As a database from before migration 0008 was: never sketched nor backfilled.
    sqlx::query("DELETE FROM matter_sketch_keys").execute(&pool).await.unwrap();
    sqlx::query("DELETE FROM matter_sketches_backfilled").execute(&pool).await.unwrap();
    pool.close().await;

    let store = Store::open(data.path()).await.unwrap();
    assert_eq!(store.backfill_sketches().await.unwrap(), 0, "all made when it opened");
    let app = app_on(store, tempfile::tempdir().unwrap()).await;
    assert_eq!(similar_ids(&app.get(&format!("/api/v1/matters/{a}/similar"), &w.office).await), vec![b]);
    app.store.close().await;
    let pool = raw_sqlite(data.path()).await;
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM matter_sketches").fetch_one(&pool).await.unwrap();
    assert_eq!(rows as u64, deleted, "the same sketches again");
}

// ---------------------------------------------------------------- duties

/// A reception card `who` held an hour ago, of `kind`, attended by `contact`.
fn reception_now(id: Uuid, kind: &str, contact: Uuid) -> liaison_sync::Body {
    let mut body = support::sync::reception(id);
    let now = Utc::now();
    let wire = |t: chrono::DateTime<Utc>| liaison_core::time::to_wire(t);
    body.insert("kind".into(), json!(kind));
    body.insert("started_at".into(), json!(wire(now - chrono::TimeDelta::hours(2))));
    body.insert("ended_at".into(), json!(wire(now - chrono::TimeDelta::hours(1))));
    body["attendees"][0]["id"] = json!(contact.hyphenated().to_string());
    body
}

fn document(id: Uuid, kind: &str, on: &str) -> liaison_sync::Body {
    let json = json!({
        "v": 1, "id": id.hyphenated().to_string(), "kind": kind, "title": "关于增设公交站点的建议",
        "submitted_on": on, "submitted_to": "县委组织部", "summary": ""
    });
    json.as_object().unwrap().clone()
}

fn line<'a>(rep: &'a Value, duty: &str) -> &'a Value {
    rep["lines"].as_array().unwrap().iter().find(|l| l["duty"] == duty).unwrap_or_else(|| panic!("{duty}: {rep}"))
}

/// The office's duty dashboard: its organisation's representatives and those
/// below it, counted by the core from what their phones synced; offices only;
/// a representative elsewhere is 404; the CSV for Excel; bad queries refused.
async fn duty_dashboard(app: App) {
    let w = world(&app).await;
    let org_b = w.rep_b.user.organisation_id.unwrap();
    // The second organisation is below the first: its representative is the first office's too.
    app.store.set_org_parent(org_b, Some(w.org_a)).await.unwrap().unwrap();
    let elsewhere = app.organisation("邻县委组织部").await;
    let stranger = app.person("rep.c", Role::Representative, Some(elsewhere)).await;

    // Nothing synced yet: both owe their receptions.
    let board = app.get("/api/v1/duties", &w.office).await;
    assert_eq!(board.status, StatusCode::OK, "{}", board.text);
    let board = board.json();
    assert_eq!(board["total"], 2, "the office's representatives and those below, not a liaison officer: {board}");
    let ids: Vec<&str> = board["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&w.rep.user.id.to_string().as_str()) && ids.contains(&w.rep_b.user.id.to_string().as_str()));
    assert_eq!(line(&board["items"][0], "receptions")["done"], 0);

    // The representative's phone syncs a contact, a reception she attended, and an opinion.
    let cursor = app.sync(&w.rep, None, vec![]).await.cursor;
    let (contact, card) = (Uuid::new_v4(), Uuid::new_v4());
    let push = vec![
        create(1, Collection::Contact, support::sync::contact(contact, "张三", "13812345678")),
        create(2, Collection::ReceptionCard, reception_now(card, "reception", contact)),
        create(3, Collection::OpinionCard, opinion(Uuid::new_v4())),
        create(4, Collection::Document, document(Uuid::new_v4(), "proposal", &today_plus(0))),
        create(5, Collection::Document, document(Uuid::new_v4(), "research_report", &today_plus(0))),
    ];
    let answer = app.sync_now(&w.rep, Some(cursor), push.clone()).await;
    assert!(answer.results.iter().all(|r| matches!(r.outcome, liaison_sync::Outcome::Applied { .. })));
    let board = app.get("/api/v1/duties", &w.office).await.json();
    let rep = board["items"].as_array().unwrap().iter().find(|i| i["id"] == w.rep.user.id.to_string()).unwrap();
    assert_eq!(
        (line(rep, "receptions")["done"].as_u64(), line(rep, "receptions")["required"].as_u64()),
        (Some(1), Some(2))
    );
    assert_eq!(line(rep, "contacts")["done"], 1);
    assert_eq!(line(rep, "proposals")["done"], 1, "the document the phone recorded");
    assert_eq!(line(rep, "research_reports")["done"], 1);
    assert_eq!(rep["unreported"], 0, "received by the server = reported");
    let counted: u64 =
        ["done", "owed", "at_risk", "overdue"].iter().map(|s| board["counts"][s].as_u64().unwrap()).sum();
    assert_eq!(counted, 2);
    // Sent twice (a lost answer), it still counts once.
    let again = app.sync_now(&w.rep, Some(answer.cursor), push).await;
    let board = app.get("/api/v1/duties", &w.office).await.json();
    let rep = board["items"].as_array().unwrap().iter().find(|i| i["id"] == w.rep.user.id.to_string()).unwrap();
    assert_eq!(line(rep, "receptions")["done"], 1);
    assert_eq!(line(rep, "proposals")["done"], 1);
    // New records later: added to what counts, once each, beside a changed
    // record (whose owner's facts are all read again).
    // The dashboard's count, read from the lines.
    let receptions = |board: Value| {
        let items = board["items"].as_array().unwrap().clone();
        let rep = items.into_iter().find(|i| i["id"] == w.rep.user.id.to_string()).unwrap();
        line(&rep, "receptions")["done"].as_u64().unwrap()
    };
    assert_eq!(receptions(app.get("/api/v1/duties", &w.office).await.json()), 1);
    let more = vec![create(6, Collection::ReceptionCard, reception_now(Uuid::new_v4(), "reception", contact))];
    let again = app.sync_now(&w.rep, Some(again.cursor), more).await;
    assert_eq!(receptions(app.get("/api/v1/duties", &w.office).await.json()), 2, "a new card adds one");
    let renamed = liaison_sync::FieldChange { old: json!("张三"), new: json!("张三丰") };
    let mixed = vec![
        Mutation {
            seq: MutationSeq(7),
            key: support::sync::key(Collection::Contact, contact),
            op: Op::Update { base_version: 1, fields: [("name".to_owned(), renamed)].into_iter().collect() },
        },
        create(8, Collection::ReceptionCard, reception_now(Uuid::new_v4(), "reception", contact)),
    ];
    let again = app.sync_now(&w.rep, Some(again.cursor), mixed).await;
    assert!(again.results.iter().all(|r| !matches!(r.outcome, liaison_sync::Outcome::Rejected { .. })), "{again:?}");
    assert_eq!(receptions(app.get("/api/v1/duties", &w.office).await.json()), 3);
    let board = app.get("/api/v1/duties", &w.office).await.json();
    let rep = board["items"].as_array().unwrap().iter().find(|i| i["id"] == w.rep.user.id.to_string()).unwrap();
    assert_eq!(line(rep, "contacts")["done"], 1, "the changed contact still counts once");
    // The contact deleted on the phone (a tombstone) no longer counts.
    let delete = Mutation {
        seq: MutationSeq(9),
        key: support::sync::key(Collection::Contact, contact),
        op: Op::Delete { base_version: 2 },
    };
    let deleted = app.sync_now(&w.rep, Some(again.cursor), vec![delete]).await;
    assert!(matches!(deleted.results[0].outcome, liaison_sync::Outcome::Applied { .. }), "{deleted:?}");
    let board = app.get("/api/v1/duties", &w.office).await.json();
    let rep = board["items"].as_array().unwrap().iter().find(|i| i["id"] == w.rep.user.id.to_string()).unwrap();
    assert_eq!(line(rep, "contacts")["done"], 0);
    assert_eq!(line(rep, "receptions")["done"], 3, "the rest of her facts stay");

    // Filters and pages; bad ones are refused in words.
    let worst = rep["worst"].as_str().unwrap().to_owned();
    let only = app.get(&format!("/api/v1/duties?status={worst}&limit=1"), &w.office).await.json();
    assert_eq!(only["items"].as_array().unwrap().len(), 1);
    assert!(only["items"].as_array().unwrap().iter().all(|i| i["worst"] == worst.as_str()));
    for bad in ["status=late", "limit=0", "limit=501", "offset=-1", "colour=red"] {
        let refused = app.get(&format!("/api/v1/duties?{bad}"), &w.office).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{bad}: {}", refused.text);
    }

    // One representative, with the records that count.
    let detail = app.get(&format!("/api/v1/duties/{}", w.rep.user.id), &w.office).await;
    assert_eq!(detail.status, StatusCode::OK, "{}", detail.text);
    let detail = detail.json();
    assert_eq!(detail["activities"].as_array().unwrap().len(), 3);
    assert_eq!(detail["activities"][0]["kind"], "reception");
    assert_eq!(detail["activities"][0]["contacts"], 1);
    let kinds: Vec<&str> =
        detail["documents"].as_array().unwrap().iter().map(|d| d["kind"].as_str().unwrap()).collect();
    assert_eq!((kinds.len(), kinds.contains(&"proposal"), kinds.contains(&"research_report")), (2, true, true));
    for (path, why) in [
        (format!("/api/v1/duties/{}", stranger.user.id), "another county's representative"),
        (format!("/api/v1/duties/{}", w.office.user.id), "not a representative"),
        (format!("/api/v1/duties/{}", Uuid::new_v4()), "nobody"),
        ("/api/v1/duties/abc".to_owned(), "not an id"),
    ] {
        assert_eq!(app.get(&path, &w.office).await.status, StatusCode::NOT_FOUND, "{why}");
    }
    // The office below sees its own representative only.
    let below = app.get("/api/v1/duties", &w.office_b).await.json();
    assert_eq!(below["total"], 1);
    assert_eq!(below["items"][0]["id"], w.rep_b.user.id.to_string());

    // The CSV: every duty of every representative, for Excel.
    let csv = app.get("/api/v1/duties.csv", &w.office).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    assert!(csv.text.starts_with('\u{feff}'));
    assert!(
        csv.text.contains(&format!("\"{}\"", w.rep.user.name.as_str()))
            && csv.text.contains("\"定点接待\",\"本季度\",\"3\",\"2\""),
        "{}",
        csv.text
    );

    // Offices only.
    for who in [&w.rep, &w.rep_2, &w.unit, &w.admin] {
        for path in ["/api/v1/duties", "/api/v1/duties.csv"] {
            assert_eq!(app.get(path, who).await.status, StatusCode::FORBIDDEN, "{path}");
        }
        assert_eq!(app.get(&format!("/api/v1/duties/{}", w.rep.user.id), who).await.status, StatusCode::FORBIDDEN);
    }
}

on_both_backends!(duty_dashboard, duty_dashboard_on_sqlite, duty_dashboard_on_postgres);

/// The studios on the dashboard: this quarter's reception days (today
/// published as one), and today held once a representative records a
/// reception there; offices only.
async fn studio_days(app: App) {
    let w = world(&app).await;
    let studio = &liaison_core::demo::organisation().studios[0];
    let now = Utc::now();
    let today = liaison_core::matter::deadline::china_date(now);
    let month = today.format("%Y-%m").to_string();
    let path = format!("/api/v1/studios/{}/schedules/{month}", studio.id);
    let draft = app.get(&path, &w.office).await.json();
    let edited = app
        .put(&path, &w.office, json!({ "version": draft["version"], "dates": [today.to_string()], "theme": null }))
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.text);
    let published =
        app.post(&format!("{path}/publish"), &w.office, json!({ "version": edited.json()["version"] })).await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text);

    let ours = |list: &Value| list.as_array().unwrap().iter().find(|s| s["id"] == studio.id.to_string()).cloned();
    let before = app.get("/api/v1/duties/studios", &w.office).await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.text);
    let before = ours(&before.json()).expect("the office's studio");
    assert!(before["days"].as_array().unwrap().contains(&json!(today.to_string())), "{before}");
    assert_eq!(before["held"], json!([]));

    // A reception at the studio today, synced by a representative.
    let midnight = today.and_hms_opt(0, 0, 0).unwrap().and_local_timezone(liaison_core::time::china()).unwrap();
    let started = (now - chrono::TimeDelta::hours(2)).max(midnight.with_timezone(&Utc));
    let mut card = support::sync::reception(Uuid::new_v4());
    card.insert("kind".into(), json!("reception"));
    card.insert("started_at".into(), json!(liaison_core::time::to_wire(started)));
    card.insert("ended_at".into(), json!(liaison_core::time::to_wire(now)));
    card.insert("venue".into(), json!({ "type": "studio", "id": studio.id.to_string(), "name": studio.name.as_str() }));
    card["attendees"] = json!([]);
    let cursor = app.sync(&w.rep, None, vec![]).await.cursor;
    let answer = app.sync(&w.rep, Some(cursor), vec![create(1, Collection::ReceptionCard, card)]).await;
    assert!(matches!(answer.results[0].outcome, liaison_sync::Outcome::Applied { .. }), "{answer:?}");
    let after = ours(&app.get("/api/v1/duties/studios", &w.office).await.json()).unwrap();
    assert_eq!(after["held"], json!([today.to_string()]), "{after}");
    assert_eq!(after["cards"], 1);
    assert_eq!(after["missed"], json!(before["missed"].clone()), "today is not missed");
    // Representatives and units do not read it.
    assert_eq!(app.get("/api/v1/duties/studios", &w.rep).await.status, StatusCode::FORBIDDEN);
}

on_both_backends!(studio_days, studio_days_on_sqlite, studio_days_on_postgres);

/// Each push adds its new facts to the dashboard's lines as one more part;
/// from 32 parts on they are written again as one, and every record still
/// counts once.
#[tokio::test]
async fn duty_lines_grow_by_a_part_a_push_and_are_merged_when_many() {
    let data = tempfile::tempdir().unwrap();
    let app = app_on(Store::open(data.path()).await.unwrap(), tempfile::tempdir().unwrap()).await;
    let w = world(&app).await;
    let mut cursor = app.sync(&w.rep, None, vec![]).await.cursor;
    let contact = Uuid::new_v4();
    let first = create(1, Collection::Contact, support::sync::contact(contact, "张三", "13812345678"));
    cursor = app.sync(&w.rep, Some(cursor), vec![first]).await.cursor;
    let detail = format!("/api/v1/duties/{}", w.rep.user.id);
    let mut parts_seen = Vec::new();
    for n in 2..=40 {
        let card = create(n, Collection::ReceptionCard, reception_now(Uuid::new_v4(), "reception", contact));
        cursor = app.sync(&w.rep, Some(cursor), vec![card]).await.cursor;
        let pool = raw_sqlite(data.path()).await;
        let parts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM duty_fact_line_parts WHERE owner_id = ?")
            .bind(w.rep.user.id.to_string())
            .fetch_one(&pool)
            .await
            .unwrap();
        pool.close().await;
        parts_seen.push(parts);
    }
    assert_eq!(parts_seen[..5], [2, 3, 4, 5, 6], "a part a push");
    assert!(parts_seen.iter().all(|&p| p <= 32), "{parts_seen:?}");
    assert!(parts_seen.contains(&1), "merged once many: {parts_seen:?}");
    let activities = app.get(&detail, &w.office).await.json()["activities"].as_array().unwrap().len();
    assert_eq!(activities, 39, "every card once (the detail reads the facts)");
    let board = app.get("/api/v1/duties", &w.office).await.json();
    let rep = board["items"].as_array().unwrap().iter().find(|i| i["id"] == w.rep.user.id.to_string()).unwrap();
    assert_eq!(line(rep, "receptions")["done"], 39, "every card once (the dashboard reads the lines)");
    assert_eq!(line(rep, "contacts")["done"], 1);
}

/// Records synced before the duty facts existed get theirs at start-up, once.
#[tokio::test]
async fn duty_facts_are_backfilled_at_start_up() {
    let data = tempfile::tempdir().unwrap();
    let app = app_on(Store::open(data.path()).await.unwrap(), tempfile::tempdir().unwrap()).await;
    let w = world(&app).await;
    let cursor = app.sync(&w.rep, None, vec![]).await.cursor;
    let contact = Uuid::new_v4();
    let push = vec![
        create(1, Collection::Contact, support::sync::contact(contact, "张三", "13812345678")),
        create(2, Collection::ReceptionCard, reception_now(Uuid::new_v4(), "reception", contact)),
    ];
    app.sync(&w.rep, Some(cursor), push).await;
    let before = app.get(&format!("/api/v1/duties/{}", w.rep.user.id), &w.office).await.json();
    app.store.close().await;
    {
        let pool = raw_sqlite(data.path()).await;
        sqlx::query("DELETE FROM duty_facts").execute(&pool).await.unwrap();
        sqlx::query("DELETE FROM duty_facts_backfilled").execute(&pool).await.unwrap();
        pool.close().await;
    }
    let app = app_on(Store::open(data.path()).await.unwrap(), tempfile::tempdir().unwrap()).await;
    let after = app.get(&format!("/api/v1/duties/{}", w.rep.user.id), &w.office).await.json();
    assert_eq!(after["activities"], before["activities"]);
    assert_eq!(line(&after, "receptions")["done"], 1);
    assert_eq!(line(&after, "contacts")["done"], 1);
    assert_eq!(app.store.backfill_duty_facts().await.unwrap(), 0, "once");
    let board = app.get("/api/v1/duties", &w.office).await.json();
    let mine = |board: &Value| {
        let items = board["items"].as_array().unwrap();
        items.iter().find(|i| i["id"] == w.rep.user.id.to_string()).unwrap()["lines"].clone()
    };
    assert_eq!(line(&json!({"lines": mine(&board)}), "receptions")["done"], 1, "the dashboard's lines too");

    // A database from before migration 0016 had facts and no lines: that
    // migration's fill, then 0018's move of the lines into parts, give the
    // dashboard the same lines.
    app.store.close().await;
    {
        let pool = raw_sqlite(data.path()).await;
        sqlx::query("DELETE FROM duty_fact_line_parts").execute(&pool).await.unwrap();
        sqlx::raw_sql(include_str!("../migrations/sqlite/0016_duty_fact_lines.sql")).execute(&pool).await.unwrap();
        let parts = include_str!("../migrations/sqlite/0018_duty_fact_line_parts.sql");
        let moved = &parts[parts.find("INSERT INTO duty_fact_line_parts").unwrap()..];
        sqlx::raw_sql(moved).execute(&pool).await.unwrap();
        pool.close().await;
    }
    let app = app_on(Store::open(data.path()).await.unwrap(), tempfile::tempdir().unwrap()).await;
    assert_eq!(mine(&app.get("/api/v1/duties", &w.office).await.json()), mine(&board));
}

impl App {
    async fn put(&self, path: &str, who: &Person, body: Value) -> Answer {
        self.call(Method::PUT, path, Some(who), Some(body)).await
    }
}

/// What an administrator sets: an organisation's own rules (inherited below
/// it, refused in words when wrong, removed to inherit again) and a
/// representative's profile (level, leadership, liaison points); the
/// dashboard and the phone's setup count under them.
async fn duty_settings(app: App) {
    let w = world(&app).await;
    let org_b = w.rep_b.user.organisation_id.unwrap();
    app.store.set_org_parent(org_b, Some(w.org_a)).await.unwrap().unwrap();
    let policy_path = format!("/api/v1/organisations/{}/policy", w.org_a);
    let year = Utc::now().format("%Y").to_string();

    // Nothing set anywhere: the preset counts, and says so.
    let read = app.get(&policy_path, &w.office).await.json();
    assert_eq!((read["policy"].clone(), read["preset"].clone()), (Value::Null, json!(true)), "{read}");
    assert_eq!(app.get("/api/v1/duties", &w.office).await.json()["preset"], true);

    // The administrator sets three receptions a quarter for the county.
    let rules = json!({ "receptions_per_quarter": 3, "receptions_per_quarter_provincial": 1, "contacts_per_representative": 10,
        "point_lectures": 1, "point_forums_or_branch_meetings": 1, "point_veteran_visits": 1 });
    let policy = json!({ "v": 1, "organisation": "", "parent": "",
        "versions": [{ "effective_from": format!("{year}-01-01"), "rules": rules }], "terms": [], "congresses": [] });
    let saved = app.put(&policy_path, &w.admin, policy.clone()).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    assert_eq!(saved.json()["preset"], false);
    assert_eq!(
        saved.json()["policy"]["organisation"],
        w.org_a.to_string(),
        "the path's organisation, whatever was sent"
    );
    let board = app.get("/api/v1/duties", &w.office).await.json();
    assert_eq!(board["preset"], false);
    for rep in board["items"].as_array().unwrap() {
        // The organisation below inherits.
        assert_eq!(line(rep, "receptions")["required"], 3, "{rep}");
        assert_eq!(line(rep, "contacts")["required"], 10);
    }
    assert!(
        board["items"][0]["lines"].as_array().unwrap().iter().all(|l| l["duty"] != "visits"),
        "a rule not set is not owed"
    );
    let setup = app.get("/api/v1/duty-setup", &w.rep_b).await.json();
    assert_eq!(setup["v"], 1);
    assert_eq!(setup["policies"].as_array().unwrap().len(), 2, "its own (empty) and the one above: {setup}");
    assert_eq!(setup["policies"][1]["versions"][0]["rules"]["receptions_per_quarter"], 3);

    // Bad rules are refused with every problem, in words; nothing changes.
    let bad = json!({ "v": 1, "organisation": "", "parent": "",
        "versions": [
            { "effective_from": "2026-01-01", "rules": { "receptions_per_quarter": -1 } },
            { "effective_from": "2026-01-01", "rules": {} }
        ],
        "terms": [{ "first_day": "2022-01-01", "last_day": "2026-12-31" }, { "first_day": "2026-01-01", "last_day": "2030-12-31" }],
        "congresses": [] });
    let refused = app.put(&policy_path, &w.admin, bad).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
    assert_eq!(refused.key(), "duty_policy_invalid");
    let problems: Vec<String> = refused.json()["error"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["key"].as_str().unwrap().to_owned())
        .collect();
    for key in ["policy_negative", "policy_duplicate_effective_date", "policy_terms_overlap"] {
        assert!(problems.iter().any(|p| p == key), "{key} in {problems:?}");
    }
    assert!(
        refused.json()["error"]["problems"][0]["message"].as_str().unwrap().chars().any(|c| c > '\u{2e80}'),
        "in Chinese"
    );
    assert_eq!(
        app.get(&policy_path, &w.office).await.json()["policy"]["versions"][0]["rules"]["receptions_per_quarter"],
        3
    );
    let garbage = app.put(&policy_path, &w.admin, json!({ "v": 1, "rules": "lots" })).await;
    assert_eq!(garbage.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", garbage.text);

    // Who may: administrators write; offices read their own and those below.
    for who in [&w.office, &w.rep, &w.unit] {
        assert_eq!(app.put(&policy_path, who, policy.clone()).await.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(app.get(&format!("/api/v1/organisations/{org_b}/policy"), &w.office).await.status, StatusCode::OK);
    assert_eq!(app.get(&policy_path, &w.office_b).await.status, StatusCode::FORBIDDEN, "the one above is not its own");
    assert_eq!(app.get(&policy_path, &w.rep).await.status, StatusCode::FORBIDDEN);
    let nowhere = format!("/api/v1/organisations/{}/policy", Uuid::new_v4());
    assert_eq!(app.get(&nowhere, &w.admin).await.status, StatusCode::NOT_FOUND);

    // A leadership member assigned one of the organisation's liaison points this year.
    let point = liaison_core::demo::organisation().liaison_points[0].id.to_string();
    let profile_path = format!("/api/v1/admin/users/{}/duty-profile", w.rep.user.id);
    assert_eq!(app.get(&profile_path, &w.admin).await.json()["level"], "below_provincial", "the default");
    let profile = json!({ "v": 1, "level": "provincial", "leadership_member": true,
        "liaison_points": [{ "point": point, "first_day": format!("{year}-01-01"), "last_day": format!("{year}-12-31") }] });
    let saved = app.put(&profile_path, &w.admin, profile.clone()).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    assert_eq!(app.get(&profile_path, &w.admin).await.json(), profile);
    let mine = app.get(&format!("/api/v1/duties/{}", w.rep.user.id), &w.office).await.json();
    for duty in ["point_lectures", "point_forums", "point_veteran_visits"] {
        assert_eq!(line(&mine, duty)["point"], point.as_str());
    }
    assert_eq!(line(&mine, "receptions")["required"], 1, "a provincial representative's rule");
    assert_eq!(app.get("/api/v1/duty-setup", &w.rep).await.json()["profile"], profile);
    // Refused: an unknown point, days the wrong way round, an office's account, not an administrator.
    let unknown = json!({ "v": 1, "level": "provincial", "leadership_member": false,
        "liaison_points": [{ "point": Uuid::new_v4().to_string(), "first_day": "2026-01-01", "last_day": "2026-12-31" }] });
    let backwards = json!({ "v": 1, "level": "provincial", "leadership_member": false,
        "liaison_points": [{ "point": point, "first_day": "2026-12-31", "last_day": "2026-01-01" }] });
    for (body, key) in [(unknown, "unknown_choice"), (backwards, "end_before_start")] {
        let refused = app.put(&profile_path, &w.admin, body).await;
        assert_eq!(
            (refused.status, refused.key()),
            (StatusCode::UNPROCESSABLE_ENTITY, key.to_owned()),
            "{}",
            refused.text
        );
    }
    assert_eq!(app.get(&profile_path, &w.admin).await.json(), profile, "nothing changed");
    let office_profile = format!("/api/v1/admin/users/{}/duty-profile", w.office.user.id);
    assert_eq!(app.put(&office_profile, &w.admin, profile.clone()).await.key(), "duty_profile_not_representative");
    assert_eq!(app.put(&profile_path, &w.office, profile).await.status, StatusCode::FORBIDDEN);

    // Removed, the county's rules are inherited again (here: the preset).
    let removed = app.put(&policy_path, &w.admin, Value::Null).await;
    assert_eq!((removed.status, removed.json()["preset"].clone()), (StatusCode::OK, json!(true)), "{}", removed.text);
}

on_both_backends!(duty_settings, duty_settings_on_sqlite, duty_settings_on_postgres);
