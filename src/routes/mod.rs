//! HTTP handlers, one module per resource: extract, authorize, call the domain, respond.

pub mod codelists;
pub mod common;
pub mod history;
pub mod operations;
pub mod organisations;
pub mod projects;
