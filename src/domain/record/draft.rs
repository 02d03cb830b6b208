//! Incomplete drafts, for every reviewed kind.
//!
//! A write with `?review=draft` is saved as a draft whoever makes it, and is accepted even
//! when it does not meet its kind's rules: a half-filled form, an imported activity that
//! lacks what a record needs. Such a draft keeps its fields as given and lists what is
//! missing or wrong in `completeness` (a pointer and a message per problem, in the words
//! of the 422 the same body would get). It lives apart from its kind's table
//! (`store::incomplete_drafts`), so lists, statistics, exports and the IATI file never
//! see it; it is read by id, in histories and in the change feed, by the directorate and
//! its author's organisation only. It cannot be submitted or approved. A write that
//! completes it moves it into its kind's table under the same id, with the next version,
//! saved as an edit of a record never approved would be.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::auth::{Caller, Role};
use crate::db::DbConnection;
use crate::domain::access;
use crate::domain::changes::ChangeAction;
use crate::domain::record::draft_reads::{body, readable_draft, representation};
use crate::domain::record::pipeline::{self, ChangeOf, Saved, Update, append, check_all};
use crate::domain::record::{RecordKind, RecordMeta, RecordRules, RecordStorage};
use crate::domain::review::{ReviewStatus, Saving, WriteReview, saving_of_update};
use crate::error::{ApiError, FieldError, Problem};
use crate::request_body::{check_draft, check_removed_members, input_from_document};
use crate::store::incomplete_drafts::{self as draft_store, DraftRow};
use crate::store::visibility::Audience;
use crate::store::{self, to_utc};

/// A write's outcome as a response needs it: a record, or an incomplete draft.
#[derive(Debug, Clone)]
pub struct Written {
    pub id: Uuid,
    pub version: i64,
    pub representation: String,
    /// An incomplete draft (else a record of its kind).
    pub incomplete: bool,
}

impl<R: RecordRules> From<Saved<R>> for Written {
    fn from(saved: Saved<R>) -> Self {
        let meta = saved.record.meta();
        Written {
            id: meta.id,
            version: meta.version,
            representation: saved.representation,
            incomplete: false,
        }
    }
}

/// A new version of a record or draft, as the client sent it.
pub enum Change<I> {
    /// A whole body, complete (checked as the kind's input when it was read).
    Replace(Box<I>),
    /// A whole body that may be incomplete (`?review=draft`).
    ReplaceDocument(Map<String, Value>),
    /// A JSON Merge Patch.
    Patch(Map<String, Value>),
}

/// What a draft's fields amount to: a record's input, or the problems keeping them from
/// being one.
enum Assessment<I> {
    Complete(I),
    Incomplete(Vec<FieldError>),
}

/// Judge `document` as an input of `R`'s kind, by every rule a write would be judged by
/// (`id`: the record's own, when it exists). What the contract's draft schema refuses is
/// refused outright (a wrong type or unknown member 400, any other violation 422): a
/// draft may lack members and break rules, not be of another shape.
fn assess<R: RecordStorage>(
    conn: &mut DbConnection,
    caller: &Caller,
    document: &Map<String, Value>,
    id: Option<Uuid>,
) -> Result<Assessment<R::Input>, ApiError> {
    let parsed = match input_from_document::<R::Input>(Value::Object(document.clone())) {
        Err(error) if error.problem == Problem::BadRequest => return Err(error),
        parsed => parsed,
    };
    check_draft::<R::Input>(&Value::Object(document.clone()))?;
    let mut input = match parsed {
        Ok(input) => input,
        Err(error) => return Ok(Assessment::Incomplete(problems(error))),
    };
    if let Err(error) = check_all::<R>(&mut input) {
        return Ok(Assessment::Incomplete(problems(error)));
    }
    // What the caller may not set is refused, not listed as incomplete.
    input.settle(conn, caller, id)?;
    match input.check_references(conn, caller, id) {
        Ok(()) => Ok(Assessment::Complete(input)),
        Err(error) if matches!(error.problem, Problem::ValidationFailed | Problem::Conflict) => {
            Ok(Assessment::Incomplete(problems(error)))
        }
        Err(error) => Err(error),
    }
}

