//! The roles people hold, each granted for one administrative unit and everything below it.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Citizen,
    Contributor,
    Editor,
    Publisher,
    Delegate,
    Clerk,
    Agency,
    Press,
    CouncilAdmin,
    Admin,
}

impl Role {
    pub const ALL: [Role; 10] = [
        Role::Citizen,
        Role::Contributor,
        Role::Editor,
        Role::Publisher,
        Role::Delegate,
        Role::Clerk,
        Role::Agency,
        Role::Press,
        Role::CouncilAdmin,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Citizen => "citizen",
            Role::Contributor => "contributor",
            Role::Editor => "editor",
            Role::Publisher => "publisher",
            Role::Delegate => "delegate",
            Role::Clerk => "clerk",
            Role::Agency => "agency",
            Role::Press => "press",
            Role::CouncilAdmin => "council_admin",
            Role::Admin => "admin",
        }
    }

    /// The name shown to people, in Vietnamese.
    pub fn label_vi(self) -> &'static str {
        match self {
            Role::Citizen => "Công dân",
            Role::Contributor => "Cộng tác viên",
            Role::Editor => "Biên tập viên",
            Role::Publisher => "Người duyệt đăng",
            Role::Delegate => "Đại biểu",
            Role::Clerk => "Chuyên viên Văn phòng",
            Role::Agency => "Cơ quan trả lời",
            Role::Press => "Phóng viên",
            Role::CouncilAdmin => "Quản trị HĐND",
            Role::Admin => "Quản trị hệ thống",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Role::Citizen => "Citizen",
            Role::Contributor => "Contributor",
            Role::Editor => "Editor",
            Role::Publisher => "Publisher",
            Role::Delegate => "Delegate",
            Role::Clerk => "Office clerk",
            Role::Agency => "Agency responder",
            Role::Press => "Press",
            Role::CouncilAdmin => "Council admin",
            Role::Admin => "System admin",
        }
    }

    /// Staff roles open the workspace; a citizen only has their own account pages.
    pub fn is_staff(self) -> bool {
        self != Role::Citizen
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRole(pub String);

impl fmt::Display for UnknownRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<_> = Role::ALL.iter().map(|r| r.as_str()).collect();
        write!(
            f,
            "unknown role '{}'; use one of: {}",
            self.0,
            names.join(", ")
        )
    }
}

impl std::error::Error for UnknownRole {}

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim())
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>().unwrap(), r);
        }
        let e = "mayor".parse::<Role>().unwrap_err().to_string();
        assert!(e.contains("council_admin"), "{e}");
    }
}
