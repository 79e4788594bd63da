//! Character shingles, for finding near-duplicate paragraphs (shared wording).
//!
//! A shingle is three folded letters, digits or Chinese characters in a row (punctuation and
//! spaces left out, so 低空经济，拓展 and 低空经济 拓展 are alike). Two paragraphs are alike in
//! proportion to the Jaccard similarity of their sets of shingles.

use std::collections::HashSet;
use std::ops::Range;

use super::fold::fold_char;
use super::searchable::is_searchable_char;

/// Characters per shingle.
pub const SHINGLE: usize = 3;
/// Paragraphs with fewer distinct shingles (headings, 一、…) have no near-duplicates: they are
/// alike everywhere.
pub const MIN_SHINGLES: usize = 10;

/// A 64-bit mix (SplitMix64's finaliser): cheap, and good enough to stand for a random hash.
const fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The folded characters of a text that shingles are made of, each with the byte range of the
/// original character it comes from.
pub fn letters(text: &str) -> Vec<(char, Range<usize>)> {
    let mut out = Vec::with_capacity(text.len() / 3);
    for (at, c) in text.char_indices() {
        let range = at..at + c.len_utf8();
        fold_char(c, |f| {
            if is_searchable_char(f) {
                out.push((f, range.clone()));
            }
        });
    }
    out
}

pub fn shingle_hash(window: &[(char, Range<usize>)]) -> u64 {
    window
        .iter()
        .fold(0x9e37_79b9_7f4a_7c15u64, |h, (c, _)| mix(h ^ *c as u64))
}

/// The set of a text's shingle hashes.
pub fn shingles(text: &str) -> HashSet<u64> {
    letters(text).windows(SHINGLE).map(shingle_hash).collect()
}

/// True when a paragraph is long enough to have near-duplicates ([`MIN_SHINGLES`]).
pub fn has_enough_shingles(text: &str) -> bool {
    shingles(text).len() >= MIN_SHINGLES
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "大力发展低空经济，拓展无人机物流、城市空中交通等应用场景，建设低空飞行服务保障体系。";

    #[test]
    fn folding_and_punctuation_do_not_change_shingles() {
        let traditional =
            "大力發展低空經濟 拓展無人機物流 城市空中交通等應用場景 建設低空飛行服務保障體系";
        assert_eq!(shingles(TEXT), shingles(traditional));
        assert!(has_enough_shingles(TEXT));
        assert!(!has_enough_shingles("一、总体要求"));
        assert!(!has_enough_shingles(
            "哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈"
        ));
    }
}
