//! Vietnam time (UTC+7, no daylight saving) and the date formats Vietnamese readers expect.

use time::{OffsetDateTime, UtcOffset, macros::offset};

pub const VIETNAM: UtcOffset = offset!(+7);

/// `09:56 | 12/10/2017`, the style of Vietnamese news portals.
pub fn format_datetime(t: OffsetDateTime) -> String {
    let t = t.to_offset(VIETNAM);
    format!(
        "{:02}:{:02} | {:02}/{:02}/{}",
        t.hour(),
        t.minute(),
        t.day(),
        u8::from(t.month()),
        t.year()
    )
}

/// `12/10/2017`.
pub fn format_date(d: time::Date) -> String {
    format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year())
}

/// `Thứ Năm, 26/11/2026`: the weekday line of the site header.
pub fn format_long_date(t: OffsetDateTime) -> String {
    let t = t.to_offset(VIETNAM);
    let day = match t.weekday() {
        time::Weekday::Monday => "Thứ Hai",
        time::Weekday::Tuesday => "Thứ Ba",
        time::Weekday::Wednesday => "Thứ Tư",
        time::Weekday::Thursday => "Thứ Năm",
        time::Weekday::Friday => "Thứ Sáu",
        time::Weekday::Saturday => "Thứ Bảy",
        time::Weekday::Sunday => "Chủ Nhật",
    };
    format!("{day}, {}", format_date(t.date()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn news_format_is_in_vietnam_time() {
        assert_eq!(
            format_datetime(datetime!(2017-10-12 02:56 UTC)),
            "09:56 | 12/10/2017"
        );
        // Late evening UTC is already the next day in Hà Nội.
        assert_eq!(
            format_datetime(datetime!(2025-06-30 17:30 UTC)),
            "00:30 | 01/07/2025"
        );
        assert_eq!(
            format_long_date(datetime!(2026-11-26 01:00 UTC)),
            "Thứ Năm, 26/11/2026"
        );
    }
}

/// A date as people type it in Vietnam (`31/12/2026`, `31-12-2026`) or as forms send it
/// (`2026-12-31`). `None` when it is neither or not a real day.
pub fn parse_date(s: &str) -> Option<time::Date> {
    let s = s.trim();
    let nums: Vec<&str> = s.split(['/', '-', '.']).collect();
    let [a, b, c] = nums.as_slice() else {
        return None;
    };
    let n = |x: &str| x.trim().parse::<i32>().ok();
    let (y, m, d) = if a.len() == 4 {
        (n(a)?, n(b)?, n(c)?)
    } else {
        (n(c)?, n(b)?, n(a)?)
    };
    if !(1900..=2200).contains(&y) {
        return None;
    }
    let month = time::Month::try_from(u8::try_from(m).ok()?).ok()?;
    time::Date::from_calendar_date(y, month, u8::try_from(d).ok()?).ok()
}

/// A local Vietnam date and `HH:MM` time as an instant.
pub fn parse_local(date: &str, time_of_day: &str) -> Option<OffsetDateTime> {
    let d = parse_date(date)?;
    let t = time_of_day.trim();
    let (h, m) = if t.is_empty() {
        (0, 0)
    } else {
        let (h, m) = t.split_once([':', 'h', 'g'])?;
        (
            h.trim().parse::<u8>().ok()?,
            m.trim()
                .parse::<u8>()
                .ok()
                .or(if m.trim().is_empty() { Some(0) } else { None })?,
        )
    };
    let time = time::Time::from_hms(h, m, 0).ok()?;
    Some(time::PrimitiveDateTime::new(d, time).assume_offset(VIETNAM))
}

/// The start of day `d` in Vietnam (00:00, UTC+7), as the database compares instants: in UTC.
/// SQLite stores an instant as text with its offset, so a bound must carry the offset the
/// stored values do (UTC) or "00:00 +07:00" sorts after "17:30 +00:00" of the day before.
pub fn day_start_utc(d: time::Date) -> time::OffsetDateTime {
    d.midnight()
        .assume_offset(VIETNAM)
        .to_offset(time::UtcOffset::UTC)
}

#[cfg(test)]
mod parse_tests {
    use super::*;

    #[test]
    fn dates_as_people_type_them() {
        let d = time::macros::date!(2026 - 12 - 31);
        for s in ["31/12/2026", "2026-12-31", "31-12-2026", " 31.12.2026 "] {
            assert_eq!(parse_date(s), Some(d), "{s}");
        }
        for s in ["", "31/13/2026", "30/02/2026", "2026", "a/b/c", "1/1/99999"] {
            assert_eq!(parse_date(s), None, "{s}");
        }
        let t = parse_local("01/07/2025", "08:30").unwrap();
        assert_eq!(format_datetime(t), "08:30 | 01/07/2025");
        assert_eq!(
            parse_local("01/07/2025", "8h"),
            parse_local("2025-07-01", "08:00")
        );
        assert_eq!(parse_local("01/07/2025", "25:00"), None);
    }
}
