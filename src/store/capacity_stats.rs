//! What capacity statistics read: the capacities the caller may list (with the list's
//! filters) under each key of a dimension, and the projects the caller may read that
//! draw on them (`project_capacities`: the links of the version of each project that
//! counts). The grouping is the domain's (`domain::capacity_stats`).

use diesel::prelude::*;

use crate::db::{Backend, DbConnection};
use crate::schema::{
    capacities, capacity_formats as cf, capacity_organisations as co, capacity_sectors as cs,
    project_capacities as pc, projects,
};
use crate::store::StoreError;
use crate::store::capacities::{CapacityFilter, filtered};
use crate::store::visibility::ReadScope;

/// What capacity statistics are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CapacityKey {
    Sector,
    Format,
    Organisation,
}

/// The ids of the capacities matching `filter` that `scope` may list.
pub fn ids(
    conn: &mut DbConnection,
    filter: &CapacityFilter,
    scope: ReadScope,
) -> Result<Vec<String>, StoreError> {
    Ok(filtered(filter, scope).select(capacities::id).load(conn)?)
}

/// `(capacity id, key)` of every capacity (the domain keeps the listed ones: diesel
/// cannot use the list's boxed query as a subquery through its multi-backend
/// connection).
pub fn keys(
    conn: &mut DbConnection,
    key: CapacityKey,
) -> Result<Vec<(String, String)>, StoreError> {
    Ok(match key {
        CapacityKey::Sector => cs::table.select((cs::capacity_id, cs::code)).load(conn)?,
        CapacityKey::Format => cf::table.select((cf::capacity_id, cf::format)).load(conn)?,
        CapacityKey::Organisation => co::table
            .select((co::capacity_id, co::organisation_id))
            .load(conn)?,
    })
}

/// `(capacity id, project id)`: the capacities drawn on by the projects `scope` may
/// read (the version of each that counts).
pub fn capacities_drawn_on(
    conn: &mut DbConnection,
    scope: ReadScope,
) -> Result<Vec<(String, String)>, StoreError> {
    Ok(crate::store::visibility::readable_by!(
        pc::table
            .inner_join(projects::table)
            .into_boxed::<Backend>(),
        scope,
        projects,
        project_participants.project_id
    )
    .select((pc::capacity_id, pc::project_id))
    .load(conn)?)
}
