//! The paragraphs that come into the parser and the paragraphs that come out of it. They live
//! apart from [`Document`](super::document::Document) because the readers of a text
//! (`citations`, `references`) take paragraphs and give parts of the metadata, which the
//! document holds: with both here, neither points back at the other.

use serde::{Deserialize, Serialize};

/// One paragraph of the document: a source paragraph (or a piece of one too long to be a
/// paragraph), with the headings it sits under.
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

/// One paragraph as the source gives it, which is what the parser calls a line: a line of a text
/// file or a block of Markdown, a paragraph a PDF, OFD or Word reader put together. With its
/// page, where the source has pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceParagraph<'a> {
    pub text: &'a str,
    pub page: Option<u32>,
    /// The heading level the source marks it with (Markdown `##` → 2), if any.
    pub outline: Option<u8>,
}
