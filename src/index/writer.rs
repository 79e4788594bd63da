//! Bringing the index in line with the corpus: read what changed, drop what went, commit.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;
use tantivy::indexer::LogMergePolicy;
use tantivy::{IndexWriter, Term};

use super::manifest::{FileEntry, Manifest, SkippedEntry};
use super::paragraph::ParagraphFields;
use crate::analyze;
use crate::corpus::{self, SkipReason, SourceFile};
use crate::error::{Error, Result};
use crate::parse::Document;

/// Source bytes read between two commits: bounds the work a crash can cost.
pub const COMMIT_EVERY_BYTES: u64 = 128 * 1024 * 1024;
/// Files read in parallel at a time.
const BATCH_FILES: usize = 64;

#[derive(Debug, Clone)]
pub struct SyncOptions {
    pub corpus: PathBuf,
    pub index: PathBuf,
    /// Indexing threads for tantivy (default: the number of cores).
    pub threads: Option<usize>,
    /// Memory for tantivy's in-memory segments, in total across threads.
    pub memory_budget: usize,
    /// Commit after this many bytes of source have been read.
    pub commit_every_bytes: u64,
}

impl SyncOptions {
    pub fn new(corpus: impl Into<PathBuf>, index: impl Into<PathBuf>) -> Self {
        SyncOptions {
            corpus: corpus.into(),
            index: index.into(),
            threads: None,
            // With the bulk merges after the last commit, 192 MB keeps a build under ~350 MB
            // resident; at 256 MB, two threads flushing at once reached 570 MB.
            memory_budget: 192 * 1024 * 1024,
            commit_every_bytes: COMMIT_EVERY_BYTES,
        }
    }
}

/// Told about progress, file by file.
pub trait Progress: Sync {
    fn start(&self, _files_to_read: u64, _bytes_to_read: u64) {}
    /// A file is being read now (called from the reading threads).
    fn file_started(&self, _id: &str) {}
    fn file_done(&self, _id: &str, _bytes: u64) {}
    fn committing(&self) {}
    /// A commit is durable: readers may reload now.
    fn committed(&self) {}
}

pub struct NoProgress;
impl Progress for NoProgress {}

/// What a sync did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SyncReport {
    pub added: Vec<String>,
    pub updated: Vec<String>,
    pub removed: Vec<String>,
    /// Files passed over, with the reason.
    pub skipped: Vec<Skipped>,
    /// Files read, but with something the user should know (an overlong line split…).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<FileNote>,
    /// Files already indexed and unchanged.
    pub unchanged: usize,
    /// Files whose time changed but not their content: re-read, not reindexed.
    pub touched: usize,
    /// Paragraphs in the index afterwards.
    pub paragraphs: u64,
    pub documents: usize,
    /// Set when the index was created or rebuilt from scratch, with why.
    pub rebuilt: Option<String>,
    pub bytes_read: u64,
    pub elapsed_ms: u64,
    /// What each added or updated document was read as (kind, issuer, number, date), so that a
    /// wrong parse shows.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub read_as: BTreeMap<String, String>,
}