/// The problems an error lists (its detail, at the whole body, when it lists none).
fn problems(error: ApiError) -> Vec<FieldError> {
    if error.errors.is_empty() {
        vec![FieldError::at_text("", error.detail)]
    } else {
        error.errors
    }
}

/// Create a record with `?review=draft`: a draft of `R`'s kind if `document` is complete,
/// else an incomplete draft.
pub fn create<R: RecordStorage>(
    conn: &mut DbConnection,
    caller: &Caller,
    document: Map<String, Value>,
    review: WriteReview,
) -> Result<Written, ApiError> {
    create_as::<R>(conn, caller, Uuid::now_v7(), document, review)
}

/// [`create`], an incomplete draft taking id `id`.
fn create_as<R: RecordStorage>(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
    document: Map<String, Value>,
    review: WriteReview,
) -> Result<Written, ApiError> {
    match assess::<R>(conn, caller, &document, None)? {
        Assessment::Complete(input) => {
            Ok(pipeline::create::<R>(conn, caller, input, review)?.into())
        }
        Assessment::Incomplete(problems) => {
            let now = to_utc(store::now());
            let row = DraftRow {
                id: id.to_string(),
                resource: R::KIND.as_str().to_owned(),
                body: Value::Object(document).to_string(),
                completeness: serde_json::to_string(&problems).map_err(ApiError::internal)?,
                audience: authors(caller).0,
                version: 1,
                created_at: now.naive_utc(),
                updated_at: now.naive_utc(),
                created_by: caller.sub.clone(),
                updated_by: caller.sub.clone(),
            };
            let fields = present_members(&row)?;
            append_change::<R>(conn, caller, &row, ChangeAction::Create, fields, now)?;
            draft_store::insert(conn, &row)?;
            written(&row)
        }
    }
}

/// Who may read an incomplete draft: the directorate, and its author's organisation.
fn authors(caller: &Caller) -> Audience {
    let organisations: Vec<Uuid> = match caller.role {
        Role::Partner => caller.org.into_iter().collect(),
        _ => Vec::new(),
    };
    Audience::restricted_to(&organisations)
}

/// Replace or patch record or draft `id` of `R`'s kind when the client read its current
/// version. An incomplete draft stays one only with `?review=draft`; a write that
/// completes it makes it a record.
pub fn update<R: RecordStorage>(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
    expected: &pipeline::ExpectedVersions,
    change: Change<R::Input>,
    review: WriteReview,
) -> Result<Written, ApiError> {
    if let Some(row) = readable_draft::<R>(conn, caller, id)? {
        return update_incomplete::<R>(conn, caller, row, expected, change, review);
    }
    let update = match change {
        Change::Replace(input) => Update::Replace(input),
        Change::ReplaceDocument(document) => {
            Update::Replace(Box::new(input_from_document(Value::Object(document))?))
        }
        Change::Patch(patch) => Update::Patch(patch),
    };
    Ok(pipeline::update::<R>(conn, caller, id, expected, update, review)?.into())
}

