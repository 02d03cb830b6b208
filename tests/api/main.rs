//! Integration tests: the real application over HTTP, on SQLite by default or on the
//! PostgreSQL database named by `SSC_TEST_DATABASE_URL` (each test in a fresh schema).

mod activities;
mod arrangements;
mod auth;
mod broken_connections;
mod bulk;
mod changes;
mod cli;
mod clients;
mod codelists;
mod concurrency;
mod contract;
mod documents;
mod drafts;
mod errors;
mod exchanges;
mod exports;
mod feed_order;
mod fixtures;
mod hygiene;
mod iati;
// Real publishers' files, not committed: see the module.
#[cfg(feature = "corpus")]
mod iati_corpus;
mod iati_import;
mod iati_organisation;
mod iati_safety;
mod idempotency;
mod issuers;
mod languages;
mod metrics;
mod object_access;
mod operations;
mod organisation_lists;
mod organisations;
mod partnerships;
mod project_access;
mod project_lists;
mod project_rules;
mod projects;
mod races;
mod rates;
mod receiver;
mod reliability;
mod replicas;
mod required_members;
mod results;
mod review;
mod seed;
mod stats;
mod support;
mod unavailable;
mod webhook_deliveries;
mod webhook_replicas;
mod webhook_signatures;
mod webhooks;
