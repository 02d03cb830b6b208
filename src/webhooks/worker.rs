//! The delivery worker every replica runs: fan the outbox out, claim due deliveries under
//! a lease, send them (at most `SSC_WEBHOOK_CONCURRENCY` at a time), record each attempt
//! and schedule the retries.

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDateTime;
use tokio::sync::{Notify, Semaphore, mpsc};

use crate::db::Db;
use crate::error::ApiError;
use crate::store::webhook_deliveries::{
    self as store, AttemptRecord, ClaimedDelivery, DELIVERED, FAILED, PENDING,
};
use crate::store::webhooks as subscriptions;
use crate::webhooks::fanout;
use crate::webhooks::secrets::SigningSecret;
use crate::webhooks::sender::{Attempt, Message, Sender};
use crate::webhooks::{RETRY_WINDOW, WebhookSettings};

/// How often an idle worker looks for work (other replicas' changes included).
const POLL: Duration = Duration::from_millis(100);
/// Outcomes recorded in one transaction at most.
const RECORD_BATCH: usize = 256;
/// Deliveries claimed in one transaction at most.
const CLAIM_BATCH: usize = 100;
/// The first retry waits about this long; each further one twice as long, up to
/// [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_secs(1);
const MAX_BACKOFF: Duration = Duration::from_secs(3600);

/// The worker of this process.
pub struct Worker {
    db: Db,
    settings: WebhookSettings,
    sender: Sender,
    in_flight: Arc<Semaphore>,
    /// Woken when outcomes are recorded (a record's next delivery may be due).
    wake: Arc<Notify>,
}

/// Start the worker on the current (actix) runtime.
pub fn start(db: Db, settings: WebhookSettings) -> Result<(), String> {
    let sender = settings.sender().map_err(|e| e.detail)?;
    let worker = Arc::new(Worker {
        db,
        in_flight: Arc::new(Semaphore::new(settings.concurrency.max(1))),
        settings,
        sender,
        wake: Arc::new(Notify::new()),
    });
    let (outcomes, received) = mpsc::unbounded_channel();
    actix_web::rt::spawn(record_outcomes(worker.clone(), received));
    actix_web::rt::spawn(async move { worker.run(outcomes).await });
    Ok(())
}

/// What became of one claimed delivery.
struct Outcome {
    delivery: ClaimedDelivery,
    token: String,
    attempt: Attempt,
    at: NaiveDateTime,
}

impl Worker {
    async fn run(self: Arc<Self>, outcomes: mpsc::UnboundedSender<Outcome>) {
        let mut last_gauge = std::time::Instant::now() - Duration::from_secs(60);
        loop {
            let busy = match self.tick(&outcomes).await {
                Ok(busy) => busy,
                Err(error) => {
                    log::warn!(target: "webhooks", "webhook worker: {}", error.detail);
                    false
                }
            };
            if last_gauge.elapsed() >= Duration::from_secs(1) {
                last_gauge = std::time::Instant::now();
                self.update_outbox_age().await;
            }
            if !busy {
                let _ = tokio::time::timeout(POLL, self.wake.notified()).await;
            }
        }
    }

