//! DOCX reader: the body of a WordprocessingML package as blocks in document order, plus the
//! core properties.
//!
//! The text is what Word prints, as far as search needs it: automatic list numbers are written
//! into the paragraph text, deleted revisions and field codes are left out (field results kept),
//! text boxes are read once (their `mc:Choice` copy, not the VML fallback) and placed after the
//! paragraph that anchors them. Headers, footers, footnotes and comments are not body and are not
//! read. Pages are known only when Word recorded its layout (`w:lastRenderedPageBreak`).

use std::collections::{HashMap, HashSet};

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::numbering::{format_number, NumFormat};
use super::package::{self, normalize_path, parent_dir, percent_decode, PartError};
use super::{Block, BlockKind, ExtractError, Flow, Limits, Properties, CELL_SEPARATOR};

/// XML events read between two deadline checks (a paragraph is some ten to twenty).
const CHECK_EVERY: u32 = 4096;

/// Word allows nine list levels (`w:ilvl` 0–8).
const LEVELS: usize = 9;

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

// ---------------------------------------------------------------------------------------------
// The package: ZIP parts, relationships, inflation budget.

/// The ZIP package (names, budget: [`package`](super::package)), read as OPC: parts as text,
/// found through relationships.
struct Package<'a> {
    parts: package::Package<'a>,
}

impl<'a> Package<'a> {
    fn open(bytes: &'a [u8], limits: &Limits) -> Result<Self, ExtractError> {
        let parts = package::Package::open(bytes, limits)
            .map_err(|e| ExtractError::Corrupt(format!("not a ZIP package: {e}")))?;
        Ok(Package { parts })
    }

    fn contains(&self, name: &str) -> bool {
        self.parts.find(name).is_some()
    }

    /// Inflates one part whole, within what is left of the inflation budget; `None` when the
    /// package has no such part.
    fn read(&mut self, name: &str) -> Result<Option<String>, ExtractError> {
        let Some(index) = self.parts.find(name) else {
            return Ok(None);
        };
        let data = self.parts.read(index, u64::MAX).map_err(|e| match e {
            PartError::Zip(e) => zip_error(e),
            PartError::TooLarge { allowance } => {
                ExtractError::TooLarge(format!("{name} inflates past the {allowance} bytes left"))
            }
            PartError::Damaged(e) => ExtractError::Corrupt(format!("{name}: {e}")),
        })?;
        Ok(Some(decode_text(data)))
    }

    /// Reads a part the text does not depend on: a damaged one reads as missing, but the
    /// inflation budget still holds.
    fn read_auxiliary(&mut self, name: &str) -> Result<Option<String>, ExtractError> {
        match self.read(name) {
            Err(ExtractError::TooLarge(why)) => Err(ExtractError::TooLarge(why)),
            Err(_) => Ok(None),
            read => read,
        }
    }

    /// Reads the auxiliary part a relationship of type `kind` points to, else the usual name
    /// beside the source part.
    fn read_related(
        &mut self,
        rels: &[Relationship],
        kind: &str,
        source: &str,
        usual_name: &str,
    ) -> Result<Option<String>, ExtractError> {
        let target = rels
            .iter()
            .find(|r| r.kind == kind && self.contains(&r.target))
            .map(|r| r.target.clone())
            .unwrap_or_else(|| resolve_target(parent_dir(source), usual_name));
        self.read_auxiliary(&target)
    }
}

fn zip_error(error: zip::result::ZipError) -> ExtractError {
    use zip::result::ZipError;
    match error {
        ZipError::UnsupportedArchive(what) if what.to_ascii_lowercase().contains("password") => {
            ExtractError::Encrypted
        }
        ZipError::InvalidPassword => ExtractError::Encrypted,
        ZipError::UnsupportedArchive(what) => ExtractError::Unsupported(what.to_string()),
        ZipError::CompressionMethodNotSupported(method) => {
            ExtractError::Unsupported(format!("ZIP compression method {method}"))
        }
        other => ExtractError::Corrupt(other.to_string()),
    }
}

/// XML parts are UTF-8 or UTF-16 with a byte order mark; bad bytes become U+FFFD rather than
/// losing the part.
fn decode_text(data: Vec<u8>) -> String {
    let utf16 = |bytes: &[u8], little: bool| {
        let units = bytes.chunks_exact(2).map(|pair| match pair {
            [a, b] if little => u16::from_le_bytes([*a, *b]),
            [a, b] => u16::from_be_bytes([*a, *b]),
            _ => 0xFFFD,
        });
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect::<String>()
    };
    match data.as_slice() {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, true),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, false),
        [0xEF, 0xBB, 0xBF, rest @ ..] => String::from_utf8_lossy(rest).into_owned(),
        _ => String::from_utf8(data)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
    }
}

struct Relationship {
    /// Last segment of the relationship type URI (`officeDocument`, `styles`, …), the same in
    /// transitional and strict OOXML.
    kind: String,
    /// Part name the target resolves to.
    target: String,
}

