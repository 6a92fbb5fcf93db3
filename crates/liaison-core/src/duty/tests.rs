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
        studio: None,
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

#[test]
fn the_report_says_what_is_owed_by_when_and_who_was_not_seen() {
    let records = DutyRecords {
        contacts: contacts(3),
        receptions: vec![
            card(1, "2026-05-01T02:00:00Z", Reception, None, &[1]),
            card(1, "2026-05-01T02:00:00Z", Reception, None, &[1]),
            card(2, "2026-01-01T02:00:00Z", HomeVisit, None, &[2]),
        ],
        opinions: vec![
            opinion(2, "2026-05-14T02:00:00Z", None),
            opinion(3, "2026-05-13T02:00:00Z", None),
            opinion(4, "2026-05-10T02:00:00Z", None),
            // Held twice: reported according to the synced copy.
            opinion(5, "2026-05-10T02:00:00Z", None),
            opinion(5, "2026-05-10T02:00:00Z", Some("2026-05-11T02:00:00Z")),
        ],
        ..DutyRecords::default()
    };
    let report = evaluate(&resolved(presets::county_a()), &below(), &records, now());
    assert_eq!((report.quarter.index(), report.year.number()), (2, 2026));
    assert_eq!(report.term.map(|t| t.first_day()), Some(date("2022-01-01")));

    let receptions = report.line(Duty::Receptions).unwrap();
    assert_eq!(receptions.progress, Progress { done: 1, required: 2 });
    assert_eq!(receptions.due, at("2026-06-30T16:00:00Z"));
    assert_eq!(receptions.owed_text(liaison_i18n::Locale::ZhCn), "本季度还需接待 1 次");
    assert_eq!(receptions.owed_text(liaison_i18n::Locale::En), "Receptions still owed this quarter: 1");
    let contacts_line = report.line(Duty::Contacts).unwrap();
    assert_eq!(contacts_line.owed_text(liaison_i18n::Locale::ZhCn), "本年度还需联系 2 名党员群众");
    let term = report.line(Duty::TermResearch).unwrap();
    assert_eq!(term.owed_text(liaison_i18n::Locale::ZhCn), "本届任期内还需提出意见建议 2 项，或撰写调研报告 1 篇");

    let statuses: Vec<_> = report.unreported_opinions.iter().map(|o| (o.id, o.status, o.due)).collect();
    let oid = |n: u128| OpinionCardId::from_uuid(uuid(0x3000 + n));
    assert_eq!(
        statuses,
        vec![
            (oid(4), Overdue, at("2026-05-13T02:00:00Z")),
            (oid(3), AtRisk, at("2026-05-16T02:00:00Z")),
            (oid(2), Owed, at("2026-05-17T02:00:00Z")),
        ]
    );
    let opinions = report.line(Duty::OpinionsReported).unwrap();
    assert_eq!((opinions.progress.done, opinions.progress.required), (1, 4));
    assert_eq!(opinions.due, at("2026-05-13T02:00:00Z"));

    // Contact 3 never attended; contact 2 last on 1 January (over 90 days ago); contact 1 this month.
    let not_seen: Vec<_> = report.not_seen.iter().map(|n| (n.contact, n.last_seen)).collect();
    assert_eq!(not_seen, vec![(cid(3), None), (cid(2), Some(at("2026-01-01T02:00:00Z")))]);
    assert!(report.owed().all(|l| l.status != Done));
}

#[test]
fn unset_and_zero_rules_have_no_line() {
    let rules = Rules { receptions_per_quarter: Count::parse(Rule::ReceptionsPerQuarter, 0).ok(), ..Rules::default() };
    let report = evaluate(&ResolvedPolicy::from_rules(rules), &below(), &DutyRecords::default(), now());
    assert!(report.lines.is_empty(), "{:?}", report.lines);
    // Without a congress date, or outside every term, those duties are not assessed.
    let report = evaluate(&ResolvedPolicy::from_rules(presets::county_a()), &below(), &DutyRecords::default(), now());
    assert!(report.line(Duty::YearlyReport).is_none() && report.line(Duty::TermResearch).is_none());
    assert!(report.line(Duty::PointActivities).is_none(), "only leadership members");
}

