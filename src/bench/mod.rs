//! `policy-search bench`: the benchmark harness.
//!
//! - [`generate`]: a synthetic corpus, a source folder scaled by a factor;
//! - [`build`]: a full index build (MB/s, paragraphs/s, peak memory, size), ours or a plain
//!   tantivy + tantivy-jieba baseline;
//! - [`query`]: in-process query latency (median, p95, p99) over query sets;
//! - [`http`]: requests per second and latency against the real server on loopback;
//! - [`freshness`]: from a file dropped into a watched corpus to a hit, and incremental runs;
//! - [`extract`]: extraction and parsing of PDF, OFD, DOCX and DOC files (MB/s, pages/s);
//! - [`run_all`]: all of it, with a summary against the targets.
//!
//! Sizes are in MB of 10^6 bytes. Nothing here asserts a time: the harness measures and prints.

pub mod baseline;
pub mod build;
pub mod extract;
pub mod freshness;
pub mod generate;
pub mod http;
pub mod query;

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Args, Subcommand};
use serde::Serialize;

use crate::error::{Error, Result};

pub use build::{BuildMode, BuildOptions, BuildReport};
pub use extract::{ExtractOptions, ExtractReport};
pub use freshness::{FreshnessOptions, FreshnessReport};
pub use generate::{GenerateOptions, GenerateReport};
pub use http::{HttpOptions, HttpReport};
pub use query::{QueryOptions, QueryReport};

