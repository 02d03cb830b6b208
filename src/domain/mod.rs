//! The domain: each kind of record's types, rules and storage mapping, who may do what
//! (`access`), the registry of kinds (`kinds`), and the write pipeline they all share
//! (`record`: each write runs in one transaction with its change record).

pub mod access;
pub mod activities;
pub mod arrangements;
pub mod capacities;
pub mod capacity_stats;
pub mod catalogue;
pub mod changes;
pub mod clients;
pub mod cooperation_requests;
pub mod decimal;
pub mod documents;
pub mod exchanges;
pub mod execution;
pub mod execution_index;
pub mod execution_stats;
pub mod filters;
pub mod idempotency;
pub mod kept_answers;
pub mod kinds;
pub mod list_query;
pub mod lists;
pub mod match_codes;
pub mod matching;
pub mod money;
pub mod organisations;
pub mod partnerships;
pub mod project_parts;
pub mod projects;
pub mod rates;
pub mod record;
pub mod reports;
pub mod request_stats;
pub mod results;
pub mod review;
pub mod stats;
pub mod transactions;
pub mod vocabulary;
pub mod webhook_deliveries;
pub mod webhooks;
