//! Storage of webhook deliveries: the outbox written with each change, the deliveries
//! fanned out from it, their claiming by a replica's worker and the log of attempts.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamp};

use crate::db::DbConnection;
use crate::schema::{
    changes, webhook_attempts, webhook_deliveries, webhook_outbox, webhook_subscriptions,
};
use crate::store::StoreError;
use crate::store::batch::insert_rows;
use crate::store::webhooks::ACTIVE;

pub const PENDING: &str = "pending";
pub const DELIVERED: &str = "delivered";
pub const FAILED: &str = "failed";

/// Put the changes `seqs` (made at `at`) in the outbox. Call in the change's transaction.
pub fn enqueue(conn: &mut DbConnection, seqs: &[i64], at: NaiveDateTime) -> Result<(), StoreError> {
    if let [seq] = seqs {
        // One change (every write through the API): a statement whose text never varies.
        diesel::insert_into(webhook_outbox::table)
            .values((
                webhook_outbox::seq.eq(*seq),
                webhook_outbox::created_at.eq(at),
            ))
            .execute(conn)?;
        return Ok(());
    }
    let rows: Vec<_> = seqs
        .iter()
        .map(|seq| {
            (
                webhook_outbox::seq.eq(*seq),
                webhook_outbox::created_at.eq(at),
            )
        })
        .collect();
    insert_rows!(conn, webhook_outbox::table, rows, 2)?;
    Ok(())
}

/// Is anything waiting in the outbox?
pub fn outbox_waiting(conn: &mut DbConnection) -> Result<bool, StoreError> {
    Ok(diesel::select(diesel::dsl::exists(
        webhook_outbox::table.select(webhook_outbox::seq),
    ))
    .get_result(conn)?)
}

/// Take the fan-out for this transaction: false when another replica holds it
/// (PostgreSQL; on SQLite the write transaction is alone anyway). Fan-outs run one at a
/// time so that a record's deliveries are made in `seq` order.
pub fn lock_fan_out(conn: &mut DbConnection) -> Result<bool, StoreError> {
    #[derive(QueryableByName)]
    struct Locked {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        locked: bool,
    }
    match conn {
        DbConnection::Postgres(pg) => {
            let Locked { locked } =
                diesel::sql_query("SELECT pg_try_advisory_xact_lock(7245125) AS locked")
                    .get_result(pg)?;
            Ok(locked)
        }
        DbConnection::Sqlite(_) => Ok(true),
    }
}

/// A change to fan out, with who may read its record now and before.
#[derive(Debug, Clone, Queryable)]
pub struct OutboxChange {
    pub seq: i64,
    pub resource: String,
    pub record_id: String,
    pub action: String,
    pub version: i64,
    pub actor: String,
    pub actor_organisation_id: Option<String>,
    pub at: NaiveDateTime,
    pub changed_fields: String,
    pub audience: String,
    pub previous_audience: Option<String>,
    pub comment: Option<String>,
}

/// Drop the oldest changes in the outbox, at most `limit`, without reading them, while
/// no subscription is active. The delete itself checks that none is: on PostgreSQL a
/// subscription created after the caller looked, and committed before a change it should
/// receive, is seen by the statement, which then drops nothing.
pub fn discard_outbox(conn: &mut DbConnection, limit: i64) -> Result<usize, StoreError> {
    // Fewer waiting than `limit`: all of them.
    let last: i64 = webhook_outbox::table
        .order(webhook_outbox::seq.asc())
        .offset(limit - 1)
        .select(webhook_outbox::seq)
        .first(conn)
        .optional()?
        .unwrap_or(i64::MAX);
    // Raw SQL: diesel takes no subquery of another table in a delete's filter. `last`
    // is an integer written into the text, never a caller's input.
    Ok(diesel::sql_query(format!(
        "DELETE FROM webhook_outbox WHERE seq <= {last} AND NOT EXISTS \
         (SELECT 1 FROM webhook_subscriptions WHERE state = '{ACTIVE}')"
    ))
    .execute(conn)?)
}

