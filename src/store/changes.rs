//! Storage of change records.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::DbConnection;
use crate::schema::changes;
use crate::store::StoreError;
use crate::store::parse_uuid;
use crate::store::visibility::{Audience, PUBLIC, ReadScope};

/// The action of a delete, as stored.
pub const DELETE: &str = "delete";

// None is NULL, not DEFAULT: the statement's text is then the same for every change, so
// PostgreSQL keeps it prepared, and many changes go in one statement.
#[derive(Insertable)]
#[diesel(table_name = changes, treat_none_as_null = true, treat_none_as_default_value = false)]
struct NewChangeRow<'a> {
    resource: &'a str,
    record_id: &'a str,
    action: &'a str,
    version: i64,
    actor: &'a str,
    actor_organisation_id: Option<String>,
    at: NaiveDateTime,
    changed_fields: String,
    audience: &'a str,
    previous_audience: Option<&'a str>,
    comment: Option<&'a str>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = changes)]
struct ChangeRow {
    seq: i64,
    resource: String,
    record_id: String,
    action: String,
    version: i64,
    actor: String,
    actor_organisation_id: Option<String>,
    at: NaiveDateTime,
    changed_fields: String,
    audience: String,
    comment: Option<String>,
}

/// A change as stored.
#[derive(Debug, Clone)]
pub struct StoredChange {
    pub seq: i64,
    /// The kind of record (`project`, ...).
    pub resource: String,
    pub record_id: Uuid,
    /// `create`, `update` or `delete`.
    pub action: String,
    pub version: i64,
    pub actor: String,
    pub actor_organisation_id: Option<Uuid>,
    pub at: NaiveDateTime,
    pub changed_fields: Vec<String>,
    /// A review transition's comment.
    pub comment: Option<String>,
}

impl ChangeRow {
    fn into_stored(self) -> Result<StoredChange, StoreError> {
        let changed_fields = serde_json::from_str(&self.changed_fields)
            .map_err(|_| StoreError::corrupt(format!("change {}: bad changed_fields", self.seq)))?;
        Ok(StoredChange {
            seq: self.seq,
            resource: self.resource,
            record_id: parse_uuid(&self.record_id)?,
            action: self.action,
            version: self.version,
            actor: self.actor,
            actor_organisation_id: self
                .actor_organisation_id
                .as_deref()
                .map(parse_uuid)
                .transpose()?,
            at: self.at,
            changed_fields,
            comment: self.comment,
        })
    }
}

/// What a write appends.
pub struct NewChange<'a> {
    /// The kind of record.
    pub resource: &'static str,
    pub record_id: Uuid,
    /// `create`, `update` or `delete`.
    pub action: &'static str,
    pub version: i64,
    /// Who made the change (a token's `sub`) and the organisation it acted for.
    pub actor: &'a str,
    pub actor_organisation_id: Option<Uuid>,
    pub at: NaiveDateTime,
    pub changed_fields: Vec<String>,
    /// Who may read the record after the change (for a delete: who could before).
    pub audience: Audience,
    /// Who could read it before (updates only).
    pub previous_audience: Option<Audience>,
    /// A review transition's comment.
    pub comment: Option<String>,
}

// Writes run in parallel on PostgreSQL. Where a write relies on what it read of another
// record until it commits, it holds that record for the rest of its transaction with an
// advisory lock on the record's id (hashed with this schema's change sequence, migration
// 000025: two ids that collide only wait for each other, and two schemas of one database
// never do), in one key space per purpose. These take no transaction id, so they may come
// before the change records (see `append`). SQLite has one writer: they do nothing there.

/// References: a write that refers to record `id` holds it against a delete (many writes
/// may refer to one record at once), so that the reference checked is still there at
/// commit.
const REFERENCES: i32 = 7_245_102;
/// A project's results and dates: each bounds the other.
const RESULTS: i32 = 7_245_103;

/// While a write refers to record `id`: it is not deleted meanwhile.
pub fn hold_reference(conn: &mut DbConnection, id: Uuid) -> Result<(), StoreError> {
    hold(conn, REFERENCES, id, "pg_advisory_xact_lock_shared")
}

/// Before a delete reads what refers to record `id`: a write referring to it at this
/// moment commits first (and is found), or waits and finds the record gone.
pub fn hold_unreferenced(conn: &mut DbConnection, id: Uuid) -> Result<(), StoreError> {
    hold(conn, REFERENCES, id, "pg_advisory_xact_lock")
}

