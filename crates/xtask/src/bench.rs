//! `cargo xtask bench`: the figures of docs/BENCHMARKS.md.

use anyhow::Result;
use std::path::Path;

pub fn all(_root: &Path) -> Result<()> {
    anyhow::bail!("not yet")
}
