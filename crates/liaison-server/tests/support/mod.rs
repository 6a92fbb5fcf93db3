//! What the integration tests share: a fresh PostgreSQL database per test.
//!
//! PostgreSQL tests read `LIAISON_TEST_DATABASE_URL` (a database on a server
//! they may create databases on; `cargo xtask test` starts a throwaway cluster
//! and sets it). Without it they say they were not run — and fail when `CI` is
//! set, so CI never skips them silently.

#![allow(dead_code)]

use sqlx::Connection;
use std::io::Write;

/// A database made for one test.
#[derive(Debug)]
pub struct PgDatabase {
    /// Its URL.
    pub url: String,
    admin_url: String,
    name: String,
}

/// Creates a fresh database for `test`, or says why it cannot (see above).
pub async fn fresh_postgres(test: &str) -> Option<PgDatabase> {
    let Ok(admin_url) = std::env::var("LIAISON_TEST_DATABASE_URL") else {
        if std::env::var_os("CI").is_some() {
            panic!(
                "{test}: LIAISON_TEST_DATABASE_URL is not set but CI is: PostgreSQL tests must run in CI (`cargo xtask test` starts a cluster)"
            );
        }
        // Straight to stderr, past the test harness's capture, so it shows.
        // One write, so lines of tests running in parallel do not interleave.
        let line = format!(
            "{test}: NOT RUN on PostgreSQL: LIAISON_TEST_DATABASE_URL is not set (`cargo xtask test` sets it)\n"
        );
        let _ = std::io::stderr().write_all(line.as_bytes());
        return None;
    };
    let name = format!("liaison_test_{}", uuid::Uuid::new_v4().simple());
    let mut admin = sqlx::PgConnection::connect(&admin_url).await.expect("connecting to LIAISON_TEST_DATABASE_URL");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.expect("CREATE DATABASE");
    admin.close().await.unwrap();
    Some(PgDatabase { url: with_database(&admin_url, &name), admin_url, name })
}

impl PgDatabase {
    /// Its name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Runs `sql` on the server's administrative database (CREATE/DROP DATABASE).
    pub async fn admin(&self, sql: &str) {
        let mut admin = sqlx::PgConnection::connect(&self.admin_url).await.unwrap();
        sqlx::query(sql).execute(&mut admin).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
        admin.close().await.unwrap();
    }

    /// Ends every session on the database (a closed pool's backends may
    /// still be exiting, and a template must have none).
    pub async fn disconnect_all(&self) {
        self.admin(&format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{}' AND pid <> pg_backend_pid()",
            self.name
        ))
        .await;
    }

    /// Drops the database (a failed test leaves its database for a look; the
    /// throwaway cluster goes anyway).
    pub async fn drop(self) {
        let mut admin = sqlx::PgConnection::connect(&self.admin_url).await.unwrap();
        sqlx::query(&format!("DROP DATABASE {} WITH (FORCE)", self.name)).execute(&mut admin).await.unwrap();
        admin.close().await.unwrap();
    }
}

/// `url` with its database name replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let base = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{base}/{name}?{query}"),
        None => format!("{base}/{name}"),
    }
}

#[test]
fn urls_get_the_new_database_name() {
    assert_eq!(with_database("postgres://u@127.0.0.1:5/postgres", "x"), "postgres://u@127.0.0.1:5/x");
    assert_eq!(with_database("postgres://u@h", "x"), "postgres://u@h/x");
    assert_eq!(with_database("postgres://u@h/db?host=/tmp/s", "x"), "postgres://u@h/x?host=/tmp/s");
}
pub mod sync;
