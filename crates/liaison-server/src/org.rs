//! `GET /api/v1/organisation`: the organisation's reference data (studios,
//! liaison points, representatives, shared contacts, opinion categories) as the
//! frozen `OrgRecordV2`, for phones to hold offline. Until sync (issue 4) brings
//! accounts and scopes, there is one organisation per installation.

use crate::AppState;
use crate::error::AppError;
use axum::Json;
use axum::extract::State;
use liaison_core::org::OrgRecordV2;

pub(crate) async fn organisation(State(state): State<AppState>) -> Result<Json<OrgRecordV2>, AppError> {
    let org = state.store.org().await?.ok_or(AppError::NoOrganisation)?;
    Ok(Json(OrgRecordV2::from(&org)))
}
