//! A full index build, measured: ours or the baseline, in this process or a child.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::baseline;
use crate::measure::{anon_memory_bytes, dir_size, mb, median, peak_memory_bytes};
use policy_search::error::{Error, Result};
use policy_search::index::{self, Progress, SyncOptions};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BuildMode {
    /// The engine's own index: folded jieba words, bigrams, characters, metadata.
    PolicySearch,
    /// Plain tantivy + tantivy-jieba: the same paragraphs into one jieba-tokenized text field.
    Baseline,
}

impl std::fmt::Display for BuildMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            BuildMode::PolicySearch => "policy-search",
            BuildMode::Baseline => "baseline",
        })
    }
}

#[derive(Debug, Clone, clap::Args)]
pub struct BuildOptions {
    #[arg(long)]
    pub corpus: PathBuf,
    /// Index folder: an existing index there is deleted first.
    #[arg(long)]
    pub index: PathBuf,
    /// Build the plain tantivy + tantivy-jieba baseline instead.
    #[arg(long)]
    pub baseline: bool,
    /// tantivy indexing threads (default: the number of cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// tantivy memory budget in MB, all threads together.
    #[arg(long)]
    pub memory_mb: Option<usize>,
}

impl BuildOptions {
    pub fn mode(&self) -> BuildMode {
        if self.baseline {
            BuildMode::Baseline
        } else {
            BuildMode::PolicySearch
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BuildReport {
    pub mode: BuildMode,
    pub files: usize,
    pub bytes: u64,
    pub paragraphs: u64,
    pub seconds: f64,
    pub mb_per_s: f64,
    pub paragraphs_per_s: f64,
    /// Peak resident memory of the process that built (VmHWM): anonymous memory and the
    /// pages of memory-mapped index files it touched (merges read segments through mmap).
    pub peak_memory_mb: f64,
    /// Peak anonymous resident memory (RssAnon, sampled every 10 ms): the heap alone.
    #[serde(default)]
    pub peak_anon_mb: f64,
    pub index_mb: f64,
    pub segments: usize,
    /// Time from the last commit to the end: merges still running (included in `seconds`).
    #[serde(default)]
    pub merge_tail_s: f64,
}

/// Remembers when the last commit became durable.
struct LastCommit(std::sync::Mutex<Option<Instant>>);

impl Progress for LastCommit {
    fn committed(&self) {
        if let Ok(mut t) = self.0.lock() {
            *t = Some(Instant::now());
        }
    }
}

/// Builds the index from scratch (deleting an index already there) and measures it.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    clear(&options.index)?;
    let sampler = AnonSampler::start();
    let last_commit = LastCommit(std::sync::Mutex::new(None));
    let started = Instant::now();
    let (files, bytes, paragraphs) = match options.mode() {
        BuildMode::PolicySearch => {
            let mut sync = SyncOptions::new(&options.corpus, &options.index);
            sync.threads = options.threads;
            if let Some(m) = options.memory_mb {
                sync.memory_budget = m * 1024 * 1024;
            }
            let report = index::sync(&sync, &last_commit)?;
            (report.documents, report.bytes_read, report.paragraphs)
        }
        BuildMode::Baseline => baseline::build(
            &options.corpus,
            &options.index,
            options.threads,
            options.memory_mb,
        )?,
    };
    let seconds = started.elapsed().as_secs_f64();
    let merge_tail_s = last_commit
        .0
        .lock()
        .ok()
        .and_then(|t| *t)
        .map_or(0.0, |t| t.elapsed().as_secs_f64());
    let peak_anon = sampler.stop();
    let segments = tantivy::Index::open_in_dir(&options.index)
        .and_then(|i| i.searchable_segment_ids())
        .map_or(0, |s| s.len());
    Ok(BuildReport {
        mode: options.mode(),
        files,
        bytes,
        paragraphs,
        seconds,
        mb_per_s: mb(bytes) / seconds,
        paragraphs_per_s: paragraphs as f64 / seconds,
        peak_memory_mb: mb(peak_memory_bytes()),
        peak_anon_mb: mb(peak_anon),
        merge_tail_s,
        index_mb: mb(dir_size(&options.index)),
        segments,
    })
}

/// Samples RssAnon on a thread until stopped; returns the largest value seen.
struct AnonSampler {
    stop: Arc<AtomicBool>,
    thread: std::thread::JoinHandle<u64>,
}

impl AnonSampler {
    fn start() -> AnonSampler {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let mut peak = 0;
            while !flag.load(Ordering::Relaxed) {
                peak = peak.max(anon_memory_bytes());
                std::thread::sleep(Duration::from_millis(10));
            }
            peak.max(anon_memory_bytes())
        });
        AnonSampler { stop, thread }
    }

