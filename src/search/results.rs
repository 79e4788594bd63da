//! The shapes a search answers with: the same for the CLI's `--json` and the API.

use serde::{Deserialize, Serialize};

use super::facets::Facets;
use crate::index::ParagraphFields;

/// One paragraph found.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Hit {
    pub doc: String,
    pub paragraph: u64,
    pub title: String,
    pub date: Option<String>,
    /// The region the document is about, short form (上海, 广西).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The year the document is about (else the year it is dated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u64>,
    pub section: Vec<String>,
    /// 1-based page the paragraph starts on, in paged documents (PDF, OFD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    pub text: String,
    /// HTML-escaped text around the first match, matches in `<mark>`.
    pub snippet: String,
    pub score: f32,
    /// The same document in other formats (same text, paragraph for paragraph): listed here
    /// instead of as hits of their own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<String>,
    /// How to cite the paragraph when it is in an article: 《专利代理条例》第二十五条.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
    /// The document's 效力级别 and 时效性 (现行有效, 已修改…), for a law's badge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

/// The answer to a search: the same shape for the CLI's `--json` and the API.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SearchResults {
    pub query: String,
    pub total: usize,
    pub took_ms: f64,
    pub hits: Vec<Hit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<Facets>,
    /// Hits grouped by document (when asked for): one entry per document, most hits first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<Group>>,
    /// Synonyms the query was expanded with; their matches rank after exact ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub synonyms: Vec<String>,
    /// How many documents match, in the grouped view (groups are paged by `limit`/`offset`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_groups: Option<usize>,
}

/// One document's hits in the grouped view.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Group {
    pub doc: String,
    pub title: String,
    pub date: Option<String>,
    /// Paragraphs of this document that match.
    pub count: u64,
    /// Its best paragraphs.
    pub hits: Vec<Hit>,
    /// The same document in other formats, not listed as groups of their own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<String>,
}

/// A paragraph as exported and as shown in the reader.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ParagraphRecord {
    pub doc: String,
    pub paragraph: u64,
    pub title: String,
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u64>,
    pub section: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    pub text: String,
}

impl From<ParagraphFields<'_>> for ParagraphRecord {
    fn from(p: ParagraphFields<'_>) -> Self {
        ParagraphRecord {
            doc: p.doc.to_string(),
            paragraph: p.number,
            title: p.title.to_string(),
            date: p.date.map(|d| d.to_string()),
            region: (!p.region.is_empty()).then(|| p.region.to_string()),
            year: (p.year > 0).then_some(p.year),
            section: p.section.into_iter().map(str::to_string).collect(),
            page: (p.page > 0).then_some(p.page as u32),
            text: p.text.to_string(),
        }
    }
}