/// Before a save of project `id`'s results reads the project's dates: an edit of the
/// project at this moment commits first, or waits and sees these results.
pub fn hold_results(conn: &mut DbConnection, id: Uuid) -> Result<(), StoreError> {
    hold(conn, RESULTS, id, "pg_advisory_xact_lock")
}

/// Before an edit of project `id` reads the periods of its results (they bound its dates).
/// Edits of one project do not wait for each other (their versions decide).
pub fn hold_dates(conn: &mut DbConnection, id: Uuid) -> Result<(), StoreError> {
    hold(conn, RESULTS, id, "pg_advisory_xact_lock_shared")
}

fn hold(conn: &mut DbConnection, space: i32, id: Uuid, function: &str) -> Result<(), StoreError> {
    if let DbConnection::Postgres(pg) = conn {
        diesel::sql_query(format!("SELECT {function}($1, ssc_record_key($2))"))
            .bind::<diesel::sql_types::Integer, _>(space)
            .bind::<diesel::sql_types::Text, _>(id.to_string())
            .execute(pg)?;
    }
    Ok(())
}

/// Append a change record and return its `seq`. Call inside the write's transaction,
/// before the transaction writes anything else (PostgreSQL refuses otherwise).
///
/// Writers run in parallel, and on PostgreSQL commit in any order: seq 8 may be visible
/// before seq 7. So that a feed reader never skips 7, each appending transaction takes
/// its transaction id and its `seq`s together, under a lock held only for that moment
/// (migration 000013's trigger); readers stop below a `seq` that a transaction still in
/// progress may hold ([`latest_seq`]). SQLite has one writer: `seq` order is commit order.
pub fn append(conn: &mut DbConnection, change: NewChange<'_>) -> Result<i64, StoreError> {
    let seqs = append_many(conn, std::slice::from_ref(&change))?;
    seqs.first()
        .copied()
        .ok_or_else(|| StoreError::corrupt("no change appended"))
}

/// Append the change records of writes to different records (many for a bulk load) as
/// `append` does, in as few statements as the bind-parameter limit allows; returns their
/// `seq`s in order. Each change also goes into the webhooks' outbox, in the same
/// transaction, so that no committed change is left undelivered.
pub fn append_many(
    conn: &mut DbConnection,
    new_changes: &[NewChange<'_>],
) -> Result<Vec<i64>, StoreError> {
    let seqs = insert_change_rows(conn, new_changes)?;
    // On PostgreSQL a trigger puts each change in the outbox (migration 000030), in the
    // statement that appends it: a round trip fewer per write.
    if let (Some(first), DbConnection::Sqlite(_)) = (new_changes.first(), &conn) {
        crate::store::webhook_deliveries::enqueue(conn, &seqs, first.at)?;
    }
    Ok(seqs)
}

fn insert_change_rows(
    conn: &mut DbConnection,
    new_changes: &[NewChange<'_>],
) -> Result<Vec<i64>, StoreError> {
    let record_ids: Vec<String> = new_changes
        .iter()
        .map(|c| c.record_id.to_string())
        .collect();
    let mut distinct = std::collections::HashSet::with_capacity(record_ids.len());
    if let Some(repeated) = record_ids.iter().find(|id| !distinct.insert(*id)) {
        return Err(StoreError::corrupt(format!(
            "two changes of record {repeated} in one append_many"
        )));
    }
    // RETURNING is per backend (diesel's MultiConnection does not offer it).
    if let ([change], [record_id]) = (new_changes, record_ids.as_slice()) {
        // One change (every write through the API): a single-row statement, whose text
        // never varies, so PostgreSQL keeps it prepared.
        let insert = diesel::insert_into(changes::table)
            .values(NewChangeRow::of(change, record_id))
            .returning(changes::seq);
        return Ok(vec![match conn {
            DbConnection::Sqlite(c) => insert.get_result(c)?,
            DbConnection::Postgres(c) => insert.get_result(c)?,
        }]);
    }
    // Many changes: the transaction keeps the order lock until it commits, so that its
    // `seq`s are drawn together whatever the statements.
    if let DbConnection::Postgres(pg) = conn {
        diesel::sql_query("SELECT ssc_hold_change_order()").execute(pg)?;
    }
    let mut seqs = std::collections::HashMap::with_capacity(new_changes.len());
    let per_statement = crate::store::batch::MAX_BIND_PARAMETERS / 11;
    for (chunk, ids) in new_changes
        .chunks(per_statement)
        .zip(record_ids.chunks(per_statement))
    {
        let rows: Vec<NewChangeRow> = chunk
            .iter()
            .zip(ids)
            .map(|(change, id)| NewChangeRow::of(change, id))
            .collect();
        let insert = diesel::insert_into(changes::table)
            .values(rows)
            .returning((changes::record_id, changes::seq));
        let inserted: Vec<(String, i64)> = match conn {
            DbConnection::Sqlite(c) => insert.get_results(c)?,
            DbConnection::Postgres(c) => insert.get_results(c)?,
        };
        seqs.extend(inserted);
    }
    // RETURNING's order is unspecified: each seq is found by its record.
    record_ids
        .iter()
        .map(|id| {
            seqs.remove(id)
                .ok_or_else(|| StoreError::corrupt(format!("no change appended for {id}")))
        })
        .collect()
}

/// The statement that appends one change (PostgreSQL), `RETURNING seq`, for a statement
/// that writes the record with it (a `WITH change AS (…)`: see
/// `record_table::insert_created`). Its text is fixed, as `append`'s. Like `append`, the
/// statement it goes in must be the transaction's first write.
pub fn append_statement<'a>(
    change: &'a NewChange<'_>,
    record_id: &'a str,
) -> impl diesel::query_builder::QueryFragment<diesel::pg::Pg> + 'a {
    diesel::insert_into(changes::table)
        .values(NewChangeRow::of(change, record_id))
        .returning(changes::seq)
}

