//! The bounds an OFD package is read under, so that a crafted file (an XML bomb, composite
//! units that draw each other) costs a bounded amount of work; and the error a broken part gives.

use crate::extract::types::ExtractError;

/// No single XML part of a real OFD comes near this; a larger one is a bomb.
pub(crate) const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// Deeper XML is not a real OFD; the bound keeps the recursive tree walks off the stack's end.
pub(crate) const MAX_XML_DEPTH: usize = 256;
/// Layers, page blocks and composite objects nested deeper than this are not drawn.
pub(crate) const MAX_NESTING: usize = 32;
/// Bounds the objects one document may make the reader visit: composite units that reference
/// each other can multiply the work exponentially with little XML.
pub(crate) const MAX_OBJECTS: u64 = 20_000_000;
/// Bounds the glyphs of one document (a 1000-page book has about 1.5 million).
pub(crate) const MAX_GLYPHS: usize = 8_000_000;

pub(crate) fn corrupt(reason: impl Into<String>) -> ExtractError {
    ExtractError::Corrupt(reason.into())
}