/// `policy-search bench …`
#[derive(Debug, Args)]
pub struct BenchArgs {
    #[command(subcommand)]
    pub command: BenchCommand,
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Write a synthetic corpus: FACTOR copies of SOURCE, paragraphs shuffled and numbered.
    Generate {
        /// Folder of documents to copy.
        #[arg(long)]
        source: PathBuf,
        /// Number of copies.
        #[arg(long, default_value_t = 200)]
        factor: usize,
        /// Output folder (must not exist or be empty).
        #[arg(long)]
        out: PathBuf,
        /// Seed of the shuffle.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Build an index from scratch and report MB/s, paragraphs/s, peak memory and size.
    Index {
        #[arg(long)]
        corpus: PathBuf,
        /// Index folder: an existing index there is deleted first.
        #[arg(long)]
        index: PathBuf,
        /// Build the plain tantivy + tantivy-jieba baseline instead.
        #[arg(long)]
        baseline: bool,
        /// Builds to run; each runs in a fresh process so that its peak memory is its own.
        #[arg(long, default_value_t = 1)]
        runs: usize,
        /// tantivy indexing threads (default: the number of cores).
        #[arg(long)]
        threads: Option<usize>,
        /// tantivy memory budget in MB, all threads together.
        #[arg(long)]
        memory_mb: Option<usize>,
        #[arg(long)]
        json: bool,
    },
    /// Query latency in-process: public queries plus long, rare, common and multi-part ones.
    Query {
        #[arg(long)]
        index: PathBuf,
        /// Queries, one a line (# comments); the built-in sets are added.
        #[arg(long)]
        queries: Option<PathBuf>,
        /// Timed passes over every query (after one warm-up pass).
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// A baseline index (`bench index --baseline`) to measure in the same run.
        #[arg(long)]
        baseline_index: Option<PathBuf>,
        /// Only these sets: public, long, rare, common, multi-part.
        #[arg(long, value_delimiter = ',')]
        sets: Option<Vec<String>>,
        /// Skip the pass with facets.
        #[arg(long)]
        no_facets: bool,
        #[arg(long)]
        json: bool,
    },
    /// HTTP load: concurrent keep-alive clients against the real server on loopback.
    Http {
        #[arg(long)]
        corpus: PathBuf,
        /// Index folder (built from the corpus when missing).
        #[arg(long)]
        index: PathBuf,
        #[arg(long)]
        queries: Option<PathBuf>,
        #[arg(long, default_value_t = 32)]
        clients: usize,
        /// Stop after this many requests…
        #[arg(long, default_value_t = 100_000)]
        requests: usize,
        /// …or after this many seconds.
        #[arg(long, default_value_t = 10.0)]
        seconds: f64,
        /// Load runs against the same server (the median run is reported).
        #[arg(long, default_value_t = 3)]
        runs: usize,
        #[arg(long)]
        json: bool,
    },
    /// Freshness: a report dropped into the watched corpus until a search finds it; then the
    /// time of incremental `index` runs that change one file. Writes into the corpus (and
    /// removes what it wrote).
    Freshness {
        #[arg(long)]
        corpus: PathBuf,
        #[arg(long)]
        index: PathBuf,
        #[arg(long, default_value_t = 3)]
        runs: usize,
        #[arg(long)]
        json: bool,
    },
    /// Extraction speed: each file read and parsed (`parse::read`) --runs times on one thread;
    /// files, pages, MB, paragraphs, MB/s, pages/s and ms per file, per format and for the
    /// fixed cases (the 民法典, the 2025 government work reports).
    Extract {
        /// Files, and folders read recursively [default: ../shared/formats/samples and
        /// ../shared/formats/docx-2025].
        #[arg(long, num_args = 1..)]
        files: Vec<PathBuf>,
        #[arg(long, default_value_t = 3)]
        runs: usize,
        #[arg(long)]
        json: bool,
    },
    /// Everything: generate, index (ours and the baseline), query, HTTP, freshness,
    /// extraction; a summary.
    All(AllArgs),
}

#[derive(Debug, Clone, Args)]
pub struct AllArgs {
    /// Folder of documents to scale.
    #[arg(long)]
    pub source: PathBuf,
    #[arg(long, default_value_t = 200)]
    pub factor: usize,
    /// Working folder: the corpus, indexes and results go here.
    #[arg(long)]
    pub work: PathBuf,
    #[arg(long)]
    pub queries: Option<PathBuf>,
    /// Repetitions of each build, query pass and freshness measure.
    #[arg(long, default_value_t = 3)]
    pub runs: usize,
    /// Skip the baseline build and queries.
    #[arg(long)]
    pub no_baseline: bool,
    #[arg(long, default_value_t = 32)]
    pub clients: usize,
    #[arg(long, default_value_t = 100_000)]
    pub http_requests: usize,
    #[arg(long, default_value_t = 10.0)]
    pub http_seconds: f64,
    /// Delete the generated corpus and the indexes at the end.
    #[arg(long)]
    pub clean: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Build indexes in this process rather than in child processes (peak memory is then that
    /// of the whole run).
    #[arg(long)]
    pub in_process: bool,
    /// Files and folders for the extraction step [default: ../shared/formats/samples and
    /// ../shared/formats/docx-2025; the step is skipped when they are not there].
    #[arg(long, num_args = 1..)]
    pub extract_files: Vec<PathBuf>,
}

/// Runs `policy-search bench …`.
pub fn run(args: BenchArgs) -> Result<()> {
    match args.command {
        BenchCommand::Generate {
            source,
            factor,
            out,
            seed,
        } => {
            let report = generate::generate(&GenerateOptions {
                source,
                factor,
                out: out.clone(),
                seed,
            })?;
            println!(
                "wrote {} files, {:.1} MB, {} paragraphs to {} in {:.1} s",
                report.files,
                mb(report.bytes),
                report.paragraphs,
                out.display(),
                report.elapsed_ms as f64 / 1e3
            );
            Ok(())
        }
        BenchCommand::Index {
            corpus,
            index,
            baseline,
            runs,
            threads,
            memory_mb,
            json,
        } => {
            let options = BuildOptions {
                corpus,
                index,
                mode: if baseline {
                    BuildMode::Baseline
                } else {
                    BuildMode::PolicySearch
                },
                threads,
                memory_mb,
            };
            let reports = if runs <= 1 {
                vec![build::build(&options)?]
            } else {
                (0..runs)
                    .map(|_| build::build_in_child(&options))
                    .collect::<Result<Vec<_>>>()?
            };
            if json {
                for r in &reports {
                    println!("{}", to_json(r));
                }
            } else {
                print!("{}", build::table(&reports));
            }
            Ok(())
        }
        BenchCommand::Query {
            index,
            queries,
            runs,
            baseline_index,
            sets,
            no_facets,
            json,
        } => {
            let report = query::run(&QueryOptions {
                index,
                queries,
                runs,
                baseline_index,
                sets,
                no_facets,
            })?;
            print_report(&report, json);
            Ok(())
        }
        BenchCommand::Http {
            corpus,
            index,
            queries,
            clients,
            requests,
            seconds,
            runs,
            json,
        } => {
            let report = http::run(&HttpOptions {
                corpus,
                index,
                queries,
                clients,
                requests,
                duration: Duration::from_secs_f64(seconds),
                runs,
            })?;
            print_report(&report, json);
            Ok(())
        }
        BenchCommand::Freshness {
            corpus,
            index,
            runs,
            json,
        } => {
            let report = freshness::run(&FreshnessOptions {
                corpus,
                index,
                runs,
            })?;
            print_report(&report, json);
            Ok(())
        }
        BenchCommand::Extract { files, runs, json } => {
            let files = if files.is_empty() {
                extract::default_files()?
            } else {
                files
            };
            let report = extract::run(&ExtractOptions { files, runs })?;
            print_report(&report, json);
            Ok(())
        }
        BenchCommand::All(args) => {
            let report = run_all(&args, &mut |line| eprintln!("{line}"))?;
            print_report(&report, args.json);
            Ok(())
        }
    }
}

/// Everything `bench all` measured.
#[derive(Debug, Clone, Serialize)]
pub struct AllReport {
    pub factor: usize,
    pub generate: GenerateReport,
    pub builds: Vec<BuildReport>,
    pub baseline_builds: Vec<BuildReport>,
    pub query: QueryReport,
    pub http: HttpReport,
    pub freshness: FreshnessReport,
    /// The extraction step, or why it was skipped.
    pub extract: Option<ExtractReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extract_skipped: Option<String>,
}

/// Runs the whole harness under `args.work`; `log` is told what happens as it happens.
pub fn run_all(args: &AllArgs, log: &mut dyn FnMut(String)) -> Result<AllReport> {
    let work = &args.work;
    std::fs::create_dir_all(work)
        .map_err(|e| Error::io(format!("creating {}", work.display()), e))?;
    let corpus = work.join(format!("corpus-{}", args.factor));
    let stamp = corpus.join(".bench-generate.json");
    let generate = match std::fs::read_to_string(&stamp)
        .ok()
        .and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok())
    {
        Some(v) => {
            log(format!("reusing {}", corpus.display()));
            GenerateReport {
                files: v["files"].as_u64().unwrap_or(0) as usize,
                bytes: v["bytes"].as_u64().unwrap_or(0),
                paragraphs: v["paragraphs"].as_u64().unwrap_or(0),
                elapsed_ms: v["elapsed_ms"].as_u64().unwrap_or(0),
            }
        }
        None => {
            if corpus.exists() {
                std::fs::remove_dir_all(&corpus)
                    .map_err(|e| Error::io(format!("removing {}", corpus.display()), e))?;
            }
            log(format!(
                "generating {} (factor {})",
                corpus.display(),
                args.factor
            ));
            let report = generate::generate(&GenerateOptions {
                source: args.source.clone(),
                factor: args.factor,
                out: corpus.clone(),
                seed: 1,
            })?;
            std::fs::write(&stamp, to_json(&report))
                .map_err(|e| Error::io(format!("writing {}", stamp.display()), e))?;
            report
        }
    };
    log(format!(
        "corpus: {} files, {:.1} MB, {} paragraphs",
        generate.files,
        mb(generate.bytes),
        generate.paragraphs
    ));