    fn stop(self) -> u64 {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().unwrap_or(0)
    }
}

/// Runs the build in a fresh `bench index` process, so that the peak memory reported is that
/// of the build alone.
pub fn build_in_child(options: &BuildOptions) -> Result<BuildReport> {
    let exe = std::env::current_exe().map_err(|e| Error::io("finding the executable", e))?;
    let mut cmd = Command::new(exe);
    cmd.arg("index")
        .arg("--corpus")
        .arg(&options.corpus)
        .arg("--index")
        .arg(&options.index)
        .arg("--json");
    if options.baseline {
        cmd.arg("--baseline");
    }
    if let Some(t) = options.threads {
        cmd.arg("--threads").arg(t.to_string());
    }
    if let Some(m) = options.memory_mb {
        cmd.arg("--memory-mb").arg(m.to_string());
    }
    let out = cmd
        .output()
        .map_err(|e| Error::io("running bench index", e))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(Error::Internal(format!(
            "bench index failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    let line = stdout.lines().rfind(|l| l.starts_with('{')).unwrap_or("");
    serde_json::from_str(line)
        .map_err(|e| Error::Internal(format!("bench index printed {stdout:?}: {e}")))
}

/// Deletes an index folder before a build; refuses a folder that holds something else.
fn clear(dir: &std::path::Path) -> Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    let empty = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir.display().to_string(), e))?
        .next()
        .is_none();
    if !empty && !index::exists(dir) {
        return Err(Error::Usage(format!(
            "{} holds something other than an index; refusing to delete it",
            dir.display()
        )));
    }
    std::fs::remove_dir_all(dir).map_err(|e| Error::io(format!("removing {}", dir.display()), e))
}

/// Builds as a table, with the median of each mode.
pub fn table(reports: &[BuildReport]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "| build | MB | paragraphs | s | MB/s | paragraphs/s | peak RSS MB | peak heap MB | index MB | segments | merge tail s |"
    );
    let _ = writeln!(s, "|---|---|---|---|---|---|---|---|---|---|---|");
    for r in reports {
        let _ = writeln!(
            s,
            "| {} | {:.1} | {} | {:.1} | {:.1} | {:.0} | {:.0} | {:.0} | {:.0} | {} | {:.1} |",
            r.mode,
            mb(r.bytes),
            r.paragraphs,
            r.seconds,
            r.mb_per_s,
            r.paragraphs_per_s,
            r.peak_memory_mb,
            r.peak_anon_mb,
            r.index_mb,
            r.segments,
            r.merge_tail_s
        );
    }
    for mode in [BuildMode::PolicySearch, BuildMode::Baseline] {
        let of: Vec<&BuildReport> = reports.iter().filter(|r| r.mode == mode).collect();
        if of.len() > 1 {
            let m =
                |f: fn(&BuildReport) -> f64| median(&of.iter().map(|r| f(r)).collect::<Vec<_>>());
            let _ = writeln!(
                s,
                "| **{mode} median of {}** | | | {:.1} | {:.1} | {:.0} | {:.0} (max {:.0}) | {:.0} | {:.0} | | |",
                of.len(),
                m(|r| r.seconds),
                m(|r| r.mb_per_s),
                m(|r| r.paragraphs_per_s),
                m(|r| r.peak_memory_mb),
                of.iter().map(|r| r.peak_memory_mb).fold(0.0, f64::max),
                m(|r| r.peak_anon_mb),
                m(|r| r.index_mb),
            );
        }
    }
    s
}
