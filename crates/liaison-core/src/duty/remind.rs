//! Reminders on the phone's start screen (issue 6, part 6), counted offline:
//! a studio's reception day coming up (today, or within
//! [`RECEPTION_DAY_AHEAD`] days) — the dates of the studio's published
//! schedule for that month, with its theme, or else the studio's recurring
//! days (the 10th and the 20th in the seeds) — and
//! the quarter ending (within [`QUARTER_END_AHEAD`] days) while a duty of
//! the quarter is still owed. Pure, from `now` in China time.

use super::period::{Period, Quarter, china_date};
use super::report::{DutyReport, DutyStatus};
use crate::StudioId;
use crate::org::Studio;
use crate::schedule::{Month, NamedSchedule};
use chrono::{Datelike, NaiveDate, TimeDelta};
use liaison_i18n::{Locale, Msg};

/// How many days ahead a reception day is announced.
pub const RECEPTION_DAY_AHEAD: i64 = 2;
/// How many days before the quarter's end its owed duties are recalled.
pub const QUARTER_END_AHEAD: i64 = 14;

/// Something to remind the representative of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reminder {
    /// `studio` receives people on `day`.
    ReceptionDay {
        /// The studio's name.
        studio: String,
        /// The day (China time).
        day: NaiveDate,
        /// Days from today (0 = today).
        in_days: i64,
        /// The month's theme (接访专题), from its published schedule.
        theme: Option<String>,
    },
    /// The quarter ends in `days_left` days and `owed` of its duties are not done.
    QuarterEnding {
        /// Whole days left, the last day included.
        days_left: i64,
        /// Duties of the quarter still owed.
        owed: usize,
    },
}

impl Reminder {
    /// The reminder in words.
    pub fn text(&self, locale: Locale) -> String {
        match self {
            Reminder::ReceptionDay { studio, day, in_days, theme } => {
                let when = match in_days {
                    0 => Msg::RemindToday.text(locale).to_owned(),
                    1 => Msg::RemindTomorrow.text(locale).to_owned(),
                    2 => Msg::RemindDayAfterTomorrow.fill(locale, &[("date", &day.to_string())]),
                    _ => day.to_string(),
                };
                match theme {
                    Some(theme) => Msg::RemindReceptionDayTheme
                        .fill(locale, &[("when", &when), ("studio", studio), ("theme", theme)]),
                    None => Msg::RemindReceptionDay.fill(locale, &[("when", &when), ("studio", studio)]),
                }
            }
            Reminder::QuarterEnding { days_left, owed } => {
                Msg::RemindQuarterEnding.fill(locale, &[("days", &days_left.to_string()), ("n", &owed.to_string())])
            }
        }
    }
}

/// The reminders at `report.now`: reception days first, soonest first. A
/// studio's published schedule for a day's month says its dates and theme
/// (a studio known only from its schedules counts too); a month without one
/// falls back on the studio's recurring days.
pub fn reminders(studios: &[Studio], schedules: &[NamedSchedule], report: &DutyReport) -> Vec<Reminder> {
    let today = china_date(report.now);
    let mut named: Vec<(StudioId, &str)> = studios.iter().map(|s| (s.id, s.name.as_str())).collect();
    for s in schedules {
        if !named.iter().any(|(id, _)| *id == s.schedule.studio()) {
            named.push((s.schedule.studio(), s.studio_name.as_str()));
        }
    }
    let mut out = Vec::new();
    for in_days in 0..=RECEPTION_DAY_AHEAD {
        let day = today + TimeDelta::days(in_days);
        for (id, name) in &named {
            let published = schedules.iter().find(|s| {
                s.schedule.studio() == *id && s.schedule.month() == Month::of(day) && s.schedule.is_published()
            });
            let (receives, theme) = match published {
                Some(s) => (s.schedule.dates().contains(&day), s.schedule.theme().map(|t| t.as_str().to_owned())),
                None => (
                    studios
                        .iter()
                        .find(|s| s.id == *id)
                        .is_some_and(|s| s.reception_days.iter().any(|d| u32::from(*d) == day.day())),
                    None,
                ),
            };
            if receives {
                out.push(Reminder::ReceptionDay { studio: (*name).to_owned(), day, in_days, theme });
            }
        }
    }
    let quarter = Quarter::containing(report.now);
    let last_day = china_date(quarter.end() - TimeDelta::seconds(1));
    let days_left = (last_day - today).num_days() + 1;
    let owed =
        report.lines.iter().filter(|l| l.period == Period::Quarter(quarter) && l.status != DutyStatus::Done).count();
    if days_left <= QUARTER_END_AHEAD && owed > 0 {
        out.push(Reminder::QuarterEnding { days_left, owed });
    }
    out
}

