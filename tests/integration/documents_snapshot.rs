//! What every document is read as — its metadata, its section paths, its pages and a digest of
//! its text — kept as reviewed snapshots (`tests/integration/snapshots/`). A change to any reader
//! or to parsing shows as a diff of these files: refactoring must leave them as they are, and a
//! deliberate change is accepted by running the test with `INSTA_UPDATE=always` and reviewing the
//! diff. Tier 1 reads the shipped `corpus/`, the fixture corpus and the law fixtures; tier 2 the documents of
//! `../shared` (the reports, the twenty DOCX reports and the format samples).

use std::fmt::Write;
use std::path::Path;

use policy_search::corpus;
use policy_search::ingest;
use policy_search::parse::Document;

use crate::support::manifest_dir;

/// FNV-1a: a digest that is the same on every machine and every Rust version.
fn digest(texts: impl Iterator<Item = impl AsRef<str>>) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for text in texts {
        for byte in text.as_ref().bytes().chain([0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// One document as a few readable lines: metadata as JSON, the paragraphs as runs under one
/// section path, and the paragraphs at which each page starts.
fn describe(doc: &Document, out: &mut String) {
    let metadata = serde_json::to_string_pretty(&doc.metadata).unwrap();
    writeln!(out, "metadata: {metadata}").unwrap();
    for note in &doc.notes {
        writeln!(out, "note: {note}").unwrap();
    }
    writeln!(
        out,
        "paragraphs: {}, text {}",
        doc.paragraphs.len(),
        digest(doc.paragraphs.iter().map(|p| &p.text))
    )
    .unwrap();
    let mut start = 0;
    while start < doc.paragraphs.len() {
        let section = &doc.paragraphs[start].section;
        let end = start
            + doc.paragraphs[start..]
                .iter()
                .take_while(|p| &p.section == section)
                .count();
        let (first, last) = (doc.paragraphs[start].number, doc.paragraphs[end - 1].number);
        let path = if section.is_empty() {
            "(none)".to_string()
        } else {
            section.join(" > ")
        };
        writeln!(out, "  {first}–{last}: {path}").unwrap();
        start = end;
    }
    let mut page_starts = Vec::new();
    let mut page = None;
    for paragraph in &doc.paragraphs {
        if paragraph.page != page {
            page = paragraph.page;
            if let Some(p) = page {
                page_starts.push(format!("p{p}@{}", paragraph.number));
            }
        }
    }
    if !page_starts.is_empty() {
        writeln!(out, "pages: {}", page_starts.join(" ")).unwrap();
    }
}

/// Every supported file under `root`, in path order, as `describe` writes it (or why it was
/// skipped).
fn describe_folder(root: &Path) -> String {
    let (files, _ignored) = corpus::scan(root).unwrap();
    let mut ids: Vec<&str> = files.iter().map(|f| f.id.as_str()).collect();
    ids.sort_unstable();
    let mut out = String::new();
    for id in ids {
        writeln!(out, "== {id}").unwrap();
        match ingest::read_document(root, id) {
            Ok(doc) => describe(&doc, &mut out),
            Err(reason) => writeln!(out, "skipped: {reason}").unwrap(),
        }
        out.push('\n');
    }
    out
}

fn shared(folder: &str) -> std::path::PathBuf {
    let dir = manifest_dir().join("../shared").join(folder);
    assert!(
        dir.is_dir(),
        "tier 2 test: {} is missing (put ../shared beside the project; `cargo test` alone needs no ../shared)",
        dir.display()
    );
    dir
}

#[test]
fn the_shipped_corpus_reads_as_its_snapshot() {
    insta::assert_snapshot!(describe_folder(&manifest_dir().join("corpus")));
}

#[test]
fn the_fixture_corpus_reads_as_its_snapshot() {
    insta::assert_snapshot!(describe_folder(
        &manifest_dir().join("tests/fixtures/corpus")
    ));
}

#[test]
fn the_law_fixtures_read_as_their_snapshot() {
    insta::assert_snapshot!(describe_folder(&manifest_dir().join("tests/fixtures/laws")));
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn the_shared_corpus_reads_as_its_snapshot() {
    insta::assert_snapshot!(describe_folder(&shared("corpus")));
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn the_twenty_docx_reports_read_as_their_snapshot() {
    insta::assert_snapshot!(describe_folder(&shared("formats/docx-2025")));
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn the_format_samples_read_as_their_snapshot() {
    insta::assert_snapshot!(describe_folder(&shared("formats/samples")));
}
