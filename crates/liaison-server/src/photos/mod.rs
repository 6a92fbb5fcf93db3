//! Photo bytes, apart from the records that describe them: content-addressed by
//! SHA-256, uploaded in resumable pieces, verified, stored once however many
//! phones hold the photo ([`blobs::BlobStore`]).
//!
//! - `GET /api/v1/photos/{sha256}/upload` → `{"offset", "complete"}`: how much
//!   of it this device has uploaded (all of it once anyone has).
//! - `PUT /api/v1/photos/{sha256}/upload?offset=N`, header `X-Photo-Size`, a
//!   piece of at most [`MAX_PIECE`] bytes (256 KB–1 MB suggested; the last one
//!   smaller) → `{"offset", "complete"}`. A piece at another offset is 409 with
//!   the offset held; the last piece is verified, and a mismatch is 422 with
//!   the upload discarded.
//! - `GET /api/v1/photos/{sha256}` → the JPEG, immutable (its name is its hash).
//! - `GET /api/v1/photos/{sha256}/thumbnail` → a JPEG within 320 px on its
//!   long side, made on the first request and kept beside the photo
//!   ([`thumbnail`]), for phones showing a card another phone took; the phone
//!   makes its own photos' thumbnails.
//!
//! Who: a signed-in device whose user owns a synced `photo` record naming this
//! SHA-256 (and, to upload, this size) — so the record goes first, and nobody
//! fills the disk with bytes no record names. A download (of the photo or its
//! thumbnail) for anyone else is 404 `server_not_found`, whether or not the
//! server holds the bytes ([`visible`]).

pub mod blobs;
pub mod thumbnail;

use crate::AppState;
use crate::auth::AuthDevice;
use crate::error::{AppError, PhotoRefusal};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use blobs::{BlobError, PhotoHash, Progress};
use serde_json::json;

/// The largest piece one upload request may carry: 1 MiB.
pub const MAX_PIECE: usize = 1 << 20;

/// The header giving the photo's total size in bytes.
pub const SIZE_HEADER: &str = "x-photo-size";

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/photos/{sha256}", get(download))
        .route("/api/v1/photos/{sha256}/upload", get(status).put(upload))
        .route("/api/v1/photos/{sha256}/thumbnail", get(thumbnail))
        .layer(DefaultBodyLimit::max(MAX_PIECE))
}

impl From<BlobError> for AppError {
    fn from(error: BlobError) -> Self {
        match error {
            BlobError::WrongOffset { held, .. } => PhotoRefusal::WrongOffset { held }.into(),
            BlobError::PastEnd => PhotoRefusal::Malformed.into(),
            BlobError::HashMismatch => PhotoRefusal::HashMismatch.into(),
            BlobError::Thumbnail(thumbnail::ThumbnailError::Unreadable(reason)) => {
                tracing::warn!(%reason, "a stored photo cannot be decoded for its thumbnail");
                PhotoRefusal::Unreadable.into()
            }
            BlobError::Thumbnail(thumbnail::ThumbnailError::Encode(_)) => AppError::Internal(error.to_string()),
            BlobError::Io { .. } => AppError::Internal(error.to_string()),
        }
    }
}

fn progress(p: Progress) -> Response {
    Json(json!({ "offset": p.offset, "complete": p.complete })).into_response()
}

fn hash(path: &str) -> Result<PhotoHash, AppError> {
    PhotoHash::parse(path).ok_or(PhotoRefusal::BadHash.into())
}

/// A byte count: decimal digits only (no sign, no spaces), within `u64`.
fn count(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Runs blob IO off the async threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, BlobError> + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| AppError::Internal(format!("photo storage task: {e}")))?
        .map_err(Into::into)
}

/// The sizes the caller's records name for this photo; refused if none.
async fn owned_sizes(state: &AppState, auth: &AuthDevice, hash: &PhotoHash) -> Result<Vec<u64>, AppError> {
    let sizes = state.store.photo_sizes(auth.user.id, hash.as_str()).await?;
    if sizes.is_empty() { Err(PhotoRefusal::NoRecord.into()) } else { Ok(sizes) }
}

async fn status(
    auth: AuthDevice,
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Response, AppError> {
    let hash = hash(&name)?;
    owned_sizes(&state, &auth, &hash).await?;
    let (blobs, device) = (state.blobs.clone(), auth.device.id);
    Ok(progress(blocking(move || blobs.progress(&hash, device)).await?))
}

async fn upload(
    auth: AuthDevice,
    State(state): State<AppState>,
    Path(name): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, AppError> {
    let hash = hash(&name)?;
    let offset = query
        .as_deref()
        .and_then(|q| {
            let mut offsets = q.split('&').filter_map(|pair| pair.strip_prefix("offset="));
            match (offsets.next(), offsets.next()) {
                (Some(only), None) => count(only),
                _ => None,
            }
        })
        .ok_or(PhotoRefusal::Malformed)?;
    let size = headers
        .get(SIZE_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(count)
        .filter(|&n| n > 0)
        .ok_or(PhotoRefusal::Malformed)?;
    if size > u64::from(liaison_core::photo::MAX_BYTES) {
        return Err(PhotoRefusal::TooLarge.into());
    }
    let piece = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            PhotoRefusal::PieceTooLarge
        } else {
            PhotoRefusal::Malformed
        }
    })?;
    if !owned_sizes(&state, &auth, &hash).await?.contains(&size) {
        return Err(PhotoRefusal::SizeMismatch.into());
    }
    let (blobs, device) = (state.blobs.clone(), auth.device.id);
    let answer = blocking(move || blobs.append(&hash, device, size, offset, &piece)).await;
    if let Err(AppError::Photo(PhotoRefusal::HashMismatch)) = &answer {
        tracing::warn!(sha256 = name, device = %auth.device.id, "photo upload discarded: SHA-256 mismatch");
    }
    Ok(progress(answer?))
}

/// Whether the caller may download this photo (or its thumbnail): someone
/// else's photo, or none, is the same 404, saying nothing of the bytes.
async fn visible(state: &AppState, auth: &AuthDevice, name: &str) -> Result<PhotoHash, AppError> {
    let hash = hash(name)?;
    owned_sizes(state, auth, &hash).await.map_err(|e| match e {
        AppError::Photo(PhotoRefusal::NoRecord) => AppError::NotFound,
        other => other,
    })?;
    Ok(hash)
}

/// A JPEG answer that never changes (its name is its content's hash).
fn jpeg(bytes: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "image/jpeg"), (header::CACHE_CONTROL, "private, max-age=31536000, immutable")], bytes)
        .into_response()
}

async fn download(
    auth: AuthDevice,
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Response, AppError> {
    let hash = visible(&state, &auth, &name).await?;
    let blobs = state.blobs.clone();
    Ok(jpeg(blocking(move || blobs.read(&hash)).await?.ok_or(PhotoRefusal::NotUploaded)?))
}

async fn thumbnail(
    auth: AuthDevice,
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Response, AppError> {
    let hash = visible(&state, &auth, &name).await?;
    let blobs = state.blobs.clone();
    Ok(jpeg(blocking(move || blobs.thumbnail(&hash)).await?.ok_or(PhotoRefusal::NotUploaded)?))
}
