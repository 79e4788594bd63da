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

// ---- No cycle between files ------------------------------------------------------------------
//
// Within a stage the files form a plan too: a folder's `mod.rs` names its parts, its parts never
// name it back (what they share lives in a sibling file, `types.rs` and the like, which `mod.rs`
// re-exports for the stages after it), and no two files need each other. A cycle between files
// is a knot a newcomer cannot read from one end; this finds every one.

/// A file's module path: `search/query/plan.rs` → `search::query::plan`, `parse/mod.rs` →
/// `parse`, `lib.rs` → the crate root (empty).
fn module_path(relative: &Path) -> Vec<String> {
    let mut path: Vec<String> = relative
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if path.last().is_some_and(|l| l == "mod" || l == "lib") {
        path.pop();
    }
    path
}

/// The code of a file without its comments and its test module (which may name anything): an
/// inline `#[cfg(test)] mod tests { … }` ends the code (it comes last), a `#[cfg(test)] mod
/// tests;` is one line left out.
fn code_of(source: &str) -> String {
    let mut code = Vec::new();
    let mut lines = source
        .lines()
        .map(|line| line.split("//").next().unwrap_or(""));
    while let Some(line) = lines.next() {
        if line.trim() == "#[cfg(test)]" {
            match lines.next() {
                Some(item)
                    if item.trim_start().starts_with("mod ") && item.trim_end().ends_with(';') =>
                {
                    continue
                }
                Some(item) if item.trim_start().starts_with("mod ") => break,
                Some(item) => code.push(item),
                None => break,
            }
            continue;
        }
        code.push(line);
    }
    code.join("\n")
}

/// The paths a file's code names from `crate::`, `super::` and `self::` (a `{…}` group gives
/// one path per item), and, in a folder's `mod.rs`, its parts (declared, or named as
/// `child::x`), each as a module path from the crate root.
fn named_paths(own: &[String], is_folder: bool, code: &str) -> Vec<Vec<String>> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut paths = Vec::new();
    if is_folder && !own.is_empty() {
        // `mod part;` and `pub mod part;`: a folder's mod.rs holds its parts. (The crate root
        // holds the stages; their order is the other test's.)
        for line in code.lines() {
            let line = line.trim();
            let declared = line
                .strip_prefix("pub ")
                .or_else(|| line.strip_prefix("pub(crate) "))
                .unwrap_or(line)
                .strip_prefix("mod ")
                .and_then(|rest| rest.strip_suffix(';'));
            if let Some(part) = declared {
                let mut path = own.to_vec();
                path.push(part.trim().to_string());
                paths.push(path);
            }
        }
    }
    let mut at = 0;
    while at < code.len() {
        let rest = &code[at..];
        let word = ident(rest);
        let preceded_by_path = at > 0 && {
            let before = &code[..at];
            before.ends_with("::")
                || before.ends_with('$')
                || before.ends_with(|c: char| c.is_alphanumeric() || c == '_')
        };
        if word.is_empty() || preceded_by_path || !rest[word.len()..].starts_with("::") {
            at += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let mut base: Vec<String> = match word.as_str() {
            "crate" => Vec::new(),
            // `super` in `a/b.rs` (module a::b) is `a`; in `a/b/mod.rs` (module a::b) too.
            "super" => own[..own.len().saturating_sub(1)].to_vec(),
            "self" => own.to_vec(),
            child if is_folder => {
                let mut path = own.to_vec();
                path.push(child.to_string());
                path
            }
            _ => {
                at += word.len();
                continue;
            }
        };
        let mut tail = &rest[word.len()..];
        while let Some(after) = tail.strip_prefix("::") {
            let segment = ident(after);
            if segment == "super" {
                base.pop();
            } else if !segment.is_empty() {
                base.push(segment.clone());
            } else {
                break;
            }
            tail = &after[segment.len()..];
        }
        match tail.strip_prefix("::{") {
            Some(group) => {
                for item in top_level_names(group) {
                    let mut path = base.clone();
                    if item != "self" {
                        path.push(item);
                    }
                    paths.push(path);
                }
            }
            None => paths.push(base),
        }
        at = code.len() - tail.len();
    }
    paths
}

