//! The engine: the index opened once, answering searches, documents and exports.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use rayon::prelude::*;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{Query, TermQuery};
use tantivy::schema::{IndexRecordOption, TantivyDocument};
use tantivy::{DocAddress, Index, IndexReader, Order, ReloadPolicy, Searcher, Term};

use super::documents::{DocumentNames, Named};
use super::facets::{self, Facets};
use super::highlight;
use super::query::{self, DocPostings, Resolved};
use super::request::{SearchRequest, Sort, MAX_LIMIT};
use super::results::{DocumentHit, Group, Hit, NamedArticle, ParagraphRecord, SearchResults, Via};
use super::syntax::{ArticleRef, ParsedQuery};
use super::versions::{self, Validities};
use crate::error::{Error, Result};
use crate::index::{self, Fields, Manifest, ParagraphFields};
use crate::parse::Date;

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
    /// [`SameText`] of the manifest last loaded.
    same_text: PerCommit<SameText>,
    /// The names of the documents of the manifest last loaded.
    names: PerCommit<DocumentNames>,
    /// Where each document's paragraphs are in each segment of the commit last loaded.
    doc_postings: PerCommit<DocPostings>,
    /// Versions and validity of the manifest last loaded, by searcher generation and day.
    validity: Mutex<Option<(u64, Date, Arc<Validities>)>>,
}

/// A value made from the manifest, kept until the reader loads another commit.
struct PerCommit<T>(Mutex<Option<(u64, Arc<T>)>>);

impl<T> Default for PerCommit<T> {
    fn default() -> Self {
        PerCommit(Mutex::new(None))
    }
}

impl<T> PerCommit<T> {
    fn get(&self, generation: u64, make: impl FnOnce() -> T) -> Arc<T> {
        let mut cache = self.0.lock().unwrap_or_else(|e| e.into_inner());
        match cache.as_ref() {
            Some((g, value)) if *g == generation => value.clone(),
            _ => {
                let value = Arc::new(make());
                *cache = Some((generation, value.clone()));
                value
            }
        }
    }
}

/// What the names of documents add to a search ([`Engine::through_documents`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThroughDocuments {
    /// For each required part (in order), the ids of the documents whose names hold it.
    pub named_by_part: Vec<Vec<String>>,
    /// The paragraphs of the named article (document id, paragraph number), in order.
    pub article: Vec<(String, u64)>,
}

/// What a query resolved to before it ran: the documents it names, and what the plan needs.
struct Resolution {
    named: Vec<Named>,
    resolved: Resolved,
    /// The article named in the first named document: its citation and paragraph numbers.
    article: Option<NamedArticle>,
}

/// What every search of a request starts from: the query read, one searcher (so one commit
/// for all that follows), the manifest, the files hidden as another format's twin, and what
/// the query's names resolve to.
struct Prepared {
    parsed: ParsedQuery,
    searcher: Searcher,
    manifest: Arc<Manifest>,
    same_text: Arc<SameText>,
    resolution: Resolution,
}

/// Whether hits get their snippet.
#[derive(Debug, Clone, Copy)]
enum Snippets {
    Made,
    Skipped,
}

/// Documents that are one document in several formats (the same folded text, paragraph for
/// paragraph): result lists show one of them, which lists the others.
#[derive(Debug, Default)]
pub struct SameText {
    /// Ids not shown in result lists.
    pub hidden: Vec<String>,
    /// The shown id → the other formats' ids.
    pub others: BTreeMap<String, Vec<String>>,
}

impl SameText {
    pub fn of(manifest: &Manifest) -> SameText {
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
            same_text: PerCommit::default(),
            names: PerCommit::default(),
            doc_postings: PerCommit::default(),
            validity: Mutex::new(None),
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

    /// The validity (现行有效, 已修改…) and versions of every law of the last commit, as of today.
    pub fn validity(&self) -> Result<Arc<Validities>> {
        let generation = self.reader.searcher().generation().generation_id();
        let today = Date::today();
        let mut cache = self.validity.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((g, d, v)) = cache.as_ref() {
            if *g == generation && *d == today {
                return Ok(v.clone());
            }
        }
        let validity = Arc::new(versions::of_corpus(self.manifest()?.as_ref(), today));
        *cache = Some((generation, today, validity.clone()));
        Ok(validity)
    }

    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        self.search_with(request, Snippets::Made)
    }

