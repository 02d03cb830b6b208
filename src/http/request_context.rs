//! Request ids and access logs.
//!
//! Every request gets an id: the client's `X-Request-Id` when it is a sane token, a fresh
//! UUIDv7 otherwise. The id is echoed in the response, carried in problem documents, and
//! printed in every log line written while the request is handled (the log format reads
//! it from a task-local).

use std::io::Write;
use std::time::Instant;

use actix_web::Error;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;

use crate::http::security::{Exposure, secure};
use crate::request_id;

pub static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Accept a client-supplied id only if it cannot garble a log line or a header.
fn acceptable_client_id(value: &HeaderValue) -> Option<String> {
    let text = value.to_str().ok()?;
    let ok = (1..=128).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b));
    ok.then(|| text.to_owned())
}

/// Middleware: assign the request id, run the request inside its scope, echo the id, add
/// the security headers (see `security`) and write the access log line.
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let exposure = Exposure::of(&req);
    let id = req
        .headers()
        .get(&X_REQUEST_ID)
        .and_then(acceptable_client_id)
        .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    let header_value = HeaderValue::from_str(&id).expect("request ids are visible ASCII");
    request_id::scope(id, async move {
        let started = Instant::now();
        // Only pay for the access log line when it will be written.
        let line = log::log_enabled!(target: "access", log::Level::Info).then(|| {
            match req.query_string() {
                "" => format!("{} {}", req.method(), req.path()),
                query => format!("{} {}?{}", req.method(), req.path(), query),
            }
        });
        let mut response = secure(next.call(req).await?, exposure).await;
        response
            .headers_mut()
            .insert(X_REQUEST_ID.clone(), header_value);
        if let Some(line) = line {
            log::info!(
                target: "access",
                "{line} {} {:.1}ms",
                response.status().as_u16(),
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
        Ok(response)
    })
    .await
}

/// Initialise env_logger with a format that carries the request id.
/// `filter` is a `RUST_LOG`-style directive; `info` when absent.
pub fn init_logging(filter: Option<&str>) {
    let mut builder = env_logger::Builder::new();
    builder.parse_filters(filter.unwrap_or("info"));
    builder.format(|buf, record| {
        let timestamp = buf.timestamp_micros();
        match request_id::current() {
            Some(id) => writeln!(
                buf,
                "{timestamp} {:<5} {} [{id}] {}",
                record.level(),
                record.target(),
                record.args()
            ),
            None => writeln!(
                buf,
                "{timestamp} {:<5} {} {}",
                record.level(),
                record.target(),
                record.args()
            ),
        }
    });
    // A second initialisation (tests) is harmless.
    let _ = builder.try_init();
}
