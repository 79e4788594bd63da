//! Folding: full-width → half-width (Unicode NFKC), lower case, traditional → simplified, and
//! no space between two Chinese characters.
//!
//! Applied to documents and queries alike, so 科學城, ＧＤＰ and ｒ＆ｄ meet 科学城, GDP and R&D.
//! A space between two ideographs is typography (a letter-spaced heading 人 格 权, a line
//! broken as 第六章 监督管理), not a word boundary: it is left out on both sides, so 人格权 finds
//! 人 格 权 and 第六章监督管理 finds 第六章 监督管理. Spaces beside Latin letters and digits stay.
//! It works one source character at a time and remembers where every folded character came from,
//! so that matches found in folded text can be highlighted in the original.

use crate::text::is_ideograph;
use std::ops::Range;
use unicode_normalization::UnicodeNormalization;

use super::t2s_table::T2S;

/// Text after folding, with a map back to the original.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    pub text: String,
    /// For each folded character, in order: its byte offset in `text`…
    char_starts: Vec<usize>,
    /// …and the byte range of the original character it came from.
    origins: Vec<Range<usize>>,
}

impl Folded {
    /// Number of folded characters.
    pub fn char_len(&self) -> usize {
        self.char_starts.len()
    }

    /// The folded characters with their positions.
    pub fn chars(&self) -> impl Iterator<Item = (usize, char)> + '_ {
        self.text.chars().enumerate()
    }

    /// Original byte range covered by folded bytes `range` (which must lie on char boundaries).
    pub fn original_range(&self, range: Range<usize>) -> Range<usize> {
        if self.origins.is_empty() || range.start >= self.text.len() {
            let end = self.origins.last().map_or(0, |r| r.end);
            return end..end;
        }
        let first = self.char_index_at(range.start);
        let last = self.char_index_at(range.end.saturating_sub(1).max(range.start));
        self.origins[first].start..self.origins[last].end
    }

    /// Byte range in `text` of folded characters `first..first + n`.
    pub fn char_range(&self, first: usize, n: usize) -> Range<usize> {
        let start = self.char_starts[first];
        let end = self
            .char_starts
            .get(first + n)
            .copied()
            .unwrap_or(self.text.len());
        start..end
    }

    /// Original byte range of folded characters `first..first + n` (`n` ≥ 1).
    pub fn original_char_range(&self, first: usize, n: usize) -> Range<usize> {
        self.origins[first].start..self.origins[first + n - 1].end
    }

    fn char_index_at(&self, byte: usize) -> usize {
        match self.char_starts.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }
}

/// Folds one character; the result is usually the single folded character.
pub fn fold_char(c: char, mut emit: impl FnMut(char)) {
    if c.is_ascii() {
        emit(c.to_ascii_lowercase());
    } else if crate::text::is_common_ideograph(c) {
        // Common CJK ideographs are their own NFKC form and have no case.
        emit(t2s(c));
    } else {
        for n in std::iter::once(c).nfkc() {
            for l in n.to_lowercase() {
                emit(t2s(l));
            }
        }
    }
}

/// Folds a whole text, remembering origins.
pub fn fold(text: &str) -> Folded {
    let mut out = Folded {
        text: String::with_capacity(text.len()),
        char_starts: Vec::with_capacity(text.len() / 2),
        origins: Vec::with_capacity(text.len() / 2),
    };
    fold_into(text, &mut out);
    out
}

/// Folds every character of `text` and hands each folded character to `emit` with the byte
/// range of the source character it came from, leaving out whitespace between two ideographs.
fn fold_text(text: &str, mut emit: impl FnMut(std::ops::Range<usize>, char)) {
    // Whitespace after an ideograph waits for the next character to know whether it is kept.
    let mut held: Vec<(std::ops::Range<usize>, char)> = Vec::new();
    let mut after_ideograph = false;
    for (start, c) in text.char_indices() {
        let origin = start..start + c.len_utf8();
        fold_char(c, |f| {
            if f.is_whitespace() {
                if after_ideograph {
                    held.push((origin.clone(), f));
                } else {
                    emit(origin.clone(), f);
                }
                return;
            }
            if !is_ideograph(f) {
                for (o, h) in held.drain(..) {
                    emit(o, h);
                }
            }
            held.clear();
            after_ideograph = is_ideograph(f);
            emit(origin.clone(), f);
        });
    }
    for (o, h) in held {
        emit(o, h);
    }
}

/// Folds a whole text into `out`, reusing its buffers.
pub fn fold_into(text: &str, out: &mut Folded) {
    out.text.clear();
    out.char_starts.clear();
    out.origins.clear();
    fold_text(text, |origin, f| {
        out.char_starts.push(out.text.len());
        out.origins.push(origin);
        out.text.push(f);
    });
}

/// Folds a text when only the result is needed.
pub fn fold_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_append(text, &mut out);
    out
}

/// Folds a text onto the end of `out`.
pub fn fold_append(text: &str, out: &mut String) {
    fold_text(text, |_, f| out.push(f));
}

/// Folds a text but keeps every space: for splitting what a user typed into parts (科技 金融
/// is two parts) before each part is folded.
pub fn fold_keeping_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, |f| out.push(f));
    }
    out
}

