//! HTTP plumbing shared by every route: request ids and access logs, security headers and
//! CORS, the rate limit, body and parameter extractors with precise errors, entity tags,
//! `Idempotency-Key`, responses, and the answers for requests no route takes. Nothing
//! here knows a resource.

pub mod client_address;
pub mod etag;
pub mod extract;
pub mod fallback;
pub mod idempotency;
pub mod rate_limit;
pub mod request_context;
pub mod respond;
pub mod security;
pub mod token_guard;
