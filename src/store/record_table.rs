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
//! `approved_representation` is stored only while it differs from `representation`
//! (NULL when the current version is the approved one): a row holding the JSON twice
//! passed PostgreSQL's TOAST threshold, so every write compressed it and every read
//! decompressed it (migration 000026).
//!
//! The logic is in the generic functions here ([`find`], [`newest_first`],
//! [`show_approved`], [`insert`], [`update`], ...). What they need of one table is
//! [`RecordTable`]: single typed queries, which `record_table!` writes for a table from its
//! name (diesel's query types differ per table, so one generic function cannot name them).

use std::collections::HashMap;

use chrono::NaiveDateTime;
use uuid::Uuid;

use crate::db::DbConnection;
use crate::store::StoreError;
use crate::store::changes::NewChange;
use crate::store::fixed_sql::{FixedSql, SqlExpression};
use crate::store::snapshot::{self, KeyedRow, ListKey, RowsAt, SnapshotCursor, TimeKey};
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
    /// The current version as the API returns it (its code and title name it in the list).
    pub representation: String,
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
    ) -> Result<(), StoreError>;

    /// Remove the child rows of record `id`, before an update writes the new ones.
    fn delete_children(conn: &mut DbConnection, id: &str) -> Result<(), StoreError>;

    /// Whether [`RecordRow::children_at_once`] writes them.
    const CHILDREN_AT_ONCE: bool = false;

    /// The child rows of one record (PostgreSQL) in one statement of fixed text, after
    /// `head`: a `WITH` whose `change` holds the write's `seq` and whose `record` holds
    /// the record's `id`, ending with a comma. The statement returns `seq`. `None`: the
    /// kind writes its child rows a statement per table (`insert_children`).
    fn children_at_once<'a>(
        _head: FixedSql<'a>,
        _record: &'a RecordColumns,
        _row: &'a Self,
    ) -> Option<FixedSql<'a>> {
        None
    }
}

/// The `seq` a statement of [`RecordRow::children_at_once`] returns.
#[derive(diesel::QueryableByName)]
struct DrawnSeq {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    seq: i64,
}

/// The columns of a new record's row, its `seq` columns set to `$seq` (the change's own
/// number, or the `seq` drawn by the same statement): written once for the bulk insert
/// and the one-statement create of `record_table!`. A macro because the value tuple's
/// type depends on the table and on `$seq`'s expression type.
macro_rules! new_record_values {
    ($t:ident, $record:expr, $row:expr, $seq:expr) => {
        (
            $t::id.eq(&$record.id),
            $t::visibility.eq($record.visibility),
            $t::search_text.eq(&$record.search_text),
            $t::representation.eq(&$record.representation),
            $t::version.eq($record.version),
            $t::created_seq.eq($seq),
            $t::last_change_seq.eq($seq),
            $t::created_at.eq($record.created_at),
            $t::updated_at.eq($record.updated_at),
            $t::created_by.eq(&$record.created_by),
            $t::updated_by.eq(&$record.updated_by),
            $t::review_status.eq($record.review_status),
            $t::approved_version.eq($record.approved.then_some($record.version)),
            // NULL: the same as `representation`, or none approved.
            $t::approved_representation.eq(None::<String>),
            &$row.columns,
        )
    };
}
pub(crate) use new_record_values;

/// What `insert_after_change`'s row takes for its `seq` columns: the `seq` drawn by the
/// `change` of the same statement.
pub fn seq_of_change() -> SqlExpression<diesel::sql_types::BigInt> {
    SqlExpression::new("(SELECT seq FROM change)")
}

/// One cooperation record table: the typed queries the generic functions of this module
/// are made of. Implemented by `record_table!`.
pub trait RecordTable {
    /// The records' name in the change feed (`changes.resource`).
    const KIND: &'static str;
    type Row: RecordRow;
    /// The list's filters, checked.
    type Filter: Clone + Send + Sync + 'static;

