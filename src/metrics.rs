//! The process's Prometheus metrics (prometheus-client), served at `/metrics` in the
//! text exposition format. One registry per process: each replica is scraped on its own,
//! as Prometheus expects. Labels are bounded: routes are the route table's templates
//! (`/api/v1/projects/{id}`), never raw paths.

use std::sync::LazyLock;
use std::sync::atomic::{AtomicI64, AtomicU64};

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub route: String,
    pub method: String,
    pub status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    pub route: String,
    pub method: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct LimitLabels {
    /// `caller` (the per-caller request rate), `token_address` or `token_client` (the
    /// token endpoint's limits), `token_busy` (its Argon2 queue full).
    pub limit: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct TokenFailureLabels {
    /// `client_credentials` (the token endpoint refused a client) or `bearer` (a request's
    /// token was refused).
    pub kind: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct PoolLabels {
    /// `in_use` or `idle`.
    pub state: &'static str,
}

type HistogramFamily<L> = Family<L, Histogram, fn() -> Histogram>;

pub struct Metrics {
    pub requests: Family<RequestLabels, Counter>,
    pub latency: HistogramFamily<RouteLabels>,
    pub pool_connections: Family<PoolLabels, Gauge>,
    /// Requests waiting for a pooled connection, counted around the pool's `get`.
    pub pool_waiting: Gauge<i64, AtomicI64>,
    pub writer_queue: Gauge<i64, AtomicI64>,
    pub writer_batch_size: Histogram,
    pub rate_limited: Family<LimitLabels, Counter>,
    pub idempotency_replays: Counter,
    pub token_failures: Family<TokenFailureLabels, Counter>,
    /// Webhook deliveries a receiver took (2xx).
    pub webhook_deliveries: Counter,
    /// Webhook attempts that failed (no 2xx within the timeout, refused target, ...).
    pub webhook_failures: Counter,
    /// Failed webhook attempts scheduled to be retried.
    pub webhook_retries: Counter,
    /// Webhook subscriptions disabled (24 hours of failures, a revoked API client).
    pub webhook_disabled: Counter,
    /// Age of the oldest event waiting to be delivered, in seconds.
    pub webhook_outbox_age: Gauge<f64, AtomicU64>,
    /// From a change to its receipt by a subscriber.
    pub webhook_delivery_latency: Histogram,
    /// Projects held by this process's execution index (0: none built, or being built).
    pub execution_index_projects: Gauge<i64, AtomicI64>,
    registry: Registry,
}

fn latency_histogram() -> Histogram {
    // 0.25 ms to about 8 s.
    Histogram::new(exponential_buckets(0.000_25, 2.0, 16))
}

impl Metrics {
    fn new() -> Self {
        let mut registry = Registry::with_prefix("ssc");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by route template, method and status",
            requests.clone(),
        );
        let latency: HistogramFamily<RouteLabels> =
            Family::new_with_constructor(latency_histogram as fn() -> Histogram);
        registry.register(
            "http_request_duration_seconds",
            "Time to answer a request (until the response head), by route template and method",
            latency.clone(),
        );
        let pool_connections = Family::<PoolLabels, Gauge>::default();
        registry.register(
            "db_pool_connections",
            "Pooled database connections, in use or idle",
            pool_connections.clone(),
        );
        let pool_waiting = Gauge::<i64, AtomicI64>::default();
        registry.register(
            "db_pool_waiting",
            "Requests waiting for a pooled database connection",
            pool_waiting.clone(),
        );
        let writer_queue = Gauge::<i64, AtomicI64>::default();
        registry.register(
            "sqlite_writer_queue",
            "Writes waiting for SQLite's writer thread (0 on PostgreSQL)",
            writer_queue.clone(),
        );
        let writer_batch_size = Histogram::new(exponential_buckets(1.0, 2.0, 8));
        registry.register(
            "sqlite_writer_batch_size",
            "Writes committed together by SQLite's writer thread",
            writer_batch_size.clone(),
        );
        let rate_limited = Family::<LimitLabels, Counter>::default();
        registry.register(
            "rate_limited",
            "Requests refused with 429 or 503 by a rate limit, by limit",
            rate_limited.clone(),
        );
        let idempotency_replays = Counter::default();
        registry.register(
            "idempotency_replays",
            "Responses replayed for a retry with the same Idempotency-Key",
            idempotency_replays.clone(),
        );
        let token_failures = Family::<TokenFailureLabels, Counter>::default();
        registry.register(
            "token_failures",
            "Refused credentials: client credentials at the token endpoint, bearer tokens of requests",
            token_failures.clone(),
        );
        let webhook_deliveries = Counter::default();
        registry.register(
            "webhook_deliveries",
            "Webhook deliveries a receiver took (answered 2xx), on this replica",
            webhook_deliveries.clone(),
        );
        let webhook_failures = Counter::default();
        registry.register(
            "webhook_failures",
            "Webhook delivery attempts that failed (no 2xx within the timeout, refused target)",
            webhook_failures.clone(),
        );
        let webhook_retries = Counter::default();
        registry.register(
            "webhook_retries",
            "Failed webhook delivery attempts scheduled to be retried",
            webhook_retries.clone(),
        );
        let webhook_disabled = Counter::default();
        registry.register(
            "webhook_subscriptions_disabled",
            "Webhook subscriptions disabled after 24 hours of failures or a revoked API client",
            webhook_disabled.clone(),
        );
        let webhook_outbox_age = Gauge::<f64, AtomicU64>::default();
        registry.register(
            "webhook_outbox_age_seconds",
            "Age of the oldest change waiting to be delivered to an active webhook (0: none waits)",
            webhook_outbox_age.clone(),
        );
        // 10 ms to about 80 s.
        let webhook_delivery_latency = Histogram::new(exponential_buckets(0.01, 2.0, 14));
        registry.register(
            "webhook_delivery_latency_seconds",
            "Time from a change to its receipt by a webhook subscriber (successful deliveries)",
            webhook_delivery_latency.clone(),
        );
        let execution_index_projects = Gauge::<i64, AtomicI64>::default();
        registry.register(
            "execution_index_projects",
            "Projects held by the execution statistics' index (0: none yet, or a job is building it or catching it up)",
            execution_index_projects.clone(),
        );
        Metrics {
            execution_index_projects,
            webhook_deliveries,
            webhook_failures,
            webhook_retries,
            webhook_disabled,
            webhook_outbox_age,
            webhook_delivery_latency,
            requests,
            latency,
            pool_connections,
            pool_waiting,
            writer_queue,
            writer_batch_size,
            rate_limited,
            idempotency_replays,
            token_failures,
            registry,
        }
    }

    /// The text exposition of every metric.
    pub fn encode(&self) -> String {
        let mut out = String::with_capacity(16 * 1024);
        prometheus_client::encoding::text::encode(&mut out, &self.registry)
            .expect("writing into a String does not fail");
        out
    }

    pub fn rate_limited(&self, limit: &'static str) {
        self.rate_limited
            .get_or_create(&LimitLabels { limit })
            .inc();
    }

    pub fn token_failure(&self, kind: &'static str) {
        self.token_failures
            .get_or_create(&TokenFailureLabels { kind })
            .inc();
    }
}

/// This process's metrics.
pub fn get() -> &'static Metrics {
    static METRICS: LazyLock<Metrics> = LazyLock::new(Metrics::new);
    &METRICS
}

/// Counts a wait for a pooled connection while alive.
pub struct PoolWait;

impl PoolWait {
    pub fn start() -> Self {
        get().pool_waiting.inc();
        PoolWait
    }
}

impl Drop for PoolWait {
    fn drop(&mut self) {
        get().pool_waiting.dec();
    }
}
