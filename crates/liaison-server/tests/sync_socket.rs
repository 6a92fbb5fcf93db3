//! The sync socket (`GET /api/v1/sync/socket`) over a real TCP listener: its
//! frames (version 1, frozen here), the same answers as `POST /api/v1/sync`,
//! a re-sent push that changes nothing, bad input answered with its key and
//! the socket still usable, an oversized message that only closes the
//! socket, and a device revoked while its socket is open.

mod support;

use futures_util::{SinkExt, StreamExt};
use liaison_i18n::{Locale, Msg};
use liaison_server::photos::blobs::BlobStore;
use liaison_server::serve::serve;
use liaison_server::store::Store;
use liaison_server::sync::LIMITS;
use liaison_server::{AppState, router, web::WebRoot};
use liaison_sync::{Collection, DeviceId, Outcome, SyncResponse, decode_response, encode_request};
use serde_json::{Value, json};
use support::sync::*;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use uuid::Uuid;

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

struct Server {
    addr: std::net::SocketAddr,
    store: Store,
    _stop: tokio::sync::oneshot::Sender<()>,
    _dirs: (tempfile::TempDir, tempfile::TempDir),
}

async fn server() -> Server {
    let data = tempfile::tempdir().unwrap();
    let web = tempfile::tempdir().unwrap();
    std::fs::write(web.path().join("index.html"), "shell").unwrap();
    let store = Store::open(data.path()).await.unwrap();
    let app =
        router(AppState::new(store.clone(), WebRoot::new(web.path()).unwrap(), BlobStore::open(data.path()).unwrap()));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(serve(listener, app, None, async {
        let _ = stopped.await;
    }));
    Server { addr, store, _stop: stop, _dirs: (data, web) }
}

impl Server {
    /// A socket, its opening request asking for `language`.
    async fn open(&self, language: &str) -> Socket {
        let mut request = format!("ws://{}/api/v1/sync/socket", self.addr).into_client_request().unwrap();
        request.headers_mut().insert("accept-language", language.parse().unwrap());
        tokio_tungstenite::connect_async(request).await.unwrap().0
    }
}

async fn send(socket: &mut Socket, text: impl Into<String>) {
    socket.send(Message::text(text.into())).await.unwrap();
}

/// The next answer: `(status, body)` from `<status> <body>`.
async fn answer(socket: &mut Socket) -> (u16, String) {
    loop {
        match socket.next().await.expect("an answer, not the end").unwrap() {
            Message::Text(text) => {
                let (status, body) = text.as_str().split_once(' ').expect("<status> <body>");
                return (status.parse().unwrap(), body.to_owned());
            }
            Message::Ping(_) | Message::Pong(_) => continue,
            other => panic!("not an answer: {other:?}"),
        }
    }
}

/// The socket ends (a close frame or the connection's end) with no answer.
async fn closed(socket: &mut Socket) {
    loop {
        match socket.next().await {
            None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return,
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
            Some(Ok(other)) => panic!("answered instead of closed: {other:?}"),
        }
    }
}

fn key(body: &str) -> String {
    let json: Value = serde_json::from_str(body).unwrap();
    json["error"]["key"].as_str().unwrap_or_else(|| panic!("no key in {body}")).to_owned()
}

fn ok(answer: (u16, String)) -> SyncResponse {
    assert_eq!(answer.0, 200, "{}", answer.1);
    decode_response(answer.1.as_bytes(), &LIMITS).unwrap()
}

fn hello(token: &str) -> String {
    json!({ "v": 1, "token": token }).to_string()
}

