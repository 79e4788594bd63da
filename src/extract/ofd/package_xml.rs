//! Package and XML.

use super::bounds::{corrupt, MAX_PART_BYTES, MAX_XML_DEPTH};
use crate::extract::package::{self, normalize_path, PartError};
use crate::extract::types::{ExtractError, Limits};
use quick_xml::events::{BytesStart, Event};
use std::borrow::Cow;
use zip::result::ZipError;

/// The ZIP container (names, budget: [`package`](super::package)), read as OFD: references
/// resolved against the referencing part's folder, parts parsed as XML.
pub(super) struct Package<'a> {
    pub(super) parts: package::Package<'a>,
    pub(super) limits: &'a Limits,
}

impl<'a> Package<'a> {
    pub(super) fn open(bytes: &'a [u8], limits: &'a Limits) -> Result<Package<'a>, ExtractError> {
        let parts = package::Package::open(bytes, limits).map_err(zip_error)?;
        Ok(Package { parts, limits })
    }

    pub(super) fn has_encryption_part(&self) -> bool {
        self.parts
            .folded_names()
            .any(|name| name.rsplit('/').next() == Some("encryptions.xml"))
    }

    /// Finds the part that `reference` names from a part in folder `base_dir`: OFD references
    /// are absolute from the package root ("/Doc_0/Document.xml") or relative to the folder of
    /// the referencing part. Some producers write root-relative paths without the leading
    /// slash, so that is tried last.
    pub(super) fn locate(&self, base_dir: &str, reference: &str) -> Option<(String, usize)> {
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
    pub(super) fn read_xml(
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

    pub(super) fn read_entry(&mut self, index: usize, path: &str) -> Result<Vec<u8>, ExtractError> {
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

pub(super) fn zip_error(error: ZipError) -> ExtractError {
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
pub(super) struct Element {
    pub(super) name: String,
    pub(super) attrs: Vec<(String, String)>,
    pub(super) children: Vec<Node>,
}

#[derive(Debug)]
pub(super) enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    pub(super) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    pub(super) fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|node| match node {
            Node::Element(element) => Some(element),
            Node::Text(_) => None,
        })
    }

    pub(super) fn into_elements(self) -> impl Iterator<Item = Element> {
        self.children.into_iter().filter_map(|node| match node {
            Node::Element(element) => Some(element),
            Node::Text(_) => None,
        })
    }

    pub(super) fn children_named<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s Element> {
        self.elements().filter(move |element| element.name == name)
    }

    pub(super) fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|element| element.name == name)
    }

    /// The element's own text (entities decoded), not its descendants'.
    pub(super) fn text(&self) -> String {
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
    pub(super) fn push_text(&mut self, text: &str) {
        if let Some(Node::Text(last)) = self.children.last_mut() {
            last.push_str(text);
        } else if self.name == "TextCode" || !text.chars().all(char::is_whitespace) {
            self.children.push(Node::Text(text.to_owned()));
        }
    }
}

pub(super) fn parse_xml(bytes: &[u8]) -> Result<Element, String> {
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

pub(super) fn attach(open: &mut [Element], root: &mut Option<Element>, element: Element) {
    match open.last_mut() {
        Some(parent) => parent.children.push(Node::Element(element)),
        None => {
            root.get_or_insert(element);
        }
    }
}

pub(super) fn element_from(start: &BytesStart) -> Result<Element, String> {
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
pub(super) fn decode_xml_bytes(bytes: &[u8]) -> Cow<'_, str> {
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
pub(super) fn declared_encoding(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
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
pub(super) fn strip_declaration_encoding(text: String) -> String {
    match text
        .strip_prefix("<?xml")
        .and_then(|rest| rest.split_once("?>"))
    {
        Some((_, rest)) => rest.to_owned(),
        None => text,
    }
}
