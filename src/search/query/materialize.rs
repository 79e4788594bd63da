//! A query whose matches are collected into a bit set before use.
//!
//! Used for exclusions (`-word`): tantivy 0.27's exclusion probes its excluded docset with
//! `seek_danger`, which the phrase scorer does not tolerate when its position is past the
//! target (a debug assertion fires). A bit set answers any probe in any order.

use tantivy::query::{
    BitSetDocSet, ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::{BitSet, DocId, DocSet, Score, SegmentReader, TERMINATED};

#[derive(Debug)]
pub struct Materialized(pub Box<dyn Query>);

impl Clone for Materialized {
    fn clone(&self) -> Self {
        Materialized(self.0.box_clone())
    }
}

impl Query for Materialized {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let inner = self.0.weight(enable_scoring)?;
        Ok(Box::new(MaterializedWeight(inner)))
    }
}

struct MaterializedWeight(Box<dyn Weight>);

impl Weight for MaterializedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut bits = BitSet::with_max_value(reader.max_doc());
        let mut inner = self.0.scorer(reader, boost)?;
        let mut doc = inner.doc();
        while doc != TERMINATED {
            bits.insert(doc);
            doc = inner.advance();
        }
        Ok(Box::new(ConstScorer::new(BitSetDocSet::from(bits), boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.0.explain(reader, doc)
    }
}
