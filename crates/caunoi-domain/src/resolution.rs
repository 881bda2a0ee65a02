//! Resolutions (nghị quyết): their numbers and the status that follows from dates and links.

use time::Date;

/// A resolution number as councils write it: `15/2025/NQ-HĐND` (a legal normative document, with
/// its year) or `125/NQ-HĐND` (an individual resolution, whose year is that of its adoption).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolutionNumber {
    pub serial: u32,
    pub year: Option<i32>,
}

impl ResolutionNumber {
    /// Accepts the usual variants: spaces around the slashes and dash, lower case, "HDND"
    /// without the mark, "NQ/HĐND". Anything else is refused with the expected form named.
    pub fn parse(s: &str) -> Result<Self, &'static str> {
        let folded: String = vntext::fold(&vntext::nfc(s))
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase();
        const FORMAT: &str = "Số nghị quyết phải có dạng 15/2025/NQ-HĐND hoặc 125/NQ-HĐND.";
        let parts: Vec<&str> = folded.split('/').collect();
        let (serial, year, suffix) = match parts.as_slice() {
            [n, y, rest @ ..] if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => {
                (*n, Some(*y), rest.join("/"))
            }
            [n, rest @ ..] => (*n, None, rest.join("/")),
            _ => return Err(FORMAT),
        };
        if !matches!(suffix.as_str(), "nq-hdnd" | "nq/hdnd" | "nq-hđnd") {
            return Err(FORMAT);
        }
        let serial: u32 = serial.parse().map_err(|_| FORMAT)?;
        if serial == 0 {
            return Err(FORMAT);
        }
        let year = match year {
            Some(y) => {
                let y: i32 = y.parse().map_err(|_| FORMAT)?;
                if !(1946..=2200).contains(&y) {
                    return Err("Năm trong số nghị quyết không hợp lệ.");
                }
                Some(y)
            }
            None => None,
        };
        Ok(Self { serial, year })
    }

    /// The number as printed: `15/2025/NQ-HĐND`.
    pub fn canonical(&self) -> String {
        match self.year {
            Some(y) => format!("{}/{y}/NQ-HĐND", self.serial),
            None => format!("{}/NQ-HĐND", self.serial),
        }
    }

    /// What makes two numbers the same within a council: the individual form carries the year
    /// of adoption so `5/NQ-HĐND` of 2024 and of 2025 stay apart.
    pub fn key(&self, adopted_year: i32) -> String {
        match self.year {
            Some(y) => format!("{}/{y}/nq-hdnd", self.serial),
            None => format!("{}/nq-hdnd@{adopted_year}", self.serial),
        }
    }
}

/// Where a resolution stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ResolutionStatus {
    NotYetEffective,
    Effective,
    Amended,
    Replaced,
    Expired,
}

impl ResolutionStatus {
    pub const ALL: [ResolutionStatus; 5] = [
        ResolutionStatus::NotYetEffective,
        ResolutionStatus::Effective,
        ResolutionStatus::Amended,
        ResolutionStatus::Replaced,
        ResolutionStatus::Expired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ResolutionStatus::NotYetEffective => "not_yet_effective",
            ResolutionStatus::Effective => "effective",
            ResolutionStatus::Amended => "amended",
            ResolutionStatus::Replaced => "replaced",
            ResolutionStatus::Expired => "expired",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            ResolutionStatus::NotYetEffective => "Chưa có hiệu lực",
            ResolutionStatus::Effective => "Còn hiệu lực",
            ResolutionStatus::Amended => "Còn hiệu lực, đã được sửa đổi",
            ResolutionStatus::Replaced => "Đã bị thay thế",
            ResolutionStatus::Expired => "Hết hiệu lực",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            ResolutionStatus::NotYetEffective => "Not yet in force",
            ResolutionStatus::Effective => "In force",
            ResolutionStatus::Amended => "In force, amended",
            ResolutionStatus::Replaced => "Replaced",
            ResolutionStatus::Expired => "Expired",
        }
    }

    /// The status on `today`: a replaced resolution is replaced from the day its replacement takes
    /// effect; one past its end date has expired; one whose day has not come is not yet in force;
    /// an amended one stays in force.
    pub fn on(
        today: Date,
        effective_on: Option<Date>,
        expires_on: Option<Date>,
        replaced_from: Option<Date>,
        amended: bool,
    ) -> Self {
        if replaced_from.is_some_and(|d| d <= today) {
            ResolutionStatus::Replaced
        } else if expires_on.is_some_and(|d| d <= today) {
            ResolutionStatus::Expired
        } else if effective_on.is_some_and(|d| d > today) {
            ResolutionStatus::NotYetEffective
        } else if amended {
            ResolutionStatus::Amended
        } else {
            ResolutionStatus::Effective
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn numbers_in_the_forms_councils_write() {
        let n = ResolutionNumber::parse("15/2025/NQ-HĐND").unwrap();
        assert_eq!(n.canonical(), "15/2025/NQ-HĐND");
        for variant in [
            "15 / 2025 / NQ-HDND",
            "15/2025/nq-hđnd",
            "15/2025/NQ - HĐND",
        ] {
            assert_eq!(ResolutionNumber::parse(variant).unwrap(), n, "{variant}");
        }
        let ind = ResolutionNumber::parse("125/NQ-HĐND").unwrap();
        assert_eq!(ind.canonical(), "125/NQ-HĐND");
        assert_eq!(ind.key(2025), "125/nq-hdnd@2025");
        for bad in [
            "",
            "NQ-HĐND",
            "0/2025/NQ-HĐND",
            "15/2025/QĐ-UBND",
            "abc/NQ-HĐND",
            "15/1800/NQ-HĐND",
        ] {
            assert!(ResolutionNumber::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn status_follows_dates_and_links() {
        let today = date!(2026 - 11 - 26);
        let s = |eff, exp, rep, am| ResolutionStatus::on(today, eff, exp, rep, am);
        assert_eq!(
            s(Some(date!(2026 - 01 - 01)), None, None, false),
            ResolutionStatus::Effective
        );
        assert_eq!(
            s(Some(date!(2027 - 01 - 01)), None, None, false),
            ResolutionStatus::NotYetEffective
        );
        assert_eq!(
            s(None, Some(date!(2026 - 06 - 30)), None, false),
            ResolutionStatus::Expired
        );
        assert_eq!(
            s(None, None, Some(date!(2026 - 07 - 01)), true),
            ResolutionStatus::Replaced
        );
        assert_eq!(
            s(None, None, Some(date!(2027 - 07 - 01)), true),
            ResolutionStatus::Amended
        );
    }

    proptest! {
        /// A replacement in force always wins; the other rules never override it.
        #[test]
        fn replacement_in_force_dominates(off in -400i64..400, eff in proptest::option::of(-400i64..400),
                                          exp in proptest::option::of(-400i64..400), amended: bool) {
            let today = date!(2026 - 01 - 01);
            let d = |n: i64| today + time::Duration::days(n);
            let status = ResolutionStatus::on(today, eff.map(d), exp.map(d), Some(d(off)), amended);
            prop_assert_eq!(status == ResolutionStatus::Replaced, off <= 0);
        }

        /// Canonical numbers parse back to themselves.
        #[test]
        fn canonical_round_trips(serial in 1u32..100_000, year in proptest::option::of(1946i32..2200)) {
            let n = ResolutionNumber { serial, year };
            prop_assert_eq!(ResolutionNumber::parse(&n.canonical()), Ok(n));
        }
    }
}