fn t2s(c: char) -> char {
    let code = c as u32;
    if code < 0x3400 {
        return c;
    }
    // Most characters of a text have no traditional form to fold: one bit says so, without a
    // binary search of the table (folding runs over every character indexed).
    if let Some(offset) = code.checked_sub(BITMAP_START).filter(|o| *o < BITMAP_LEN) {
        let word = MAPPED.get_or_init(mapped_bitmap)[(offset / 64) as usize];
        if word & (1 << (offset % 64)) == 0 {
            return c;
        }
    }
    match T2S.binary_search_by_key(&c, |&(t, _)| t) {
        Ok(i) => T2S[i].1,
        Err(_) => c,
    }
}

/// The range of characters [`MAPPED`] covers: CJK extension A and the unified ideographs.
const BITMAP_START: u32 = 0x3400;
const BITMAP_LEN: u32 = 0xa000 - BITMAP_START;

/// One bit per character of the range, set when [`T2S`] maps it.
static MAPPED: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();

fn mapped_bitmap() -> Vec<u64> {
    let mut bits = vec![0u64; BITMAP_LEN.div_ceil(64) as usize];
    for &(t, _) in T2S {
        if let Some(offset) = (t as u32)
            .checked_sub(BITMAP_START)
            .filter(|o| *o < BITMAP_LEN)
        {
            bits[(offset / 64) as usize] |= 1 << (offset % 64);
        }
    }
    bits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_case_and_script() {
        assert_eq!(fold_str("科學城"), "科学城");
        assert_eq!(fold_str("ＧＤＰ"), "gdp");
        assert_eq!(fold_str("ｒ＆ｄ"), "r&d");
        assert_eq!(fold_str("創新驅動 數字經濟"), "创新驱动数字经济");
        assert_eq!(fold_str("１２．９％"), "12.9%");
        assert_eq!(fold_str("PM2.5"), "pm2.5");
    }

    #[test]
    fn t2s_table_is_sorted_for_binary_search() {
        assert!(T2S.windows(2).all(|w| w[0].0 < w[1].0));
    }

    /// The compiled table is OpenCC's source data: every traditional character of
    /// `TSCharacters.txt` maps to the first simplified candidate of its line, and nothing else
    /// is in the table.
    #[test]
    fn t2s_follows_opencc_source_data() {
        let source = include_str!("../../dict/opencc/TSCharacters.txt");
        let mut lines = 0;
        for line in source.lines().filter(|l| !l.is_empty()) {
            let (traditional, simplified) = line.split_once('\t').unwrap();
            let first = simplified.split(' ').next().unwrap();
            let t = traditional.chars().next().unwrap();
            let mapped = T2S.binary_search_by_key(&t, |&(t, _)| t).map(|i| T2S[i].1);
            let expected = first.chars().next().unwrap();
            if t == expected {
                assert!(mapped.is_err(), "{line}");
            } else {
                assert_eq!(mapped, Ok(expected), "{line}");
                lines += 1;
            }
        }
        assert_eq!(T2S.len(), lines);
        assert_eq!(fold_str("薴"), "苧");
    }

    /// The bitmap that skips the search agrees with the table on every character.
    #[test]
    fn t2s_bitmap_agrees_with_the_table() {
        for code in 0x3000..0x1_0000u32 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let table = T2S
                .binary_search_by_key(&c, |&(t, _)| t)
                .map_or(c, |i| T2S[i].1);
            assert_eq!(t2s(c), table, "U+{code:04X}");
        }
    }

    #[test]
    fn maps_matches_back_to_the_original() {
        let f = fold("增长１２．９％，ＧＤＰ");
        let at = f.text.find("12.9%").unwrap();
        let orig = f.original_range(at..at + "12.9%".len());
        assert_eq!(&"增长１２．９％，ＧＤＰ"[orig], "１２．９％");
        let at = f.text.find("gdp").unwrap();
        let orig = f.original_range(at..at + 3);
        assert_eq!(&"增长１２．９％，ＧＤＰ"[orig], "ＧＤＰ");
    }

    #[test]
    fn a_space_between_two_ideographs_is_left_out() {
        assert_eq!(fold_str("第四编 人 格 权"), "第四编人格权");
        assert_eq!(fold_str("第六章　监督管理"), "第六章监督管理");
        assert_eq!(fold_str("科技  金融"), "科技金融");
        // Beside Latin letters and digits, and at the ends, spaces stay.
        assert_eq!(fold_str("AI 赋能 5G 基站"), "ai 赋能 5g 基站");
        assert_eq!(fold_str("赋能 AI"), "赋能 ai");
        assert_eq!(fold_str(" 科技 "), " 科技 ");
        assert_eq!(fold_keeping_spaces("科技 金融"), "科技 金融");
        let text = "人 格 权";
        let f = fold(text);
        assert_eq!(f.text, "人格权");
        assert_eq!(&text[f.original_range(0..f.text.len())], "人 格 权");
    }

    #[test]
    fn expanding_characters_map_to_their_source() {
        // NFKC turns ① into 1 and ㎡ into m2: two folded characters from one source character.
        let text = "面积㎡①";
        let f = fold(text);
        assert_eq!(f.text, "面积m21");
        let at = f.text.find("m2").unwrap();
        assert_eq!(&text[f.original_range(at..at + 2)], "㎡");
    }
}
