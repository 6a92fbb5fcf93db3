//! Storage failures, told apart by what the user can do about them.

use liaison_i18n::Msg;
use thiserror::Error;

/// Why the device's storage failed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StorageError {
    /// IndexedDB is missing or refused (private browsing, disabled storage).
    #[error("storage unavailable: {0}")]
    Unavailable(String),
    /// The device or the browser's quota is full.
    #[error("storage full: {0}")]
    QuotaExceeded(String),
    /// Refused by a rule (a tenth photo, a change to a submitted card); nothing written.
    #[error("refused: {0:?}")]
    Refused(Msg),
    /// Any other failure; the operation wrote nothing.
    #[error("storage failed: {0}")]
    Failed(String),
}

impl StorageError {
    /// The catalogue message for the user.
    pub fn msg(&self) -> Msg {
        match self {
            StorageError::Unavailable(_) => Msg::StorageUnavailable,
            StorageError::QuotaExceeded(_) => Msg::StorageFull,
            StorageError::Refused(msg) => *msg,
            StorageError::Failed(_) => Msg::StorageFailed,
        }
    }
}

impl From<indexed_db_futures::error::Error> for StorageError {
    fn from(error: indexed_db_futures::error::Error) -> Self {
        // The browser reports a full disk as QuotaExceededError, on the request
        // or as the reason its transaction aborted.
        let text = error.to_string();
        if text.contains("QuotaExceeded") || text.contains("quota") {
            StorageError::QuotaExceeded(text)
        } else {
            StorageError::Failed(text)
        }
    }
}

impl From<indexed_db_futures::error::OpenDbError> for StorageError {
    fn from(error: indexed_db_futures::error::OpenDbError) -> Self {
        use indexed_db_futures::error::OpenDbError;
        match error {
            OpenDbError::Base(base) => base.into(),
            other => StorageError::Unavailable(other.to_string()),
        }
    }
}
