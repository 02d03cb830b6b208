//! The `Idempotency-Key` header of a POST and the request's fingerprint. The header is
//! read when the handler asks for it, after authentication and the route's role check,
//! so that a caller who may not make the request learns nothing from its key (see
//! `routes::idempotent` for what happens next).

use std::future::{Ready, ready};
use std::time::Duration;

use actix_web::dev::Payload;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::{FromRequest, HttpRequest};
use sha2::{Digest, Sha256};

use crate::error::ApiError;

pub static IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
pub static IDEMPOTENT_REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");

/// How long keys are kept; registered as app data.
#[derive(Debug, Clone, Copy)]
pub struct IdempotencyTtl(pub Duration);

/// The request's `Idempotency-Key` header, as sent (checked by [`IdempotencyKey::key`]).
#[derive(Debug, Clone)]
pub struct IdempotencyKey(Option<HeaderValue>);

impl FromRequest for IdempotencyKey {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(IdempotencyKey(
            req.headers().get(&IDEMPOTENCY_KEY).cloned(),
        )))
    }
}

impl IdempotencyKey {
    /// The key, if one was sent: 1 to 255 visible ASCII characters (400 otherwise).
    pub fn key(&self) -> Result<Option<String>, ApiError> {
        let Some(value) = &self.0 else {
            return Ok(None);
        };
        value
            .to_str()
            .ok()
            .filter(|text| {
                (1..=255).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_graphic())
            })
            .map(|text| Some(text.to_owned()))
            .ok_or_else(|| {
                ApiError::bad_parameter("Idempotency-Key", crate::msg!("idempotency-key-malformed"))
            })
    }
}

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
