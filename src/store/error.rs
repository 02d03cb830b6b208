//! The storage layer's error: what the database said, or stored data that does not read
//! back. `ApiError` maps it to an answer in one place (`error.rs`).

/// A failure of the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] diesel::result::Error),
    /// Stored data that does not read back as written: a defect, not a client's error.
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
}

impl StoreError {
    pub fn corrupt(what: impl std::fmt::Display) -> Self {
        StoreError::Corrupt(what.to_string())
    }
}
