//! Documents a representative submits and records on the phone (建议与报告):
//! proposals (意见建议 / 提案), research reports (调研报告) and the yearly
//! report to their group (向代表小组述职). Each counts toward its duty
//! ([`crate::duty`]: `DutyRecords::add_document`). Once saved a document
//! never changes, like a submitted card, so it syncs without conflicts.

use crate::error::{Collector, check_version, unsupported, version_of};
use crate::time::{china, parse_date};
use crate::{DocumentId, Field, FieldErrors, OrganisationName, Summary, Topic, ValidationError};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use liaison_i18n::Msg;
use serde::{Deserialize, Serialize};

/// What a document is, and so which duty it counts toward.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DocumentKind {
    /// A proposal (意见建议 / 提案).
    Proposal,
    /// A research report (调研报告).
    ResearchReport,
    /// The yearly report to the representative's group (向代表小组述职).
    YearlyReport,
}

impl DocumentKind {
    /// Every kind, in the order a form offers them.
    pub const ALL: [DocumentKind; 3] =
        [DocumentKind::Proposal, DocumentKind::ResearchReport, DocumentKind::YearlyReport];

    /// The stable code: `proposal`, `research_report`, `yearly_report`.
    pub fn code(self) -> &'static str {
        match self {
            DocumentKind::Proposal => "proposal",
            DocumentKind::ResearchReport => "research_report",
            DocumentKind::YearlyReport => "yearly_report",
        }
    }

    /// Reads a code.
    pub fn parse(code: &str) -> Result<DocumentKind, ValidationError> {
        match code {
            "" => Err(ValidationError::Required),
            _ => DocumentKind::ALL.into_iter().find(|k| k.code() == code).ok_or(ValidationError::UnknownChoice),
        }
    }

    /// Its name in the catalogue.
    pub fn msg(self) -> Msg {
        match self {
            DocumentKind::Proposal => Msg::DocumentKindProposal,
            DocumentKind::ResearchReport => Msg::DocumentKindResearchReport,
            DocumentKind::YearlyReport => Msg::DocumentKindYearlyReport,
        }
    }
}

/// A valid document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// Made by the device (UUIDv7).
    pub id: DocumentId,
    /// Proposal, research report or yearly report.
    pub kind: DocumentKind,
    /// Its title (up to 100 characters).
    pub title: Topic,
    /// The day it was submitted, in China time.
    pub submitted_on: NaiveDate,
    /// Whom it was submitted to (the organisation department, the group …).
    pub submitted_to: Option<OrganisationName>,
    /// What it says, in short.
    pub summary: Option<Summary>,
}

/// What the form holds, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentInput {
    /// A [`DocumentKind`] code.
    pub kind: String,
    /// The title.
    pub title: String,
    /// `YYYY-MM-DD` (an `<input type="date">`).
    pub submitted_on: String,
    /// Whom to; may be empty.
    pub submitted_to: String,
    /// A summary; may be empty.
    pub summary: String,
}

fn optional<T>(text: &str, parse: impl Fn(&str) -> Result<T, ValidationError>) -> Result<Option<T>, ValidationError> {
    if text.trim().is_empty() { Ok(None) } else { parse(text).map(Some) }
}

fn day(text: &str) -> Result<NaiveDate, ValidationError> {
    if text.trim().is_empty() {
        return Err(ValidationError::Required);
    }
    parse_date(text).ok_or(ValidationError::DateInvalid)
}

impl Document {
    /// Parses what was typed, at `now`: every field is checked and every
    /// problem reported; the day may not be before 2000 nor after today in
    /// China.
    pub fn create(id: DocumentId, input: &DocumentInput, now: DateTime<Utc>) -> Result<Document, FieldErrors> {
        let today = now.with_timezone(&china()).date_naive();
        let checked = |on: NaiveDate| {
            if on.year() < 2000 {
                Err(ValidationError::DateTimeTooEarly)
            } else if on > today {
                Err(ValidationError::DateTimeInFuture)
            } else {
                Ok(on)
            }
        };
        Document::read(id, &input.kind, &input.title, &input.submitted_on, &input.submitted_to, &input.summary, checked)
    }

