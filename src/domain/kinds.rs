//! The registry of record kinds: each kind registered once, in `record_kinds!` below, with
//! everything that depends on the set of kinds: its name in the change feed, its noun in
//! messages, where its records are (the routes take their paths from here), its tag and
//! schema in the contract, whether it is a cooperation record (then: reviewed, read by
//! visibility and participation, exported with its columns, counted before deleting an
//! organisation), and what refers to it. The routes, the change feed's `types`, the
//! review queue's `kind`, the exports and the reference checks before a delete all read
//! this table; adding a kind is one entry here (see docs/ARCHITECTURE.md).

use uuid::Uuid;

use crate::closed_vocabulary::vocabulary;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::exports::{Column, columns};
use crate::store::StoreError;
use crate::store::arrangements::Arrangements;
use crate::store::capacities::Capacities;
use crate::store::cooperation_requests::{self as request_store, CooperationRequests};
use crate::store::exchanges::{self as exchange_store, Exchanges};
use crate::store::organisations as org_store;
use crate::store::partnerships::Partnerships;
use crate::store::projects::{self as project_store, Projects};
use crate::store::record_table::{RecordTable, ReviewFilter, ReviewRow};

/// What the registry knows of one kind.
#[derive(Debug)]
pub struct KindEntry {
    /// The kind in messages ("no triangular arrangement with id …").
    pub noun: &'static str,
    /// Where its records are, under `/api/v1` (a part of a record: where its records are).
    pub collection: &'static str,
    /// Its operations' tag in the contract.
    pub tag: &'static str,
    /// Its records' schema in the contract: name, description, and the id of its example.
    pub schema: &'static str,
    pub description: &'static str,
    pub example_id: &'static str,
    /// The record this kind is part of (a project's results), with versions of their own.
    pub part_of: Option<ResourceKind>,
    /// What a cooperation record adds; `None` for the others.
    pub cooperation: Option<CooperationEntry>,
}

/// What the registry knows of a cooperation record's kind (read by visibility and
/// participation, written by its participants, reviewed, exported).
pub struct CooperationEntry {
    /// How an organisation takes part, as `referring-organisations` selects its words in
    /// a 409 that counts the records ("3 projects as a participant or contributor").
    pub participation: &'static str,
    /// The columns of its exports.
    pub columns: &'static [Column],
    in_review: fn(&mut DbConnection, &ReviewFilter, usize) -> Result<Vec<ReviewRow>, StoreError>,
    count_with_participant: fn(&mut DbConnection, Uuid) -> Result<i64, StoreError>,
}

impl std::fmt::Debug for CooperationEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CooperationEntry")
            .field("participation", &self.participation)
            .finish_non_exhaustive()
    }
}

/// Register the kinds: `ResourceKind` (with each kind's change-feed name and labels) and
/// the table of their entries, in the same order.
macro_rules! record_kinds {
    ($(
        $variant:ident = $feed:tt, $en:tt, $es:tt {
            noun: $noun:literal,
            collection: $collection:literal,
            tag: $tag:literal,
            schema: $schema:literal, $description:literal, $example_id:literal,
            part_of: $part_of:expr,
            cooperation: $cooperation:expr $(,)?
        }
    )+) => {
        vocabulary! {
            ResourceKind {
                $( $variant = $feed, $en, $es; )+
            }
        }

        /// The entries, in the order of `ResourceKind`'s variants.
        const KINDS: &[KindEntry] = &[$(
            KindEntry {
                noun: $noun,
                collection: $collection,
                tag: $tag,
                schema: $schema,
                description: $description,
                example_id: $example_id,
                part_of: $part_of,
                cooperation: $cooperation,
            },
        )+];
    };
}

/// A cooperation kind's entry, stored in `$table`.
macro_rules! cooperation {
    ($table:ty, $participation:literal, $columns:expr) => {
        Some(CooperationEntry {
            participation: $participation,
            columns: $columns,
            in_review: <$table as RecordTable>::in_review,
            count_with_participant: <$table as RecordTable>::count_with_participant,
        })
    };
}

