//! Jieba segmentation with the project's policy vocabulary, loaded once per process.

use std::collections::BTreeMap;
use std::io::BufReader;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::{LazyLock, OnceLock};

use jieba_rs::Jieba;

use super::dictionary;
use super::fold::fold_str;
use super::searchable::has_searchable_char;

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
    if ADDED.get().is_some() {
        return Err(DictionaryError::AlreadyLoaded);
    }
    USER_DICTIONARIES
        .set(loaded)
        .map_err(|_| DictionaryError::AlreadyLoaded)
}

fn user_dictionaries() -> &'static [(PathBuf, String)] {
    USER_DICTIONARIES.get_or_init(Vec::new)
}

/// Frequency of a listed word that gives none.
const DEFAULT_FREQUENCY: usize = 20_000;

/// The words added to jieba's dictionary: the shipped vocabulary and the user's lists, but for
/// words jieba knows, which keep its frequency (changing it would change the total).
static ADDED: OnceLock<BTreeMap<String, usize>> = OnceLock::new();

/// The process-wide segmenter over the whole dictionary (for analyses of whole texts).
static JIEBA: OnceLock<Jieba> = OnceLock::new();

/// The words added to jieba's dictionary and their frequencies (folded).
pub fn added_words() -> &'static BTreeMap<String, usize> {
    ADDED.get_or_init(|| {
        let mut added = BTreeMap::new();
        let lists = std::iter::once(SHIPPED_DICTIONARY)
            .chain(user_dictionaries().iter().map(|(_, t)| t.as_str()));
        for text in lists {
            for (word, freq, _) in entries(text) {
                if dictionary::lookup(&word).is_none() {
                    added.insert(word, freq);
                }
            }
        }
        added
    })
}

/// The total frequency of the process-wide segmenter's dictionary.
fn total_frequency() -> usize {
    dictionary::TOTAL_FREQUENCY + added_words().values().sum::<usize>()
}

/// The process-wide segmenter: jieba's dictionary, the shipped vocabulary, the user's lists.
pub fn jieba() -> &'static Jieba {
    JIEBA.get_or_init(|| {
        let mut jieba = Jieba::with_dict(&mut dictionary::text().as_bytes())
            .expect("build.rs checked jieba's dictionary");
        for (word, freq) in added_words() {
            jieba.add_word(word, Some(*freq), None);
        }
        jieba
    })
}

/// A word's frequency and tag in the process-wide segmenter's dictionary.
fn known(word: &str) -> Option<(usize, &'static str)> {
    if let Some(freq) = added_words().get(word) {
        return Some((*freq, ""));
    }
    dictionary::lookup(word).map(|e| (e.freq, e.tag))
}

/// True when `word` (folded) is a term of the shipped policy vocabulary or of the user's lists:
/// a term by definition, however common jieba finds it in general text.
pub fn in_vocabulary(word: &str) -> bool {
    static VOCABULARY: OnceLock<std::collections::HashSet<String>> = OnceLock::new();
    VOCABULARY
        .get_or_init(|| {
            std::iter::once(SHIPPED_DICTIONARY)
                .chain(user_dictionaries().iter().map(|(_, t)| t.as_str()))
                .flat_map(|text| entries(text).map(|(w, _, _)| w).collect::<Vec<_>>())
                .collect()
        })
        .contains(word)
}

/// How common `word` is in general Chinese: its frequency in jieba's own dictionary (built
/// from everyday text), or None when jieba does not list it.
pub fn general_frequency(word: &str) -> Option<usize> {
    dictionary::lookup(word).map(|e| e.freq)
}

/// True when the dictionary (jieba's, or the added words) holds `word` whole.
pub fn is_known_word(word: &str) -> bool {
    known(word).is_some()
}

/// A segmenter that cuts `folded` exactly as [`jieba`] does, built from the words that occur
/// in it alone: a query is segmented without loading the whole dictionary.
fn segmenter_for(folded: &str) -> Jieba {
    dictionary::segmenter_for(folded, known, total_frequency())
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

fn word_spans_by<'t>(jieba: &Jieba, folded: &'t str) -> Vec<(Range<usize>, &'t str)> {
    let mut spans: Vec<(Range<usize>, &str)> = jieba
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

/// Folds and segments a text into searchable words (query side), as indexing segments it.
pub fn words(text: &str) -> Vec<String> {
    let folded = fold_str(text);
    word_spans_by(&segmenter_for(&folded), &folded)
        .into_iter()
        .map(|(_, w)| w.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every paragraph of the shipped corpus, and every piece of it a query might be.
    #[test]
    fn a_query_is_segmented_as_the_whole_dictionary_segments_it() {
        let corpus: String = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus"))
            .expect("the shipped corpus")
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
            .map(|e| std::fs::read_to_string(e.path()).expect("a UTF-8 text document"))
            .collect();
        let mut checked = 0;
        for line in corpus.lines().filter(|l| !l.trim().is_empty()) {
            let folded = fold_str(line);
            let chars: Vec<char> = folded.chars().collect();
            let mut pieces = vec![folded.clone()];
            for start in (0..chars.len()).step_by(7) {
                pieces.push(chars[start..chars.len().min(start + 9)].iter().collect());
            }
            for piece in &pieces {
                let full: Vec<&str> = word_spans_by(jieba(), piece)
                    .into_iter()
                    .map(|(_, w)| w)
                    .collect();
                let mini = segmenter_for(piece);
                let alone: Vec<&str> = word_spans_by(&mini, piece)
                    .into_iter()
                    .map(|(_, w)| w)
                    .collect();
                assert_eq!(alone, full, "{piece}");
                checked += 1;
            }
        }
        assert!(checked > 100, "only {checked} pieces checked");
    }

    #[test]
    fn shipped_words_jieba_knows_keep_its_frequency() {
        // 科技 is in jieba's dictionary; 新质生产力 is only in the shipped vocabulary.
        assert!(!added_words().contains_key("科技"));
        assert!(added_words().contains_key("新质生产力"));
        assert!(is_known_word("科技") && is_known_word("新质生产力"));
        assert!(jieba().has_word("新质生产力"));
    }
}
