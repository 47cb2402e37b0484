//! ISO 8601 dates, one parser for the widget and the builder: `YYYY-MM-DD`, or a date and time with an offset,
//! read into seconds for ranking and written back in one normal form for manifests.
//!
//! The rules, the same on both sides:
//! - a date is `YYYY-MM-DD`; `YYYY/MM/DD` is read too, since pages write it; years run from 1000 to 9999 (earlier
//!   ones are placeholders such as `0001-01-01`, not publication dates), and the day must exist in its month;
//! - a time follows after `T`, `t` or a space, as `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fff` (the fraction is read and
//!   dropped; a leap second `:60` is allowed);
//! - the offset is `Z`, `UTC` or `GMT` (a space may come before these), or `±HH:MM`, `±HHMM` or `±HH` with hours
//!   up to 23 and minutes up to 59, as RFC 3339's grammar allows;
//! - a time without an offset names no instant: ranking takes it as UTC, and the builder keeps only its day.
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

impl Timestamp {
    /// Days since the epoch, as a float for the recency boost.
    pub fn days(&self) -> f64 {
        self.unix_seconds as f64 / 86_400.0
    }
}

/// Why a date string was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(&'static str);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// A date, and its time of day when the text had one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime {
    pub year: i64,
    pub month: i64,
    pub day: i64,
    pub time: Option<TimeOfDay>,
}

/// A time of day and, when the text gave one, its offset from UTC in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeOfDay {
    pub hour: i64,
    pub minute: i64,
    pub second: i64,
    pub offset_seconds: Option<i64>,
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

/// Reads a date or date-time by the rules in this module's documentation.
pub fn parse(text: &str) -> Result<DateTime, DateError> {
    const DATE: DateError = DateError("expected a date as YYYY-MM-DD");
    let bytes = text.trim().as_bytes();
    let year = digits(bytes, 0, 4).ok_or(DATE)?;
    let separator = bytes.get(4).copied().filter(|b| matches!(b, b'-' | b'/')).ok_or(DATE)?;
    if bytes.get(7) != Some(&separator) {
        return Err(DATE);
    }
    let month = digits(bytes, 5, 2).ok_or(DateError("expected a two-digit month"))?;
    let day = digits(bytes, 8, 2).ok_or(DateError("expected a two-digit day"))?;
    if !(1000..=9999).contains(&year) {
        return Err(DateError("year out of range (1000 to 9999)"));
    }
    if !(1..=12).contains(&month) {
        return Err(DateError("month out of range"));
    }
    if day < 1 || day > days_in_month(year, month) {
        return Err(DateError("day out of range for its month"));
    }
    if bytes.len() == 10 {
        return Ok(DateTime { year, month, day, time: None });
    }
    if !matches!(bytes.get(10), Some(b'T' | b't' | b' ')) {
        return Err(DateError("expected 'T' between date and time"));
    }
    let time = parse_time(&bytes[11..])?;
    Ok(DateTime { year, month, day, time: Some(time) })
}

fn parse_time(bytes: &[u8]) -> Result<TimeOfDay, DateError> {
    const TIME: DateError = DateError("expected a time as HH:MM");
    let hour = digits(bytes, 0, 2).ok_or(TIME)?;
    if bytes.get(2) != Some(&b':') {
        return Err(TIME);
    }
    let minute = digits(bytes, 3, 2).ok_or(TIME)?;
    let mut pos = 5;
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
    let offset_seconds = parse_offset(&bytes[pos..])?;
    Ok(TimeOfDay { hour, minute, second, offset_seconds })
}

fn parse_offset(bytes: &[u8]) -> Result<Option<i64>, DateError> {
    const OFFSET: DateError = DateError("expected an offset as Z or ±HH:MM");
    if bytes.is_empty() {
        return Ok(None);
    }
    let named = bytes.strip_prefix(b" ").unwrap_or(bytes);
    if matches!(named, b"Z" | b"z" | b"UTC" | b"GMT") {
        return Ok(Some(0));
    }
    let sign = match bytes.first() {
        Some(b'+') => 1,
        Some(b'-') => -1,
        _ => return Err(DateError("unexpected text after the time")),
    };
    let hours = digits(bytes, 1, 2).ok_or(OFFSET)?;
    let minutes = match bytes.len() {
        3 => 0,
        5 => digits(bytes, 3, 2).ok_or(OFFSET)?,
        6 if bytes[3] == b':' => digits(bytes, 4, 2).ok_or(OFFSET)?,
        _ => return Err(OFFSET),
    };
    if hours > 23 || minutes > 59 {
        return Err(DateError("offset out of range"));
    }
    Ok(Some(sign * (hours * 3600 + minutes * 60)))
}

impl DateTime {
    /// The instant, taking a time without an offset as UTC.
    pub fn timestamp(&self) -> Timestamp {
        let days = days_from_civil(self.year, self.month, self.day);
        match self.time {
            None => Timestamp { unix_seconds: days * 86_400, date_only: true },
            Some(t) => Timestamp {
                unix_seconds: days * 86_400 + t.hour * 3600 + t.minute * 60 + t.second - t.offset_seconds.unwrap_or(0),
                date_only: false,
            },
        }
    }

