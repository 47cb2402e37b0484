//! Dates as pages write them: machine-readable ones go to the crate's one ISO 8601 reader (`crate::date`), and
//! written ones ("April 26, 2012", "26.04.2012", "26 апреля 2012 г.", "2011 m. gruodžio 5 d.") are read here, as a
//! day only.

use crate::date;

/// Normalises a date to "YYYY-MM-DD" or RFC 3339 with seconds and an offset; `None` when it cannot be read.
///
/// Machine-readable forms (ISO 8601 as found in metas, `<time datetime>` and JSON-LD) come first; written dates
/// ("April 26, 2012", "26.04.2012", "26 апреля 2012") are read too, as a day only.
pub fn normalize_date(raw: &str) -> Option<String> {
    let text = raw.trim();
    date::normalize(text).or_else(|| parse_loose_date(text, false))
}

/// The month a word names (English, Russian, Ukrainian, Azerbaijani or Lithuanian, any case ending), 1 to 12.
pub(super) fn month_of(word: &str) -> Option<u32> {
    const ENGLISH: &[&str] = &[
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december",
    ];
    // Stems cover the case endings ("апреля", "aprelin", "balandžio").
    // Ukrainian names are given whole or up to their case ending ("червня", not "черв", which opens "червоний").
    // German names too; "mai" only as a whole word (below), as others open with it.
    const STEMS: &[&[&str]] = &[
        &["январ", "yanvar", "saus", "січень", "січн", "januar", "jänner"],
        &["феврал", "fevral", "vasar", "лютий", "лютого", "februar"],
        &["март", "марта", "mart", "kovo", "kovas", "березень", "березн", "märz", "maerz"],
        &["апрел", "aprel", "baland", "квітень", "квітн"],
        &["мая", "май", "geguž", "травень", "травн"],
        &["июн", "iyun", "biržel", "червень", "червн", "juni"],
        &["июл", "iyul", "liep", "липень", "липн", "juli"],
        &["август", "avqust", "rugpjū", "серпень", "серпн"],
        &["сентябр", "sentyabr", "rugsėj", "вересень", "вересн"],
        &["октябр", "oktyabr", "spal", "жовтень", "жовтн", "oktober"],
        &["ноябр", "noyabr", "lapkri", "листопад"],
        &["декабр", "dekabr", "gruod", "грудень", "грудн", "dezember"],
    ];
    let lower = word.to_lowercase();
    if lower.chars().count() >= 3 {
        if let Some(i) = ENGLISH.iter().position(|m| m.starts_with(lower.as_str())) {
            return u32::try_from(i + 1).ok();
        }
    }
    if lower == "mai" {
        return Some(5);
    }
    STEMS.iter().position(|stems| stems.iter().any(|s| lower.starts_with(s))).and_then(|i| u32::try_from(i + 1).ok())
}

pub(super) fn is_date_filler(word: &str) -> bool {
    const FILLER: &[&str] = &[
        "m", "d", "г", "года", "год", "il", "ildə", "ci", "cı", "cu", "cü", "of", "the", "on", "at", "published",
        "updated", "posted", "date", "дата", "опубликовано", "st", "nd", "rd", "th", "de", "del", "utc", "gmt",
        // "Published", "updated" in the other languages of the sites: a date line often opens with one.
        "обновлено", "публикации", "опубліковано", "оновлено", "публікації", "р", "року", "paskelbta", "publikuota",
        "atnaujinta", "dərc", "edilib", "olunub", "yenilənib", "tarixi", "veröffentlicht", "am", "aktualisiert", "stand",
    ];
    const WEEKDAYS: &[&str] = &[
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "понедельник", "вторник",
        "среда", "четверг", "пятница", "суббота", "воскресенье", "bazar", "ertəsi", "çərşənbə", "axşamı", "cümə",
        "şənbə", "pirmadienis", "antradienis", "trečiadienis", "ketvirtadienis", "penktadienis", "šeštadienis",
        "sekmadienis",
    ];
    let lower = word.to_lowercase();
    FILLER.contains(&lower.as_str())
        || WEEKDAYS.contains(&lower.as_str())
        || (lower.chars().count() >= 3 && WEEKDAYS[..7].iter().any(|w| w.starts_with(lower.as_str())))
}

