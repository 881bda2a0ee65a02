//! The petition (kiến nghị) lifecycle as a state machine, its tracking code and its timeliness.
//!
//! received → classified → forwarded → answered → published → closed, with `reopened` (an
//! unsatisfactory or late answer sent back), `merged` (into a group answered once) and `rejected`
//! (with a reason). Overdue and very overdue are computed from the deadline, never stored.

use crate::role::Role;
use crate::workdays::WorkCalendar;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;
use time::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PetitionState {
    Received,
    Classified,
    Forwarded,
    Answered,
    Published,
    Closed,
    Reopened,
    Merged,
    Rejected,
}

impl PetitionState {
    pub const ALL: [PetitionState; 9] = [
        PetitionState::Received,
        PetitionState::Classified,
        PetitionState::Forwarded,
        PetitionState::Answered,
        PetitionState::Published,
        PetitionState::Closed,
        PetitionState::Reopened,
        PetitionState::Merged,
        PetitionState::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PetitionState::Received => "received",
            PetitionState::Classified => "classified",
            PetitionState::Forwarded => "forwarded",
            PetitionState::Answered => "answered",
            PetitionState::Published => "published",
            PetitionState::Closed => "closed",
            PetitionState::Reopened => "reopened",
            PetitionState::Merged => "merged",
            PetitionState::Rejected => "rejected",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            PetitionState::Received => "Đã tiếp nhận",
            PetitionState::Classified => "Đã phân loại",
            PetitionState::Forwarded => "Đã chuyển cơ quan giải quyết",
            PetitionState::Answered => "Đã có trả lời",
            PetitionState::Published => "Đã công khai trả lời",
            PetitionState::Closed => "Đã kết thúc",
            PetitionState::Reopened => "Mở lại để giải quyết tiếp",
            PetitionState::Merged => "Đã gộp với kiến nghị trùng",
            PetitionState::Rejected => "Không thụ lý",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            PetitionState::Received => "Received",
            PetitionState::Classified => "Classified",
            PetitionState::Forwarded => "Forwarded to an agency",
            PetitionState::Answered => "Answered",
            PetitionState::Published => "Answer published",
            PetitionState::Closed => "Closed",
            PetitionState::Reopened => "Reopened",
            PetitionState::Merged => "Merged into a group",
            PetitionState::Rejected => "Rejected",
        }
    }

    /// The agency owes an answer: the deadline runs.
    pub fn awaits_answer(self) -> bool {
        matches!(self, PetitionState::Forwarded | PetitionState::Reopened)
    }

    /// Nothing more happens unless someone reopens it.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            PetitionState::Closed | PetitionState::Merged | PetitionState::Rejected
        )
    }
}

impl FromStr for PetitionState {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|k| k.as_str() == s).ok_or(())
    }
}

impl fmt::Display for PetitionState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PetitionAction {
    Classify,
    Forward,
    Answer,
    Publish,
    Close,
    Reopen,
    Merge,
    Reject,
}

impl PetitionAction {
    pub const ALL: [PetitionAction; 8] = [
        PetitionAction::Classify,
        PetitionAction::Forward,
        PetitionAction::Answer,
        PetitionAction::Publish,
        PetitionAction::Close,
        PetitionAction::Reopen,
        PetitionAction::Merge,
        PetitionAction::Reject,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PetitionAction::Classify => "classify",
            PetitionAction::Forward => "forward",
            PetitionAction::Answer => "answer",
            PetitionAction::Publish => "publish",
            PetitionAction::Close => "close",
            PetitionAction::Reopen => "reopen",
            PetitionAction::Merge => "merge",
            PetitionAction::Reject => "reject",
        }
    }

    /// Who may take the action: the council's office for everything but the answer, which is
    /// the agency's (the office may record an answer received on paper).
    pub fn roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            PetitionAction::Answer => &[Agency, Clerk, CouncilAdmin, Admin],
            _ => &[Clerk, CouncilAdmin, Admin],
        }
    }
}

impl FromStr for PetitionAction {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|k| k.as_str() == s).ok_or(())
    }
}

/// Why a move was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No role of the actor may take this action.
    NotAllowed,
    /// The action makes no sense in this state; the message says what can be done instead.
    WrongState {
        state: PetitionState,
        action: PetitionAction,
    },
}

impl Refusal {
    pub fn message_vi(&self) -> String {
        match self {
            Refusal::NotAllowed => {
                "Bạn không có quyền thực hiện thao tác này với kiến nghị.".into()
            }
            Refusal::WrongState { state, action } => format!(
                "Không thể “{}” khi kiến nghị đang ở trạng thái “{}”.",
                action_label_vi(*action),
                state.label_vi()
            ),
        }
    }
}

