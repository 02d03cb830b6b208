//! Storage of API clients.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::DbConnection;
use crate::schema::api_clients;
use crate::store::StoreError;

/// An API client as stored, its secret's hash included.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = api_clients)]
pub struct ClientRow {
    pub id: String,
    pub name: String,
    pub organisation_id: String,
    pub role: String,
    pub secret_hash: String,
    pub secret_version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub created_by: String,
    pub revoked_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConnection, client: &ClientRow) -> Result<(), StoreError> {
    diesel::insert_into(api_clients::table)
        .values(client)
        .execute(conn)?;
    Ok(())
}

/// The client, its secret's hash included.
pub fn find(conn: &mut DbConnection, id: Uuid) -> Result<Option<ClientRow>, StoreError> {
    Ok(api_clients::table
        .filter(api_clients::id.eq(id.to_string()))
        .select(ClientRow::as_select())
        .first(conn)
        .optional()?)
}

/// Is the client there and not revoked?
pub fn is_active(conn: &mut DbConnection, id: Uuid) -> Result<bool, StoreError> {
    let revoked: Option<Option<NaiveDateTime>> = api_clients::table
        .filter(api_clients::id.eq(id.to_string()))
        .select(api_clients::revoked_at)
        .first(conn)
        .optional()?;
    Ok(matches!(revoked, Some(None)))
}

pub fn set_secret(
    conn: &mut DbConnection,
    id: Uuid,
    secret_hash: &str,
    version: i64,
    at: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::update(api_clients::table.filter(api_clients::id.eq(id.to_string())))
        .set((
            api_clients::secret_hash.eq(secret_hash),
            api_clients::secret_version.eq(version),
            api_clients::updated_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn revoke(conn: &mut DbConnection, id: Uuid, at: NaiveDateTime) -> Result<(), StoreError> {
    diesel::update(
        api_clients::table
            .filter(api_clients::id.eq(id.to_string()))
            .filter(api_clients::revoked_at.is_null()),
    )
    .set((
        api_clients::revoked_at.eq(at),
        api_clients::updated_at.eq(at),
    ))
    .execute(conn)?;
    Ok(())
}

/// Clients (of one organisation, if given) by id, after `after`, at most `limit + 1`.
pub fn list(
    conn: &mut DbConnection,
    organisation: Option<Uuid>,
    after: Option<&str>,
    limit: usize,
) -> Result<Vec<ClientRow>, StoreError> {
    let mut query = api_clients::table.into_boxed();
    if let Some(org) = organisation {
        query = query.filter(api_clients::organisation_id.eq(org.to_string()));
    }
    if let Some(after) = after {
        query = query.filter(api_clients::id.gt(after.to_owned()));
    }
    Ok(query
        .order(api_clients::id.asc())
        .limit(limit as i64 + 1)
        .select(ClientRow::as_select())
        .load(conn)?)
}
