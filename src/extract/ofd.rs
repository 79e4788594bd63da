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

use super::package::{self, normalize_path, parent_dir, PartError};
use super::{ExtractError, FixedLayout, Glyph, Limits, Page, Properties};
use crate::text::is_wide;
use quick_xml::events::{BytesStart, Event};
use std::borrow::Cow;
use std::collections::HashMap;
use zip::result::ZipError;

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
/// Text turned more than this from the horizontal (tan 5°) is a stamp or a margin note:
/// it is dropped rather than mixed into the lines of the page.
const MAX_TILT: f64 = 0.0875;

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

// ---------------------------------------------------------------------------------------------
// Document structure

/// Reads the document at `doc_root` (a path from the package root) and appends its pages to
/// `pages`. Returns how many pages Document.xml lists.
fn read_document(
    package: &mut Package,
    doc_root: &str,
    work: &mut Work,
    pages: &mut Vec<Page>,
) -> Result<usize, ExtractError> {
    let (doc_path, document) = package
        .read_xml("", doc_root)?
        .ok_or_else(|| corrupt(format!("no document part {doc_root}")))?;
    let doc_dir = parent_dir(&doc_path).to_owned();
    let common = document.child("CommonData");
    let default_box = common
        .and_then(|c| c.child("PageArea"))
        .and_then(PageBox::from_area)
        .unwrap_or(DEFAULT_PAGE_BOX);

    let mut document_units = Units::new();
    let mut templates: HashMap<String, Template> = HashMap::new();
    if let Some(common) = common {
        for res in common.elements() {
            if res.name == "PublicRes" || res.name == "DocumentRes" {
                load_units(package, &doc_dir, &res.text(), &mut document_units)?;
            }
        }
        for template in common.children_named("TemplatePage") {
            let (Some(id), Some(location)) = (template.attr("ID"), template.attr("BaseLoc")) else {
                continue;
            };
            templates.entry(id.trim().to_owned()).or_insert(Template {
                location: location.to_owned(),
                background: template.attr("ZOrder").is_none_or(is_background),
                part: None,
            });
        }
    }

    let page_refs: Vec<&Element> = document
        .child("Pages")
        .map(|p| p.children_named("Page").collect())
        .unwrap_or_default();
    for page_ref in &page_refs {
        package.limits.check()?;
        let Some(location) = page_ref.attr("BaseLoc") else {
            continue;
        };
        let Some(part) = PagePart::load(package, &doc_dir, location)? else {
            continue;
        };
        let page_box = part
            .root
            .child("Area")
            .and_then(PageBox::from_area)
            .unwrap_or(default_box);

        // Templates carry running headers and page numbers: drawn under (Background) or over
        // (Foreground) the page's own content. A page's ZOrder overrides the template's.
        let mut used: Vec<(String, bool)> = Vec::new();
        for reference in part.root.children_named("Template") {
            let Some(id) = reference.attr("TemplateID").map(str::trim) else {
                continue;
            };
            let Some(template) = templates.get_mut(id) else {
                continue;
            };
            if template.part.is_none() {
                template.part = Some(PagePart::load(package, &doc_dir, &template.location)?);
            }
            let in_background = reference
                .attr("ZOrder")
                .map_or(template.background, is_background);
            used.push((id.to_owned(), in_background));
        }
        let template_part = |(id, _): &(String, bool)| {
            templates
                .get(id)
                .and_then(|template| template.part.as_ref())
                .and_then(Option::as_ref)
        };
        let mut drawn: Vec<&PagePart> = used
            .iter()
            .filter(|(_, background)| *background)
            .filter_map(template_part)
            .collect();
        drawn.push(&part);
        drawn.extend(
            used.iter()
                .filter(|(_, background)| !*background)
                .filter_map(template_part),
        );

        // Glyphs are placed through one matrix: OFD page millimetres to points from the top-left
        // corner of the page box.
        let to_points = Matrix::translate(-page_box.x, -page_box.y).then(Matrix::scale(MM_TO_PT));
        let mut walker = Walker {
            limits: package.limits,
            work,
            glyphs: Vec::new(),
        };
        for drawn in drawn {
            if let Some(content) = drawn.root.child("Content") {
                let units = UnitScope {
                    part: &drawn.units,
                    document: &document_units,
                };
                walker.walk_block(content, to_points, &units, 0)?;
            }
        }
        pages.push(Page {
            width: (page_box.width * MM_TO_PT) as f32,
            height: (page_box.height * MM_TO_PT) as f32,
            glyphs: walker.glyphs,
        });
    }
    Ok(page_refs.len())
}

/// A template page of CommonData, read when a page first uses it.
struct Template {
    location: String,
    background: bool,
    /// `Some(None)` once reading it failed: a broken template is not read twice.
    part: Option<Option<PagePart>>,
}

/// A template's ZOrder is Background unless it says Foreground.
fn is_background(z_order: &str) -> bool {
    !z_order.trim().eq_ignore_ascii_case("Foreground")
}

/// A page or template part, with the composite units of its own PageRes.
struct PagePart {
    root: Element,
    units: Units,
}

impl PagePart {
    /// Reads the part at `location`; `None` when it is missing or broken.
    fn load(
        package: &mut Package,
        base_dir: &str,
        location: &str,
    ) -> Result<Option<PagePart>, ExtractError> {
        let (path, root) = match package.read_xml(base_dir, location) {
            Ok(Some(found)) => found,
            Ok(None) | Err(ExtractError::Corrupt(_)) => return Ok(None),
            Err(fatal) => return Err(fatal),
        };
        let dir = parent_dir(&path).to_owned();
        let mut units = Units::new();
        for res in root.children_named("PageRes") {
            load_units(package, &dir, &res.text(), &mut units)?;
        }
        Ok(Some(PagePart { root, units }))
    }
}

