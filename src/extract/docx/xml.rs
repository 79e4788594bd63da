//! Small XML helpers.

use crate::extract::types::ExtractError;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

pub(super) fn local_name(qname: &str) -> &str {
    qname.rsplit_once(':').map_or(qname, |(_, local)| local)
}

/// An attribute's value by local name (`w:val` → "val"), entities resolved.
pub(super) fn attribute(element: &BytesStart, local: &str) -> Option<String> {
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
pub(super) fn on_off(element: &BytesStart) -> bool {
    !matches!(
        attribute(element, "val").as_deref(),
        Some("0" | "false" | "off")
    )
}

pub(super) fn number_attribute<T: std::str::FromStr>(
    element: &BytesStart,
    local: &str,
) -> Option<T> {
    attribute(element, local)?.trim().parse().ok()
}

/// The text an entity reference stands for.
pub(super) fn resolve_reference(reference: &BytesRef) -> Option<char> {
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
pub(super) enum Visit {
    /// Go on into its children.
    Descend,
    /// The visitor read the element to its end.
    Consumed,
}

/// Calls `visit(element, has_content)` for every element inside the one just opened, until
/// its end; elements named in `skip` are passed over with their content.
pub(super) fn walk_children(
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

pub(super) fn xml_error(error: quick_xml::Error) -> ExtractError {
    ExtractError::Corrupt(format!("bad XML: {error}"))
}
