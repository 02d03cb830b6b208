//! HTTP hygiene on every response: no MIME sniffing, no framing, no referrer, a strict
//! Content-Security-Policy (a looser one for Swagger UI, which runs scripts and styles of
//! its own), and `Cache-Control: no-store` on API and authenticated responses unless the
//! handler chose otherwise (the codelists are cacheable). CORS, when configured, lets browser
//! apps from the listed origins call the API.

use actix_cors::Cors;
use actix_web::ResponseError;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};

use crate::error::{ApiError, PROBLEM_JSON, Problem};

const API_CSP: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
const DOCS_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data:; connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; \
    form-action 'none'";

/// Whether the service is reached over https only (`SSC_PUBLIC_URL` is an https URL):
/// then every response tells browsers to use nothing else. Registered as app data.
#[derive(Debug, Clone, Copy)]
pub struct HttpsOnly(pub bool);

const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000";

/// What the response's headers depend on, read from the request before it is handled.
#[derive(Debug, Clone, Copy)]
pub struct Exposure {
    /// Under /api or sent with credentials: not for caches.
    private: bool,
    /// Swagger UI, which needs its own scripts and styles.
    docs: bool,
    https_only: bool,
}

impl Exposure {
    pub fn of(req: &ServiceRequest) -> Self {
        Exposure {
            private: req.headers().contains_key(header::AUTHORIZATION)
                || req.path().starts_with("/api/"),
            docs: req.path().starts_with("/docs"),
            https_only: req.app_data::<HttpsOnly>().is_some_and(|h| h.0),
        }
    }
}

/// Add the security headers (and turn a framework's plain-text error into a problem
/// document). Called by the request-context middleware on every response, so that it
/// costs no middleware layer of its own.
pub async fn secure(
    response: ServiceResponse<impl MessageBody + 'static>,
    exposure: Exposure,
) -> ServiceResponse<BoxBody> {
    let mut response = as_problem(response).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(if exposure.docs { DOCS_CSP } else { API_CSP }),
    );
    if exposure.https_only {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(STRICT_TRANSPORT_SECURITY),
        );
    }
    if exposure.private && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Errors answered by a framework layer rather than by the API (a CORS refusal, say)
/// come as plain text; they are turned into problem documents like every other error.
/// Their text is kept for client errors and replaced for server errors.
async fn as_problem(
    response: ServiceResponse<impl MessageBody + 'static>,
) -> ServiceResponse<BoxBody> {
    let status = response.status();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    let problem = Problem::for_status(status);
    let (Some(problem), false) = (problem, is_problem) else {
        return response.map_into_boxed_body();
    };
    let (request, original) = response.into_parts();
    let (head, body) = original.into_parts();
    let text = actix_web::body::to_bytes(body).await.unwrap_or_default();
    let text = String::from_utf8_lossy(&text);
    let text = text.trim();
    let detail = if status.is_server_error() || text.is_empty() || text.len() > 300 {
        problem.title().to_lowercase()
    } else {
        text.to_owned()
    };
    // The framework's words (English), or the title's: a body this service did not write.
    let mut replaced = ApiError::with_text(problem, detail.into()).error_response();
    for (name, value) in head.headers() {
        if name == header::VARY {
            // Beside the problem's own `Vary: Accept-Language`.
            replaced.headers_mut().append(name.clone(), value.clone());
        } else if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            replaced.headers_mut().insert(name.clone(), value.clone());
        }
    }
    ServiceResponse::new(request, replaced)
}

/// CORS for the configured origins (none: CORS stays off and browsers on other origins
/// are refused by their own same-origin policy).
pub fn cors(origins: &[String]) -> Cors {
    let mut cors = Cors::default()
        .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE"])
        .allowed_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::IF_MATCH,
            header::IF_NONE_MATCH,
            header::HeaderName::from_static("idempotency-key"),
            header::HeaderName::from_static("x-request-id"),
        ])
        .expose_headers([
            header::ETAG,
            header::LOCATION,
            header::RETRY_AFTER,
            header::HeaderName::from_static("x-request-id"),
            header::HeaderName::from_static("idempotent-replayed"),
        ])
        .max_age(3600);
    for origin in origins {
        cors = cors.allowed_origin(origin);
    }
    cors
}
