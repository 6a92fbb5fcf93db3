//! `GET /api/v1/organisation`: the organisation's reference data (studios,
//! liaison points, representatives, shared contacts, opinion categories) as the
//! frozen `OrgRecordV2`, for phones to hold offline. Until sync (issue 4) brings
//! accounts and scopes, there is one organisation per installation.
//!
//! `GET /api/v1/organisations`: every organisation's id and name, for an
//! administrator giving an account its organisation and for an office
//! choosing the responsible unit (责任单位) a matter goes to.

use crate::AppState;
use crate::auth::AuthDevice;
use crate::error::AppError;
use axum::Json;
use axum::extract::State;
use liaison_core::account::Role;
use liaison_core::org::OrgRecordV2;
use serde::Serialize;

pub(crate) async fn organisation(State(state): State<AppState>) -> Result<Json<OrgRecordV2>, AppError> {
    let org = state.store.org().await?.ok_or(AppError::NoOrganisation)?;
    Ok(Json(OrgRecordV2::from(&org)))
}

/// One organisation as listed.
#[derive(Debug, Serialize)]
pub(crate) struct OrganisationItem {
    id: String,
    name: String,
}

pub(crate) async fn organisations(
    auth: AuthDevice,
    State(state): State<AppState>,
) -> Result<Json<Vec<OrganisationItem>>, AppError> {
    if !matches!(auth.user.role, Role::Admin | Role::Office) {
        return Err(AppError::Forbidden);
    }
    let list = state.store.organisations().await?;
    Ok(Json(
        list.into_iter()
            .map(|(id, name)| OrganisationItem { id: id.to_string(), name: name.as_str().to_owned() })
            .collect(),
    ))
}
