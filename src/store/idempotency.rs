//! Storage of idempotency keys and the responses they replay. A claim is owned: the
//! request that claims a key gets a token, and only that token completes or releases the
//! claim, or takes an abandoned one over.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::schema::idempotency_keys;
use crate::store::StoreError;

const IN_PROGRESS: &str = "in_progress";
const DONE: &str = "done";

/// A response kept for replay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    pub status: u16,
    /// (name, value) pairs, as JSON in the table.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// What to do with a request carrying an idempotency key.
#[derive(Debug)]
pub enum Claim {
    /// First use (or the key expired, or its first request died): go ahead, holding this
    /// claim token.
    Proceed(String),
    /// Done before with the same request: replay this.
    Replay(StoredResponse),
    /// The first request with this key is still running.
    InProgress,
    /// Used before with a different request.
    Mismatch,
}

/// The times a claim is judged by.
#[derive(Debug, Clone, Copy)]
pub struct ClaimTimes {
    pub now: NaiveDateTime,
    /// When a key claimed now expires.
    pub expires_at: NaiveDateTime,
    /// An in-progress claim made before this belonged to a request that died.
    pub stale_before: NaiveDateTime,
}

fn new_token() -> String {
    uuid::Uuid::now_v7().simple().to_string()
}

/// Claim `key` for this request: insert it as in progress unless it is there already.
pub fn claim(
    conn: &mut DbConnection,
    scope: &str,
    key: &str,
    fingerprint: &str,
    times: ClaimTimes,
) -> Result<Claim, StoreError> {
    let token = new_token();
    let row = (
        idempotency_keys::scope.eq(scope),
        idempotency_keys::key.eq(key),
        idempotency_keys::fingerprint.eq(fingerprint),
        idempotency_keys::state.eq(IN_PROGRESS),
        idempotency_keys::created_at.eq(times.now),
        idempotency_keys::expires_at.eq(times.expires_at),
        idempotency_keys::claim_token.eq(&token),
    );
    // ON CONFLICT DO NOTHING, per backend (diesel's MultiConnection does not offer it):
    // on PostgreSQL a concurrent claim waits for the first to commit, then finds it.
    let insert = diesel::insert_into(idempotency_keys::table)
        .values(row)
        .on_conflict_do_nothing();
    let inserted = match conn {
        DbConnection::Sqlite(c) => insert.execute(c)?,
        DbConnection::Postgres(c) => insert.execute(c)?,
    };
    if inserted == 1 {
        return Ok(Claim::Proceed(token));
    }
    let this = idempotency_keys::table
        .filter(idempotency_keys::scope.eq(scope))
        .filter(idempotency_keys::key.eq(key));
    #[allow(clippy::type_complexity)]
    let (found_fingerprint, state, status, headers, body, created_at, expires, held_by): (
        String,
        String,
        Option<i32>,
        Option<String>,
        Option<Vec<u8>>,
        NaiveDateTime,
        NaiveDateTime,
        String,
    ) = this
        .select((
            idempotency_keys::fingerprint,
            idempotency_keys::state,
            idempotency_keys::status,
            idempotency_keys::headers,
            idempotency_keys::body,
            idempotency_keys::created_at,
            idempotency_keys::expires_at,
            idempotency_keys::claim_token,
        ))
        .first(conn)?;
    let abandoned = state == IN_PROGRESS && created_at < times.stale_before;
    if expires <= times.now || abandoned {
        // Take it over only if nobody else did since we looked: of two retries that find
        // the same abandoned claim, one proceeds and the other waits.
        let taken = diesel::update(this.filter(idempotency_keys::claim_token.eq(&held_by)))
            .set((
                idempotency_keys::fingerprint.eq(fingerprint),
                idempotency_keys::state.eq(IN_PROGRESS),
                idempotency_keys::status.eq(None::<i32>),
                idempotency_keys::headers.eq(None::<String>),
                idempotency_keys::body.eq(None::<Vec<u8>>),
                idempotency_keys::created_at.eq(times.now),
                idempotency_keys::expires_at.eq(times.expires_at),
                idempotency_keys::claim_token.eq(&token),
            ))
            .execute(conn)?;
        return Ok(if taken == 1 {
            Claim::Proceed(token)
        } else {
            Claim::InProgress
        });
    }
    if found_fingerprint != fingerprint {
        return Ok(Claim::Mismatch);
    }
    if state == IN_PROGRESS {
        return Ok(Claim::InProgress);
    }
    let headers: Vec<(String, String)> = headers
        .as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(StoreError::corrupt)?
        .unwrap_or_default();
    Ok(Claim::Replay(StoredResponse {
        status: status.unwrap_or(200) as u16,
        headers,
        body: body.unwrap_or_default(),
    }))
}

/// Keep the response of the request holding the claim `token` on `key`; false when the
/// claim is no longer that request's (it was taken over).
pub fn complete(
    conn: &mut DbConnection,
    scope: &str,
    key: &str,
    token: &str,
    response: &StoredResponse,
) -> Result<bool, StoreError> {
    let updated = diesel::update(
        idempotency_keys::table
            .filter(idempotency_keys::scope.eq(scope))
            .filter(idempotency_keys::key.eq(key))
            .filter(idempotency_keys::claim_token.eq(token)),
    )
    .set((
        idempotency_keys::state.eq(DONE),
        idempotency_keys::status.eq(i32::from(response.status)),
        idempotency_keys::headers
            .eq(serde_json::to_string(&response.headers).map_err(StoreError::corrupt)?),
        idempotency_keys::body.eq(&response.body),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Give the claim `token` on `key` up (its request failed in a way worth retrying).
pub fn release(
    conn: &mut DbConnection,
    scope: &str,
    key: &str,
    token: &str,
) -> Result<(), StoreError> {
    diesel::delete(
        idempotency_keys::table
            .filter(idempotency_keys::scope.eq(scope))
            .filter(idempotency_keys::key.eq(key))
            .filter(idempotency_keys::claim_token.eq(token)),
    )
    .execute(conn)?;
    Ok(())
}

/// Forget expired keys.
pub fn purge_expired(conn: &mut DbConnection, now: NaiveDateTime) -> Result<usize, StoreError> {
    Ok(
        diesel::delete(idempotency_keys::table.filter(idempotency_keys::expires_at.le(now)))
            .execute(conn)?,
    )
}
