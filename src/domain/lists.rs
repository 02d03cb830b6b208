//! Reading lists of records: a checked page request (filter, size, cursor), the
//! newest-first list every cooperation record has, and a record's history.

use uuid::Uuid;

use crate::auth::Caller;
use crate::db::DbConnection;
use crate::db::{Transaction, transaction};
use crate::domain::access;
use crate::domain::changes::{ChangePage, ChangeRecord};
use crate::domain::kinds::ResourceKind;
use crate::domain::list_query::{Filtered, Paging};
use crate::domain::record::{CooperationKind, FilterOf, RecordStorage, not_found};
use crate::error::ApiError;
use crate::pagination::{Cursors, page_size};
use crate::store::changes as change_store;
use crate::store::changes::horizon;
use crate::store::record_table;
use crate::store::snapshot::{KeyedRow, ListKey, Page, RowsAt, SnapshotCursor, TimeKey};
use crate::store::visibility::ReadScope;

/// Records per page of an export.
pub const BULK_PAGE: usize = 1000;

/// A checked request for one page of a list of records: its filter, size and cursor (the
/// cursor names the list, `kind`, and carries its snapshot and position).
pub struct ListRequest<F, K> {
    cursors: Cursors,
    kind: &'static str,
    filter: F,
    limit: usize,
    cursor: Option<SnapshotCursor<K>>,
}

impl<F, K: ListKey> ListRequest<F, K> {
    pub fn new(
        cursors: &Cursors,
        kind: &'static str,
        filter: F,
        limit: Option<u32>,
        cursor: Option<&str>,
    ) -> Result<Self, ApiError> {
        Self::of_size(cursors, kind, filter, page_size(limit)?, cursor)
    }

    /// A page of [`BULK_PAGE`] records, for exports (which read every page in turn: fewer,
    /// larger pages cost fewer queries).
    pub fn bulk(
        cursors: &Cursors,
        kind: &'static str,
        filter: F,
        cursor: Option<&str>,
    ) -> Result<Self, ApiError> {
        Self::of_size(cursors, kind, filter, BULK_PAGE, cursor)
    }

    /// A page of `limit` records (already checked).
    pub fn of_size(
        cursors: &Cursors,
        kind: &'static str,
        filter: F,
        limit: usize,
        cursor: Option<&str>,
    ) -> Result<Self, ApiError> {
        // A cursor issued by another list is refused.
        let cursor = cursor
            .map(|c| {
                let (snapshot, after): (i64, K) = cursors.decode(kind, c)?;
                Ok::<_, ApiError>(SnapshotCursor {
                    snapshot,
                    after: Some(after),
                    beyond: true,
                })
            })
            .transpose()?;
        Ok(ListRequest {
            cursors: cursors.clone(),
            kind,
            filter,
            limit,
            cursor,
        })
    }

    /// Serve the page as [`ListRequest::serve`] does, a first page through `at_once` when
    /// it can read it in one statement with its snapshot (`Ok(None)` when it cannot).
    pub fn serve_first_at_once(
        self,
        conn: &mut DbConnection,
        at_once: impl FnOnce(&mut DbConnection, &F, usize) -> Result<Option<RowsAt<K>>, ApiError>,
        fetch: impl FnOnce(
            &mut DbConnection,
            &F,
            &SnapshotCursor<K>,
            usize,
        ) -> Result<Vec<KeyedRow<K>>, ApiError>,
    ) -> Result<Page, ApiError> {
        if self.cursor.is_none()
            && let Some((snapshot, rows)) = at_once(conn, &self.filter, self.limit)?
        {
            return Ok(page_of(
                &self.cursors,
                self.kind,
                self.limit,
                snapshot,
                rows,
            ));
        }
        self.serve(conn, fetch)
    }

    /// Serve the page: `fetch` reads up to `limit + 1` rows after the cursor, consistent
    /// with its snapshot.
    pub fn serve(
        self,
        conn: &mut DbConnection,
        fetch: impl FnOnce(
            &mut DbConnection,
            &F,
            &SnapshotCursor<K>,
            usize,
        ) -> Result<Vec<KeyedRow<K>>, ApiError>,
    ) -> Result<Page, ApiError> {
        let ListRequest {
            cursors,
            kind,
            filter,
            limit,
            cursor,
        } = self;
        serve_page(conn, &cursors, kind, limit, cursor, |conn, cursor| {
            fetch(conn, &filter, cursor, limit)
        })
    }
}

