//! Jieba segmentation with the project's policy vocabulary, loaded once per process.

use std::collections::BTreeMap;
use std::io::BufReader;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::{LazyLock, OnceLock};

use jieba_rs::Jieba;

use super::{fold_str, has_searchable_char};

/// The vocabulary shipped with the project (jieba format: `word [freq] [tag]`).
pub const SHIPPED_DICTIONARY: &str = include_str!("../../dict/policy.dict");

static USER_DICTIONARIES: OnceLock<Vec<(PathBuf, String)>> = OnceLock::new();

#[derive(Debug, thiserror::Error)]
pub enum DictionaryError {
    #[error("cannot read dictionary {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("dictionary {path} is not in jieba format (`word [freq] [tag]` per line): {message}")]
    Format { path: PathBuf, message: String },
    #[error("the dictionary was already loaded; user dictionaries must be set before the first search or index")]
    AlreadyLoaded,
}

/// Sets the user's own word lists; call before anything is segmented.
pub fn init_dictionary(user_files: &[PathBuf]) -> Result<(), DictionaryError> {
    let mut loaded = Vec::new();
    for path in user_files {
        let text = std::fs::read_to_string(path).map_err(|source| DictionaryError::Read {
            path: path.clone(),
            source,
        })?;
        // Validate now, so that a bad line is reported with the file name instead of later.
        let mut probe = Jieba::empty();
        probe
            .load_dict(&mut BufReader::new(text.as_bytes()))
            .map_err(|e| DictionaryError::Format {
                path: path.clone(),
                message: e.to_string(),
            })?;
        loaded.push((path.clone(), text));
    }
    if VOCABULARY.get().is_some() {
        return Err(DictionaryError::AlreadyLoaded);
    }
    USER_DICTIONARIES
        .set(loaded)
        .map_err(|_| DictionaryError::AlreadyLoaded)
}

fn user_dictionaries() -> &'static [(PathBuf, String)] {
    USER_DICTIONARIES.get_or_init(Vec::new)
}

/// Frequency mass reserved for added words. jieba scores a segmentation by each word's
/// frequency relative to the dictionary's total, so every added word would shift every score a
/// little; a filler entry keeps the total fixed, and a change of vocabulary changes the
/// segmentation only of text that contains a changed word.
pub const RESERVED_FREQUENCY: usize = 50_000_000;
/// Never occurs in folded text (private-use characters): carries the rest of the reserve.
const FILLER_WORD: &str = "\u{e000}\u{e001}";
/// Frequency of a listed word that gives none.
const DEFAULT_FREQUENCY: usize = 20_000;

struct Vocabulary {
    jieba: Jieba,
    /// The words added to jieba's own dictionary, with their frequencies.
    added: BTreeMap<String, usize>,
}

static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();

fn vocabulary() -> &'static Vocabulary {
    VOCABULARY.get_or_init(|| {
        let mut jieba = Jieba::new();
        let mut added = BTreeMap::new();
        let lists = std::iter::once(SHIPPED_DICTIONARY)
            .chain(user_dictionaries().iter().map(|(_, t)| t.as_str()));
        for text in lists {
            for (word, freq, tag) in entries(text) {
                // Words jieba knows keep its frequency: changing it would change the total.
                if jieba.has_word(&word) && !added.contains_key(&word) {
                    continue;
                }
                jieba.add_word(&word, Some(freq), tag);
                added.insert(word, freq);
            }
        }
        let mass: usize = added.values().sum();
        if mass < RESERVED_FREQUENCY {
            jieba.add_word(FILLER_WORD, Some(RESERVED_FREQUENCY - mass), Some("x"));
        }
        Vocabulary { jieba, added }
    })
}

/// The process-wide segmenter: jieba's dictionary, the shipped vocabulary, the user's lists.
pub fn jieba() -> &'static Jieba {
    &vocabulary().jieba
}

/// The words added to jieba's dictionary and their frequencies (folded).
pub fn added_words() -> &'static BTreeMap<String, usize> {
    &vocabulary().added
}

/// True when the total frequency of added words fits the reserve, so that segmentation changes
/// only where a changed word occurs.
pub fn vocabulary_is_pinned() -> bool {
    added_words().values().sum::<usize>() < RESERVED_FREQUENCY
}

/// The `word [freq] [tag]` lines of a word list, words folded so they match folded text.
fn entries(text: &str) -> impl Iterator<Item = (String, usize, Option<&str>)> {
    text.lines().filter_map(|line| {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        let mut parts = line.split_whitespace();
        let word = fold_str(parts.next()?);
        let freq = parts
            .next()
            .and_then(|f| f.parse().ok())
            .unwrap_or(DEFAULT_FREQUENCY);
        Some((word, freq.max(1), parts.next()))
    })
}

/// A fingerprint of every word list in use, stored with the index to notice a change.
pub fn dictionary_fingerprint() -> String {
    let mut hasher = blake3::Hasher::new();
    for (word, freq) in added_words() {
        hasher.update(word.as_bytes());
        hasher.update(&freq.to_le_bytes());
    }
    hasher.finalize().to_hex()[..16].to_string()
}

/// Searchable jieba words of folded text with their byte ranges in it.
pub(super) fn word_spans(folded: &str) -> Vec<(Range<usize>, &str)> {
    let mut spans: Vec<(Range<usize>, &str)> = jieba()
        .cut_for_search(folded, true)
        .into_iter()
        .filter(|t| has_searchable_char(t.word))
        .map(|t| (t.byte_start..t.byte_end, t.word))
        .collect();
    // jieba keeps pm2.5 and 5g-a whole but cuts r&d and ai+ apart: one term each for ranking.
    if folded.contains(['&', '+']) {
        spans.extend(
            IDENTIFIER
                .find_iter(folded)
                .map(|m| (m.range(), m.as_str())),
        );
    }
    spans
}

/// Latin identifiers joined by & or ending in +: r&d, ai+, b&r.
static IDENTIFIER: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"[a-z0-9]+(?:&[a-z0-9]+)+\+?|[a-z0-9]+\+").unwrap());

/// Folds and segments a text into searchable words (query side).
pub fn words(text: &str) -> Vec<String> {
    let folded = fold_str(text);
    word_spans(&folded)
        .into_iter()
        .map(|(_, w)| w.to_string())
        .collect()
}
