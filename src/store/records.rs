//! What every cooperation record table shares, written once.
//!
//! Each cooperation record (project, partnership, triangular arrangement, policy
//! exchange) is a row in its own table with the same shared columns: `id`, `visibility`,
//! `search_text`, `representation` (the JSON the API returns, rendered in the write's
//! transaction, so that a read is one row), `version`, `created_seq` and
//! `last_change_seq` (for consistent pages), and who and when. Its own columns and child
//! tables (for filters and statistics) come beside them, and a child table lists the
//! organisations taking part (for the read rule).
//!
//! Review: `review_status`, and the last approved version's `approved_version` and
//! `approved_representation` (what readers who see only approved content read). A write
//! that counts at once sets the columns and child rows; an edit awaiting review changes
//! only `representation` (and the version), so the columns keep the approved content.
//!
//! [`RecordTable`] is what the domain's write pipeline and reads need of such a table.
//! `record_table!` implements it for one table: the queries are written once, in the
//! macro, and type-checked against each table they are expanded for (diesel's query
//! types differ per table, so a generic function cannot name them).

use chrono::NaiveDateTime;
use uuid::Uuid;

use crate::db::DbConnection;
use crate::error::ApiError;
use crate::store::snapshot::{KeyedRow, ListKey, SnapshotCursor, TimeKey};
use crate::store::visibility::ReadScope;

/// A record as stored, for a read: its version and what to send.
#[derive(Debug, Clone)]
pub struct StoredRecord {
    pub version: i64,
    pub representation: String,
}

/// The shared columns of a record, as a write sets them.
#[derive(Debug, Clone)]
pub struct RecordColumns {
    pub id: String,
    /// `public` or `restricted` (see `visibility`).
    pub visibility: &'static str,
    /// Folded text for `q` (see `text::fold`).
    pub search_text: String,
    pub representation: String,
    pub version: i64,
    /// The `seq` of the write's change record.
    pub seq: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub created_by: String,
    pub updated_by: String,
    /// `draft`, `submitted`, `approved` or `returned`.
    pub review_status: &'static str,
    /// Is this version the approved one? (Then `approved_version` and
    /// `approved_representation` become this version's; otherwise an update leaves them.)
    pub approved: bool,
}

/// What an edit awaiting review (or a review transition) changes: the current version
/// only, not the content that counts.
#[derive(Debug, Clone)]
pub struct PendingColumns {
    pub id: String,
    pub representation: String,
    pub version: i64,
    pub seq: i64,
    pub updated_at: NaiveDateTime,
    pub updated_by: String,
    pub review_status: &'static str,
}

/// What `GET /reviews` asks of each table.
#[derive(Debug, Clone)]
pub struct ReviewFilter {
    pub statuses: Vec<&'static str>,
    /// Records in which this organisation takes part.
    pub organisation: Option<Uuid>,
    /// After this position, newest first.
    pub after: Option<TimeKey>,
}

/// A record in review, as `GET /reviews` lists it.
#[derive(Debug, Clone)]
pub struct ReviewRow {
    pub id: String,
    pub review_status: String,
    pub version: i64,
    pub approved_version: Option<i64>,
    pub updated_at: NaiveDateTime,
    pub updated_by: String,
}

/// One organisation's contribution in money and in kind (a project's contributions, an
/// arrangement's cost sharing).
#[derive(Debug, Clone)]
pub struct ContributionRow {
    pub organisation: Uuid,
    /// Minor units of `currency`.
    pub amount_minor: Option<i64>,
    pub currency: Option<String>,
    pub expert_days: Option<i32>,
}

/// A record's own columns (in `columns`, by the convention `record_table!` relies on) and
/// its child rows.
pub trait RecordRow: Sized {
    /// Write the child rows of each record, whose shared columns come with it (their
    /// rows are already written; an update has removed the old children).
    fn insert_children(
        conn: &mut DbConnection,
        records: &[(&RecordColumns, &Self)],
    ) -> Result<(), ApiError>;