/// CompositeGraphicUnits by ID.
type Units = HashMap<String, Element>;

/// The units a part can reference: its own PageRes first, then the document's resources.
struct UnitScope<'a> {
    part: &'a Units,
    document: &'a Units,
}

impl UnitScope<'_> {
    fn get(&self, id: &str) -> Option<&Element> {
        self.part.get(id).or_else(|| self.document.get(id))
    }
}

/// Moves the CompositeGraphicUnits of the resource part at `location` into `units`. A missing
/// or broken resource part only loses the text drawn from it.
fn load_units(
    package: &mut Package,
    base_dir: &str,
    location: &str,
    units: &mut Units,
) -> Result<(), ExtractError> {
    let res = match package.read_xml(base_dir, location) {
        Ok(Some((_, res))) => res,
        Ok(None) | Err(ExtractError::Corrupt(_)) => return Ok(()),
        Err(fatal) => return Err(fatal),
    };
    for group in res.into_elements() {
        if group.name != "CompositeGraphicUnits" {
            continue;
        }
        for unit in group.into_elements() {
            if unit.name != "CompositeGraphicUnit" {
                continue;
            }
            if let Some(id) = unit.attr("ID").map(|id| id.trim().to_owned()) {
                units.entry(id).or_insert(unit);
            }
        }
    }
    Ok(())
}

/// A page's PhysicalBox in millimetres.
#[derive(Debug, Clone, Copy)]
struct PageBox {
    x: f64,
    y: f64,
    width: f64,
    height: f64,
}

impl PageBox {
    /// The PhysicalBox of a PageArea or Area element.
    fn from_area(area: &Element) -> Option<PageBox> {
        let numbers = parse_numbers(&area.child("PhysicalBox")?.text());
        match numbers[..] {
            [x, y, width, height] if width > 0.0 && height > 0.0 => Some(PageBox {
                x,
                y,
                width,
                height,
            }),
            _ => None,
        }
    }
}

fn read_properties(info: &Element) -> Properties {
    let field = |name: &str| {
        let text: String = info
            .child(name)?
            .text()
            .chars()
            .filter(|c| !c.is_control())
            .collect();
        let text = text.trim();
        (!text.is_empty()).then(|| text.to_owned())
    };
    Properties {
        title: field("Title"),
        author: field("Author"),
        subject: field("Subject"),
        created: field("CreationDate").and_then(|date| normalize_date(&date)),
    }
}

/// "2023-7-12", "2020-06-15T07:29:24+08:00", "2020年6月15日" or "20200615" → "YYYY-MM-DD".
fn normalize_date(date: &str) -> Option<String> {
    let mut parts = date
        .split(|c: char| !c.is_ascii_digit())
        .filter(|part| !part.is_empty());
    let first = parts.next()?;
    let (year, month, day) = if first.len() == 8 {
        (first.get(..4)?, first.get(4..6)?, first.get(6..)?)
    } else {
        (first, parts.next()?, parts.next()?)
    };
    let year: u32 = year.parse().ok()?;
    let month: u32 = month.parse().ok()?;
    let day: u32 = day.parse().ok()?;
    let valid =
        (1000..=9999).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day);
    valid.then(|| format!("{year:04}-{month:02}-{day:02}"))
}

// ---------------------------------------------------------------------------------------------
// Page content

/// Work shared by all pages of a document, bounded by [`MAX_OBJECTS`] and [`MAX_GLYPHS`].
#[derive(Default)]
struct Work {
    objects: u64,
    glyphs: usize,
}

/// Walks one page's content, collecting its glyphs in draw order.
struct Walker<'a> {
    limits: &'a Limits,
    work: &'a mut Work,
    glyphs: Vec<Glyph>,
}

