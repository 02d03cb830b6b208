//! Storage of API clients.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use crate::auth::Role;
use crate::db::DbConnection;
use crate::domain::clients::ApiClient;
use crate::error::ApiError;
use crate::schema::api_clients;
use crate::store::{parse_uuid, to_utc};

#[derive(Queryable, Selectable)]
#[diesel(table_name = api_clients)]
struct ClientRow {
    id: String,
    name: String,
    organisation_id: String,
    role: String,
    secret_hash: String,
    secret_version: i64,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    created_by: String,
    revoked_at: Option<NaiveDateTime>,
}

impl ClientRow {
    fn into_domain(self) -> Result<(ApiClient, String), ApiError> {
        let client = ApiClient {
            id: parse_uuid(&self.id)?,
            name: self.name,
            organisation_id: parse_uuid(&self.organisation_id)?,
            role: Role::parse(&self.role)
                .ok_or_else(|| ApiError::internal("stored client role"))?,
            secret_version: self.secret_version,
            created_at: to_utc(self.created_at),
            updated_at: to_utc(self.updated_at),
            created_by: self.created_by,
            revoked_at: self.revoked_at.map(to_utc),
        };
        Ok((client, self.secret_hash))
    }
}

pub fn insert(
    conn: &mut DbConnection,
    client: &ApiClient,
    secret_hash: &str,
) -> Result<(), ApiError> {
    diesel::insert_into(api_clients::table)
        .values((
            api_clients::id.eq(client.id.to_string()),
            api_clients::name.eq(&client.name),
            api_clients::organisation_id.eq(client.organisation_id.to_string()),
            api_clients::role.eq(client.role.as_str()),
            api_clients::secret_hash.eq(secret_hash),
            api_clients::secret_version.eq(client.secret_version),
            api_clients::created_at.eq(client.created_at.naive_utc()),
            api_clients::updated_at.eq(client.updated_at.naive_utc()),
            api_clients::created_by.eq(&client.created_by),
        ))
        .execute(conn)?;
    Ok(())
}

/// The client and its secret's hash.
pub fn find(conn: &mut DbConnection, id: Uuid) -> Result<Option<(ApiClient, String)>, ApiError> {
    api_clients::table
        .filter(api_clients::id.eq(id.to_string()))
        .select(ClientRow::as_select())
        .first(conn)
        .optional()?
        .map(ClientRow::into_domain)
        .transpose()
}

/// Is the client there and not revoked?
pub fn is_active(conn: &mut DbConnection, id: Uuid) -> Result<bool, ApiError> {
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
) -> Result<(), ApiError> {
    diesel::update(api_clients::table.filter(api_clients::id.eq(id.to_string())))
        .set((
            api_clients::secret_hash.eq(secret_hash),
            api_clients::secret_version.eq(version),
            api_clients::updated_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn revoke(conn: &mut DbConnection, id: Uuid, at: NaiveDateTime) -> Result<(), ApiError> {
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
) -> Result<Vec<ApiClient>, ApiError> {
    let mut query = api_clients::table.into_boxed();
    if let Some(org) = organisation {
        query = query.filter(api_clients::organisation_id.eq(org.to_string()));
    }
    if let Some(after) = after {
        query = query.filter(api_clients::id.gt(after.to_owned()));
    }
    let rows: Vec<ClientRow> = query
        .order(api_clients::id.asc())
        .limit(limit as i64 + 1)
        .select(ClientRow::as_select())
        .load(conn)?;
    rows.into_iter()
        .map(|r| r.into_domain().map(|(c, _)| c))
        .collect()
}

pub fn count_for_organisation(
    conn: &mut DbConnection,
    organisation: Uuid,
) -> Result<i64, ApiError> {
    Ok(api_clients::table
        .filter(api_clients::organisation_id.eq(organisation.to_string()))
        .count()
        .get_result(conn)?)
}
