//! Newtypes for what people type in ("parse, don't validate"): each refuses bad input with a
//! message that names the field and the fix, in Vietnamese and English.

use serde::Serialize;
use std::fmt;

/// A refusal of one field: `field` is the form/API name, the messages say what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: &'static str,
    pub message_vi: String,
    pub message_en: String,
}

impl FieldError {
    pub fn new(field: &'static str, vi: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            field,
            message_vi: vi.into(),
            message_en: en.into(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message_en)
    }
}

impl std::error::Error for FieldError {}

/// Unicode NFC without pulling a dependency into the domain: text is normalised at the edge by
/// `vntext`; here we only trim and bound lengths, counted in characters as people count them.
fn trimmed(s: &str) -> &str {
    s.trim()
}

/// An e-mail address, stored lower-case so one person has one account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    pub const MAX_CHARS: usize = 254;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = trimmed(raw).to_lowercase();
        let err = |vi: &str, en: &str| Err(FieldError::new("email", vi, en));
        if s.is_empty() {
            return err("Vui lòng nhập địa chỉ e-mail.", "Enter an e-mail address.");
        }
        if s.chars().count() > Self::MAX_CHARS {
            return err(
                "Địa chỉ e-mail quá dài (tối đa 254 ký tự).",
                "The e-mail address is too long (at most 254 characters).",
            );
        }
        let Some((local, domain)) = s.split_once('@') else {
            return err(
                "Địa chỉ e-mail cần có dạng ten@vidu.vn.",
                "An e-mail address looks like name@example.vn.",
            );
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local
                .chars()
                .any(|c| c.is_whitespace() || c == '@' || c.is_control());
        if !domain_ok || !local_ok {
            return err(
                "Địa chỉ e-mail cần có dạng ten@vidu.vn.",
                "An e-mail address looks like name@example.vn.",
            );
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A person's full name as they write it (Vietnamese order: family, middle, given).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct PersonName(String);

impl PersonName {
    pub const MAX_CHARS: usize = 120;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = trimmed(raw);
        if s.is_empty() {
            return Err(FieldError::new(
                "name",
                "Vui lòng nhập họ và tên.",
                "Enter a full name.",
            ));
        }
        if s.chars().count() > Self::MAX_CHARS {
            return Err(FieldError::new(
                "name",
                "Họ và tên quá dài (tối đa 120 ký tự).",
                "The name is too long (at most 120 characters).",
            ));
        }
        if s.chars().any(char::is_control) {
            return Err(FieldError::new(
                "name",
                "Họ và tên không được chứa ký tự điều khiển.",
                "The name must not contain control characters.",
            ));
        }
        Ok(Self(s.split_whitespace().collect::<Vec<_>>().join(" ")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password: long enough to resist guessing, bounded so hashing cannot be abused.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

impl Password {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 256;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let n = raw.chars().count();
        if n < Self::MIN_CHARS {
            return Err(FieldError::new(
                "password",
                "Mật khẩu cần ít nhất 10 ký tự.",
                "The password needs at least 10 characters.",
            ));
        }
        if n > Self::MAX_CHARS {
            return Err(FieldError::new(
                "password",
                "Mật khẩu quá dài (tối đa 256 ký tự).",
                "The password is too long (at most 256 characters).",
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// A label a person gives an API token so they can tell their tokens apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct TokenLabel(String);

impl TokenLabel {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = trimmed(raw);
        if s.chars().count() > 80 || s.chars().any(char::is_control) {
            return Err(FieldError::new(
                "label",
                "Nhãn mã truy cập tối đa 80 ký tự, không chứa ký tự điều khiển.",
                "A token label has at most 80 characters and no control characters.",
            ));
        }
        Ok(Self(if s.is_empty() { "api".into() } else { s.into() }))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn email_is_lower_cased_and_trimmed() {
        assert_eq!(
            Email::parse("  An.Nguyen@HDND.HaNoi.gov.vn ")
                .unwrap()
                .as_str(),
            "an.nguyen@hdnd.hanoi.gov.vn"
        );
    }

    #[test]
    fn bad_emails_name_the_field() {
        for bad in [
            "",
            "an",
            "an@",
            "@hanoi.vn",
            "an@hanoi",
            "a b@hanoi.vn",
            "an@.vn",
        ] {
            let e = Email::parse(bad).unwrap_err();
            assert_eq!(e.field, "email", "{bad}");
        }
    }

    #[test]
    fn names_collapse_inner_spaces() {
        assert_eq!(
            PersonName::parse(" Nguyễn   Thị  Bích Ngọc ")
                .unwrap()
                .as_str(),
            "Nguyễn Thị Bích Ngọc"
        );
        assert_eq!(PersonName::parse("   ").unwrap_err().field, "name");
    }

    #[test]
    fn password_debug_hides_the_secret() {
        let p = Password::parse("mat-khau-rat-dai").unwrap();
        assert!(!format!("{p:?}").contains("mat-khau"));
        assert_eq!(Password::parse("ngan").unwrap_err().field, "password");
    }

    proptest! {
        #[test]
        fn email_parse_is_idempotent(s in "\\PC{0,80}") {
            if let Ok(e) = Email::parse(&s) {
                prop_assert_eq!(Email::parse(e.as_str()).unwrap(), e);
            }
        }

        #[test]
        fn valid_names_are_bounded_and_reparse(s in "\\PC{0,200}") {
            if let Ok(n) = PersonName::parse(&s) {
                prop_assert!(n.as_str().chars().count() <= PersonName::MAX_CHARS);
                prop_assert_eq!(PersonName::parse(n.as_str()).unwrap(), n);
            }
        }

        #[test]
        fn password_bounds_hold(s in "\\PC{0,300}") {
            let n = s.chars().count();
            prop_assert_eq!(Password::parse(&s).is_ok(), (Password::MIN_CHARS..=Password::MAX_CHARS).contains(&n));
        }
    }
}
