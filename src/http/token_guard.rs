//! Limits of the token endpoint, the one place where a caller without a token makes the
//! server work hard: every attempt verifies a secret with Argon2id (tens of milliseconds
//! and about 19 MiB each, on purpose). Attempts are limited per client address and per
//! `client_id` (`SSC_TOKEN_RATE_LIMIT` a minute each, 429 past it), and at most one
//! verification per core runs at a time, with a short queue behind them: past it, or after
//! a short wait in it, 503 with `Retry-After`. So no flood of attempts can take memory or
//! the other requests' CPU.
//!
//! The verifications run on threads of their own, one per slot, each reusing one Argon2
//! working memory for every check. Run on the general blocking pool instead, each of its
//! many threads allocated and freed 19 MiB per check, and the allocator kept those blocks
//! in per-thread arenas: 300 concurrent bogus attempts held a gigabyte although only two
//! checks ever ran at once.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::http::header;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot};

use crate::error::{ApiError, Problem};
use crate::http::rate_limit::too_many_requests;

/// How long an attempt may wait for a verification slot.
const MAX_WAIT: Duration = Duration::from_secs(2);

/// The Argon2 working memory a verifying thread keeps and lends to each check.
pub type VerifierMemory = Vec<argon2::Block>;

type Verification = Box<dyn FnOnce(&mut VerifierMemory) + Send>;

pub struct TokenGuard {
    per_address: Option<DefaultKeyedRateLimiter<IpAddr>>,
    per_client: Option<DefaultKeyedRateLimiter<String>>,
    verifications: Arc<Semaphore>,
    /// To the verifying threads; they stop when the guard is dropped.
    verifiers: SyncSender<Verification>,
    waiting: AtomicUsize,
    max_waiting: usize,
    max_wait: Duration,
}

impl TokenGuard {
    /// `per_minute` attempts per address and per client id (0: no such limit), and
    /// `concurrent` verifications at a time with a queue of twice that.
    pub fn new(per_minute: u32, concurrent: usize) -> Self {
        let quota = NonZeroU32::new(per_minute).map(Quota::per_minute);
        let concurrent = concurrent.max(1);
        TokenGuard {
            per_address: quota.map(RateLimiter::keyed),
            per_client: quota.map(RateLimiter::keyed),
            verifications: Arc::new(Semaphore::new(concurrent)),
            verifiers: spawn_verifiers(concurrent),
            waiting: AtomicUsize::new(0),
            max_waiting: 2 * concurrent,
            max_wait: MAX_WAIT,
        }
    }

    /// One verification at a time per core, the default.
    pub fn for_this_machine(per_minute: u32) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self::new(per_minute, cores)
    }

    /// Count an attempt from `address` (429 past the limit).
    pub fn admit_address(&self, address: Option<IpAddr>) -> Result<(), ApiError> {
        match (&self.per_address, address) {
            (Some(limiter), Some(address)) => limiter.check_key(&address).map_err(|not_until| {
                crate::metrics::get().rate_limited("token_address");
                too_many_requests(
                    "this address",
                    not_until.wait_time_from(DefaultClock::default().now()),
                )
            }),
            _ => Ok(()),
        }
    }

    /// Count an attempt for `client_id` (429 past the limit).
    pub fn admit_client(&self, client_id: &str) -> Result<(), ApiError> {
        match &self.per_client {
            Some(limiter) => limiter
                .check_key(&client_id.to_owned())
                .map_err(|not_until| {
                    crate::metrics::get().rate_limited("token_client");
                    too_many_requests(
                        "attempts for this client",
                        not_until.wait_time_from(DefaultClock::default().now()),
                    )
                }),
            None => Ok(()),
        }
    }

    /// Run `check` on a verifying thread with its Argon2 memory, once a slot is free (503
    /// when the queue is full or the wait too long).
    pub async fn verify<T, F>(&self, check: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut VerifierMemory) -> T + Send + 'static,
    {
        let slot = self.verification_slot().await?;
        let (reply, answer) = oneshot::channel();
        let job: Verification = Box::new(move |memory| {
            let _ = reply.send(check(memory));
            drop(slot);
        });
        // Never blocks: the slots bound the jobs to the threads' number.
        self.verifiers
            .try_send(job)
            .map_err(|_| ApiError::internal("the secret verifiers are not running"))?;
        answer
            .await
            .map_err(|_| ApiError::internal("a secret verification failed"))
    }

    /// A slot to verify one secret in: held until dropped (503 when the queue is full or
    /// the wait too long).
    async fn verification_slot(&self) -> Result<OwnedSemaphorePermit, ApiError> {
        let busy = || {
            crate::metrics::get().rate_limited("token_busy");
            ApiError::new(
                Problem::ServiceUnavailable,
                crate::msg!("token-requests-busy"),
            )
            .with_header(header::RETRY_AFTER, "1")
        };
        if let Ok(permit) = self.verifications.clone().try_acquire_owned() {
            return Ok(permit);
        }
        if self.waiting.fetch_add(1, Ordering::SeqCst) >= self.max_waiting {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(busy());
        }
        let waited =
            tokio::time::timeout(self.max_wait, self.verifications.clone().acquire_owned()).await;
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        match waited {
            Ok(Ok(permit)) => Ok(permit),
            _ => Err(busy()),
        }
    }
}

