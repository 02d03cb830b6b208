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

use crate::db::DbConnection;
use crate::schema::changes;
use crate::store::StoreError;

/// A position in a list, in the list's order (ties broken by id).
pub trait ListKey: Clone + Serialize + DeserializeOwned {
    fn cmp_in_list(&self, other: &Self) -> Ordering;
    /// The record at this position.
    fn id(&self) -> &str;
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

    fn id(&self) -> &str {
        &self.id
    }
}

/// Where a page starts: the snapshot and the key of the last item already returned.
#[derive(Debug, Clone)]
pub struct SnapshotCursor<K> {
    pub snapshot: i64,
    pub after: Option<K>,
    /// Changes past the snapshot may be visible: on PostgreSQL, committed while an earlier
    /// one was still in progress (`change_store::horizon`). A first page then places the
    /// records they changed where they stood at the snapshot, as a later page does.
    pub beyond: bool,
}

/// A row as the lists read it: the representation and the row's key.
pub type KeyedRow<K> = (String, K);

/// Rows of a first page read with its snapshot: the snapshot, and up to `limit + 1` rows.
pub type RowsAt<K> = (i64, Vec<KeyedRow<K>>);

/// One page of a list: the records' representations and the cursor of the next page.
#[derive(Debug)]
pub struct Page {
    pub items: Vec<String>,
    pub next_cursor: Option<String>,
}

/// Ids looked up per statement, well under every backend's limit on bound parameters.
const IDS_PER_STATEMENT: usize = 1000;

/// The ids of the records that changed since the cursor's snapshot, as `load` finds them;
/// none on a first page whose snapshot is the latest change, read in the page's own read
/// transaction (`serve_page`), so nothing can have changed since. (Skipping the query
/// matters: with a selective filter, SQLite may scan every matching row to answer it.)
pub fn moved_since<K>(
    cursor: &SnapshotCursor<K>,
    load: impl FnOnce() -> diesel::QueryResult<Vec<String>>,
) -> Result<Vec<String>, StoreError> {
    if cursor.after.is_none() && !cursor.beyond {
        return Ok(Vec::new());
    }
    Ok(load()?)
}

/// Where the records `moved` (changed since the snapshot) stood at the snapshot: the first
/// `limit + 1` positions after the cursor's. `positions_then` finds those of a few ids
/// (at most `limit + 1`), so however many records moved since an old cursor was issued,
/// no more than `limit + 1` positions are kept and no statement is per record.
pub fn first_positions<K: ListKey>(
    moved: &[String],
    limit: usize,
    mut positions_then: impl FnMut(&[String]) -> Result<Vec<K>, StoreError>,
) -> Result<Vec<K>, StoreError> {
    let mut first = Vec::new();
    for ids in moved.chunks(IDS_PER_STATEMENT) {
        first.extend(positions_then(ids)?);
        first.sort_by(|a: &K, b: &K| a.cmp_in_list(b));
        first.truncate(limit + 1);
    }
    Ok(first)
}

/// The moved rows at their positions then, with their current representations
/// (`representations` maps ids to them; a record deleted meanwhile is left out).
pub fn at_positions<K: ListKey>(
    positions: Vec<K>,
    representations: Vec<(String, String)>,
) -> Vec<KeyedRow<K>> {
    let mut representations: std::collections::HashMap<String, String> =
        representations.into_iter().collect();
    positions
        .into_iter()
        .filter_map(|key| Some((representations.remove(key.id())?, key)))
        .collect()
}

diesel::alias!(crate::schema::changes as changes_then: ChangesThen);

/// Newest-first positions at `cursor`'s snapshot of the records `ids` of `kind` (the
/// time of each one's last change up to the snapshot), after the cursor's position: at
/// most `limit + 1`, in list order.
pub fn newest_first_then(
    conn: &mut DbConnection,
    kind: &str,
    ids: &[String],
    cursor: &SnapshotCursor<TimeKey>,
    limit: usize,
) -> Result<Vec<TimeKey>, StoreError> {
    let then = changes_then;
    let last_change_then = then
        .filter(then.field(changes::resource).eq(kind))
        .filter(then.field(changes::seq).le(cursor.snapshot))
        .filter(then.field(changes::record_id).eq_any(ids))
        .group_by(then.field(changes::record_id))
        .select(diesel::dsl::max(then.field(changes::seq)));
    let mut positions = changes::table
        .filter(changes::seq.nullable().eq_any(last_change_then))
        .into_boxed();
    if let Some(TimeKey { updated_at, id }) = &cursor.after {
        positions = positions.filter(
            changes::at.le(*updated_at).and(
                changes::at
                    .lt(*updated_at)
                    .or(changes::record_id.lt(id.clone())),
            ),
        );
    }
    let rows: Vec<(String, NaiveDateTime)> = positions
        .order((changes::at.desc(), changes::record_id.desc()))
        .limit(limit as i64 + 1)
        .select((changes::record_id, changes::at))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, updated_at)| TimeKey { updated_at, id })
        .collect())
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
    fn positions_are_looked_up_in_chunks_and_only_the_first_kept() {
        // 2,500 moved records: three lookups, never more than `limit + 1` kept.
        let moved: Vec<String> = (0..2500).map(|n| format!("{n:05}")).collect();
        let mut lookups = 0;
        let first = first_positions(&moved, 2, |ids| {
            lookups += 1;
            assert!(ids.len() <= IDS_PER_STATEMENT);
            // Each lookup answers its own first three, newest first.
            let mut keys: Vec<TimeKey> = ids
                .iter()
                .map(|id| TimeKey {
                    updated_at: key(0, id).updated_at
                        + chrono::Duration::seconds(id.parse().unwrap()),
                    id: id.clone(),
                })
                .collect();
            keys.sort_by(|a, b| a.cmp_in_list(b));
            keys.truncate(3);
            Ok(keys)
        })
        .unwrap();
        assert_eq!(lookups, 3);
        let ids: Vec<&str> = first.iter().map(|k| k.id()).collect();
        assert_eq!(ids, ["02499", "02498", "02497"]);
    }

    #[test]
    fn a_page_keeps_at_most_one_row_more_than_its_limit() {
        let rows: Vec<_> = (0..5)
            .map(|m| (m.to_string(), key(m, &m.to_string())))
            .collect();
        assert_eq!(merge(rows, Vec::new(), None, 2).len(), 3);
    }
}
