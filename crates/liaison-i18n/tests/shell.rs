//! The app shell is built without the texts of messages marked `@tools`
//! (the `shell` feature): only screens the tools module draws may name them.
//! This reads every Rust file of the workspace and fails if a file the shell
//! is built from — or the core, the sync protocol or the tools module's own
//! functions, whose refusals the shell shows by key — names a `@tools`
//! message. (A message left unmarked that could be marked only costs bytes.)

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Files whose messages only the tools module shows: the screens it mounts
/// (and what only they use), and the server, which the shell never renders
/// an answer of by key (the tools module's sync and desk do).
fn tools_only_file(path: &str) -> bool {
    const SCREENS: &[&str] = &[
        "addenda",
        "admin",
        "admin_orgs",
        "admin_paired",
        "admin_policy",
        "admin_profile",
        "contacts",
        "conflicts",
        "documents",
        "matter_status",
        "feedback",
        "settings",
        "account",
    ];
    if path.starts_with("app/src/ui/desk/") || path.starts_with("crates/liaison-server/") {
        return true;
    }
    path.strip_prefix("app/src/ui/").and_then(|f| f.strip_suffix(".rs")).is_some_and(|f| SCREENS.contains(&f))
}

fn rust_files(dir: &Path, root: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if name != "target" && name != "node_modules" && !name.starts_with('.') {
                rust_files(&path, root, out);
            }
        } else if name.ends_with(".rs") {
            let relative = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            out.push((relative, path));
        }
    }
}

/// The names of messages marked `@tools` in the catalogue.
fn marked(catalogue: &str) -> Vec<String> {
    catalogue
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("@tools "))
        .filter_map(|rest| rest.split_whitespace().next().map(str::to_owned))
        .collect()
}

/// Every `Msg::Name` in `source`.
fn named(source: &str) -> Vec<String> {
    source
        .split("Msg::")
        .skip(1)
        .map(|rest| rest.chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>())
        .filter(|name| {
            name.starts_with(|c: char| c.is_ascii_uppercase()) && name.contains(|c: char| c.is_ascii_lowercase())
        })
        .collect()
}

#[test]
fn only_screens_of_the_tools_module_name_a_message_left_out_of_the_shell() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap();
    let catalogue_path = root.join("crates/liaison-i18n/src/catalogue.rs");
    let marked = marked(&std::fs::read_to_string(&catalogue_path).unwrap());
    assert!(marked.len() > 100, "the catalogue's @tools marks were not found");
    let mut files = Vec::new();
    for dir in ["app", "crates"] {
        rust_files(&root.join(dir), &root, &mut files);
    }
    assert!(files.iter().any(|(f, _)| f == "app/src/ui/sync_bar.rs"), "the shell's files were not found");
    let mut wrong: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (relative, path) in &files {
        if relative == "crates/liaison-i18n/src/catalogue.rs" || tools_only_file(relative) {
            continue;
        }
        let source = std::fs::read_to_string(path).unwrap();
        for name in named(&source) {
            if marked.contains(&name) {
                wrong.entry(name).or_default().push(relative.clone());
            }
        }
    }
    assert!(wrong.is_empty(), "@tools messages named outside the tools module's screens (remove the mark): {wrong:#?}");
}

#[test]
fn the_reader_finds_names_and_marks() {
    assert_eq!(named("x(Msg::SyncNow); Msg::ALL; Msg::fill"), ["SyncNow"]);
    assert_eq!(marked("    @tools DeskTitle = \"desk\" => \"办理台\", \"Desk\";\n    Other = \"o\""), ["DeskTitle"]);
}
