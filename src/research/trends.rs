//! Trends (词频): for each query, how many paragraphs match, how often the query occurs and in
//! how many documents, by year, region or document.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::hits::{all_hits, needles, occurrences_each};
use crate::error::Result;
use crate::search::{Engine, SearchRequest};

/// What the buckets are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum By {
    /// The year the document is about.
    Year,
    /// The document's region (short form).
    Region,
    /// One bucket per document, keyed by its id.
    Doc,
}

impl By {
    pub fn parse(value: &str) -> Option<By> {
        match value.trim() {
            "year" | "" => Some(By::Year),
            "region" => Some(By::Region),
            "doc" => Some(By::Doc),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Trends {
    pub by: By,
    pub series: Vec<Series>,
}

/// One query's counts.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Series {
    pub query: String,
    /// Whether synonyms were counted as well as the query as typed.
    #[serde(default)]
    pub synonyms: bool,
    /// The search's total for this query: the sum of the buckets' paragraphs.
    pub total: usize,
    /// Occurrences of the query in all buckets.
    #[serde(default)]
    pub occurrences: u64,
    /// With synonyms: each way of writing the query (as typed first) and its occurrences; they
    /// add up to `occurrences`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<Variant>,
    pub buckets: Vec<Bucket>,
}

/// One way of writing a query (the part as typed, or a synonym) and how often it occurs.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Variant {
    pub term: String,
    pub occurrences: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Bucket {
    /// The year, the region, or the document id; empty when unknown.
    pub key: String,
    /// What to show for the key (a document's title).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Matching paragraphs.
    pub paragraphs: u64,
    /// Occurrences of the query (each part and its synonyms) in them, after folding.
    pub occurrences: u64,
    /// Documents with a matching paragraph.
    pub documents: u64,
    /// With synonyms: the occurrences of each variant, in the order of the series' `variants`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<u64>,
}

/// Counts every hit of each query (with the filters of `base`) into buckets: the query as
/// typed (after folding), or with its synonyms too when `base.synonyms` is set.
pub fn trends(engine: &Engine, queries: &[String], by: By, base: &SearchRequest) -> Result<Trends> {
    let mut series = Vec::with_capacity(queries.len());
    for q in queries {
        // A trend counts what texts say: a paragraph found through its document's title does
        // not say the words.
        let request = SearchRequest {
            query: q.clone(),
            through_documents: false,
            ..base.clone()
        };
        let results = all_hits(engine, &request)?;
        let needles = needles(&request)?;
        // Counting folds every hit's text: on every core.
        let counts: Vec<Vec<u64>> = results
            .hits
            .par_iter()
            .map(|hit| occurrences_each(&hit.text, &needles))
            .collect();
        let mut by_variant = vec![0u64; needles.len()];
        let mut buckets: BTreeMap<String, (Bucket, BTreeSet<String>)> = BTreeMap::new();
        for (hit, count) in results.hits.iter().zip(counts) {
            let key = match by {
                By::Year => hit.year.map(|y| y.to_string()).unwrap_or_default(),
                By::Region => hit.region.clone().unwrap_or_default(),
                By::Doc => hit.doc.clone(),
            };
            let (bucket, docs) = buckets.entry(key.clone()).or_insert_with(|| {
                let label = (by == By::Doc).then(|| hit.title.clone());
                (
                    Bucket {
                        key,
                        label,
                        paragraphs: 0,
                        occurrences: 0,
                        documents: 0,
                        variants: vec![0; needles.len()],
                    },
                    BTreeSet::new(),
                )
            });
            bucket.paragraphs += 1;
            bucket.occurrences += count.iter().sum::<u64>();
            for (i, n) in count.iter().enumerate() {
                bucket.variants[i] += n;
                by_variant[i] += n;
            }
            docs.insert(hit.doc.clone());
        }
        let mut buckets: Vec<Bucket> = buckets
            .into_values()
            .map(|(mut b, docs)| {
                b.documents = docs.len() as u64;
                if !base.synonyms {
                    b.variants.clear();
                }
                b
            })
            .collect();
        match by {
            // Years in order, for a line; regions and documents most first, for bars.
            By::Year => buckets.sort_by(|a, b| a.key.cmp(&b.key)),
            By::Region | By::Doc => buckets.sort_by(|a, b| {
                b.paragraphs
                    .cmp(&a.paragraphs)
                    .then_with(|| a.key.cmp(&b.key))
            }),
        }
        let variants = if base.synonyms {
            needles
                .iter()
                .zip(&by_variant)
                .map(|(term, &occurrences)| Variant {
                    term: term.clone(),
                    occurrences,
                })
                .collect()
        } else {
            Vec::new()
        };
        series.push(Series {
            query: q.clone(),
            synonyms: base.synonyms,
            total: results.total,
            occurrences: by_variant.iter().sum(),
            variants,
            buckets,
        });
    }
    Ok(Trends { by, series })
}

/// `ai 8；人工智能 11`: a bucket's occurrences of each variant of its series.
pub fn variant_counts(series: &Series, bucket: &Bucket) -> String {
    series
        .variants
        .iter()
        .zip(&bucket.variants)
        .map(|(v, n)| format!("{} {n}", v.term))
        .collect::<Vec<_>>()
        .join("；")
}

/// The table as CSV: one row per query and bucket. A 标题 column only by document (years and
/// regions have no title); with synonyms, a column with each variant's occurrences.
pub fn to_csv(trends: &Trends) -> Result<Vec<u8>> {
    let mut out = csv::Writer::from_writer(super::export::utf8_bom());
    let key = match trends.by {
        By::Year => "年份",
        By::Region => "地区",
        By::Doc => "文档",
    };
    let titled = trends.by == By::Doc;
    let synonyms = trends.series.iter().any(|s| !s.variants.is_empty());
    let mut header = vec!["检索词", key];
    if titled {
        header.push("标题");
    }
    header.extend(["段落数", "出现次数", "文档数"]);
    if synonyms {
        header.push("各写法出现次数");
    }
    let to_io = |e: csv::Error| crate::error::Error::io("writing CSV", std::io::Error::other(e));
    out.write_record(header).map_err(to_io)?;
    for s in &trends.series {
        for b in &s.buckets {
            let mut row = vec![s.query.clone(), b.key.clone()];
            if titled {
                row.push(b.label.clone().unwrap_or_default());
            }
            row.extend([
                b.paragraphs.to_string(),
                b.occurrences.to_string(),
                b.documents.to_string(),
            ]);
            if synonyms {
                row.push(variant_counts(s, b));
            }
            out.write_record(row).map_err(to_io)?;
        }
    }
    out.into_inner()
        .map_err(|e| crate::error::Error::io("writing CSV", std::io::Error::other(e.to_string())))
}
