//! Research tools, timed as a user waits for them: through the HTTP API of the real server on
//! loopback, from sending the request to the last byte of the response (the search, the
//! counting, the JSON or CSV encoding and the transfer), one request at a time.
//!
//! - trends (`/api/trends?q=…&by=region|year|doc`) and the CSV export of every hit
//!   (`/api/search?q=…&format=csv`) for each query of the query file, grouped by how many hits
//!   the query has ([`bands`]), and per query for those with at least `--target-hits`;
//! - similar-paragraph lookups (`/api/similar?doc=…&paragraph=…`) for the best hit of each query
//!   that is long enough to have near-duplicates (its first hit with ten distinct shingles).
//!
//! The untimed first pass also checks what the server answers: a trend's buckets add up to the
//! search's total, an export has one row per hit, a lookup gives hits. A mismatch is an error.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::http::{client_for_loopback, get, percent_encode, Client};
use crate::measure::median;
use crate::query::{read_queries, LatencyStats};
use policy_search::analyze::shingles;
use policy_search::error::{Error, Result};
use policy_search::research::trends::Trends;
use policy_search::search::SearchRequest;
use policy_search::server::{Background, Config};

/// Queries measured when no query file is given: terms a researcher follows.
pub const DEFAULT_QUERIES: &[&str] = &[
    "科技创新",
    "新质生产力",
    "营商环境",
    "低空经济",
    "乡村振兴",
    "人工智能",
    "数字经济",
    "就业",
];

/// The longest a request may take before it counts as an error: an export of every hit of
/// 创新 (107,000 at factor 200) takes seconds, and is measured, not failed.
const TIMEOUT: Duration = Duration::from_secs(120);

/// The size of result the targets speak of ("trends and export of 10,000 hits each well under
/// a second").
pub const TARGET_HITS: usize = 10_000;

#[derive(Debug, Clone, clap::Args)]
pub struct ResearchOptions {
    /// Index folder (as built by `policy-search index` or `bench index`).
    #[arg(long)]
    pub index: PathBuf,
    /// The corpus the index was built from (the server's originals; nothing is written).
    #[arg(long, default_value = "corpus")]
    pub corpus: PathBuf,
    /// Queries, one a line (# comments) [default: a built-in set of eight research terms].
    #[arg(long)]
    pub queries: Option<PathBuf>,
    /// Timed passes over every request (after one untimed pass that also checks the answers).
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
    /// The size of result the targets speak of: queries with at least this many hits are
    /// reported one by one, and hit counts are grouped below it, up to twice, ten times it
    /// and above.
    #[arg(long, default_value_t = TARGET_HITS)]
    pub target_hits: usize,
}

/// What is timed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Measure {
    TrendsByRegion,
    TrendsByYear,
    TrendsByDoc,
    ExportCsv,
    Similar,
}

impl Measure {
    const BY_QUERY: [Measure; 4] = [
        Measure::TrendsByRegion,
        Measure::TrendsByYear,
        Measure::TrendsByDoc,
        Measure::ExportCsv,
    ];

    fn name(self) -> &'static str {
        match self {
            Measure::TrendsByRegion => "trends by region",
            Measure::TrendsByYear => "trends by year",
            Measure::TrendsByDoc => "trends by doc",
            Measure::ExportCsv => "export CSV",
            Measure::Similar => "similar paragraphs",
        }
    }

    fn path(self, query: &str) -> String {
        let q = percent_encode(query);
        match self {
            Measure::TrendsByRegion => format!("/api/trends?q={q}&by=region"),
            Measure::TrendsByYear => format!("/api/trends?q={q}&by=year"),
            Measure::TrendsByDoc => format!("/api/trends?q={q}&by=doc"),
            Measure::ExportCsv => format!("/api/search?q={q}&format=csv"),
            Measure::Similar => unreachable!("a lookup is of a paragraph, not a query"),
        }
    }
}

/// One measure over the queries of one band of hit counts (or over every lookup).
#[derive(Debug, Clone, Serialize)]
pub struct ResearchRow {
    pub measure: Measure,
    /// The band of hit counts, `[from, to)`; `to` is `None` for the last band. Lookups have
    /// no band.
    pub hits_from: Option<usize>,
    pub hits_to: Option<usize>,
    /// Queries (or paragraphs looked up).
    pub items: usize,
    /// The fewest and most hits among them.
    pub min_hits: usize,
    pub max_hits: usize,
    pub latency: LatencyStats,
    pub median_bytes: f64,
}