#[test]
fn a_liaison_point_assignment_ending_mid_year_is_due_at_its_end() {
    let mut rep = below();
    rep.liaison_points[0].last_day = date("2026-06-30");
    rep.liaison_points.push(PointAssignment {
        point: point(2),
        first_day: date("2025-01-01"),
        last_day: date("2025-12-31"),
    });
    let records = DutyRecords {
        receptions: vec![card(1, "2026-07-01T02:00:00Z", Lecture, Some(1), &[])],
        ..DutyRecords::default()
    };
    let report = evaluate(&resolved(presets::county_a()), &rep, &records, now());
    let lecture = report.line(Duty::PointLectures(point(1))).unwrap();
    assert_eq!((lecture.progress.done, lecture.due), (0, at("2026-06-30T16:00:00Z")));
    assert_eq!(lecture.status, AtRisk);
    assert!(report.line(Duty::PointLectures(point(2))).is_none(), "last year's assignment");
}

// Property tests.

fn arb_time() -> impl Strategy<Value = DateTime<Utc>> {
    // 2025-10-01 to 2027-02-15, so records straddle the years around `now`.
    (1_759_276_800i64..1_802_000_000).prop_map(|s| DateTime::from_timestamp(s, 0).unwrap())
}

prop_compose! {
    /// Records whose ids start at `base`, unique within the set; contacts 1–8.
    fn arb_records(base: u128)(
        cards in prop::collection::vec(
            (arb_time(), prop::sample::select(ActivityKind::ALL.to_vec()), prop::option::of(1u128..3), prop::collection::vec(1u128..9, 0..4)),
            0..40,
        ),
        opinions in prop::collection::vec((arb_time(), prop::option::of(0i64..6)), 0..12),
        contact_list in prop::sample::subsequence((1u128..9).collect::<Vec<_>>(), 0..=8),
        contact_kinds in prop::collection::vec((any::<bool>(), prop::sample::subsequence(ContactTag::ALL.to_vec(), 0..3)), 8),
        proposals in prop::collection::vec(arb_time(), 0..4),
        reports in prop::collection::vec(arb_time(), 0..3),
        yearly in prop::collection::vec(arb_time(), 0..2),
    ) -> DutyRecords {
        let n = |i: usize| base + i as u128;
        DutyRecords {
            receptions: cards.into_iter().enumerate().map(|(i, (at, kind, place, cs))| ReceptionFact {
                id: ReceptionCardId::from_uuid(uuid(0x2000_0000 + n(i))),
                at,
                kind,
                point: place.map(point),
                studio: None,
                contacts: cs.into_iter().map(cid).collect(),
            }).collect(),
            opinions: opinions.into_iter().enumerate().map(|(i, (at, reported))| OpinionFact {
                id: OpinionCardId::from_uuid(uuid(0x3000_0000 + n(i))),
                collected_at: at,
                reported_at: reported.map(|d| at + chrono::TimeDelta::days(d)),
            }).collect(),
            contacts: contact_list.into_iter().map(|c| {
                let (member, tags) = &contact_kinds[c as usize - 1];
                contact(c, if *member { ContactKind::Member } else { ContactKind::Public }, tags)
            }).collect(),
            proposals: proposals.into_iter().enumerate().map(|(i, at)| submitted(ProposalId::from_uuid(uuid(n(i))), &crate::time::to_wire(at))).collect(),
            research_reports: reports.into_iter().enumerate().map(|(i, at)| submitted(ResearchReportId::from_uuid(uuid(n(i))), &crate::time::to_wire(at))).collect(),
            yearly_reports: yearly.into_iter().enumerate().map(|(i, at)| submitted(YearlyReportId::from_uuid(uuid(n(i))), &crate::time::to_wire(at))).collect(),
        }
    }
}

prop_compose! {
    fn arb_setting()(county_b in any::<bool>(), provincial in any::<bool>(), leadership in any::<bool>(), now in arb_time())
        -> (ResolvedPolicy, RepresentativeFacts, DateTime<Utc>) {
        let policy = resolved(if county_b { presets::county_b() } else { presets::county_a() });
        let level = if provincial { RepresentativeLevel::Provincial } else { RepresentativeLevel::BelowProvincial };
        (policy, rep(level, leadership), now)
    }
}

fn joined(a: &DutyRecords, b: &DutyRecords) -> DutyRecords {
    fn cat<T: Clone>(a: &[T], b: &[T]) -> Vec<T> {
        a.iter().chain(b).cloned().collect()
    }
    DutyRecords {
        receptions: cat(&a.receptions, &b.receptions),
        opinions: cat(&a.opinions, &b.opinions),
        contacts: cat(&a.contacts, &b.contacts),
        proposals: cat(&a.proposals, &b.proposals),
        research_reports: cat(&a.research_reports, &b.research_reports),
        yearly_reports: cat(&a.yearly_reports, &b.yearly_reports),
    }
}