impl Walker<'_> {
    /// Draws the objects of a Content, Layer, PageBlock or composite unit's Content, whose
    /// coordinates `to_page` maps to page points.
    fn walk_block(
        &mut self,
        block: &Element,
        to_page: Matrix,
        units: &UnitScope,
        depth: usize,
    ) -> Result<(), ExtractError> {
        if depth > MAX_NESTING {
            return Ok(());
        }
        for object in block.elements() {
            self.work.objects += 1;
            if self.work.objects.is_multiple_of(1024) {
                self.limits.check()?;
            }
            if self.work.objects > MAX_OBJECTS {
                return Err(ExtractError::TooLarge(format!(
                    "more than {MAX_OBJECTS} objects to draw"
                )));
            }
            match object.name.as_str() {
                "Layer" | "PageBlock" => self.walk_block(object, to_page, units, depth + 1)?,
                "TextObject" => self.text_object(object, to_page)?,
                "CompositeObject" => {
                    // The unit's content is in the unit's own coordinates, which the object's
                    // CTM maps into its Boundary.
                    let content = object
                        .attr("ResourceID")
                        .and_then(|id| units.get(id.trim()))
                        .and_then(|unit| unit.child("Content"));
                    if let Some(content) = content {
                        let to_page = object_matrix(object).then(to_page);
                        self.walk_block(content, to_page, units, depth + 1)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn text_object(&mut self, object: &Element, to_page: Matrix) -> Result<(), ExtractError> {
        let Some(size) = object
            .attr("Size")
            .and_then(parse_number)
            .filter(|size| *size > 0.0)
        else {
            return Ok(());
        };
        // CharDirection turns each glyph; such glyphs are not upright.
        let char_direction = object
            .attr("CharDirection")
            .and_then(parse_number)
            .unwrap_or(0.0);
        if char_direction.rem_euclid(360.0) != 0.0 {
            return Ok(());
        }
        let to_page = object_matrix(object).then(to_page);
        if !to_page.is_upright() {
            return Ok(());
        }
        let h_scale = object
            .attr("HScale")
            .and_then(parse_number)
            .filter(|scale| *scale > 0.0)
            .unwrap_or(1.0);
        let x_scale = to_page.a.hypot(to_page.b);
        let glyph_size = (size * to_page.c.hypot(to_page.d)) as f32;

        // A TextCode without X or Y takes the previous TextCode's value (GB/T 33190 table 46).
        let (mut origin_x, mut origin_y) = (0.0, 0.0);
        for code in object.children_named("TextCode") {
            if let Some(x) = code.attr("X").and_then(parse_number) {
                origin_x = x;
            }
            if let Some(y) = code.attr("Y").and_then(parse_number) {
                origin_y = y;
            }
            let text = code.text();
            let count = text.chars().count();
            // One delta between each pair of glyphs; some producers add the last glyph's
            // advance, which then gives its width.
            let delta_x = code
                .attr("DeltaX")
                .map(|spec| parse_deltas(spec, count))
                .unwrap_or_default();
            let delta_y = code
                .attr("DeltaY")
                .map(|spec| parse_deltas(spec, count))
                .unwrap_or_default();
            let (mut x, mut y) = (origin_x, origin_y);
            for (i, ch) in text.chars().enumerate() {
                let default_advance = size * h_scale * estimated_em_width(ch);
                // With fewer deltas than glyphs, the last delta repeats.
                let dx = delta_x
                    .get(i)
                    .or(delta_x.last())
                    .copied()
                    .unwrap_or(default_advance);
                let dy = delta_y.get(i).or(delta_y.last()).copied().unwrap_or(0.0);
                let advance = if i + 1 < count || i < delta_x.len() {
                    dx
                } else {
                    default_advance
                };
                // Vertical text steps by DeltaY alone: its glyphs are as wide as their size.
                let advance = if advance > 0.0 {
                    advance
                } else {
                    default_advance
                };
                if let Some(ch) = clean_char(ch) {
                    let (page_x, page_y) = to_page.apply(x, y);
                    if page_x.is_finite() && page_y.is_finite() {
                        self.push(Glyph {
                            ch,
                            x: page_x as f32,
                            y: page_y as f32,
                            width: (advance * x_scale) as f32,
                            size: glyph_size,
                        })?;
                    }
                }
                x += dx;
                y += dy;
            }
        }
        Ok(())
    }

    fn push(&mut self, glyph: Glyph) -> Result<(), ExtractError> {
        self.work.glyphs += 1;
        if self.work.glyphs > MAX_GLYPHS {
            return Err(ExtractError::TooLarge(format!(
                "more than {MAX_GLYPHS} glyphs"
            )));
        }
        self.glyphs.push(glyph);
        Ok(())
    }
}

/// Maps a graphic object's own coordinates to its parent's: first its CTM, then the offset of
/// its Boundary.
fn object_matrix(object: &Element) -> Matrix {
    let ctm = object
        .attr("CTM")
        .and_then(|ctm| match parse_numbers(ctm)[..] {
            [a, b, c, d, e, f] => Some(Matrix { a, b, c, d, e, f }),
            _ => None,
        })
        .unwrap_or(Matrix::IDENTITY);
    let (x, y) = match object.attr("Boundary").map(parse_numbers).as_deref() {
        Some([x, y, ..]) => (*x, *y),
        _ => (0.0, 0.0),
    };
    ctm.then(Matrix::translate(x, y))
}

/// What a TextCode character becomes on the page: whitespace is a space (except the
/// ideographic space, which keeps its width and meaning), other control characters are dropped.
fn clean_char(ch: char) -> Option<char> {
    if ch == '\u{3000}' {
        Some(ch)
    } else if ch.is_whitespace() {
        Some(' ')
    } else if ch.is_control() {
        None
    } else {
        Some(ch)
    }
}

/// A glyph's advance in ems when the file does not give it (the last glyph of a TextCode):
/// CJK glyphs are square, capitals and some letters wider than half an em.
fn estimated_em_width(ch: char) -> f64 {
    if is_wide(ch) {
        1.0
    } else if ch.is_ascii_uppercase() || matches!(ch, 'm' | 'w' | '%' | '@') {
        0.72
    } else if matches!(
        ch,
        'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '!' | '|'
    ) {
        0.28
    } else {
        0.5
    }
}

/// Parses a DeltaX/DeltaY list, where "g n v" stands for v repeated n times, into at most
/// `count` values (a huge n costs no more than the glyphs it can apply to).
fn parse_deltas(spec: &str, count: usize) -> Vec<f64> {
    let mut deltas = Vec::new();
    let mut tokens = spec.split_ascii_whitespace();
    while deltas.len() < count {
        let Some(token) = tokens.next() else {
            break;
        };
        if token == "g" {
            let repeat = tokens.next().and_then(parse_number);
            let value = tokens.next().and_then(parse_number);
            let (Some(repeat), Some(value)) = (repeat, value) else {
                break;
            };
            let room = count - deltas.len();
            let repeat = if repeat >= room as f64 {
                room
            } else if repeat >= 0.0 {
                repeat as usize
            } else {
                0
            };
            deltas.extend(std::iter::repeat_n(value, repeat));
        } else if let Some(value) = parse_number(token) {
            deltas.push(value);
        } else {
            break;
        }
    }
    deltas
}

fn parse_number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

fn parse_numbers(text: &str) -> Vec<f64> {
    text.split_ascii_whitespace()
        .map_while(parse_number)
        .collect()
}

/// An affine transform as OFD (and PDF) write it: (x, y) → (a·x + c·y + e, b·x + d·y + f).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Matrix {
    a: f64,
    b: f64,
    c: f64,
    d: f64,
    e: f64,
    f: f64,
}

impl Matrix {
    const IDENTITY: Matrix = Matrix {
        a: 1.0,
        b: 0.0,
        c: 0.0,
        d: 1.0,
        e: 0.0,
        f: 0.0,
    };

    fn translate(x: f64, y: f64) -> Matrix {
        Matrix {
            e: x,
            f: y,
            ..Matrix::IDENTITY
        }
    }

    fn scale(s: f64) -> Matrix {
        Matrix {
            a: s,
            d: s,
            ..Matrix::IDENTITY
        }
    }

    /// The transform that applies `self`, then `outer`.
    fn then(self, outer: Matrix) -> Matrix {
        Matrix {
            a: self.a * outer.a + self.b * outer.c,
            b: self.a * outer.b + self.b * outer.d,
            c: self.c * outer.a + self.d * outer.c,
            d: self.c * outer.b + self.d * outer.d,
            e: self.e * outer.a + self.f * outer.c + outer.e,
            f: self.e * outer.b + self.f * outer.d + outer.f,
        }
    }

    fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        (
            self.a * x + self.c * y + self.e,
            self.b * x + self.d * y + self.f,
        )
    }

    /// Whether text drawn through this transform stays left-to-right, top up, and within
    /// [`MAX_TILT`] of the horizontal.
    fn is_upright(&self) -> bool {
        self.a > 0.0 && self.d > 0.0 && (self.b / self.a).abs() <= MAX_TILT
    }
}

// ---------------------------------------------------------------------------------------------
// Package and XML

/// The ZIP container (names, budget: [`package`](super::package)), read as OFD: references
/// resolved against the referencing part's folder, parts parsed as XML.
struct Package<'a> {
    parts: package::Package<'a>,
    limits: &'a Limits,
}

impl<'a> Package<'a> {
    fn open(bytes: &'a [u8], limits: &'a Limits) -> Result<Package<'a>, ExtractError> {
        let parts = package::Package::open(bytes, limits).map_err(zip_error)?;
        Ok(Package { parts, limits })
    }

    fn has_encryption_part(&self) -> bool {
        self.parts
            .folded_names()
            .any(|name| name.rsplit('/').next() == Some("encryptions.xml"))
    }

    /// Finds the part that `reference` names from a part in folder `base_dir`: OFD references
    /// are absolute from the package root ("/Doc_0/Document.xml") or relative to the folder of
    /// the referencing part. Some producers write root-relative paths without the leading
    /// slash, so that is tried last.
    fn locate(&self, base_dir: &str, reference: &str) -> Option<(String, usize)> {
        let reference = reference.trim().replace('\\', "/");
        let mut candidates = Vec::with_capacity(2);
        match reference.strip_prefix('/') {
            Some(absolute) => candidates.push(normalize_path(absolute)),
            None => {
                candidates.push(normalize_path(&format!("{base_dir}/{reference}")));
                candidates.push(normalize_path(&reference));
            }
        }
        candidates
            .into_iter()
            .find_map(|path| self.parts.find(&path).map(|index| (path, index)))
    }

    /// Reads and parses the XML part `reference` names from folder `base_dir`, with the path it
    /// resolved to; `None` when there is no such part.
    fn read_xml(
        &mut self,
        base_dir: &str,
        reference: &str,
    ) -> Result<Option<(String, Element)>, ExtractError> {
        let Some((path, index)) = self.locate(base_dir, reference) else {
            return Ok(None);
        };
        let bytes = self.read_entry(index, &path)?;
        let root = parse_xml(&bytes).map_err(|e| corrupt(format!("{path}: {e}")))?;
        Ok(Some((path, root)))
    }

    fn read_entry(&mut self, index: usize, path: &str) -> Result<Vec<u8>, ExtractError> {
        self.limits.check()?;
        self.parts.read(index, MAX_PART_BYTES).map_err(|e| match e {
            PartError::Zip(e) => zip_error(e),
            PartError::TooLarge { allowance } => {
                ExtractError::TooLarge(if allowance == MAX_PART_BYTES {
                    format!("{path} inflates to more than {MAX_PART_BYTES} bytes")
                } else {
                    format!(
                        "the package inflates to more than {} bytes",
                        self.limits.max_inflated_bytes
                    )
                })
            }
            PartError::Damaged(e) => corrupt(format!("{path}: {e}")),
        })
    }
}

