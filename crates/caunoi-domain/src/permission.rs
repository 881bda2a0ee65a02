//! Who may do what, in one table: every web page, API call and CLI command asks `Actor::may`.

use crate::role::Role;
use crate::unit::UnitCode;

/// Where a grant applies: one unit and everything below it, or the whole install.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    All,
    Unit(UnitCode),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub role: Role,
    pub scope: Scope,
}

/// What an action is aimed at, so a grant can be checked against it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target<'a> {
    /// Something outside any unit (the actor's own account, the workspace home).
    Anywhere,
    /// Something belonging to a unit; `ancestry` lists the unit's code and its ancestors' codes.
    Unit { ancestry: &'a [UnitCode] },
    /// The install as a whole (reference data, system settings).
    System,
}

/// The actions of the foundation; later capabilities add theirs here so one table stays the truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Open the staff workspace (`/quan-tri`).
    OpenWorkspace,
    /// Read one's own account and manage one's own API tokens.
    ManageOwnAccount,
    /// Read the audit log of a unit and below.
    ViewAuditLog,
    /// Add accounts and grant roles for a unit and below.
    ManageUsers,
    /// Grant the system admin role.
    GrantAdmin,
    /// Create or edit councils and terms of a unit and below.
    ManageCouncil,
    /// Load the administrative units reference data.
    ImportUnits,
    /// Write drafts and upload images for a council's newsroom.
    WriteArticles,
    /// Review, edit and comment on anyone's article; see the desk's queue.
    ReviewArticles,
    /// Publish, schedule and unpublish articles.
    PublishArticles,
    /// Edit the newsroom's categories, special sections and contributor guidance.
    ManageNewsroom,
    /// Read contributor statistics.
    ViewNewsroomStats,
    /// Record the council's bodies, delegates, constituencies, activities and resolutions.
    ManageRegistry,
    /// Read session documents not yet released to the public (drafts for delegates and staff).
    ViewDraftDocuments,
    /// Record, moderate, classify, forward, publish and close petitions; manage fields and agencies.
    ProcessPetitions,
    /// Answer the petitions forwarded to one's agency.
    AnswerPetitions,
    /// Read a petitioner's contact details (every read is audited).
    ViewPetitionContacts,
    /// Edit the days off and working Saturdays the government announces.
    ManageWorkCalendar,
}

impl Action {
    pub const ALL: [Action; 18] = [
        Action::OpenWorkspace,
        Action::ManageOwnAccount,
        Action::ViewAuditLog,
        Action::ManageUsers,
        Action::GrantAdmin,
        Action::ManageCouncil,
        Action::ImportUnits,
        Action::WriteArticles,
        Action::ReviewArticles,
        Action::PublishArticles,
        Action::ManageNewsroom,
        Action::ViewNewsroomStats,
        Action::ManageRegistry,
        Action::ViewDraftDocuments,
        Action::ProcessPetitions,
        Action::AnswerPetitions,
        Action::ViewPetitionContacts,
        Action::ManageWorkCalendar,
    ];

    /// The roles that may take this action (within their scope).
    pub fn roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            Action::OpenWorkspace => &[
                Contributor,
                Editor,
                Publisher,
                Delegate,
                Clerk,
                Agency,
                Press,
                CouncilAdmin,
                Admin,
            ],
            Action::ManageOwnAccount => &Role::ALL,
            Action::ViewAuditLog | Action::ManageUsers | Action::ManageCouncil => {
                &[CouncilAdmin, Admin]
            }
            Action::GrantAdmin | Action::ImportUnits => &[Admin],
            Action::WriteArticles => &[Contributor, Editor, Publisher, CouncilAdmin, Admin],
            Action::ReviewArticles => &[Editor, Publisher, CouncilAdmin, Admin],
            Action::PublishArticles => &[Publisher, CouncilAdmin, Admin],
            Action::ManageNewsroom => &[Editor, Publisher, CouncilAdmin, Admin],
            Action::ViewNewsroomStats => &[Editor, Publisher, Clerk, CouncilAdmin, Admin],
            Action::ManageRegistry => &[Clerk, CouncilAdmin, Admin],
            Action::ViewDraftDocuments => &[Delegate, Clerk, CouncilAdmin, Admin],
            Action::ProcessPetitions | Action::ViewPetitionContacts => {
                &[Clerk, CouncilAdmin, Admin]
            }
            Action::AnswerPetitions => &[Agency, Clerk, CouncilAdmin, Admin],
            Action::ManageWorkCalendar => &[CouncilAdmin, Admin],
        }
    }
}

/// Someone acting: a signed-in person, a token holder, or the operator at the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub label: String,
    pub grants: Vec<Grant>,
}

