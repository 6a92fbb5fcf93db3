//! Organisation reference data: loaded by the `liaison demo` command (twice is
//! the same as once), read back by `GET /api/v1/organisation` as the frozen
//! `OrgRecordV2`; an organisation of its own (its opinion categories) loaded
//! from a file by `liaison org load`; before anything is loaded, a clear 404 with a catalogue key.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use liaison_core::org::{Org, OrgRecordV2};
use liaison_server::photos::blobs::BlobStore;
use liaison_server::{AppState, Store, router, web::WebRoot};
use tower::ServiceExt;

async fn get_org(store: &Store) -> (StatusCode, Vec<u8>) {
    let web = tempfile::tempdir().unwrap();
    std::fs::write(web.path().join("index.html"), "shell").unwrap();
    let app = router(AppState::new(
        store.clone(),
        WebRoot::new(web.path()).unwrap(),
        BlobStore::open(&web.path().join("data")).unwrap(),
    ));
    let response = app.oneshot(Request::get("/api/v1/organisation").body(Body::empty()).unwrap()).await.unwrap();
    let status = response.status();
    (status, response.into_body().collect().await.unwrap().to_bytes().to_vec())
}

async fn count(data: &std::path::Path, table: &str) -> i64 {
    let pool =
        sqlx::SqlitePool::connect(&format!("sqlite://{}", data.join("liaison.sqlite3").display())).await.unwrap();
    let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&pool).await.unwrap();
    pool.close().await;
    n
}

#[tokio::test]
async fn nothing_loaded_is_a_clear_404() {
    let data = tempfile::tempdir().unwrap();
    let store = Store::open(data.path()).await.unwrap();
    let (status, body) = get_org(&store).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["error"]["key"], "no_organisation");
    assert!(body["error"]["message"].as_str().unwrap().contains("liaison demo"));
}

#[tokio::test]
async fn the_demo_is_served_as_loaded_and_loading_twice_doubles_nothing() {
    let data = tempfile::tempdir().unwrap();
    let store = Store::open(data.path()).await.unwrap();
    let demo = liaison_core::demo::organisation();
    store.load_org(&demo).await.unwrap();
    store.load_org(&demo).await.unwrap();
    for (table, n) in
        [("organisations", 1), ("studios", 2), ("liaison_points", 12), ("shared_contacts", 30), ("categories", 10)]
    {
        assert_eq!(count(data.path(), table).await, n, "{table}");
    }
    let (status, body) = get_org(&store).await;
    assert_eq!(status, StatusCode::OK);
    let record: OrgRecordV2 = serde_json::from_slice(&body).unwrap();
    assert_eq!(Org::try_from(record).unwrap(), demo);
}

#[tokio::test]
async fn the_demo_command_loads_the_demo_organisation() {
    let data = tempfile::tempdir().unwrap();
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_liaison"))
            .args(["demo", "--data-dir"])
            .arg(data.path())
            .env_remove("LIAISON_DATA_DIR")
            .output()
            .unwrap()
    };
    for _ in 0..2 {
        let out = run();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stdout).contains("12 liaison points, 2 studios"));
    }
    let store = Store::open(data.path()).await.unwrap();
    assert_eq!(store.org().await.unwrap(), Some(liaison_core::demo::organisation()));
    // With its responsible units, each once however often it is loaded.
    let organisations = store.organisations().await.unwrap();
    assert_eq!(organisations.len(), 1 + liaison_core::demo::units().len());
    for unit in liaison_core::demo::units() {
        assert!(organisations.contains(&(unit.id, unit.name.clone())), "{}", unit.name.as_str());
    }
}

#[tokio::test]
async fn corrupt_stored_reference_data_is_a_503_without_internals() {
    let data = tempfile::tempdir().unwrap();
    let store = Store::open(data.path()).await.unwrap();
    store.load_org(&liaison_core::demo::organisation()).await.unwrap();
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", data.path().join("liaison.sqlite3").display()))
        .await
        .unwrap();
    sqlx::query("UPDATE studios SET reception_days = '10,x' WHERE position = 0").execute(&pool).await.unwrap();
    pool.close().await;
    assert!(matches!(store.org().await, Err(liaison_server::store::StoreError::Corrupt(_))));
    let (status, body) = get_org(&store).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["error"]["key"], "server_internal");
    assert!(!body.to_string().contains("reception day"), "no internals in {body}");
}

fn liaison(data: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_liaison"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env_remove("LIAISON_DATA_DIR")
        .env_remove("LIAISON_DATABASE_URL")
        .output()
        .unwrap()
}

#[tokio::test]
async fn an_organisation_file_sets_its_own_categories_and_a_bad_file_changes_nothing() {
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("org.json");
    let mut record = OrgRecordV2::from(&liaison_core::demo::organisation());
    record.categories = vec![
        liaison_core::org::CategoryRecord {
            code: "rural_roads".into(),
            name_zh: "农村道路".into(),
            name_en: "Rural roads".into(),
        },
        liaison_core::org::CategoryRecord { code: "other".into(), name_zh: "其他".into(), name_en: String::new() },
    ];
    std::fs::write(&file, serde_json::to_vec(&record).unwrap()).unwrap();
    let out = liaison(data.path(), &["org", "load", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 opinion categories"));

    // A second file with a bad category: refused with the field and the reason, nothing changed.
    let mut bad = record.clone();
    bad.categories[1].code = "Other Things".into();
    bad.name = "另一个名字".into();
    let bad_file = data.path().join("bad.json");
    std::fs::write(&bad_file, serde_json::to_vec(&bad).unwrap()).unwrap();
    let out = liaison(data.path(), &["org", "load", bad_file.to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("请从列表中选择类别"), "{stderr}");
    std::fs::write(&bad_file, b"{not json").unwrap();
    let out = liaison(data.path(), &["org", "load", bad_file.to_str().unwrap()]);
    assert!(!out.status.success());

    let store = Store::open(data.path()).await.unwrap();
    let (status, body) = get_org(&store).await;
    assert_eq!(status, StatusCode::OK);
    let served: OrgRecordV2 = serde_json::from_slice(&body).unwrap();
    assert_eq!(served, record, "the good file as loaded; the bad ones changed nothing");

    // Loading the demo again replaces the list as a whole.
    store.load_org(&liaison_core::demo::organisation()).await.unwrap();
    assert_eq!(store.org().await.unwrap().unwrap().categories.defs().len(), 10);
    assert_eq!(count(data.path(), "categories").await, 10);
}