    fn read(
        id: DocumentId,
        kind: &str,
        title: &str,
        submitted_on: &str,
        submitted_to: &str,
        summary: &str,
        check_day: impl Fn(NaiveDate) -> Result<NaiveDate, ValidationError>,
    ) -> Result<Document, FieldErrors> {
        let mut errors = Collector::default();
        let kind = errors.take(Field::DocumentKind, DocumentKind::parse(kind));
        let title = errors.take(Field::Topic, Topic::parse(title));
        let submitted_on = errors.take(Field::SubmittedOn, day(submitted_on).and_then(check_day));
        let submitted_to = errors.take(Field::SubmittedTo, optional(submitted_to, OrganisationName::parse));
        let summary = errors.take(Field::Summary, optional(summary, Summary::parse));
        errors.finish()?;
        match (kind, title, submitted_on, submitted_to, summary) {
            (Some(kind), Some(title), Some(submitted_on), Some(submitted_to), Some(summary)) => {
                Ok(Document { id, kind, title, submitted_on, submitted_to, summary })
            }
            _ => unreachable!("Collector::finish reports every missing field"),
        }
    }

    /// When it counts: the start of its day in China time.
    pub fn submitted_at(&self) -> DateTime<Utc> {
        self.submitted_on
            .and_hms_opt(0, 0, 0)
            .and_then(|t| t.and_local_timezone(china()).single())
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    /// Its frozen form.
    pub fn to_record(&self) -> DocumentRecordV1 {
        DocumentRecordV1 {
            v: 1,
            id: self.id.to_string(),
            kind: self.kind.code().into(),
            title: self.title.as_str().into(),
            submitted_on: self.submitted_on.to_string(),
            submitted_to: self.submitted_to.as_ref().map(|t| t.as_str().to_owned()).unwrap_or_default(),
            summary: self.summary.as_ref().map(|s| s.as_str().to_owned()).unwrap_or_default(),
        }
    }

    /// Reads a stored or received record (JSON) of any version this build knows.
    pub fn from_json(value: serde_json::Value) -> Result<Document, FieldErrors> {
        let version = version_of(&value);
        let record: DocumentRecordV1 = match version {
            1 => serde_json::from_value(value).map_err(|_| unsupported(version))?,
            _ => return Err(unsupported(version)),
        };
        Document::try_from(record)
    }
}

/// The frozen storage and wire form of a document, version 1. Absent optional
/// texts are empty strings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentRecordV1 {
    /// Format version: 1.
    pub v: u32,
    /// Hyphenated UUID.
    pub id: String,
    /// A [`DocumentKind`] code.
    pub kind: String,
    /// The title.
    pub title: String,
    /// `YYYY-MM-DD`, China time.
    pub submitted_on: String,
    /// Whom to, or empty.
    pub submitted_to: String,
    /// A summary, or empty.
    pub summary: String,
}

impl TryFrom<DocumentRecordV1> for Document {
    type Error = FieldErrors;

