//! Search: an [`Engine`] opened once over the index, answering [`SearchRequest`]s.
//!
//! Recall is that of a substring search: every part of the query is matched as a phrase of
//! character bigrams (or as a character), which finds it wherever it occurs, however jieba cut
//! it. Ranking is BM25 on the jieba words of the query, with paragraphs that hold the whole query
//! as typed ahead of those that hold its parts apart.

pub mod citations;
pub mod documents;
mod engine;
mod facets;
pub mod highlight;
pub mod links;
mod query;
mod request;
mod results;
pub mod syntax;
pub mod versions;

pub use engine::{Engine, SameText, ThroughDocuments};
pub use facets::{FacetCount, Facets};
pub use query::{Weights, WEIGHTS};
pub use request::{SearchRequest, Sort, MAX_LIMIT};
pub use results::{DocumentHit, Group, Hit, NamedArticle, ParagraphRecord, SearchResults, Via};
pub use syntax::{ParsedQuery, QueryError};