/// `count` threads taking verifications from one channel (room for `count` of them: the
/// slots never let more in). Each grows its memory on first use and keeps it.
fn spawn_verifiers(count: usize) -> SyncSender<Verification> {
    let (sender, receiver) = sync_channel::<Verification>(count);
    let receiver = Arc::new(Mutex::new(receiver));
    for n in 0..count {
        let receiver = Arc::clone(&receiver);
        std::thread::Builder::new()
            .name(format!("ssc-verify-{n}"))
            .spawn(move || run_verifier(&receiver))
            .expect("the system can start a thread");
    }
    sender
}

fn run_verifier(jobs: &Mutex<Receiver<Verification>>) {
    let mut memory = VerifierMemory::new();
    loop {
        let job = match jobs.lock() {
            Ok(jobs) => jobs.recv(),
            Err(_) => return,
        };
        let Ok(job) = job else { return };
        // A panicking check loses its answer (the caller gets a 500), not the thread.
        let _ = catch_unwind(AssertUnwindSafe(|| job(&mut memory)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attempts_are_counted_per_address_and_per_client() {
        let guard = TokenGuard::new(3, 1);
        let address: IpAddr = "203.0.113.7".parse().unwrap();
        for _ in 0..3 {
            guard.admit_address(Some(address)).unwrap();
        }
        let refused = guard.admit_address(Some(address)).unwrap_err();
        assert_eq!(refused.problem, Problem::TooManyRequests);
        guard
            .admit_address(Some("203.0.113.8".parse().unwrap()))
            .unwrap();
        for _ in 0..3 {
            guard.admit_client("c1").unwrap();
        }
        assert!(guard.admit_client("c1").is_err());
        assert!(TokenGuard::new(0, 1).admit_client("c1").is_ok());
    }

    #[actix_web::test]
    async fn verifications_run_on_their_own_threads_and_keep_their_memory() {
        let guard = TokenGuard::new(0, 1);
        let first = guard
            .verify(|memory| {
                memory.resize(3, argon2::Block::default());
                std::thread::current().name().map(str::to_owned)
            })
            .await
            .unwrap();
        assert_eq!(first.as_deref(), Some("ssc-verify-0"));
        let kept = guard.verify(|memory| memory.len()).await.unwrap();
        assert_eq!(kept, 3);
        // A check that panics fails its caller, not the thread.
        let failed = guard.verify(|_| -> usize { panic!("boom") }).await;
        assert_eq!(failed.unwrap_err().problem, Problem::Internal);
        assert_eq!(guard.verify(|memory| memory.len()).await.unwrap(), 3);
    }

    #[actix_web::test]
    async fn verifications_queue_briefly_then_refuse() {
        let guard = TokenGuard {
            max_wait: Duration::from_millis(50),
            ..TokenGuard::new(0, 1)
        };
        let held = guard.verification_slot().await.unwrap();
        // One slot, two places in the queue: the next two wait, the one after is refused.
        let (a, b, c) = tokio::join!(
            guard.verification_slot(),
            guard.verification_slot(),
            async {
                tokio::task::yield_now().await;
                guard.verification_slot().await
            }
        );
        assert_eq!(c.unwrap_err().problem, Problem::ServiceUnavailable);
        // The two in the queue waited, and gave up once the wait was too long.
        assert!(a.is_err() && b.is_err());
        drop(held);
        let _slot = guard.verification_slot().await.unwrap();
    }
}