    /// Up to `limit + 1` records matching `filter` that `scope` may read and that did not
    /// change since the cursor's snapshot, after its position, newest first: (id,
    /// representation, updated_at).
    fn unchanged_page(
        conn: &mut DbConnection,
        filter: &Self::Filter,
        scope: ReadScope,
        cursor: &SnapshotCursor<TimeKey>,
        limit: usize,
    ) -> Result<Vec<(String, String, NaiveDateTime)>, StoreError>;

    /// PostgreSQL only: up to `limit + 1` records matching `filter` that `scope` may read,
    /// newest first, in one statement, each with that statement's change horizon (see
    /// [`newest_first_at_once`]).
    fn first_page_with_horizon(
        conn: &mut DbConnection,
        filter: &Self::Filter,
        scope: ReadScope,
        limit: usize,
    ) -> diesel::QueryResult<Vec<FirstPageRow>>;

    /// The ids of the records matching `filter` that `scope` may read, existing at the
    /// snapshot `snapshot` and changed since.
    fn moved_since(
        conn: &mut DbConnection,
        filter: &Self::Filter,
        scope: ReadScope,
        snapshot: i64,
    ) -> diesel::QueryResult<Vec<String>>;

    /// (id, representation) of the records `ids`.
    fn representations(
        conn: &mut DbConnection,
        ids: &[String],
    ) -> Result<Vec<(String, String)>, StoreError>;

    /// (version, representation, approved version) of record `id`, if `scope` may read it.
    fn current(
        conn: &mut DbConnection,
        id: Uuid,
        scope: ReadScope,
    ) -> Result<Option<(i64, String, Option<i64>)>, StoreError>;

    /// [`RecordTable::current`] of many records at once (those `scope` may read among
    /// `ids`, each with its id): one statement for the point reads gathered by
    /// `db::point_reads`.
    fn current_many(
        conn: &mut DbConnection,
        ids: &[String],
        scope: ReadScope,
    ) -> Result<Vec<CurrentRow>, StoreError>;

    /// The records among `ids` in which `organisation` takes part.
    fn taking_part(
        conn: &mut DbConnection,
        ids: &[&str],
        organisation: Uuid,
    ) -> Result<Vec<String>, StoreError>;

    /// The records among `ids` whose current version awaits review, each with its approved
    /// representation (none if never approved).
    fn awaiting_review(
        conn: &mut DbConnection,
        ids: &[&str],
    ) -> Result<Vec<(String, Option<String>)>, StoreError>;

    /// The representation of the record's approved version, if it has one.
    fn approved_representation(
        conn: &mut DbConnection,
        id: Uuid,
    ) -> Result<Option<String>, StoreError>;

    /// Insert the records' rows (shared and own columns; their child rows are
    /// [`insert`]'s), in as few statements as the bind-parameter limit allows.
    fn insert_rows(
        conn: &mut DbConnection,
        records: &[(&RecordColumns, &Self::Row)],
    ) -> Result<(), StoreError>;

    /// The single-row `INSERT` of a new record (PostgreSQL) whose `seq` columns take the
    /// `seq` of the `change` appended in the same statement (`insert_created`).
    fn insert_after_change<'a>(
        record: &'a RecordColumns,
        row: &'a Self::Row,
    ) -> Box<dyn diesel::query_builder::QueryFragment<diesel::pg::Pg> + 'a>;

    /// Set the record's shared and own columns (and its approved version, when `record`
    /// is approved) if its stored version is still `expected_version`.
    fn set_columns(
        conn: &mut DbConnection,
        record: &RecordColumns,
        row: &Self::Row,
        expected_version: i64,
    ) -> Result<bool, StoreError>;

    /// Save a version awaiting review (or a review transition) if the stored version is
    /// still `expected_version`: the columns, child rows and approved version stay.
    fn update_pending(
        conn: &mut DbConnection,
        pending: &PendingColumns,
        expected_version: i64,
    ) -> Result<bool, StoreError>;

    /// Delete the record (its child rows go with it) if its stored version is still
    /// `expected_version`; false otherwise.
    fn delete(conn: &mut DbConnection, id: Uuid, expected_version: i64)
    -> Result<bool, StoreError>;

    /// Records in review as `filter` asks, newest first, at most `limit + 1`.
    fn in_review(
        conn: &mut DbConnection,
        filter: &ReviewFilter,
        limit: usize,
    ) -> Result<Vec<ReviewRow>, StoreError>;

    /// How many records name `organisation` among their participants.
    fn count_with_participant(
        conn: &mut DbConnection,
        organisation: Uuid,
    ) -> Result<i64, StoreError>;
}

