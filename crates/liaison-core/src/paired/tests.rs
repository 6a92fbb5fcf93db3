//! Paired liaison from the seed's values (002 §3(三), §3(六)), and its
//! properties: an event never lowers progress, counts once, and the year's
//! boundaries are exact in China time.

use super::*;
use crate::duty::DutyStatus;
use crate::time::{from_wire, parse_date};
use crate::{OrganisationName, PairedEventId, PairingId, UserId};
use chrono::{DateTime, Utc};
use proptest::prelude::*;
use uuid::Uuid;

const PAIRING: PairingId = PairingId::from_uuid(Uuid::from_u128(1));

fn at(s: &str) -> DateTime<Utc> {
    from_wire(s).expect("a time")
}

fn event(n: u128, kind: PairedEventKind, on: &str) -> PairedEvent {
    PairedEvent {
        id: PairedEventId::from_uuid(Uuid::from_u128(n)),
        pairing: PAIRING,
        kind,
        on: parse_date(on).expect("a day"),
        note: None,
        recorded_by: UserId::from_uuid(Uuid::from_u128(99)),
    }
}

use PairedEventKind::{DocumentExchange as Doc, JointMeeting as Meeting, LeaderVisit as Visit};

/// One row: the events held, the time evaluated at, then meetings done and
/// status, visits done and status, above the most.
struct Row {
    events: &'static [(PairedEventKind, &'static str)],
    now: &'static str,
    meetings: (u32, DutyStatus),
    visits: (u32, DutyStatus),
    above_max: bool,
}

#[test]
fn seed_002_table() {
    use DutyStatus::*;
    let rows = [
        // Nothing yet in spring: one of each is owed, there is time.
        Row { events: &[], now: "2026-03-01T02:00:00Z", meetings: (0, Owed), visits: (0, Owed), above_max: false },
        // One a year is at risk in the second half (from 1 July, China time).
        Row { events: &[], now: "2026-06-30T15:59:59Z", meetings: (0, Owed), visits: (0, Owed), above_max: false },
        Row { events: &[], now: "2026-07-02T16:00:00Z", meetings: (0, AtRisk), visits: (0, AtRisk), above_max: false },
        // A meeting and a visit: both done.
        Row {
            events: &[(Meeting, "2026-04-10"), (Visit, "2026-05-20")],
            now: "2026-12-06T08:00:00Z",
            meetings: (1, Done),
            visits: (1, Done),
            above_max: false,
        },
        // Three visits: more than the seed's two.
        Row {
            events: &[(Visit, "2026-02-01"), (Visit, "2026-05-01"), (Visit, "2026-09-01"), (Doc, "2026-03-03")],
            now: "2026-12-06T08:00:00Z",
            meetings: (0, AtRisk),
            visits: (3, Done),
            above_max: true,
        },
        // Last year's meeting does not count this year; the new year starts owed.
        Row {
            events: &[(Meeting, "2025-12-31"), (Visit, "2025-11-30")],
            now: "2025-12-31T16:00:00Z",
            meetings: (0, Owed),
            visits: (0, Owed),
            above_max: false,
        },
    ];
    for (i, row) in rows.iter().enumerate() {
        let events: Vec<_> = row.events.iter().enumerate().map(|(n, (k, on))| event(n as u128 + 1, *k, on)).collect();
        let report = evaluate(PairedRules::SEED_002, PAIRING, &events, at(row.now));
        let got = (
            (report.joint_meetings.progress.done, report.joint_meetings.status),
            (report.leader_visits.progress.done, report.leader_visits.status),
            report.above_max,
        );
        assert_eq!(got, (row.meetings, row.visits, row.above_max), "row {i}");
        assert_eq!(report.joint_meetings.progress.required, 1);
        assert_eq!(report.leader_visits.progress.required, 1);
    }
}

#[test]
fn a_year_with_nothing_held_is_overdue_at_its_end() {
    // Evaluated for 2025 at its last instant, nothing held: 2025 is still the year.
    let report = evaluate(PairedRules::SEED_002, PAIRING, &[], at("2025-12-31T15:59:59Z"));
    assert_eq!(report.year.number(), 2025);
    assert_eq!(report.joint_meetings.status, DutyStatus::AtRisk);
    assert_eq!(report.joint_meetings.due, at("2025-12-31T16:00:00Z"));
    assert_eq!(report.worst(), DutyStatus::AtRisk);
    assert_eq!(report.owed(), 2);
}

#[test]
fn rules_collect_every_problem() {
    assert_eq!(PairedRules::new(1, 1, 2), Ok(PairedRules::SEED_002));
    assert_eq!(PairedRules::new(0, 0, 0).map(|r| r.joint_meetings()), Ok(0));
    let errors = PairedRules::new(-1, 3, 2).expect_err("refused").0;
    assert_eq!(
        errors,
        vec![
            PairedRuleError::Negative { rule: PairedRule::JointMeetings, value: -1 },
            PairedRuleError::MinAboveMax { min: 3, max: 2 },
        ]
    );
    assert_eq!(errors[1].message(liaison_i18n::Locale::ZhCn), "部门领导走访次数的下限 3 大于上限 2，请改正。");
    assert_eq!(errors[0].message(liaison_i18n::Locale::En), "Joint meetings a year, at least: cannot be negative.");
    let errors = PairedRules::new(1, -2, 1001).expect_err("refused").0;
    assert_eq!(errors.len(), 2);
    let record = PairedRulesRecordV1 { v: 2, joint_meetings_per_year: 1, leader_visits_min: 1, leader_visits_max: 2 };
    assert_eq!(
        PairedRules::try_from(record),
        Err(PairedRuleErrors(vec![PairedRuleError::UnsupportedVersion { version: 2 }]))
    );
}

