//! `GET /api/v1/organisation`: the organisation's reference data (studios,
//! liaison points, representatives, shared contacts) as the frozen
//! `OrgRecord`, for phones to hold offline. Until sync (issue 4) brings
//! accounts and scopes, there is one organisation per installation.

use crate::AppState;
use crate::error::AppError;
use axum::Json;
use axum::extract::State;
use liaison_core::org::OrgRecord;

pub(crate) async fn organisation(State(state): State<AppState>) -> Result<Json<OrgRecord>, AppError> {
    let org = state.store.org().await?.ok_or(AppError::NoOrganisation)?;
    Ok(Json(OrgRecord::from(&org)))
}
