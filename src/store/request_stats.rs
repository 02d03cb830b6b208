//! What cooperation request statistics read: one narrow row per request the caller may
//! list (with the list's filters), the moment each request was decided (its `accept` or
//! `decline` change record: a request is decided once, the pipeline never moves back),
//! and the sectors of each request. Diesel cannot use the list's boxed query as a
//! subquery through its multi-backend connection: the decisions are read by the listed
//! ids (the change table is large), the sectors whole (one narrow row per request and
//! sector) and kept for the listed requests by the domain. The grouping, the medians and the rates are the domain's
//! (`domain::request_stats`): a median is not an aggregate both backends have.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::schema::{changes, cooperation_request_sectors as rs, cooperation_requests as r};
use crate::store::StoreError;
use crate::store::cooperation_requests::{CooperationRequestFilter, filtered};
use crate::store::visibility::ReadScope;

/// One request as statistics read it.
#[derive(Debug, Clone, Queryable)]
pub struct RequestFacts {
    pub id: String,
    pub status: String,
    pub channel: String,
    pub country_code: Option<String>,
    /// When the request was received: when it was recorded (its `create` change).
    pub received_at: NaiveDateTime,
}

/// The requests matching `filter` that `scope` may list.
pub fn requests(
    conn: &mut DbConnection,
    filter: &CooperationRequestFilter,
    scope: ReadScope,
) -> Result<Vec<RequestFacts>, StoreError> {
    Ok(filtered(filter, scope)
        .select((r::id, r::status, r::channel, r::country_code, r::created_at))
        .load(conn)?)
}

/// `(record id, action, when)` of the changes of `resource` records `ids` with one of
/// `actions` (the decisions), through the index of each record's changes (the change
/// table holds every write of every kind).
pub fn moves(
    conn: &mut DbConnection,
    ids: &[&str],
    resource: &str,
    actions: &[&str],
) -> Result<Vec<(String, String, NaiveDateTime)>, StoreError> {
    let mut moves = Vec::new();
    let per_statement = crate::store::batch::MAX_BIND_PARAMETERS - 1 - actions.len();
    for chunk in ids.chunks(per_statement) {
        moves.extend(
            changes::table
                .filter(changes::record_id.eq_any(chunk))
                .filter(changes::resource.eq(resource))
                .filter(changes::action.eq_any(actions))
                .order(changes::seq)
                .select((changes::record_id, changes::action, changes::at))
                .load::<(String, String, NaiveDateTime)>(conn)?,
        );
    }
    Ok(moves)
}

/// `(request id, DAC 5-digit sector)` of every request.
pub fn sectors(conn: &mut DbConnection) -> Result<Vec<(String, String)>, StoreError> {
    Ok(rs::table.select((rs::request_id, rs::code)).load(conn)?)
}