/// The request for a page of the newest-first list of kind `K` that `query` asks for
/// (its filters checked).
pub fn newest_first_request<K: CooperationKind>(
    cursors: &Cursors,
    query: &Filtered<Paging, K::Filters>,
) -> Result<ListRequest<FilterOf<K>, TimeKey>, ApiError> {
    let filter = query.checked()?;
    ListRequest::new(
        cursors,
        K::KIND.cursor_kind(),
        filter,
        query.own.limit,
        query.own.cursor.as_deref(),
    )
}

/// One newest-first page of the records of kind `K` that the caller may read.
pub fn newest_first<K: CooperationKind>(
    conn: &mut DbConnection,
    caller: &Caller,
    request: ListRequest<FilterOf<K>, TimeKey>,
) -> Result<Page, ApiError> {
    let scope = access::read_scope(caller);
    request.serve_first_at_once(
        conn,
        |conn, filter, limit| {
            Ok(record_table::newest_first_at_once::<K::Table>(
                conn, filter, scope, limit,
            )?)
        },
        |conn, filter, cursor, limit| {
            Ok(record_table::newest_first::<K::Table>(
                conn, filter, scope, cursor, limit,
            )?)
        },
    )
}

const HISTORY_CURSOR: &str = "history";

/// One page of a record's changes in order, for a caller who may see them (404 for a
/// record it may not see); a record with no history at all is a 404.
pub fn history<R: RecordStorage>(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
    limit: Option<u32>,
    cursor: Option<&str>,
    cursors: &Cursors,
) -> Result<ChangePage, ApiError> {
    // A bad page size or cursor is a 400 before anything about the record is said.
    page_size(limit)?;
    if let Some(cursor) = cursor {
        cursors.decode::<i64>(HISTORY_CURSOR, cursor)?;
    }
    R::check_history(conn, caller, id)?;
    let scope = access::read_scope(caller);
    changes_page(conn, scope, R::KIND, id, limit, cursor, cursors)?
        .ok_or_else(|| not_found::<R>(id))
}

/// One page of the changes of `kind` to record `id` that `scope` may see; `None` when
/// there are none at all.
pub fn changes_page(
    conn: &mut DbConnection,
    scope: ReadScope,
    kind: ResourceKind,
    id: Uuid,
    limit: Option<u32>,
    cursor: Option<&str>,
    cursors: &Cursors,
) -> Result<Option<ChangePage>, ApiError> {
    let limit = page_size(limit)?;
    let after = cursor
        .map(|c| cursors.decode::<i64>(HISTORY_CURSOR, c))
        .transpose()?;
    let rows = change_store::for_record(conn, kind.as_str(), id, scope, after, limit)?;
    if rows.is_empty() && after.is_none() {
        return Ok(None);
    }
    let rows = rows
        .into_iter()
        .map(ChangeRecord::from_stored)
        .collect::<Result<Vec<_>, _>>()?;
    let (items, next_cursor) = cursors.paginate(rows, limit, HISTORY_CURSOR, |c| c.seq);
    Ok(Some(ChangePage { items, next_cursor }))
}

/// Serve a page of the list named `kind`: `fetch` reads up to `limit + 1` rows after the
/// cursor, consistent with its snapshot (for a first page, the latest change), in one
/// read transaction so that every statement sees the same data.
fn serve_page<K: ListKey>(
    conn: &mut DbConnection,
    cursors: &Cursors,
    kind: &str,
    limit: usize,
    cursor: Option<SnapshotCursor<K>>,
    fetch: impl FnOnce(&mut DbConnection, &SnapshotCursor<K>) -> Result<Vec<KeyedRow<K>>, ApiError>,
) -> Result<Page, ApiError> {
    let (rows, snapshot) = transaction(conn, Transaction::Read, |conn| {
        let cursor = match cursor {
            Some(cursor) => cursor,
            None => {
                let horizon = horizon(conn)?;
                SnapshotCursor {
                    snapshot: horizon.seq,
                    after: None,
                    beyond: horizon.beyond > 0,
                }
            }
        };
        Ok::<_, ApiError>((fetch(conn, &cursor)?, cursor.snapshot))
    })?;
    Ok(page_of(cursors, kind, limit, snapshot, rows))
}

/// The page of up to `limit` of `rows` (`limit + 1` read), with the cursor of the next one
/// carrying `snapshot`.
fn page_of<K: ListKey>(
    cursors: &Cursors,
    kind: &str,
    limit: usize,
    snapshot: i64,
    rows: Vec<KeyedRow<K>>,
) -> Page {
    let (rows, next_cursor) =
        cursors.paginate(rows, limit, kind, |(_, key)| (snapshot, key.clone()));
    Page {
        items: rows
            .into_iter()
            .map(|(representation, _)| representation)
            .collect(),
        next_cursor,
    }
}
