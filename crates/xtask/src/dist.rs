//! Building the PWA into `target/dist`: the app compiled to wasm and shrunk,
//! every asset named by its content hash, the service worker's precache list
//! generated from what was built, and brotli/gzip copies for the server to send.

use crate::run;
use anyhow::{Context, Result};
use liaison_i18n::{Locale, Msg};
use sha2::{Digest, Sha256};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where the built PWA goes.
pub fn dist_dir(root: &Path) -> PathBuf {
    root.join("target/dist")
}

/// File kinds worth compressing.
const COMPRESSIBLE: &[&str] = &["html", "js", "css", "wasm", "webmanifest", "json", "svg", "bin"];

/// The wasm modules of the PWA: the app, and the tools it loads on first use.
const MODULES: &[(&str, &str)] = &[("liaison-app", "liaison_app"), ("liaison-tools", "liaison_tools")];

/// Runs wasm-bindgen and wasm-opt on a built module; returns its JS glue and
/// its shrunk wasm.
fn bind_and_shrink(root: &Path, staging: &Path, lib: &str) -> Result<(Vec<u8>, Vec<u8>)> {
    let built = format!("target/wasm32-unknown-unknown/wasm-release/{lib}.wasm");
    let out = staging.to_str().context("path")?;
    run::cmd("wasm-bindgen", &[built.as_str(), "--target", "web", "--no-typescript", "--out-dir", out])?;
    let raw_wasm = staging.join(format!("{lib}_bg.wasm"));
    let opt_wasm = staging.join(format!("{lib}_opt.wasm"));
    run::cmd(
        root.join("crates/xtask/node_modules/.bin/wasm-opt"),
        &[
            raw_wasm.to_str().context("path")?,
            // -Os, not -Oz: what is sent is brotli, and -Oz's output, though
            // 4 % smaller, compresses 1.6 KB worse for the app shell
            // (docs/BENCHMARKS.md, 2026-12-07); --converge runs the passes
            // until nothing changes (0.7 KB less again).
            "-Os",
            "--converge",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-reference-types",
            "--enable-multivalue",
            "--enable-mutable-globals",
            "--strip-debug",
            "--strip-producers",
            "-o",
            opt_wasm.to_str().context("path")?,
        ],
    )?;
    // The JS glue, minified (terser from npm, like wasm-opt): about 2 KB less to send.
    let glue = staging.join(format!("{lib}.js"));
    let min = staging.join(format!("{lib}.min.js"));
    run::cmd(
        "node",
        &[
            root.join("crates/xtask/node_modules/.bin/terser").to_str().context("path")?,
            glue.to_str().context("path")?,
            "--module",
            "--compress",
            "--mangle",
            "-o",
            min.to_str().context("path")?,
        ],
    )?;
    let (glue, wasm) = (fs::read_to_string(&min)?, fs::read(&opt_wasm)?);
    let (wasm, glue) = if lib == SHELL { crate::imports::shorten(&wasm, &glue)? } else { (wasm, glue) };
    Ok((glue.into_bytes(), wasm))
}

/// The app shell's module: its imports get short names (`imports.rs`). The
/// tools module keeps wasm-bindgen's, since the service worker's glue for
/// it must match the same wasm.
const SHELL: &str = "liaison_app";

