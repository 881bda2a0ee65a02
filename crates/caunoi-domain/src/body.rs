//! The council's bodies (Popolo organizations) and the roles people hold in them.

use std::fmt;
use std::str::FromStr;

/// A body of a council term, or the province's National Assembly delegation that shares the portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    Council,
    StandingBoard,
    Committee,
    DelegateGroup,
    Office,
    NaDelegation,
}

impl BodyKind {
    pub const ALL: [BodyKind; 6] = [
        BodyKind::Council,
        BodyKind::StandingBoard,
        BodyKind::Committee,
        BodyKind::DelegateGroup,
        BodyKind::Office,
        BodyKind::NaDelegation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BodyKind::Council => "council",
            BodyKind::StandingBoard => "standing_board",
            BodyKind::Committee => "committee",
            BodyKind::DelegateGroup => "delegate_group",
            BodyKind::Office => "office",
            BodyKind::NaDelegation => "na_delegation",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            BodyKind::Council => "Hội đồng nhân dân",
            BodyKind::StandingBoard => "Thường trực HĐND",
            BodyKind::Committee => "Ban của HĐND",
            BodyKind::DelegateGroup => "Tổ đại biểu",
            BodyKind::Office => "Văn phòng",
            BodyKind::NaDelegation => "Đoàn đại biểu Quốc hội",
        }
    }
}

impl FromStr for BodyKind {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        BodyKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or(())
    }
}

impl fmt::Display for BodyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A person's role in a body. The same role reads differently by body: the chair of a
/// committee is its "Trưởng ban", the head of a delegation its "Trưởng đoàn".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberRole {
    Chair,
    ViceChair,
    GroupHead,
    DeputyGroupHead,
    Member,
}

impl MemberRole {
    pub const ALL: [MemberRole; 5] = [
        MemberRole::Chair,
        MemberRole::ViceChair,
        MemberRole::GroupHead,
        MemberRole::DeputyGroupHead,
        MemberRole::Member,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MemberRole::Chair => "chair",
            MemberRole::ViceChair => "vice_chair",
            MemberRole::GroupHead => "group_head",
            MemberRole::DeputyGroupHead => "deputy_group_head",
            MemberRole::Member => "member",
        }
    }

    /// The title of this role in a body of `kind`, in Vietnamese.
    pub fn title_vi(self, kind: BodyKind) -> &'static str {
        use BodyKind as B;
        use MemberRole as R;
        match (kind, self) {
            (B::Council | B::StandingBoard, R::Chair) => "Chủ tịch HĐND",
            (B::Council | B::StandingBoard, R::ViceChair) => "Phó Chủ tịch HĐND",
            (B::Committee, R::Chair) => "Trưởng ban",
            (B::Committee, R::ViceChair) => "Phó Trưởng ban",
            (B::Office, R::Chair) => "Chánh Văn phòng",
            (B::Office, R::ViceChair) => "Phó Chánh Văn phòng",
            (B::NaDelegation, R::Chair) => "Trưởng đoàn",
            (B::NaDelegation, R::ViceChair) => "Phó Trưởng đoàn",
            (B::NaDelegation, R::Member) => "Đại biểu Quốc hội",
            (_, R::GroupHead) | (B::DelegateGroup, R::Chair) => "Tổ trưởng",
            (_, R::DeputyGroupHead) | (B::DelegateGroup, R::ViceChair) => "Tổ phó",
            (B::Council, R::Member) => "Đại biểu HĐND",
            (B::Office, R::Member) => "Chuyên viên",
            (_, R::Member) => "Thành viên",
        }
    }

    pub fn title_en(self, kind: BodyKind) -> &'static str {
        use BodyKind as B;
        use MemberRole as R;
        match (kind, self) {
            (B::NaDelegation, R::Chair) => "Head of delegation",
            (B::NaDelegation, R::ViceChair) => "Deputy head of delegation",
            (B::NaDelegation, R::Member) => "National Assembly deputy",
            (_, R::Chair) => "Chair",
            (_, R::ViceChair) => "Vice-chair",
            (_, R::GroupHead) => "Group head",
            (_, R::DeputyGroupHead) => "Deputy group head",
            (B::Council, R::Member) => "Delegate",
            (_, R::Member) => "Member",
        }
    }

    /// Leaders first, then members: the order a body's list shows.
    pub fn rank(self) -> u8 {
        self as u8
    }
}

impl FromStr for MemberRole {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        MemberRole::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_and_role_round_trips_and_has_titles() {
        for k in BodyKind::ALL {
            assert_eq!(k.as_str().parse::<BodyKind>(), Ok(k));
            for r in MemberRole::ALL {
                assert_eq!(r.as_str().parse::<MemberRole>(), Ok(r));
                assert!(!r.title_vi(k).is_empty() && !r.title_en(k).is_empty());
            }
        }
        assert_eq!(
            MemberRole::Chair.title_vi(BodyKind::Committee),
            "Trưởng ban"
        );
        assert_eq!(
            MemberRole::Chair.title_vi(BodyKind::Council),
            "Chủ tịch HĐND"
        );
        assert!("speaker".parse::<MemberRole>().is_err());
    }
}
