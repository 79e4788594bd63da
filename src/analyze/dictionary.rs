//! jieba's dictionary as a table compiled into the executable (sorted by `build.rs` from
//! `dict/jieba/dict.txt`): a word is looked up without parsing the dictionary first.
//!
//! Segmenting a short text (a query) needs only the dictionary's words that occur in it, and
//! its total frequency: jieba scores a cut by each word's frequency relative to the total, and
//! looks up nothing but the substrings of the text. [`segmenter_for`] builds a
//! jieba holding exactly those, which cuts the text as the full dictionary does, in
//! microseconds instead of the tenth of a second parsing all of it takes.

use jieba_rs::Jieba;

mod generated {
    include!(concat!(env!("OUT_DIR"), "/jieba_dictionary.rs"));
}
pub use generated::{LONGEST_WORD, TOTAL_FREQUENCY};

/// Lines `word freq tag`, sorted by word.
static LINES: &str = include_str!(concat!(env!("OUT_DIR"), "/jieba_dictionary.txt"));
/// Byte offset of each line in [`LINES`], and its length at the end (u32, little-endian).
static OFFSETS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/jieba_dictionary.idx"));

/// One word of the dictionary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<'a> {
    pub word: &'a str,
    pub freq: usize,
    pub tag: &'a str,
}

fn offset(i: usize) -> usize {
    let bytes = &OFFSETS[i * 4..i * 4 + 4];
    u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize
}

fn entry(i: usize) -> Entry<'static> {
    let line = &LINES[offset(i)..offset(i + 1) - 1];
    let mut parts = line.split(' ');
    let word = parts.next().unwrap_or("");
    let freq = parts.next().and_then(|f| f.parse().ok()).unwrap_or(0);
    Entry {
        word,
        freq,
        tag: parts.next().unwrap_or(""),
    }
}

fn word_at(i: usize) -> &'static str {
    let line = &LINES[offset(i)..offset(i + 1)];
    line.split(' ').next().unwrap_or("")
}

/// The dictionary's entry for `word`, if it has one.
pub fn lookup(word: &str) -> Option<Entry<'static>> {
    let (mut low, mut high) = (0, generated::WORDS);
    while low < high {
        let mid = (low + high) / 2;
        match word_at(mid).cmp(word) {
            std::cmp::Ordering::Less => low = mid + 1,
            std::cmp::Ordering::Greater => high = mid,
            std::cmp::Ordering::Equal => return Some(entry(mid)),
        }
    }
    None
}

/// Every entry, in word order.
#[cfg(test)]
fn entries() -> impl Iterator<Item = Entry<'static>> {
    (0..generated::WORDS).map(entry)
}

/// All of jieba's dictionary, as `word freq tag` lines.
pub fn text() -> &'static str {
    LINES
}

/// Every substring of `text` of at most [`LONGEST_WORD`] characters: all a jieba cut of it looks up.
pub fn substrings(text: &str) -> Vec<&str> {
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let last = bounds.len() - 1;
    let mut parts = Vec::new();
    for i in 0..last {
        for j in i + 1..=last.min(i + LONGEST_WORD) {
            parts.push(&text[bounds[i]..bounds[j]]);
        }
    }
    parts
}

/// A jieba that cuts `text` exactly as `full` would, given the words and frequencies of `full`
/// (`known`: a substring's frequency and tag, if `full` has it) and `full`'s total frequency.
pub fn segmenter_for<'a>(
    text: &str,
    known: impl Fn(&str) -> Option<(usize, &'a str)>,
    total: usize,
) -> Jieba {
    let mut jieba = Jieba::empty();
    let mut mass = 0;
    for part in substrings(text) {
        if jieba.has_word(part) {
            continue;
        }
        if let Some((freq, tag)) = known(part) {
            jieba.add_word(part, Some(freq), Some(tag));
            mass += freq;
        }
    }
    // The rest of the total on a word that does not occur in the text, so that every score is
    // the one the full dictionary gives.
    let carrier = ["\u{e002}\u{e003}", "\u{e004}\u{e005}"]
        .into_iter()
        .find(|c| !text.contains(c))
        .unwrap_or("\u{e006}\u{e007}");
    if total > mass {
        jieba.add_word(carrier, Some(total - mass), Some("x"));
    }
    jieba
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_of_the_dictionary_is_found_with_its_line() {
        let mut count = 0;
        for line in text().lines() {
            let mut parts = line.split(' ');
            let word = parts.next().unwrap();
            let found = lookup(word).unwrap_or_else(|| panic!("{word} not found"));
            assert_eq!(found.freq.to_string(), parts.next().unwrap());
            count += 1;
        }
        assert_eq!(count, generated::WORDS);
        assert_eq!(entries().map(|e| e.freq).sum::<usize>(), TOTAL_FREQUENCY);
        assert!(lookup("科技").is_some());
        assert!(lookup("不是一个词语的字符串").is_none());
    }

    #[test]
    fn substrings_are_every_span_up_to_the_longest_word() {
        assert_eq!(
            substrings("科技a"),
            ["科", "科技", "科技a", "技", "技a", "a"]
        );
        assert!(substrings("").is_empty());
    }
}
