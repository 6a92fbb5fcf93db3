//! The server as a client sees it: the real router over a fresh database in a
//! temporary directory, through `oneshot` or a real socket on 127.0.0.1:0.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use liaison_server::photos::blobs::BlobStore;
use liaison_server::{AppState, Store, router, serve, web::WebRoot};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::Arc;
use tempfile::TempDir;
use tower::ServiceExt;

const WASM: &str = "assets/liaison-app-0123456789abcdef.wasm";

/// A web directory shaped like `cargo xtask build` output.
fn web_dir() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, bytes: &[u8]| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    };
    write("index.html", b"<!doctype html><title>shell</title>");
    write("sw.js", b"// service worker");
    write("manifest.webmanifest", b"{}");
    write(WASM, b"\0asm plain");
    write(&format!("{WASM}.br"), b"brotli bytes");
    dir
}

struct App {
    router: axum::Router,
    _data: TempDir,
    _web: TempDir,
}

async fn app() -> App {
    let data = tempfile::tempdir().unwrap();
    let web = web_dir();
    let store = Store::open(data.path()).await.unwrap();
    let router = router(AppState::new(store, WebRoot::new(web.path()).unwrap(), BlobStore::open(data.path()).unwrap()));
    App { router, _data: data, _web: web }
}

async fn get(app: &App, path: &str, headers: &[(&str, &str)]) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let mut request = Request::get(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = app.router.clone().oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, headers, body)
}

fn cache_control(headers: &axum::http::HeaderMap) -> &str {
    headers.get(header::CACHE_CONTROL).unwrap().to_str().unwrap()
}

#[tokio::test]
async fn healthz_answers_from_the_database() {
    let app = app().await;
    let (status, headers, body) = get(&app, "/healthz", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cache_control(&headers), "no-store");
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(json["status"], "ok");
    assert_eq!(json["instance"].as_str().unwrap().len(), 36);
}

#[tokio::test]
async fn the_data_directory_is_created_and_reopened_with_the_same_identity() {
    let parent = tempfile::tempdir().unwrap();
    let data = parent.path().join("nested/data");
    let first = Store::open(&data).await.unwrap();
    let id = first.instance_id().await.unwrap();
    first.close().await;
    let again = Store::open(&data).await.unwrap();
    assert_eq!(again.instance_id().await.unwrap(), id);
}

#[tokio::test]
async fn deep_links_get_the_app_shell_revalidated_on_every_load() {
    let app = app().await;
    for path in ["/", "/opinions/new", "/index.html"] {
        let (status, headers, body) = get(&app, path, &[]).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(cache_control(&headers), "no-cache", "{path}");
        assert!(String::from_utf8(body).unwrap().contains("shell"), "{path}");
    }
    let (status, headers, _) = get(&app, "/sw.js", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cache_control(&headers), "no-cache");
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_precompressed() {
    let app = app().await;
    let path = format!("/{WASM}");
    let (status, headers, body) = get(&app, &path, &[("accept-encoding", "gzip, deflate, br")]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cache_control(&headers), "public, max-age=31536000, immutable");
    assert_eq!(headers.get(header::CONTENT_ENCODING).unwrap(), "br");
    assert_eq!(headers.get(header::CONTENT_TYPE).unwrap(), "application/wasm");
    assert_eq!(body, b"brotli bytes");

    let (_, headers, body) = get(&app, &path, &[]).await;
    assert!(headers.get(header::CONTENT_ENCODING).is_none());
    assert_eq!(body, b"\0asm plain");
}

#[tokio::test]
async fn missing_files_and_api_paths_are_404_not_the_shell() {
    let app = app().await;
    let (status, _, _) = get(&app, "/assets/missing-0123456789abcdef.js", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, headers, body) = get(&app, "/api/nothing", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(cache_control(&headers), "no-store");
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(json["error"]["key"], "server_not_found");
    assert_eq!(json["error"]["message"], "请求的资源不存在。");
}

#[test]
fn a_web_directory_without_the_app_is_refused_with_advice() {
    let empty = tempfile::tempdir().unwrap();
    let error = WebRoot::new(empty.path()).unwrap_err().to_string();
    assert!(error.contains("cargo xtask build"), "{error}");
}

/// One HTTP/1.1 GET over any stream; returns the raw answer.
fn raw_get(mut stream: impl Read + Write, path: &str) -> String {
    write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    String::from_utf8_lossy(&answer).into_owned()
}

async fn spawn(
    app: App,
    tls: Option<axum_server::tls_rustls::RustlsConfig>,
) -> (std::net::SocketAddr, tokio::sync::oneshot::Sender<()>, tokio::task::JoinHandle<std::io::Result<()>>, App) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve(listener, app.router.clone(), tls, async {
        let _ = stopped.await;
    }));
    (addr, stop, server, app)
}

#[tokio::test]
async fn serves_plain_http_on_a_socket_and_stops_gracefully() {
    let (addr, stop, server, _app) = spawn(app().await, None).await;
    let answer = tokio::task::spawn_blocking(move || raw_get(std::net::TcpStream::connect(addr).unwrap(), "/healthz"))
        .await
        .unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
    assert!(std::net::TcpStream::connect(addr).is_err(), "still listening after shutdown");
}

#[tokio::test]
async fn serves_https_with_the_given_certificate() {
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (cert_path, key_path) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert_path, cert.cert.pem()).unwrap();
    std::fs::write(&key_path, cert.signing_key.serialize_pem()).unwrap();
    let tls = liaison_server::serve::load_tls(&cert_path, &key_path).await.unwrap();
    let (addr, stop, server, _app) = spawn(app().await, Some(tls)).await;

    let mut roots = rustls::RootCertStore::empty();
    roots.add(cert.cert.der().clone()).unwrap();
    let config = rustls::ClientConfig::builder().with_root_certificates(roots).with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
    let mut tls_stream = connector.connect(name, tcp).await.unwrap();
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    tls_stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").await.unwrap();
    let mut answer = Vec::new();
    tls_stream.read_to_end(&mut answer).await.unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"status\":\"ok\""), "{answer}");
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

#[test]
fn tls_with_a_missing_key_file_is_a_clear_error() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let error = runtime
        .block_on(liaison_server::serve::load_tls(
            Path::new("/nonexistent/cert.pem"),
            Path::new("/nonexistent/key.pem"),
        ))
        .unwrap_err()
        .to_string();
    assert!(error.contains("/nonexistent/cert.pem"), "{error}");
}

#[tokio::test]
async fn errors_are_said_in_the_language_asked_for_with_the_same_key() {
    let app = app().await;
    let said = |body: &[u8]| -> (String, String) {
        let v: serde_json::Value = serde_json::from_slice(body).unwrap();
        (v["error"]["key"].as_str().unwrap().to_owned(), v["error"]["message"].as_str().unwrap().to_owned())
    };
    let (status, _, zh) = get(&app, "/api/v1/matters", &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(said(&zh), ("unauthorized".into(), "尚未登录或登录已失效，请重新登录。".into()));
    let (_, _, en) = get(&app, "/api/v1/matters", &[("accept-language", "en-GB,en;q=0.9,zh;q=0.5")]).await;
    assert_eq!(
        said(&en),
        ("unauthorized".into(), "You are not signed in, or your sign-in is no longer valid; sign in again.".into())
    );
    let (_, _, other) = get(&app, "/api/v1/matters", &[("accept-language", "fr-FR")]).await;
    assert_eq!(said(&other).1, "尚未登录或登录已失效，请重新登录。", "zh-CN unless a supported language is asked for");
}
