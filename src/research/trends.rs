//! Trends (词频): for each query, how many paragraphs match, how often the query occurs and in
//! how many documents, by year, region or document.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{all_hits, needles, occurrences};
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
    /// The search's total for this query: the sum of the buckets' paragraphs.
    pub total: usize,
    pub buckets: Vec<Bucket>,
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
}

/// Counts every hit of each query (with the filters of `base`) into buckets.
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
        let needles = needles(q)?;
        // Counting folds every hit's text: on every core.
        let counts: Vec<u64> = results
            .hits
            .par_iter()
            .map(|hit| occurrences(&hit.text, &needles))
            .collect();
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
                    },
                    BTreeSet::new(),
                )
            });
            bucket.paragraphs += 1;
            bucket.occurrences += count;
            docs.insert(hit.doc.clone());
        }
        let mut buckets: Vec<Bucket> = buckets
            .into_values()
            .map(|(mut b, docs)| {
                b.documents = docs.len() as u64;
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
        series.push(Series {
            query: q.clone(),
            total: results.total,
            buckets,
        });
    }
    Ok(Trends { by, series })
}

/// The table as CSV: one row per query and bucket.
pub fn to_csv(trends: &Trends) -> Result<Vec<u8>> {
    let mut out = csv::Writer::from_writer(super::export::utf8_bom());
    let key = match trends.by {
        By::Year => "年份",
        By::Region => "地区",
        By::Doc => "文档",
    };
    let header = ["检索词", key, "标题", "段落数", "出现次数", "文档数"];
    let to_io = |e: csv::Error| crate::error::Error::io("writing CSV", std::io::Error::other(e));
    out.write_record(header).map_err(to_io)?;
    for s in &trends.series {
        for b in &s.buckets {
            out.write_record([
                s.query.as_str(),
                b.key.as_str(),
                b.label.as_deref().unwrap_or(""),
                &b.paragraphs.to_string(),
                &b.occurrences.to_string(),
                &b.documents.to_string(),
            ])
            .map_err(to_io)?;
        }
    }
    out.into_inner()
        .map_err(|e| crate::error::Error::io("writing CSV", std::io::Error::other(e.to_string())))
}
