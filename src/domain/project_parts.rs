//! A part of a project with versions of its own (its results, its activities): one JSON
//! document per project with its own version (`ETag`/`If-Match`), history and change
//! feed kind, read by whoever may read the project and written by whoever may write it,
//! under the project's hold. Reading, replacing and the history are written once here;
//! each part implements `ProjectPart` with what is special to it (its items, its rules,
//! the rows figures read of it).

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::auth::Caller;
use crate::db::DbConnection;
use crate::domain::access::{self, Sharing};
use crate::domain::changes::{ChangeAction, ChangePage};
use crate::domain::kinds::ResourceKind;
use crate::domain::lists;
use crate::domain::projects::{Project, ProjectInput};
use crate::domain::record::{self, CooperationKind, ExpectedVersions, RecordStorage};
use crate::error::ApiError;
use crate::pagination::Cursors;
use crate::store::changes::{self as change_store, NewChange};
use crate::store::project_parts::{PartWrite, StoredPart};
use crate::store::record_table;
use crate::store::visibility::{Audience, ReadScope};
use crate::store::{self, StoreError, to_utc};
use crate::validation::Violations;

/// A part of a project, as read: the document of one project's part.
pub trait ProjectPart: Serialize + DeserializeOwned + 'static {
    /// The kind of its change records (history and feed).
    const KIND: ResourceKind;
    /// What its items are called: the member holding them, in change records and errors.
    const NOUN: &'static str;
    /// One of its items (a result, an activity).
    type Item: PartialEq;
    /// The part as clients write it: the whole set of items.
    type Input: Send + 'static;
    /// What figures and reports read of its items, stored beside the document.
    type Rows;

    /// The document of `project_id`'s part at `version`.
    fn document(
        project_id: Uuid,
        version: i64,
        updated_at: Option<DateTime<Utc>>,
        updated_by: Option<String>,
        items: Vec<Self::Item>,
    ) -> Self;
    fn items(&self) -> &[Self::Item];
    fn input_items(input: &Self::Input) -> &[Self::Item];
    fn into_items(input: Self::Input) -> Vec<Self::Item>;
    /// The part's rules, each violation at its pointer, against what counts of the project
    /// (`counted`) and its current version; `span` is the days both versions run.
    /// Normalises what passes.
    fn check(
        input: &mut Self::Input,
        counted: &Project,
        current: &Project,
        span: (NaiveDate, NaiveDate),
    ) -> Violations;
    fn rows(items: &[Self::Item]) -> Result<Self::Rows, ApiError>;
    fn find(conn: &mut DbConnection, project_id: Uuid) -> Result<Option<StoredPart>, StoreError>;
    /// The representations of the part of those of `project_ids` that have one, as
    /// `(project id, representation)`.
    fn find_many(
        conn: &mut DbConnection,
        project_ids: &[String],
    ) -> Result<Vec<(String, String)>, StoreError>;
    /// Save the document and its rows; false when a concurrent write saved another
    /// version first.
    fn save(
        conn: &mut DbConnection,
        write: &PartWrite<'_>,
        rows: &Self::Rows,
    ) -> Result<bool, StoreError>;
    /// Insert the first version of the part of projects created in this transaction (a
    /// bulk load), each `(project id, part, rows)`, in as few statements as it can.
    fn insert_many(
        conn: &mut DbConnection,
        parts: &[(String, StoredPart, Self::Rows)],
        at: chrono::NaiveDateTime,
        by: &str,
    ) -> Result<(), StoreError>;
}

/// The part of the project as the caller may read it (404 when it may not read the
/// project), with its version; version 0 and no items before any were saved.
pub fn read<P: ProjectPart>(
    conn: &mut DbConnection,
    caller: &Caller,
    project_id: Uuid,
) -> Result<StoredPart, ApiError> {
    record::read::<Project>(conn, caller, project_id)?;
    stored_or_empty::<P>(conn, project_id)
}

fn stored_or_empty<P: ProjectPart>(
    conn: &mut DbConnection,
    project_id: Uuid,
) -> Result<StoredPart, ApiError> {
    match P::find(conn, project_id)? {
        Some(stored) => Ok(stored),
        None => Ok(StoredPart {
            version: 0,
            representation: serde_json::to_string(&P::document(
                project_id,
                0,
                None,
                None,
                Vec::new(),
            ))
            .map_err(ApiError::internal)?,
        }),
    }
}

