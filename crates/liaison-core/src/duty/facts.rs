//! What evaluation reads: a plain, storage-independent view of one
//! representative's records ([`DutyRecords`]) and of the representative
//! ([`RepresentativeFacts`]). Every fact carries its record's id, so a record
//! held twice (synced twice, imported twice) counts once.
//!
//! The phone builds these from the records it stores (`From` the core types
//! and `from_record` for stored reception cards, which reads only the fields
//! evaluation needs); the server from its rows.

use crate::document::{Document, DocumentKind};
use crate::error::check_version;
use crate::org::LiaisonPoint;
use crate::time::from_wire;
use crate::{
    ActivityKind, Attendee, Contact, ContactId, ContactKind, ContactTag, DocumentId, Field, FieldErrors,
    LiaisonPointId, OpinionCard, OpinionCardId, ProposalId, ReceptionCard, ReceptionCardId, ReceptionCardRecord,
    RepresentativeId, ResearchReportId, StudioId, ValidationError, Venue, YearlyReportId,
};
use chrono::{DateTime, NaiveDate, Utc};

/// An activity the representative recorded on a reception card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceptionFact {
    /// The card's id.
    pub id: ReceptionCardId,
    /// When it started.
    pub at: DateTime<Utc>,
    /// What kind of activity.
    pub kind: ActivityKind,
    /// The liaison point it took place at, if the venue was one.
    pub point: Option<LiaisonPointId>,
    /// The studio it took place at, if the venue was one (the studios'
    /// reception days on the office's dashboard; no duty of its own).
    pub studio: Option<StudioId>,
    /// The contacts who attended (walk-ins are not counted).
    pub contacts: Vec<ContactId>,
}

fn point_of(venue: &Venue) -> Option<LiaisonPointId> {
    match venue {
        Venue::LiaisonPoint { id, .. } => Some(*id),
        Venue::Studio { .. } | Venue::Place { .. } => None,
    }
}

fn studio_of(venue: &Venue) -> Option<StudioId> {
    match venue {
        Venue::Studio { id, .. } => Some(*id),
        Venue::LiaisonPoint { .. } | Venue::Place { .. } => None,
    }
}

fn contacts_of(attendees: &[Attendee]) -> Vec<ContactId> {
    attendees
        .iter()
        .filter_map(|a| match a {
            Attendee::Contact { id, .. } => Some(*id),
            Attendee::WalkIn { .. } => None,
        })
        .collect()
}

impl From<&ReceptionCard> for ReceptionFact {
    fn from(card: &ReceptionCard) -> Self {
        ReceptionFact {
            id: card.id,
            at: card.started_at,
            kind: card.kind,
            point: point_of(&card.venue),
            studio: studio_of(&card.venue),
            contacts: contacts_of(&card.attendees),
        }
    }
}

impl ReceptionFact {
    /// Reads only what evaluation needs from a stored card (id, kind, start,
    /// venue, attendees), without checking its texts again.
    pub fn from_record(r: &ReceptionCardRecord) -> Result<ReceptionFact, FieldErrors> {
        check_version(r.v, 1)?;
        let id = r.id.parse().map_err(|_| FieldErrors::one(Field::Id, ValidationError::IdInvalid))?;
        let kind = ActivityKind::parse(&r.kind).map_err(|e| FieldErrors::one(Field::ActivityKind, e))?;
        let at = from_wire(&r.started_at).map_err(|e| FieldErrors::one(Field::StartedAt, e))?;
        Ok(ReceptionFact {
            id,
            at,
            kind,
            point: point_of(&r.venue),
            studio: studio_of(&r.venue),
            contacts: contacts_of(&r.attendees),
        })
    }
}

/// An opinion the representative collected, and whether it has been reported
/// upward (the server has received it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpinionFact {
    /// The card's id.
    pub id: OpinionCardId,
    /// When it was collected.
    pub collected_at: DateTime<Utc>,
    /// When it was reported (the server's receipt time); `None` = not yet.
    pub reported_at: Option<DateTime<Utc>>,
}

impl OpinionFact {
    /// From a card and the time the server received it, if it has.
    pub fn from_card(card: &OpinionCard, reported_at: Option<DateTime<Utc>>) -> OpinionFact {
        OpinionFact { id: card.id, collected_at: card.collected_at, reported_at }
    }
}