/// A document in one line: 通知 · 国务院办公厅 · 国办发〔2024〕5号 · 2024-01-05.
pub fn describe(meta: &crate::parse::Metadata) -> String {
    let date = meta.date.map(|d| d.to_string());
    let parts: Vec<&str> = [
        meta.kind.as_deref(),
        meta.issuer.as_deref(),
        meta.doc_number.as_deref(),
        date.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() {
        "no kind, issuer, number or date found".into()
    } else {
        parts.join(" · ")
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FileNote {
    pub id: String,
    pub note: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Skipped {
    pub id: String,
    pub reason: String,
}

impl SyncReport {
    pub fn changed(&self) -> bool {
        !(self.added.is_empty() && self.updated.is_empty() && self.removed.is_empty())
    }
}

impl fmt::Display for SyncReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(why) = &self.rebuilt {
            writeln!(f, "built from scratch ({why})")?;
        }
        writeln!(
            f,
            "{} added, {} updated, {} removed, {} unchanged, {} skipped; {} documents, {} paragraphs ({:.1} MB read in {:.1} s)",
            self.added.len(),
            self.updated.len(),
            self.removed.len(),
            self.unchanged + self.touched,
            self.skipped.len(),
            self.documents,
            self.paragraphs,
            self.bytes_read as f64 / 1e6,
            self.elapsed_ms as f64 / 1e3,
        )?;
        for (label, ids) in [
            ("added", &self.added),
            ("updated", &self.updated),
            ("removed", &self.removed),
        ] {
            for id in ids.iter().take(20) {
                match self.read_as.get(id) {
                    Some(what) => writeln!(f, "  {label}: {id} — {what}")?,
                    None => writeln!(f, "  {label}: {id}")?,
                }
            }
            if ids.len() > 20 {
                writeln!(f, "  {label}: … and {} more", ids.len() - 20)?;
            }
        }
        for n in &self.notes {
            writeln!(f, "  note: {} ({})", n.id, n.note)?;
        }
        for s in &self.skipped {
            writeln!(f, "  skipped: {} ({})", s.id, s.reason)?;
        }
        Ok(())
    }
}

/// What reading one changed file gave.
enum Outcome {
    Parsed {
        doc: Box<Document>,
        entry: FileEntry,
    },
    /// Same bytes as indexed: only its time changed.
    SameContent {
        entry: FileEntry,
    },
    Skipped(SkipReason),
}

/// Brings the index at `options.index` in line with the corpus at `options.corpus`.
pub fn sync(options: &SyncOptions, progress: &dyn Progress) -> Result<SyncReport> {
    let started = Instant::now();
    let (index, fields, mut manifest, rebuilt) = super::store::open_for_writing(&options.index)?;
    let mut report = SyncReport {
        rebuilt,
        ..SyncReport::default()
    };

    let (files, ignored) = corpus::scan(&options.corpus)?;
    report.skipped.extend(ignored.into_iter().map(|i| Skipped {
        id: i.id,
        reason: i.reason,
    }));

    // Files that could not be read last time are not read again until they change.
    let still_skipped = |f: &SourceFile| {
        manifest
            .skipped
            .get(&f.id)
            .is_some_and(|s| s.size == f.size && s.modified_ns == f.modified_ns)
    };
    let (to_read, unchanged): (Vec<&SourceFile>, Vec<&SourceFile>) = files.iter().partition(|f| {
        !still_skipped(f)
            && manifest.files.get(&f.id).is_none_or(|e| {
                e.size != f.size || e.modified_ns != f.modified_ns || e.hash.is_empty()
            })
    });
    report.unchanged = unchanged.iter().filter(|f| !still_skipped(f)).count();
    for f in unchanged.iter().filter(|f| still_skipped(f)) {
        report.skipped.push(Skipped {
            id: f.id.clone(),
            reason: manifest.skipped[&f.id].reason.clone(),
        });
    }
    let gone: Vec<String> = {
        let present: std::collections::HashSet<&str> =
            files.iter().map(|f| f.id.as_str()).collect();
        manifest
            .skipped
            .retain(|id, _| present.contains(id.as_str()));
        manifest
            .files
            .keys()
            .filter(|id| !present.contains(id.as_str()))
            .cloned()
            .collect()
    };
    if to_read.is_empty() && gone.is_empty() && report.rebuilt.is_none() {
        report.documents = manifest.files.len();
        report.paragraphs = manifest.paragraph_count();
        report.elapsed_ms = started.elapsed().as_millis() as u64;
        return Ok(report);
    }

    let mut writer: IndexWriter = open_writer(&index, options)?;
    progress.start(to_read.len() as u64, to_read.iter().map(|f| f.size).sum());

    for id in &gone {
        writer.delete_term(Term::from_field_text(fields.doc, id));
        manifest.files.remove(id);
        report.removed.push(id.clone());
    }

    // The next batch is read and parsed while the one before goes into the index, so that
    // both stages keep the cores busy.
    let jobs: Vec<(&SourceFile, Option<FileEntry>)> = to_read
        .iter()
        .map(|f| (*f, manifest.files.get(&f.id).cloned()))
        .collect();
    let (batches, parsed) = std::sync::mpsc::sync_channel::<Vec<(&SourceFile, Outcome)>>(1);
    std::thread::scope(|scope| -> Result<()> {
        scope.spawn(move || {
            for batch in jobs.chunks(BATCH_FILES) {
                let outcomes = batch
                    .par_iter()
                    .map(|(f, indexed)| {
                        progress.file_started(&f.id);
                        (*f, read(f, indexed.as_ref()))
                    })
                    .collect();
                if batches.send(outcomes).is_err() {
                    break; // indexing stopped on an error
                }
            }
        });
        let mut bytes_since_commit = 0;
        for outcomes in parsed {
            for (file, outcome) in outcomes {
                let known = manifest.files.contains_key(&file.id);
                if !matches!(outcome, Outcome::Skipped(_)) {
                    manifest.skipped.remove(&file.id);
                }
                match outcome {
                    Outcome::Parsed { doc, entry } => {
                        if known {
                            writer.delete_term(Term::from_field_text(fields.doc, &file.id));
                            report.updated.push(file.id.clone());
                        } else {
                            report.added.push(file.id.clone());
                        }
                        report
                            .read_as
                            .insert(file.id.clone(), describe(&doc.metadata));
                        for p in &doc.paragraphs {
                            writer
                                .add_document(ParagraphFields::of(&doc, p).to_document(&fields))?;
                        }
                        report.notes.extend(doc.notes.iter().map(|note| FileNote {
                            id: file.id.clone(),
                            note: note.clone(),
                        }));
                        manifest.files.insert(file.id.clone(), entry);
                    }
                    Outcome::SameContent { entry } => {
                        report.touched += 1;
                        manifest.files.insert(file.id.clone(), entry);
                    }
                    Outcome::Skipped(reason) => {
                        if known {
                            // The file is there but no longer readable: its old text is not its text.
                            writer.delete_term(Term::from_field_text(fields.doc, &file.id));
                            manifest.files.remove(&file.id);
                            report.removed.push(file.id.clone());
                        }
                        manifest.skipped.insert(
                            file.id.clone(),
                            SkippedEntry {
                                size: file.size,
                                modified_ns: file.modified_ns,
                                reason: reason.to_string(),
                            },
                        );
                        report.skipped.push(Skipped {
                            id: file.id.clone(),
                            reason: reason.to_string(),
                        });
                    }
                }
                report.bytes_read += file.size;
                bytes_since_commit += file.size;
                progress.file_done(&file.id, file.size);
            }
            if bytes_since_commit >= options.commit_every_bytes {
                progress.committing();
                commit(&mut writer, &manifest)?;
                progress.committed();
                bytes_since_commit = 0;
            }
        }
        Ok(())
    })?;
    progress.committing();
    commit(&mut writer, &manifest)?;
    progress.committed();
    // Merges go on after the commit; searches already see the new state meanwhile.
    release_free_memory();
    consolidate(&index, &mut writer)?;
    writer.wait_merging_threads()?;

    report.documents = manifest.files.len();
    report.paragraphs = manifest.paragraph_count();
    report.elapsed_ms = started.elapsed().as_millis() as u64;
    Ok(report)
}

fn open_writer(index: &tantivy::Index, options: &SyncOptions) -> Result<IndexWriter> {
    let threads = options
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
        .clamp(1, 8);
    // tantivy wants at least 15 MB per thread.
    let budget = options.memory_budget.max(threads * 16 * 1024 * 1024);
    let writer: IndexWriter =
        index
            .writer_with_num_threads(threads, budget)
            .map_err(|e| match e {
                tantivy::TantivyError::LockFailure(..) => Error::IndexLocked(options.index.clone()),
                e => e.into(),
            })?;
    writer.set_merge_policy(Box::new(merge_policy()));
    Ok(writer)
}

/// Segments with more live paragraphs than this are left to `consolidate` (or merged when
/// half deleted).
///
/// A full build writes segments of a memory budget each (some 45,000 paragraphs at 256 MB);
/// merging them while indexing goes on would add the mapped files of the whole index to the
/// writer's memory and, when a watched corpus changes, hold the reindex for seconds. Small
/// segments, those of incremental runs, are merged eight at a time.
pub const MERGE_MAX_PARAGRAPHS: usize = 20_000;

fn merge_policy() -> LogMergePolicy {
    let mut policy = LogMergePolicy::default();
    policy.set_max_docs_before_merge(MERGE_MAX_PARAGRAPHS);
    policy.set_del_docs_ratio_before_merge(0.5);
    policy
}

/// After a bulk load, its big segments are merged into a few of at most this many paragraphs.
pub const CONSOLIDATED_PARAGRAPHS: usize = 160_000;

/// Merges the segments a bulk load wrote, in bounded groups (two at a time), once indexing is over:
/// fewer segments make queries faster, and a merge reads its segments through memory-mapped
/// files, which with the writer's memory in use too would double a build's resident memory.
fn consolidate(index: &tantivy::Index, writer: &mut IndexWriter) -> Result<()> {
    let mut big: Vec<_> = index
        .searchable_segment_metas()?
        .into_iter()
        .filter(|m| m.num_docs() as usize > MERGE_MAX_PARAGRAPHS)
        .collect();
    big.sort_by_key(|m| m.num_docs());
    let mut groups: Vec<Vec<tantivy::index::SegmentId>> = Vec::new();
    let mut group = Vec::new();
    let mut size = 0;
    for meta in big {
        let docs = meta.num_docs() as usize;
        if size + docs > CONSOLIDATED_PARAGRAPHS && !group.is_empty() {
            groups.push(std::mem::take(&mut group));
            size = 0;
        }
        group.push(meta.id());
        size += docs;
    }
    groups.push(group);
    // Two merges at a time, one per core; each maps only its own group's files.
    let mut running: Vec<tantivy::FutureResult<Option<tantivy::index::SegmentMeta>>> = Vec::new();
    for group in groups.into_iter().filter(|g| g.len() > 1) {
        if running.len() == 2 {
            running.remove(0).wait()?;
        }
        running.push(writer.merge(&group));
    }
    for merge in running {
        merge.wait()?;
    }
    Ok(())
}

/// Gives the memory freed by the segment writers back to the system (glibc keeps it otherwise,
/// and the merges that follow would add their mapped files on top of it).
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory of the allocator; it takes no pointer.
    unsafe {
        libc::malloc_trim(0);
    }
}

fn commit(writer: &mut IndexWriter, manifest: &Manifest) -> Result<()> {
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&manifest.to_payload());
    prepared.commit()?;
    Ok(())
}

