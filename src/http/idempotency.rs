//! Safe retries: a POST with an `Idempotency-Key` header is performed at most once per
//! caller and key. The first response (status, headers, body) is kept in the database, so
//! any replica replays it for a retry with the same key and the same request; the same
//! key with a different request is a 422, and a retry while the first request still runs
//! is a 409. Server errors are not kept: the client may retry them. Keys expire after
//! `SSC_IDEMPOTENCY_TTL` (24 hours by default).

use std::time::Duration;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, HttpResponse, ResponseError, web};
use sha2::{Digest, Sha256};

use crate::auth;
use crate::db::Db;
use crate::error::{ApiError, Problem};
use crate::http::extract::read_body;
use crate::store::idempotency::{self as key_store, Claim, StoredResponse};
use crate::store::now;

pub static IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
pub static IDEMPOTENT_REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");

/// Paths whose POSTs are not kept (their responses carry credentials, and repeating
/// them is harmless).
pub const NOT_KEPT: [&str; 1] = ["/api/v1/auth/token"];
/// Response headers a replay repeats.
const REPLAYED_HEADERS: [HeaderName; 3] = [header::CONTENT_TYPE, header::LOCATION, header::ETAG];

/// How long keys are kept; registered as app data.
#[derive(Debug, Clone, Copy)]
pub struct IdempotencyTtl(pub Duration);

/// How long a first request may run before its claim counts as abandoned.
const ABANDONED_AFTER: Duration = Duration::from_secs(120);

/// What makes two requests "the same request": method, target and body.
pub fn fingerprint(method: &str, target: &str, body: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(method);
    hasher.update(b" ");
    hasher.update(target);
    hasher.update(b"\n");
    hasher.update(body);
    format!("{:x}", hasher.finalize())
}

fn valid_key(value: &HeaderValue) -> Option<String> {
    let text = value.to_str().ok()?;
    ((1..=255).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_graphic()))
        .then(|| text.to_owned())
}

fn to_chrono(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::hours(24))
}

pub async fn middleware(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let applies = req.method() == Method::POST
        && req.headers().contains_key(&IDEMPOTENCY_KEY)
        && !NOT_KEPT.contains(&req.path());
    if !applies {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let Some(key) = req.headers().get(&IDEMPOTENCY_KEY).and_then(valid_key) else {
        let error = ApiError::bad_parameter(
            "Idempotency-Key",
            "must be 1 to 255 visible ASCII characters",
        );
        return Ok(req.into_response(error.error_response()));
    };
    // Unauthenticated requests go on to be refused by the handler as usual.
    let caller = match auth::authenticate(req.request()).await {
        Ok(caller) => caller,
        Err(_) => return Ok(next.call(req).await?.map_into_boxed_body()),
    };
    let (Some(db), Some(ttl)) = (
        req.app_data::<web::Data<Db>>().cloned(),
        req.app_data::<IdempotencyTtl>().copied(),
    ) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };

    // The request's fingerprint: method, target and body. The body is read here and
    // handed back to the handler.
    let mut payload = req.take_payload();
    let body = match read_body(req.request(), &mut payload).await {
        Ok(body) => body,
        Err(error) => return Ok(req.into_response(error.error_response())),
    };
    let fingerprint = fingerprint(req.method().as_str(), &req.uri().to_string(), &body);
    req.set_payload(actix_web::dev::Payload::from(body));

    let scope = caller.scope();
    let claim = {
        let (scope, key) = (scope.clone(), key.clone());
        db.write(move |conn| {
            let now = now();
            key_store::claim(
                conn,
                &scope,
                &key,
                &fingerprint,
                now,
                now + to_chrono(ttl.0),
                now - to_chrono(ABANDONED_AFTER),
            )
        })
        .await
    };
    let claim = match claim {
        Ok(claim) => claim,
        Err(error) => return Ok(req.error_response(error).map_into_boxed_body()),
    };
    match claim {
        Claim::Replay(stored) => {
            let mut response =
                HttpResponse::build(StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK));
            for (name, value) in &stored.headers {
                response.insert_header((name.as_str(), value.as_str()));
            }
            response.insert_header((IDEMPOTENT_REPLAYED.clone(), "true"));
            Ok(req.into_response(response.body(stored.body)))
        }
        Claim::InProgress => {
            let error = ApiError::new(
                Problem::Conflict,
                "a request with this Idempotency-Key is still being processed; retry shortly",
            )
            .with_header(header::RETRY_AFTER, "1");
            Ok(req.into_response(error.error_response()))
        }
        Claim::Mismatch => {
            let error = ApiError::new(
                Problem::ValidationFailed,
                "this Idempotency-Key was used for a different request; use a new key for a new request",
            );
            Ok(req.into_response(error.error_response()))
        }
        Claim::Proceed => {
            let response = next.call(req).await?;
            let (request, response) = response.into_parts();
            let status = response.status();
            let headers: Vec<(String, String)> = REPLAYED_HEADERS
                .iter()
                .filter_map(|name| {
                    let value = response.headers().get(name)?.to_str().ok()?;
                    Some((name.as_str().to_owned(), value.to_owned()))
                })
                .collect();
            let (response, body) = response.into_parts();
            let body = actix_web::body::to_bytes(body)
                .await
                .map_err(|_| actix_web::error::ErrorInternalServerError("response body"))?;
            let kept = if status.is_server_error() {
                db.write(move |conn| key_store::release(conn, &scope, &key))
                    .await
            } else {
                let stored = StoredResponse {
                    status: status.as_u16(),
                    headers,
                    body: body.to_vec(),
                };
                db.write(move |conn| key_store::complete(conn, &scope, &key, &stored))
                    .await
            };
            if let Err(error) = kept {
                log::error!("could not keep the idempotent response: {}", error.detail);
            }
            Ok(ServiceResponse::new(
                request,
                response.set_body(BoxBody::new(body)),
            ))
        }
    }
}
