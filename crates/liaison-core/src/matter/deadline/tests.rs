//! Deadlines with a fixed clock, across month, year and leap-day ends.

use super::*;
use crate::matter::fixtures::{at, day, in_state, reported};
use proptest::prelude::*;

fn category(code: &str) -> Category {
    Category::parse(code).unwrap()
}

/// `china` is a China-time instant as typed (`2026-12-30T10:00`).
fn cst(china: &str) -> DateTime<Utc> {
    crate::time::parse_local(china).unwrap()
}

#[test]
fn due_at_the_end_of_the_china_day_n_days_after_dispatch() {
    let policy = DeadlinePolicy::new(3, None, vec![]).unwrap();
    let urban = category("urban_construction");
    let cases = [
        // (dispatched, China time) → due day
        ("2026-12-30T10:00", "2027-01-02"), // across the year end
        ("2026-12-30T23:59", "2027-01-02"), // late in the China day: still the 30th
        ("2026-12-31T00:00", "2027-01-03"), // 16:00 UTC on the 30th is the 31st in China
        ("2026-01-29T09:00", "2026-02-01"), // across a month end
        ("2027-02-26T09:00", "2027-03-01"), // February of a common year
        ("2028-02-26T09:00", "2028-02-29"), // February of a leap year
        ("2028-02-27T09:00", "2028-03-01"),
    ];
    for (dispatched, due) in cases {
        assert_eq!(policy.due_on(&urban, Urgency::Normal, cst(dispatched)), day(due), "{dispatched}");
    }
    assert_eq!(end_of_china_day(day("2027-01-02")), at("2027-01-02T15:59:59Z"));
    assert_eq!(end_of_china_day(day("2028-02-29")), at("2028-02-29T15:59:59Z"));
    assert_eq!(start_of_china_day(day("2027-01-01")), at("2026-12-31T16:00:00Z"));
}

#[test]
fn triage_is_due_three_china_days_after_collection() {
    assert_eq!(triage_due(cst("2026-11-22T09:30")), cst("2026-11-25T23:59:59"));
    assert_eq!(triage_due(cst("2026-12-30T00:00")), cst("2027-01-02T23:59:59"));
    assert_eq!(triage_due(cst("2028-02-27T23:59")), cst("2028-03-01T23:59:59"));
    let m = reported(); // collected 2026-11-22 09:30, received an hour later
    assert_eq!(m.triage_due(), cst("2026-11-25T23:59:59"));
    assert_eq!(m.triage_due_by_receipt(), cst("2026-11-25T23:59:59"));
    assert!(!m.arrived_late());
    // A phone offline for a week: overdue on arrival, not the office's doing.
    let late = Matter { received_at: cst("2026-11-29T08:00"), ..reported() };
    assert!(late.arrived_late());
    assert_eq!(late.triage_due_by_receipt(), cst("2026-12-02T23:59:59"));
    assert_eq!(late.deadline_status(cst("2026-11-29T08:00")), Some(DeadlineStatus::Overdue));
}

#[test]
fn reminders_start_two_days_before_the_due_day_and_escalate_when_overdue() {
    let due = cst("2027-01-02T23:59:59");
    let cases = [
        ("2026-12-30T23:59:59", DeadlineStatus::OnTime),
        ("2026-12-31T00:00:00", DeadlineStatus::DueSoon),
        ("2027-01-02T23:59:59", DeadlineStatus::DueSoon),
        ("2027-01-03T00:00:00", DeadlineStatus::Overdue),
    ];
    for (now, expected) in cases {
        assert_eq!(deadline_status(due, cst(now)), expected, "{now}");
    }

    let m = in_state(MatterState::InProgress); // due 2026-12-10
    assert!(reminders(&m, cst("2026-12-07T12:00")).is_empty());
    let soon = reminders(&m, cst("2026-12-08T00:00"));
    assert_eq!(
        soon,
        [Reminder { clock: Clock::Reply, status: DeadlineStatus::DueSoon, due: cst("2026-12-10T23:59:59") }]
    );
    assert_eq!(soon[0].recipients(), [Party::Unit]);
    let late = reminders(&m, cst("2026-12-11T00:00"));
    assert_eq!(late[0].status, DeadlineStatus::Overdue);
    assert_eq!(late[0].recipients(), [Party::Unit, Party::Office]);

    let new = reported();
    let triage = reminders(&new, cst("2026-11-26T00:00"));
    assert_eq!((triage[0].clock, triage[0].status), (Clock::Triage, DeadlineStatus::Overdue));
    assert_eq!(triage[0].recipients(), [Party::Office]);
    // No clock runs once replied, or while waiting for the office.
    for state in [MatterState::Triaged, MatterState::Replied, MatterState::Closed, MatterState::Merged] {
        assert_eq!(in_state(state).clock(), None, "{state:?}");
        assert!(reminders(&in_state(state), cst("2030-01-01T00:00")).is_empty());
    }
}