    /// As [`search`](Self::search), but the hits carry no snippet (an empty one): for those that
    /// read every hit's text (trends, exports), to whom a snippet would cost as much again as
    /// reading the paragraph.
    pub fn search_without_snippets(&self, request: &SearchRequest) -> Result<SearchResults> {
        self.search_with(request, Snippets::Skipped)
    }

    /// What the names of documents add to a request, for an engine that matches by text alone
    /// (the OpenSearch hand-off): the documents each required part names, and the paragraphs
    /// of the article named in a named document, in order.
    pub fn through_documents(&self, request: &SearchRequest) -> Result<ThroughDocuments> {
        let Prepared { resolution, .. } = self.prepare(request)?;
        let article = match (resolution.named.first(), &resolution.article) {
            (Some(document), Some(article)) => article
                .paragraphs
                .iter()
                .map(|&p| (document.id.clone(), p))
                .collect(),
            _ => Vec::new(),
        };
        Ok(ThroughDocuments {
            named_by_part: resolution.resolved.named_by_part,
            article,
        })
    }

    /// The documents each law filter of a parsed query keeps (`level:`, `status:`,
    /// `in-force:`, and the request's own), one list per filter: what a hand-off that holds no
    /// validity of its own sends as document ids.
    pub fn law_filter_documents(
        &self,
        parsed: &ParsedQuery,
        request: &SearchRequest,
    ) -> Result<Vec<Vec<String>>> {
        let manifest = self.manifest()?;
        let validity = self.validity()?;
        Ok(query::law_filters(
            parsed,
            request,
            Some(&manifest),
            Some(&validity),
        ))
    }

