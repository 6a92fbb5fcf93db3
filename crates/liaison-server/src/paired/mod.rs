//! Paired liaison on the server (对口联系, issue 6 part 8): government
//! departments — organisations of the tree — paired with a democratic
//! party's branch or the federation of commerce, their events, and where each
//! pairing stands this year under the core's `paired::evaluate`.
//!
//! - `GET /api/v1/paired`: `{at, year, total, counts, items}`, every pairing
//!   of a department in the office's scope (its organisation and those
//!   below), most behind first, each with its joint meetings and leaders'
//!   visits (done, required, status, due) and the rules it is judged by;
//! - `POST /api/v1/paired` `{department, partner_kind, partner_name}`: a new
//!   pairing of a department in scope (201; 409 `paired_duplicate`);
//! - `GET /api/v1/paired/{id}`: one pairing and this year's events;
//! - `POST /api/v1/paired/{id}/events` `{kind, on, note}`: records an event
//!   (201; 422 with the reason: a day after today, an unknown kind …);
//! - `GET /api/v1/paired.xlsx`: the report for Excel ([`xlsx`](crate::duties::xlsx));
//! - the rules: [`rules`].
//!
//! Offices only (403 for anyone else); a pairing outside the office's scope
//! is 404 like one that does not exist.

pub mod rules;

use crate::AppState;
use crate::auth::{self, AuthDevice};
use crate::error::{AppError, JsonBody};
use crate::matters::settings::office_of;
use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use chrono::{DateTime, NaiveDate, Utc};
use liaison_core::duty::{DutyStatus, Year};
use liaison_core::paired::{
    PairedEvent, PairedLine, PairedReport, PairedRules, Pairing, Partner, PartnerKind, evaluate,
};
use liaison_core::time::to_wire;
use liaison_core::{OrganisationId, OrganisationName, PairedEventId, PairingId};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/paired", get(report).post(add_pairing))
        .route("/api/v1/paired.xlsx", get(crate::duties::xlsx::paired_xlsx))
        .route("/api/v1/paired/{id}", get(one))
        .route("/api/v1/paired/{id}/events", axum::routing::post(add_event))
        .merge(rules::routes())
}

/// One obligation of a pairing, as answered.
#[derive(Clone, Debug, Serialize)]
pub struct LineView {
    /// Done this year.
    pub done: u32,
    /// Required this year (the rule's least).
    pub required: u32,
    /// `done`, `owed`, `at_risk` or `overdue`.
    pub status: &'static str,
    /// When it is due (RFC 3339).
    pub due: String,
}

impl From<PairedLine> for LineView {
    fn from(l: PairedLine) -> Self {
        LineView { done: l.progress.done, required: l.progress.required, status: l.status.code(), due: to_wire(l.due) }
    }
}

/// One pairing and where it stands.
#[derive(Clone, Debug, Serialize)]
pub struct PairingView {
    /// Its id.
    pub id: String,
    /// The department's organisation id.
    pub department: String,
    /// The department's name.
    pub department_name: String,
    /// `party` or `federation`.
    pub partner_kind: &'static str,
    /// The partner's name.
    pub partner_name: String,
    /// Joint meetings this year.
    pub joint_meetings: LineView,
    /// Leaders' visits this year.
    pub leader_visits: LineView,
    /// The rule's most visits.
    pub visits_max: u32,
    /// More visits than the most.
    pub above_max: bool,
    /// Document exchanges this year.
    pub documents: u32,
    /// The worse status of the two.
    pub worst: &'static str,
    /// Judged by the seed's preset (no organisation up the tree set rules).
    pub preset: bool,
}

/// The report's answer.
#[derive(Debug, Serialize)]
pub struct ReportView {
    /// The time evaluated at.
    pub at: String,
    /// The year counted.
    pub year: i32,
    /// How many pairings.
    pub total: usize,
    /// Pairings by worst status.
    pub counts: HashMap<&'static str, usize>,
    /// Every pairing in scope, most behind first.
    pub items: Vec<PairingView>,
    /// The organisations a pairing may be added for (the office's scope),
    /// by name: `[{id, name}]`.
    pub departments: Vec<DepartmentView>,
}

