//! The query plan: a request and its parsed syntax → one tantivy query. Required clauses decide
//! what matches (each part found exactly, `bigrams.rs`; the filters, `filters.rs`); optional
//! clauses only rank (BM25 over the words, `ranking.rs`; the bonuses of `weights.rs`), and are
//! scored only where the required ones match (`optional.rs`).

use std::sync::Arc;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use super::bigrams::{level_is_query, substring_query};
use super::doc_ids::DocPostings;
use super::filters::{self, DocumentSets};
use super::materialize::Materialized;
use super::optional::RequiredWithOptional;
use super::ranking::ranking_queries;
use super::weights::WEIGHTS;
use crate::analyze::{self, fold_str};
use crate::error::Result;
use crate::index::{Fields, Manifest};
use crate::search::request::SearchRequest;
use crate::search::syntax::ParsedQuery;
use crate::search::versions::Validities;

/// What the engine looked up before the query is built: the documents each part names, and the
/// paragraphs of an article named in a named document.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    /// For each required part (in order), the ids of the documents whose names hold it: their
    /// paragraphs satisfy the part through their document.
    pub named_by_part: Vec<Vec<String>>,
    /// Keys of the paragraphs of the named article, in order: they rank first.
    pub article_paragraphs: Vec<String>,
    /// The corpus's validity as of today, when the query filters by it (the engine keeps it per
    /// commit; without it the filter works it out).
    pub validity: Option<Arc<Validities>>,
    /// Where each document's paragraphs are (the engine keeps it per commit; without it a
    /// document filter looks its documents up).
    pub doc_postings: Option<Arc<DocPostings>>,
}

/// The tantivy query for a request: `hidden` documents (other formats of a shown one) left out.
pub fn build(
    fields: &Fields,
    parsed: &ParsedQuery,
    request: &SearchRequest,
    manifest: Option<&Manifest>,
    hidden: &[String],
    resolved: &Resolved,
) -> Result<Box<dyn Query>> {
    let f = fields;
    let documents = DocumentSets::new(f.doc, resolved.doc_postings.clone());
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (i, (part, alternatives)) in parsed.required.iter().zip(&parsed.alternatives).enumerate() {
        // Exactness decides membership; its own score is kept small so that BM25 on words ranks.
        let exact = BoostQuery::new(substring_query(f.grams, part), WEIGHTS.exact_match);
        // A synonym may stand in for the part, and so may the paragraph's document when its
        // names hold the part; but paragraphs with the part as typed come first.
        let mut any: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Should, Box::new(exact))];
        for alternative in alternatives {
            any.push((Occur::Should, substring_query(f.grams, alternative)));
        }
        let named = resolved.named_by_part.get(i).filter(|ids| !ids.is_empty());
        if let Some(ids) = named {
            let in_text: Vec<(Occur, Box<dyn Query>)> = std::iter::once(part)
                .chain(alternatives)
                .map(|p| (Occur::Should, substring_query(f.grams, p)))
                .collect();
            clauses.push((
                Occur::Should,
                Box::new(ConstScoreQuery::new(
                    Box::new(BooleanQuery::new(in_text)),
                    WEIGHTS.in_text,
                )),
            ));
            any.push((
                Occur::Should,
                Box::new(ConstScoreQuery::new(documents.query(ids), 0.0)),
            ));
        }
        if any.len() == 1 {
            clauses.extend(any.into_iter().map(|(_, q)| (Occur::Must, q)));
        } else {
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        if !alternatives.is_empty() {
            let as_typed = ConstScoreQuery::new(substring_query(f.grams, part), WEIGHTS.as_typed);
            clauses.push((Occur::Should, Box::new(as_typed)));
        }
        let words: Vec<String> = std::iter::once(part)
            .chain(alternatives)
            .flat_map(|p| analyze::words(p))
            .collect();
        // Optional clauses: each is scored only where the required clauses match.
        for rank in ranking_queries(f.grams, part, &words) {
            clauses.push((Occur::Should, rank));
        }
    }
    for article in &parsed.articles {
        // A paragraph in the article, or one that mentions it (第二十五条 or 第25条).
        let headings = article.headings().map(|h| fold_str(&h));
        let mut any: Vec<(Occur, Box<dyn Query>)> = headings
            .iter()
            .chain(std::iter::once(&article.typed))
            .map(|h| (Occur::Should, substring_query(f.grams, h)))
            .collect();
        any.push((
            Occur::Should,
            Box::new(ConstScoreQuery::new(
                level_is_query(f.section_levels, &headings),
                0.0,
            )),
        ));
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        // The paragraphs of that article rank before mentions of it.
        clauses.push((
            Occur::Should,
            Box::new(ConstScoreQuery::new(
                level_is_query(f.section_levels, &headings),
                WEIGHTS.article,
            )),
        ));
    }
    for (i, key) in resolved.article_paragraphs.iter().enumerate() {
        // The named article of the named document first, its paragraphs in their order.
        clauses.push((
            Occur::Should,
            Box::new(ConstScoreQuery::new(
                Box::new(TermQuery::new(
                    Term::from_field_text(f.key, key),
                    IndexRecordOption::Basic,
                )),
                WEIGHTS.named_article_paragraph(i),
            )),
        ));
    }
    if parsed.required.len() > 1 {
        // The parts side by side, as typed without the spaces, rank first.
        let joined: String = parsed.required.concat();
        clauses.push((
            Occur::Should,
            Box::new(BoostQuery::new(
                substring_query(f.grams, &joined),
                WEIGHTS.side_by_side,
            )),
        ));
    }
    if !hidden.is_empty() {
        clauses.push((
            Occur::MustNot,
            Box::new(Materialized(documents.query(hidden))),
        ));
    }
    for part in &parsed.excluded {
        clauses.push((
            Occur::MustNot,
            Box::new(Materialized(substring_query(f.grams, part))),
        ));
    }
    for negated in &parsed.negated {
        // `-year:2025`: what that filter alone would find is left out.
        let alone = build(
            fields,
            negated,
            &SearchRequest::new(""),
            manifest,
            &[],
            &Resolved {
                validity: resolved.validity.clone(),
                doc_postings: resolved.doc_postings.clone(),
                ..Resolved::default()
            },
        )?;
        clauses.push((Occur::MustNot, alone));
    }
    for filter in filters::filters(
        fields,
        parsed,
        request,
        manifest,
        resolved.validity.as_deref(),
        &documents,
    )? {
        clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))));
    }
    if !clauses.iter().any(|(o, _)| *o == Occur::Must) {
        clauses.push((
            Occur::Must,
            Box::new(ConstScoreQuery::new(Box::new(AllQuery), 0.0)),
        ));
    }
    // What matches is decided by the required clauses alone; the optional ones only rank.
    let (optional, required): (Vec<_>, Vec<_>) =
        clauses.into_iter().partition(|(o, _)| *o == Occur::Should);
    let required: Box<dyn Query> = Box::new(BooleanQuery::new(required));
    if optional.is_empty() {
        return Ok(required);
    }
    Ok(Box::new(RequiredWithOptional {
        required,
        optional: optional.into_iter().map(|(_, q)| q).collect(),
    }))
}
