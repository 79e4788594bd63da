//! Document properties.

use super::content::Interpreter;
use super::fonts::acceptable;
use super::objects::{get, resolve};
use crate::extract::types::Properties;
use lopdf::{Document, Object};

pub(super) fn document_properties(doc: &Document, interpreter: &mut Interpreter) -> Properties {
    let mut properties = Properties::default();
    let info = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| resolve(doc, o))
        .and_then(|o| o.as_dict().ok());
    if let Some(info) = info {
        let text = |key: &[u8]| match get(doc, info, key) {
            Some(Object::String(bytes, _)) => non_empty(decode_text_string(bytes)),
            _ => None,
        };
        properties.title = text(b"Title");
        properties.author = text(b"Author");
        properties.subject = text(b"Subject");
        properties.created = text(b"CreationDate").and_then(|d| date(&d));
    }
    let complete = properties.title.is_some()
        && properties.author.is_some()
        && properties.subject.is_some()
        && properties.created.is_some();
    if !complete {
        let metadata = doc
            .catalog()
            .ok()
            .and_then(|catalog| get(doc, catalog, b"Metadata"));
        if let Some(Object::Stream(stream)) = metadata {
            if let Ok(Some(data)) = interpreter.inflate(stream) {
                let xml = String::from_utf8_lossy(&data);
                properties.title = properties.title.or_else(|| xmp_value(&xml, "dc:title"));
                properties.author = properties.author.or_else(|| xmp_value(&xml, "dc:creator"));
                properties.subject = properties
                    .subject
                    .or_else(|| xmp_value(&xml, "dc:description"));
                properties.created = properties
                    .created
                    .or_else(|| xmp_value(&xml, "xmp:CreateDate").and_then(|d| date(&d)));
            }
        }
    }
    properties
}

pub(super) fn non_empty(text: String) -> Option<String> {
    let trimmed = text.trim_matches(|c: char| c.is_whitespace() || c.is_control());
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// A PDF text string: UTF-16BE or UTF-8 with a byte-order mark, else PDFDocEncoding, except
/// that GBK bytes, which Chinese producers write without saying so, are read as GBK.
pub(super) fn decode_text_string(bytes: &[u8]) -> String {
    if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units = utf16
            .chunks_exact(2)
            .map(|p| u16::from_be_bytes([p[0], p[1]]));
        return char::decode_utf16(units).filter_map(Result::ok).collect();
    }
    if let Some(utf8) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(utf8).into_owned();
    }
    if !bytes.is_ascii() {
        let gbk = encoding_rs::GBK.decode_without_bom_handling_and_without_replacement(bytes);
        if let Ok(text) = std::str::from_utf8(bytes) {
            // GBK pairs can pass for two-byte UTF-8 (U+0080..U+07FF); Chinese in UTF-8 is
            // three-byte.
            if gbk.is_none() || text.chars().all(|c| c.is_ascii() || c >= '\u{800}') {
                return text.to_string();
            }
        }
        if let Some(text) = gbk {
            return text.into_owned();
        }
    }
    bytes.iter().filter_map(|&b| pdf_doc_char(b)).collect()
}

pub(super) fn pdf_doc_char(byte: u8) -> Option<char> {
    const LOW: [char; 8] = ['˘', 'ˇ', 'ˆ', '˙', '˝', '˛', '˚', '˜'];
    const HIGH: [char; 33] = [
        '•', '†', '‡', '…', '—', '–', 'ƒ', '⁄', '‹', '›', '−', '‰', '„', '“', '”', '‘', '’', '‚',
        '™', 'ﬁ', 'ﬂ', 'Ł', 'Œ', 'Š', 'Ÿ', 'Ž', 'ı', 'ł', 'œ', 'š', 'ž', '\u{FFFD}', '€',
    ];
    let c = match byte {
        0x18..=0x1F => LOW[usize::from(byte - 0x18)],
        0x80..=0xA0 => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    };
    acceptable(c).then_some(c)
}

/// YYYY-MM-DD from a PDF date (D:YYYYMMDD…) or an ISO 8601 one (YYYY-MM-DD…).
pub(super) fn date(text: &str) -> Option<String> {
    let text = text.trim().trim_start_matches("D:");
    let mut fields = Vec::new();
    let mut rest = text;
    // Compact PDF dates: 4-digit year, then 2-digit fields; ISO dates: separated fields.
    for width in [4usize, 2, 2] {
        rest = rest.trim_start_matches(['-', '/', '.', ' ']);
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            break;
        }
        let take = if digits > width || width == 4 {
            width
        } else {
            digits
        };
        fields.push(rest.get(..take)?.parse::<u32>().ok()?);
        rest = rest.get(take..)?;
    }
    let year = *fields.first()?;
    let month = fields.get(1).copied().unwrap_or(1);
    let day = fields.get(2).copied().unwrap_or(1);
    ((1000..=9999).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// The first value of an XMP property, as an element (`<dc:title><rdf:Alt><rdf:li>…`) or as
/// an attribute (`xmp:CreateDate="…"`).
pub(super) fn xmp_value(xml: &str, property: &str) -> Option<String> {
    let open = format!("<{property}");
    if let Some(start) = xml.find(&open) {
        let body = &xml[start + open.len()..];
        let end = body.find(&format!("</{property}>")).unwrap_or(body.len());
        let body = &body[..end];
        let inner = match body.find("<rdf:li") {
            Some(li) => &body[li..],
            None => body,
        };
        let text = inner.split_once('>').map_or("", |(_, t)| t);
        let text = text.split('<').next().unwrap_or_default();
        if let Some(value) = non_empty(xml_unescape(text)) {
            return Some(value);
        }
    }
    let attribute = format!("{property}=\"");
    let start = xml.find(&attribute)? + attribute.len();
    let value = xml[start..].split('"').next()?;
    non_empty(xml_unescape(value))
}

pub(super) fn xml_unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|&s| s <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .map(|h| u32::from_str_radix(h, 16))
                .or_else(|| entity.strip_prefix('#').map(str::parse))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