/// How many days of reminders a phone keeps ahead as [`Notice`]s, for its
/// service worker to show while the app is closed.
pub const NOTICE_DAYS: i64 = 7;

/// The hour (China time) a day's reminders are due as notifications.
pub const NOTICE_HOUR: u32 = 8;

/// A reminder as a notification: due from `from` until `until` (its words
/// say "today", "tomorrow": true on that day only). The same `key` names the
/// same reception day or quarter end on each day it is recalled, so a phone
/// shows each once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// `reception:<studio>:<day>` or `quarter:<first day of the quarter>`.
    pub key: String,
    /// When it may be shown.
    pub from: chrono::DateTime<chrono::Utc>,
    /// When its words stop being true (the next midnight in China).
    pub until: chrono::DateTime<chrono::Utc>,
    /// What it says.
    pub reminder: Reminder,
}

fn china_instant(day: NaiveDate, hour: u32) -> chrono::DateTime<chrono::Utc> {
    day.and_hms_opt(hour, 0, 0)
        .and_then(|t| t.and_local_timezone(crate::time::china()).single())
        .map(|t| t.with_timezone(&chrono::Utc))
        .unwrap_or_default()
}

/// The reminders of today (from now) and of each of the next
/// [`NOTICE_DAYS`] days (from [`NOTICE_HOUR`]), as [`reminders`] says them on
/// that day — the duties as they stand at `report.now`.
pub fn notices(studios: &[Studio], schedules: &[NamedSchedule], report: &DutyReport) -> Vec<Notice> {
    let today = china_date(report.now);
    let mut out = Vec::new();
    for ahead in 0..NOTICE_DAYS {
        let day = today + TimeDelta::days(ahead);
        let from = if ahead == 0 { report.now } else { china_instant(day, NOTICE_HOUR) };
        let until = china_instant(day + TimeDelta::days(1), 0);
        let then = DutyReport { now: from, ..report.clone() };
        for reminder in reminders(studios, schedules, &then) {
            let key = match &reminder {
                Reminder::ReceptionDay { studio, day, .. } => format!("reception:{studio}:{day}"),
                Reminder::QuarterEnding { .. } => format!("quarter:{}", china_date(Quarter::containing(from).start())),
            };
            out.push(Notice { key, from, until, reminder });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::duty::{DutyRecords, RepresentativeProfile, ResolvedPolicy, evaluate};
    use crate::{PlaceName, RepresentativeId, StudioId};

    fn studio(name: &str, days: Vec<u8>) -> Studio {
        Studio {
            id: StudioId::from_uuid(uuid::Uuid::from_u128(1)),
            name: PlaceName::parse(name).unwrap(),
            address: PlaceName::parse("城关镇").unwrap(),
            reception_days: days,
        }
    }

    fn at(now: &str) -> Vec<Reminder> {
        let now = crate::time::from_wire(now).unwrap();
        let rep = RepresentativeProfile::default().facts(RepresentativeId::from_uuid(uuid::Uuid::nil()));
        let report = evaluate(&ResolvedPolicy::preset(), &rep, &DutyRecords::default(), now);
        reminders(&[studio("城关镇党代表工作室", vec![10, 20])], &[], &report)
    }

    #[test]
    fn a_published_schedule_says_its_dates_and_theme_instead_of_the_recurring_days() {
        use crate::schedule::{ChangeReason, ReceptionSchedule, Theme};
        let now = crate::time::from_wire("2026-12-09T01:00:00Z").unwrap();
        let office = crate::UserId::from_uuid(uuid::Uuid::from_u128(9));
        let day = |s| crate::time::parse_date(s).unwrap();
        let published =
            ReceptionSchedule::from_recurring(studio("x", vec![]).id, Month::of(day("2026-12-01")), &[10, 20])
                .edit(vec![day("2026-12-10"), day("2026-12-20")], Theme::parse("就业创业").unwrap())
                .unwrap()
                .publish(office, now)
                .unwrap();
        // The 10th moved to the 11th: tomorrow is no longer a reception day, the day after is.
        let (moved, _) = published
            .change_date(day("2026-12-10"), day("2026-12-11"), ChangeReason::parse("停电").unwrap(), office, now)
            .unwrap();
        let rep = RepresentativeProfile::default().facts(RepresentativeId::from_uuid(uuid::Uuid::nil()));
        let report = evaluate(&ResolvedPolicy::preset(), &rep, &DutyRecords::default(), now);
        let named = NamedSchedule { studio_name: "城关镇党代表工作室".into(), schedule: moved };
        let said = reminders(&[studio("城关镇党代表工作室", vec![10, 20])], std::slice::from_ref(&named), &report);
        assert_eq!(
            said,
            vec![Reminder::ReceptionDay {
                studio: "城关镇党代表工作室".into(),
                day: day("2026-12-11"),
                in_days: 2,
                theme: Some("就业创业".into()),
            }]
        );
        assert_eq!(
            said[0].text(Locale::ZhCn),
            "后天（2026-12-11）是城关镇党代表工作室的接待日，本月接访专题：就业创业。"
        );
        // Known only from its schedule (no organisation record on the phone): still said.
        assert_eq!(reminders(&[], &[named], &report).len(), 1);
    }

    #[test]
    fn notices_cover_the_coming_week_each_true_on_its_day_and_keyed_once_per_reception_day() {
        let now = crate::time::from_wire("2026-12-07T04:00:00Z").unwrap(); // 12:00 on the 7th in Beijing
        let rep = RepresentativeProfile::default().facts(RepresentativeId::from_uuid(uuid::Uuid::nil()));
        let report = evaluate(&ResolvedPolicy::preset(), &rep, &DutyRecords::default(), now);
        let said = notices(&[studio("城关镇党代表工作室", vec![10, 20])], &[], &report);
        // Nothing today; the 10th from the 8th (two days ahead), the 9th and the 10th itself.
        let tenth: Vec<&Notice> = said.iter().filter(|n| n.key == "reception:城关镇党代表工作室:2026-12-10").collect();
        assert_eq!(tenth.len(), 3, "{said:?}");
        assert_eq!(crate::time::to_wire(tenth[0].from), "2026-12-08T00:00:00Z", "08:00 in Beijing");
        assert_eq!(crate::time::to_wire(tenth[0].until), "2026-12-08T16:00:00Z", "midnight in Beijing");
        assert_eq!(tenth[1].reminder.text(Locale::ZhCn), "明天是城关镇党代表工作室的接待日。");
        assert!(said.iter().all(|n| n.from >= now && n.from < n.until));
        assert!(!said.iter().any(|n| n.key.starts_with("reception:城关镇党代表工作室:2026-12-20")), "beyond the week");
        // The 18th is out of the week too: no quarter-end notice yet.
        assert!(!said.iter().any(|n| n.key.starts_with("quarter:")));
        // From the 13th, the quarter's end (from the 18th) falls in the week, once a day, one key.
        let later = evaluate(&ResolvedPolicy::preset(), &rep, &DutyRecords::default(), now + TimeDelta::days(6));
        let quarter: Vec<Notice> =
            notices(&[], &[], &later).into_iter().filter(|n| n.key.starts_with("quarter:")).collect();
        assert_eq!(quarter.len(), 2, "the 18th and the 19th are within the week: {quarter:?}");
        assert!(quarter.iter().all(|n| n.key == "quarter:2026-10-01"));
    }

    #[test]
    fn reception_days_are_announced_two_days_ahead_in_china_time() {
        let day = |s| crate::time::parse_date(s).unwrap();
        // 8 December, 00:30 in Beijing (7 December 16:30 UTC): the 10th is in two days.
        assert_eq!(
            at("2026-12-07T16:30:00Z")[0],
            Reminder::ReceptionDay {
                studio: "城关镇党代表工作室".into(),
                day: day("2026-12-10"),
                in_days: 2,
                theme: None
            }
        );
        // 7 December in Beijing: nothing yet.
        assert!(!at("2026-12-07T15:59:00Z").iter().any(|r| matches!(r, Reminder::ReceptionDay { .. })));
        let today = at("2026-12-10T01:00:00Z");
        assert!(matches!(today[0], Reminder::ReceptionDay { in_days: 0, .. }));
        assert_eq!(today[0].text(Locale::ZhCn), "今天是城关镇党代表工作室的接待日。");
    }

    #[test]
    fn the_quarter_end_is_recalled_in_its_last_two_weeks_while_receptions_are_owed() {
        // 18 December: 14 days left, the 31st included.
        let late = at("2026-12-18T01:00:00Z");
        assert!(late.contains(&Reminder::QuarterEnding { days_left: 14, owed: 1 }), "{late:?}");
        assert_eq!(late.last().unwrap().text(Locale::ZhCn), "本季度还剩 14 天，还有 1 项本季度的履职任务未完成。");
        assert!(!at("2026-12-17T01:00:00Z").iter().any(|r| matches!(r, Reminder::QuarterEnding { .. })));
        // The last day of the quarter: 1 day left.
        assert!(at("2026-12-31T15:00:00Z").contains(&Reminder::QuarterEnding { days_left: 1, owed: 1 }));
    }
}
