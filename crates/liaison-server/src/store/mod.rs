//! The central database. SQLite in a data directory is the embedded default;
//! each backend keeps its own migrations under `migrations/<backend>/`, and a
//! migration that has shipped is never edited — a change is a new file.

mod org;
mod sqlite;

use std::path::Path;
use thiserror::Error;

pub use sqlite::Store;

/// A database failure. Everything here is logged in full and shown to users
/// only as "the server ran into a problem".
#[derive(Debug, Error)]
pub enum StoreError {
    /// The data directory could not be created or opened.
    #[error("data directory {path}: {source}")]
    DataDir {
        /// The directory.
        path: String,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The database refused a query or could not be reached.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// A migration failed; the database is left at the last good version.
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// Stored data that this build cannot read back.
    #[error("stored data cannot be read: {0}")]
    Corrupt(String),
}

impl StoreError {
    pub(crate) fn data_dir(path: &Path, source: std::io::Error) -> Self {
        StoreError::DataDir { path: path.display().to_string(), source }
    }
}
