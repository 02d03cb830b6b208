//! Project writes and single-record reads. Each write runs in one transaction: checks,
//! the rows, the change record, the rendered representation.

use serde_json::json;
use uuid::Uuid;

use crate::auth::Caller;
use crate::db::DbConnection;
use crate::domain::Saved;
use crate::domain::access::{self, ReadScope};
use crate::domain::changes::{ChangeAction, ResourceKind, changed_fields};
use crate::domain::projects::{Project, ProjectInput, ProjectMeta};
use crate::error::{ApiError, FieldError};
use crate::extract::MergePatch;
use crate::store::changes::{self as change_store, NewChange};
use crate::store::projects::{self as project_store, StoredProject};
use crate::store::{self, organisations as org_store, to_utc};
use crate::versioning::{self, IfMatch};

pub fn not_found(id: Uuid) -> ApiError {
    ApiError::not_found(format!("no project with id {id}"))
}

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

/// The stored representation of a project the caller may read (404 otherwise: a
/// restricted project outside the caller's scope does not exist for it).
pub fn read(conn: &mut DbConnection, caller: &Caller, id: Uuid) -> Result<StoredProject, ApiError> {
    let stored = project_store::find_stored(conn, id)?.ok_or_else(|| not_found(id))?;
    let visible = match ReadScope::of(caller) {
        ReadScope::PublicOrParticipant(org)
            if stored.visibility == crate::domain::vocabulary::Visibility::Restricted =>
        {
            project_store::has_participant(conn, id, org)?
        }
        scope => scope.allows(stored.visibility, std::iter::empty()),
    };
    if visible {
        Ok(stored)
    } else {
        Err(not_found(id))
    }
}

/// A project the caller may read, from its tables (for writes).
fn load_visible(conn: &mut DbConnection, caller: &Caller, id: Uuid) -> Result<Project, ApiError> {
    let project = project_store::assemble(conn, id)?.ok_or_else(|| not_found(id))?;
    if ReadScope::of(caller).allows(project.visibility, project.participant_organisations()) {
        Ok(project)
    } else {
        Err(not_found(id))
    }
}

/// May the caller see this project's history? Deleted projects' histories are for
/// admins and coordinators only (their visibility went with them).
pub fn check_history_access(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
) -> Result<(), ApiError> {
    match ReadScope::of(caller) {
        ReadScope::All => Ok(()),
        _ => read(conn, caller, id).map(|_| ()),
    }
}

pub fn create(
    conn: &mut DbConnection,
    caller: &Caller,
    mut input: ProjectInput,
) -> Result<Saved<Project>, ApiError> {
    let participants: Vec<Uuid> = input
        .participants
        .iter()
        .map(|p| p.organisation_id)
        .collect();
    access::check_create(caller, "project", &participants)?;
    input.check(today()).into_result()?;
    let id = Uuid::now_v7();
    check_references(conn, &input, None)?;
    let now = store::now();
    let seq = change_store::append(
        conn,
        NewChange {
            resource: ResourceKind::Project,
            record_id: id,
            action: ChangeAction::Create,
            version: 1,
            caller,
            at: now,
            changed_fields: input.present_fields(),
        },
    )?;
    let project = Project::new(
        input,
        ProjectMeta {
            id,
            version: 1,
            created_at: to_utc(now),
            updated_at: to_utc(now),
            created_by: caller.sub.clone(),
            updated_by: caller.sub.clone(),
        },
    );
    let representation = project_store::insert(conn, &project, seq)?;
    Ok(Saved {
        record: project,
        representation,
    })
}

/// How an update gets its new content.
pub enum Update {
    Replace(Box<ProjectInput>),
    Patch(MergePatch),
}

