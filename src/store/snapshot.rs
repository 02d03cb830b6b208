//! Keyset pages that stay consistent while records change between page requests, for
//! every list of cooperation records.
//!
//! A cursor carries a snapshot: the latest change `seq` when the first page was served.
//! Records unchanged since are paged from their table by their current key. Records
//! changed since (usually none, found through the `last_change_seq` index) are placed
//! where they stood at the snapshot, by their key then: for the newest-first order the
//! time of their last change up to the snapshot. So a record updated between two page
//! requests is neither returned twice nor skipped. Records created after the snapshot
//! wait for a fresh listing.

use std::cmp::Ordering;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::db::{DbConnection, Transaction, transaction};
use crate::error::ApiError;
use crate::pagination::{decode_cursor, paginate};
use crate::schema::changes;
use crate::store::changes::latest_seq;

/// A position in a list, in the list's order (ties broken by id).
pub trait ListKey: Clone + Serialize + DeserializeOwned {
    fn cmp_in_list(&self, other: &Self) -> Ordering;
}

/// A position in a newest-first list.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TimeKey {
    pub updated_at: NaiveDateTime,
    pub id: String,
}

impl ListKey for TimeKey {
    fn cmp_in_list(&self, other: &Self) -> Ordering {
        other.cmp(self)
    }
}

/// Where a page starts: the snapshot and the key of the last item already returned.
#[derive(Debug, Clone)]
pub struct SnapshotCursor<K> {
    pub snapshot: i64,
    pub after: Option<K>,
}

impl<K: ListKey> SnapshotCursor<K> {
    /// A cursor issued by the list named `kind` (a cursor of another list is refused).
    pub fn decode(kind: &str, cursor: &str) -> Result<Self, ApiError> {
        let (snapshot, after): (i64, K) = decode_cursor(kind, cursor)?;
        Ok(SnapshotCursor {
            snapshot,
            after: Some(after),
        })
    }
}

/// A row as the lists read it: the representation and the row's key.
pub type KeyedRow<K> = (String, K);

/// One page of a list: the records' representations and the cursor of the next page.
#[derive(Debug)]
pub struct Page {
    pub items: Vec<String>,
    pub next_cursor: Option<String>,
}

/// Serve a page of the list named `kind`: `fetch` reads up to `limit + 1` rows after the
/// cursor, consistent with its snapshot (for a first page, the latest change), in one
/// read transaction so that every statement sees the same data.
pub fn serve_page<K: ListKey>(
    conn: &mut DbConnection,
    kind: &str,
    limit: usize,
    cursor: Option<SnapshotCursor<K>>,
    fetch: impl FnOnce(&mut DbConnection, &SnapshotCursor<K>) -> Result<Vec<KeyedRow<K>>, ApiError>,
) -> Result<Page, ApiError> {
    let (rows, snapshot) = transaction(conn, Transaction::Read, |conn| {
        let cursor = match cursor {
            Some(cursor) => cursor,
            None => SnapshotCursor {
                snapshot: latest_seq(conn)?,
                after: None,
            },
        };
        Ok::<_, ApiError>((fetch(conn, &cursor)?, cursor.snapshot))
    })?;
    let (rows, next_cursor) = paginate(rows, limit, kind, |(_, key)| (snapshot, key.clone()));
    Ok(Page {
        items: rows
            .into_iter()
            .map(|(representation, _)| representation)
            .collect(),
        next_cursor,
    })
}

/// Combine the rows unchanged since the snapshot (already after the cursor, in order, at
/// most `limit + 1`) with those changed since (any order, each with its key at the
/// snapshot). Returns at most `limit + 1` rows in the list's order.
pub fn merge<K: ListKey>(
    unchanged: Vec<KeyedRow<K>>,
    moved: Vec<KeyedRow<K>>,
    after: Option<&K>,
    limit: usize,
) -> Vec<KeyedRow<K>> {
    let mut page = unchanged;
    page.extend(
        moved
            .into_iter()
            .filter(|(_, key)| after.is_none_or(|after| key.cmp_in_list(after).is_gt())),
    );
    page.sort_by(|a, b| a.1.cmp_in_list(&b.1));
    page.truncate(limit + 1);
    page
}

/// When a record of `kind` last changed up to `snapshot` (its `updated_at` then); none
/// when it did not exist then.
pub fn updated_at_then(
    conn: &mut DbConnection,
    kind: &str,
    id: &str,
    snapshot: i64,
) -> Result<Option<NaiveDateTime>, ApiError> {
    Ok(changes::table
        .filter(changes::record_id.eq(id))
        .filter(changes::resource.eq(kind))
        .filter(changes::seq.le(snapshot))
        .order(changes::seq.desc())
        .select(changes::at)
        .first(conn)
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(minute: u32, id: &str) -> TimeKey {
        TimeKey {
            updated_at: chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
                .unwrap()
                .and_hms_opt(12, minute, 0)
                .unwrap(),
            id: id.to_owned(),
        }
    }

    #[test]
    fn moved_rows_take_their_place_at_the_snapshot() {
        let unchanged = vec![
            ("c".to_owned(), key(30, "c")),
            ("a".to_owned(), key(10, "a")),
        ];
        // b changed after the snapshot; at the snapshot it stood between c and a.
        let moved = vec![
            ("b".to_owned(), key(20, "b")),
            ("z".to_owned(), key(50, "z")),
        ];
        let page = merge(unchanged, moved, Some(&key(40, "x")), 10);
        let ids: Vec<&str> = page.iter().map(|(r, _)| r.as_str()).collect();
        // z stood before the cursor: already returned on an earlier page.
        assert_eq!(ids, ["c", "b", "a"]);
    }

    #[test]
    fn a_page_keeps_at_most_one_row_more_than_its_limit() {
        let rows: Vec<_> = (0..5)
            .map(|m| (m.to_string(), key(m, &m.to_string())))
            .collect();
        assert_eq!(merge(rows, Vec::new(), None, 2).len(), 3);
    }
}
