//! Change records: every create, update and delete appends one, in the same transaction
//! as the write. They give each record its history and, in `seq` order, one total order
//! of everything that happened.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::domain::access::ReadScope;
use crate::domain::vocabulary::Visibility;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ResourceKind {
    Organisation,
    Project,
    Partnership,
    TriangularArrangement,
    PolicyExchange,
}

impl ResourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceKind::Organisation => "organisation",
            ResourceKind::Project => "project",
            ResourceKind::Partnership => "partnership",
            ResourceKind::TriangularArrangement => "triangular_arrangement",
            ResourceKind::PolicyExchange => "policy_exchange",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "organisation" => Some(ResourceKind::Organisation),
            "project" => Some(ResourceKind::Project),
            "partnership" => Some(ResourceKind::Partnership),
            "triangular_arrangement" => Some(ResourceKind::TriangularArrangement),
            "policy_exchange" => Some(ResourceKind::PolicyExchange),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChangeAction {
    Create,
    Update,
    Delete,
}

impl ChangeAction {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeAction::Create => "create",
            ChangeAction::Update => "update",
            ChangeAction::Delete => "delete",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "create" => Some(ChangeAction::Create),
            "update" => Some(ChangeAction::Update),
            "delete" => Some(ChangeAction::Delete),
            _ => None,
        }
    }
}

/// Who may read a record: everyone (`public`), or admins, coordinators and the listed
/// organisations (`restricted:<id>,<id>`). Stored with each change for the change feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audience(pub String);

impl Audience {
    pub const PUBLIC: &'static str = "public";

    pub fn public() -> Self {
        Audience(Self::PUBLIC.to_owned())
    }

    pub fn of(visibility: Visibility, participants: &[Uuid]) -> Self {
        match visibility {
            Visibility::Public => Self::public(),
            Visibility::Restricted => {
                let mut ids: Vec<String> = participants.iter().map(Uuid::to_string).collect();
                ids.sort();
                ids.dedup();
                Audience(format!("restricted:{}", ids.join(",")))
            }
        }
    }

    /// May a caller with this scope read a record with this audience?
    pub fn admits(&self, scope: ReadScope) -> bool {
        match scope {
            ReadScope::All => true,
            _ if self.0 == Self::PUBLIC => true,
            ReadScope::PublicOrParticipant(org) => self.0.contains(&org.to_string()),
            ReadScope::Public => false,
        }
    }
}

/// One change, as the history and the change feed return it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "seq": 1042, "resource": "organisation", "id": "0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c8d",
    "action": "update", "version": 3, "actor": "maria.gomez",
    "organisation_id": "0193a6a0-1111-7b3a-9c1d-2f4e5a6b7c8d",
    "at": "2026-01-10T12:00:00Z", "changed_fields": ["acronym"]
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
