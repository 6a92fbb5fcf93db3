//! The sync socket: `GET /api/v1/sync/socket`, a WebSocket carrying the very
//! requests and answers of `POST /api/v1/sync`, for a phone with the app
//! open. In a browser an HTTP request costs 4–5 ms before the server sees it,
//! a socket message 0.4 ms (docs/BENCHMARKS.md); a sync with nothing to do is
//! one message. HTTP stays the protocol's ground: the phone falls back to it
//! whenever the socket is missing, closed or slow, and re-sending a request
//! is safe (a push is keyed by `(device, mutation_seq)`).
//!
//! Frames, version 1 (all text; frozen by `tests/sync_socket.rs`):
//! - the phone's first message, the hello: `{"v":1,"token":"<device token>"}`;
//! - then each message is a `SyncRequest`, exactly a POST's body;
//! - each gets exactly one answer, `<status> <body>`: the HTTP status and body
//!   the POST would have had (`200 {"v":1,…}`, `401 {"error":{"key":…}}`).
//!
//! A socket idle for [`IDLE`] is closed. A hello that does not read is answered (400 or 401) and the socket closed;
//! a good one is not answered. The token is checked again at every request,
//! as over HTTP, so a revoked device is told at its next request (401
//! `device_revoked`) and the socket closed. Messages are in the language
//! of the opening request's `Accept-Language`.

use super::{LIMITS, answer};
use crate::AppState;
use crate::auth::AuthDevice;
use crate::auth::token::DeviceToken;
use crate::error::AppError;
use axum::Router;
use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use liaison_sync::WireError;

/// The version of the socket's frames (the hello names it).
pub const SOCKET_VERSION: u64 = 1;

/// A socket with no request for this long is closed (the phone opens
/// another; it does not use one idle for 45 s).
pub const IDLE: std::time::Duration = std::time::Duration::from_secs(60);

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/sync/socket", get(upgrade))
}

async fn upgrade(socket: WebSocketUpgrade, State(state): State<AppState>) -> Response {
    let locale = crate::locale::current();
    // One byte over the limit reaches the protocol's own check; more closes
    // the socket, and the phone sends the request over HTTP instead, which
    // answers it with its key.
    let max = LIMITS.max_request_bytes + 1;
    socket
        .max_message_size(max)
        .max_frame_size(max)
        .on_upgrade(move |socket| crate::locale::scope(locale, serve(socket, state)))
}

/// The hello: the device token, in the version this server speaks.
#[derive(serde::Deserialize)]
struct Hello {
    v: u64,
    token: String,
}

fn read_hello(text: &str) -> Result<DeviceToken, AppError> {
    let hello: Hello =
        serde_json::from_str(text).map_err(|e| AppError::SyncRequest(WireError::Malformed(e.to_string())))?;
    if hello.v != SOCKET_VERSION {
        return Err(AppError::SyncRequest(WireError::UnsupportedVersion(Some(hello.v))));
    }
    DeviceToken::parse(&hello.token).ok_or(AppError::Unauthorized)
}

async fn serve(mut socket: WebSocket, state: AppState) {
    let token = match tokio::time::timeout(IDLE, socket.recv()).await {
        Ok(Some(Ok(Message::Text(hello)))) => read_hello(hello.as_str()),
        Ok(Some(Ok(_))) => Err(AppError::SyncRequest(WireError::Malformed("the hello is a text message".into()))),
        _ => return,
    };
    let token = match token {
        Ok(token) => token,
        Err(refused) => {
            let _ = socket.send(frame(refused.into_response()).await).await;
            return;
        }
    };
    while let Ok(Some(Ok(message))) = tokio::time::timeout(IDLE, socket.recv()).await {
        let answered = match message {
            Message::Text(text) => reply(&state, &token, text.as_str().as_bytes()).await,
            Message::Binary(bytes) => reply(&state, &token, &bytes).await,
            Message::Close(_) => break,
            Message::Ping(_) | Message::Pong(_) => continue,
        };
        let refused = answered.status() == StatusCode::UNAUTHORIZED;
        if socket.send(frame(answered).await).await.is_err() || refused {
            break;
        }
    }
}

/// The answer to one request, checking the token first as HTTP does.
async fn reply(state: &AppState, token: &DeviceToken, body: &[u8]) -> Response {
    let answered = match AuthDevice::check(state, token).await {
        Ok(auth) => answer(state, &auth, body).await,
        Err(refused) => Err(refused),
    };
    answered.unwrap_or_else(IntoResponse::into_response)
}

/// An answer as its frame: `<status> <body>`.
async fn frame(response: Response) -> Message {
    let status = response.status().as_u16();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap_or_default();
    Message::Text(format!("{status} {}", String::from_utf8_lossy(&body)).into())
}
