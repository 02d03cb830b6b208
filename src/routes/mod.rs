//! HTTP handlers, one module per resource: extract, turn HTTP input into plain values,
//! call the domain, respond. `record_routes` writes the operations every record shares.

pub mod activities;
pub mod arrangements;
pub mod capacities;
pub mod catalogue;
pub mod changes;
pub mod clients;
pub mod codelists;
pub mod cooperation_requests;
pub mod demand_stats;
pub mod exchanges;
pub mod execution;
pub mod execution_stats;
pub mod exports;
pub mod iati;
pub mod idempotent;
pub mod operation;
pub mod organisations;
pub mod partnerships;
pub mod problems;
pub mod project_parts;
pub mod projects;
pub mod ranked;
pub mod rates;
pub mod record_routes;
pub mod reports;
pub mod results;
pub mod review;
pub mod service;
pub mod stats;
pub mod transactions;
pub mod webhooks;

use serde::Deserialize;
use utoipa::IntoParams;

use crate::domain::kinds::ResourceKind;

/// Where the API is served.
pub const API_BASE: &str = "/api/v1";

/// Where records of `kind` are, as a client addresses them (from the registry).
pub fn collection(kind: ResourceKind) -> String {
    format!("{API_BASE}{}", kind.collection())
}

/// Paging only (for lists without filters of their own).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Page size, 1 to 200.
    #[param(minimum = 1, maximum = 200, default = 50)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}
