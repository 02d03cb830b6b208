//! HTTP handlers, one module per resource: extract, authorize, call the domain, respond.

pub mod arrangements;
pub mod changes;
pub mod clients;
pub mod codelists;
pub mod common;
pub mod exchanges;
pub mod history;
pub mod operations;
pub mod organisations;
pub mod partnerships;
pub mod projects;
pub mod records;
pub mod stats;
