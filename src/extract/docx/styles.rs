//! Styles: which paragraph styles carry list numbering.

use super::xml::{attribute, local_name, number_attribute};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::collections::HashMap;

#[derive(Default, Clone)]
pub(super) struct StyleDef {
    pub(super) based_on: Option<String>,
    pub(super) num_id: Option<u32>,
    pub(super) level: Option<u8>,
}

#[derive(Default)]
pub(super) struct Styles {
    pub(super) paragraph: HashMap<String, StyleDef>,
    pub(super) default_paragraph: Option<String>,
    /// Numbering styles (`w:type="numbering"`) → their numId, for `w:numStyleLink`.
    pub(super) numbering: HashMap<String, u32>,
}

impl Styles {
    pub(super) fn parse(xml: &str) -> Styles {
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

    pub(super) fn add(&mut self, style: Option<(String, String, StyleDef)>) {
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
    pub(super) fn numbering_of(
        &self,
        style: Option<&str>,
    ) -> (Option<u32>, Option<u8>, Option<&str>) {
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
