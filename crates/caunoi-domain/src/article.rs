//! The article workflow as a state machine: every move is a function of the current state,
//! the action and the actor's role, returning the next state or a refusal that says why.
//!
//! draft → submitted → changes_requested ↔ submitted → approved → scheduled/published →
//! unpublished/archived.

use crate::role::Role;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArticleState {
    Draft,
    Submitted,
    ChangesRequested,
    Approved,
    Scheduled,
    Published,
    Unpublished,
    Archived,
}

impl ArticleState {
    pub const ALL: [ArticleState; 8] = [
        ArticleState::Draft,
        ArticleState::Submitted,
        ArticleState::ChangesRequested,
        ArticleState::Approved,
        ArticleState::Scheduled,
        ArticleState::Published,
        ArticleState::Unpublished,
        ArticleState::Archived,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ArticleState::Draft => "draft",
            ArticleState::Submitted => "submitted",
            ArticleState::ChangesRequested => "changes_requested",
            ArticleState::Approved => "approved",
            ArticleState::Scheduled => "scheduled",
            ArticleState::Published => "published",
            ArticleState::Unpublished => "unpublished",
            ArticleState::Archived => "archived",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            ArticleState::Draft => "Bản nháp",
            ArticleState::Submitted => "Chờ biên tập",
            ArticleState::ChangesRequested => "Cần sửa",
            ArticleState::Approved => "Đã duyệt",
            ArticleState::Scheduled => "Hẹn giờ đăng",
            ArticleState::Published => "Đã đăng",
            ArticleState::Unpublished => "Đã gỡ",
            ArticleState::Archived => "Lưu trữ",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            ArticleState::Draft => "Draft",
            ArticleState::Submitted => "Awaiting review",
            ArticleState::ChangesRequested => "Changes requested",
            ArticleState::Approved => "Approved",
            ArticleState::Scheduled => "Scheduled",
            ArticleState::Published => "Published",
            ArticleState::Unpublished => "Unpublished",
            ArticleState::Archived => "Archived",
        }
    }

    /// Whether the text may still be edited (by its author or the desk) in this state.
    pub fn editable(self) -> bool {
        matches!(
            self,
            ArticleState::Draft
                | ArticleState::Submitted
                | ArticleState::ChangesRequested
                | ArticleState::Approved
                | ArticleState::Scheduled
                | ArticleState::Published
                | ArticleState::Unpublished
        )
    }
}

impl fmt::Display for ArticleState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ArticleState {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ArticleState::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| format!("unknown article state '{s}'"))
    }
}

/// What someone asks to do with an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArticleAction {
    Submit,
    RequestChanges,
    Approve,
    Schedule,
    Publish,
    Unpublish,
    Archive,
    /// Back to the desk after unpublishing (to correct and publish again).
    Reopen,
}

impl ArticleAction {
    pub const ALL: [ArticleAction; 8] = [
        ArticleAction::Submit,
        ArticleAction::RequestChanges,
        ArticleAction::Approve,
        ArticleAction::Schedule,
        ArticleAction::Publish,
        ArticleAction::Unpublish,
        ArticleAction::Archive,
        ArticleAction::Reopen,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ArticleAction::Submit => "submit",
            ArticleAction::RequestChanges => "request-changes",
            ArticleAction::Approve => "approve",
            ArticleAction::Schedule => "schedule",
            ArticleAction::Publish => "publish",
            ArticleAction::Unpublish => "unpublish",
            ArticleAction::Archive => "archive",
            ArticleAction::Reopen => "reopen",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            ArticleAction::Submit => "Gửi biên tập",
            ArticleAction::RequestChanges => "Yêu cầu sửa",
            ArticleAction::Approve => "Duyệt",
            ArticleAction::Schedule => "Hẹn giờ đăng",
            ArticleAction::Publish => "Đăng ngay",
            ArticleAction::Unpublish => "Gỡ bài",
            ArticleAction::Archive => "Lưu trữ",
            ArticleAction::Reopen => "Mở lại để sửa",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            ArticleAction::Submit => "Submit for review",
            ArticleAction::RequestChanges => "Request changes",
            ArticleAction::Approve => "Approve",
            ArticleAction::Schedule => "Schedule",
            ArticleAction::Publish => "Publish now",
            ArticleAction::Unpublish => "Unpublish",
            ArticleAction::Archive => "Archive",
            ArticleAction::Reopen => "Reopen for editing",
        }
    }
}

impl FromStr for ArticleAction {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ArticleAction::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| format!("unknown action '{s}'"))
    }
}

/// Who is asking, as far as the workflow cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Desk {
    /// The actor wrote the article.
    pub is_author: bool,
    pub is_editor: bool,
    pub is_publisher: bool,
}

impl Desk {
    /// The desk powers of a set of roles (admins of the council act as publishers).
    pub fn from_roles(roles: &[Role], is_author: bool) -> Desk {
        let has = |r: Role| roles.contains(&r);
        let publisher = has(Role::Publisher) || has(Role::CouncilAdmin) || has(Role::Admin);
        Desk {
            is_author,
            is_editor: has(Role::Editor) || publisher,
            is_publisher: publisher,
        }
    }
}

/// Why a move was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The action makes no sense from this state.
    NotFromState,
    /// The state allows it, but not for this actor.
    NotYourRole,
}

