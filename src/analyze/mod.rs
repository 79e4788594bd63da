//! Analysis: the one place that decides how text becomes index terms, for documents and queries.
//!
//! One analyzer indexes a paragraph's text, on folded text (see [`fold()`]): [`GRAMS`],
//! overlapping character bigrams with positions, so that a phrase of bigrams finds exactly the
//! paragraphs that contain a string, however jieba would segment it. The last character is a
//! term of its own too, so that every character starts a term: a one-character query is the
//! terms that begin with it.
//!
//! Jieba's words are not indexed. A query is segmented into words, and the words rank through
//! the bigram field (`search::query::ranking::ranking_queries`): BM25 over their bigrams,
//! weighted by how many of the words hold each. The dictionary thus changes how queries rank,
//! never what the index holds.
//!
//! A second analyzer, [`WHOLE`], makes each value one folded term (the levels of a section path).

mod dictionary;
pub mod fold;
mod searchable;
pub mod shingles;
pub mod synonyms;
mod t2s_table;
mod words;

use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};
use tantivy::Index;

pub use fold::{fold, fold_into, fold_str, Folded};
pub use searchable::{has_searchable_char, is_searchable_char};

/// jieba's part-of-speech tag for a word of its dictionary (n, v, a, d, m…), if it has one.
pub fn part_of_speech(word: &str) -> Option<&'static str> {
    dictionary::lookup(word)
        .map(|e| e.tag)
        .filter(|t| !t.is_empty())
}
pub use words::{
    added_words, general_frequency, in_vocabulary, init_dictionary, is_known_word, jieba, words,
    DictionaryError, SHIPPED_DICTIONARY,
};

pub const GRAMS: &str = "policy_grams";
pub const WHOLE: &str = "policy_whole";

/// Registers the analyzers on an index; every opened index needs this before reading or writing.
pub fn register(index: &Index) {
    let tokenizers = index.tokenizers();
    tokenizers.register(GRAMS, TextAnalyzer::from(GramTokenizer::default()));
    tokenizers.register(WHOLE, TextAnalyzer::from(WholeTokenizer::default()));
}

/// The bigrams of folded text with their character positions. Whitespace (where folding keeps
/// it: beside a Latin letter or digit) is kept inside bigrams, so that a quoted phrase with
/// spaces ("AI 赋能") is matched exactly too.
pub fn bigrams(folded: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = folded.chars().collect();
    chars
        .windows(2)
        .enumerate()
        .map(|(i, w)| (i, w.iter().collect()))
        .collect()
}

/// Character bigrams of folded text, positioned by character index, and the last character
/// alone at its own position (see the module documentation).
#[derive(Clone, Default)]
pub struct GramTokenizer {
    folded: Folded,
}

impl Tokenizer for GramTokenizer {
    type TokenStream<'a> = GramStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> GramStream<'a> {
        fold_into(text, &mut self.folded);
        GramStream {
            folded: &self.folded,
            next: 0,
            token: Token::default(),
        }
    }
}

pub struct GramStream<'a> {
    folded: &'a Folded,
    /// Character index of the next term.
    next: usize,
    token: Token,
}

impl TokenStream for GramStream<'_> {
    fn advance(&mut self) -> bool {
        let len = self.folded.char_len();
        let i = self.next;
        if i >= len {
            return false;
        }
        self.next += 1;
        let size = if i + 1 < len { 2 } else { 1 };
        let range = self.folded.char_range(i, size);
        let orig = self.folded.original_char_range(i, size);
        self.token.text.clear();
        self.token.text.push_str(&self.folded.text[range]);
        self.token.offset_from = orig.start;
        self.token.offset_to = orig.end;
        self.token.position = i;
        true
    }
    fn token(&self) -> &Token {
        &self.token
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// The whole folded text as one term.
#[derive(Clone, Default)]
pub struct WholeTokenizer {
    token: Token,
}

impl Tokenizer for WholeTokenizer {
    type TokenStream<'a> = WholeStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> WholeStream<'a> {
        self.token.text.clear();
        fold::fold_append(text, &mut self.token.text);
        self.token.offset_from = 0;
        self.token.offset_to = text.len();
        self.token.position = 0;
        WholeStream {
            token: &mut self.token,
            done: false,
        }
    }
}

pub struct WholeStream<'a> {
    token: &'a mut Token,
    done: bool,
}

impl TokenStream for WholeStream<'_> {
    fn advance(&mut self) -> bool {
        let first = !self.done;
        self.done = true;
        first
    }
    fn token(&self) -> &Token {
        self.token
    }
    fn token_mut(&mut self) -> &mut Token {
        self.token
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
    fn bigrams_follow_character_positions_and_keep_spaces_beside_latin_letters() {
        let grams = texts(GramTokenizer::default(), "科學 城 ＡＩ");
        assert_eq!(
            grams,
            vec![
                (0, "科学".into()),
                (1, "学城".into()),
                (2, "城 ".into()),
                (3, " a".into()),
                (4, "ai".into()),
                (5, "i".into())
            ]
        );
        assert_eq!(bigrams("科学城 ai"), grams[..5]);
        assert_eq!(
            texts(GramTokenizer::default(), "碳"),
            vec![(0, "碳".into())]
        );
    }

    #[test]
    fn searchable_chars_are_unicode_letters_and_digits() {
        for c in (0..0x3_0000).filter_map(char::from_u32) {
            assert_eq!(is_searchable_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn a_whole_value_is_one_folded_term() {
        assert_eq!(
            texts(WholeTokenizer::default(), "（一）推動科技創新 ＡＩ"),
            vec![(0, "(一)推动科技创新 ai".into())]
        );
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
            let words = words(text);
            assert!(words.contains(&word.to_string()), "{text}: {words:?}");
        }
    }

    #[test]
    fn words_are_folded_jieba_words() {
        let words = words("推動數字經濟發展的");
        assert!(words.contains(&"数字经济".to_string()), "{words:?}");
        assert!(words.contains(&"的".to_string()), "{words:?}");
    }
}

/// How a text is analyzed: what `policy-search analyze` and `/api/analyze` show.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Analysis {
    pub text: String,
    /// After folding width, case and script.
    pub folded: String,
    /// Jieba words, in order (a query ranks by their bigrams).
    pub words: Vec<String>,
    /// Which of the words the dictionary knows as whole words.
    pub known_words: Vec<String>,
    /// Character bigrams (the exact-match terms).
    pub bigrams: Vec<String>,
}

pub fn explain(text: &str) -> Analysis {
    let folded = fold_str(text);
    let words = words(&folded);
    let known_words = words.iter().filter(|w| is_known_word(w)).cloned().collect();
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
        writeln!(
            f,
            "words:   {}   (jieba; a query ranks by the bigrams of its words)",
            self.words.join(" | ")
        )?;
        writeln!(f, "known:   {}", self.known_words.join(" | "))?;
        writeln!(f, "bigrams: {}   (exact matching)", self.bigrams.join(" "))
    }
}
