//! The query plan: a request and its parsed syntax → one tantivy query, its clauses (what must
//! match), boosts (what ranks first) and filters (documents, sections, dates).

use std::ops::Bound;

use serde::{Deserialize, Serialize};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, Query, RangeQuery,
    TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::syntax::{self, ParsedQuery};
use super::{materialize, optional, versions};
use crate::analyze::{self, fold_str};
use crate::error::{Error, Result};
use crate::index::substring::{level_is_query, level_query, ranking_queries, substring_query};
use crate::index::{Fields, Manifest};
use crate::parse::{docno, structure, Date, Metadata};

/// Score added for each part found as typed, so that synonym-only matches rank after exact ones.
const EXACT_BONUS: f32 = 1000.0;

/// Score added for each part a paragraph holds in its own text (not only in its document's
/// names), so that paragraphs that say what was typed rank before those found through their
/// document.
const TEXT_BONUS: f32 = 2000.0;

/// Score that puts an article's own paragraphs first when its number is typed (第十二条).
const ARTICLE_BONUS: f32 = 500.0;

/// Score that puts the paragraphs of the article named in a named document first (民法典
/// 第一千零三十五条), in their order: each next paragraph [`NAMED_ARTICLE_STEP`] less, a step
/// larger than all other scores of a paragraph together.
const NAMED_ARTICLE_BONUS: f32 = 1e9;
const NAMED_ARTICLE_STEP: f32 = 1e5;

/// What the engine looked up before the query is built: the documents each part names, and the
/// paragraphs of an article named in a named document.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    /// For each required part (in order), the ids of the documents whose names hold it: their
    /// paragraphs satisfy the part through their document.
    pub named_by_part: Vec<Vec<String>>,
    /// Keys of the paragraphs of the named article, in order: they rank first.
    pub article_paragraphs: Vec<String>,
}

/// The most hits one request may ask for.
pub const MAX_LIMIT: usize = 1_000_000;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    #[default]
    Relevance,
    Date,
}

/// A search as asked for by the CLI or the API.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub query: String,
    pub limit: usize,
    pub offset: usize,
    /// Restrict to documents: exact ids, or parts of ids when nothing matches exactly.
    pub doc: Option<String>,
    /// Restrict to documents whose 发文字号 contains this (any bracket style).
    pub doc_number: Option<String>,
    /// Restrict to paragraphs whose section path contains this.
    pub section: Option<String>,
    /// Restrict to documents of this region (any form: 上海, 上海市).
    pub region: Option<String>,
    /// Restrict to documents about this year (or years, `2025..2026`).
    pub year: Option<String>,
    /// Restrict to documents of this 文种 (办法, 通知…).
    pub kind: Option<String>,
    /// Restrict to documents whose issuing body's name contains this.
    pub issuer: Option<String>,
    /// Restrict to documents of this 效力级别 (法律, 行政法规…).
    pub level: Option<String>,
    /// Restrict to documents of this 时效性 (现行有效, 已修改, 已废止, 尚未生效).
    pub status: Option<String>,
    /// Inclusive bounds, YYYY[-MM[-DD]].
    pub from: Option<String>,
    pub to: Option<String>,
    pub sort: Sort,
    /// Count hits per document, top-level section and year.
    pub facets: bool,
    /// Let a synonym stand in for a part (高新区 for 高新技术产业开发区). Counts that people quote
    /// (trends, exports) turn it off, so that they count what was typed.
    pub synonyms: bool,
    /// A part may be satisfied by the paragraph's document (its title, 文号 or issuer), not
    /// only by its text. Off for counts of what texts say (trends, the rarity of words).
    pub through_documents: bool,
}

impl SearchRequest {
    pub fn new(query: impl Into<String>) -> Self {
        SearchRequest {
            query: query.into(),
            limit: 10,
            offset: 0,
            doc: None,
            doc_number: None,
            section: None,
            region: None,
            year: None,
            kind: None,
            issuer: None,
            level: None,
            status: None,
            from: None,
            to: None,
            sort: Sort::Relevance,
            facets: false,
            synonyms: true,
            through_documents: true,
        }
    }

