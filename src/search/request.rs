//! A search as the CLI and the API ask for it: the query text, paging, order, and the filters
//! given beside the query (the same filters the query syntax writes inline).

use serde::{Deserialize, Serialize};

use super::syntax::{self, ParsedQuery};

/// The most hits one request may ask for.
pub const MAX_LIMIT: usize = 1_000_000;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    #[default]
    Relevance,
    Date,
}

/// A search as asked for by the CLI or the API.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub query: String,
    pub limit: usize,
    pub offset: usize,
    /// Restrict to documents: exact ids, or parts of ids when nothing matches exactly.
    pub doc: Option<String>,
    /// Restrict to documents whose 发文字号 contains this (any bracket style).
    pub doc_number: Option<String>,
    /// Restrict to paragraphs whose section path contains this.
    pub section: Option<String>,
    /// Restrict to documents of this region (any form: 上海, 上海市).
    pub region: Option<String>,
    /// Restrict to documents about this year (or years, `2025..2026`).
    pub year: Option<String>,
    /// Restrict to documents of this 文种 (办法, 通知…).
    pub kind: Option<String>,
    /// Restrict to documents whose issuing body's name contains this.
    pub issuer: Option<String>,
    /// Restrict to documents of this 效力级别 (法律, 行政法规…).
    pub level: Option<String>,
    /// Restrict to documents of this 时效性 (现行有效, 已修改, 已废止, 尚未生效).
    pub status: Option<String>,
    /// Inclusive bounds, YYYY[-MM[-DD]].
    pub from: Option<String>,
    pub to: Option<String>,
    pub sort: Sort,
    /// Count hits per document, top-level section and year.
    pub facets: bool,
    /// Let a synonym stand in for a part (高新区 for 高新技术产业开发区). Counts that people quote
    /// (trends, exports) turn it off, so that they count what was typed.
    pub synonyms: bool,
    /// A part may be satisfied by the paragraph's document (its title, 文号 or issuer), not
    /// only by its text. Off for counts of what texts say (trends, the rarity of words).
    pub through_documents: bool,
}

impl SearchRequest {
    pub fn new(query: impl Into<String>) -> Self {
        SearchRequest {
            query: query.into(),
            limit: 10,
            offset: 0,
            doc: None,
            doc_number: None,
            section: None,
            region: None,
            year: None,
            kind: None,
            issuer: None,
            level: None,
            status: None,
            from: None,
            to: None,
            sort: Sort::Relevance,
            facets: false,
            synonyms: true,
            through_documents: true,
        }
    }

    /// The request's query, parsed; without synonyms when they are off.
    pub fn parse(&self) -> std::result::Result<ParsedQuery, syntax::QueryError> {
        let mut parsed = syntax::parse(&self.query)?;
        if !self.synonyms {
            parsed.drop_synonyms();
        }
        Ok(parsed)
    }
}
