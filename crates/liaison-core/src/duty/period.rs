//! Periods duties are counted over — quarters, years and terms — cut in China
//! time (UTC+8): a quarter starts at 00:00 China time on 1 January, 1 April,
//! 1 July or 1 October, which is 16:00 UTC the day before.
//!
//! A period is the half-open range `start ≤ t < end` of UTC instants, so
//! consecutive periods tile time with no gap and no overlap.

use crate::time::china;
use chrono::{DateTime, Datelike, NaiveDate, Utc};

/// The UTC instant China's day `date` starts (00:00 UTC+8). Saturates at
/// chrono's last instant for a date past its range.
pub fn start_of_day(date: Option<NaiveDate>) -> DateTime<Utc> {
    date.and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|t| t.and_local_timezone(china()).single())
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// The day `at` falls on in China.
pub fn china_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&china()).date_naive()
}

/// A calendar year in China time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Year(i32);

impl Year {
    /// The year with this number.
    pub fn new(year: i32) -> Year {
        Year(year)
    }

    /// The year `at` falls in, in China.
    pub fn containing(at: DateTime<Utc>) -> Year {
        Year(china_date(at).year())
    }

    /// Its number, `2026`.
    pub fn number(self) -> i32 {
        self.0
    }

    /// 1 January, 00:00 China time.
    pub fn start(self) -> DateTime<Utc> {
        start_of_day(NaiveDate::from_ymd_opt(self.0, 1, 1))
    }

    /// The next year's start (exclusive end).
    pub fn end(self) -> DateTime<Utc> {
        self.next().start()
    }

    /// The year after.
    pub fn next(self) -> Year {
        Year(self.0.saturating_add(1))
    }

    /// Whether `at` is in this year.
    pub fn contains(self, at: DateTime<Utc>) -> bool {
        self.start() <= at && at < self.end()
    }
}

/// A quarter (季度) in China time: 1 = January–March … 4 = October–December.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    year: i32,
    index: u8,
}

impl Quarter {
    /// Quarter `index` (1–4) of `year`; `None` for another index.
    pub fn new(year: i32, index: u8) -> Option<Quarter> {
        (1..=4).contains(&index).then_some(Quarter { year, index })
    }

    /// The quarter `at` falls in, in China.
    pub fn containing(at: DateTime<Utc>) -> Quarter {
        let date = china_date(at);
        Quarter { year: date.year(), index: (date.month0() / 3 + 1) as u8 }
    }

    /// Its year.
    pub fn year(self) -> Year {
        Year(self.year)
    }

    /// 1–4.
    pub fn index(self) -> u8 {
        self.index
    }

    /// Its first day, 00:00 China time.
    pub fn start(self) -> DateTime<Utc> {
        start_of_day(NaiveDate::from_ymd_opt(self.year, u32::from(self.index) * 3 - 2, 1))
    }

    /// The next quarter's start (exclusive end).
    pub fn end(self) -> DateTime<Utc> {
        self.next().start()
    }

    /// The quarter after.
    pub fn next(self) -> Quarter {
        if self.index == 4 {
            Quarter { year: self.year.saturating_add(1), index: 1 }
        } else {
            Quarter { year: self.year, index: self.index + 1 }
        }
    }

    /// Whether `at` is in this quarter.
    pub fn contains(self, at: DateTime<Utc>) -> bool {
        self.start() <= at && at < self.end()
    }
}

/// A term (任期, 届) as the organisation sets it: its first and last day,
/// both included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Term {
    first_day: NaiveDate,
    last_day: NaiveDate,
}

impl Term {
    /// A term from `first_day` to `last_day`; `None` if it ends before it starts.
    pub fn new(first_day: NaiveDate, last_day: NaiveDate) -> Option<Term> {
        (first_day <= last_day).then_some(Term { first_day, last_day })
    }

    /// Its first day.
    pub fn first_day(self) -> NaiveDate {
        self.first_day
    }

    /// Its last day.
    pub fn last_day(self) -> NaiveDate {
        self.last_day
    }

    /// The first day, 00:00 China time.
    pub fn start(self) -> DateTime<Utc> {
        start_of_day(Some(self.first_day))
    }

    /// The day after the last day, 00:00 China time (exclusive end).
    pub fn end(self) -> DateTime<Utc> {
        start_of_day(self.last_day.succ_opt())
    }

    /// Whether `at` is in the term.
    pub fn contains(self, at: DateTime<Utc>) -> bool {
        self.start() <= at && at < self.end()
    }

    /// Whether the two terms share a day.
    pub fn overlaps(self, other: Term) -> bool {
        self.first_day <= other.last_day && other.first_day <= self.last_day
    }
}

/// The period a duty is counted over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    /// A quarter.
    Quarter(Quarter),
    /// A year.
    Year(Year),
    /// A term.
    Term(Term),
}