/// The files each file depends on (by index), through the longest module path prefix that is
/// a file. `error.rs` is left out: the crate's one error type names every stage's errors.
fn file_dependencies(files: &[(PathBuf, String)]) -> Vec<Vec<usize>> {
    let modules: Vec<Vec<String>> = files.iter().map(|(p, _)| module_path(p)).collect();
    let file_of = |path: &[String]| -> Option<usize> {
        (0..=path.len())
            .rev()
            .find_map(|k| modules.iter().position(|m| m.as_slice() == &path[..k]))
    };
    let is_gatherer = |i: usize| GATHERERS.iter().any(|g| modules[i] == [g.to_string()]);
    files
        .iter()
        .enumerate()
        .map(|(i, (path, source))| {
            if is_gatherer(i) {
                return Vec::new();
            }
            let is_folder = path
                .file_name()
                .is_some_and(|n| n == "mod.rs" || n == "lib.rs");
            let mut deps: Vec<usize> = named_paths(&modules[i], is_folder, &code_of(source))
                .iter()
                .filter_map(|p| file_of(p))
                .filter(|&j| j != i && !is_gatherer(j))
                .collect();
            deps.sort_unstable();
            deps.dedup();
            deps
        })
        .collect()
}

/// Each cycle between files, as the files on it joined by " → " (one cycle per strongly
/// connected group, found by depth-first search).
fn file_cycles(files: &[(PathBuf, String)]) -> Vec<String> {
    let deps = file_dependencies(files);
    let mut cycles = Vec::new();
    // 0 unvisited, 1 on the current path, 2 done.
    let mut state = vec![0u8; files.len()];
    let mut path: Vec<usize> = Vec::new();
    fn visit(
        at: usize,
        deps: &[Vec<usize>],
        state: &mut [u8],
        path: &mut Vec<usize>,
        found: &mut Vec<Vec<usize>>,
    ) {
        state[at] = 1;
        path.push(at);
        for &next in &deps[at] {
            match state[next] {
                0 => visit(next, deps, state, path, found),
                1 => {
                    let from = path.iter().position(|&p| p == next).unwrap();
                    found.push(path[from..].to_vec());
                }
                _ => {}
            }
        }
        path.pop();
        state[at] = 2;
    }
    let mut found = Vec::new();
    for start in 0..files.len() {
        if state[start] == 0 {
            visit(start, &deps, &mut state, &mut path, &mut found);
        }
    }
    for cycle in found {
        let mut names: Vec<String> = cycle
            .iter()
            .map(|&i| files[i].0.display().to_string())
            .collect();
        names.push(names[0].clone());
        cycles.push(names.join(" → "));
    }
    cycles
}

#[test]
fn no_two_files_need_each_other() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &src, &mut files);
    // Test files may name what they test, whatever it is.
    files.retain(|(path, _)| {
        let name = path.file_name().unwrap().to_string_lossy();
        name != "tests.rs" && !name.ends_with("_tests.rs")
    });
    let cycles = file_cycles(&files);
    assert!(
        cycles.is_empty(),
        "files that need each other (a part naming its folder's mod.rs, or siblings that name \
         each other; move what they share to a file of its own):\n{}",
        cycles.join("\n")
    );
}

#[test]
fn a_cycle_between_files_is_caught_in_every_spelling() {
    let file = |path: &str, source: &str| (PathBuf::from(path), source.to_string());
    let cycles = |files: &[(PathBuf, String)]| file_cycles(files);
    // A part naming its folder's mod.rs, which names the part.
    assert_eq!(
        cycles(&[
            file(
                "parse/mod.rs",
                "mod metadata;\npub use metadata::Metadata;\n"
            ),
            file("parse/metadata.rs", "use super::Paragraph;\n"),
        ]),
        ["parse/mod.rs → parse/metadata.rs → parse/mod.rs"]
    );
    // Siblings, through a group, a written-out path and `super::super`.
    assert_eq!(
        cycles(&[
            file("parse/date.rs", "use super::{structure, x};\n"),
            file(
                "parse/structure.rs",
                "let d = crate::parse::date::find(l);\n"
            ),
        ])
        .len(),
        1
    );
    assert_eq!(
        cycles(&[
            file("extract/pdf/fonts.rs", "use super::super::layout::Line;\n"),
            file(
                "extract/layout.rs",
                "use crate::extract::pdf::fonts::Font;\n"
            ),
        ])
        .len(),
        1
    );
    // A test module declared before the code leaves the code read.
    assert_eq!(
        cycles(&[
            file("index/mod.rs", "#[cfg(test)]\nmod tests;\nmod writer;\n"),
            file("index/writer.rs", "use super::open;\n"),
        ])
        .len(),
        1
    );
    // Looking back only, comments, tests and the error gatherer make no cycle.
    assert!(cycles(&[
        file("parse/mod.rs", "mod types;\npub use types::Paragraph;\n"),
        file("parse/types.rs", "// see super::Document\n"),
        file(
            "parse/metadata.rs",
            "use super::types::Paragraph;\n#[cfg(test)]\nmod tests { use super::super::X; }\n"
        ),
        file("error.rs", "Query(#[from] crate::parse::Error),\n"),
        file("parse/region.rs", "use crate::error::Result;\n"),
    ])
    .is_empty());
}
