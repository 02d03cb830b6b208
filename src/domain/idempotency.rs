//! Safe retries: a POST with an `Idempotency-Key` is performed at most once per caller and
//! key. The request first claims the key (its own short transaction); the write and the
//! response a retry will get are then committed together, in the write's transaction, on
//! the condition that the claim is still this request's. So a write is never done twice,
//! even when a process dies at any point: before the write's commit the claim stays in
//! progress (a retry gets 409, and once the claim counts as abandoned, takes it over and
//! writes); after it, the response is there to replay.

use std::time::Duration;

use crate::auth::Caller;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::store::idempotency::{self as key_store, Claim, ClaimTimes, StoredResponse};
use crate::store::now;

/// How long a first request may run before its claim counts as abandoned.
pub const ABANDONED_AFTER: Duration = Duration::from_secs(120);

/// A request carrying an idempotency key: who sent it, the key, and what makes two
/// requests the same request.
#[derive(Debug, Clone)]
pub struct KeyedRequest {
    /// The caller as a whole: issuer, subject, role and organisation. A token of another
    /// role or organisation for the same subject is another caller: it never sees a
    /// response made for the first.
    scope: String,
    key: String,
    fingerprint: String,
}

impl KeyedRequest {
    pub fn new(caller: &Caller, key: String, fingerprint: String) -> Self {
        let org = caller.org.map(|o| o.to_string()).unwrap_or_default();
        KeyedRequest {
            scope: format!(
                "{}|{}|{}|{org}",
                caller.issuer,
                caller.sub,
                caller.role.as_str()
            ),
            key,
            fingerprint,
        }
    }

    pub fn scope(&self) -> &str {
        &self.scope
    }
}

fn to_chrono(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::hours(24))
}

/// Claim the key for this request (kept for `ttl` once done).
pub fn claim(
    conn: &mut DbConnection,
    request: &KeyedRequest,
    ttl: Duration,
) -> Result<Claim, ApiError> {
    let now = now();
    Ok(key_store::claim(
        conn,
        &request.scope,
        &request.key,
        &request.fingerprint,
        ClaimTimes {
            now,
            expires_at: now + to_chrono(ttl),
            stale_before: now - to_chrono(ABANDONED_AFTER),
        },
    )?)
}

/// Keep `response` for retries, in the caller's (the write's) transaction. Fails, so that
/// the write rolls back, when the claim was taken over by a retry meanwhile.
pub fn complete(
    conn: &mut DbConnection,
    request: &KeyedRequest,
    token: &str,
    response: &StoredResponse,
) -> Result<(), ApiError> {
    if key_store::complete(conn, &request.scope, &request.key, token, response)? {
        Ok(())
    } else {
        Err(ApiError::conflict(crate::msg!("idempotency-taken-over")))
    }
}

/// Give the claim up (the request failed in a way worth retrying).
pub fn release(
    conn: &mut DbConnection,
    request: &KeyedRequest,
    token: &str,
) -> Result<(), ApiError> {
    Ok(key_store::release(
        conn,
        &request.scope,
        &request.key,
        token,
    )?)
}
