//! `/api/v1/webhooks`: admins subscribe partner systems (or the directorate's own) to the
//! change feed, see each subscription's deliveries, redeliver one, ping, rotate the
//! signing secret, and enable a subscription that was disabled.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use serde::Deserialize;
use utoipa::{IntoParams, IntoResponses};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::Admin;
use crate::db::Db;
use crate::domain::webhook_deliveries::{self as deliveries, DeliveryPage, Ping, WebhookDelivery};
use crate::domain::webhooks::{self, Webhook, WebhookInput, WebhookPage, WebhookWithSecret};
use crate::error::{ApiError, FieldError, PROBLEM_JSON, ProblemDocument};
use crate::http::extract::{JsonBody, QueryParams, RecordId};
use crate::http::idempotency::IdempotencyKey;
use crate::http::respond::Reply;
use crate::pagination::Cursors;
use crate::routes::PageQuery;
use crate::routes::idempotent::{self, Answer};
use crate::routes::problems::AdminsOnly;
use crate::webhooks::WebhookSettings;
use crate::webhooks::secrets::SigningSecret;
use crate::webhooks::sender::Message;
use crate::webhooks::targets;

const TAG: &str = "webhooks";

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_webhooks)
        .service(create_webhook)
        .service(get_webhook)
        .service(delete_webhook)
        .service(rotate_webhook)
        .service(enable_webhook)
        .service(ping_webhook)
        .service(list_deliveries)
        .service(redeliver);
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct WebhookQuery {
    /// Page size, 1 to 200.
    #[param(minimum = 1, maximum = 200, default = 50)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Only the subscriptions of this API client.
    pub client_id: Option<Uuid>,
}

/// 404: no subscription has the id of the path.
#[derive(IntoResponses)]
#[response(status = 404, description = "No such subscription", content_type = PROBLEM_JSON)]
pub struct NoSuchSubscription(pub ProblemDocument);

/// 503: the service was started without the key that encrypts the signing secrets.
#[derive(IntoResponses)]
#[response(status = 503, description = "Webhooks are off on this service (it was started without a key for their secrets)", content_type = PROBLEM_JSON)]
pub struct WebhooksOff(pub ProblemDocument);

/// List webhook subscriptions
///
/// Admins only. Oldest first. Secrets are never shown again.
#[utoipa::path(
    tag = TAG,
    params(WebhookQuery),
    responses(
        (status = 200, description = "A page of subscriptions", body = WebhookPage),
        AdminsOnly,
    )
)]
#[get("/webhooks")]
pub async fn list_webhooks(
    _admin: Admin,
    db: web::Data<Db>,
    cursors: web::Data<Cursors>,
    query: QueryParams<WebhookQuery>,
) -> Result<web::Json<WebhookPage>, ApiError> {
    let query = query.0;
    let page = db
        .read(move |conn| {
            webhooks::list(
                conn,
                query.client_id,
                query.limit,
                query.cursor.as_deref(),
                &cursors,
            )
        })
        .await?;
    Ok(web::Json(page))
}

/// Check the URL's form and resolve its host: every address must be allowed.
async fn check_target(input: &WebhookInput, settings: &WebhookSettings) -> Result<(), ApiError> {
    let rules = settings.target_rules();
    let refused =
        |message: crate::l10n::Message| ApiError::validation(vec![FieldError::at("/url", message)]);
    let url = targets::check_url(&input.url, rules).map_err(refused)?;
    targets::resolve_checked(&url, rules)
        .await
        .map_err(refused)?;
    Ok(())
}

/// Subscribe to the change feed
///
/// Admins only. Deliveries are `POST`s signed per Standard Webhooks 1.0 (`webhook-id`,
/// `webhook-timestamp`, `webhook-signature`) of `{"type", "timestamp", "data"}`, where
/// `data` is the change-feed event and a `link` to the record (never the record's
/// content). A subscription bound to an API client receives only the events that client
/// may read, as its change feed shows them (a change that takes a record out of its view
/// arrives as a delete). The response carries the signing `secret`: shown this once, kept
/// only encrypted; a retry with the same `Idempotency-Key` gets a 409 without it.
#[utoipa::path(
    tag = TAG,
    request_body = WebhookInput,
    responses(
        (status = 201, description = "Created; the signing secret is in the body, once", body = WebhookWithSecret,
            headers(("Location" = String, description = "URL of the new subscription"))),
        AdminsOnly,
        (status = 422, description = "A rule is broken: an unknown event type, a URL that is not https or resolves to a private address, an unknown or revoked API client", body = ProblemDocument, content_type = "application/problem+json"),
        WebhooksOff,
    )
)]
#[post("/webhooks")]
pub async fn create_webhook(
    Admin(caller): Admin,
    db: web::Data<Db>,
    settings: web::Data<WebhookSettings>,
    req: HttpRequest,
    key: IdempotencyKey,
    body: JsonBody<WebhookInput>,
) -> Result<HttpResponse, ApiError> {
    key.key()?;
    webhooks::secrets_box(&settings)?;
    let bytes = body.bytes().await?;
    let mut input: WebhookInput = crate::request_body::parse_input(&bytes)?;
    webhooks::check(&mut input)?;
    check_target(&input, &settings).await?;
    let secret = SigningSecret::generate()?;
    let admin = caller.clone();
    let settings = settings.get_ref().clone();
    idempotent::once(&req, &db, &caller, &key, &bytes, move |conn| {
        let created = webhooks::create(conn, &admin, &settings, input, &secret)?;
        let location = format!("/api/v1/webhooks/{}", created.webhook.id);
        Ok(Answer {
            reply: Reply::json(StatusCode::CREATED, &created)?
                .with_header(header::LOCATION, location.clone()),
            replay: Some(
                Reply::problem(&ApiError::conflict(crate::msg!(
                    "replay-created-webhook",
                    webhook = created.webhook.id.to_string(),
                    location = location.as_str()
                )))
                .with_header(header::LOCATION, location),
            ),
        })
    })
    .await
}

