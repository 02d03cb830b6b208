//! The domain: each resource's types, validation rules, authorization and write
//! operations (which run inside one database transaction and append the change record).

pub mod access;
pub mod arrangements;
pub mod changes;
pub mod clients;
pub mod decimal;
pub mod exchanges;
pub mod money;
pub mod organisations;
pub mod partnerships;
pub mod projects;
pub mod record;
pub mod vocabulary;

/// A record as just written: the record and its stored JSON representation (what a GET
/// returns), so that the response need not serialise it again.
pub struct Saved<T> {
    pub record: T,
    pub representation: String,
}