pub fn action_label_vi(a: PetitionAction) -> &'static str {
    match a {
        PetitionAction::Classify => "phân loại",
        PetitionAction::Forward => "chuyển cơ quan giải quyết",
        PetitionAction::Answer => "trả lời",
        PetitionAction::Publish => "công khai trả lời",
        PetitionAction::Close => "kết thúc",
        PetitionAction::Reopen => "mở lại",
        PetitionAction::Merge => "gộp",
        PetitionAction::Reject => "không thụ lý",
    }
}

/// The next state, or why not. `roles` are the actor's roles over the petition's unit.
pub fn transition(
    state: PetitionState,
    action: PetitionAction,
    roles: &[Role],
) -> Result<PetitionState, Refusal> {
    use PetitionAction as A;
    use PetitionState as S;
    if !roles.iter().any(|r| action.roles().contains(r)) {
        return Err(Refusal::NotAllowed);
    }
    let next = match (state, action) {
        (S::Received | S::Classified | S::Reopened, A::Classify) => S::Classified,
        (S::Classified | S::Reopened | S::Forwarded, A::Forward) => S::Forwarded,
        (S::Forwarded | S::Reopened, A::Answer) => S::Answered,
        (S::Answered, A::Publish) => S::Published,
        (S::Published | S::Answered, A::Close) => S::Closed,
        (S::Answered | S::Published | S::Closed, A::Reopen) => S::Reopened,
        (S::Received | S::Classified | S::Forwarded | S::Reopened, A::Merge) => S::Merged,
        (S::Received | S::Classified, A::Reject) => S::Rejected,
        _ => return Err(Refusal::WrongState { state, action }),
    };
    Ok(next)
}

/// The actions open to these roles in this state (for buttons and the API's `actions`).
pub fn available(state: PetitionState, roles: &[Role]) -> Vec<PetitionAction> {
    PetitionAction::ALL
        .into_iter()
        .filter(|a| transition(state, *a, roles).is_ok())
        .collect()
}

/// Where an answer stands against its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Timeliness {
    /// No deadline runs (not forwarded yet, or finished without one).
    NoDeadline,
    OnTime,
    /// Answered after the deadline.
    AnsweredLate,
    /// Past the deadline without an answer.
    Overdue,
    /// Past the deadline by at least `very_after` working days without an answer.
    VeryOverdue,
}

impl Timeliness {
    pub fn label_vi(self) -> &'static str {
        match self {
            Timeliness::NoDeadline => "Chưa có hạn trả lời",
            Timeliness::OnTime => "Đúng hạn",
            Timeliness::AnsweredLate => "Trả lời quá hạn",
            Timeliness::Overdue => "Quá hạn",
            Timeliness::VeryOverdue => "Quá hạn nghiêm trọng",
        }
    }

    /// `deadline` of the current forwarding; `answered_on` when the agency answered it.
    pub fn of(
        deadline: Option<Date>,
        answered_on: Option<Date>,
        today: Date,
        calendar: &WorkCalendar,
        very_after: i64,
    ) -> Self {
        let Some(deadline) = deadline else {
            return Timeliness::NoDeadline;
        };
        match answered_on {
            Some(a) if a <= deadline => Timeliness::OnTime,
            Some(_) => Timeliness::AnsweredLate,
            None if today <= deadline => Timeliness::OnTime,
            None if calendar.working_days_between(deadline, today) >= very_after => {
                Timeliness::VeryOverdue
            }
            None => Timeliness::Overdue,
        }
    }
}

/// The code a citizen tracks a petition by: `KN-` and 12 characters of Crockford base32
/// (60 random bits), grouped by four for reading aloud. Unguessable, and typo-tolerant on entry
/// (I/L read as 1, O as 0, case and dashes ignored).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct TrackingCode(String);

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

impl TrackingCode {
    /// From 8 random bytes (the caller's randomness; the domain does no IO).
    pub fn from_random(bytes: [u8; 8]) -> Self {
        let mut n = u64::from_le_bytes(bytes) >> 4;
        let mut chars = [0u8; 12];
        for c in chars.iter_mut().rev() {
            *c = CROCKFORD[(n & 31) as usize];
            n >>= 5;
        }
        let s = std::str::from_utf8(&chars).unwrap_or("000000000000");
        TrackingCode(format!("KN-{}-{}-{}", &s[0..4], &s[4..8], &s[8..12]))
    }

