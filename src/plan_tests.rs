//! The plan in `lib.rs` holds: each stage uses only the stages declared before it.
//!
//! The order is read from `lib.rs` itself (its `pub mod` lines, top to bottom), and every `use
//! crate::x` and `crate::x::` path in every module's source is checked against it, so a forward
//! import fails here the day it is written rather than the day someone trusts the plan.

use std::path::{Path, PathBuf};

/// Stages allowed to name later ones, and why. `error` is the crate's one error type: it names
/// each stage's own error (`QueryError`, `DictionaryError`) so that `?` works everywhere.
const GATHERERS: &[&str] = &["error"];

/// The stages in the order `lib.rs` declares them.
fn stages(lib_rs: &str) -> Vec<String> {
    lib_rs
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .filter_map(|rest| rest.strip_suffix(';'))
        .map(str::to_string)
        .collect()
}

/// The stages a source file names through `crate::`: `use crate::x`, `use crate::{x, y::z}`, and
/// paths written out (`crate::x::f()`). Comments are skipped: a doc link is no dependency.
fn named_stages(source: &str) -> Vec<String> {
    // Comments out, lines kept: a `use crate::{…}` group may span lines.
    let code: String = source
        .lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let mut named = Vec::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            named.extend(top_level_names(group));
        } else {
            let name: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                named.push(name);
            }
        }
        rest = after;
    }
    named
}

/// `a, b::c, d::{e, f}}…` (the text after `crate::{`) → a, b, d: the names up to the brace that
/// closes the group.
fn top_level_names(group: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut depth = 0;
    let mut current = String::new();
    for c in group.chars() {
        let end = c == '}' && depth == 0;
        match c {
            '{' => depth += 1,
            '}' if depth > 0 => depth -= 1,
            _ => {}
        }
        if c == ',' && depth == 0 || end {
            let name: String = current
                .trim()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                names.push(name);
            }
            current.clear();
            if end {
                break;
            }
            continue;
        }
        if depth == 0 && c != '}' {
            current.push(c);
        }
    }
    names
}

/// The stage a file under `src/` belongs to: `src/parse/structure.rs` → `parse`.
fn stage_of(relative: &Path) -> Option<String> {
    let first = relative.components().next()?.as_os_str().to_str()?;
    Some(first.strip_suffix(".rs").unwrap_or(first).to_string())
}

/// Every import that points forward in `order`, as `file: stage → later stage`.
fn forward_imports(order: &[String], files: &[(PathBuf, String)]) -> Vec<String> {
    let rank = |s: &str| order.iter().position(|o| o == s);
    let mut found = Vec::new();
    for (path, source) in files {
        let Some(stage) = stage_of(path) else {
            continue;
        };
        let Some(own) = rank(&stage) else {
            continue; // lib.rs, main.rs, this test
        };
        if GATHERERS.contains(&stage.as_str()) {
            continue;
        }
        for named in named_stages(source) {
            if rank(&named).is_some_and(|other| other > own) {
                found.push(format!("{}: {stage} uses {named}", path.display()));
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

fn rust_files(dir: &Path, root: &Path, out: &mut Vec<(PathBuf, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let source = std::fs::read_to_string(&path).unwrap();
            out.push((path.strip_prefix(root).unwrap().to_path_buf(), source));
        }
    }
}

#[test]
fn no_module_imports_a_stage_declared_after_its_own() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let order = stages(&std::fs::read_to_string(src.join("lib.rs")).unwrap());
    assert!(
        order.len() >= 10 && order.iter().any(|s| s == "extract"),
        "the stages are read from lib.rs: {order:?}"
    );
    let mut files = Vec::new();
    rust_files(&src, &src, &mut files);
    assert!(files.len() > 50, "{} files under src/", files.len());
    let forward = forward_imports(&order, &files);
    assert!(
        forward.is_empty(),
        "imports that point forward in lib.rs's order ({}):\n{}",
        order.join(" → "),
        forward.join("\n")
    );
}

#[test]
fn a_forward_import_is_caught_in_every_spelling() {
    let order: Vec<String> = ["error", "text", "extract", "parse", "search"]
        .map(String::from)
        .to_vec();
    let file = |path: &str, source: &str| (PathBuf::from(path), source.to_string());
    let files = [
        file("extract/layout.rs", "use crate::parse::structure;\n"),
        file("extract/pdf/fonts.rs", "use crate::{text, search::x};\n"),
        file(
            "text/mod.rs",
            "    let f = crate::extract::detect(b, \"\");\n",
        ),
        // Backward imports, comments and the error gatherer are fine.
        file("parse/mod.rs", "use crate::extract::{self, Format};\n"),
        file("parse/html.rs", "/// See [`x`](crate::search::plan).\n"),
        file("error.rs", "Query(#[from] crate::search::QueryError),\n"),
        file(
            "search/mod.rs",
            "use crate::{error::Result, parse::{self, date}};\n",
        ),
    ];
    assert_eq!(
        forward_imports(&order, &files),
        [
            "extract/layout.rs: extract uses parse",
            "extract/pdf/fonts.rs: extract uses search",
            "text/mod.rs: text uses extract",
        ]
    );
}

#[test]
fn the_order_is_lib_rs_order_of_declaration() {
    let lib = "//! doc\n\n// first\npub mod error;\n\n// then\npub mod text;\n#[cfg(test)]\nmod plan_tests;\npub mod extract;\n";
    assert_eq!(stages(lib), ["error", "text", "extract"]);
    assert_eq!(
        named_stages("use crate::{a::{b, c}, d};\nlet x = crate::e::f(crate::g::h); // crate::z\n"),
        ["a", "d", "e", "g"]
    );
    assert_eq!(
        named_stages("use crate::{\n    analyze,\n    parse::{self, Metadata},\n};\n"),
        ["analyze", "parse"]
    );
}
