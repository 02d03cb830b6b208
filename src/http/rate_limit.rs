//! The per-caller rate limit (429 with `Retry-After`), which keeps one caller from
//! taking the service down.
//!
//! The rate limit is kept in each replica's memory: behind a load balancer with N
//! replicas a caller gets up to N times the configured rate. That is a protective limit,
//! not an accounting one; nothing else depends on it.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{Error, ResponseError, web};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::error::{ApiError, Problem};
use crate::http::client_address::TrustedProxies;

/// Requests per second per caller, with bursts of twice that.
pub struct CallerRateLimiter {
    limiter: DefaultKeyedRateLimiter<String>,
    /// Requests seen, to prune idle callers' state now and then.
    seen: AtomicU64,
}

impl CallerRateLimiter {
    /// `None` when `per_second` is 0 (no limit).
    pub fn new(per_second: u32) -> Option<Arc<Self>> {
        let rate = NonZeroU32::new(per_second)?;
        let burst = NonZeroU32::new(per_second.saturating_mul(2)).unwrap_or(rate);
        Some(Arc::new(CallerRateLimiter {
            limiter: RateLimiter::keyed(Quota::per_second(rate).allow_burst(burst)),
            seen: AtomicU64::new(0),
        }))
    }

    /// Ok, or how long to wait before the next request.
    pub fn check(&self, caller: &str) -> Result<(), Duration> {
        if self.seen.fetch_add(1, Ordering::Relaxed) % 10_000 == 9_999 {
            self.limiter.retain_recent();
        }
        self.limiter
            .check_key(&caller.to_owned())
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }
}

/// The rate-limit key: the authenticated caller (issuer and subject) when the request
/// carries a valid token, else the client's address (see `client_address`).
fn caller_key(req: &ServiceRequest) -> String {
    match crate::auth::identify(req.request()) {
        Some(identity) => identity,
        None => {
            let address = req
                .app_data::<web::Data<TrustedProxies>>()
                .and_then(|proxies| proxies.client_address(req.request()));
            match address {
                Some(address) => format!("addr:{address}"),
                None => "addr:unknown".to_owned(),
            }
        }
    }
}

/// 429: `whom` sent too many requests; retry after `wait`.
pub fn too_many_requests(whom: &str, wait: Duration) -> ApiError {
    let seconds = (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1);
    let seconds = seconds.to_string();
    let detail = match whom {
        "this address" => crate::msg!("too-many-from-address", seconds = seconds.as_str()),
        "attempts for this client" => {
            crate::msg!("too-many-for-client", seconds = seconds.as_str())
        }
        _ => crate::msg!("too-many-from-caller", seconds = seconds.as_str()),
    };
    ApiError::new(Problem::TooManyRequests, detail).with_header(header::RETRY_AFTER, seconds)
}

/// Middleware: 429 once a caller exceeds its rate.
pub async fn rate_limit(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    // Health checks come from load balancers and orchestrators, never from callers.
    // So is the metrics scraper (it has its own token).
    let probe = matches!(req.path(), "/healthz" | "/readyz" | "/metrics");
    let limiter = req.app_data::<web::Data<CallerRateLimiter>>().cloned();
    if let Some(limiter) = limiter.filter(|_| !probe)
        && let Err(wait) = limiter.check(&caller_key(&req))
    {
        crate::metrics::get().rate_limited("caller");
        let error = too_many_requests("this caller", wait);
        return Ok(req.into_response(error.error_response()));
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}
