//! The schedule's story, its refusals, and property tests: any month and
//! recurring days give dates in the month; any walk of edits, publications
//! and changes keeps the dates in order and in the month, never shortens the
//! change log, and reads back from its record unchanged.

use super::*;
use proptest::prelude::*;

fn studio() -> StudioId {
    StudioId::from_uuid(uuid::Uuid::from_u128(0x5707))
}

fn office() -> UserId {
    UserId::from_uuid(uuid::Uuid::from_u128(0x0ff1ce))
}

fn day(s: &str) -> NaiveDate {
    crate::time::parse_date(s).unwrap()
}

fn at(s: &str) -> DateTime<Utc> {
    crate::time::from_wire(s).unwrap()
}

fn december() -> ReceptionSchedule {
    ReceptionSchedule::from_recurring(studio(), Month::parse("2026-12").unwrap(), &[20, 10])
}

#[test]
fn months_are_read_strictly() {
    assert_eq!(Month::parse("2026-12").unwrap().to_string(), "2026-12");
    assert_eq!(Month::parse("2026-12").unwrap().next().to_string(), "2027-01");
    for bad in ["2026-13", "2026-1", "26-12", "2026/12", "", "1999-01", "2026-00", "２０２６-12"] {
        assert_eq!(Month::parse(bad), Err(ScheduleError::MonthInvalid), "{bad}");
    }
    // 8 December 00:30 in Beijing is still 7 December in UTC.
    assert_eq!(Month::containing(at("2026-11-30T16:30:00Z")).to_string(), "2026-12");
}

#[test]
fn the_recurring_days_become_the_dates_of_the_month() {
    assert_eq!(december().dates(), &[day("2026-12-10"), day("2026-12-20")]);
    let february = ReceptionSchedule::from_recurring(studio(), Month::parse("2027-02").unwrap(), &[10, 30, 31]);
    assert_eq!(february.dates(), &[day("2027-02-10")], "February has no 30th");
    assert!(!february.is_published());
}

#[test]
fn a_draft_is_edited_then_published_and_frozen() {
    let theme = Theme::parse("  住房保障  ").unwrap();
    assert_eq!(theme.as_ref().map(Theme::as_str), Some("住房保障"));
    let edited = december().edit(vec![day("2026-12-20"), day("2026-12-11"), day("2026-12-11")], theme).unwrap();
    assert_eq!(edited.dates(), &[day("2026-12-11"), day("2026-12-20")]);
    assert_eq!(
        december().edit(vec![day("2027-01-10")], None),
        Err(ScheduleError::DateOutsideMonth { date: day("2027-01-10") })
    );
    let published = edited.publish(office(), at("2026-12-01T01:00:00Z")).unwrap();
    assert!(published.is_published());
    assert_eq!(published.edit(vec![day("2026-12-12")], None), Err(ScheduleError::Published));
    assert_eq!(published.publish(office(), at("2026-12-01T01:00:00Z")), Err(ScheduleError::Published));
    assert_eq!(
        december().edit(vec![], None).unwrap().publish(office(), at("2026-12-01T01:00:00Z")),
        Err(ScheduleError::NoDates)
    );
}

#[test]
fn a_published_date_moves_only_with_a_reason_and_is_logged() {
    let now = at("2026-12-07T02:00:00Z");
    let published = december().publish(office(), at("2026-12-01T01:00:00Z")).unwrap();
    assert_eq!(ChangeReason::parse("  "), Err(ScheduleError::ReasonRequired));
    assert_eq!(ChangeReason::parse(&"长".repeat(201)), Err(ScheduleError::ReasonTooLong));
    let reason = ChangeReason::parse("工作室装修").unwrap();
    let (after, change) =
        published.change_date(day("2026-12-10"), day("2026-12-11"), reason.clone(), office(), now).unwrap();
    assert_eq!(after.dates(), &[day("2026-12-11"), day("2026-12-20")]);
    assert_eq!(after.changes(), std::slice::from_ref(&change));
    assert_eq!((change.old, change.new, change.reason.as_str()), (day("2026-12-10"), day("2026-12-11"), "工作室装修"));

    let refused = |old: &str, new: &str, now: DateTime<Utc>| {
        published.change_date(day(old), day(new), reason.clone(), office(), now).unwrap_err()
    };
    assert_eq!(refused("2026-12-12", "2026-12-13", now), ScheduleError::NotADate { date: day("2026-12-12") });
    assert_eq!(refused("2026-12-10", "2026-12-20", now), ScheduleError::DateTaken { date: day("2026-12-20") });
    assert_eq!(refused("2026-12-10", "2027-01-02", now), ScheduleError::DateOutsideMonth { date: day("2027-01-02") });
    assert_eq!(refused("2026-12-10", "2026-12-06", now), ScheduleError::DateInPast { date: day("2026-12-06") });
    let later = at("2026-12-12T02:00:00Z");
    assert_eq!(refused("2026-12-10", "2026-12-21", later), ScheduleError::DatePassed { date: day("2026-12-10") });
    assert_eq!(
        december().change_date(day("2026-12-10"), day("2026-12-11"), reason, office(), now),
        Err(ScheduleError::NotPublished)
    );
}