/// One query with at least `target_hits` hits: the median ms of each measure.
#[derive(Debug, Clone, Serialize)]
pub struct QueryRow {
    pub query: String,
    pub hits: usize,
    pub median_ms: BTreeMap<Measure, f64>,
    pub csv_bytes: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResearchReport {
    pub paragraphs: u64,
    pub runs: usize,
    pub target_hits: usize,
    pub rows: Vec<ResearchRow>,
    /// Queries with at least `target_hits` hits (or, when none has, the five with the most).
    pub queries: Vec<QueryRow>,
    /// Hits of a similar-paragraph lookup, median.
    pub similar_hits_median: f64,
    pub requests: usize,
    pub errors: usize,
    pub first_error: Option<String>,
}

impl ResearchReport {
    /// The row of `measure` for the band that starts at `target_hits` (queries of about that
    /// many hits), or the lookups' row.
    pub fn target_row(&self, measure: Measure) -> Option<&ResearchRow> {
        self.rows.iter().find(|r| {
            r.measure == measure
                && (measure == Measure::Similar || r.hits_from == Some(self.target_hits))
        })
    }
}

/// The bands of hit counts: below the target, up to twice it, up to ten times it, above.
fn bands(target: usize) -> [(usize, Option<usize>); 4] {
    let t = target.max(1);
    [
        (0, Some(t)),
        (t, Some(2 * t)),
        (2 * t, Some(10 * t)),
        (10 * t, None),
    ]
}

/// One request to time: what, for which query (or paragraph), and its samples.
struct Request {
    measure: Measure,
    /// The query, or `doc#paragraph` for a lookup.
    item: String,
    hits: usize,
    path: String,
    samples_ms: Vec<f64>,
    bytes: u64,
}

/// Starts the server over `options.index` and times the research endpoints.
pub fn run(options: &ResearchOptions) -> Result<ResearchReport> {
    let queries = match &options.queries {
        Some(file) => read_queries(file)?,
        None => DEFAULT_QUERIES.iter().map(|q| q.to_string()).collect(),
    };
    if queries.is_empty() {
        return Err(Error::Usage("the query file has no query".into()));
    }
    let server = Background::start(Config::loopback(&options.corpus, &options.index))?;
    let engine = &server.state.engine;
    let mut requests = Vec::new();
    let mut lookups = Vec::new();
    for q in &queries {
        let Ok(results) = engine.search(&SearchRequest::new(q.as_str())) else {
            continue; // not a query the engine takes: nothing to measure
        };
        for measure in Measure::BY_QUERY {
            requests.push(Request {
                measure,
                item: q.clone(),
                hits: results.total,
                path: measure.path(q),
                samples_ms: Vec::new(),
                bytes: 0,
            });
        }
        // The first hit long enough to have near-duplicates (shorter paragraphs, headings,
        // have none by design).
        let top = results
            .hits
            .iter()
            .find(|h| shingles::has_enough_shingles(&h.text));
        if let Some(top) = top {
            let item = format!("{}#{}", top.doc, top.paragraph);
            if !lookups.contains(&item) {
                requests.push(Request {
                    measure: Measure::Similar,
                    path: format!(
                        "/api/similar?doc={}&paragraph={}",
                        percent_encode(&top.doc),
                        top.paragraph
                    ),
                    item: item.clone(),
                    hits: 0,
                    samples_ms: Vec::new(),
                    bytes: 0,
                });
                lookups.push(item);
            }
        }
    }
    let paragraphs = engine.paragraph_count();
    let runs = options.runs.max(1);
    let base = format!("http://{}", server.addr);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::io("starting the client runtime", e))?;
    let mut errors = Vec::new();
    let mut similar_hits = Vec::new();
    runtime.block_on(async {
        let http = client_for_loopback();
        // The untimed pass: warms the page cache and the server, and checks the answers.
        for r in &mut requests {
            match get(&http, &format!("{base}{}", r.path), TIMEOUT).await {
                Ok(body) => match check(r, &body) {
                    Ok(Some(hits)) => similar_hits.push(hits as f64),
                    Ok(None) => {}
                    Err(e) => errors.push(format!("{}: {e}", r.path)),
                },
                Err(e) => errors.push(format!("{}: {e}", r.path)),
            }
        }
        for _ in 0..runs {
            for r in &mut requests {
                time(&http, &base, r, &mut errors).await;
            }
        }
    });
    drop(server);
    let requests_made = requests.len() * (runs + 1);
    Ok(ResearchReport {
        paragraphs,
        runs,
        target_hits: options.target_hits,
        rows: rows(&requests, options.target_hits),
        queries: query_rows(&requests, options.target_hits),
        similar_hits_median: median(&similar_hits),
        requests: requests_made,
        errors: errors.len(),
        first_error: errors.into_iter().next(),
    })
}