/// A contact the representative is linked to (their contact list).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactFact {
    /// The contact's id.
    pub id: ContactId,
    /// Party member or member of the public.
    pub kind: ContactKind,
    /// Their tags.
    pub tags: Vec<ContactTag>,
}

impl ContactFact {
    /// A party member with low income (贫困党员).
    pub fn is_member_in_poverty(&self) -> bool {
        self.kind == ContactKind::Member && self.tags.contains(&ContactTag::LowIncome)
    }

    /// A household in need (困难群众).
    pub fn is_household_in_need(&self) -> bool {
        self.tags.contains(&ContactTag::HouseholdInNeed)
    }
}

impl From<&Contact> for ContactFact {
    fn from(c: &Contact) -> Self {
        ContactFact { id: c.id, kind: c.person.kind, tags: c.person.tags.clone() }
    }
}

/// Something submitted on a day: a proposal, a research report, a yearly report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SubmittedFact<Id> {
    /// The record's id.
    pub id: Id,
    /// When it was submitted.
    pub at: DateTime<Utc>,
}

/// A proposal (提案 / 意见建议).
pub type ProposalFact = SubmittedFact<ProposalId>;
/// A research report (调研报告).
pub type ResearchReportFact = SubmittedFact<ResearchReportId>;
/// A yearly report to the representative's group (向代表小组汇报).
pub type YearlyReportFact = SubmittedFact<YearlyReportId>;

/// One representative's records, as evaluation reads them. Order does not
/// matter; duplicates (same id) count once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DutyRecords {
    /// Reception cards (every kind of activity).
    pub receptions: Vec<ReceptionFact>,
    /// Opinion cards.
    pub opinions: Vec<OpinionFact>,
    /// The contacts they are linked to.
    pub contacts: Vec<ContactFact>,
    /// Proposals.
    pub proposals: Vec<ProposalFact>,
    /// Research reports.
    pub research_reports: Vec<ResearchReportFact>,
    /// Yearly reports to their group.
    pub yearly_reports: Vec<YearlyReportFact>,
}

impl DutyRecords {
    /// Adds a document the representative recorded, to the duty its kind
    /// counts toward, at the start of its day in China time.
    pub fn add_document(&mut self, document: &Document) {
        self.add_submitted(document.kind, document.id, document.submitted_at());
    }

    /// Adds the document `id` of `kind`, counting from `at`, to the duty its
    /// kind counts toward (what a store that keeps only those three reads back).
    pub fn add_submitted(&mut self, kind: DocumentKind, id: DocumentId, at: DateTime<Utc>) {
        let id = id.as_uuid();
        match kind {
            DocumentKind::Proposal => self.proposals.push(SubmittedFact { id: ProposalId::from_uuid(id), at }),
            DocumentKind::ResearchReport => {
                self.research_reports.push(SubmittedFact { id: ResearchReportId::from_uuid(id), at })
            }
            DocumentKind::YearlyReport => {
                self.yearly_reports.push(SubmittedFact { id: YearlyReportId::from_uuid(id), at })
            }
        }
    }
}

/// Which reception rule applies to a representative.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RepresentativeLevel {
    /// 省党代表.
    Provincial,
    /// 省级以下党代表.
    BelowProvincial,
}

/// A liaison point assigned to the representative, and for which days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PointAssignment {
    /// The point.
    pub point: LiaisonPointId,
    /// The first day of the assignment.
    pub first_day: NaiveDate,
    /// The last day, included.
    pub last_day: NaiveDate,
}

impl From<&LiaisonPoint> for PointAssignment {
    /// For the point's whole period (seed 001: a batch runs January–December).
    fn from(p: &LiaisonPoint) -> Self {
        PointAssignment { point: p.id, first_day: p.from, last_day: p.to }
    }
}

/// What evaluation needs to know about the representative.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepresentativeFacts {
    /// Who.
    pub id: RepresentativeId,
    /// Provincial or below (the reception rule).
    pub level: RepresentativeLevel,
    /// A member of the leadership (班子成员): owes liaison-point activities.
    pub leadership_member: bool,
    /// The liaison points assigned to them (the required actions).
    pub liaison_points: Vec<PointAssignment>,
}
