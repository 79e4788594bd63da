//! PDF reader: the glyphs of every page, positioned on the page as displayed, and the
//! document properties.
//!
//! lopdf parses the file (cross-reference data, objects, streams, decryption with an empty
//! user password). This module interprets the page content streams itself: graphics and text
//! state, form XObjects, and fonts with their encodings, ToUnicode CMaps and widths, because
//! positions and sizes matter as much as the characters.

use super::types::{ExtractError, FixedLayout, Limits};
use lopdf::{DecompressError, Document, LoadOptions};

mod cmap;
mod content;
mod encoding;
mod fonts;
mod objects;
mod page_tree;
mod properties;
#[cfg(test)]
mod tests;

use content::*;
use page_tree::*;
use properties::*;

/// Reads a PDF file: every page of the page tree in order, with its glyphs in draw order.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<FixedLayout, ExtractError> {
    let (doc, damage) = load(bytes, limits)?;
    limits.check()?;
    let mut interpreter = Interpreter::new(&doc, limits);
    let properties = document_properties(&doc, &mut interpreter);
    let mut pages = Vec::new();
    for spec in page_specs(&doc) {
        limits.check()?;
        let lost_before = interpreter.lost_fonts;
        let mut page = interpreter.page(&spec)?;
        // A damaged file keeps only pages read whole: where a font is lost, what is left of the
        // page is the text of the fonts that survived (digits, a Latin word), not its text.
        if damage.is_some() && interpreter.lost_fonts > lost_before {
            page.glyphs.clear();
        }
        pages.push(page);
    }
    // A damaged file that gave no text is damaged, not a scan that needs OCR.
    if let Some(reason) = damage {
        if pages.iter().all(|p| p.glyphs.is_empty()) {
            return Err(ExtractError::Corrupt(reason));
        }
    }
    Ok(FixedLayout { pages, properties })
}

/// Stand-ins for the catalog and page tree root, which a file cut short has often lost with
/// its trailer; lopdf rebuilds the cross-reference table only around a catalog, and pages are
/// then found by scanning (see [`page_specs`]).
const STAND_IN_CATALOG: &[u8] = b"\n999998 0 obj\n<< /Type /Catalog /Pages 999999 0 R >>\nendobj\n\
999999 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n";

/// The document, and what was wrong with it when it had to be patched to load.
fn load(bytes: &[u8], limits: &Limits) -> Result<(Document, Option<String>), ExtractError> {
    match load_document(bytes, limits) {
        Err(ExtractError::Corrupt(reason)) => {
            let mut patched = bytes.to_vec();
            patched.extend_from_slice(STAND_IN_CATALOG);
            load_document(&patched, limits)
                .map(|doc| (doc, Some(reason.clone())))
                .map_err(|_| ExtractError::Corrupt(reason))
        }
        other => other.map(|doc| (doc, cut_short(bytes))),
    }
}

/// A file cut short (a download that stopped) lacks the `%%EOF` that ends a PDF; lopdf loads it
/// all the same, rebuilding the cross-reference table, but what it then lacks is unknown.
fn cut_short(bytes: &[u8]) -> Option<String> {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    let ends = tail.windows(5).any(|w| w == b"%%EOF");
    (!ends).then(|| "the file ends before its end-of-file marker".to_string())
}

fn load_document(bytes: &[u8], limits: &Limits) -> Result<Document, ExtractError> {
    let options = LoadOptions {
        max_decompressed_size: Some(
            usize::try_from(limits.max_inflated_bytes).unwrap_or(usize::MAX),
        ),
        ..LoadOptions::default()
    };
    let doc = Document::load_mem_with_options(bytes, options).map_err(|error| match error {
        lopdf::Error::Decompress(DecompressError::MemoryLimitExceeded { .. }) => {
            ExtractError::TooLarge("a stream inflates past the limit".into())
        }
        lopdf::Error::InvalidPassword | lopdf::Error::Decryption(_) => ExtractError::Encrypted,
        other => ExtractError::Corrupt(other.to_string()),
    })?;
    // lopdf decrypts with the empty user password by itself and then drops /Encrypt from the
    // trailer; a trailer that still has it means the document wants a user password.
    if doc.trailer.has(b"Encrypt") {
        return Err(ExtractError::Encrypted);
    }
    Ok(doc)
}
