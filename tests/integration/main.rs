//! One integration test binary (one link step): modules by what they exercise.

mod support;

mod cli;
mod counts;
mod documents_snapshot;
mod filters;
mod formats;
mod formats_shared;
mod http;
mod incremental;
mod laws;
mod named;
mod opensearch;
mod opensearch_spec;
mod ranking_snapshot;
mod reindex;
mod research;
mod search;
mod tier2;
