//! Newest-first keyset pages that stay consistent while records change between page
//! requests, for the resources listed by `updated_at` only (partnerships, triangular
//! arrangements, policy exchanges). Projects, with several sort orders, do the same with
//! their own revisions table.
//!
//! A cursor carries a snapshot: the latest change `seq` when the first page was served.
//! Records unchanged since are paged from their table; records changed since are placed
//! where they stood at the snapshot, their `updated_at` then being the time of their last
//! change record up to the snapshot. Records created after the snapshot wait for a fresh
//! listing.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::domain::changes::ResourceKind;
use crate::error::ApiError;
use crate::pagination::{decode_cursor, encode_cursor};
use crate::schema::changes;

/// A position in a newest-first list.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TimeKey {
    pub updated_at: NaiveDateTime,
    pub id: String,
}

/// A row as the lists select it: id, representation, updated_at.
pub type ListRow = (String, String, NaiveDateTime);

#[derive(Debug, Clone)]
pub struct SnapshotCursor {
    pub snapshot: i64,
    pub after: Option<TimeKey>,
}

const TIME_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.6f";

impl SnapshotCursor {
    pub fn encode(&self, kind: &str) -> String {
        let after = self.after.as_ref().expect("a next cursor has a position");
        let at = after.updated_at.format(TIME_FORMAT).to_string();
        encode_cursor(kind, &(self.snapshot, at, &after.id))
    }

    pub fn decode(kind: &str, cursor: &str) -> Result<Self, ApiError> {
        let (snapshot, at, id): (i64, String, String) = decode_cursor(kind, cursor)?;
        let updated_at = NaiveDateTime::parse_from_str(&at, TIME_FORMAT).map_err(|_| {
            ApiError::bad_parameter("cursor", "is not a cursor issued by this list")
        })?;
        Ok(SnapshotCursor {
            snapshot,
            after: Some(TimeKey { updated_at, id }),
        })
    }
}

/// Combine the rows unchanged since the snapshot (already after the cursor, newest first,
/// at most `limit + 1`) with those changed since (any order), placing the latter by their
/// `updated_at` at the snapshot. Returns at most `limit + 1` rows with their keys.
pub fn merge(
    conn: &mut DbConnection,
    resource: ResourceKind,
    unchanged: Vec<ListRow>,
    moved: Vec<ListRow>,
    cursor: &SnapshotCursor,
    limit: usize,
) -> Result<Vec<(String, TimeKey)>, ApiError> {
    let mut page: Vec<(String, TimeKey)> = unchanged
        .into_iter()
        .map(|(id, representation, updated_at)| (representation, TimeKey { updated_at, id }))
        .collect();
    for (id, representation, _) in moved {
        let then: Option<NaiveDateTime> = changes::table
            .filter(changes::record_id.eq(&id))
            .filter(changes::resource.eq(resource.as_str()))
            .filter(changes::seq.le(cursor.snapshot))
            .order(changes::seq.desc())
            .select(changes::at)
            .first(conn)
            .optional()?;
        let Some(updated_at) = then else { continue };
        let key = TimeKey { updated_at, id };
        if cursor.after.as_ref().is_none_or(|after| key < *after) {
            page.push((representation, key));
        }
    }
    // Newest first.
    page.sort_by(|a, b| b.1.cmp(&a.1));
    page.truncate(limit + 1);
    Ok(page)
}