/// The part of the project as saved, if it ever was (no check of who reads it: for the
/// rules that bound the project by it).
pub fn saved<P: ProjectPart>(
    conn: &mut DbConnection,
    project_id: Uuid,
) -> Result<Option<P>, ApiError> {
    P::find(conn, project_id)?
        .map(|stored| serde_json::from_str(&stored.representation).map_err(ApiError::internal))
        .transpose()
}

/// The parts as saved of those of `project_ids` that have one, by project (no check of
/// who reads them: for what reads many projects of the caller's list at once).
pub fn saved_many<P: ProjectPart>(
    conn: &mut DbConnection,
    project_ids: &[Uuid],
) -> Result<std::collections::HashMap<Uuid, P>, ApiError> {
    let ids: Vec<String> = project_ids.iter().map(Uuid::to_string).collect();
    P::find_many(conn, &ids)?
        .into_iter()
        .map(|(id, representation)| {
            let part = serde_json::from_str(&representation).map_err(ApiError::internal)?;
            Ok((store::parse_uuid(&id)?, part))
        })
        .collect()
}

/// The history of the project's part: all its change records, for callers who may read
/// the project (404 otherwise; every version is of the part they read); empty while none
/// was saved.
pub fn history<P: ProjectPart>(
    conn: &mut DbConnection,
    caller: &Caller,
    project_id: Uuid,
    limit: Option<u32>,
    cursor: Option<&str>,
    cursors: &Cursors,
) -> Result<ChangePage, ApiError> {
    record::read::<Project>(conn, caller, project_id)?;
    lists::changes_page(
        conn,
        ReadScope::All,
        P::KIND,
        project_id,
        limit,
        cursor,
        cursors,
    )
    .map(|page| {
        page.unwrap_or(ChangePage {
            items: Vec::new(),
            next_cursor: None,
        })
    })
}

/// Replace the project's part when the client read its current version (`If-Match`;
/// `"0"` before any was saved). Admins and coordinators write any project's parts,
/// partners those of projects their organisation takes part in. Saving the same items
/// again changes nothing.
pub fn replace<P: ProjectPart>(
    conn: &mut DbConnection,
    caller: &Caller,
    project_id: Uuid,
    expected: &ExpectedVersions,
    mut input: P::Input,
) -> Result<StoredPart, ApiError> {
    // Read the project only once its own writes are held off: it bounds the part, and a
    // concurrent edit of the project must see this part (its rules check it).
    change_store::hold_results(conn, project_id)?;
    // 404 for a caller who may not read the project.
    record::read::<Project>(conn, caller, project_id)?;
    let current_project = current_project::<P>(conn, project_id)?;
    // What counts (the approved version, else the draft) decides who writes the part and
    // in which language; its items fit both it and the current version.
    let counted = Project::approved(conn, project_id)?.unwrap_or_else(|| current_project.clone());
    check_writer(caller, &counted)?;
    let (first, last) = counted.span();
    let (current_first, current_last) = current_project.span();
    let span = (first.max(current_first), last.min(current_last));
    P::check(&mut input, &counted, &current_project, span).into_result()?;
    let current = stored_or_empty::<P>(conn, project_id)?;
    expected.check(current.version)?;
    let before: P = serde_json::from_str(&current.representation).map_err(ApiError::internal)?;
    if before.items() == P::input_items(&input) {
        return Ok(current);
    }
    let version = current.version + 1;
    let now = to_utc(store::now());
    let audience =
        record::counted_audience_of::<Project>(conn, project_id, &current_project.fields)?;
    change_store::append(
        conn,
        change::<P>(caller, project_id, version, now, audience),
    )?;
    let (saved, rows) = to_store::<P>(caller, project_id, version, now, P::into_items(input))?;
    let write = PartWrite {
        project_id,
        expected_version: current.version,
        part: &saved,
        at: now.naive_utc(),
        by: &caller.sub,
    };
    let written = P::save(conn, &write, &rows)?;
    if !written {
        // A concurrent write saved another version first.
        return Err(ApiError::changed_concurrently());
    }
    Ok(saved)
}

