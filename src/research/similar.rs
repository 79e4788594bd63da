//! Shared wording: paragraphs of other documents that say nearly the same thing.
//!
//! The candidates are the paragraphs that share most of the paragraph's rarest bigrams, looked
//! up in the bigram field that exact search uses ([`paragraphs_sharing_rare_bigrams`]):
//! nothing is indexed for this alone, and what the index holds now is what is compared. They
//! are ranked by the exact Jaccard similarity of their character shingles
//! ([`crate::analyze::shingles`]).

use std::collections::HashSet;
use std::ops::Range;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::analyze::shingles::{letters, shingle_hash, shingles, MIN_SHINGLES, SHINGLE};
use crate::error::Result;
use crate::search::{highlight, Engine, ParagraphRecord};

/// Hits below this similarity are not near-duplicates.
pub const MIN_SIMILARITY: f64 = 0.3;
/// Hits returned at most.
pub const MAX_HITS: usize = 20;
/// The rarest bigrams of a paragraph that its candidates are looked up by.
const PROBES: usize = 16;
/// Candidates compared at most, best first by how many of those bigrams they share.
const CANDIDATES: usize = 200;
/// Stretches of a paragraph that [`paragraphs_sharing_rare_bigrams`] takes its rare bigrams
/// from.
pub const PROBE_STRETCHES: usize = 8;
/// Bigrams of a paragraph rated by rarity at most: a term lookup each.
const RATED: usize = 400;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SimilarHit {
    pub doc: String,
    pub paragraph: u64,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    pub section: Vec<String>,
    /// Jaccard similarity of the two paragraphs' shingles, 0..1.
    pub similarity: f64,
    pub text: String,
    /// The whole text, HTML-escaped, the wording it shares with the paragraph in `<mark>`.
    pub snippet: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Similar {
    pub doc: String,
    pub paragraph: u64,
    pub text: String,
    pub hits: Vec<SimilarHit>,
}

fn jaccard(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
    let shared = a.intersection(b).count();
    let union = a.len() + b.len() - shared;
    if union == 0 {
        0.0
    } else {
        shared as f64 / union as f64
    }
}

/// Byte ranges of `text` covered by shingles that are in `wanted`, merged.
fn shared_ranges(text: &str, wanted: &HashSet<u64>) -> Vec<Range<usize>> {
    let letters = letters(text);
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for window in letters.windows(SHINGLE) {
        if wanted.contains(&shingle_hash(window)) {
            let range = window[0].1.start..window[SHINGLE - 1].1.end;
            match ranges.last_mut() {
                // Adjacent or overlapping: one mark, across the punctuation between them too.
                Some(last) if range.start <= last.end + 3 => last.end = last.end.max(range.end),
                _ => ranges.push(range),
            }
        }
    }
    ranges
}

/// The paragraphs that share most of `text`'s rarest bigrams, best first (BM25 over those
/// bigrams), at most `limit`: the candidates of a search for near-duplicates. The text is cut
/// into [`PROBE_STRETCHES`] stretches, and the bigrams of each that the fewest paragraphs hold
/// are looked up, `probes` in all: rare bigrams tell a paragraph apart, and taking them from
/// every stretch finds a paragraph that shares only part of the text (an opening sentence every
/// report has) as well as one that shares all of it.
pub fn paragraphs_sharing_rare_bigrams(
    engine: &Engine,
    text: &str,
    probes: usize,
    limit: usize,
) -> Result<Vec<ParagraphRecord>> {
    let folded = crate::analyze::fold_str(text);
    let mut seen = HashSet::new();
    let mut grams: Vec<String> = crate::analyze::bigrams(&folded)
        .into_iter()
        .map(|(_, g)| g)
        .filter(|g| g.chars().all(crate::analyze::is_searchable_char))
        .filter(|g| seen.insert(g.clone()))
        .collect();
    if grams.len() > RATED {
        let stride = grams.len().div_ceil(RATED);
        grams = grams.into_iter().step_by(stride).collect();
    }
    let Some(counts) = engine.bigram_paragraph_counts(&grams)? else {
        return Ok(Vec::new());
    };
    // A bigram absent from the sample may be rarer still: it ranks first.
    let mut rated: Vec<(u32, String)> = counts.into_iter().zip(grams).collect();
    if rated.is_empty() {
        return Ok(Vec::new());
    }
    let stretch = rated.len().div_ceil(PROBE_STRETCHES);
    let per_stretch = probes.div_ceil(PROBE_STRETCHES).max(1);
    let mut chosen: Vec<String> = Vec::with_capacity(probes + PROBE_STRETCHES);
    for part in rated.chunks_mut(stretch) {
        part.sort_unstable();
        chosen.extend(part.iter().take(per_stretch).map(|(_, g)| g.clone()));
    }
    engine.paragraphs_by_bigrams(&chosen, limit)
}

/// Paragraphs of other documents most like paragraph `paragraph` of document `doc`.
pub fn similar(engine: &Engine, doc: &str, paragraph: u64) -> Result<Similar> {
    let me = engine.paragraph(doc, paragraph)?;
    let mine = shingles(&me.text);
    // Shingled once: the count says whether the paragraph is long enough to have near-duplicates.
    let candidates = if mine.len() >= MIN_SHINGLES {
        paragraphs_sharing_rare_bigrams(engine, &me.text, PROBES, CANDIDATES)?
    } else {
        Vec::new()
    };
    // Similarity of every candidate (on every core: a paragraph copied into many documents has
    // hundreds), then snippets for the best only.
    let mut scored: Vec<(f64, ParagraphRecord)> = candidates
        .into_par_iter()
        .filter(|candidate| candidate.doc != doc)
        .filter_map(|candidate| {
            let similarity = jaccard(&mine, &shingles(&candidate.text));
            // Ranked as shown: to three decimals, ties by document and paragraph.
            (similarity >= MIN_SIMILARITY)
                .then(|| ((similarity * 1000.0).round() / 1000.0, candidate))
        })
        .collect();
    scored.sort_by(|(a, x), (b, y)| {
        b.total_cmp(a)
            .then_with(|| x.doc.cmp(&y.doc))
            .then_with(|| x.paragraph.cmp(&y.paragraph))
    });
    scored.truncate(MAX_HITS);
    let hits = scored
        .into_iter()
        .map(|(similarity, candidate)| {
            let ranges = shared_ranges(&candidate.text, &mine);
            let snippet = highlight::snippet(&candidate.text, &ranges, None).to_html();
            SimilarHit {
                doc: candidate.doc,
                paragraph: candidate.paragraph,
                title: candidate.title,
                region: candidate.region,
                date: candidate.date,
                section: candidate.section,
                similarity,
                text: candidate.text,
                snippet,
            }
        })
        .collect();
    Ok(Similar {
        doc: doc.to_string(),
        paragraph,
        text: me.text,
        hits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "大力发展低空经济，拓展无人机物流、城市空中交通等应用场景，建设低空飞行服务保障体系。";

    #[test]
    fn near_duplicates_are_alike_and_unrelated_texts_are_not() {
        let edited =
            "积极发展低空经济，拓展无人机物流、城市空中交通等应用场景，建设低空飞行服务保障体系！";
        let other =
            "完善社会保障体系，稳步提高城乡居民基础养老金，兜牢兜实基层三保底线，办好民生实事。";
        assert!(jaccard(&shingles(TEXT), &shingles(edited)) > 0.8);
        assert!(jaccard(&shingles(TEXT), &shingles(other)) < 0.1);
    }

    #[test]
    fn shared_wording_is_marked() {
        let other = "我们要发展低空经济，同时加强耕地保护。";
        let ranges = shared_ranges(other, &shingles(TEXT));
        let marked: Vec<&str> = ranges.iter().map(|r| &other[r.clone()]).collect();
        assert_eq!(marked, ["发展低空经济"]);
    }
}
