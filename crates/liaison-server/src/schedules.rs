//! Studios' reception schedules (接待日程, issue 6 part 3) over HTTP. The
//! rules are the core's (`liaison_core::schedule`); here are who may, the
//! store, and the clock.
//!
//! - `GET /api/v1/studios`: the studios whose schedules the caller writes
//!   (an office: those of its organisation and of every one below it).
//! - `GET /api/v1/studios/{id}/schedules/{yyyy-mm}`: the month's schedule —
//!   the stored one, or a draft from the studio's recurring days (`saved:
//!   false`, version 0) — with its change log. Offices of the studio's
//!   organisation or above; representatives and liaison officers of the
//!   studio's organisation.
//! - `PUT …/{yyyy-mm}` `{version, dates, theme}`: the draft's dates and
//!   theme (offices of the studio's organisation or above, as below).
//! - `POST …/{yyyy-mm}/publish` `{version}`.
//! - `POST …/{yyyy-mm}/changes` `{version, old, new, reason}`: a published
//!   date moved, with a reason, appended to the log.
//!
//! Every write names the version it was made from; another is 409
//! `sched_changed` and nothing is written. The core's refusals are 422 (409
//! for the state) with the message in the request's language.
//! - `GET /api/v1/reception-schedules` (any signed-in user): the published
//!   schedules of the caller's organisation's studios for this month and the
//!   next, as `PhoneSchedulesRecordV1` — what the phone keeps offline.

use crate::AppState;
use crate::auth::{self, AuthDevice};
use crate::error::{AppError, JsonBody};
use crate::store::{StoredSchedule, StudioEntry, User};
use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use liaison_core::account::Role;
use liaison_core::org_tree::OrgTree;
use liaison_core::schedule::{
    ChangeReason, Month, NamedSchedule, PhoneSchedulesRecordV1, ReceptionSchedule, ReceptionScheduleRecordV1,
    ScheduleError, Theme,
};
use liaison_core::{OrganisationId, StudioId};
use serde::{Deserialize, Serialize};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/studios", get(studios))
        .route("/api/v1/studios/{id}/schedules/{month}", get(read).put(edit))
        .route("/api/v1/studios/{id}/schedules/{month}/publish", post(publish))
        .route("/api/v1/studios/{id}/schedules/{month}/changes", post(change))
        .route("/api/v1/reception-schedules", get(phone))
}

/// An office of `org` or of an organisation above it.
fn may_write(user: &User, org: OrganisationId, tree: &OrgTree) -> bool {
    match (user.role, user.organisation_id) {
        (Role::Office, Some(own)) => own == org || tree.above(org).contains(&own),
        _ => false,
    }
}

/// Those who write, and the studio's organisation's representatives and liaison officers.
fn may_read(user: &User, org: OrganisationId, tree: &OrgTree) -> bool {
    may_write(user, org, tree)
        || (matches!(user.role, Role::Representative | Role::LiaisonOfficer) && user.organisation_id == Some(org))
}

/// A studio in the desk's chooser.
#[derive(Debug, Serialize)]
struct StudioView {
    id: String,
    name: String,
    address: String,
    organisation: String,
    reception_days: Vec<u8>,
}

impl From<&StudioEntry> for StudioView {
    fn from(e: &StudioEntry) -> Self {
        StudioView {
            id: e.studio.id.to_string(),
            name: e.studio.name.as_str().to_owned(),
            address: e.studio.address.as_str().to_owned(),
            organisation: e.organisation.to_string(),
            reception_days: e.studio.reception_days.clone(),
        }
    }
}

async fn studios(auth: AuthDevice, State(state): State<AppState>) -> Result<Json<Vec<StudioView>>, AppError> {
    if auth.user.role != Role::Office {
        return Err(AppError::Forbidden);
    }
    let tree = state.store.org_tree().await?;
    let all = state.store.studios().await?;
    Ok(Json(all.iter().filter(|e| may_write(&auth.user, e.organisation, &tree)).map(StudioView::from).collect()))
}

/// One line of the change log.
#[derive(Debug, Serialize)]
struct LogView {
    seq: i64,
    old: String,
    new: String,
    reason: String,
    by: String,
    by_name: String,
    at: String,
}

/// The answer of every schedule endpoint.
#[derive(Debug, Serialize)]
struct ScheduleView {
    studio: StudioView,
    saved: bool,
    version: i64,
    schedule: ReceptionScheduleRecordV1,
    log: Vec<LogView>,
    may_write: bool,
}

/// What the path names: the studio (404 if unknown or not the caller's to
/// read) and the month; the tree for the write check.
struct Target {
    entry: StudioEntry,
    month: Month,
    tree: OrgTree,
}

async fn target(state: &AppState, user: &User, id: &str, month: &str) -> Result<Target, AppError> {
    let id: StudioId = id.parse().map_err(|_| AppError::NotFound)?;
    let month = Month::parse(month)?;
    let tree = state.store.org_tree().await?;
    let entry = state.store.studios().await?.into_iter().find(|e| e.studio.id == id).ok_or(AppError::NotFound)?;
    if !may_read(user, entry.organisation, &tree) {
        return Err(AppError::NotFound);
    }
    Ok(Target { entry, month, tree })
}

/// The stored schedule, or a draft from the recurring days at version 0.
async fn current(state: &AppState, t: &Target) -> Result<StoredSchedule, AppError> {
    Ok(state.store.reception_schedule(t.entry.studio.id, t.month).await?.unwrap_or_else(|| StoredSchedule {
        schedule: ReceptionSchedule::from_recurring(t.entry.studio.id, t.month, &t.entry.studio.reception_days),
        organisation: t.entry.organisation,
        version: 0,
    }))
}

