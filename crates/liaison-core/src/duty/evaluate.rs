//! [`evaluate`]: one pass over a representative's records, indexed by id,
//! then one line per duty. What counts as what is in the module doc of
//! [`super`].

use super::facts::{ContactFact, DutyRecords, OpinionFact, RepresentativeFacts, RepresentativeLevel, SubmittedFact};
use super::period::{Period, Quarter, Year, start_of_day};
use super::policy::ResolvedPolicy;
use super::report::{Duty, DutyLine, DutyReport, DutyStatus, NotSeen, OpinionDue, Progress};
use crate::{ActivityKind, ContactId, LiaisonPointId, OpinionCardId, ReceptionCardId};
use chrono::{DateTime, TimeDelta, Utc};
use std::collections::BTreeMap;

/// A contact not seen for this many days is listed in [`DutyReport::not_seen`].
pub const NOT_SEEN_DAYS: i64 = 90;

/// A half-open range of instants, `start ≤ t < end`.
#[derive(Clone, Copy, Debug)]
struct Span {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
}

impl Span {
    fn contains(self, at: DateTime<Utc>) -> bool {
        self.start <= at && at < self.end
    }

    fn of(period: Period) -> Span {
        Span { start: period.start(), end: period.end() }
    }
}

/// Activities that count as a visit to the contacts who attended.
fn is_visit(kind: ActivityKind) -> bool {
    matches!(kind, ActivityKind::HomeVisit | ActivityKind::AssistanceVisit)
}

/// What one contact's activities add up to.
#[derive(Clone, Copy, Debug, Default)]
struct Seen {
    last: Option<DateTime<Utc>>,
    visits_this_year: u32,
    assisted_this_year: bool,
}

/// Required actions done at one assigned liaison point, within its window.
#[derive(Clone, Copy, Debug, Default)]
struct PointCounts {
    lectures: u32,
    forums: u32,
    veteran_visits: u32,
}

/// Each record once, counted into what the duties read.
#[derive(Debug)]
struct Index<'a> {
    contacts: BTreeMap<ContactId, &'a ContactFact>,
    seen: BTreeMap<ContactId, Seen>,
    receptions_this_quarter: u32,
    point_activities_this_year: u32,
    /// Parallel to the representative's assignments: its window this year and counts.
    points: Vec<(LiaisonPointId, Span, PointCounts)>,
    opinions: BTreeMap<OpinionCardId, OpinionFact>,
}

