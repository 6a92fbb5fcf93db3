//! Accounts and devices as a phone and an administrator see them: the real
//! router over a fresh SQLite database (and, for signing in, PostgreSQL too),
//! through `oneshot` and once over a real socket.

mod support;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use liaison_core::UserId;
use liaison_core::account::{NewAccount, NewAccountInput};
use liaison_server::photos::blobs::BlobStore;
use liaison_server::store::{Store, User};
use liaison_server::{AppState, auth, router, web::WebRoot};
use serde_json::{Value, json};
use sha2::Digest;
use std::net::SocketAddr;
use tempfile::TempDir;
use tower::ServiceExt;

struct App {
    router: axum::Router,
    store: Store,
    data: TempDir,
    _web: TempDir,
}

async fn app_on(store: Store, data: TempDir) -> App {
    let web = tempfile::tempdir().unwrap();
    std::fs::write(web.path().join("index.html"), "shell").unwrap();
    let router =
        router(AppState::new(store.clone(), WebRoot::new(web.path()).unwrap(), BlobStore::open(data.path()).unwrap()));
    App { router, store, data, _web: web }
}

async fn app() -> App {
    let data = tempfile::tempdir().unwrap();
    let store = Store::open(data.path()).await.unwrap();
    app_on(store, data).await
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    json: Value,
}

impl Answer {
    fn key(&self) -> &str {
        self.json["error"]["key"].as_str().unwrap_or_else(|| panic!("no error key in {}", self.json))
    }
}

/// One request: `body` is sent as JSON when it is a value, as raw bytes with
/// the given content type when it is `Raw`.
enum Payload<'a> {
    Nothing,
    Json(Value),
    Raw(&'a str, Vec<u8>),
}

impl App {
    async fn call(&self, method: Method, path: &str, token: Option<&str>, body: Payload<'_>) -> Answer {
        self.call_from(method, path, token, body, "127.0.0.1:50000").await
    }

    async fn call_from(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Payload<'_>,
        from: &str,
    ) -> Answer {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let body = match body {
            Payload::Nothing => Body::empty(),
            Payload::Json(value) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                Body::from(value.to_string())
            }
            Payload::Raw(content_type, bytes) => {
                if !content_type.is_empty() {
                    request = request.header(header::CONTENT_TYPE, content_type);
                }
                Body::from(bytes)
            }
        };
        let mut request = request.body(body).unwrap();
        request.extensions_mut().insert(ConnectInfo(from.parse::<SocketAddr>().unwrap()));
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let json = if bytes.is_empty() { Value::Null } else { serde_json::from_slice(&bytes).unwrap() };
        Answer { status, headers, json }
    }

    async fn get(&self, path: &str, token: Option<&str>) -> Answer {
        self.call(Method::GET, path, token, Payload::Nothing).await
    }

    async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Answer {
        self.call(Method::POST, path, token, Payload::Json(body)).await
    }

    /// Makes an account directly (as `liaison admin create` does).
    async fn account(&self, login: &str, role: &str) -> User {
        let account = NewAccount::parse(&NewAccountInput {
            login: login.into(),
            name: format!("{login}名"),
            role: role.into(),
            password: format!("{login}-password"),
            organisation_id: None,
        })
        .unwrap();
        auth::create_account(&self.store, account, UserId::from_uuid(uuid::Uuid::new_v4()), auth::now()).await.unwrap()
    }

    /// Signs in with the password `account` gave, answering the token.
    async fn sign_in(&self, login: &str, device: &str) -> (String, Value) {
        let answer = self.sign_in_with(login, &format!("{}-password", login.to_lowercase()), device).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.json);
        (answer.json["token"].as_str().unwrap().to_owned(), answer.json)
    }

    async fn sign_in_with(&self, login: &str, password: &str, device: &str) -> Answer {
        self.post("/api/v1/session", None, json!({ "login": login, "password": password, "device_name": device })).await
    }

    /// Rows in a table of the SQLite database.
    async fn count(&self, table: &str) -> i64 {
        let pool =
            sqlx::SqlitePool::connect(&format!("sqlite://{}", self.data.path().join("liaison.sqlite3").display()))
                .await
                .unwrap();
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&pool).await.unwrap();
        pool.close().await;
        n
    }
}

