//! `cargo xtask bench`: the figures of docs/BENCHMARKS.md, printed, never
//! asserted. Browser figures come from `tests/e2e/bench.mjs` (real Chromium,
//! real server on 127.0.0.1); sync figures from `tests/e2e/bench_sync.mjs`
//! (the app's storage and sync driver in Chromium, the release server).

use crate::{dist, run, tools};
use anyhow::{Context, Result};
use std::fs;
use std::path::Path;
use std::process::Command;

pub fn all(root: &Path) -> Result<()> {
    tools::ensure_build_tools(root)?;
    tools::ensure_test_tools(root)?;
    dist::build(root)?;
    run::cargo(&["build", "-p", "liaison-server"])?;

    let dist = dist::dist_dir(root);
    let mut shell = Vec::new();
    for entry in fs::read_dir(dist.join("assets"))? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        if let Some(original) = name.strip_suffix(".br") {
            let raw = fs::metadata(dist.join("assets").join(original))?.len();
            shell.push((original.to_owned(), raw, fs::metadata(&path)?.len()));
        }
    }
    shell.sort();

    let out = Command::new("node")
        .arg("bench.mjs")
        .current_dir(root.join("tests/e2e"))
        .env("LIAISON_BIN", root.join("target/debug/liaison"))
        .env("LIAISON_DIST", &dist)
        .output()
        .context("running tests/e2e/bench.mjs")?;
    if !out.status.success() {
        anyhow::bail!("bench.mjs failed:\n{}", String::from_utf8_lossy(&out.stderr));
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let figures: serde_json::Value =
        serde_json::from_str(stdout.lines().last().unwrap_or_default()).context("reading bench.mjs output")?;

    // Not part of the shell: the tools module (loaded when a tool is first used)
    // and the pinyin table (fetched after start-up).
    let (tools, shell): (Vec<_>, Vec<_>) = shell
        .into_iter()
        .partition(|(name, _, _)| name.starts_with("liaison-tools") || name.starts_with("pinyin-initials"));
    let list = |files: &[(String, u64, u64)]| {
        let mut total = 0;
        for (name, raw, br) in files {
            println!("  {name:<40} {:>8.1} KB raw {:>8.1} KB brotli", *raw as f64 / 1000.0, *br as f64 / 1000.0);
            total += br;
        }
        total as f64 / 1000.0
    };
    println!("App shell (wasm + JS + CSS), as sent with brotli:");
    let total = list(&shell);
    println!("  {:<40} {:>8} {:>11.1} KB brotli   (target ≤ 300 KB)", "total", "", total);
    println!(
        "Fetched later, precached for offline: the tools module (export/import, roster import, photo shrinking, \
         loading the organisation) on first use, the pinyin table after start-up:"
    );
    let total = list(&tools);
    println!("  {:<40} {:>8} {:>11.1} KB brotli", "total", "", total);
    let fig = |key: &str, field: &str| figures[key][field].as_f64().unwrap_or(f64::NAN);
    println!(
        "Offline cold start to an interactive form, 4x CPU throttling: median {:.0} ms, max {:.0} ms over {} runs   (target ≤ 1000 ms)",
        fig("cold_start_offline_4x_ms", "median"),
        fig("cold_start_offline_4x_ms", "max"),
        fig("cold_start_offline_4x_ms", "runs"),
    );
    println!(
        "  (medians from navigation start: wasm running {:.0} ms, IndexedDB open {:.0} ms, form rendered {:.0} ms, a key typed into it by the harness {:.0} ms)",
        fig("cold_start_offline_4x_ms", "wasm_started_median"),
        fig("cold_start_offline_4x_ms", "storage_open_median"),
        fig("cold_start_offline_4x_ms", "median"),
        fig("cold_start_offline_4x_ms", "typed_into_form_median"),
    );
    println!(
        "Save a card → committed in IndexedDB: median {:.1} ms, max {:.1} ms over {} saves   (target median ≤ 20 ms)",
        fig("save_card_commit_ms", "median"),
        fig("save_card_commit_ms", "max"),
        fig("save_card_commit_ms", "runs"),
    );
    let line = |label: &str, key: &str, target: &str| {
        println!(
            "{label}: median {:.1} ms, max {:.1} ms over {} runs   (target {target})",
            fig(key, "median"),
            fig(key, "max"),
            fig(key, "runs")
        )
    };
    line("Submit a reception card with 2 opinions → committed", "submit_reception_two_opinions_ms", "median ≤ 50 ms");
    line("Shrink a 12-megapixel photo", "photo_12mp_shrink_ms", "≤ 1500 ms");
    println!("  (input JPEG {:.1} MB)", fig("photo_12mp_shrink_ms", "input_bytes") / 1e6);
    line("10,000 cards: first render of the start screen", "list_10k_first_render_ms", "≤ 100 ms");
    line("10,000 cards: a search", "search_10k_ms", "≤ 50 ms");
    line("10,000 cards: the start screen's duties, read and counted", "duties_10k_ms", "—");
    line("  of which evaluating every duty", "duties_10k_evaluate_ms", "≤ 20 ms for 5,000 records");
    sync_figures(root, &dist)
}

