//! A project's transactions as a part of it with versions of its own
//! (`domain::project_parts`): what is special to them, the rows their figures read and
//! what they bound of the project.

use std::collections::HashSet;

use chrono::{Datelike, Utc};

use super::*;
use crate::db::DbConnection;
use crate::domain::activities::payers_of;
use crate::domain::decimal::parse_scaled;
use crate::domain::kinds::ResourceKind;
use crate::domain::money::currency_scale;
use crate::domain::project_parts::{self, ProjectPart};
use crate::domain::projects::Project;
use crate::error::ApiError;
use crate::store::StoreError;
use crate::store::project_parts::{PartWrite, StoredPart};
use crate::store::transactions::{self as store, TransactionRow};
use crate::validation::Violations;

impl ProjectPart for ProjectTransactions {
    const KIND: ResourceKind = ResourceKind::ProjectTransactions;
    const NOUN: &'static str = "transactions";
    type Item = Transaction;
    type Input = TransactionsInput;
    type Rows = Vec<TransactionRow>;

    fn document(
        project_id: Uuid,
        version: i64,
        updated_at: Option<DateTime<Utc>>,
        updated_by: Option<String>,
        transactions: Vec<Transaction>,
    ) -> Self {
        ProjectTransactions {
            project_id,
            version,
            updated_at,
            updated_by,
            transactions,
        }
    }

    fn items(&self) -> &[Transaction] {
        &self.transactions
    }

    fn input_items(input: &TransactionsInput) -> &[Transaction] {
        &input.transactions
    }

    fn into_items(input: TransactionsInput) -> Vec<Transaction> {
        input.transactions
    }

    /// Not bounded by the project's dates (a commitment may precede its start), but not
    /// after today; its organisations are participants or contributors of both versions.
    fn check(
        input: &mut TransactionsInput,
        counted: &Project,
        current: &Project,
        _span: (NaiveDate, NaiveDate),
    ) -> Violations {
        let parties: HashSet<Uuid> = payers_of(counted)
            .intersection(&payers_of(current))
            .copied()
            .collect();
        check_within(
            input,
            &counted.default_language,
            Utc::now().date_naive(),
            &parties,
        )
    }

    fn rows(transactions: &[Transaction]) -> Result<Self::Rows, ApiError> {
        transactions
            .iter()
            .map(|t| {
                let scale = currency_scale(&t.currency).map_err(ApiError::internal)?;
                let organisation = |party: &Option<TransactionParty>| {
                    party
                        .as_ref()
                        .and_then(|p| p.organisation_id)
                        .map(|id| id.to_string())
                };
                Ok(TransactionRow {
                    transaction_type: i32::from(t.transaction_type.iati_code()),
                    date: t.date,
                    year: t.date.year(),
                    value_minor: parse_scaled(&t.value, scale).map_err(ApiError::internal)?,
                    currency: t.currency.clone(),
                    provider_organisation_id: organisation(&t.provider),
                    receiver_organisation_id: organisation(&t.receiver),
                })
            })
            .collect()
    }

    fn find(conn: &mut DbConnection, project_id: Uuid) -> Result<Option<StoredPart>, StoreError> {
        store::find(conn, project_id)
    }

    fn find_many(
        conn: &mut DbConnection,
        project_ids: &[String],
    ) -> Result<Vec<(String, String)>, crate::store::StoreError> {
        store::find_many(conn, project_ids)
    }

    fn save(
        conn: &mut DbConnection,
        write: &PartWrite<'_>,
        rows: &Self::Rows,
    ) -> Result<bool, StoreError> {
        store::save(conn, write, rows)
    }

    fn insert_many(
        conn: &mut DbConnection,
        parts: &[(String, StoredPart, Self::Rows)],
        at: chrono::NaiveDateTime,
        by: &str,
    ) -> Result<(), StoreError> {
        store::insert_many(conn, parts, at, by)
    }
}

/// The organisations of the service the project's transactions name as provider or
/// receiver (an edit of the project keeps them among its participants and contributors).
pub fn parties(conn: &mut DbConnection, project_id: Uuid) -> Result<HashSet<Uuid>, ApiError> {
    let Some(saved) = project_parts::saved::<ProjectTransactions>(conn, project_id)? else {
        return Ok(HashSet::new());
    };
    Ok(saved
        .transactions
        .iter()
        .flat_map(|t| [&t.provider, &t.receiver])
        .filter_map(|party| party.as_ref().and_then(|p| p.organisation_id))
        .collect())
}