    /// The request's query, parsed; without synonyms when they are off.
    pub fn parse(&self) -> std::result::Result<ParsedQuery, syntax::QueryError> {
        let mut parsed = syntax::parse(&self.query)?;
        if !self.synonyms {
            parsed.drop_synonyms();
        }
        Ok(parsed)
    }
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
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (i, (part, alternatives)) in parsed.required.iter().zip(&parsed.alternatives).enumerate() {
        // Exactness decides membership; its own score is kept small so that BM25 on words ranks.
        let exact = BoostQuery::new(substring_query(f.grams, part), 0.1);
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
                    TEXT_BONUS,
                )),
            ));
            any.push((
                Occur::Should,
                Box::new(ConstScoreQuery::new(doc_ids_query(f.doc, ids), 0.0)),
            ));
        }
        if any.len() == 1 {
            clauses.extend(any.into_iter().map(|(_, q)| (Occur::Must, q)));
        } else {
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        if !alternatives.is_empty() {
            let as_typed = ConstScoreQuery::new(substring_query(f.grams, part), EXACT_BONUS);
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
                ARTICLE_BONUS,
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
                NAMED_ARTICLE_BONUS - NAMED_ARTICLE_STEP * i.min(4000) as f32,
            )),
        ));
    }
    if parsed.required.len() > 1 {
        // The parts side by side, as typed without the spaces, rank first.
        let joined: String = parsed.required.concat();
        clauses.push((
            Occur::Should,
            Box::new(BoostQuery::new(substring_query(f.grams, &joined), 5.0)),
        ));
    }
    if !hidden.is_empty() {
        clauses.push((
            Occur::MustNot,
            Box::new(materialize::Materialized(doc_ids_query(f.doc, hidden))),
        ));
    }
    for part in &parsed.excluded {
        clauses.push((
            Occur::MustNot,
            Box::new(materialize::Materialized(substring_query(f.grams, part))),
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
            &Resolved::default(),
        )?;
        clauses.push((Occur::MustNot, alone));
    }
    let mut filters: Vec<Box<dyn Query>> = Vec::new();
    for t in &parsed.title {
        // Titles are the documents': the documents whose title contains the text.
        let ids = titled_docs(manifest, t);
        filters.push(doc_ids_query(f.doc, &ids));
    }
    let section_filters = parsed
        .section
        .iter()
        .cloned()
        .chain(request.section.as_deref().map(fold_str));
    for s in section_filters {
        if analyze::has_searchable_char(&s) {
            filters.push(level_query(f.section_levels, &s));
        }
    }
    let doc_filters = typed_and_requested(&parsed.doc, &request.doc);
    if !doc_filters.is_empty() {
        let ids = resolve_docs(manifest, &doc_filters);
        if ids.is_empty() && request.doc.is_some() {
            return Err(Error::UnknownDocument(
                request.doc.clone().unwrap_or_default(),
            ));
        }
        filters.push(doc_ids_query(f.doc, &ids));
    }
    let number_filters = typed_and_requested(&parsed.doc_number, &request.doc_number);
    if !number_filters.is_empty() {
        let ids = resolve_doc_numbers(manifest, &number_filters);
        filters.push(doc_ids_query(f.doc, &ids));
    }
    for region in typed_and_requested(&parsed.region, &request.region) {
        let short = crate::parse::region::short_form(&region);
        filters.push(Box::new(TermQuery::new(
            Term::from_field_text(f.region, &short),
            IndexRecordOption::Basic,
        )));
    }
    let requested_years = match &request.year {
        Some(y) => {
            Some(syntax::year_range(y).ok_or_else(|| syntax::QueryError::BadYear(y.clone()))?)
        }
        None => None,
    };
    let year_from = [requested_years.map(|r| r.0), parsed.year_from]
        .into_iter()
        .flatten()
        .max();
    let year_to = [requested_years.map(|r| r.1), parsed.year_to]
        .into_iter()
        .flatten()
        .min();
    if year_from.is_some() || year_to.is_some() {
        // The year the document is about (the `year` field), not the year of its date.
        let bound = |v: Option<u64>| {
            v.map_or(Bound::Unbounded, |v| {
                Bound::Included(Term::from_field_u64(f.year, v))
            })
        };
        filters.push(Box::new(RangeQuery::new(bound(year_from), bound(year_to))));
    }
    let kind_filters = typed_and_requested(&parsed.kind, &request.kind);
    if !kind_filters.is_empty() {
        let ids = docs_where(manifest, |m| {
            let kind = m.kind.as_deref().map(fold_str).unwrap_or_default();
            kind_filters.iter().any(|k| fold_str(k) == kind)
        });
        filters.push(doc_ids_query(f.doc, &ids));
    }
    let issuer_filters = typed_and_requested(&parsed.issuer, &request.issuer);
    if !issuer_filters.is_empty() {
        let ids = docs_where(manifest, |m| {
            let issuer = m.issuer.as_deref().map(fold_str).unwrap_or_default();
            issuer_filters.iter().any(|i| issuer.contains(&fold_str(i)))
        });
        filters.push(doc_ids_query(f.doc, &ids));
    }
    let level_filters = typed_and_requested(&parsed.level, &request.level);
    if !level_filters.is_empty() {
        let ids = docs_where(manifest, |m| {
            let level = m.level.as_deref().map(fold_str).unwrap_or_default();
            level_filters.iter().any(|l| fold_str(l) == level)
        });
        filters.push(doc_ids_query(f.doc, &ids));
    }
    let status_filters = typed_and_requested(&parsed.status, &request.status);
    if !status_filters.is_empty() || parsed.in_force.is_some() {
        // Validity is the corpus's (a newer version, a repeal), not one document's metadata.
        let validity = manifest.map(|m| versions::of_corpus(m, Date::today()));
        let ids: Vec<String> = validity
            .iter()
            .flatten()
            .filter(|(_, v)| {
                status_filters.is_empty() || status_filters.iter().any(|s| fold_str(s) == v.status)
            })
            .filter(|(_, v)| parsed.in_force.is_none_or(|day| v.in_force_on(day)))
            .map(|(id, _)| id.clone())
            .collect();
        filters.push(doc_ids_query(f.doc, &ids));
    }
    for &article in &parsed.article {
        // An article's heading, written either way: 第十二条 or 第12条.
        let written = [
            format!("第{}条", structure::chinese_numeral(article)),
            format!("第{article}条"),
        ];
        let any: Vec<(Occur, Box<dyn Query>)> = written
            .iter()
            .map(|w| (Occur::Should, level_query(f.section_levels, w)))
            .collect();
        filters.push(Box::new(BooleanQuery::new(any)));
    }
    let from = match &request.from {
        Some(d) => Some(syntax::date_bound(d, false)?),
        None => None,
    };
    let to = match &request.to {
        Some(d) => Some(syntax::date_bound(d, true)?),
        None => None,
    };
    let from = [from, parsed.date_from].into_iter().flatten().max();
    let to = [to, parsed.date_to].into_iter().flatten().min();
    if from.is_some() || to.is_some() {
        let bound = |v: Option<u64>| {
            v.map_or(Bound::Unbounded, |v| {
                Bound::Included(Term::from_field_u64(f.date_num, v))
            })
        };
        filters.push(Box::new(RangeQuery::new(bound(from), bound(to))));
    }
    for filter in filters {
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
    Ok(Box::new(optional::RequiredWithOptional {
        required,
        optional: optional.into_iter().map(|(_, q)| q).collect(),
    }))
}

/// Documents whose metadata passes `keep`.
fn docs_where(manifest: Option<&Manifest>, keep: impl Fn(&Metadata) -> bool) -> Vec<String> {
    let Some(manifest) = manifest else {
        return Vec::new();
    };
    manifest
        .files
        .iter()
        .filter(|(_, e)| keep(&e.metadata))
        .map(|(id, _)| id.clone())
        .collect()
}

/// A filter's values from the query text and from the request's own parameter.
fn typed_and_requested(typed: &[String], requested: &Option<String>) -> Vec<String> {
    typed.iter().cloned().chain(requested.clone()).collect()
}

/// Any of these documents (none when the list is empty).
fn doc_ids_query(field: Field, ids: &[String]) -> Box<dyn Query> {
    if ids.is_empty() {
        return Box::new(EmptyQuery);
    }
    // One pass over the term dictionary, not one scorer per document: title:政府 names thousands.
    Box::new(TermSetQuery::new(
        ids.iter().map(|id| Term::from_field_text(field, id)),
    ))
}

/// Documents whose folded title contains `part` (folded).
fn titled_docs(manifest: Option<&Manifest>, part: &str) -> Vec<String> {
    let Some(manifest) = manifest else {
        return Vec::new();
    };
    let part = fold_str(part);
    manifest
        .files
        .iter()
        .filter(|(_, e)| fold_str(&e.metadata.title).contains(&part))
        .map(|(id, _)| id.clone())
        .collect()
}

/// Documents whose 发文字号 contains any of the numbers, whatever their bracket style.
fn resolve_doc_numbers(manifest: Option<&Manifest>, numbers: &[String]) -> Vec<String> {
    let Some(manifest) = manifest else {
        return Vec::new();
    };
    let wanted: Vec<String> = numbers.iter().map(|n| docno::normalize(n)).collect();
    manifest
        .files
        .iter()
        .filter(|(_, e)| {
            e.metadata.doc_number.as_deref().is_some_and(|n| {
                let n = docno::normalize(n);
                wanted.iter().any(|w| n.contains(w.as_str()))
            })
        })
        .map(|(id, _)| id.clone())
        .collect()
}

/// Document ids named by the filters: exact ids, else ids that contain the text.
fn resolve_docs(manifest: Option<&Manifest>, filters: &[String]) -> Vec<String> {
    let Some(manifest) = manifest else {
        return Vec::new();
    };
    let mut ids = Vec::new();
    for filter in filters {
        if manifest.files.contains_key(filter) {
            ids.push(filter.clone());
            continue;
        }
        let folded = fold_str(filter);
        ids.extend(
            manifest
                .files
                .iter()
                .filter(|(id, e)| {
                    fold_str(id).contains(&folded) || fold_str(&e.metadata.title).contains(&folded)
                })
                .map(|(id, _)| id.clone()),
        );
    }
    ids.sort();
    ids.dedup();
    ids
}