/// Save the first version of the part of projects created in this transaction (a bulk
/// load: `seed --synthetic`), under the same rules and with the same change records as
/// `replace`; a violation is reported at the item's place in `items`. Empty parts are
/// not saved.
pub fn create_many<P: ProjectPart>(
    conn: &mut DbConnection,
    caller: &Caller,
    items: Vec<(&Project, P::Input)>,
) -> Result<(), ApiError> {
    let now = to_utc(store::now());
    let mut saving = Vec::with_capacity(items.len());
    for (i, (project, mut input)) in items.into_iter().enumerate() {
        if project.meta.version != 1 {
            return Err(ApiError::internal(format!(
                "project {} is not new: its {} are replaced, not created",
                project.id,
                P::NOUN
            )));
        }
        check_writer(caller, project).map_err(|e| e.within(i))?;
        P::check(&mut input, project, project, project.span())
            .into_result()
            .map_err(|e| e.within(i))?;
        if !P::input_items(&input).is_empty() {
            saving.push((project, input));
        }
    }
    let changes: Vec<NewChange> = saving
        .iter()
        .map(|(project, _)| {
            let audience = record::counted_audience_of_created(*project);
            change::<P>(caller, project.id, 1, now, audience)
        })
        .collect();
    change_store::append_many(conn, &changes)?;
    let parts = saving
        .into_iter()
        .map(|(project, input)| {
            let (saved, rows) = to_store::<P>(caller, project.id, 1, now, P::into_items(input))?;
            Ok((project.id.to_string(), saved, rows))
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(P::insert_many(conn, &parts, now.naive_utc(), &caller.sub)?)
}

/// The project's current version (the caller may read it: checked before).
fn current_project<P: ProjectPart>(
    conn: &mut DbConnection,
    project_id: Uuid,
) -> Result<Project, ApiError> {
    record_table::find::<<ProjectInput as CooperationKind>::Table>(
        conn,
        project_id,
        ReadScope::All,
    )?
    .map(|stored| serde_json::from_str(&stored.representation).map_err(ApiError::internal))
    .transpose()?
    // The caller reads it (above), so only an incomplete draft has no row.
    .ok_or_else(|| record::incomplete_draft::<Project>(project_id, P::NOUN))
}

/// May `caller` write the parts of a project whose content that counts is `counted`?
/// Admins and coordinators: any; partners: those their organisation takes part in.
pub fn check_writer(caller: &Caller, counted: &Project) -> Result<(), ApiError> {
    let participants = counted.participants();
    access::check_update(
        caller,
        "project",
        false,
        Sharing {
            participants: &participants,
            visibility: counted.visibility,
        },
        None,
    )
}

/// The change record of saving a project's part as `version`, for `audience` (who may
/// read what counts of the project).
pub fn change<P: ProjectPart>(
    caller: &Caller,
    project_id: Uuid,
    version: i64,
    at: DateTime<Utc>,
    audience: Audience,
) -> NewChange<'_> {
    NewChange {
        resource: P::KIND.as_str(),
        record_id: project_id,
        action: if version == 1 {
            ChangeAction::Create.as_str()
        } else {
            ChangeAction::Update.as_str()
        },
        version,
        actor: &caller.sub,
        actor_organisation_id: caller.org,
        at: at.naive_utc(),
        changed_fields: vec![P::NOUN.to_owned()],
        audience,
        previous_audience: None,
        comment: None,
    }
}

/// The part as stored when `caller` saves `items` as `version` at `at`, with its rows.
pub fn to_store<P: ProjectPart>(
    caller: &Caller,
    project_id: Uuid,
    version: i64,
    at: DateTime<Utc>,
    items: Vec<P::Item>,
) -> Result<(StoredPart, P::Rows), ApiError> {
    let rows = P::rows(&items)?;
    let document = P::document(
        project_id,
        version,
        Some(at),
        Some(caller.sub.clone()),
        items,
    );
    let saved = StoredPart {
        version,
        representation: serde_json::to_string(&document).map_err(ApiError::internal)?,
    };
    Ok((saved, rows))
}
