//! A subscription's delivery log, manual redelivery and the test ping.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::closed_vocabulary::vocabulary;
use crate::db::DbConnection;
use crate::domain::webhooks::{self, PING, WebhookState};
use crate::error::ApiError;
use crate::pagination::{Cursors, page_size};
use crate::store::to_utc;
use crate::store::webhook_deliveries::{
    self as store, AttemptRow, DELIVERED, DeliveryRow, FAILED, NewDelivery,
};
use crate::webhooks::WebhookSettings;
use crate::webhooks::fanout::new_message_id;
use crate::webhooks::sender::Attempt;

vocabulary! {
    DeliveryState {
        Pending = "pending", "Pending", "Pendiente";
        Delivered = "delivered", "Delivered", "Entregada";
        Failed = "failed", "Failed", "Fallida";
    }
}

/// One attempt to deliver.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeliveryAttempt {
    /// 1 for the first attempt.
    pub attempt: i32,
    pub at: DateTime<Utc>,
    /// The receiver's status code; null when no answer came.
    #[schema(required = true)]
    pub status: Option<i32>,
    /// Milliseconds from sending to the answer (or the failure).
    pub latency_ms: i64,
    /// Why it failed (no answer within the timeout, a refused address, a non-2xx status).
    #[schema(required = true)]
    pub error: Option<String>,
    /// The first bytes (at most 1 KB) of the answer's body.
    #[schema(required = true)]
    pub response_excerpt: Option<String>,
}

/// One event sent (or being sent) to a subscription, with its attempts.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "msg_0193a6a0fc1e7b3a9c1d2f4e5a6b7c8d", "seq": 1042, "event_type": "project.update",
    "state": "delivered", "attempts": 2, "created_at": "2026-01-10T12:00:00Z",
    "next_attempt_at": null, "delivered_at": "2026-01-10T12:00:02Z", "last_status": 200, "last_error": null,
    "attempt_log": [
        {"attempt": 1, "at": "2026-01-10T12:00:00Z", "status": 503, "latency_ms": 41, "error": "answered 503", "response_excerpt": "busy"},
        {"attempt": 2, "at": "2026-01-10T12:00:02Z", "status": 200, "latency_ms": 12, "error": null, "response_excerpt": null}
    ]
}))]
pub struct WebhookDelivery {
    /// The `webhook-id` header: the same for every attempt and redelivery of this event
    /// to this subscription.
    pub id: String,
    /// The change's position in the change feed; null for a test ping.
    #[schema(required = true)]
    pub seq: Option<i64>,
    /// `<resource>.<action>`, or `webhook.ping`.
    pub event_type: String,
    pub state: DeliveryState,
    pub attempts: i32,
    /// When the change was made (a ping: when it was sent).
    pub created_at: DateTime<Utc>,
    /// When the next attempt is due (pending deliveries only).
    #[schema(required = true)]
    pub next_attempt_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub delivered_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub last_status: Option<i32>,
    #[schema(required = true)]
    pub last_error: Option<String>,
    pub attempt_log: Vec<DeliveryAttempt>,
}

/// A page of a subscription's deliveries, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryPage {
    pub items: Vec<WebhookDelivery>,
    /// Pass as `cursor` to get the next page; null on the last page.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

impl WebhookDelivery {
    fn from_rows(row: DeliveryRow, attempts: Vec<AttemptRow>) -> Result<Self, ApiError> {
        let state = DeliveryState::parse(&row.state)
            .ok_or_else(|| ApiError::internal(format!("delivery {}: bad state", row.id)))?;
        Ok(WebhookDelivery {
            next_attempt_at: (state == DeliveryState::Pending).then(|| to_utc(row.next_attempt_at)),
            id: row.id,
            seq: row.seq,
            event_type: row.event_type,
            state,
            attempts: row.attempts,
            created_at: to_utc(row.created_at),
            delivered_at: row.delivered_at.map(to_utc),
            last_status: row.last_status,
            last_error: row.last_error,
            attempt_log: attempts
                .into_iter()
                .map(|a| DeliveryAttempt {
                    attempt: a.attempt,
                    at: to_utc(a.at),
                    status: a.status,
                    latency_ms: a.latency_ms,
                    error: a.error,
                    response_excerpt: a.response_excerpt,
                })
                .collect(),
        })
    }
}

const CURSOR_KIND: &str = "webhook_deliveries";

