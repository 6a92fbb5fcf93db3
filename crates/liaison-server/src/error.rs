//! The one place where errors become HTTP answers. Internals are logged, never
//! sent: a client gets a status, a stable catalogue key and the zh-CN text.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use liaison_i18n::{Locale, Msg};
use serde_json::json;
use thiserror::Error;

/// Why a request failed.
#[derive(Debug, Error)]
pub enum AppError {
    /// No such resource.
    #[error("not found")]
    NotFound,
    /// No organisation has been loaded into this installation yet.
    #[error("no organisation loaded")]
    NoOrganisation,
    /// The database failed.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, msg) = match &self {
            AppError::NotFound => (StatusCode::NOT_FOUND, Msg::ServerNotFound),
            AppError::NoOrganisation => (StatusCode::NOT_FOUND, Msg::NoOrganisation),
            AppError::Store(error) => {
                tracing::error!(%error, "store failure");
                (StatusCode::SERVICE_UNAVAILABLE, Msg::ServerInternal)
            }
        };
        let body = json!({ "error": { "key": msg.key(), "message": msg.text(Locale::ZhCn) } });
        (status, Json(body)).into_response()
    }
}
