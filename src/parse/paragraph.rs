//! The paragraphs that come into the parser and the paragraphs that come out of it. They live
//! apart from [`Document`](super::document::Document) because the readers of a text
//! (`citations`, `references`) take paragraphs and give parts of the metadata, which the
//! document holds: with both here, neither points back at the other.

use serde::{Deserialize, Serialize};

/// One paragraph: a line of the source, with the headings it sits under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    /// 1-based position among the document's paragraphs.
    pub number: u32,
    pub text: String,
    pub section: Vec<String>,
    /// 1-based page the paragraph starts on, in paged documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
}

/// A line of the source as the parser reads it: text, and the page it is on where known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceLine<'a> {
    pub text: &'a str,
    pub page: Option<u32>,
    /// The heading level the source marks the line with (Markdown `##` → 2), if any.
    pub outline: Option<u8>,
}
