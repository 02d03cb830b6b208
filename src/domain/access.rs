//! Who may read and write which cooperation record (project, partnership, triangular
//! arrangement, policy exchange): one rule for all of them.
//!
//! Admins and coordinators read and write every record. A partner reads public records
//! and the restricted ones its organisation takes part in (any other restricted record
//! does not exist for it: 404), and writes only records its organisation takes part in,
//! without removing itself. Viewers read public records. Deleting is for admins and
//! coordinators.

use uuid::Uuid;

use crate::auth::{Caller, Role};
use crate::error::ApiError;
use crate::store::visibility::ReadScope;

/// Which records a caller may read (the rule itself is `store::visibility`'s).
pub fn read_scope(caller: &Caller) -> ReadScope {
    match (caller.role, caller.org) {
        (Role::Admin | Role::Coordinator, _) => ReadScope::All,
        (Role::Partner, Some(org)) => ReadScope::PublicOrParticipant(org),
        _ => ReadScope::Public,
    }
}

/// Roles that may write cooperation records at all.
pub const WRITERS: [Role; 3] = [Role::Admin, Role::Coordinator, Role::Partner];

/// May `caller` create a record (a "project", a "partnership", ...) with these
/// participating organisations?
pub fn check_create(caller: &Caller, noun: &str, participants: &[Uuid]) -> Result<(), ApiError> {
    caller.require(&WRITERS)?;
    if caller.role == Role::Partner {
        let org = caller.org.expect("partner tokens carry an org");
        if !participants.contains(&org) {
            return Err(ApiError::forbidden(format!(
                "a partner creates only {noun}s in which its organisation ({org}) participates"
            )));
        }
    }
    Ok(())
}

/// May `caller` change a record whose participating organisations are `current` into one
/// with `new`?
pub fn check_update(
    caller: &Caller,
    noun: &str,
    current: &[Uuid],
    new: &[Uuid],
) -> Result<(), ApiError> {
    caller.require(&WRITERS)?;
    if caller.role == Role::Partner {
        let org = caller.org.expect("partner tokens carry an org");
        if !current.contains(&org) {
            return Err(ApiError::forbidden(format!(
                "a partner changes only {noun}s in which its organisation ({org}) participates"
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
