//! Fixtures. Tier 1 (every `cargo test`): the shipped `corpus/` and the synthetic documents of
//! `tests/fixtures/corpus`, indexes built into temporary folders, small corpora written by the
//! tests. Tier 2 (`cargo test -- --ignored`): the shared corpus in `../shared` beside the project.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use policy_search::index::{self, NoProgress, SyncOptions, SyncReport};
use policy_search::search::Engine;
use tempfile::TempDir;

pub fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/corpus`: synthetic reports and notices (see tests/fixtures/README.md).
pub fn fixture_corpus() -> PathBuf {
    manifest_dir().join("tests/fixtures/corpus")
}

/// The reference document shipped in `corpus/`.
pub const REFERENCE: &str = "重庆高新区直管园2021年经济社会发展情况及2022年重点工作.txt";

#[path = "../common/files.rs"]
mod files;
pub use files::copy_tree;

/// Reads a query list: one a line, blank lines and `#` comments skipped.
pub fn read_queries(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// `tests/fixtures/queries.txt`: the tier-1 query list.
pub fn fixture_queries() -> Vec<String> {
    read_queries(&manifest_dir().join("tests/fixtures/queries.txt"))
}

/// An index built once per test run (read-only for tests).
pub struct SharedIndex {
    _dir: TempDir,
    pub corpus: PathBuf,
    pub path: PathBuf,
    pub engine: Engine,
    pub report: SyncReport,
}

impl SharedIndex {
    pub fn build(fill: impl FnOnce(&Path)) -> Self {
        let dir = TempDir::new().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus).unwrap();
        fill(&corpus);
        let path = dir.path().join("index");
        let report = sync(&corpus, &path);
        let engine = Engine::open(&path).unwrap();
        SharedIndex {
            _dir: dir,
            corpus,
            path,
            engine,
            report,
        }
    }
}

/// Tier 1: an index of the shipped reference document and the fixtures (7 documents).
pub fn fixture_index() -> &'static SharedIndex {
    static INDEX: OnceLock<SharedIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        SharedIndex::build(|corpus| {
            std::fs::copy(
                manifest_dir().join("corpus").join(REFERENCE),
                corpus.join(REFERENCE),
            )
            .unwrap();
            copy_tree(&fixture_corpus(), corpus);
        })
    })
}

/// `tests/fixtures/named`: a small law library (Markdown laws with their 题注, two versions of
/// one law, a decision that amends it, a regulation, a notice with a 发文字号), indexed alone.
pub fn law_index() -> &'static SharedIndex {
    static INDEX: OnceLock<SharedIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        SharedIndex::build(|corpus| copy_tree(&manifest_dir().join("tests/fixtures/named"), corpus))
    })
}

/// Tier 2: `../shared/corpus` beside the project (the reference document and the 25 reports).
pub fn shared_corpus() -> PathBuf {
    let dir = manifest_dir().join("../shared/corpus");
    assert!(
        dir.join("reports-2026").is_dir(),
        "tier 2 test: the shared corpus is missing at {} (the 25 reports of \
         ../shared/corpus/reports-2026 beside the project). `cargo test` (tier 1) needs no \
         ../shared; `cargo test -- --ignored` does.",
        dir.display()
    );
    dir
}

/// Tier 2: `../shared/queries/public.txt`.
pub fn shared_queries() -> Vec<String> {
    shared_corpus();
    read_queries(&manifest_dir().join("../shared/queries/public.txt"))
}

/// Tier 2: an index of the 26 shared documents (read in place, never copied).
pub fn shared_index() -> &'static SharedIndex {
    static INDEX: OnceLock<SharedIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let corpus = shared_corpus();
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("index");
        let report = sync(&corpus, &path);
        let engine = Engine::open(&path).unwrap();
        SharedIndex {
            _dir: dir,
            corpus,
            path,
            engine,
            report,
        }
    })
}

pub fn sync(corpus: &Path, index_dir: &Path) -> SyncReport {
    index::sync(&SyncOptions::new(corpus, index_dir), &NoProgress)
        .unwrap_or_else(|e| panic!("indexing {}: {e}", corpus.display()))
}

/// A temporary corpus and index folder.
pub struct Workspace {
    pub dir: TempDir,
}

impl Workspace {
    pub fn new() -> Self {
        let dir = TempDir::new().unwrap();
        std::fs::create_dir(dir.path().join("corpus")).unwrap();
        Workspace { dir }
    }
    pub fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }
    pub fn index(&self) -> PathBuf {
        self.dir.path().join("index")
    }
    /// Copies the fixture reports (tests/fixtures/corpus/reports) whose file names contain any
    /// of `names` (东川省, 西岭自治区, 南湖市, 北岸市).
    pub fn with_reports(self, names: &[&str]) -> Self {
        let reports = fixture_corpus().join("reports");
        let mut copied = 0;
        for entry in std::fs::read_dir(&reports).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            if names.iter().any(|n| name.contains(n)) {
                std::fs::copy(entry.path(), self.corpus().join(&name)).unwrap();
                copied += 1;
            }
        }
        assert_eq!(copied, names.len(), "reports {names:?} not all found");
        self
    }
    pub fn write(&self, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
        let path = self.corpus().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, text).unwrap();
        path
    }
    pub fn sync(&self) -> SyncReport {
        sync(&self.corpus(), &self.index())
    }
}

/// The paragraphs a query must find by plain substring search over the exported paragraphs:
/// the oracle for recall. Parts are separated by spaces; a part written `-word` excludes.
pub fn brute_force(engine: &Engine, query: &str) -> std::collections::BTreeSet<(String, u64)> {
    let parts = Parts::of(query);
    let mut found = std::collections::BTreeSet::new();
    engine
        .export(|p| {
            if parts.match_text(&p.text) {
                found.insert((p.doc.clone(), p.paragraph));
            }
            Ok(())
        })
        .unwrap();
    found
}

/// A query's parts, folded: those a paragraph must contain and those it must not.
pub struct Parts {
    pub include: Vec<String>,
    pub exclude: Vec<String>,
}

impl Parts {
    pub fn of(query: &str) -> Self {
        use policy_search::analyze::fold_str;
        let mut parts = Parts {
            include: Vec::new(),
            exclude: Vec::new(),
        };
        for part in query.split_whitespace() {
            match part.strip_prefix('-') {
                Some(rest) if !rest.is_empty() => parts.exclude.push(fold_str(rest)),
                _ => parts.include.push(fold_str(part)),
            }
        }
        parts
    }
    /// Whether a paragraph's text matches exactly (as typed, no synonym).
    pub fn match_text(&self, text: &str) -> bool {
        let text = policy_search::analyze::fold_str(text);
        self.include.iter().all(|p| text.contains(p.as_str()))
            && !self.exclude.iter().any(|p| text.contains(p.as_str()))
    }
}

/// The output of a command that must have succeeded; its stderr is the failure message.
pub fn succeeded(out: std::process::Output) -> std::process::Output {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Every exported paragraph, by document id, in order.
pub fn exported_by_doc(
    engine: &Engine,
) -> std::collections::BTreeMap<String, Vec<policy_search::search::ParagraphRecord>> {
    let mut docs = std::collections::BTreeMap::<String, Vec<_>>::new();
    engine
        .export(|p| {
            docs.entry(p.doc.clone()).or_default().push(p.clone());
            Ok(())
        })
        .unwrap();
    docs
}