    /// Fan out and claim once; true when there was work (look again at once).
    async fn tick(
        self: &Arc<Self>,
        outcomes: &mpsc::UnboundedSender<Outcome>,
    ) -> Result<bool, ApiError> {
        let now = self.settings.clock.now();
        let mut busy = false;
        if self
            .db
            .read(|conn| Ok(store::outbox_waiting(conn)?))
            .await?
        {
            let public_url = self.settings.public_url.clone();
            let made = self
                .db
                .write(move |conn| fanout::fan_out(conn, now, public_url.as_deref()))
                .await?;
            busy |= made.is_some();
        }
        let free = self.in_flight.available_permits().min(CLAIM_BATCH);
        if free == 0 {
            // Wait for a delivery to finish (its outcome wakes this).
            let _ = tokio::time::timeout(POLL, self.wake.notified()).await;
            return Ok(true);
        }
        if !self
            .db
            .read(move |conn| Ok(store::any_due(conn, now)?))
            .await?
        {
            return Ok(busy);
        }
        let token = uuid::Uuid::now_v7().to_string();
        let lease_until = now + chrono::Duration::from_std(self.settings.lease()).expect("small");
        let claimed = {
            let token = token.clone();
            self.db
                .write(move |conn| Ok(store::claim(conn, now, free as i64, lease_until, &token)?))
                .await?
        };
        busy |= !claimed.is_empty();
        for delivery in claimed {
            let permit = self
                .in_flight
                .clone()
                .acquire_owned()
                .await
                .expect("the semaphore is never closed");
            let (worker, outcomes, token) = (self.clone(), outcomes.clone(), token.clone());
            actix_web::rt::spawn(async move {
                let attempt = worker.send(&delivery).await;
                let at = worker.settings.clock.now();
                drop(permit);
                let _ = outcomes.send(Outcome {
                    delivery,
                    token,
                    attempt,
                    at,
                });
            });
        }
        Ok(busy)
    }

    async fn send(&self, delivery: &ClaimedDelivery) -> Attempt {
        let secrets = match self.secrets_of(delivery) {
            Ok(secrets) => secrets,
            Err(error) => {
                return Attempt {
                    status: None,
                    latency: Duration::ZERO,
                    error: Some(error.detail.into()),
                    excerpt: None,
                };
            }
        };
        self.sender
            .send(Message {
                id: &delivery.id,
                url: &delivery.url,
                body: delivery.payload.as_bytes(),
                secrets: &secrets,
            })
            .await
    }

    /// The secrets that sign a delivery now: the current one, and the previous one during
    /// a rotation's overlap.
    fn secrets_of(&self, delivery: &ClaimedDelivery) -> Result<Vec<SigningSecret>, ApiError> {
        current_secrets(
            &self.settings,
            &delivery.subscription_id,
            &delivery.secret_ciphertext,
            delivery.previous_secret_ciphertext.as_deref(),
            delivery.previous_secret_until,
        )
    }

    async fn update_outbox_age(&self) {
        let now = self.settings.clock.now();
        if let Ok(oldest) = self.db.read(|conn| Ok(store::oldest_waiting(conn)?)).await {
            let age = oldest.map_or(0.0, |at| (now - at).as_seconds_f64().max(0.0));
            crate::metrics::get().webhook_outbox_age.set(age);
        }
    }
}

/// The secrets that sign a subscription's deliveries now.
pub fn current_secrets(
    settings: &WebhookSettings,
    subscription: &str,
    current: &str,
    previous: Option<&str>,
    previous_until: Option<NaiveDateTime>,
) -> Result<Vec<SigningSecret>, ApiError> {
    let sealer = crate::domain::webhooks::secrets_box(settings)?;
    let mut secrets = vec![sealer.open(subscription, current)?];
    if let (Some(previous), Some(until)) = (previous, previous_until)
        && settings.clock.now() < until
    {
        // A previous secret sealed under an earlier SSC_WEBHOOK_KEY (the rotation that
        // followed a key change) no longer opens: the current one signs alone.
        match sealer.open(subscription, previous) {
            Ok(secret) => secrets.push(secret),
            Err(_) => log::warn!(
                target: "webhooks",
                "webhook {subscription}: the previous secret does not decrypt; signing with the current one only"
            ),
        }
    }
    Ok(secrets)
}

/// The wait before retry number `attempts` (1: the first retry): exponential, capped,
/// with jitter (between half and all of it) so that retries of many deliveries spread.
pub fn backoff(attempts: i32) -> Duration {
    let doublings = (attempts.max(1) - 1).min(20) as u32;
    let full = FIRST_BACKOFF
        .saturating_mul(1 << doublings)
        .min(MAX_BACKOFF);
    let mut random = [0u8; 4];
    let _ = getrandom::fill(&mut random);
    let fraction = f64::from(u32::from_le_bytes(random)) / f64::from(u32::MAX);
    full.mul_f64(0.5 + fraction / 2.0)
}