impl Actor {
    pub fn anonymous() -> Self {
        Self {
            user_id: None,
            label: "anonymous".into(),
            grants: Vec::new(),
        }
    }

    /// The operator at the server's shell, who already holds the data files: acts as system admin.
    pub fn operator() -> Self {
        Self {
            user_id: None,
            label: "cli".into(),
            grants: vec![Grant {
                role: Role::Admin,
                scope: Scope::All,
            }],
        }
    }

    pub fn is_signed_in(&self) -> bool {
        self.user_id.is_some()
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.grants.iter().any(|g| g.role == role)
    }

    /// The roles whose grants reach `target`.
    pub fn roles_for(&self, target: &Target<'_>) -> Vec<Role> {
        let mut roles: Vec<Role> = self
            .grants
            .iter()
            .filter(|g| match (&g.scope, target) {
                (Scope::All, _) => true,
                (Scope::Unit(_), Target::Anywhere) => true,
                (Scope::Unit(code), Target::Unit { ancestry }) => ancestry.contains(code),
                (Scope::Unit(_), Target::System) => false,
            })
            .map(|g| g.role)
            .collect();
        roles.sort();
        roles.dedup();
        roles
    }

    /// The first unit this actor holds one of `roles` for (their home unit for that work).
    pub fn unit_for(&self, roles: &[Role]) -> Option<&UnitCode> {
        self.grants.iter().find_map(|g| match &g.scope {
            Scope::Unit(code) if roles.contains(&g.role) => Some(code),
            _ => None,
        })
    }

    /// True when one of the actor's grants allows `action` on `target`.
    pub fn may(&self, action: Action, target: &Target<'_>) -> bool {
        let allowed = action.roles();
        self.roles_for(target).iter().any(|r| allowed.contains(r))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn code(s: &str) -> UnitCode {
        UnitCode::parse(s).unwrap()
    }

    fn actor(role: Role, scope: Scope) -> Actor {
        Actor {
            user_id: Some(1),
            label: "t".into(),
            grants: vec![Grant { role, scope }],
        }
    }

    #[test]
    fn council_admin_of_hanoi_reaches_its_communes_not_other_provinces() {
        let a = actor(Role::CouncilAdmin, Scope::Unit(code("01")));
        let ba_dinh = [code("00004"), code("01")];
        let hue = [code("46")];
        assert!(a.may(Action::ViewAuditLog, &Target::Unit { ancestry: &ba_dinh }));
        assert!(!a.may(Action::ViewAuditLog, &Target::Unit { ancestry: &hue }));
        assert!(!a.may(Action::ImportUnits, &Target::System));
        assert!(!a.may(Action::GrantAdmin, &Target::Anywhere));
    }

    #[test]
    fn commune_admin_does_not_reach_up_to_the_province() {
        let a = actor(Role::CouncilAdmin, Scope::Unit(code("00004")));
        let hanoi = [code("01")];
        assert!(!a.may(Action::ManageUsers, &Target::Unit { ancestry: &hanoi }));
    }

    #[test]
    fn citizens_have_no_workspace_and_anonymous_nothing() {
        let c = actor(Role::Citizen, Scope::Unit(code("01")));
        assert!(!c.may(Action::OpenWorkspace, &Target::Anywhere));
        assert!(c.may(Action::ManageOwnAccount, &Target::Anywhere));
        for action in Action::ALL {
            assert!(!Actor::anonymous().may(action, &Target::Anywhere));
        }
    }

    fn any_role() -> impl Strategy<Value = Role> {
        (0..Role::ALL.len()).prop_map(|i| Role::ALL[i])
    }

    fn any_action() -> impl Strategy<Value = Action> {
        (0..Action::ALL.len()).prop_map(|i| Action::ALL[i])
    }

    proptest! {
        /// Only a grant whose role is listed for the action ever allows it, whatever the scope.
        #[test]
        fn a_role_not_listed_never_passes(role in any_role(), action in any_action(), all in any::<bool>()) {
            let scope = if all { Scope::All } else { Scope::Unit(code("01")) };
            let a = actor(role, scope);
            let ancestry = [code("00004"), code("01")];
            for target in [Target::Anywhere, Target::System, Target::Unit { ancestry: &ancestry }] {
                if a.may(action, &target) {
                    prop_assert!(action.roles().contains(&role));
                }
            }
        }

        /// A unit-scoped grant never reaches a unit outside its subtree.
        #[test]
        fn unit_grants_stay_in_their_subtree(role in any_role(), action in any_action()) {
            let a = actor(role, Scope::Unit(code("01")));
            let elsewhere = [code("22222"), code("79")];
            let target = Target::Unit { ancestry: &elsewhere };
            prop_assert!(!a.may(action, &target));
            prop_assert!(!a.may(action, &Target::System));
        }
    }
}