    fn search_with(&self, request: &SearchRequest, snippets: Snippets) -> Result<SearchResults> {
        let started = Instant::now();
        let prepared = self.prepare(request)?;
        let query = self.plan(&prepared, request)?;
        let Prepared {
            parsed,
            searcher,
            manifest,
            same_text,
            ..
        } = &prepared;
        let validity = self.validity()?;
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

        let records = self.records(searcher, addresses.iter().map(|(_, a)| *a).collect())?;
        let mut hits = Vec::with_capacity(addresses.len());
        for ((score, _), record) in addresses.into_iter().zip(records) {
            let snippet = match snippets {
                Snippets::Made => {
                    highlight::query_snippet(&record.text, parsed, highlight::SNIPPET_CHARS)
                        .to_html()
                }
                Snippets::Skipped => String::new(),
            };
            let also = same_text
                .others
                .get(&record.doc)
                .cloned()
                .unwrap_or_default();
            let citation = crate::parse::structure::citation(&record.title, &record.section);
            let via = via(parsed, &record);
            let level = manifest
                .files
                .get(&record.doc)
                .and_then(|e| e.metadata.level.clone());
            hits.push(Hit {
                via,
                citation,
                status: validity.get(&record.doc).map(|v| v.status.to_string()),
                level,
                doc: record.doc,
                paragraph: record.paragraph,
                title: record.title,
                date: record.date,
                region: record.region,
                year: record.year,
                section: record.section,
                page: record.page,
                text: record.text,
                snippet,
                score,
                also,
            });
        }
        let documents = self.document_hits(&prepared);
        let text_total = self.text_total(&prepared, request, total)?;
        Ok(SearchResults {
            query: request.query.clone(),
            total,
            text_total,
            took_ms: (started.elapsed().as_secs_f64() * 1000.0 * 100.0).round() / 100.0,
            documents,
            hits,
            facets: facets.map(|mut f| {
                f.add_document_facets(manifest, &validity);
                f.truncate(facets::FACET_VALUES);
                Self::label_docs(&mut f, manifest);
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
        let prepared = self.prepare(request)?;
        let query = self.plan(&prepared, &all)?;
        let (total, mut facets) = prepared.searcher.search(
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
            let meta = prepared
                .manifest
                .files
                .get(&facet.value)
                .map(|e| &e.metadata);
            groups.push(Group {
                doc: facet.value.clone(),
                title: meta.map_or_else(|| facet.value.clone(), |m| m.title.clone()),
                date: meta.and_then(|m| m.date).map(|d| d.to_string()),
                count: facet.count,
                hits,
                also: prepared
                    .same_text
                    .others
                    .get(&facet.value)
                    .cloned()
                    .unwrap_or_default(),
            });
        }
        let total_groups = facets.doc.len();
        facets.add_document_facets(&prepared.manifest, self.validity()?.as_ref());
        facets.truncate(facets::FACET_VALUES);
        Self::label_docs(&mut facets, &prepared.manifest);
        let documents = self.document_hits(&prepared);
        let text_total = self.text_total(&prepared, &all, total)?;
        Ok(SearchResults {
            query: request.query.clone(),
            total,
            text_total,
            took_ms: (started.elapsed().as_secs_f64() * 1000.0 * 100.0).round() / 100.0,
            documents,
            hits: Vec::new(),
            facets: Some(facets),
            groups: Some(groups),
            synonyms: prepared
                .parsed
                .alternatives
                .iter()
                .flatten()
                .cloned()
                .collect(),
            total_groups: Some(total_groups),
        })
    }

    /// Files with the same text as another, shown file: hidden from result lists, unless the
    /// search names documents itself.
    fn same_text(
        &self,
        searcher: &Searcher,
        parsed: &ParsedQuery,
        request: &SearchRequest,
        manifest: &Manifest,
    ) -> Arc<SameText> {
        if !parsed.doc.is_empty() || request.doc.is_some() {
            return Arc::default();
        }
        let generation = searcher.generation().generation_id();
        self.same_text.get(generation, || SameText::of(manifest))
    }

    /// The plan of a prepared search for `request`, which may differ from the request prepared
    /// in paging and facets only; the facet names are kept to the searcher's commit first.
    fn plan(&self, prepared: &Prepared, request: &SearchRequest) -> Result<Box<dyn Query>> {
        self.facet_names.retain(&prepared.searcher);
        query::build(
            &self.fields,
            &prepared.parsed,
            request,
            Some(&prepared.manifest),
            &prepared.same_text.hidden,
            &prepared.resolution.resolved,
        )
    }

    /// What every search of `request` starts from ([`Prepared`]).
    fn prepare(&self, request: &SearchRequest) -> Result<Prepared> {
        let parsed = request.parse()?;
        let searcher = self.reader.searcher();
        let manifest = self.manifest()?;
        let same_text = self.same_text(&searcher, &parsed, request, &manifest);
        let resolution = self.resolve(&searcher, &parsed, request, &manifest, &same_text)?;
        Ok(Prepared {
            parsed,
            searcher,
            manifest,
            same_text,
            resolution,
        })
    }

    /// The documents the query names, each part's documents, and the paragraphs of an article
    /// named in the first of them.
    fn resolve(
        &self,
        searcher: &Searcher,
        parsed: &ParsedQuery,
        request: &SearchRequest,
        manifest: &Manifest,
        same_text: &SameText,
    ) -> Result<Resolution> {
        // The 时效性 filters read the corpus's validity, kept per commit and day.
        let validity = if needs_validity(parsed) || request.status.is_some() {
            Some(self.validity()?)
        } else {
            None
        };
        let generation = searcher.generation().generation_id();
        let doc_postings = Some(
            self.doc_postings
                .get(generation, || DocPostings::of(searcher, self.fields.doc)),
        );
        if !request.through_documents || parsed.required.is_empty() {
            return Ok(Resolution {
                named: Vec::new(),
                resolved: Resolved {
                    validity,
                    doc_postings,
                    ..Resolved::default()
                },
                article: None,
            });
        }
        let names = self.names.get(generation, || DocumentNames::of(manifest));
        // A hidden file (another format of a shown one) names its shown twin.
        let shown_of = |id: &str| -> Option<String> {
            if same_text
                .hidden
                .binary_search_by(|h| h.as_str().cmp(id))
                .is_err()
            {
                return None;
            }
            same_text
                .others
                .iter()
                .find(|(_, others)| others.iter().any(|o| o == id))
                .map(|(shown, _)| shown.clone())
        };
        // Each part's documents are looked up once, for the plan and for the named documents.
        let namings: Vec<_> = parsed.required.iter().map(|p| names.naming(p)).collect();
        let named_by_part = namings
            .iter()
            .map(|naming| {
                let mut ids: Vec<String> = naming
                    .iter()
                    .map(|(id, _)| shown_of(id).unwrap_or_else(|| id.to_string()))
                    .collect();
                ids.sort();
                ids.dedup();
                ids
            })
            .collect();
        let named = names.named_by(&parsed.required, &namings, &shown_of);
        let mut resolution = Resolution {
            named,
            resolved: Resolved {
                named_by_part,
                article_paragraphs: Vec::new(),
                validity,
                doc_postings,
            },
            article: None,
        };
        if let (Some(first), Some(article)) = (resolution.named.first(), parsed.articles.first()) {
            let records = self.article_paragraphs(searcher, &first.id, article)?;
            if !records.is_empty() {
                let title = manifest
                    .files
                    .get(&first.id)
                    .map_or("", |e| e.metadata.title.as_str());
                let in_part = crate::parse::structure::citation(title, &records[0].section);
                // The document cited is the part the article is in (an issued 办法) when it
                // has one, else the document.
                let name = in_part
                    .as_deref()
                    .and_then(|c| c.strip_prefix('《'))
                    .and_then(|c| c.split_once('》'))
                    .map_or(title, |(name, _)| name);
                resolution.resolved.article_paragraphs = records
                    .iter()
                    .map(|r| index::paragraph_key(&r.doc, r.paragraph))
                    .collect();
                resolution.article = Some(NamedArticle {
                    citation: format!("《{name}》{}", article.citation()),
                    paragraphs: records.iter().map(|r| r.paragraph).collect(),
                });
            }
        }
        Ok(resolution)
    }

    /// How many of the `total` hits match by their text alone: `total` itself when no part
    /// named a document, else a second count without the documents' names.
    fn text_total(
        &self,
        prepared: &Prepared,
        request: &SearchRequest,
        total: usize,
    ) -> Result<usize> {
        let Prepared {
            parsed,
            searcher,
            manifest,
            same_text,
            resolution,
        } = prepared;
        if resolution.resolved.named_by_part.iter().all(Vec::is_empty) {
            return Ok(total);
        }
        let query = query::build(
            &self.fields,
            parsed,
            request,
            Some(manifest),
            &same_text.hidden,
            &Resolved {
                validity: resolution.resolved.validity.clone(),
                doc_postings: resolution.resolved.doc_postings.clone(),
                ..Resolved::default()
            },
        )?;
        Ok(searcher.search(&query, &Count)?)
    }

    /// The paragraphs of `doc` in `article`, in order: all of them, or the 款 (and its items)
    /// or the 项 the reference names. A 款 is a paragraph of the article that is not a
    /// numbered item; an item (（三）…) belongs to the 款 before it.
    fn article_paragraphs(
        &self,
        searcher: &Searcher,
        doc: &str,
        article: &ArticleRef,
    ) -> Result<Vec<ParagraphRecord>> {
        use tantivy::query::{BooleanQuery, Occur, Query};
        let headings = article.headings().map(|h| crate::analyze::fold_str(&h));
        let in_doc: Box<dyn Query> = Box::new(TermQuery::new(
            Term::from_field_text(self.fields.doc, doc),
            IndexRecordOption::Basic,
        ));
        let query = BooleanQuery::new(vec![
            (Occur::Must, in_doc),
            (
                Occur::Must,
                query::level_is_query(self.fields.section_levels, &headings),
            ),
        ]);
        let top = searcher.search(&query, &TopDocs::with_limit(1000).order_by_score())?;
        let mut records = self.records(searcher, top.into_iter().map(|(_, a)| a).collect())?;
        records.sort_by_key(|r| r.paragraph);
        let Some(clause) = article.clause else {
            return Ok(records);
        };
        let is_heading = |s: &str| crate::analyze::fold_str(s);
        let mut clauses: Vec<Vec<ParagraphRecord>> = Vec::new();
        for record in records {
            let at = record
                .section
                .iter()
                .rposition(|s| headings.contains(&is_heading(s)));
            let item = at
                .and_then(|at| record.section.get(at + 1))
                .is_some_and(|s| item_number(s).is_some());
            match clauses.last_mut() {
                Some(last) if item => last.push(record),
                _ => clauses.push(vec![record]),
            }
        }
        let Some(mut chosen) = clauses.into_iter().nth(clause as usize - 1) else {
            return Ok(Vec::new());
        };
        if let Some(item) = article.item {
            let of_item: Vec<ParagraphRecord> = chosen
                .iter()
                .filter(|r| r.section.iter().any(|s| item_number(s) == Some(item)))
                .cloned()
                .collect();
            if !of_item.is_empty() {
                chosen = of_item;
            }
        }
        Ok(chosen)
    }

    /// The named documents as results: their metadata, what matched, the article named.
    fn document_hits(&self, prepared: &Prepared) -> Vec<DocumentHit> {
        let Prepared {
            manifest,
            same_text,
            resolution,
            ..
        } = prepared;
        let validity = self.validity().ok();
        resolution
            .named
            .iter()
            .enumerate()
            .filter_map(|(i, named)| {
                let entry = manifest.files.get(&named.id)?;
                let meta = &entry.metadata;
                Some(DocumentHit {
                    id: named.id.clone(),
                    title: meta.title.clone(),
                    kind: meta.kind.clone(),
                    issuer: meta.issuer.clone(),
                    doc_number: meta.doc_number.clone(),
                    date: meta.date.map(|d| d.to_string()),
                    published: meta.published.map(|d| d.to_string()),
                    region: meta.region.clone(),
                    level: meta.level.clone(),
                    status: validity
                        .as_ref()
                        .and_then(|v| v.get(&named.id))
                        .map(|v| v.status.to_string()),
                    format: meta.format.clone(),
                    paragraphs: entry.paragraphs,
                    matched: named.matched.clone(),
                    article: if i == 0 {
                        resolution.article.clone()
                    } else {
                        None
                    },
                    also: same_text.others.get(&named.id).cloned().unwrap_or_default(),
                })
            })
            .collect()
    }

    /// Puts each document's title beside its id in the document facet.
    fn label_docs(facets: &mut Facets, manifest: &Manifest) {
        for f in &mut facets.doc {
            f.label = manifest
                .files
                .get(&f.value)
                .map(|e| e.metadata.title.clone());
        }
    }

    /// The stored paragraphs at `addresses`, in that order. A long list is read in the order
    /// of the store (each compressed block is then decompressed once for all its paragraphs,
    /// not once for each) and on every core: reading is most of the time of an export or a
    /// trend over ten thousand hits.
    fn records(
        &self,
        searcher: &Searcher,
        addresses: Vec<DocAddress>,
    ) -> Result<Vec<ParagraphRecord>> {
        /// Below this many, one thread in rank order costs less than sorting and dividing.
        const MANY: usize = 256;
        if addresses.len() < MANY {
            return addresses
                .into_iter()
                .map(|a| self.record(searcher, a))
                .collect();
        }
        let mut order: Vec<usize> = (0..addresses.len()).collect();
        order.sort_unstable_by_key(|&i| addresses[i]);
        let chunk = addresses
            .len()
            .div_ceil(rayon::current_num_threads().max(1));
        let read: Vec<(usize, ParagraphRecord)> = order
            .par_chunks(chunk)
            .map(|indices| {
                indices
                    .iter()
                    .map(|&i| Ok((i, self.record(searcher, addresses[i])?)))
                    .collect::<Result<Vec<_>>>()
            })
            .collect::<Result<Vec<_>>>()?
            .into_iter()
            .flatten()
            .collect();
        let mut records: Vec<Option<ParagraphRecord>> = Vec::new();
        records.resize_with(addresses.len(), || None);
        for (i, record) in read {
            records[i] = Some(record);
        }
        Ok(records.into_iter().flatten().collect())
    }

    /// A stored paragraph.
    fn record(&self, searcher: &Searcher, address: DocAddress) -> Result<ParagraphRecord> {
        let doc: TantivyDocument = searcher.doc(address)?;
        Ok(self.to_record(&doc))
    }

    fn to_record(&self, doc: &TantivyDocument) -> ParagraphRecord {
        ParagraphFields::read(&self.fields, doc).into()
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
        let mut records = self.records(&searcher, top.into_iter().map(|(_, a)| a).collect())?;
        records.sort_by_key(|r| r.paragraph);
        Ok(records)
    }

    /// One paragraph, read alone (by its key term), not with the rest of its document.
    pub fn paragraph(&self, doc: &str, number: u64) -> Result<ParagraphRecord> {
        let searcher = self.reader.searcher();
        let term = |field, text: &str| {
            TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::Basic)
        };
        let key = term(self.fields.key, &index::paragraph_key(doc, number));
        let top = searcher.search(&key, &TopDocs::with_limit(1).order_by_score())?;
        match top.first() {
            Some((_, address)) => self.record(&searcher, *address),
            None if searcher.search(&term(self.fields.doc, doc), &Count)? == 0 => {
                Err(Error::UnknownDocument(doc.to_string()))
            }
            None => Err(Error::UnknownParagraph(doc.to_string(), number)),
        }
    }

    /// How many paragraphs hold each of `grams` (folded character bigrams), read from the
    /// largest segment alone: a sample of the whole index good enough to order bigrams by
    /// rarity, at one lookup per bigram instead of one per segment. `None` for an empty index.
    pub fn bigram_paragraph_counts(&self, grams: &[String]) -> Result<Option<Vec<u32>>> {
        let searcher = self.reader.searcher();
        let Some(sample) = searcher
            .segment_readers()
            .iter()
            .max_by_key(|s| s.num_docs())
        else {
            return Ok(None);
        };
        let dictionary = sample.inverted_index(self.fields.grams)?;
        let mut counts = Vec::with_capacity(grams.len());
        for gram in grams {
            let paragraphs = dictionary
                .terms()
                .get(gram.as_bytes())
                .map_err(tantivy::TantivyError::from)?
                .map_or(0, |info| info.doc_freq);
            counts.push(paragraphs);
        }
        Ok(Some(counts))
    }

    /// The paragraphs that hold most of `grams` (folded character bigrams), best first by BM25
    /// over them, at most `limit`.
    pub fn paragraphs_by_bigrams(
        &self,
        grams: &[String],
        limit: usize,
    ) -> Result<Vec<ParagraphRecord>> {
        let query = tantivy::query::BooleanQuery::new(
            grams
                .iter()
                .map(|gram| {
                    let term = Term::from_field_text(self.fields.grams, gram);
                    let query: Box<dyn tantivy::query::Query> =
                        Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
                    (tantivy::query::Occur::Should, query)
                })
                .collect(),
        );
        let searcher = self.reader.searcher();
        let top = searcher.search(&query, &TopDocs::with_limit(limit).order_by_score())?;
        self.records(&searcher, top.into_iter().map(|(_, a)| a).collect())
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

    /// Runs a search nobody asked for, so that the first one asked costs what later ones cost:
    /// the manifest, the facet names and the pages of the index files are loaded now.
    pub fn warm_up(&self) -> Result<()> {
        self.search(&SearchRequest {
            facets: true,
            ..SearchRequest::new("发展")
        })?;
        Ok(())
    }

    /// The names of the documents of the index now (for tests and tools that match names).
    pub fn document_names(&self) -> Result<Arc<DocumentNames>> {
        let manifest = self.manifest()?;
        let generation = self.reader.searcher().generation().generation_id();
        Ok(self.names.get(generation, || DocumentNames::of(&manifest)))
    }

    /// Number of paragraphs searchable now.
    pub fn paragraph_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }
}

/// The number of a list item's heading: （三） → 3, (3) → 3, 3. → 3.
fn item_number(level: &str) -> Option<u32> {
    let folded = crate::analyze::fold_str(level);
    let inner = folded.strip_prefix('(')?;
    let end = inner.find(')')?;
    let n = &inner[..end];
    n.parse()
        .ok()
        .or_else(|| crate::text::numerals::chinese_ordinal(n))
}

/// How a paragraph matched the parsed query: by its text, by the article it is in, or only
/// through its document's names.
fn via(parsed: &ParsedQuery, record: &ParagraphRecord) -> Via {
    let folded = crate::analyze::fold_str(&record.text);
    let parts_in_text =
        parsed
            .required
            .iter()
            .zip(&parsed.alternatives)
            .all(|(part, alternatives)| {
                folded.contains(part.as_str())
                    || alternatives.iter().any(|a| folded.contains(a.as_str()))
            });
    if !parts_in_text {
        return Via::Document;
    }
    let articles_as_typed = parsed
        .articles
        .iter()
        .all(|a| folded.contains(a.typed.as_str()));
    if articles_as_typed {
        Via::Text
    } else {
        Via::Article
    }
}

/// Whether a query filters by 时效性 (`status:`, `in-force:`), itself or in a negated filter.
fn needs_validity(parsed: &ParsedQuery) -> bool {
    !parsed.status.is_empty()
        || parsed.in_force.is_some()
        || parsed.negated.iter().any(needs_validity)
}
