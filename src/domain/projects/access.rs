//! Who may read and write which project.
//!
//! Admins and coordinators read and write every project. A partner reads public projects
//! and the restricted ones its organisation takes part in (any other restricted project
//! does not exist for it: 404), and writes only projects its organisation takes part in,
//! without removing itself. Viewers read public projects.

use uuid::Uuid;

use crate::auth::{Caller, Role};
use crate::domain::vocabulary::Visibility;
use crate::error::ApiError;

/// Which projects a caller may read, as a filter every query applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadScope {
    All,
    Public,
    /// Public ones, and those in which this organisation participates.
    PublicOrParticipant(Uuid),
}

impl ReadScope {
    pub fn of(caller: &Caller) -> Self {
        match (caller.role, caller.org) {
            (Role::Admin | Role::Coordinator, _) => ReadScope::All,
            (Role::Partner, Some(org)) => ReadScope::PublicOrParticipant(org),
            _ => ReadScope::Public,
        }
    }

    /// May a caller with this scope see a project with this visibility and these
    /// participants?
    pub fn allows(
        self,
        visibility: Visibility,
        mut participants: impl Iterator<Item = Uuid>,
    ) -> bool {
        match (self, visibility) {
            (ReadScope::All, _) | (_, Visibility::Public) => true,
            (ReadScope::PublicOrParticipant(org), Visibility::Restricted) => {
                participants.any(|p| p == org)
            }
            (ReadScope::Public, Visibility::Restricted) => false,
        }
    }
}

/// Roles that may write projects at all.
pub const WRITERS: [Role; 3] = [Role::Admin, Role::Coordinator, Role::Partner];

/// May `caller` create a project with these participants?
pub fn check_create(caller: &Caller, participants: &[Uuid]) -> Result<(), ApiError> {
    caller.require(&WRITERS)?;
    if caller.role == Role::Partner {
        let org = caller.org.expect("partner tokens carry an org");
        if !participants.contains(&org) {
            return Err(ApiError::forbidden(format!(
                "a partner creates only projects in which its organisation ({org}) participates"
            )));
        }
    }
    Ok(())
}

/// May `caller` change a project that has `current` participants into one with `new`?
pub fn check_update(caller: &Caller, current: &[Uuid], new: &[Uuid]) -> Result<(), ApiError> {
    caller.require(&WRITERS)?;
    if caller.role == Role::Partner {
        let org = caller.org.expect("partner tokens carry an org");
        if !current.contains(&org) {
            return Err(ApiError::forbidden(format!(
                "a partner changes only projects in which its organisation ({org}) participates"
            )));
        }
        if !new.contains(&org) {
            return Err(ApiError::forbidden(
                "a partner cannot remove its own organisation's participation",
            ));
        }
    }
    Ok(())
}

/// Deleting is for admins and coordinators: a partner withdraws its participation by
/// asking them, not by erasing a shared record.
pub fn check_delete(caller: &Caller) -> Result<(), ApiError> {
    caller.require(&[Role::Admin, Role::Coordinator])
}
