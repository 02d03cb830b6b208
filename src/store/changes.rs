//! Storage of change records.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::DbConnection;
use crate::error::ApiError;
use crate::schema::changes;
use crate::store::parse_uuid;
use crate::store::visibility::{Audience, PUBLIC, ReadScope};

/// The action of a delete, as stored.
pub const DELETE: &str = "delete";

// None is NULL, not DEFAULT: the statement's text is then the same for every change, so
// PostgreSQL keeps it prepared, and many changes go in one statement.
#[derive(Insertable)]
#[diesel(table_name = changes, treat_none_as_null = true)]
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
    fn into_stored(self) -> Result<StoredChange, ApiError> {
        let changed_fields = serde_json::from_str(&self.changed_fields)
            .map_err(|_| ApiError::internal(format!("change {}: bad changed_fields", self.seq)))?;
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

/// Take the lock that serialises appends (PostgreSQL; SQLite has one writer) for the rest
/// of the transaction. Taken again by `append`, which is harmless: a write that must read
/// what another write changes, and be sure it is not changing it at that moment (a
/// project's results and the project's dates), takes it before reading.
pub fn serialise_writes(conn: &mut DbConnection) -> Result<(), ApiError> {
    if let DbConnection::Postgres(pg) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock(7245101)").execute(pg)?;
    }
    Ok(())
}

/// Append a change record and return its `seq`. Call inside the write's transaction.
///
/// On PostgreSQL, sequence values are handed out at insert time but become visible at
/// commit, so two concurrent writers could commit seq 8 before seq 7 and a feed reader
/// could skip 7 for ever. A transaction-scoped advisory lock taken here serialises the
/// append-and-commit step, so seq order is commit order. (SQLite already has one writer.)
pub fn append(conn: &mut DbConnection, change: NewChange<'_>) -> Result<i64, ApiError> {
    let seqs = append_many(conn, std::slice::from_ref(&change))?;
    seqs.first()
        .copied()
        .ok_or_else(|| ApiError::internal("no change appended"))
}

/// Append the change records of writes to different records (many for a bulk load) as
/// `append` does, in as few statements as the bind-parameter limit allows; returns their
/// `seq`s in order. Each change also goes into the webhooks' outbox, in the same
/// transaction, so that no committed change is left undelivered.
pub fn append_many(
    conn: &mut DbConnection,
    new_changes: &[NewChange<'_>],
) -> Result<Vec<i64>, ApiError> {
    let seqs = insert_change_rows(conn, new_changes)?;
    if let Some(first) = new_changes.first() {
        crate::store::webhook_deliveries::enqueue(conn, &seqs, first.at)?;
    }
    Ok(seqs)
}

fn insert_change_rows(
    conn: &mut DbConnection,
    new_changes: &[NewChange<'_>],
) -> Result<Vec<i64>, ApiError> {
    let record_ids: Vec<String> = new_changes
        .iter()
        .map(|c| c.record_id.to_string())
        .collect();
    let mut distinct = std::collections::HashSet::with_capacity(record_ids.len());
    if let Some(repeated) = record_ids.iter().find(|id| !distinct.insert(*id)) {
        return Err(ApiError::internal(format!(
            "two changes of record {repeated} in one append_many"
        )));
    }
    serialise_writes(conn)?;
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
    let mut seqs = std::collections::HashMap::with_capacity(new_changes.len());
    let per_statement = crate::store::records::MAX_BIND_PARAMETERS / 11;
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
                .ok_or_else(|| ApiError::internal(format!("no change appended for {id}")))
        })
        .collect()
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

/// The `seq` of the latest change (0 before any).
pub fn latest_seq(conn: &mut DbConnection) -> Result<i64, ApiError> {
    let seq: Option<i64> = changes::table
        .select(diesel::dsl::max(changes::seq))
        .first(conn)?;
    Ok(seq.unwrap_or(0))
}

/// The `seq` and time of the latest change, if there is one.
pub fn latest(conn: &mut DbConnection) -> Result<Option<(i64, chrono::NaiveDateTime)>, ApiError> {
    Ok(changes::table
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
) -> Result<Vec<StoredChange>, ApiError> {
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

/// The change feed: changes after `after_seq` of the given kinds (all when empty) that
/// `scope` may see, in `seq` order, at most `limit + 1`. A change the caller sees only
/// through the record's previous audience (it took the record out of the caller's view)
/// is returned as a delete.
pub fn feed(
    conn: &mut DbConnection,
    scope: ReadScope,
    kinds: &[&str],
    after_seq: i64,
    limit: usize,
) -> Result<Vec<StoredChange>, ApiError> {
    let mut query = changes::table
        .filter(changes::seq.gt(after_seq))
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
