//! The registry of record kinds. Everything that depends on the set of kinds is derived
//! from here: the change feed's kinds and their parsing, the nouns in messages, which
//! kinds are cooperation records, and the reference checks before a delete. Each property
//! is an exhaustive `match`, so a new kind cannot be half-registered: the compiler asks
//! for every one of them (and the tests' object-access matrix for its routes).

use uuid::Uuid;

use crate::db::DbConnection;
use crate::error::ApiError;
use crate::store::arrangements::Arrangements;
use crate::store::exchanges::{self as exchange_store, Exchanges};
use crate::store::organisations as org_store;
use crate::store::partnerships::Partnerships;
use crate::store::projects::{self as project_store, Projects};
use crate::store::records::{RecordTable, ReviewFilter, ReviewRow};
use crate::vocabulary::vocabulary;

vocabulary! {
    ResourceKind {
        Organisation = "organisation", "Organisation", "Organización";
        Project = "project", "Project", "Proyecto";
        Partnership = "partnership", "Partnership", "Asociación";
        TriangularArrangement = "triangular_arrangement", "Triangular arrangement", "Acuerdo triangular";
        PolicyExchange = "policy_exchange", "Policy exchange", "Intercambio de políticas";
        ProjectResults = "project_results", "Results of a project", "Resultados de un proyecto";
    }
}

impl ResourceKind {
    /// The kind in messages ("no triangular arrangement with id …").
    pub fn noun(self) -> &'static str {
        match self {
            ResourceKind::Organisation => "organisation",
            ResourceKind::Project => "project",
            ResourceKind::Partnership => "partnership",
            ResourceKind::TriangularArrangement => "triangular arrangement",
            ResourceKind::PolicyExchange => "policy exchange",
            ResourceKind::ProjectResults => "project's results",
        }
    }

    /// The name of its records' schema in the contract.
    pub fn record_schema(self) -> &'static str {
        match self {
            ResourceKind::Organisation => "Organisation",
            ResourceKind::Project => "Project",
            ResourceKind::Partnership => "Partnership",
            ResourceKind::TriangularArrangement => "TriangularArrangement",
            ResourceKind::PolicyExchange => "PolicyExchange",
            ResourceKind::ProjectResults => "ProjectResults",
        }
    }

    /// The description of its records' schema in the contract.
    pub fn record_description(self) -> &'static str {
        match self {
            ResourceKind::Organisation => "An organisation as the API returns it.",
            ResourceKind::Project => "A project as the API returns it.",
            ResourceKind::Partnership => "A partnership as the API returns it.",
            ResourceKind::TriangularArrangement => {
                "A triangular arrangement as the API returns it, with the cost sharing totalled by role."
            }
            ResourceKind::PolicyExchange => "A policy exchange as the API returns it.",
            ResourceKind::ProjectResults => "A project's results as the API returns them.",
        }
    }

    /// The id its records' examples in the contract carry.
    pub fn example_id(self) -> &'static str {
        match self {
            ResourceKind::Organisation => "0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c8d",
            ResourceKind::Project => "0193a6a0-7c1e-7b3a-9c1d-2f4e5a6b7c8d",
            ResourceKind::Partnership => "0193a6a0-9c1e-7b3a-9c1d-2f4e5a6b7c8d",
            ResourceKind::TriangularArrangement => "0193a6a0-ac1e-7b3a-9c1d-2f4e5a6b7c8d",
            ResourceKind::PolicyExchange => "0193a6a0-bc1e-7b3a-9c1d-2f4e5a6b7c8d",
            ResourceKind::ProjectResults => "0193a6a0-7c1e-7b3a-9c1d-2f4e5a6b7c8d",
        }
    }

    /// How an organisation takes part in records of this kind; `None` for kinds that are
    /// not cooperation records (no participants, no visibility).
    fn participation(self) -> Option<&'static str> {
        match self {
            ResourceKind::Organisation | ResourceKind::ProjectResults => None,
            ResourceKind::Project => Some("project(s) as a participant or contributor"),
            ResourceKind::Partnership => Some("partnership(s) as a party"),
            ResourceKind::TriangularArrangement => Some("triangular arrangement(s) as a party"),
            ResourceKind::PolicyExchange => {
                Some("policy exchange(s) as an offering or receiving organisation")
            }
        }
    }

    /// Cooperation records: read by visibility and participation, written by their
    /// participants.
    pub fn is_cooperation(self) -> bool {
        self.participation().is_some()
    }

    pub fn cooperation() -> impl Iterator<Item = ResourceKind> {
        Self::ALL.iter().copied().filter(|k| k.is_cooperation())
    }

    /// The record this kind belongs to, for kinds that are part of a record (a project's
    /// results, at `/projects/{id}/results`, with versions of their own and the id of
    /// their project); `None` for records.
    pub fn part_of(self) -> Option<ResourceKind> {
        match self {
            ResourceKind::ProjectResults => Some(ResourceKind::Project),
            ResourceKind::Organisation
            | ResourceKind::Project
            | ResourceKind::Partnership
            | ResourceKind::TriangularArrangement
            | ResourceKind::PolicyExchange => None,
        }
    }

    /// Kinds that are records of their own, with the standard operations.
    pub fn records() -> impl Iterator<Item = ResourceKind> {
        Self::ALL.iter().copied().filter(|k| k.part_of().is_none())
    }

    /// Where records of this kind are, under `/api/v1` (a part of a record: where its
    /// records are).
    pub fn collection(self) -> &'static str {
        match self {
            ResourceKind::Organisation => "/organisations",
            ResourceKind::Project => "/projects",
            ResourceKind::Partnership => "/partnerships",
            ResourceKind::TriangularArrangement => "/triangular-arrangements",
            ResourceKind::PolicyExchange => "/policy-exchanges",
            ResourceKind::ProjectResults => "/projects",
        }
    }

    /// The name of its list in the list's cursors (a cursor of another list is refused).
    pub fn cursor_kind(self) -> &'static str {
        &self.collection()[1..]
    }

    /// Records of this kind in review as `filter` asks (organisations are not reviewed).
    pub fn in_review(
        self,
        conn: &mut DbConnection,
        filter: &ReviewFilter,
        limit: usize,
    ) -> Result<Vec<ReviewRow>, ApiError> {
        match self {
            ResourceKind::Organisation | ResourceKind::ProjectResults => Ok(Vec::new()),
            ResourceKind::Project => Projects::in_review(conn, filter, limit),
            ResourceKind::Partnership => Partnerships::in_review(conn, filter, limit),
            ResourceKind::TriangularArrangement => Arrangements::in_review(conn, filter, limit),
            ResourceKind::PolicyExchange => Exchanges::in_review(conn, filter, limit),
        }
    }

    /// How many records of this kind name `organisation` among their participants.
    fn count_with_participant(
        self,
        conn: &mut DbConnection,
        organisation: Uuid,
    ) -> Result<i64, ApiError> {
        match self {
            ResourceKind::Organisation | ResourceKind::ProjectResults => Ok(0),
            ResourceKind::Project => Projects::count_with_participant(conn, organisation),
            ResourceKind::Partnership => Partnerships::count_with_participant(conn, organisation),
            ResourceKind::TriangularArrangement => {
                Arrangements::count_with_participant(conn, organisation)
            }
            ResourceKind::PolicyExchange => Exchanges::count_with_participant(conn, organisation),
        }
    }
}

