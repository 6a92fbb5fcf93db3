//! Time as Liaison's users see it: China Standard Time (UTC+8, no daylight saving
//! since 1991, so a fixed offset is exact for every date the app handles).
//!
//! Instants are kept in UTC; they are shown, typed and cut into days and quarters
//! in China time. Nothing here reads a clock: `now` is always passed in.

use crate::ValidationError;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeDelta, Timelike, Utc};

/// How far in the future a "when did it happen" time may be, to forgive a
/// phone clock that is a little fast.
pub const FUTURE_TOLERANCE: TimeDelta = TimeDelta::minutes(10);

/// China Standard Time, UTC+8.
pub fn china() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// The earliest date a record may carry; anything before is a typing mistake.
pub fn earliest() -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(2000, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .expect("2000-01-01 is a date")
        .and_local_timezone(china())
        .single()
        .expect("a fixed offset has one mapping")
        .with_timezone(&Utc)
}

/// Parses a China-time date and time as typed in a form (`2026-11-22T09:30`,
/// seconds optional, a space allowed instead of `T`).
pub fn parse_local(input: &str) -> Result<DateTime<Utc>, ValidationError> {
    let input = input.trim();
    if input.is_empty() {
        return Err(ValidationError::Required);
    }
    let naive = parse_naive(input).ok_or(ValidationError::DateTimeInvalid)?;
    naive.and_local_timezone(china()).single().map(|dt| dt.with_timezone(&Utc)).ok_or(ValidationError::DateTimeInvalid)
}

/// `YYYY-MM-DD[T| ]HH:MM[:SS]`, by hand: chrono's format-string parser would
/// add tens of kilobytes to the app's download for these few shapes.
fn parse_naive(input: &str) -> Option<NaiveDateTime> {
    let bytes = input.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = bytes.get(range)?;
        if part.iter().all(u8::is_ascii_digit) { std::str::from_utf8(part).ok()?.parse().ok() } else { None }
    };
    let separators_ok = bytes.get(4) == Some(&b'-')
        && bytes.get(7) == Some(&b'-')
        && matches!(bytes.get(10), Some(b'T' | b' '))
        && bytes.get(13) == Some(&b':');
    let seconds = match bytes.len() {
        16 => Some(0),
        19 if bytes[16] == b':' => digits(17..19),
        _ => None,
    };
    if !separators_ok {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)?;
    date.and_hms_opt(digits(11..13)?, digits(14..16)?, seconds?)
}

/// Parses a day as `YYYY-MM-DD` (the value of an `<input type="date">`).
pub fn parse_date(input: &str) -> Option<NaiveDate> {
    parse_naive(&format!("{}T00:00", input.trim())).map(|t| t.date())
}

/// Checks that a time something happened is plausible: not before 2000, not
/// later than `now` (give or take [`FUTURE_TOLERANCE`]).
pub fn check_happened(at: DateTime<Utc>, now: DateTime<Utc>) -> Result<DateTime<Utc>, ValidationError> {
    if at < earliest() {
        Err(ValidationError::DateTimeTooEarly)
    } else if at > now + FUTURE_TOLERANCE {
        Err(ValidationError::DateTimeInFuture)
    } else {
        Ok(at)
    }
}

/// `2026-11-22 09:30` in China time, for display.
pub fn format_local(at: DateTime<Utc>) -> String {
    let t = at.with_timezone(&china());
    format!("{:04}-{:02}-{:02} {:02}:{:02}", t.year(), t.month(), t.day(), t.hour(), t.minute())
}

/// A deadline as a reader takes it, in China time: one at midnight (the end
/// of a period) is its last day, `2026-12-31`; any other `2026-12-09 18:00`.
pub fn format_due(due: DateTime<Utc>) -> String {
    if due.with_timezone(&china()).num_seconds_from_midnight() == 0 {
        let mut day = format_local(due - TimeDelta::seconds(1));
        day.truncate(10);
        day
    } else {
        format_local(due)
    }
}

/// `2026-11-22T09:30` in China time, the value of an `<input type="datetime-local">`.
pub fn to_input_value(at: DateTime<Utc>) -> String {
    format_local(at).replacen(' ', "T", 1)
}

/// The frozen storage and wire form of an instant: RFC 3339 in UTC with seconds,
/// e.g. `2026-11-22T01:30:00Z`. Strings of this form sort in time order.
pub fn to_wire(at: DateTime<Utc>) -> String {
    let (date, time) = (at.date_naive(), at.time());
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        date.year(),
        date.month(),
        date.day(),
        time.hour(),
        time.minute(),
        time.second()
    )
}

/// Reads [`to_wire`]'s form, exactly (`2026-11-22T01:30:00Z`): one spelling
/// per instant keeps stored strings comparable.
pub fn from_wire(s: &str) -> Result<DateTime<Utc>, ValidationError> {
    s.strip_suffix('Z')
        .filter(|rest| rest.len() == 19 && rest.as_bytes()[10] == b'T')
        .and_then(parse_naive)
        .map(|naive| naive.and_utc())
        .ok_or(ValidationError::DateTimeInvalid)
}