async fn view(state: &AppState, user: &User, t: &Target) -> Result<Json<ScheduleView>, AppError> {
    let stored = current(state, t).await?;
    let log = state.store.schedule_log(t.entry.studio.id, t.month).await?;
    Ok(Json(ScheduleView {
        studio: StudioView::from(&t.entry),
        saved: stored.version > 0,
        version: stored.version,
        schedule: ReceptionScheduleRecordV1::from(&stored.schedule),
        log: log
            .into_iter()
            .map(|l| LogView {
                seq: l.seq,
                old: l.old_date,
                new: l.new_date,
                reason: l.reason,
                by: l.by.to_string(),
                by_name: l.by_name,
                at: liaison_core::time::to_wire(l.at),
            })
            .collect(),
        may_write: may_write(user, t.entry.organisation, &t.tree),
    }))
}

async fn read(
    auth: AuthDevice,
    State(state): State<AppState>,
    Path((id, month)): Path<(String, String)>,
) -> Result<Json<ScheduleView>, AppError> {
    let t = target(&state, &auth.user, &id, &month).await?;
    view(&state, &auth.user, &t).await
}

/// The stored schedule for a write from `version`: the caller may write,
/// and the version is the stored one.
async fn for_write(state: &AppState, user: &User, t: &Target, version: i64) -> Result<StoredSchedule, AppError> {
    if !may_write(user, t.entry.organisation, &t.tree) {
        return Err(AppError::Forbidden);
    }
    let stored = current(state, t).await?;
    if stored.version != version {
        return Err(AppError::Store(crate::store::StoreError::StaleSchedule));
    }
    Ok(stored)
}

fn date(s: &str) -> Result<chrono::NaiveDate, ScheduleError> {
    liaison_core::time::parse_date(s).ok_or(ScheduleError::DateInvalid)
}

/// `PUT …/{month}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EditBody {
    version: i64,
    dates: Vec<String>,
    theme: Option<String>,
}

async fn edit(
    auth: AuthDevice,
    State(state): State<AppState>,
    Path((id, month)): Path<(String, String)>,
    JsonBody(body): JsonBody<EditBody>,
) -> Result<Json<ScheduleView>, AppError> {
    let t = target(&state, &auth.user, &id, &month).await?;
    let stored = for_write(&state, &auth.user, &t, body.version).await?;
    let dates = body.dates.iter().map(|d| date(d)).collect::<Result<Vec<_>, _>>()?;
    let theme = Theme::parse(body.theme.as_deref().unwrap_or(""))?;
    let edited = stored.schedule.edit(dates, theme)?;
    state
        .store
        .save_reception_schedule(t.entry.organisation, &edited, stored.version, None, auth.user.id, auth::now())
        .await?;
    view(&state, &auth.user, &t).await
}

/// `POST …/publish`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VersionBody {
    version: i64,
}

async fn publish(
    auth: AuthDevice,
    State(state): State<AppState>,
    Path((id, month)): Path<(String, String)>,
    JsonBody(body): JsonBody<VersionBody>,
) -> Result<Json<ScheduleView>, AppError> {
    let t = target(&state, &auth.user, &id, &month).await?;
    let stored = for_write(&state, &auth.user, &t, body.version).await?;
    let now = auth::now();
    let published = stored.schedule.publish(auth.user.id, now)?;
    state
        .store
        .save_reception_schedule(t.entry.organisation, &published, stored.version, None, auth.user.id, now)
        .await?;
    view(&state, &auth.user, &t).await
}

/// `POST …/changes`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChangeBody {
    version: i64,
    old: String,
    new: String,
    #[serde(default)]
    reason: String,
}

async fn change(
    auth: AuthDevice,
    State(state): State<AppState>,
    Path((id, month)): Path<(String, String)>,
    JsonBody(body): JsonBody<ChangeBody>,
) -> Result<Json<ScheduleView>, AppError> {
    let t = target(&state, &auth.user, &id, &month).await?;
    let stored = for_write(&state, &auth.user, &t, body.version).await?;
    let (old, new) = (date(&body.old)?, date(&body.new)?);
    let reason = ChangeReason::parse(&body.reason)?;
    let now = auth::now();
    let (changed, logged) = stored.schedule.change_date(old, new, reason, auth.user.id, now)?;
    state
        .store
        .save_reception_schedule(t.entry.organisation, &changed, stored.version, Some(&logged), auth.user.id, now)
        .await?;
    view(&state, &auth.user, &t).await
}

async fn phone(auth: AuthDevice, State(state): State<AppState>) -> Result<Json<PhoneSchedulesRecordV1>, AppError> {
    let Some(org) = auth.user.organisation_id else {
        return Ok(Json(PhoneSchedulesRecordV1::of(&[])));
    };
    let this = Month::containing(auth::now());
    let studios = state.store.studios().await?;
    let named: Vec<NamedSchedule> = state
        .store
        .published_schedules(org, [this, this.next()])
        .await?
        .into_iter()
        .filter_map(|schedule| {
            let studio = studios.iter().find(|e| e.studio.id == schedule.studio())?;
            Some(NamedSchedule { studio_name: studio.studio.name.as_str().to_owned(), schedule })
        })
        .collect();
    Ok(Json(PhoneSchedulesRecordV1::of(&named)))
}