/// Get a webhook subscription
///
/// Admins only. Its state says whether it is active, or disabled and why.
#[utoipa::path(
    tag = TAG,
    params(("id" = Uuid, Path, description = "Subscription id")),
    responses(
        (status = 200, description = "The subscription", body = Webhook),
        AdminsOnly,
        NoSuchSubscription,
    )
)]
#[get("/webhooks/{id}")]
pub async fn get_webhook(
    _admin: Admin,
    db: web::Data<Db>,
    id: RecordId,
) -> Result<web::Json<Webhook>, ApiError> {
    Ok(web::Json(
        db.read(move |conn| webhooks::find(conn, id.0)).await?,
    ))
}

/// Delete a webhook subscription
///
/// Admins only. Nothing more is sent to it; its delivery log goes with it.
#[utoipa::path(
    tag = TAG,
    params(("id" = Uuid, Path, description = "Subscription id")),
    responses(
        (status = 204, description = "Deleted"),
        AdminsOnly,
        NoSuchSubscription,
    )
)]
#[delete("/webhooks/{id}")]
pub async fn delete_webhook(
    _admin: Admin,
    db: web::Data<Db>,
    id: RecordId,
) -> Result<HttpResponse, ApiError> {
    db.write(move |conn| webhooks::delete(conn, id.0)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Rotate a webhook's signing secret
///
/// Admins only. A new secret, shown once. For 24 hours deliveries carry two signatures,
/// the new secret's and the previous one's (space-separated in `webhook-signature`), so
/// the receiver can switch to the new secret without losing a delivery.
#[utoipa::path(
    tag = TAG,
    params(("id" = Uuid, Path, description = "Subscription id")),
    responses(
        (status = 200, description = "The subscription and its new secret", body = WebhookWithSecret),
        AdminsOnly,
        NoSuchSubscription,
        WebhooksOff,
    )
)]
#[post("/webhooks/{id}/rotate")]
pub async fn rotate_webhook(
    Admin(caller): Admin,
    db: web::Data<Db>,
    settings: web::Data<WebhookSettings>,
    req: HttpRequest,
    key: IdempotencyKey,
    id: RecordId,
) -> Result<HttpResponse, ApiError> {
    key.key()?;
    webhooks::secrets_box(&settings)?;
    let secret = SigningSecret::generate()?;
    let settings = settings.get_ref().clone();
    idempotent::once(&req, &db, &caller, &key, b"", move |conn| {
        let rotated = webhooks::rotate(conn, &settings, id.0, &secret)?;
        Ok(Answer {
            reply: Reply::json(StatusCode::OK, &rotated)?,
            replay: Some(Reply::problem(&ApiError::conflict(crate::msg!(
                "replay-rotated-webhook",
                webhook = rotated.webhook.id.to_string()
            )))),
        })
    })
    .await
}