/// Serde for an instant in [`to_wire`]'s form, for records:
/// `#[serde(with = "crate::time::wire")]`.
pub(crate) mod wire {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub(crate) fn serialize<S: Serializer>(at: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::to_wire(*at))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let s = String::deserialize(d)?;
        super::from_wire(&s).map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn utc(s: &str) -> DateTime<Utc> {
        from_wire(s).unwrap()
    }

    #[test]
    fn a_period_end_reads_as_its_last_day() {
        assert_eq!(format_due(utc("2026-12-31T16:00:00Z")), "2026-12-31");
        assert_eq!(format_due(utc("2026-12-09T10:00:00Z")), "2026-12-09 18:00");
    }

    #[test]
    fn local_input_is_china_time() {
        assert_eq!(parse_local("2026-11-22T09:30"), Ok(utc("2026-11-22T01:30:00Z")));
        assert_eq!(parse_local("2026-01-01 00:00:59"), Ok(utc("2025-12-31T16:00:59Z")));
        assert_eq!(parse_local(""), Err(ValidationError::Required));
        assert_eq!(parse_local(" 2026-11-22 09:30:15 "), Ok(utc("2026-11-22T01:30:15Z")));
        for bad in [
            "2026-02-30T10:00",
            "tomorrow",
            "2026-11-22",
            "22/11/2026 09:30",
            "2026-11-22T24:00",
            "2026-11-22T09:30:",
            "2026-11-22T09:30:60",
            "2026-11-22X09:30",
            "+026-11-22T09:30",
            "2026-11-22T09:3０",
        ] {
            assert_eq!(parse_local(bad), Err(ValidationError::DateTimeInvalid), "{bad}");
        }
    }

    #[test]
    fn happened_is_bounded_by_2000_and_now() {
        let now = utc("2026-11-22T01:30:00Z");
        assert_eq!(check_happened(now, now), Ok(now));
        let slightly_fast = now + TimeDelta::minutes(10);
        assert_eq!(check_happened(slightly_fast, now), Ok(slightly_fast));
        assert_eq!(check_happened(now + TimeDelta::minutes(11), now), Err(ValidationError::DateTimeInFuture));
        assert_eq!(check_happened(utc("1999-12-31T15:59:59Z"), now), Err(ValidationError::DateTimeTooEarly));
        assert_eq!(check_happened(utc("1999-12-31T16:00:00Z"), now), Ok(utc("1999-12-31T16:00:00Z")));
    }

    #[test]
    fn wire_form_is_strict() {
        for bad in
            ["2026-11-22T01:30:00+08:00", "2026-11-22T01:30Z", "2026-11-22 01:30:00Z", "2026-11-22T01:30:00.5Z", ""]
        {
            assert_eq!(from_wire(bad), Err(ValidationError::DateTimeInvalid), "{bad}");
        }
    }

    #[test]
    fn dates_parse_by_hand() {
        assert_eq!(parse_date("2026-11-22"), NaiveDate::from_ymd_opt(2026, 11, 22));
        assert_eq!(parse_date(" 2026-02-28 "), NaiveDate::from_ymd_opt(2026, 2, 28));
        for bad in ["", "2026-02-30", "2026-1-1", "2026/01/01", "2026-01-01T00:00"] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn display_forms() {
        let at = utc("2026-12-31T16:05:00Z");
        assert_eq!(format_local(at), "2027-01-01 00:05");
        assert_eq!(to_input_value(at), "2027-01-01T00:05");
        assert_eq!(to_wire(at), "2026-12-31T16:05:00Z");
    }

    proptest! {
        #[test]
        fn input_value_round_trips(minutes in 0i64..(60 * 24 * 365 * 40)) {
            let at = earliest() + TimeDelta::minutes(minutes);
            prop_assert_eq!(parse_local(&to_input_value(at)), Ok(at));
            prop_assert_eq!(from_wire(&to_wire(at)), Ok(at));
        }

        #[test]
        fn wire_strings_sort_in_time_order(a in 0i64..2_000_000_000, b in 0i64..2_000_000_000) {
            let (ta, tb) = (earliest() + TimeDelta::seconds(a), earliest() + TimeDelta::seconds(b));
            prop_assert_eq!(to_wire(ta).cmp(&to_wire(tb)), ta.cmp(&tb));
        }

        #[test]
        fn parse_local_never_panics(s in "\\PC{0,40}") {
            let _ = parse_local(&s);
        }

        #[test]
        fn hand_parser_agrees_with_chrono(s in "[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?") {
            // chrono reads second 60 as a leap second; a form never means one,
            // so the hand parser refuses it on purpose (see local_input_is_china_time).
            prop_assume!(!s.ends_with(":60"));
            let chrono_says = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
                .iter()
                .find_map(|f| NaiveDateTime::parse_from_str(&s, f).ok());
            prop_assert_eq!(parse_naive(&s), chrono_says);
        }

        #[test]
        fn wire_form_agrees_with_chrono(secs in 0i64..4_000_000_000) {
            let at = DateTime::from_timestamp(secs, 0).unwrap();
            prop_assert_eq!(to_wire(at), at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
            prop_assert_eq!(format_local(at), at.with_timezone(&china()).format("%Y-%m-%d %H:%M").to_string());
            prop_assert_eq!(from_wire(&to_wire(at)), Ok(at));
        }
    }
}
