//! The Vietnamese lunisolar calendar (âm lịch), computed for Vietnam's time zone.
//!
//! This follows the astronomical algorithm published by Hồ Ngọc Đức ("Thuật toán tính
//! âm lịch"): new moons and the sun's longitude from Jean Meeus' formulas, whole days as
//! Julian day numbers, and every "which day does this instant fall on" decided in UTC+7.
//! The time zone is what makes the Vietnamese calendar differ from the Chinese one (UTC+8)
//! in some years: Tết Ất Sửu was on 21 January 1985 in Vietnam but 20 February in China,
//! Tết Đinh Hợi on 17 February 2007 in Vietnam but 18 February in China.
//!
//! The rules of the calendar:
//! - a month starts on the day (in UTC+7) of a new moon;
//! - month 11 is the month that contains the winter solstice;
//! - when there are 13 months between two months 11, the first month that contains no
//!   major solar term (trung khí) is the leap month, and takes the number of the month
//!   before it.
//!
//! The formulas are good for roughly 1800–2199; the tests check every day of 1900–2100.
//! Historical note: before 1968 the almanacs of Vietnam followed UTC+8, so for older
//! dates this module gives the calendar as it would be computed today, which is not always
//! the one printed at the time.

use std::f64::consts::PI;
use std::fmt;

use serde::{Deserialize, Serialize};
use time::Date;

/// Vietnam's time zone, in hours east of UTC.
const TIME_ZONE: f64 = 7.0;

/// The Julian day of the new moon of 1 January 1900 (epoch of the new moon count).
const NEW_MOON_EPOCH: f64 = 2_415_021.076_998_695;

/// The mean length of a synodic month, in days.
const SYNODIC_MONTH: f64 = 29.530_588_853;

/// A day of the Vietnamese lunar calendar.
///
/// `year` is the Gregorian year in which the lunar year begins (Tết), so the last days of
/// lunar 2025 (month 12) fall in January or February 2026.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LunarDate {
    pub year: i32,
    /// 1..=12.
    pub month: u8,
    /// 1..=30.
    pub day: u8,
    /// Whether `month` is the leap month (tháng nhuận) that repeats the month before it.
    pub leap: bool,
}

impl fmt::Display for LunarDate {
    /// `10/3/2025`, or `1/6 nhuận/2025` for a day of a leap month.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let leap = if self.leap { " nhuận" } else { "" };
        write!(f, "{}/{}{}/{}", self.day, self.month, leap, self.year)
    }
}

/// The lunar date of a Gregorian date (proleptic Gregorian, as `time` counts).
pub fn to_lunar(date: Date) -> LunarDate {
    let day_number = i64::from(date.to_julian_day());
    // The mean month only estimates which new moon starts the month: the true new moon can
    // be most of a day away from the mean one, so step back while the month would start
    // after `date` (the published algorithm steps back at most once, which leaves a "day 0"
    // on 7 May 2054) and forward while the next month already started.
    let mut k = ((day_number as f64 - NEW_MOON_EPOCH) / SYNODIC_MONTH).floor() as i64 + 1;
    let mut month_start = new_moon_day(k);
    while month_start > day_number {
        k -= 1;
        month_start = new_moon_day(k);
    }
    loop {
        let next = new_moon_day(k + 1);
        if next > day_number {
            break;
        }
        k += 1;
        month_start = next;
    }
    let gregorian_year = date.year();
    let mut a11 = lunar_month_11(gregorian_year);
    let mut b11 = a11;
    let mut lunar_year;
    if a11 >= month_start {
        lunar_year = gregorian_year;
        a11 = lunar_month_11(gregorian_year - 1);
    } else {
        lunar_year = gregorian_year + 1;
        b11 = lunar_month_11(gregorian_year + 1);
    }
    let day = day_number - month_start + 1;
    let diff = (month_start - a11) / 29;
    let mut leap = false;
    let mut month = diff + 11;
    if b11 - a11 > 365 {
        let leap_diff = leap_month_offset(a11);
        if diff >= leap_diff {
            month = diff + 10;
            leap = diff == leap_diff;
        }
    }
    if month > 12 {
        month -= 12;
    }
    if month >= 11 && diff < 4 {
        lunar_year -= 1;
    }
    LunarDate {
        year: lunar_year,
        // A lunar month has 29 or 30 days and a year at most 13 months: both fit.
        month: month as u8,
        day: day as u8,
        leap,
    }
}