    pub fn parse(raw: &str) -> Option<Self> {
        let mut body: String = raw
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if let Some(rest) = body.strip_prefix("KN") {
            body = rest.to_owned();
        }
        let body: String = body
            .chars()
            .map(|c| match c {
                'I' | 'L' => '1',
                'O' => '0',
                c => c,
            })
            .collect();
        if body.len() != 12 || !body.bytes().all(|b| CROCKFORD.contains(&b)) {
            return None;
        }
        Some(TrackingCode(format!(
            "KN-{}-{}-{}",
            &body[0..4],
            &body[4..8],
            &body[8..12]
        )))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn the_main_path_and_its_refusals() {
        let office = [Role::Clerk];
        let agency = [Role::Agency];
        let mut s = PetitionState::Received;
        for (a, roles, next) in [
            (
                PetitionAction::Classify,
                &office[..],
                PetitionState::Classified,
            ),
            (PetitionAction::Forward, &office, PetitionState::Forwarded),
            (PetitionAction::Answer, &agency, PetitionState::Answered),
            (PetitionAction::Publish, &office, PetitionState::Published),
            (PetitionAction::Close, &office, PetitionState::Closed),
            (PetitionAction::Reopen, &office, PetitionState::Reopened),
        ] {
            s = transition(s, a, roles).unwrap();
            assert_eq!(s, next);
        }
        assert_eq!(
            transition(PetitionState::Forwarded, PetitionAction::Publish, &office),
            Err(Refusal::WrongState {
                state: PetitionState::Forwarded,
                action: PetitionAction::Publish
            })
        );
        assert_eq!(
            transition(PetitionState::Received, PetitionAction::Classify, &agency),
            Err(Refusal::NotAllowed)
        );
        assert_eq!(
            transition(
                PetitionState::Received,
                PetitionAction::Classify,
                &[Role::Citizen, Role::Editor]
            ),
            Err(Refusal::NotAllowed)
        );
        assert!(
            Refusal::WrongState {
                state: PetitionState::Closed,
                action: PetitionAction::Answer
            }
            .message_vi()
            .contains("Đã kết thúc")
        );
    }

    #[test]
    fn timeliness_from_the_deadline() {
        let cal = WorkCalendar::vietnam();
        let deadline = Some(date!(2026 - 12 - 10));
        let t = |answered, today| Timeliness::of(deadline, answered, today, &cal, 15);
        assert_eq!(t(None, date!(2026 - 12 - 10)), Timeliness::OnTime);
        assert_eq!(t(None, date!(2026 - 12 - 11)), Timeliness::Overdue);
        assert_eq!(t(None, date!(2027 - 01 - 15)), Timeliness::VeryOverdue);
        assert_eq!(
            t(Some(date!(2026 - 12 - 09)), date!(2027 - 06 - 01)),
            Timeliness::OnTime
        );
        assert_eq!(
            t(Some(date!(2026 - 12 - 12)), date!(2027 - 06 - 01)),
            Timeliness::AnsweredLate
        );
        assert_eq!(
            Timeliness::of(None, None, date!(2026 - 12 - 12), &cal, 15),
            Timeliness::NoDeadline
        );
    }

    #[test]
    fn tracking_codes_read_back_with_typos() {
        let c = TrackingCode::from_random([1, 2, 3, 4, 5, 6, 7, 8]);
        assert!(
            c.as_str().starts_with("KN-") && c.as_str().len() == 17,
            "{}",
            c.as_str()
        );
        let typed = c
            .as_str()
            .to_lowercase()
            .replace('-', " ")
            .replace('0', "o");
        assert_eq!(TrackingCode::parse(&typed), Some(c));
        assert_eq!(TrackingCode::parse("KN-1234"), None);
        assert_eq!(
            TrackingCode::parse("KN-UUUU-UUUU-UUUU"),
            None,
            "U is not Crockford"
        );
    }

    fn any_state() -> impl Strategy<Value = PetitionState> {
        (0..PetitionState::ALL.len()).prop_map(|i| PetitionState::ALL[i])
    }
    fn any_action() -> impl Strategy<Value = PetitionAction> {
        (0..PetitionAction::ALL.len()).prop_map(|i| PetitionAction::ALL[i])
    }
    fn any_role() -> impl Strategy<Value = Role> {
        (0..Role::ALL.len()).prop_map(|i| Role::ALL[i])
    }

    proptest! {
        /// Citizens, press, contributors, editors, publishers and delegates never move a petition;
        /// an agency only answers.
        #[test]
        fn only_the_office_and_agencies_move_petitions(s in any_state(), a in any_action(), r in any_role()) {
            if transition(s, a, &[r]).is_ok() {
                prop_assert!(matches!(r, Role::Clerk | Role::CouncilAdmin | Role::Admin) || (r == Role::Agency && a == PetitionAction::Answer));
            }
        }

        /// Final states only leave by reopening; merged and rejected never leave at all.
        #[test]
        fn final_states_stay_final(s in any_state(), a in any_action()) {
            if let Ok(next) = transition(s, a, &[Role::Admin]) {
                if matches!(s, PetitionState::Merged | PetitionState::Rejected) {
                    prop_assert!(false, "{s} left by {a:?} to {next}");
                }
                if s == PetitionState::Closed {
                    prop_assert_eq!(next, PetitionState::Reopened);
                }
            }
        }

        /// Every code made from random bytes parses back to itself.
        #[test]
        fn codes_round_trip(bytes in any::<[u8; 8]>()) {
            let c = TrackingCode::from_random(bytes);
            prop_assert_eq!(TrackingCode::parse(c.as_str()), Some(c));
        }
    }
}
