//! MinHash over character shingles, for finding near-duplicate paragraphs (shared wording).
//!
//! A shingle is three folded letters, digits or Chinese characters in a row (punctuation and
//! spaces left out, so 低空经济，拓展 and 低空经济 拓展 are alike). A paragraph's signature is the
//! minimum of one hash in each of 40 bins of its shingles ([`bands`]), cut into 10 bands of 4:
//! two paragraphs of Jaccard similarity s share a band with probability 1 − (1 − s⁴)¹⁰ — 0.98
//! at 0.8, 0.72 at 0.6, 0.1 at 0.3. The bands are indexed as terms, so paragraphs that share one are found by lookup.

use std::collections::HashSet;
use std::ops::Range;

use super::fold::fold_char;
use super::is_searchable_char;

/// Characters per shingle.
pub const SHINGLE: usize = 3;
/// Bands of the signature, and rows (hash functions) per band.
pub const BANDS: usize = 10;
pub const ROWS: usize = 4;
/// Paragraphs with fewer shingles (headings, 一、…) are not summarised: they are alike everywhere.
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

/// [`shingle_hash`] of the characters alone.
fn hash_chars(window: &[char]) -> u64 {
    window
        .iter()
        .fold(0x9e37_79b9_7f4a_7c15u64, |h, c| mix(h ^ *c as u64))
}

/// The set of a text's shingle hashes.
pub fn shingles(text: &str) -> HashSet<u64> {
    letters(text).windows(SHINGLE).map(shingle_hash).collect()
}

/// The LSH band terms of a paragraph's text (none for a short paragraph).
///
/// The signature is one-permutation MinHash: each shingle is hashed once and falls into one of
/// the `BANDS × ROWS` bins by its hash, and each bin keeps its smallest hash — the minimum of a
/// random hash over the shingles of that bin, so two texts' bins agree with probability their
/// Jaccard similarity, as with one hash function per bin, at one hash per shingle instead of
/// forty (bands are made for every paragraph indexed). An empty bin takes the value of the next
/// non-empty one, rehashed by the distance ("densification"), so that it still agrees exactly
/// when the bins it borrows from do.
pub fn bands(text: &str) -> Vec<String> {
    let mut folded = Vec::with_capacity(text.len() / 3);
    for c in text.chars() {
        fold_char(c, |f| {
            if is_searchable_char(f) {
                folded.push(f);
            }
        });
    }
    let hashes: Vec<u64> = folded.windows(SHINGLE).map(hash_chars).collect();
    if !has_distinct(&hashes, MIN_SHINGLES) {
        return Vec::new();
    }
    const BINS: usize = BANDS * ROWS;
    let mut bins = [u64::MAX; BINS];
    for &shingle in &hashes {
        let h = mix(shingle);
        // The high bits choose the bin (a multiply-shift, uniform over the bins).
        let bin = (((h >> 32) * BINS as u64) >> 32) as usize;
        bins[bin] = bins[bin].min(h);
    }
    let signature: Vec<u64> = (0..BINS)
        .map(|bin| {
            (0..BINS)
                .map(|distance| (distance, bins[(bin + distance) % BINS]))
                .find(|&(_, h)| h != u64::MAX)
                .map_or(u64::MAX, |(distance, h)| {
                    if distance == 0 {
                        h
                    } else {
                        mix(h ^ mix(distance as u64))
                    }
                })
        })
        .collect();
    bands_of(&signature)
}

/// The band terms of a signature: each band of `ROWS` values hashed into one term, prefixed
/// with its band number so that equal hashes of different bands stay apart.
fn bands_of(signature: &[u64]) -> Vec<String> {
    signature
        .chunks(ROWS)
        .enumerate()
        .map(|(band, rows)| {
            let h = rows.iter().fold(band as u64, |h, r| mix(h ^ r));
            format!("{band:02}{h:016x}")
        })
        .collect()
}

