//! Working days in Vietnam, for the deadlines agencies have to answer a voter's petition
//! ("trả lời trong thời hạn N ngày làm việc").
//!
//! # The rules
//!
//! The week of state agencies is Monday to Friday (Quyết định 188/1999/QĐ-TTg). The legal
//! holidays are those of Bộ luật Lao động 2019, art. 112(1), in force since 1 January 2021:
//!
//! | holiday | days | here |
//! | --- | --- | --- |
//! | Tết Dương lịch | 1 | 1 January |
//! | Tết Âm lịch (Tết Nguyên Đán) | 5 | the last day of the lunar year (29 or 30 tháng Chạp) and mùng 1 to mùng 4 |
//! | Ngày Chiến thắng | 1 | 30 April |
//! | Ngày Quốc tế Lao động | 1 | 1 May |
//! | Quốc khánh | 2 | 2 September and one adjacent day, see below |
//! | Giỗ Tổ Hùng Vương | 1 | 10th day of lunar month 3 |
//!
//! Art. 112(3) leaves the exact Tết days and the second Quốc khánh day to the Prime
//! Minister every year, so two of these are defaults:
//!
//! - **Tết**: the five days are the eve (the last day of the old year) and the first four
//!   days of the new year. That was the decision for 2022 and 2026. In other years the
//!   decision placed a day elsewhere, which an administrator enters as adjustments: as I
//!   understand them, the weekdays off were 8–9 and 12–14 Feb 2024 (the rule gives 9 and
//!   12–15 Feb, counting its nghỉ bù) and 27–31 Jan 2025 (the rule: 28–31 Jan and 3 Feb).
//! - **Quốc khánh**: the adjacent day is the one that joins the holiday to a weekend: 3/9 if
//!   1/9 is a weekend day, 1/9 if 3/9 is; when both are weekdays, 1/9 if it is a Monday, 3/9
//!   if it is a Friday, otherwise (2/9 on a Wednesday) 1/9. That reproduces the decisions of
//!   2021 to 2026. An administrator can still override it.
//!
//! **Nghỉ bù**: when a holiday falls on the weekly rest day, the worker rests on the next
//! working day instead (art. 111(3)). Here every holiday day on a Saturday or Sunday gets a
//! compensatory day off on the first following weekday that is neither a holiday nor
//! already someone's compensation; this applies to the lunar holidays as well (a Tết day on
//! a weekend is compensated after Tết). Two holidays on the same date (Giỗ Tổ can fall on
//! 30/4 or 1/5) count as one day off: the law gives no extra day for that.
//!
//! **Adjustments** announced by the government (Bộ Nội vụ) for a given year are added with
//! [`WorkCalendar::with_day_off`] (an extra or moved day off, e.g. a swap "hoán đổi") and
//! [`WorkCalendar::with_working_day`] (a Saturday worked in exchange, or a default holiday
//! that the decision moved elsewhere). They take precedence over the fixed rules, and the
//! fixed rules (including nghỉ bù) do not look at them.
//!
//! The same rules are applied to every year; before 2021 the law differed (Labour Code 2012:
//! Quốc khánh one day; before 2013 Tết four days; Giỗ Tổ a holiday since 2007).

use std::collections::BTreeMap;

use time::{Date, Duration, Month, Weekday};

use crate::lunar;

/// What a day is for a state agency.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DayKind {
    /// An ordinary working day, Monday to Friday.
    Working,
    /// Saturday or Sunday.
    Weekend,
    /// A legal holiday or its compensatory day off, by its Vietnamese name.
    Holiday(&'static str),
    /// A day off announced by the government for that year, with the announced reason.
    DayOff(String),
    /// A day announced as a working day although the rules make it a day off: usually a
    /// Saturday worked in exchange for a bridge day.
    WorkingSwap,
}

impl DayKind {
    pub fn is_working(&self) -> bool {
        matches!(self, DayKind::Working | DayKind::WorkingSwap)
    }
}

