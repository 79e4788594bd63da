//! Shared fixtures: the shared corpus, indexes built into temporary folders, small corpora.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use policy_search::index::{self, NoProgress, SyncOptions, SyncReport};
use policy_search::search::Engine;
use tempfile::TempDir;

/// `../shared/corpus` beside the project: the reference document and the 25 reports.
pub fn shared_corpus() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    assert!(
        dir.join("reports-2026").is_dir(),
        "the shared corpus is missing at {} (help: the tests read ../shared/corpus beside the project)",
        dir.display()
    );
    dir
}

pub fn shared_queries() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/queries/public.txt");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// An index of the 26 shared documents, built once per test run (read-only for tests).
pub struct SharedIndex {
    _dir: TempDir,
    pub path: PathBuf,
    pub engine: Engine,
    pub report: SyncReport,
}

pub fn shared_index() -> &'static SharedIndex {
    static INDEX: OnceLock<SharedIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("index");
        let report = sync(&shared_corpus(), &path);
        let engine = Engine::open(&path).unwrap();
        SharedIndex {
            _dir: dir,
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
    /// Copies shared reports whose file names contain any of `names`.
    pub fn with_reports(self, names: &[&str]) -> Self {
        let reports = shared_corpus().join("reports-2026");
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
        std::fs::write(&path, text).unwrap();
        path
    }
    pub fn sync(&self) -> SyncReport {
        sync(&self.corpus(), &self.index())
    }
}

/// Plain substring search over exported paragraphs: the oracle for recall.
pub fn brute_force(engine: &Engine, query: &str) -> std::collections::BTreeSet<(String, u64)> {
    use policy_search::analyze::fold_str;
    let parts: Vec<String> = query.split_whitespace().map(fold_str).collect();
    let mut found = std::collections::BTreeSet::new();
    engine
        .export(|p| {
            let text = fold_str(&p.text);
            if parts.iter().all(|part| text.contains(part.as_str())) {
                found.insert((p.doc.clone(), p.paragraph));
            }
            Ok(())
        })
        .unwrap();
    found
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