/// Enable a webhook subscription
///
/// Admins only. For a subscription that was disabled (deliveries failed for 24 hours):
/// new events are sent again from now on; those given up can be redelivered one by one.
/// Enabling an active subscription changes nothing.
#[utoipa::path(
    tag = TAG,
    params(("id" = Uuid, Path, description = "Subscription id")),
    responses(
        (status = 200, description = "The subscription, active", body = Webhook),
        AdminsOnly,
        NoSuchSubscription,
        (status = 409, description = "Its API client is revoked", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
#[post("/webhooks/{id}/enable")]
pub async fn enable_webhook(
    _admin: Admin,
    db: web::Data<Db>,
    settings: web::Data<WebhookSettings>,
    id: RecordId,
) -> Result<web::Json<Webhook>, ApiError> {
    let settings = settings.get_ref().clone();
    Ok(web::Json(
        db.write(move |conn| webhooks::enable(conn, &settings, id.0))
            .await?,
    ))
}

/// Send a test ping
///
/// Admins only. Sends `{"type": "webhook.ping", ...}` to the subscription's URL now,
/// signed as every delivery is (active or disabled), waits for the answer (at most the
/// delivery timeout) and returns the attempt, which the delivery log keeps too.
#[utoipa::path(
    tag = TAG,
    params(("id" = Uuid, Path, description = "Subscription id")),
    responses(
        (status = 200, description = "The ping and its attempt: `state` is `delivered` when the receiver answered 2xx, `failed` otherwise", body = WebhookDelivery),
        AdminsOnly,
        NoSuchSubscription,
        WebhooksOff,
    )
)]
#[post("/webhooks/{id}/ping")]
pub async fn ping_webhook(
    _admin: Admin,
    db: web::Data<Db>,
    settings: web::Data<WebhookSettings>,
    id: RecordId,
) -> Result<web::Json<WebhookDelivery>, ApiError> {
    let settings = settings.get_ref().clone();
    let subscription = id.0;
    let row = db
        .read(move |conn| {
            crate::store::webhooks::find(conn, &subscription.to_string())?
                .ok_or_else(|| webhooks::not_found(subscription))
        })
        .await?;
    let secrets = crate::webhooks::worker::current_secrets(
        &settings,
        &row.id,
        &row.secret_ciphertext,
        row.previous_secret_ciphertext.as_deref(),
        row.previous_secret_until,
    )?;
    let ping = Ping::new(subscription, &settings);
    let attempt = settings
        .sender()?
        .send(Message {
            id: &ping.id,
            url: &row.url,
            body: ping.body.as_bytes(),
            secrets: &secrets,
        })
        .await;
    let delivery = db
        .write(move |conn| deliveries::record_ping(conn, &settings, subscription, ping, attempt))
        .await?;
    Ok(web::Json(delivery))
}

/// List a webhook's deliveries
///
/// Admins only. Newest first: each event sent (or being sent) to the subscription, its
/// state, and every attempt with its time, status code, latency and the first bytes of
/// the answer.
#[utoipa::path(
    tag = TAG,
    params(("id" = Uuid, Path, description = "Subscription id"), PageQuery),
    responses(
        (status = 200, description = "A page of deliveries", body = DeliveryPage),
        AdminsOnly,
        NoSuchSubscription,
    )
)]
#[get("/webhooks/{id}/deliveries")]
pub async fn list_deliveries(
    _admin: Admin,
    db: web::Data<Db>,
    cursors: web::Data<Cursors>,
    id: RecordId,
    query: QueryParams<PageQuery>,
) -> Result<web::Json<DeliveryPage>, ApiError> {
    let query = query.0;
    let page = db
        .read(move |conn| {
            deliveries::log(conn, id.0, query.limit, query.cursor.as_deref(), &cursors)
        })
        .await?;
    Ok(web::Json(page))
}

/// The `{delivery_id}` path segment: `msg_` and 32 hexadecimal digits.
fn delivery_id(req: &HttpRequest) -> Result<String, ApiError> {
    let raw = req.match_info().get("delivery_id").unwrap_or_default();
    let well_formed = raw.len() == 36
        && raw.starts_with("msg_")
        && raw[4..]
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase());
    if well_formed {
        Ok(raw.to_owned())
    } else {
        Err(ApiError::bad_parameter(
            "delivery_id",
            crate::msg!("delivery-id-parameter"),
        ))
    }
}

/// Redeliver one event
///
/// Admins only. Sends the event again, at once, with the same `webhook-id` (receivers
/// that already have it can drop it) and a new 24-hour retry window: after its delivery
/// failed, or when the receiver lost it.
#[utoipa::path(
    tag = TAG,
    params(
        ("id" = Uuid, Path, description = "Subscription id"),
        ("delivery_id" = String, Path, description = "The delivery's id (its `webhook-id`)", pattern = "^msg_[0-9a-f]{32}$"),
    ),
    responses(
        (status = 202, description = "Queued; the delivery log shows how it goes", body = WebhookDelivery),
        AdminsOnly,
        (status = 404, description = "No such subscription or delivery", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 409, description = "The subscription is disabled, or the delivery is a test ping", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
#[post("/webhooks/{id}/deliveries/{delivery_id}/redeliver")]
pub async fn redeliver(
    _admin: Admin,
    db: web::Data<Db>,
    settings: web::Data<WebhookSettings>,
    req: HttpRequest,
    id: RecordId,
) -> Result<HttpResponse, ApiError> {
    let delivery = delivery_id(&req)?;
    let settings = settings.get_ref().clone();
    let redelivered = db
        .write(move |conn| deliveries::redeliver(conn, &settings, id.0, &delivery))
        .await?;
    Ok(HttpResponse::Accepted().json(redelivered))
}