/// The one transition table of the newsroom.
pub fn transition(
    from: ArticleState,
    action: ArticleAction,
    desk: Desk,
) -> Result<ArticleState, Refusal> {
    use ArticleAction as A;
    use ArticleState as S;
    let (to, allowed) = match (from, action) {
        (S::Draft | S::ChangesRequested, A::Submit) => {
            (S::Submitted, desk.is_author || desk.is_editor)
        }
        (S::Submitted, A::RequestChanges) => (S::ChangesRequested, desk.is_editor),
        (S::Submitted, A::Approve) => (S::Approved, desk.is_editor),
        (S::Approved, A::RequestChanges) => (S::ChangesRequested, desk.is_editor),
        (S::Approved | S::Scheduled, A::Publish) => (S::Published, desk.is_publisher),
        (S::Approved, A::Schedule) => (S::Scheduled, desk.is_publisher),
        (S::Scheduled, A::Schedule) => (S::Scheduled, desk.is_publisher),
        (S::Published | S::Scheduled, A::Unpublish) => (S::Unpublished, desk.is_publisher),
        (S::Unpublished, A::Reopen) => (S::Submitted, desk.is_editor),
        (S::Unpublished | S::Published, A::Archive) => (S::Archived, desk.is_publisher),
        _ => return Err(Refusal::NotFromState),
    };
    if allowed {
        Ok(to)
    } else {
        Err(Refusal::NotYourRole)
    }
}

/// The actions offered to this desk in this state (for buttons and API hints).
pub fn available(from: ArticleState, desk: Desk) -> Vec<ArticleAction> {
    ArticleAction::ALL
        .into_iter()
        .filter(|a| transition(from, *a, desk).is_ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ArticleAction as A;
    use ArticleState as S;

    const AUTHOR: Desk = Desk {
        is_author: true,
        is_editor: false,
        is_publisher: false,
    };
    const EDITOR: Desk = Desk {
        is_author: false,
        is_editor: true,
        is_publisher: false,
    };
    const PUBLISHER: Desk = Desk {
        is_author: false,
        is_editor: true,
        is_publisher: true,
    };
    const STRANGER: Desk = Desk {
        is_author: false,
        is_editor: false,
        is_publisher: false,
    };

    /// Every (state, action) pair, with the expected outcome for each kind of actor:
    /// `Some(next)` when allowed for at least one, and which actors may.
    #[test]
    fn every_pair_for_every_actor() {
        let allowed = |from: S, a: A| -> Option<(S, [bool; 4])> {
            let r = [AUTHOR, EDITOR, PUBLISHER, STRANGER].map(|d| transition(from, a, d));
            let next = r.iter().find_map(|x| x.ok());
            next.map(|n| (n, r.map(|x| x.is_ok())))
        };
        let expected: &[(S, A, S, [bool; 4])] = &[
            (S::Draft, A::Submit, S::Submitted, [true, true, true, false]),
            (
                S::ChangesRequested,
                A::Submit,
                S::Submitted,
                [true, true, true, false],
            ),
            (
                S::Submitted,
                A::RequestChanges,
                S::ChangesRequested,
                [false, true, true, false],
            ),
            (
                S::Submitted,
                A::Approve,
                S::Approved,
                [false, true, true, false],
            ),
            (
                S::Approved,
                A::RequestChanges,
                S::ChangesRequested,
                [false, true, true, false],
            ),
            (
                S::Approved,
                A::Publish,
                S::Published,
                [false, false, true, false],
            ),
            (
                S::Approved,
                A::Schedule,
                S::Scheduled,
                [false, false, true, false],
            ),
            (
                S::Scheduled,
                A::Schedule,
                S::Scheduled,
                [false, false, true, false],
            ),
            (
                S::Scheduled,
                A::Publish,
                S::Published,
                [false, false, true, false],
            ),
            (
                S::Scheduled,
                A::Unpublish,
                S::Unpublished,
                [false, false, true, false],
            ),
            (
                S::Published,
                A::Unpublish,
                S::Unpublished,
                [false, false, true, false],
            ),
            (
                S::Published,
                A::Archive,
                S::Archived,
                [false, false, true, false],
            ),
            (
                S::Unpublished,
                A::Archive,
                S::Archived,
                [false, false, true, false],
            ),
            (
                S::Unpublished,
                A::Reopen,
                S::Submitted,
                [false, true, true, false],
            ),
        ];
        for from in S::ALL {
            for a in A::ALL {
                let want = expected.iter().find(|(f, x, _, _)| *f == from && *x == a);
                let got = allowed(from, a);
                match (want, got) {
                    (Some((_, _, to, who)), Some((n, w))) => {
                        assert_eq!((n, w), (*to, *who), "{from} {a:?}");
                    }
                    (None, None) => {
                        for d in [AUTHOR, EDITOR, PUBLISHER, STRANGER] {
                            assert_eq!(
                                transition(from, a, d),
                                Err(Refusal::NotFromState),
                                "{from} {a:?}"
                            );
                        }
                    }
                    (w, g) => panic!("{from} {a:?}: expected {w:?}, got {g:?}"),
                }
            }
        }
    }

    #[test]
    fn nothing_leaves_the_archive_and_only_publishers_publish() {
        for d in [AUTHOR, EDITOR, PUBLISHER, STRANGER] {
            assert!(available(S::Archived, d).is_empty());
        }
        for from in S::ALL {
            for d in [AUTHOR, EDITOR, STRANGER] {
                assert_ne!(transition(from, A::Publish, d), Ok(S::Published));
            }
        }
    }

    #[test]
    fn names_round_trip() {
        for s in S::ALL {
            assert_eq!(s.as_str().parse::<S>().unwrap(), s);
        }
        for a in A::ALL {
            assert_eq!(a.as_str().parse::<A>().unwrap(), a);
        }
    }
}
