//! What evaluation answers: each duty's line (done, required, status, due
//! date), the opinions still to report, and the contacts not seen lately.

use super::period::{Period, Quarter, Term, Year};
use crate::{ContactId, LiaisonPointId, OpinionCardId};
use chrono::{DateTime, Utc};
use liaison_i18n::{Locale, Msg};

/// A duty a representative owes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Duty {
    /// Be linked to enough contacts.
    Contacts,
    /// Visit each contact enough times this year.
    Visits,
    /// Receptions this quarter.
    Receptions,
    /// Report every opinion upward within the deadline.
    OpinionsReported,
    /// Proposals this year.
    Proposals,
    /// Research reports this year.
    ResearchReports,
    /// Proposals or research reports this term.
    TermResearch,
    /// Be paired with a member in poverty.
    PairedMembersInPoverty,
    /// Be paired with a household in need.
    PairedHouseholdsInNeed,
    /// Report to the group before the annual congress.
    YearlyReport,
    /// Liaison-point activities this year (leadership members).
    PointActivities,
    /// Lectures at an assigned liaison point this year.
    PointLectures(LiaisonPointId),
    /// Forums or branch meetings at an assigned liaison point this year.
    PointForums(LiaisonPointId),
    /// Veteran visits at an assigned liaison point this year.
    PointVeteranVisits(LiaisonPointId),
}

impl Duty {
    /// Every duty that is not a liaison point's.
    pub const WITHOUT_POINT: [Duty; 11] = [
        Duty::Contacts,
        Duty::Visits,
        Duty::Receptions,
        Duty::OpinionsReported,
        Duty::Proposals,
        Duty::ResearchReports,
        Duty::TermResearch,
        Duty::PairedMembersInPoverty,
        Duty::PairedHouseholdsInNeed,
        Duty::YearlyReport,
        Duty::PointActivities,
    ];

    /// A stable code for the kind of duty (the point's id is not part of it):
    /// what the server answers and the app's tests and styles read.
    pub fn code(self) -> &'static str {
        match self {
            Duty::Contacts => "contacts",
            Duty::Visits => "visits",
            Duty::Receptions => "receptions",
            Duty::OpinionsReported => "opinions_reported",
            Duty::Proposals => "proposals",
            Duty::ResearchReports => "research_reports",
            Duty::TermResearch => "term_research",
            Duty::PairedMembersInPoverty => "paired_members_in_poverty",
            Duty::PairedHouseholdsInNeed => "paired_households_in_need",
            Duty::YearlyReport => "yearly_report",
            Duty::PointActivities => "point_activities",
            Duty::PointLectures(_) => "point_lectures",
            Duty::PointForums(_) => "point_forums",
            Duty::PointVeteranVisits(_) => "point_veteran_visits",
        }
    }

    /// The duty of a [`code`](Duty::code), with its point for a liaison
    /// point's duty (which has none without one).
    pub fn parse(code: &str, point: Option<LiaisonPointId>) -> Option<Duty> {
        if let Some(duty) = Duty::WITHOUT_POINT.into_iter().find(|d| d.code() == code) {
            return Some(duty);
        }
        let point = point?;
        [Duty::PointLectures(point), Duty::PointForums(point), Duty::PointVeteranVisits(point)]
            .into_iter()
            .find(|d| d.code() == code)
    }

    /// Its name in the catalogue (联系党员群众 …).
    pub fn name(self) -> Msg {
        match self {
            Duty::Contacts => Msg::DutyContacts,
            Duty::Visits => Msg::DutyVisits,
            Duty::Receptions => Msg::DutyReceptions,
            Duty::OpinionsReported => Msg::DutyOpinionsReported,
            Duty::Proposals => Msg::DutyProposals,
            Duty::ResearchReports => Msg::DutyResearchReports,
            Duty::TermResearch => Msg::DutyTermResearch,
            Duty::PairedMembersInPoverty => Msg::DutyPairedMembersInPoverty,
            Duty::PairedHouseholdsInNeed => Msg::DutyPairedHouseholdsInNeed,
            Duty::YearlyReport => Msg::DutyYearlyReport,
            Duty::PointActivities => Msg::DutyPointActivities,
            Duty::PointLectures(_) => Msg::DutyPointLectures,
            Duty::PointForums(_) => Msg::DutyPointForums,
            Duty::PointVeteranVisits(_) => Msg::DutyPointVeteranVisits,
        }
    }

    /// What is still owed, with `{period}` and `{n}` (and `{m}` for [`Duty::TermResearch`]).
    pub fn owed_msg(self) -> Msg {
        match self {
            Duty::Contacts => Msg::DutyContactsOwed,
            Duty::Visits => Msg::DutyVisitsOwed,
            Duty::Receptions => Msg::DutyReceptionsOwed,
            Duty::OpinionsReported => Msg::DutyOpinionsReportedOwed,
            Duty::Proposals => Msg::DutyProposalsOwed,
            Duty::ResearchReports => Msg::DutyResearchReportsOwed,
            Duty::TermResearch => Msg::DutyTermResearchOwed,
            Duty::PairedMembersInPoverty => Msg::DutyPairedMembersInPovertyOwed,
            Duty::PairedHouseholdsInNeed => Msg::DutyPairedHouseholdsInNeedOwed,
            Duty::YearlyReport => Msg::DutyYearlyReportOwed,
            Duty::PointActivities => Msg::DutyPointActivitiesOwed,
            Duty::PointLectures(_) => Msg::DutyPointLecturesOwed,
            Duty::PointForums(_) => Msg::DutyPointForumsOwed,
            Duty::PointVeteranVisits(_) => Msg::DutyPointVeteranVisitsOwed,
        }
    }
}

