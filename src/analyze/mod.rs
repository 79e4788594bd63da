//! Analysis: the one place that decides how text becomes index terms, for documents and queries.
//!
//! Three analyzers work on folded text (see [`fold`]):
//! - [`WORDS`]: jieba words (search mode), for BM25 ranking;
//! - [`GRAMS`]: overlapping character bigrams with positions, so that a phrase of bigrams finds
//!   exactly the paragraphs that contain a string, however jieba segments it;
//! - [`CHARS`]: single characters, for one-character queries.

pub mod fold;
pub mod synonyms;
mod t2s_table;
mod words;

use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};
use tantivy::Index;

pub use fold::{fold, fold_str, Folded};
pub use words::{
    added_words, bracket_variants, dictionary_fingerprint, init_dictionary, jieba,
    vocabulary_is_pinned, words, DictionaryError, RESERVED_FREQUENCY,
};

pub const WORDS: &str = "policy_words";
pub const GRAMS: &str = "policy_grams";
pub const CHARS: &str = "policy_chars";

/// Registers the analyzers on an index; every opened index needs this before reading or writing.
pub fn register(index: &Index) {
    let tokenizers = index.tokenizers();
    tokenizers.register(WORDS, TextAnalyzer::from(WordTokenizer));
    tokenizers.register(GRAMS, TextAnalyzer::from(GramTokenizer { size: 2 }));
    tokenizers.register(CHARS, TextAnalyzer::from(GramTokenizer { size: 1 }));
}

/// Characters that never take part in a searchable term.
pub fn is_separator(c: char) -> bool {
    c.is_whitespace()
}

/// True when the text holds something worth searching: a letter, digit or ideograph.
pub fn has_searchable_char(text: &str) -> bool {
    text.chars().any(|c| c.is_alphanumeric())
}

/// The bigrams of folded text with their character positions. Whitespace is kept inside
/// bigrams so that a quoted phrase with spaces ("龚 正") is matched exactly too.
pub fn bigrams(folded: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = folded.chars().collect();
    chars
        .windows(2)
        .enumerate()
        .map(|(i, w)| (i, w.iter().collect()))
        .collect()
}

/// A token stream over tokens computed up front.
pub struct VecTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl VecTokenStream {
    fn new(tokens: Vec<Token>) -> Self {
        VecTokenStream { tokens, next: 0 }
    }
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }
    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// Jieba words of folded text.
#[derive(Clone, Copy)]
pub struct WordTokenizer;

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = VecTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let folded = fold(text);
        let mut tokens = Vec::new();
        for (position, (range, word)) in words::word_spans(&folded.text).into_iter().enumerate() {
            let orig = folded.original_range(range);
            tokens.push(Token {
                offset_from: orig.start,
                offset_to: orig.end,
                position,
                text: word.to_string(),
                position_length: 1,
            });
        }
        VecTokenStream::new(tokens)
    }
}

/// Character n-grams (n = 1 or 2) of folded text, positioned by character index.
#[derive(Clone, Copy)]
pub struct GramTokenizer {
    size: usize,
}

impl Tokenizer for GramTokenizer {
    type TokenStream<'a> = VecTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let folded = fold(text);
        let chars: Vec<(usize, char)> = folded.text.char_indices().collect();
        let mut tokens = Vec::with_capacity(chars.len());
        for (position, window) in chars.windows(self.size).enumerate() {
            // A lone space is never searched for; in a bigram it is part of a phrase.
            if self.size == 1 && is_separator(window[0].1) {
                continue;
            }
            let start = window[0].0;
            let last = window[window.len() - 1];
            let end = last.0 + last.1.len_utf8();
            let orig = folded.original_range(start..end);
            tokens.push(Token {
                offset_from: orig.start,
                offset_to: orig.end,
                position,
                text: folded.text[start..end].to_string(),
                position_length: 1,
            });
        }
        VecTokenStream::new(tokens)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(mut analyzer: impl Tokenizer, text: &str) -> Vec<(usize, String)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push((stream.token().position, stream.token().text.clone()));
        }
        out
    }

    #[test]
    fn bigrams_follow_character_positions_and_keep_spaces() {
        let grams = texts(GramTokenizer { size: 2 }, "科學 城ＡＩ");
        assert_eq!(
            grams,
            vec![
                (0, "科学".into()),
                (1, "学 ".into()),
                (2, " 城".into()),
                (3, "城a".into()),
                (4, "ai".into())
            ]
        );
        let chars = texts(GramTokenizer { size: 1 }, "科 学");
        assert_eq!(chars, vec![(0, "科".into()), (2, "学".into())]);
        assert_eq!(bigrams("科学 城ai"), grams);
    }

    #[test]
    fn identifiers_are_single_words() {
        for (text, word) in [
            ("R&D占比", "r&d"),
            ("AI+行动", "ai+"),
            ("PM2.5浓度", "pm2.5"),
            ("5G-A网络", "5g-a"),
            ("C919大飞机", "c919"),
        ] {
            let words: Vec<String> = texts(WordTokenizer, text)
                .into_iter()
                .map(|(_, w)| w)
                .collect();
            assert!(words.contains(&word.to_string()), "{text}: {words:?}");
        }
    }

    #[test]
    fn words_are_folded_jieba_words() {
        let words: Vec<String> = texts(WordTokenizer, "推動數字經濟發展")
            .into_iter()
            .map(|(_, w)| w)
            .collect();
        assert!(words.contains(&"数字".to_string()), "{words:?}");
        assert!(words.contains(&"发展".to_string()), "{words:?}");
    }
}

/// How a text is analyzed: what `policy-search analyze` and `/api/analyze` show.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Analysis {
    pub text: String,
    /// After folding width, case and script.
    pub folded: String,
    /// Jieba words (the ranking terms), in order.
    pub words: Vec<String>,
    /// Which of the words the dictionary knows as whole words.
    pub known_words: Vec<String>,
    /// Character bigrams (the exact-match terms).
    pub bigrams: Vec<String>,
}

pub fn explain(text: &str) -> Analysis {
    let folded = fold_str(text);
    let words = words(&folded);
    let known_words = words
        .iter()
        .filter(|w| jieba().has_word(w))
        .cloned()
        .collect();
    Analysis {
        text: text.to_string(),
        bigrams: bigrams(&folded).into_iter().map(|(_, g)| g).collect(),
        folded,
        words,
        known_words,
    }
}

impl std::fmt::Display for Analysis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "text:    {}", self.text)?;
        writeln!(f, "folded:  {}", self.folded)?;
        writeln!(f, "words:   {}   (jieba; ranking)", self.words.join(" | "))?;
        writeln!(f, "known:   {}", self.known_words.join(" | "))?;
        writeln!(f, "bigrams: {}   (exact matching)", self.bigrams.join(" "))
    }
}