pub const TET_DUONG_LICH: &str = "Tết Dương lịch";
pub const TET_NGUYEN_DAN: &str = "Tết Nguyên Đán";
pub const GIO_TO_HUNG_VUONG: &str = "Giỗ Tổ Hùng Vương";
pub const NGAY_CHIEN_THANG: &str = "Ngày Chiến thắng";
pub const QUOC_TE_LAO_DONG: &str = "Ngày Quốc tế Lao động";
pub const QUOC_KHANH: &str = "Quốc khánh";

/// The name of the compensatory day off (nghỉ bù) for a holiday named `holiday`.
fn compensation_name(holiday: &'static str) -> &'static str {
    match holiday {
        TET_DUONG_LICH => "Nghỉ bù Tết Dương lịch",
        TET_NGUYEN_DAN => "Nghỉ bù Tết Nguyên Đán",
        GIO_TO_HUNG_VUONG => "Nghỉ bù Giỗ Tổ Hùng Vương",
        NGAY_CHIEN_THANG => "Nghỉ bù Ngày Chiến thắng",
        QUOC_TE_LAO_DONG => "Nghỉ bù Ngày Quốc tế Lao động",
        QUOC_KHANH => "Nghỉ bù Quốc khánh",
        _ => "Nghỉ bù",
    }
}

fn is_weekend(date: Date) -> bool {
    matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

fn ymd(year: i32, month: Month, day: u8) -> Option<Date> {
    Date::from_calendar_date(year, month, day).ok()
}

/// The second day of Quốc khánh in `year`: see the module documentation.
fn quoc_khanh_adjacent_day(year: i32) -> Option<Date> {
    let before = ymd(year, Month::September, 1)?;
    let after = ymd(year, Month::September, 3)?;
    Some(match (is_weekend(before), is_weekend(after)) {
        (true, _) => after,
        (false, true) => before,
        (false, false) if after.weekday() == Weekday::Friday => after,
        (false, false) => before,
    })
}

/// The legal holidays of `year` and their compensatory days, sorted by date, one entry per
/// date.
fn legal_days(year: i32) -> Vec<(Date, &'static str)> {
    let mut holidays: BTreeMap<Date, &'static str> = BTreeMap::new();
    let mut add = |date: Option<Date>, name: &'static str| {
        if let Some(date) = date {
            holidays.entry(date).or_insert(name);
        }
    };
    add(ymd(year, Month::January, 1), TET_DUONG_LICH);
    if let Some(tet) = lunar::from_lunar(year, 1, 1, false) {
        for offset in -1..=3 {
            add(tet.checked_add(Duration::days(offset)), TET_NGUYEN_DAN);
        }
    }
    add(lunar::from_lunar(year, 3, 10, false), GIO_TO_HUNG_VUONG);
    add(ymd(year, Month::April, 30), NGAY_CHIEN_THANG);
    add(ymd(year, Month::May, 1), QUOC_TE_LAO_DONG);
    add(ymd(year, Month::September, 2), QUOC_KHANH);
    add(quoc_khanh_adjacent_day(year), QUOC_KHANH);

    let mut compensations: BTreeMap<Date, &'static str> = BTreeMap::new();
    for (&date, &name) in &holidays {
        if !is_weekend(date) {
            continue;
        }
        let mut day = date;
        while let Some(next) = day.next_day() {
            day = next;
            if !is_weekend(day) && !holidays.contains_key(&day) && !compensations.contains_key(&day)
            {
                compensations.insert(day, compensation_name(name));
                break;
            }
        }
    }
    holidays.extend(compensations);
    holidays.into_iter().collect()
}

/// The legal days of one year, kept while walking through consecutive dates.
struct YearCache {
    year: Option<i32>,
    days: Vec<(Date, &'static str)>,
}

impl YearCache {
    fn new() -> Self {
        YearCache {
            year: None,
            days: Vec::new(),
        }
    }

    fn holiday(&mut self, date: Date) -> Option<&'static str> {
        if self.year != Some(date.year()) {
            self.year = Some(date.year());
            self.days = legal_days(date.year());
        }
        self.days
            .binary_search_by_key(&date, |&(d, _)| d)
            .ok()
            .map(|i| self.days[i].1)
    }
}

/// Vietnam's legal holidays plus the adjustments the government announced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    days_off: BTreeMap<Date, String>,
    working_days: BTreeMap<Date, String>,
}