/// Where a duty stands. Ordered from best to worst.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DutyStatus {
    /// Nothing is owed.
    Done,
    /// Something is owed, and there is time.
    Owed,
    /// Something is owed and the time left is short for it (see [`super`]).
    AtRisk,
    /// Something is owed and the due date has passed.
    Overdue,
}

impl DutyStatus {
    /// Every status, best first.
    pub const ALL: [DutyStatus; 4] = [DutyStatus::Done, DutyStatus::Owed, DutyStatus::AtRisk, DutyStatus::Overdue];

    /// A stable code: `done`, `owed`, `at_risk`, `overdue`.
    pub fn code(self) -> &'static str {
        match self {
            DutyStatus::Done => "done",
            DutyStatus::Owed => "owed",
            DutyStatus::AtRisk => "at_risk",
            DutyStatus::Overdue => "overdue",
        }
    }

    /// The status of a code, if it is one.
    pub fn parse(code: &str) -> Option<DutyStatus> {
        DutyStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Its label in the catalogue.
    pub fn msg(self) -> Msg {
        match self {
            DutyStatus::Done => Msg::DutyDone,
            DutyStatus::Owed => Msg::DutyOwed,
            DutyStatus::AtRisk => Msg::DutyAtRisk,
            DutyStatus::Overdue => Msg::DutyOverdue,
        }
    }

    /// The status of a duty counted from `start`, due at `due`, at `now`:
    /// done when `met`; overdue from `due` on; at risk when what is owed
    /// would not fit in the time left at one item every `length / (required + 1)`
    /// (the rule's even pace with one item to spare); else owed.
    pub(crate) fn of(
        met: bool,
        progress: Progress,
        start: DateTime<Utc>,
        due: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> DutyStatus {
        if met {
            return DutyStatus::Done;
        }
        if now >= due {
            return DutyStatus::Overdue;
        }
        let length = i128::from((due - start).num_seconds().max(1));
        let left = i128::from((due - now).num_seconds());
        if left * (i128::from(progress.required) + 1) < i128::from(progress.owed()) * length {
            DutyStatus::AtRisk
        } else {
            DutyStatus::Owed
        }
    }
}

/// How far along a duty is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Done so far (may exceed `required`).
    pub done: u32,
    /// What the rule requires.
    pub required: u32,
}

impl Progress {
    /// What is still owed.
    pub fn owed(self) -> u32 {
        self.required.saturating_sub(self.done)
    }

    /// Whether nothing is owed.
    pub fn is_met(self) -> bool {
        self.done >= self.required
    }
}

/// One duty, evaluated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DutyLine {
    /// Which duty.
    pub duty: Duty,
    /// The period it is counted over.
    pub period: Period,
    /// Done and required.
    pub progress: Progress,
    /// For [`Duty::TermResearch`], the research reports that would discharge
    /// the duty instead of the proposals in `progress`.
    pub alternative: Option<Progress>,
    /// Where it stands.
    pub status: DutyStatus,
    /// By when: the end of the period, or an earlier deadline.
    pub due: DateTime<Utc>,
}

