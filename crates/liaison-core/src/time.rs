//! Time as Liaison's users see it: China Standard Time (UTC+8, no daylight saving
//! since 1991, so a fixed offset is exact for every date the app handles).
//!
//! Instants are kept in UTC; they are shown, typed and cut into days and quarters
//! in China time. Nothing here reads a clock: `now` is always passed in.

use crate::ValidationError;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, SecondsFormat, TimeDelta, Utc};

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
    let naive = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(input, format).ok())
        .ok_or(ValidationError::DateTimeInvalid)?;
    naive.and_local_timezone(china()).single().map(|dt| dt.with_timezone(&Utc)).ok_or(ValidationError::DateTimeInvalid)
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
    at.with_timezone(&china()).format("%Y-%m-%d %H:%M").to_string()
}

/// `2026-11-22T09:30` in China time, the value of an `<input type="datetime-local">`.
pub fn to_input_value(at: DateTime<Utc>) -> String {
    at.with_timezone(&china()).format("%Y-%m-%dT%H:%M").to_string()
}

/// The frozen storage and wire form of an instant: RFC 3339 in UTC with seconds,
/// e.g. `2026-11-22T01:30:00Z`. Strings of this form sort in time order.
pub fn to_wire(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Reads [`to_wire`]'s form (any RFC 3339 offset is accepted and converted to UTC).
pub fn from_wire(s: &str) -> Result<DateTime<Utc>, ValidationError> {
    DateTime::parse_from_rfc3339(s).map(|dt| dt.with_timezone(&Utc)).map_err(|_| ValidationError::DateTimeInvalid)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn utc(s: &str) -> DateTime<Utc> {
        from_wire(s).unwrap()
    }

    #[test]
    fn local_input_is_china_time() {
        assert_eq!(parse_local("2026-11-22T09:30"), Ok(utc("2026-11-22T01:30:00Z")));
        assert_eq!(parse_local("2026-01-01 00:00:59"), Ok(utc("2025-12-31T16:00:59Z")));
        assert_eq!(parse_local(""), Err(ValidationError::Required));
        for bad in ["2026-02-30T10:00", "tomorrow", "2026-11-22", "22/11/2026 09:30"] {
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
    }
}
