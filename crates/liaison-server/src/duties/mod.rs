//! The office's duty dashboard (issue 6, 履职情况): every representative of
//! the office's organisation and of the organisations below it, evaluated
//! by the core's `duty::evaluate` from what their phones synced (the duty
//! facts, `store/duties.rs`) — the same function, policy and representative
//! facts the phone counts with offline, so both show the same numbers.
//!
//! - `GET /api/v1/duties?status=&offset=&limit=`: `{at, total, counts,
//!   items}`, the representatives most behind first (worst status, then most
//!   owed, then name); `counts` is how many are at each worst status;
//!   `status` keeps those whose worst status it is;
//! - `GET /api/v1/duties.csv`: every representative's every duty, for Excel;
//!   `GET /api/v1/duties.xlsx`: the same rows as a workbook ([`xlsx`]);
//! - `GET /api/v1/duties/{user}`: one representative's lines and the records
//!   they count: this year's activities and documents, and the opinions still to report.
//!
//! Offices only (403 for anyone else); a representative outside the
//! office's organisations is 404 like one that does not exist. Each
//! representative is evaluated under their organisation's policy chain and
//! their profile as an administrator set them ([`settings`]) — the very
//! `DutySetup` their phone is sent — or, where no organisation up the tree
//! set any rules, under the seeds' preset (`preset: true` in the answer).

pub mod settings;
mod studios;
pub mod xlsx;

use crate::AppState;
use crate::auth::{self, AuthDevice};
use crate::error::AppError;
use crate::matters::csv::line;
use crate::matters::settings::office_of;
use crate::store::User;
use axum::Json;
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, Utc};
use liaison_core::account::Role;
use liaison_core::document::DocumentKind;
use liaison_core::duty::{DutyRecords, DutyReport, DutyStatus, ResolvedPolicy, evaluate, records_since};
use liaison_core::time::{format_local, to_wire};
use liaison_core::{OrganisationId, RepresentativeId, UserId};
use liaison_i18n::{Locale, Msg};
use serde::{Deserialize, Serialize};
use settings::DutySettings;
use std::collections::{HashMap, HashSet};

/// The most representatives a page holds, and the default.
pub const MAX_PAGE: usize = 500;
const DEFAULT_PAGE: usize = 100;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/duties", get(dashboard))
        .route("/api/v1/duties.csv", get(dashboard_csv))
        .route("/api/v1/duties.xlsx", get(xlsx::duties_xlsx))
        .route("/api/v1/duties/studios", get(studios::studios))
        .route("/api/v1/duties/{user}", get(one))
        .merge(settings::routes())
}

/// One duty of one representative, as answered.
#[derive(Clone, Debug, Serialize)]
pub struct LineView {
    /// The duty's code (`receptions` …).
    pub duty: &'static str,
    /// For a liaison point's duty, the point's id.
    pub point: Option<String>,
    /// Done so far in its period.
    pub done: u32,
    /// Required in its period.
    pub required: u32,
    /// `done`, `owed`, `at_risk` or `overdue`.
    pub status: &'static str,
    /// When it is due (RFC 3339).
    pub due: String,
}

/// One representative's standing.
#[derive(Clone, Debug, Serialize)]
pub struct RepresentativeView {
    /// The user's id.
    pub id: String,
    /// Their name.
    pub name: String,
    /// Their organisation's id.
    pub organisation: String,
    /// Their worst status over every duty.
    pub worst: &'static str,
    /// How many items they owe in all.
    pub owed: u32,
    /// One line per duty.
    pub lines: Vec<LineView>,
    /// Opinions collected and not yet reported.
    pub unreported: usize,
    /// Contacts not seen for 90 days.
    pub not_seen: usize,
}

/// The dashboard's answer.
#[derive(Debug, Serialize)]
pub struct DashboardView {
    /// The time evaluated at.
    pub at: String,
    /// How many representatives match (before paging).
    pub total: usize,
    /// Representatives by worst status: `{done, owed, at_risk, overdue}`.
    pub counts: HashMap<&'static str, usize>,
    /// The office's organisation counts under the seeds' preset (no
    /// organisation up its tree set any rules).
    pub preset: bool,
    /// This page.
    pub items: Vec<RepresentativeView>,
}

/// The dashboard's query; every field optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    status: Option<String>,
    offset: Option<String>,
    limit: Option<String>,
}