/// The oldest changes in the outbox, at most `limit`, in `seq` order.
pub fn outbox_changes(
    conn: &mut DbConnection,
    limit: i64,
) -> Result<Vec<OutboxChange>, StoreError> {
    let seqs: Vec<i64> = webhook_outbox::table
        .order(webhook_outbox::seq.asc())
        .limit(limit)
        .select(webhook_outbox::seq)
        .load(conn)?;
    if seqs.is_empty() {
        return Ok(Vec::new());
    }
    let found: Vec<OutboxChange> = changes::table
        .filter(changes::seq.eq_any(&seqs))
        .order(changes::seq.asc())
        .select((
            changes::seq,
            changes::resource,
            changes::record_id,
            changes::action,
            changes::version,
            changes::actor,
            changes::actor_organisation_id,
            changes::at,
            changes::changed_fields,
            changes::audience,
            changes::previous_audience,
            changes::comment,
        ))
        .load(conn)?;
    // An outbox row whose change is gone (none should be) is dropped with the others.
    diesel::delete(webhook_outbox::table.filter(webhook_outbox::seq.eq_any(&seqs)))
        .execute(conn)?;
    Ok(found)
}

/// A delivery to make.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = webhook_deliveries, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct NewDelivery {
    pub id: String,
    pub subscription_id: String,
    pub seq: Option<i64>,
    pub event_type: String,
    pub record_key: String,
    pub payload: String,
    pub state: &'static str,
    pub attempts: i32,
    pub created_at: NaiveDateTime,
    pub window_started_at: NaiveDateTime,
    pub next_attempt_at: NaiveDateTime,
    pub delivered_at: Option<NaiveDateTime>,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
}

pub fn insert_deliveries(conn: &mut DbConnection, rows: &[NewDelivery]) -> Result<(), StoreError> {
    insert_rows!(conn, webhook_deliveries::table, rows.to_vec(), 14)?;
    Ok(())
}

/// A delivery claimed by this replica, with what sending it needs.
#[derive(Debug, Clone, Queryable)]
pub struct ClaimedDelivery {
    pub id: String,
    pub subscription_id: String,
    pub payload: String,
    pub attempts: i32,
    /// When the change was made (for the latency from commit to receipt).
    pub created_at: NaiveDateTime,
    pub window_started_at: NaiveDateTime,
    pub url: String,
    pub secret_ciphertext: String,
    pub previous_secret_ciphertext: Option<String>,
    pub previous_secret_until: Option<NaiveDateTime>,
}

const CLAIM_CANDIDATES: &str = "SELECT d.id FROM webhook_deliveries d \
     JOIN webhook_subscriptions s ON s.id = d.subscription_id \
     WHERE d.state = 'pending' AND d.next_attempt_at <= $3 \
       AND (d.lease_until IS NULL OR d.lease_until <= $3) \
       AND s.state = 'active' \
       AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e \
           WHERE e.subscription_id = d.subscription_id AND e.record_key = d.record_key \
             AND e.state = 'pending' AND e.seq < d.seq) \
     ORDER BY d.seq LIMIT $4";

/// Claim at most `limit` due deliveries until `lease_until` under `token`: the first
/// pending delivery of each record (so a record's deliveries go out in order) of active
/// subscriptions. Replicas claim different ones: PostgreSQL skips rows another replica is
/// claiming; SQLite has one writer.
pub fn claim(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    limit: i64,
    lease_until: NaiveDateTime,
    token: &str,
) -> Result<Vec<ClaimedDelivery>, StoreError> {
    let claimed = match conn {
        DbConnection::Postgres(pg) => diesel::sql_query(format!(
            "UPDATE webhook_deliveries SET lease_until = $1, lease_token = $2 \
             WHERE id IN ({CLAIM_CANDIDATES} FOR UPDATE OF d SKIP LOCKED)"
        ))
        .bind::<Timestamp, _>(lease_until)
        .bind::<Text, _>(token)
        .bind::<Timestamp, _>(now)
        .bind::<BigInt, _>(limit)
        .execute(pg)?,
        DbConnection::Sqlite(sqlite) => diesel::sql_query(format!(
            "UPDATE webhook_deliveries SET lease_until = ?1, lease_token = ?2 \
             WHERE id IN ({})",
            CLAIM_CANDIDATES.replace('$', "?")
        ))
        .bind::<Timestamp, _>(lease_until)
        .bind::<Text, _>(token)
        .bind::<Timestamp, _>(now)
        .bind::<BigInt, _>(limit)
        .execute(sqlite)?,
    };
    if claimed == 0 {
        return Ok(Vec::new());
    }
    Ok(webhook_deliveries::table
        .inner_join(webhook_subscriptions::table)
        .filter(webhook_deliveries::lease_token.eq(token))
        .order(webhook_deliveries::seq.asc())
        .select((
            webhook_deliveries::id,
            webhook_deliveries::subscription_id,
            webhook_deliveries::payload,
            webhook_deliveries::attempts,
            webhook_deliveries::created_at,
            webhook_deliveries::window_started_at,
            webhook_subscriptions::url,
            webhook_subscriptions::secret_ciphertext,
            webhook_subscriptions::previous_secret_ciphertext,
            webhook_subscriptions::previous_secret_until,
        ))
        .load(conn)?)
}

