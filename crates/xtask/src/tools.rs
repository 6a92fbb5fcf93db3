//! Installing what the build and the tests need, skipping what is there: the
//! wasm32 target, `wasm-bindgen-cli` at exactly the version in Cargo.lock,
//! wasm-opt from npm `binaryen` (Debian's is too old and breaks the app), and
//! Debian's Chromium, ChromeDriver and CJK fonts for browser tests.

use crate::run;
use anyhow::{Context, Result, bail};
use std::path::Path;
use std::process::Command;

/// Debian packages the browser tests need.
const TEST_PACKAGES: &[&str] = &["chromium", "chromium-driver", "fonts-wqy-zenhei"];

/// What `cargo xtask build` needs.
pub fn ensure_build_tools(root: &Path) -> Result<()> {
    ensure_wasm_target()?;
    ensure_wasm_bindgen(root)?;
    ensure_node()?;
    npm_install(&root.join("crates/xtask"))?;
    Ok(())
}

/// What `cargo xtask test` needs on top of the build tools.
pub fn ensure_test_tools(root: &Path) -> Result<()> {
    ensure_debian_packages(TEST_PACKAGES)?;
    npm_install(&root.join("tests/e2e"))?;
    Ok(())
}

fn ensure_wasm_target() -> Result<()> {
    let installed = run::output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        run::cmd("rustup", &["target", "add", "wasm32-unknown-unknown"])?;
    }
    Ok(())
}

/// The version of a package in Cargo.lock (the first one, if several).
pub fn locked_version(root: &Path, package: &str) -> Result<String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).context("reading Cargo.lock")?;
    let needle = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == needle
            && let Some(version) = lines.next().and_then(|l| l.trim().strip_prefix("version = "))
        {
            return Ok(version.trim_matches('"').to_owned());
        }
    }
    bail!("{package} is not in Cargo.lock")
}

fn ensure_wasm_bindgen(root: &Path) -> Result<()> {
    let wanted = locked_version(root, "wasm-bindgen")?;
    let have = run::output("wasm-bindgen", &["--version"]).unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(wanted.as_str()) {
        return Ok(());
    }
    eprintln!("installing wasm-bindgen-cli {wanted} (the version in Cargo.lock; a few minutes the first time)");
    // `--locked` fails for this crate; the exact version is enough.
    run::cmd("cargo", &["install", "wasm-bindgen-cli", "--version", &wanted, "--force"])
}

fn ensure_node() -> Result<()> {
    if run::succeeds("npm", &["--version"]) && run::succeeds("node", &["--version"]) {
        return Ok(());
    }
    ensure_debian_packages(&["nodejs", "npm"])
}

/// `npm ci` in `dir` unless its node_modules already match its lock file.
fn npm_install(dir: &Path) -> Result<()> {
    let lock = dir.join("package-lock.json");
    let stamp = dir.join("node_modules/.package-lock.json");
    let fresh = match (std::fs::metadata(&lock), std::fs::metadata(&stamp)) {
        (Ok(lock), Ok(stamp)) => stamp.modified()? >= lock.modified()?,
        _ => false,
    };
    if !fresh {
        run::status(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(dir))?;
    }
    Ok(())
}

/// Installs Debian packages that are missing (as root, or through sudo).
pub fn ensure_debian_packages(packages: &[&str]) -> Result<()> {
    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|p| {
            run::output("dpkg-query", &["-W", "-f=${Status}", p]).is_none_or(|s| !s.contains("install ok installed"))
        })
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let is_root = run::output("id", &["-u"]).is_some_and(|u| u.trim() == "0");
    let apt = |args: &[&str]| -> Result<()> {
        let mut command = if is_root { Command::new("apt-get") } else { Command::new("sudo") };
        if !is_root {
            command.arg("apt-get");
        }
        run::status(command.args(args).env("DEBIAN_FRONTEND", "noninteractive"))
    };
    eprintln!("installing Debian packages: {}", missing.join(" "));
    apt(&["update", "-q"])?;
    let mut args = vec!["install", "-y", "-q", "--no-install-recommends"];
    args.extend(&missing);
    apt(&args)
}
