//! Response helpers shared by the cooperation-record routes.

use actix_web::HttpResponse;
use actix_web::http::{StatusCode, header};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::db::{Db, DbConnection, read_transaction};
use crate::domain::Saved;
use crate::error::ApiError;
use crate::pagination::page_size;
use crate::store::changes::latest_seq;
use crate::store::snapshot::{SnapshotCursor, TimeKey};
use crate::versioning::etag;

/// Paging only (for lists without filters of their own).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Page size, 1 to 200.
    #[param(minimum = 1, maximum = 200, default = 50)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// A JSON list response assembled from stored representations, without re-serialising
/// them: `{"items": [...], "next_cursor": ...}`.
pub fn page_response(items: &[String], next_cursor: Option<String>) -> HttpResponse {
    let mut body = String::with_capacity(items.iter().map(|i| i.len() + 1).sum::<usize>() + 64);
    body.push_str("{\"items\":[");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            body.push(',');
        }
        body.push_str(item);
    }
    body.push_str("],\"next_cursor\":");
    body.push_str(&serde_json::to_string(&next_cursor).expect("a cursor serialises"));
    body.push('}');
    HttpResponse::Ok()
        .content_type("application/json")
        .body(body)
}

/// A response carrying a just-written record: its stored representation and ETag (and
/// `Location` when it was created at `location`).
pub fn saved_response<T>(
    status: StatusCode,
    version: i64,
    saved: Saved<T>,
    location: Option<String>,
) -> HttpResponse {
    let mut response = HttpResponse::build(status);
    response
        .insert_header((header::ETAG, etag(version)))
        .content_type("application/json");
    if let Some(location) = location {
        response.insert_header((header::LOCATION, location));
    }
    response.body(saved.representation)
}

/// A stored representation read by id, with its ETag.
pub fn stored_response(version: i64, representation: String) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::ETAG, etag(version)))
        .content_type("application/json")
        .body(representation)
}

/// One newest-first page from `page` (which fetches up to `limit + 1` rows after the
/// cursor, consistent with the cursor's snapshot), as a list response. `kind` names the
/// list in its cursors.
pub async fn snapshot_page<F>(
    db: &Db,
    kind: &'static str,
    limit: Option<u32>,
    cursor: Option<&str>,
    page: F,
) -> Result<HttpResponse, ApiError>
where
    F: FnOnce(
            &mut DbConnection,
            &SnapshotCursor,
            usize,
        ) -> Result<Vec<(String, TimeKey)>, ApiError>
        + Send
        + 'static,
{
    let limit = page_size(limit)?;
    let cursor = cursor
        .map(|c| SnapshotCursor::decode(kind, c))
        .transpose()?;
    let (mut rows, snapshot) = db
        .read(move |conn| {
            read_transaction(conn, |conn| {
                let cursor = match cursor {
                    Some(cursor) => cursor,
                    None => SnapshotCursor {
                        snapshot: latest_seq(conn)?,
                        after: None,
                    },
                };
                let rows = page(conn, &cursor, limit)?;
                Ok((rows, cursor.snapshot))
            })
        })
        .await?;
    let next_cursor = if rows.len() > limit {
        rows.truncate(limit);
        rows.last().map(|(_, key)| {
            SnapshotCursor {
                snapshot,
                after: Some(key.clone()),
            }
            .encode(kind)
        })
    } else {
        None
    };
    let items: Vec<String> = rows
        .into_iter()
        .map(|(representation, _)| representation)
        .collect();
    Ok(page_response(&items, next_cursor))
}
