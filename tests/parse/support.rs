//! What the parser tests share: the two corpora (tier 1: `corpus/` and the fixtures; tier 2:
//! `../shared/corpus`), read once, and small look-ups on their documents.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use policy_search::ingest::read_document;
use policy_search::parse::{Document, Paragraph};

pub const REFERENCE: &str = "重庆高新区直管园2021年经济社会发展情况及2022年重点工作.txt";
pub const REPORTS_DIR: &str = "reports-2026";

/// A set of documents, each read from its folder.
pub struct Corpus {
    pub docs: Vec<Doc>,
}

pub struct Doc {
    pub root: PathBuf,
    pub id: String,
    pub doc: Document,
}

impl Corpus {
    pub fn read(files: Vec<(PathBuf, String)>) -> Self {
        let docs = files
            .into_iter()
            .map(|(root, id)| {
                let doc = read_document(&root, &id)
                    .unwrap_or_else(|e| panic!("{id}: cannot be read: {e}"));
                Doc { root, id, doc }
            })
            .collect();
        Corpus { docs }
    }
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Document)> {
        self.docs.iter().map(|d| (d.id.as_str(), &d.doc))
    }
    /// The reports: documents that open with 各位代表：.
    pub fn reports(&self) -> impl Iterator<Item = (&str, &Document)> {
        self.iter().filter(|(id, _)| id.contains("政府工作报告"))
    }
    /// Documents whose source is plain text (their lines can be compared with paragraphs).
    pub fn texts(&self) -> impl Iterator<Item = &Doc> {
        self.docs.iter().filter(|d| d.id.ends_with(".txt"))
    }
    pub fn doc(&self, id_part: &str) -> &Document {
        let matches: Vec<&Document> = self
            .iter()
            .filter(|(id, _)| id.contains(id_part))
            .map(|(_, d)| d)
            .collect();
        assert_eq!(matches.len(), 1, "exactly one document matches {id_part:?}");
        matches[0]
    }
    pub fn report(&self, region: &str) -> &Document {
        self.doc(&format!("_{region}_政府工作报告"))
    }
    /// Every source line of every text document.
    pub fn all_source_lines(&self) -> Vec<String> {
        self.texts()
            .flat_map(|d| source_lines(&d.root, &d.id))
            .collect()
    }
}

/// Text files under `dir`, as ids relative to it, sorted.
pub fn files_under(dir: &Path) -> Vec<String> {
    let mut ids: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file() && !e.file_name().to_string_lossy().ends_with(".md"))
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    ids.sort();
    ids
}

pub fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Tier 1: the reference document (shipped in corpus/) and the fixtures.
pub static FIXTURES: LazyLock<Corpus> = LazyLock::new(|| {
    let mut files = vec![(manifest_dir().join("corpus"), REFERENCE.to_string())];
    let fixtures = manifest_dir().join("tests/fixtures/corpus");
    files.extend(
        files_under(&fixtures)
            .into_iter()
            .map(|id| (fixtures.clone(), id)),
    );
    Corpus::read(files)
});

pub fn shared_root() -> PathBuf {
    manifest_dir().join("../shared/corpus")
}

/// Tier 2: `../shared/corpus` — the reference document, then the 25 reports by name. Each test
/// checks that it is there first, so that each says why it fails.
pub fn shared() -> &'static Corpus {
    let root = shared_root();
    assert!(
        root.join(REPORTS_DIR).is_dir(),
        "tier 2 test: the shared corpus is missing at {} (the 25 reports of \
         ../shared/corpus/reports-2026 beside the project). `cargo test` (tier 1) needs no \
         ../shared; `cargo test -- --ignored` does.",
        root.display()
    );
    &SHARED
}

pub static SHARED: LazyLock<Corpus> = LazyLock::new(|| {
    let root = shared_root();
    let mut reports: Vec<String> = std::fs::read_dir(root.join(REPORTS_DIR))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".txt"))
        .map(|name| format!("{REPORTS_DIR}/{name}"))
        .collect();
    reports.sort();
    let mut files = vec![(root.clone(), REFERENCE.to_string())];
    files.extend(reports.into_iter().map(|id| (root.clone(), id)));
    Corpus::read(files)
});

/// The source file's lines, decoded, trimmed, empty lines left out.
pub fn source_lines(root: &Path, id: &str) -> Vec<String> {
    let bytes = std::fs::read(root.join(id)).unwrap();
    let (text, _) = policy_search::ingest::decode(&bytes).unwrap();
    text.lines()
        .map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}'))
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// The paragraph whose text starts with `start`.
pub fn paragraph<'a>(doc: &'a Document, start: &str) -> &'a Paragraph {
    doc.paragraphs
        .iter()
        .find(|p| p.text.starts_with(start))
        .unwrap_or_else(|| panic!("{}: no paragraph starts with {start:?}", doc.id))
}

pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// The texts of a document's paragraphs.
pub fn texts(doc: &Document) -> Vec<&str> {
    doc.paragraphs.iter().map(|p| p.text.as_str()).collect()
}
