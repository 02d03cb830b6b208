//! ssc-api: a JSON REST API for recording and exchanging South-South and Triangular
//! Cooperation. `app::build` assembles the HTTP application used by the server and the
//! tests; `cli::run` is the command line.

pub mod app;
pub mod auth;
pub mod cli;
pub mod closed_vocabulary;
pub mod codelists;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod exports;
pub mod http;
pub mod iati;
pub mod json;
pub mod l10n;
pub mod messages;
pub mod metrics;
pub mod openapi;
pub mod pagination;
pub mod request_body;
pub mod request_id;
pub mod routes;
pub mod schema;
pub mod secret;
pub mod seed;
pub mod server;
pub mod store;
pub mod text;
pub mod validation;
pub mod webhooks;