    let index = work.join(format!("index-{}", args.factor));
    let baseline_index = work.join(format!("baseline-{}", args.factor));
    let mut builds = Vec::new();
    let mut baseline_builds = Vec::new();
    let runs = args.runs.max(1);
    for run in 1..=runs {
        // Alternating, so that both see the same noise of a shared machine.
        let mut modes = vec![(BuildMode::PolicySearch, &index)];
        if !args.no_baseline {
            modes.push((BuildMode::Baseline, &baseline_index));
        }
        for (mode, dir) in modes {
            let options = BuildOptions {
                corpus: corpus.clone(),
                index: dir.clone(),
                mode,
                threads: None,
                memory_mb: None,
            };
            let report = if args.in_process {
                build::build(&options)?
            } else {
                build::build_in_child(&options)?
            };
            log(format!(
                "build {run}/{runs} {}: {:.1} s, {:.1} MB/s, {:.0} paragraphs/s, peak {:.0} MB, index {:.0} MB",
                report.mode, report.seconds, report.mb_per_s, report.paragraphs_per_s,
                report.peak_memory_mb, report.index_mb
            ));
            match mode {
                BuildMode::PolicySearch => builds.push(report),
                BuildMode::Baseline => baseline_builds.push(report),
            }
        }
    }

    log("query latency …".into());
    let query = query::run(&QueryOptions {
        index: index.clone(),
        queries: args.queries.clone(),
        runs,
        baseline_index: (!args.no_baseline).then(|| baseline_index.clone()),
        sets: None,
        no_facets: false,
    })?;