impl Period {
    /// When it starts.
    pub fn start(self) -> DateTime<Utc> {
        match self {
            Period::Quarter(q) => q.start(),
            Period::Year(y) => y.start(),
            Period::Term(t) => t.start(),
        }
    }

    /// When it ends (exclusive).
    pub fn end(self) -> DateTime<Utc> {
        match self {
            Period::Quarter(q) => q.end(),
            Period::Year(y) => y.end(),
            Period::Term(t) => t.end(),
        }
    }

    /// Whether `at` is in it.
    pub fn contains(self, at: DateTime<Utc>) -> bool {
        self.start() <= at && at < self.end()
    }

    /// 本季度 / 本年度 / 本届任期内, as a catalogue message.
    pub fn this_msg(self) -> liaison_i18n::Msg {
        match self {
            Period::Quarter(_) => liaison_i18n::Msg::DutyThisQuarter,
            Period::Year(_) => liaison_i18n::Msg::DutyThisYear,
            Period::Term(_) => liaison_i18n::Msg::DutyThisTerm,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::from_wire;
    use proptest::prelude::*;

    fn utc(s: &str) -> DateTime<Utc> {
        from_wire(s).unwrap()
    }

    #[test]
    fn quarters_change_at_midnight_china_time() {
        // 2026-03-31T23:59:59+08 is Q1; 2026-04-01T00:00+08 (16:00Z the day before) is Q2.
        let q1 = Quarter::containing(utc("2026-03-31T15:59:59Z"));
        assert_eq!((q1.year().number(), q1.index()), (2026, 1));
        let q2 = Quarter::containing(utc("2026-03-31T16:00:00Z"));
        assert_eq!((q2.year().number(), q2.index()), (2026, 2));
        assert_eq!(q1.next(), q2);
        assert_eq!(q1.end(), utc("2026-03-31T16:00:00Z"));
        assert_eq!(q1.start(), utc("2025-12-31T16:00:00Z"));
        let q4 = Quarter::new(2026, 4).unwrap();
        assert_eq!(q4.end(), utc("2026-12-31T16:00:00Z"));
        assert_eq!(q4.next(), Quarter::new(2027, 1).unwrap());
        assert_eq!(Quarter::new(2026, 0), None);
        assert_eq!(Quarter::new(2026, 5), None);
    }

    #[test]
    fn years_and_terms_are_china_days() {
        let y = Year::containing(utc("2026-12-31T16:00:00Z"));
        assert_eq!(y.number(), 2027);
        assert_eq!(Year::new(2026).end(), utc("2026-12-31T16:00:00Z"));
        assert!(!Year::new(2026).contains(utc("2026-12-31T16:00:00Z")));
        assert!(Year::new(2026).contains(utc("2026-12-31T15:59:59Z")));
        let date = |s| crate::time::parse_date(s).unwrap();
        let term = Term::new(date("2022-01-01"), date("2026-12-31")).unwrap();
        assert_eq!(term.start(), utc("2021-12-31T16:00:00Z"));
        assert_eq!(term.end(), utc("2026-12-31T16:00:00Z"));
        assert!(Term::new(date("2026-01-02"), date("2026-01-01")).is_none());
        let one_day = Term::new(date("2026-01-01"), date("2026-01-01")).unwrap();
        assert!(one_day.overlaps(term) && term.overlaps(one_day));
        let after = Term::new(date("2027-01-01"), date("2031-12-31")).unwrap();
        assert!(!after.overlaps(term));
        assert_eq!(term.end(), after.start());
    }

    proptest! {
        #[test]
        fn an_instant_is_in_its_quarter_and_year(secs in 0i64..8_000_000_000) {
            let at = DateTime::from_timestamp(secs, 0).unwrap();
            let q = Quarter::containing(at);
            prop_assert!(q.start() <= at && at < q.end());
            prop_assert!(q.contains(at) && !q.next().contains(at));
            let y = Year::containing(at);
            prop_assert!(y.contains(at));
            prop_assert_eq!(q.year(), y);
            // The local month agrees with the quarter.
            let month = at.with_timezone(&china()).month();
            prop_assert_eq!(u32::from(q.index()), (month - 1) / 3 + 1);
        }

        #[test]
        fn quarters_tile_the_year(year in 2000i32..2100) {
            let y = Year::new(year);
            let q1 = Quarter::new(year, 1).unwrap();
            prop_assert_eq!(q1.start(), y.start());
            let mut q = q1;
            for _ in 0..3 {
                prop_assert_eq!(q.end(), q.next().start());
                prop_assert!(q.start() < q.end());
                q = q.next();
            }
            prop_assert_eq!(q.end(), y.end());
            prop_assert_eq!(y.end(), y.next().start());
            prop_assert_eq!(q.next(), Quarter::new(year + 1, 1).unwrap());
        }
    }
}
