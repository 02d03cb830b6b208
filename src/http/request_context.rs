//! Request ids, the language of messages, and access logs.
//!
//! Every request gets an id: the client's `X-Request-Id` when it is a sane token, a fresh
//! UUIDv7 otherwise. The id is echoed in the response, carried in problem documents, and
//! printed in every log line written while the request is handled (the log format reads
//! it from a task-local).

use std::io::Write;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage};

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
    // The language of every message answered (`Accept-Language`, English by default).
    let language = crate::l10n::Language::of_request(req.headers());
    let work = async move {
        let started = Instant::now();
        // Only pay for the access log line when it will be written.
        let line = log::log_enabled!(target: "access", log::Level::Info).then(|| {
            match req.query_string() {
                "" => format!("{} {}", req.method(), req.path()),
                query => format!("{} {}?{}", req.method(), req.path(), query),
            }
        });
        let method = req.method().clone();
        let mut response = secure(next.call(req).await?, exposure).await;
        let route = record_metrics(&response, &method, started);
        response
            .headers_mut()
            .insert(X_REQUEST_ID.clone(), header_value);
        if let Some(line) = line {
            let status = response.status().as_u16();
            let latency_ms = (started.elapsed().as_secs_f64() * 10_000.0).round() / 10.0;
            // Who called, once authenticated: issuer|subject and role.
            let caller = response
                .request()
                .extensions()
                .get::<crate::auth::Caller>()
                .map(|c| format!("{} {}", c.scope(), c.role.as_str()))
                .unwrap_or_else(|| "-".to_owned());
            log::info!(
                target: "access",
                method = method.as_str(),
                route = route.as_str(),
                path = response.request().path(),
                status = status,
                latency_ms = latency_ms,
                caller = caller.as_str();
                "{line} {status} {latency_ms:.1}ms {caller}"
            );
        }
        Ok(response)
    };
    request_id::scope(id, crate::l10n::scope(language, work)).await
}

/// Count the request by route template (`unmatched` when no route took it: raw paths
/// would be unbounded labels), method and status, and time it.
fn record_metrics<B>(
    response: &ServiceResponse<B>,
    method: &actix_web::http::Method,
    started: Instant,
) -> String {
    use actix_web::http::Method;
    let metrics = crate::metrics::get();
    let route = response
        .request()
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_owned());
    let method = match *method {
        Method::GET
        | Method::POST
        | Method::PUT
        | Method::PATCH
        | Method::DELETE
        | Method::HEAD
        | Method::OPTIONS => method.as_str().to_owned(),
        _ => "other".to_owned(),
    };
    metrics
        .latency
        .get_or_create(&crate::metrics::RouteLabels {
            route: route.clone(),
            method: method.clone(),
        })
        .observe(started.elapsed().as_secs_f64());
    metrics
        .requests
        .get_or_create(&crate::metrics::RequestLabels {
            route: route.clone(),
            method,
            status: response.status().as_u16(),
        })
        .inc();
    route
}

/// Initialise env_logger with a format that carries the request id: text lines, or
/// one JSON object per line (`SSC_LOG_FORMAT=json`) with the line's fields (an access
/// line's method, route, path, status, latency and caller) as members.
/// `filter` is a `RUST_LOG`-style directive; `info` when absent.
pub fn init_logging(filter: Option<&str>, format: crate::config::LogFormat) {
    let mut builder = env_logger::Builder::new();
    builder.parse_filters(filter.unwrap_or("info"));
    match format {
        crate::config::LogFormat::Text => builder.format(|buf, record| {
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
        }),
        crate::config::LogFormat::Json => builder.format(|buf, record| {
            writeln!(
                buf,
                "{}",
                json_line(record, &buf.timestamp_micros().to_string())
            )
        }),
    };
    // A second initialisation (tests) is harmless.
    let _ = builder.try_init();
}

/// One log record as a JSON object.
pub fn json_line(record: &log::Record<'_>, timestamp: &str) -> serde_json::Value {
    use serde_json::{Map, Value};
    struct Fields<'a>(&'a mut Map<String, Value>);
    impl<'kvs> log::kv::VisitSource<'kvs> for Fields<'_> {
        fn visit_pair(
            &mut self,
            key: log::kv::Key<'kvs>,
            value: log::kv::Value<'kvs>,
        ) -> Result<(), log::kv::Error> {
            let value = if let Some(n) = value.to_u64() {
                Value::from(n)
            } else if let Some(n) = value.to_i64() {
                Value::from(n)
            } else if let Some(n) = value.to_f64() {
                Value::from(n)
            } else {
                Value::from(value.to_string())
            };
            self.0.insert(key.as_str().to_owned(), value);
            Ok(())
        }
    }
    let mut object = Map::new();
    object.insert("time".into(), timestamp.into());
    object.insert("level".into(), record.level().as_str().into());
    object.insert("target".into(), record.target().into());
    if let Some(id) = request_id::current() {
        object.insert("request_id".into(), id.into());
    }
    object.insert("message".into(), record.args().to_string().into());
    let _ = record.key_values().visit(&mut Fields(&mut object));
    Value::Object(object)
}

#[cfg(test)]
mod tests {
    #[test]
    fn json_log_lines_carry_the_records_fields() {
        let fields: [(&str, log::kv::Value<'_>); 4] = [
            ("status", 404u16.into()),
            ("route", "/api/v1/projects/{id}".into()),
            ("latency_ms", 1.5f64.into()),
            ("caller", "ssc-api|bench admin".into()),
        ];
        let record = log::Record::builder()
            .level(log::Level::Info)
            .target("access")
            .args(format_args!("GET /api/v1/projects/x 404"))
            .key_values(&fields)
            .build();
        let line = super::json_line(&record, "2026-12-04T18:00:00.000000Z");
        assert_eq!(
            line,
            serde_json::json!({
                "time": "2026-12-04T18:00:00.000000Z",
                "level": "INFO",
                "target": "access",
                "message": "GET /api/v1/projects/x 404",
                "status": 404,
                "route": "/api/v1/projects/{id}",
                "latency_ms": 1.5,
                "caller": "ssc-api|bench admin",
            })
        );
    }
}