fn update_incomplete<R: RecordStorage>(
    conn: &mut DbConnection,
    caller: &Caller,
    row: DraftRow,
    expected: &pipeline::ExpectedVersions,
    change: Change<R::Input>,
    review: WriteReview,
) -> Result<Written, ApiError> {
    check_writer(caller, &row)?;
    let document = match change {
        Change::Replace(input) => match serde_json::to_value(*input) {
            Ok(Value::Object(document)) => document,
            _ => return Err(ApiError::internal("an input is an object")),
        },
        Change::ReplaceDocument(document) => document,
        Change::Patch(patch) => {
            check_removed_members::<R::Input>(&patch)?;
            let mut document = body(&row)?;
            json_patch::merge(&mut document, &Value::Object(patch));
            match document {
                Value::Object(document) => document,
                _ => return Err(ApiError::internal("a patched object is an object")),
            }
        }
    };
    let id = parse_id(&row)?;
    let assessment = assess::<R>(conn, caller, &document, Some(id))?;
    expected.check(row.version)?;
    match assessment {
        Assessment::Complete(input) => promote::<R>(conn, caller, row, input, review),
        Assessment::Incomplete(problems) if review.draft => {
            save_incomplete::<R>(conn, caller, row, document, problems)
        }
        // Without `?review=draft`, a write is judged as any write: 422, nothing saved.
        Assessment::Incomplete(problems) => Err(ApiError::validation(problems)),
    }
}

/// Save the next version of an incomplete draft, still incomplete.
fn save_incomplete<R: RecordStorage>(
    conn: &mut DbConnection,
    caller: &Caller,
    row: DraftRow,
    document: Map<String, Value>,
    problems: Vec<FieldError>,
) -> Result<Written, ApiError> {
    let before = body(&row)?;
    let after = Value::Object(document);
    let changed = crate::domain::changes::changed_fields(&before, &after);
    let now = to_utc(store::now());
    let next = DraftRow {
        body: after.to_string(),
        completeness: serde_json::to_string(&problems).map_err(ApiError::internal)?,
        version: row.version + 1,
        updated_at: now.naive_utc(),
        updated_by: caller.sub.clone(),
        ..row.clone()
    };
    append_change::<R>(conn, caller, &next, ChangeAction::Update, changed, now)?;
    if !draft_store::update(conn, &next, row.version)? {
        return Err(ApiError::changed_concurrently());
    }
    written(&next)
}

/// Make a completed draft a record of its kind: same id, the next version, saved as an
/// edit of a draft never approved is.
fn promote<R: RecordStorage>(
    conn: &mut DbConnection,
    caller: &Caller,
    row: DraftRow,
    input: R::Input,
    review: WriteReview,
) -> Result<Written, ApiError> {
    R::check_create(caller, &input)?;
    let id = parse_id(&row)?;
    let saving = saving_of_update(caller, ReviewStatus::Draft, false, review);
    let now = to_utc(store::now());
    let version = row.version + 1;
    // The change record first, as every write does (its `seq` before any row).
    let seq = append::<R>(
        conn,
        caller,
        id,
        ChangeOf {
            action: ChangeAction::Update,
            version,
            at: now,
            changed_fields: input.present_fields(),
            audience: match saving {
                Saving::Approved => R::audience(&input),
                _ => R::reviewers(&input),
            },
            previous_audience: Some(Audience(row.audience.clone())),
            comment: None,
        },
    )?;
    if !draft_store::delete(conn, id, row.version)? {
        return Err(ApiError::changed_concurrently());
    }
    let record = R::new(
        input,
        RecordMeta {
            id,
            version,
            created_at: to_utc(row.created_at),
            updated_at: now,
            created_by: row.created_by,
            updated_by: caller.sub.clone(),
            review_status: saving.status(),
            approved_version: (saving == Saving::Approved).then_some(version),
        },
    );
    let mut representations = R::insert_many(conn, &[(&record, seq)], saving)?;
    Ok(Written {
        id,
        version,
        representation: representations
            .pop()
            .ok_or_else(|| ApiError::internal("nothing inserted"))?,
        incomplete: false,
    })
}

/// What [`put`] did.
pub enum Put {
    /// Created or changed: the write's outcome (an incomplete draft, or a record of its
    /// kind when the document is complete).
    Written(Written),
    /// The incomplete draft already held this document.
    Unchanged,
}