/// Every representative of the office's organisations, evaluated at `now`
/// and sorted most behind first. What the endpoints and the benchmark call.
pub async fn evaluate_office(
    state: &AppState,
    office: OrganisationId,
    now: DateTime<Utc>,
) -> Result<Vec<(User, DutyReport)>, AppError> {
    let mut organisations = state.store.org_tree().await?.below(office);
    organisations.push(office);
    let wanted: HashSet<OrganisationId> = organisations.iter().copied().collect();
    let representatives: Vec<User> = state
        .store
        .users()
        .await?
        .into_iter()
        .filter(|u| u.role == Role::Representative && u.organisation_id.is_some_and(|o| wanted.contains(&o)))
        .collect();
    let mut records = state.store.duty_records(&organisations, records_since(now)).await?;
    let settings = DutySettings::load(state, None).await?;
    // One resolution per organisation, however many representatives it has.
    let mut policies: HashMap<Option<OrganisationId>, ResolvedPolicy> = HashMap::new();
    let mut evaluated: Vec<(User, DutyReport)> = representatives
        .into_iter()
        .map(|user| {
            let mine = records.remove(&user.id).unwrap_or_default();
            let setup = settings.setup_of(&user);
            let policy = policies.entry(user.organisation_id).or_insert_with(|| setup.policy_at(now));
            let report = evaluate(policy, &setup.profile.facts(rep_id(&user)), &mine, now);
            (user, report)
        })
        .collect();
    evaluated.sort_by(|(a, ra), (b, rb)| {
        (worst(rb), owed(rb)).cmp(&(worst(ra), owed(ra))).then_with(|| a.name.as_str().cmp(b.name.as_str()))
    });
    Ok(evaluated)
}

fn rep_id(user: &User) -> RepresentativeId {
    RepresentativeId::from_uuid(user.id.as_uuid())
}

fn worst(report: &DutyReport) -> DutyStatus {
    report.lines.iter().map(|l| l.status).max().unwrap_or(DutyStatus::Done)
}

fn owed(report: &DutyReport) -> u32 {
    report.lines.iter().map(|l| l.progress.owed()).sum()
}

fn view(user: &User, report: &DutyReport) -> RepresentativeView {
    RepresentativeView {
        id: user.id.to_string(),
        name: user.name.as_str().to_owned(),
        organisation: user.organisation_id.map(|o| o.to_string()).unwrap_or_default(),
        worst: worst(report).code(),
        owed: owed(report),
        lines: report
            .lines
            .iter()
            .map(|l| LineView {
                duty: l.duty.code(),
                point: point_of(l.duty),
                done: l.progress.done,
                required: l.progress.required,
                status: l.status.code(),
                due: to_wire(l.due),
            })
            .collect(),
        unreported: report.unreported_opinions.len(),
        not_seen: report.not_seen.len(),
    }
}

fn point_of(duty: liaison_core::duty::Duty) -> Option<String> {
    use liaison_core::duty::Duty;
    match duty {
        Duty::PointLectures(p) | Duty::PointForums(p) | Duty::PointVeteranVisits(p) => Some(p.to_string()),
        _ => None,
    }
}

fn bad(name: &str) -> AppError {
    AppError::BadFilter(name.to_owned())
}

async fn dashboard(
    auth: AuthDevice,
    State(state): State<AppState>,
    params: Result<Query<Params>, QueryRejection>,
) -> Result<Json<DashboardView>, AppError> {
    let office = office_of(&auth)?;
    let Query(params) = params.map_err(|_| bad("query"))?;
    let non_empty = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
    let status =
        non_empty(params.status).map(|s| DutyStatus::parse(s.trim()).ok_or_else(|| bad("status"))).transpose()?;
    let number = |v: Option<String>, name: &str| {
        non_empty(v).map(|n| n.trim().parse::<usize>().map_err(|_| bad(name))).transpose()
    };
    let offset = number(params.offset, "offset")?.unwrap_or(0);
    let limit = number(params.limit, "limit")?.unwrap_or(DEFAULT_PAGE);
    if limit == 0 || limit > MAX_PAGE {
        return Err(bad("limit"));
    }
    let now = auth::now();
    let evaluated = evaluate_office(&state, office, now).await?;
    let mut counts: HashMap<&'static str, usize> = DutyStatus::ALL.iter().map(|s| (s.code(), 0)).collect();
    for (_, report) in &evaluated {
        *counts.entry(worst(report).code()).or_default() += 1;
    }
    let matching: Vec<&(User, DutyReport)> =
        evaluated.iter().filter(|(_, r)| status.is_none_or(|s| worst(r) == s)).collect();
    let preset =
        DutySettings::load(&state, Some(auth.user.id)).await?.chain(office).iter().all(|p| p.versions().is_empty());
    Ok(Json(DashboardView {
        at: to_wire(now),
        total: matching.len(),
        counts,
        preset,
        items: matching.iter().skip(offset).take(limit).map(|(u, r)| view(u, r)).collect(),
    }))
}