record_kinds! {
    Organisation = "organisation", "Organisation", "Organización" {
        noun: "organisation",
        collection: "/organisations",
        tag: "organisations",
        schema: "Organisation", "An organisation as the API returns it.",
            "0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c8d",
        part_of: None,
        cooperation: None,
    }
    Project = "project", "Project", "Proyecto" {
        noun: "project",
        collection: "/projects",
        tag: "projects",
        schema: "Project", "A project as the API returns it.",
            "0193a6a0-7c1e-7b3a-9c1d-2f4e5a6b7c8d",
        part_of: None,
        cooperation: cooperation!(Projects,
            "participant", columns::PROJECTS),
    }
    Partnership = "partnership", "Partnership", "Asociación" {
        noun: "partnership",
        collection: "/partnerships",
        tag: "partnerships",
        schema: "Partnership", "A partnership as the API returns it.",
            "0193a6a0-9c1e-7b3a-9c1d-2f4e5a6b7c8d",
        part_of: None,
        cooperation: cooperation!(Partnerships, "party", columns::PARTNERSHIPS),
    }
    TriangularArrangement = "triangular_arrangement", "Triangular arrangement", "Acuerdo triangular" {
        noun: "triangular arrangement",
        collection: "/triangular-arrangements",
        tag: "triangular arrangements",
        schema: "TriangularArrangement",
            "A triangular arrangement as the API returns it, with the cost sharing totalled by role.",
            "0193a6a0-ac1e-7b3a-9c1d-2f4e5a6b7c8d",
        part_of: None,
        cooperation: cooperation!(Arrangements,
            "party", columns::ARRANGEMENTS),
    }
    PolicyExchange = "policy_exchange", "Policy exchange", "Intercambio de políticas" {
        noun: "policy exchange",
        collection: "/policy-exchanges",
        tag: "policy exchanges",
        schema: "PolicyExchange", "A policy exchange as the API returns it.",
            "0193a6a0-bc1e-7b3a-9c1d-2f4e5a6b7c8d",
        part_of: None,
        cooperation: cooperation!(Exchanges,
            "offering-or-receiving", columns::EXCHANGES),
    }
    Capacity = "capacity", "Capacity", "Capacidad" {
        noun: "capacity",
        collection: "/capacities",
        tag: "capacities",
        schema: "Capacity", "A capacity as the API returns it: what an institution can share.",
            "0193a6a0-cc1e-7b3a-9c1d-2f4e5a6b7c8d",
        part_of: None,
        cooperation: cooperation!(Capacities,
            "offering", columns::CAPACITIES),
    }
    CooperationRequest = "cooperation_request", "Cooperation request", "Solicitud de cooperación" {
        noun: "cooperation request",
        collection: "/cooperation-requests",
        tag: "cooperation requests",
        schema: "CooperationRequest",
            "A cooperation request as the API returns it: a partner's demand and where it stands in the directorate's pipeline.",
            "0193a6a0-dc1e-7b3a-9c1d-2f4e5a6b7c8d",
        part_of: None,
        cooperation: cooperation!(CooperationRequests,
            "requesting", columns::COOPERATION_REQUESTS),
    }
    ProjectResults = "project_results", "Results of a project", "Resultados de un proyecto" {
        noun: "project's results",
        collection: "/projects",
        tag: "results",
        schema: "ProjectResults", "A project's results as the API returns them.",
            "0193a6a0-7c1e-7b3a-9c1d-2f4e5a6b7c8d",
        part_of: Some(ResourceKind::Project),
        cooperation: None,
    }
    ProjectActivities = "project_activities", "Activities of a project", "Actividades de un proyecto" {
        noun: "project's activities",
        collection: "/projects",
        tag: "activities",
        schema: "ProjectActivities", "A project's activities as the API returns them.",
            "0193a6a0-7c1e-7b3a-9c1d-2f4e5a6b7c8d",
        part_of: Some(ResourceKind::Project),
        cooperation: None,
    }
    ProjectTransactions = "project_transactions", "Transactions of a project", "Transacciones de un proyecto" {
        noun: "project's transactions",
        collection: "/projects",
        tag: "transactions",
        schema: "ProjectTransactions", "A project's transactions as the API returns them.",
            "0193a6a0-7c1e-7b3a-9c1d-2f4e5a6b7c8d",
        part_of: Some(ResourceKind::Project),
        cooperation: None,
    }
}

