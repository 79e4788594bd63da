//! The index an OpenSearch cluster needs to answer our queries as we do: settings (analysis) and
//! mappings, the `PUT /NAME` body.
//!
//! Analysis is rebuilt from stock OpenSearch parts, generated from the project's own tables so
//! that both engines see the same terms:
//! - `policy_fold`: a `mapping` char_filter with one rule for every character that
//!   [`analyze::fold`](crate::analyze::fold()) changes (width, case, traditional → simplified);
//! - `policy_bigrams`: an `ngram` 2..2 tokenizer keeping every character, spaces included, as our
//!   bigram field does: a `match_phrase` of bigrams is exactly a substring search;
//! - `policy_end`: on the index side only, a private-use character appended to each value, so
//!   that the last character starts a bigram too and a one-character part (a `prefix` query on
//!   the bigrams) finds it, as our index's lone last character does;
//! - `policy_docno`: 发文字号 in one bracket style without spaces, as
//!   [`doc_number::normalize`](crate::parse::doc_number::normalize) writes them;
//! - `policy_synonyms`: the synonym groups of `dict/synonyms.txt` as a `synonym_graph` filter of
//!   the ranking field's search analyzer.

use std::sync::LazyLock;

use serde_json::{json, Map, Value};

use crate::analyze::{fold::fold_char, synonyms};

/// Field names of the cluster's index, shared by the mapping, the bulk export and the queries.
pub mod field {
    pub const DOC: &str = "doc";
    pub const PARAGRAPH: &str = "paragraph";
    pub const PAGE: &str = "page";
    pub const TITLE: &str = "title";
    pub const DATE: &str = "date";
    /// YYYYMMDD as a number, 0 when undated: the exact date filters of our query syntax.
    pub const DATE_NUM: &str = "date_num";
    pub const YEAR: &str = "year";
    pub const REGION: &str = "region";
    pub const KIND: &str = "kind";
    pub const ISSUER: &str = "issuer";
    pub const SOURCE: &str = "source";
    pub const DOC_NUMBER: &str = "doc_number";
    /// The section path's levels, outermost first (keyword array).
    pub const SECTION: &str = "section";
    /// The levels joined by a space, as our index's section field (bigrams).
    pub const SECTION_TEXT: &str = "section_text";
    pub const SECTION_TOP: &str = "section_top";
    pub const TEXT: &str = "text";
    /// The bigram subfield of every searchable text field.
    pub const GRAMS: &str = "grams";
    /// On the paragraphs of a file with the same text as another, shown file (one document in
    /// several formats): that file's id. Result lists leave them out, as ours do.
    pub const SAME_TEXT_OF: &str = "same_text_of";
    /// The ranking subfield of `text` when a Chinese segmentation plugin is installed.
    pub const WORDS: &str = "words";

    /// `field.grams`.
    pub fn grams(field: &str) -> String {
        format!("{field}.{GRAMS}")
    }
}

/// The index name used when none is given.
pub const DEFAULT_INDEX_NAME: &str = "policy-search";
/// Appended to each indexed value (see the module documentation). Never the result of folding.
pub const END_MARK: char = '\u{e000}';
/// Longest value a keyword field indexes, in characters: Lucene refuses terms over 32,766 bytes.
const KEYWORD_MAX_CHARS: u32 = 8191;

/// What ranks paragraphs on the cluster, by the plugins installed there.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Ranking {
    /// Stock OpenSearch: BM25 on the character bigrams (no plugin needed).
    #[default]
    Bigrams,
    /// The `analysis-smartcn` plugin's segmentation.
    Smartcn,
    /// The IK plugin (`ik_max_word`), with the dictionary of `opensearch dictionary --format ik`.
    Ik,
}

impl Ranking {
    /// The name of `--ranking`.
    pub fn name(self) -> &'static str {
        match self {
            Ranking::Bigrams => "bigrams",
            Ranking::Smartcn => "smartcn",
            Ranking::Ik => "ik",
        }
    }

    /// The field that ranks, and whether it is the words subfield.
    pub fn field(self) -> String {
        match self {
            Ranking::Bigrams => field::grams(field::TEXT),
            Ranking::Smartcn | Ranking::Ik => format!("{}.{}", field::TEXT, field::WORDS),
        }
    }

    /// The plugin's tokenizer for indexing…
    fn tokenizer(self) -> Option<&'static str> {
        match self {
            Ranking::Bigrams => None,
            Ranking::Smartcn => Some("smartcn_tokenizer"),
            Ranking::Ik => Some("ik_max_word"),
        }
    }

    /// …and for queries: IK's finest segmentation overlaps, its coarsest does not, which the
    /// synonym graph needs.
    fn search_tokenizer(self) -> Option<&'static str> {
        match self {
            Ranking::Ik => Some("ik_smart"),
            other => other.tokenizer(),
        }
    }
}

