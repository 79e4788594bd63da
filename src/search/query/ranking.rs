//! How matches rank: BM25 over the bigram field for the jieba words of a query part, and for a
//! part of one character the bigrams that begin with it. These clauses never decide what
//! matches (`bigrams.rs` does); their weights are the bigram counts, beside the fixed bonuses of
//! `weights.rs`.

use std::collections::{BTreeMap, BTreeSet};

use tantivy::query::{
    BooleanQuery, BoostQuery, EmptyQuery, EnableScoring, Occur, Query, TermQuery, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use crate::analyze;

/// The queries that rank paragraphs by how often they hold `words` (the jieba words of a query
/// part and of its synonyms, folded), BM25 over the bigram field: each distinct bigram of the
/// words once, weighted by the number of words it is part of. Bigram terms need no positions,
/// so ranking costs little more than the exact match that decides membership. Words of one
/// character (以, 为, 的) do not rank, but for a part that is one character itself (碳), which
/// ranks by the bigrams that begin with it ([`CharRanking`]).
pub fn ranking_queries(grams: Field, part: &str, words: &[String]) -> Vec<Box<dyn Query>> {
    let mut bigrams: BTreeMap<String, usize> = BTreeMap::new();
    for word in words.iter().filter(|w| w.chars().nth(1).is_some()) {
        for (_, gram) in analyze::bigrams(word) {
            *bigrams.entry(gram).or_default() += 1;
        }
    }
    let mut queries: Vec<Box<dyn Query>> = Vec::new();
    for (gram, words) in bigrams {
        let term: Box<dyn Query> = Box::new(TermQuery::new(
            Term::from_field_text(grams, &gram),
            IndexRecordOption::WithFreqs,
        ));
        queries.push(if words > 1 {
            Box::new(BoostQuery::new(term, words as f32))
        } else {
            term
        });
    }
    if part.chars().count() == 1 {
        queries.push(Box::new(CharRanking {
            grams,
            char: part.to_string(),
        }));
    }
    queries
}

/// Ranks by one character: the sum of BM25 over the bigram terms that begin with it (碳排, 碳汇,
/// 碳达 … for 碳), so a paragraph that says it more often ranks higher. The terms are looked up
/// in each segment's dictionary when the query is weighted. A character that begins more than
/// [`CharRanking::MAX_TERMS`] bigrams (的, 新) ranks nothing: it tells paragraphs apart little,
/// and scoring that many terms would cost more than the search.
#[derive(Debug, Clone)]
pub struct CharRanking {
    grams: Field,
    char: String,
}

impl CharRanking {
    pub const MAX_TERMS: usize = 256;

    /// The bigram terms that begin with the character, across segments; `None` when too many.
    fn terms(&self, searcher: &tantivy::Searcher) -> tantivy::Result<Option<BTreeSet<String>>> {
        let low = self.char.as_bytes().to_vec();
        // The bytes after every string that begins with `low`: its last byte + 1 (the last
        // byte of a UTF-8 character is below 0xFF).
        let mut high = low.clone();
        if let Some(last) = high.last_mut() {
            *last += 1;
        }
        let mut terms = BTreeSet::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(self.grams)?;
            let mut stream = inverted.terms().range().ge(&low).lt(&high).into_stream()?;
            while stream.advance() {
                if let Ok(term) = std::str::from_utf8(stream.key()) {
                    terms.insert(term.to_string());
                }
                if terms.len() > Self::MAX_TERMS {
                    return Ok(None);
                }
            }
        }
        Ok(Some(terms))
    }
}

impl Query for CharRanking {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let terms = match enable_scoring.searcher() {
            Some(searcher) if enable_scoring.is_scoring_enabled() => self.terms(searcher)?,
            _ => None,
        };
        let Some(terms) = terms.filter(|t| !t.is_empty()) else {
            return EmptyQuery.weight(enable_scoring);
        };
        let clauses: Vec<(Occur, Box<dyn Query>)> = terms
            .iter()
            .map(|t| {
                let query: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(self.grams, t),
                    IndexRecordOption::WithFreqs,
                ));
                (Occur::Should, query)
            })
            .collect();
        BooleanQuery::new(clauses).weight(enable_scoring)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grams() -> Field {
        let mut b = tantivy::schema::Schema::builder();
        b.add_text_field("grams", tantivy::schema::TEXT)
    }

    fn shown(part: &str, words: &[&str]) -> Vec<String> {
        let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        ranking_queries(grams(), part, &words)
            .iter()
            .map(|q| format!("{q:?}"))
            .collect()
    }

    #[test]
    fn words_rank_by_their_distinct_bigrams_weighted_by_the_words_that_hold_them() {
        let queries = shown(
            "新质生产力",
            &["新质", "生产", "生产力", "新质生产力", "的"],
        );
        // 新质 ×2, 生产 ×3, 产力 ×2, 质生 ×1; the one-character word ranks nothing.
        assert_eq!(queries.len(), 4, "{queries:?}");
        let boosted = |gram: &str, by: &str| {
            queries
                .iter()
                .any(|q| q.contains(gram) && q.contains(&format!("boost={by})")))
        };
        assert!(boosted("生产", "3"), "{queries:?}");
        assert!(boosted("新质", "2") && boosted("产力", "2"), "{queries:?}");
        assert!(queries.iter().all(|q| !q.contains("CharRanking")));
    }

    #[test]
    fn a_part_of_one_character_ranks_by_the_bigrams_that_begin_with_it() {
        let queries = shown("碳", &["碳"]);
        assert_eq!(queries.len(), 1);
        assert!(queries[0].starts_with("CharRanking"), "{queries:?}");
    }
}
