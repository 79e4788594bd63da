//! The tantivy index on disk: schema, manifest, and bringing it in line with the corpus.

pub mod manifest;
pub mod paragraph;
pub mod schema;
mod store;
pub mod writer;

pub use manifest::{FileEntry, Manifest, SkippedEntry};
pub use paragraph::{paragraph_key, ParagraphFields};
pub use schema::{Fields, SCHEMA_VERSION, SECTION_SEPARATOR};
pub use store::{exists, is_outdated, needs_rebuild, open};
pub use writer::{sync, NoProgress, Progress, Skipped, SyncOptions, SyncReport};
