//! What every format's reader gives: positioned glyphs for fixed-layout files (PDF, OFD), blocks
//! for flowing ones (Word), plus document properties. Format readers depend on this file alone.

use std::time::{Duration, Instant};

/// One character drawn on a fixed-layout page.
///
/// Coordinates are in points (1/72 inch) from the page's top-left corner; `y` grows downward.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    pub ch: char,
    /// Left edge of the glyph.
    pub x: f32,
    /// Baseline of the glyph.
    pub y: f32,
    /// Advance width (0 when unknown).
    pub width: f32,
    /// Font size: the glyph's em height on the page.
    pub size: f32,
}

/// One page of a fixed-layout document, its glyphs in the order the file draws them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub glyphs: Vec<Glyph>,
}

/// What the file says about itself (document properties), each as the file gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Properties {
    pub title: Option<String>,
    pub author: Option<String>,
    pub subject: Option<String>,
    /// Creation date as YYYY-MM-DD.
    pub created: Option<String>,
}

/// A fixed-layout document (PDF, OFD): pages in reading order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FixedLayout {
    pub pages: Vec<Page>,
    pub properties: Properties,
}

/// What a block of a flowing document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    /// One row of a table, its cells' text joined by [`CELL_SEPARATOR`].
    TableRow,
}

pub use crate::text::CELL_SEPARATOR;

/// A paragraph of a flowing document (Word), or of a laid-out page once lines are joined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub text: String,
    /// 1-based page the block starts on, where the file says where pages break.
    pub page: Option<u32>,
    pub kind: BlockKind,
}

/// A flowing document (DOCX, DOC, WPS): blocks in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Flow {
    pub blocks: Vec<Block>,
    pub properties: Properties,
}

/// Why a file gave no text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    #[error("needs OCR: no text layer")]
    NoTextLayer,
    #[error("needs OCR: the text layer is garbage (wrong character maps)")]
    GarbageText,
    #[error("password-protected")]
    Encrypted,
    #[error("corrupt or truncated file: {0}")]
    Corrupt(String),
    #[error("too large to read: {0}")]
    TooLarge(String),
    #[error("reading took longer than {0} s")]
    Timeout(u64),
    #[error("unsupported: {0}")]
    Unsupported(String),
}

/// Bounds on the work one file may cost: readers call [`Limits::check`] in their loops and
/// stop inflating data past `max_inflated_bytes` in total.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub deadline: Instant,
    pub budget: Duration,
    pub max_inflated_bytes: u64,
}

impl Limits {
    pub fn new(budget: Duration, max_inflated_bytes: u64) -> Self {
        Limits {
            deadline: Instant::now() + budget,
            budget,
            max_inflated_bytes,
        }
    }

    /// Generous bounds for one document: a minute, 512 MB of inflated data.
    pub fn for_one_file() -> Self {
        Limits::new(Duration::from_secs(60), 512 * 1024 * 1024)
    }

    pub fn check(&self) -> Result<(), ExtractError> {
        if Instant::now() > self.deadline {
            Err(ExtractError::Timeout(self.budget.as_secs()))
        } else {
            Ok(())
        }
    }
}
