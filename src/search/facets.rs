//! Counting matches per document, top-level section, region and year from fast fields, without loading
//! any stored document.

use std::collections::HashMap;

use crate::analyze::fold_str;
use crate::index::Manifest;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// How many values of each facet are returned.
pub const FACET_VALUES: usize = 50;

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Facets {
    pub doc: Vec<FacetCount>,
    pub section: Vec<FacetCount>,
    /// By the year the document is about.
    pub year: Vec<FacetCount>,
    /// By the document's region (short form).
    #[serde(default)]
    pub region: Vec<FacetCount>,
    /// Matching paragraphs by the 文种 of their document (通知, 办法…).
    #[serde(default)]
    pub kind: Vec<FacetCount>,
    /// Matching paragraphs by issuing body (a joint document counts for each).
    #[serde(default)]
    pub issuer: Vec<FacetCount>,
    /// Matching paragraphs by their document's 效力级别 (法律, 行政法规…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub level: Vec<FacetCount>,
    /// Matching paragraphs by their document's 时效性 (现行有效, 已修改…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub status: Vec<FacetCount>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
    /// What to show for the value (a document's title), when it differs from the value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// Facet values by segment, shared by every search: a segment's values are read from its
/// dictionaries once, and each given a number that is the same in every segment, so that counts
/// are merged by number, without hashing or decoding a name per search.
#[derive(Default)]
pub struct FacetNames {
    inner: Mutex<NamesInner>,
}

#[derive(Default)]
struct NamesInner {
    doc: Interner,
    section: Interner,
    region: Interner,
    segments: HashMap<SegmentId, Arc<SegmentNumbers>>,
}

#[derive(Default)]
struct Interner {
    names: Vec<String>,
    numbers: HashMap<String, u32>,
}

impl Interner {
    fn number(&mut self, name: &[u8]) -> u32 {
        let name = String::from_utf8_lossy(name);
        if let Some(&n) = self.numbers.get(name.as_ref()) {
            return n;
        }
        let n = self.names.len() as u32;
        self.names.push(name.to_string());
        self.numbers.insert(name.into_owned(), n);
        n
    }
}

/// A segment's term ordinals as shared numbers.
struct SegmentNumbers {
    doc: Vec<u32>,
    section: Vec<u32>,
    region: Vec<u32>,
}

impl FacetNames {
    /// Forgets segments the searcher no longer has (and, when mostly stale, every number).
    pub fn retain(&self, searcher: &tantivy::Searcher) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let live: Vec<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(|s| s.segment_id())
            .collect();
        inner.segments.retain(|id, _| live.contains(id));
        let in_use: usize = inner.segments.values().map(|s| s.doc.len()).sum();
        if inner.doc.names.len() > 4 * in_use + 4096 {
            *inner = NamesInner::default();
        }
    }

    fn numbers(&self, segment: &SegmentReader) -> tantivy::Result<Arc<SegmentNumbers>> {
        let id = segment.segment_id();
        if let Some(n) = self
            .inner
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .segments
            .get(&id)
        {
            return Ok(n.clone());
        }
        let fast = segment.fast_fields();
        let terms = |col: Option<StrColumn>| -> tantivy::Result<Vec<Vec<u8>>> {
            let mut out = Vec::new();
            if let Some(col) = col {
                let mut stream = col.dictionary().stream()?;
                while stream.advance() {
                    out.push(stream.key().to_vec());
                }
            }
            Ok(out)
        };
        let docs = terms(fast.str("doc")?)?;
        let sections = terms(fast.str("section_top")?)?;
        let regions = terms(fast.str("region")?)?;
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let numbers = Arc::new(SegmentNumbers {
            doc: docs.iter().map(|t| inner.doc.number(t)).collect(),
            section: sections.iter().map(|t| inner.section.number(t)).collect(),
            region: regions.iter().map(|t| inner.region.number(t)).collect(),
        });
        inner.segments.insert(id, numbers.clone());
        Ok(numbers)
    }
}

pub struct FacetCollector<'a> {
    names: &'a FacetNames,
}