    log(format!("HTTP on {} …", args.source.display()));
    let source_index = work.join("index-source");
    let http = http::run(&HttpOptions {
        corpus: args.source.clone(),
        index: source_index.clone(),
        queries: args.queries.clone(),
        clients: args.clients,
        requests: args.http_requests,
        duration: Duration::from_secs_f64(args.http_seconds),
        runs,
    })?;

    log("freshness …".into());
    let freshness = freshness::run(&FreshnessOptions {
        corpus: corpus.clone(),
        index: index.clone(),
        runs,
    })?;

    let (extract, extract_skipped) = match extract_files(args) {
        Ok(files) => {
            log(format!("extraction of {} …", list_paths(&files)));
            (Some(extract::run(&ExtractOptions { files, runs })?), None)
        }
        Err(why) => {
            log(format!("extraction skipped: {why}"));
            (None, Some(why))
        }
    };

    if args.clean {
        for dir in [&corpus, &index, &baseline_index, &source_index] {
            if dir.exists() {
                std::fs::remove_dir_all(dir)
                    .map_err(|e| Error::io(format!("removing {}", dir.display()), e))?;
            }
        }
    }
    Ok(AllReport {
        factor: args.factor,
        generate,
        builds,
        baseline_builds,
        query,
        http,
        freshness,
        extract,
        extract_skipped,
    })
}

/// The files of `bench all`'s extraction step: those given, or the shared samples when there.
fn extract_files(args: &AllArgs) -> std::result::Result<Vec<PathBuf>, String> {
    if args.extract_files.is_empty() {
        extract::default_files().map_err(|e| e.to_string())
    } else {
        Ok(args.extract_files.clone())
    }
}

fn list_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

impl std::fmt::Display for AllReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "corpus: factor {}, {} files, {:.1} MB, {} paragraphs\n",
            self.factor,
            self.generate.files,
            mb(self.generate.bytes),
            self.generate.paragraphs
        )?;
        let mut all_builds = self.builds.clone();
        all_builds.extend(self.baseline_builds.iter().cloned());
        write!(f, "{}", build::table(&all_builds))?;
        writeln!(f)?;
        write!(f, "{}", self.query)?;
        writeln!(f)?;
        write!(f, "{}", self.http)?;
        writeln!(f)?;
        write!(f, "{}", self.freshness)?;
        writeln!(f)?;
        match (&self.extract, &self.extract_skipped) {
            (Some(extract), _) => write!(f, "{extract}")?,
            (None, why) => writeln!(
                f,
                "extraction skipped: {}",
                why.as_deref().unwrap_or("no files")
            )?,
        }
        writeln!(f)?;
        let med = |v: Vec<f64>| median(&v);
        let build_mbs = med(self.builds.iter().map(|b| b.mb_per_s).collect());
        let peak = self
            .builds
            .iter()
            .map(|b| b.peak_memory_mb)
            .fold(0.0, f64::max);
        let overall = &self.query.overall;
        let rows = [
            (
                "full index build".to_string(),
                format!("{build_mbs:.1} MB/s (median)"),
                "≥ 25 MB/s",
                build_mbs >= 25.0,
            ),
            (
                "peak memory while indexing".into(),
                format!("{peak:.0} MB (max)"),
                "≤ 500 MB",
                peak <= 500.0,
            ),
            (
                "query latency median".into(),
                format!("{:.2} ms", overall.median_ms),
                "≤ 2 ms",
                overall.median_ms <= 2.0,
            ),
            (
                "query latency p99".into(),
                format!("{:.2} ms", overall.p99_ms),
                "≤ 20 ms",
                overall.p99_ms <= 20.0,
            ),
            (
                "new report findable".into(),
                format!("{:.2} s (median)", self.freshness.drop_to_hit_median_s),
                "≤ 2 s",
                self.freshness.drop_to_hit_median_s <= 2.0,
            ),
            (
                "HTTP requests/s".into(),
                format!(
                    "{:.0} (median of {} runs; {} errors)",
                    self.http.requests_per_s,
                    self.http.runs_requests_per_s.len(),
                    self.http.errors
                ),
                "≥ 3000, 0 errors",
                self.http.requests_per_s >= 3000.0 && self.http.errors == 0,
            ),
        ];
        writeln!(f, "| measure | measured | target | met |")?;
        writeln!(f, "|---|---|---|---|")?;
        for (name, value, target, met) in rows {
            writeln!(
                f,
                "| {name} | {value} | {target} | {} |",
                if met { "yes" } else { "no" }
            )?;
        }
        if let Some(base) = self
            .baseline_builds
            .first()
            .map(|_| med(self.baseline_builds.iter().map(|b| b.mb_per_s).collect()))
        {
            writeln!(
                f,
                "\nbaseline (plain tantivy + tantivy-jieba) in the same run: {base:.1} MB/s; ours / baseline = {:.2}×",
                build_mbs / base
            )?;
        }
        Ok(())
    }
}

