//! `GET …/{id}/history`, the same for every resource: the record's change records in
//! order, keyset-paginated by `seq`.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::db::{Db, DbConnection};
use crate::domain::changes::{ChangeRecord, ResourceKind};
use crate::error::ApiError;
use crate::pagination::{decode_cursor, page_size, paginate};
use crate::store::changes as change_store;

const CURSOR_KIND: &str = "history";

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct HistoryQuery {
    /// Page size, 1 to 200.
    #[param(minimum = 1, maximum = 200, default = 50)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// A page of change records.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangePage {
    pub items: Vec<ChangeRecord>,
    /// Pass as `cursor` to get the next page; null on the last page.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

/// One page of a record's history. `authorize` runs first and may refuse (404 for a
/// record the caller may not see); a record with no history at all is a 404.
pub async fn history_page(
    db: &Db,
    resource: ResourceKind,
    id: Uuid,
    query: HistoryQuery,
    authorize: impl FnOnce(&mut DbConnection, Uuid) -> Result<(), ApiError> + Send + 'static,
) -> Result<ChangePage, ApiError> {
    let limit = page_size(query.limit)?;
    let after = query
        .cursor
        .as_deref()
        .map(|c| decode_cursor::<i64>(CURSOR_KIND, c))
        .transpose()?;
    let rows = db
        .read(move |conn| {
            authorize(conn, id)?;
            let rows = change_store::for_record(conn, resource, id, after, limit)?;
            if rows.is_empty() && after.is_none() {
                return Err(ApiError::not_found(format!(
                    "no {} with id {id}",
                    resource.as_str()
                )));
            }
            Ok(rows)
        })
        .await?;
    let (items, next_cursor) = paginate(rows, limit, CURSOR_KIND, |c| c.seq);
    Ok(ChangePage { items, next_cursor })
}
