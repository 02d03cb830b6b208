//! The domain: each resource's types, validation rules, authorization and write
//! operations (which run inside one database transaction and append the change record).

pub mod changes;
pub mod decimal;
pub mod organisations;
pub mod projects;
pub mod vocabulary;