impl<'a> Index<'a> {
    fn build(records: &'a DutyRecords, rep: &RepresentativeFacts, year: Span, quarter: Span) -> Index<'a> {
        let mut contacts = BTreeMap::new();
        for c in &records.contacts {
            contacts.entry(c.id).or_insert(c);
        }
        let mut points: Vec<_> = rep
            .liaison_points
            .iter()
            .filter_map(|a| {
                let start = year.start.max(start_of_day(Some(a.first_day)));
                let end = year.end.min(start_of_day(a.last_day.succ_opt()));
                (start < end).then_some((a.point, Span { start, end }, PointCounts::default()))
            })
            .collect();
        let mut cards = BTreeMap::<ReceptionCardId, _>::new();
        for card in &records.receptions {
            cards.entry(card.id).or_insert(card);
        }
        let mut seen = BTreeMap::<ContactId, Seen>::new();
        let (mut receptions_this_quarter, mut point_activities_this_year) = (0, 0);
        for card in cards.values() {
            let in_year = year.contains(card.at);
            for (i, contact) in card.contacts.iter().enumerate() {
                if card.contacts[..i].contains(contact) {
                    continue;
                }
                let s = seen.entry(*contact).or_default();
                s.last = s.last.max(Some(card.at));
                if in_year && is_visit(card.kind) {
                    s.visits_this_year += 1;
                }
                if in_year && card.kind == ActivityKind::AssistanceVisit {
                    s.assisted_this_year = true;
                }
            }
            if card.kind == ActivityKind::Reception && quarter.contains(card.at) {
                receptions_this_quarter += 1;
            }
            if let Some(point) = card.point {
                if in_year {
                    point_activities_this_year += 1;
                }
                for (_, _, counts) in points.iter_mut().filter(|(p, w, _)| *p == point && w.contains(card.at)) {
                    match card.kind {
                        ActivityKind::Lecture => counts.lectures += 1,
                        ActivityKind::Forum | ActivityKind::BranchMeeting => counts.forums += 1,
                        ActivityKind::VeteranVisit => counts.veteran_visits += 1,
                        _ => {}
                    }
                }
            }
        }
        let mut opinions = BTreeMap::<OpinionCardId, OpinionFact>::new();
        for o in &records.opinions {
            let held = opinions.entry(o.id).or_insert_with(|| o.clone());
            // The same card twice: reported if either copy says so, at the earliest.
            held.reported_at = match (held.reported_at, o.reported_at) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        Index { contacts, seen, receptions_this_quarter, point_activities_this_year, points, opinions }
    }
}

/// How many of `facts` (each id once) fall in `span`.
fn count_in<Id: Ord + Copy>(facts: &[SubmittedFact<Id>], span: Span) -> u32 {
    let mut by_id = BTreeMap::new();
    for f in facts {
        by_id.entry(f.id).or_insert(f.at);
    }
    by_id.values().filter(|at| span.contains(**at)).count() as u32
}

/// The lines of a report, in the making.
struct Lines {
    now: DateTime<Utc>,
    lines: Vec<DutyLine>,
}

impl Lines {
    /// Adds a duty counted over `span` (due at its end), if anything is required.
    fn add(&mut self, duty: Duty, period: Period, progress: Progress, alternative: Option<Progress>, span: Span) {
        if progress.required == 0 {
            return;
        }
        let met = progress.is_met() || alternative.is_some_and(|a| a.required > 0 && a.is_met());
        let status = DutyStatus::of(met, progress, span.start, span.end, self.now);
        self.lines.push(DutyLine { duty, period, progress, alternative, status, due: span.end });
    }
}

fn len(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The earliest time a reception card, or an opinion card already reported,
/// can count for at `now`: the start of this year, or [`NOT_SEEN_DAYS`] ago
/// if that is earlier. A store may leave out older ones (an unreported
/// opinion counts whenever it was collected; contacts always count) and
/// [`evaluate`] answers the same, but that a contact in
/// [`DutyReport::not_seen`](super::DutyReport::not_seen) may then lack the
/// day it was last seen (longer ago than the store kept).
pub fn records_since(now: DateTime<Utc>) -> DateTime<Utc> {
    Year::containing(now).start().min(now - TimeDelta::days(NOT_SEEN_DAYS))
}

/// Evaluates every duty of `rep` under `policy` from `records`, at `now`.
/// Pure: the same arguments give the same report on the phone and the server.
pub fn evaluate(
    policy: &ResolvedPolicy,
    rep: &RepresentativeFacts,
    records: &DutyRecords,
    now: DateTime<Utc>,
) -> DutyReport {
    let quarter = Quarter::containing(now);
    let year = quarter.year();
    let term = policy.term_containing(now);
    let (q_span, y_span) = (Span::of(Period::Quarter(quarter)), Span::of(Period::Year(year)));
    let rules = &policy.rules;
    let index = Index::build(records, rep, y_span, q_span);
    let mut lines = Lines { now, lines: Vec::new() };
    let in_year = Period::Year(year);

    if let Some(required) = rules.contacts_per_representative {
        let progress = Progress { done: len(index.contacts.len()), required: required.get() };
        lines.add(Duty::Contacts, in_year, progress, None, y_span);
    }
    if let Some(per_contact) = rules.visits_per_contact.map(|v| v.get()) {
        let done =
            index.contacts.keys().map(|id| index.seen.get(id).map_or(0, |s| s.visits_this_year.min(per_contact))).sum();
        let required = per_contact.saturating_mul(len(index.contacts.len()));
        lines.add(Duty::Visits, in_year, Progress { done, required }, None, y_span);
    }
    let receptions = match rep.level {
        RepresentativeLevel::Provincial => rules.receptions_per_quarter_provincial,
        RepresentativeLevel::BelowProvincial => rules.receptions_per_quarter,
    };
    if let Some(required) = receptions {
        let progress = Progress { done: index.receptions_this_quarter, required: required.get() };
        lines.add(Duty::Receptions, Period::Quarter(quarter), progress, None, q_span);
    }

    let mut unreported_opinions = Vec::new();
    if let Some(days) = rules.opinion_report_days {
        let window = TimeDelta::days(i64::from(days.get()));
        let (mut done, mut required) = (0, 0);
        for o in index.opinions.values() {
            if o.reported_at.is_some() {
                if y_span.contains(o.collected_at) {
                    done += 1;
                    required += 1;
                }
                continue;
            }
            required += 1;
            let due = o.collected_at + window;
            let status = DutyStatus::of(false, Progress { done: 0, required: 1 }, o.collected_at, due, now);
            unreported_opinions.push(OpinionDue { id: o.id, collected_at: o.collected_at, due, status });
        }
        unreported_opinions.sort_by_key(|o| (o.due, o.id));
        if required > 0 {
            let first = unreported_opinions.first();
            lines.lines.push(DutyLine {
                duty: Duty::OpinionsReported,
                period: in_year,
                progress: Progress { done, required },
                alternative: None,
                status: unreported_opinions.iter().map(|o| o.status).max().unwrap_or(DutyStatus::Done),
                due: first.map_or(y_span.end, |o| o.due),
            });
        }
    }

    if let Some(required) = rules.proposals_per_year {
        let progress = Progress { done: count_in(&records.proposals, y_span), required: required.get() };
        lines.add(Duty::Proposals, in_year, progress, None, y_span);
    }
    if let Some(required) = rules.research_reports_per_year {
        let progress = Progress { done: count_in(&records.research_reports, y_span), required: required.get() };
        lines.add(Duty::ResearchReports, in_year, progress, None, y_span);
    }
    if let (Some(term), Some(proposals), Some(reports)) = (term, rules.term_proposals, rules.term_research_reports)
        && reports.get() > 0
    {
        let span = Span::of(Period::Term(term));
        let progress = Progress { done: count_in(&records.proposals, span), required: proposals.get() };
        let alternative = Progress { done: count_in(&records.research_reports, span), required: reports.get() };
        lines.add(Duty::TermResearch, Period::Term(term), progress, Some(alternative), span);
    }

    let paired = |is: fn(&ContactFact) -> bool| {
        len(index
            .contacts
            .values()
            .filter(|c| is(c) && index.seen.get(&c.id).is_some_and(|s| s.assisted_this_year))
            .count())
    };
    if let Some(required) = rules.paired_members_in_poverty {
        let progress = Progress { done: paired(ContactFact::is_member_in_poverty), required: required.get() };
        lines.add(Duty::PairedMembersInPoverty, in_year, progress, None, y_span);
    }
    if let Some(required) = rules.paired_households_in_need {
        let progress = Progress { done: paired(ContactFact::is_household_in_need), required: required.get() };
        lines.add(Duty::PairedHouseholdsInNeed, in_year, progress, None, y_span);
    }
    if let (Some(days), Some(congress)) = (rules.yearly_report_days_before_congress, policy.congress_in(year)) {
        // Due by the end of the day `days` days before the congress.
        let last_day = congress - TimeDelta::days(i64::from(days.get()));
        let due = start_of_day(last_day.succ_opt());
        let progress = Progress { done: count_in(&records.yearly_reports, y_span), required: 1 };
        lines.add(Duty::YearlyReport, in_year, progress, None, Span { start: y_span.start, end: due });
    }
    if let Some(required) = rules.point_activities_per_year
        && rep.leadership_member
    {
        let progress = Progress { done: index.point_activities_this_year, required: required.get() };
        lines.add(Duty::PointActivities, in_year, progress, None, y_span);
    }
    for (point, window, counts) in &index.points {
        let actions = [
            (Duty::PointLectures(*point), rules.point_lectures, counts.lectures),
            (Duty::PointForums(*point), rules.point_forums_or_branch_meetings, counts.forums),
            (Duty::PointVeteranVisits(*point), rules.point_veteran_visits, counts.veteran_visits),
        ];
        for (duty, rule, done) in actions {
            if let Some(required) = rule {
                lines.add(duty, in_year, Progress { done, required: required.get() }, None, *window);
            }
        }
    }

    let cutoff = now - TimeDelta::days(NOT_SEEN_DAYS);
    let mut not_seen: Vec<_> = index
        .contacts
        .keys()
        .map(|id| NotSeen { contact: *id, last_seen: index.seen.get(id).and_then(|s| s.last) })
        .filter(|n| n.last_seen.is_none_or(|at| at < cutoff))
        .collect();
    not_seen.sort_by_key(|n| n.last_seen);

    DutyReport { now, quarter, year, term, lines: lines.lines, unreported_opinions, not_seen }
}
