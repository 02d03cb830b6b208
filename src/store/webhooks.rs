//! Storage of webhook subscriptions (their deliveries: `store::webhook_deliveries`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::schema::{api_clients, webhook_deliveries, webhook_subscriptions};
use crate::store::StoreError;

pub const ACTIVE: &str = "active";
pub const DISABLED: &str = "disabled";

/// A subscription as stored (its secrets encrypted).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhook_subscriptions)]
pub struct SubscriptionRow {
    pub id: String,
    pub url: String,
    pub client_id: Option<String>,
    /// JSON array of event types; empty: all.
    pub event_types: String,
    /// JSON array of record kinds; empty: all.
    pub kinds: String,
    pub organisation_id: Option<String>,
    pub secret_ciphertext: String,
    pub previous_secret_ciphertext: Option<String>,
    pub previous_secret_until: Option<NaiveDateTime>,
    pub secret_version: i64,
    pub state: String,
    pub disabled_reason: Option<String>,
    pub disabled_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub created_by: String,
}

/// What a subscription's read scope is made of: its API client's role and organisation,
/// and whether the client was revoked.
#[derive(Debug, Clone, Queryable)]
pub struct ClientScopeRow {
    pub role: String,
    pub organisation_id: String,
    pub revoked_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConnection, row: &SubscriptionRow) -> Result<(), StoreError> {
    diesel::insert_into(webhook_subscriptions::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<SubscriptionRow>, StoreError> {
    Ok(webhook_subscriptions::table
        .filter(webhook_subscriptions::id.eq(id))
        .select(SubscriptionRow::as_select())
        .first(conn)
        .optional()?)
}

/// Subscriptions in id order (creation order) after `after`, at most `limit + 1`.
pub fn list(
    conn: &mut DbConnection,
    client: Option<&str>,
    after: Option<&str>,
    limit: usize,
) -> Result<Vec<SubscriptionRow>, StoreError> {
    let mut query = webhook_subscriptions::table.into_boxed();
    if let Some(client) = client {
        query = query.filter(webhook_subscriptions::client_id.eq(client.to_owned()));
    }
    if let Some(after) = after {
        query = query.filter(webhook_subscriptions::id.gt(after.to_owned()));
    }
    Ok(query
        .order(webhook_subscriptions::id.asc())
        .limit(limit as i64 + 1)
        .select(SubscriptionRow::as_select())
        .load(conn)?)
}

/// Delete a subscription with its deliveries and their log; false when there was none.
pub fn delete(conn: &mut DbConnection, id: &str) -> Result<bool, StoreError> {
    // Cascades on SQLite need foreign_keys (on for every pooled connection); said
    // explicitly so that the delete does not depend on it.
    let deliveries = webhook_deliveries::table
        .filter(webhook_deliveries::subscription_id.eq(id))
        .select(webhook_deliveries::id);
    diesel::delete(
        crate::schema::webhook_attempts::table
            .filter(crate::schema::webhook_attempts::delivery_id.eq_any(deliveries)),
    )
    .execute(conn)?;
    diesel::delete(webhook_deliveries::table.filter(webhook_deliveries::subscription_id.eq(id)))
        .execute(conn)?;
    Ok(
        diesel::delete(webhook_subscriptions::table.filter(webhook_subscriptions::id.eq(id)))
            .execute(conn)?
            > 0,
    )
}

/// Replace the secret: `current` signs from now on, `previous` too until `until`.
pub fn set_secrets(
    conn: &mut DbConnection,
    id: &str,
    current: &str,
    previous: &str,
    until: NaiveDateTime,
    version: i64,
    at: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::update(webhook_subscriptions::table.filter(webhook_subscriptions::id.eq(id)))
        .set((
            webhook_subscriptions::secret_ciphertext.eq(current),
            webhook_subscriptions::previous_secret_ciphertext.eq(Some(previous)),
            webhook_subscriptions::previous_secret_until.eq(Some(until)),
            webhook_subscriptions::secret_version.eq(version),
            webhook_subscriptions::updated_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// Disable a subscription, saying why (once: a disabled one keeps its first reason).
/// True when it was active.
pub fn disable(
    conn: &mut DbConnection,
    id: &str,
    reason: &str,
    at: NaiveDateTime,
) -> Result<bool, StoreError> {
    Ok(diesel::update(
        webhook_subscriptions::table
            .filter(webhook_subscriptions::id.eq(id))
            .filter(webhook_subscriptions::state.eq(ACTIVE)),
    )
    .set((
        webhook_subscriptions::state.eq(DISABLED),
        webhook_subscriptions::disabled_reason.eq(Some(reason)),
        webhook_subscriptions::disabled_at.eq(Some(at)),
        webhook_subscriptions::updated_at.eq(at),
    ))
    .execute(conn)?
        > 0)
}

pub fn enable(conn: &mut DbConnection, id: &str, at: NaiveDateTime) -> Result<(), StoreError> {
    diesel::update(webhook_subscriptions::table.filter(webhook_subscriptions::id.eq(id)))
        .set((
            webhook_subscriptions::state.eq(ACTIVE),
            webhook_subscriptions::disabled_reason.eq(None::<String>),
            webhook_subscriptions::disabled_at.eq(None::<NaiveDateTime>),
            webhook_subscriptions::updated_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// The active subscriptions, each with its API client's scope (none: the directorate's).
pub fn active_with_clients(
    conn: &mut DbConnection,
) -> Result<Vec<(SubscriptionRow, Option<ClientScopeRow>)>, StoreError> {
    Ok(webhook_subscriptions::table
        .left_join(
            api_clients::table.on(webhook_subscriptions::client_id.eq(api_clients::id.nullable())),
        )
        .filter(webhook_subscriptions::state.eq(ACTIVE))
        .order(webhook_subscriptions::id.asc())
        .select((
            SubscriptionRow::as_select(),
            (
                api_clients::role,
                api_clients::organisation_id,
                api_clients::revoked_at,
            )
                .nullable(),
        ))
        .load::<(
            SubscriptionRow,
            Option<(String, String, Option<NaiveDateTime>)>,
        )>(conn)?
        .into_iter()
        .map(|(row, client)| {
            let client = client.map(|(role, organisation_id, revoked_at)| ClientScopeRow {
                role,
                organisation_id,
                revoked_at,
            });
            (row, client)
        })
        .collect())
}
