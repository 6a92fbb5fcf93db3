//! Files a responsible unit attaches to a matter (附件; issue 5: "units
//! record progress notes and attachments"):
//!
//! - `POST /api/v1/matters/{id}/attachments?name=<file name>`, the file's
//!   bytes as the body (at most 10 MiB) and its type as `Content-Type` →
//!   the matter's detail, like an action. The caller must see the matter
//!   (else 404) and be allowed by the core (`AddAttachment`; else 403/409),
//!   both checked before the body is read; then the file is checked by the
//!   core ([`Attachment::of`]: the name, the type, the size and the magic
//!   bytes; else 400, or 413 when too large), stored under its SHA-256
//!   (once, however often attached) and recorded through `save_matters`,
//!   so it is audited and the collector's status written like any change.
//! - `GET /api/v1/matters/{id}/attachments/{sha256}` → the bytes, with their
//!   type and `Content-Disposition: attachment; filename*=UTF-8''…`, for
//!   whoever sees the matter, and only if an event of that matter attached
//!   them (else 404, whether or not the server holds the bytes).

use super::{actor, detail_of, visible};
use crate::AppState;
use crate::auth::{self, AuthDevice};
use crate::error::AppError;
use crate::store::MatterChange;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{DefaultBodyLimit, FromRequest, Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use liaison_core::ValidationError;
use liaison_core::matter::attachment::MAX_BYTES;
use liaison_core::matter::{Action, ActionKind, Attachment, AttachmentError, AttachmentType, Sha256Hex};
use serde::Deserialize;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/matters/{id}/attachments", post(upload))
        .route("/api/v1/matters/{id}/attachments/{sha256}", get(download))
        .layer(DefaultBodyLimit::max(MAX_BYTES as usize))
}

/// `?name=`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UploadParams {
    name: String,
}

async fn upload(
    auth: AuthDevice,
    State(state): State<AppState>,
    Path(id): Path<String>,
    params: Result<Query<UploadParams>, QueryRejection>,
    headers: HeaderMap,
    request: Request,
) -> Result<Json<super::view::DetailView>, AppError> {
    let now = auth::now();
    let (scope, listing) = visible(&state, &auth.user, &id).await?;
    let matter = &listing.matter;
    let actor = actor(&auth);
    // Refused before a byte of the body is read.
    liaison_core::matter::allowed(matter, &actor, ActionKind::AddAttachment)?;
    let name = params.map(|Query(p)| p.name).map_err(|_| AttachmentError::Name(ValidationError::Required))?;
    let declared = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).and_then(AttachmentType::from_mime);
    let too_large = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .is_some_and(|n| n > MAX_BYTES);
    if too_large {
        return Err(AttachmentError::TooLarge.into());
    }
    let content = Bytes::from_request(request, &state).await.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::Attachment(AttachmentError::TooLarge)
        } else {
            AppError::BadUpload(rejection.body_text())
        }
    })?;
    let attachment = Attachment::of(&name, declared, &content)?;
    let hash = attachment.sha256.clone();
    let (next, event) = liaison_core::matter::apply(matter, &actor, Action::AddAttachment { attachment }, now)?;
    let blobs = state.blobs.clone();
    let written = tokio::task::spawn_blocking(move || blobs.attachments().put(&hash, &content))
        .await
        .map_err(|e| AppError::Internal(format!("attachment storage task: {e}")))?
        .map_err(|e| AppError::Internal(e.to_string()))?;
    tracing::debug!(matter = %matter.id, written, "attachment stored");
    // Over the version just read: a change meanwhile is 409 and records
    // nothing (the stored bytes, named by no event, are never served).
    let change = MatterChange { from_version: matter.version, matter: next, event };
    state.store.save_matters(std::slice::from_ref(&change), now).await?;
    crate::notify::send(&state, &[change]);
    Ok(Json(detail_of(&state, &scope, &auth, matter.id).await?))
}

async fn download(
    auth: AuthDevice,
    State(state): State<AppState>,
    Path((id, sha256)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (_, listing) = visible(&state, &auth.user, &id).await?;
    let hash = Sha256Hex::parse(&sha256).map_err(|_| AppError::NotFound)?;
    let attachment = state.store.matter_attachment(listing.matter.id, &hash).await?.ok_or(AppError::NotFound)?;
    let blobs = state.blobs.clone();
    let bytes = tokio::task::spawn_blocking(move || blobs.attachments().read(&hash))
        .await
        .map_err(|e| AppError::Internal(format!("attachment storage task: {e}")))?
        .map_err(|e| AppError::Internal(e.to_string()))?
        .ok_or_else(|| AppError::Internal(format!("attachment {sha256} is recorded but not stored")))?;
    let disposition = content_disposition(attachment.name.as_str(), attachment.content_type);
    Ok((
        [
            (header::CONTENT_TYPE, attachment.content_type.mime().to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (header::CACHE_CONTROL, "private, no-cache".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

/// `attachment; filename="attachment.pdf"; filename*=UTF-8''<the name>`
/// (RFC 6266; the plain name for the few clients that read no other).
fn content_disposition(name: &str, content_type: AttachmentType) -> String {
    let mut encoded = String::with_capacity(name.len() * 3);
    for byte in name.bytes() {
        // RFC 5987's attr-char, the rest percent-encoded.
        if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    let fallback = format!("attachment.{}", content_type.extensions()[0]);
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_download_name_is_percent_encoded_utf8() {
        assert_eq!(
            content_disposition("答复 1.pdf", AttachmentType::Pdf),
            "attachment; filename=\"attachment.pdf\"; filename*=UTF-8''%E7%AD%94%E5%A4%8D%201.pdf"
        );
        assert!(content_disposition("a\"b;c.jpg", AttachmentType::Jpeg).ends_with("''a%22b%3Bc.jpg"));
    }
}