/// One timed request.
async fn time(http: &Client, base: &str, r: &mut Request, errors: &mut Vec<String>) {
    let started = Instant::now();
    match get(http, &format!("{base}{}", r.path), TIMEOUT).await {
        Ok(body) => {
            r.samples_ms.push(started.elapsed().as_secs_f64() * 1e3);
            r.bytes = body.len() as u64;
        }
        Err(e) => errors.push(format!("{}: {e}", r.path)),
    }
}

/// Checks an answer against the search: trends add up to its total, an export has a row for
/// each hit. A lookup's answer gives its number of hits.
fn check(r: &Request, body: &[u8]) -> std::result::Result<Option<usize>, String> {
    match r.measure {
        Measure::TrendsByRegion | Measure::TrendsByYear | Measure::TrendsByDoc => {
            let trends: Trends =
                serde_json::from_slice(body).map_err(|e| format!("not a trend: {e}"))?;
            let series = trends.series.first().ok_or("a trend without series")?;
            let sum: u64 = series.buckets.iter().map(|b| b.paragraphs).sum();
            if series.total != r.hits || sum != r.hits as u64 {
                return Err(format!(
                    "trend total {} and buckets {sum}, search total {}",
                    series.total, r.hits
                ));
            }
            Ok(None)
        }
        Measure::ExportCsv => {
            let mut reader = csv::Reader::from_reader(body);
            let mut rows = 0;
            for record in reader.records() {
                record.map_err(|e| format!("not CSV: {e}"))?;
                rows += 1;
            }
            if rows != r.hits {
                return Err(format!("{rows} CSV rows, search total {}", r.hits));
            }
            Ok(None)
        }
        Measure::Similar => {
            let answer: serde_json::Value =
                serde_json::from_slice(body).map_err(|e| format!("not JSON: {e}"))?;
            let hits = answer["hits"].as_array().ok_or("no hits array")?;
            Ok(Some(hits.len()))
        }
    }
}

fn rows(requests: &[Request], target: usize) -> Vec<ResearchRow> {
    let row = |measure: Measure, of: Vec<&Request>, band: Option<(usize, Option<usize>)>| {
        let samples: Vec<f64> = of.iter().flat_map(|r| r.samples_ms.clone()).collect();
        let bytes: Vec<f64> = of.iter().map(|r| r.bytes as f64).collect();
        ResearchRow {
            measure,
            hits_from: band.map(|b| b.0),
            hits_to: band.and_then(|b| b.1),
            items: of.len(),
            min_hits: of.iter().map(|r| r.hits).min().unwrap_or(0),
            max_hits: of.iter().map(|r| r.hits).max().unwrap_or(0),
            latency: LatencyStats::of(&samples),
            median_bytes: median(&bytes),
        }
    };
    let mut out = Vec::new();
    for measure in Measure::BY_QUERY {
        for band in bands(target) {
            let of: Vec<&Request> = requests
                .iter()
                .filter(|r| r.measure == measure)
                .filter(|r| r.hits >= band.0 && band.1.is_none_or(|to| r.hits < to))
                .collect();
            if !of.is_empty() {
                out.push(row(measure, of, Some(band)));
            }
        }
    }
    let lookups: Vec<&Request> = requests
        .iter()
        .filter(|r| r.measure == Measure::Similar)
        .collect();
    if !lookups.is_empty() {
        out.push(row(Measure::Similar, lookups, None));
    }
    out
}