#[tokio::test]
async fn the_frames_of_version_1() {
    let server = server().await;
    // A refused hello: its answer, whole, and the end of the socket.
    let mut socket = server.open("zh-CN").await;
    send(&mut socket, r#"{"v":1,"token":"short"}"#).await;
    let message = Msg::Unauthorized.text(Locale::ZhCn);
    let frame = format!(r#"401 {{"error":{{"key":"unauthorized","message":"{message}"}}}}"#);
    let (status, body) = answer(&mut socket).await;
    assert_eq!(format!("{status} {body}"), frame);
    closed(&mut socket).await;

    for (hello, want) in [
        (r#"{"v":2,"token":"x"}"#.to_owned(), "sync_unsupported_version"),
        ("not json".to_owned(), "sync_malformed"),
        (r#"{"token":"x"}"#.to_owned(), "sync_malformed"),
    ] {
        let mut socket = server.open("en").await;
        send(&mut socket, hello).await;
        let (status, body) = answer(&mut socket).await;
        assert_eq!((status, key(&body).as_str()), (400, want));
        closed(&mut socket).await;
    }
}

#[tokio::test]
async fn a_socket_answers_as_http_does() {
    let server = server().await;
    let u = user(&server.store, "zhang.san").await;
    let (phone, token) = device_with_id(&server.store, &u, Uuid::new_v4()).await;
    let (other, _) = device_with_id(&server.store, &u, Uuid::new_v4()).await;
    let mut socket = server.open("en").await;
    send(&mut socket, hello(token.expose())).await;

    // A pull, then a push, then the same push again: one record, one answer.
    send(&mut socket, String::from_utf8(encode_request(&request(phone, None, vec![], 100))).unwrap()).await;
    let first = ok(answer(&mut socket).await);
    let card = create(1, Collection::OpinionCard, opinion(Uuid::new_v4()));
    let push = String::from_utf8(encode_request(&request(phone, Some(first.cursor), vec![card], 100))).unwrap();
    send(&mut socket, push.clone()).await;
    let pushed = ok(answer(&mut socket).await);
    assert_eq!(pushed.results[0].outcome, Outcome::Applied { version: 1 });
    send(&mut socket, push).await;
    let again = ok(answer(&mut socket).await);
    assert_eq!(again.results, pushed.results, "a re-sent push is answered as before");
    assert_eq!(server.store.sync_stats().await.unwrap().records, 1);

    // Bad requests are answered with their key, in the socket's language,
    // and the socket goes on.
    let theirs = String::from_utf8(encode_request(&request(other, None, vec![], 100))).unwrap();
    for (body, want) in [
        ("\u{1} not json".to_owned(), (400, "sync_malformed")),
        (json!({"v": 1}).to_string(), (400, "sync_malformed")),
        (theirs, (403, "sync_wrong_device")),
    ] {
        send(&mut socket, body).await;
        let (status, body) = answer(&mut socket).await;
        assert_eq!((status, key(&body).as_str()), want);
        let json: Value = serde_json::from_str(&body).unwrap();
        let english = liaison_i18n::Msg::from_key(want.1).unwrap().text(Locale::En);
        assert_eq!(json["error"]["message"], english);
    }
    socket.send(Message::binary(b"\xff\xfe".to_vec())).await.unwrap();
    assert_eq!(answer(&mut socket).await.0, 400);
    send(&mut socket, String::from_utf8(encode_request(&request(phone, Some(pushed.cursor), vec![], 100))).unwrap())
        .await;
    assert!(ok(answer(&mut socket).await).changes.is_empty());
    assert_eq!(server.store.sync_stats().await.unwrap().records, 1, "nothing written by the bad ones");
}

#[tokio::test]
async fn an_unknown_token_and_an_oversized_message_close_the_socket() {
    let server = server().await;
    let u = user(&server.store, "zhang.san").await;
    let (phone, token) = device_with_id(&server.store, &u, Uuid::new_v4()).await;
    let pull = String::from_utf8(encode_request(&request(phone, None, vec![], 100))).unwrap();

    // A token of the right shape that no device has: told at the first request.
    let stranger = liaison_server::auth::token::DeviceToken::generate();
    let mut socket = server.open("zh-CN").await;
    send(&mut socket, hello(stranger.expose())).await;
    send(&mut socket, pull.clone()).await;
    let (status, body) = answer(&mut socket).await;
    assert_eq!((status, key(&body).as_str()), (401, "unauthorized"));
    closed(&mut socket).await;

    // More than the request limit: the socket closes (the phone then sends
    // it over HTTP, which answers `sync_too_large`); nothing is written.
    let mut socket = server.open("zh-CN").await;
    send(&mut socket, hello(token.expose())).await;
    let _ = socket.send(Message::text(" ".repeat(LIMITS.max_request_bytes + 2))).await;
    closed(&mut socket).await;
    assert_eq!(server.store.sync_stats().await.unwrap().records, 0);
}

#[tokio::test]
async fn a_device_revoked_while_its_socket_is_open_is_told_at_its_next_request() {
    let server = server().await;
    let u = user(&server.store, "zhang.san").await;
    let (phone, token): (DeviceId, _) = device_with_id(&server.store, &u, Uuid::new_v4()).await;
    let mut socket = server.open("zh-CN").await;
    send(&mut socket, hello(token.expose())).await;
    let pull = String::from_utf8(encode_request(&request(phone, None, vec![], 100))).unwrap();
    send(&mut socket, pull.clone()).await;
    ok(answer(&mut socket).await);

    let device = liaison_core::DeviceId::from_uuid(phone.as_uuid());
    server.store.revoke_device(device, at("2026-12-07T00:00:00Z")).await.unwrap();
    let card = create(1, Collection::OpinionCard, opinion(Uuid::new_v4()));
    send(&mut socket, String::from_utf8(encode_request(&request(phone, None, vec![card], 100))).unwrap()).await;
    let (status, body) = answer(&mut socket).await;
    assert_eq!((status, key(&body).as_str()), (401, "device_revoked"));
    closed(&mut socket).await;
    assert_eq!(server.store.sync_stats().await.unwrap().records, 0);
}
