//! After a vocabulary change: re-segment exactly the paragraphs that contain a changed word.

use std::collections::BTreeMap;

use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::schema::TantivyDocument;
use tantivy::{Index, IndexWriter, ReloadPolicy, Term};

use super::paragraph::{paragraph_key, ParagraphFields};
use super::schema::Fields;
use super::substring::substring_query;
use crate::error::Result;

/// Words added, removed or given another frequency between two vocabularies.
pub fn changed_words(old: &BTreeMap<String, usize>, new: &BTreeMap<String, usize>) -> Vec<String> {
    let mut changed: Vec<String> = old
        .iter()
        .filter(|(w, f)| new.get(*w) != Some(f))
        .map(|(w, _)| w.clone())
        .chain(new.keys().filter(|w| !old.contains_key(*w)).cloned())
        .collect();
    changed.sort();
    changed.dedup();
    changed
}

/// Replaces every committed paragraph that contains one of `words` with a freshly segmented copy;
/// returns how many there were.
pub fn retokenize(
    index: &Index,
    fields: &Fields,
    writer: &IndexWriter,
    words: &[String],
) -> Result<u64> {
    if words.is_empty() {
        return Ok(0);
    }
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    let searcher = reader.searcher();
    let clauses: Vec<(Occur, Box<dyn Query>)> = words
        .iter()
        .map(|w| (Occur::Should, substring_query(fields.grams, w)))
        .collect();
    let addresses = searcher.search(&BooleanQuery::new(clauses), &DocSetCollector)?;
    for address in &addresses {
        let stored: TantivyDocument = searcher.doc(*address)?;
        let paragraph = ParagraphFields::read(fields, &stored);
        writer.delete_term(Term::from_field_text(
            fields.key,
            &paragraph_key(paragraph.doc, paragraph.number),
        ));
        writer.add_document(paragraph.to_document(fields))?;
    }
    Ok(addresses.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_words_are_the_symmetric_difference_and_new_frequencies() {
        let old: BTreeMap<String, usize> = [
            ("碳达峰".into(), 100),
            ("专精特新".into(), 100),
            ("低空经济".into(), 5),
        ]
        .into();
        let new: BTreeMap<String, usize> = [
            ("碳达峰".into(), 100),
            ("低空经济".into(), 50),
            ("银发经济".into(), 9),
        ]
        .into();
        assert_eq!(
            changed_words(&old, &new),
            ["专精特新", "低空经济", "银发经济"]
        );
    }
}
