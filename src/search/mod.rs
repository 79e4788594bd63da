//! Search: an [`Engine`] opened once over the index, answering [`SearchRequest`]s.
//!
//! Recall is that of a substring search: every part of the query is matched as a phrase of
//! character bigrams (or as a character), which finds it wherever it occurs, however jieba cut
//! it. Ranking is BM25 on the jieba words of the query, with paragraphs that hold the whole query
//! as typed ahead of those that hold its parts apart.

mod facets;
pub mod highlight;
mod materialize;
mod optional;
pub mod query;

use std::collections::BTreeMap;
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, Query, RangeQuery,
    TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption, TantivyDocument, Value};
use tantivy::{DocAddress, Index, IndexReader, Order, ReloadPolicy, Searcher, Term};

use crate::analyze::{self, fold_str};
use crate::error::{Error, Result};
use crate::index::query::substring_query;
use crate::index::{self, Fields, Manifest, SECTION_SEPARATOR};
pub use facets::{FacetCount, Facets};
pub use query::{ParsedQuery, QueryError};

/// Score added for each part found as typed, so that synonym-only matches rank after exact ones.
const EXACT_BONUS: f32 = 1000.0;

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
    /// Inclusive bounds, YYYY[-MM[-DD]].
    pub from: Option<String>,
    pub to: Option<String>,
    pub sort: Sort,
    /// Count hits per document, top-level section and year.
    pub facets: bool,
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
            from: None,
            to: None,
            sort: Sort::Relevance,
            facets: false,
        }
    }
}

/// One paragraph found.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Hit {
    pub doc: String,
    pub paragraph: u64,
    pub title: String,
    pub date: Option<String>,
    pub section: Vec<String>,
    /// 1-based page the paragraph starts on, in paged documents (PDF, OFD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    pub text: String,
    /// HTML-escaped text around the first match, matches in `<mark>`.
    pub snippet: String,
    pub score: f32,
    /// The same document in other formats (same text, paragraph for paragraph): listed here
    /// instead of as hits of their own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<String>,
}

/// The answer to a search: the same shape for the CLI's `--json` and the API.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SearchResults {
    pub query: String,
    pub total: usize,
    pub took_ms: f64,
    pub hits: Vec<Hit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<Facets>,
    /// Hits grouped by document (when asked for): one entry per document, most hits first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<Group>>,
    /// Synonyms the query was expanded with; their matches rank after exact ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub synonyms: Vec<String>,
    /// How many documents match, in the grouped view (groups are paged by `limit`/`offset`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_groups: Option<usize>,
}

/// One document's hits in the grouped view.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Group {
    pub doc: String,
    pub title: String,
    pub date: Option<String>,
    /// Paragraphs of this document that match.
    pub count: u64,
    /// Its best paragraphs.
    pub hits: Vec<Hit>,
    /// The same document in other formats, not listed as groups of their own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<String>,
}

/// A paragraph as exported and as shown in the reader.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ParagraphRecord {
    pub doc: String,
    pub paragraph: u64,
    pub title: String,
    pub date: Option<String>,
    pub section: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    pub text: String,
}

/// The index, opened once and shared by every search.
pub struct Engine {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    dir: PathBuf,
    /// The manifest of the commit the reader last loaded, by searcher generation.
    manifest: Mutex<Option<(u64, Arc<Manifest>)>>,
    /// Facet values of each segment, numbered once.
    facet_names: facets::FacetNames,
    /// [`SameText`] of the manifest last loaded, by searcher generation.
    same_text: Mutex<Option<(u64, Arc<SameText>)>>,
}

/// Documents that are one document in several formats (the same folded text, paragraph for
/// paragraph): result lists show one of them, which lists the others.
#[derive(Debug, Default)]
struct SameText {
    /// Ids not shown in result lists.
    hidden: Vec<String>,
    /// The shown id → the other formats' ids.
    others: BTreeMap<String, Vec<String>>,
}

