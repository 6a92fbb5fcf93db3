//! `GET /healthz`: is the server up and its database answering?

use crate::AppState;
use crate::error::AppError;
use axum::Json;
use axum::extract::State;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub(crate) struct Health {
    status: &'static str,
    version: &'static str,
    instance: String,
}

pub(crate) async fn healthz(State(state): State<AppState>) -> Result<Json<Health>, AppError> {
    let instance = state.store.instance_id().await?;
    Ok(Json(Health { status: "ok", version: env!("CARGO_PKG_VERSION"), instance }))
}
