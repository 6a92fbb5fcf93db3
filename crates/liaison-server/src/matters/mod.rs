//! The handling loop's API (issue 5), for signed-in devices:
//!
//! - `GET /api/v1/matters?state=&category=&unit=&place=&representative=&overdue=&offset=&limit=`:
//!   the inbox of the caller's scope, urgent first, then oldest;
//! - `GET /api/v1/matters/{id}`: a matter with all its cards and its timeline;
//! - `POST /api/v1/matters/{id}/actions` `{version, action}`: one core
//!   `Action` (its serde form), applied over `version` or refused 409;
//! - `POST /api/v1/matters/{id}/merge` `{into, version}`: fold this duplicate
//!   into `into`;
//! - `GET /api/v1/matters/{id}/audit.csv`: the timeline for Excel;
//! - `POST /api/v1/matters/{id}/attachments?name=` (the file as the body) and
//!   `GET …/attachments/{sha256}`: a unit's files ([`attachments`]);
//! - `GET`/`PUT /api/v1/dispatch-settings`: the office's deadline policy and
//!   dispatch table ([`settings`]);
//! - `GET /api/v1/matters/{id}/similar`: possible duplicates to merge
//!   (`{items: [{id, score, state, excerpt, place, collected_at}]}`, best
//!   first; see [`similar`]), for the office of the matter's organisation
//!   only: a unit or representative who sees the matter is 403
//!   `matter_similar_only_office`, anyone else 404 as below.
//!
//! **Scope, on every endpoint** ([`scope_of`]): an office sees its
//! organisation's matters and those of every organisation below it (the
//! core's `OrgTree`; it acts on its own only: the core's rules ask for the
//! matter's organisation), a unit member those last dispatched to their unit (with who
//! raised each opinion hidden), a representative or liaison officer those they
//! collected; an administrator none (the inbox is 403 `matter_no_handling`).
//! A matter outside the caller's scope is 404, like one that does not exist.
//! Who may take which action is the core's [`rule`](liaison_core::matter::rule).

mod attachments;
pub(crate) mod csv;
pub mod settings;
pub mod similar;
mod view;

use crate::AppState;
use crate::auth::{self, AuthDevice};
use crate::error::{AppError, JsonBody};
use crate::store::{MatterChange, MatterFilter, MatterListing, MatterScope, User};
use axum::Json;
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use liaison_core::account::Role;
use liaison_core::matter::{Action, Actor, Matter, MatterState, Party};
use liaison_core::{Category, Field, FieldErrors, MatterId, OrganisationId, UserId, ValidationError};
use serde::Deserialize;
use serde_json::Value;
use view::{DetailView, ListView, detail_view, matter_view};

/// The largest body an action carries (a reply of 5,000 characters fits).
pub const MAX_BODY: usize = 64 * 1024;

/// The most matters a page holds, and the default.
pub const MAX_PAGE: u32 = 200;
const DEFAULT_PAGE: u32 = 50;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/matters", get(list))
        .route("/api/v1/matters/{id}", get(detail))
        .route("/api/v1/matters/{id}/actions", post(act))
        .route("/api/v1/matters/{id}/merge", post(merge))
        .route("/api/v1/matters/{id}/audit.csv", get(audit_csv))
        .merge(settings::routes())
        .route("/api/v1/matters/{id}/similar", get(similar_matters))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        // Files, under their own limit (10 MiB).
        .merge(attachments::routes())
}

/// What part of the matters `user` sees, if any: an office's takes in the
/// organisations below its own.
pub async fn scope_of(state: &AppState, user: &User) -> Result<Option<MatterScope>, AppError> {
    Ok(match (user.role, user.organisation_id) {
        (Role::Office, Some(org)) => {
            let below = state.store.org_tree().await?.below(org);
            Some(MatterScope::Office { org, below })
        }
        (Role::UnitMember, Some(unit)) => Some(MatterScope::Unit(unit)),
        (Role::Representative | Role::LiaisonOfficer, _) => Some(MatterScope::Collector(user.id)),
        _ => None,
    })
}

fn actor(auth: &AuthDevice) -> Actor {
    Actor {
        user: auth.user.id,
        role: auth.user.role,
        organisation: auth.user.organisation_id,
        device: Some(auth.device.id),
    }
}