pub(crate) const CSV_HEADERS: [Msg; 9] = [
    Msg::DutyCsvRepresentative,
    Msg::DutyCsvOrganisation,
    Msg::DutyCsvDuty,
    Msg::DutyCsvPeriod,
    Msg::DutyCsvDone,
    Msg::DutyCsvRequired,
    Msg::DutyCsvStatus,
    Msg::DutyCsvDue,
    Msg::DutyCsvUnreported,
];

/// Every representative's every duty, one row each under [`CSV_HEADERS`], in
/// the language asked for; a representative with no duty line still has one
/// row. What the CSV and the XLSX both write.
pub(crate) fn dashboard_rows(
    evaluated: &[(User, DutyReport)],
    names: &HashMap<String, String>,
    locale: Locale,
) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for (user, report) in evaluated {
        let organisation = user.organisation_id.map(|o| o.to_string()).unwrap_or_default();
        let organisation = names.get(&organisation).cloned().unwrap_or(organisation);
        let unreported = report.unreported_opinions.len().to_string();
        let person = [user.name.as_str().to_owned(), organisation];
        if report.lines.is_empty() {
            rows.push(
                person
                    .iter()
                    .cloned()
                    .chain(std::iter::repeat_n(String::new(), 6))
                    .chain([unreported.clone()])
                    .collect(),
            );
        }
        for l in &report.lines {
            rows.push(
                person
                    .iter()
                    .cloned()
                    .chain([
                        l.duty.name().text(locale).to_owned(),
                        l.period.this_msg().text(locale).to_owned(),
                        l.progress.done.to_string(),
                        l.progress.required.to_string(),
                        l.status.msg().text(locale).to_owned(),
                        liaison_core::time::format_due(l.due),
                        unreported.clone(),
                    ])
                    .collect(),
            );
        }
    }
    rows
}

/// The rows as CSV for Excel (with its byte-order mark).
fn dashboard_csv_text(evaluated: &[(User, DutyReport)], names: &HashMap<String, String>, locale: Locale) -> String {
    let mut out = String::from("\u{feff}");
    line(&mut out, CSV_HEADERS.iter().map(|m| m.text(locale).to_owned()));
    for row in dashboard_rows(evaluated, names, locale) {
        line(&mut out, row.into_iter());
    }
    out
}

/// Organisation names by id, as text.
pub(crate) async fn organisation_names(state: &AppState) -> Result<HashMap<String, String>, AppError> {
    Ok(state
        .store
        .organisations()
        .await?
        .into_iter()
        .map(|(id, name)| (id.to_string(), name.as_str().to_owned()))
        .collect())
}

async fn dashboard_csv(auth: AuthDevice, State(state): State<AppState>) -> Result<Response, AppError> {
    let office = office_of(&auth)?;
    let now = auth::now();
    let evaluated = evaluate_office(&state, office, now).await?;
    let names = organisation_names(&state).await?;
    let day = &format_local(now)[..10];
    let disposition = format!("attachment; filename=\"duties-{day}.csv\"");
    Ok((
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, disposition)],
        dashboard_csv_text(&evaluated, &names, crate::locale::current()),
    )
        .into_response())
}

/// An activity that counts, in a representative's detail.
#[derive(Debug, Serialize)]
struct ActivityView {
    id: String,
    at: String,
    kind: &'static str,
    point: Option<String>,
    contacts: usize,
}

/// An opinion still to report.
#[derive(Debug, Serialize)]
struct UnreportedView {
    id: String,
    collected_at: String,
    due: String,
    status: &'static str,
}

/// A document the representative recorded this year.
#[derive(Debug, Serialize)]
struct DocumentView {
    id: String,
    /// `proposal`, `research_report` or `yearly_report`.
    kind: &'static str,
    /// When it counts from (the start of its day in China).
    at: String,
}

