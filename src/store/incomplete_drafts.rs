//! Storage of incomplete drafts: drafts of any kind that do not yet meet its rules, kept
//! apart from the records' tables (see the migration `incomplete_drafts`).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::DbConnection;
use crate::schema::incomplete_drafts as d;
use crate::store::StoreError;

/// An incomplete draft as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = d)]
pub struct DraftRow {
    pub id: String,
    /// The kind (`changes.resource`).
    pub resource: String,
    /// Its fields as given: a JSON object.
    pub body: String,
    /// What is missing or wrong: a JSON array of `{pointer, message}`.
    pub completeness: String,
    /// Who may read it (`visibility::Audience`): always restricted to the organisations
    /// taking part as far as the fields say, and the author's.
    pub audience: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub created_by: String,
    pub updated_by: String,
}

pub fn insert(conn: &mut DbConnection, row: &DraftRow) -> Result<(), StoreError> {
    diesel::insert_into(d::table).values(row).execute(conn)?;
    Ok(())
}

/// The incomplete draft `id` of kind `resource`, if there is one.
pub fn find(
    conn: &mut DbConnection,
    resource: &str,
    id: Uuid,
) -> Result<Option<DraftRow>, StoreError> {
    Ok(d::table
        .filter(d::id.eq(id.to_string()))
        .filter(d::resource.eq(resource))
        .select(DraftRow::as_select())
        .first(conn)
        .optional()?)
}

/// Overwrite the draft if its stored version is still `expected_version`.
pub fn update(
    conn: &mut DbConnection,
    row: &DraftRow,
    expected_version: i64,
) -> Result<bool, StoreError> {
    let updated = diesel::update(
        d::table
            .filter(d::id.eq(&row.id))
            .filter(d::version.eq(expected_version)),
    )
    .set((
        d::body.eq(&row.body),
        d::completeness.eq(&row.completeness),
        d::audience.eq(&row.audience),
        d::version.eq(row.version),
        d::updated_at.eq(row.updated_at),
        d::updated_by.eq(&row.updated_by),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Remove the draft (deleted, or become a record) if its stored version is still
/// `expected_version`.
pub fn delete(
    conn: &mut DbConnection,
    id: Uuid,
    expected_version: i64,
) -> Result<bool, StoreError> {
    let deleted = diesel::delete(
        d::table
            .filter(d::id.eq(id.to_string()))
            .filter(d::version.eq(expected_version)),
    )
    .execute(conn)?;
    Ok(deleted == 1)
}