fn reversed(r: &DutyRecords) -> DutyRecords {
    fn rev<T: Clone>(v: &[T]) -> Vec<T> {
        v.iter().rev().cloned().collect()
    }
    DutyRecords {
        receptions: rev(&r.receptions),
        opinions: rev(&r.opinions),
        contacts: rev(&r.contacts),
        proposals: rev(&r.proposals),
        research_reports: rev(&r.research_reports),
        yearly_reports: rev(&r.yearly_reports),
    }
}

proptest! {
    #[test]
    fn adding_records_never_lowers_progress(
        (policy, rep, now) in arb_setting(),
        base in arb_records(0),
        extra in arb_records(0x10_0000),
    ) {
        let before = evaluate(&policy, &rep, &base, now);
        let after = evaluate(&policy, &rep, &joined(&base, &extra), now);
        for line in &before.lines {
            let later = after.line(line.duty);
            prop_assert!(later.is_some(), "{:?} disappeared", line.duty);
            let later = later.unwrap();
            prop_assert!(later.progress.done >= line.progress.done, "{:?}: {:?} → {:?}", line.duty, line.progress, later.progress);
            if let (Some(a), Some(b)) = (line.alternative, later.alternative) {
                prop_assert!(b.done >= a.done);
            }
            if line.duty != Duty::OpinionsReported && line.duty != Duty::Visits {
                // New opinions and new contacts add obligations; nothing else can make a duty worse.
                prop_assert!(later.status <= line.status, "{:?}: {:?} → {:?}", line.duty, line.status, later.status);
            }
        }
        // A contact seen before is still seen.
        for n in &after.not_seen {
            prop_assert!(before.not_seen.iter().any(|b| b.contact == n.contact) || !base.contacts.iter().any(|c| c.id == n.contact));
        }
    }

    #[test]
    fn a_record_held_twice_counts_once_in_any_order((policy, rep, now) in arb_setting(), records in arb_records(0)) {
        let once = evaluate(&policy, &rep, &records, now);
        prop_assert_eq!(&evaluate(&policy, &rep, &joined(&records, &records), now), &once);
        prop_assert_eq!(&evaluate(&policy, &rep, &joined(&reversed(&records), &records), now), &once);
        prop_assert_eq!(&evaluate(&policy, &rep, &reversed(&records), now), &once);
    }

    #[test]
    fn records_before_records_since_change_nothing((policy, rep, now) in arb_setting(), records in arb_records(0)) {
        // What a store may leave out (the server reads only what can count).
        let since = crate::duty::records_since(now);
        let kept = DutyRecords {
            receptions: records.receptions.iter().filter(|r| r.at >= since).cloned().collect(),
            opinions: records.opinions.iter().filter(|o| o.reported_at.is_none() || o.collected_at >= since).cloned().collect(),
            ..records.clone()
        };
        // The same report, but that a contact not seen lately may have lost
        // the day it was last seen (further back than the store keeps), and
        // with it its place in the list: the same contacts, in any order.
        let blind = |r: DutyReport| DutyReport { not_seen: Vec::new(), ..r };
        let (part, whole) = (evaluate(&policy, &rep, &kept, now), evaluate(&policy, &rep, &records, now));
        let ids = |r: &DutyReport| r.not_seen.iter().map(|n| n.contact).collect::<std::collections::BTreeSet<_>>();
        prop_assert_eq!(ids(&part), ids(&whole));
        prop_assert_eq!(blind(part), blind(whole));
    }

    #[test]
    fn bad_numbers_are_refused_with_their_error(value in -2_000i64..2_000, rule in prop::sample::select(Rule::ALL.to_vec())) {
        let count = Count::parse(rule, value);
        prop_assert_eq!(count.is_ok(), (0..=1000).contains(&value));
        if value < 0 {
            prop_assert_eq!(count, Err(PolicyError::Negative { rule, value }));
        }
        let days = Days::parse(rule, value);
        prop_assert_eq!(days.is_ok(), (1..=365).contains(&value));
        let record = RulesRecord { opinion_report_days: Some(value), ..RulesRecord::default() };
        let mut errors = Vec::new();
        let rules = Rules::from_record(&record, &mut errors);
        prop_assert_eq!(rules.opinion_report_days.is_some(), errors.is_empty());
    }

    #[test]
    fn two_versions_on_one_day_are_refused(day in 0u32..20_000, other in 0u32..20_000) {
        let d = |n: u32| NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::TimeDelta::days(i64::from(n));
        let v = |n| PolicyVersion { effective_from: d(n), rules: presets::county_a() };
        let result = Policy::new(OrganisationId::from_uuid(uuid(1)), None, vec![v(day), v(other), v(day)], vec![], vec![]);
        prop_assert_eq!(result.unwrap_err().0[0].clone(), PolicyError::DuplicateEffectiveDate { date: d(day) });
    }
}