#[derive(Debug, Serialize)]
struct DetailView {
    #[serde(flatten)]
    representative: RepresentativeView,
    /// This year's activities, newest first.
    activities: Vec<ActivityView>,
    /// This year's proposals, research reports and yearly reports, newest first.
    documents: Vec<DocumentView>,
    /// Opinions still to report, the earliest due first.
    opinions: Vec<UnreportedView>,
}

async fn one(
    auth: AuthDevice,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<DetailView>, AppError> {
    let office = office_of(&auth)?;
    let id: UserId = id.parse().map_err(|_| AppError::NotFound)?;
    let user = state.store.user(id).await?.ok_or(AppError::NotFound)?;
    let mut organisations = state.store.org_tree().await?.below(office);
    organisations.push(office);
    if user.role != Role::Representative || !user.organisation_id.is_some_and(|o| organisations.contains(&o)) {
        return Err(AppError::NotFound);
    }
    let now = auth::now();
    let records: DutyRecords = state.store.owner_duty_records(user.id).await?;
    let setup = DutySettings::load(&state, Some(user.id)).await?.setup_of(&user);
    let report = evaluate(&setup.policy_at(now), &setup.profile.facts(rep_id(&user)), &records, now);
    let year = liaison_core::duty::Year::containing(now);
    let mut activities: Vec<ActivityView> = records
        .receptions
        .iter()
        .filter(|r| year.contains(r.at))
        .map(|r| ActivityView {
            id: r.id.to_string(),
            at: to_wire(r.at),
            kind: r.kind.code(),
            point: r.point.map(|p| p.to_string()),
            contacts: r.contacts.len(),
        })
        .collect();
    activities.sort_by(|a, b| b.at.cmp(&a.at));
    let this_year = |at: &DateTime<Utc>| year.contains(*at);
    let document = |kind: DocumentKind, id: uuid::Uuid, at: DateTime<Utc>| DocumentView {
        id: id.hyphenated().to_string(),
        kind: kind.code(),
        at: to_wire(at),
    };
    let mut documents: Vec<DocumentView> = (records.proposals.iter())
        .filter(|d| this_year(&d.at))
        .map(|d| document(DocumentKind::Proposal, d.id.as_uuid(), d.at))
        .chain(
            (records.research_reports.iter())
                .filter(|d| this_year(&d.at))
                .map(|d| document(DocumentKind::ResearchReport, d.id.as_uuid(), d.at)),
        )
        .chain(
            (records.yearly_reports.iter())
                .filter(|d| this_year(&d.at))
                .map(|d| document(DocumentKind::YearlyReport, d.id.as_uuid(), d.at)),
        )
        .collect();
    documents.sort_by(|a, b| b.at.cmp(&a.at));
    let opinions = report
        .unreported_opinions
        .iter()
        .map(|o| UnreportedView {
            id: o.id.to_string(),
            collected_at: to_wire(o.collected_at),
            due: to_wire(o.due),
            status: o.status.code(),
        })
        .collect();
    Ok(Json(DetailView { representative: view(&user, &report), activities, documents, opinions }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use liaison_core::duty::evaluate;

    #[test]
    fn a_representative_with_nothing_synced_owes_every_duty_in_the_csv() {
        let user = User {
            id: UserId::from_uuid(uuid::Uuid::from_u128(1)),
            login: liaison_core::account::Login::parse("zhang").expect("a login"),
            name: liaison_core::account::DisplayName::parse("张三").expect("a name"),
            role: Role::Representative,
            organisation_id: None,
            created_at: Utc::now(),
        };
        let now = liaison_core::time::from_wire("2026-12-06T08:00:00Z").expect("a time");
        let facts = liaison_core::duty::RepresentativeProfile::default().facts(rep_id(&user));
        let report = evaluate(&ResolvedPolicy::preset(), &facts, &DutyRecords::default(), now);
        let text = dashboard_csv_text(&[(user, report.clone())], &HashMap::new(), Locale::ZhCn);
        assert!(text.starts_with("\u{feff}\"代表\""), "{text}");
        assert_eq!(text.lines().count(), 1 + report.lines.len());
        assert!(text.contains("\"定点接待\",\"本季度\",\"0\",\"2\""), "{text}");
    }
}
