//! Jieba segmentation with the project's policy vocabulary, loaded once per process.

use std::io::BufReader;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::OnceLock;

use jieba_rs::Jieba;

use super::{fold_str, has_searchable_char};

/// The vocabulary shipped with the project (jieba format: `word [freq] [tag]`).
pub const SHIPPED_DICTIONARY: &str = include_str!("../../dict/policy.dict");

static JIEBA: OnceLock<Jieba> = OnceLock::new();
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
    if JIEBA.get().is_some() {
        return Err(DictionaryError::AlreadyLoaded);
    }
    USER_DICTIONARIES
        .set(loaded)
        .map_err(|_| DictionaryError::AlreadyLoaded)
}

fn user_dictionaries() -> &'static [(PathBuf, String)] {
    USER_DICTIONARIES.get_or_init(Vec::new)
}

/// The process-wide segmenter: jieba's dictionary, the shipped vocabulary, the user's lists.
pub fn jieba() -> &'static Jieba {
    JIEBA.get_or_init(|| {
        let mut jieba = Jieba::new();
        add_words(&mut jieba, SHIPPED_DICTIONARY);
        for (_, text) in user_dictionaries() {
            add_words(&mut jieba, text);
        }
        jieba
    })
}

/// Adds each `word [freq] [tag]` line; words are folded so they match folded text.
fn add_words(jieba: &mut Jieba, text: &str) {
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split_whitespace();
        let Some(word) = parts.next() else { continue };
        let freq = parts.next().and_then(|f| f.parse().ok());
        let tag = parts.next();
        jieba.add_word(&fold_str(word), freq, tag);
    }
}

/// A fingerprint of every word list in use, stored with the index to notice a change.
pub fn dictionary_fingerprint() -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(SHIPPED_DICTIONARY.as_bytes());
    for (_, text) in user_dictionaries() {
        hasher.update(text.as_bytes());
    }
    hasher.finalize().to_hex()[..16].to_string()
}

/// Searchable jieba words of folded text with their byte ranges in it.
pub(super) fn word_spans(folded: &str) -> Vec<(Range<usize>, &str)> {
    jieba()
        .cut_for_search(folded, true)
        .into_iter()
        .filter(|t| has_searchable_char(t.word))
        .map(|t| (t.byte_start..t.byte_end, t.word))
        .collect()
}

/// Folds and segments a text into searchable words (query side).
pub fn words(text: &str) -> Vec<String> {
    let folded = fold_str(text);
    word_spans(&folded)
        .into_iter()
        .map(|(_, w)| w.to_string())
        .collect()
}