    /// Remove the child rows of record `id`, before an update writes the new ones.
    fn delete_children(conn: &mut DbConnection, id: &str) -> Result<(), ApiError>;
}

/// One cooperation record table.
pub trait RecordTable {
    /// The records' name in the change feed (`changes.resource`).
    const KIND: &'static str;
    type Row: RecordRow;
    /// The list's filters, checked.
    type Filter: Clone + Send + Sync + 'static;

    /// One newest-first page (up to `limit + 1` rows, each with its key) of the records
    /// matching `filter` that `scope` may read, consistent with the cursor's snapshot.
    fn newest_first(
        conn: &mut DbConnection,
        filter: &Self::Filter,
        scope: ReadScope,
        cursor: &SnapshotCursor<TimeKey>,
        limit: usize,
    ) -> Result<Vec<KeyedRow<TimeKey>>, ApiError>;

    /// The record, if `scope` may read it.
    fn find(
        conn: &mut DbConnection,
        id: Uuid,
        scope: ReadScope,
    ) -> Result<Option<StoredRecord>, ApiError>;

    /// Insert records (one, or many for a bulk load: a statement per table for all).
    fn insert(
        conn: &mut DbConnection,
        records: &[(&RecordColumns, &Self::Row)],
    ) -> Result<(), ApiError>;

    /// Overwrite the record if its stored version is still `expected_version`; false when
    /// a concurrent write got there first.
    fn update(
        conn: &mut DbConnection,
        record: &RecordColumns,
        row: &Self::Row,
        expected_version: i64,
    ) -> Result<bool, ApiError>;

    /// Save a version awaiting review (or a review transition) if the stored version is
    /// still `expected_version`: the columns, child rows and approved version stay.
    fn update_pending(
        conn: &mut DbConnection,
        pending: &PendingColumns,
        expected_version: i64,
    ) -> Result<bool, ApiError>;

    /// Delete the record (its child rows go with it) if its stored version is still
    /// `expected_version`; false otherwise.
    fn delete(conn: &mut DbConnection, id: Uuid, expected_version: i64) -> Result<bool, ApiError>;

    /// Give readers who may see only approved content (`scope`, for the records of
    /// `rows` it does not take part in) the approved representation of records whose
    /// current version awaits review.
    fn show_approved<K: ListKey>(
        conn: &mut DbConnection,
        scope: ReadScope,
        rows: &mut [KeyedRow<K>],
    ) -> Result<(), ApiError>;

    /// The representation of the record's approved version, if it has one.
    fn approved_representation(
        conn: &mut DbConnection,
        id: Uuid,
    ) -> Result<Option<String>, ApiError>;

    /// Records in review as `filter` asks, newest first, at most `limit + 1`.
    fn in_review(
        conn: &mut DbConnection,
        filter: &ReviewFilter,
        limit: usize,
    ) -> Result<Vec<ReviewRow>, ApiError>;

    /// How many records name `organisation` among their participants.
    fn count_with_participant(conn: &mut DbConnection, organisation: Uuid)
    -> Result<i64, ApiError>;
}

/// Each record's id with its row, for `insert_children!`.
pub fn with_ids<'a, R>(
    records: &'a [(&'a RecordColumns, &'a R)],
) -> impl Iterator<Item = (&'a str, &'a R)> {
    records
        .iter()
        .map(|(record, row)| (record.id.as_str(), *row))
}

/// Bind parameters one statement may carry: SQLite's default limit (since 3.32);
/// PostgreSQL's is 65,535.
pub const MAX_BIND_PARAMETERS: usize = 32_766;

/// Columns of the widest table: diesel's table limit without its `64-column-tables`
/// feature. Bounds the rows of a record table one statement inserts.
pub const MAX_COLUMNS: usize = 32;

