//! POSTs that honour an `Idempotency-Key`: the first answer to a key (status, headers,
//! body) is kept in the database, committed with the write itself, and replayed with
//! `Idempotent-Replayed: true` to a retry with the same key and the same request from the
//! same caller, on any replica, without writing again. The same key with a different
//! request is 422; a retry while the first is still running is 409. Refusals (4xx) are
//! kept too (nothing was written); server errors are not, so they can be retried.
//!
//! Handlers call [`once`] after their extractors ran: authentication and the route's role
//! check come first, so a caller who may not make a request never reaches a replay.

use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderName};
use actix_web::{HttpRequest, HttpResponse};

use crate::auth::Caller;
use crate::db::{Db, DbConnection};
use crate::domain::idempotency::{self, KeyedRequest};
use crate::error::{ApiError, PROBLEM_JSON, Problem};
use crate::http::idempotency::{IDEMPOTENT_REPLAYED, IdempotencyKey, IdempotencyTtl, fingerprint};
use crate::http::respond::Reply;
use crate::request_id;
use crate::store::idempotency::{Claim, StoredResponse};
use serde_json::Value;

/// What a POST answers, and what a retry with the same key gets: the same answer, unless
/// it carries a credential, which is never kept: then `replay`.
pub struct Answer {
    pub reply: Reply,
    pub replay: Option<Reply>,
}

impl Answer {
    pub fn same(reply: Reply) -> Self {
        Answer {
            reply,
            replay: None,
        }
    }
}

/// Headers a replay repeats (those of the kept answer; the request id and the security
/// headers are the retry's own).
const KEPT_HEADERS: [HeaderName; 4] = [
    header::CONTENT_TYPE,
    header::LOCATION,
    header::ETAG,
    header::RETRY_AFTER,
];

fn stored(reply: &Reply) -> StoredResponse {
    StoredResponse {
        status: reply.status.as_u16(),
        headers: reply
            .headers
            .iter()
            .filter(|(name, _)| KEPT_HEADERS.contains(name))
            .map(|(name, value)| (name.as_str().to_owned(), value.clone()))
            .collect(),
        body: reply.body.clone(),
    }
}

/// The kept answer, for a retry. A problem document names the request it answers: the
/// retry's own id, as its `X-Request-Id` does.
fn replayed(stored: StoredResponse) -> HttpResponse {
    let mut response =
        HttpResponse::build(StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK));
    let mut problem = false;
    for (name, value) in &stored.headers {
        problem |= name == header::CONTENT_TYPE.as_str() && value == PROBLEM_JSON;
        response.insert_header((name.as_str(), value.as_str()));
    }
    response.insert_header((IDEMPOTENT_REPLAYED.clone(), "true"));
    let body = match serde_json::from_slice::<Value>(&stored.body) {
        Ok(Value::Object(mut document)) if problem => {
            match request_id::current() {
                Some(id) => document.insert("request_id".into(), Value::String(id)),
                None => document.remove("request_id"),
            };
            serde_json::to_vec(&document).unwrap_or(stored.body)
        }
        _ => stored.body,
    };
    response.body(body)
}

/// Run the write `work` at most once for this caller and key (`body` is the request's,
/// for its fingerprint); without a key, just run it.
pub async fn once<F>(
    req: &HttpRequest,
    db: &Db,
    caller: &Caller,
    key: &IdempotencyKey,
    body: &[u8],
    work: F,
) -> Result<HttpResponse, ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<Answer, ApiError> + Send + 'static,
{
    let Some(key) = key.key()? else {
        return Ok(db.write(work).await?.reply.into_response());
    };
    let ttl = req
        .app_data::<IdempotencyTtl>()
        .map_or(Duration::from_secs(24 * 3600), |ttl| ttl.0);
    let print = fingerprint(req.method().as_str(), &req.uri().to_string(), body);
    let request = KeyedRequest::new(caller, key, print);
    let claim = {
        let request = request.clone();
        db.write(move |conn| idempotency::claim(conn, &request, ttl))
            .await?
    };
    let token = match claim {
        Claim::Proceed(token) => token,
        Claim::Replay(stored) => {
            crate::metrics::get().idempotency_replays.inc();
            return Ok(replayed(stored));
        }
        Claim::InProgress => {
            return Err(
                ApiError::new(Problem::Conflict, crate::msg!("idempotency-in-progress"))
                    .with_header(header::RETRY_AFTER, "1"),
            );
        }
        Claim::Mismatch => {
            return Err(ApiError::new(
                Problem::ValidationFailed,
                crate::msg!("idempotency-key-reused"),
            ));
        }
    };
    let written = {
        let (request, token) = (request.clone(), token.clone());
        db.write(move |conn| {
            let answer = work(conn)?;
            let kept = stored(answer.replay.as_ref().unwrap_or(&answer.reply));
            idempotency::complete(conn, &request, &token, &kept)?;
            Ok(answer.reply)
        })
        .await
    };
    match written {
        Ok(reply) => Ok(reply.into_response()),
        Err(error) => {
            let outcome = if error.problem.status().is_server_error() {
                db.write(move |conn| idempotency::release(conn, &request, &token))
                    .await
            } else {
                // Refused: nothing was written, and a retry gets the same refusal.
                let kept = stored(&Reply::problem(&error));
                db.write(move |conn| idempotency::complete(conn, &request, &token, &kept))
                    .await
            };
            if let Err(failed) = outcome {
                log::warn!("could not settle an Idempotency-Key: {}", failed.detail);
            }
            Err(error)
        }
    }
}