/// The queries of at least `target` hits, fewest hits first; when there are none, the five
/// with the most.
fn query_rows(requests: &[Request], target: usize) -> Vec<QueryRow> {
    let mut by_query: BTreeMap<&str, QueryRow> = BTreeMap::new();
    for r in requests.iter().filter(|r| r.measure != Measure::Similar) {
        let row = by_query.entry(&r.item).or_insert_with(|| QueryRow {
            query: r.item.clone(),
            hits: r.hits,
            median_ms: BTreeMap::new(),
            csv_bytes: 0,
        });
        row.median_ms.insert(r.measure, median(&r.samples_ms));
        if r.measure == Measure::ExportCsv {
            row.csv_bytes = r.bytes;
        }
    }
    let mut rows: Vec<QueryRow> = by_query.into_values().collect();
    rows.sort_by(|a, b| a.hits.cmp(&b.hits).then_with(|| a.query.cmp(&b.query)));
    let large = rows.iter().position(|r| r.hits >= target);
    match large {
        Some(first) => rows.split_off(first),
        None => rows.split_off(rows.len().saturating_sub(5)),
    }
}

fn band_name(r: &ResearchRow) -> String {
    match (r.hits_from, r.hits_to) {
        (Some(0), Some(to)) => format!("< {to}"),
        (Some(from), Some(to)) => format!("{from}–{}", to - 1),
        (Some(from), None) => format!("≥ {from}"),
        _ => "–".into(),
    }
}

impl fmt::Display for ResearchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "research tools over {} paragraphs, through the HTTP API on loopback, one request at a time; {} timed runs after one untimed (ms from the request to the last byte of the answer):",
            self.paragraphs, self.runs
        )?;
        writeln!(
            f,
            "| measure | hits of the query | queries | hits (min–max) | median | p95 | max | MB per answer (median) |"
        )?;
        writeln!(f, "|---|---|---|---|---|---|---|---|")?;
        for r in &self.rows {
            let items = if r.measure == Measure::Similar {
                format!("{} paragraphs", r.items)
            } else {
                r.items.to_string()
            };
            let hits = if r.measure == Measure::Similar {
                format!("{:.0} similar (median)", self.similar_hits_median)
            } else {
                format!("{}–{}", r.min_hits, r.max_hits)
            };
            writeln!(
                f,
                "| {} | {} | {items} | {hits} | {:.2} | {:.2} | {:.2} | {:.3} |",
                r.measure.name(),
                band_name(r),
                r.latency.median_ms,
                r.latency.p95_ms,
                r.latency.max_ms,
                r.median_bytes / 1e6
            )?;
        }
        let largest = self
            .queries
            .first()
            .is_some_and(|q| q.hits >= self.target_hits);
        writeln!(
            f,
            "\n{} (median ms):",
            if largest {
                format!("each query with ≥ {} hits", self.target_hits)
            } else {
                format!(
                    "no query has {} hits; the ones with the most",
                    self.target_hits
                )
            }
        )?;
        writeln!(
            f,
            "| query | hits | trends by region | by year | by doc | export CSV | CSV MB |"
        )?;
        writeln!(f, "|---|---|---|---|---|---|---|")?;
        for q in &self.queries {
            let ms = |m: Measure| q.median_ms.get(&m).copied().unwrap_or(0.0);
            writeln!(
                f,
                "| {} | {} | {:.1} | {:.1} | {:.1} | {:.1} | {:.2} |",
                q.query,
                q.hits,
                ms(Measure::TrendsByRegion),
                ms(Measure::TrendsByYear),
                ms(Measure::TrendsByDoc),
                ms(Measure::ExportCsv),
                q.csv_bytes as f64 / 1e6
            )?;
        }
        writeln!(f, "{} requests, {} errors", self.requests, self.errors)?;
        if let Some(e) = &self.first_error {
            writeln!(f, "first error: {e}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_cover_every_count_once() {
        let bands = bands(100);
        for hits in [0, 99, 100, 199, 200, 999, 1000, 5000] {
            let of = bands
                .iter()
                .filter(|b| hits >= b.0 && b.1.is_none_or(|to| hits < to))
                .count();
            assert_eq!(of, 1, "{hits}");
        }
    }
}