impl<'a> FacetCollector<'a> {
    pub fn new(names: &'a FacetNames) -> Self {
        FacetCollector { names }
    }
}

/// Counts by term ordinal within one segment, in dense arrays.
pub struct FacetSegmentCollector {
    doc: Option<StrColumn>,
    section: Option<StrColumn>,
    region: Option<StrColumn>,
    year: Column<u64>,
    numbers: Arc<SegmentNumbers>,
    doc_counts: Vec<u64>,
    section_counts: Vec<u64>,
    region_counts: Vec<u64>,
    /// Few distinct years: (year, count), searched linearly.
    year_counts: Vec<(u64, u64)>,
}

/// Counts by shared number (documents, sections, regions) and by year.
pub struct Partial {
    docs: Vec<(u32, u64)>,
    sections: Vec<(u32, u64)>,
    regions: Vec<(u32, u64)>,
    years: Vec<(u64, u64)>,
}

impl Collector for FacetCollector<'_> {
    type Fruit = Facets;
    type Child = FacetSegmentCollector;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let numbers = self.names.numbers(segment)?;
        let fast = segment.fast_fields();
        Ok(FacetSegmentCollector {
            doc: fast.str("doc")?,
            section: fast.str("section_top")?,
            region: fast.str("region")?,
            year: fast.u64("year")?,
            doc_counts: vec![0; numbers.doc.len()],
            section_counts: vec![0; numbers.section.len()],
            region_counts: vec![0; numbers.region.len()],
            numbers,
            year_counts: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Partial>) -> tantivy::Result<Facets> {
        let inner = self.names.inner.lock().unwrap_or_else(|e| e.into_inner());
        let mut docs = vec![0u64; inner.doc.names.len()];
        let mut sections = vec![0u64; inner.section.names.len()];
        let mut regions = vec![0u64; inner.region.names.len()];
        let mut years: Vec<(u64, u64)> = Vec::new();
        for fruit in fruits {
            for (n, c) in fruit.docs {
                docs[n as usize] += c;
            }
            for (n, c) in fruit.sections {
                sections[n as usize] += c;
            }
            for (n, c) in fruit.regions {
                regions[n as usize] += c;
            }
            for (year, c) in fruit.years {
                match years.iter_mut().find(|(y, _)| *y == year) {
                    Some((_, count)) => *count += c,
                    None => years.push((year, c)),
                }
            }
        }
        let named = |counts: Vec<u64>, interner: &Interner| -> Vec<(String, u64)> {
            counts
                .into_iter()
                .enumerate()
                .filter(|(_, c)| *c > 0)
                .map(|(n, c)| (interner.names[n].clone(), c))
                .collect()
        };
        let mut years = ranked(years.into_iter().map(|(y, c)| (y.to_string(), c)).collect());
        years.sort_by(|a, b| b.value.cmp(&a.value));
        Ok(Facets {
            doc: ranked(named(docs, &inner.doc)),
            section: ranked(named(sections, &inner.section)),
            year: years,
            region: ranked(named(regions, &inner.region)),
            kind: Vec::new(),
            issuer: Vec::new(),
            level: Vec::new(),
            status: Vec::new(),
        })
    }
}

fn ranked(counts: Vec<(String, u64)>) -> Vec<FacetCount> {
    let mut v: Vec<FacetCount> = counts
        .into_iter()
        .filter(|(k, _)| !k.is_empty() && k != "0")
        .map(|(value, count)| FacetCount {
            value,
            count,
            label: None,
        })
        .collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    v
}

impl Facets {
    /// Keeps the most frequent values of each facet.
    pub fn truncate(&mut self, n: usize) {
        self.doc.truncate(n);
        self.section.truncate(n);
        self.year.truncate(n);
        self.region.truncate(n);
        self.kind.truncate(n);
        self.issuer.truncate(n);
        self.level.truncate(n);
        self.status.truncate(n);
    }