    /// The normal form manifests carry: `YYYY-MM-DD`, or RFC 3339 with seconds and an offset (`Z` for UTC). A time
    /// without an offset is no instant, so only its day is written.
    pub fn normalized(&self) -> String {
        let date = format!("{:04}-{:02}-{:02}", self.year, self.month, self.day);
        let Some(TimeOfDay { hour, minute, second, offset_seconds: Some(offset) }) = self.time else { return date };
        let zone = if offset == 0 {
            "Z".to_string()
        } else {
            let sign = if offset < 0 { '-' } else { '+' };
            format!("{sign}{:02}:{:02}", offset.abs() / 3600, offset.abs() % 3600 / 60)
        };
        format!("{date}T{hour:02}:{minute:02}:{second:02}{zone}")
    }
}

/// Parses a date or date-time into its instant: the widget's and the manifest reader's check.
pub fn parse_iso8601(text: &str) -> Result<Timestamp, DateError> {
    parse(text).map(|d| d.timestamp())
}

/// The builder's reading of a machine-readable date found on a page or in a feed: its normal form, or its day
/// alone when the day is readable and the time after it is not. `None` when not even the day can be read.
pub fn normalize(text: &str) -> Option<String> {
    let text = text.trim();
    let day_alone = || text.get(..10).filter(|_| matches!(text.as_bytes().get(10), Some(b'T' | b't' | b' ')));
    parse(text).ok().or_else(|| day_alone().and_then(|day| parse(day).ok())).map(|d| d.normalized())
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
        assert_eq!(parse_iso8601("2014-12-04T10:30:00 UTC").map(|t| t.unix_seconds), Ok(1_417_689_000));
        assert_eq!(parse_iso8601("2014/12/04").map(|t| t.unix_seconds), Ok(1_417_651_200));
        assert_eq!(parse_iso8601("2014-12-04T10:30:00").map(|t| t.unix_seconds), Ok(1_417_689_000), "taken as UTC");
        assert_eq!(parse_iso8601("2024-02-29").map(|t| t.date_only), Ok(true));
        assert!(parse_iso8601("2014-12-04T10:30+23:59").is_ok(), "RFC 3339's grammar allows any HH up to 23");
    }

    #[test]
    fn rejects_what_is_not_iso() {
        for bad in ["", "yesterday", "2014-13-01", "2023-02-29", "2014-12-4", "04.12.2014", "2014-12-04T25:00Z",
            "2014-12-04T10:30:00Zjunk", "2014-12-04T10:30+2", "2014-12/04", "0001-01-01", "2014-12-04T10:30+24:00",
            "2014-12-04T10:30:00.Z", "2014-12-04X10:30"] {
            assert!(parse_iso8601(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn normal_forms() {
        assert_eq!(normalize("2024-05-21").as_deref(), Some("2024-05-21"));
        assert_eq!(normalize("2024/05/21").as_deref(), Some("2024-05-21"));
        assert_eq!(normalize("2024-05-21T09:30:00+02:00").as_deref(), Some("2024-05-21T09:30:00+02:00"));
        assert_eq!(normalize("2024-05-21T09:30Z").as_deref(), Some("2024-05-21T09:30:00Z"));
        assert_eq!(normalize("2024-05-21T09:30:00.123+0530").as_deref(), Some("2024-05-21T09:30:00+05:30"));
        assert_eq!(normalize("2024-05-21T09:30:00-03").as_deref(), Some("2024-05-21T09:30:00-03:00"));
        assert_eq!(normalize("2024-05-21 09:30:00 UTC").as_deref(), Some("2024-05-21T09:30:00Z"));
        assert_eq!(normalize("2024-05-21T09:30:00+00:00").as_deref(), Some("2024-05-21T09:30:00Z"));
        // Without an offset a time is no instant, and an unreadable time still leaves its day.
        assert_eq!(normalize("2024-05-21T09:30:00").as_deref(), Some("2024-05-21"));
        assert_eq!(normalize("2024-05-21T9h30").as_deref(), Some("2024-05-21"));
        assert_eq!(normalize("2024-05-21junk"), None, "only a time may follow the day");
        assert_eq!(normalize("2023-02-29"), None);
        assert_eq!(normalize("2024-13-01"), None);
        assert_eq!(normalize("yesterday"), None);
        assert_eq!(normalize(""), None);
    }

    #[test]
    fn normal_forms_read_back_to_the_same_instant() {
        for text in ["2024-05-21T09:30:00.5-0330", "2024-05-21 23:59:60Z", "1999-12-31T00:00+14:00"] {
            let normal = normalize(text).expect("readable");
            assert_eq!(parse_iso8601(&normal), parse_iso8601(text), "{text} -> {normal}");
        }
    }
}
