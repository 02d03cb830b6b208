//! Storage of triangular arrangements: the row's own columns, the parties with their
//! roles, the cost sharing, the list filters. The shared columns and queries are
//! `store::records`'.

use diesel::dsl::exists;
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::{Backend, DbConnection};
use crate::schema::{arrangement_parties, triangular_arrangements};
use crate::store::StoreError;
use crate::store::batch::insert_children;
use crate::store::record_table::{
    ContributionRow, RecordColumns, RecordRow, delete_children, record_table, with_ids,
};
use crate::store::visibility::{ReadScope, readable_by};
use crate::text::contains_pattern;

record_table! {
    /// The `triangular_arrangements` table.
    pub struct Arrangements {
        table: triangular_arrangements,
        kind: "triangular_arrangement",
        participants: arrangement_parties.arrangement_id,
        row: ArrangementRow,
        filter: ArrangementFilter => filtered,
    }
}

/// An arrangement's own columns.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = triangular_arrangements, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct ArrangementColumns {
    pub title: String,
    pub agreement_kind: &'static str,
    pub signed_on: Option<chrono::NaiveDate>,
    pub valid_from: Option<chrono::NaiveDate>,
    pub valid_until: Option<chrono::NaiveDate>,
    pub status: &'static str,
}

/// An arrangement as stored beside the shared columns.
#[derive(Debug, Clone)]
pub struct ArrangementRow {
    pub columns: ArrangementColumns,
    /// (organisation, role), in order: first providers, second providers, recipients.
    pub parties: Vec<(Uuid, &'static str)>,
    pub costs: Vec<ContributionRow>,
}

impl RecordRow for ArrangementRow {
    fn insert_children(
        conn: &mut DbConnection,
        records: &[(&RecordColumns, &Self)],
    ) -> Result<(), StoreError> {
        insert_children!(conn, arrangement_parties.arrangement_id,
            for (id, row) in with_ids(records) => &row.parties,
            |(organisation, role)| { organisation_id: organisation.to_string(), role: *role })?;
        insert_children!(conn, arrangement_costs.arrangement_id,
        for (id, row) in with_ids(records) => &row.costs,
        |share| {
            organisation_id: share.organisation.to_string(),
            amount_minor: share.amount_minor,
            currency: share.currency.clone(),
            expert_days: share.expert_days,
        })?;
        Ok(())
    }

    fn delete_children(conn: &mut DbConnection, id: &str) -> Result<(), StoreError> {
        delete_children!(
            conn,
            id,
            arrangement_parties.arrangement_id,
            arrangement_costs.arrangement_id
        )
    }
}

/// The record with this exact title, if any (the demo data's way of not loading twice).
pub fn id_by_title(conn: &mut DbConnection, title: &str) -> Result<Option<Uuid>, StoreError> {
    let id: Option<String> = triangular_arrangements::table
        .filter(triangular_arrangements::title.eq(title))
        .select(triangular_arrangements::id)
        .first(conn)
        .optional()?;
    id.as_deref().map(crate::store::parse_uuid).transpose()
}

/// The list filters, checked (codes as stored).
#[derive(Debug, Default, Clone)]
pub struct ArrangementFilter {
    /// A party, in any role (or in `role`).
    pub organisation: Option<Uuid>,
    pub role: Option<&'static str>,
    pub status: Option<&'static str>,
    pub agreement_kind: Option<&'static str>,
    pub visibility: Option<&'static str>,
    /// Folded search text.
    pub q: Option<String>,
}

fn filtered(
    filter: &ArrangementFilter,
    scope: ReadScope,
) -> triangular_arrangements::BoxedQuery<'_, Backend> {
    let mut query = triangular_arrangements::table.into_boxed();
    if let Some(status) = filter.status {
        query = query.filter(triangular_arrangements::status.eq(status));
    }
    if let Some(kind) = filter.agreement_kind {
        query = query.filter(triangular_arrangements::agreement_kind.eq(kind));
    }
    if let Some(visibility) = filter.visibility {
        query = query.filter(triangular_arrangements::visibility.eq(visibility));
    }
    if let Some(organisation) = filter.organisation {
        let parties = arrangement_parties::table
            .filter(arrangement_parties::arrangement_id.eq(triangular_arrangements::id))
            .filter(arrangement_parties::organisation_id.eq(organisation.to_string()));
        query = match filter.role {
            Some(role) => query.filter(exists(parties.filter(arrangement_parties::role.eq(role)))),
            None => query.filter(exists(parties)),
        };
    }
    if let Some(q) = &filter.q {
        query = query.filter(
            triangular_arrangements::search_text
                .like(contains_pattern(q))
                .escape('\\'),
        );
    }
    readable_by!(
        query,
        scope,
        triangular_arrangements,
        arrangement_parties.arrangement_id
    )
}
