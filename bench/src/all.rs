//! `bench all`: every step in turn under one working folder, and a summary against the targets.

use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use crate::build::{self, BuildMode, BuildOptions, BuildReport};
use crate::extract::{self, ExtractOptions, ExtractReport};
use crate::freshness::{self, FreshnessOptions, FreshnessReport};
use crate::generate::{self, GenerateOptions, GenerateReport};
use crate::http::{self, HttpOptions, HttpReport};
use crate::measure::{mb, median};
use crate::query::{self, QueryOptions, QueryReport};
use crate::research::{self, Measure, ResearchOptions, ResearchReport, TARGET_HITS};
use crate::to_json;
use policy_search::error::{Error, Result};

#[derive(Debug, Clone, Args)]
pub struct AllArgs {
    /// Folder of documents to scale.
    #[arg(long)]
    pub source: PathBuf,
    /// Copies of the source in the generated corpus.
    #[arg(long, default_value_t = 200)]
    pub factor: usize,
    /// Working folder: the corpus, indexes and results go here.
    #[arg(long)]
    pub work: PathBuf,
    /// Queries, one a line (# comments): the `public` set of the query and HTTP steps, and the
    /// queries of the research step.
    #[arg(long)]
    pub queries: Option<PathBuf>,
    /// Repetitions of each build, query pass, HTTP load, freshness and research measure.
    #[arg(long, default_value_t = 3)]
    pub runs: usize,
    /// Skip the baseline build and queries.
    #[arg(long)]
    pub no_baseline: bool,
    /// Concurrent clients of the HTTP load.
    #[arg(long, default_value_t = 32)]
    pub clients: usize,
    /// Requests of an HTTP load run at most…
    #[arg(long, default_value_t = 100_000)]
    pub http_requests: usize,
    /// …and its seconds at most.
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
    pub research: ResearchReport,
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
                baseline: mode == BuildMode::Baseline,
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
        seconds: args.http_seconds,
        runs,
    })?;

    log("freshness …".into());
    let freshness = freshness::run(&FreshnessOptions {
        corpus: corpus.clone(),
        index: index.clone(),
        runs,
    })?;

    log("research tools …".into());
    let research = research::run(&ResearchOptions {
        index: index.clone(),
        corpus: corpus.clone(),
        queries: args.queries.clone(),
        runs,
        target_hits: TARGET_HITS,
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
        research,
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
        write!(f, "{}", self.research)?;
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
        for (name, value, target, met) in self.research_targets() {
            let met = match met {
                Some(true) => "yes",
                Some(false) => "no",
                None => "–",
            };
            writeln!(f, "| {name} | {value} | {target} | {met} |")?;
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

impl AllReport {
    /// The research targets: trends and the export of 10,000 hits well under a second (p95 at
    /// most 0.5 s, over the queries of 10,000 to 19,999 hits), similar-paragraph lookups in
    /// milliseconds (p95 under 10 ms). `None` where no query has that many hits.
    fn research_targets(&self) -> Vec<(String, String, &'static str, Option<bool>)> {
        let r = &self.research;
        let band = format!("{}–{} hits", r.target_hits, 2 * r.target_hits - 1);
        let mut rows = Vec::new();
        for (name, measures) in [
            (
                "trends",
                &[
                    Measure::TrendsByRegion,
                    Measure::TrendsByYear,
                    Measure::TrendsByDoc,
                ][..],
            ),
            ("CSV export of every hit", &[Measure::ExportCsv][..]),
        ] {
            let of: Vec<_> = measures.iter().filter_map(|m| r.target_row(*m)).collect();
            let name = format!("{name}, queries of {band}");
            let target = "well under 1 s (p95 ≤ 0.5 s)";
            if of.is_empty() {
                rows.push((name, "no query has that many hits".into(), target, None));
                continue;
            }
            let p95 = of.iter().map(|row| row.latency.p95_ms).fold(0.0, f64::max);
            let each: Vec<String> = of
                .iter()
                .map(|row| format!("{:.0}", row.latency.p95_ms))
                .collect();
            rows.push((
                name,
                format!(
                    "p95 {p95:.0} ms ({} ms; {} queries)",
                    each.join(" / "),
                    of[0].items
                ),
                target,
                Some(p95 <= 500.0),
            ));
        }
        if let Some(row) = r.target_row(Measure::Similar) {
            rows.push((
                "similar-paragraph lookup".into(),
                format!(
                    "median {:.2} ms, p95 {:.2} ms ({} paragraphs)",
                    row.latency.median_ms, row.latency.p95_ms, row.items
                ),
                "milliseconds (p95 < 10 ms)",
                Some(row.latency.p95_ms < 10.0),
            ));
        }
        rows
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

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
                Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/formats/notice.pdf")
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

        // Research: the answers were checked against the search (trend buckets add up to its
        // total, one CSV row per hit), every query was timed, and each looked-up paragraph
        // finds its copy in the other half of the corpus.
        let research = &report.research;
        assert_eq!(research.errors, 0, "{:?}", research.first_error);
        let timed = |m: Measure| -> usize {
            let rows = research.rows.iter().filter(|r| r.measure == m);
            rows.map(|r| r.items).sum()
        };
        assert_eq!(timed(Measure::TrendsByRegion), 3);
        assert_eq!(timed(Measure::ExportCsv), 3);
        assert!(timed(Measure::Similar) >= 1);
        assert!(research.similar_hits_median >= 1.0, "{research}");
        assert!(research
            .rows
            .iter()
            .all(|r| r.latency.samples == r.items && r.latency.median_ms > 0.0));
        assert_eq!(research.queries.len(), 3, "the three, none of 10,000 hits");
        assert!(research
            .queries
            .iter()
            .all(|q| q.hits > 0 && q.csv_bytes > 0));

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
        // The summary prints, the research targets with it.
        let summary = report.to_string();
        assert!(summary.contains("| measure | measured | target | met |"));
        assert!(
            summary
                .contains("| trends, queries of 10000–19999 hits | no query has that many hits |"),
            "{summary}"
        );
        assert!(summary.contains("| similar-paragraph lookup | median "));
    }
}