/// Record outcomes as they come, many per transaction.
async fn record_outcomes(worker: Arc<Worker>, mut received: mpsc::UnboundedReceiver<Outcome>) {
    while let Some(first) = received.recv().await {
        let mut batch = vec![first];
        while batch.len() < RECORD_BATCH {
            match received.try_recv() {
                Ok(next) => batch.push(next),
                Err(_) => break,
            }
        }
        let records: Vec<(AttemptRecord, Option<String>)> = batch.iter().map(judge).collect();
        observe(&batch, &records);
        let written = worker
            .db
            .write(move |conn| {
                for (record, give_up) in &records {
                    let moved = store::record_attempt(conn, record)?;
                    if let (true, Some(reason)) = (moved, give_up) {
                        let subscription = subscription_of(conn, &record.delivery_id)?;
                        if subscriptions::disable(conn, &subscription, reason, record.at)? {
                            crate::metrics::get().webhook_disabled.inc();
                            log::warn!(target: "webhooks", "webhook {subscription} disabled: {reason}");
                        }
                        store::fail_pending(conn, &subscription, reason)?;
                    }
                }
                Ok(())
            })
            .await;
        if let Err(error) = written {
            // The leases run out and the deliveries are made again: at least once.
            log::warn!(target: "webhooks", "could not record webhook attempts: {}", error.detail);
        }
        worker.wake.notify_one();
    }
}

fn subscription_of(conn: &mut crate::db::DbConnection, delivery: &str) -> Result<String, ApiError> {
    use crate::schema::webhook_deliveries;
    use diesel::prelude::*;
    Ok(webhook_deliveries::table
        .filter(webhook_deliveries::id.eq(delivery))
        .select(webhook_deliveries::subscription_id)
        .first(conn)?)
}

/// What an attempt means for its delivery: the record to write, and the reason to give up
/// the subscription when the retry window is over.
fn judge(outcome: &Outcome) -> (AttemptRecord, Option<String>) {
    let Outcome {
        delivery,
        token,
        attempt,
        at,
    } = outcome;
    let number = delivery.attempts + 1;
    let window = chrono::Duration::from_std(RETRY_WINDOW).expect("small");
    let (state, next, give_up) = if attempt.succeeded() {
        (DELIVERED, *at, None)
    } else if *at - delivery.window_started_at >= window {
        let reason = format!(
            "no delivery succeeded for 24 hours; the last ({}, attempt {number}): {}",
            delivery.id,
            attempt.error.as_deref().unwrap_or("failed")
        );
        (FAILED, *at, Some(reason))
    } else {
        let wait = chrono::Duration::from_std(backoff(number)).expect("small");
        (PENDING, *at + wait, None)
    };
    let record = AttemptRecord {
        delivery_id: delivery.id.clone(),
        lease_token: token.clone(),
        attempt: number,
        at: *at,
        status: attempt.status.map(i32::from),
        latency_ms: attempt.latency.as_millis() as i64,
        error: attempt.error.clone(),
        excerpt: attempt.excerpt.clone(),
        state,
        next_attempt_at: next,
    };
    (record, give_up)
}

fn observe(batch: &[Outcome], records: &[(AttemptRecord, Option<String>)]) {
    let metrics = crate::metrics::get();
    for (outcome, (record, _)) in batch.iter().zip(records) {
        if outcome.attempt.succeeded() {
            metrics.webhook_deliveries.inc();
            let since_commit = (outcome.at - outcome.delivery.created_at).as_seconds_f64();
            metrics
                .webhook_delivery_latency
                .observe(since_commit.max(0.0));
        } else {
            metrics.webhook_failures.inc();
            if record.state == PENDING {
                metrics.webhook_retries.inc();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_jitter_up_to_an_hour() {
        for attempts in 1..40 {
            let full = FIRST_BACKOFF
                .saturating_mul(1 << (attempts - 1).min(20))
                .min(MAX_BACKOFF);
            let wait = backoff(attempts);
            assert!(wait >= full / 2 && wait <= full, "{attempts}: {wait:?}");
        }
        assert!(backoff(30) >= MAX_BACKOFF / 2);
    }
}
