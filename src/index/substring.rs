//! Finding a string in the index: the query behind exact, substring recall.

use tantivy::query::{EmptyQuery, PhraseQuery, Query, RegexQuery, TermQuery};
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
    match RegexQuery::from_pattern(&pattern, field) {
        Ok(q) => Box::new(q),
        Err(_) => Box::new(EmptyQuery),
    }
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
        return match RegexQuery::from_pattern(&pattern, grams) {
            Ok(q) => Box::new(q),
            Err(_) => Box::new(EmptyQuery),
        };
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