impl WorkCalendar {
    /// The legal holidays and their nghỉ bù, with no announced adjustment.
    pub fn vietnam() -> Self {
        Self::default()
    }

    /// An announced day off (a bridge day, a swap, an exceptional holiday). Replaces an
    /// earlier adjustment of the same date.
    pub fn with_day_off(mut self, date: Date, reason: impl Into<String>) -> Self {
        self.working_days.remove(&date);
        self.days_off.insert(date, reason.into());
        self
    }

    /// An announced working day (the Saturday worked in exchange for a day off, or a
    /// default holiday the government's decision put elsewhere). Replaces an earlier
    /// adjustment of the same date.
    pub fn with_working_day(mut self, date: Date, reason: impl Into<String>) -> Self {
        self.days_off.remove(&date);
        self.working_days.insert(date, reason.into());
        self
    }

    /// The announced days off, by date.
    pub fn announced_days_off(&self) -> impl Iterator<Item = (Date, &str)> {
        self.days_off.iter().map(|(d, r)| (*d, r.as_str()))
    }

    /// The announced working days, by date.
    pub fn announced_working_days(&self) -> impl Iterator<Item = (Date, &str)> {
        self.working_days.iter().map(|(d, r)| (*d, r.as_str()))
    }

    pub fn kind(&self, date: Date) -> DayKind {
        self.kind_cached(date, &mut YearCache::new())
    }

    fn kind_cached(&self, date: Date, cache: &mut YearCache) -> DayKind {
        if self.working_days.contains_key(&date) {
            DayKind::WorkingSwap
        } else if let Some(reason) = self.days_off.get(&date) {
            DayKind::DayOff(reason.clone())
        } else if let Some(name) = cache.holiday(date) {
            DayKind::Holiday(name)
        } else if is_weekend(date) {
            DayKind::Weekend
        } else {
            DayKind::Working
        }
    }

    fn is_working_cached(&self, date: Date, cache: &mut YearCache) -> bool {
        if self.working_days.contains_key(&date) {
            true
        } else if self.days_off.contains_key(&date) {
            false
        } else {
            cache.holiday(date).is_none() && !is_weekend(date)
        }
    }

    pub fn is_working_day(&self, date: Date) -> bool {
        self.is_working_cached(date, &mut YearCache::new())
    }

    /// The deadline for an answer due within `n` working days after `start` (the day of
    /// receipt does not count; if n == 0 the deadline is start itself).
    ///
    /// Panics if the deadline would be after the last date `time` can represent.
    pub fn add_working_days(&self, start: Date, n: u32) -> Date {
        let mut cache = YearCache::new();
        let mut date = start;
        let mut left = n;
        while left > 0 {
            date = date
                .next_day()
                .expect("deadline beyond the representable dates");
            if self.is_working_cached(date, &mut cache) {
                left -= 1;
            }
        }
        date
    }

    /// Working days strictly after `from` up to and including `to` (0 if to <= from).
    pub fn working_days_between(&self, from: Date, to: Date) -> i64 {
        let mut cache = YearCache::new();
        let mut count = 0;
        let mut date = from;
        while date < to {
            let Some(next) = date.next_day() else { break };
            date = next;
            if self.is_working_cached(date, &mut cache) {
                count += 1;
            }
        }
        count
    }

