//! What an administrator sets for duties (issue 6), and what a phone is sent
//! to count them offline:
//!
//! - `GET /api/v1/organisations/{id}/policy`: `{policy, effective, preset}` —
//!   the organisation's own policy (`PolicyRecordV1`, or `null`: it inherits),
//!   the rules in force today after inheritance, and whether the seeds'
//!   preset counts because no organisation up the tree set any rules. For
//!   administrators, and for an office of that organisation or one above it.
//! - `PUT /api/v1/organisations/{id}/policy` `PolicyRecordV1 | null`
//!   (administrators): replaces the organisation's own policy, or removes it.
//!   The record's `organisation` and `parent` are taken from the path and
//!   the tree, whatever was sent. Refused with every problem said in words
//!   (422 `duty_policy_invalid`, `problems: [{key, message}]`); nothing
//!   changes then.
//! - `GET`/`PUT /api/v1/admin/users/{id}/duty-profile`
//!   `RepresentativeProfileRecordV1` (administrators): a representative's
//!   level, leadership and liaison points (each one of the organisation's
//!   points); 422 with the reason for a bad one or for an account that is
//!   not a representative's.
//! - `GET /api/v1/duty-setup` (any signed-in user): the caller's
//!   `DutySetupRecordV1` — the policies of their organisation and of every
//!   one above, and their profile. The phone fetches it after each sync.

use crate::AppState;
use crate::auth::{self, AuthDevice};
use crate::error::{AppError, JsonBody};
use crate::store::User;
use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use chrono::{DateTime, Utc};
use liaison_core::account::Role;
use liaison_core::duty::{
    DutySetup, DutySetupRecordV1, Policy, PolicyRecordV1, RepresentativeProfile, RepresentativeProfileRecordV1,
    RulesRecord,
};
use liaison_core::org_tree::OrgTree;
use liaison_core::{OrganisationId, UserId, ValidationError};
use serde::Serialize;
use std::collections::HashMap;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/organisations/{id}/policy", get(read_policy).put(write_policy))
        .route("/api/v1/admin/users/{id}/duty-profile", get(read_profile).put(write_profile))
        .route("/api/v1/duty-setup", get(setup))
}

/// Everything duties are evaluated under, read once: the tree, every
/// organisation's own policy and every representative's profile.
#[derive(Debug)]
pub struct DutySettings {
    tree: OrgTree,
    policies: HashMap<OrganisationId, PolicyRecordV1>,
    profiles: HashMap<UserId, RepresentativeProfileRecordV1>,
}

impl DutySettings {
    /// Reads them from the store (`user`'s profile only, or everyone's).
    pub async fn load(state: &AppState, user: Option<UserId>) -> Result<DutySettings, AppError> {
        Ok(DutySettings {
            tree: state.store.org_tree().await?,
            policies: state.store.duty_policies().await?,
            profiles: state.store.representative_profiles(user).await?,
        })
    }

    /// The policies of `org` and of every organisation above it, nearest
    /// first, each under the tree's current parent (an organisation with
    /// none has an empty one, so the chain is unbroken). A stored policy
    /// that no longer reads counts as none (it was checked when written).
    pub fn chain(&self, org: OrganisationId) -> Vec<Policy> {
        std::iter::once(org)
            .chain(self.tree.above(org))
            .map(|o| {
                let parent = self.tree.parent(o);
                self.policies
                    .get(&o)
                    .and_then(|r| Policy::try_from(r.clone()).ok())
                    .and_then(|p| {
                        Policy::new(o, parent, p.versions().to_vec(), p.terms().to_vec(), p.congresses().to_vec()).ok()
                    })
                    .unwrap_or_else(|| Policy::empty(o, parent))
            })
            .collect()
    }

    /// `user`'s setup: their organisation's chain and their profile.
    pub fn setup_of(&self, user: &User) -> DutySetup {
        DutySetup {
            chain: user.organisation_id.map(|o| self.chain(o)).unwrap_or_default(),
            profile: self
                .profiles
                .get(&user.id)
                .and_then(|r| RepresentativeProfile::try_from(r.clone()).ok())
                .unwrap_or_default(),
        }
    }
}

