//! ISO 8601 dates as manifests carry them: `YYYY-MM-DD` or a date-time with an offset, read into seconds.
//!
//! Hand-written because the widget needs only this one shape, and a date crate would add weight to the wasm file.

use std::fmt;

/// A validated ISO 8601 date or date-time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp {
    /// Seconds since 1970-01-01T00:00:00Z (UTC); date-only values count from midnight UTC.
    pub unix_seconds: i64,
    /// True when the source had no time of day, so it should be shown without one, in UTC.
    pub date_only: bool,
}

/// Why a date string was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(&'static str);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl Timestamp {
    /// Days since the epoch, as a float for the recency boost.
    pub fn days(&self) -> f64 {
        self.unix_seconds as f64 / 86_400.0
    }
}

fn digits(bytes: &[u8], start: usize, count: usize) -> Option<i64> {
    let slice = bytes.get(start..start + count)?;
    slice.iter().try_fold(0i64, |acc, b| b.is_ascii_digit().then(|| acc * 10 + i64::from(b - b'0')))
}

/// Days from 1970-01-01 to the given civil date (proleptic Gregorian), after Howard Hinnant's algorithm.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM`, with optional seconds and fraction, and `Z` or `±HH:MM` (a space may
/// stand for the `T`). A date-time without an offset is taken as UTC.
pub fn parse_iso8601(text: &str) -> Result<Timestamp, DateError> {
    let bytes = text.trim().as_bytes();
    let year = digits(bytes, 0, 4).ok_or(DateError("expected a date as YYYY-MM-DD"))?;
    if bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return Err(DateError("expected a date as YYYY-MM-DD"));
    }
    let month = digits(bytes, 5, 2).ok_or(DateError("expected a two-digit month"))?;
    let day = digits(bytes, 8, 2).ok_or(DateError("expected a two-digit day"))?;
    if !(1..=12).contains(&month) {
        return Err(DateError("month out of range"));
    }
    if day < 1 || day > days_in_month(year, month) {
        return Err(DateError("day out of range for its month"));
    }
    let days = days_from_civil(year, month, day);
    if bytes.len() == 10 {
        return Ok(Timestamp { unix_seconds: days * 86_400, date_only: true });
    }
    if !matches!(bytes.get(10), Some(b'T' | b't' | b' ')) {
        return Err(DateError("expected 'T' between date and time"));
    }
    let hour = digits(bytes, 11, 2).ok_or(DateError("expected a time as HH:MM"))?;
    if bytes.get(13) != Some(&b':') {
        return Err(DateError("expected a time as HH:MM"));
    }
    let minute = digits(bytes, 14, 2).ok_or(DateError("expected a time as HH:MM"))?;
    let mut pos = 16;
    let mut second = 0;
    if bytes.get(pos) == Some(&b':') {
        second = digits(bytes, pos + 1, 2).ok_or(DateError("expected two-digit seconds"))?;
        pos += 3;
        if matches!(bytes.get(pos), Some(b'.' | b',')) {
            pos += 1;
            let fraction_start = pos;
            while bytes.get(pos).is_some_and(u8::is_ascii_digit) {
                pos += 1;
            }
            if pos == fraction_start {
                return Err(DateError("expected digits after the decimal point"));
            }
        }
    }
    if hour > 23 || minute > 59 || second > 60 {
        return Err(DateError("time out of range"));
    }
    let offset_seconds = match bytes.get(pos) {
        None => 0,
        Some(b'Z' | b'z') if pos + 1 == bytes.len() => 0,
        Some(sign @ (b'+' | b'-')) => {
            let oh = digits(bytes, pos + 1, 2).ok_or(DateError("expected an offset as ±HH:MM"))?;
            let om = match bytes.get(pos + 3) {
                Some(b':') => digits(bytes, pos + 4, 2).filter(|_| bytes.len() == pos + 6),
                None => Some(0),
                _ => digits(bytes, pos + 3, 2).filter(|_| bytes.len() == pos + 5),
            }
            .ok_or(DateError("expected an offset as ±HH:MM"))?;
            if oh > 23 || om > 59 {
                return Err(DateError("offset out of range"));
            }
            let magnitude = oh * 3600 + om * 60;
            if *sign == b'+' { magnitude } else { -magnitude }
        }
        _ => return Err(DateError("unexpected text after the time")),
    };
    let unix_seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_seconds;
    Ok(Timestamp { unix_seconds, date_only: false })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_date_times() {
        assert_eq!(parse_iso8601("1970-01-01"), Ok(Timestamp { unix_seconds: 0, date_only: true }));
        assert_eq!(parse_iso8601("2014-12-04").map(|t| t.unix_seconds), Ok(1_417_651_200));
        assert_eq!(parse_iso8601("2014-12-04T10:30:00Z").map(|t| t.unix_seconds), Ok(1_417_689_000));
        assert_eq!(parse_iso8601("2014-12-04T12:30:00+02:00").map(|t| t.unix_seconds), Ok(1_417_689_000));
        assert_eq!(parse_iso8601("2014-12-04T05:30-0500").map(|t| t.unix_seconds), Ok(1_417_689_000));
        assert_eq!(parse_iso8601("2014-12-04 10:30:00.123Z").map(|t| t.unix_seconds), Ok(1_417_689_000));
        assert_eq!(parse_iso8601("2024-02-29").map(|t| t.date_only), Ok(true));
    }

    #[test]
    fn rejects_what_is_not_iso() {
        for bad in ["", "yesterday", "2014-13-01", "2023-02-29", "2014-12-4", "04.12.2014", "2014-12-04T25:00Z",
            "2014-12-04T10:30:00Zjunk", "2014-12-04T10:30+2"] {
            assert!(parse_iso8601(bad).is_err(), "{bad:?} should be rejected");
        }
    }
}