/// Reads a written date. With `whole`, every word must belong to the date (a line that is only a date);
/// otherwise other words are ignored.
pub fn parse_loose_date(text: &str, whole: bool) -> Option<String> {
    let (mut year, mut month, mut day) = (None, None, None);
    let set = |slot: &mut Option<u32>, value: u32| -> bool {
        if slot.is_some() {
            return false;
        }
        *slot = Some(value);
        true
    };
    for raw in text.split_whitespace() {
        let token = raw.trim_matches(|c: char| !c.is_alphanumeric());
        if token.is_empty() {
            continue;
        }
        // A time of day is part of a date line but says nothing about the day.
        if token.contains(':') && token.chars().all(|c| c.is_ascii_digit() || c == ':' || c == '.') {
            continue;
        }
        // "26.04.2012", "26/04/2012": day first, as written everywhere this tool is used except the US.
        let numeric: Vec<&str> = token.split(['.', '/']).collect();
        if numeric.len() == 3 && numeric.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) {
            let (d, m, y) = (numeric[0].parse().ok()?, numeric[1].parse().ok()?, numeric[2].parse().ok()?);
            if numeric[2].len() != 4 || !(set(&mut day, d) && set(&mut month, m) && set(&mut year, y)) {
                return None;
            }
            continue;
        }
        for piece in token.split(|c: char| !c.is_alphanumeric()).filter(|p| !p.is_empty()) {
            let digits_part: String = piece.chars().take_while(char::is_ascii_digit).collect();
            let suffix = &piece[digits_part.len()..];
            if !digits_part.is_empty() {
                let ordinal_ok =
                    suffix.is_empty() || matches!(suffix, "st" | "nd" | "rd" | "th" | "ci" | "cı" | "cu" | "cü");
                let value: u32 = digits_part.parse().ok()?;
                if !ordinal_ok {
                    if whole {
                        return None;
                    }
                    continue;
                }
                let ok = if digits_part.len() == 4 && (1900..=2100).contains(&value) {
                    set(&mut year, value)
                } else if digits_part.len() <= 2 && (1..=31).contains(&value) {
                    set(&mut day, value)
                } else {
                    !whole
                };
                if !ok && whole {
                    return None;
                }
            } else if let Some(m) = month_of(piece) {
                if !set(&mut month, m) && whole {
                    return None;
                }
            } else if whole && !is_date_filler(piece) {
                return None;
            }
        }
    }
    let (y, m, d) = (year?, month?, day?);
    let day = format!("{y:04}-{m:02}-{d:02}");
    // The ISO reader is the one judge of whether the day exists (a 31st of April does not).
    date::parse(&day).is_ok().then_some(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_normalised() {
        assert_eq!(normalize_date("2024-05-21").as_deref(), Some("2024-05-21"));
        assert_eq!(normalize_date("2024-05-21T09:30:00+02:00").as_deref(), Some("2024-05-21T09:30:00+02:00"));
        assert_eq!(normalize_date("2024-05-21T09:30Z").as_deref(), Some("2024-05-21T09:30:00Z"));
        assert_eq!(normalize_date("2024-05-21T09:30:00.123+0530").as_deref(), Some("2024-05-21T09:30:00+05:30"));
        assert_eq!(normalize_date("2024-05-21 09:30:00 UTC").as_deref(), Some("2024-05-21T09:30:00Z"));
        // Without an offset a time is no instant: the day is kept.
        assert_eq!(normalize_date("2024-05-21T09:30:00").as_deref(), Some("2024-05-21"));
        assert_eq!(normalize_date("April 26, 2012").as_deref(), Some("2012-04-26"));
        assert_eq!(normalize_date("26.04.2012").as_deref(), Some("2012-04-26"));
        assert_eq!(normalize_date("26 апреля 2012 г.").as_deref(), Some("2012-04-26"));
        assert_eq!(normalize_date("2011 m. gruodžio 5 d.").as_deref(), Some("2011-12-05"));
        assert_eq!(normalize_date("5 dekabr 2011").as_deref(), Some("2011-12-05"));
        // A date line that opens with "Published" in the sites' languages is a date line.
        assert_eq!(parse_loose_date("Paskelbta: 2024 m. gegužės 2 d.", true).as_deref(), Some("2024-05-02"));
        assert_eq!(parse_loose_date("Опубліковано 12 листопада 2024 р.", true).as_deref(), Some("2024-11-12"));
        assert_eq!(parse_loose_date("Dərc edilib: 5 dekabr 2011", true).as_deref(), Some("2011-12-05"));
        assert_eq!(normalize_date("1 червня 2024").as_deref(), Some("2024-06-01"));
        assert_eq!(parse_loose_date("червоного 2024", true), None, "no month in \"red\"");
        assert_eq!(normalize_date("2023-02-29"), None);
        assert_eq!(normalize_date("2024-13-01"), None);
        assert_eq!(normalize_date("yesterday"), None);
        assert_eq!(normalize_date(""), None);
    }
}
