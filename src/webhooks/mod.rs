//! Webhooks: partner systems (and the directorate's own) told of changes as they happen,
//! per Standard Webhooks 1.0.
//!
//! A change appends its record and, in the same transaction, a row to the outbox
//! (`store::webhooks::outbox`). Every replica runs a [`worker`]: it fans the outbox out
//! into one delivery per matching subscription (each seen through the subscriber's read
//! scope, by the change feed's own rule), claims due deliveries (PostgreSQL: `FOR UPDATE
//! SKIP LOCKED`; SQLite: its single writer) under a lease, POSTs them signed, and records
//! each attempt. Deliveries of one record go out in `seq` order; a failure is retried with
//! exponential backoff and jitter for 24 hours, then the subscription is disabled. A
//! replica that dies mid-delivery leaves its lease to expire, and another takes the work
//! over: delivery is at least once, with a stable `webhook-id` for receivers to drop
//! duplicates.

pub mod fanout;
pub mod secrets;
pub mod sender;
pub mod targets;
pub mod worker;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use chrono::NaiveDateTime;

use secrets::SecretBox;

/// How long a receiver has to answer, by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// Failed deliveries are retried for this long; then the subscription is disabled.
pub const RETRY_WINDOW: Duration = Duration::from_secs(24 * 3600);
/// After a rotation the previous secret signs too, for this long.
pub const ROTATION_OVERLAP: Duration = Duration::from_secs(24 * 3600);
/// Deliveries in flight per replica, by default.
pub const DEFAULT_CONCURRENCY: usize = 32;

/// The time as the webhook machinery sees it; tests move it forward.
pub trait Clock: Send + Sync {
    /// Now, truncated to microseconds (as `store::now`).
    fn now(&self) -> NaiveDateTime;
}

/// The system clock, shifted by an offset the tests may move (zero in production).
#[derive(Debug, Default)]
pub struct SystemClock {
    offset_seconds: AtomicI64,
}

impl SystemClock {
    /// Move this clock forward by `by`.
    pub fn advance(&self, by: Duration) {
        self.offset_seconds
            .fetch_add(by.as_secs() as i64, Ordering::SeqCst);
    }
}

impl Clock for SystemClock {
    fn now(&self) -> NaiveDateTime {
        crate::store::now() + chrono::Duration::seconds(self.offset_seconds.load(Ordering::SeqCst))
    }
}

/// What the webhook routes and workers need from the configuration.
#[derive(Clone)]
pub struct WebhookSettings {
    /// Encrypts the signing secrets at rest; `None`: webhooks are off (503).
    pub secrets: Option<Arc<SecretBox>>,
    /// Accept `http://` targets (`SSC_WEBHOOK_ALLOW_HTTP`).
    pub allow_http: bool,
    /// Accept targets on private, loopback and link-local addresses
    /// (`SSC_WEBHOOK_ALLOW_PRIVATE`).
    pub allow_private: bool,
    /// A delivery not answered with a 2xx within this is a failure (`SSC_WEBHOOK_TIMEOUT`).
    pub timeout: Duration,
    /// Deliveries in flight per replica (`SSC_WEBHOOK_CONCURRENCY`).
    pub concurrency: usize,
    /// Where the API is reached, for the links in deliveries (`SSC_PUBLIC_URL`); none:
    /// links are paths.
    pub public_url: Option<String>,
    pub clock: Arc<dyn Clock>,
    /// The HTTP client, made on first use (with the rules above) and shared.
    sender: Arc<std::sync::OnceLock<sender::Sender>>,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        WebhookSettings {
            secrets: None,
            allow_http: false,
            allow_private: false,
            timeout: DEFAULT_TIMEOUT,
            concurrency: DEFAULT_CONCURRENCY,
            public_url: None,
            clock: Arc::new(SystemClock::default()),
            sender: Arc::default(),
        }
    }
}

impl WebhookSettings {
    /// How long a replica holds a claimed delivery: its timeout and a margin. A replica
    /// that dies holding one leaves it to another after this.
    pub fn lease(&self) -> Duration {
        self.timeout + Duration::from_secs(5)
    }

    /// The shared HTTP client of deliveries and pings.
    pub fn sender(&self) -> Result<sender::Sender, crate::error::ApiError> {
        if let Some(sender) = self.sender.get() {
            return Ok(sender.clone());
        }
        let made = sender::Sender::new(self.target_rules(), self.timeout)
            .map_err(crate::error::ApiError::internal)?;
        Ok(self.sender.get_or_init(|| made).clone())
    }

    pub fn target_rules(&self) -> targets::TargetRules {
        targets::TargetRules {
            allow_http: self.allow_http,
            allow_private: self.allow_private,
        }
    }
}