#[test]
fn the_policy_gives_days_by_category_and_a_shorter_limit_when_urgent() {
    let policy = DeadlinePolicy::new(15, Some(5), vec![(category("health"), 7), (category("economy"), 30)]).unwrap();
    assert_eq!(policy.days_for(&category("health"), Urgency::Normal), 7);
    assert_eq!(policy.days_for(&category("health"), Urgency::Urgent), 5);
    assert_eq!(policy.days_for(&category("education"), Urgency::Normal), 15);
    assert_eq!(policy.days_for(&category("economy"), Urgency::Urgent), 5);
    let lenient = DeadlinePolicy::new(2, Some(5), vec![]).unwrap();
    assert_eq!(lenient.days_for(&category("health"), Urgency::Urgent), 2, "urgent never lengthens");
    assert_eq!(DeadlinePolicy::preset().days_for(&category("other"), Urgency::Normal), 15);

    let out_of_range = Err(ValidationError::OutOfRange { min: 1, max: 365 });
    assert_eq!(DeadlinePolicy::new(0, None, vec![]), out_of_range);
    assert_eq!(DeadlinePolicy::new(15, Some(366), vec![]), out_of_range);
    assert_eq!(DeadlinePolicy::new(15, None, vec![(category("health"), 0)]), out_of_range);
    let twice = vec![(category("health"), 7), (category("health"), 8)];
    assert_eq!(DeadlinePolicy::new(15, None, twice), Err(ValidationError::DuplicateCategory));

    let json = serde_json::to_string(&policy).unwrap();
    assert_eq!(json, r#"{"default_days":15,"urgent_days":5,"by_category":[["health",7],["economy",30]]}"#);
    assert_eq!(serde_json::from_str::<DeadlinePolicy>(&json).unwrap(), policy);
    assert!(
        serde_json::from_str::<DeadlinePolicy>(r#"{"default_days":0,"urgent_days":null,"by_category":[]}"#).is_err()
    );
}

proptest! {
    #[test]
    fn the_due_day_is_n_china_days_later_and_ends_it(secs in 946_684_800i64..4_000_000_000, days in 1u32..=365) {
        let dispatched = DateTime::from_timestamp(secs, 0).unwrap();
        let policy = DeadlinePolicy::new(days, None, vec![]).unwrap();
        let due_on = policy.due_on(&category("other"), Urgency::Normal, dispatched);
        prop_assert_eq!((due_on - china_date(dispatched)).num_days(), i64::from(days));
        let end = end_of_china_day(due_on);
        prop_assert_eq!(china_date(end), due_on);
        prop_assert_eq!(china_date(end + chrono::TimeDelta::seconds(1)), due_on.succ_opt().unwrap());
        prop_assert!(end > dispatched);
        // The status only ever worsens as time passes.
        let (a, b) = (dispatched, end + chrono::TimeDelta::seconds(1));
        prop_assert!(deadline_status(end, a) <= deadline_status(end, end));
        prop_assert_eq!(deadline_status(end, b), DeadlineStatus::Overdue);
    }
}

proptest::proptest! {
    /// Counting "due soon" by one instant agrees with `deadline_status`,
    /// across days, months and years (China time).
    #[test]
    fn due_soon_before_agrees_with_the_status(now in 1_700_000_000i64..1_900_000_000, ahead in 0i64..(20 * 86_400)) {
        let now = DateTime::from_timestamp(now, 0).unwrap();
        let due = now + chrono::TimeDelta::seconds(ahead);
        let soon = due < due_soon_before(now);
        proptest::prop_assert_eq!(deadline_status(due, now) == DeadlineStatus::DueSoon, soon);
    }
}