/// A record of kind `from` may name one of kind `to` (a project its partnership, say);
/// `referring` lists those that name record `id`, as a 409 names them.
struct Reference {
    from: ResourceKind,
    to: ResourceKind,
    referring: fn(&mut DbConnection, Uuid) -> Result<Vec<String>, ApiError>,
}

const REFERENCES: [Reference; 4] = [
    Reference {
        from: ResourceKind::Project,
        to: ResourceKind::Partnership,
        referring: |conn, id| project_store::codes_under(conn, Some(id), None),
    },
    Reference {
        from: ResourceKind::PolicyExchange,
        to: ResourceKind::Partnership,
        referring: |conn, id| exchange_store::ids_referring(conn, None, Some(id)),
    },
    Reference {
        from: ResourceKind::Project,
        to: ResourceKind::TriangularArrangement,
        referring: |conn, id| project_store::codes_under(conn, None, Some(id)),
    },
    Reference {
        from: ResourceKind::PolicyExchange,
        to: ResourceKind::Project,
        referring: |conn, id| exchange_store::ids_referring(conn, Some(id), None),
    },
];

/// What refers to record `id` of `kind`, described for a 409: a delete waits until
/// nothing does. Organisations are referred to by every cooperation record they take part
/// in, by the organisations under them and by API clients.
pub fn referrers(
    conn: &mut DbConnection,
    kind: ResourceKind,
    id: Uuid,
) -> Result<Vec<String>, ApiError> {
    if kind == ResourceKind::Organisation {
        let mut counts = vec![(
            org_store::count_children(conn, id)?,
            "organisation(s) as their parent",
        )];
        for other in ResourceKind::cooperation() {
            let what = other
                .participation()
                .expect("cooperation kinds have participants");
            counts.push((other.count_with_participant(conn, id)?, what));
        }
        counts.push((
            org_store::count_clients(conn, id)?,
            "API client(s), revoked ones included",
        ));
        return Ok(counts
            .into_iter()
            .filter(|(count, _)| *count > 0)
            .map(|(count, what)| format!("{count} {what}"))
            .collect());
    }
    let mut found = Vec::new();
    for reference in REFERENCES.iter().filter(|r| r.to == kind) {
        let noun = reference.from.noun();
        found.extend(
            (reference.referring)(conn, id)?
                .into_iter()
                .map(|name| format!("{noun} {name}")),
        );
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_parses_from_its_own_name() {
        for kind in ResourceKind::ALL {
            assert_eq!(ResourceKind::parse(kind.as_str()), Some(*kind));
        }
        assert_eq!(ResourceKind::parse("projects"), None);
    }

    #[test]
    fn references_join_cooperation_records() {
        for reference in &REFERENCES {
            assert!(reference.from.is_cooperation() && reference.to.is_cooperation());
            assert_ne!(reference.from, reference.to);
        }
        assert_eq!(ResourceKind::cooperation().count(), 4);
        assert_eq!(ResourceKind::records().count(), 5);
    }
}