/// The Gregorian date of a lunar date, or `None` if that lunar date does not exist: a month
/// outside 1..=12, day 30 of a 29-day month, a leap month in a year whose leap month is
/// another one (or that has none), or a date `time` cannot represent.
pub fn from_lunar(year: i32, month: u8, day: u8, leap: bool) -> Option<Date> {
    if !(1..=12).contains(&month) || !(1..=30).contains(&day) {
        return None;
    }
    let month_i = i64::from(month);
    let (a11, b11) = if month < 11 {
        (lunar_month_11(year - 1), lunar_month_11(year))
    } else {
        (lunar_month_11(year), lunar_month_11(year + 1))
    };
    let mut offset = month_i - 11;
    if offset < 0 {
        offset += 12;
    }
    if b11 - a11 > 365 {
        let leap_offset = leap_month_offset(a11);
        let mut leap_month = leap_offset - 2;
        if leap_month < 0 {
            leap_month += 12;
        }
        if leap && month_i != leap_month {
            return None;
        } else if leap || offset >= leap_offset {
            offset += 1;
        }
    } else if leap {
        return None;
    }
    let k = (0.5 + (a11 as f64 - NEW_MOON_EPOCH) / SYNODIC_MONTH).floor() as i64;
    let month_start = new_moon_day(k + offset);
    let jd = i32::try_from(month_start + i64::from(day) - 1).ok()?;
    let date = Date::from_julian_day(jd).ok()?;
    // Day 30 of a short month lands on day 1 of the next: the round trip rejects it, and
    // any other inconsistency with `to_lunar` along with it.
    (to_lunar(date)
        == LunarDate {
            year,
            month,
            day,
            leap,
        })
    .then_some(date)
}

/// The leap month of a lunar year, if it has one (2023: 2, 2025: 6).
pub fn leap_month(year: i32) -> Option<u8> {
    (1..=12).find(|&m| from_lunar(year, m, 1, true).is_some())
}

/// The Julian day number of a proleptic Gregorian date, without `time`'s range limit.
fn julian_day_number(day: i64, month: i64, year: i64) -> i64 {
    let a = (14 - month).div_euclid(12);
    let y = year + 4800 - a;
    let m = month + 12 * a - 3;
    day + (153 * m + 2).div_euclid(5) + 365 * y + y.div_euclid(4) - y.div_euclid(100)
        + y.div_euclid(400)
        - 32045
}

/// The instant (Julian day, fractional, UT) of the `k`-th new moon after 1 January 1900.
fn new_moon(k: i64) -> f64 {
    let k = k as f64;
    let t = k / 1236.85;
    let t2 = t * t;
    let t3 = t2 * t;
    let dr = PI / 180.0;
    let mut jd1 = 2_415_020.759_33 + 29.530_588_68 * k + 0.000_117_8 * t2 - 0.000_000_155 * t3;
    jd1 += 0.000_33 * ((166.56 + 132.87 * t - 0.009_173 * t2) * dr).sin();
    // Sun's mean anomaly.
    let m = 359.2242 + 29.105_356_08 * k - 0.000_033_3 * t2 - 0.000_003_47 * t3;
    // Moon's mean anomaly.
    let mpr = 306.0253 + 385.816_918_06 * k + 0.010_730_6 * t2 + 0.000_012_36 * t3;
    // Moon's argument of latitude.
    let f = 21.2964 + 390.670_506_46 * k - 0.001_652_8 * t2 - 0.000_002_39 * t3;
    let mut c1 = (0.1734 - 0.000_393 * t) * (m * dr).sin() + 0.0021 * (2.0 * dr * m).sin();
    c1 = c1 - 0.4068 * (mpr * dr).sin() + 0.0161 * (dr * 2.0 * mpr).sin();
    c1 -= 0.0004 * (dr * 3.0 * mpr).sin();
    c1 = c1 + 0.0104 * (dr * 2.0 * f).sin() - 0.0051 * (dr * (m + mpr)).sin();
    c1 = c1 - 0.0074 * (dr * (m - mpr)).sin() + 0.0004 * (dr * (2.0 * f + m)).sin();
    c1 = c1 - 0.0004 * (dr * (2.0 * f - m)).sin() - 0.0006 * (dr * (2.0 * f + mpr)).sin();
    c1 = c1 + 0.0010 * (dr * (2.0 * f - mpr)).sin() + 0.0005 * (dr * (2.0 * mpr + m)).sin();
    let delta_t = if t < -11.0 {
        0.001 + 0.000_839 * t + 0.000_226_1 * t2 - 0.000_008_45 * t3 - 0.000_000_081 * t * t3
    } else {
        -0.000_278 + 0.000_265 * t + 0.000_262 * t2
    };
    jd1 + c1 - delta_t
}

/// The Julian day number of the day, in Vietnam, of the `k`-th new moon.
fn new_moon_day(k: i64) -> i64 {
    (new_moon(k) + 0.5 + TIME_ZONE / 24.0).floor() as i64
}