/// Is any delivery due now (a cheap read before a claim's write)?
pub fn any_due(conn: &mut DbConnection, now: NaiveDateTime) -> Result<bool, StoreError> {
    Ok(diesel::select(diesel::dsl::exists(
        webhook_deliveries::table
            .filter(webhook_deliveries::state.eq(PENDING))
            .filter(webhook_deliveries::next_attempt_at.le(now))
            .filter(
                webhook_deliveries::lease_until
                    .is_null()
                    .or(webhook_deliveries::lease_until.le(now)),
            ),
    ))
    .get_result(conn)?)
}

/// What became of one attempt, to record.
#[derive(Debug, Clone)]
pub struct AttemptRecord {
    pub delivery_id: String,
    pub lease_token: String,
    /// This attempt's number (1 for the first).
    pub attempt: i32,
    pub at: NaiveDateTime,
    pub status: Option<i32>,
    pub latency_ms: i64,
    pub error: Option<String>,
    pub excerpt: Option<String>,
    /// The delivery's state after it, and when to try again if pending.
    pub state: &'static str,
    pub next_attempt_at: NaiveDateTime,
}

/// Log an attempt and move its delivery on, if this replica still holds its lease (past
/// the lease another replica may have taken it over, and its outcome counts). Returns
/// whether the delivery was moved on.
pub fn record_attempt(conn: &mut DbConnection, record: &AttemptRecord) -> Result<bool, StoreError> {
    diesel::insert_into(webhook_attempts::table)
        .values((
            webhook_attempts::id.eq(uuid::Uuid::now_v7().to_string()),
            webhook_attempts::delivery_id.eq(&record.delivery_id),
            webhook_attempts::attempt.eq(record.attempt),
            webhook_attempts::at.eq(record.at),
            webhook_attempts::status.eq(record.status),
            webhook_attempts::latency_ms.eq(record.latency_ms),
            webhook_attempts::error.eq(record.error.as_deref()),
            webhook_attempts::response_excerpt.eq(record.excerpt.as_deref()),
        ))
        .execute(conn)?;
    let delivered_at = (record.state == DELIVERED).then_some(record.at);
    let moved = diesel::update(
        webhook_deliveries::table
            .filter(webhook_deliveries::id.eq(&record.delivery_id))
            .filter(webhook_deliveries::lease_token.eq(&record.lease_token)),
    )
    .set((
        webhook_deliveries::state.eq(record.state),
        webhook_deliveries::attempts.eq(record.attempt),
        webhook_deliveries::next_attempt_at.eq(record.next_attempt_at),
        webhook_deliveries::lease_until.eq(None::<NaiveDateTime>),
        webhook_deliveries::lease_token.eq(None::<String>),
        webhook_deliveries::delivered_at.eq(delivered_at),
        webhook_deliveries::last_status.eq(record.status),
        webhook_deliveries::last_error.eq(record.error.as_deref()),
    ))
    .execute(conn)?;
    Ok(moved > 0)
}

/// Give up a subscription's pending deliveries (it was disabled), saying why.
pub fn fail_pending(
    conn: &mut DbConnection,
    subscription: &str,
    reason: &str,
) -> Result<(), StoreError> {
    diesel::update(
        webhook_deliveries::table
            .filter(webhook_deliveries::subscription_id.eq(subscription))
            .filter(webhook_deliveries::state.eq(PENDING)),
    )
    .set((
        webhook_deliveries::state.eq(FAILED),
        webhook_deliveries::last_error.eq(Some(reason)),
    ))
    .execute(conn)?;
    Ok(())
}

/// A delivery as the log shows it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhook_deliveries)]
pub struct DeliveryRow {
    pub id: String,
    pub seq: Option<i64>,
    pub event_type: String,
    pub state: String,
    pub attempts: i32,
    pub created_at: NaiveDateTime,
    pub next_attempt_at: NaiveDateTime,
    pub delivered_at: Option<NaiveDateTime>,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhook_attempts)]
