//! Query building and ranking, in one place: a parsed query and its request become one tantivy
//! query. What matches and what ranks first are kept apart:
//!
//! - `bigrams.rs`: what matches, each part found exactly in the bigram field (substring recall);
//! - `filters.rs`: which documents and paragraphs a search may find at all (`doc_ids.rs`: the
//!   paragraphs of a set of documents);
//! - `ranking.rs`: BM25 over the bigrams of the query's jieba words;
//! - `weights.rs`: every fixed score, in one table;
//! - `plan.rs`: the clauses put together, required and optional;
//! - `optional.rs` and `materialize.rs`: two tantivy queries that make the plan fast (optional
//!   clauses scored only where the required match; an exclusion read once).

mod bigrams;
mod doc_ids;
mod filters;
mod materialize;
mod optional;
mod plan;
mod ranking;
mod weights;

#[cfg(test)]
mod tests;

pub use bigrams::level_is_query;
pub use doc_ids::DocPostings;
pub use filters::law_filters;
pub use plan::{build, Resolved};
pub use weights::{Weights, WEIGHTS};
