//! The studios on the office's dashboard: for each studio, this quarter's
//! reception days — a month's published schedule, or else the studio's
//! recurring days — and which of them had a reception (定点接待) recorded at
//! the studio, by any representative. Pure, at a `now` passed in.

use super::facts::ReceptionFact;
use super::period::{Quarter, china_date};
use crate::org::Studio;
use crate::schedule::{Month, ReceptionSchedule};
use crate::{ActivityKind, StudioId};
use chrono::{DateTime, Datelike, NaiveDate, Utc};

/// One studio's quarter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StudioQuarter {
    /// The studio.
    pub studio: StudioId,
    /// Its reception days this quarter, in order.
    pub days: Vec<NaiveDate>,
    /// Those with a reception recorded at the studio that day.
    pub held: Vec<NaiveDate>,
    /// Those past (before today) with none.
    pub missed: Vec<NaiveDate>,
    /// Cards of any kind recorded at the studio this quarter.
    pub cards: usize,
}

/// The months of `quarter`.
pub fn months(quarter: Quarter) -> [Month; 3] {
    let first = china_date(quarter.start());
    let month = |n: u32| {
        let m0 = first.month0() + n;
        Month::of(NaiveDate::from_ymd_opt(first.year(), m0 + 1, 1).unwrap_or(first))
    };
    [month(0), month(1), month(2)]
}

/// The studio's reception days in `quarter`: each month's published
/// schedule if it has one, else the recurring days (a day the month lacks
/// left out).
pub fn quarter_days(studio: &Studio, schedules: &[ReceptionSchedule], quarter: Quarter) -> Vec<NaiveDate> {
    months(quarter)
        .into_iter()
        .flat_map(|month| {
            match schedules.iter().find(|s| s.studio() == studio.id && s.month() == month && s.is_published()) {
                Some(published) => published.dates().to_vec(),
                None => ReceptionSchedule::from_recurring(studio.id, month, &studio.reception_days).dates().to_vec(),
            }
        })
        .collect()
}

/// Where `studio` stands this quarter at `now`, from every representative's
/// reception cards (`receptions`; those elsewhere are passed over).
pub fn studio_quarter(
    studio: &Studio,
    schedules: &[ReceptionSchedule],
    receptions: &[&ReceptionFact],
    now: DateTime<Utc>,
) -> StudioQuarter {
    let quarter = Quarter::containing(now);
    let today = china_date(now);
    let here: Vec<&&ReceptionFact> = receptions
        .iter()
        .filter(|r| r.studio == Some(studio.id) && quarter.start() <= r.at && r.at < quarter.end())
        .collect();
    let days = quarter_days(studio, schedules, quarter);
    let held: Vec<NaiveDate> = days
        .iter()
        .copied()
        .filter(|d| here.iter().any(|r| r.kind == ActivityKind::Reception && china_date(r.at) == *d))
        .collect();
    let missed = days.iter().copied().filter(|d| *d < today && !held.contains(d)).collect();
    StudioQuarter { studio: studio.id, days, held, missed, cards: here.len() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::Theme;
    use crate::time::from_wire;
    use crate::{PlaceName, ReceptionCardId, UserId};

    fn studio() -> Studio {
        Studio {
            id: StudioId::from_uuid(uuid::Uuid::from_u128(1)),
            name: PlaceName::parse("城关镇党代表工作室").unwrap(),
            address: PlaceName::parse("城关镇").unwrap(),
            reception_days: vec![10, 20, 31],
        }
    }

    fn card(n: u128, at: &str, kind: ActivityKind, studio: Option<StudioId>) -> ReceptionFact {
        ReceptionFact {
            id: ReceptionCardId::from_uuid(uuid::Uuid::from_u128(n)),
            at: from_wire(at).unwrap(),
            kind,
            point: None,
            studio,
            contacts: vec![],
        }
    }

    #[test]
    fn a_quarters_days_come_from_published_schedules_else_the_recurring_days() {
        let day = |s| crate::time::parse_date(s).unwrap();
        let now = from_wire("2026-11-25T02:00:00Z").unwrap();
        let office = UserId::from_uuid(uuid::Uuid::from_u128(9));
        // November published with the 12th instead of the 10th and 20th.
        let november = ReceptionSchedule::from_recurring(studio().id, Month::of(day("2026-11-01")), &[10, 20])
            .edit(vec![day("2026-11-12")], Theme::parse("就业").unwrap())
            .unwrap()
            .publish(office, now)
            .unwrap();
        let days = quarter_days(&studio(), std::slice::from_ref(&november), Quarter::containing(now));
        let expected: Vec<NaiveDate> =
            ["2026-10-10", "2026-10-20", "2026-10-31", "2026-11-12", "2026-12-10", "2026-12-20", "2026-12-31"]
                .iter()
                .map(|d| day(d))
                .collect();
        assert_eq!(days, expected, "October and December from the recurring days, 31 included where the month has it");

        let id = Some(studio().id);
        let cards = [
            // 10 October at 09:00 in Beijing: a reception there.
            card(1, "2026-10-10T01:00:00Z", ActivityKind::Reception, id),
            // 20 October: a forum there, not a reception.
            card(2, "2026-10-20T01:00:00Z", ActivityKind::Forum, id),
            // 12 November 07:30 in Beijing (11 November in UTC): a reception.
            card(3, "2026-11-11T23:30:00Z", ActivityKind::Reception, id),
            // 31 October, another studio.
            card(
                4,
                "2026-10-31T01:00:00Z",
                ActivityKind::Reception,
                Some(StudioId::from_uuid(uuid::Uuid::from_u128(2))),
            ),
            // Last quarter, here.
            card(5, "2026-09-10T01:00:00Z", ActivityKind::Reception, id),
        ];
        let refs: Vec<&ReceptionFact> = cards.iter().collect();
        let q = studio_quarter(&studio(), &[november], &refs, now);
        assert_eq!(q.held, vec![day("2026-10-10"), day("2026-11-12")]);
        assert_eq!(q.missed, vec![day("2026-10-20"), day("2026-10-31")], "past days without one; December is to come");
        assert_eq!(q.cards, 3, "the forum counts as a card held there; other studios and quarters do not");
    }
}
