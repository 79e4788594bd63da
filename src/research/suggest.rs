//! Suggestions for the home page, taken from what the index holds: for each topic of the policy
//! vocabulary (科技创新, 产业, 民生 …), its term found in the most documents, so that every
//! suggestion finds paragraphs in this index and together they span its subjects.

use std::collections::{BTreeMap, BTreeSet};

use aho_corasick::AhoCorasick;
use serde::Serialize;

use crate::analyze::{fold_str, SHIPPED_DICTIONARY};
use crate::error::{Error, Result};
use crate::search::Engine;

/// Sections of `dict/policy.dict` whose terms are subjects people look up; the others hold
/// slogans, statistics, agencies and the parts of a 公文, which every report has.
const TOPICS: [&str; 11] = [
    "科技创新",
    "产业",
    "消费与投资",
    "改革开放",
    "区域战略",
    "城乡建设",
    "乡村振兴",
    "生态环境",
    "民生",
    "社会治理与安全",
    "财政金融",
];

/// A term to try, with what the index holds of it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Suggestion {
    pub term: String,
    /// Documents with a paragraph that contains it.
    pub documents: usize,
    /// Paragraphs that contain it.
    pub paragraphs: usize,
}

/// The vocabulary's topic terms of at least three characters, folded, with their section.
fn topic_terms() -> Vec<(&'static str, String)> {
    let mut section = "";
    let mut terms = Vec::new();
    for line in SHIPPED_DICTIONARY.lines().map(str::trim) {
        if let Some(heading) = line.strip_prefix("# ") {
            if !heading.contains(' ') {
                section = TOPICS
                    .iter()
                    .find(|t| **t == heading)
                    .copied()
                    .unwrap_or("");
            }
            continue;
        }
        let Some(word) = line
            .split_whitespace()
            .next()
            .filter(|w| !w.starts_with('#'))
        else {
            continue;
        };
        if !section.is_empty() && word.chars().count() >= 3 {
            terms.push((section, fold_str(word)));
        }
    }
    terms
}

/// Up to `n` suggestions, most documents first: one per topic, then the runners-up.
pub fn suggestions(engine: &Engine, n: usize) -> Result<Vec<Suggestion>> {
    let terms = topic_terms();
    let matcher = AhoCorasick::new(terms.iter().map(|(_, t)| t.as_str()))
        .map_err(|e| Error::Internal(format!("suggestion matcher: {e}")))?;
    let mut documents: Vec<BTreeSet<String>> = vec![BTreeSet::new(); terms.len()];
    let mut paragraphs = vec![0usize; terms.len()];
    engine.export(|p| {
        let found: BTreeSet<usize> = matcher
            .find_overlapping_iter(&fold_str(&p.text))
            .map(|m| m.pattern().as_usize())
            .collect();
        for i in found {
            paragraphs[i] += 1;
            if !documents[i].contains(&p.doc) {
                documents[i].insert(p.doc.clone());
            }
        }
        Ok(())
    })?;
    let mut ranked: Vec<(usize, Suggestion)> = terms
        .iter()
        .enumerate()
        .filter(|(i, _)| paragraphs[*i] > 0)
        .map(|(i, (_, term))| {
            (
                i,
                Suggestion {
                    term: term.clone(),
                    documents: documents[i].len(),
                    paragraphs: paragraphs[i],
                },
            )
        })
        .collect();
    ranked.sort_by(|(_, a), (_, b)| {
        (b.documents, b.paragraphs, &a.term).cmp(&(a.documents, a.paragraphs, &b.term))
    });
    // The best term of each topic first, then the next best of any topic.
    let mut best_of: BTreeMap<&str, usize> = BTreeMap::new();
    let mut first = Vec::new();
    let mut rest = Vec::new();
    for (i, s) in ranked {
        if best_of.insert(terms[i].0, i).is_none() {
            first.push(s);
        } else {
            rest.push(s);
        }
    }
    first.extend(rest);
    first.truncate(n);
    Ok(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_topic_has_terms_and_slogans_are_not_topics() {
        let terms = topic_terms();
        for topic in TOPICS {
            assert!(terms.iter().any(|(s, _)| *s == topic), "{topic}");
        }
        assert!(terms.iter().any(|(_, t)| t == "低空经济"));
        assert!(!terms.iter().any(|(_, t)| t == "中国式现代化"));
    }
}