/// The answer of `GET …/policy`.
#[derive(Debug, Serialize)]
struct PolicyView {
    policy: Option<PolicyRecordV1>,
    effective: RulesRecord,
    preset: bool,
}

fn may_read(user: &User, org: OrganisationId, tree: &OrgTree) -> bool {
    match (user.role, user.organisation_id) {
        (Role::Admin, _) => true,
        (Role::Office, Some(own)) => own == org || tree.above(org).contains(&own),
        _ => false,
    }
}

async fn known(state: &AppState, id: &str) -> Result<OrganisationId, AppError> {
    let org: OrganisationId = id.parse().map_err(|_| AppError::NotFound)?;
    if !state.store.has_organisation(org).await? {
        return Err(AppError::NotFound);
    }
    Ok(org)
}

fn policy_view(settings: &DutySettings, org: OrganisationId, now: DateTime<Utc>) -> PolicyView {
    let setup = DutySetup { chain: settings.chain(org), profile: RepresentativeProfile::default() };
    PolicyView {
        policy: settings.policies.get(&org).cloned(),
        effective: RulesRecord::from(&setup.policy_at(now).rules),
        preset: setup.is_preset(),
    }
}

async fn read_policy(
    auth: AuthDevice,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<PolicyView>, AppError> {
    let org = known(&state, &id).await?;
    let settings = DutySettings::load(&state, Some(auth.user.id)).await?;
    if !may_read(&auth.user, org, &settings.tree) {
        return Err(AppError::Forbidden);
    }
    Ok(Json(policy_view(&settings, org, auth::now())))
}

async fn write_policy(
    auth: AuthDevice,
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(record): JsonBody<Option<PolicyRecordV1>>,
) -> Result<Json<PolicyView>, AppError> {
    if auth.user.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    let org = known(&state, &id).await?;
    let tree = state.store.org_tree().await?;
    let checked = record
        .map(|mut r| {
            r.organisation = org.to_string();
            r.parent = tree.parent(org).map(|p| p.to_string()).unwrap_or_default();
            Policy::try_from(r).map(|p| PolicyRecordV1::from(&p)).map_err(AppError::BadPolicy)
        })
        .transpose()?;
    let now = auth::now();
    state.store.set_duty_policy(org, checked.as_ref(), auth.user.id, now).await?;
    let settings = DutySettings::load(&state, None).await?;
    Ok(Json(policy_view(&settings, org, now)))
}

/// The account `id`, if it is a representative's; 404 for no account.
async fn representative(state: &AppState, id: &str) -> Result<User, AppError> {
    let id: UserId = id.parse().map_err(|_| AppError::NotFound)?;
    let user = state.store.user(id).await?.ok_or(AppError::NotFound)?;
    if user.role != Role::Representative {
        return Err(AppError::NotRepresentative);
    }
    Ok(user)
}

async fn read_profile(
    auth: AuthDevice,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<RepresentativeProfileRecordV1>, AppError> {
    if auth.user.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    let user = representative(&state, &id).await?;
    let stored = state.store.representative_profiles(Some(user.id)).await?.remove(&user.id);
    Ok(Json(stored.unwrap_or_else(|| RepresentativeProfile::default().to_record())))
}

async fn write_profile(
    auth: AuthDevice,
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(record): JsonBody<RepresentativeProfileRecordV1>,
) -> Result<Json<RepresentativeProfileRecordV1>, AppError> {
    if auth.user.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    let user = representative(&state, &id).await?;
    let profile = RepresentativeProfile::try_from(record).map_err(AppError::BadProfile)?;
    // Each point must be one of the organisation's liaison points.
    let points: Vec<_> = state.store.org().await?.map(|o| o.liaison_points).unwrap_or_default();
    if profile.liaison_points.iter().any(|a| !points.iter().any(|p| p.id == a.point)) {
        return Err(AppError::BadProfile(ValidationError::UnknownChoice));
    }
    let record = profile.to_record();
    state.store.set_representative_profile(user.id, &record, auth.user.id, auth::now()).await?;
    Ok(Json(record))
}

async fn setup(auth: AuthDevice, State(state): State<AppState>) -> Result<Json<DutySetupRecordV1>, AppError> {
    let settings = DutySettings::load(&state, Some(auth.user.id)).await?;
    Ok(Json(settings.setup_of(&auth.user).to_record()))
}