fn zip_error(error: ZipError) -> ExtractError {
    match error {
        ZipError::UnsupportedArchive(ZipError::PASSWORD_REQUIRED) | ZipError::InvalidPassword => {
            ExtractError::Encrypted
        }
        other => corrupt(format!("ZIP: {other}")),
    }
}

/// An XML element with its namespace prefix dropped: OFD parts use one namespace, under
/// whatever prefix (or none) the producer chose.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
}

#[derive(Debug)]
enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|node| match node {
            Node::Element(element) => Some(element),
            Node::Text(_) => None,
        })
    }

    fn into_elements(self) -> impl Iterator<Item = Element> {
        self.children.into_iter().filter_map(|node| match node {
            Node::Element(element) => Some(element),
            Node::Text(_) => None,
        })
    }

    fn children_named<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s Element> {
        self.elements().filter(move |element| element.name == name)
    }

    fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|element| element.name == name)
    }

    /// The element's own text (entities decoded), not its descendants'.
    fn text(&self) -> String {
        let mut text = String::new();
        for node in &self.children {
            if let Node::Text(part) = node {
                text.push_str(part);
            }
        }
        text
    }

    /// Appends text, merged with the text before it. Whitespace between elements is
    /// indentation and is dropped, except in a TextCode, where a space is a character.
    fn push_text(&mut self, text: &str) {
        if let Some(Node::Text(last)) = self.children.last_mut() {
            last.push_str(text);
        } else if self.name == "TextCode" || !text.chars().all(char::is_whitespace) {
            self.children.push(Node::Text(text.to_owned()));
        }
    }
}

