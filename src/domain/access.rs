//! Who may read and write which cooperation record (project, partnership, triangular
//! arrangement, policy exchange): one rule for all of them.
//!
//! Admins and coordinators read and write every record. A partner reads public records
//! and the restricted ones its organisation takes part in (any other restricted record
//! does not exist for it: 404), and writes only records its organisation takes part in.
//! What other organisations rely on is not a partner's to take away: it may add
//! organisations to a record, but it neither removes one (itself included) nor changes
//! who may read the record (its visibility); coordinators and admins do that. Under
//! review (`SSC_REVIEW=all_edits`), a partner's edit of an approved record is a proposal
//! that counts only once approved: it may then propose removing another organisation or
//! changing the visibility, which take effect on approval. Viewers read public records.
//! Deleting is for admins and coordinators.

use uuid::Uuid;

use crate::auth::{Caller, Role};
use crate::domain::vocabulary::Visibility;
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
pub fn check_create(
    caller: &Caller,
    noun: &'static str,
    participants: &[Uuid],
) -> Result<(), ApiError> {
    caller.require(&WRITERS)?;
    if caller.role == Role::Partner {
        let org = caller.org.expect("partner tokens carry an org");
        if !participants.contains(&org) {
            return Err(ApiError::forbidden(crate::msg!(
                "partner-creates-only-its-own",
                kind = crate::l10n::noun(noun),
                org = org.to_string()
            )));
        }
    }
    Ok(())
}

/// Who takes part in a record and who may read it: what a change is judged by.
#[derive(Debug, Clone, Copy)]
pub struct Sharing<'a> {
    pub participants: &'a [Uuid],
    pub visibility: Visibility,
}

/// May `caller` change a record shared as `current` into one shared as `new` (`None`:
/// judge the caller alone, before its input is read)? A `proposal` counts only once a
/// coordinator approves it: then a partner may propose to remove another organisation or
/// to change the visibility.
pub fn check_update(
    caller: &Caller,
    noun: &'static str,
    proposal: bool,
    current: Sharing<'_>,
    new: Option<Sharing<'_>>,
) -> Result<(), ApiError> {
    caller.require(&WRITERS)?;
    if caller.role != Role::Partner {
        return Ok(());
    }
    let org = caller.org.expect("partner tokens carry an org");
    if !current.participants.contains(&org) {
        return Err(ApiError::forbidden(crate::msg!(
            "partner-changes-only-its-own",
            kind = crate::l10n::noun(noun),
            org = org.to_string()
        )));
    }
    let Some(new) = new else {
        return Ok(());
    };
    if !new.participants.contains(&org) {
        return Err(ApiError::forbidden(crate::msg!(
            "partner-keeps-its-participation"
        )));
    }
    if proposal {
        return Ok(());
    }
    if let Some(removed) = current
        .participants
        .iter()
        .find(|o| !new.participants.contains(o))
    {
        return Err(ApiError::forbidden(crate::msg!(
            "partner-removes-no-other",
            kind = crate::l10n::noun(noun),
            removed = removed.to_string()
        )));
    }
    if new.visibility != current.visibility {
        return Err(ApiError::forbidden(crate::msg!(
            "partner-sets-no-visibility",
            kind = crate::l10n::noun(noun),
            visibility = new.visibility.to_string()
        )));
    }
    Ok(())
}

/// Deleting is for admins and coordinators: a partner withdraws its participation by
/// asking them, not by erasing a shared record.
pub fn check_delete(caller: &Caller) -> Result<(), ApiError> {
    caller.require(&[Role::Admin, Role::Coordinator])
}
