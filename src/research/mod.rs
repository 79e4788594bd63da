//! Research tools on top of the search: trends (词频 by year, region, document), comparison of
//! two documents (新提法), shared wording across documents, export with citations, and feeds.
//!
//! Every count here comes from the search engine's own matching ([`all_hits`], in `hits.rs`), so that a trend's
//! paragraphs, an export's rows and the search's `total` agree exactly for the same query.

pub mod compare;
pub mod export;
pub mod feed;
mod hits;
pub mod similar;
pub mod suggest;
pub mod trends;

pub use hits::{all_hits, citation, needles, occurrences, occurrences_each};