fn parse_xml(bytes: &[u8]) -> Result<Element, String> {
    let text = decode_xml_bytes(bytes);
    let mut reader = quick_xml::Reader::from_str(&text);
    let mut open: Vec<Element> = Vec::new();
    let mut root = None;
    loop {
        match reader.read_event().map_err(|e| format!("XML: {e}"))? {
            Event::Start(start) => {
                if open.len() >= MAX_XML_DEPTH {
                    return Err("XML nested too deeply".into());
                }
                open.push(element_from(&start)?);
            }
            Event::Empty(start) => {
                let element = element_from(&start)?;
                attach(&mut open, &mut root, element);
            }
            Event::End(_) => {
                let element = open.pop().ok_or("unbalanced XML")?;
                attach(&mut open, &mut root, element);
            }
            Event::Text(text) => {
                if let Some(element) = open.last_mut() {
                    element.push_text(&text.xml10_content());
                }
            }
            Event::CData(text) => {
                if let Some(element) = open.last_mut() {
                    element.push_text(&text.xml10_content());
                }
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(ch)) => Some(Cow::Owned(ch.to_string())),
                    Ok(None) => {
                        quick_xml::escape::resolve_predefined_entity(&reference).map(Cow::Borrowed)
                    }
                    Err(_) => None,
                };
                if let (Some(element), Some(resolved)) = (open.last_mut(), resolved) {
                    element.push_text(&resolved);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !open.is_empty() {
        return Err("truncated XML".into());
    }
    root.ok_or_else(|| "no XML element".into())
}

fn attach(open: &mut [Element], root: &mut Option<Element>, element: Element) {
    match open.last_mut() {
        Some(parent) => parent.children.push(Node::Element(element)),
        None => {
            root.get_or_insert(element);
        }
    }
}

fn element_from(start: &BytesStart) -> Result<Element, String> {
    let mut attrs = Vec::new();
    // Lenient about repeated attributes: the first one counts.
    for attr in start.attributes().with_checks(false) {
        let attr = attr.map_err(|e| format!("XML attribute: {e}"))?;
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| format!("XML attribute: {e}"))?;
        attrs.push((
            attr.key.local_name().into_inner().to_owned(),
            value.into_owned(),
        ));
    }
    Ok(Element {
        name: start.local_name().into_inner().to_owned(),
        attrs,
        children: Vec::new(),
    })
}

/// XML text as UTF-8: parts are UTF-8 in practice, but a BOM or a declared legacy encoding
/// (GB18030 from older producers) is honoured.
fn decode_xml_bytes(bytes: &[u8]) -> Cow<'_, str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(text);
    }
    let encoding = encoding_rs::Encoding::for_bom(bytes)
        .map(|(encoding, _)| encoding)
        .or_else(|| declared_encoding(bytes))
        .unwrap_or(encoding_rs::UTF_8);
    let (text, _, _) = encoding.decode(bytes);
    match text {
        // A UTF-16 declaration left in the text would make the parser try to switch encodings.
        Cow::Owned(text) if encoding != encoding_rs::UTF_8 => {
            Cow::Owned(strip_declaration_encoding(text))
        }
        other => other,
    }
}

/// The encoding named in the XML declaration, if any.
fn declared_encoding(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = bytes.get(..bytes.len().min(200))?;
    let head = String::from_utf8_lossy(head);
    let declaration = head.strip_prefix("<?xml")?.split("?>").next()?;
    let after = declaration.split("encoding").nth(1)?;
    let label = after.trim_start().strip_prefix('=')?.trim_start();
    let quote = label.chars().next()?;
    let label = label.get(quote.len_utf8()..)?.split(quote).next()?;
    encoding_rs::Encoding::for_label(label.as_bytes())
}

