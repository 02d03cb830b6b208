//! Problem responses that several operations document alike, each declared once: an
//! operation names them in its `responses(...)` beside its own. utoipa's `IntoResponses`
//! writes them into each operation as if they were listed there, so the contract reads
//! the same (a `ToResponse` would be a `$ref` to `components/responses` instead).

use utoipa::IntoResponses;

use crate::error::{PROBLEM_JSON, ProblemDocument};

/// 403: the operation is for admins only.
#[derive(IntoResponses)]
#[response(status = 403, description = "Admins only", content_type = PROBLEM_JSON)]
pub struct AdminsOnly(pub ProblemDocument);
