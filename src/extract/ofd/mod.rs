//! OFD reader (GB/T 33190-2016, China's fixed-layout format): a ZIP of XML parts.
//!
//! Gives every page in the order Document.xml lists them, each with its glyphs in draw order
//! (background templates, the page's own content, foreground templates), positioned in points
//! from the page's top-left corner, plus the properties of OFD.xml's DocInfo.
//!
//! Read: OFD.xml → DocBody → DocRoot (Document.xml) → CommonData (default page box, resource
//! files, template pages) and Pages; each page's Area, Template references, PageRes, and its
//! Content: layers, page blocks, TextObjects and CompositeObjects (whose CompositeGraphicUnits
//! live in resource files, in a coordinate system of their own). Not read: fonts (a glyph's
//! width comes from the spacing to the next glyph), paths, images, annotations, signatures and
//! seals (stamps are images or separate files; signed files are read like any other).

use super::types::{ExtractError, FixedLayout, Limits};

mod bounds;
mod document;
mod package_xml;
mod page;
#[cfg(test)]
mod tests;
mod units;

use bounds::*;
use document::*;
use package_xml::*;
use page::*;

/// Reads an OFD package.
///
/// A page whose part is missing or broken is skipped; a missing or broken OFD.xml or
/// Document.xml is [`ExtractError::Corrupt`]; a package with an `Encryptions.xml` part (the
/// OFD encryption scheme, GM/T 0099) is [`ExtractError::Encrypted`]; pages with no text at
/// all give [`ExtractError::NoTextLayer`].
pub fn read(bytes: &[u8], limits: &Limits) -> Result<FixedLayout, ExtractError> {
    let mut package = Package::open(bytes, limits)?;
    if package.has_encryption_part() {
        return Err(ExtractError::Encrypted);
    }
    let (_, ofd) = package
        .read_xml("", "OFD.xml")?
        .ok_or_else(|| corrupt("no OFD.xml"))?;
    let bodies: Vec<&Element> = ofd.children_named("DocBody").collect();
    let properties = bodies
        .first()
        .and_then(|body| body.child("DocInfo"))
        .map(read_properties)
        .unwrap_or_default();
    if bodies.is_empty() {
        return Err(corrupt("OFD.xml has no DocBody"));
    }
    let mut work = Work::default();
    let mut pages = Vec::new();
    let mut listed_pages = 0;
    for body in bodies {
        let doc_root = body
            .child("DocRoot")
            .map(Element::text)
            .ok_or_else(|| corrupt("DocBody without DocRoot"))?;
        listed_pages += read_document(&mut package, &doc_root, &mut work, &mut pages)?;
    }
    if pages.is_empty() {
        return Err(corrupt(if listed_pages == 0 {
            "the document has no pages"
        } else {
            "no page could be read"
        }));
    }
    let has_text = pages
        .iter()
        .flat_map(|page| &page.glyphs)
        .any(|glyph| !glyph.ch.is_whitespace());
    if !has_text {
        return Err(ExtractError::NoTextLayer);
    }
    Ok(FixedLayout { pages, properties })
}
