//! Diesel queries over rows and plain values, one module per table (or family of tables);
//! nothing here knows the domain's types. Functions take `&mut DbConnection` so they run
//! the same inside and outside a transaction. `records` holds what every cooperation
//! record table shares, `visibility` the read rule, `snapshot` consistent pages.

pub mod activities;
pub mod arrangements;
pub mod batch;
pub mod capacities;
pub mod capacity_stats;
pub mod catalogue;
pub mod changes;
pub mod children;
pub mod clients;
pub mod cooperation_requests;
mod error;
pub mod exchanges;
pub mod execution_facts;
pub mod execution_stats;
pub mod fixed_sql;
pub mod idempotency;
pub mod incomplete_drafts;
pub mod match_codes;
pub mod matching;
pub mod organisations;
pub mod partnerships;
pub mod project_parts;
pub mod projects;
pub mod rates;
pub mod record_table;
pub mod request_matching;
pub mod request_stats;
pub mod results;
pub mod snapshot;
pub mod stats;
pub mod transactions;
pub mod visibility;
pub mod webhook_deliveries;
pub mod webhooks;

use chrono::{DateTime, NaiveDateTime, SubsecRound, Utc};

pub use error::StoreError;
use uuid::Uuid;

/// Now, truncated to microseconds: PostgreSQL keeps microseconds and SQLite would keep
/// nanoseconds, and both backends must return the same value.
pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc().trunc_subsecs(6)
}

pub fn to_utc(at: NaiveDateTime) -> DateTime<Utc> {
    at.and_utc()
}

/// Ids are stored as text; a stored id that does not parse is a bug, not a client error.
pub fn parse_uuid(text: &str) -> Result<Uuid, StoreError> {
    Uuid::parse_str(text)
        .map_err(|_| StoreError::corrupt(format!("stored id {text:?} is not a UUID")))
}
