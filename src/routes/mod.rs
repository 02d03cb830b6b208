//! HTTP handlers, one module per resource: extract, turn HTTP input into plain values,
//! call the domain, respond. `record_routes` writes the operations every record shares.

pub mod arrangements;
pub mod changes;
pub mod clients;
pub mod codelists;
pub mod exchanges;
pub mod exports;
pub mod iati;
pub mod idempotent;
pub mod organisations;
pub mod partnerships;
pub mod projects;
pub mod record_routes;
pub mod results;
pub mod review;
pub mod service;
pub mod stats;
pub mod webhooks;

use serde::Deserialize;
use utoipa::IntoParams;

use crate::domain::kinds::ResourceKind;

/// Where each kind of record lives (its routes are declared by `record_routes!` in the
/// kind's module; a test checks that the two agree).
pub fn collection(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::Organisation => "/api/v1/organisations",
        ResourceKind::Project => "/api/v1/projects",
        ResourceKind::Partnership => "/api/v1/partnerships",
        ResourceKind::TriangularArrangement => "/api/v1/triangular-arrangements",
        ResourceKind::PolicyExchange => "/api/v1/policy-exchanges",
        ResourceKind::ProjectResults => "/api/v1/projects",
    }
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
