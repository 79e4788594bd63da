//! The shapes a search answers with: the same for the CLI's `--json` and the API.

use serde::{Deserialize, Serialize};

use super::documents::NamedBy;
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
    /// How the paragraph matched: `text` (every part of the query in its own text),
    /// `article` (an article typed is the one it is in), `document` (a part only in its
    /// document's title, 文号 or issuer).
    #[serde(default)]
    pub via: Via,
}

/// How a hit matched the query.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Via {
    /// Every part is in the paragraph's text (as typed, or a synonym).
    #[default]
    Text,
    /// Every part is in the text but an article typed, which is the article the paragraph
    /// is in (or is written there the other way: 第25条 for 第二十五条).
    Article,
    /// Some part is only in the names of the paragraph's document.
    Document,
}

impl Via {
    /// As the UI labels it.
    pub fn chinese(self) -> &'static str {
        match self {
            Via::Text => "正文命中",
            Via::Article => "条文命中",
            Via::Document => "标题命中",
        }
    }
}

/// A document the query names (by title, short title, 文号 or issuer): shown before the
/// paragraphs.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DocumentHit {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// 效力级别 and 时效性 (现行有效, 已修改…) of a law.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// text, html, pdf, docx, doc, ofd, markdown.
    pub format: String,
    pub paragraphs: u32,
    /// What the query matched: title, doc_number, issuer.
    pub matched: Vec<NamedBy>,
    /// The article the query names in this document, with its paragraphs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<NamedArticle>,
    /// The same document in other formats.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<String>,
}

/// An article named in a named document: 《中华人民共和国民法典》第一千零三十五条.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct NamedArticle {
    pub citation: String,
    /// Its paragraphs (or the 款 or 项 named), by number.
    pub paragraphs: Vec<u64>,
}

/// The answer to a search: the same shape for the CLI's `--json` and the API.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SearchResults {
    pub query: String,
    pub total: usize,
    /// Of `total`, the paragraphs that hold the query in their own text (or are the article
    /// typed): what trends, exports and feeds count. The rest were found through their
    /// document's title, 文号 or issuer.
    #[serde(default)]
    pub text_total: usize,
    pub took_ms: f64,
    /// Documents the query names, best first (before the paragraphs).
    #[serde(default)]
    pub documents: Vec<DocumentHit>,
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
