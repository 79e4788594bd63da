//! Core properties.

use super::parts::{Package, Relationship};
use super::xml::{local_name, resolve_reference};
use crate::extract::types::{ExtractError, Properties};
use quick_xml::events::Event;
use quick_xml::Reader;

pub(super) fn read_properties(
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

pub(super) fn parse_core_properties(xml: &str) -> Properties {
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
pub(super) fn iso_date(text: &str) -> Option<String> {
    let date = text.get(..10)?;
    let shape_ok = date.bytes().enumerate().all(|(i, b)| match i {
        4 | 7 => b == b'-',
        _ => b.is_ascii_digit(),
    });
    let month: u32 = date.get(5..7)?.parse().ok()?;
    let day: u32 = date.get(8..10)?.parse().ok()?;
    (shape_ok && (1..=12).contains(&month) && (1..=31).contains(&day)).then(|| date.to_string())
}
