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
