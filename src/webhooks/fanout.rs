//! Fan-out: each change in the outbox becomes one delivery per subscription that wants
//! it and may read it, as the change feed would show it to the subscription's API client
//! (a change that took the record out of the client's view is a delete).

use chrono::NaiveDateTime;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::auth::{Caller, Role};
use crate::db::DbConnection;
use crate::domain::access::read_scope;
use crate::domain::changes::ChangeRecord;
use crate::domain::kinds::ResourceKind;
use crate::error::ApiError;
use crate::store::changes::{DELETE, StoredChange};
use crate::store::parse_uuid;
use crate::store::visibility::{Audience, FeedView, ReadScope, feed_view};
use crate::store::webhook_deliveries::{self as deliveries, NewDelivery, OutboxChange, PENDING};
use crate::store::webhooks::{self as subscriptions, ClientScopeRow, SubscriptionRow};

/// Changes fanned out per transaction at most.
const BATCH: i64 = 500;
/// Changes dropped per transaction at most when no subscription is active (a short
/// transaction, so that other writes interleave).
const DISCARD_BATCH: i64 = 10_000;

/// A subscription as the fan-out judges changes for it.
struct Subscriber {
    id: String,
    scope: ReadScope,
    event_types: Vec<String>,
    kinds: Vec<String>,
    organisation: Option<String>,
}

/// The read scope of a subscription's API client; `Err` with a reason when the client can
/// no longer read anything (revoked): the subscription is then disabled.
fn scope_of(client: Option<&ClientScopeRow>) -> Result<ReadScope, String> {
    let Some(client) = client else {
        return Ok(ReadScope::All);
    };
    if client.revoked_at.is_some() {
        return Err("its API client was revoked".to_owned());
    }
    let role = Role::parse(&client.role).ok_or("its API client's role is unknown")?;
    let org = Uuid::parse_str(&client.organisation_id).ok();
    Ok(read_scope(&Caller {
        sub: String::new(),
        role,
        org,
        issuer: String::new(),
    }))
}

impl Subscriber {
    fn of(row: &SubscriptionRow, scope: ReadScope) -> Result<Self, ApiError> {
        let corrupt = |what: &str| ApiError::internal(format!("webhook {}: bad {what}", row.id));
        Ok(Subscriber {
            id: row.id.clone(),
            scope,
            event_types: serde_json::from_str(&row.event_types)
                .map_err(|_| corrupt("event_types"))?,
            kinds: serde_json::from_str(&row.kinds).map_err(|_| corrupt("kinds"))?,
            organisation: row.organisation_id.clone(),
        })
    }

    /// The event this subscriber gets for `change`, if any: its type and the change as
    /// the subscriber sees it.
    fn event(&self, change: &OutboxChange) -> Option<(String, bool)> {
        let previous = change.previous_audience.clone().map(Audience);
        let as_delete = match feed_view(
            &Audience(change.audience.clone()),
            previous.as_ref(),
            self.scope,
        ) {
            FeedView::AsIs => false,
            FeedView::AsDelete => true,
            FeedView::Hidden => return None,
        };
        if !self.kinds.is_empty() && !self.kinds.contains(&change.resource) {
            return None;
        }
        if self.organisation.is_some() && self.organisation != change.actor_organisation_id {
            return None;
        }
        let action = if as_delete {
            DELETE
        } else {
            change.action.as_str()
        };
        let event_type = format!("{}.{action}", change.resource);
        if !self.event_types.is_empty() && !self.event_types.contains(&event_type) {
            return None;
        }
        Some((event_type, as_delete))
    }
}

