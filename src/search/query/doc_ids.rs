//! The paragraphs of a set of documents: what every document filter (`doc:`, `level:`,
//! `status:`, a 文号) and every document named by a query part comes to.
//!
//! tantivy's `TermSetQuery` compiles the set into an automaton for each search and walks the
//! term dictionary with it: on a library of 3,500 laws a filter that keeps 2,000 of them cost
//! 20–40 ms, most of it building that automaton. Here the postings of each id (a document's
//! paragraphs, stored together) are set in a bitset of the segment, the ids found by a lookup
//! each when they are few, or by one pass over the sorted dictionary beside the sorted ids.

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::index::SegmentId;
use tantivy::postings::{SegmentPostings, TermInfo};
use tantivy::query::{
    BitSetDocSet, ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{BitSet, DocId, DocSet, Score, Searcher, SegmentReader, Term, TERMINATED};

/// Where each document's paragraphs are in each segment: the dictionary of the id field, read
/// once per commit (the engine keeps it), so that a filter of thousands of documents reads
/// their postings without a dictionary lookup each.
#[derive(Default)]
pub struct DocPostings {
    /// By segment, each id's entry in the dictionary.
    by_segment: HashMap<SegmentId, HashMap<String, TermInfo>>,
}

impl DocPostings {
    /// The id field's dictionary of every segment of `searcher`. A segment whose dictionary
    /// cannot be read is left out: filters look its ids up as they come.
    pub fn of(searcher: &Searcher, field: Field) -> DocPostings {
        let mut by_segment = HashMap::new();
        for segment in searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(field) else {
                continue;
            };
            let Ok(mut terms) = inverted.terms().stream() else {
                continue;
            };
            let mut ids = HashMap::with_capacity(inverted.terms().num_terms());
            while terms.advance() {
                if let Ok(id) = std::str::from_utf8(terms.key()) {
                    ids.insert(id.to_string(), terms.value().clone());
                }
            }
            by_segment.insert(segment.segment_id(), ids);
        }
        DocPostings { by_segment }
    }
}

impl std::fmt::Debug for DocPostings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DocPostings({} segments)", self.by_segment.len())
    }
}

/// The paragraphs whose `field` (one term per paragraph: its document's id) is one of `ids`.
#[derive(Clone)]
pub struct DocIds {
    field: Field,
    /// Sorted and without repeats.
    ids: Arc<Vec<String>>,
    postings: Option<Arc<DocPostings>>,
}

impl DocIds {
    pub fn new(field: Field, ids: &[String], postings: Option<Arc<DocPostings>>) -> DocIds {
        let mut ids = ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        DocIds {
            field,
            ids: Arc::new(ids),
            postings,
        }
    }
}

impl std::fmt::Debug for DocIds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Where the postings are is how, not what: a plan prints the same with or without.
        write!(f, "DocIds({:?}, {:?})", self.field, self.ids)
    }
}

impl Query for DocIds {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for DocIds {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let inverted = reader.inverted_index(self.field)?;
        let dictionary = inverted.terms();
        let mut paragraphs = BitSet::with_max_value(reader.max_doc());
        let mut add = |postings: &mut SegmentPostings| {
            let mut doc = postings.doc();
            while doc != TERMINATED {
                paragraphs.insert(doc);
                doc = postings.advance();
            }
        };
        let known = self
            .postings
            .as_ref()
            .and_then(|p| p.by_segment.get(&reader.segment_id()));
        if let Some(known) = known {
            for id in self.ids.iter() {
                if let Some(info) = known.get(id) {
                    add(&mut inverted
                        .read_postings_from_terminfo(info, IndexRecordOption::Basic)?);
                }
            }
        } else if self.ids.len() * 8 < dictionary.num_terms() {
            // A few documents of many: a dictionary lookup each.
            for id in self.ids.iter() {
                let term = Term::from_field_text(self.field, id);
                if let Some(mut postings) =
                    inverted.read_postings(&term, IndexRecordOption::Basic)?
                {
                    add(&mut postings);
                }
            }
        } else {
            // Many documents: the sorted ids and the sorted dictionary read side by side, one
            // pass and no lookup (a lookup per id was most of the time of a large filter).
            let mut wanted = self.ids.iter().map(|id| id.as_bytes()).peekable();
            let mut terms = dictionary.stream()?;
            while terms.advance() {
                let key = terms.key();
                while wanted.next_if(|id| *id < key).is_some() {}
                match wanted.peek() {
                    None => break,
                    Some(id) if *id == key => {
                        add(&mut inverted.read_postings_from_terminfo(
                            terms.value(),
                            IndexRecordOption::Basic,
                        )?);
                        wanted.next();
                    }
                    Some(_) => {}
                }
            }
        }
        Ok(Box::new(ConstScorer::new(
            BitSetDocSet::from(paragraphs),
            boost,
        )))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} is not in the set"
            )));
        }
        Ok(Explanation::new("a paragraph of one of the documents", 1.0))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use tantivy::collector::DocSetCollector;
    use tantivy::schema::{Schema, STORED, STRING};
    use tantivy::{doc, Index, IndexWriter, TantivyDocument};

    use super::*;

    /// Documents d000…d199 with three paragraphs each, written in two commits (two segments),
    /// d007 deleted; the searcher, the field and the ids of each found paragraph.
    fn library() -> (Searcher, Field, impl Fn(&dyn Query) -> BTreeSet<String>) {
        let mut schema = Schema::builder();
        let field = schema.add_text_field("doc", STRING | STORED);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for half in [0..100, 100..200] {
            for n in half {
                for _ in 0..3 {
                    writer
                        .add_document(doc!(field => format!("d{n:03}")))
                        .unwrap();
                }
            }
            writer.commit().unwrap();
        }
        writer.delete_term(Term::from_field_text(field, "d007"));
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert!(searcher.segment_readers().len() >= 2);
        let found_by = searcher.clone();
        let found = move |query: &dyn Query| -> BTreeSet<String> {
            let addresses = found_by.search(query, &DocSetCollector).unwrap();
            addresses
                .into_iter()
                .map(|a| {
                    let doc: TantivyDocument = found_by.doc(a).unwrap();
                    let value = doc.get_first(field).unwrap();
                    tantivy::schema::Value::as_str(&value).unwrap().to_string()
                })
                .collect()
        };
        (searcher, field, found)
    }

    #[test]
    fn a_few_many_or_known_documents_find_the_same_paragraphs() {
        let (searcher, field, found) = library();
        let known = Some(Arc::new(DocPostings::of(&searcher, field)));
        let few: Vec<String> = ["d003", "d007", "d125", "nothing"]
            .map(String::from)
            .to_vec();
        let many: Vec<String> = (0..200).step_by(2).map(|n| format!("d{n:03}")).collect();
        for ids in [&few, &many] {
            let expected: BTreeSet<String> = ids
                .iter()
                .filter(|id| id.as_str() != "d007" && *id != "nothing")
                .cloned()
                .collect();
            // Looked up (a few of 100 a segment), streamed (many), or read from the known
            // postings: the same documents, the deleted one left out.
            assert_eq!(found(&DocIds::new(field, ids, None)), expected);
            assert_eq!(found(&DocIds::new(field, ids, known.clone())), expected);
        }
        // Counted (tantivy's count skips deleted paragraphs by itself): d007 is not counted.
        let count = |ids: &[String]| {
            let query = DocIds::new(field, ids, known.clone());
            searcher.search(&query, &tantivy::collector::Count).unwrap()
        };
        assert_eq!(count(&few), 2 * 3);
        assert_eq!(count(&many), 100 * 3);
    }
}