pub struct AttemptRow {
    pub delivery_id: String,
    pub attempt: i32,
    pub at: NaiveDateTime,
    pub status: Option<i32>,
    pub latency_ms: i64,
    pub error: Option<String>,
    pub response_excerpt: Option<String>,
}

/// A subscription's deliveries, newest first, before `before` (an id), at most
/// `limit + 1`, each with its attempts in order.
pub fn log(
    conn: &mut DbConnection,
    subscription: &str,
    before: Option<&str>,
    limit: usize,
) -> Result<Vec<(DeliveryRow, Vec<AttemptRow>)>, StoreError> {
    let mut query = webhook_deliveries::table
        .filter(webhook_deliveries::subscription_id.eq(subscription))
        .into_boxed();
    if let Some(before) = before {
        query = query.filter(webhook_deliveries::id.lt(before.to_owned()));
    }
    let deliveries: Vec<DeliveryRow> = query
        .order(webhook_deliveries::id.desc())
        .limit(limit as i64 + 1)
        .select(DeliveryRow::as_select())
        .load(conn)?;
    let ids: Vec<&str> = deliveries.iter().map(|d| d.id.as_str()).collect();
    let mut attempts: Vec<AttemptRow> = webhook_attempts::table
        .filter(webhook_attempts::delivery_id.eq_any(&ids))
        .order((
            webhook_attempts::delivery_id,
            webhook_attempts::attempt,
            webhook_attempts::at,
        ))
        .select(AttemptRow::as_select())
        .load(conn)?;
    Ok(deliveries
        .into_iter()
        .map(|delivery| {
            let (mine, rest) = attempts
                .drain(..)
                .partition(|a: &AttemptRow| a.delivery_id == delivery.id);
            attempts = rest;
            (delivery, mine)
        })
        .collect())
}

/// The attempts of one delivery, in order.
pub fn attempts(conn: &mut DbConnection, delivery: &str) -> Result<Vec<AttemptRow>, StoreError> {
    Ok(webhook_attempts::table
        .filter(webhook_attempts::delivery_id.eq(delivery))
        .order((webhook_attempts::attempt, webhook_attempts::at))
        .select(AttemptRow::as_select())
        .load(conn)?)
}

/// The delivery `id` of `subscription`, if there is one.
pub fn find(
    conn: &mut DbConnection,
    subscription: &str,
    id: &str,
) -> Result<Option<DeliveryRow>, StoreError> {
    Ok(webhook_deliveries::table
        .filter(webhook_deliveries::subscription_id.eq(subscription))
        .filter(webhook_deliveries::id.eq(id))
        .select(DeliveryRow::as_select())
        .first(conn)
        .optional()?)
}

/// Send a delivery again now, with a new retry window (a delivery in flight keeps its
/// lease: it is sent again once that attempt is over).
pub fn redeliver(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> Result<(), StoreError> {
    diesel::update(webhook_deliveries::table.filter(webhook_deliveries::id.eq(id)))
        .set((
            webhook_deliveries::state.eq(PENDING),
            webhook_deliveries::window_started_at.eq(now),
            webhook_deliveries::next_attempt_at.eq(now),
            webhook_deliveries::delivered_at.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    Ok(())
}

/// When the oldest event still waiting was made: the first in the outbox, or a pending
/// delivery of an active subscription. The outbox's first is taken in `seq` order, by its
/// key: `min(created_at)` scanned the whole outbox (146 ms a round with 350,000 changes
/// waiting after a seed); a change appended later than one of an earlier time is rare
/// and only makes the figure younger for a moment.
pub fn oldest_waiting(conn: &mut DbConnection) -> Result<Option<NaiveDateTime>, StoreError> {
    let outbox: Option<NaiveDateTime> = webhook_outbox::table
        .order(webhook_outbox::seq.asc())
        .select(webhook_outbox::created_at)
        .first(conn)
        .optional()?;
    let pending: Option<NaiveDateTime> = webhook_deliveries::table
        .inner_join(webhook_subscriptions::table)
        .filter(webhook_deliveries::state.eq(PENDING))
        .filter(webhook_subscriptions::state.eq(crate::store::webhooks::ACTIVE))
        .select(diesel::dsl::min(webhook_deliveries::created_at))
        .first(conn)?;
    Ok(outbox.into_iter().chain(pending).min())
}