/// Analyzer names.
pub const GRAMS_INDEX_ANALYZER: &str = "policy_grams_index";
pub const GRAMS_ANALYZER: &str = "policy_grams";
pub const DOCNO_INDEX_ANALYZER: &str = "policy_docno_index";
pub const DOCNO_ANALYZER: &str = "policy_docno";
pub const WORDS_ANALYZER: &str = "policy_words";
pub const WORDS_SEARCH_ANALYZER: &str = "policy_words_synonyms";
/// Bigrams of text already folded: what our query bodies search with. Folding twice is not
/// folding once (薴 → 苧 → 苎), so folded query parts must not be folded again.
pub const GRAMS_FOLDED_ANALYZER: &str = "policy_grams_folded";
/// Bigrams with the synonym groups: for people who query the cluster directly in bigram mode.
pub const GRAMS_SYNONYMS_ANALYZER: &str = "policy_grams_synonyms";

/// The `_meta` key of the mapping's version: a digest of the analysis and mappings an index was
/// created with, so that `sync` can tell an index made by an older policy-search (whose bigrams
/// or fields no longer match what the queries expect) from a current one.
pub const MAPPING_META: &str = "policy_search_mapping";
/// The `_meta` key of the ranking an index was created with.
pub const RANKING_META: &str = "policy_search_ranking";

/// The `PUT /NAME` body: settings with the analysis, and the mappings (with their version in
/// `_meta`).
pub fn index_body(ranking: Ranking) -> Value {
    let mut body = unversioned_body(ranking);
    body["mappings"]["_meta"] = mapping_meta(ranking);
    body
}

/// The `_meta` a current index of this ranking carries (besides the synced commit).
pub fn mapping_meta(ranking: Ranking) -> Value {
    json!({ MAPPING_META: mapping_version(ranking), RANKING_META: ranking.name() })
}

/// The version of the analysis and mappings: the first 16 hex digits of their digest.
pub fn mapping_version(ranking: Ranking) -> String {
    let text = unversioned_body(ranking).to_string();
    blake3::hash(text.as_bytes()).to_hex()[..16].to_string()
}

fn unversioned_body(ranking: Ranking) -> Value {
    json!({
        "settings": { "index": { "analysis": analysis(ranking) } },
        "mappings": mappings(ranking),
    })
}

/// White space between two ideographs (after folding), as a Java regular expression: what
/// [`crate::analyze::fold()`] leaves out.
pub const IDEOGRAPH_SPACE_PATTERN: &str =
    "(?<=[\\u3400-\\u4dbf\\u4e00-\\u9fff])\\s+(?=[\\u3400-\\u4dbf\\u4e00-\\u9fff])";