/// Save `document` as incomplete draft `id` of `R`'s kind: create it, replace its fields,
/// or leave it when they are the same (an importer's, whose drafts take ids of their
/// own so that a second import finds them). A document that turns out complete becomes a
/// record of its kind, as any draft write's would. 409 when `id` is a record already.
pub fn put<R: RecordStorage>(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
    document: Map<String, Value>,
) -> Result<Put, ApiError> {
    let review = WriteReview {
        draft: true,
        ..WriteReview::default()
    };
    let Some(row) = readable_draft::<R>(conn, caller, id)? else {
        if R::find(conn, caller, id)?.is_some()
            || draft_store::find(conn, R::KIND.as_str(), id)?.is_some()
        {
            return Err(ApiError::conflict(crate::msg!(
                "id-taken",
                id = id.to_string(),
                kind = crate::l10n::noun(R::KIND.noun())
            )));
        }
        return create_as::<R>(conn, caller, id, document, review).map(Put::Written);
    };
    if body(&row)? == Value::Object(document.clone()) {
        return Ok(Put::Unchanged);
    }
    let expected = pipeline::ExpectedVersions::any_of(vec![row.version]);
    update_incomplete::<R>(
        conn,
        caller,
        row,
        &expected,
        Change::ReplaceDocument(document),
        review,
    )
    .map(Put::Written)
}

/// Delete record or draft `id` of `R`'s kind, if still at the version the client read.
pub fn delete<R: RecordStorage>(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
    expected: &pipeline::ExpectedVersions,
) -> Result<(), ApiError> {
    let Some(row) = readable_draft::<R>(conn, caller, id)? else {
        return pipeline::delete::<R>(conn, caller, id, expected);
    };
    R::check_delete(caller)?;
    expected.check(row.version)?;
    append_change::<R>(
        conn,
        caller,
        &row,
        ChangeAction::Delete,
        Vec::new(),
        to_utc(store::now()),
    )?;
    if !draft_store::delete(conn, id, row.version)? {
        return Err(ApiError::changed_concurrently());
    }
    Ok(())
}

/// Its readers write it: the directorate and its author's organisation (viewers never
/// reach a write).
fn check_writer(caller: &Caller, row: &DraftRow) -> Result<(), ApiError> {
    match Audience(row.audience.clone()).admits(access::read_scope(caller)) {
        true => Ok(()),
        false => Err(ApiError::forbidden(crate::msg!("draft-of-its-authors"))),
    }
}

/// The change record of a write to an incomplete draft: for its readers only.
fn append_change<R: RecordRules>(
    conn: &mut DbConnection,
    caller: &Caller,
    row: &DraftRow,
    action: ChangeAction,
    changed_fields: Vec<String>,
    at: DateTime<Utc>,
) -> Result<i64, ApiError> {
    let audience = Audience(row.audience.clone());
    append::<R>(
        conn,
        caller,
        parse_id(row)?,
        ChangeOf {
            action,
            version: row.version,
            at,
            changed_fields,
            previous_audience: (action != ChangeAction::Create).then(|| audience.clone()),
            audience,
            comment: None,
        },
    )
}

fn parse_id(row: &DraftRow) -> Result<Uuid, ApiError> {
    Ok(store::parse_uuid(&row.id)?)
}

/// The members the draft's body sets (its create's changed fields).
fn present_members(row: &DraftRow) -> Result<Vec<String>, ApiError> {
    let mut members: Vec<String> = match body(row)? {
        Value::Object(members) => members
            .into_iter()
            .filter(|(_, value)| !value.is_null())
            .map(|(name, _)| name)
            .collect(),
        _ => Vec::new(),
    };
    members.sort();
    Ok(members)
}

/// An incomplete draft as the API returns it: its id, its fields as given, then the
/// server's members, `review_status` `draft` and what it lacks.
fn written(row: &DraftRow) -> Result<Written, ApiError> {
    Ok(Written {
        id: parse_id(row)?,
        version: row.version,
        representation: representation(row)?,
        incomplete: true,
    })
}
