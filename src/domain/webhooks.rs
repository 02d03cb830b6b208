//! Webhook subscriptions: what an admin makes, sees and changes. Each subscription sends
//! the change feed's events, as its API client may read them (the directorate's own
//! systems: all of them), to one URL, signed with a secret shown once and kept only
//! encrypted.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::auth::Caller;
use crate::closed_vocabulary::vocabulary;
use crate::db::DbConnection;
use crate::domain::changes::ChangeAction;
use crate::domain::kinds::ResourceKind;
use crate::error::{ApiError, FieldError};
use crate::pagination::{Cursors, page_size};
use crate::store::clients as client_store;
use crate::store::webhooks::{self as store, ACTIVE, SubscriptionRow};
use crate::store::{parse_uuid, to_utc};
use crate::validation::Violations;
use crate::webhooks::WebhookSettings;
use crate::webhooks::secrets::SigningSecret;

/// The most event types one subscription names.
const MAX_EVENT_TYPES: usize = 100;
/// The type of a test ping.
pub const PING: &str = "webhook.ping";

/// A subscription as an admin creates it.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "url": "https://sistemas.mag.gob.bo/ssc/webhooks",
    "event_types": ["project.create", "project.update", "project.delete", "project.approve"],
    "client_id": "0193a6a0-dc1e-7b3a-9c1d-2f4e5a6b7c8d",
    "filters": {"organisation_id": null, "kinds": ["project"]}
}))]
pub struct WebhookInput {
    /// Where deliveries are POSTed: an `https` URL (`http` only when the service allows it)
    /// whose host resolves to public addresses, without credentials or fragment.
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub url: String,
    /// The events to send, named `<resource>.<action>` after the change feed
    /// (`project.update`, `partnership.approve`, ...); omitted or empty: all of them.
    #[serde(default)]
    #[schema(max_items = 100, schema_with = event_types_schema)]
    pub event_types: Vec<String>,
    /// The API client whose systems receive the deliveries: they carry only what that
    /// client may read, as its change feed does. Omitted or null: the directorate's own
    /// systems, which receive everything.
    #[serde(default)]
    pub client_id: Option<Uuid>,
    #[serde(default)]
    #[validate(nested)]
    pub filters: WebhookFilters,
}

/// Narrower deliveries: only changes made for one organisation, only some kinds of record.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct WebhookFilters {
    /// Only changes made for this organisation (the event's `organisation_id`); null: any.
    #[serde(default)]
    #[schema(required = true)]
    pub organisation_id: Option<Uuid>,
    /// Only changes to these kinds of record; empty: all kinds.
    #[serde(default)]
    #[validate(length(max = 6))]
    #[schema(max_items = 6)]
    pub kinds: Vec<ResourceKind>,
}

vocabulary! {
    WebhookState {
        Active = "active", "Active", "Activa";
        Disabled = "disabled", "Disabled", "Desactivada";
    }
}

/// A subscription (never its secret).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a6a0-ec1e-7b3a-9c1d-2f4e5a6b7c8d",
    "url": "https://sistemas.mag.gob.bo/ssc/webhooks",
    "event_types": ["project.create", "project.update", "project.delete", "project.approve"],
    "client_id": "0193a6a0-dc1e-7b3a-9c1d-2f4e5a6b7c8d",
    "filters": {"organisation_id": null, "kinds": ["project"]},
    "state": "active", "disabled_reason": null, "disabled_at": null,
    "secret_version": 1, "previous_secret_expires_at": null,
    "created_at": "2026-01-10T12:00:00Z", "updated_at": "2026-01-10T12:00:00Z", "created_by": "admin"
}))]
pub struct Webhook {
    pub id: Uuid,
    pub url: String,
    /// The events sent; empty: all.
    pub event_types: Vec<String>,
    /// The API client whose read scope the deliveries follow; null: the directorate's.
    #[schema(required = true)]
    pub client_id: Option<Uuid>,
    pub filters: WebhookFilters,
    /// `active`, or `disabled` (deliveries failed for 24 hours, or its API client was
    /// revoked): then nothing is sent until an admin enables it again.
    pub state: WebhookState,
    /// Why it was disabled.
    #[schema(required = true)]
    pub disabled_reason: Option<String>,
    #[schema(required = true)]
    pub disabled_at: Option<DateTime<Utc>>,
    /// Incremented by every rotation of the secret.
    pub secret_version: i64,
    /// Until then, deliveries are signed with the previous secret too (after a rotation).
    #[schema(required = true)]
    pub previous_secret_expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub created_by: String,
}