/// Insert `$rows` (a `Vec` of value tuples of `$columns` columns each) into `$table`, in
/// as few statements as the bind-parameter limit allows. diesel's multi-backend
/// connection has no batch insert, so it runs on the concrete connection. An empty `Vec`
/// inserts nothing.
macro_rules! insert_rows {
    ($conn:expr, $table:expr, $rows:expr, $columns:expr) => {{
        let mut rows = $rows;
        let per_statement = $crate::store::records::MAX_BIND_PARAMETERS / $columns;
        (|| -> Result<usize, diesel::result::Error> {
            let mut inserted = 0;
            while !rows.is_empty() {
                let rest = rows.split_off(rows.len().min(per_statement));
                let statement =
                    diesel::insert_into($table).values(std::mem::replace(&mut rows, rest));
                inserted += match $conn {
                    $crate::db::DbConnection::Sqlite(c) => statement.execute(c)?,
                    $crate::db::DbConnection::Postgres(c) => statement.execute(c)?,
                };
            }
            Ok(inserted)
        })()
    }};
}

pub(crate) use insert_rows;

/// Insert the child rows of records into `$table`: for each `($id, $parent)` of
/// `$parents`, one row per item of `$items` (which may use `$parent`), with
/// `$record_id = $id`, its `position` in the list and the columns given for it. The
/// `let`s are evaluated once per parent (per-record state, such as what was seen before).
/// One statement for all the parents (bulk loads) as for one.
macro_rules! insert_children {
    (
        $conn:expr, $table:ident . $record_id:ident,
        for ($id:ident, $parent:ident) in $parents:expr => $items:expr,
        $(let $var:pat = $init:expr;)*
        |$item:pat_param| { $($column:ident: $value:expr),+ $(,)? }
    ) => {{
        use $crate::schema::$table as child;
        const COLUMNS: usize = 2 + [$(stringify!($column)),+].len();
        let rows: Vec<_> = ($parents)
            .into_iter()
            .flat_map(|($id, $parent)| {
                $(let $var = $init;)*
                (0..).zip($items).map(move |(position, $item)| {
                    (
                        child::$record_id.eq($id),
                        child::position.eq(position),
                        $(child::$column.eq($value)),+
                    )
                })
            })
            .collect();
        $crate::store::records::insert_rows!($conn, child::table, rows, COLUMNS)
    }};
}

pub(crate) use insert_children;

/// Delete the child rows of record `$id` from each `$table` (keyed by `$record_id`).
macro_rules! delete_children {
    ($conn:expr, $id:expr, $($table:ident . $record_id:ident),+ $(,)?) => {{
        $(
            diesel::delete(
                $crate::schema::$table::table.filter($crate::schema::$table::$record_id.eq($id)),
            )
            .execute($conn)?;
        )+
        Ok(())
    }};
}

pub(crate) use delete_children;

