//! policy-search: full-text search for Chinese policy documents.
//!
//! ```text
//! corpus/ ──corpus──▶ SourceFile ──extract (PDF, OFD, Word → paragraphs with pages)──┐
//!        ──parse (text, HTML, extracted paragraphs)──▶ Document { metadata, paragraphs + section paths }
//!        ──analyze (fold + jieba words + character bigrams)──▶ index/ (tantivy, one doc per paragraph)
//!        ──search──▶ SearchResults ──research (trends, compare, similar, export, feed)──▶ cli (terminal, --json) / server (JSON API) ──▶ web/ UI
//! ```
//! Each module uses only those before it: `parse` knows nothing of tantivy, `cli` and `server`
//! never build tantivy queries. The benchmark harness is a crate of its own (`bench/`, the
//! `bench` binary) that uses this library as any caller would.

pub mod analyze;
pub mod cli;
pub mod corpus;
pub mod error;
pub mod extract;
pub mod index;
pub mod opensearch;
pub mod parse;
pub mod process;
pub mod research;
pub mod search;
pub mod server;

pub use error::{Error, Result};