/// One newest-first page (up to `limit + 1` rows, each with its key) of the records of
/// table `T` matching `filter` that `scope` may read, consistent with the cursor's
/// snapshot: records unchanged since are paged by their current key, records changed
/// since (usually none) are placed where they stood at the snapshot.
pub fn newest_first<T: RecordTable>(
    conn: &mut DbConnection,
    filter: &T::Filter,
    scope: ReadScope,
    cursor: &SnapshotCursor<TimeKey>,
    limit: usize,
) -> Result<Vec<KeyedRow<TimeKey>>, StoreError> {
    let unchanged = T::unchanged_page(conn, filter, scope, cursor, limit)?
        .into_iter()
        .map(|(id, representation, updated_at)| (representation, TimeKey { updated_at, id }))
        .collect();
    let moved_ids = snapshot::moved_since(cursor, || {
        T::moved_since(conn, filter, scope, cursor.snapshot)
    })?;
    let positions = snapshot::first_positions(&moved_ids, limit, |ids| {
        snapshot::newest_first_then(conn, T::KIND, ids, cursor, limit)
    })?;
    let ids: Vec<String> = positions.iter().map(|key| key.id.clone()).collect();
    let moved = snapshot::at_positions(positions, T::representations(conn, &ids)?);
    let mut page = snapshot::merge(unchanged, moved, cursor.after.as_ref(), limit);
    show_approved::<T, _>(conn, scope, &mut page)?;
    Ok(page)
}

diesel::define_sql_function! {
    /// PostgreSQL's `array_to_string`, for the horizon (an array) in a row of any backend.
    fn array_to_string(
        array: diesel::sql_types::Array<diesel::sql_types::BigInt>,
        separator: diesel::sql_types::Text,
    ) -> diesel::sql_types::Text;
}

/// A row of [`RecordTable::first_page_with_horizon`]: id, representation, version, approved
/// version and representation, updated_at, and the horizon as `seq,beyond`.
pub type FirstPageRow = (
    String,
    String,
    i64,
    Option<i64>,
    Option<String>,
    NaiveDateTime,
    Option<String>,
);

/// A first newest-first page (no cursor) of table `T` read in one statement, outside any
/// transaction, with the snapshot its cursor carries: on PostgreSQL, for readers of every
/// version or of approved ones only, when no change lies beyond the horizon (then no
/// record changed since it, and the page is the one [`newest_first`] reads in a read
/// transaction after asking for the horizon: one round trip instead of four). `None`
/// otherwise: the caller reads the page as [`newest_first`] does.
pub fn newest_first_at_once<T: RecordTable>(
    conn: &mut DbConnection,
    filter: &T::Filter,
    scope: ReadScope,
    limit: usize,
) -> Result<Option<RowsAt<TimeKey>>, StoreError> {
    if !matches!(conn, DbConnection::Postgres(_))
        || matches!(scope, ReadScope::PublicOrParticipant(_))
    {
        return Ok(None);
    }
    let rows = T::first_page_with_horizon(conn, filter, scope, limit)?;
    // An empty page or a last one carries no cursor: its snapshot is never used.
    let mut snapshot = 0;
    let mut page = Vec::with_capacity(rows.len());
    for (id, representation, version, approved_version, approved, updated_at, horizon) in rows {
        let (seq, beyond) = horizon
            .as_deref()
            .and_then(|horizon| horizon.split_once(','))
            .and_then(|(seq, beyond)| Some((seq.parse::<i64>().ok()?, beyond.parse::<i64>().ok()?)))
            .ok_or_else(|| StoreError::corrupt("ssc_change_horizon: not [seq, beyond]"))?;
        if beyond > 0 {
            return Ok(None);
        }
        snapshot = seq;
        // As `show_approved`: a reader of approved content sees the approved version of a
        // record whose current one awaits review.
        let shown = match (scope, approved) {
            (ReadScope::Public, Some(approved)) if approved_version != Some(version) => approved,
            _ => representation,
        };
        page.push((shown, TimeKey { updated_at, id }));
    }
    Ok(Some((snapshot, page)))
}

