//! What matches: a string found exactly in the bigram field (substring recall), and a heading
//! level found in the section-level field. Membership only; how the matches rank is
//! `ranking.rs`.

use std::fmt;

use tantivy::query::{
    EmptyQuery, EnableScoring, PhraseQuery, Query, RegexQuery, TermQuery, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use crate::analyze;

/// The paragraphs with a value that contains `part` (already folded), in a field analyzed by
/// [`analyze::WHOLE`] (one term per value): a regular expression over the field's terms, which
/// are few (the headings of a corpus), instead of bigrams with positions for every paragraph.
pub fn level_query(field: Field, part: &str) -> Box<dyn Query> {
    if part.is_empty() {
        return Box::new(EmptyQuery);
    }
    let pattern = format!(".*{}.*", regex::escape(part));
    Pattern::query(pattern, field)
}

/// The paragraphs with a value that is one of `values` (already folded) exactly, in a field
/// analyzed by [`analyze::WHOLE`]: 第二十五条 is the article's own level, not 第一百二十五条's.
pub fn level_is_query(field: Field, values: &[String]) -> Box<dyn Query> {
    let values: Vec<String> = values
        .iter()
        .filter(|v| !v.is_empty())
        .map(|v| regex::escape(v))
        .collect();
    if values.is_empty() {
        return Box::new(EmptyQuery);
    }
    Pattern::query(values.join("|"), field)
}

/// Exactly the paragraphs whose folded text contains `part` (already folded), in a field
/// analyzed by [`analyze::GRAMS`].
pub fn substring_query(grams: Field, part: &str) -> Box<dyn Query> {
    let bigrams = analyze::bigrams(part);
    let n = part.chars().count();
    if n == 0 {
        return Box::new(EmptyQuery);
    }
    if n == 1 {
        // Every character of a text begins one of its terms (a bigram, or the last character).
        let pattern = format!("{}.?", regex::escape(part));
        return Pattern::query(pattern, grams);
    }
    if bigrams.len() == 1 {
        return Box::new(TermQuery::new(
            Term::from_field_text(grams, &bigrams[0].1),
            IndexRecordOption::WithFreqs,
        ));
    }
    // Every other bigram, and the last, pin every character at its offset: the phrase matches
    // exactly where the string occurs, with half the postings to intersect.
    let last = n - 2;
    let terms: Vec<(usize, Term)> = bigrams
        .into_iter()
        .filter(|(i, _)| i % 2 == 0 || *i == last)
        .map(|(i, g)| (i, Term::from_field_text(grams, &g)))
        .collect();
    Box::new(PhraseQuery::new_with_offset(terms))
}

/// A regular-expression query over a field's terms that prints as its pattern: tantivy's own
/// `Debug` prints the compiled automaton, thousands of lines in a plan snapshot.
#[derive(Clone)]
struct Pattern {
    pattern: String,
    query: RegexQuery,
}

impl Pattern {
    /// The query, or no paragraph when the pattern does not compile.
    fn query(pattern: String, field: Field) -> Box<dyn Query> {
        match RegexQuery::from_pattern(&pattern, field) {
            Ok(query) => Box::new(Pattern { pattern, query }),
            Err(_) => Box::new(EmptyQuery),
        }
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Regex({:?})", self.pattern)
    }
}

impl Query for Pattern {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        self.query.weight(enable_scoring)
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        self.query.query_terms(visitor);
    }
}