#[test]
fn a_record_reads_back_and_a_bad_one_is_refused() {
    let published = december().publish(office(), at("2026-12-01T01:00:00Z")).unwrap();
    let record = ReceptionScheduleRecordV1::from(&published);
    assert_eq!(ReceptionSchedule::try_from(record.clone()).unwrap(), published);
    let mut draft_with_publisher = record.clone();
    draft_with_publisher.state = "draft".into();
    assert_eq!(ReceptionSchedule::try_from(draft_with_publisher), Err(ScheduleError::Record("state")));
    let mut outside = record.clone();
    outside.dates.push("2027-01-01".into());
    assert!(matches!(ReceptionSchedule::try_from(outside), Err(ScheduleError::DateOutsideMonth { .. })));
    let mut v2 = record;
    v2.v = 2;
    assert_eq!(ReceptionSchedule::try_from(v2), Err(ScheduleError::Record("version")));
}

#[test]
fn every_refusal_has_a_message_in_both_languages() {
    let e = ScheduleError::DateTaken { date: day("2026-12-20") };
    assert!(e.message(liaison_i18n::Locale::ZhCn).contains("2026-12-20"));
    assert!(e.message(liaison_i18n::Locale::En).contains("2026-12-20"));
}

#[derive(Clone, Debug)]
enum Step {
    Edit(Vec<u32>, bool),
    Publish,
    Change(u32, u32, bool),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (proptest::collection::vec(1u32..=31, 0..5), any::<bool>()).prop_map(|(d, t)| Step::Edit(d, t)),
        Just(Step::Publish),
        (1u32..=31, 1u32..=31, any::<bool>()).prop_map(|(a, b, r)| Step::Change(a, b, r)),
    ]
}

proptest! {
    #[test]
    fn recurring_days_always_give_sorted_dates_in_the_month(
        year in 2000i32..=2100, month in 1u32..=12, days in proptest::collection::vec(0u8..=40, 0..8)
    ) {
        let m = Month::parse(&format!("{year:04}-{month:02}")).unwrap();
        let s = ReceptionSchedule::from_recurring(studio(), m, &days);
        prop_assert!(s.dates().iter().all(|d| m.contains(*d)));
        prop_assert!(s.dates().windows(2).all(|w| w[0] < w[1]));
        prop_assert_eq!(Month::parse(&m.to_string()).unwrap(), m);
    }

    #[test]
    fn any_walk_keeps_the_schedule_whole_and_its_log_growing(steps in proptest::collection::vec(step(), 0..24)) {
        let now = at("2026-12-01T01:00:00Z");
        let month = Month::parse("2026-12").unwrap();
        let mut s = december();
        for step in steps {
            let before = s.clone();
            let result = match step {
                Step::Edit(days, themed) => {
                    let theme = if themed { Theme::parse("就业").unwrap() } else { None };
                    s.edit(days.iter().filter_map(|d| month.day(*d)).collect(), theme)
                }
                Step::Publish => s.publish(office(), now),
                Step::Change(a, b, with_reason) => {
                    match (month.day(a), month.day(b), ChangeReason::parse(if with_reason { "雨雪" } else { "" })) {
                        (Some(a), Some(b), Ok(reason)) => s.change_date(a, b, reason, office(), now).map(|(s, _)| s),
                        (_, _, Err(e)) => Err(e),
                        _ => continue,
                    }
                }
            };
            match result {
                Ok(next) => {
                    prop_assert!(next.changes().len() >= before.changes().len());
                    prop_assert!(next.changes().starts_with(before.changes()));
                    if before.is_published() {
                        prop_assert_eq!(next.dates().len(), before.dates().len());
                        prop_assert_eq!(next.changes().len(), before.changes().len() + 1);
                    }
                    s = next;
                }
                Err(_) => prop_assert_eq!(&s, &before),
            }
            prop_assert!(s.dates().iter().all(|d| month.contains(*d)));
            prop_assert!(s.dates().windows(2).all(|w| w[0] < w[1]));
            prop_assert_eq!(ReceptionSchedule::try_from(ReceptionScheduleRecordV1::from(&s)).unwrap(), s.clone());
        }
    }
}