/// The tools module's JS glue for the service worker (`--target no-modules`:
/// a classic script it can `importScripts`, defining `wasm_bindgen`), minified.
/// Its wasm is byte for byte the `--target web` one that `bind_and_shrink`
/// made, so the service worker instantiates the precached tools wasm and
/// nothing is cached twice; the build fails if wasm-bindgen ever makes them
/// differ.
fn worker_glue(root: &Path, staging: &Path, lib: &str) -> Result<Vec<u8>> {
    let built = format!("target/wasm32-unknown-unknown/wasm-release/{lib}.wasm");
    let dir = staging.join("no-modules");
    let out = dir.to_str().context("path")?;
    run::cmd("wasm-bindgen", &[built.as_str(), "--target", "no-modules", "--no-typescript", "--out-dir", out])?;
    let web = fs::read(staging.join(format!("{lib}_bg.wasm")))?;
    let classic = fs::read(dir.join(format!("{lib}_bg.wasm")))?;
    anyhow::ensure!(
        web == classic,
        "wasm-bindgen made a different {lib}_bg.wasm for --target no-modules than for --target web; \
         the service worker can no longer share the page's tools wasm"
    );
    let glue = dir.join(format!("{lib}.js"));
    let min = dir.join(format!("{lib}.min.js"));
    // A classic script: no `--module`, so its top-level `wasm_bindgen` stays.
    run::cmd(
        "node",
        &[
            root.join("crates/xtask/node_modules/.bin/terser").to_str().context("path")?,
            glue.to_str().context("path")?,
            "--compress",
            "--mangle",
            "-o",
            min.to_str().context("path")?,
        ],
    )?;
    Ok(fs::read(&min)?)
}

/// Builds the whole PWA.
pub fn build(root: &Path) -> Result<()> {
    let dist = dist_dir(root);
    let staging = root.join("target/wasm-bindgen");
    // One cargo run each: built together, cargo would unify the app crate's
    // features and the tools module would carry (and run) the app's entry point.
    for (package, _) in MODULES {
        run::cargo(&["build", "-p", package, "--target", "wasm32-unknown-unknown", "--profile", "wasm-release"])?;
    }
    let _ = fs::remove_dir_all(&staging);

    let _ = fs::remove_dir_all(&dist);
    fs::create_dir_all(dist.join("assets"))?;
    let mut urls = Vec::new();
    for (package, lib) in MODULES {
        let (js, wasm) = bind_and_shrink(root, &staging, lib)?;
        urls.push((put_hashed(&dist, package, "js", &js)?, put_hashed(&dist, package, "wasm", &wasm)?));
    }
    let [(js, wasm), (tools_js, tools_wasm)] = [urls[0].clone(), urls[1].clone()];
    // The service worker's way into the same tools wasm (Background Sync).
    let tools_worker_js = put_hashed(&dist, "liaison-tools-worker", "js", &worker_glue(root, &staging, MODULES[1].1)?)?;
    let css =
        put_hashed(&dist, "style", "css", minify_css(&fs::read_to_string(root.join("app/style.css"))?).as_bytes())?;
    // Fetched by the app after start-up, not part of its download (see app/src/pinyin.rs).
    let pinyin = put_hashed(&dist, "pinyin-initials", "bin", liaison_core::pinyin::Initials::builtin().bytes())?;

    let mut precache = vec![
        "/index.html".to_owned(),
        js.clone(),
        wasm.clone(),
        css.clone(),
        tools_js.clone(),
        tools_wasm.clone(),
        tools_worker_js.clone(),
        pinyin.clone(),
    ];
    let icons = root.join("pwa/icons");
    fs::create_dir_all(dist.join("icons"))?;
    let mut icon_names: Vec<_> = fs::read_dir(&icons)?.filter_map(|e| e.ok()).map(|e| e.file_name()).collect();
    icon_names.sort();
    for name in icon_names {
        fs::copy(icons.join(&name), dist.join("icons").join(&name))?;
        precache.push(format!("/icons/{}", name.to_string_lossy()));
    }
    let strings = |template: &str| {
        template
            .replace("{{app_name}}", Msg::AppName.text(Locale::ZhCn))
            .replace("{{app_tagline}}", Msg::AppTagline.text(Locale::ZhCn))
    };
    fs::write(dist.join("manifest.webmanifest"), strings(&fs::read_to_string(root.join("pwa/manifest.webmanifest"))?))?;
    precache.push("/manifest.webmanifest".to_owned());

    let index = strings(&fs::read_to_string(root.join("app/index.html"))?)
        .replace("{{js}}", &js)
        .replace("{{wasm}}", &wasm)
        .replace("{{css}}", &css)
        .replace("{{pinyin}}", &pinyin)
        .replace("{{tools_js}}", &tools_js)
        .replace("{{tools_wasm}}", &tools_wasm)
        .replace("{{register_sw}}", fs::read_to_string(root.join("pwa/register-sw.js"))?.trim());
    fs::write(dist.join("index.html"), &index)?;

    // The build id covers every precached byte, so any change is a new version.
    let mut hasher = Sha256::new();
    for path in &precache {
        hasher.update(path.as_bytes());
        hasher.update(fs::read(dist.join(path.trim_start_matches('/')))?);
    }
    let build_id = hex(&hasher.finalize())[..16].to_owned();
    let sw = fs::read_to_string(root.join("pwa/sw.js"))?
        .replace("{{build}}", &build_id)
        .replace("{{precache}}", &serde_json::to_string(&precache)?)
        .replace("{{tools_worker_js}}", &tools_worker_js)
        .replace("{{tools_wasm}}", &tools_wasm);
    fs::write(dist.join("sw.js"), sw)?;

    compress_all(&dist)?;
    eprintln!("built the PWA into {} (build {build_id})", dist.display());
    Ok(())
}

