//! CMaps.

use super::encoding::glyph_name_char;
use std::collections::HashMap;

/// One range of a CMap's codespace: codes of `len` bytes whose every byte lies between the
/// corresponding bytes of `low` and `high`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CodeRange {
    pub(crate) len: usize,
    pub(crate) low: [u8; 4],
    pub(crate) high: [u8; 4],
}

impl CodeRange {
    pub(crate) const fn new(len: usize, low: u32, high: u32) -> Self {
        CodeRange {
            len,
            low: low.to_be_bytes(),
            high: high.to_be_bytes(),
        }
    }

    pub(crate) fn matches(&self, bytes: &[u8]) -> bool {
        let offset = 4 - self.len;
        bytes.len() >= self.len
            && (0..self.len).all(|i| {
                let byte = bytes[i];
                self.low[offset + i] <= byte && byte <= self.high[offset + i]
            })
    }
}

/// What a CMap stream says: its codespace, code → Unicode (bfchar/bfrange, for ToUnicode) and
/// code → CID (cidchar/cidrange, for embedded encodings).
#[derive(Default)]
pub(super) struct CMap {
    pub(super) codespace: Vec<CodeRange>,
    pub(super) chars: HashMap<u32, Vec<u16>>,
    /// bfrange entries with one destination string, sorted by first code: (first, last, UTF-16).
    pub(super) char_ranges: Vec<(u32, u32, Vec<u16>)>,
    pub(super) cids: HashMap<u32, u32>,
    /// cidrange entries sorted by first code: (first, last, first CID).
    pub(super) cid_ranges: Vec<(u32, u32, u32)>,
    pub(super) name: Option<Vec<u8>>,
    pub(super) use_cmap: Option<Vec<u8>>,
    pub(super) vertical: bool,
}

/// Entries kept from one CMap: bounds what a crafted array or range can cost.
pub(super) const MAX_CMAP_ENTRIES: usize = 1 << 18;

impl CMap {
    pub(super) fn parse(data: &[u8]) -> CMap {
        let mut cmap = CMap::default();
        let mut lexer = Lexer { data, pos: 0 };
        // The last two tokens before a keyword, enough for `/Name value def` and `/X usecmap`.
        let mut previous: [Option<Token>; 2] = [None, None];
        while let Some(token) = lexer.next() {
            match &token {
                Token::Keyword(b"begincodespacerange") => {
                    while let Some(Token::Hex(low)) = lexer.next() {
                        let Some(Token::Hex(high)) = lexer.next() else {
                            break;
                        };
                        if let (Some(l), Some(h)) = (code_of(&low), code_of(&high)) {
                            if low.len() == high.len() && cmap.codespace.len() < 256 {
                                cmap.codespace.push(CodeRange::new(low.len(), l, h));
                            }
                        }
                    }
                }
                Token::Keyword(b"beginbfchar") => {
                    while let Some(Token::Hex(source)) = lexer.next() {
                        let target = match lexer.next() {
                            Some(Token::Hex(target)) => utf16_units(&target),
                            Some(Token::Name(name)) => glyph_name_char(name)
                                .map(|c| c.encode_utf16(&mut [0; 2]).to_vec())
                                .unwrap_or_default(),
                            _ => break,
                        };
                        if let Some(code) = code_of(&source) {
                            if cmap.chars.len() < MAX_CMAP_ENTRIES {
                                cmap.chars.insert(code, target);
                            }
                        }
                    }
                }
                Token::Keyword(b"beginbfrange") => {
                    while let Some(Token::Hex(low)) = lexer.next() {
                        let Some(Token::Hex(high)) = lexer.next() else {
                            break;
                        };
                        let (Some(low), Some(high)) = (code_of(&low), code_of(&high)) else {
                            continue;
                        };
                        match lexer.next() {
                            Some(Token::Hex(target)) => {
                                if high >= low && cmap.char_ranges.len() < MAX_CMAP_ENTRIES {
                                    cmap.char_ranges.push((low, high, utf16_units(&target)));
                                }
                            }
                            Some(Token::ArrayStart) => {
                                let mut code = low;
                                while let Some(Token::Hex(target)) = lexer.next() {
                                    if code <= high && cmap.chars.len() < MAX_CMAP_ENTRIES {
                                        cmap.chars.insert(code, utf16_units(&target));
                                    }
                                    code = code.saturating_add(1);
                                }
                            }
                            _ => break,
                        }
                    }
                }
                Token::Keyword(b"begincidchar") => {
                    while let Some(Token::Hex(source)) = lexer.next() {
                        let Some(Token::Number(cid)) = lexer.next() else {
                            break;
                        };
                        if let (Some(code), Ok(cid)) = (code_of(&source), u32::try_from(cid)) {
                            if cmap.cids.len() < MAX_CMAP_ENTRIES {
                                cmap.cids.insert(code, cid);
                            }
                        }
                    }
                }
                Token::Keyword(b"begincidrange") => {
                    while let Some(Token::Hex(low)) = lexer.next() {
                        let Some(Token::Hex(high)) = lexer.next() else {
                            break;
                        };
                        let Some(Token::Number(cid)) = lexer.next() else {
                            break;
                        };
                        if let (Some(low), Some(high), Ok(cid)) =
                            (code_of(&low), code_of(&high), u32::try_from(cid))
                        {
                            if high >= low && cmap.cid_ranges.len() < MAX_CMAP_ENTRIES {
                                cmap.cid_ranges.push((low, high, cid));
                            }
                        }
                    }
                }
                Token::Keyword(b"usecmap") => {
                    if let [_, Some(Token::Name(name))] = &previous {
                        cmap.use_cmap = Some(name.to_vec());
                    }
                }
                Token::Keyword(b"def") => match &previous {
                    [Some(Token::Name(b"CMapName")), Some(Token::Name(name))] => {
                        cmap.name = Some(name.to_vec())
                    }
                    [Some(Token::Name(b"WMode")), Some(Token::Number(mode))] => {
                        cmap.vertical = *mode == 1
                    }
                    _ => {}
                },
                _ => {}
            }
            previous = [previous[1].take(), Some(token)];
        }
        cmap.char_ranges.sort_by_key(|range| range.0);
        cmap.cid_ranges.sort_by_key(|range| range.0);
        cmap
    }

