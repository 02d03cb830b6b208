//! Change records: every create, update and delete appends one, in the same transaction
//! as the write. They give each record its history and, in `seq` order, one total order
//! of everything that happened.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::closed_vocabulary::vocabulary;
use crate::db::DbConnection;
use crate::domain::kinds::ResourceKind;
use crate::error::ApiError;
use crate::store::changes::{self as change_store, StoredChange};
use crate::store::to_utc;
use crate::store::visibility::ReadScope;

vocabulary! {
    ChangeAction {
        Create = "create", "Created", "Alta";
        Update = "update", "Updated", "Modificación";
        Delete = "delete", "Deleted", "Baja";
        Submit = "submit", "Submitted for review", "Envío a revisión";
        Approve = "approve", "Approved", "Aprobación";
        Return = "return", "Returned to its authors", "Devolución";
        Assess = "assess", "Taken into assessment", "Pase a evaluación";
        Accept = "accept", "Accepted", "Aceptación";
        Decline = "decline", "Declined", "Rechazo";
        Formulate = "formulate", "Formulated as a project", "Formulación como proyecto";
        Close = "close", "Closed", "Cierre";
    }
}

/// One change, as the history and the change feed return it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "seq": 1042, "resource": "organisation", "id": "0193a6a0-0001-7000-8000-000000000005",
    "action": "update", "version": 3, "actor": "maria.gomez",
    "organisation_id": "0193a6a0-0001-7000-8000-00000000000c",
    "at": "2026-01-10T12:00:00Z", "changed_fields": ["acronym"], "comment": null
}))]
pub struct ChangeRecord {
    /// Position in the total order of all changes.
    pub seq: i64,
    pub resource: ResourceKind,
    /// The id of the changed record.
    pub id: Uuid,
    pub action: ChangeAction,
    /// The record's version after the change (for a delete: the last version).
    pub version: i64,
    /// `sub` of the token that made the change.
    pub actor: String,
    /// The organisation the actor acted for (its token's `org`), if any.
    pub organisation_id: Option<Uuid>,
    pub at: DateTime<Utc>,
    /// Top-level fields whose value the change set or altered.
    pub changed_fields: Vec<String>,
    /// The reviewer's or author's comment on a review transition (submit, approve,
    /// return), or the directorate's comment to the requester on a move of a cooperation
    /// request's pipeline; null otherwise.
    #[schema(required = true)]
    pub comment: Option<String>,
}

/// The names of the members whose values differ between two JSON objects (a member absent
/// on one side counts as null, and so does an empty array: "no sectors" is not a change).
pub fn changed_fields(before: &Value, after: &Value) -> Vec<String> {
    let empty = serde_json::Map::new();
    let before = before.as_object().unwrap_or(&empty);
    let after = after.as_object().unwrap_or(&empty);
    let mut names: Vec<String> = before
        .keys()
        .chain(after.keys())
        .filter(|k| normalised(before.get(*k)) != normalised(after.get(*k)))
        .cloned()
        .collect();
    names.sort();
    names.dedup();
    names
}

impl ChangeRecord {
    pub fn from_stored(change: StoredChange) -> Result<Self, ApiError> {
        let corrupt = |what: &str| ApiError::internal(format!("change {}: bad {what}", change.seq));
        Ok(ChangeRecord {
            seq: change.seq,
            resource: ResourceKind::parse(&change.resource).ok_or_else(|| corrupt("resource"))?,
            id: change.record_id,
            action: ChangeAction::parse(&change.action).ok_or_else(|| corrupt("action"))?,
            version: change.version,
            actor: change.actor,
            organisation_id: change.actor_organisation_id,
            at: to_utc(change.at),
            changed_fields: change.changed_fields,
            comment: change.comment,
        })
    }
}

/// A page of change records.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangePage {
    pub items: Vec<ChangeRecord>,
    /// Pass as `cursor` to get the next page; null on the last page.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

/// The change feed after `after_seq`, of `kinds` (all when empty), as `scope` may see it
/// (a change that took a record out of its view comes as a delete), at most `limit + 1`.
pub fn feed(
    conn: &mut DbConnection,
    scope: ReadScope,
    kinds: &[ResourceKind],
    after_seq: i64,
    limit: usize,
) -> Result<Vec<ChangeRecord>, ApiError> {
    let kinds: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
    change_store::feed(conn, scope, &kinds, after_seq, limit)?
        .into_iter()
        .map(ChangeRecord::from_stored)
        .collect()
}

fn normalised(value: Option<&Value>) -> &Value {
    match value {
        Some(Value::Array(items)) if items.is_empty() => &Value::Null,
        Some(value) => value,
        None => &Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lists_changed_members() {
        let before = json!({"name": "A", "acronym": null, "country_code": "AR"});
        let after = json!({"name": "B", "acronym": null, "country_code": "AR", "parent_id": "x"});
        assert_eq!(changed_fields(&before, &after), vec!["name", "parent_id"]);
        assert_eq!(
            changed_fields(&json!({}), &json!({"a": null})),
            Vec::<String>::new()
        );
    }
}
