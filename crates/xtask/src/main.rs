//! `cargo xtask`: the project's automation, in Rust.
//!
//! - `cargo xtask serve` — install what is missing, build the app and the server, start it.
//! - `cargo xtask test`  — install what is missing, run every check and test.
//! - `cargo xtask build` — build the PWA into `target/dist`.
//! - `cargo xtask bench` — print the performance figures of docs/BENCHMARKS.md.
//! - `cargo xtask setup` — only install the tools.
//! - `cargo xtask pg-test [args]` — `cargo test [args]` (default `-p liaison-server`)
//!   against a throwaway PostgreSQL cluster.
//! - `cargo xtask bench-sync` — sync figures through the real server (release
//!   build; SQLite, and PostgreSQL in a throwaway cluster). Not part of `test`.
//! - `cargo xtask bench-matters` — the inbox's first page and similar matters
//!   over 100,000 matters in SQLite and in a throwaway PostgreSQL cluster
//!   (release build). Not part of `test`.
//! - `cargo xtask bench-duties` — the office's duty dashboard over 10,000
//!   representatives in SQLite and in a throwaway PostgreSQL cluster (release
//!   build). Not part of `test`.

mod bench;
mod dist;
mod imports;
mod postgres;
mod run;
mod test;
mod tools;

use anyhow::{Result, bail};
use std::path::{Path, PathBuf};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = project_root();
    std::env::set_current_dir(&root)?;
    match args.first().map(String::as_str) {
        Some("serve") => {
            tools::ensure_build_tools(&root)?;
            dist::build(&root)?;
            run::cargo(&["build", "--release", "-p", "liaison-server"])?;
            let mut serve_args = vec!["serve".to_owned()];
            serve_args.extend(args[1..].iter().cloned());
            run::exec(&root.join("target/release/liaison"), &serve_args)
        }
        Some("build") => {
            tools::ensure_build_tools(&root)?;
            dist::build(&root)
        }
        Some("test") => test::all(&root),
        Some("bench") => bench::all(&root),
        Some("setup") => {
            tools::ensure_build_tools(&root)?;
            tools::ensure_test_tools(&root)
        }
        Some("pg-test") => {
            let mut test_args = vec!["test".to_owned()];
            if args.len() > 1 {
                test_args.extend(args[1..].iter().cloned());
            } else {
                test_args.extend(["-p".to_owned(), "liaison-server".to_owned()]);
            }
            postgres::with_cluster(|url| test::cargo_test_with_postgres(url, &test_args))
        }
        Some("bench-sync") => postgres::with_cluster(|url| {
            test::cargo_test_with_postgres(
                url,
                &["run", "--release", "-p", "liaison-server", "--example", "bench_sync"],
            )
        }),
        Some("bench-matters") => postgres::with_cluster(|url| {
            test::cargo_test_with_postgres(
                url,
                &["run", "--release", "-p", "liaison-server", "--example", "bench_matters"],
            )
        }),
        Some("bench-duties") => postgres::with_cluster(|url| {
            test::cargo_test_with_postgres(
                url,
                &["run", "--release", "-p", "liaison-server", "--example", "bench_duties"],
            )
        }),
        Some("help") | None => {
            println!("{}", HELP);
            Ok(())
        }
        Some(other) => bail!("unknown command {other:?}\n{HELP}"),
    }
}

const HELP: &str = "cargo xtask <command>
  serve [flags]  build the app and the server, then run `liaison serve [flags]`
  test           run every check and test (installs what is missing)
  build          build the PWA into target/dist
  bench          print performance figures (see docs/BENCHMARKS.md)
  setup          install the build and test tools only
  pg-test [args] cargo test [args] (default -p liaison-server) against a throwaway PostgreSQL
  bench-sync     sync figures through the real server (release; SQLite and a throwaway PostgreSQL)
  bench-matters  inbox and similar-matter figures over 100,000 matters (release; SQLite)
  bench-duties   the office's duty dashboard over 10,000 representatives (release; SQLite and PostgreSQL)";

/// The workspace root (the parent of `crates/`).
fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().nth(2).expect("crates/xtask is two levels down").to_path_buf()
}
