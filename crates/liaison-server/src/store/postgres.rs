//! The PostgreSQL backend, for deployments beyond one machine: a
//! `postgres://` URL, migrations in `migrations/postgres/`.

use super::{Backend, StoreError};
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;
use std::time::Duration;

/// A PostgreSQL database.
#[derive(Clone, Debug)]
pub struct Postgres {
    pool: PgPool,
}

impl Postgres {
    /// Connects to `url` and brings the schema up to date (sqlx takes an
    /// advisory lock, so servers starting together migrate once).
    pub async fn connect(url: &str) -> Result<Postgres, StoreError> {
        let pool =
            PgPoolOptions::new().max_connections(16).acquire_timeout(Duration::from_secs(10)).connect(url).await?;
        sqlx::migrate!("migrations/postgres").run(&pool).await?;
        // This installation's identity, made once (see the SQLite backend).
        sqlx::query("INSERT INTO instance (singleton, instance_id) VALUES (1, $1) ON CONFLICT (singleton) DO NOTHING")
            .bind(uuid::Uuid::new_v4().to_string())
            .execute(&pool)
            .await?;
        Ok(Postgres { pool })
    }
}

super::matters_sql::impl_matters!(Postgres, sqlx::Postgres);
super::duties_sql::impl_duties!(Postgres, sqlx::Postgres, super::duties::POSTGRES);
super::schedules_sql::impl_schedules!(Postgres, sqlx::Postgres);
super::paired::impl_paired!(Postgres);

super::sql::impl_database!(
    Postgres,
    kind = Backend::Postgres,
    first_org = "SELECT id, name FROM organisations ORDER BY loaded_seq LIMIT 1",
    upsert_org = "INSERT INTO organisations (id, name, loaded_at) VALUES ($1, $2, now())
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, loaded_at = excluded.loaded_at",
    photo_bodies = "SELECT body FROM sync_records
         WHERE owner_id = $1 AND collection = 'photo' AND NOT deleted AND (body::jsonb ->> 'sha256') = $2",
);
