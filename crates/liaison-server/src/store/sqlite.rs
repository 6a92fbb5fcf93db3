//! The embedded SQLite backend: one file in the data directory, WAL journal.

use super::StoreError;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool};
use std::path::Path;
use std::time::Duration;

/// The database file's name inside the data directory.
pub const DB_FILE: &str = "liaison.sqlite3";

/// A handle to the database; cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    pub(super) pool: SqlitePool,
}

impl Store {
    /// Opens (creating on first run) the database in `data_dir` and brings its
    /// schema up to date.
    pub async fn open(data_dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|e| StoreError::data_dir(data_dir, e))?;
        let options = SqliteConnectOptions::new()
            .filename(data_dir.join(DB_FILE))
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
        sqlx::migrate!("migrations/sqlite").run(&pool).await?;
        let store = Store { pool };
        store.ensure_instance().await?;
        Ok(store)
    }

    /// Gives this installation its identity on first run. The instance id will
    /// name the sync epoch: a database restored from backup gets a new one.
    async fn ensure_instance(&self) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO instance (singleton, instance_id, created_at) VALUES (1, ?, datetime('now')) ON CONFLICT (singleton) DO NOTHING")
            .bind(uuid::Uuid::new_v4().to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// This installation's id (also proves the database answers).
    pub async fn instance_id(&self) -> Result<String, StoreError> {
        let row = sqlx::query("SELECT instance_id FROM instance WHERE singleton = 1").fetch_one(&self.pool).await?;
        Ok(row.try_get("instance_id")?)
    }

    /// Closes every connection, checkpointing the WAL.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}
