//! Query latency in-process: the first page of 10 hits with snippets and the total count, warm.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;

use crate::baseline::Baseline;
use crate::measure::percentile;
use policy_search::error::{Error, Result};
use policy_search::search::{Engine, SearchRequest};

/// Long queries: whole clauses of policy prose, many bigrams to intersect.
pub const LONG: &[&str] = &[
    "坚持以习近平新时代中国特色社会主义思想为指导",
    "全面贯彻落实党的二十大和二十届历次全会精神",
    "加快建设具有全国影响力的科技创新中心",
    "推动经济实现质的有效提升和量的合理增长",
    "深入实施创新驱动发展战略",
    "城镇调查失业率",
    "居民人均可支配收入",
    "统筹发展和安全",
];
/// Rare queries: a handful of paragraphs, or none.
pub const RARE: &[&str] = &[
    "金凤实验室",
    "老杨群工",
    "知识价值信用贷",
    "揭榜挂帅",
    "枫桥经验",
    "中欧班列",
    "量子引力波望远镜",
    "鲜度探针",
];
/// Common queries: a large share of all paragraphs.
pub const COMMON: &[&str] = &[
    "发展", "建设", "推进", "经济", "创新", "加快", "全面", "工作", "的", "年",
];
/// Queries of several parts, with the syntax.
pub const MULTI: &[&str] = &[
    "科技 金融",
    "人才 住房",
    "教育 医疗 养老",
    "数字经济 人工智能 产业",
    "绿色 低碳 转型",
    "高质量 发展 新质生产力",
    "住房 -房地产",
    "title:上海 科技创新",
    "section:民生 就业",
    "year:2026 营商环境",
    "\"科技 创新\"",
    "2025年 增长",
];