impl ResourceKind {
    pub fn entry(self) -> &'static KindEntry {
        &KINDS[self as usize]
    }

    pub fn noun(self) -> &'static str {
        self.entry().noun
    }

    /// Where records of this kind are, under `/api/v1`.
    pub fn collection(self) -> &'static str {
        self.entry().collection
    }

    /// A record of this kind, under `/api/v1`.
    pub fn item_path(self) -> String {
        format!("{}/{{id}}", self.collection())
    }

    /// A record's change records, under `/api/v1`.
    pub fn history_path(self) -> String {
        format!("{}/{{id}}/history", self.collection())
    }

    /// A record's operation `name` (`submit`, `projects`, ...), under `/api/v1`.
    pub fn operation_path(self, name: &str) -> String {
        format!("{}/{{id}}/{name}", self.collection())
    }

    /// Its export, under `/api/v1`.
    pub fn export_path(self) -> String {
        self.collection_operation_path("export")
    }

    /// An operation `name` on the collection as a whole (`export`, `matches`), under
    /// `/api/v1`.
    pub fn collection_operation_path(self, name: &str) -> String {
        format!("{}/{name}", self.collection())
    }

    pub fn tag(self) -> &'static str {
        self.entry().tag
    }

    /// The name of its records' schema in the contract.
    pub fn record_schema(self) -> &'static str {
        self.entry().schema
    }

    /// The description of its records' schema in the contract.
    pub fn record_description(self) -> &'static str {
        self.entry().description
    }

    /// The id its records' examples in the contract carry.
    pub fn example_id(self) -> &'static str {
        self.entry().example_id
    }

    /// The name of its list in the list's cursors (a cursor of another list is refused).
    pub fn cursor_kind(self) -> &'static str {
        &self.collection()[1..]
    }

    /// Cooperation records: read by visibility and participation, written by their
    /// participants, reviewed.
    pub fn is_cooperation(self) -> bool {
        self.entry().cooperation.is_some()
    }

    /// Is a record of this kind reviewed (submitted, approved, returned)? Every
    /// cooperation record is.
    pub fn is_reviewed(self) -> bool {
        self.is_cooperation()
    }

    pub fn cooperation() -> impl Iterator<Item = ResourceKind> {
        Self::ALL.iter().copied().filter(|k| k.is_cooperation())
    }

    /// The record this kind belongs to, for kinds that are part of a record (a project's
    /// results, at `/projects/{id}/results`, with versions of their own and the id of
    /// their project); `None` for records.
    pub fn part_of(self) -> Option<ResourceKind> {
        self.entry().part_of
    }

    /// Kinds that are records of their own, with the standard operations.
    pub fn records() -> impl Iterator<Item = ResourceKind> {
        Self::ALL.iter().copied().filter(|k| k.part_of().is_none())
    }

    /// The columns of its exports (cooperation records).
    pub fn export_columns(self) -> Option<&'static [Column]> {
        self.entry().cooperation.as_ref().map(|c| c.columns)
    }

    /// Records of this kind in review as `filter` asks (none for kinds not reviewed).
    pub fn in_review(
        self,
        conn: &mut DbConnection,
        filter: &ReviewFilter,
        limit: usize,
    ) -> Result<Vec<ReviewRow>, ApiError> {
        match &self.entry().cooperation {
            Some(entry) => Ok((entry.in_review)(conn, filter, limit)?),
            None => Ok(Vec::new()),
        }
    }
}

/// A record of kind `from` may name one of kind `to` (a project its partnership, say);
/// `referring` lists those that name record `id`, as a 409 names them.
struct Reference {
    from: ResourceKind,
    to: ResourceKind,
    referring: fn(&mut DbConnection, Uuid) -> Result<Vec<String>, StoreError>,
}

const REFERENCES: [Reference; 6] = [
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
    Reference {
        from: ResourceKind::Project,
        to: ResourceKind::Capacity,
        referring: project_store::codes_drawing_on,
    },
    Reference {
        from: ResourceKind::CooperationRequest,
        to: ResourceKind::Project,
        referring: request_store::ids_formulated_as,
    },
];

/// What refers to record `id` of `kind`, described for a 409: a delete waits until
/// nothing does. Organisations are referred to by every cooperation record they take part
/// in, by the organisations under them and by API clients.
pub fn referrers(
    conn: &mut DbConnection,
    kind: ResourceKind,
    id: Uuid,
) -> Result<Vec<crate::l10n::Text>, ApiError> {
    if kind == ResourceKind::Organisation {
        let mut counts = vec![(
            org_store::count_children(conn, id)?,
            "organisation",
            "parent",
        )];
        for (noun, entry) in KINDS
            .iter()
            .filter_map(|k| k.cooperation.as_ref().map(|c| (k.noun, c)))
        {
            counts.push((
                (entry.count_with_participant)(conn, id)?,
                noun,
                entry.participation,
            ));
        }
        counts.push((org_store::count_clients(conn, id)?, "API client", "client"));
        return Ok(counts
            .into_iter()
            .filter(|(count, _, _)| *count > 0)
            .map(|(count, noun, how)| {
                crate::msg!(
                    "referring-organisations",
                    count = count,
                    kind = crate::l10n::noun(noun),
                    how = how
                )
                .into()
            })
            .collect());
    }
    let mut found = Vec::new();
    for reference in REFERENCES.iter().filter(|r| r.to == kind) {
        let noun = reference.from.noun();
        found.extend((reference.referring)(conn, id)?.into_iter().map(|name| {
            crate::msg!(
                "referring-record",
                kind = crate::l10n::noun(noun),
                name = name
            )
            .into()
        }));
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
    fn the_table_has_an_entry_per_kind_in_order() {
        assert_eq!(KINDS.len(), ResourceKind::ALL.len());
        let schemas: std::collections::HashSet<_> = ResourceKind::ALL
            .iter()
            .map(|k| k.record_schema())
            .collect();
        assert_eq!(schemas.len(), KINDS.len(), "one schema name per kind");
        for kind in ResourceKind::records() {
            assert!(kind.collection().starts_with('/'), "{kind}");
        }
    }

    #[test]
    fn references_join_cooperation_records() {
        for reference in &REFERENCES {
            assert!(reference.from.is_cooperation() && reference.to.is_cooperation());
            assert_ne!(reference.from, reference.to);
        }
        assert_eq!(ResourceKind::cooperation().count(), 6);
        assert_eq!(ResourceKind::records().count(), 7);
    }
}
