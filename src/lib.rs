//! policy-search: full-text search for Chinese policy documents.
//!
//! ```text
//! corpus/ ──corpus──▶ SourceFile ──ingest: detect the format by content, then
//!            decode (text, HTML) or extract (PDF, OFD, Word → paragraphs with pages)
//!            ──parse (source paragraphs → metadata + paragraphs with section paths)──▶ Document
//!        ──analyze (fold + jieba words + character bigrams)──▶ index/ (tantivy, one doc per paragraph)
//!        ──search──▶ SearchResults ──research (trends, compare, similar, export, feed)──▶ cli (terminal, --json) / server (JSON API) ──▶ web/ UI
//! ```
//! The modules below are declared in the order they build on each other: each uses only those
//! declared before it (`plan_tests` checks every `crate::` path against this order). `parse`
//! knows nothing of files or formats, `extract` nothing of parsing, `cli` and `server` never build
//! tantivy queries. The benchmark harness is a crate of its own (`bench/`, the `bench` binary)
//! that uses this library as any caller would. Within a stage the files form a plan too: a
//! folder's `mod.rs` holds and names its parts, which never name it back, and no two files need
//! each other (`plan_tests` checks that as well).
//!
//! Where to look:
//! - a PDF or OFD page becomes paragraphs in `extract/layout.rs`: the readers (`extract/pdf/`,
//!   `extract/ofd/`) give it positioned glyphs, it groups them into lines and lines into
//!   paragraphs; Word files give their paragraphs directly (`extract/docx/`, `extract/doc/`);
//! - a query is read in `search/syntax.rs`; a part is matched exactly in
//!   `search/query/bigrams.rs`, ranked in `search/query/ranking.rs`, and every fixed score is in
//!   `search/query/weights.rs`; the documents a part names are found in `search/documents.rs`;
//! - a 发文字号 is recognised in `parse/doc_number.rs` (read from a 版头 in `parse/classify.rs`);
//!   a title in `parse/title.rs`, dates in `parse/date.rs`, section paths in
//!   `parse/sections.rs` and `parse/structure.rs`, Chinese numerals in `text/numerals.rs`;
//! - a law's 效力级别 in `parse/level.rs`, its versions and 时效性 in `search/versions.rs`.

// The one error type; it names each stage's own errors, so it alone may name later stages.
pub mod error;

// What several stages know about Chinese text: CJK ranges, numerals, heading numbering, table rows.
pub mod text;

// Folding and word segmentation, which parsing (region and 发文字号 keys) already needs.
pub mod analyze;

// Format readers: PDF, OFD, DOCX, DOC/WPS bytes to paragraphs with pages.
pub mod extract;

// The corpus folder: which files are documents, and loading their bytes.
pub mod corpus;

// Source paragraphs (a text's lines, a reader's paragraphs) to a Document: title, metadata,
// chrome, section paths.
pub mod parse;

// A file's bytes to a Document: detect → decode or extract → parse.
pub mod ingest;

// The tantivy index: schema, writing, incremental updates.
pub mod index;

// Query syntax, plans, ranking, facets, highlighting.
pub mod search;

// Trends, compare, similar paragraphs, export, feeds, over search results.
pub mod research;

// The index handed to OpenSearch: mapping, queries, bulk export, sync.
pub mod opensearch;

// What each executable does when it starts and ends.
pub mod process;

// The web front end: JSON API and the embedded UI.
pub mod server;

// The terminal front end; its `serve` command starts the server.
pub mod cli;

#[cfg(test)]
mod plan_tests;

pub use error::{Error, Result};
