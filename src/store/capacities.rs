//! Storage of capacities: the row's own columns, the offering organisations, sectors,
//! SDG targets, formats and languages, the list filters. The shared columns and queries
//! are `store::record_table`'s.

use diesel::prelude::*;
use uuid::Uuid;

use crate::db::{Backend, DbConnection};
use crate::schema::capacities;
use crate::store::StoreError;
use crate::store::match_codes::{MatchCodeRows, match_code_children};
use crate::store::record_table::record_table;
use crate::store::visibility::ReadScope;

record_table! {
    /// The `capacities` table.
    pub struct Capacities {
        table: capacities,
        kind: "capacity",
        participants: capacity_organisations.capacity_id,
        row: CapacityRow,
        filter: CapacityFilter => filtered,
    }
}

/// A capacity's own columns.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = capacities, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct CapacityColumns {
    pub title: String,
    pub status: &'static str,
    pub typical_duration_days: Option<i32>,
    pub experts_available: Option<i32>,
    pub in_kind_expert_days: Option<i32>,
}

/// A capacity as stored beside the shared columns.
#[derive(Debug, Clone)]
pub struct CapacityRow {
    pub columns: CapacityColumns,
    /// The offering organisations and the codes it is matched on.
    pub codes: MatchCodeRows,
}

match_code_children!(CapacityRow, capacity_id: capacity_organisations, capacity_sectors,
    capacity_sdg_targets, capacity_formats, capacity_languages);

/// The record with this exact title, if any (the demo data's way of not loading twice).
pub fn id_by_title(conn: &mut DbConnection, title: &str) -> Result<Option<Uuid>, StoreError> {
    let id: Option<String> = capacities::table
        .filter(capacities::title.eq(title))
        .select(capacities::id)
        .first(conn)
        .optional()?;
    id.as_deref().map(crate::store::parse_uuid).transpose()
}

/// The list filters, checked (codes as stored).
#[derive(Debug, Default, Clone)]
pub struct CapacityFilter {
    pub organisation: Option<Uuid>,
    /// A 5-digit DAC sector.
    pub sector: Option<String>,
    /// A 3-digit DAC category.
    pub sector_category: Option<String>,
    pub sdg: Option<i32>,
    pub format: Option<&'static str>,
    pub language: Option<String>,
    pub status: Option<&'static str>,
    pub visibility: Option<&'static str>,
    /// Folded search text.
    pub q: Option<String>,
}

pub(crate) fn filtered(
    filter: &CapacityFilter,
    scope: ReadScope,
) -> capacities::BoxedQuery<'_, Backend> {
    use crate::schema::{
        capacity_formats as cf, capacity_languages as cl, capacity_organisations as co,
        capacity_sdg_targets as ct, capacity_sectors as cs,
    };
    use diesel::dsl::exists;
    let mut query = capacities::table.into_boxed();
    if let Some(organisation) = filter.organisation {
        query = query.filter(exists(
            co::table
                .filter(co::capacity_id.eq(capacities::id))
                .filter(co::organisation_id.eq(organisation.to_string())),
        ));
    }
    if let Some(sector) = &filter.sector {
        query = query.filter(exists(
            cs::table
                .filter(cs::capacity_id.eq(capacities::id))
                .filter(cs::code.eq(sector.clone())),
        ));
    }
    if let Some(category) = &filter.sector_category {
        query = query.filter(exists(
            cs::table
                .filter(cs::capacity_id.eq(capacities::id))
                .filter(cs::category.eq(category.clone())),
        ));
    }
    if let Some(goal) = filter.sdg {
        query = query.filter(exists(
            ct::table
                .filter(ct::capacity_id.eq(capacities::id))
                .filter(ct::goal.eq(goal)),
        ));
    }
    if let Some(format) = filter.format {
        query = query.filter(exists(
            cf::table
                .filter(cf::capacity_id.eq(capacities::id))
                .filter(cf::format.eq(format)),
        ));
    }
    if let Some(language) = &filter.language {
        query = query.filter(exists(
            cl::table
                .filter(cl::capacity_id.eq(capacities::id))
                .filter(cl::language.eq(language.clone())),
        ));
    }
    if let Some(status) = filter.status {
        query = query.filter(capacities::status.eq(status));
    }
    if let Some(visibility) = filter.visibility {
        query = query.filter(capacities::visibility.eq(visibility));
    }
    if let Some(q) = &filter.q {
        query = query.filter(
            capacities::search_text
                .like(crate::text::contains_pattern(q))
                .escape('\\'),
        );
    }
    crate::store::visibility::readable_by!(
        query,
        scope,
        capacities,
        capacity_organisations.capacity_id
    )
}