/// A subscription with its signing secret, as returned once on creation and rotation.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "webhook": {
        "id": "0193a6a0-ec1e-7b3a-9c1d-2f4e5a6b7c8d", "url": "https://sistemas.mag.gob.bo/ssc/webhooks",
        "event_types": [], "client_id": null, "filters": {"organisation_id": null, "kinds": []},
        "state": "active", "disabled_reason": null, "disabled_at": null,
        "secret_version": 1, "previous_secret_expires_at": null,
        "created_at": "2026-01-10T12:00:00Z", "updated_at": "2026-01-10T12:00:00Z", "created_by": "admin"
    },
    "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwC2FVsBQIhrs="
}))]
pub struct WebhookWithSecret {
    pub webhook: Webhook,
    /// The signing secret (Standard Webhooks' `whsec_` form): shown only now. Verify
    /// deliveries with it; it is kept only encrypted.
    pub secret: String,
}

/// A page of subscriptions.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookPage {
    pub items: Vec<Webhook>,
    /// Pass as `cursor` to get the next page; null on the last page.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

/// Every event type a subscription may name: each kind of record with each action of the
/// change feed.
pub fn event_types() -> impl Iterator<Item = String> {
    ResourceKind::ALL.iter().flat_map(|kind| {
        ChangeAction::ALL
            .iter()
            .map(move |action| format!("{}.{}", kind.as_str(), action.as_str()))
    })
}

fn event_types_schema() -> utoipa::openapi::Array {
    use utoipa::openapi::{ArrayBuilder, ObjectBuilder, schema::Type};
    ArrayBuilder::new()
        .items(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(event_types())),
        )
        .max_items(Some(MAX_EVENT_TYPES))
        .unique_items(true)
        .description(Some(
            "The events to send, named `<resource>.<action>` after the change feed; omitted or empty: all of them.",
        ))
        .build()
}

impl Webhook {
    pub fn from_row(row: SubscriptionRow) -> Result<Self, ApiError> {
        let corrupt = |what: &str| ApiError::internal(format!("webhook {}: bad {what}", row.id));
        Ok(Webhook {
            id: parse_uuid(&row.id)?,
            event_types: serde_json::from_str(&row.event_types)
                .map_err(|_| corrupt("event_types"))?,
            client_id: row.client_id.as_deref().map(parse_uuid).transpose()?,
            filters: WebhookFilters {
                organisation_id: row.organisation_id.as_deref().map(parse_uuid).transpose()?,
                kinds: serde_json::from_str(&row.kinds).map_err(|_| corrupt("kinds"))?,
            },
            state: WebhookState::parse(&row.state).ok_or_else(|| corrupt("state"))?,
            disabled_reason: row.disabled_reason,
            disabled_at: row.disabled_at.map(to_utc),
            secret_version: row.secret_version,
            previous_secret_expires_at: row.previous_secret_until.map(to_utc),
            created_at: to_utc(row.created_at),
            updated_at: to_utc(row.updated_at),
            created_by: row.created_by,
            url: row.url,
        })
    }
}

pub fn not_found(id: Uuid) -> ApiError {
    crate::error::not_found_with_id("webhook", id)
}

/// 503 while no key to encrypt secrets with is configured.
pub fn secrets_box(
    settings: &WebhookSettings,
) -> Result<std::sync::Arc<crate::webhooks::secrets::SecretBox>, ApiError> {
    settings.secrets.clone().ok_or_else(|| {
        ApiError::new(
            crate::error::Problem::ServiceUnavailable,
            crate::msg!("webhooks-off"),
        )
    })
}

/// Check an input's members against each other and the rules no schema states; the URL's
/// addresses are checked before (they need a lookup, outside any transaction).
pub fn check(input: &mut WebhookInput) -> Result<(), ApiError> {
    input.url = input.url.trim().to_owned();
    let mut v = Violations::of(input);
    if input.event_types.len() > MAX_EVENT_TYPES {
        v.add(
            "/event_types",
            crate::msg!("event-types-too-many", max = MAX_EVENT_TYPES),
        );
    }
    let known: Vec<String> = event_types().collect();
    for (i, name) in input.event_types.iter().enumerate() {
        if !known.contains(name) {
            v.add(
                format!("/event_types/{i}"),
                crate::msg!(
                    "event-type-unknown",
                    name = format!("{name:?}"),
                    resources = names(ResourceKind::ALL.iter().map(|k| k.as_str())),
                    actions = names(ChangeAction::ALL.iter().map(|a| a.as_str())),
                ),
            );
        }
    }
    input.event_types.sort();
    input.event_types.dedup();
    input.filters.kinds.sort();
    input.filters.kinds.dedup();
    v.into_result()
}

fn names<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

