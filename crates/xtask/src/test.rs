//! `cargo xtask test`: every check and test, cheapest first, stopping at the
//! first failure. This is what CI runs (`.ci/run`).

use crate::{dist, postgres, run, tools};
use anyhow::{Result, bail};
use std::path::Path;
use std::process::Command;

pub fn all(root: &Path) -> Result<()> {
    tools::ensure_build_tools(root)?;
    tools::ensure_test_tools(root)?;

    // Conventions.
    run::cargo(&["fmt", "--all", "--", "--check"])?;
    // Native crates (the workspace's default members), then the wasm ones. The
    // core's tests are native only (proptest); its library must be clean on wasm too.
    run::cargo(&["clippy", "--all-targets", "--", "-D", "warnings"])?;
    let wasm = "wasm32-unknown-unknown";
    run::cargo(&[
        "clippy",
        "-p",
        "liaison-app",
        "-p",
        "liaison-tools",
        "--target",
        wasm,
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ])?;
    run::cargo(&[
        "clippy",
        "-p",
        "liaison-core",
        "-p",
        "liaison-i18n",
        "-p",
        "liaison-sync",
        "--target",
        wasm,
        "--",
        "-D",
        "warnings",
    ])?;
    for krate in PURE {
        is_pure(krate)?;
    }

    // Native unit, property, golden and server tests; the server's storage
    // story runs on SQLite and on a throwaway PostgreSQL cluster.
    postgres::with_cluster(|url| cargo_test_with_postgres(url, &["test"]))?;

    // The browser storage layer, in headless Chromium.
    run::status(
        Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["test", "-p", "liaison-app", "--target", "wasm32-unknown-unknown"])
            .env("CHROMEDRIVER", "/usr/bin/chromedriver")
            .current_dir(root.join("app")),
    )?;

    // End to end: the built PWA, the real server, a real browser.
    dist::build(root)?;
    run::cargo(&["build", "-p", "liaison-server"])?;
    run::status(
        Command::new("node")
            .args(["--test", "--test-concurrency=1"])
            .current_dir(root.join("tests/e2e"))
            .env("LIAISON_BIN", root.join("target/debug/liaison"))
            .env("LIAISON_DIST", dist::dist_dir(root)),
    )?;
    Ok(())
}

/// `cargo args…` with `LIAISON_TEST_DATABASE_URL` pointing at `url`.
pub fn cargo_test_with_postgres<S: AsRef<std::ffi::OsStr>>(url: &str, args: &[S]) -> Result<()> {
    run::status(
        Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(args)
            .env("LIAISON_TEST_DATABASE_URL", url),
    )
}

/// The crates that must stay pure: the domain and the sync protocol.
const PURE: &[&str] = &["liaison-core", "liaison-sync"];

/// `krate` (liaison-core, liaison-sync) must build for wasm32 with no IO,
/// clock, async runtime or source of randomness anywhere in its normal
/// dependency tree.
fn is_pure(krate: &str) -> Result<()> {
    let tree = run::output(
        "cargo",
        &["tree", "-p", krate, "--target", "wasm32-unknown-unknown", "-e", "normal", "--prefix", "none"],
    )
    .unwrap_or_default();
    if tree.trim().is_empty() {
        bail!("`cargo tree -p {krate}` printed nothing");
    }
    const BANNED: &[&str] =
        &["getrandom", "rand", "tokio", "sqlx", "web-sys", "js-sys", "wasm-bindgen", "iana-time-zone"];
    for line in tree.lines() {
        let name = line.split_whitespace().next().unwrap_or_default();
        if BANNED.contains(&name) {
            bail!("{krate} depends on {name}: it must stay pure (no IO, clock or randomness)");
        }
    }
    run::cargo(&["check", "-p", krate, "--target", "wasm32-unknown-unknown"])
}