/// Sync between two phones (headless Chromium, the app's own storage and
/// driver) through the release server on 127.0.0.1. The targets are ten times
/// PouchDB 9 replicating to pouchdb-server on this kind of machine.
fn sync_figures(root: &Path, dist: &Path) -> Result<()> {
    run::cargo(&["build", "--release", "-p", "liaison-server"])?;
    let out = Command::new("node")
        .arg("bench_sync.mjs")
        .current_dir(root.join("tests/e2e"))
        .env("LIAISON_BIN", root.join("target/release/liaison"))
        .env("LIAISON_DIST", dist)
        .output()
        .context("running tests/e2e/bench_sync.mjs")?;
    if !out.status.success() {
        anyhow::bail!("bench_sync.mjs failed:\n{}", String::from_utf8_lossy(&out.stderr));
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let figures: serde_json::Value =
        serde_json::from_str(stdout.lines().last().unwrap_or_default()).context("reading bench_sync.mjs output")?;
    println!(
        "Sync, two phones in Chromium of a representative of the demo organisation (each card pushed becomes a matter \
         whose status comes back to both), release server on 127.0.0.1, cards of about 1 KB:"
    );
    for (key, label, target) in [
        ("push_10k", "push 10,000 cards (statuses back)", "≤ 730 ms"),
        ("pull_10k_into_empty", "pull 10,000 and statuses into an empty phone", "≤ 650 ms"),
        ("push_100_of_10k", "push 100 new of 10,000", "≤ 8.4 ms"),
        ("pull_100_of_10k", "pull 100 new of 10,000", "≤ 8.4 ms"),
        ("noop_median", "a sync with nothing to do (median of 5)", "≤ 2.5 ms, 1 request"),
        ("noop_http_median", "the same, WebSockets refused: on HTTP", "—"),
        ("noop_400_photos_median", "the same with 400 photos taken and sent", "—"),
    ] {
        let f = &figures[key];
        println!(
            "  {label:<46} {:>8.1} ms in {} requests   (target {target})",
            f["ms"].as_f64().unwrap_or(f64::NAN),
            f["requests"]
        );
        let part = |name: &str| f["parts"][name].as_f64().unwrap_or(f64::NAN);
        println!(
            "      (reading the outbox {:.1} ms, requests {:.1} ms of which on the wire and server {:.1} ms, writing answers {:.1} ms)",
            part("read"),
            part("exchange"),
            part("fetch"),
            part("apply"),
        );
    }
    let floor = &figures["indexeddb_floor"];
    println!(
        "  for scale, plain IndexedDB in this browser: 10,000 puts in one transaction {:.1} ms, one getAll of 10,000 cards {:.1} ms",
        floor["puts_10k_ms"].as_f64().unwrap_or(f64::NAN),
        floor["get_all_10k_ms"].as_f64().unwrap_or(f64::NAN),
    );
    println!(
        "  and 10,000 opinion cards shaped as the app stores them, with the store's index, in one transaction {:.1} ms",
        floor["card_puts_10k_ms"].as_f64().unwrap_or(f64::NAN),
    );
    println!(
        "  the same 10,000 cards a hundred to a record, with multiEntry indexes by id and by time {:.1} ms",
        floor["card_pages_10k_ms"].as_f64().unwrap_or(f64::NAN),
    );
    println!(
        "  reading all 10,000 back with one getAll: one a record {:.1} ms, a hundred to a record {:.1} ms",
        floor["card_get_all_10k_ms"].as_f64().unwrap_or(f64::NAN),
        floor["card_pages_get_all_10k_ms"].as_f64().unwrap_or(f64::NAN),
    );
    Ok(())
}