/// Implement [`RecordTable`] for the table `$table`, whose participating organisations are
/// listed in `$parties` (keyed by `$record_id`) and whose list is `$filtered(filter, scope)`
/// (a boxed query over the table).
macro_rules! record_table {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident {
            table: $table:ident,
            kind: $kind:literal,
            participants: $parties:ident . $record_id:ident,
            row: $row:ty,
            filter: $filter:ty => $filtered:path $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis struct $name;

        impl $crate::store::records::RecordTable for $name {
            const KIND: &'static str = $kind;
            type Row = $row;
            type Filter = $filter;

            fn newest_first(
                conn: &mut $crate::db::DbConnection,
                filter: &$filter,
                scope: $crate::store::visibility::ReadScope,
                cursor: &$crate::store::snapshot::SnapshotCursor<$crate::store::snapshot::TimeKey>,
                limit: usize,
            ) -> Result<
                Vec<$crate::store::snapshot::KeyedRow<$crate::store::snapshot::TimeKey>>,
                $crate::error::ApiError,
            > {
                use diesel::prelude::*;
                use $crate::schema::$table as t;
                use $crate::store::snapshot::{self, TimeKey, merge};
                let query = || $filtered(filter, scope);

                let mut unchanged = query().filter(t::last_change_seq.le(cursor.snapshot));
                if let Some(TimeKey { updated_at, id }) = &cursor.after {
                    unchanged = unchanged.filter(
                        // `(updated_at, id) < (u, i)` written so that its first term bounds
                        // the index range (an OR alone makes SQLite scan from the top).
                        t::updated_at
                            .le(*updated_at)
                            .and(t::updated_at.lt(*updated_at).or(t::id.lt(id.clone()))),
                    );
                }
                let unchanged: Vec<(String, String, chrono::NaiveDateTime)> = unchanged
                    .order((t::updated_at.desc(), t::id.desc()))
                    .limit(limit as i64 + 1)
                    .select((t::id, t::representation, t::updated_at))
                    .load(conn)?;
                // Records that existed at the snapshot, match, and changed since: found
                // by the `last_change_seq` index (usually none), placed where they stood.
                let moved_ids = snapshot::moved_since(cursor, || {
                    query()
                        .filter(t::last_change_seq.gt(cursor.snapshot))
                        .filter(t::created_seq.le(cursor.snapshot))
                        .select(t::id)
                        .load(conn)
                })?;
                let positions = snapshot::first_positions(&moved_ids, limit, |ids| {
                    snapshot::newest_first_then(conn, $kind, ids, cursor, limit)
                })?;
                let representations = t::table
                    .filter(t::id.eq_any(positions.iter().map(|key| &key.id)))
                    .select((t::id, t::representation))
                    .load(conn)?;
                let moved = snapshot::at_positions(positions, representations);
                let unchanged = unchanged
                    .into_iter()
                    .map(|(id, representation, updated_at)| {
                        (representation, TimeKey { updated_at, id })
                    })
                    .collect();
                let mut page = merge(unchanged, moved, cursor.after.as_ref(), limit);
                Self::show_approved(conn, scope, &mut page)?;
                Ok(page)
            }

            fn find(
                conn: &mut $crate::db::DbConnection,
                id: uuid::Uuid,
                scope: $crate::store::visibility::ReadScope,
            ) -> Result<Option<$crate::store::records::StoredRecord>, $crate::error::ApiError> {
                use diesel::prelude::*;
                use $crate::schema::$table as t;
                use $crate::store::visibility::ReadScope;
                // The approved representation is read only for the callers who get it.
                let row: Option<(i64, String, Option<i64>)> = $crate::store::visibility::readable_by!(
                    t::table.filter(t::id.eq(id.to_string())), scope, $table, $parties.$record_id
                    => |q| q.select((t::version, t::representation, t::approved_version))
                        .first(conn)
                        .optional()
                )?;
                let Some((version, representation, approved_version)) = row else {
                    return Ok(None);
                };
                let current = $crate::store::records::StoredRecord { version, representation };
                let sees_current = match scope {
                    _ if approved_version == Some(version) => true,
                    ReadScope::All => true,
                    ReadScope::Public => false,
                    ReadScope::PublicOrParticipant(org) => diesel::select(diesel::dsl::exists(
                        $crate::schema::$parties::table
                            .filter($crate::schema::$parties::$record_id.eq(id.to_string()))
                            .filter($crate::schema::$parties::organisation_id.eq(org.to_string())),
                    ))
                    .get_result(conn)?,
                };
                if sees_current {
                    return Ok(Some(current));
                }
                let approved: Option<String> = t::table
                    .filter(t::id.eq(id.to_string()))
                    .select(t::approved_representation)
                    .first(conn)?;
                Ok(Some(match (approved_version, approved) {
                    (Some(version), Some(representation)) => {
                        $crate::store::records::StoredRecord { version, representation }
                    }
                    _ => current,
                }))
            }

            fn insert(
                conn: &mut $crate::db::DbConnection,
                records: &[(&$crate::store::records::RecordColumns, &$row)],
            ) -> Result<(), $crate::error::ApiError> {
                use diesel::prelude::*;
                use $crate::schema::$table as t;
                use $crate::store::records::RecordRow;
                let rows: Vec<_> = records
                    .iter()
                    .map(|(record, row)| {
                        (
                            t::id.eq(&record.id),
                            t::visibility.eq(record.visibility),
                            t::search_text.eq(&record.search_text),
                            t::representation.eq(&record.representation),
                            t::version.eq(record.version),
                            t::created_seq.eq(record.seq),
                            t::last_change_seq.eq(record.seq),
                            t::created_at.eq(record.created_at),
                            t::updated_at.eq(record.updated_at),
                            t::created_by.eq(&record.created_by),
                            t::updated_by.eq(&record.updated_by),
                            t::review_status.eq(record.review_status),
                            t::approved_version.eq(record.approved.then_some(record.version)),
                            t::approved_representation
                                .eq(record.approved.then_some(&record.representation)),
                            &row.columns,
                        )
                    })
                    .collect();
                $crate::store::records::insert_rows!(
                    conn,
                    t::table,
                    rows,
                    $crate::store::records::MAX_COLUMNS
                )?;
                <$row>::insert_children(conn, records)
            }

            fn update(
                conn: &mut $crate::db::DbConnection,
                record: &$crate::store::records::RecordColumns,
                row: &$row,
                expected_version: i64,
            ) -> Result<bool, $crate::error::ApiError> {
                use diesel::prelude::*;
                use $crate::schema::$table as t;
                use $crate::store::records::RecordRow;
                let target = || {
                    t::table
                        .filter(t::id.eq(&record.id))
                        .filter(t::version.eq(expected_version))
                };
                let set = (
                    t::visibility.eq(record.visibility),
                    t::search_text.eq(&record.search_text),
                    t::representation.eq(&record.representation),
                    t::version.eq(record.version),
                    t::last_change_seq.eq(record.seq),
                    t::updated_at.eq(record.updated_at),
                    t::updated_by.eq(&record.updated_by),
                    t::review_status.eq(record.review_status),
                    &row.columns,
                );
                let updated = if record.approved {
                    diesel::update(target())
                        .set((
                            set,
                            t::approved_version.eq(Some(record.version)),
                            t::approved_representation.eq(Some(&record.representation)),
                        ))
                        .execute(conn)?
                } else {
                    diesel::update(target()).set(set).execute(conn)?
                };
                if updated == 0 {
                    return Ok(false);
                }
                <$row>::delete_children(conn, &record.id)?;
                <$row>::insert_children(conn, &[(record, row)])?;
                Ok(true)
            }

            fn delete(
                conn: &mut $crate::db::DbConnection,
                id: uuid::Uuid,
                expected_version: i64,
            ) -> Result<bool, $crate::error::ApiError> {
                use diesel::prelude::*;
                use $crate::schema::$table as t;
                // Child rows go by ON DELETE CASCADE.
                let deleted = diesel::delete(
                    t::table
                        .filter(t::id.eq(id.to_string()))
                        .filter(t::version.eq(expected_version)),
                )
                .execute(conn)?;
                Ok(deleted == 1)
            }

            fn update_pending(
                conn: &mut $crate::db::DbConnection,
                pending: &$crate::store::records::PendingColumns,
                expected_version: i64,
            ) -> Result<bool, $crate::error::ApiError> {
                use diesel::prelude::*;
                use $crate::schema::$table as t;
                let updated = diesel::update(
                    t::table
                        .filter(t::id.eq(&pending.id))
                        .filter(t::version.eq(expected_version)),
                )
                .set((
                    t::representation.eq(&pending.representation),
                    t::version.eq(pending.version),
                    t::last_change_seq.eq(pending.seq),
                    t::updated_at.eq(pending.updated_at),
                    t::updated_by.eq(&pending.updated_by),
                    t::review_status.eq(pending.review_status),
                ))
                .execute(conn)?;
                Ok(updated == 1)
            }

            fn show_approved<K: $crate::store::snapshot::ListKey>(
                conn: &mut $crate::db::DbConnection,
                scope: $crate::store::visibility::ReadScope,
                rows: &mut [$crate::store::snapshot::KeyedRow<K>],
            ) -> Result<(), $crate::error::ApiError> {
                use diesel::prelude::*;
                use $crate::schema::$table as t;
                use $crate::store::visibility::ReadScope;
                if scope == ReadScope::All || rows.is_empty() {
                    return Ok(());
                }
                let ids: Vec<&str> = rows.iter().map(|(_, key)| key.id()).collect();
                // Usually none: the records of the page whose current version awaits review.
                let pending: Vec<(String, Option<String>)> = t::table
                    .filter(t::id.eq_any(&ids))
                    .filter(
                        t::approved_version
                            .is_null()
                            .or(t::approved_version.ne(t::version.nullable())),
                    )
                    .select((t::id, t::approved_representation))
                    .load(conn)?;
                if pending.is_empty() {
                    return Ok(());
                }
                let mut approved: std::collections::HashMap<String, Option<String>> =
                    pending.into_iter().collect();
                if let ReadScope::PublicOrParticipant(org) = scope {
                    let taking_part: Vec<String> = $crate::schema::$parties::table
                        .filter($crate::schema::$parties::$record_id.eq_any(approved.keys()))
                        .filter($crate::schema::$parties::organisation_id.eq(org.to_string()))
                        .select($crate::schema::$parties::$record_id)
                        .load(conn)?;
                    for id in taking_part {
                        approved.remove(&id);
                    }
                }
                for (representation, key) in rows.iter_mut() {
                    if let Some(Some(shown)) = approved.remove(key.id()) {
                        *representation = shown;
                    }
                }
                Ok(())
            }

            fn approved_representation(
                conn: &mut $crate::db::DbConnection,
                id: uuid::Uuid,
            ) -> Result<Option<String>, $crate::error::ApiError> {
                use diesel::prelude::*;
                use $crate::schema::$table as t;
                let stored: Option<Option<String>> = t::table
                    .filter(t::id.eq(id.to_string()))
                    .select(t::approved_representation)
                    .first(conn)
                    .optional()?;
                Ok(stored.flatten())
            }

            fn in_review(
                conn: &mut $crate::db::DbConnection,
                filter: &$crate::store::records::ReviewFilter,
                limit: usize,
            ) -> Result<Vec<$crate::store::records::ReviewRow>, $crate::error::ApiError> {
                use diesel::prelude::*;
                use $crate::schema::$table as t;
                let mut query = t::table
                    .filter(t::review_status.eq_any(&filter.statuses))
                    .into_boxed();
                if let Some(org) = filter.organisation {
                    query = query.filter(diesel::dsl::exists(
                        $crate::schema::$parties::table
                            .filter($crate::schema::$parties::$record_id.eq(t::id))
                            .filter($crate::schema::$parties::organisation_id.eq(org.to_string())),
                    ));
                }
                if let Some($crate::store::snapshot::TimeKey { updated_at, id }) = &filter.after {
                    query = query.filter(
                        // `(updated_at, id) < (u, i)` written so that its first term bounds
                        // the index range (an OR alone makes SQLite scan from the top).
                        t::updated_at
                            .le(*updated_at)
                            .and(t::updated_at.lt(*updated_at).or(t::id.lt(id.clone()))),
                    );
                }
                let rows: Vec<(String, String, i64, Option<i64>, chrono::NaiveDateTime, String)> = query
                    .order((t::updated_at.desc(), t::id.desc()))
                    .limit(limit as i64 + 1)
                    .select((t::id, t::review_status, t::version, t::approved_version, t::updated_at, t::updated_by))
                    .load(conn)?;
                Ok(rows
                    .into_iter()
                    .map(|(id, review_status, version, approved_version, updated_at, updated_by)| {
                        $crate::store::records::ReviewRow {
                            id, review_status, version, approved_version, updated_at, updated_by,
                        }
                    })
                    .collect())
            }

            fn count_with_participant(
                conn: &mut $crate::db::DbConnection,
                organisation: uuid::Uuid,
            ) -> Result<i64, $crate::error::ApiError> {
                use diesel::prelude::*;
                use $crate::schema::$parties as p;
                Ok(p::table
                    .filter(p::organisation_id.eq(organisation.to_string()))
                    .select(diesel::dsl::count(p::$record_id).aggregate_distinct())
                    .first(conn)?)
            }
        }
    };
}

pub(crate) use record_table;
