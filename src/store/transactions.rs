//! Storage of project transactions: one row per project holding their representation and
//! version, one row per transaction for execution figures and reports.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::schema::{project_transaction_items, project_transactions};
use crate::store::StoreError;
use crate::store::batch::insert_children;
use crate::store::project_parts::{PartWrite, StoredPart, part_table};

/// What figures and reports keep of one transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct TransactionRow {
    /// Its IATI TransactionType code.
    pub transaction_type: i32,
    pub date: chrono::NaiveDate,
    pub year: i32,
    pub value_minor: i64,
    pub currency: String,
    /// The provider, when it is an organisation of the service.
    pub provider_organisation_id: Option<String>,
    /// The receiver, when it is an organisation of the service.
    pub receiver_organisation_id: Option<String>,
}

part_table!(project_transactions);

/// Save `write`'s transactions with their rows; false when a concurrent write saved
/// another version first.
pub fn save(
    conn: &mut DbConnection,
    write: &PartWrite<'_>,
    rows: &[TransactionRow],
) -> Result<bool, StoreError> {
    let id = write.project_id.to_string();
    if !save_document(conn, &id, write)? {
        return Ok(false);
    }
    diesel::delete(
        project_transaction_items::table.filter(project_transaction_items::project_id.eq(&id)),
    )
    .execute(conn)?;
    insert_rows_of(conn, [(id.as_str(), rows)])?;
    Ok(true)
}

/// Insert the first transactions of projects created in this transaction (a bulk load),
/// each `(project id, transactions, rows)`.
pub fn insert_many(
    conn: &mut DbConnection,
    parts: &[(String, StoredPart, Vec<TransactionRow>)],
    at: NaiveDateTime,
    by: &str,
) -> Result<(), StoreError> {
    insert_documents(
        conn,
        parts.iter().map(|(id, part, _)| (id.as_str(), part)),
        at,
        by,
    )?;
    insert_rows_of(
        conn,
        parts
            .iter()
            .map(|(id, _, rows)| (id.as_str(), rows.as_slice())),
    )?;
    Ok(())
}

/// The rows figures and reports read of each project's transactions.
fn insert_rows_of<'a>(
    conn: &mut DbConnection,
    projects: impl IntoIterator<Item = (&'a str, &'a [TransactionRow])>,
) -> Result<usize, diesel::result::Error> {
    insert_children!(conn, project_transaction_items.project_id,
    for (id, rows) in projects => rows,
    |row| {
        transaction_type: row.transaction_type,
        transaction_date: row.date,
        year: row.year,
        value_minor: row.value_minor,
        currency: &row.currency,
        provider_organisation_id: row.provider_organisation_id.as_deref(),
        receiver_organisation_id: row.receiver_organisation_id.as_deref(),
    })
}
