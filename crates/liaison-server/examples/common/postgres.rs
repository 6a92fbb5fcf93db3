//! A fresh PostgreSQL database for a benchmark, made on the server that
//! `LIAISON_TEST_DATABASE_URL` names (`cargo xtask bench-*` starts a
//! throwaway cluster and sets it) and dropped afterwards.

use sqlx::Connection;
use uuid::Uuid;

/// A database made for one benchmark.
pub struct BenchDatabase {
    admin: sqlx::PgConnection,
    name: String,
    /// Its URL.
    pub url: String,
}

impl BenchDatabase {
    /// A new database, or `None` (with a line saying why) when
    /// `LIAISON_TEST_DATABASE_URL` is not set.
    pub async fn create(command: &str) -> Option<BenchDatabase> {
        let Ok(admin_url) = std::env::var("LIAISON_TEST_DATABASE_URL") else {
            println!("PostgreSQL: not run (LIAISON_TEST_DATABASE_URL is not set; `cargo xtask {command}` sets it)");
            return None;
        };
        let name = format!("liaison_bench_{}", Uuid::new_v4().simple());
        let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap();
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.unwrap();
        let (base, query) = admin_url.split_once('?').map_or((admin_url.as_str(), None), |(b, q)| (b, Some(q)));
        let authority = base.find("://").map_or(0, |i| i + 3);
        let base = base[authority..].find('/').map_or(base, |slash| &base[..authority + slash]);
        let url = match query {
            Some(query) => format!("{base}/{name}?{query}"),
            None => format!("{base}/{name}"),
        };
        Some(BenchDatabase { admin, name, url })
    }

    /// Drops it.
    pub async fn drop(mut self) {
        sqlx::query(&format!("DROP DATABASE {} WITH (FORCE)", self.name)).execute(&mut self.admin).await.unwrap();
    }
}
