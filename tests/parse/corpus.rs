//! The corpora are there: the documents the other tests read.

use crate::support::*;

fn check_documents(corpus: &Corpus, count: usize, min_paragraphs: usize) {
    assert_eq!(corpus.docs.len(), count);
    for (id, doc) in corpus.iter() {
        assert!(
            doc.paragraphs.len() >= min_paragraphs,
            "{id}: only {} paragraphs",
            doc.paragraphs.len()
        );
        assert_eq!(doc.metadata.encoding, "UTF-8", "{id}");
    }
}

#[test]
fn the_fixtures_are_the_reference_document_four_reports_and_two_notices() {
    check_documents(&FIXTURES, 7, 10);
    assert_eq!(FIXTURES.reports().count(), 4);
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn the_shared_corpus_holds_the_reference_document_and_25_reports() {
    check_documents(shared(), 26, 15);
}