#[derive(Debug, Clone, clap::Args)]
pub struct QueryOptions {
    #[arg(long)]
    pub index: PathBuf,
    /// Queries, one a line (# comments), as the set `public`; the built-in sets are added.
    #[arg(long)]
    pub queries: Option<PathBuf>,
    /// Timed passes over every query (after one warm-up pass).
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
    /// A baseline index (`bench index --baseline`) to measure in the same run.
    #[arg(long)]
    pub baseline_index: Option<PathBuf>,
    /// Only these sets: public, long, rare, common, multi-part.
    #[arg(long, value_delimiter = ',')]
    pub sets: Option<Vec<String>>,
    /// Skip the pass with facets.
    #[arg(long)]
    pub no_facets: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct LatencyStats {
    pub samples: usize,
    pub median_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub mean_ms: f64,
}

impl LatencyStats {
    pub fn of(samples_ms: &[f64]) -> LatencyStats {
        let mut v = samples_ms.to_vec();
        v.sort_by(f64::total_cmp);
        LatencyStats {
            samples: v.len(),
            median_ms: percentile(&v, 50.0),
            p95_ms: percentile(&v, 95.0),
            p99_ms: percentile(&v, 99.0),
            max_ms: v.last().copied().unwrap_or(0.0),
            mean_ms: if v.is_empty() {
                0.0
            } else {
                v.iter().sum::<f64>() / v.len() as f64
            },
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SetReport {
    pub name: String,
    pub queries: usize,
    /// Queries that found something.
    pub with_hits: usize,
    /// Queries that failed (bad syntax and the like).
    pub errors: usize,
    /// Sum over the set's queries of their total hit counts.
    pub total_hits: u64,
    pub latency: LatencyStats,
    pub baseline: Option<LatencyStats>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QueryReport {
    pub paragraphs: u64,
    pub runs: usize,
    pub sets: Vec<SetReport>,
    pub overall: LatencyStats,
    /// The same queries with facets counted, as `/api/search` does.
    pub overall_with_facets: LatencyStats,
    pub baseline_overall: Option<LatencyStats>,
    /// The slowest queries by median, with their total count.
    pub slowest: Vec<(String, f64, usize)>,
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

/// The query sets: the file's queries as `public`, then the built-in ones.
pub fn query_sets(file: Option<&Path>) -> Result<Vec<(String, Vec<String>)>> {
    let mut sets = Vec::new();
    if let Some(path) = file {
        sets.push(("public".to_string(), read_queries(path)?));
    }
    for (name, qs) in [
        ("long", LONG),
        ("rare", RARE),
        ("common", COMMON),
        ("multi-part", MULTI),
    ] {
        sets.push((name.to_string(), qs.iter().map(|q| q.to_string()).collect()));
    }
    Ok(sets)
}

pub fn run(options: &QueryOptions) -> Result<QueryReport> {
    let engine = Engine::open(&options.index)?;
    let baseline = match &options.baseline_index {
        Some(dir) => Some(Baseline::open(dir)?),
        None => None,
    };
    let mut sets = query_sets(options.queries.as_deref())?;
    if let Some(only) = &options.sets {
        sets.retain(|(name, _)| only.contains(name));
    }
    let runs = options.runs.max(1);

    let ours = |q: &str, facets: bool| -> (f64, Option<usize>) {
        let request = SearchRequest {
            facets,
            ..SearchRequest::new(q)
        };
        let started = Instant::now();
        let result = engine.search(&request);
        let ms = started.elapsed().as_secs_f64() * 1e3;
        (ms, result.ok().map(|r| r.total))
    };
    let theirs = |b: &Baseline, q: &str| -> f64 {
        let started = Instant::now();
        let _ = b.search(q, 10);
        started.elapsed().as_secs_f64() * 1e3
    };

    // Warm-up: every query once, so that what is timed is served from the page cache.
    for (_, queries) in &sets {
        for q in queries {
            ours(q, false);
            if !options.no_facets {
                ours(q, true);
            }
            if let Some(b) = &baseline {
                theirs(b, q);
            }
        }
    }

    let mut reports = Vec::new();
    let mut all = Vec::new();
    let mut all_facets = Vec::new();
    let mut all_baseline = Vec::new();
    let mut per_query: BTreeMap<String, (Vec<f64>, usize)> = BTreeMap::new();
    let mut set_samples: Vec<(Vec<f64>, Vec<f64>)> = vec![Default::default(); sets.len()];
    let mut totals: Vec<BTreeMap<String, Option<usize>>> = vec![Default::default(); sets.len()];
    // Passes go over all sets in turn, so that noise spreads evenly over them.
    for _ in 0..runs {
        for (i, (_, queries)) in sets.iter().enumerate() {
            for q in queries {
                let (ms, total) = ours(q, false);
                set_samples[i].0.push(ms);
                all.push(ms);
                totals[i].insert(q.clone(), total);
                let entry = per_query.entry(q.clone()).or_default();
                entry.0.push(ms);
                entry.1 = total.unwrap_or(0);
                if !options.no_facets {
                    let (ms, _) = ours(q, true);
                    all_facets.push(ms);
                }
                if let Some(b) = &baseline {
                    let ms = theirs(b, q);
                    set_samples[i].1.push(ms);
                    all_baseline.push(ms);
                }
            }
        }
    }
    for (i, (name, queries)) in sets.iter().enumerate() {
        let t = &totals[i];
        reports.push(SetReport {
            name: name.clone(),
            queries: queries.len(),
            with_hits: t.values().filter(|n| n.is_some_and(|n| n > 0)).count(),
            errors: t.values().filter(|n| n.is_none()).count(),
            total_hits: t.values().map(|n| n.unwrap_or(0) as u64).sum(),
            latency: LatencyStats::of(&set_samples[i].0),
            baseline: baseline
                .as_ref()
                .map(|_| LatencyStats::of(&set_samples[i].1)),
        });
    }
    let mut slowest: Vec<(String, f64, usize)> = per_query
        .into_iter()
        .map(|(q, (samples, total))| {
            let stats = LatencyStats::of(&samples);
            (q, stats.median_ms, total)
        })
        .collect();
    slowest.sort_by(|a, b| b.1.total_cmp(&a.1));
    slowest.truncate(8);
    Ok(QueryReport {
        paragraphs: engine.paragraph_count(),
        runs,
        sets: reports,
        overall: LatencyStats::of(&all),
        overall_with_facets: LatencyStats::of(&all_facets),
        baseline_overall: baseline.as_ref().map(|_| LatencyStats::of(&all_baseline)),
        slowest,
    })
}

impl fmt::Display for QueryReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "query latency over {} paragraphs, {} timed passes, first 10 hits with snippets + total count (ms):",
            self.paragraphs, self.runs
        )?;
        writeln!(
            f,
            "| set | queries | with hits | errors | median | p95 | p99 | max | baseline median | baseline p99 |"
        )?;
        writeln!(f, "|---|---|---|---|---|---|---|---|---|---|")?;
        let row = |f: &mut fmt::Formatter<'_>,
                   name: &str,
                   queries: String,
                   hits: String,
                   errors: String,
                   s: &LatencyStats,
                   b: Option<&LatencyStats>| {
            let (bm, bp) = b.map_or(("-".into(), "-".into()), |b| {
                (format!("{:.2}", b.median_ms), format!("{:.2}", b.p99_ms))
            });
            writeln!(
                f,
                "| {name} | {queries} | {hits} | {errors} | {:.2} | {:.2} | {:.2} | {:.2} | {bm} | {bp} |",
                s.median_ms, s.p95_ms, s.p99_ms, s.max_ms
            )
        };
        for s in &self.sets {
            row(
                f,
                &s.name,
                s.queries.to_string(),
                s.with_hits.to_string(),
                s.errors.to_string(),
                &s.latency,
                s.baseline.as_ref(),
            )?;
        }
        let n: usize = self.sets.iter().map(|s| s.queries).sum();
        let hits: usize = self.sets.iter().map(|s| s.with_hits).sum();
        let errors: usize = self.sets.iter().map(|s| s.errors).sum();
        row(
            f,
            "**all**",
            n.to_string(),
            hits.to_string(),
            errors.to_string(),
            &self.overall,
            self.baseline_overall.as_ref(),
        )?;
        row(
            f,
            "all, with facets (as the API)",
            n.to_string(),
            String::new(),
            String::new(),
            &self.overall_with_facets,
            None,
        )?;
        if let Some(b) = &self.baseline_overall {
            writeln!(
                f,
                "baseline / ours, median: {:.2}×",
                b.median_ms / self.overall.median_ms.max(1e-9)
            )?;
        }
        write!(f, "slowest (median ms, hits):")?;
        for (q, ms, total) in &self.slowest {
            write!(f, " {q} {ms:.2} ({total});")?;
        }
        writeln!(f)
    }
}