/// The matter `id` if `user` may see it; 404 alike for a missing matter, one
/// out of scope, a malformed id and a user who sees no matters.
async fn visible(state: &AppState, user: &User, id: &str) -> Result<(MatterScope, MatterListing), AppError> {
    let scope = scope_of(state, user).await?.ok_or(AppError::NotFound)?;
    let id: MatterId = id.parse().map_err(|_| AppError::NotFound)?;
    let listing = state.store.matter(id).await?.ok_or(AppError::NotFound)?;
    if !scope.includes(&listing.matter) {
        return Err(AppError::NotFound);
    }
    Ok((scope, listing))
}

/// The inbox's query; every field optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListParams {
    state: Option<String>,
    category: Option<String>,
    unit: Option<String>,
    place: Option<String>,
    representative: Option<String>,
    overdue: Option<String>,
    offset: Option<String>,
    limit: Option<String>,
}

fn bad(name: &str) -> AppError {
    AppError::BadFilter(name.to_owned())
}

fn filter_of(params: ListParams, now: DateTime<Utc>) -> Result<MatterFilter, AppError> {
    let non_empty = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
    let state = non_empty(params.state).map(|s| MatterState::parse(&s).map_err(|_| bad("state"))).transpose()?;
    let category = non_empty(params.category).map(|c| Category::parse(&c).map_err(|_| bad("category"))).transpose()?;
    let unit = non_empty(params.unit).map(|u| u.parse::<OrganisationId>().map_err(|_| bad("unit"))).transpose()?;
    let place =
        non_empty(params.place).map(|p| liaison_core::PlaceName::parse(&p).map_err(|_| bad("place"))).transpose()?;
    let representative =
        non_empty(params.representative).map(|u| u.parse::<UserId>().map_err(|_| bad("representative"))).transpose()?;
    let overdue = match non_empty(params.overdue).as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return Err(bad("overdue")),
    };
    let number = |v: Option<String>, name: &str| {
        non_empty(v).map(|n| n.trim().parse::<u32>().map_err(|_| bad(name))).transpose()
    };
    let offset = number(params.offset, "offset")?.unwrap_or(0);
    let limit = number(params.limit, "limit")?.unwrap_or(DEFAULT_PAGE);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(bad("limit"));
    }
    Ok(MatterFilter { state, category, unit, place, representative, overdue, now, offset, limit })
}

async fn list(
    auth: AuthDevice,
    State(state): State<AppState>,
    params: Result<Query<ListParams>, QueryRejection>,
) -> Result<Json<ListView>, AppError> {
    let now = auth::now();
    let scope = scope_of(&state, &auth.user).await?.ok_or(AppError::NoHandling)?;
    let Query(params) = params.map_err(|e| AppError::BadFilter(e.body_text()))?;
    let filter = filter_of(params, now)?;
    let page = state.store.matters(&scope, &filter).await?;
    Ok(Json(ListView {
        items: page.items.iter().map(|l| matter_view(l, &scope, false, now)).collect(),
        total: page.total,
        offset: filter.offset,
        limit: filter.limit,
    }))
}

async fn detail_of(
    state: &AppState,
    scope: &MatterScope,
    auth: &AuthDevice,
    id: MatterId,
) -> Result<DetailView, AppError> {
    let listing = state.store.matter(id).await?.ok_or(AppError::NotFound)?;
    let timeline = state.store.timeline(id).await?;
    // The party the caller acts as (an office overseeing a matter below its
    // organisation sees it and acts as none).
    let actor = actor(auth);
    let acting_as =
        [Party::Office, Party::Unit, Party::Collector].into_iter().find(|p| p.includes(&actor, &listing.matter));
    Ok(detail_view(&listing, &timeline, scope, acting_as, auth::now()))
}

async fn detail(
    auth: AuthDevice,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<DetailView>, AppError> {
    let (scope, listing) = visible(&state, &auth.user, &id).await?;
    Ok(Json(detail_of(&state, &scope, &auth, listing.matter.id).await?))
}

/// `{version, action}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ActionRequest {
    version: u32,
    action: Action,
}

/// `{into, version}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MergeRequest {
    into: MatterId,
    version: u32,
}

