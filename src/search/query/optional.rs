//! Required clauses, and optional ones scored only where the required ones match.
//!
//! tantivy combines a boolean query's SHOULD clauses into a buffered union that, in every window
//! of 4096 documents it visits, reads and scores every posting of every optional clause. With a
//! rare required phrase and common ranking words (全面, 精神, 发展) that is nearly every posting
//! of the words. Here each optional clause is sought to the documents the required clauses
//! match, and scored there only. Matches and scores are those of the boolean query: the
//! required score plus the scores of the optional clauses that match.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED};

#[derive(Debug)]
pub struct RequiredWithOptional {
    pub required: Box<dyn Query>,
    pub optional: Vec<Box<dyn Query>>,
}

impl Clone for RequiredWithOptional {
    fn clone(&self) -> Self {
        RequiredWithOptional {
            required: self.required.box_clone(),
            optional: self.optional.iter().map(|q| q.box_clone()).collect(),
        }
    }
}

impl Query for RequiredWithOptional {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let required = self.required.weight(enable_scoring)?;
        if !enable_scoring.is_scoring_enabled() {
            // Counting only: the optional clauses change no match.
            return Ok(required);
        }
        let optional = self
            .optional
            .iter()
            .map(|q| q.weight(enable_scoring))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(RequiredWithOptionalWeight { required, optional }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        self.required.query_terms(visitor);
        for q in &self.optional {
            q.query_terms(visitor);
        }
    }
}

struct RequiredWithOptionalWeight {
    required: Box<dyn Weight>,
    optional: Vec<Box<dyn Weight>>,
}

impl Weight for RequiredWithOptionalWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let required = self.required.scorer(reader, boost)?;
        if required.doc() == TERMINATED {
            return Ok(required);
        }
        let mut optional = Vec::with_capacity(self.optional.len());
        for weight in &self.optional {
            let scorer = weight.scorer(reader, boost)?;
            if scorer.doc() != TERMINATED {
                optional.push(scorer);
            }
        }
        Ok(Box::new(RequiredWithOptionalScorer { required, optional }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let required = self.required.explain(reader, doc)?;
        let optional: Vec<Explanation> = self
            .optional
            .iter()
            .filter_map(|w| w.explain(reader, doc).ok())
            .collect();
        let total = required.value() + optional.iter().map(|e| e.value()).sum::<Score>();
        let mut explanation =
            Explanation::new("required, plus the optional clauses that match", total);
        explanation.add_detail(required);
        for e in optional {
            explanation.add_detail(e);
        }
        Ok(explanation)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.required.count(reader)
    }
}

struct RequiredWithOptionalScorer {
    required: Box<dyn Scorer>,
    optional: Vec<Box<dyn Scorer>>,
}

impl DocSet for RequiredWithOptionalScorer {
    fn advance(&mut self) -> DocId {
        self.required.advance()
    }
    fn seek(&mut self, target: DocId) -> DocId {
        self.required.seek(target)
    }
    fn doc(&self) -> DocId {
        self.required.doc()
    }
    fn size_hint(&self) -> u32 {
        self.required.size_hint()
    }
    fn cost(&self) -> u64 {
        self.required.cost()
    }
}

impl Scorer for RequiredWithOptionalScorer {
    fn score(&mut self) -> Score {
        let doc = self.required.doc();
        let mut score = self.required.score();
        for scorer in &mut self.optional {
            let mut at = scorer.doc();
            if at < doc {
                at = scorer.seek(doc);
            }
            if at == doc {
                score += scorer.score();
            }
        }
        score
    }
}
