//! Fonts.

use super::cmap::{CMap, CodeRange};
use super::encoding::glyph_name_char;
use super::objects::{number, resolve};
use crate::text;
use lopdf::{Document, Object};
use std::collections::HashMap;

pub(super) const ONE_BYTE: &[CodeRange] = &[CodeRange::new(1, 0x00, 0xFF)];
pub(super) const TWO_BYTES: &[CodeRange] = &[CodeRange::new(2, 0x0000, 0xFFFF)];
pub(super) const UTF16_CODES: &[CodeRange] = &[
    CodeRange::new(2, 0x0000, 0xD7FF),
    CodeRange::new(4, 0xD800_DC00, 0xDBFF_DFFF),
    CodeRange::new(2, 0xE000, 0xFFFF),
];
pub(super) const GBK_CODES: &[CodeRange] = &[
    CodeRange::new(1, 0x00, 0x80),
    CodeRange::new(2, 0x8140, 0xFEFE),
];
pub(super) const GB18030_CODES: &[CodeRange] = &[
    CodeRange::new(1, 0x00, 0x80),
    CodeRange::new(4, 0x8130_8130, 0xFE39_FE39),
    CodeRange::new(2, 0x8140, 0xFEFE),
];
pub(super) const EUC_CODES: &[CodeRange] = &[
    CodeRange::new(1, 0x00, 0x80),
    CodeRange::new(2, 0xA1A1, 0xFEFE),
];
pub(super) const BIG5_CODES: &[CodeRange] = &[
    CodeRange::new(1, 0x00, 0x80),
    CodeRange::new(2, 0xA140, 0xFEFE),
];
pub(super) const UHC_CODES: &[CodeRange] = &[
    CodeRange::new(1, 0x00, 0x80),
    CodeRange::new(2, 0x8141, 0xFEFE),
];
pub(super) const SJIS_CODES: &[CodeRange] = &[
    CodeRange::new(1, 0x00, 0x80),
    CodeRange::new(1, 0xA0, 0xDF),
    CodeRange::new(2, 0x8140, 0x9FFC),
    CodeRange::new(2, 0xE040, 0xFCFC),
];

/// Where a font's characters come from when its ToUnicode CMap is missing or silent.
pub(super) enum Fallback {
    None,
    /// A simple font's encoding: code → character.
    Simple(Box<[Option<char>; 256]>),
    /// Codes are UCS-2 or UTF-16BE (the Uni…-UCS2 / -UTF16 CMaps).
    Utf16,
    /// Codes are bytes of a legacy multi-byte encoding (GBK-EUC-H and friends).
    Legacy(&'static encoding_rs::Encoding),
    /// Identity-coded CIDs through CIDToGIDMap to the embedded TrueType font's cmap.
    Embedded {
        cid_to_gid: Option<Vec<u16>>,
        glyph_chars: HashMap<u16, char>,
    },
}

/// How codes find their CIDs, which key the widths of CID fonts.
pub(super) enum CidSource {
    /// The code is the key: simple fonts, Identity CMaps.
    Code,
    /// An embedded encoding CMap's cidchar/cidrange entries.
    Map(Box<CMap>),
    /// A predefined CMap whose tables this reader does not carry.
    Unknown,
}

pub(super) struct Font {
    pub(super) codespace: Vec<CodeRange>,
    pub(super) to_unicode: Option<CMap>,
    pub(super) fallback: Fallback,
    pub(super) cids: CidSource,
    /// Advance widths in em by CID (CID fonts) or code (simple fonts).
    pub(super) widths: HashMap<u32, f64>,
    pub(super) default_width: f64,
    /// Widths of a standard 14 font whose dictionary lists none, for codes 32..=126.
    pub(super) standard_widths: Option<&'static [u16; 95]>,
    /// Vertical advance in em, for fonts in vertical writing mode.
    pub(super) vertical: Option<f64>,
}

impl Font {
    /// The next character code of a string and its length in bytes.
    pub(super) fn next_code(&self, bytes: &[u8]) -> (u32, usize) {
        let len = self
            .codespace
            .iter()
            .find(|range| range.matches(bytes))
            .or_else(|| self.codespace.iter().min_by_key(|range| range.len))
            .map_or(1, |range| range.len)
            .clamp(1, bytes.len().max(1));
        let code = bytes
            .iter()
            .take(len)
            .fold(0u32, |code, &byte| code << 8 | u32::from(byte));
        (code, len)
    }