/// The stylesheet without its comments and the spaces nothing needs (about
/// 0.7 KB of the shell's download, brotli). Spaces are kept wherever they can
/// mean something: inside strings, and around `:` (`a :hover` is not
/// `a:hover`); they go only next to `{ } ; , >`.
fn minify_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut quote: Option<char> = None;
    let mut space = false;
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            out.push(c);
            if c == q {
                quote = None;
            }
            continue;
        }
        if c == '/' && chars.peek() == Some(&'*') {
            chars.next();
            let mut last = ' ';
            for c in chars.by_ref() {
                if last == '*' && c == '/' {
                    break;
                }
                last = c;
            }
            space = true;
            continue;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        const TIGHT: &[char] = &['{', '}', ';', ',', '>'];
        if space && !out.is_empty() && !TIGHT.contains(&c) && !out.ends_with(TIGHT) {
            out.push(' ');
        }
        space = false;
        if c == '}' && out.ends_with(';') {
            out.pop();
        }
        if c == '"' || c == '\'' {
            quote = Some(c);
        }
        out.push(c);
    }
    out
}

/// Writes `assets/<stem>-<hash16>.<ext>` and returns its URL path.
fn put_hashed(dist: &Path, stem: &str, ext: &str, bytes: &[u8]) -> Result<String> {
    let hash = hex(&Sha256::digest(bytes))[..16].to_owned();
    let rel = format!("assets/{stem}-{hash}.{ext}");
    fs::write(dist.join(&rel), bytes)?;
    Ok(format!("/{rel}"))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn compress_all(dir: &Path) -> Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            compress_all(&path)?;
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
        if !COMPRESSIBLE.contains(&ext) {
            continue;
        }
        let bytes = fs::read(&path)?;
        fs::write(with_suffix(&path, "br"), brotli_bytes(&bytes)?)?;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&bytes)?;
        fs::write(with_suffix(&path, "gz"), gz.finish()?)?;
    }
    Ok(())
}

/// Brotli at the highest quality (what the server sends to browsers).
pub fn brotli_bytes(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        writer.write_all(bytes)?;
    }
    Ok(out)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::minify_css;

    #[test]
    fn css_loses_comments_and_needless_spaces_only() {
        let css = "/* a comment */\n.a > .b,\n.c { color: red;  margin: 0 auto; }\n.d :hover { content: \"/* kept */ ; x\"; }\n";
        assert_eq!(minify_css(css), ".a>.b,.c{color: red;margin: 0 auto}.d :hover{content: \"/* kept */ ; x\"}");
    }
}