/// Drops the XML declaration of text already decoded to UTF-8.
fn strip_declaration_encoding(text: String) -> String {
    match text
        .strip_prefix("<?xml")
        .and_then(|rest| rest.split_once("?>"))
    {
        Some((_, rest)) => rest.to_owned(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};
    use std::time::Duration;
    use zip::write::SimpleFileOptions;

    const NS: &str = r#"xmlns:ofd="http://www.ofdspec.org/2016""#;

    fn zip_of(files: &[(&str, &str)]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in files {
            writer.start_file(*name, options).unwrap();
            writer.write_all(content.as_bytes()).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    fn ofd_xml(doc_root: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {NS} Version="1.1" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:Title>关于&amp;测试</ofd:Title><ofd:Author>王静</ofd:Author><ofd:CreationDate>2023-7-12</ofd:CreationDate></ofd:DocInfo><ofd:DocRoot>{doc_root}</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#
        )
    }

    /// A Document.xml with A4 pages at the given BaseLocs, plus extra CommonData.
    fn document_xml(pages: &[&str], common_extra: &str) -> String {
        let pages: String = pages
            .iter()
            .enumerate()
            .map(|(i, loc)| format!(r#"<ofd:Page ID="{}" BaseLoc="{loc}"/>"#, i + 10))
            .collect();
        format!(
            r#"<ofd:Document {NS}><ofd:CommonData><ofd:MaxUnitID>99</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>{common_extra}</ofd:CommonData><ofd:Pages>{pages}</ofd:Pages></ofd:Document>"#
        )
    }

    /// A page part with the given objects in one layer, plus extra children of the Page.
    fn page_xml(objects: &str, extra: &str) -> String {
        format!(
            r#"<ofd:Page {NS}>{extra}<ofd:Content><ofd:Layer ID="1">{objects}</ofd:Layer></ofd:Content></ofd:Page>"#
        )
    }

    fn text_object(boundary: &str, attrs: &str, code: &str) -> String {
        format!(
            r#"<ofd:TextObject ID="5" Boundary="{boundary}" Font="3" Size="5" {attrs}>{code}</ofd:TextObject>"#
        )
    }

    /// A page part with one line of text, `text`, near its top-left corner.
    fn text_page(text: &str) -> String {
        let code = format!(r#"<ofd:TextCode X="0" Y="5">{text}</ofd:TextCode>"#);
        page_xml(&text_object("0 0 100 10", "", &code), "")
    }

    fn read_files(files: &[(&str, &str)]) -> Result<FixedLayout, ExtractError> {
        read(&zip_of(files), &Limits::for_one_file())
    }

    /// The parts of a package with one document: OFD.xml pointing at `doc_root`,
    /// Doc_0/Document.xml listing `pages` (and `common_extra` in its CommonData), then `parts`.
    fn document_parts(
        doc_root: &str,
        pages: &[&str],
        common_extra: &str,
        parts: &[(&str, &str)],
    ) -> Vec<(String, String)> {
        let head = [
            ("OFD.xml", ofd_xml(doc_root)),
            ("Doc_0/Document.xml", document_xml(pages, common_extra)),
        ];
        let parts = parts.iter().map(|(name, text)| (*name, text.to_string()));
        head.into_iter()
            .chain(parts)
            .map(|(name, text)| (name.to_owned(), text))
            .collect()
    }

    /// A package with one document of one page, `page` its content, and any `extra` parts.
    fn one_page(doc_root: &str, page: &str, extra: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut parts = document_parts(
            doc_root,
            &["Pages/Page_0/Content.xml"],
            "",
            &[("Doc_0/Pages/Page_0/Content.xml", page)],
        );
        parts.extend(extra.iter().map(|(n, t)| (n.to_string(), t.to_string())));
        parts
    }

    fn as_files(parts: &[(String, String)]) -> Vec<(&str, &str)> {
        parts
            .iter()
            .map(|(name, text)| (name.as_str(), text.as_str()))
            .collect()
    }

    fn read_parts(parts: &[(String, String)]) -> Result<FixedLayout, ExtractError> {
        read_files(&as_files(parts))
    }

    fn page_text(page: &Page) -> String {
        page.glyphs.iter().map(|g| g.ch).collect()
    }

    fn pt(mm: f64) -> f32 {
        (mm * MM_TO_PT) as f32
    }

    fn close(a: f32, b: f32) -> bool {
        (a - b).abs() < 1e-3
    }

    #[test]
    fn pages_follow_document_order_not_file_names() {
        let layout = read_parts(&document_parts(
            "Doc_0/Document.xml",
            &["Pages/Page_2/Content.xml", "Pages/Page_10/Content.xml"],
            "",
            &[
                ("Doc_0/Pages/Page_10/Content.xml", &text_page("十")),
                ("Doc_0/Pages/Page_2/Content.xml", &text_page("二")),
            ],
        ))
        .unwrap();
        let texts: Vec<String> = layout.pages.iter().map(page_text).collect();
        assert_eq!(texts, ["二", "十"]);
        assert!(close(layout.pages[0].width, pt(210.0)));
        assert!(close(layout.pages[0].height, pt(297.0)));
        assert_eq!(
            layout.properties,
            Properties {
                title: Some("关于&测试".into()),
                author: Some("王静".into()),
                subject: None,
                created: Some("2023-07-12".into()),
            }
        );
    }

    #[test]
    fn delta_x_expands_g_syntax_and_repeats_the_last_delta() {
        let objects = text_object(
            "10 20 100 10",
            "",
            r#"<ofd:TextCode X="1" Y="4" DeltaX="g 2 5 3">一二三四</ofd:TextCode><ofd:TextCode X="1" Y="14" DeltaX="2">abcd</ofd:TextCode>"#,
        );
        let layout = read_parts(&one_page(
            "/Doc_0/Document.xml",
            &page_xml(&objects, ""),
            &[],
        ))
        .unwrap();
        let glyphs = &layout.pages[0].glyphs;
        assert_eq!(page_text(&layout.pages[0]), "一二三四abcd");
        let xs: Vec<f32> = glyphs.iter().map(|g| g.x).collect();
        let expected = [11.0, 16.0, 21.0, 24.0, 11.0, 13.0, 15.0, 17.0].map(pt);
        assert!(xs.iter().zip(expected).all(|(a, b)| close(*a, b)), "{xs:?}");
        assert!(close(glyphs[0].y, pt(24.0)));
        assert!(close(glyphs[4].y, pt(34.0)));
        assert!(close(glyphs[0].size, pt(5.0)));
        // Widths: the delta to the next glyph; the last glyph a full em (CJK) or half (ASCII).
        let widths: Vec<f32> = glyphs.iter().map(|g| g.width).collect();
        let expected = [5.0, 5.0, 3.0, 5.0, 2.0, 2.0, 2.0, 2.5].map(pt);
        assert!(
            widths.iter().zip(expected).all(|(a, b)| close(*a, b)),
            "{widths:?}"
        );
    }

    #[test]
    fn composite_object_text_is_placed_by_its_boundary_and_ctm() {
        let unit_text = text_object(
            "100 200 50 20",
            r#"CTM="2 0 0 2 0 0""#,
            r#"<ofd:TextCode X="0" Y="4" DeltaX="3">合成</ofd:TextCode>"#,
        );
        let res = format!(
            r#"<ofd:Res {NS} BaseLoc="Res"><ofd:CompositeGraphicUnits><ofd:CompositeGraphicUnit ID="7" Width="500" Height="500"><ofd:Content>{unit_text}</ofd:Content></ofd:CompositeGraphicUnit></ofd:CompositeGraphicUnits></ofd:Res>"#
        );
        let objects = r#"<ofd:CompositeObject ID="8" CTM="0.5 0 0 0.5 0 0" Boundary="10 20 100 100" ResourceID="7"/>"#;
        let layout = read_parts(&document_parts(
            "Doc_0/Document.xml",
            &["Pages/Page_0/Content.xml"],
            "<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>",
            &[
                ("Doc_0/DocumentRes.xml", &res),
                ("Doc_0/Pages/Page_0/Content.xml", &page_xml(objects, "")),
            ],
        ))
        .unwrap();
        let glyphs = &layout.pages[0].glyphs;
        assert_eq!(page_text(&layout.pages[0]), "合成");
        // Unit point (100 + 2·0, 200 + 2·4) = (100, 208), halved, then offset by (10, 20).
        assert!(close(glyphs[0].x, pt(60.0)) && close(glyphs[0].y, pt(124.0)));
        assert!(close(glyphs[1].x, pt(63.0)));
        assert!(close(glyphs[0].size, pt(5.0)) && close(glyphs[0].width, pt(3.0)));
    }

    #[test]
    fn templates_draw_under_and_over_the_page() {
        let templates = r#"<ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/><ofd:TemplatePage ID="3" BaseLoc="/Doc_0/Tpls/Tpl_1/Content.xml" ZOrder="Foreground"/>"#;
        let page = page_xml(
            &text_object(
                "0 50 100 10",
                "",
                r#"<ofd:TextCode X="0" Y="5">正文</ofd:TextCode>"#,
            ),
            r#"<ofd:Template TemplateID="3"/><ofd:Template TemplateID="2"/>"#,
        );
        let layout = read_parts(&document_parts(
            "Doc_0/Document.xml",
            &["Pages/Page_0/Content.xml"],
            templates,
            &[
                ("Doc_0/Tpls/Tpl_0/Content.xml", &text_page("页眉")),
                ("Doc_0/Tpls/Tpl_1/Content.xml", &text_page("— 1 —")),
                ("Doc_0/Pages/Page_0/Content.xml", &page),
            ],
        ))
        .unwrap();
        assert_eq!(page_text(&layout.pages[0]), "页眉正文— 1 —");
    }

    #[test]
    fn a_missing_page_part_skips_that_page_only() {
        let page = text_page("在");
        let layout = read_parts(&document_parts(
            "Doc_0/Document.xml",
            &["Pages/Page_0/Content.xml", "Pages/Page_1/Content.xml"],
            "",
            // Case differs from the reference: still found.
            &[("Doc_0/pages/page_1/content.xml", &page)],
        ))
        .unwrap();
        assert_eq!(layout.pages.len(), 1);
        assert_eq!(page_text(&layout.pages[0]), "在");
    }

    #[test]
    fn a_zip_bomb_stops_at_the_inflation_limit() {
        let padding = " ".repeat(4 * 1024 * 1024);
        let page = page_xml(&format!("<!--{padding}-->"), "");
        let bytes = zip_of(&as_files(&one_page("Doc_0/Document.xml", &page, &[])));
        assert!(bytes.len() < 100_000);
        let limits = Limits::new(Duration::from_secs(60), 1024 * 1024);
        assert!(matches!(
            read(&bytes, &limits),
            Err(ExtractError::TooLarge(_))
        ));
    }

    #[test]
    fn broken_packages_are_corrupt_or_encrypted() {
        let limits = Limits::for_one_file();
        assert!(matches!(
            read(b"not a zip", &limits),
            Err(ExtractError::Corrupt(_))
        ));
        let no_ofd_xml = zip_of(&[("Doc_0/Document.xml", &document_xml(&[], ""))]);
        assert!(matches!(
            read(&no_ofd_xml, &limits),
            Err(ExtractError::Corrupt(_))
        ));
        let broken_document = zip_of(&[
            ("OFD.xml", &ofd_xml("Doc_0/Document.xml")),
            ("Doc_0/Document.xml", "<ofd:Document><ofd:Pages>"),
        ]);
        assert!(matches!(
            read(&broken_document, &limits),
            Err(ExtractError::Corrupt(_))
        ));
        let encrypted = zip_of(&[
            ("OFD.xml", &ofd_xml("Doc_0/Document.xml")),
            ("Encryptions.xml", "<Encryptions/>"),
        ]);
        assert_eq!(read(&encrypted, &limits), Err(ExtractError::Encrypted));
        // Cut short: an error, not a panic or a hang.
        let whole = zip_of(&[
            ("OFD.xml", &ofd_xml("Doc_0/Document.xml")),
            ("Doc_0/Document.xml", &document_xml(&["P.xml"], "")),
        ]);
        for cut in [10, whole.len() / 2, whole.len() - 10] {
            assert!(read(&whole[..cut], &limits).is_err());
        }
    }

    #[test]
    fn turned_text_and_control_characters_are_dropped() {
        let objects = [
            text_object(
                "0 0 100 10",
                "",
                "<ofd:TextCode X=\"0\" Y=\"5\" DeltaX=\"g 4 5\">甲&#x1;\t&lt;乙</ofd:TextCode>",
            ),
            text_object(
                "0 20 100 10",
                r#"CTM="0 1 -1 0 0 0""#,
                r#"<ofd:TextCode X="0" Y="5">章</ofd:TextCode>"#,
            ),
            text_object(
                "0 40 100 10",
                r#"CharDirection="90""#,
                r#"<ofd:TextCode X="0" Y="5">竖</ofd:TextCode>"#,
            ),
        ]
        .concat();
        let layout = read_parts(&one_page(
            "Doc_0/Document.xml",
            &page_xml(&objects, ""),
            &[],
        ))
        .unwrap();
        let glyphs = &layout.pages[0].glyphs;
        assert_eq!(page_text(&layout.pages[0]), "甲 <乙");
        // The dropped control character keeps its place: "<" is the fourth position.
        assert!(close(glyphs[2].x, pt(15.0)));
    }

    #[test]
    fn pages_without_text_need_ocr() {
        let image = r#"<ofd:ImageObject ID="3" CTM="100 0 0 100 0 0" Boundary="0 0 100 100" ResourceID="4"/>"#;
        let result = read_parts(&one_page("Doc_0/Document.xml", &page_xml(image, ""), &[]));
        assert_eq!(result, Err(ExtractError::NoTextLayer));
    }

    #[test]
    fn composite_units_nest_and_come_from_page_resources() {
        let unit = |id: &str, inner: &str| {
            format!(
                r#"<ofd:CompositeGraphicUnit ID="{id}" Width="100" Height="100"><ofd:Content>{inner}</ofd:Content></ofd:CompositeGraphicUnit>"#
            )
        };
        let text = text_object(
            "0 0 50 10",
            "",
            r#"<ofd:TextCode X="0" Y="5">内</ofd:TextCode>"#,
        );
        // Unit 7 draws unit 8 moved by (1, 2); unit 9 draws itself, forever but for the bound.
        let units = [
            unit(
                "7",
                r#"<ofd:CompositeObject ID="1" Boundary="1 2 10 10" ResourceID="8"/>"#,
            ),
            unit("8", &text),
            unit(
                "9",
                &format!(
                    r#"{text}<ofd:CompositeObject ID="2" Boundary="0 0 1 1" ResourceID="9"/>"#
                ),
            ),
        ]
        .concat();
        let res = format!(
            r#"<ofd:Res {NS}><ofd:CompositeGraphicUnits>{units}</ofd:CompositeGraphicUnits></ofd:Res>"#
        );
        let page = page_xml(
            r#"<ofd:CompositeObject ID="3" Boundary="10 20 100 100" ResourceID="7"/><ofd:PageBlock><ofd:CompositeObject ID="4" Boundary="0 0 1 1" ResourceID="9"/></ofd:PageBlock>"#,
            "<ofd:PageRes>Res.xml</ofd:PageRes>",
        );
        let layout = read_parts(&one_page(
            "Doc_0/Document.xml",
            &page,
            &[("Doc_0/Pages/Page_0/Res.xml", &res)],
        ))
        .unwrap();
        let glyphs = &layout.pages[0].glyphs;
        assert!(close(glyphs[0].x, pt(11.0)) && close(glyphs[0].y, pt(27.0)));
        assert!(
            glyphs.len() > 10 && glyphs.len() <= MAX_NESTING + 2,
            "{}",
            glyphs.len()
        );
    }

    #[test]
    fn dates_are_normalized() {
        assert_eq!(
            normalize_date("2020-06-15T07:29:24+08:00").as_deref(),
            Some("2020-06-15")
        );
        assert_eq!(
            normalize_date("2020年6月1日").as_deref(),
            Some("2020-06-01")
        );
        assert_eq!(normalize_date("20200615").as_deref(), Some("2020-06-15"));
        assert_eq!(normalize_date("2020-13-01"), None);
        assert_eq!(normalize_date(""), None);
    }

    #[test]
    fn huge_repeat_counts_cost_only_the_glyphs_they_reach() {
        assert_eq!(parse_deltas("g 99999999999 1.5 2", 3), [1.5, 1.5, 1.5]);
        assert_eq!(parse_deltas("1 g 2 3 4", 5), [1.0, 3.0, 3.0, 4.0]);
        assert_eq!(parse_deltas("g -2 3 4", 5), [4.0]);
    }
}