/// The sun's apparent longitude, in radians in [0, 2π), at instant `jdn` (Julian day, UT).
fn sun_longitude(jdn: f64) -> f64 {
    let t = (jdn - 2_451_545.0) / 36_525.0;
    let t2 = t * t;
    let dr = PI / 180.0;
    let m = 357.529_10 + 35_999.050_30 * t - 0.000_155_9 * t2 - 0.000_000_48 * t * t2;
    let l0 = 280.466_45 + 36_000.769_83 * t + 0.000_303_2 * t2;
    let mut dl = (1.914_600 - 0.004_817 * t - 0.000_014 * t2) * (dr * m).sin();
    dl += (0.019_993 - 0.000_101 * t) * (dr * 2.0 * m).sin() + 0.000_290 * (dr * 3.0 * m).sin();
    let l = (l0 + dl) * dr;
    l - 2.0 * PI * (l / (2.0 * PI)).floor()
}

/// Which of the 12 major solar terms (0..=11, in 30° steps) the sun is in at the start of
/// day `day_number` in Vietnam.
fn sun_longitude_sector(day_number: i64) -> i64 {
    (sun_longitude(day_number as f64 - 0.5 - TIME_ZONE / 24.0) / PI * 6.0).floor() as i64
}

/// The Julian day number of the first day of lunar month 11 (the month containing the
/// winter solstice) that starts in Gregorian year `year`, or at the very end of it.
fn lunar_month_11(year: i32) -> i64 {
    let off = julian_day_number(31, 12, i64::from(year)) - 2_415_021;
    let k = (off as f64 / SYNODIC_MONTH).floor() as i64;
    let nm = new_moon_day(k);
    // Past 270° (sector 9) the solstice is already behind: month 11 began a moon earlier.
    if sun_longitude_sector(nm) >= 9 {
        new_moon_day(k - 1)
    } else {
        nm
    }
}