#[test]
fn a_zero_rule_is_done() {
    let rules = PairedRules::new(0, 0, 0).expect("rules");
    let report = evaluate(rules, PAIRING, &[], at("2026-12-30T00:00:00Z"));
    assert_eq!(report.worst(), DutyStatus::Done);
}

#[test]
fn events_are_submitted_from_forms() {
    let now = at("2026-12-06T17:00:00Z"); // 7 December in China.
    let id = PairedEventId::from_uuid(Uuid::from_u128(5));
    let by = UserId::from_uuid(Uuid::from_u128(6));
    let e = PairedEvent::submit(id, PAIRING, "joint_meeting", "2026-12-07", "  通报工作  ", by, now).expect("today");
    assert_eq!(e.note.as_ref().map(|n| n.as_str()), Some("通报工作"));
    assert_eq!(PairedEvent::try_from(e.to_record()), Ok(e));
    let refused = |kind, on| PairedEvent::submit(id, PAIRING, kind, on, "", by, now).expect_err("refused");
    assert_eq!(refused("joint_meeting", "2026-12-08"), PairedEventError::InFuture);
    assert_eq!(refused("dinner", "2026-12-01").msg(), liaison_i18n::Msg::UnknownChoice);
    assert_eq!(refused("leader_visit", "12/01/2026").msg(), liaison_i18n::Msg::DateTimeInvalid);
    assert_eq!(refused("leader_visit", "1999-12-31").msg(), liaison_i18n::Msg::DateTimeTooEarly);
}

#[test]
fn pairings_read_back() {
    let pairing = Pairing {
        id: PAIRING,
        department: crate::OrganisationId::from_uuid(Uuid::from_u128(7)),
        partner: Partner {
            kind: PartnerKind::Federation, name: OrganisationName::parse("区工商联").expect("a name")
        },
    };
    assert_eq!(Pairing::try_from(pairing.to_record()), Ok(pairing.clone()));
    let mut bad = pairing.to_record();
    bad.partner_kind = "club".into();
    assert!(Pairing::try_from(bad).is_err());
}

fn any_kind() -> impl Strategy<Value = PairedEventKind> {
    prop_oneof![Just(Meeting), Just(Visit), Just(Doc)]
}

/// Events of 2025–2027 (days 0..1095 from 2025-01-01), some of another pairing.
fn any_events() -> impl Strategy<Value = Vec<PairedEvent>> {
    prop::collection::vec((0u128..40, any_kind(), 0i64..1095, any::<bool>()), 0..30).prop_map(|v| {
        let first = parse_date("2025-01-01").expect("a day");
        v.into_iter()
            .map(|(n, kind, day, other)| {
                let mut e = event(n, kind, "2025-01-01");
                e.on = first + chrono::TimeDelta::days(day);
                if other {
                    e.pairing = PairingId::from_uuid(Uuid::from_u128(2));
                }
                e
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn adding_an_event_never_lowers_progress(events in any_events(), extra in (1000u128..1100, any_kind(), 0i64..1095), now in 0i64..1095 * 24) {
        let now = at("2025-01-01T00:00:00Z") + chrono::TimeDelta::hours(now);
        let before = evaluate(PairedRules::SEED_002, PAIRING, &events, now);
        let mut more = events.clone();
        let mut e = event(extra.0, extra.1, "2025-01-01");
        e.on += chrono::TimeDelta::days(extra.2);
        more.push(e);
        let after = evaluate(PairedRules::SEED_002, PAIRING, &more, now);
        prop_assert!(after.joint_meetings.progress.done >= before.joint_meetings.progress.done);
        prop_assert!(after.leader_visits.progress.done >= before.leader_visits.progress.done);
        prop_assert!(after.documents >= before.documents);
        prop_assert!(after.worst() <= before.worst());
    }

    #[test]
    fn an_event_counts_once(events in any_events(), now in 0i64..1095 * 24) {
        let now = at("2025-01-01T00:00:00Z") + chrono::TimeDelta::hours(now);
        let once = evaluate(PairedRules::SEED_002, PAIRING, &events, now);
        let twice: Vec<_> = events.iter().chain(events.iter()).cloned().collect();
        prop_assert_eq!(evaluate(PairedRules::SEED_002, PAIRING, &twice, now), once);
    }

    #[test]
    fn year_boundaries_are_exact(year in 2001i32..2090, kind in any_kind()) {
        // The last day of a year counts in it until 16:00 UTC on 31 December
        // (midnight in China), and not a second later; the first day of the
        // next counts from then.
        let last = event(1, kind, &format!("{year}-12-31"));
        let first = event(2, kind, &format!("{}-01-01", year + 1));
        let events = [last, first];
        let end = at(&format!("{year}-12-31T16:00:00Z"));
        let count = |r: &PairedReport| r.joint_meetings.progress.done + r.leader_visits.progress.done + r.documents;
        let before = evaluate(PairedRules::SEED_002, PAIRING, &events, end - chrono::TimeDelta::seconds(1));
        let after = evaluate(PairedRules::SEED_002, PAIRING, &events, end);
        prop_assert_eq!(before.year.number(), year);
        prop_assert_eq!(after.year.number(), year + 1);
        prop_assert_eq!(count(&before), 1);
        prop_assert_eq!(count(&after), 1);
        prop_assert_eq!(before.joint_meetings.due, end);
    }
}
