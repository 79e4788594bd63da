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

use super::geometry::Matrix;
use super::package::{self, normalize_path, parent_dir, PartError};
use super::{ExtractError, FixedLayout, Glyph, Limits, Page, Properties};
use crate::text::is_wide;
use quick_xml::events::{BytesStart, Event};
use std::borrow::Cow;
use std::collections::HashMap;
use zip::result::ZipError;

mod document;
mod package_xml;
mod page;
#[cfg(test)]
mod tests;

use document::*;
use package_xml::*;
use page::*;

/// OFD lengths are millimetres; glyphs are given in points.
const MM_TO_PT: f64 = 72.0 / 25.4;
/// A4, the page box when the file gives none.
const DEFAULT_PAGE_BOX: PageBox = PageBox {
    x: 0.0,
    y: 0.0,
    width: 210.0,
    height: 297.0,
};
/// No single XML part of a real OFD comes near this; a larger one is a bomb.
const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// Deeper XML is not a real OFD; the bound keeps the recursive tree walks off the stack's end.
const MAX_XML_DEPTH: usize = 256;
/// Layers, page blocks and composite objects nested deeper than this are not drawn.
const MAX_NESTING: usize = 32;
/// Bounds the objects one document may make the reader visit: composite units that reference
/// each other can multiply the work exponentially with little XML.
const MAX_OBJECTS: u64 = 20_000_000;
/// Bounds the glyphs of one document (a 1000-page book has about 1.5 million).
const MAX_GLYPHS: usize = 8_000_000;

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

fn corrupt(reason: impl Into<String>) -> ExtractError {
    ExtractError::Corrupt(reason.into())
}
