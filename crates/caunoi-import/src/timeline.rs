//! The publication time line: `09:56 | 12/10/2017` in Vietnam time (UTC+7, no daylight
//! saving), read into a UTC instant.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset, macros::offset};

const VIETNAM: UtcOffset = offset!(+7);

/// Years an old portal's article can carry. The floor catches typos such as `0217` and
/// keeps the UTC instant inside the four-digit years that RFC 3339 (the fingerprint) needs.
const YEARS: std::ops::RangeInclusive<i32> = 1970..=9998;

/// Whether the line is meant as a time line, readable or not: short, with a few digits, and
/// mostly digits and date/time punctuation. Such a line that fails [`parse`] is reported as
/// a bad time rather than as a missing one, which points the person at the right fix.
pub(crate) fn looks_like_time(line: &str) -> bool {
    let chars: Vec<char> = line.chars().filter(|c| !c.is_whitespace()).collect();
    let digits = chars.iter().filter(|c| c.is_ascii_digit()).count();
    let timeish = chars
        .iter()
        .filter(|c| c.is_ascii_digit() || ":/.-|,–—hH".contains(**c))
        .count();
    chars.len() <= 40 && digits >= 3 && timeish * 10 >= chars.len() * 7
}

/// Reads `HH:MM | DD/MM/YYYY` and the variants old portals wrote: either order, seconds,
/// `9h56`, `-` or `.` in the date, `-` or `,` instead of `|`.
pub(crate) fn parse(line: &str) -> Option<OffsetDateTime> {
    let mut clock = None;
    let mut date = None;
    for token in line
        .split(|c: char| c.is_whitespace() || c == '|' || c == ',')
        .filter(|t| !t.is_empty())
    {
        if let Some(t) = time_token(token) {
            if clock.replace(t).is_some() {
                return None;
            }
        } else if let Some(d) = date_token(token) {
            if date.replace(d).is_some() {
                return None;
            }
        } else if !token.chars().all(|c| matches!(c, '-' | '–' | '—')) {
            return None;
        }
    }
    Some(
        PrimitiveDateTime::new(date?, clock?)
            .assume_offset(VIETNAM)
            .to_offset(UtcOffset::UTC),
    )
}

fn time_token(token: &str) -> Option<Time> {
    let (hour, rest) = token.split_once([':', 'h', 'H'])?;
    let (minute, second) = rest.split_once(':').unwrap_or((rest, "00"));
    // "09:5" is a typo, not five past nine.
    if minute.len() != 2 || second.len() != 2 {
        return None;
    }
    Time::from_hms(
        u8::try_from(number(hour, 2)?).ok()?,
        u8::try_from(number(minute, 2)?).ok()?,
        u8::try_from(number(second, 2)?).ok()?,
    )
    .ok()
}

fn date_token(token: &str) -> Option<Date> {
    let sep = token.chars().find(|c| !c.is_ascii_digit())?;
    if !matches!(sep, '/' | '-' | '.') {
        return None;
    }
    let mut parts = token.split(sep);
    let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || year.len() != 4 {
        return None;
    }
    let year = i32::from(number(year, 4)?);
    if !YEARS.contains(&year) {
        return None;
    }
    let month = Month::try_from(u8::try_from(number(month, 2)?).ok()?).ok()?;
    Date::from_calendar_date(year, month, u8::try_from(number(day, 2)?).ok()?).ok()
}

/// A run of 1 to `max_len` ASCII digits.
fn number(s: &str, max_len: usize) -> Option<u16> {
    if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn reads_the_portal_format_in_vietnam_time() {
        assert_eq!(
            parse("09:56 | 12/10/2017"),
            Some(datetime!(2017-10-12 02:56 UTC))
        );
        // Early morning in Hà Nội is still the previous day in UTC.
        assert_eq!(
            parse("06:30 | 01/01/2020"),
            Some(datetime!(2019-12-31 23:30 UTC))
        );
    }

    #[test]
    fn reads_the_variants_old_portals_wrote() {
        let expected = Some(datetime!(2017-10-12 02:56 UTC));
        for line in [
            "9:56 | 12/10/2017",
            "09h56 | 12/10/2017",
            "09:56 - 12-10-2017",
            "12.10.2017, 09:56",
            "12/10/2017 09:56:00",
        ] {
            assert_eq!(parse(line), expected, "{line}");
        }
    }

    #[test]
    fn refuses_impossible_or_incomplete_times() {
        for line in [
            "25:00 | 12/10/2017",
            "09:61 | 12/10/2017",
            "09:5 | 12/10/2017",
            "09:56 | 31/02/2017",
            "09:56 | 12/13/2017",
            "09:56 | 12/10/17",
            "09:56 | 12/10/0217",
            "12/10/2017",
            "09:56",
            "09:56 | 12/10/2017 | 10:00",
            "09:56 | 12/10/2017 sáng",
        ] {
            assert_eq!(parse(line), None, "{line}");
        }
    }

    #[test]
    fn tells_time_lines_from_text() {
        assert!(looks_like_time("09:56 | 12/10/2017"));
        assert!(looks_like_time("25:99 | 32/13/2017"));
        assert!(looks_like_time("9h56 12/10/2017"));
        assert!(!looks_like_time("Công tác thông tin tuyên truyền"));
        assert!(!looks_like_time("Kỳ họp thứ 5 HĐND khoá XVI năm 2019"));
        assert!(!looks_like_time("M"));
    }
}
