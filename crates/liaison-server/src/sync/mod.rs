//! The sync API: `POST /api/v1/sync`, one round trip of the protocol in
//! `liaison-sync` (the body is a `SyncRequest`, the answer a `SyncResponse`).
//!
//! Signed-in devices only ([`AuthDevice`]: a revoked one is 401
//! `device_revoked`). The request is read with [`decode_request`] under
//! [`LIMITS`] before anything else, and must name the signed-in device; any
//! refusal is a 4xx with the wire error's catalogue key and nothing written.
//! The server's clock is read here, once a request, and passed down.
//!
//! The same requests also travel over a WebSocket ([`socket`]) while the
//! app is open: a message costs a tenth of an HTTP request in a browser.

pub mod socket;

use crate::AppState;
use crate::auth::{self, AuthDevice};
use crate::error::AppError;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use liaison_sync::{Limits, WireError, decode_request, encode_response};

/// What one sync request may carry: 16 MiB and 2,000 mutations (a phone
/// pushing a backlog of 10,000 cards needs five round trips), and at most
/// 2,000 changes an answer.
pub const LIMITS: Limits =
    Limits { max_request_bytes: 16 << 20, max_push: 2_000, max_pull: 2_000, max_response_bytes: 64 << 20 };

/// The sync route. axum reads one byte more than [`LIMITS`] allows, so that
/// the protocol's own check answers an oversize body with its key.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/sync", post(sync))
        .layer(DefaultBodyLimit::max(LIMITS.max_request_bytes + 1))
        .merge(socket::routes())
}

async fn sync(
    auth: AuthDevice,
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, AppError> {
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            let max = LIMITS.max_request_bytes;
            AppError::SyncRequest(WireError::TooLarge { bytes: max + 1, max })
        } else {
            AppError::SyncRequest(WireError::Malformed(rejection.body_text()))
        }
    })?;
    answer(&state, &auth, &body).await
}

/// One request of the protocol (`body`, a `SyncRequest`) from a signed-in
/// device, answered: over HTTP and over the [`socket`] alike.
async fn answer(state: &AppState, auth: &AuthDevice, body: &[u8]) -> Result<Response, AppError> {
    let now = auth::now();
    let request = decode_request(body, &LIMITS)?;
    if request.device.as_uuid() != auth.device.id.as_uuid() {
        return Err(AppError::SyncWrongDevice);
    }
    let synced = state.store.sync(auth.user.id, auth.device.id, &request, &LIMITS, now).await?;
    // What the collector's feedback changed goes out like a desk change.
    crate::notify::send(state, &synced.matter_changes);
    Ok(([(header::CONTENT_TYPE, "application/json")], encode_response(&synced.response)).into_response())
}
