//! The embedded SQLite backend (the default): one file in the data directory,
//! WAL journal, migrations in `migrations/sqlite/`.

use super::{Backend, StoreError};
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::path::Path;
use std::time::Duration;

/// The database file's name inside the data directory.
pub const DB_FILE: &str = "liaison.sqlite3";

/// SQLite in a data directory.
#[derive(Clone, Debug)]
pub struct Sqlite {
    pool: SqlitePool,
}

impl Sqlite {
    /// Opens (creating on first run) the database in `data_dir` and brings its
    /// schema up to date.
    pub async fn open(data_dir: &Path) -> Result<Sqlite, StoreError> {
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
        // Gives this installation its identity on first run. The instance id
        // names the sync epoch: a database restored from backup gets a new one.
        sqlx::query(
            "INSERT INTO instance (singleton, instance_id, created_at) VALUES (1, $1, datetime('now'))
             ON CONFLICT (singleton) DO NOTHING",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .execute(&pool)
        .await?;
        Ok(Sqlite { pool })
    }
}

super::matters_sql::impl_matters!(Sqlite, sqlx::Sqlite);
super::duties_sql::impl_duties!(Sqlite, sqlx::Sqlite, super::duties::SQLITE);
super::schedules_sql::impl_schedules!(Sqlite, sqlx::Sqlite);
super::paired::impl_paired!(Sqlite);

super::sql::impl_database!(
    Sqlite,
    kind = Backend::Sqlite,
    first_org = "SELECT id, name FROM organisations ORDER BY rowid LIMIT 1",
    upsert_org = "INSERT INTO organisations (id, name, loaded_at) VALUES ($1, $2, datetime('now'))
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, loaded_at = excluded.loaded_at",
    photo_bodies = "SELECT body FROM sync_records
         WHERE owner_id = $1 AND collection = 'photo' AND NOT deleted AND json_extract(body, '$.sha256') = $2",
);