    /// The characters of a code, or nothing if the font does not say.
    pub(super) fn unicode(&self, code: u32, len: usize, out: &mut Vec<char>) {
        if let Some(map) = &self.to_unicode {
            map.unicode(code, out);
            if !out.is_empty() && out.iter().all(|&c| acceptable(c)) {
                return;
            }
            out.clear();
        }
        match &self.fallback {
            Fallback::None => {}
            Fallback::Simple(table) => out.extend(table.get(code as usize).copied().flatten()),
            Fallback::Utf16 => {
                let units = [(code >> 16) as u16, code as u16];
                let units = if len == 4 { &units[..] } else { &units[1..] };
                out.extend(char::decode_utf16(units.iter().copied()).map_while(Result::ok));
            }
            Fallback::Legacy(encoding) => {
                let bytes = code.to_be_bytes();
                let bytes = bytes.get(4 - len.min(4)..).unwrap_or_default();
                if let Some(text) =
                    encoding.decode_without_bom_handling_and_without_replacement(bytes)
                {
                    out.extend(text.chars());
                }
            }
            Fallback::Embedded {
                cid_to_gid,
                glyph_chars,
            } => {
                let cid = self.cid(code);
                let gid = match cid_to_gid {
                    Some(map) => cid.and_then(|cid| map.get(cid as usize).copied()),
                    None => cid.and_then(|cid| u16::try_from(cid).ok()),
                };
                out.extend(gid.and_then(|gid| glyph_chars.get(&gid)).copied());
            }
        }
        out.retain(|&c| acceptable(c));
    }

    /// The CID of a code, which keys widths and glyphs, where the encoding tells it.
    pub(super) fn cid(&self, code: u32) -> Option<u32> {
        match &self.cids {
            CidSource::Code => Some(code),
            CidSource::Map(cmap) => cmap.cid(code),
            CidSource::Unknown => None,
        }
    }

