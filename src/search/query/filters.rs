//! The filters of a search: which documents (id, title, 文号, region, year, 文种, issuer,
//! 效力级别, 时效性) and which paragraphs (section, article, date) it may find. Filters only
//! narrow; they never score (the plan wraps each in a zero-score clause).

use std::ops::Bound;
use std::sync::Arc;

use tantivy::query::{BooleanQuery, EmptyQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::bigrams::level_query;
use super::doc_ids::{DocIds, DocPostings};
use crate::analyze::{self, fold_str};
use crate::error::{Error, Result};
use crate::index::{Fields, Manifest};
use crate::parse::{doc_number, Date, Metadata};
use crate::search::request::SearchRequest;
use crate::search::syntax::{self, ParsedQuery};
use crate::search::versions::{self, Validities};
use crate::text::numerals;

/// The filters of the request and of its parsed query, each a query of the paragraphs it keeps.
pub fn filters(
    fields: &Fields,
    parsed: &ParsedQuery,
    request: &SearchRequest,
    manifest: Option<&Manifest>,
    validity: Option<&Validities>,
    documents: &DocumentSets,
) -> Result<Vec<Box<dyn Query>>> {
    let f = fields;
    let mut filters: Vec<Box<dyn Query>> = Vec::new();
    for t in &parsed.title {
        // Titles are the documents': the documents whose title contains the text.
        let ids = titled_docs(manifest, t);
        filters.push(documents.query(&ids));
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
        filters.push(documents.query(&ids));
    }
    let number_filters = typed_and_requested(&parsed.doc_number, &request.doc_number);
    if !number_filters.is_empty() {
        let ids = resolve_doc_numbers(manifest, &number_filters);
        filters.push(documents.query(&ids));
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
        filters.push(documents.query(&ids));
    }
    let issuer_filters = typed_and_requested(&parsed.issuer, &request.issuer);
    if !issuer_filters.is_empty() {
        let ids = docs_where(manifest, |m| {
            let issuer = m.issuer.as_deref().map(fold_str).unwrap_or_default();
            issuer_filters.iter().any(|i| issuer.contains(&fold_str(i)))
        });
        filters.push(documents.query(&ids));
    }
    for ids in law_filters(parsed, request, manifest, validity) {
        filters.push(documents.query(&ids));
    }
    for &article in &parsed.article {
        // An article's heading, written either way: 第十二条 or 第12条.
        let written = [
            format!("第{}条", numerals::chinese_numeral(article)),
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
    Ok(filters)
}

/// The documents each law filter of a query keeps: 效力级别 (`level:`), 时效性 (`status:`) and
/// the day in force (`in-force:`), one list per filter the query has. Validity is the corpus's
/// (a newer version, a repeal), not one document's metadata: `validity` when the engine keeps
/// it, else worked out from the manifest.
pub fn law_filters(
    parsed: &ParsedQuery,
    request: &SearchRequest,
    manifest: Option<&Manifest>,
    validity: Option<&Validities>,
) -> Vec<Vec<String>> {
    let mut kept = Vec::new();
    let level_filters = typed_and_requested(&parsed.level, &request.level);
    if !level_filters.is_empty() {
        kept.push(docs_where(manifest, |m| {
            let level = m.level.as_deref().map(fold_str).unwrap_or_default();
            level_filters.iter().any(|l| fold_str(l) == level)
        }));
    }
    let status_filters = typed_and_requested(&parsed.status, &request.status);
    if !status_filters.is_empty() || parsed.in_force.is_some() {
        let worked_out;
        let validity = match (validity, manifest) {
            (Some(validity), _) => Some(validity),
            (None, Some(m)) => {
                worked_out = versions::of_corpus(m, Date::today());
                Some(&worked_out)
            }
            (None, None) => None,
        };
        kept.push(
            validity
                .into_iter()
                .flatten()
                .filter(|(_, v)| {
                    status_filters.is_empty()
                        || status_filters.iter().any(|s| fold_str(s) == v.status)
                })
                .filter(|(_, v)| parsed.in_force.is_none_or(|day| v.in_force_on(day)))
                .map(|(id, _)| id.clone())
                .collect(),
        );
    }
    kept
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

/// The queries of sets of documents, with where their paragraphs are when the engine knows.
pub struct DocumentSets {
    field: Field,
    postings: Option<Arc<DocPostings>>,
}

impl DocumentSets {
    pub fn new(field: Field, postings: Option<Arc<DocPostings>>) -> DocumentSets {
        DocumentSets { field, postings }
    }

    /// Any of these documents (none when the list is empty).
    pub fn query(&self, ids: &[String]) -> Box<dyn Query> {
        if ids.is_empty() {
            return Box::new(EmptyQuery);
        }
        Box::new(DocIds::new(self.field, ids, self.postings.clone()))
    }
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
    let wanted: Vec<String> = numbers.iter().map(|n| doc_number::normalize(n)).collect();
    manifest
        .files
        .iter()
        .filter(|(_, e)| {
            e.metadata.doc_number.as_deref().is_some_and(|n| {
                let n = doc_number::normalize(n);
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