/// True when `hashes` holds at least `n` distinct values (looks no further than needed).
fn has_distinct(hashes: &[u64], n: usize) -> bool {
    let mut seen: Vec<u64> = Vec::with_capacity(n);
    for h in hashes {
        if !seen.contains(h) {
            seen.push(*h);
            if seen.len() == n {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "大力发展低空经济，拓展无人机物流、城市空中交通等应用场景，建设低空飞行服务保障体系。";

    #[test]
    fn near_duplicates_share_a_band_and_unrelated_texts_do_not() {
        let edited =
            "积极发展低空经济，拓展无人机物流、城市空中交通等应用场景，建设低空飞行服务保障体系！";
        let other =
            "完善社会保障体系，稳步提高城乡居民基础养老金，兜牢兜实基层三保底线，办好民生实事。";
        let (a, b, c) = (bands(TEXT), bands(edited), bands(other));
        assert_eq!(a.len(), BANDS);
        assert!(a.iter().any(|x| b.contains(x)));
        assert!(!a.iter().any(|x| c.contains(x)));
    }

    /// The signature as defined: for each bin, the smallest hash among the distinct shingles
    /// that fall into it; an empty bin borrows from the next non-empty one.
    fn bands_by_definition(text: &str) -> Vec<String> {
        let set = shingles(text);
        if set.len() < MIN_SHINGLES {
            return Vec::new();
        }
        let bins = BANDS * ROWS;
        let bin_of = |h: u64| (((h >> 32) * bins as u64) >> 32) as usize;
        let min_in = |bin: usize| {
            set.iter()
                .map(|s| mix(*s))
                .filter(|h| bin_of(*h) == bin)
                .min()
        };
        let signature: Vec<u64> = (0..bins)
            .map(|bin| {
                (0..bins)
                    .find_map(|d| min_in((bin + d) % bins).map(|h| (d, h)))
                    .map(|(d, h)| if d == 0 { h } else { mix(h ^ mix(d as u64)) })
                    .unwrap()
            })
            .collect();
        bands_of(&signature)
    }

    #[test]
    fn bands_are_the_minima_of_the_bins_of_the_set_of_shingles() {
        for text in [
            TEXT,
            "推动高质量发展，推动高质量发展，推动高质量发展。ＡＩ+行动 R&D 5G-A",
            "一、总体要求",
            "哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈",
        ] {
            assert_eq!(bands(text), bands_by_definition(text), "{text}");
        }
    }

    #[test]
    fn similar_paragraphs_share_bands_in_proportion() {
        // Two versions of a long paragraph that differ in one clause share most bands; a
        // paragraph on another subject shares none.
        let a = "坚持创新驱动发展，加快建设现代化产业体系，大力发展新质生产力，推动传统产业转型升级，培育壮大战略性新兴产业，前瞻布局未来产业，推进数字经济和实体经济深度融合。";
        let b = "坚持创新驱动发展，加快建设现代化产业体系，大力发展新质生产力，推动传统产业转型升级，培育壮大战略性新兴产业，积极布局未来产业，推进数字经济和实体经济深度融合。";
        let c = "完善社会保障体系，稳步提高城乡居民基础养老金，兜牢兜实基层三保底线，办好民生实事，扩大优质教育资源供给，健全分级诊疗制度，推进健康城市建设。";
        let shared = |x: &[String], y: &[String]| x.iter().filter(|t| y.contains(t)).count();
        let (a, b, c) = (bands(a), bands(b), bands(c));
        // Jaccard similarity ~0.85: each band agrees with probability ~0.85⁴ ≈ 0.5.
        assert!(shared(&a, &b) >= 3, "{a:?} {b:?}");
        assert_eq!(shared(&a, &c), 0);
    }

    #[test]
    fn folding_and_punctuation_do_not_change_shingles() {
        let traditional =
            "大力發展低空經濟 拓展無人機物流 城市空中交通等應用場景 建設低空飛行服務保障體系";
        assert_eq!(shingles(TEXT), shingles(traditional));
        assert!(bands("一、总体要求").is_empty());
    }
}