    /// The facets of document metadata (kind, issuer), from the counts per document: every
    /// document is counted, so call this before [`Facets::truncate`].
    pub fn add_document_facets(
        &mut self,
        manifest: &Manifest,
        validity: &HashMap<String, super::versions::Validity>,
    ) {
        let mut kinds: HashMap<&str, u64> = HashMap::new();
        let mut levels: HashMap<&str, u64> = HashMap::new();
        let mut statuses: HashMap<&str, u64> = HashMap::new();
        // Hits per issuer as the documents state it (国务院办公厅、教育部 for a joint one).
        let mut by_statement: HashMap<&str, u64> = HashMap::new();
        for f in &self.doc {
            let Some(entry) = manifest.files.get(&f.value) else {
                continue;
            };
            if let Some(kind) = entry.metadata.kind.as_deref() {
                *kinds.entry(kind).or_default() += f.count;
            }
            if let Some(level) = entry.metadata.level.as_deref() {
                *levels.entry(level).or_default() += f.count;
            }
            if let Some(v) = validity.get(&f.value) {
                *statuses.entry(v.status).or_default() += f.count;
            }
            if let Some(issuer) = entry.metadata.issuer.as_deref() {
                *by_statement.entry(issuer).or_default() += f.count;
            }
        }
        // A name counts every hit its filter (`issuer=`, which matches names containing it)
        // would keep: 东川省人民政府 also those of 东川省人民政府办公厅, so a click on a facet
        // gives the number it showed.
        let mut names: Vec<&str> = by_statement.keys().flat_map(|s| s.split('、')).collect();
        names.sort_unstable();
        names.dedup();
        let folded: Vec<(String, u64)> = by_statement
            .iter()
            .map(|(s, c)| (fold_str(s), *c))
            .collect();
        let issuers = names
            .into_iter()
            .map(|name| {
                let key = fold_str(name);
                let count = folded
                    .iter()
                    .filter(|(s, _)| s.contains(&key))
                    .map(|(_, c)| c)
                    .sum();
                (name.to_string(), count)
            })
            .collect();
        self.kind = ranked(kinds.into_iter().map(|(k, c)| (k.to_string(), c)).collect());
        self.issuer = ranked(issuers);
        // Levels and statuses in their own order (highest authority first), not by count.
        self.level = in_order(&crate::parse::level::LEVELS, &levels);
        self.status = in_order(&super::versions::STATUSES, &statuses);
    }
}

/// The values of a facet with a fixed order, in that order, those with hits only.
fn in_order(order: &[&str], counts: &HashMap<&str, u64>) -> Vec<FacetCount> {
    order
        .iter()
        .filter_map(|v| {
            counts.get(v).map(|&count| FacetCount {
                value: v.to_string(),
                count,
                label: None,
            })
        })
        .collect()
}

impl SegmentCollector for FacetSegmentCollector {
    type Fruit = Partial;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(col) = &self.doc {
            for ord in col.term_ords(doc) {
                self.doc_counts[ord as usize] += 1;
            }
        }
        if let Some(col) = &self.section {
            for ord in col.term_ords(doc) {
                self.section_counts[ord as usize] += 1;
            }
        }
        if let Some(col) = &self.region {
            for ord in col.term_ords(doc) {
                self.region_counts[ord as usize] += 1;
            }
        }
        if let Some(year) = self.year.first(doc) {
            match self.year_counts.iter_mut().find(|(y, _)| *y == year) {
                Some((_, count)) => *count += 1,
                None => self.year_counts.push((year, 1)),
            }
        }
    }

    fn harvest(self) -> Partial {
        let numbered = |counts: Vec<u64>, numbers: &[u32]| -> Vec<(u32, u64)> {
            counts
                .into_iter()
                .enumerate()
                .filter(|(_, c)| *c > 0)
                .map(|(ord, c)| (numbers[ord], c))
                .collect()
        };
        Partial {
            docs: numbered(self.doc_counts, &self.numbers.doc),
            sections: numbered(self.section_counts, &self.numbers.section),
            regions: numbered(self.region_counts, &self.numbers.region),
            years: self.year_counts,
        }
    }
}