    /// The advance width of a code in em.
    pub(super) fn width(&self, code: u32, chars: &[char]) -> f64 {
        if let Some(width) = self.cid(code).and_then(|cid| self.widths.get(&cid)) {
            return *width;
        }
        if let (Some(table), [ch]) = (self.standard_widths, chars) {
            if let Some(width) = (*ch as usize).checked_sub(32).and_then(|i| table.get(i)) {
                return f64::from(*width) / 1000.0;
            }
        }
        if matches!(self.cids, CidSource::Unknown) && chars.first().is_some_and(|&c| is_narrow(c)) {
            return self.default_width / 2.0;
        }
        self.default_width
    }
}

/// Characters a glyph may carry: no controls, replacement characters or private-use code
/// points, which are no text anyone searches for.
pub(super) fn acceptable(c: char) -> bool {
    !(c.is_control()
        || matches!(
            c,
            '\u{FFFD}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}' | '\u{E000}'..='\u{F8FF}'
        )
        || c >= '\u{F0000}')
}

/// Characters that take half an em in CJK fonts.
pub(super) fn is_narrow(c: char) -> bool {
    c < '\u{1100}' || ('\u{FF61}'..='\u{FFDC}').contains(&c)
}

/// Configures a composite font for a predefined CMap by name; false for names not known here.
pub(super) fn apply_predefined_cmap(font: &mut Font, name: &[u8]) -> bool {
    let name = String::from_utf8_lossy(name);
    let stem = name
        .strip_suffix("-H")
        .or_else(|| name.strip_suffix("-V"))
        .unwrap_or(&name);
    let (codespace, fallback): (&[CodeRange], Fallback) = match stem {
        "Identity" => {
            font.codespace = TWO_BYTES.to_vec();
            font.cids = CidSource::Code;
            return true;
        }
        s if s.starts_with("Uni") && s.ends_with("UCS2") => (TWO_BYTES, Fallback::Utf16),
        s if s.starts_with("Uni") && s.ends_with("UTF16") => (UTF16_CODES, Fallback::Utf16),
        "GBK-EUC" | "GBpc-EUC" | "GBKp-EUC" => (GBK_CODES, Fallback::Legacy(encoding_rs::GBK)),
        "GB-EUC" | "GBT-EUC" => (EUC_CODES, Fallback::Legacy(encoding_rs::GBK)),
        "GBK2K" => (GB18030_CODES, Fallback::Legacy(encoding_rs::GB18030)),
        "ETen-B5" | "ETenms-B5" | "B5pc" | "HKscs-B5" => {
            (BIG5_CODES, Fallback::Legacy(encoding_rs::BIG5))
        }
        "90ms-RKSJ" | "90pv-RKSJ" | "83pv-RKSJ" => {
            (SJIS_CODES, Fallback::Legacy(encoding_rs::SHIFT_JIS))
        }
        "EUC" => (EUC_CODES, Fallback::Legacy(encoding_rs::EUC_JP)),
        "KSC-EUC" => (EUC_CODES, Fallback::Legacy(encoding_rs::EUC_KR)),
        "KSCms-UHC" => (UHC_CODES, Fallback::Legacy(encoding_rs::EUC_KR)),
        _ => return false,
    };
    font.codespace = codespace.to_vec();
    font.fallback = fallback;
    font.cids = CidSource::Unknown;
    false
}

/// A CID font's /W array: `c [w1 w2 …]` and `c_first c_last w` entries, in em.
pub(super) fn cid_widths(doc: &Document, list: &[Object]) -> HashMap<u32, f64> {
    /// More entries than any real font has glyphs: bounds what a crafted range can cost.
    const MAX_ENTRIES: usize = 1 << 17;
    let mut widths = HashMap::new();
    let items: Vec<&Object> = list.iter().filter_map(|o| resolve(doc, o)).collect();
    // Entries written, repeats included: ranges may overlap.
    let mut work = 0usize;
    let mut i = 0;
    while i < items.len() && work < MAX_ENTRIES {
        let Some(first) = number(items[i]).map(|f| f.max(0.0) as u32) else {
            break;
        };
        match items.get(i + 1) {
            Some(Object::Array(run)) => {
                for (offset, width) in run.iter().enumerate() {
                    if let Some(width) = resolve(doc, width).and_then(number) {
                        widths.insert(first.saturating_add(offset as u32), width / 1000.0);
                    }
                }
                work += run.len().max(1);
                i += 2;
            }
            Some(last) => {
                let (Some(last), Some(width)) =
                    (number(last), items.get(i + 2).and_then(|o| number(o)))
                else {
                    break;
                };
                let last =
                    (last.max(0.0) as u32).min(first.saturating_add((MAX_ENTRIES - work) as u32));
                for cid in first..=last {
                    widths.insert(cid, width / 1000.0);
                }
                work += (last.saturating_sub(first) as usize).saturating_add(1);
                i += 3;
            }
            None => break,
        }
    }
    widths
}

/// Glyph id → character from the Unicode subtables of a TrueType/OpenType font's cmap, or
/// failing that from its glyph names.
pub(super) fn glyph_chars(data: &[u8]) -> HashMap<u16, char> {
    let mut chars: HashMap<u16, char> = HashMap::new();
    let Ok(face) = ttf_parser::Face::parse(data, 0) else {
        return chars;
    };
    // Several code points can share a glyph; prefer ordinary ones over radicals,
    // compatibility ideographs and private use.
    let rank = |c: char| match c {
        '\u{E000}'..='\u{F8FF}' => 2,
        c if text::is_radical_supplement(c)
            || text::is_kangxi_radical(c)
            || text::is_compatibility_ideograph(c) =>
        {
            1
        }
        _ => 0,
    };
    if let Some(cmap) = face.tables().cmap {
        // Look up the BMP and plane 2 (CJK extensions) rather than walk the subtables' own
        // ranges, which a crafted font can make astronomically long.
        let code_points = (0..=0xFFFFu32).chain(0x2_0000..=0x2_FFFF);
        for subtable in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
            for code_point in code_points.clone() {
                let (Some(c), Some(gid)) =
                    (char::from_u32(code_point), subtable.glyph_index(code_point))
                else {
                    continue;
                };
                let better = chars
                    .get(&gid.0)
                    .is_none_or(|&old| (rank(c), c) < (rank(old), old));
                if better && gid.0 != 0 {
                    chars.insert(gid.0, c);
                }
            }
        }
    }
    if chars.is_empty() {
        for gid in 1..face.number_of_glyphs() {
            if let Some(c) = face
                .glyph_name(ttf_parser::GlyphId(gid))
                .and_then(|name| glyph_name_char(name.as_bytes()))
            {
                chars.insert(gid, c);
            }
        }
    }
    chars
}