/// A record's id, version, representation and approved version (`current_many`).
pub type CurrentRow = (String, i64, String, Option<i64>);

/// Record `id` of table `T`, if `scope` may read it: its current version for readers of
/// every version (the directorate, the organisations taking part), else the approved one.
pub fn find<T: RecordTable>(
    conn: &mut DbConnection,
    id: Uuid,
    scope: ReadScope,
) -> Result<Option<StoredRecord>, StoreError> {
    let Some((version, representation, approved_version)) = T::current(conn, id, scope)? else {
        return Ok(None);
    };
    let current = StoredRecord {
        version,
        representation,
    };
    let sees_current = match scope {
        _ if approved_version == Some(version) => true,
        ReadScope::All => true,
        ReadScope::Public => false,
        ReadScope::PublicOrParticipant(org) => {
            !T::taking_part(conn, &[&id.to_string()], org)?.is_empty()
        }
    };
    if sees_current {
        return Ok(Some(current));
    }
    Ok(Some(
        match (approved_version, T::approved_representation(conn, id)?) {
            (Some(version), Some(representation)) => StoredRecord {
                version,
                representation,
            },
            _ => current,
        },
    ))
}

/// Give readers who may see only approved content (`scope`, for the records of `rows` it
/// does not take part in) the approved representation of records whose current version
/// awaits review.
pub fn show_approved<T: RecordTable, K: ListKey>(
    conn: &mut DbConnection,
    scope: ReadScope,
    rows: &mut [KeyedRow<K>],
) -> Result<(), StoreError> {
    if scope == ReadScope::All || rows.is_empty() {
        return Ok(());
    }
    let ids: Vec<&str> = rows.iter().map(|(_, key)| key.id()).collect();
    // Usually none: the records of the page whose current version awaits review.
    let pending = T::awaiting_review(conn, &ids)?;
    if pending.is_empty() {
        return Ok(());
    }
    let mut approved: HashMap<String, Option<String>> = pending.into_iter().collect();
    if let ReadScope::PublicOrParticipant(org) = scope {
        let ids: Vec<&str> = approved.keys().map(String::as_str).collect();
        for id in T::taking_part(conn, &ids, org)? {
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

/// Insert records of table `T` (one, or many for a bulk load: a statement per table for
/// all) with their child rows.
pub fn insert<T: RecordTable>(
    conn: &mut DbConnection,
    records: &[(&RecordColumns, &T::Row)],
) -> Result<(), StoreError> {
    T::insert_rows(conn, records)?;
    T::Row::insert_children(conn, records)
}

/// A new record's change record, row and child rows in one statement (PostgreSQL, a kind
/// whose child rows go in one: [`RecordRow::children_at_once`]), where appending the
/// change and then [`insert`] took three round trips; returns the change's `seq` (drawn
/// by the statement: `record.seq` is not read). `None`, having written nothing, when the
/// backend or the kind cannot: then append and insert as usual. Like
/// `changes::append`, it must be the transaction's first write.
pub fn insert_created<T: RecordTable>(
    conn: &mut DbConnection,
    change: &NewChange<'_>,
    record: &RecordColumns,
    row: &T::Row,
) -> Result<Option<i64>, StoreError> {
    let DbConnection::Postgres(pg) = conn else {
        return Ok(None);
    };
    let record_id = change.record_id.to_string();
    // The change first: the record's row reads its `seq`, and its child rows the row's
    // id, so that nothing is written before the change is appended.
    let head = FixedSql::new("WITH change AS (")
        .query(crate::store::changes::append_statement(change, &record_id))
        .sql("), record AS (")
        .query(T::insert_after_change(record, row))
        .sql("), ");
    let Some(statement) = T::Row::children_at_once(head, record, row) else {
        return Ok(None);
    };
    use diesel::RunQueryDsl;
    let drawn: DrawnSeq = statement.get_result(pg)?;
    Ok(Some(drawn.seq))
}

/// Overwrite a record of table `T` if its stored version is still `expected_version`,
/// its child rows with it; false when a concurrent write got there first.
pub fn update<T: RecordTable>(
    conn: &mut DbConnection,
    record: &RecordColumns,
    row: &T::Row,
    expected_version: i64,
) -> Result<bool, StoreError> {
    if !T::set_columns(conn, record, row, expected_version)? {
        return Ok(false);
    }
    T::Row::delete_children(conn, &record.id)?;
    T::Row::insert_children(conn, &[(record, row)])?;
    Ok(true)
}

/// Each record's id with its row, for `insert_children!`.
pub fn with_ids<'a, R>(
    records: &'a [(&'a RecordColumns, &'a R)],
) -> impl Iterator<Item = (&'a str, &'a R)> {
    records
        .iter()
        .map(|(record, row)| (record.id.as_str(), *row))
}

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

/// Implement [`RecordTable`] for the table `$table` (its typed queries), whose
/// participating organisations are listed in `$parties` (keyed by `$record_id`) and whose
/// list is `$filtered(filter, scope)` (a boxed query over the table).
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

        impl $crate::store::record_table::RecordTable for $name {
            const KIND: &'static str = $kind;
            type Row = $row;
            type Filter = $filter;

            fn unchanged_page(
                conn: &mut $crate::db::DbConnection,
                filter: &$filter,
                scope: $crate::store::visibility::ReadScope,
                cursor: &$crate::store::snapshot::SnapshotCursor<$crate::store::snapshot::TimeKey>,
                limit: usize,
            ) -> Result<Vec<(String, String, chrono::NaiveDateTime)>, $crate::store::StoreError> {
                use diesel::prelude::*;
                use $crate::schema::$table as t;
                let mut query = $filtered(filter, scope).filter(t::last_change_seq.le(cursor.snapshot));
                if let Some($crate::store::snapshot::TimeKey { updated_at, id }) = &cursor.after {
                    query = query.filter(
                        // `(updated_at, id) < (u, i)` written so that its first term bounds
                        // the index range (an OR alone makes SQLite scan from the top).
                        t::updated_at
                            .le(*updated_at)
                            .and(t::updated_at.lt(*updated_at).or(t::id.lt(id.clone()))),
                    );
                }
                Ok(query
                    .order((t::updated_at.desc(), t::id.desc()))
                    .limit(limit as i64 + 1)
                    .select((t::id, t::representation, t::updated_at))
                    .load(conn)?)
            }

            fn first_page_with_horizon(
                conn: &mut $crate::db::DbConnection,
                filter: &$filter,
                scope: $crate::store::visibility::ReadScope,
                limit: usize,
            ) -> diesel::QueryResult<Vec<$crate::store::record_table::FirstPageRow>> {
                use diesel::prelude::*;
                use $crate::schema::$table as t;
                // An uncorrelated subquery: evaluated once, in the statement's snapshot.
                // (Built of diesel's expressions, not SQL text, which diesel would parse
                // again on every call instead of keeping the statement prepared.)
                let horizon = diesel::select($crate::store::record_table::array_to_string(
                    $crate::store::changes::ssc_change_horizon(),
                    ",",
                ))
                .single_value();
                $filtered(filter, scope)
                    .order((t::updated_at.desc(), t::id.desc()))
                    .limit(limit as i64 + 1)
                    .select((
                        t::id,
                        t::representation,
                        t::version,
                        t::approved_version,
                        t::approved_representation,
                        t::updated_at,
                        horizon,
                    ))
                    .load(conn)
            }

            fn moved_since(
                conn: &mut $crate::db::DbConnection,
                filter: &$filter,
                scope: $crate::store::visibility::ReadScope,
                snapshot: i64,
            ) -> diesel::QueryResult<Vec<String>> {
                use diesel::prelude::*;
                use $crate::schema::$table as t;
                $filtered(filter, scope)
                    .filter(t::last_change_seq.gt(snapshot))
                    .filter(t::created_seq.le(snapshot))
                    .select(t::id)
                    .load(conn)
            }

            fn representations(
                conn: &mut $crate::db::DbConnection,
                ids: &[String],
            ) -> Result<Vec<(String, String)>, $crate::store::StoreError> {
                use diesel::prelude::*;
                use $crate::schema::$table as t;
                if ids.is_empty() {
                    return Ok(Vec::new());
                }
                Ok(t::table
                    .filter(t::id.eq_any(ids))
                    .select((t::id, t::representation))
                    .load(conn)?)
            }

            fn current(
                conn: &mut $crate::db::DbConnection,
                id: uuid::Uuid,
                scope: $crate::store::visibility::ReadScope,
            ) -> Result<Option<(i64, String, Option<i64>)>, $crate::store::StoreError> {
                use $crate::schema::$table as t;
                Ok($crate::store::visibility::readable_by!(
                    t::table.filter(t::id.eq(id.to_string())), scope, $table, $parties.$record_id
                    => |q| q.select((t::version, t::representation, t::approved_version))
                        .first(conn)
                        .optional()
                )?)
            }

            fn current_many(
                conn: &mut $crate::db::DbConnection,
                ids: &[String],
                scope: $crate::store::visibility::ReadScope,
            ) -> Result<Vec<$crate::store::record_table::CurrentRow>, $crate::store::StoreError> {
                use $crate::schema::$table as t;
                Ok($crate::store::visibility::readable_by!(
                    t::table.filter(t::id.eq_any(ids)), scope, $table, $parties.$record_id
                    => |q| q.select((t::id, t::version, t::representation, t::approved_version))
                        .load(conn)
                )?)
            }

            fn taking_part(
                conn: &mut $crate::db::DbConnection,
                ids: &[&str],
                organisation: uuid::Uuid,
            ) -> Result<Vec<String>, $crate::store::StoreError> {
                use diesel::prelude::*;
                use $crate::schema::$parties as p;
                if let [id] = ids {
                    // One record (a point read): a statement of its own static shape.
                    let takes_part: bool = diesel::select(diesel::dsl::exists(
                        p::table
                            .filter(p::$record_id.eq(*id))
                            .filter(p::organisation_id.eq(organisation.to_string())),
                    ))
                    .get_result(conn)?;
                    return Ok(if takes_part { vec![(*id).to_owned()] } else { Vec::new() });
                }
                Ok(p::table
                    .filter(p::$record_id.eq_any(ids))
                    .filter(p::organisation_id.eq(organisation.to_string()))
                    .select(p::$record_id)
                    .load(conn)?)
            }

            fn awaiting_review(
                conn: &mut $crate::db::DbConnection,
                ids: &[&str],
            ) -> Result<Vec<(String, Option<String>)>, $crate::store::StoreError> {
                use diesel::prelude::*;
                use $crate::schema::$table as t;
                Ok(t::table
                    .filter(t::id.eq_any(ids))
                    .filter(
                        t::approved_version
                            .is_null()
                            .or(t::approved_version.ne(t::version.nullable())),
                    )
                    .select((t::id, t::approved_representation))
                    .load(conn)?)
            }

            fn approved_representation(
                conn: &mut $crate::db::DbConnection,
                id: uuid::Uuid,
            ) -> Result<Option<String>, $crate::store::StoreError> {
                use diesel::prelude::*;
                use $crate::schema::$table as t;
                let stored: Option<(Option<i64>, i64, Option<String>, String)> = t::table
                    .filter(t::id.eq(id.to_string()))
                    .select((t::approved_version, t::version, t::approved_representation, t::representation))
                    .first(conn)
                    .optional()?;
                Ok(stored.and_then(|(approved_version, version, approved, current)| {
                    // None stored: the approved version is the current one, or there is none.
                    approved.or((approved_version == Some(version)).then_some(current))
                }))
            }

            fn insert_rows(
                conn: &mut $crate::db::DbConnection,
                records: &[(&$crate::store::record_table::RecordColumns, &$row)],
            ) -> Result<(), $crate::store::StoreError> {
                use diesel::prelude::*;
                use $crate::schema::$table as t;
                let rows: Vec<_> = records
                    .iter()
                    .map(|(record, row)| {
                        $crate::store::record_table::new_record_values!(t, record, row, record.seq)
                    })
                    .collect();
                $crate::store::batch::insert_rows!(
                    conn,
                    t::table,
                    rows,
                    $crate::store::batch::MAX_COLUMNS
                )?;
                Ok(())
            }

            fn insert_after_change<'a>(
                record: &'a $crate::store::record_table::RecordColumns,
                row: &'a $row,
            ) -> Box<dyn diesel::query_builder::QueryFragment<diesel::pg::Pg> + 'a> {
                use diesel::prelude::*;
                use $crate::schema::$table as t;
                use $crate::store::record_table::seq_of_change;
                Box::new(
                    diesel::insert_into(t::table)
                        .values($crate::store::record_table::new_record_values!(
                            t,
                            record,
                            row,
                            seq_of_change()
                        ))
                        .returning(t::id),
                )
            }

            fn set_columns(
                conn: &mut $crate::db::DbConnection,
                record: &$crate::store::record_table::RecordColumns,
                row: &$row,
                expected_version: i64,
            ) -> Result<bool, $crate::store::StoreError> {
                use diesel::prelude::*;
                use $crate::schema::$table as t;
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
                            t::approved_representation.eq(None::<String>),
                        ))
                        .execute(conn)?
                } else {
                    diesel::update(target()).set(set).execute(conn)?
                };
                Ok(updated == 1)
            }

            fn update_pending(
                conn: &mut $crate::db::DbConnection,
                pending: &$crate::store::record_table::PendingColumns,
                expected_version: i64,
            ) -> Result<bool, $crate::store::StoreError> {
                use diesel::prelude::*;
                use $crate::schema::$table as t;
                let updated = diesel::update(
                    t::table
                        .filter(t::id.eq(&pending.id))
                        .filter(t::version.eq(expected_version)),
                )
                .set((
                    // The approved version, if it was the current one until now, keeps its
                    // representation (the right side reads the row as it was).
                    t::approved_representation.eq(diesel::dsl::case_when(
                        t::approved_version.eq(t::version.nullable()),
                        t::representation.nullable(),
                    )
                    .otherwise(t::approved_representation)),
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

            fn delete(
                conn: &mut $crate::db::DbConnection,
                id: uuid::Uuid,
                expected_version: i64,
            ) -> Result<bool, $crate::store::StoreError> {
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

            fn in_review(
                conn: &mut $crate::db::DbConnection,
                filter: &$crate::store::record_table::ReviewFilter,
                limit: usize,
            ) -> Result<Vec<$crate::store::record_table::ReviewRow>, $crate::store::StoreError> {
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
                        t::updated_at
                            .le(*updated_at)
                            .and(t::updated_at.lt(*updated_at).or(t::id.lt(id.clone()))),
                    );
                }
                #[allow(clippy::type_complexity)]
                let rows: Vec<(String, String, i64, Option<i64>, chrono::NaiveDateTime, String, String)> = query
                    .order((t::updated_at.desc(), t::id.desc()))
                    .limit(limit as i64 + 1)
                    .select((t::id, t::review_status, t::version, t::approved_version, t::updated_at, t::updated_by, t::representation))
                    .load(conn)?;
                Ok(rows
                    .into_iter()
                    .map(|(id, review_status, version, approved_version, updated_at, updated_by, representation)| {
                        $crate::store::record_table::ReviewRow {
                            id, review_status, version, approved_version, updated_at, updated_by,
                            representation,
                        }
                    })
                    .collect())
            }

            fn count_with_participant(
                conn: &mut $crate::db::DbConnection,
                organisation: uuid::Uuid,
            ) -> Result<i64, $crate::store::StoreError> {
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
