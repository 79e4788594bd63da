//! DOCX reader: the body of a WordprocessingML package as blocks in document order, plus the
//! core properties.
//!
//! The text is what Word prints, as far as search needs it: automatic list numbers are written
//! into the paragraph text, deleted revisions and field codes are left out (field results kept),
//! text boxes are read once (their `mc:Choice` copy, not the VML fallback) and placed after the
//! paragraph that anchors them. Headers, footers, footnotes and comments are not body and are not
//! read. Pages are known only when Word recorded its layout (`w:lastRenderedPageBreak`).

use super::package::parent_dir;
use super::types::{ExtractError, Flow, Limits};

mod body;
mod lists;
mod pages;
mod parts;
mod properties;
mod styles;
mod symbols;
#[cfg(test)]
mod tests;
mod xml;

use body::*;
use lists::*;
use parts::*;
use properties::*;
use styles::*;

/// Reads a DOCX package (a ZIP file) into blocks and properties.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<Flow, ExtractError> {
    limits.check()?;
    let mut package = Package::open(bytes, limits)?;
    let package_rels = package
        .read_auxiliary("_rels/.rels")?
        .map(|xml| parse_relationships(&xml, ""))
        .unwrap_or_default();
    let main = main_part(&mut package, &package_rels)?;
    let main_rels = package
        .read_auxiliary(&rels_part_of(&main))?
        .map(|xml| parse_relationships(&xml, parent_dir(&main)))
        .unwrap_or_default();
    let styles = package
        .read_related(&main_rels, "styles", &main, "styles.xml")?
        .map(|xml| Styles::parse(&xml))
        .unwrap_or_default();
    let numbering = package
        .read_related(&main_rels, "numbering", &main, "numbering.xml")?
        .map(|xml| Numbering::parse(&xml))
        .unwrap_or_default();
    limits.check()?;
    let document = package
        .read(&main)?
        .ok_or_else(|| ExtractError::Corrupt("no word/document.xml".into()))?;
    let blocks = BodyReader::new(&document, &styles, &numbering).read(&document, limits)?;
    let properties = read_properties(&mut package, &package_rels)?;
    Ok(Flow { blocks, properties })
}
