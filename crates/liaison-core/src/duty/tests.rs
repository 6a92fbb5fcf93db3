//! Evaluation tables built from the seeds' rules, run under both counties'
//! values, and the properties: adding a record never lowers progress, a record
//! held twice counts once, bad policies give their errors.

use super::*;
use crate::time::{from_wire, parse_date};
use crate::{
    ActivityKind, ContactId, ContactKind, ContactTag, LiaisonPointId, OpinionCardId, OrganisationId, ProposalId,
    ReceptionCardId, RepresentativeId, ResearchReportId, YearlyReportId,
};
use ActivityKind::*;
use DutyStatus::*;
use chrono::{DateTime, NaiveDate, Utc};
use proptest::prelude::*;
use uuid::Uuid;

fn uuid(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn at(s: &str) -> DateTime<Utc> {
    from_wire(s).unwrap()
}

fn date(s: &str) -> NaiveDate {
    parse_date(s).unwrap()
}

/// 2026-05-15 10:00 China time: 44 days into the second quarter.
fn now() -> DateTime<Utc> {
    at("2026-05-15T02:00:00Z")
}

fn point(n: u128) -> LiaisonPointId {
    LiaisonPointId::from_uuid(uuid(0x9000 + n))
}

fn cid(n: u128) -> ContactId {
    ContactId::from_uuid(uuid(0x1000 + n))
}

fn card(n: u128, when: &str, kind: ActivityKind, place: Option<u128>, contacts: &[u128]) -> ReceptionFact {
    ReceptionFact {
        id: ReceptionCardId::from_uuid(uuid(0x2000 + n)),
        at: at(when),
        kind,
        point: place.map(point),
        contacts: contacts.iter().map(|c| cid(*c)).collect(),
    }
}

fn contact(n: u128, kind: ContactKind, tags: &[ContactTag]) -> ContactFact {
    ContactFact { id: cid(n), kind, tags: tags.to_vec() }
}

fn contacts(n: u128) -> Vec<ContactFact> {
    (1..=n).map(|i| contact(i, ContactKind::Public, &[])).collect()
}

fn opinion(n: u128, collected: &str, reported: Option<&str>) -> OpinionFact {
    OpinionFact {
        id: OpinionCardId::from_uuid(uuid(0x3000 + n)),
        collected_at: at(collected),
        reported_at: reported.map(at),
    }
}

fn submitted<Id>(id: Id, when: &str) -> SubmittedFact<Id> {
    SubmittedFact { id, at: at(when) }
}

fn rep(level: RepresentativeLevel, leadership_member: bool) -> RepresentativeFacts {
    RepresentativeFacts {
        id: RepresentativeId::from_uuid(uuid(0x4000)),
        level,
        leadership_member,
        liaison_points: vec![PointAssignment {
            point: point(1),
            first_day: date("2026-01-01"),
            last_day: date("2026-12-31"),
        }],
    }
}

fn below() -> RepresentativeFacts {
    rep(RepresentativeLevel::BelowProvincial, false)
}

/// A county's policy inheriting a province's calendar: the term 2022–2026 and
/// the annual congress on 2026-03-20; the rules are the county's preset.
fn resolved(county: Rules) -> ResolvedPolicy {
    let province = Policy::new(
        OrganisationId::from_uuid(uuid(1)),
        None,
        vec![],
        vec![Term::new(date("2022-01-01"), date("2026-12-31")).unwrap()],
        vec![date("2025-03-18"), date("2026-03-20")],
    )
    .unwrap();
    let county = Policy::new(
        OrganisationId::from_uuid(uuid(2)),
        Some(province.organisation()),
        vec![PolicyVersion { effective_from: date("2024-01-01"), rules: county }],
        vec![],
        vec![],
    )
    .unwrap();
    ResolvedPolicy::resolve_at(&[&county, &province], now()).unwrap()
}

type Expect = &'static [(Duty, u32, u32, DutyStatus)];

struct Case {
    name: &'static str,
    rep: fn() -> RepresentativeFacts,
    records: fn() -> DutyRecords,
    /// (duty, done, required, status) under county A's values, then county B's.
    county_a: Expect,
    county_b: Expect,
}

fn check(case: &Case, rules: Rules, expected: Expect) {
    let report = evaluate(&resolved(rules), &(case.rep)(), &(case.records)(), now());
    for (duty, done, required, status) in expected {
        let line = report.line(*duty).unwrap_or_else(|| panic!("{}: no line for {duty:?}", case.name));
        assert_eq!(
            (line.progress.done, line.progress.required, line.status),
            (*done, *required, *status),
            "{}: {duty:?}",
            case.name
        );
    }
}

const CASES: &[Case] = &[
    Case {
        name: "five contacts are enough in county A, half of county B's ten",
        rep: below,
        records: || DutyRecords { contacts: contacts(5), ..DutyRecords::default() },
        county_a: &[(Duty::Contacts, 5, 5, Done)],
        county_b: &[(Duty::Contacts, 5, 10, Owed)],
    },
    Case {
        name: "two home visits to each of five contacts: county A's 2 a year, half of county B's 4",
        rep: below,
        records: || DutyRecords {
            contacts: contacts(5),
            receptions: (0..10)
                .map(|i| {
                    card(
                        i,
                        if i < 5 { "2026-02-01T02:00:00Z" } else { "2026-04-20T02:00:00Z" },
                        HomeVisit,
                        None,
                        &[i % 5 + 1],
                    )
                })
                .collect(),
            ..DutyRecords::default()
        },
        county_a: &[(Duty::Visits, 10, 10, Done)],
        county_b: &[(Duty::Visits, 10, 20, Owed)],
    },
    Case {
        name: "extra visits to one contact do not make up for another; last year's do not count",
        rep: below,
        records: || DutyRecords {
            contacts: contacts(2),
            receptions: vec![
                card(1, "2026-01-05T02:00:00Z", HomeVisit, None, &[1]),
                card(2, "2026-02-05T02:00:00Z", AssistanceVisit, None, &[1]),
                card(3, "2026-03-05T02:00:00Z", HomeVisit, None, &[1, 1]),
                card(4, "2026-04-05T02:00:00Z", HomeVisit, None, &[1]),
                card(5, "2026-04-06T02:00:00Z", HomeVisit, None, &[1]),
                card(6, "2025-12-31T15:59:59Z", HomeVisit, None, &[2]),
                card(7, "2026-04-07T02:00:00Z", Forum, None, &[2]),
            ],
            ..DutyRecords::default()
        },
        county_a: &[(Duty::Visits, 2, 4, Owed)],
        county_b: &[(Duty::Visits, 4, 8, Owed)],
    },
    Case {
        name: "one reception this quarter: half of the 2 owed below provincial level",
        rep: below,
        records: || DutyRecords {
            receptions: vec![
                card(1, "2026-03-31T15:59:59Z", Reception, None, &[]),
                card(2, "2026-03-31T16:00:00Z", Reception, None, &[]),
                card(3, "2026-04-10T02:00:00Z", Appointment, None, &[]),
            ],
            ..DutyRecords::default()
        },
        county_a: &[(Duty::Receptions, 1, 2, Owed)],
        county_b: &[(Duty::Receptions, 1, 2, Owed)],
    },
    Case {
        name: "one reception this quarter is all a provincial representative owes",
        rep: || rep(RepresentativeLevel::Provincial, false),
        records: || DutyRecords {
            receptions: vec![card(2, "2026-04-01T02:00:00Z", Reception, None, &[])],
            ..DutyRecords::default()
        },
        county_a: &[(Duty::Receptions, 1, 1, Done)],
        county_b: &[(Duty::Receptions, 1, 1, Done)],
    },
    Case {
        name: "no reception by mid-quarter is at risk",
        rep: below,
        records: DutyRecords::default,
        county_a: &[(Duty::Receptions, 0, 2, AtRisk)],
        county_b: &[(Duty::Receptions, 0, 2, AtRisk)],
    },
    Case {
        name: "opinions are reported within 3 days: one reported, one fresh, one late in its window, one overdue",
        rep: below,
        records: || DutyRecords {
            opinions: vec![
                opinion(1, "2026-05-01T02:00:00Z", Some("2026-05-02T02:00:00Z")),
                opinion(2, "2026-05-14T02:00:00Z", None),
                opinion(3, "2026-05-13T02:00:00Z", None),
                opinion(4, "2026-05-10T02:00:00Z", None),
                opinion(5, "2025-05-01T02:00:00Z", Some("2025-05-02T02:00:00Z")),
            ],
            ..DutyRecords::default()
        },
        county_a: &[(Duty::OpinionsReported, 1, 4, Overdue)],
        county_b: &[(Duty::OpinionsReported, 1, 4, Overdue)],
    },
    Case {
        name: "two proposals and a research report this year",
        rep: below,
        records: || DutyRecords {
            proposals: vec![
                submitted(ProposalId::from_uuid(uuid(1)), "2026-02-01T02:00:00Z"),
                submitted(ProposalId::from_uuid(uuid(2)), "2026-03-01T02:00:00Z"),
                submitted(ProposalId::from_uuid(uuid(3)), "2025-03-01T02:00:00Z"),
            ],
            research_reports: vec![submitted(ResearchReportId::from_uuid(uuid(1)), "2026-04-01T02:00:00Z")],
            ..DutyRecords::default()
        },
        county_a: &[
            (Duty::Proposals, 2, 2, Done),
            (Duty::ResearchReports, 1, 1, Done),
            (Duty::TermResearch, 3, 2, Done),
        ],
        county_b: &[(Duty::Proposals, 2, 2, Done), (Duty::ResearchReports, 1, 1, Done)],
    },
    Case {
        name: "one research report in the term discharges the term rule without proposals",
        rep: below,
        records: || DutyRecords {
            research_reports: vec![submitted(ResearchReportId::from_uuid(uuid(1)), "2023-04-01T02:00:00Z")],
            ..DutyRecords::default()
        },
        county_a: &[(Duty::TermResearch, 0, 2, Done), (Duty::ResearchReports, 0, 1, Owed)],
        county_b: &[(Duty::TermResearch, 0, 2, Done)],
    },
    Case {
        name: "pairing: an assistance visit to a member in poverty, none to a household in need",
        rep: below,
        records: || DutyRecords {
            contacts: vec![
                contact(1, ContactKind::Member, &[ContactTag::LowIncome]),
                contact(2, ContactKind::Public, &[ContactTag::HouseholdInNeed]),
                contact(3, ContactKind::Public, &[ContactTag::LowIncome]),
            ],
            receptions: vec![
                card(1, "2026-03-01T02:00:00Z", AssistanceVisit, None, &[1, 3]),
                card(2, "2026-03-01T02:00:00Z", HomeVisit, None, &[2]),
            ],
            ..DutyRecords::default()
        },
        county_a: &[(Duty::PairedMembersInPoverty, 1, 1, Done), (Duty::PairedHouseholdsInNeed, 0, 1, Owed)],
        county_b: &[(Duty::PairedMembersInPoverty, 1, 1, Done), (Duty::PairedHouseholdsInNeed, 0, 1, Owed)],
    },
    Case {
        name: "the yearly report was due 15 days before the congress of 2026-03-20",
        rep: below,
        records: DutyRecords::default,
        county_a: &[(Duty::YearlyReport, 0, 1, Overdue)],
        county_b: &[(Duty::YearlyReport, 0, 1, Overdue)],
    },
    Case {
        name: "the yearly report, submitted",
        rep: below,
        records: || DutyRecords {
            yearly_reports: vec![submitted(YearlyReportId::from_uuid(uuid(1)), "2026-03-01T02:00:00Z")],
            ..DutyRecords::default()
        },
        county_a: &[(Duty::YearlyReport, 1, 1, Done)],
        county_b: &[(Duty::YearlyReport, 1, 1, Done)],
    },
    Case {
        name: "required actions at the liaison point: a lecture and a branch meeting, no veteran visit yet",
        rep: || rep(RepresentativeLevel::BelowProvincial, true),
        records: || DutyRecords {
            receptions: vec![
                card(1, "2026-03-01T02:00:00Z", Lecture, Some(1), &[]),
                card(2, "2026-04-01T02:00:00Z", BranchMeeting, Some(1), &[]),
                card(3, "2026-04-02T02:00:00Z", VeteranVisit, Some(2), &[]),
                card(4, "2026-04-03T02:00:00Z", VeteranVisit, None, &[]),
            ],
            ..DutyRecords::default()
        },
        county_a: &[
            (Duty::PointLectures(POINT_1), 1, 1, Done),
            (Duty::PointForums(POINT_1), 1, 1, Done),
            (Duty::PointVeteranVisits(POINT_1), 0, 1, Owed),
            (Duty::PointActivities, 3, 1, Done),
        ],
        county_b: &[(Duty::PointVeteranVisits(POINT_1), 0, 1, Owed), (Duty::PointActivities, 3, 1, Done)],
    },
];

const POINT_1: LiaisonPointId = LiaisonPointId::from_uuid(Uuid::from_u128(0x9001));

#[test]
fn seed_rules_under_both_counties() {
    for case in CASES {
        check(case, presets::county_a(), case.county_a);
        check(case, presets::county_b(), case.county_b);
    }
}
