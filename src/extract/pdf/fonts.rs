//! Fonts.

use super::*;

/// One range of a CMap's codespace: codes of `len` bytes whose every byte lies between the
/// corresponding bytes of `low` and `high`.
#[derive(Clone, Copy, Debug)]
pub(super) struct CodeRange {
    pub(super) len: usize,
    pub(super) low: [u8; 4],
    pub(super) high: [u8; 4],
}

impl CodeRange {
    pub(super) const fn new(len: usize, low: u32, high: u32) -> Self {
        CodeRange {
            len,
            low: low.to_be_bytes(),
            high: high.to_be_bytes(),
        }
    }

    pub(super) fn matches(&self, bytes: &[u8]) -> bool {
        let offset = 4 - self.len;
        bytes.len() >= self.len
            && (0..self.len).all(|i| {
                let byte = bytes[i];
                self.low[offset + i] <= byte && byte <= self.high[offset + i]
            })
    }
}

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

impl Interpreter<'_> {
    pub(super) fn load_font(&mut self, dict: &Dictionary) -> Result<Option<Font>, ExtractError> {
        let doc = self.doc;
        let to_unicode = match get(doc, dict, b"ToUnicode") {
            Some(Object::Stream(stream)) => self
                .inflate(stream)?
                .map(|data| CMap::parse(&data))
                .filter(|cmap| cmap.has_unicode()),
            _ => None,
        };
        let subtype = get(doc, dict, b"Subtype").and_then(|o| o.as_name().ok());
        if subtype == Some(b"Type0".as_slice()) {
            self.load_composite_font(dict, to_unicode).map(Some)
        } else {
            self.load_simple_font(dict, subtype, to_unicode).map(Some)
        }
    }

    pub(super) fn load_composite_font(
        &mut self,
        dict: &Dictionary,
        to_unicode: Option<CMap>,
    ) -> Result<Font, ExtractError> {
        let doc = self.doc;
        let descendant = get(doc, dict, b"DescendantFonts")
            .and_then(|o| o.as_array().ok())
            .and_then(|a| a.first())
            .and_then(|o| resolve(doc, o))
            .and_then(|o| o.as_dict().ok());
        let mut font = Font {
            codespace: TWO_BYTES.to_vec(),
            to_unicode: None,
            fallback: Fallback::None,
            cids: CidSource::Code,
            widths: HashMap::new(),
            default_width: 1.0,
            standard_widths: None,
            vertical: None,
        };
        let mut vertical = false;
        let mut known = false;
        match get(doc, dict, b"Encoding") {
            Some(Object::Name(name)) => {
                vertical = name.ends_with(b"-V");
                known = apply_predefined_cmap(&mut font, name);
            }
            Some(Object::Stream(stream)) => {
                if let Some(cmap) = self.inflate(stream)?.map(|data| CMap::parse(&data)) {
                    vertical = cmap.vertical;
                    // An embedded CMap may just extend (or copy) a predefined one.
                    if let Some(base) = cmap.use_cmap.as_deref().or(cmap.name.as_deref()) {
                        apply_predefined_cmap(&mut font, base);
                    }
                    if !cmap.codespace.is_empty() {
                        font.codespace = cmap.codespace.clone();
                        known = true;
                    }
                    if cmap.has_cids() {
                        font.cids = CidSource::Map(Box::new(cmap));
                    }
                }
            }
            _ => {}
        }
        if !known {
            // No usable encoding: the ToUnicode CMap's codespace is the best guess.
            if let Some(cmap) = to_unicode.as_ref().filter(|c| !c.codespace.is_empty()) {
                font.codespace = cmap.codespace.clone();
            }
        }
        if let Some(descendant) = descendant {
            let default_width = get(doc, descendant, b"DW")
                .and_then(number)
                .unwrap_or(1000.0);
            font.default_width = default_width / 1000.0;
            if let Some(widths) = get(doc, descendant, b"W").and_then(|o| o.as_array().ok()) {
                font.widths = cid_widths(doc, widths);
            }
            if vertical {
                let advance = get(doc, descendant, b"DW2")
                    .and_then(|o| o.as_array().ok())
                    .and_then(|a| a.get(1))
                    .and_then(number)
                    .unwrap_or(-1000.0);
                font.vertical = Some(-advance / 1000.0);
            }
            let cids_known = !matches!(font.cids, CidSource::Unknown);
            if cids_known && matches!(font.fallback, Fallback::None) && to_unicode.is_none() {
                font.fallback = self.embedded_font_chars(descendant)?;
            }
        } else if vertical {
            font.vertical = Some(1.0);
        }
        font.to_unicode = to_unicode;
        Ok(font)
    }

    /// Maps glyph ids back to characters through the cmap of an embedded TrueType or
    /// OpenType font, for Identity-coded fonts without a ToUnicode CMap.
    pub(super) fn embedded_font_chars(
        &mut self,
        descendant: &Dictionary,
    ) -> Result<Fallback, ExtractError> {
        let doc = self.doc;
        let Some(descriptor) = get_dict(doc, descendant, b"FontDescriptor") else {
            return Ok(Fallback::None);
        };
        let program = [b"FontFile2".as_slice(), b"FontFile3"]
            .iter()
            .find_map(|key| match get(doc, descriptor, key) {
                Some(Object::Stream(stream)) => Some(stream),
                _ => None,
            });
        let Some(program) = program else {
            return Ok(Fallback::None);
        };
        let Some(data) = self.inflate(program)? else {
            return Ok(Fallback::None);
        };
        let glyph_chars = glyph_chars(&data);
        if glyph_chars.is_empty() {
            return Ok(Fallback::None);
        }
        let cid_to_gid = match get(doc, descendant, b"CIDToGIDMap") {
            Some(Object::Stream(stream)) => match self.inflate(stream)? {
                Some(map) => Some(
                    map.chunks_exact(2)
                        .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
                        .collect(),
                ),
                None => return Ok(Fallback::None),
            },
            _ => None,
        };
        Ok(Fallback::Embedded {
            cid_to_gid,
            glyph_chars,
        })
    }

    pub(super) fn load_simple_font(
        &mut self,
        dict: &Dictionary,
        subtype: Option<&[u8]>,
        to_unicode: Option<CMap>,
    ) -> Result<Font, ExtractError> {
        let doc = self.doc;
        let base_font = get(doc, dict, b"BaseFont")
            .and_then(|o| o.as_name().ok())
            .unwrap_or_default();
        let type3 = subtype == Some(b"Type3".as_slice());
        // Type 3 glyph widths are in glyph space, which FontMatrix maps to text space.
        let width_scale = if type3 {
            get(doc, dict, b"FontMatrix")
                .and_then(|o| o.as_array().ok())
                .and_then(|m| m.first())
                .and_then(number)
                .unwrap_or(0.001)
        } else {
            0.001
        };
        let descriptor = get_dict(doc, dict, b"FontDescriptor");
        let missing_width = descriptor
            .and_then(|d| get(doc, d, b"MissingWidth"))
            .and_then(number)
            .filter(|w| *w > 0.0);
        let mut widths = HashMap::new();
        let first_char = get(doc, dict, b"FirstChar").and_then(number).unwrap_or(0.0);
        if let Some(list) = get(doc, dict, b"Widths").and_then(|o| o.as_array().ok()) {
            for (i, width) in list.iter().enumerate() {
                if let Some(width) = resolve(doc, width).and_then(number) {
                    widths.insert(
                        (first_char as u32).saturating_add(i as u32),
                        width * width_scale,
                    );
                }
            }
        }
        let standard_widths = (widths.is_empty() && !type3)
            .then(|| standard_font_widths(base_font))
            .flatten();

        let symbolic_name = [
            b"Symbol".as_slice(),
            b"ZapfDingbats",
            b"Wingdings",
            b"Webdings",
        ]
        .iter()
        .any(|name| contains(base_font, name));
        let flags = descriptor
            .and_then(|d| get(doc, d, b"Flags"))
            .and_then(number)
            .map_or(0, |f| f as i64);
        let embedded = descriptor.is_some_and(|d| {
            [b"FontFile".as_slice(), b"FontFile2", b"FontFile3"]
                .iter()
                .any(|key| d.has(key))
        });
        // Symbolic embedded fonts encode by their own program, not by a standard encoding.
        let symbolic = flags & 4 != 0 && flags & 32 == 0 && embedded;
        let (explicit_base, differences) = match get(doc, dict, b"Encoding") {
            Some(Object::Name(name)) => (BaseEncoding::from_name(name), None),
            Some(Object::Dictionary(encoding)) => (
                get(doc, encoding, b"BaseEncoding")
                    .and_then(|o| o.as_name().ok())
                    .and_then(BaseEncoding::from_name),
                get(doc, encoding, b"Differences").and_then(|o| o.as_array().ok()),
            ),
            _ => (None, None),
        };
        let mut table: Box<[Option<char>; 256]> = Box::new([None; 256]);
        let base = if explicit_base.is_some() || type3 || symbolic_name {
            explicit_base
        } else if symbolic {
            if to_unicode.is_none() {
                if let Some(builtin) = descriptor
                    .map(|d| self.builtin_encoding(d))
                    .transpose()?
                    .flatten()
                {
                    table = builtin;
                }
            }
            None
        } else if subtype == Some(b"TrueType".as_slice()) {
            Some(BaseEncoding::WinAnsi)
        } else {
            Some(BaseEncoding::Standard)
        };
        if let Some(base) = base {
            for (code, slot) in table.iter_mut().enumerate() {
                *slot = base.char(code as u8);
            }
        }
        if let Some(differences) = differences {
            let mut code = 0usize;
            for item in differences {
                match resolve(doc, item) {
                    Some(Object::Name(name)) => {
                        if let Some(slot) = table.get_mut(code) {
                            *slot = glyph_name_char(name);
                        }
                        code += 1;
                    }
                    Some(other) => {
                        if let Some(start) = number(other) {
                            code = start.clamp(0.0, 256.0) as usize;
                        }
                    }
                    None => {}
                }
            }
        }
        Ok(Font {
            codespace: ONE_BYTE.to_vec(),
            to_unicode,
            fallback: Fallback::Simple(table),
            cids: CidSource::Code,
            widths,
            default_width: missing_width.map_or(0.5, |w| w * width_scale),
            standard_widths,
            vertical: None,
        })
    }

    /// The encoding built into a symbolic font's embedded program: a Type 1 program's
    /// /Encoding array, or a TrueType font's symbol or Macintosh cmap.
    pub(super) fn builtin_encoding(
        &mut self,
        descriptor: &Dictionary,
    ) -> Result<Option<Box<[Option<char>; 256]>>, ExtractError> {
        let doc = self.doc;
        let mut table: Box<[Option<char>; 256]> = Box::new([None; 256]);
        if let Some(Object::Stream(stream)) = get(doc, descriptor, b"FontFile") {
            let Some(program) = self.inflate(stream)? else {
                return Ok(None);
            };
            let Some(start) = program.windows(9).position(|w| w == b"/Encoding") else {
                return Ok(None);
            };
            let mut lexer = Lexer {
                data: &program,
                pos: start + 9,
            };
            let mut recent: [Option<Token>; 3] = [None, None, None];
            for _ in 0..4096 {
                match lexer.next() {
                    Some(Token::Keyword(b"StandardEncoding")) => {
                        for (code, slot) in table.iter_mut().enumerate() {
                            *slot = BaseEncoding::Standard.char(code as u8);
                        }
                        break;
                    }
                    Some(Token::Keyword(b"put")) => {
                        if let [Some(Token::Keyword(b"dup")), Some(Token::Number(code)), Some(Token::Name(name))] =
                            &recent
                        {
                            if let Some(slot) =
                                usize::try_from(*code).ok().and_then(|c| table.get_mut(c))
                            {
                                *slot = glyph_name_char(name);
                            }
                        }
                    }
                    Some(Token::Keyword(b"def" | b"readonly")) | None => break,
                    Some(token) => recent = [recent[1].take(), recent[2].take(), Some(token)],
                }
            }
        } else if let Some(Object::Stream(stream)) = get(doc, descriptor, b"FontFile2") {
            let Some(program) = self.inflate(stream)? else {
                return Ok(None);
            };
            let glyph_chars = glyph_chars(&program);
            let Ok(face) = ttf_parser::Face::parse(&program, 0) else {
                return Ok(None);
            };
            let Some(cmap) = face.tables().cmap else {
                return Ok(None);
            };
            for subtable in cmap.subtables {
                let symbol = match (subtable.platform_id, subtable.encoding_id) {
                    (ttf_parser::PlatformId::Windows, 0) => true,
                    (ttf_parser::PlatformId::Macintosh, 0) => false,
                    _ => continue,
                };
                for (code, slot) in table.iter_mut().enumerate() {
                    let code = code as u32;
                    let gid = if symbol {
                        subtable
                            .glyph_index(0xF000 | code)
                            .or_else(|| subtable.glyph_index(code))
                    } else {
                        subtable.glyph_index(code)
                    };
                    if slot.is_none() {
                        *slot = gid.and_then(|gid| glyph_chars.get(&gid.0)).copied();
                    }
                }
            }
        }
        Ok(table.iter().any(Option::is_some).then_some(table))
    }
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
        '\u{2E80}'..='\u{2FDF}' | '\u{F900}'..='\u{FAFF}' => 1,
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