fn parse_relationships(xml: &str, source_dir: &str) -> Vec<Relationship> {
    let mut rels = Vec::new();
    let mut reader = Reader::from_str(xml);
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) | Event::Empty(e) if local_name(e.name().0) == "Relationship" => {
                if attribute(&e, "TargetMode").is_some_and(|m| m.eq_ignore_ascii_case("external")) {
                    continue;
                }
                if let (Some(kind), Some(target)) = (attribute(&e, "Type"), attribute(&e, "Target"))
                {
                    rels.push(Relationship {
                        kind: kind.rsplit('/').next().unwrap_or_default().to_string(),
                        target: resolve_target(source_dir, &target),
                    });
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    rels
}

/// The main document part: the officeDocument relationship of the package, else the part
/// `[Content_Types].xml` declares as the main document, else the usual name.
fn main_part(package: &mut Package, package_rels: &[Relationship]) -> Result<String, ExtractError> {
    let related = package_rels
        .iter()
        .find(|r| r.kind == "officeDocument" && package.contains(&r.target));
    if let Some(rel) = related {
        return Ok(rel.target.clone());
    }
    if let Some(xml) = package.read_auxiliary("[Content_Types].xml")? {
        let mut reader = Reader::from_str(&xml);
        while let Ok(event) = reader.read_event() {
            match event {
                Event::Start(e) | Event::Empty(e) if local_name(e.name().0) == "Override" => {
                    let is_main = attribute(&e, "ContentType").is_some_and(|t| {
                        t.ends_with(".main+xml")
                            && (t.contains("wordprocessingml") || t.contains("ms-word"))
                    });
                    if let (true, Some(name)) = (is_main, attribute(&e, "PartName")) {
                        let name = resolve_target("", &name);
                        if package.contains(&name) {
                            return Ok(name);
                        }
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
    }
    if package.contains("word/document.xml") {
        return Ok("word/document.xml".into());
    }
    Err(ExtractError::Corrupt("no word/document.xml".into()))
}

fn rels_part_of(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// Resolves a relationship target (relative to the source part's folder, or absolute with a
/// leading `/`, percent-encoded) to a part name.
fn resolve_target(source_dir: &str, target: &str) -> String {
    let target = percent_decode(target);
    match target.strip_prefix('/') {
        Some(absolute) => normalize_path(absolute),
        None => normalize_path(&format!("{source_dir}/{target}")),
    }
}

// ---------------------------------------------------------------------------------------------
// Small XML helpers.

fn local_name(qname: &str) -> &str {
    qname.rsplit_once(':').map_or(qname, |(_, local)| local)
}

/// An attribute's value by local name (`w:val` → "val"), entities resolved.
fn attribute(element: &BytesStart, local: &str) -> Option<String> {
    element
        .attributes()
        .with_checks(false)
        .flatten()
        .find(|a| local_name(a.key.0) == local)
        .map(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.into_owned())
        })
}

/// `w:val` read as an OOXML on/off value; a missing value means on.
fn on_off(element: &BytesStart) -> bool {
    !matches!(
        attribute(element, "val").as_deref(),
        Some("0" | "false" | "off")
    )
}

fn number_attribute<T: std::str::FromStr>(element: &BytesStart, local: &str) -> Option<T> {
    attribute(element, local)?.trim().parse().ok()
}

/// The text an entity reference stands for.
fn resolve_reference(reference: &BytesRef) -> Option<char> {
    if reference.is_char_ref() {
        return reference.resolve_char_ref().ok().flatten();
    }
    match &**reference {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

/// What a visitor of [`walk_children`] did with an element that has content.
enum Visit {
    /// Go on into its children.
    Descend,
    /// The visitor read the element to its end.
    Consumed,
}

/// Calls `visit(element, has_content)` for every element inside the one just opened, until
/// its end; elements named in `skip` are passed over with their content.
fn walk_children(
    reader: &mut Reader<&[u8]>,
    skip: &[&str],
    mut visit: impl FnMut(&mut Reader<&[u8]>, &BytesStart, bool) -> Result<Visit, ExtractError>,
) -> Result<(), ExtractError> {
    let mut depth = 1usize;
    loop {
        match reader.read_event().map_err(xml_error)? {
            Event::Start(e) => {
                if skip.contains(&local_name(e.name().0)) {
                    reader.read_to_end(e.name()).map_err(xml_error)?;
                } else if let Visit::Descend = visit(reader, &e, true)? {
                    depth += 1;
                }
            }
            Event::Empty(e) => {
                visit(reader, &e, false)?;
            }
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return Ok(());
                }
            }
            Event::Eof => return Err(ExtractError::Corrupt("XML ends inside an element".into())),
            _ => {}
        }
    }
}

fn xml_error(error: quick_xml::Error) -> ExtractError {
    ExtractError::Corrupt(format!("bad XML: {error}"))
}

// ---------------------------------------------------------------------------------------------
// Core properties.

fn read_properties(
    package: &mut Package,
    package_rels: &[Relationship],
) -> Result<Properties, ExtractError> {
    let name = package_rels
        .iter()
        .find(|r| r.kind == "core-properties" && package.contains(&r.target))
        .map_or_else(|| "docProps/core.xml".to_string(), |r| r.target.clone());
    Ok(package
        .read_auxiliary(&name)?
        .map(|xml| parse_core_properties(&xml))
        .unwrap_or_default())
}

fn parse_core_properties(xml: &str) -> Properties {
    let mut properties = Properties::default();
    let mut reader = Reader::from_str(xml);
    let mut field: Option<&str> = None;
    let mut value = String::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                field = match local_name(e.name().0) {
                    "title" => Some("title"),
                    "creator" => Some("creator"),
                    "subject" => Some("subject"),
                    "created" => Some("created"),
                    _ => None,
                };
                value.clear();
            }
            Ok(Event::Text(t)) if field.is_some() => value.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) if field.is_some() => value.extend(resolve_reference(&r)),
            Ok(Event::End(_)) => {
                let text = value.trim();
                let text = (!text.is_empty()).then(|| text.to_string());
                match field.take() {
                    Some("title") => properties.title = text,
                    Some("creator") => properties.author = text,
                    Some("subject") => properties.subject = text,
                    Some("created") => properties.created = text.as_deref().and_then(iso_date),
                    _ => {}
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    properties
}

/// `2025-01-23T01:38:34Z` (W3CDTF) → `2025-01-23`; partial dates give nothing.
fn iso_date(text: &str) -> Option<String> {
    let date = text.get(..10)?;
    let shape_ok = date.bytes().enumerate().all(|(i, b)| match i {
        4 | 7 => b == b'-',
        _ => b.is_ascii_digit(),
    });
    let month: u32 = date.get(5..7)?.parse().ok()?;
    let day: u32 = date.get(8..10)?.parse().ok()?;
    (shape_ok && (1..=12).contains(&month) && (1..=31).contains(&day)).then(|| date.to_string())
}

// ---------------------------------------------------------------------------------------------
// Styles: which paragraph styles carry list numbering.

#[derive(Default, Clone)]
struct StyleDef {
    based_on: Option<String>,
    num_id: Option<u32>,
    level: Option<u8>,
}

#[derive(Default)]
struct Styles {
    paragraph: HashMap<String, StyleDef>,
    default_paragraph: Option<String>,
    /// Numbering styles (`w:type="numbering"`) → their numId, for `w:numStyleLink`.
    numbering: HashMap<String, u32>,
}

impl Styles {
    fn parse(xml: &str) -> Styles {
        let mut styles = Styles::default();
        let mut reader = Reader::from_str(xml);
        // (type, id, definition) of the style being read.
        let mut current: Option<(String, String, StyleDef)> = None;
        loop {
            let (e, is_start) = match reader.read_event() {
                Ok(Event::Start(e)) => (e, true),
                Ok(Event::Empty(e)) => (e, false),
                Ok(Event::End(e)) => {
                    if local_name(e.name().0) == "style" {
                        styles.add(current.take());
                    }
                    continue;
                }
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => continue,
            };
            match local_name(e.name().0) {
                "style" => {
                    let kind = attribute(&e, "type").unwrap_or_else(|| "paragraph".into());
                    let id = attribute(&e, "styleId").unwrap_or_default();
                    if kind == "paragraph" && attribute(&e, "default").is_some_and(|d| d == "1") {
                        styles.default_paragraph = Some(id.clone());
                    }
                    current = Some((kind, id, StyleDef::default()));
                    if !is_start {
                        styles.add(current.take());
                    }
                }
                // Revision records hold the style as it was before a change.
                "pPrChange" | "rPrChange" | "rPr" if is_start => {
                    if reader.read_to_end(e.name()).is_err() {
                        break;
                    }
                }
                name => {
                    if let Some((_, _, def)) = current.as_mut() {
                        match name {
                            "basedOn" => def.based_on = attribute(&e, "val"),
                            "numId" => def.num_id = number_attribute(&e, "val"),
                            "ilvl" => def.level = number_attribute(&e, "val"),
                            _ => {}
                        }
                    }
                }
            }
        }
        styles
    }

    fn add(&mut self, style: Option<(String, String, StyleDef)>) {
        match style {
            Some((kind, id, def)) if kind == "paragraph" => {
                self.paragraph.insert(id, def);
            }
            Some((
                kind,
                id,
                StyleDef {
                    num_id: Some(num), ..
                },
            )) if kind == "numbering" => {
                self.numbering.insert(id, num);
            }
            _ => {}
        }
    }

    /// (numId, ilvl, id of the style that gave the numId) a paragraph of this style inherits,
    /// following `w:basedOn`.
    fn numbering_of(&self, style: Option<&str>) -> (Option<u32>, Option<u8>, Option<&str>) {
        let mut id = style.or(self.default_paragraph.as_deref());
        let (mut num_id, mut level, mut source) = (None, None, None);
        // Bounded walk: basedOn chains may loop in broken files.
        for _ in 0..16 {
            let Some((name, def)) = id.and_then(|i| self.paragraph.get_key_value(i)) else {
                break;
            };
            if num_id.is_none() && def.num_id.is_some() {
                num_id = def.num_id;
                source = Some(name.as_str());
            }
            level = level.or(def.level);
            id = def.based_on.as_deref();
        }
        (num_id, level, source)
    }
}

// ---------------------------------------------------------------------------------------------
// Numbering definitions and the counters that turn them into printed labels.

#[derive(Clone, Debug)]
struct Level {
    start: i64,
    format: NumFormat,
    text: String,
    /// `w:lvlRestart`: restart after levels numbered below this (1-based); 0 never.
    restart: Option<u32>,
    legal: bool,
    suffix_nothing: bool,
    /// `w:pStyle`: the paragraph style bound to this level.
    style: Option<String>,
}

impl Default for Level {
    fn default() -> Self {
        Level {
            start: 0,
            format: NumFormat::Decimal,
            text: String::new(),
            restart: None,
            legal: false,
            suffix_nothing: false,
            style: None,
        }
    }
}

#[derive(Default)]
struct AbstractNum {
    levels: [Option<Level>; LEVELS],
    /// `w:numStyleLink`: the definition lives with this numbering style.
    style_link: Option<String>,
}

#[derive(Default)]
struct LevelOverride {
    start: Option<i64>,
    level: Option<Level>,
}

#[derive(Default)]
struct Num {
    abstract_id: u32,
    overrides: [LevelOverride; LEVELS],
}

#[derive(Default)]
struct Numbering {
    abstracts: HashMap<u32, AbstractNum>,
    nums: HashMap<u32, Num>,
}

/// The definitions being read from numbering.xml.
#[derive(Default)]
struct NumberingBuilder {
    numbering: Numbering,
    abstract_num: Option<(u32, AbstractNum)>,
    num: Option<(u32, Num)>,
    override_level: Option<usize>,
    level: Option<(usize, Level)>,
}

impl NumberingBuilder {
    fn open(&mut self, e: &BytesStart) {
        let val = || attribute(e, "val");
        let level_index = || number_attribute::<usize>(e, "ilvl").filter(|&i| i < LEVELS);
        match local_name(e.name().0) {
            "abstractNum" => {
                self.abstract_num =
                    number_attribute(e, "abstractNumId").map(|id| (id, AbstractNum::default()));
            }
            "num" => self.num = number_attribute(e, "numId").map(|id| (id, Num::default())),
            "abstractNumId" => {
                if let (Some((_, num)), Some(id)) = (self.num.as_mut(), number_attribute(e, "val"))
                {
                    num.abstract_id = id;
                }
            }
            "lvlOverride" => self.override_level = level_index(),
            "startOverride" => {
                let slot = self
                    .num
                    .as_mut()
                    .zip(self.override_level)
                    .and_then(|((_, num), i)| num.overrides.get_mut(i));
                if let Some(slot) = slot {
                    slot.start = number_attribute(e, "val");
                }
            }
            "numStyleLink" => {
                if let Some((_, abstract_num)) = self.abstract_num.as_mut() {
                    abstract_num.style_link = val();
                }
            }
            "lvl" => self.level = level_index().map(|i| (i, Level::default())),
            name => {
                let Some((_, level)) = self.level.as_mut() else {
                    return;
                };
                match name {
                    "start" => level.start = number_attribute(e, "val").unwrap_or(0),
                    "numFmt" => {
                        if let Some(format) = val().as_deref().and_then(NumFormat::from_name) {
                            level.format = format;
                        }
                    }
                    "lvlText" => level.text = val().unwrap_or_default(),
                    "lvlRestart" => level.restart = number_attribute(e, "val"),
                    "isLgl" => level.legal = on_off(e),
                    "suff" => level.suffix_nothing = val().as_deref() == Some("nothing"),
                    "pStyle" => level.style = val(),
                    _ => {}
                }
            }
        }
    }

    /// Files away the definition an end tag closes.
    fn close(&mut self, name: &str) {
        match name {
            "lvl" => {
                let Some((index, level)) = self.level.take() else {
                    return;
                };
                if let Some((_, num)) = self.num.as_mut() {
                    if let Some(slot) = self.override_level.and_then(|i| num.overrides.get_mut(i)) {
                        slot.level = Some(level);
                    }
                } else if let Some(slot) = self
                    .abstract_num
                    .as_mut()
                    .and_then(|(_, a)| a.levels.get_mut(index))
                {
                    *slot = Some(level);
                }
            }
            "lvlOverride" => self.override_level = None,
            "num" => {
                if let Some((id, num)) = self.num.take() {
                    self.numbering.nums.insert(id, num);
                }
            }
            "abstractNum" => {
                if let Some((id, abstract_num)) = self.abstract_num.take() {
                    self.numbering.abstracts.insert(id, abstract_num);
                }
            }
            _ => {}
        }
    }
}

impl Numbering {
    fn parse(xml: &str) -> Numbering {
        let mut builder = NumberingBuilder::default();
        let mut reader = Reader::from_str(xml);
        loop {
            match reader.read_event() {
                Ok(Event::Start(e)) => builder.open(&e),
                Ok(Event::Empty(e)) => {
                    builder.open(&e);
                    builder.close(local_name(e.name().0));
                }
                Ok(Event::End(e)) => builder.close(local_name(e.name().0)),
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => {}
            }
        }
        builder.numbering
    }

    /// The abstract definition a num uses, following `w:numStyleLink` through numbering styles.
    fn abstract_of(&self, num: &Num, styles: &Styles) -> Option<(u32, &AbstractNum)> {
        let mut id = num.abstract_id;
        for _ in 0..4 {
            let def = self.abstracts.get(&id)?;
            let linked = def
                .style_link
                .as_ref()
                .and_then(|style| styles.numbering.get(style))
                .and_then(|num_id| self.nums.get(num_id))
                .map(|n| n.abstract_id)
                .filter(|&next| next != id);
            match linked {
                Some(next) => id = next,
                None => return Some((id, def)),
            }
        }
        None
    }
}

/// The list counters as Word advances them through the document.
#[derive(Default)]
struct ListCounters {
    /// Last number printed at each level, per abstract definition (lists that share one
    /// continue each other); `None` for levels not started or restarted.
    values: HashMap<u32, [Option<i64>; LEVELS]>,
    /// Nums already met: a `w:startOverride` restarts its level once, at the num's first use.
    started: HashSet<u32>,
}

impl ListCounters {
    /// Advances the counters for one paragraph of list `num_id` at `level` (or the level bound
    /// to `style`) and returns its printed label, suffix included; `None` for bullets and
    /// unknown lists.
    fn label(
        &mut self,
        numbering: &Numbering,
        styles: &Styles,
        num_id: u32,
        level: Option<u8>,
        style: Option<&str>,
    ) -> Option<String> {
        let num = numbering.nums.get(&num_id)?;
        let (abstract_id, abstract_num) = numbering.abstract_of(num, styles)?;
        let def = |k: usize| {
            num.overrides
                .get(k)
                .and_then(|o| o.level.as_ref())
                .or_else(|| abstract_num.levels.get(k).and_then(Option::as_ref))
        };
        let start = |k: usize| {
            num.overrides
                .get(k)
                .and_then(|o| o.start)
                .or_else(|| def(k).map(|l| l.start))
                .unwrap_or(0)
        };
        let level = match level {
            Some(l) => usize::from(l).min(LEVELS - 1),
            None => (0..LEVELS)
                .find(|&k| style.is_some() && def(k).and_then(|l| l.style.as_deref()) == style)
                .unwrap_or(0),
        };
        let this = def(level)?;
        let counters = self.values.entry(abstract_id).or_default();
        if self.started.insert(num_id) {
            for (k, counter) in counters.iter_mut().enumerate() {
                if num.overrides.get(k).is_some_and(|o| o.start.is_some()) {
                    *counter = None;
                }
            }
        }
        let value = match counters.get(level).copied().flatten() {
            Some(previous) => previous.saturating_add(1),
            None => start(level),
        };
        if let Some(slot) = counters.get_mut(level) {
            *slot = Some(value);
        }
        for (k, counter) in counters.iter_mut().enumerate().skip(level + 1) {
            let restarts = match def(k).and_then(|l| l.restart) {
                None => true,
                Some(after) => u32::try_from(level).is_ok_and(|l| l < after),
            };
            if restarts {
                *counter = None;
            }
        }
        if this.format == NumFormat::Bullet {
            return None;
        }
        let mut label = String::new();
        let mut chars = this.text.chars().peekable();
        while let Some(c) = chars.next() {
            let placeholder = match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(d @ 1..=9)) => usize::try_from(d - 1).ok(),
                _ => None,
            };
            let Some(k) = placeholder else {
                label.push(c);
                continue;
            };
            chars.next();
            let value = counters
                .get(k)
                .copied()
                .flatten()
                .unwrap_or_else(|| start(k));
            let format = def(k).map_or(NumFormat::Decimal, |l| l.format);
            let format = match format {
                NumFormat::Bullet | NumFormat::Nothing => format,
                _ if this.legal => NumFormat::Decimal,
                _ => format,
            };
            label.push_str(&format_number(value, format));
        }
        if label.trim().is_empty() {
            return None;
        }
        // A tab or space follows the label; it only matters where the label does not end in
        // punctuation of its own (一、 1. （一）) and would run into the text.
        if !this.suffix_nothing && label.chars().last().is_some_and(char::is_alphanumeric) {
            label.push(' ');
        }
        Some(label)
    }
}

// ---------------------------------------------------------------------------------------------
// Symbols (w:sym): fonts such as Symbol and Wingdings address their glyphs through F000–F0FF.

fn symbol_char(font: Option<&str>, code: &str) -> Option<char> {
    let code = u32::from_str_radix(code.trim(), 16).ok()?;
    let low = match code {
        0xF000..=0xF0FF => code - 0xF000,
        0x20..=0xFF => code,
        _ => return char::from_u32(code).filter(|c| !('\u{E000}'..='\u{F8FF}').contains(c)),
    };
    let font = font.unwrap_or_default().to_ascii_lowercase();
    if font.starts_with("wingdings") {
        return wingdings_char(low);
    }
    if font == "symbol" {
        return symbol_font_char(low);
    }
    char::from_u32(low).filter(|c| !c.is_control())
}

fn symbol_font_char(code: u32) -> Option<char> {
    const UPPER: &str = "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ";
    const LOWER: &str = "αβχδεφγηιϕκλμνοπθρστυϖωξψζ";
    let ascii = u8::try_from(code).ok()?;
    Some(match ascii {
        b'A'..=b'Z' => UPPER.chars().nth(usize::from(ascii - b'A'))?,
        b'a'..=b'z' => LOWER.chars().nth(usize::from(ascii - b'a'))?,
        0x22 => '∀',
        0x24 => '∃',
        0x27 => '∋',
        0x2A => '∗',
        0x2D => '−',
        0x40 => '≅',
        0x5C => '∴',
        0x5E => '⊥',
        0x20..=0x7E => char::from(ascii),
        0xA3 => '≤',
        0xA5 => '∞',
        0xAB => '↔',
        0xAC => '←',
        0xAD => '↑',
        0xAE => '→',
        0xAF => '↓',
        0xB0 => '°',
        0xB1 => '±',
        0xB3 => '≥',
        0xB4 => '×',
        0xB7 => '•',
        0xB8 => '÷',
        0xB9 => '≠',
        0xBA => '≡',
        0xBB => '≈',
        0xBC => '…',
        0xD6 => '√',
        0xDE => '⇒',
        _ => return None,
    })
}

fn wingdings_char(code: u32) -> Option<char> {
    Some(match code {
        0x6C => '●',
        0x6E => '■',
        0x6F => '□',
        0x71 => '❑',
        0x75 => '◆',
        0x76 => '❖',
        0x9F => '•',
        0xA7 => '▪',
        0xA8 => '□',
        0xD8 => '➢',
        0xE0 => '→',
        0xFB => '✗',
        0xFC => '✓',
        0xFD => '☒',
        0xFE => '☑',
        _ => return None,
    })
}

// ---------------------------------------------------------------------------------------------
// Pages.

/// Where a block's first character is: the page as counted from recorded breaks, and the
/// section, whose own break is added once all section types are known.
#[derive(Clone, Copy, Debug)]
struct PageMark {
    page: u32,
    section: usize,
}

/// Counts pages from the breaks the file records. One break is counted once: an explicit page
/// break or a section break followed (before any text) by Word's `lastRenderedPageBreak` is the
/// same page break.
#[derive(Default)]
struct PageCounter {
    /// Page breaks counted so far.
    breaks: u32,
    /// An explicit page break that no text has followed yet.
    explicit_pending: bool,
    /// Some text was placed: a break before the first paragraph opens no page.
    placed_text: bool,
    /// A section just ended and no text has followed yet.
    boundary_open: bool,
    /// Per section, in order: whether it starts on a new page (its `w:type`).
    starts_new_page: Vec<bool>,
    /// Per section end: whether a recorded break already stands there.
    boundary_covered: Vec<bool>,
    saw_rendered_break: bool,
}

impl PageCounter {
    /// Text is about to be written: pending breaks take effect.
    fn mark(&mut self) -> PageMark {
        if self.explicit_pending {
            self.breaks = self.breaks.saturating_add(1);
            self.explicit_pending = false;
        }
        self.boundary_open = false;
        self.placed_text = true;
        PageMark {
            page: self.breaks.saturating_add(1),
            section: self.boundary_covered.len(),
        }
    }

    fn explicit_break(&mut self) {
        self.cover_boundary();
        if self.explicit_pending {
            self.breaks = self.breaks.saturating_add(1);
        }
        self.explicit_pending = true;
    }

    /// `w:pageBreakBefore`: Word ignores it on the document's first paragraph.
    fn break_before_paragraph(&mut self) {
        if self.placed_text {
            self.explicit_break();
        }
    }

    fn rendered_break(&mut self) {
        self.saw_rendered_break = true;
        self.cover_boundary();
        self.explicit_pending = false;
        self.breaks = self.breaks.saturating_add(1);
    }

    fn cover_boundary(&mut self) {
        if self.boundary_open {
            if let Some(covered) = self.boundary_covered.last_mut() {
                *covered = true;
            }
            self.boundary_open = false;
        }
    }

    /// A section ends here (`w:sectPr` in a paragraph's properties).
    fn end_section(&mut self, starts_new_page: bool) {
        self.starts_new_page.push(starts_new_page);
        self.boundary_covered.push(self.explicit_pending);
        self.boundary_open = !self.explicit_pending;
    }

    /// The body's own `w:sectPr`, which describes the last section.
    fn last_section(&mut self, starts_new_page: bool) {
        self.starts_new_page.push(starts_new_page);
    }

    /// Per section, the pages its unrecorded section breaks add to the counted ones; `None`
    /// when Word recorded no layout.
    fn section_offsets(&self) -> Option<Vec<u32>> {
        if !self.saw_rendered_break {
            return None;
        }
        let mut offsets = vec![0u32];
        let mut total = 0u32;
        for (s, &covered) in self.boundary_covered.iter().enumerate() {
            // Section s + 1 starts after boundary s; a section without w:type starts a page.
            let new_page = self.starts_new_page.get(s + 1).copied().unwrap_or(true);
            if new_page && !covered {
                total = total.saturating_add(1);
            }
            offsets.push(total);
        }
        Some(offsets)
    }
}

// ---------------------------------------------------------------------------------------------
// The body.

struct RawBlock {
    text: String,
    kind: BlockKind,
    mark: Option<PageMark>,
}

#[derive(Default)]
struct ParagraphProps {
    style: Option<String>,
    num_id: Option<u32>,
    level: Option<u8>,
    page_break_before: bool,
    /// `Some(starts_new_page)` when a section ends with this paragraph.
    section_end: Option<bool>,
}

#[derive(Default)]
struct Paragraph {
    text: String,
    props: ParagraphProps,
    label: Option<String>,
    labelled: bool,
    mark: Option<PageMark>,
    /// Text boxes anchored in this paragraph, placed after it.
    boxes: Vec<RawBlock>,
}

/// Containers open at the current point of the body.
enum Frame {
    Paragraph(Paragraph),
    Row {
        cells: Vec<String>,
        mark: Option<PageMark>,
    },
    Cell {
        paragraphs: Vec<String>,
        continuation: bool,
        mark: Option<PageMark>,
    },
    TextBox(Vec<RawBlock>),
}

/// Element kinds the body reader acts on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tag {
    Paragraph,
    ParagraphProps,
    Text,
    Tab,
    Break,
    CarriageReturn,
    NoBreakHyphen,
    Symbol,
    FieldChar,
    RenderedPageBreak,
    /// Passed over with all its content.
    Skip,
    Row,
    Cell,
    CellProps,
    TextBox,
    SectionProps,
    AlternateContent,
    Choice,
    Fallback,
    Other,
}

/// The prefixes the document binds to the namespaces it reads, so that `a:p` (DrawingML) is
/// not taken for `w:p`.
struct Prefixes {
    w: String,
    mc: String,
    m: String,
}

impl Prefixes {
    fn of_document(xml: &str) -> Prefixes {
        let mut prefixes = Prefixes {
            w: "w".into(),
            mc: "mc".into(),
            m: "m".into(),
        };
        let mut reader = Reader::from_str(xml);
        // The declarations sit on the root element.
        while let Ok(event) = reader.read_event() {
            let (Event::Start(e) | Event::Empty(e)) = event else {
                if matches!(event, Event::Eof) {
                    break;
                }
                continue;
            };
            for a in e.attributes().with_checks(false).flatten() {
                let prefix = match a.key.0.strip_prefix("xmlns") {
                    Some("") => "",
                    Some(rest) => match rest.strip_prefix(':') {
                        Some(p) => p,
                        None => continue,
                    },
                    None => continue,
                };
                let slot = match &*a.value {
                    "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
                    | "http://purl.oclc.org/ooxml/wordprocessingml/main" => &mut prefixes.w,
                    "http://schemas.openxmlformats.org/markup-compatibility/2006" => {
                        &mut prefixes.mc
                    }
                    "http://schemas.openxmlformats.org/officeDocument/2006/math"
                    | "http://purl.oclc.org/ooxml/officeDocument/math" => &mut prefixes.m,
                    _ => continue,
                };
                *slot = prefix.to_string();
            }
            break;
        }
        prefixes
    }

    fn tag(&self, qname: &str) -> Tag {
        let (prefix, local) = qname.split_once(':').unwrap_or(("", qname));
        if prefix == self.w {
            match local {
                "p" => Tag::Paragraph,
                "pPr" => Tag::ParagraphProps,
                "t" => Tag::Text,
                "tab" | "ptab" => Tag::Tab,
                "br" => Tag::Break,
                "cr" => Tag::CarriageReturn,
                "noBreakHyphen" => Tag::NoBreakHyphen,
                "sym" => Tag::Symbol,
                "fldChar" => Tag::FieldChar,
                "lastRenderedPageBreak" => Tag::RenderedPageBreak,
                "tr" => Tag::Row,
                "tc" => Tag::Cell,
                "tcPr" => Tag::CellProps,
                "txbxContent" => Tag::TextBox,
                "sectPr" => Tag::SectionProps,
                // Deleted and moved-away revisions, field codes, and properties (run
                // properties hold no text; table properties hold revision marks).
                "del" | "moveFrom" | "delText" | "instrText" | "delInstrText" | "rPr" | "sdtPr"
                | "sdtEndPr" | "tblPr" | "tblGrid" | "trPr" | "tblPrEx" | "customXmlPr"
                | "smartTagPr" | "fldData" | "ffData" => Tag::Skip,
                // Ruby (phonetic guide) text, printed small above the base text.
                "rt" => Tag::Skip,
                _ => Tag::Other,
            }
        } else if prefix == self.mc {
            match local {
                "AlternateContent" => Tag::AlternateContent,
                "Choice" => Tag::Choice,
                "Fallback" => Tag::Fallback,
                _ => Tag::Other,
            }
        } else if prefix == self.m && local == "t" {
            Tag::Text
        } else {
            Tag::Other
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum FieldPart {
    Code,
    Result,
}

struct BodyReader<'s> {
    prefixes: Prefixes,
    styles: &'s Styles,
    numbering: &'s Numbering,
    counters: ListCounters,
    pages: PageCounter,
    frames: Vec<Frame>,
    out: Vec<RawBlock>,
    /// Complex fields open here, innermost last: text shows only in results.
    fields: Vec<FieldPart>,
    /// Per open `mc:AlternateContent`: whether one of its choices was read.
    alternates: Vec<bool>,
    in_text: bool,
}

impl<'s> BodyReader<'s> {
    fn new(xml: &str, styles: &'s Styles, numbering: &'s Numbering) -> Self {
        BodyReader {
            prefixes: Prefixes::of_document(xml),
            styles,
            numbering,
            counters: ListCounters::default(),
            pages: PageCounter::default(),
            frames: Vec::new(),
            out: Vec::new(),
            fields: Vec::new(),
            alternates: Vec::new(),
            in_text: false,
        }
    }

    fn read(mut self, xml: &str, limits: &Limits) -> Result<Vec<Block>, ExtractError> {
        match self.walk(xml, limits) {
            Ok(()) => {}
            // Malformed XML after some content: keep what was read.
            Err(ExtractError::Corrupt(_)) if !self.out.is_empty() => {}
            Err(error) => return Err(error),
        }
        let offsets = self.pages.section_offsets();
        Ok(self
            .out
            .into_iter()
            .map(|raw| Block {
                page: match (&offsets, raw.mark) {
                    (Some(offsets), Some(mark)) => Some(
                        mark.page
                            .saturating_add(offsets.get(mark.section).copied().unwrap_or(0)),
                    ),
                    _ => None,
                },
                text: raw.text,
                kind: raw.kind,
            })
            .collect())
    }

    fn walk(&mut self, xml: &str, limits: &Limits) -> Result<(), ExtractError> {
        let mut reader = Reader::from_str(xml);
        let mut events = 0u32;
        loop {
            events = events.wrapping_add(1);
            if events.is_multiple_of(CHECK_EVERY) {
                limits.check()?;
            }
            match reader.read_event().map_err(xml_error)? {
                Event::Start(e) => self.start(&mut reader, &e, true)?,
                Event::Empty(e) => self.start(&mut reader, &e, false)?,
                Event::End(e) => self.end(self.prefixes.tag(e.name().0)),
                Event::Text(t) if self.in_text => self.push_text(&t.xml10_content()),
                Event::CData(t) if self.in_text => self.push_text(&t.xml10_content()),
                Event::GeneralRef(r) if self.in_text => {
                    if let Some(c) = resolve_reference(&r) {
                        self.push_text(c.encode_utf8(&mut [0; 4]));
                    }
                }
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    fn start(
        &mut self,
        reader: &mut Reader<&[u8]>,
        e: &BytesStart,
        has_content: bool,
    ) -> Result<(), ExtractError> {
        match self.prefixes.tag(e.name().0) {
            Tag::Paragraph if has_content => {
                self.frames.push(Frame::Paragraph(Paragraph::default()))
            }
            Tag::ParagraphProps if has_content => {
                let props = parse_paragraph_props(reader)?;
                if props.page_break_before {
                    self.pages.break_before_paragraph();
                }
                if let Some(Frame::Paragraph(p)) = self.frames.last_mut() {
                    p.props = props;
                }
                self.ensure_label();
            }
            Tag::Text => self.in_text = has_content,
            Tag::Tab => self.push_text("\t"),
            // A line break reads as a space: the words on both sides stay apart for search.
            Tag::Break => {
                self.push_text(" ");
                if attribute(e, "type").as_deref() == Some("page") && !self.field_code() {
                    self.pages.explicit_break();
                }
            }
            Tag::CarriageReturn => self.push_text(" "),
            Tag::NoBreakHyphen => self.push_text("-"),
            Tag::Symbol => {
                let code = attribute(e, "char").unwrap_or_default();
                if let Some(c) = symbol_char(attribute(e, "font").as_deref(), &code) {
                    self.push_text(c.encode_utf8(&mut [0; 4]));
                }
            }
            Tag::FieldChar => match attribute(e, "fldCharType").as_deref() {
                Some("begin") => self.fields.push(FieldPart::Code),
                Some("separate") => {
                    if let Some(part) = self.fields.last_mut() {
                        *part = FieldPart::Result;
                    }
                }
                Some("end") => {
                    self.fields.pop();
                }
                _ => {}
            },
            Tag::RenderedPageBreak => self.pages.rendered_break(),
            Tag::Skip if has_content => skip(reader, e)?,
            Tag::Row if has_content => self.frames.push(Frame::Row {
                cells: Vec::new(),
                mark: None,
            }),
            Tag::Cell if has_content => self.frames.push(Frame::Cell {
                paragraphs: Vec::new(),
                continuation: false,
                mark: None,
            }),
            Tag::CellProps if has_content => {
                let merged = parse_cell_continuation(reader)?;
                if let Some(Frame::Cell { continuation, .. }) = self.frames.last_mut() {
                    *continuation = merged;
                }
            }
            Tag::TextBox if has_content => self.frames.push(Frame::TextBox(Vec::new())),
            Tag::SectionProps => {
                let new_page = if has_content {
                    parse_section_starts_new_page(reader)?
                } else {
                    true
                };
                self.pages.last_section(new_page);
            }
            Tag::AlternateContent if has_content => self.alternates.push(false),
            // Text boxes are stored twice; read the first choice (DrawingML), skip the rest.
            Tag::Choice if has_content => match self.alternates.last_mut() {
                Some(taken) if *taken => skip(reader, e)?,
                Some(taken) => *taken = true,
                None => {}
            },
            // The fallback (VML) is read only when no choice was.
            Tag::Fallback if has_content && self.alternates.last() == Some(&true) => {
                skip(reader, e)?
            }
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph => self.end_paragraph(),
            Tag::Text => self.in_text = false,
            Tag::Row => self.end_row(),
            Tag::Cell => self.end_cell(),
            Tag::TextBox => self.end_text_box(),
            Tag::AlternateContent => {
                self.alternates.pop();
            }
            _ => {}
        }
    }

    fn field_code(&self) -> bool {
        self.fields.contains(&FieldPart::Code)
    }

    fn push_text(&mut self, text: &str) {
        if self.field_code() {
            return;
        }
        let Some(Frame::Paragraph(paragraph)) = self.frames.last_mut() else {
            return;
        };
        // The page of a block is where its first visible character is.
        if paragraph.mark.is_none() && !text.trim().is_empty() {
            paragraph.mark = Some(self.pages.mark());
        }
        paragraph.text.push_str(text);
    }

    /// Numbers the open paragraph once its properties are known.
    fn ensure_label(&mut self) {
        let Some(Frame::Paragraph(paragraph)) = self.frames.last_mut() else {
            return;
        };
        if paragraph.labelled {
            return;
        }
        paragraph.labelled = true;
        let props = &paragraph.props;
        let (style_num, style_level, style_source) =
            self.styles.numbering_of(props.style.as_deref());
        let Some(num_id) = props.num_id.or(style_num).filter(|&id| id != 0) else {
            return;
        };
        // Numbering from a style uses the level bound to that style, unless a level is given.
        let (level, style) = match props.level.or(style_level) {
            Some(level) => (Some(level), None),
            None if props.num_id.is_none() => (None, style_source),
            None => (Some(0), None),
        };
        paragraph.label = self
            .counters
            .label(self.numbering, self.styles, num_id, level, style);
    }

    fn end_paragraph(&mut self) {
        self.ensure_label();
        if !matches!(self.frames.last(), Some(Frame::Paragraph(_))) {
            return;
        }
        let Some(Frame::Paragraph(paragraph)) = self.frames.pop() else {
            return;
        };
        if let Some(new_page) = paragraph.props.section_end {
            self.pages.end_section(new_page);
        }
        let mut blocks = Vec::with_capacity(1 + paragraph.boxes.len());
        if !paragraph.text.trim().is_empty() {
            let mut text = paragraph.label.unwrap_or_default();
            text.push_str(&paragraph.text);
            blocks.push(RawBlock {
                text,
                kind: BlockKind::Paragraph,
                mark: paragraph.mark,
            });
        }
        blocks.extend(paragraph.boxes);
        self.deliver(blocks);
    }

    fn end_cell(&mut self) {
        if !matches!(self.frames.last(), Some(Frame::Cell { .. })) {
            return;
        }
        let Some(Frame::Cell {
            paragraphs,
            continuation,
            mark: cell_mark,
        }) = self.frames.pop()
        else {
            return;
        };
        // A vertically merged cell continues the one above: its text is printed there.
        let text = if continuation {
            String::new()
        } else {
            paragraphs.join(" ")
        };
        if let Some(Frame::Row { cells, mark }) = self.frames.last_mut() {
            cells.push(text);
            *mark = mark.or(cell_mark);
        }
    }

    fn end_row(&mut self) {
        if !matches!(self.frames.last(), Some(Frame::Row { .. })) {
            return;
        }
        let Some(Frame::Row { cells, mark }) = self.frames.pop() else {
            return;
        };
        if cells.iter().all(|c| c.trim().is_empty()) {
            return;
        }
        // A table nested in a cell is flattened into that cell's text.
        let nested = self
            .frames
            .iter()
            .rev()
            .find_map(|f| match f {
                Frame::Cell { .. } => Some(true),
                Frame::TextBox(_) => Some(false),
                _ => None,
            })
            .unwrap_or(false);
        let text = cells.join(if nested { " " } else { CELL_SEPARATOR });
        self.deliver(vec![RawBlock {
            text,
            kind: BlockKind::TableRow,
            mark,
        }]);
    }

    fn end_text_box(&mut self) {
        if !matches!(self.frames.last(), Some(Frame::TextBox(_))) {
            return;
        }
        let Some(Frame::TextBox(blocks)) = self.frames.pop() else {
            return;
        };
        // Placed after the paragraph that anchors the box.
        let anchor = self.frames.iter_mut().rev().find_map(|f| match f {
            Frame::Paragraph(p) => Some(p),
            _ => None,
        });
        match anchor {
            Some(paragraph) => paragraph.boxes.extend(blocks),
            None => self.deliver(blocks),
        }
    }

    /// Hands finished blocks to the innermost container that collects them: a table cell
    /// (as text), a text box, or the body.
    fn deliver(&mut self, blocks: Vec<RawBlock>) {
        for frame in self.frames.iter_mut().rev() {
            match frame {
                Frame::Cell {
                    paragraphs, mark, ..
                } => {
                    for block in blocks {
                        *mark = mark.or(block.mark);
                        paragraphs.push(block.text);
                    }
                    return;
                }
                Frame::TextBox(collected) => {
                    collected.extend(blocks);
                    return;
                }
                Frame::Paragraph(_) | Frame::Row { .. } => {}
            }
        }
        self.out.extend(blocks);
    }
}

fn skip(reader: &mut Reader<&[u8]>, e: &BytesStart) -> Result<(), ExtractError> {
    reader.read_to_end(e.name()).map(|_| ()).map_err(xml_error)
}

fn parse_paragraph_props(reader: &mut Reader<&[u8]>) -> Result<ParagraphProps, ExtractError> {
    let mut props = ParagraphProps::default();
    // Revision records hold properties as they were; the paragraph mark's run properties
    // hold no numbering.
    let skip = ["pPrChange", "rPr", "numberingChange"];
    walk_children(reader, &skip, |reader, e, has_content| {
        match local_name(e.name().0) {
            "pStyle" => props.style = attribute(e, "val"),
            "numId" => props.num_id = number_attribute(e, "val"),
            "ilvl" => props.level = number_attribute(e, "val"),
            "pageBreakBefore" => props.page_break_before = on_off(e),
            "sectPr" if has_content => {
                props.section_end = Some(parse_section_starts_new_page(reader)?);
                return Ok(Visit::Consumed);
            }
            "sectPr" => props.section_end = Some(true),
            _ => {}
        }
        Ok(Visit::Descend)
    })?;
    Ok(props)
}

/// Reads a `w:sectPr` to its end: does the section start on a new page? (Only `continuous`
/// and `nextColumn` do not; no `w:type` means `nextPage`.)
fn parse_section_starts_new_page(reader: &mut Reader<&[u8]>) -> Result<bool, ExtractError> {
    let mut new_page = true;
    walk_children(reader, &["sectPrChange"], |_, e, _| {
        if local_name(e.name().0) == "type" {
            new_page = !matches!(
                attribute(e, "val").as_deref(),
                Some("continuous" | "nextColumn")
            );
        }
        Ok(Visit::Descend)
    })?;
    Ok(new_page)
}

/// Reads a `w:tcPr` to its end: is the cell a continuation of a vertical merge?
fn parse_cell_continuation(reader: &mut Reader<&[u8]>) -> Result<bool, ExtractError> {
    let mut continuation = false;
    walk_children(reader, &["tcPrChange"], |_, e, _| {
        if local_name(e.name().0) == "vMerge" {
            continuation = attribute(e, "val").as_deref() != Some("restart");
        }
        Ok(Visit::Descend)
    })?;
    Ok(continuation)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};
    use std::time::Duration;

    const W_NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main""#;

    /// A DOCX package whose main part sits at a non-standard name, found through _rels/.rels.
    fn package(body: &str, extra: &[(&str, &str)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let document = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document {W_NS}><w:body>{body}</w:body></w:document>"#
        );
        let rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="doc/main.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;
        let mut parts = vec![
            ("_rels/.rels", rels.to_string()),
            ("doc/main.xml", document),
        ];
        parts.extend(extra.iter().map(|(n, c)| (*n, c.to_string())));
        for (name, content) in parts {
            zip.start_file(name, options).unwrap();
            zip.write_all(content.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn texts(flow: &Flow) -> Vec<&str> {
        flow.blocks.iter().map(|b| b.text.as_str()).collect()
    }

    fn para(text: &str) -> String {
        format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
    }

    fn numbered(num: u32, level: u8, text: &str) -> String {
        format!(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
        )
    }

    const NUMBERING: &str = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
      <w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/><w:isLgl/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%3"/><w:suff w:val="nothing"/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="1">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
      <w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>
    </w:numbering>"#;

    const STYLES: &str = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
      <w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
      <w:style w:type="paragraph" w:styleId="H1"><w:basedOn w:val="a"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="H1x"><w:basedOn w:val="H1"/></w:style>
    </w:styles>"#;

    fn numbered_package(body: &str) -> Vec<u8> {
        let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="r2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="/doc/styles.xml"/></Relationships>"#;
        package(
            body,
            &[
                ("doc/_rels/main.xml.rels", rels),
                ("doc/numbering.xml", NUMBERING),
                ("doc/styles.xml", STYLES),
            ],
        )
    }

    #[test]
    fn numbering_nests_restarts_and_comes_from_styles() {
        let body = [
            numbered(1, 0, "总体要求"),
            numbered(1, 1, "目标"),
            numbered(1, 1, "原则"),
            numbered(1, 2, "其一"),
            numbered(1, 0, "重点任务"),
            numbered(1, 1, "产业"),
            numbered(1, 2, "其一"),
            // Heading numbered through its style (and its basedOn parent).
            r#"<w:p><w:pPr><w:pStyle w:val="H1x"/></w:pPr><w:r><w:t>保障措施</w:t></w:r></w:p>"#
                .into(),
            // numId 0 switches numbering off even where the style has it.
            r#"<w:p><w:pPr><w:pStyle w:val="H1"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>附则</w:t></w:r></w:p>"#.into(),
            // A second list over the same definition restarts through startOverride.
            numbered(2, 0, "新的一章"),
            numbered(3, 0, "要点"),
        ]
        .concat();
        let flow = read(&numbered_package(&body), &Limits::for_one_file()).unwrap();
        assert_eq!(
            texts(&flow),
            [
                "一、总体要求",
                "1.1 目标",
                "1.2 原则",
                "①其一",
                "二、重点任务",
                "2.1 产业",
                "①其一",
                "三、保障措施",
                "附则",
                "一、新的一章",
                "要点",
            ]
        );
    }

    #[test]
    fn table_rows_with_merges_and_nesting() {
        let cell = |inner: &str| format!("<w:tc>{inner}</w:tc>");
        let merged = r#"<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"#;
        let nested = format!(
            "<w:tbl><w:tr>{}{}</w:tr></w:tbl>",
            cell(&para("甲")),
            cell(&para("乙"))
        );
        let merge_start = format!(
            r#"<w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr>{}</w:tc>"#,
            para("地区")
        );
        let body = format!(
            r#"{}<w:tbl><w:tblPr/><w:tr>{merge_start}{}</w:tr><w:tr>{merged}{}</w:tr><w:tr>{}{}</w:tr><w:tr>{}</w:tr></w:tbl>{}"#,
            para("前"),
            cell(&(para("指标") + &para("说明"))),
            cell(&para("增长")),
            cell(&para("外")),
            cell(&nested),
            cell("<w:p/>"),
            para("后"),
        );
        let flow = read(&package(&body, &[]), &Limits::for_one_file()).unwrap();
        assert_eq!(
            texts(&flow),
            ["前", "地区 | 指标 说明", " | 增长", "外 | 甲 乙", "后"]
        );
        assert_eq!(flow.blocks[1].kind, BlockKind::TableRow);
        assert_eq!(flow.blocks[0].kind, BlockKind::Paragraph);
    }

    #[test]
    fn text_box_is_read_once_after_its_anchor() {
        let box_content = format!("<w:txbxContent>{}</w:txbxContent>", para("框内文字"));
        let body = format!(
            r#"<w:p><w:r><w:t>锚定段落</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx>{box_content}</wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{box_content}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>续</w:t></w:r></w:p>{}"#,
            para("下一段")
        );
        let flow = read(&package(&body, &[]), &Limits::for_one_file()).unwrap();
        assert_eq!(texts(&flow), ["锚定段落续", "框内文字", "下一段"]);
    }

    #[test]
    fn revisions_fields_and_special_characters() {
        let body = r#"<w:p><w:r><w:t xml:space="preserve">保留 </w:t></w:r><w:del w:id="1"><w:r><w:delText>删除</w:delText></w:r></w:del><w:ins w:id="2"><w:r><w:t>插入</w:t></w:r></w:ins><w:moveFrom><w:r><w:t>移走</w:t></w:r></w:moveFrom></w:p>
            <w:p><w:r><w:t>第</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>页</w:t></w:r><w:fldSimple w:instr="NUMPAGES"><w:r><w:t>9</w:t></w:r></w:fldSimple></w:p>
            <w:p><w:hyperlink r:id="x" xmlns:r="r"><w:r><w:t>链接</w:t></w:r></w:hyperlink><w:r><w:tab/><w:t>A&amp;B</w:t><w:noBreakHyphen/><w:t>C</w:t><w:br/><w:sym w:font="Symbol" w:char="F0B3"/></w:r></w:p>
            <w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">   </w:t></w:r></w:p>
            <w:sdt><w:sdtPr><w:alias w:val="标题"/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>控件内容</w:t></w:r></w:p></w:sdtContent></w:sdt>"#;
        let flow = read(&package(body, &[]), &Limits::for_one_file()).unwrap();
        assert_eq!(
            texts(&flow),
            ["保留 插入", "第3页9", "链接\tA&B-C ≥", "控件内容"]
        );
        assert!(flow.blocks.iter().all(|b| b.page.is_none()));
    }

    #[test]
    fn pages_follow_rendered_breaks_without_double_counting() {
        let body = [
            // Word opens no page for a break before the first paragraph.
            String::from(r#"<w:p><w:pPr><w:pageBreakBefore/></w:pPr><w:r><w:t>一页</w:t></w:r></w:p>"#),
            // An explicit break that Word rendered: the lastRenderedPageBreak is the same page.
            r#"<w:p><w:r><w:t>一页末</w:t></w:r><w:r><w:br w:type="page"/></w:r></w:p>"#.into(),
            r#"<w:p><w:r><w:lastRenderedPageBreak/><w:t>二页</w:t></w:r></w:p>"#.into(),
            // A paragraph running onto the next page keeps the page it starts on.
            r#"<w:p><w:r><w:t>二页续</w:t><w:lastRenderedPageBreak/><w:t>跨到三页</w:t></w:r></w:p>"#.into(),
            // An explicit break without a rendered mark still counts.
            r#"<w:p><w:r><w:t>三页</w:t></w:r><w:r><w:br w:type="page"/></w:r></w:p>"#.into(),
            // The sectPr ends section 0; section 1 (next sectPr) is continuous: no new page.
            r#"<w:p><w:pPr><w:sectPr/></w:pPr><w:r><w:t>四页</w:t></w:r></w:p>"#.into(),
            r#"<w:p><w:pPr><w:sectPr><w:type w:val="continuous"/></w:sectPr></w:pPr><w:r><w:t>连续节</w:t></w:r></w:p>"#.into(),
            // Section 2 has no w:type (next page) and no rendered mark: a page of its own.
            r#"<w:p><w:pPr><w:pageBreakBefore w:val="0"/><w:sectPr/></w:pPr><w:r><w:t>五页</w:t></w:r></w:p>"#.into(),
            // Section 3 starts a page that Word rendered: counted once.
            r#"<w:p><w:r><w:lastRenderedPageBreak/><w:t>六页</w:t></w:r></w:p>"#.into(),
            r#"<w:p><w:pPr><w:pageBreakBefore/></w:pPr><w:r><w:t>七页</w:t></w:r></w:p><w:sectPr/>"#.into(),
        ]
        .concat();
        let flow = read(&package(&body, &[]), &Limits::for_one_file()).unwrap();
        let pages: Vec<Option<u32>> = flow.blocks.iter().map(|b| b.page).collect();
        assert_eq!(
            pages,
            [1, 1, 2, 2, 3, 4, 4, 5, 6, 7].map(Some).to_vec(),
            "{:?}",
            texts(&flow)
        );
    }

    #[test]
    fn zip_bomb_is_bounded() {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("word/document.xml", options).unwrap();
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..8 {
            zip.write_all(&zeros).unwrap();
        }
        let bytes = zip.finish().unwrap().into_inner();
        assert!(bytes.len() < 64 * 1024);
        let limits = Limits::new(Duration::from_secs(10), 1 << 20);
        assert!(matches!(
            read(&bytes, &limits),
            Err(ExtractError::TooLarge(_))
        ));
        // The same bomb declaring 1000 bytes in both headers: inflation still stops at the budget.
        let mut lying = bytes.clone();
        for (signature, offset) in [(b"PK\x03\x04", 22), (b"PK\x01\x02", 24)] {
            let at = lying.windows(4).position(|w| w == signature).unwrap() + offset;
            lying[at..at + 4].copy_from_slice(&1000u32.to_le_bytes());
        }
        let started = std::time::Instant::now();
        let result = read(&lying, &limits);
        assert!(result.is_err(), "{result:?}");
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn broken_packages_give_errors() {
        let limits = Limits::for_one_file();
        assert!(matches!(
            read(b"not a zip", &limits),
            Err(ExtractError::Corrupt(_))
        ));
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("word/other.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(b"<x/>").unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        assert_eq!(
            read(&bytes, &limits),
            Err(ExtractError::Corrupt("no word/document.xml".into()))
        );
        let whole = package(&para("完整"), &[]);
        for cut in [whole.len() / 2, whole.len() - 10] {
            assert!(read(&whole[..cut], &limits).is_err());
        }
    }

    #[test]
    fn core_properties() {
        let core = r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"><dc:title>关于印发&lt;方案&gt;的通知</dc:title><dc:creator>办公厅</dc:creator><dc:subject></dc:subject><dcterms:created>2025-01-23T01:38:34Z</dcterms:created></cp:coreProperties>"#;
        let flow = read(
            &package(&para("正文"), &[("docProps/core.xml", core)]),
            &Limits::for_one_file(),
        )
        .unwrap();
        assert_eq!(
            flow.properties,
            Properties {
                title: Some("关于印发<方案>的通知".into()),
                author: Some("办公厅".into()),
                subject: None,
                created: Some("2025-01-23".into()),
            }
        );
    }
}