/// An organisation a pairing may be added for.
#[derive(Debug, Serialize)]
pub struct DepartmentView {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// Everything the report is made of, read once.
#[derive(Debug)]
pub struct Evaluated {
    /// The time evaluated at.
    pub now: DateTime<Utc>,
    /// Every pairing in scope with its report, the rules and the names.
    pub items: Vec<(Pairing, PairedReport, PairedRules, bool)>,
    /// Organisation names by id.
    pub names: HashMap<OrganisationId, String>,
    /// This year's events of the pairings in scope.
    pub events: Vec<PairedEvent>,
    /// The office's scope.
    pub scope: HashSet<OrganisationId>,
}

/// The organisations an office oversees: its own and those below.
pub(crate) async fn scope(state: &AppState, office: OrganisationId) -> Result<HashSet<OrganisationId>, AppError> {
    let mut orgs: HashSet<OrganisationId> = state.store.org_tree().await?.below(office).into_iter().collect();
    orgs.insert(office);
    Ok(orgs)
}

/// Every pairing of the office's scope, evaluated at `now`, most behind first.
pub async fn evaluate_office(
    state: &AppState,
    office: OrganisationId,
    now: DateTime<Utc>,
) -> Result<Evaluated, AppError> {
    let scope = self::scope(state, office).await?;
    let settings = rules::PairedSettings::load(state).await?;
    let pairings: Vec<Pairing> = state
        .store
        .pairings()
        .await?
        .into_iter()
        .filter(|r| scope.contains(&r.department))
        .map(|r| Pairing::try_from(r).map_err(|e| AppError::Internal(format!("stored pairing: {e}"))))
        .collect::<Result<_, _>>()?;
    let ids: HashSet<PairingId> = pairings.iter().map(|p| p.id).collect();
    let first = NaiveDate::from_ymd_opt(Year::containing(now).number(), 1, 1).unwrap_or_default();
    let events: Vec<PairedEvent> = state
        .store
        .paired_events(first)
        .await?
        .into_iter()
        .filter(|r| ids.contains(&r.pairing))
        .map(|r| PairedEvent::try_from(r).map_err(|e| AppError::Internal(format!("stored paired event: {e}"))))
        .collect::<Result<_, _>>()?;
    let mut by_pairing: HashMap<PairingId, Vec<PairedEvent>> = HashMap::new();
    for e in &events {
        by_pairing.entry(e.pairing).or_default().push(e.clone());
    }
    let names: HashMap<OrganisationId, String> =
        state.store.organisations().await?.into_iter().map(|(id, n)| (id, n.as_str().to_owned())).collect();
    let mut items: Vec<_> = pairings
        .into_iter()
        .map(|p| {
            let (rules, preset) = settings.rules_of(p.department);
            let report = evaluate(rules, p.id, by_pairing.get(&p.id).map(Vec::as_slice).unwrap_or(&[]), now);
            (p, report, rules, preset)
        })
        .collect();
    let name = |o: &OrganisationId| names.get(o).cloned().unwrap_or_default();
    items.sort_by(|(a, ra, ..), (b, rb, ..)| {
        (rb.worst(), rb.owed())
            .cmp(&(ra.worst(), ra.owed()))
            .then_with(|| name(&a.department).cmp(&name(&b.department)))
            .then_with(|| a.partner.name.as_str().cmp(b.partner.name.as_str()))
    });
    Ok(Evaluated { now, items, names, events, scope })
}

fn view(
    p: &Pairing,
    r: &PairedReport,
    rules: PairedRules,
    preset: bool,
    names: &HashMap<OrganisationId, String>,
) -> PairingView {
    PairingView {
        id: p.id.to_string(),
        department: p.department.to_string(),
        department_name: names.get(&p.department).cloned().unwrap_or_default(),
        partner_kind: p.partner.kind.code(),
        partner_name: p.partner.name.as_str().to_owned(),
        joint_meetings: r.joint_meetings.into(),
        leader_visits: r.leader_visits.into(),
        visits_max: rules.visits_max(),
        above_max: r.above_max,
        documents: r.documents,
        worst: r.worst().code(),
        preset,
    }
}

async fn report(auth: AuthDevice, State(state): State<AppState>) -> Result<Json<ReportView>, AppError> {
    let office = office_of(&auth)?;
    let all = evaluate_office(&state, office, auth::now()).await?;
    let mut counts: HashMap<&'static str, usize> = DutyStatus::ALL.iter().map(|s| (s.code(), 0)).collect();
    for (_, r, ..) in &all.items {
        *counts.entry(r.worst().code()).or_default() += 1;
    }
    Ok(Json(ReportView {
        at: to_wire(all.now),
        year: Year::containing(all.now).number(),
        total: all.items.len(),
        counts,
        items: all.items.iter().map(|(p, r, rules, preset)| view(p, r, *rules, *preset, &all.names)).collect(),
        departments: {
            let mut list: Vec<DepartmentView> = all
                .scope
                .iter()
                .map(|o| DepartmentView { id: o.to_string(), name: all.names.get(o).cloned().unwrap_or_default() })
                .collect();
            list.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
            list
        },
    }))
}

/// A new pairing, as a form sends it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewPairing {
    department: String,
    partner_kind: String,
    partner_name: String,
}

