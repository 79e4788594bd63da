//! The package: ZIP parts, relationships, inflation budget.

use super::xml::{attribute, local_name};
use crate::extract::package::{self, normalize_path, parent_dir, percent_decode, PartError};
use crate::extract::types::{ExtractError, Limits};
use quick_xml::events::Event;
use quick_xml::Reader;

/// The ZIP package (names, budget: [`package`](super::package)), read as OPC: parts as text,
/// found through relationships.
pub(super) struct Package<'a> {
    pub(super) parts: package::Package<'a>,
}

impl<'a> Package<'a> {
    pub(super) fn open(bytes: &'a [u8], limits: &Limits) -> Result<Self, ExtractError> {
        let parts = package::Package::open(bytes, limits)
            .map_err(|e| ExtractError::Corrupt(format!("not a ZIP package: {e}")))?;
        Ok(Package { parts })
    }

    pub(super) fn contains(&self, name: &str) -> bool {
        self.parts.find(name).is_some()
    }

    /// Inflates one part whole, within what is left of the inflation budget; `None` when the
    /// package has no such part.
    pub(super) fn read(&mut self, name: &str) -> Result<Option<String>, ExtractError> {
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
    pub(super) fn read_auxiliary(&mut self, name: &str) -> Result<Option<String>, ExtractError> {
        match self.read(name) {
            Err(ExtractError::TooLarge(why)) => Err(ExtractError::TooLarge(why)),
            Err(_) => Ok(None),
            read => read,
        }
    }

    /// Reads the auxiliary part a relationship of type `kind` points to, else the usual name
    /// beside the source part.
    pub(super) fn read_related(
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

pub(super) fn zip_error(error: zip::result::ZipError) -> ExtractError {
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
pub(super) fn decode_text(data: Vec<u8>) -> String {
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

pub(super) struct Relationship {
    /// Last segment of the relationship type URI (`officeDocument`, `styles`, …), the same in
    /// transitional and strict OOXML.
    pub(super) kind: String,
    /// Part name the target resolves to.
    pub(super) target: String,
}

pub(super) fn parse_relationships(xml: &str, source_dir: &str) -> Vec<Relationship> {
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
pub(super) fn main_part(
    package: &mut Package,
    package_rels: &[Relationship],
) -> Result<String, ExtractError> {
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

pub(super) fn rels_part_of(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// Resolves a relationship target (relative to the source part's folder, or absolute with a
/// leading `/`, percent-encoded) to a part name.
pub(super) fn resolve_target(source_dir: &str, target: &str) -> String {
    let target = percent_decode(target);
    match target.strip_prefix('/') {
        Some(absolute) => normalize_path(absolute),
        None => normalize_path(&format!("{source_dir}/{target}")),
    }
}