/// In a lunar year of 13 months starting at month 11 `a11`, how many months after `a11`
/// the leap month comes: the first month whose solar term does not change.
fn leap_month_offset(a11: i64) -> i64 {
    let k = ((a11 as f64 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5).floor() as i64;
    let mut i = 1;
    let mut arc = sun_longitude_sector(new_moon_day(k + i));
    loop {
        let last = arc;
        i += 1;
        arc = sun_longitude_sector(new_moon_day(k + i));
        if arc == last || i >= 14 {
            break;
        }
    }
    i - 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn lunar(year: i32, month: u8, day: u8, leap: bool) -> LunarDate {
        LunarDate {
            year,
            month,
            day,
            leap,
        }
    }

    #[test]
    fn tet_in_vietnam() {
        let tet = [
            date!(2020 - 01 - 25),
            date!(2021 - 02 - 12),
            date!(2022 - 02 - 01),
            date!(2023 - 01 - 22),
            date!(2024 - 02 - 10),
            date!(2025 - 01 - 29),
            date!(2026 - 02 - 17),
            date!(2027 - 02 - 06),
            date!(2028 - 01 - 26),
            // Not 3 February, the Chinese date: the new moon is at 16:07 UT on 2 February,
            // 23:07 in Hà Nội but already 3 February in Beijing.
            date!(2030 - 02 - 02),
        ];
        for d in tet {
            assert_eq!(to_lunar(d), lunar(d.year(), 1, 1, false), "{d}");
            assert_eq!(from_lunar(d.year(), 1, 1, false), Some(d));
            // The eve of Tết is the last day of the previous lunar year.
            let eve = to_lunar(d.previous_day().unwrap());
            assert_eq!((eve.year, eve.month, eve.leap), (d.year() - 1, 12, false));
            assert!(eve.day == 29 || eve.day == 30);
        }
    }

    #[test]
    fn vietnam_time_zone_differs_from_china() {
        // In UTC+8 these would be 20 Feb 1985 and 18 Feb 2007.
        assert_eq!(from_lunar(1985, 1, 1, false), Some(date!(1985 - 01 - 21)));
        assert_eq!(from_lunar(2007, 1, 1, false), Some(date!(2007 - 02 - 17)));
        assert_eq!(to_lunar(date!(2007 - 02 - 17)), lunar(2007, 1, 1, false));
        assert_eq!(to_lunar(date!(2007 - 02 - 18)), lunar(2007, 1, 2, false));
        // Tết Mậu Thân: 29 January 1968 by the UTC+7 calendar (30 January by UTC+8).
        assert_eq!(from_lunar(1968, 1, 1, false), Some(date!(1968 - 01 - 29)));
    }

    #[test]
    fn hung_kings_commemoration() {
        for d in [
            date!(2022 - 04 - 10),
            date!(2023 - 04 - 29),
            date!(2024 - 04 - 18),
            date!(2025 - 04 - 07),
            date!(2026 - 04 - 26),
        ] {
            assert_eq!(to_lunar(d), lunar(d.year(), 3, 10, false), "{d}");
            assert_eq!(from_lunar(d.year(), 3, 10, false), Some(d));
        }
    }

    #[test]
    fn leap_months() {
        assert_eq!(leap_month(2020), Some(4));
        assert_eq!(leap_month(2023), Some(2));
        assert_eq!(leap_month(2025), Some(6));
        assert_eq!(leap_month(2024), None);
        assert_eq!(leap_month(2026), None);
        // 2023: the second month 2 (tháng 2 nhuận) began on 22 March.
        assert_eq!(to_lunar(date!(2023 - 03 - 22)), lunar(2023, 2, 1, true));
        assert_eq!(to_lunar(date!(2023 - 03 - 21)), lunar(2023, 2, 30, false));
        assert_eq!(from_lunar(2023, 2, 1, true), Some(date!(2023 - 03 - 22)));
        assert_eq!(from_lunar(2023, 3, 1, false), Some(date!(2023 - 04 - 20)));
        // 2025: tháng 6 nhuận from 25 July to 22 August.
        assert_eq!(from_lunar(2025, 6, 1, true), Some(date!(2025 - 07 - 25)));
        assert_eq!(to_lunar(date!(2025 - 08 - 22)), lunar(2025, 6, 29, true));
        assert_eq!(to_lunar(date!(2025 - 08 - 23)), lunar(2025, 7, 1, false));
        // No leap month 3 in 2025, none at all in 2024.
        assert_eq!(from_lunar(2025, 3, 1, true), None);
        assert_eq!(from_lunar(2024, 6, 1, true), None);
    }

    #[test]
    fn months_11_and_12_belong_to_the_year_before_tet() {
        // 31 Dec 2025 and 16 Feb 2026 are in lunar 2025 (Ất Tỵ).
        let d = to_lunar(date!(2025 - 12 - 31));
        assert_eq!((d.year, d.month, d.leap), (2025, 11, false));
        assert_eq!(to_lunar(date!(2026 - 02 - 16)), lunar(2025, 12, 29, false));
        // Lunar month 12 of Ất Tỵ has 29 days: no "30 Tết" in 2026.
        assert_eq!(from_lunar(2025, 12, 30, false), None);
        assert_eq!(from_lunar(2025, 12, 29, false), Some(date!(2026 - 02 - 16)));
    }

    #[test]
    fn invalid_lunar_dates() {
        assert_eq!(from_lunar(2025, 0, 1, false), None);
        assert_eq!(from_lunar(2025, 13, 1, false), None);
        assert_eq!(from_lunar(2025, 1, 0, false), None);
        assert_eq!(from_lunar(2025, 1, 31, false), None);
    }

    #[test]
    fn display() {
        assert_eq!(lunar(2025, 3, 10, false).to_string(), "10/3/2025");
        assert_eq!(lunar(2025, 6, 1, true).to_string(), "1/6 nhuận/2025");
    }

    /// Every day from 1900 to 2100: the conversion goes both ways, and the lunar days follow
    /// each other, a new month starting only after day 29 or 30.
    #[test]
    fn every_day_1900_to_2100_round_trips_and_follows() {
        let mut d = date!(1900 - 01 - 01);
        let end = date!(2100 - 12 - 31);
        let mut prev = to_lunar(d);
        assert_eq!(
            from_lunar(prev.year, prev.month, prev.day, prev.leap),
            Some(d)
        );
        let mut leap_months = 0;
        while d < end {
            let next_day = d.next_day().unwrap();
            let next = to_lunar(next_day);
            assert_eq!(
                from_lunar(next.year, next.month, next.day, next.leap),
                Some(next_day),
                "{next_day} -> {next}"
            );
            if next.day == 1 {
                assert!(prev.day == 29 || prev.day == 30, "{d}: {prev} -> {next}");
                let expected = if next.leap {
                    (prev.year, prev.month)
                } else if prev.month == 12 {
                    (prev.year + 1, 1)
                } else {
                    (prev.year, prev.month + 1)
                };
                assert_eq!((next.year, next.month), expected, "{d}: {prev} -> {next}");
                assert!(!(next.leap && prev.leap), "{d}: two leap months in a row");
                if next.leap {
                    leap_months += 1;
                }
            } else {
                assert_eq!(
                    next,
                    LunarDate {
                        day: prev.day + 1,
                        ..prev
                    },
                    "{d}"
                );
            }
            prev = next;
            d = next_day;
        }
        // 7 leap months every 19 years: about 74 in 201 years.
        assert!((70..=78).contains(&leap_months), "{leap_months}");
    }
}
