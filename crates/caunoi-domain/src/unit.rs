//! Administrative units: official statistical codes and kinds (province, commune, ward, ...).

use crate::fields::FieldError;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// An official General Statistics Office code: 2 digits for a province (`01` is Hà Nội),
/// 3 for a (former) district, 5 for a commune, ward or special zone.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UnitCode(String);

impl UnitCode {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim();
        if matches!(s.len(), 2 | 3 | 5) && s.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(s.to_owned()))
        } else {
            Err(FieldError::new(
                "unit",
                "Mã đơn vị hành chính gồm 2 chữ số (tỉnh, ví dụ 01 là Hà Nội) hoặc 5 chữ số (xã, phường).",
                "An administrative unit code has 2 digits (province, e.g. 01 for Hà Nội) or 5 digits (commune, ward).",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnitCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for UnitCode {
    type Error = FieldError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        UnitCode::parse(&s)
    }
}

impl From<UnitCode> for String {
    fn from(c: UnitCode) -> String {
        c.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdminUnitKind {
    Province,
    District,
    Commune,
    Ward,
    Township,
    SpecialZone,
}

impl AdminUnitKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Province => "province",
            Self::District => "district",
            Self::Commune => "commune",
            Self::Ward => "ward",
            Self::Township => "township",
            Self::SpecialZone => "special_zone",
        }
    }

    /// The level a council of this unit sits at since 1 July 2025.
    pub fn council_level(self) -> Option<CouncilLevel> {
        match self {
            Self::Province => Some(CouncilLevel::Province),
            Self::Commune | Self::Ward | Self::SpecialZone => Some(CouncilLevel::Commune),
            Self::District | Self::Township => None,
        }
    }
}

impl FromStr for AdminUnitKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "province" => Self::Province,
            "district" => Self::District,
            "commune" => Self::Commune,
            "ward" => Self::Ward,
            "township" => Self::Township,
            "special_zone" => Self::SpecialZone,
            other => {
                return Err(format!(
                    "unknown unit kind '{other}'; use province, district, commune, ward, township or special_zone"
                ));
            }
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CouncilLevel {
    Province,
    Commune,
}

impl CouncilLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Province => "province",
            Self::Commune => "commune",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn codes() {
        assert!(UnitCode::parse("01").is_ok());
        assert!(UnitCode::parse("00004").is_ok());
        assert!(UnitCode::parse("001").is_ok());
        for bad in ["1", "0001", "ab", "", "01 2", "０１"] {
            assert_eq!(UnitCode::parse(bad).unwrap_err().field, "unit", "{bad}");
        }
    }

    proptest! {
        #[test]
        fn only_digit_codes_of_known_lengths_parse(s in "\\PC{0,8}") {
            if let Ok(c) = UnitCode::parse(&s) {
                prop_assert!(matches!(c.as_str().len(), 2 | 3 | 5));
                prop_assert!(c.as_str().bytes().all(|b| b.is_ascii_digit()));
            }
        }
    }
}