async fn sign_in_and_me(app: &App) {
    let rep = app.account("zhangsan", "representative").await;
    let (token, session) = app.sign_in("ZhangSan", "张三的手机").await;
    assert_eq!(token.len(), 43);
    assert_eq!(session["user"]["id"], rep.id.to_string());
    assert_eq!(session["user"]["login"], "zhangsan");
    assert_eq!(session["user"]["name"], "zhangsan名");
    assert_eq!(session["user"]["role"], "representative");
    assert_eq!(session["user"]["organisation_id"], Value::Null);
    assert_eq!(session["device"]["name"], "张三的手机");
    assert!(session.get("password_hash").is_none() && session["user"].get("password_hash").is_none());

    let me = app.get("/api/v1/me", Some(&token)).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.json);
    assert_eq!(me.json["user"], session["user"]);
    assert_eq!(me.json["device"]["id"], session["device"]["id"]);
    assert_eq!(me.headers[header::CACHE_CONTROL], "no-store");

    for token in [None, Some("not-a-token"), Some(&*"A".repeat(43))] {
        let answer = app.get("/api/v1/me", token).await;
        assert_eq!((answer.status, answer.key()), (StatusCode::UNAUTHORIZED, "unauthorized"), "{token:?}");
        assert_eq!(answer.headers[header::WWW_AUTHENTICATE], "Bearer");
    }
}

#[tokio::test]
async fn a_phone_signs_in_once_and_is_known_by_its_token() {
    sign_in_and_me(&app().await).await;
}

