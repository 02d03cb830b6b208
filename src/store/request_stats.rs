//! What cooperation request statistics read: one narrow row per request the caller may
//! list (with the list's filters), the moment each request was decided (its `accept` or
//! `decline` change record: a request is decided once, the pipeline never moves back),
//! and the sectors of each request. The last two are read whole and kept for the listed
//! requests by the domain: diesel cannot use the list's boxed query as a subquery through
//! its multi-backend connection. The grouping, the medians and the rates are the domain's
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

/// `(record id, action, when)` of the changes of `resource` records with one of
/// `actions` (the decisions), oldest first.
pub fn moves(
    conn: &mut DbConnection,
    resource: &str,
    actions: &[&str],
) -> Result<Vec<(String, String, NaiveDateTime)>, StoreError> {
    Ok(changes::table
        .filter(changes::resource.eq(resource))
        .filter(changes::action.eq_any(actions))
        .order(changes::seq)
        .select((changes::record_id, changes::action, changes::at))
        .load(conn)?)
}

/// `(request id, DAC 5-digit sector)` of every request.
pub fn sectors(conn: &mut DbConnection) -> Result<Vec<(String, String)>, StoreError> {
    Ok(rs::table.select((rs::request_id, rs::code)).load(conn)?)
}
