//! Cooperation records in their tables: the read rule by visibility and participation
//! (`access`), and the rows a write sets (`store::records`).

use uuid::Uuid;

use crate::auth::Caller;
use crate::db::DbConnection;
use crate::db::point_reads::ReadMany;
use crate::domain::access::{self, Sharing};
use crate::domain::record::{CooperationKind, Record, RecordAccess, RecordStorage, read};
use crate::domain::review::Saving;
use crate::domain::vocabulary::Visibility;
use crate::error::ApiError;
use crate::store::record_table::{self, PendingColumns, RecordColumns, RecordTable, StoredRecord};
use crate::store::visibility::{Audience, ReadScope};

/// The checked filter of a cooperation kind's list.
pub type FilterOf<K> = <<K as CooperationKind>::Table as RecordTable>::Filter;

impl<K: CooperationKind> RecordAccess for Record<K> {
    /// A deleted record's history is for admins and coordinators only (its visibility
    /// went with it).
    fn check_history(conn: &mut DbConnection, caller: &Caller, id: Uuid) -> Result<(), ApiError> {
        match access::read_scope(caller) {
            ReadScope::All => Ok(()),
            _ => read::<Self>(conn, caller, id).map(|_| ()),
        }
    }

    fn check_create(caller: &Caller, input: &K) -> Result<(), ApiError> {
        access::check_create(caller, K::KIND.noun(), &input.participants())
    }

    fn check_update(
        caller: &Caller,
        current: &K,
        new: Option<&K>,
        proposal: bool,
    ) -> Result<(), ApiError> {
        let current_participants = current.participants();
        let new_participants = new.map(K::participants);
        access::check_update(
            caller,
            K::KIND.noun(),
            proposal,
            Sharing {
                participants: &current_participants,
                visibility: current.visibility(),
            },
            new.zip(new_participants.as_deref())
                .map(|(new, participants)| Sharing {
                    participants,
                    visibility: new.visibility(),
                }),
        )
    }

    fn check_delete(caller: &Caller) -> Result<(), ApiError> {
        access::check_delete(caller)
    }

    fn audience(input: &K) -> Audience {
        match input.visibility() {
            Visibility::Public => Audience::public(),
            Visibility::Restricted => Audience::restricted_to(&input.participants()),
        }
    }

    fn reviewers(input: &K) -> Audience {
        Audience::restricted_to(&input.participants())
    }
}

impl<K: CooperationKind> RecordStorage for Record<K> {
    fn find(
        conn: &mut DbConnection,
        caller: &Caller,
        id: Uuid,
    ) -> Result<Option<StoredRecord>, ApiError> {
        Ok(record_table::find::<K::Table>(
            conn,
            id,
            access::read_scope(caller),
        )?)
    }

    fn read_many(caller: &Caller) -> Option<(String, ReadMany)> {
        let scope = access::read_scope(caller);
        let group = format!("{}|{scope:?}", K::Table::KIND);
        let read: ReadMany = Box::new(move |conn, ids| {
            let rows = K::Table::current_many(conn, ids, scope)?;
            Ok(rows
                .into_iter()
                // As `record_table::find`: these callers see the current version.
                .filter(|(_, version, _, approved)| {
                    scope == ReadScope::All || *approved == Some(*version)
                })
                .map(|(id, version, representation, approved)| {
                    (id, (version, representation, approved))
                })
                .collect())
        });
        Some((group, read))
    }

    /// The representation is written with the record's rows, in one transaction, from the
    /// same record: it is as authoritative as the rows.
    fn load(conn: &mut DbConnection, caller: &Caller, id: Uuid) -> Result<Option<Self>, ApiError> {
        Self::find(conn, caller, id)?
            .map(|stored| serde_json::from_str(&stored.representation).map_err(ApiError::internal))
            .transpose()
    }

    /// One statement per table for all the records.
    fn insert_many(
        conn: &mut DbConnection,
        records: &[(&Self, i64)],
        saving: Saving,
    ) -> Result<Vec<String>, ApiError> {
        let mut columns = Vec::with_capacity(records.len());
        let mut rows = Vec::with_capacity(records.len());
        for (record, seq) in records {
            columns.push(record_columns(record, *seq, saving)?);
            rows.push(K::row(record)?);
        }
        let written: Vec<_> = columns.iter().zip(&rows).collect();
        record_table::insert::<K::Table>(conn, &written)?;
        Ok(columns.into_iter().map(|c| c.representation).collect())
    }

    fn insert_created(
        conn: &mut DbConnection,
        record: &Self,
        change: &crate::store::changes::NewChange<'_>,
        saving: Saving,
    ) -> Result<Option<(i64, String)>, ApiError> {
        use crate::store::record_table::RecordRow;
        if !matches!(conn, DbConnection::Postgres(_))
            || !<<K::Table as RecordTable>::Row as RecordRow>::CHILDREN_AT_ONCE
        {
            return Ok(None);
        }
        // The `seq` is drawn by the statement (the columns' is not read).
        let columns = record_columns(record, 0, saving)?;
        let row = K::row(record)?;
        Ok(
            record_table::insert_created::<K::Table>(conn, change, &columns, &row)?
                .map(|seq| (seq, columns.representation)),
        )
    }

    fn update(
        conn: &mut DbConnection,
        record: &Self,
        expected_version: i64,
        seq: i64,
        saving: Saving,
    ) -> Result<Option<String>, ApiError> {
        let columns = record_columns(record, seq, saving)?;
        let updated = match saving {
            // The content that counts stays: only the current version changes.
            Saving::Pending(status) => K::Table::update_pending(
                conn,
                &PendingColumns {
                    id: columns.id,
                    representation: columns.representation.clone(),
                    version: columns.version,
                    seq,
                    updated_at: columns.updated_at,
                    updated_by: columns.updated_by,
                    review_status: status.as_str(),
                },
                expected_version,
            )?,
            _ => record_table::update::<K::Table>(
                conn,
                &columns,
                &K::row(record)?,
                expected_version,
            )?,
        };
        Ok(updated.then_some(columns.representation))
    }

    fn is_approved(conn: &mut DbConnection, id: Uuid) -> Result<bool, ApiError> {
        Ok(K::Table::approved_representation(conn, id)?.is_some())
    }

    fn approved(conn: &mut DbConnection, id: Uuid) -> Result<Option<Self>, ApiError> {
        K::Table::approved_representation(conn, id)?
            .map(|stored| serde_json::from_str(&stored).map_err(ApiError::internal))
            .transpose()
    }

    fn delete(conn: &mut DbConnection, id: Uuid, expected_version: i64) -> Result<bool, ApiError> {
        Ok(K::Table::delete(conn, id, expected_version)?)
    }
}

/// The shared columns of a cooperation record, for a write whose change is `seq`.
fn record_columns<K: CooperationKind>(
    record: &Record<K>,
    seq: i64,
    saving: Saving,
) -> Result<RecordColumns, ApiError> {
    let meta = record.record_meta();
    Ok(RecordColumns {
        id: meta.id.to_string(),
        visibility: record.visibility().as_str(),
        search_text: record.search_text(),
        representation: serde_json::to_string(record).map_err(ApiError::internal)?,
        version: meta.version,
        seq,
        created_at: meta.created_at.naive_utc(),
        updated_at: meta.updated_at.naive_utc(),
        created_by: meta.created_by,
        updated_by: meta.updated_by,
        review_status: saving.status().as_str(),
        approved: saving == Saving::Approved,
    })
}
