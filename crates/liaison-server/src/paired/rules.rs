//! The paired-liaison rules an administrator sets per organisation, kept
//! apart from the representatives' duty policy (`duties/settings.rs`):
//!
//! - `GET /api/v1/organisations/{id}/paired-rules`: `{rules, effective,
//!   preset}` — the organisation's own rules (`PairedRulesRecordV1`, or
//!   `null`: it takes the nearest organisation above that set some), those in
//!   force, and whether they are the seed's preset. For administrators, and
//!   for an office of that organisation or one above it.
//! - `PUT …/paired-rules` `PairedRulesRecordV1 | null` (administrators):
//!   replaces them, or removes them. Refused with every problem said in words
//!   (422 `paired_rules_invalid`, `problems: [{key, message}]`: a negative
//!   count, one too large, the least visits above the most); nothing changes
//!   then.

use crate::AppState;
use crate::auth::{self, AuthDevice};
use crate::error::{AppError, JsonBody};
use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use liaison_core::OrganisationId;
use liaison_core::account::Role;
use liaison_core::org_tree::OrgTree;
use liaison_core::paired::{PairedRules, PairedRulesRecordV1};
use serde::Serialize;
use std::collections::HashMap;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/organisations/{id}/paired-rules", get(read).put(write))
}

/// Every organisation's own rules and the tree, read once.
#[derive(Debug)]
pub struct PairedSettings {
    tree: OrgTree,
    rules: HashMap<OrganisationId, PairedRulesRecordV1>,
}

impl PairedSettings {
    /// Reads them from the store.
    pub async fn load(state: &AppState) -> Result<PairedSettings, AppError> {
        Ok(PairedSettings { tree: state.store.org_tree().await?, rules: state.store.paired_rules().await? })
    }

    /// The rules `org` is judged by — its own, or the nearest organisation's
    /// above it that set some — and `true` when none did (the seed's preset).
    /// Stored rules that no longer read count as none (checked when written).
    pub fn rules_of(&self, org: OrganisationId) -> (PairedRules, bool) {
        std::iter::once(org)
            .chain(self.tree.above(org))
            .find_map(|o| self.rules.get(&o).and_then(|r| PairedRules::try_from(r.clone()).ok()))
            .map_or((PairedRules::SEED_002, true), |r| (r, false))
    }
}

/// The answer of `GET`/`PUT …/paired-rules`.
#[derive(Debug, Serialize)]
struct RulesView {
    rules: Option<PairedRulesRecordV1>,
    effective: PairedRulesRecordV1,
    preset: bool,
}

fn rules_view(settings: &PairedSettings, org: OrganisationId) -> RulesView {
    let (effective, preset) = settings.rules_of(org);
    RulesView { rules: settings.rules.get(&org).cloned(), effective: effective.to_record(), preset }
}

async fn known(state: &AppState, id: &str) -> Result<OrganisationId, AppError> {
    let org: OrganisationId = id.parse().map_err(|_| AppError::NotFound)?;
    if !state.store.has_organisation(org).await? {
        return Err(AppError::NotFound);
    }
    Ok(org)
}

async fn read(
    auth: AuthDevice,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<RulesView>, AppError> {
    let org = known(&state, &id).await?;
    let settings = PairedSettings::load(&state).await?;
    let allowed = match (auth.user.role, auth.user.organisation_id) {
        (Role::Admin, _) => true,
        (Role::Office, Some(own)) => own == org || settings.tree.above(org).contains(&own),
        _ => false,
    };
    if !allowed {
        return Err(AppError::Forbidden);
    }
    Ok(Json(rules_view(&settings, org)))
}

async fn write(
    auth: AuthDevice,
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(record): JsonBody<Option<PairedRulesRecordV1>>,
) -> Result<Json<RulesView>, AppError> {
    if auth.user.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    let org = known(&state, &id).await?;
    let checked = record
        .map(|r| PairedRules::try_from(r).map(PairedRules::to_record).map_err(AppError::BadPairedRules))
        .transpose()?;
    state.store.set_paired_rules(org, checked.as_ref(), auth.user.id, auth::now()).await?;
    Ok(Json(rules_view(&PairedSettings::load(&state).await?, org)))
}