#[tokio::test]
async fn a_phone_signs_in_on_postgres_too() {
    let Some(db) = support::fresh_postgres("a_phone_signs_in_on_postgres_too").await else { return };
    let store = Store::connect_postgres(&db.url).await.unwrap();
    sign_in_and_me(&app_on(store.clone(), tempfile::tempdir().unwrap()).await).await;
    store.close().await;
    db.drop().await;
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_login_get_the_same_answer() {
    let app = app().await;
    app.account("lisi", "office").await;
    let wrong = app.sign_in_with("lisi", "not the password", "手机").await;
    let unknown = app.sign_in_with("nobody", "lisi-password", "手机").await;
    let malformed = app.sign_in_with("李四", "lisi-password", "手机").await;
    for answer in [&wrong, &unknown, &malformed] {
        assert_eq!((answer.status, answer.key()), (StatusCode::UNAUTHORIZED, "sign_in_failed"));
    }
    assert_eq!(wrong.json, unknown.json);
    assert_eq!(app.count("devices").await, 0);
}

#[tokio::test]
async fn tokens_are_stored_only_as_their_sha256() {
    let app = app().await;
    app.account("wangwu", "representative").await;
    let (token, _) = app.sign_in("wangwu", "王五的手机").await;
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", app.data.path().join("liaison.sqlite3").display()))
        .await
        .unwrap();
    let stored: Vec<u8> = sqlx::query_scalar("SELECT token_sha256 FROM devices").fetch_one(&pool).await.unwrap();
    assert_eq!(stored, sha2::Sha256::digest(token.as_bytes()).to_vec());
    let dump: String = sqlx::query_scalar("SELECT group_concat(id || name || created_at || last_seen_at) FROM devices")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(!dump.contains(&token));
    pool.close().await;
}

#[tokio::test]
async fn a_revoked_device_is_refused_at_its_next_request_and_says_so() {
    let app = app().await;
    app.account("zhaoliu", "representative").await;
    let (phone, first) = app.sign_in("zhaoliu", "旧手机").await;
    let (tablet, _) = app.sign_in("zhaoliu", "平板").await;
    let devices = app.get("/api/v1/me/devices", Some(&tablet)).await;
    let names: Vec<&str> = devices.json.as_array().unwrap().iter().map(|d| d["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["旧手机", "平板"]);
    assert!(devices.json[0].get("token").is_none());

    let id = first["device"]["id"].as_str().unwrap();
    let revoked = app.post(&format!("/api/v1/me/devices/{id}/revoke"), Some(&tablet), json!({})).await;
    assert_eq!(revoked.status, StatusCode::OK, "{}", revoked.json);
    assert!(revoked.json["revoked_at"].is_string());

    let refused = app.get("/api/v1/me", Some(&phone)).await;
    assert_eq!((refused.status, refused.key()), (StatusCode::UNAUTHORIZED, "device_revoked"));
    assert!(refused.json["error"]["message"].as_str().unwrap().contains("仍然保留"), "tells the data is kept");
    assert_eq!(app.get("/api/v1/me", Some(&tablet)).await.status, StatusCode::OK);
    // Signing in again makes a new device; the old one stays revoked.
    let (again, _) = app.sign_in("zhaoliu", "旧手机").await;
    assert_eq!(app.get("/api/v1/me", Some(&again)).await.status, StatusCode::OK);
    assert_eq!(app.get("/api/v1/me", Some(&phone)).await.key(), "device_revoked");
}

#[tokio::test]
async fn someone_elses_device_is_not_found() {
    let app = app().await;
    app.account("alice", "representative").await;
    app.account("bob", "representative").await;
    let (alice, _) = app.sign_in("alice", "A").await;
    let (_, bob) = app.sign_in("bob", "B").await;
    let bobs = bob["device"]["id"].as_str().unwrap();
    for id in [bobs, "0195f3c2-0000-7000-8000-000000000000", "garbage"] {
        let answer = app.post(&format!("/api/v1/me/devices/{id}/revoke"), Some(&alice), json!({})).await;
        assert_eq!((answer.status, answer.key()), (StatusCode::NOT_FOUND, "server_not_found"), "{id}");
    }
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", app.data.path().join("liaison.sqlite3").display()))
        .await
        .unwrap();
    let revoked: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM devices WHERE revoked_at IS NOT NULL").fetch_one(&pool).await.unwrap();
    assert_eq!(revoked, 0);
    pool.close().await;
}

#[tokio::test]
async fn only_administrators_reach_the_admin_endpoints() {
    let app = app().await;
    app.account("admin", "admin").await;
    let rep = app.account("rep", "representative").await;
    let (admin_token, _) = app.sign_in("admin", "办公室电脑").await;
    let (rep_token, rep_session) = app.sign_in("rep", "手机").await;
    let rep_device = rep_session["device"]["id"].as_str().unwrap().to_owned();
    let new_user = json!({ "login": "new.one", "name": "新人", "role": "office", "password": "long enough" });
    let endpoints: Vec<(Method, String, Option<Value>, StatusCode)> = vec![
        (Method::GET, "/api/v1/admin/users".into(), None, StatusCode::OK),
        (Method::POST, "/api/v1/admin/users".into(), Some(new_user), StatusCode::CREATED),
        (Method::GET, format!("/api/v1/admin/users/{}/devices", rep.id), None, StatusCode::OK),
        (Method::POST, format!("/api/v1/admin/devices/{rep_device}/revoke"), Some(json!({})), StatusCode::OK),
    ];
    for (method, path, body, _) in &endpoints {
        let send = || body.clone().map_or(Payload::Nothing, Payload::Json);
        let none = app.call(method.clone(), path, None, send()).await;
        assert_eq!((none.status, none.key()), (StatusCode::UNAUTHORIZED, "unauthorized"), "{method} {path}");
        let representative = app.call(method.clone(), path, Some(&rep_token), send()).await;
        assert_eq!((representative.status, representative.key()), (StatusCode::FORBIDDEN, "forbidden"), "{path}");
    }
    // Nothing the refused calls asked for happened.
    assert_eq!(app.count("users").await, 2);
    assert_eq!(app.get("/api/v1/me", Some(&rep_token)).await.status, StatusCode::OK);

    for (method, path, body, ok) in &endpoints {
        let send = body.clone().map_or(Payload::Nothing, Payload::Json);
        let admin = app.call(method.clone(), path, Some(&admin_token), send).await;
        assert_eq!(admin.status, *ok, "{method} {path}: {}", admin.json);
    }
    let users = app.get("/api/v1/admin/users", Some(&admin_token)).await.json;
    let logins: Vec<&str> = users.as_array().unwrap().iter().map(|u| u["login"].as_str().unwrap()).collect();
    assert_eq!(logins, ["admin", "new.one", "rep"]);
    assert_eq!(app.get("/api/v1/me", Some(&rep_token)).await.key(), "device_revoked");
    let devices = app.get(&format!("/api/v1/admin/users/{}/devices", rep.id), Some(&admin_token)).await;
    assert!(devices.json[0]["revoked_at"].is_string());
    // Unknown ids are 404.
    let unknown = "0195f3c2-0000-7000-8000-000000000000";
    for path in [format!("/api/v1/admin/users/{unknown}/devices"), "/api/v1/admin/users/nope/devices".into()] {
        assert_eq!(app.get(&path, Some(&admin_token)).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    let revoke = app.post(&format!("/api/v1/admin/devices/{unknown}/revoke"), Some(&admin_token), json!({})).await;
    assert_eq!(revoke.status, StatusCode::NOT_FOUND);
    // The new account signs in.
    app.sign_in_with("new.one", "long enough", "电脑").await;
}

#[tokio::test]
async fn a_new_account_is_checked_field_by_field() {
    let app = app().await;
    app.account("admin", "admin").await;
    let (admin, _) = app.sign_in("admin", "电脑").await;
    let create = |body: Value| {
        let app = &app;
        let admin = admin.clone();
        async move { app.post("/api/v1/admin/users", Some(&admin), body).await }
    };
    let refused = create(json!({ "login": "ab", "name": " ", "role": "boss", "password": "short" })).await;
    assert_eq!((refused.status, refused.key()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_input"));
    let fields: Vec<(&str, &str)> = refused.json["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap(), f["key"].as_str().unwrap()))
        .collect();
    assert_eq!(
        fields,
        [("login", "login_invalid"), ("name", "required"), ("role", "unknown_choice"), ("password", "too_short")]
    );
    assert_eq!(refused.json["error"]["fields"][3]["message"], "至少 8 个字符。");
    let long_name =
        create(json!({ "login": "abc", "name": "名".repeat(41), "role": "office", "password": "12345678" })).await;
    assert_eq!(long_name.json["error"]["fields"][0]["key"], "too_long");

    let taken = create(json!({ "login": "ADMIN", "name": "又一个", "role": "admin", "password": "12345678" })).await;
    assert_eq!((taken.status, taken.key()), (StatusCode::CONFLICT, "login_taken"));
    let nowhere = json!({ "login": "abc", "name": "某人", "role": "office", "password": "12345678",
        "organisation_id": "0195f3c2-0000-7000-8000-000000000000" });
    let nowhere = create(nowhere).await;
    assert_eq!((nowhere.status, nowhere.key()), (StatusCode::UNPROCESSABLE_ENTITY, "unknown_organisation"));
    assert_eq!(app.count("users").await, 1, "nothing written");

    // With an organisation loaded, a new account belongs to it.
    let demo = liaison_core::demo::organisation();
    app.store.load_org(&demo).await.unwrap();
    let made = create(json!({ "login": "abc", "name": "某人", "role": "unit_member", "password": "12345678" })).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.json);
    assert_eq!(made.json["organisation_id"], demo.id.to_string());
    assert_eq!(made.json["role"], "unit_member");
}

#[tokio::test]
async fn failed_sign_ins_are_limited_by_login_and_by_address() {
    let app = app().await;
    app.account("target", "representative").await;
    for n in 0..5 {
        let answer = app.sign_in_with("target", "guess", &format!("尝试 {n}")).await;
        assert_eq!(answer.key(), "sign_in_failed", "attempt {n}");
    }
    // Locked even with the right password, from anywhere.
    let locked = app
        .call_from(
            Method::POST,
            "/api/v1/session",
            None,
            Payload::Json(json!({ "login": "target", "password": "target-password", "device_name": "手机" })),
            "10.0.0.9:1234",
        )
        .await;
    assert_eq!((locked.status, locked.key()), (StatusCode::TOO_MANY_REQUESTS, "sign_in_rate_limited"));
    let retry: u64 = locked.headers[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((1..=900).contains(&retry), "{retry}");
    assert_eq!(app.count("devices").await, 0);

    // Twenty failures from one address lock that address, not others.
    app.account("someone", "office").await;
    for n in 0..20 {
        let body = json!({ "login": format!("guess{n}"), "password": "x", "device_name": "手机" });
        let answer = app.call_from(Method::POST, "/api/v1/session", None, Payload::Json(body), "192.0.2.7:1").await;
        assert_eq!(answer.key(), "sign_in_failed", "attempt {n}");
    }
    let body = json!({ "login": "someone", "password": "someone-password", "device_name": "手机" });
    let from_there =
        app.call_from(Method::POST, "/api/v1/session", None, Payload::Json(body.clone()), "192.0.2.7:2").await;
    assert_eq!(from_there.status, StatusCode::TOO_MANY_REQUESTS);
    let elsewhere = app.call_from(Method::POST, "/api/v1/session", None, Payload::Json(body), "192.0.2.8:1").await;
    assert_eq!(elsewhere.status, StatusCode::CREATED, "{}", elsewhere.json);
}

#[tokio::test]
async fn garbage_bodies_are_refused_with_a_key_and_write_nothing() {
    let app = app().await;
    app.account("admin", "admin").await;
    let (admin, _) = app.sign_in("admin", "电脑").await;
    let (users, devices) = (app.count("users").await, app.count("devices").await);
    let json = "application/json";
    let cases: Vec<(Payload, StatusCode, &str)> = vec![
        (Payload::Raw(json, b"{\"login\": ".to_vec()), StatusCode::BAD_REQUEST, "request_malformed"),
        (Payload::Raw(json, Vec::new()), StatusCode::BAD_REQUEST, "request_malformed"),
        (Payload::Raw(json, b"\xff\xfe not utf-8".to_vec()), StatusCode::BAD_REQUEST, "request_malformed"),
        (Payload::Raw(json, b"[1, 2, 3]".to_vec()), StatusCode::UNPROCESSABLE_ENTITY, "request_malformed"),
        (
            Payload::Json(json!({ "login": 7, "password": ["x"], "device_name": null, "name": {}, "role": 1 })),
            StatusCode::UNPROCESSABLE_ENTITY,
            "request_malformed",
        ),
        (Payload::Json(json!({})), StatusCode::UNPROCESSABLE_ENTITY, "request_malformed"),
        (Payload::Raw("text/plain", b"{}".to_vec()), StatusCode::UNSUPPORTED_MEDIA_TYPE, "request_not_json"),
        (Payload::Raw("", b"{}".to_vec()), StatusCode::UNSUPPORTED_MEDIA_TYPE, "request_not_json"),
        (
            Payload::Raw(json, format!("{{\"login\": \"{}\"}}", "a".repeat(70 * 1024)).into_bytes()),
            StatusCode::PAYLOAD_TOO_LARGE,
            "request_too_large",
        ),
    ];
    for (n, (body, status, key)) in cases.into_iter().enumerate() {
        let body = match body {
            Payload::Raw(t, b) => (Payload::Raw(t, b.clone()), Payload::Raw(t, b)),
            Payload::Json(v) => (Payload::Json(v.clone()), Payload::Json(v)),
            Payload::Nothing => (Payload::Nothing, Payload::Nothing),
        };
        for (path, token, body) in [("/api/v1/session", None, body.0), ("/api/v1/admin/users", Some(&*admin), body.1)] {
            let answer = app.call(Method::POST, path, token, body).await;
            assert_eq!((answer.status, answer.key()), (status, key), "case {n} on {path}");
            assert!(answer.json["error"]["message"].as_str().unwrap().contains("没有做任何修改"), "case {n}");
        }
    }
    assert_eq!((app.count("users").await, app.count("devices").await), (users, devices));
}

#[tokio::test]
async fn a_phone_signs_in_over_a_real_socket() {
    let app = app().await;
    app.account("socket", "representative").await;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(liaison_server::serve(listener, app.router.clone(), None, async {
        let _ = stopped.await;
    }));
    let answer = tokio::task::spawn_blocking(move || {
        use std::io::{Read, Write};
        let body = r#"{"login":"socket","password":"socket-password","device_name":"手机"}"#;
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        write!(
            stream,
            "POST /api/v1/session HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    })
    .await
    .unwrap();
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    assert!(answer.contains("\"token\":\""), "{answer}");
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

#[tokio::test]
async fn the_admin_command_creates_the_first_administrator_once() {
    use std::io::Write;
    let data = tempfile::tempdir().unwrap();
    let run = |args: &[&str], stdin: &str, env: &[(&str, &str)]| {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_liaison"))
            .args(["admin", "create"])
            .args(args)
            .arg("--data-dir")
            .arg(data.path())
            .env_remove("LIAISON_DATA_DIR")
            .env_remove("LIAISON_DATABASE_URL")
            .envs(env.iter().copied())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
        )
    };
    let (ok, out) = run(&["--login", "root", "--name", "管理员"], "short\n", &[]);
    assert!(!ok && out.contains("At least 8 characters"), "{out}");
    let (ok, out) = run(&["--login", "root", "--name", "管理员"], "a good password\n", &[]);
    assert!(ok, "{out}");
    assert!(out.contains("Created administrator root"), "{out}");
    let (ok, out) = run(&["--login", "Root", "--name", "另一个", "--password-env", "PW"], "", &[("PW", "another one")]);
    assert!(!ok && out.contains("already taken"), "{out}");
    let (ok, out) = run(&["--login", "second", "--name", "二号", "--password-env", "PW"], "", &[("PW", "another one")]);
    assert!(ok, "{out}");

    let store = Store::open(data.path()).await.unwrap();
    let app = app_on(store, data).await;
    let answer = app.sign_in_with("root", "a good password", "电脑").await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.json);
    assert_eq!(answer.json["user"]["role"], "admin");
    assert_eq!(app.count("users").await, 2);
}