/// Replace or patch a project when `If-Match` names its version. A write that changes
/// nothing leaves the project (and its version) as it is.
pub fn update(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
    if_match: &IfMatch,
    update: Update,
) -> Result<Saved<Project>, ApiError> {
    let current = load_visible(conn, caller, id)?;
    let current_participants: Vec<Uuid> = current.participant_organisations().collect();
    // Refuse a caller who may not write this project before looking at its input.
    access::check_update(
        caller,
        "project",
        &current_participants,
        &current_participants,
    )?;
    if_match.check(current.version)?;
    let before = current.to_input();
    let mut input = match update {
        Update::Replace(input) => *input,
        Update::Patch(patch) => patch.apply(json!(before))?,
    };
    let participants: Vec<Uuid> = input
        .participants
        .iter()
        .map(|p| p.organisation_id)
        .collect();
    access::check_update(caller, "project", &current_participants, &participants)?;
    input.check(today()).into_result()?;
    let changed = changed_fields(&json!(before), &json!(input));
    if changed.is_empty() {
        let representation = serde_json::to_string(&current).map_err(ApiError::internal)?;
        return Ok(Saved {
            record: current,
            representation,
        });
    }
    check_references(conn, &input, Some(id))?;
    let now = store::now();
    let version = current.version + 1;
    let seq = change_store::append(
        conn,
        NewChange {
            resource: ResourceKind::Project,
            record_id: id,
            action: ChangeAction::Update,
            version,
            caller,
            at: now,
            changed_fields: changed,
        },
    )?;
    let project = Project::new(
        input,
        ProjectMeta {
            id,
            version,
            created_at: current.created_at,
            updated_at: to_utc(now),
            created_by: current.created_by.clone(),
            updated_by: caller.sub.clone(),
        },
    );
    match project_store::update(conn, &project, current.version, seq)? {
        Some(representation) => Ok(Saved {
            record: project,
            representation,
        }),
        None => Err(versioning::changed_concurrently()),
    }
}

pub fn delete(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
    if_match: &IfMatch,
) -> Result<(), ApiError> {
    let current = load_visible(conn, caller, id)?;
    access::check_delete(caller)?;
    if_match.check(current.version)?;
    project_store::delete(conn, id)?;
    change_store::append(
        conn,
        NewChange {
            resource: ResourceKind::Project,
            record_id: id,
            action: ChangeAction::Delete,
            version: current.version,
            caller,
            at: store::now(),
            changed_fields: Vec::new(),
        },
    )?;
    Ok(())
}

/// Rules that need the database: participants and contributors exist; code and IATI
/// identifier are not taken by another project.
fn check_references(
    conn: &mut DbConnection,
    input: &ProjectInput,
    id: Option<Uuid>,
) -> Result<(), ApiError> {
    let referenced: Vec<(String, Uuid)> = input
        .participants
        .iter()
        .enumerate()
        .map(|(i, p)| {
            (
                format!("/participants/{i}/organisation_id"),
                p.organisation_id,
            )
        })
        .chain(input.contributions.iter().enumerate().map(|(i, c)| {
            (
                format!("/contributions/{i}/organisation_id"),
                c.organisation_id,
            )
        }))
        .collect();
    let existing = org_store::existing(conn, referenced.iter().map(|(_, id)| *id))?;
    let errors: Vec<FieldError> = referenced
        .into_iter()
        .filter(|(_, id)| !existing.contains(id))
        .map(|(pointer, id)| FieldError::at(pointer, format!("no organisation with id {id}")))
        .collect();
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    if let Some(holder) = project_store::id_by_code(conn, &input.code)?
        && Some(holder) != id
    {
        return Err(ApiError::conflict(format!(
            "the code {} is already used by project {holder}",
            input.code
        )));
    }
    if let Some(identifier) = &input.iati_identifier
        && let Some(holder) = project_store::id_by_iati_identifier(conn, identifier)?
        && Some(holder) != id
    {
        return Err(ApiError::conflict(format!(
            "the IATI identifier {identifier} is already used by project {holder}"
        )));
    }
    Ok(())
}
