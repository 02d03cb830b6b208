//! Integration tests: the real application over HTTP, on SQLite by default or on the
//! PostgreSQL database named by `SSC_TEST_DATABASE_URL` (each test in a fresh schema).

mod arrangements;
mod auth;
mod changes;
mod cli;
mod clients;
mod codelists;
mod concurrency;
mod contract;
mod documents;
mod errors;
mod exchanges;
mod fixtures;
mod hygiene;
mod iati;
mod iati_import;
mod idempotency;
mod issuers;
mod languages;
mod object_access;
mod operations;
mod organisation_lists;
mod organisations;
mod partnerships;
mod project_access;
mod project_lists;
mod project_rules;
mod projects;
mod reliability;
mod required_members;
mod results;
mod review;
mod seed;
mod stats;
mod support;
mod unavailable;