/// Percentile by nearest rank of sorted samples (0 for none).
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// The middle value; for an even count, the mean of the two middle ones (so that the median
/// time and the median rate of two runs describe the same runs).
pub fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => 0.0,
        n if n % 2 == 0 => (v[n / 2 - 1] + v[n / 2]) / 2.0,
        n => v[n / 2],
    }
}

/// Bytes to MB (10^6 bytes).
pub fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

/// Peak resident memory of this process so far (VmHWM), in bytes; 0 where unknown.
pub fn peak_memory_bytes() -> u64 {
    proc_status_kb("VmHWM:") * 1024
}

/// Anonymous resident memory now (RssAnon: the heap, not mapped files), in bytes.
pub fn anon_memory_bytes() -> u64 {
    proc_status_kb("RssAnon:") * 1024
}

fn proc_status_kb(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// Total size of the files under `dir`.
pub fn dir_size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}

/// Queries from a file: one a line, blank lines and `#` comments skipped.
pub fn read_queries(path: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect())
}

/// Prints a report as one line of JSON or as its table.
fn print_report(report: &(impl Serialize + std::fmt::Display), json: bool) {
    if json {
        println!("{}", to_json(report));
    } else {
        print!("{report}");
    }
}

fn to_json(value: &impl Serialize) -> String {
    serde_json::to_string(value).expect("report serializes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0]), 2.5);
        assert_eq!(median(&[]), 0.0);
        assert_eq!(percentile(&[1.0, 2.0, 3.0, 4.0], 99.0), 4.0);
    }

    /// The whole harness at a tiny scale: it runs, and what it prints is sane (no timings are
    /// checked). Its source: the shipped reference document and two of the test fixtures.
    #[test]
    fn the_harness_runs_at_a_tiny_factor() {
        let work = tempfile::TempDir::new().unwrap();
        let source = work.path().join("source");
        generate::tests::fixture_source(&source);
        let queries = work.path().join("queries.txt");
        std::fs::write(&queries, "# a few\n科技创新\n营商环境\n科技 金融\n").unwrap();
        let args = AllArgs {
            source,
            factor: 2,
            work: work.path().join("work"),
            queries: Some(queries),
            runs: 1,
            no_baseline: false,
            clients: 4,
            http_requests: 200,
            http_seconds: 5.0,
            clean: true,
            json: false,
            in_process: true,
            extract_files: vec![
                Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats/notice.pdf")
            ],
        };
        let report = run_all(&args, &mut |_| {}).unwrap();
        assert_eq!(
            report.generate.files,
            2 * generate::tests::FIXTURE_SOURCE.len()
        );
        let build = &report.builds[0];
        assert!(build.paragraphs > 100 && build.bytes > 0 && build.mb_per_s > 0.0);
        assert!(build.index_mb > 0.0 && build.segments > 0);
        assert!(report.baseline_builds[0].paragraphs > 100);
        let public = &report.query.sets[0];
        assert_eq!((public.name.as_str(), public.queries), ("public", 3));
        assert_eq!(public.with_hits, 3);
        assert!(report.query.sets.iter().all(|s| s.errors == 0));
        assert!(report.query.overall.samples > 0 && report.query.overall.median_ms > 0.0);
        assert!(report.query.baseline_overall.is_some());
        assert!(report.http.requests > 0, "{:?}", report.http);
        assert_eq!(report.http.errors, 0, "{:?}", report.http.first_error);
        assert_eq!(report.freshness.drop_to_hit_s.len(), 1);
        assert_eq!(report.freshness.one_file_run_s.len(), 1);
        let extract = report.extract.as_ref().unwrap();
        assert!(report.extract_skipped.is_none());
        assert_eq!(
            (extract.formats[0].name.as_str(), extract.formats[0].files),
            ("pdf", 1)
        );
        assert!(
            !args.work.join("corpus-2").exists(),
            "--clean removes the corpus"
        );
        // The summary prints.
        assert!(report
            .to_string()
            .contains("| measure | measured | target | met |"));
    }
}
