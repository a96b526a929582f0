//! The invariants of ARCHITECTURE.md that a machine can check, on the workspace's own files: the
//! layering of the crates, Tauri only in the shell, no SQL above the store, the IPC boundary in one
//! file, no hand-written encoders, and the map itself (every crate in the diagram, every module its
//! line).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// The workspace members: (package name, folder).
fn members() -> Vec<(String, PathBuf)> {
    let manifest: toml::Table = fs::read_to_string(root().join("Cargo.toml")).unwrap().parse().unwrap();
    let members = manifest["workspace"]["members"].as_array().unwrap();
    members
        .iter()
        .map(|m| {
            let dir = root().join(m.as_str().unwrap());
            let own: toml::Table = fs::read_to_string(dir.join("Cargo.toml")).unwrap().parse().unwrap();
            (own["package"]["name"].as_str().unwrap().to_owned(), dir)
        })
        .collect()
}

/// A crate's dependencies in one table (`dependencies`, `dev-dependencies`, `build-dependencies`).
fn deps(dir: &Path, table: &str) -> BTreeSet<String> {
    let own: toml::Table = fs::read_to_string(dir.join("Cargo.toml")).unwrap().parse().unwrap();
    own.get(table).and_then(|t| t.as_table()).map(|t| t.keys().cloned().collect()).unwrap_or_default()
}

/// Every Rust source file under a folder, with its text.
fn sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = fs::read_to_string(&p).unwrap();
                out.push((p, text));
            }
        }
    }
    out.sort();
    out
}

/// The code of a source without its `#[cfg(test)]` module (tests may quote what code may not).
fn non_test(text: &str) -> &str {
    text.find("#[cfg(test)]").map_or(text, |i| &text[..i])
}

/// The allowed `beian-*` dependencies of each crate: the arrows of the diagram.
fn layering() -> BTreeMap<&'static str, BTreeSet<&'static str>> {
    let table: [(&str, &[&str]); 11] = [
        ("beian-core", &[]),
        ("beian-scan", &[]),
        ("beian-app", &["beian-scan"]),
        ("beian-store", &["beian-core", "beian-scan"]),
        ("beian-print", &["beian-core", "beian-store"]),
        ("beian-ocr", &["beian-core", "beian-scan"]),
        ("beian-handoff", &["beian-core", "beian-store", "beian-scan"]),
        ("beian-usecases", &["beian-core", "beian-store", "beian-scan", "beian-print", "beian-ocr", "beian-app"]),
        ("beian-cli", &["beian-core", "beian-store", "beian-scan", "beian-print", "beian-ocr", "beian-usecases"]),
        (
            "beian-desk",
            &["beian-core", "beian-store", "beian-scan", "beian-print", "beian-ocr", "beian-handoff", "beian-usecases"],
        ),
        // The start benchmark's peer: a bare Tauri window, none of ours.
        ("beian-probe", &[]),
    ];
    table.into_iter().map(|(k, v)| (k, v.iter().copied().collect())).collect()
}

#[test]
fn crates_depend_only_downwards() {
    let allowed = layering();
    let members = members();
    assert_eq!(
        members.iter().map(|(n, _)| n.as_str()).collect::<BTreeSet<_>>(),
        allowed.keys().copied().collect::<BTreeSet<_>>(),
        "a crate was added or removed: give it its place in the layering (and in ARCHITECTURE.md)"
    );
    for (name, dir) in &members {
        let used: BTreeSet<String> =
            deps(dir, "dependencies").into_iter().filter(|d| d.starts_with("beian-")).collect();
        let ok = &allowed[name.as_str()];
        let extra: Vec<_> = used.iter().filter(|d| !ok.contains(d.as_str())).collect();
        assert!(extra.is_empty(), "{name} depends on {extra:?}, which stand above it or beside it");
    }
}

#[test]
fn only_the_shell_knows_tauri() {
    for (name, dir) in members() {
        // The shell, and the bare Tauri window the start benchmark measures it against (which
        // holds none of the domain: `crates_depend_only_downwards` gives it no beian crate).
        if name == "beian-desk" || name == "beian-probe" {
            continue;
        }
        for table in ["dependencies", "dev-dependencies", "build-dependencies"] {
            let tauri: Vec<_> = deps(&dir, table).into_iter().filter(|d| d.starts_with("tauri")).collect();
            assert!(tauri.is_empty(), "{name} names {tauri:?} in [{table}]");
        }
        for (path, text) in sources(&dir.join("src")) {
            assert!(!text.contains("tauri::"), "{} uses Tauri", path.display());
        }
    }
}

#[test]
fn no_sql_above_the_store() {
    let statements = ["SELECT ", "INSERT INTO", "UPDATE ", "DELETE FROM", "CREATE TABLE", "PRAGMA "];
    for (name, dir) in members() {
        if !["beian-usecases", "beian-cli", "beian-desk"].contains(&name.as_str()) {
            continue;
        }
        assert!(!deps(&dir, "dependencies").contains("rusqlite"), "{name} depends on rusqlite");
        for (path, text) in sources(&dir.join("src")) {
            for s in statements {
                assert!(!non_test(&text).contains(s), "{} holds SQL ({s:?})", path.display());
            }
        }
    }
}

#[test]
fn every_conversion_into_the_ipc_error_is_in_error_rs() {
    let shell = root().join("src-tauri/src");
    let boundary = shell.join("error.rs");
    let mut found = 0;
    for (path, text) in sources(&shell) {
        let here = text.matches("for IpcError").count() + text.matches("for crate::error::IpcError").count();
        if path == boundary {
            found = here;
        } else {
            assert_eq!(here, 0, "{} converts into IpcError outside error.rs", path.display());
        }
    }
    assert!(found >= 5, "error.rs holds the conversions ({found} found)");
}

#[test]
fn no_hand_written_encoders() {
    // Byte-by-byte hex formatting, a base64 alphabet, a hand-rolled TOML or zip writer.
    let signs = ["02x}", "02X}", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", "PK\\x03\\x04"];
    for (name, dir) in members() {
        for (path, text) in sources(&dir.join("src")) {
            for s in signs {
                assert!(
                    !non_test(&text).contains(s),
                    "{name}: {} writes by hand what a crate does ({s:?})",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn architecture_md_names_every_crate_and_module() {
    let doc = fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let diagram = doc.split("```").nth(1).expect("the diagram");
    for (name, dir) in members() {
        assert!(diagram.contains(&name), "the diagram lacks {name}");
        // The crate's section: from its heading (`### `crates/beian-core``) to the next one.
        let folder = dir.strip_prefix(root()).unwrap().display().to_string();
        let start = doc.find(&format!("### `{folder}`")).unwrap_or_else(|| panic!("no section for {folder}"));
        let rest = &doc[start + 4..];
        let section = &rest[..rest.find("\n### ").unwrap_or(rest.len())];
        let src = dir.join("src");
        for (path, _) in sources(&src) {
            let rel = path.strip_prefix(&src).unwrap();
            let file = rel.file_name().unwrap().to_str().unwrap();
            if rel.components().count() == 1 && file == "lib.rs" && name != "beian-desk" && name != "beian-usecases" {
                continue; // the section itself is the crate root's line
            }
            let line = if rel.components().count() > 1 && file == "mod.rs" {
                // A directory module is named by its folder (`cert/`).
                format!("`{}/`", rel.parent().unwrap().display())
            } else {
                format!("`{file}`")
            };
            assert!(section.contains(&line), "{folder}'s section has no line for {} (expected {line})", rel.display());
        }
    }
}