/// Make a subscription (its input checked, its URL's addresses too).
pub fn create(
    conn: &mut DbConnection,
    caller: &Caller,
    settings: &WebhookSettings,
    input: WebhookInput,
    secret: &SigningSecret,
) -> Result<WebhookWithSecret, ApiError> {
    let sealer = secrets_box(settings)?;
    if let Some(client) = input.client_id {
        let found = client_store::find(conn, client)?;
        let problem = match found {
            None => Some(crate::msg!(
                "not-found-with-id",
                kind = crate::l10n::noun("API client"),
                id = client.to_string()
            )),
            Some(row) if row.revoked_at.is_some() => {
                Some(crate::msg!("client-revoked", client = client.to_string()))
            }
            Some(_) => None,
        };
        if let Some(message) = problem {
            return Err(ApiError::validation(vec![FieldError::at(
                "/client_id",
                message,
            )]));
        }
    }
    if let Some(org) = input.filters.organisation_id
        && crate::store::organisations::parent_of(conn, org)?.is_none()
    {
        return Err(ApiError::validation(vec![FieldError::at(
            "/filters/organisation_id",
            crate::msg!(
                "not-found-with-id",
                kind = crate::l10n::noun("organisation"),
                id = org.to_string()
            ),
        )]));
    }
    let now = settings.clock.now();
    let id = Uuid::now_v7();
    let row = SubscriptionRow {
        id: id.to_string(),
        url: input.url,
        client_id: input.client_id.map(|c| c.to_string()),
        event_types: serde_json::to_string(&input.event_types).map_err(ApiError::internal)?,
        kinds: serde_json::to_string(&input.filters.kinds).map_err(ApiError::internal)?,
        organisation_id: input.filters.organisation_id.map(|o| o.to_string()),
        secret_ciphertext: sealer.seal(&id.to_string(), secret)?,
        previous_secret_ciphertext: None,
        previous_secret_until: None,
        secret_version: 1,
        state: ACTIVE.to_owned(),
        disabled_reason: None,
        disabled_at: None,
        created_at: now,
        updated_at: now,
        created_by: caller.sub.clone(),
    };
    store::insert(conn, &row)?;
    Ok(WebhookWithSecret {
        webhook: Webhook::from_row(row)?,
        secret: secret.expose().to_owned(),
    })
}

pub fn find(conn: &mut DbConnection, id: Uuid) -> Result<Webhook, ApiError> {
    store::find(conn, &id.to_string())?
        .ok_or_else(|| not_found(id))
        .and_then(Webhook::from_row)
}

const CURSOR_KIND: &str = "webhooks";

/// A page of subscriptions (of one API client, if given).
pub fn list(
    conn: &mut DbConnection,
    client: Option<Uuid>,
    limit: Option<u32>,
    cursor: Option<&str>,
    cursors: &Cursors,
) -> Result<WebhookPage, ApiError> {
    let limit = page_size(limit)?;
    let after = cursor
        .map(|c| cursors.decode::<String>(CURSOR_KIND, c))
        .transpose()?;
    let client = client.map(|c| c.to_string());
    let rows = store::list(conn, client.as_deref(), after.as_deref(), limit)?;
    let (rows, next_cursor) = cursors.paginate(rows, limit, CURSOR_KIND, |row| row.id.clone());
    Ok(WebhookPage {
        items: rows
            .into_iter()
            .map(Webhook::from_row)
            .collect::<Result<_, _>>()?,
        next_cursor,
    })
}

/// A new secret for a subscription; the previous one keeps signing deliveries too for
/// [`crate::webhooks::ROTATION_OVERLAP`], so receivers can switch without losing any.
pub fn rotate(
    conn: &mut DbConnection,
    settings: &WebhookSettings,
    id: Uuid,
    secret: &SigningSecret,
) -> Result<WebhookWithSecret, ApiError> {
    let sealer = secrets_box(settings)?;
    let row = store::find(conn, &id.to_string())?.ok_or_else(|| not_found(id))?;
    let now = settings.clock.now();
    let until = now + chrono::Duration::from_std(crate::webhooks::ROTATION_OVERLAP).expect("small");
    store::set_secrets(
        conn,
        &row.id,
        &sealer.seal(&row.id, secret)?,
        &row.secret_ciphertext,
        until,
        row.secret_version + 1,
        now,
    )?;
    Ok(WebhookWithSecret {
        webhook: find(conn, id)?,
        secret: secret.expose().to_owned(),
    })
}

/// Enable a subscription again (after it was disabled): new events are sent from now on;
/// those given up while it was disabled can be redelivered one by one.
pub fn enable(
    conn: &mut DbConnection,
    settings: &WebhookSettings,
    id: Uuid,
) -> Result<Webhook, ApiError> {
    let row = store::find(conn, &id.to_string())?.ok_or_else(|| not_found(id))?;
    if let Some(client) = row.client_id.as_deref() {
        let client = parse_uuid(client)?;
        if !client_store::is_active(conn, client)? {
            return Err(ApiError::conflict(crate::msg!(
                "client-revoked-webhooks",
                client = client.to_string()
            )));
        }
    }
    store::enable(conn, &row.id, settings.clock.now())?;
    find(conn, id)
}

pub fn delete(conn: &mut DbConnection, id: Uuid) -> Result<(), ApiError> {
    if store::delete(conn, &id.to_string())? {
        Ok(())
    } else {
        Err(not_found(id))
    }
}