/// A page of the subscription's deliveries, newest first.
pub fn log(
    conn: &mut DbConnection,
    subscription: Uuid,
    limit: Option<u32>,
    cursor: Option<&str>,
    cursors: &Cursors,
) -> Result<DeliveryPage, ApiError> {
    webhooks::find(conn, subscription)?;
    let limit = page_size(limit)?;
    let before = cursor
        .map(|c| cursors.decode::<String>(CURSOR_KIND, c))
        .transpose()?;
    let rows = store::log(conn, &subscription.to_string(), before.as_deref(), limit)?;
    let (rows, next_cursor) = cursors.paginate(rows, limit, CURSOR_KIND, |(d, _)| d.id.clone());
    Ok(DeliveryPage {
        items: rows
            .into_iter()
            .map(|(d, a)| WebhookDelivery::from_rows(d, a))
            .collect::<Result<_, _>>()?,
        next_cursor,
    })
}

fn delivery_not_found(subscription: Uuid, id: &str) -> ApiError {
    ApiError::not_found(crate::msg!(
        "delivery-not-found",
        webhook = subscription.to_string(),
        id = id
    ))
}

fn find(
    conn: &mut DbConnection,
    subscription: Uuid,
    id: &str,
) -> Result<WebhookDelivery, ApiError> {
    let key = subscription.to_string();
    let row = store::find(conn, &key, id)?.ok_or_else(|| delivery_not_found(subscription, id))?;
    let attempts = store::attempts(conn, &row.id)?;
    WebhookDelivery::from_rows(row, attempts)
}

/// Send one event again, now, with the same `webhook-id` (receivers that already have it
/// drop it): after it failed, or when a receiver lost it.
pub fn redeliver(
    conn: &mut DbConnection,
    settings: &WebhookSettings,
    subscription: Uuid,
    id: &str,
) -> Result<WebhookDelivery, ApiError> {
    let webhook = webhooks::find(conn, subscription)?;
    let delivery = store::find(conn, &subscription.to_string(), id)?
        .ok_or_else(|| delivery_not_found(subscription, id))?;
    if webhook.state == WebhookState::Disabled {
        return Err(ApiError::conflict(crate::msg!(
            "webhook-disabled",
            webhook = subscription.to_string()
        )));
    }
    if delivery.seq.is_none() {
        return Err(ApiError::conflict(crate::msg!("ping-not-redelivered")));
    }
    store::redeliver(conn, &delivery.id, settings.clock.now())?;
    find(conn, subscription, id)
}

/// The body of a test ping.
pub fn ping_body(subscription: Uuid, at: DateTime<Utc>) -> String {
    json!({
        "type": PING,
        "timestamp": at,
        "data": {"webhook_id": subscription},
    })
    .to_string()
}

/// A ping to send: its `webhook-id` and body.
pub struct Ping {
    pub id: String,
    pub body: String,
}

impl Ping {
    pub fn new(subscription: Uuid, settings: &WebhookSettings) -> Self {
        Ping {
            id: new_message_id(),
            body: ping_body(subscription, to_utc(settings.clock.now())),
        }
    }
}

/// Log a ping that was sent, as a delivery with its one attempt.
pub fn record_ping(
    conn: &mut DbConnection,
    settings: &WebhookSettings,
    subscription: Uuid,
    ping: Ping,
    attempt: Attempt,
) -> Result<WebhookDelivery, ApiError> {
    webhooks::find(conn, subscription)?;
    let now = settings.clock.now();
    let state = if attempt.succeeded() {
        DELIVERED
    } else {
        FAILED
    };
    store::insert_deliveries(
        conn,
        &[NewDelivery {
            id: ping.id.clone(),
            subscription_id: subscription.to_string(),
            seq: None,
            event_type: PING.to_owned(),
            record_key: ping.id.clone(),
            payload: ping.body,
            state,
            attempts: 0,
            created_at: now,
            window_started_at: now,
            next_attempt_at: now,
            delivered_at: None,
            last_status: None,
            last_error: None,
        }],
    )?;
    let token = new_message_id();
    lease_for_record(conn, &ping.id, &token)?;
    store::record_attempt(
        conn,
        &store::AttemptRecord {
            delivery_id: ping.id.clone(),
            lease_token: token,
            attempt: 1,
            at: now,
            status: attempt.status.map(i32::from),
            latency_ms: attempt.latency.as_millis() as i64,
            error: attempt.error,
            excerpt: attempt.excerpt,
            state,
            next_attempt_at: now,
        },
    )?;
    find(conn, subscription, &ping.id)
}

/// Give the just-inserted ping a lease token so that its attempt is recorded the way
/// every attempt is.
fn lease_for_record(conn: &mut DbConnection, id: &str, token: &str) -> Result<(), ApiError> {
    use crate::schema::webhook_deliveries;
    use diesel::prelude::*;
    diesel::update(webhook_deliveries::table.filter(webhook_deliveries::id.eq(id)))
        .set(webhook_deliveries::lease_token.eq(Some(token)))
        .execute(conn)?;
    Ok(())
}