fn read<T: serde::de::DeserializeOwned>(body: Value) -> Result<T, AppError> {
    serde_json::from_value(body).map_err(|e| AppError::BadAction(e.to_string()))
}

fn check_version(matter: &Matter, version: u32) -> Result<(), AppError> {
    if matter.version == version { Ok(()) } else { Err(AppError::MatterChanged { version: Some(matter.version) }) }
}

/// What the core leaves to the caller: a category on the organisation's list,
/// a unit that exists, an organisation above to forward to.
async fn check_references(state: &AppState, matter: &Matter, action: &Action) -> Result<(), AppError> {
    let (category, organisation) = match action {
        Action::Triage { category, .. } => (Some(category), None),
        Action::Dispatch { unit: to, .. } => (None, Some(*to)),
        Action::ForwardUpward { to } => {
            if !state.store.org_tree().await?.above(matter.organisation).contains(to) {
                return Err(AppError::NotAbove);
            }
            (None, None)
        }
        _ => (None, None),
    };
    if let Some(category) = category {
        let org = state.store.org().await?;
        let listed = org.is_none_or(|o| o.id != matter.organisation || o.categories.choose(category.code()).is_ok());
        if !listed {
            return Err(FieldErrors::one(Field::Category, ValidationError::UnknownCategory).into());
        }
    }
    if let Some(organisation) = organisation
        && !state.store.has_organisation(organisation).await?
    {
        return Err(AppError::UnknownOrganisation);
    }
    Ok(())
}

async fn act(
    auth: AuthDevice,
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<Value>,
) -> Result<Json<DetailView>, AppError> {
    let now = auth::now();
    let (scope, listing) = visible(&state, &auth.user, &id).await?;
    let request: ActionRequest = read(body)?;
    if matches!(request.action, Action::MergeInto { .. } | Action::Absorb { .. }) {
        return Err(AppError::UseMerge);
    }
    let matter = &listing.matter;
    check_version(matter, request.version)?;
    let (next, event) = liaison_core::matter::apply(matter, &actor(&auth), request.action.clone(), now)?;
    check_references(&state, matter, &request.action).await?;
    let change = MatterChange { from_version: request.version, matter: next, event };
    state.store.save_matters(std::slice::from_ref(&change), now).await?;
    crate::notify::send(&state, &[change]);
    // The matter as it now is (one forwarded upward has left the caller's
    // scope: this answer is the last they see of it).
    Ok(Json(detail_of(&state, &scope, &auth, matter.id).await?))
}

async fn merge(
    auth: AuthDevice,
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<Value>,
) -> Result<Json<DetailView>, AppError> {
    let now = auth::now();
    let (scope, duplicate) = visible(&state, &auth.user, &id).await?;
    let request: MergeRequest = read(body)?;
    let (_, into) = visible(&state, &auth.user, &request.into.to_string()).await?;
    check_version(&duplicate.matter, request.version)?;
    let (merged, grown, [merged_event, grown_event]) =
        liaison_core::matter::merge(&duplicate.matter, &into.matter, &actor(&auth), now)?;
    let changes = [
        MatterChange { from_version: duplicate.matter.version, matter: merged, event: merged_event },
        MatterChange { from_version: into.matter.version, matter: grown, event: grown_event },
    ];
    state.store.save_matters(&changes, now).await?;
    crate::notify::send(&state, &changes);
    Ok(Json(detail_of(&state, &scope, &auth, into.matter.id).await?))
}

async fn audit_csv(
    auth: AuthDevice,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let (_, listing) = visible(&state, &auth.user, &id).await?;
    let timeline = state.store.timeline(listing.matter.id).await?;
    let disposition = format!("attachment; filename=\"matter-{}-audit.csv\"", listing.matter.id);
    Ok((
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, disposition)],
        csv::audit_csv(&timeline),
    )
        .into_response())
}

async fn similar_matters(
    auth: AuthDevice,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<similar::SimilarView>, AppError> {
    let (scope, listing) = visible(&state, &auth.user, &id).await?;
    if !matches!(scope, MatterScope::Office { org, .. } if org == listing.matter.organisation) {
        return Err(AppError::SimilarOnlyOffice);
    }
    let found = similar::similar(&state.store, &listing, similar::SUGGESTIONS).await?;
    Ok(Json(similar::similar_view(&found)))
}
