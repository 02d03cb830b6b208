//! Loading data: `demo` (a small, realistic landscape) and `synthetic` (many valid,
//! varied projects for load tests). Both write through the domain operations, so every
//! record is validated and has its history.

pub mod demo;
mod frameworks;
pub mod synthetic;

use crate::auth::{Caller, Role};

pub use demo::demo;
pub use synthetic::synthetic;

/// The actor recorded on seeded records.
pub fn seed_caller() -> Caller {
    Caller {
        sub: "seed".into(),
        role: Role::Admin,
        org: None,
        issuer: "ssc-api seed".into(),
    }
}
