//! Freshness: how long after a report lands in a watched corpus a search finds it, and how long
//! an incremental `index` run takes when one file changed.
//!
//! Writes into the corpus: new reports `bench-fresh-N.txt` at its top, and a paragraph appended
//! to one existing file. Both are undone at the end, and the index brought back in line.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::measure::median;
use policy_search::corpus;
use policy_search::error::{Error, Result};
use policy_search::index::{self, NoProgress, SyncOptions};
use policy_search::search::SearchRequest;
use policy_search::server::{Background, Config};

/// How long to wait for a dropped report before giving up.
const GIVE_UP: Duration = Duration::from_secs(60);
const POLL: Duration = Duration::from_millis(5);
/// Pause between two drops, for the reindex of the first to finish its merges.
const SETTLE: Duration = Duration::from_secs(2);

#[derive(Debug, Clone, clap::Args)]
pub struct FreshnessOptions {
    /// The corpus to watch and write into (what it writes is removed at the end).
    #[arg(long)]
    pub corpus: PathBuf,
    /// Its index (built or brought in line with the corpus first).
    #[arg(long)]
    pub index: PathBuf,
    /// Reports dropped, and incremental runs timed.
    #[arg(long, default_value_t = 3)]
    pub runs: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct FreshnessReport {
    pub paragraphs: u64,
    pub documents: usize,
    /// An incremental run when nothing changed (scan and compare only).
    pub unchanged_run_s: f64,
    /// From the rename that drops a report into the corpus until a search finds it.
    pub drop_to_hit_s: Vec<f64>,
    pub drop_to_hit_median_s: f64,
    /// An incremental `index` run after one file changed, the server stopped.
    pub one_file_run_s: Vec<f64>,
    pub one_file_run_median_s: f64,
}

pub fn run(options: &FreshnessOptions) -> Result<FreshnessReport> {
    let sync_options = SyncOptions::new(&options.corpus, &options.index);
    // In line with the corpus first (a no-op when it already is: that is timed too).
    index::sync(&sync_options, &NoProgress)?;
    let started = Instant::now();
    let report = index::sync(&sync_options, &NoProgress)?;
    let unchanged_run_s = started.elapsed().as_secs_f64();

    let (files, _) = corpus::scan(&options.corpus)?;
    let model = files
        .iter()
        .find(|f| !f.id.starts_with("bench-fresh-"))
        .ok_or_else(|| Error::Usage(format!("the corpus {} is empty", options.corpus.display())))?
        .clone();
    let model_text = std::fs::read_to_string(&model.path)
        .map_err(|e| Error::io(format!("reading {}", model.path.display()), e))?;
    let runs = options.runs.max(1);
    let salt = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());

    let mut dropped = Vec::new();
    let mut drop_to_hit_s = Vec::new();
    let result = (|| -> Result<()> {
        let server = Background::start(Config {
            watch: true,
            ..Config::loopback(&options.corpus, &options.index)
        })?;
        for run in 1..=runs {
            let marker = format!("鲜度探针{salt}号{run}");
            let path = options.corpus.join(format!("bench-fresh-{run}.txt"));
            let temporary = options.corpus.join(format!("bench-fresh-{run}.txt.tmp"));
            // A whole report, as a copy would land: written aside, then renamed in.
            let text = with_paragraph(
                &model_text,
                &format!("本报告用于测试新报告入库后的检索时效，标记为{marker}，请勿引用。"),
            );
            std::fs::write(&temporary, text)
                .map_err(|e| Error::io(format!("writing {}", temporary.display()), e))?;
            dropped.push(path.clone());
            let dropped_at = Instant::now();
            std::fs::rename(&temporary, &path)
                .map_err(|e| Error::io(format!("renaming to {}", path.display()), e))?;
            let request = SearchRequest::new(marker.as_str());
            loop {
                if server
                    .state
                    .engine
                    .search(&request)
                    .is_ok_and(|r| r.total > 0)
                {
                    break;
                }
                if dropped_at.elapsed() > GIVE_UP {
                    return Err(Error::Internal(format!(
                        "a report dropped into the corpus was not found after {} s",
                        GIVE_UP.as_secs()
                    )));
                }
                std::thread::sleep(POLL);
            }
            drop_to_hit_s.push(dropped_at.elapsed().as_secs_f64());
            // Let the reindex finish (merges included) before the next drop.
            std::thread::sleep(SETTLE);
        }
        drop(server);
        Ok(())
    })();

    // The one-file incremental run, without the server: what `policy-search index` does.
    let mut one_file_run_s = Vec::new();
    let original = std::fs::read(&model.path)
        .map_err(|e| Error::io(format!("reading {}", model.path.display()), e))?;
    let edit = (|| -> Result<()> {
        if result.is_err() {
            return Ok(());
        }
        for run in 1..=runs {
            let text = with_paragraph(
                &model_text,
                &format!("增量索引测试段落，用于测量只改动一个文件时的索引时间，第{run}次修改。"),
            );
            write_file(&model.path, text.as_bytes())?;
            let started = Instant::now();
            let report = index::sync(&sync_options, &NoProgress)?;
            one_file_run_s.push(started.elapsed().as_secs_f64());
            if report.updated.len() != 1 {
                return Err(Error::Internal(format!(
                    "expected one updated file, the run reported {report}"
                )));
            }
        }
        Ok(())
    })();

    // Undo: the model file as it was, the dropped reports gone, the index in line.
    write_file(&model.path, &original)?;
    for path in &dropped {
        let _ = std::fs::remove_file(path);
    }
    index::sync(&sync_options, &NoProgress)?;
    result?;
    edit?;

    Ok(FreshnessReport {
        paragraphs: report.paragraphs,
        documents: report.documents,
        unchanged_run_s,
        drop_to_hit_median_s: median(&drop_to_hit_s),
        drop_to_hit_s,
        one_file_run_median_s: median(&one_file_run_s),
        one_file_run_s,
    })
}

/// The text with `paragraph` added after its first line of prose (its end may be page chrome
/// that the parser drops).
fn with_paragraph(text: &str, paragraph: &str) -> String {
    let mut out = String::with_capacity(text.len() + paragraph.len() + 2);
    let mut added = false;
    for line in text.lines() {
        out.push_str(line);
        out.push('\n');
        if !added && line.trim().chars().count() >= 40 {
            out.push_str(paragraph);
            out.push('\n');
            added = true;
        }
    }
    if !added {
        out.push_str(paragraph);
        out.push('\n');
    }
    out
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|e| Error::io(format!("writing {}", path.display()), e))
}

impl fmt::Display for FreshnessReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |v: &[f64]| {
            v.iter()
                .map(|s| format!("{s:.2}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        writeln!(
            f,
            "freshness over {} documents, {} paragraphs (watched corpus):",
            self.documents, self.paragraphs
        )?;
        writeln!(
            f,
            "new report findable after {:.2} s median (runs: {} s)",
            self.drop_to_hit_median_s,
            list(&self.drop_to_hit_s)
        )?;
        writeln!(
            f,
            "incremental index run, one file changed: {:.2} s median (runs: {} s); nothing changed: {:.2} s",
            self.one_file_run_median_s,
            list(&self.one_file_run_s),
            self.unchanged_run_s
        )
    }
}
