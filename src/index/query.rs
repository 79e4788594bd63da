//! Finding a string in the index: the query behind exact, substring recall.

use tantivy::query::{PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use crate::analyze;

/// Exactly the paragraphs whose folded text contains `part` (already folded).
pub fn substring_query(grams: Field, chars: Field, part: &str) -> Box<dyn Query> {
    let bigrams = analyze::bigrams(part);
    let n = part.chars().count();
    if n == 1 {
        return Box::new(TermQuery::new(
            Term::from_field_text(chars, part),
            IndexRecordOption::WithFreqs,
        ));
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
