//! The office's dispatch settings (issue 5): how long units have to reply, by
//! category (the `DeadlinePolicy`), and which unit usually handles each
//! category (the `DispatchTable`, the dispatch form's suggestion).
//!
//! - `GET /api/v1/dispatch-settings`: the caller's organisation's, for its
//!   office only (others 403);
//! - `PUT /api/v1/dispatch-settings` `{policy, units}`: both replaced at once,
//!   after checking every category is on the organisation's list and every
//!   unit exists; nothing is written otherwise;
//! - `GET /api/v1/matters/units`: the chasing list (督办), each unit's
//!   matters with it now, overdue and due soon, most overdue first (office only);
//! - `GET /api/v1/matters/collectors`: who collected the office's matters, for
//!   its filter by representative (office only).

use crate::AppState;
use crate::auth::{self, AuthDevice};
use crate::error::{AppError, JsonBody};
use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use liaison_core::account::Role;
use liaison_core::matter::DispatchTable;
use liaison_core::matter::deadline::DeadlinePolicy;
use liaison_core::{Field, FieldErrors, OrganisationId, ValidationError};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The settings, as read and written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DispatchSettings {
    /// Days to reply, by category.
    pub policy: DeadlinePolicy,
    /// The usual unit of each category.
    pub units: DispatchTable,
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/dispatch-settings", get(read).put(write))
        .route("/api/v1/matters/units", get(unit_loads))
        .route("/api/v1/matters/collectors", get(collectors))
}

/// `GET /api/v1/matters/collectors`: who collected the office's matters
/// (`[{id, name}]`, by name), for the inbox's filter by representative.
async fn collectors(auth: AuthDevice, State(state): State<AppState>) -> Result<Json<Value>, AppError> {
    let org = office_of(&auth)?;
    let people = state.store.collectors(org).await?;
    Ok(Json(Value::Array(
        people.into_iter().map(|(id, name)| serde_json::json!({ "id": id.to_string(), "name": name })).collect(),
    )))
}

/// One unit's line of the office's chasing list (督办).
#[derive(Debug, Serialize)]
struct UnitLoadView {
    unit: OrganisationId,
    name: String,
    open: u64,
    overdue: u64,
    due_soon: u64,
}

/// `GET /api/v1/matters/units`: how each unit stands with the office's
/// matters now — those with it, overdue, due soon — most overdue first.
async fn unit_loads(auth: AuthDevice, State(state): State<AppState>) -> Result<Json<Vec<UnitLoadView>>, AppError> {
    let org = office_of(&auth)?;
    let loads = state.store.unit_loads(org, auth::now()).await?;
    Ok(Json(
        loads
            .into_iter()
            .map(|l| UnitLoadView {
                unit: l.unit,
                name: l.name,
                open: l.open,
                overdue: l.overdue,
                due_soon: l.due_soon,
            })
            .collect(),
    ))
}

/// The office's organisation, or 403.
pub(crate) fn office_of(auth: &AuthDevice) -> Result<OrganisationId, AppError> {
    match (auth.user.role, auth.user.organisation_id) {
        (Role::Office, Some(org)) => Ok(org),
        _ => Err(AppError::Forbidden),
    }
}

async fn read(auth: AuthDevice, State(state): State<AppState>) -> Result<Json<DispatchSettings>, AppError> {
    let org = office_of(&auth)?;
    Ok(Json(DispatchSettings {
        policy: state.store.deadline_policy(org).await?,
        units: state.store.dispatch_table(org).await?,
    }))
}

async fn write(
    auth: AuthDevice,
    State(state): State<AppState>,
    JsonBody(body): JsonBody<Value>,
) -> Result<Json<DispatchSettings>, AppError> {
    let org = office_of(&auth)?;
    let settings: DispatchSettings = serde_json::from_value(body).map_err(|e| AppError::BadSettings(e.to_string()))?;
    // Categories on the organisation's list (when it is the loaded one).
    if let Some(loaded) = state.store.org().await?.filter(|o| o.id == org) {
        let categories = settings
            .policy
            .by_category()
            .iter()
            .map(|(c, _)| c)
            .chain(settings.units.lines().iter().map(|l| &l.category));
        for category in categories {
            if loaded.categories.choose(category.code()).is_err() {
                return Err(FieldErrors::one(Field::Category, ValidationError::UnknownCategory).into());
            }
        }
    }
    for line in settings.units.lines() {
        if !state.store.has_organisation(line.unit).await? {
            return Err(AppError::UnknownOrganisation);
        }
    }
    state.store.set_dispatch_settings(org, &settings.policy, &settings.units, auth::now()).await?;
    Ok(Json(settings))
}
