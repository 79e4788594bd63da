//! What the parser gives: a document's metadata and its paragraphs. Its own file, above
//! `metadata` and `paragraph`, so that every part of the parser can name it without naming the
//! front door (`parse/mod.rs`).

use serde::{Deserialize, Serialize};

use super::metadata::Metadata;
use super::paragraph::Paragraph;

/// A parsed document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Path relative to the corpus, with `/` separators.
    pub id: String,
    pub metadata: Metadata,
    pub paragraphs: Vec<Paragraph>,
    /// What the reader had to do to the text that a user should know about.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}