    /// The days off of `year` that are not plain weekends, by date: the legal holidays
    /// (also those on a weekend), their nghỉ bù and the announced days off, each with its
    /// name or reason. Days an announcement turned into working days are left out.
    pub fn holidays_in(&self, year: i32) -> Vec<(Date, String)> {
        let mut cache = YearCache::new();
        let Some(mut date) = ymd(year, Month::January, 1) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        while date.year() == year {
            match self.kind_cached(date, &mut cache) {
                DayKind::Holiday(name) => out.push((date, name.to_owned())),
                DayKind::DayOff(reason) => out.push((date, reason)),
                DayKind::Working | DayKind::Weekend | DayKind::WorkingSwap => {}
            }
            match date.next_day() {
                Some(next) => date = next,
                None => break,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn cal() -> WorkCalendar {
        WorkCalendar::vietnam()
    }

    fn days(from: Date, to: Date) -> Vec<Date> {
        let mut out = vec![from];
        while *out.last().unwrap() < to {
            out.push(out.last().unwrap().next_day().unwrap());
        }
        out
    }

    #[test]
    fn tet_2026() {
        // Tết Bính Ngọ is Tuesday 17 Feb; the eve (29 tháng Chạp, no 30th this year) is
        // Monday 16 Feb. The official schedule: off from Saturday 14 to Sunday 22 Feb.
        let c = cal();
        for d in days(date!(2026 - 02 - 16), date!(2026 - 02 - 20)) {
            assert_eq!(c.kind(d), DayKind::Holiday(TET_NGUYEN_DAN), "{d}");
        }
        for d in [
            date!(2026 - 02 - 14),
            date!(2026 - 02 - 15),
            date!(2026 - 02 - 21),
            date!(2026 - 02 - 22),
        ] {
            assert_eq!(c.kind(d), DayKind::Weekend, "{d}");
        }
        assert_eq!(c.kind(date!(2026 - 02 - 13)), DayKind::Working);
        assert_eq!(c.kind(date!(2026 - 02 - 23)), DayKind::Working);
        assert_eq!(
            c.working_days_between(date!(2026 - 02 - 13), date!(2026 - 02 - 23)),
            1
        );
    }

    #[test]
    fn tet_2022_matches_the_official_days() {
        // 31 Jan (29 tháng Chạp) to 4 Feb 2022 (mùng 4), Monday to Friday.
        let c = cal();
        for d in days(date!(2022 - 01 - 31), date!(2022 - 02 - 04)) {
            assert_eq!(c.kind(d), DayKind::Holiday(TET_NGUYEN_DAN), "{d}");
        }
        assert!(c.is_working_day(date!(2022 - 02 - 07)));
    }

    #[test]
    fn tet_days_on_a_weekend_are_compensated_after_tet() {
        // By the rule (the 2024 decision moved the days, see the module docs): the eve is
        // Friday 9 Feb 2024 (30 tháng Chạp), Tết Saturday 10 Feb; Saturday and Sunday are
        // compensated on Wednesday 14 and Thursday 15 Feb.
        let c = cal();
        let tet = DayKind::Holiday(TET_NGUYEN_DAN);
        let nghi_bu = DayKind::Holiday("Nghỉ bù Tết Nguyên Đán");
        assert_eq!(c.kind(date!(2024 - 02 - 08)), DayKind::Working);
        for d in days(date!(2024 - 02 - 09), date!(2024 - 02 - 13)) {
            assert_eq!(c.kind(d), tet, "{d}");
        }
        assert_eq!(c.kind(date!(2024 - 02 - 14)), nghi_bu);
        assert_eq!(c.kind(date!(2024 - 02 - 15)), nghi_bu);
        assert_eq!(c.kind(date!(2024 - 02 - 16)), DayKind::Working);
    }

    #[test]
    fn april_and_may_2026() {
        let c = cal();
        // Giỗ Tổ on Sunday 26 April, compensated on Monday 27.
        assert_eq!(
            c.kind(date!(2026 - 04 - 26)),
            DayKind::Holiday(GIO_TO_HUNG_VUONG)
        );
        assert_eq!(
            c.kind(date!(2026 - 04 - 27)),
            DayKind::Holiday("Nghỉ bù Giỗ Tổ Hùng Vương")
        );
        assert_eq!(c.kind(date!(2026 - 04 - 28)), DayKind::Working);
        // 30/4 and 1/5 on Thursday and Friday: no nghỉ bù.
        assert_eq!(
            c.kind(date!(2026 - 04 - 30)),
            DayKind::Holiday(NGAY_CHIEN_THANG)
        );
        assert_eq!(
            c.kind(date!(2026 - 05 - 01)),
            DayKind::Holiday(QUOC_TE_LAO_DONG)
        );
        assert_eq!(c.kind(date!(2026 - 05 - 02)), DayKind::Weekend);
        assert_eq!(c.kind(date!(2026 - 05 - 04)), DayKind::Working);
    }

    #[test]
    fn nghi_bu_2022_and_2023() {
        let c = cal();
        // 2022: Giỗ Tổ Sunday 10/4 → Monday 11/4; 30/4 Saturday and 1/5 Sunday → 2/5, 3/5.
        assert_eq!(
            c.kind(date!(2022 - 04 - 11)),
            DayKind::Holiday("Nghỉ bù Giỗ Tổ Hùng Vương")
        );
        assert_eq!(
            c.kind(date!(2022 - 05 - 02)),
            DayKind::Holiday("Nghỉ bù Ngày Chiến thắng")
        );
        assert_eq!(
            c.kind(date!(2022 - 05 - 03)),
            DayKind::Holiday("Nghỉ bù Ngày Quốc tế Lao động")
        );
        assert!(c.is_working_day(date!(2022 - 05 - 04)));
        // 2023: 1/1 Sunday → Monday 2/1.
        assert_eq!(
            c.kind(date!(2023 - 01 - 02)),
            DayKind::Holiday("Nghỉ bù Tết Dương lịch")
        );
        // 2023: Giỗ Tổ Saturday 29/4, 30/4 Sunday, 1/5 Monday: the two weekend days are
        // compensated on Tuesday 2/5 and Wednesday 3/5, skipping the holiday of Monday.
        assert_eq!(
            c.kind(date!(2023 - 05 - 02)),
            DayKind::Holiday("Nghỉ bù Giỗ Tổ Hùng Vương")
        );
        assert_eq!(
            c.kind(date!(2023 - 05 - 03)),
            DayKind::Holiday("Nghỉ bù Ngày Chiến thắng")
        );
        assert!(c.is_working_day(date!(2023 - 05 - 04)));
    }

    #[test]
    fn quoc_khanh_second_day_matches_the_decisions_2021_to_2026() {
        let c = cal();
        let qk = DayKind::Holiday(QUOC_KHANH);
        // 2021 Thursday → Friday 3/9; 2022 Friday → Thursday 1/9; 2023 Saturday → Friday
        // 1/9 and nghỉ bù Monday 4/9; 2024 Monday → Tuesday 3/9; 2025 Tuesday → Monday 1/9;
        // 2026 Wednesday → Tuesday 1/9.
        assert_eq!(c.kind(date!(2021 - 09 - 03)), qk);
        assert_eq!(c.kind(date!(2022 - 09 - 01)), qk);
        assert_eq!(c.kind(date!(2023 - 09 - 01)), qk);
        assert_eq!(
            c.kind(date!(2023 - 09 - 04)),
            DayKind::Holiday("Nghỉ bù Quốc khánh")
        );
        assert_eq!(c.kind(date!(2024 - 09 - 03)), qk);
        assert_eq!(c.kind(date!(2025 - 09 - 01)), qk);
        assert_eq!(c.kind(date!(2026 - 09 - 01)), qk);
        assert_eq!(c.kind(date!(2026 - 09 - 02)), qk);
        assert_eq!(c.kind(date!(2026 - 09 - 03)), DayKind::Working);
        // Exactly two Quốc khánh days every year, one of them 2/9.
        for year in 1990..=2100 {
            let n = c
                .holidays_in(year)
                .iter()
                .filter(|(_, name)| name == QUOC_KHANH)
                .count();
            assert_eq!(n, 2, "{year}");
        }
    }

    #[test]
    fn quoc_khanh_2026_with_the_announced_swap() {
        // 2026: Monday 31/8 off in exchange for Saturday 22/8, for 5 days off from 29/8 to 2/9.
        let c = cal()
            .with_day_off(date!(2026 - 08 - 31), "Hoán đổi ngày làm việc")
            .with_working_day(date!(2026 - 08 - 22), "Làm bù cho ngày 31/8");
        assert_eq!(c.kind(date!(2026 - 08 - 22)), DayKind::WorkingSwap);
        assert_eq!(
            c.kind(date!(2026 - 08 - 31)),
            DayKind::DayOff("Hoán đổi ngày làm việc".into())
        );
        for d in days(date!(2026 - 08 - 29), date!(2026 - 09 - 02)) {
            assert!(!c.is_working_day(d), "{d}");
        }
        assert_eq!(
            c.announced_days_off().collect::<Vec<_>>(),
            vec![(date!(2026 - 08 - 31), "Hoán đổi ngày làm việc")]
        );
        assert_eq!(c.announced_working_days().count(), 1);
    }

    #[test]
    fn holidays_in_2026() {
        let list = cal().holidays_in(2026);
        let expected: Vec<(Date, String)> = [
            (date!(2026 - 01 - 01), TET_DUONG_LICH),
            (date!(2026 - 02 - 16), TET_NGUYEN_DAN),
            (date!(2026 - 02 - 17), TET_NGUYEN_DAN),
            (date!(2026 - 02 - 18), TET_NGUYEN_DAN),
            (date!(2026 - 02 - 19), TET_NGUYEN_DAN),
            (date!(2026 - 02 - 20), TET_NGUYEN_DAN),
            (date!(2026 - 04 - 26), GIO_TO_HUNG_VUONG),
            (date!(2026 - 04 - 27), "Nghỉ bù Giỗ Tổ Hùng Vương"),
            (date!(2026 - 04 - 30), NGAY_CHIEN_THANG),
            (date!(2026 - 05 - 01), QUOC_TE_LAO_DONG),
            (date!(2026 - 09 - 01), QUOC_KHANH),
            (date!(2026 - 09 - 02), QUOC_KHANH),
        ]
        .into_iter()
        .map(|(d, n)| (d, n.to_owned()))
        .collect();
        assert_eq!(list, expected);

        // Announced days off are listed with their reason; a holiday announced as a working
        // day is not.
        let adjusted = cal()
            .with_day_off(date!(2026 - 01 - 02), "Hoán đổi ngày làm việc")
            .with_working_day(date!(2026 - 02 - 20), "ví dụ");
        let list = adjusted.holidays_in(2026);
        assert!(list.contains(&(date!(2026 - 01 - 02), "Hoán đổi ngày làm việc".into())));
        assert!(!list.iter().any(|(d, _)| *d == date!(2026 - 02 - 20)));
        assert_eq!(list.len(), 12);
    }

    /// Every year 1900–2100: each legal holiday on a weekend has exactly one nghỉ bù, on a
    /// weekday, so the weekdays off are as many as the legal days (one fewer when two
    /// holidays share a date).
    #[test]
    fn every_weekend_holiday_is_compensated_once() {
        let c = cal();
        for year in 1900..=2100 {
            let list = c.holidays_in(year);
            let (comp, legal): (Vec<_>, Vec<_>) =
                list.iter().partition(|(_, n)| n.starts_with("Nghỉ bù"));
            let on_weekend = legal.iter().filter(|(d, _)| is_weekend(*d)).count();
            assert_eq!(comp.len(), on_weekend, "{year}");
            assert!(comp.iter().all(|(d, _)| !is_weekend(*d)), "{year}");
            assert!(legal.len() == 11 || legal.len() == 10, "{year}: {legal:?}");
        }
    }

    #[test]
    fn deadline_over_tet_2026() {
        let c = cal();
        // Received Tuesday 10 Feb 2026: 3 working days before Tết (11–13 Feb), nothing from
        // 14 to 22 Feb, then 12 more from Monday 23 Feb: Tuesday 10 March.
        assert_eq!(
            c.add_working_days(date!(2026 - 02 - 10), 15),
            date!(2026 - 03 - 10)
        );
        assert_eq!(
            c.working_days_between(date!(2026 - 02 - 10), date!(2026 - 03 - 10)),
            15
        );
        // The same count in a month without holidays takes three weeks.
        assert_eq!(
            c.add_working_days(date!(2026 - 03 - 10), 15),
            date!(2026 - 03 - 31)
        );
    }

    #[test]
    fn deadline_basics() {
        let c = cal();
        let friday = date!(2026 - 03 - 06);
        let saturday = date!(2026 - 03 - 07);
        assert_eq!(c.add_working_days(friday, 0), friday);
        assert_eq!(c.add_working_days(saturday, 0), saturday);
        assert_eq!(c.add_working_days(friday, 1), date!(2026 - 03 - 09));
        assert_eq!(c.add_working_days(saturday, 1), date!(2026 - 03 - 09));
        assert_eq!(c.working_days_between(friday, friday), 0);
        assert_eq!(c.working_days_between(date!(2026 - 03 - 09), friday), 0);
        assert_eq!(c.working_days_between(friday, date!(2026 - 03 - 08)), 0);
        assert_eq!(c.working_days_between(friday, date!(2026 - 03 - 09)), 1);
    }

    #[test]
    fn adjustments_move_deadlines() {
        let start = date!(2026 - 03 - 02); // Monday
        let base = cal().add_working_days(start, 10);
        assert_eq!(base, date!(2026 - 03 - 16));
        // An announced day off inside the period adds one working day.
        let off = cal().with_day_off(date!(2026 - 03 - 05), "Nghỉ đột xuất");
        assert_eq!(off.add_working_days(start, 10), date!(2026 - 03 - 17));
        // A Saturday made a working day removes one.
        let swap = cal().with_working_day(date!(2026 - 03 - 07), "Làm bù");
        assert_eq!(swap.kind(date!(2026 - 03 - 07)), DayKind::WorkingSwap);
        assert_eq!(swap.add_working_days(start, 10), date!(2026 - 03 - 13));
        // The latest adjustment of a date wins.
        let both = off.with_working_day(date!(2026 - 03 - 05), "Hủy nghỉ");
        assert_eq!(both.add_working_days(start, 10), base);
        assert_eq!(both.announced_days_off().count(), 0);
        // A default holiday can be undone, e.g. to follow a decision that moved a Tết day.
        let moved = cal()
            .with_working_day(date!(2024 - 02 - 15), "Tết 2024: nghỉ từ 29 tháng Chạp")
            .with_day_off(date!(2024 - 02 - 08), "Tết 2024: 29 tháng Chạp");
        assert!(moved.is_working_day(date!(2024 - 02 - 15)));
        assert!(!moved.is_working_day(date!(2024 - 02 - 08)));
    }

    fn any_date() -> impl Strategy<Value = Date> {
        // 1950-01-01 .. about 2090.
        (0i64..51_000).prop_map(|n| date!(1950 - 01 - 01) + Duration::days(n))
    }

    fn any_calendar() -> impl Strategy<Value = WorkCalendar> {
        (
            proptest::collection::vec(any_date(), 0..6),
            proptest::collection::vec(any_date(), 0..6),
        )
            .prop_map(|(off, on)| {
                let c = off
                    .into_iter()
                    .fold(cal(), |c, d| c.with_day_off(d, "nghỉ"));
                on.into_iter().fold(c, |c, d| c.with_working_day(d, "làm"))
            })
    }

    proptest! {
        #[test]
        fn deadline_is_a_working_day_and_counts_back(
            c in any_calendar(), d in any_date(), n in 0u32..300
        ) {
            let deadline = c.add_working_days(d, n);
            if n >= 1 {
                prop_assert!(c.is_working_day(deadline));
                prop_assert!(c.kind(deadline).is_working());
                prop_assert!(deadline > d);
            }
            prop_assert_eq!(c.working_days_between(d, deadline), i64::from(n));
        }

        #[test]
        fn deadline_is_strictly_monotone(c in any_calendar(), d in any_date(), n in 0u32..200) {
            prop_assert!(c.add_working_days(d, n) < c.add_working_days(d, n + 1));
        }

        #[test]
        fn between_is_additive(
            d in any_date(), a in 0i64..400, b in 0i64..400
        ) {
            let c = cal();
            let m = d + Duration::days(a);
            let e = m + Duration::days(b);
            prop_assert_eq!(
                c.working_days_between(d, e),
                c.working_days_between(d, m) + c.working_days_between(m, e)
            );
        }

        #[test]
        fn kind_and_is_working_day_agree(c in any_calendar(), d in any_date()) {
            prop_assert_eq!(c.kind(d).is_working(), c.is_working_day(d));
        }
    }
}
