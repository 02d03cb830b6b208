//! Storage of project activities: one row per project holding their representation and
//! version, one row per activity and one per cost for execution figures and reports.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::schema::{project_activities, project_activity_costs, project_activity_items};
use crate::store::StoreError;
use crate::store::batch::insert_children;
use crate::store::project_parts::{PartWrite, StoredPart, part_table};

/// What figures keep of one activity.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityItemRow {
    pub kind: String,
    pub status: String,
    /// The year it starts (actual, else planned).
    pub year: i32,
    pub expert_days: i32,
}

/// What figures and reports keep of one cost.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityCostRow {
    /// The activity's position.
    pub activity: i32,
    pub category: String,
    pub executed: bool,
    pub amount_minor: i64,
    pub currency: String,
    pub paying_organisation_id: String,
    pub year: i32,
}

/// What figures and reports keep of a project's activities.
pub type ActivityRows = (Vec<ActivityItemRow>, Vec<ActivityCostRow>);

part_table!(project_activities);

/// Save `write`'s activities with their rows; false when a concurrent write saved another
/// version first.
pub fn save(
    conn: &mut DbConnection,
    write: &PartWrite<'_>,
    items: &[ActivityItemRow],
    costs: &[ActivityCostRow],
) -> Result<bool, StoreError> {
    let id = write.project_id.to_string();
    if !save_document(conn, &id, write)? {
        return Ok(false);
    }
    diesel::delete(
        project_activity_items::table.filter(project_activity_items::project_id.eq(&id)),
    )
    .execute(conn)?;
    diesel::delete(
        project_activity_costs::table.filter(project_activity_costs::project_id.eq(&id)),
    )
    .execute(conn)?;
    insert_rows_of(conn, [(id.as_str(), items, costs)])?;
    Ok(true)
}

/// Insert the first activities of projects created in this transaction (a bulk load),
/// each `(project id, activities, (items, costs))`.
pub fn insert_many(
    conn: &mut DbConnection,
    parts: &[(String, StoredPart, ActivityRows)],
    at: NaiveDateTime,
    by: &str,
) -> Result<(), StoreError> {
    insert_documents(
        conn,
        parts.iter().map(|(id, part, _)| (id.as_str(), part)),
        at,
        by,
    )?;
    insert_rows_of(
        conn,
        parts
            .iter()
            .map(|(id, _, (items, costs))| (id.as_str(), items.as_slice(), costs.as_slice())),
    )?;
    Ok(())
}

/// The rows figures and reports read of each project's activities and costs.
fn insert_rows_of<'a>(
    conn: &mut DbConnection,
    projects: impl IntoIterator<Item = (&'a str, &'a [ActivityItemRow], &'a [ActivityCostRow])> + Clone,
) -> Result<(), diesel::result::Error> {
    insert_children!(conn, project_activity_items.project_id,
    for (id, items) in projects.clone().into_iter().map(|(id, items, _)| (id, items)) => items,
    |row| {
        kind: &row.kind,
        status: &row.status,
        year: row.year,
        expert_days: row.expert_days,
    })?;
    insert_children!(conn, project_activity_costs.project_id,
    for (id, costs) in projects.into_iter().map(|(id, _, costs)| (id, costs)) => costs,
    |row| {
        activity: row.activity,
        category: &row.category,
        executed: row.executed,
        amount_minor: row.amount_minor,
        currency: &row.currency,
        paying_organisation_id: &row.paying_organisation_id,
        year: row.year,
    })?;
    Ok(())
}