/// The body of a delivery: the change-feed event and a link to the record (never the
/// record itself: the receiver reads it with its own token, as its role allows).
fn payload(
    change: &OutboxChange,
    event_type: &str,
    as_delete: bool,
    public_url: Option<&str>,
) -> Result<String, ApiError> {
    let stored = StoredChange {
        seq: change.seq,
        resource: change.resource.clone(),
        record_id: parse_uuid(&change.record_id)?,
        action: if as_delete {
            DELETE.to_owned()
        } else {
            change.action.clone()
        },
        version: change.version,
        actor: change.actor.clone(),
        actor_organisation_id: change
            .actor_organisation_id
            .as_deref()
            .map(parse_uuid)
            .transpose()?,
        at: change.at,
        changed_fields: if as_delete {
            Vec::new()
        } else {
            serde_json::from_str(&change.changed_fields).map_err(|_| {
                ApiError::internal(format!("change {}: bad changed_fields", change.seq))
            })?
        },
        comment: if as_delete {
            None
        } else {
            change.comment.clone()
        },
    };
    let record = ChangeRecord::from_stored(stored)?;
    let kind = record.resource;
    let mut data = serde_json::to_value(&record).map_err(ApiError::internal)?;
    data["link"] = Value::String(link(kind, record.id, public_url));
    let body = json!({
        "type": event_type,
        "timestamp": record.at,
        "data": data,
    });
    serde_json::to_string(&body).map_err(ApiError::internal)
}

/// Where the record is read: `/api/v1/projects/{id}` (a project's results: under its
/// project), absolute when the service's public URL is known.
pub fn link(kind: ResourceKind, id: Uuid, public_url: Option<&str>) -> String {
    let suffix = match kind {
        ResourceKind::ProjectResults => "/results",
        ResourceKind::ProjectActivities => "/activities",
        ResourceKind::ProjectTransactions => "/transactions",
        _ => "",
    };
    format!(
        "{}/api/v1{}/{id}{suffix}",
        public_url.unwrap_or("").trim_end_matches('/'),
        kind.collection()
    )
}

/// A new `webhook-id`: `msg_` and a time-ordered unique id.
pub fn new_message_id() -> String {
    format!("msg_{}", Uuid::now_v7().simple())
}

/// Fan out the oldest changes of the outbox; returns how many deliveries were made, or
/// `None` when another replica is fanning out. Call in a write transaction.
pub fn fan_out(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    public_url: Option<&str>,
) -> Result<Option<usize>, ApiError> {
    if !deliveries::lock_fan_out(conn)? {
        return Ok(None);
    }
    let mut subscribers = Vec::new();
    for (row, client) in subscriptions::active_with_clients(conn)? {
        match scope_of(client.as_ref()) {
            Ok(scope) => subscribers.push(Subscriber::of(&row, scope)?),
            Err(reason) => {
                subscriptions::disable(conn, &row.id, &reason, now)?;
                deliveries::fail_pending(conn, &row.id, &reason)?;
            }
        }
    }
    if subscribers.is_empty() {
        // No one to deliver to: the changes waiting are dropped unread, many at a time
        // (after a bulk load, reading each one only to drop it kept the writer busy for
        // seconds while requests waited).
        deliveries::discard_outbox(conn, DISCARD_BATCH)?;
        return Ok(Some(0));
    }
    let changes = deliveries::outbox_changes(conn, BATCH)?;
    if changes.is_empty() {
        return Ok(Some(0));
    }
    let mut made = Vec::new();
    for change in &changes {
        for subscriber in &subscribers {
            let Some((event_type, as_delete)) = subscriber.event(change) else {
                continue;
            };
            made.push(NewDelivery {
                id: new_message_id(),
                subscription_id: subscriber.id.clone(),
                seq: Some(change.seq),
                payload: payload(change, &event_type, as_delete, public_url)?,
                event_type,
                record_key: format!("{}:{}", change.resource, change.record_id),
                state: PENDING,
                attempts: 0,
                created_at: change.at,
                window_started_at: now,
                next_attempt_at: now,
                delivered_at: None,
                last_status: None,
                last_error: None,
            });
        }
    }
    deliveries::insert_deliveries(conn, &made)?;
    Ok(Some(made.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_name_the_record() {
        let id = Uuid::nil();
        assert_eq!(
            link(ResourceKind::Project, id, None),
            format!("/api/v1/projects/{id}")
        );
        assert_eq!(
            link(
                ResourceKind::ProjectResults,
                id,
                Some("https://ssc.example.org/")
            ),
            format!("https://ssc.example.org/api/v1/projects/{id}/results")
        );
        assert_eq!(
            link(ResourceKind::ProjectTransactions, id, None),
            format!("/api/v1/projects/{id}/transactions")
        );
    }
}
