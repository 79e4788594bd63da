//! Counting matches per document, top-level section and year from fast fields, without loading
//! any stored document.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// How many values of each facet are returned.
pub const FACET_VALUES: usize = 50;

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Facets {
    pub doc: Vec<FacetCount>,
    pub section: Vec<FacetCount>,
    pub year: Vec<FacetCount>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
    /// What to show for the value (a document's title), when it differs from the value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

pub struct FacetCollector;

impl FacetCollector {
    pub fn new() -> Self {
        FacetCollector
    }
}

/// Counts by term ordinal within one segment, in dense arrays; ordinals become strings at
/// harvest, in one sorted pass over each column's dictionary.
pub struct FacetSegmentCollector {
    doc: Option<StrColumn>,
    section: Option<StrColumn>,
    year: Column<u64>,
    doc_counts: Vec<u64>,
    section_counts: Vec<u64>,
    /// Few distinct years: (year, count), searched linearly.
    year_counts: Vec<(u64, u64)>,
}

type Partial = (
    HashMap<String, u64>,
    HashMap<String, u64>,
    HashMap<String, u64>,
);

impl Collector for FacetCollector {
    type Fruit = Facets;
    type Child = FacetSegmentCollector;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let fast = segment.fast_fields();
        let doc = fast.str("doc")?;
        let section = fast.str("section_top")?;
        let terms = |col: &Option<StrColumn>| vec![0; col.as_ref().map_or(0, |c| c.num_terms())];
        Ok(FacetSegmentCollector {
            doc_counts: terms(&doc),
            section_counts: terms(&section),
            doc,
            section,
            year: fast.u64("year")?,
            year_counts: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Partial>) -> tantivy::Result<Facets> {
        let mut merged: Partial = Default::default();
        for (d, s, y) in fruits {
            for (target, source) in [(&mut merged.0, d), (&mut merged.1, s), (&mut merged.2, y)] {
                for (k, v) in source {
                    *target.entry(k).or_default() += v;
                }
            }
        }
        let mut years: Vec<FacetCount> = ranked(merged.2);
        years.sort_by(|a, b| b.value.cmp(&a.value));
        Ok(Facets {
            doc: ranked(merged.0),
            section: ranked(merged.1),
            year: years,
        })
    }
}

fn ranked(counts: HashMap<String, u64>) -> Vec<FacetCount> {
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
    }
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
        if let Some(year) = self.year.first(doc) {
            match self.year_counts.iter_mut().find(|(y, _)| *y == year) {
                Some((_, count)) => *count += 1,
                None => self.year_counts.push((year, 1)),
            }
        }
    }

    fn harvest(self) -> Partial {
        let names = |col: &Option<StrColumn>, counts: Vec<u64>| -> HashMap<String, u64> {
            let mut out = HashMap::new();
            let Some(col) = col else { return out };
            let ords: Vec<u64> = (0..counts.len() as u64)
                .filter(|&ord| counts[ord as usize] > 0)
                .collect();
            let mut at = ords.iter();
            let _ = col.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
                if let Some(&ord) = at.next() {
                    let name = String::from_utf8_lossy(bytes).into_owned();
                    *out.entry(name).or_default() += counts[ord as usize];
                }
            });
            out
        };
        let years = self
            .year_counts
            .into_iter()
            .map(|(y, c)| (y.to_string(), c))
            .collect();
        (
            names(&self.doc, self.doc_counts),
            names(&self.section, self.section_counts),
            years,
        )
    }
}