fn analysis(ranking: Ranking) -> Value {
    let mut analyzers = Map::new();
    let custom = |char_filter: &[&str], tokenizer: &str, filter: &[&str]| {
        let mut a = json!({ "type": "custom", "char_filter": char_filter, "tokenizer": tokenizer });
        if !filter.is_empty() {
            a["filter"] = json!(filter);
        }
        a
    };
    analyzers.insert(
        GRAMS_INDEX_ANALYZER.into(),
        custom(
            &["policy_fold", "policy_ideograph_space", "policy_end"],
            "policy_bigrams",
            &[],
        ),
    );
    analyzers.insert(
        GRAMS_ANALYZER.into(),
        custom(
            &["policy_fold", "policy_ideograph_space"],
            "policy_bigrams",
            &[],
        ),
    );
    analyzers.insert(
        GRAMS_FOLDED_ANALYZER.into(),
        custom(&[], "policy_bigrams", &[]),
    );
    analyzers.insert(
        GRAMS_SYNONYMS_ANALYZER.into(),
        custom(
            &["policy_fold", "policy_ideograph_space"],
            "policy_bigrams",
            &["policy_synonyms"],
        ),
    );
    analyzers.insert(
        DOCNO_INDEX_ANALYZER.into(),
        custom(
            &[
                "policy_fold",
                "policy_ideograph_space",
                "policy_docno",
                "policy_end",
            ],
            "policy_bigrams",
            &[],
        ),
    );
    analyzers.insert(
        DOCNO_ANALYZER.into(),
        custom(
            &["policy_fold", "policy_ideograph_space", "policy_docno"],
            "policy_bigrams",
            &[],
        ),
    );
    if let (Some(tokenizer), Some(search)) = (ranking.tokenizer(), ranking.search_tokenizer()) {
        analyzers.insert(
            WORDS_ANALYZER.into(),
            custom(&["policy_fold", "policy_ideograph_space"], tokenizer, &[]),
        );
        analyzers.insert(
            WORDS_SEARCH_ANALYZER.into(),
            custom(
                &["policy_fold", "policy_ideograph_space"],
                search,
                &["policy_synonyms"],
            ),
        );
    }
    json!({
        "char_filter": {
            "policy_fold": { "type": "mapping", "mappings": *FOLD_RULES },
            // A space between two ideographs is typography, as our folding leaves it out.
            "policy_ideograph_space": {
                "type": "pattern_replace",
                "pattern": IDEOGRAPH_SPACE_PATTERN,
                "replacement": "",
            },
            "policy_docno": { "type": "mapping", "mappings": *DOC_NUMBER_RULES },
            "policy_end": {
                "type": "pattern_replace",
                "pattern": "\\z",
                "replacement": END_MARK.to_string(),
            },
        },
        "tokenizer": {
            "policy_bigrams": { "type": "ngram", "min_gram": 2, "max_gram": 2, "token_chars": [] },
        },
        "filter": {
            // Lenient: a rule whose term gives no bigram (one character) is left out, not an error.
            "policy_synonyms": { "type": "synonym_graph", "lenient": true, "synonyms": synonym_rules() },
        },
        "analyzer": analyzers,
    })
}

fn mappings(ranking: Ranking) -> Value {
    let keyword = || json!({ "type": "keyword", "ignore_above": KEYWORD_MAX_CHARS });
    let grams = || json!({ "type": "text", "analyzer": GRAMS_INDEX_ANALYZER, "search_analyzer": GRAMS_ANALYZER });
    let keyword_with_grams = || {
        let mut k = keyword();
        k["fields"] = json!({ field::GRAMS: grams() });
        k
    };
    let mut text_fields = Map::new();
    text_fields.insert(field::GRAMS.into(), grams());
    if ranking.tokenizer().is_some() {
        text_fields.insert(
            field::WORDS.into(),
            json!({ "type": "text", "analyzer": WORDS_ANALYZER, "search_analyzer": WORDS_SEARCH_ANALYZER }),
        );
    }
    json!({
        // A field the export does not know is a mistake, not a new field.
        "dynamic": "strict",
        "properties": {
            field::DOC: keyword_with_grams(),
            field::PARAGRAPH: { "type": "integer" },
            field::PAGE: { "type": "integer" },
            field::TITLE: keyword_with_grams(),
            field::DATE: { "type": "date", "format": "yyyy-MM-dd", "ignore_malformed": true },
            field::DATE_NUM: { "type": "integer" },
            field::YEAR: { "type": "integer" },
            field::REGION: keyword(),
            field::KIND: keyword(),
            field::ISSUER: keyword(),
            field::SOURCE: keyword(),
            field::DOC_NUMBER: {
                "type": "keyword",
                "ignore_above": KEYWORD_MAX_CHARS,
                "fields": { field::GRAMS: {
                    "type": "text", "analyzer": DOCNO_INDEX_ANALYZER, "search_analyzer": DOCNO_ANALYZER,
                } },
            },
            field::SECTION: keyword(),
            field::SECTION_TEXT: grams(),
            field::SECTION_TOP: keyword(),
            field::SAME_TEXT_OF: keyword(),
            // The text itself is kept in _source and searched through its subfields only.
            field::TEXT: { "type": "text", "index": false, "fields": text_fields },
        },
    })
}

/// The rules, made once per process (they take a pass over every Unicode character).
static FOLD_RULES: LazyLock<Vec<String>> = LazyLock::new(fold_rules);
static DOC_NUMBER_RULES: LazyLock<Vec<String>> = LazyLock::new(doc_number_rules);

