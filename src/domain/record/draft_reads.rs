//! What the rest of the record pipeline reads of incomplete drafts (`draft`): one by id
//! as its readers see it, and the refusal to move one. Apart from `draft`, which writes
//! them through the pipeline, so that the pipeline's reads do not depend on its writes.

use serde_json::{Map, Value};
use uuid::Uuid;

use crate::auth::Caller;
use crate::db::DbConnection;
use crate::domain::access;
use crate::domain::record::{RecordRules, RecordStorage};
use crate::error::ApiError;
use crate::store::incomplete_drafts::{self as draft_store, DraftRow};
use crate::store::record_table::StoredRecord;
use crate::store::to_utc;
use crate::store::visibility::Audience;

/// An incomplete draft cannot be submitted, approved, returned or moved in its kind's
/// workflow: what it lacks comes first (409, nothing changed). `None`: `id` is no incomplete draft the caller reads.
pub fn refuse_move<R: RecordStorage>(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
) -> Result<(), ApiError> {
    match readable_draft::<R>(conn, caller, id)? {
        None => Ok(()),
        Some(row) => {
            let problems: Vec<Value> =
                serde_json::from_str(&row.completeness).map_err(ApiError::internal)?;
            Err(ApiError::conflict(crate::msg!(
                "draft-incomplete",
                kind = crate::l10n::noun(R::KIND.noun()),
                problems = crate::l10n::counted(problems.len(), "noun-problem")
            )))
        }
    }
}

/// The stored representation of incomplete draft `id` of `R`'s kind, if the caller may
/// read it.
pub fn find<R: RecordRules>(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
) -> Result<Option<StoredRecord>, ApiError> {
    readable_draft::<R>(conn, caller, id)?
        .map(|row| {
            Ok(StoredRecord {
                version: row.version,
                representation: representation(&row)?,
            })
        })
        .transpose()
}

/// Incomplete draft `id` of `R`'s kind, if there is one the caller may read.
pub(super) fn readable_draft<R: RecordRules>(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
) -> Result<Option<DraftRow>, ApiError> {
    if !R::KIND.is_reviewed() {
        return Ok(None);
    }
    let row = draft_store::find(conn, R::KIND.as_str(), id)?;
    Ok(row.filter(|row| Audience(row.audience.clone()).admits(access::read_scope(caller))))
}

/// An incomplete draft as the API returns it: its id, its fields as given, then the
/// server's members, `review_status` `draft` and what it lacks.
pub(super) fn representation(row: &DraftRow) -> Result<String, ApiError> {
    let mut representation = Map::new();
    representation.insert("id".into(), Value::from(row.id.clone()));
    if let Value::Object(members) = body(row)? {
        representation.extend(members);
    }
    // As a record's times serialise (serde's RFC 3339 of a UTC instant).
    let at = |at: chrono::NaiveDateTime| serde_json::to_value(to_utc(at)).unwrap_or_default();
    representation.insert("version".into(), Value::from(row.version));
    representation.insert("created_at".into(), at(row.created_at));
    representation.insert("updated_at".into(), at(row.updated_at));
    representation.insert("created_by".into(), Value::from(row.created_by.clone()));
    representation.insert("updated_by".into(), Value::from(row.updated_by.clone()));
    representation.insert("review_status".into(), Value::from("draft"));
    representation.insert("approved_version".into(), Value::Null);
    let completeness: Value =
        serde_json::from_str(&row.completeness).map_err(ApiError::internal)?;
    representation.insert("completeness".into(), completeness);
    Ok(Value::Object(representation).to_string())
}

pub(super) fn body(row: &DraftRow) -> Result<Value, ApiError> {
    serde_json::from_str(&row.body).map_err(ApiError::internal)
}
