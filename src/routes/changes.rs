//! `/api/v1/changes`: the change feed. Every create, update and delete across
//! resources, in one total order (`seq`), for partner systems to stay in sync without
//! re-reading everything.

use actix_web::{get, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::db::Db;
use crate::domain::access::read_scope;
use crate::domain::changes::{self, ChangeRecord};
use crate::domain::kinds::ResourceKind;
use crate::error::ApiError;
use crate::http::extract::QueryParams;
use crate::pagination::{Cursors, page_size};

const CURSOR_KIND: &str = "changes";

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(change_feed);
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FeedQuery {
    /// Resume after this point: the `next_cursor` of a previous call. Absent: from the
    /// first change.
    pub after: Option<String>,
    /// Changes per call, 1 to 200.
    #[param(minimum = 1, maximum = 200, default = 50)]
    pub limit: Option<u32>,
    /// Only these kinds of record, comma-separated: organisation, project, partnership,
    /// triangular_arrangement, policy_exchange, capacity, cooperation_request,
    /// project_results, project_activities and project_transactions (a project's results,
    /// activities and transactions, named by the project's id).
    #[param(example = "project,partnership")]
    pub types: Option<String>,
}

/// A page of the change feed.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "items": [{"seq": 1042, "resource": "project", "id": "0193a6a0-0002-7000-8000-000000000001", "action": "update", "version": 3, "actor": "ana.quispe", "organisation_id": "0193a6a0-0001-7000-8000-00000000000a", "at": "2026-01-10T12:00:00Z", "changed_fields": ["status"]}],
    "next_cursor": "WyJjaGFuZ2VzIiwxMDQyXQ",
    "has_more": false
}))]
pub struct FeedPage {
    pub items: Vec<ChangeRecord>,
    /// Where to resume; never null. Keep it, and ask again later for newer changes.
    pub next_cursor: String,
    /// Whether more changes are already waiting after this page.
    pub has_more: bool,
}

/// The kinds named by `types`, comma-separated (the contract's pattern: no spaces, no
/// empty names).
fn kinds(types: Option<&str>) -> Result<Vec<ResourceKind>, ApiError> {
    types
        .into_iter()
        .flat_map(|t| t.split(','))
        .map(|t| {
            ResourceKind::parse(t).ok_or_else(|| {
                let known: Vec<&str> = ResourceKind::ALL.iter().map(|k| k.as_str()).collect();
                ApiError::bad_parameter(
                    "types",
                    crate::msg!(
                        "kind-unknown",
                        kind = format!("{t:?}"),
                        known = known.join(", ")
                    ),
                )
            })
        })
        .collect()
}

/// The change feed
///
/// Every create, update and delete, and every review transition (submit, approve, return,
/// with its comment), in the order they happened (`seq`), with the record's id, kind and
/// version and the change's time and actor. Follow it from the start, fetching each record
/// named by any change but a delete and dropping each one named by a delete, to reproduce
/// the current state. A caller sees only changes to records it may read, as it may read
/// them: a version awaiting review is seen by the directorate and the record's
/// participants only, and others learn of it by its approval; a change that took a record
/// out of its view (made it restricted, dropped its organisation) appears to it as a
/// delete.
#[utoipa::path(
    tag = "changes",
    params(FeedQuery),
    responses((status = 200, description = "A page of changes", body = FeedPage))
)]
#[get("/changes")]
pub async fn change_feed(
    caller: Caller,
    db: web::Data<Db>,
    cursors: web::Data<Cursors>,
    query: QueryParams<FeedQuery>,
) -> Result<web::Json<FeedPage>, ApiError> {
    let query = query.0;
    let limit = page_size(query.limit)?;
    let after = match query.after.as_deref() {
        Some(cursor) => cursors.decode_as::<i64>("after", CURSOR_KIND, cursor)?,
        None => 0,
    };
    let kinds = kinds(query.types.as_deref())?;
    let scope = read_scope(&caller);
    let mut items = db
        .read(move |conn| changes::feed(conn, scope, &kinds, after, limit))
        .await?;
    let has_more = items.len() > limit;
    items.truncate(limit);
    let last = items.last().map_or(after, |c| c.seq);
    Ok(web::Json(FeedPage {
        items,
        next_cursor: cursors.encode(CURSOR_KIND, &last),
        has_more,
    }))
}