    pub(super) fn has_unicode(&self) -> bool {
        !self.chars.is_empty() || !self.char_ranges.is_empty()
    }

    pub(super) fn has_cids(&self) -> bool {
        !self.cids.is_empty() || !self.cid_ranges.is_empty()
    }

    pub(super) fn unicode(&self, code: u32, out: &mut Vec<char>) {
        if let Some(units) = self.chars.get(&code) {
            out.extend(char::decode_utf16(units.iter().copied()).map(|c| c.unwrap_or('\u{FFFD}')));
            return;
        }
        let i = self.char_ranges.partition_point(|range| range.0 <= code);
        let Some((low, high, units)) = i.checked_sub(1).and_then(|i| self.char_ranges.get(i))
        else {
            return;
        };
        if code > *high {
            return;
        }
        // The last UTF-16 unit of the destination counts up through the range.
        let Some((&last, head)) = units.split_last() else {
            return;
        };
        let Ok(last) = u16::try_from(u32::from(last) + (code - low)) else {
            return;
        };
        let units = head.iter().copied().chain(std::iter::once(last));
        out.extend(char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}')));
    }

    pub(super) fn cid(&self, code: u32) -> Option<u32> {
        if let Some(cid) = self.cids.get(&code) {
            return Some(*cid);
        }
        let i = self.cid_ranges.partition_point(|range| range.0 <= code);
        let (low, high, cid) = self.cid_ranges.get(i.checked_sub(1)?)?;
        (code <= *high).then(|| cid.saturating_add(code - low))
    }
}

/// A code's value from its bytes (at most four).
pub(super) fn code_of(bytes: &[u8]) -> Option<u32> {
    (1..=4)
        .contains(&bytes.len())
        .then(|| bytes.iter().fold(0u32, |code, &b| code << 8 | u32::from(b)))
}

/// A CMap destination as UTF-16 units; a lone byte is taken as a Latin-1 character.
pub(super) fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    if let [byte] = bytes {
        return vec![u16::from(*byte)];
    }
    bytes
        .chunks_exact(2)
        .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
        .collect()
}

pub(super) enum Token<'a> {
    Hex(Vec<u8>),
    Name(&'a [u8]),
    Number(i64),
    Keyword(&'a [u8]),
    ArrayStart,
    /// Literal strings, dictionary brackets, array ends and what CMaps never need.
    Other,
}

/// Tokens of the PostScript subset CMap files are written in.
pub(super) struct Lexer<'a> {
    pub(super) data: &'a [u8],
    pub(super) pos: usize,
}

impl<'a> Lexer<'a> {
    pub(super) fn next(&mut self) -> Option<Token<'a>> {
        let data = self.data;
        loop {
            let byte = *data.get(self.pos)?;
            if byte.is_ascii_whitespace() || byte == 0 {
                self.pos += 1;
            } else if byte == b'%' {
                while data
                    .get(self.pos)
                    .is_some_and(|&b| b != b'\n' && b != b'\r')
                {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
        let start = self.pos;
        let byte = data[start];
        self.pos += 1;
        let token = match byte {
            b'<' if data.get(self.pos) == Some(&b'<') => {
                self.pos += 1;
                Token::Other
            }
            b'>' => {
                if data.get(self.pos) == Some(&b'>') {
                    self.pos += 1;
                }
                Token::Other
            }
            b'<' => {
                let mut nibbles = Vec::new();
                while let Some(&b) = data.get(self.pos) {
                    self.pos += 1;
                    if b == b'>' {
                        break;
                    }
                    if let Some(n) = (b as char).to_digit(16) {
                        nibbles.push(n as u8);
                    }
                }
                if nibbles.len() % 2 == 1 {
                    nibbles.push(0);
                }
                Token::Hex(nibbles.chunks_exact(2).map(|p| p[0] << 4 | p[1]).collect())
            }
            b'[' => Token::ArrayStart,
            b']' | b'{' | b'}' => Token::Other,
            b'(' => {
                let mut depth = 1;
                while let Some(&b) = data.get(self.pos) {
                    self.pos += 1;
                    match b {
                        b'\\' => self.pos += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                Token::Other
            }
            _ => {
                while data
                    .get(self.pos)
                    .is_some_and(|&b| !b.is_ascii_whitespace() && !b"/<>[](){}%".contains(&b))
                {
                    self.pos += 1;
                }
                let word = &data[start..self.pos.min(data.len())];
                if byte == b'/' {
                    Token::Name(&word[1..])
                } else if let Some(n) = std::str::from_utf8(word).ok().and_then(|w| w.parse().ok())
                {
                    Token::Number(n)
                } else {
                    Token::Keyword(word)
                }
            }
        };
        Some(token)
    }
}
