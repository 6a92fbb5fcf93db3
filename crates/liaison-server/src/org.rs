//! `GET /api/v1/organisation`: the organisation's reference data (studios,
//! liaison points, representatives, shared contacts, opinion categories) as the
//! frozen `OrgRecordV2`, for phones to hold offline. Until sync (issue 4) brings
//! accounts and scopes, there is one organisation per installation.
//!
//! `GET /api/v1/organisations`: every organisation's id, name and parent, for
//! an administrator giving an account its organisation, for an office
//! choosing the responsible unit (责任单位) a matter goes to or the
//! organisation above to forward it to.
//!
//! `PUT /api/v1/organisations/{id}/parent` `{"parent": id | null}`: an
//! administrator puts an organisation under another (or at the top); a loop
//! or an unknown organisation is refused and nothing changes.

use crate::AppState;
use crate::auth::AuthDevice;
use crate::error::AppError;
use crate::error::JsonBody;
use axum::Json;
use axum::extract::{Path, State};
use liaison_core::OrganisationId;
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
    /// The organisation above it, if any.
    parent: Option<String>,
}

pub(crate) async fn organisations(
    auth: AuthDevice,
    State(state): State<AppState>,
) -> Result<Json<Vec<OrganisationItem>>, AppError> {
    if !matches!(auth.user.role, Role::Admin | Role::Office) {
        return Err(AppError::Forbidden);
    }
    listed(&state).await.map(Json)
}

async fn listed(state: &AppState) -> Result<Vec<OrganisationItem>, AppError> {
    let list = state.store.organisations().await?;
    let tree = state.store.org_tree().await?;
    Ok(list
        .into_iter()
        .map(|(id, name)| OrganisationItem {
            id: id.to_string(),
            name: name.as_str().to_owned(),
            parent: tree.parent(id).map(|p| p.to_string()),
        })
        .collect())
}

/// The body of `PUT /api/v1/organisations/{id}/parent`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ParentRequest {
    parent: Option<String>,
}

pub(crate) async fn set_parent(
    auth: AuthDevice,
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(request): JsonBody<ParentRequest>,
) -> Result<Json<Vec<OrganisationItem>>, AppError> {
    if auth.user.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    let org: OrganisationId = id.parse().map_err(|_| AppError::UnknownOrganisation)?;
    let parent = request
        .parent
        .filter(|p| !p.trim().is_empty())
        .map(|p| p.parse::<OrganisationId>().map_err(|_| AppError::UnknownOrganisation))
        .transpose()?;
    state.store.set_org_parent(org, parent).await??;
    listed(&state).await.map(Json)
}