impl<'a> NewChangeRow<'a> {
    fn of(change: &'a NewChange<'_>, record_id: &'a str) -> Self {
        NewChangeRow {
            resource: change.resource,
            record_id,
            action: change.action,
            version: change.version,
            actor: change.actor,
            actor_organisation_id: change.actor_organisation_id.map(|o| o.to_string()),
            at: change.at,
            changed_fields: serde_json::to_string(&change.changed_fields)
                .expect("field names serialise"),
            audience: &change.audience.0,
            previous_audience: change.previous_audience.as_ref().map(|a| a.0.as_str()),
            comment: change.comment.as_deref(),
        }
    }
}

/// The `seq` up to which the change feed is settled (0 before any change): every change
/// up to it is visible to this transaction, and none will appear below it later. With one
/// writer (SQLite) the latest change. On PostgreSQL a transaction still in progress may
/// hold a `seq` that is missing below a visible one: the horizon then stops below that
/// gap, until the transaction commits or rolls back (see `append`).
pub fn latest_seq(conn: &mut DbConnection) -> Result<i64, StoreError> {
    Ok(horizon(conn)?.seq)
}

/// Where the change feed stands for this transaction: [`latest_seq`], and how many
/// changes it sees beyond it (committed while an earlier one was still in progress).
/// Together they change whenever what a reader sees of the changes changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Horizon {
    pub seq: i64,
    pub beyond: i64,
}

// The horizon is computed by the database: `ssc_change_horizon()` (migration 000013),
// in PL/pgSQL so that its plan is kept by the session (planning the query took longer
// than running it), called through a statement diesel keeps prepared.
diesel::define_sql_function! {
    /// [seq, beyond] of [`Horizon`].
    fn ssc_change_horizon() -> diesel::sql_types::Array<diesel::sql_types::BigInt>;
}

/// [`latest_seq`] and what lies beyond it.
pub fn horizon(conn: &mut DbConnection) -> Result<Horizon, StoreError> {
    match conn {
        DbConnection::Postgres(pg) => {
            let horizon: Vec<i64> = diesel::select(ssc_change_horizon()).get_result(pg)?;
            match horizon[..] {
                [seq, beyond] => Ok(Horizon { seq, beyond }),
                _ => Err(StoreError::corrupt("ssc_change_horizon: not [seq, beyond]")),
            }
        }
        DbConnection::Sqlite(_) => {
            let seq: Option<i64> = changes::table
                .select(diesel::dsl::max(changes::seq))
                .first(conn)?;
            Ok(Horizon {
                seq: seq.unwrap_or(0),
                beyond: 0,
            })
        }
    }
}