/// Reads and parses one file (runs in parallel).
fn read(file: &SourceFile, indexed: Option<&FileEntry>) -> Outcome {
    let loaded = match corpus::load(file) {
        Ok(l) => l,
        Err(reason) => return Outcome::Skipped(reason),
    };
    if let Some(old) = indexed.filter(|e| e.hash == loaded.hash) {
        return Outcome::SameContent {
            entry: FileEntry {
                size: file.size,
                modified_ns: file.modified_ns,
                ..old.clone()
            },
        };
    }
    let doc = match crate::ingest::read(&file.id, &loaded.bytes) {
        Ok(doc) => doc,
        Err(reason) => return Outcome::Skipped(reason),
    };
    let entry = FileEntry {
        size: file.size,
        modified_ns: file.modified_ns,
        hash: loaded.hash,
        paragraphs: doc.paragraphs.len() as u32,
        body: body_fingerprint(&doc),
        metadata: doc.metadata.clone(),
        indexed_at: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
    };
    Outcome::Parsed {
        doc: Box::new(doc),
        entry,
    }
}

/// A hash of the folded text of every paragraph: the same document in two formats (a 批复 as PDF
/// and as OFD) has the same fingerprint, two files that differ in any paragraph do not.
pub fn body_fingerprint(doc: &Document) -> String {
    let mut hasher = blake3::Hasher::new();
    for p in &doc.paragraphs {
        let folded = analyze::fold_str(&p.text);
        let squeezed: String = folded.chars().filter(|c| !c.is_whitespace()).collect();
        hasher.update(squeezed.as_bytes());
        hasher.update(b"\n");
    }
    hasher.finalize().to_hex()[..32].to_string()
}