    /// Checks the record with the form's rules, except "not in the future"
    /// (a record is read later than it was written).
    fn try_from(r: DocumentRecordV1) -> Result<Self, Self::Error> {
        check_version(r.v, 1)?;
        let id = r.id.parse::<DocumentId>().map_err(|_| FieldErrors::one(Field::Id, ValidationError::IdInvalid))?;
        let after_2000 = |on: NaiveDate| if on.year() < 2000 { Err(ValidationError::DateTimeTooEarly) } else { Ok(on) };
        // A stored day is written in one spelling only.
        if parse_date(&r.submitted_on).is_some_and(|d| d.to_string() != r.submitted_on) {
            return Err(FieldErrors::one(Field::SubmittedOn, ValidationError::DateInvalid));
        }
        Document::read(id, &r.kind, &r.title, &r.submitted_on, &r.submitted_to, &r.summary, after_2000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::from_wire;

    fn input(kind: &str, title: &str, on: &str) -> DocumentInput {
        DocumentInput { kind: kind.into(), title: title.into(), submitted_on: on.into(), ..DocumentInput::default() }
    }

    fn id() -> DocumentId {
        DocumentId::from_uuid(uuid::Uuid::from_u128(7))
    }

    #[test]
    fn a_form_is_checked_field_by_field() {
        let now = from_wire("2026-12-06T20:00:00Z").unwrap(); // 12-07 04:00 in China
        let errors = Document::create(id(), &input("", " ", "2026-13-01"), now).unwrap_err();
        assert_eq!(errors.get(Field::DocumentKind), Some(&ValidationError::Required));
        assert_eq!(errors.get(Field::Topic), Some(&ValidationError::Required));
        assert_eq!(errors.get(Field::SubmittedOn), Some(&ValidationError::DateInvalid));
        let errors = Document::create(id(), &input("memo", "标题", "2026-12-08"), now).unwrap_err();
        assert_eq!(errors.get(Field::DocumentKind), Some(&ValidationError::UnknownChoice));
        assert_eq!(errors.get(Field::SubmittedOn), Some(&ValidationError::DateTimeInFuture));
        let early = Document::create(id(), &input("proposal", "标题", "1999-12-31"), now).unwrap_err();
        assert_eq!(early.get(Field::SubmittedOn), Some(&ValidationError::DateTimeTooEarly));
        // Today in China, though still yesterday in UTC.
        let doc = Document::create(id(), &input("proposal", "关于增设公交站点的建议", "2026-12-07"), now).unwrap();
        assert_eq!(doc.kind, DocumentKind::Proposal);
        assert_eq!(doc.submitted_to, None);
        assert_eq!(doc.submitted_at(), from_wire("2026-12-06T16:00:00Z").unwrap());
    }

    #[test]
    fn records_round_trip_and_are_checked_again() {
        let now = from_wire("2026-12-06T20:00:00Z").unwrap();
        let typed = DocumentInput {
            kind: "research_report".into(),
            title: "农村养老服务调研".into(),
            submitted_on: "2026-11-30".into(),
            submitted_to: "县委组织部".into(),
            summary: "走访了五个村。".into(),
        };
        let doc = Document::create(id(), &typed, now).unwrap();
        let record = doc.to_record();
        assert_eq!(Document::try_from(record.clone()), Ok(doc.clone()));
        assert_eq!(Document::from_json(serde_json::to_value(&record).unwrap()), Ok(doc));
        let bad = DocumentRecordV1 { submitted_on: "2026-11-3".into(), ..record.clone() };
        assert_eq!(Document::try_from(bad).unwrap_err().get(Field::SubmittedOn), Some(&ValidationError::DateInvalid));
        let v2 = DocumentRecordV1 { v: 2, ..record.clone() };
        assert!(Document::try_from(v2).unwrap_err().get(Field::Version).is_some());
        let mut extra = serde_json::to_value(&record).unwrap();
        extra["secret"] = "x".into();
        assert!(Document::from_json(extra).is_err());
    }

    #[test]
    fn a_document_counts_toward_the_duty_of_its_kind_in_the_year_of_its_day_in_china() {
        use crate::duty::{Duty, evaluate};
        let now = from_wire("2026-12-06T20:00:00Z").unwrap();
        let mut records = crate::duty::DutyRecords::default();
        for (n, (kind, on)) in
            [("proposal", "2026-01-01"), ("proposal", "2025-12-31"), ("research_report", "2026-06-01")]
                .iter()
                .enumerate()
        {
            let id = DocumentId::from_uuid(uuid::Uuid::from_u128(n as u128 + 1));
            records.add_document(&Document::create(id, &input(kind, "标题", on), now).unwrap());
        }
        assert_eq!((records.proposals.len(), records.research_reports.len()), (2, 1));
        let rep = crate::duty::RepresentativeProfile::default()
            .facts(crate::RepresentativeId::from_uuid(uuid::Uuid::from_u128(9)));
        let report = evaluate(&crate::duty::ResolvedPolicy::preset(), &rep, &records, now);
        let line = |duty| report.lines.iter().find(|l| l.duty == duty).map(|l| l.progress.done);
        // The one of 2025-12-31 is last year's.
        assert_eq!(line(Duty::Proposals), Some(1));
        assert_eq!(line(Duty::ResearchReports), Some(1));
    }

    #[test]
    fn kinds_have_stable_codes() {
        for kind in DocumentKind::ALL {
            assert_eq!(DocumentKind::parse(kind.code()), Ok(kind));
        }
        assert_eq!(DocumentKind::parse("Proposal"), Err(ValidationError::UnknownChoice));
    }
}