/// Every Unicode character with what folding makes of it.
fn each_folded(mut visit: impl FnMut(char, &str)) {
    let mut folded = String::new();
    for c in (0..=0x10ffff_u32).filter_map(char::from_u32) {
        folded.clear();
        fold_char(c, |f| folded.push(f));
        visit(c, &folded);
    }
}

/// One `mapping` rule for every character that folding changes: `学 => 学`, `\uff21 => a`.
pub fn fold_rules() -> Vec<String> {
    let mut rules = Vec::new();
    each_folded(|c, folded| {
        if folded.chars().ne(std::iter::once(c)) {
            rules.push(rule(&c.to_string(), folded));
        }
    });
    rules
}

/// Rules that write a folded 发文字号 as [`doc_number::normalize`](crate::parse::doc_number::normalize)
/// does: whitespace dropped, every bracket style as 〔〕. Applied after `policy_fold`.
pub fn doc_number_rules() -> Vec<String> {
    let mut rules = Vec::new();
    each_folded(|c, folded| {
        // Only characters folding can leave behind matter.
        if folded.chars().ne(std::iter::once(c)) {
            return;
        }
        let normalized = crate::parse::doc_number::normalize(&c.to_string());
        if normalized.chars().ne(std::iter::once(c)) {
            rules.push(rule(&c.to_string(), &normalized));
        }
    });
    rules
}

/// `lhs => rhs` as OpenSearch's mapping char_filter reads it: each side is trimmed and `\uXXXX`
/// escapes are decoded, so anything but letters and digits is escaped (spaces would be trimmed,
/// `=>` or a line separator would break the rule).
fn rule(from: &str, to: &str) -> String {
    format!("{} => {}", escape(from), escape(to))
}

fn escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}

/// The synonym groups in Solr format (`a, b, c`), terms folded, commas escaped.
pub fn synonym_rules() -> Vec<String> {
    synonyms::groups()
        .iter()
        .map(|group| {
            group
                .iter()
                .map(|t| t.replace('\\', "\\\\").replace(',', "\\,"))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect()
}

/// The vocabulary (shipped and the user's words, folded), one word a line: IK's extension
/// dictionary format, and Solr's word list format (with a comment line).
pub fn dictionary(format: VocabularyFormat) -> String {
    let mut out = String::new();
    if format == VocabularyFormat::Solr {
        out.push_str("# policy-search vocabulary, one word a line\n");
    }
    for word in crate::analyze::added_words().keys() {
        out.push_str(word);
        out.push('\n');
    }
    out
}

/// The synonym groups as a file: Solr's synonyms format (which OpenSearch's `synonyms_path`
/// reads too); IK has no synonym format of its own and uses the same file.
pub fn synonyms_file() -> String {
    let mut out = String::from("# policy-search synonym groups (Solr format)\n");
    for line in synonym_rules() {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum VocabularyFormat {
    Ik,
    Solr,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_escape_what_opensearch_would_trim_or_split() {
        assert_eq!(rule("學", "学"), "學 => 学");
        assert_eq!(rule("\u{3000}", " "), "\\u3000 => \\u0020");
        assert_eq!(rule("＝", "="), "\\uff1d => \\u003d");
        assert_eq!(escape("🀄"), "\\ud83c\\udc04");
        assert_eq!(escape("𝐀"), "𝐀");
    }

    #[test]
    fn the_body_names_every_analyzer_it_uses() {
        for ranking in [Ranking::Bigrams, Ranking::Smartcn, Ranking::Ik] {
            let body = index_body(ranking);
            let analyzers = &body["settings"]["index"]["analysis"]["analyzer"];
            let text = body["mappings"]["properties"]["text"].to_string();
            for name in [GRAMS_INDEX_ANALYZER, GRAMS_ANALYZER] {
                assert!(analyzers.get(name).is_some() && text.contains(name));
            }
            let words = analyzers.get(WORDS_ANALYZER).is_some();
            assert_eq!(words, ranking != Ranking::Bigrams, "{ranking:?}");
            assert_eq!(text.contains(WORDS_SEARCH_ANALYZER), words);
        }
    }

    #[test]
    fn synonyms_are_solr_lines() {
        let rules = synonym_rules();
        assert_eq!(rules.len(), synonyms::group_count());
        assert!(
            rules.iter().any(|r| r == "高新区, 高新技术产业开发区"),
            "{rules:?}"
        );
    }
}