async fn add_pairing(
    auth: AuthDevice,
    State(state): State<AppState>,
    JsonBody(form): JsonBody<NewPairing>,
) -> Result<(StatusCode, Json<PairingView>), AppError> {
    let office = office_of(&auth)?;
    let department: OrganisationId = form.department.trim().parse().map_err(|_| AppError::PairedOutOfScope)?;
    if !scope(&state, office).await?.contains(&department) {
        return Err(AppError::PairedOutOfScope);
    }
    let partner = Partner {
        kind: PartnerKind::parse(form.partner_kind.trim()).map_err(AppError::BadPairing)?,
        name: OrganisationName::parse(&form.partner_name).map_err(AppError::BadPairing)?,
    };
    let pairing = Pairing { id: PairingId::from_uuid(uuid::Uuid::new_v4()), department, partner };
    let now = auth::now();
    if !state.store.add_pairing(&pairing.to_record(), auth.user.id, now).await? {
        return Err(AppError::PairedDuplicate);
    }
    let all = evaluate_office(&state, office, now).await?;
    let (p, r, rules, preset) = all.items.iter().find(|(p, ..)| p.id == pairing.id).ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(view(p, r, *rules, *preset, &all.names))))
}

/// An event of a pairing, as answered.
#[derive(Debug, Serialize)]
struct EventView {
    id: String,
    kind: &'static str,
    on: String,
    note: Option<String>,
    recorded_by: String,
}

#[derive(Debug, Serialize)]
struct DetailView {
    #[serde(flatten)]
    pairing: PairingView,
    /// This year's events, the latest first.
    events: Vec<EventView>,
}

async fn detail(state: &AppState, office: OrganisationId, id: PairingId) -> Result<DetailView, AppError> {
    let all = evaluate_office(state, office, auth::now()).await?;
    let (p, r, rules, preset) = all.items.iter().find(|(p, ..)| p.id == id).ok_or(AppError::NotFound)?;
    let users: HashMap<_, _> =
        state.store.users().await?.into_iter().map(|u| (u.id, u.name.as_str().to_owned())).collect();
    // The store gives them by day, then as recorded: the latest first.
    let mut events: Vec<&PairedEvent> = all.events.iter().filter(|e| e.pairing == id).rev().collect();
    events.sort_by_key(|e| std::cmp::Reverse(e.on));
    Ok(DetailView {
        pairing: view(p, r, *rules, *preset, &all.names),
        events: events
            .into_iter()
            .map(|e| EventView {
                id: e.id.to_string(),
                kind: e.kind.code(),
                on: e.on.to_string(),
                note: e.note.as_ref().map(|n| n.as_str().to_owned()),
                recorded_by: users.get(&e.recorded_by).cloned().unwrap_or_default(),
            })
            .collect(),
    })
}

async fn one(
    auth: AuthDevice,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<DetailView>, AppError> {
    let office = office_of(&auth)?;
    let id: PairingId = id.parse().map_err(|_| AppError::NotFound)?;
    Ok(Json(detail(&state, office, id).await?))
}

/// An event, as a form sends it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewEvent {
    kind: String,
    on: String,
    #[serde(default)]
    note: String,
}

async fn add_event(
    auth: AuthDevice,
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(form): JsonBody<NewEvent>,
) -> Result<(StatusCode, Json<DetailView>), AppError> {
    let office = office_of(&auth)?;
    let id: PairingId = id.parse().map_err(|_| AppError::NotFound)?;
    let scope = scope(&state, office).await?;
    if !state.store.pairings().await?.iter().any(|p| p.id == id && scope.contains(&p.department)) {
        return Err(AppError::NotFound);
    }
    let now = auth::now();
    let event = PairedEvent::submit(
        PairedEventId::from_uuid(uuid::Uuid::new_v4()),
        id,
        form.kind.trim(),
        &form.on,
        &form.note,
        auth.user.id,
        now,
    )
    .map_err(AppError::BadPairedEvent)?;
    state.store.add_paired_event(&event.to_record(), now).await?;
    Ok((StatusCode::CREATED, Json(detail(&state, office, id).await?)))
}