impl SameText {
    fn of(manifest: &Manifest) -> SameText {
        let mut by_body: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (id, entry) in &manifest.files {
            if !entry.body.is_empty() {
                by_body.entry(&entry.body).or_default().push(id);
            }
        }
        let mut same = SameText::default();
        for mut ids in by_body.into_values().filter(|ids| ids.len() > 1) {
            // The most citable format is shown: a paged one (pages to cite) before Word, text.
            ids.sort_by_key(|id| {
                let format = manifest.files[*id].metadata.format.as_str();
                let rank = ["pdf", "ofd", "docx", "doc", "html", "text"]
                    .iter()
                    .position(|f| *f == format)
                    .unwrap_or(6);
                (rank, *id)
            });
            let shown = ids[0].to_string();
            let rest: Vec<String> = ids[1..].iter().map(|s| s.to_string()).collect();
            same.hidden.extend(rest.iter().cloned());
            same.others.insert(shown, rest);
        }
        same.hidden.sort();
        same
    }
}

impl Engine {
    pub fn open(dir: &Path) -> Result<Engine> {
        let (index, fields, _) = index::open(dir)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        Ok(Engine {
            index,
            reader,
            fields,
            dir: dir.to_path_buf(),
            manifest: Mutex::new(None),
            facet_names: facets::FacetNames::default(),
            same_text: Mutex::new(None),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Sees the latest commit now, instead of within the reload delay.
    pub fn reload(&self) -> Result<()> {
        Ok(self.reader.reload()?)
    }

    /// The manifest of the last commit: documents and their metadata.
    pub fn manifest(&self) -> Result<Arc<Manifest>> {
        let generation = self.reader.searcher().generation().generation_id();
        let mut cache = self.manifest.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((g, m)) = cache.as_ref() {
            if *g == generation {
                return Ok(m.clone());
            }
        }
        let metas = self.index.load_metas()?;
        let manifest = Arc::new(
            Manifest::from_payload(metas.payload.as_deref())
                .ok_or_else(|| Error::Internal("index has no manifest".into()))?,
        );
        *cache = Some((generation, manifest.clone()));
        Ok(manifest)
    }

    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let started = Instant::now();
        let parsed = query::parse(&request.query)?;
        let searcher = self.reader.searcher();
        self.facet_names.retain(&searcher);
        let manifest = self.manifest()?;
        let same_text = self.same_text(&parsed, request, &manifest);
        let query = self.build_query(&parsed, request, Some(&manifest), &same_text.hidden)?;
        let limit = request.limit.clamp(1, MAX_LIMIT);
        let offset = request.offset.min(MAX_LIMIT);
        let top = TopDocs::with_limit(limit).and_offset(offset);

        let (addresses, total, facets): (Vec<(f32, DocAddress)>, usize, Option<Facets>) =
            match (request.sort, request.facets) {
                (Sort::Relevance, false) => {
                    let (top, count) = searcher.search(&query, &(top.order_by_score(), Count))?;
                    (top, count, None)
                }
                (Sort::Relevance, true) => {
                    let (top, count, facets) = searcher.search(
                        &query,
                        &(
                            top.order_by_score(),
                            Count,
                            facets::FacetCollector::new(&self.facet_names),
                        ),
                    )?;
                    (top, count, Some(facets))
                }
                (Sort::Date, with_facets) => {
                    let by_date = top.order_by_u64_field("date_num", Order::Desc);
                    let (top, count, facets) = searcher.search(
                        &query,
                        &(
                            by_date,
                            Count,
                            facets::FacetCollector::new(&self.facet_names),
                        ),
                    )?;
                    let top = top.into_iter().map(|(_, a)| (0.0, a)).collect();
                    (top, count, with_facets.then_some(facets))
                }
            };

        let needles = parsed.highlights();
        let mut hits = Vec::with_capacity(addresses.len());
        for (score, address) in addresses {
            let record = self.record(&searcher, address)?;
            let ranges = highlight::match_ranges(&record.text, &needles);
            let snippet =
                highlight::snippet(&record.text, &ranges, Some(highlight::SNIPPET_CHARS)).to_html();
            let also = same_text
                .others
                .get(&record.doc)
                .cloned()
                .unwrap_or_default();
            hits.push(Hit {
                doc: record.doc,
                paragraph: record.paragraph,
                title: record.title,
                date: record.date,
                section: record.section,
                page: record.page,
                text: record.text,
                snippet,
                score,
                also,
            });
        }
        Ok(SearchResults {
            query: request.query.clone(),
            total,
            took_ms: (started.elapsed().as_secs_f64() * 1000.0 * 100.0).round() / 100.0,
            hits,
            facets: facets.map(|mut f| {
                f.truncate(facets::FACET_VALUES);
                self.label_docs(&mut f);
                f
            }),
            groups: None,
            synonyms: parsed.alternatives.iter().flatten().cloned().collect(),
            total_groups: None,
        })
    }

    /// Hits grouped by document: `limit` and `offset` page through documents, each with its
    /// `per_doc` best paragraphs.
    pub fn search_grouped(&self, request: &SearchRequest, per_doc: usize) -> Result<SearchResults> {
        let started = Instant::now();
        let all = SearchRequest {
            facets: true,
            limit: 1,
            offset: 0,
            ..request.clone()
        };
        let parsed = query::parse(&request.query)?;
        let manifest = self.manifest()?;
        let same_text = self.same_text(&parsed, request, &manifest);
        let query = self.build_query(&parsed, &all, Some(&manifest), &same_text.hidden)?;
        let searcher = self.reader.searcher();
        self.facet_names.retain(&searcher);
        let (total, mut facets) = searcher.search(
            &query,
            &(Count, facets::FacetCollector::new(&self.facet_names)),
        )?;
        let mut groups = Vec::new();
        for facet in facets
            .doc
            .iter()
            .skip(request.offset)
            .take(request.limit.clamp(1, 1000))
        {
            let one = SearchRequest {
                doc: Some(facet.value.clone()),
                facets: false,
                limit: per_doc,
                offset: 0,
                sort: Sort::Relevance,
                ..request.clone()
            };
            let hits = self.search(&one)?.hits;
            let meta = manifest.files.get(&facet.value).map(|e| &e.metadata);
            groups.push(Group {
                doc: facet.value.clone(),
                title: meta.map_or_else(|| facet.value.clone(), |m| m.title.clone()),
                date: meta.and_then(|m| m.date).map(|d| d.to_string()),
                count: facet.count,
                hits,
                also: same_text
                    .others
                    .get(&facet.value)
                    .cloned()
                    .unwrap_or_default(),
            });
        }
        let total_groups = facets.doc.len();
        facets.truncate(facets::FACET_VALUES);
        self.label_docs(&mut facets);
        Ok(SearchResults {
            query: request.query.clone(),
            total,
            took_ms: (started.elapsed().as_secs_f64() * 1000.0 * 100.0).round() / 100.0,
            hits: Vec::new(),
            facets: Some(facets),
            groups: Some(groups),
            synonyms: parsed.alternatives.iter().flatten().cloned().collect(),
            total_groups: Some(total_groups),
        })
    }

    /// Files with the same text as another, shown file: hidden from result lists, unless the
    /// search names documents itself.
    fn same_text(
        &self,
        parsed: &ParsedQuery,
        request: &SearchRequest,
        manifest: &Manifest,
    ) -> Arc<SameText> {
        if !parsed.doc.is_empty() || request.doc.is_some() {
            return Arc::default();
        }
        let generation = self.reader.searcher().generation().generation_id();
        let mut cache = self.same_text.lock().unwrap_or_else(|e| e.into_inner());
        match cache.as_ref() {
            Some((g, same)) if *g == generation => same.clone(),
            _ => {
                let same = Arc::new(SameText::of(manifest));
                *cache = Some((generation, same.clone()));
                same
            }
        }
    }

    /// Puts each document's title beside its id in the document facet.
    fn label_docs(&self, facets: &mut Facets) {
        if let Ok(manifest) = self.manifest() {
            for f in &mut facets.doc {
                f.label = manifest
                    .files
                    .get(&f.value)
                    .map(|e| e.metadata.title.clone());
            }
        }
    }

    fn build_query(
        &self,
        parsed: &ParsedQuery,
        request: &SearchRequest,
        manifest: Option<&Manifest>,
        hidden: &[String],
    ) -> Result<Box<dyn Query>> {
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (part, alternatives) in parsed.required.iter().zip(&parsed.alternatives) {
            // Exactness decides membership; its own score is kept small so that BM25 on words ranks.
            let exact = BoostQuery::new(substring_query(f.grams, part), 0.1);
            if alternatives.is_empty() {
                clauses.push((Occur::Must, Box::new(exact)));
            } else {
                // A synonym may stand in for the part, but paragraphs with the part as typed
                // come first.
                let mut any: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Should, Box::new(exact))];
                for alternative in alternatives {
                    any.push((Occur::Should, substring_query(f.grams, alternative)));
                }
                clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
                let as_typed = ConstScoreQuery::new(substring_query(f.grams, part), EXACT_BONUS);
                clauses.push((Occur::Should, Box::new(as_typed)));
            }
            let words: Vec<String> = std::iter::once(part)
                .chain(alternatives)
                .flat_map(|p| analyze::words(p))
                .collect();
            // One optional clause per word: each is scored only where the required clauses match.
            for word in &words {
                let field = match analyze::ranking_field(word) {
                    analyze::RankingField::Words => f.text,
                    analyze::RankingField::Grams => f.grams,
                };
                clauses.push((
                    Occur::Should,
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, word),
                        IndexRecordOption::WithFreqs,
                    )),
                ));
            }
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
                filters.push(substring_query(f.section_grams, &s));
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
        let from = match &request.from {
            Some(d) => Some(query::date_bound(d, false)?),
            None => None,
        };
        let to = match &request.to {
            Some(d) => Some(query::date_bound(d, true)?),
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

    /// A stored paragraph.
    fn record(&self, searcher: &Searcher, address: DocAddress) -> Result<ParagraphRecord> {
        let doc: TantivyDocument = searcher.doc(address)?;
        Ok(self.to_record(&doc))
    }

    fn to_record(&self, doc: &TantivyDocument) -> ParagraphRecord {
        let f = &self.fields;
        let text = |field: Field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        let date = text(f.date);
        let section = text(f.section);
        ParagraphRecord {
            doc: text(f.doc),
            paragraph: doc
                .get_first(f.paragraph)
                .and_then(|v| v.as_u64())
                .unwrap_or(0),
            title: text(f.title),
            date: (!date.is_empty()).then_some(date),
            section: if section.is_empty() {
                Vec::new()
            } else {
                section
                    .split(SECTION_SEPARATOR)
                    .map(str::to_string)
                    .collect()
            },
            page: doc
                .get_first(f.page)
                .and_then(|v| v.as_u64())
                .filter(|&p| p > 0)
                .map(|p| p as u32),
            text: text(f.text),
        }
    }

    /// Every paragraph of one document, in order.
    pub fn document_paragraphs(&self, id: &str) -> Result<Vec<ParagraphRecord>> {
        let searcher = self.reader.searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.fields.doc, id),
            IndexRecordOption::Basic,
        );
        let count = searcher.search(&query, &Count)?;
        if count == 0 {
            return Err(Error::UnknownDocument(id.to_string()));
        }
        let top = searcher.search(&query, &TopDocs::with_limit(count).order_by_score())?;
        let mut records = top
            .into_iter()
            .map(|(_, a)| self.record(&searcher, a))
            .collect::<Result<Vec<_>>>()?;
        records.sort_by_key(|r| r.paragraph);
        Ok(records)
    }

    /// Every paragraph in the index, by document and number.
    pub fn export(
        &self,
        mut emit: impl FnMut(&ParagraphRecord) -> std::io::Result<()>,
    ) -> Result<usize> {
        let searcher = self.reader.searcher();
        let mut records: BTreeMap<(String, u64), ParagraphRecord> = BTreeMap::new();
        for segment in searcher.segment_readers() {
            let store = segment
                .get_store_reader(64)
                .map_err(|e| Error::io("reading the index store", e))?;
            for doc in store.iter::<TantivyDocument>(segment.alive_bitset()) {
                let record = self.to_record(&doc?);
                records.insert((record.doc.clone(), record.paragraph), record);
            }
        }
        for record in records.values() {
            emit(record).map_err(|e| Error::io("writing export", e))?;
        }
        Ok(records.len())
    }

    /// Number of paragraphs searchable now.
    pub fn paragraph_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }
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
    let wanted: Vec<String> = numbers
        .iter()
        .map(|n| crate::parse::docno::normalize(n))
        .collect();
    manifest
        .files
        .iter()
        .filter(|(_, e)| {
            e.metadata.doc_number.as_deref().is_some_and(|n| {
                let n = crate::parse::docno::normalize(n);
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