impl DutyLine {
    /// What is still owed, for the user: 本季度还需接待 1 次.
    pub fn owed_text(&self, locale: Locale) -> String {
        let n = self.progress.owed().to_string();
        let m = self.alternative.map(|a| a.owed()).unwrap_or(0).to_string();
        let period = self.period.this_msg().text(locale);
        self.duty.owed_msg().fill(locale, &[("period", period), ("n", &n), ("m", &m)])
    }
}

/// An opinion not yet reported upward.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpinionDue {
    /// The card.
    pub id: OpinionCardId,
    /// When it was collected.
    pub collected_at: DateTime<Utc>,
    /// By when it must be reported.
    pub due: DateTime<Utc>,
    /// Owed, at risk or overdue.
    pub status: DutyStatus,
}

/// A contact not seen for [`super::NOT_SEEN_DAYS`] days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotSeen {
    /// The contact.
    pub contact: ContactId,
    /// When they last attended one of the representative's activities; `None` = never.
    pub last_seen: Option<DateTime<Utc>>,
}

/// Everything a representative owes at `now`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DutyReport {
    /// The time evaluated at.
    pub now: DateTime<Utc>,
    /// The current quarter.
    pub quarter: Quarter,
    /// The current year.
    pub year: Year,
    /// The current term, if the organisation has set its terms.
    pub term: Option<Term>,
    /// One line per duty whose rule is set and requires something, in the
    /// order of [`Duty`] (liaison points in the order assigned).
    pub lines: Vec<DutyLine>,
    /// Opinions still to report, the earliest due first.
    pub unreported_opinions: Vec<OpinionDue>,
    /// Contacts not seen lately: never seen first, then the longest unseen.
    pub not_seen: Vec<NotSeen>,
}

impl DutyReport {
    /// The line of `duty`, if it is assessed.
    pub fn line(&self, duty: Duty) -> Option<&DutyLine> {
        self.lines.iter().find(|l| l.duty == duty)
    }

    /// The lines with something still owed, in order.
    pub fn owed(&self) -> impl Iterator<Item = &DutyLine> {
        self.lines.iter().filter(|l| l.status != DutyStatus::Done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::from_wire;

    #[test]
    fn at_risk_is_behind_the_even_pace_with_one_to_spare() {
        let start = from_wire("2026-01-01T00:00:00Z").unwrap();
        let due = start + chrono::TimeDelta::days(90);
        let at = |days| start + chrono::TimeDelta::days(days);
        let p = |done, required| Progress { done, required };
        // 2 required, none done: a slot is 30 days; at risk when fewer than 60 days are left.
        assert_eq!(DutyStatus::of(false, p(0, 2), start, due, at(30)), DutyStatus::Owed);
        assert_eq!(DutyStatus::of(false, p(0, 2), start, due, at(31)), DutyStatus::AtRisk);
        // One done: at risk when fewer than 30 days are left.
        assert_eq!(DutyStatus::of(false, p(1, 2), start, due, at(60)), DutyStatus::Owed);
        assert_eq!(DutyStatus::of(false, p(1, 2), start, due, at(61)), DutyStatus::AtRisk);
        // 1 required: at risk in the second half.
        assert_eq!(DutyStatus::of(false, p(0, 1), start, due, at(45)), DutyStatus::Owed);
        assert_eq!(DutyStatus::of(false, p(0, 1), start, due, at(46)), DutyStatus::AtRisk);
        assert_eq!(DutyStatus::of(false, p(0, 1), start, due, due), DutyStatus::Overdue);
        assert_eq!(DutyStatus::of(true, p(1, 1), start, due, due), DutyStatus::Done);
    }

    #[test]
    fn codes_read_back() {
        let point = LiaisonPointId::from_uuid(uuid::Uuid::from_u128(9));
        let at_point = [Duty::PointLectures(point), Duty::PointForums(point), Duty::PointVeteranVisits(point)];
        for duty in Duty::WITHOUT_POINT.into_iter().chain(at_point) {
            assert_eq!(Duty::parse(duty.code(), Some(point)), Some(duty));
        }
        assert_eq!(Duty::parse("point_forums", None), None, "a point's duty needs its point");
        assert_eq!(Duty::parse("naps", Some(point)), None);
        for status in DutyStatus::ALL {
            assert_eq!(DutyStatus::parse(status.code()), Some(status));
        }
        assert_eq!(DutyStatus::parse("late"), None);
    }
}
