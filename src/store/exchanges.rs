//! Storage of policy exchanges: the row's own columns, the offering and receiving
//! organisations, the SDGs, the list filters. The shared columns and queries are
//! `store::records`'.

use diesel::prelude::*;
use uuid::Uuid;

use crate::db::{Backend, DbConnection};
use crate::schema::policy_exchanges;
use crate::store::StoreError;
use crate::store::batch::insert_children;
use crate::store::record_table::{
    RecordColumns, RecordRow, delete_children, record_table, with_ids,
};
use crate::store::visibility::ReadScope;

pub const OFFERING: &str = "offering";
pub const RECEIVING: &str = "receiving";

record_table! {
    /// The `policy_exchanges` table.
    pub struct Exchanges {
        table: policy_exchanges,
        kind: "policy_exchange",
        participants: exchange_organisations.exchange_id,
        row: ExchangeRow,
        filter: ExchangeFilter => filtered,
    }
}

/// An exchange's own columns.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = policy_exchanges, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct ExchangeColumns {
    pub title: String,
    pub policy_area: String,
    /// The policy area's DAC category (its first three digits).
    pub policy_category: String,
    pub format: &'static str,
    pub start_date: chrono::NaiveDate,
    pub start_year: i32,
    pub end_date: chrono::NaiveDate,
    pub host_country: Option<String>,
    pub participants_total: Option<i32>,
    pub participants_women: Option<i32>,
    pub expert_days: Option<i32>,
    pub status: &'static str,
    pub project_id: Option<String>,
    pub partnership_id: Option<String>,
}

/// An exchange as stored beside the shared columns.
#[derive(Debug, Clone)]
pub struct ExchangeRow {
    pub columns: ExchangeColumns,
    /// (organisation, `OFFERING` or `RECEIVING`), in order.
    pub organisations: Vec<(Uuid, &'static str)>,
    pub sdg_goals: Vec<i32>,
}

impl RecordRow for ExchangeRow {
    fn insert_children(
        conn: &mut DbConnection,
        records: &[(&RecordColumns, &Self)],
    ) -> Result<(), StoreError> {
        insert_children!(conn, exchange_organisations.exchange_id,
            for (id, row) in with_ids(records) => &row.organisations,
            |(organisation, side)| { organisation_id: organisation.to_string(), side: *side })?;
        insert_children!(conn, exchange_sdg_goals.exchange_id,
            for (id, row) in with_ids(records) => &row.sdg_goals,
            |goal| { goal: *goal })?;
        Ok(())
    }

    fn delete_children(conn: &mut DbConnection, id: &str) -> Result<(), StoreError> {
        delete_children!(
            conn,
            id,
            exchange_organisations.exchange_id,
            exchange_sdg_goals.exchange_id
        )
    }
}

/// The record with this exact title, if any (the demo data's way of not loading twice).
pub fn id_by_title(conn: &mut DbConnection, title: &str) -> Result<Option<Uuid>, StoreError> {
    let id: Option<String> = policy_exchanges::table
        .filter(policy_exchanges::title.eq(title))
        .select(policy_exchanges::id)
        .first(conn)
        .optional()?;
    id.as_deref().map(crate::store::parse_uuid).transpose()
}

/// The ids of policy exchanges within this project or this partnership (whichever is
/// given), at most 20: what a delete of either must wait for.
pub fn ids_referring(
    conn: &mut DbConnection,
    project: Option<Uuid>,
    partnership: Option<Uuid>,
) -> Result<Vec<String>, StoreError> {
    let mut query = policy_exchanges::table.into_boxed();
    if let Some(project) = project {
        query = query.filter(policy_exchanges::project_id.eq(project.to_string()));
    }
    if let Some(partnership) = partnership {
        query = query.filter(policy_exchanges::partnership_id.eq(partnership.to_string()));
    }
    Ok(query
        .select(policy_exchanges::id)
        .order(policy_exchanges::id)
        .limit(20)
        .load(conn)?)
}

/// The list filters, checked (codes as stored); the statistics take the same.
#[derive(Debug, Default, Clone)]
pub struct ExchangeFilter {
    pub organisation: Option<Uuid>,
    pub country: Option<String>,
    pub format: Option<&'static str>,
    /// A 5-digit DAC sector.
    pub sector: Option<String>,
    /// A 3-digit DAC category.
    pub sector_category: Option<String>,
    pub sdg: Option<i32>,
    pub start_from: Option<chrono::NaiveDate>,
    pub start_to: Option<chrono::NaiveDate>,
    pub status: Option<&'static str>,
    pub project: Option<Uuid>,
    pub partnership: Option<Uuid>,
    pub visibility: Option<&'static str>,
    /// Folded search text.
    pub q: Option<String>,
}

/// Apply the policy exchange filters and a caller's read scope to a boxed query over
/// `policy_exchanges` (for any backend: lists use the multi-backend one, statistics the
/// concrete one).
macro_rules! filter_exchanges {
    ($query:expr, $filter:expr, $scope:expr) => {{
        use $crate::schema::{
            exchange_organisations as eo, exchange_sdg_goals as eg, policy_exchanges as pe,
        };
        let filter: &$crate::store::exchanges::ExchangeFilter = $filter;
        let mut query = $query;
        if let Some(organisation) = filter.organisation {
            query = query.filter(diesel::dsl::exists(
                eo::table
                    .filter(eo::exchange_id.eq(pe::id))
                    .filter(eo::organisation_id.eq(organisation.to_string())),
            ));
        }
        if let Some(country) = &filter.country {
            query = query.filter(pe::host_country.eq(country));
        }
        if let Some(format) = filter.format {
            query = query.filter(pe::format.eq(format));
        }
        if let Some(sector) = &filter.sector {
            query = query.filter(pe::policy_area.eq(sector));
        }
        if let Some(category) = &filter.sector_category {
            query = query.filter(pe::policy_category.eq(category));
        }
        if let Some(goal) = filter.sdg {
            query = query.filter(diesel::dsl::exists(
                eg::table
                    .filter(eg::exchange_id.eq(pe::id))
                    .filter(eg::goal.eq(goal)),
            ));
        }
        if let Some(from) = filter.start_from {
            query = query.filter(pe::start_date.ge(from));
        }
        if let Some(to) = filter.start_to {
            query = query.filter(pe::start_date.le(to));
        }
        if let Some(status) = filter.status {
            query = query.filter(pe::status.eq(status));
        }
        if let Some(project) = filter.project {
            query = query.filter(pe::project_id.eq(project.to_string()));
        }
        if let Some(partnership) = filter.partnership {
            query = query.filter(pe::partnership_id.eq(partnership.to_string()));
        }
        if let Some(visibility) = filter.visibility {
            query = query.filter(pe::visibility.eq(visibility));
        }
        if let Some(q) = &filter.q {
            query = query.filter(
                pe::search_text
                    .like($crate::text::contains_pattern(q))
                    .escape('\\'),
            );
        }
        $crate::store::visibility::readable_by!(
            query,
            $scope,
            policy_exchanges,
            exchange_organisations.exchange_id
        )
    }};
}

pub(crate) use filter_exchanges;

fn filtered(
    filter: &ExchangeFilter,
    scope: ReadScope,
) -> policy_exchanges::BoxedQuery<'_, Backend> {
    filter_exchanges!(policy_exchanges::table.into_boxed(), filter, scope)
}