/// The `seq` and time of the latest settled change ([`latest_seq`]), if there is one.
pub fn latest(conn: &mut DbConnection) -> Result<Option<(i64, chrono::NaiveDateTime)>, StoreError> {
    let seq = latest_seq(conn)?;
    Ok(changes::table
        .filter(changes::seq.le(seq))
        .order(changes::seq.desc())
        .select((changes::seq, changes::at))
        .first(conn)
        .optional()?)
}

/// The changes of one record that `scope` may see (those whose audience admits it: a
/// pending edit is for the record's participants and coordinators), in order, after
/// `after_seq`, at most `limit` (+1 to detect a further page).
pub fn for_record(
    conn: &mut DbConnection,
    resource: &str,
    record_id: Uuid,
    scope: ReadScope,
    after_seq: Option<i64>,
    limit: usize,
) -> Result<Vec<StoredChange>, StoreError> {
    let query = changes::table
        .filter(changes::record_id.eq(record_id.to_string()))
        .filter(changes::resource.eq(resource))
        .filter(changes::seq.gt(after_seq.unwrap_or(0)))
        .into_boxed();
    let query = match scope {
        ReadScope::All => query,
        ReadScope::Public => query.filter(changes::audience.eq(PUBLIC)),
        ReadScope::PublicOrParticipant(org) => query.filter(
            changes::audience
                .eq(PUBLIC)
                .or(changes::audience.like(format!("%{org}%"))),
        ),
    };
    let rows: Vec<ChangeRow> = query
        .order(changes::seq.asc())
        .limit(limit as i64 + 1)
        .select(ChangeRow::as_select())
        .load(conn)?;
    rows.into_iter().map(ChangeRow::into_stored).collect()
}

/// Every change of the records `ids` of kind `resource`, in order: what the review list
/// reads to say who put each record in review and when.
pub fn of_records(
    conn: &mut DbConnection,
    resource: &str,
    ids: Vec<String>,
) -> Result<Vec<StoredChange>, StoreError> {
    let rows: Vec<ChangeRow> = changes::table
        .filter(changes::resource.eq(resource))
        .filter(changes::record_id.eq_any(ids))
        .order(changes::seq.asc())
        .select(ChangeRow::as_select())
        .load(conn)?;
    rows.into_iter().map(ChangeRow::into_stored).collect()
}

/// The change feed: changes after `after_seq` up to [`latest_seq`] of the given kinds (all
/// when empty) that `scope` may see, in `seq` order, at most `limit + 1`. A change the caller sees only
/// through the record's previous audience (it took the record out of the caller's view)
/// is returned as a delete.
pub fn feed(
    conn: &mut DbConnection,
    scope: ReadScope,
    kinds: &[&str],
    after_seq: i64,
    limit: usize,
) -> Result<Vec<StoredChange>, StoreError> {
    let settled = latest_seq(conn)?;
    let mut query = changes::table
        .filter(changes::seq.gt(after_seq))
        .filter(changes::seq.le(settled))
        .into_boxed();
    if !kinds.is_empty() {
        query = query.filter(changes::resource.eq_any(kinds.to_vec()));
    }
    match scope {
        ReadScope::All => {}
        ReadScope::Public => {
            query = query.filter(
                changes::audience
                    .eq(PUBLIC)
                    .or(changes::previous_audience.eq(PUBLIC)),
            );
        }
        ReadScope::PublicOrParticipant(org) => {
            let member = format!("%{org}%");
            query = query.filter(
                changes::audience
                    .eq(PUBLIC)
                    .or(changes::audience.like(member.clone()))
                    .or(changes::previous_audience.eq(PUBLIC))
                    .or(changes::previous_audience.like(member)),
            );
        }
    }
    let rows: Vec<ChangeRow> = query
        .order(changes::seq.asc())
        .limit(limit as i64 + 1)
        .select(ChangeRow::as_select())
        .load(conn)?;
    rows.into_iter()
        .map(|row| {
            let visible_now = Audience(row.audience.clone()).admits(scope);
            let mut change = row.into_stored()?;
            if !visible_now {
                change.action = DELETE.to_owned();
                change.changed_fields = Vec::new();
            }
            Ok(change)
        })
        .collect()
}
