//! Comparing two documents: B's paragraphs matched to A's by content (not position), each kept,
//! changed (with the changed characters), new or removed; and the terms B uses that A does not
//! (新提法), ranked by how distinctive they are in the corpus.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use similar::{ChangeTag, TextDiff};

use crate::analyze::{self, fold_str};
use crate::error::Result;
use crate::parse::structure;
use crate::search::{Engine, ParagraphRecord, SearchRequest};

/// Two paragraphs this alike (Dice coefficient of their character bigrams) or more are one
/// paragraph changed; below it, one was removed and another added.
pub const CHANGED_MIN_SIMILARITY: f64 = 0.5;
/// 新提法 returned at most.
const NEW_TERMS: usize = 50;
/// Candidate terms looked up in the corpus for their distinctiveness.
const TERM_CANDIDATES: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Kept,
    Changed,
    New,
    Removed,
}

/// A paragraph of one side.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Side {
    pub paragraph: u64,
    pub section: Vec<String>,
    pub text: String,
}

/// A run of a changed paragraph's characters: in both, only in A (`delete`) or only in B
/// (`insert`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Piece {
    pub op: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Pair {
    pub status: Status,
    pub a: Option<Side>,
    pub b: Option<Side>,
    /// For a changed pair: 0..1, how alike the two are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
    /// For a changed pair: the characters kept, removed and added, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diff: Vec<Piece>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct NewTerm {
    pub term: String,
    /// Occurrences in B.
    pub count: u64,
    /// Paragraphs of the whole index that contain it: the fewer, the more distinctive.
    pub corpus_paragraphs: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Summary {
    pub kept: usize,
    pub changed: usize,
    pub new: usize,
    pub removed: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Comparison {
    pub a: String,
    pub b: String,
    pub a_title: String,
    pub b_title: String,
    pub summary: Summary,
    /// In B's order, each removed paragraph after the pair of A's paragraph before it.
    pub pairs: Vec<Pair>,
    pub new_terms: Vec<NewTerm>,
}

/// Compares document `b` with document `a` (ids as in the index).
pub fn compare(engine: &Engine, a: &str, b: &str) -> Result<Comparison> {
    let pa = engine.document_paragraphs(a)?;
    let pb = engine.document_paragraphs(b)?;
    let mut comparison = align(&pa, &pb);
    comparison.a = a.to_string();
    comparison.b = b.to_string();
    let title = |id: &str, records: &[ParagraphRecord]| {
        records
            .first()
            .map_or_else(|| id.to_string(), |r| r.title.clone())
    };
    comparison.a_title = title(a, &pa);
    comparison.b_title = title(b, &pb);
    comparison.new_terms = new_terms(engine, &pa, &pb)?;
    Ok(comparison)
}

/// 新旧对照 of two versions of a law, article by article: article N of A against the article of
/// B that holds the same or the most alike text (so a renumbered article is found), the
/// characters inserted and deleted marked; articles only in A are removed, only in B new. Each
/// side's `paragraph` is its article's number, its `section` the article's heading (第十二条).
pub fn compare_articles(engine: &Engine, a: &str, b: &str) -> Result<Comparison> {
    let pa = engine.document_paragraphs(a)?;
    let pb = engine.document_paragraphs(b)?;
    let mut comparison = align(&articles(&pa), &articles(&pb));
    comparison.a = a.to_string();
    comparison.b = b.to_string();
    comparison.a_title = pa
        .first()
        .map_or_else(|| a.to_string(), |r| r.title.clone());
    comparison.b_title = pb
        .first()
        .map_or_else(|| b.to_string(), |r| r.title.clone());
    Ok(comparison)
}

/// A law's articles as one record each: its paragraphs' text joined, without the 第N条 that
/// opens it (so that a renumbered article reads the same).
pub fn articles(records: &[ParagraphRecord]) -> Vec<ParagraphRecord> {
    let mut out: Vec<ParagraphRecord> = Vec::new();
    for r in records {
        let Some(heading) = r
            .section
            .iter()
            .rev()
            .find(|s| structure::article_number(s).is_some())
        else {
            continue;
        };
        let number = structure::article_number(heading).unwrap_or(0);
        let text = r.text.trim();
        let text = text
            .strip_prefix(heading.as_str())
            .map_or(text, str::trim_start);
        match out.last_mut() {
            Some(last) if last.section.first() == Some(heading) => {
                last.text.push('\n');
                last.text.push_str(text);
            }
            _ => out.push(ParagraphRecord {
                paragraph: u64::from(number),
                section: vec![heading.clone()],
                text: text.to_string(),
                ..r.clone()
            }),
        }
    }
    out
}

/// A paragraph's text as compared: folded, without whitespace.
fn normal(text: &str) -> String {
    fold_str(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn bigram_set(text: &str) -> HashSet<(char, char)> {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() == 1 {
        return [(chars[0], '\0')].into();
    }
    chars.windows(2).map(|w| (w[0], w[1])).collect()
}

/// Dice coefficient of two bigram sets.
fn dice(a: &HashSet<(char, char)>, b: &HashSet<(char, char)>) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let shared = a.intersection(b).count();
    2.0 * shared as f64 / (a.len() + b.len()) as f64
}

fn side(r: &ParagraphRecord) -> Side {
    Side {
        paragraph: r.paragraph,
        section: r.section.clone(),
        text: r.text.clone(),
    }
}

/// Aligns B's paragraphs to A's: identical text first (wherever it stands: a moved paragraph is
/// kept), then the most alike remaining pairs, greedily, down to [`CHANGED_MIN_SIMILARITY`].
pub fn align(pa: &[ParagraphRecord], pb: &[ParagraphRecord]) -> Comparison {
    let na: Vec<String> = pa.iter().map(|r| normal(&r.text)).collect();
    let nb: Vec<String> = pb.iter().map(|r| normal(&r.text)).collect();
    let mut a_of_b: Vec<Option<(usize, Option<f64>)>> = vec![None; pb.len()];
    let mut used_a = vec![false; pa.len()];

    // Identical paragraphs, the nearest in position first when a text occurs several times.
    let mut by_text: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, t) in na.iter().enumerate() {
        by_text.entry(t.as_str()).or_default().push(i);
    }
    for (j, t) in nb.iter().enumerate() {
        if let Some(candidates) = by_text.get_mut(t.as_str()) {
            if let Some(k) = (0..candidates.len()).min_by_key(|&k| candidates[k].abs_diff(j)) {
                let i = candidates.remove(k);
                used_a[i] = true;
                a_of_b[j] = Some((i, None));
            }
        }
    }

    // Changed paragraphs: the most alike of the rest, pair by pair.
    let rest_a: Vec<usize> = (0..pa.len()).filter(|&i| !used_a[i]).collect();
    let rest_b: Vec<usize> = (0..pb.len()).filter(|&j| a_of_b[j].is_none()).collect();
    let grams_a: HashMap<usize, HashSet<(char, char)>> =
        rest_a.iter().map(|&i| (i, bigram_set(&na[i]))).collect();
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for &j in &rest_b {
        let gb = bigram_set(&nb[j]);
        for &i in &rest_a {
            let s = dice(&grams_a[&i], &gb);
            if s >= CHANGED_MIN_SIMILARITY {
                candidates.push((s, i, j));
            }
        }
    }
    candidates.sort_by(|x, y| {
        y.0.total_cmp(&x.0)
            .then_with(|| x.1.abs_diff(x.2).cmp(&y.1.abs_diff(y.2)))
    });
    for (s, i, j) in candidates {
        if !used_a[i] && a_of_b[j].is_none() {
            used_a[i] = true;
            a_of_b[j] = Some((i, Some(s)));
        }
    }

    // B's order; a removed paragraph goes after the pair that holds A's paragraph before it.
    let mut pairs: Vec<(Option<usize>, Pair)> = Vec::new();
    for (j, m) in a_of_b.iter().enumerate() {
        let b = Some(side(&pb[j]));
        let pair = match m {
            Some((i, None)) => Pair {
                status: Status::Kept,
                a: Some(side(&pa[*i])),
                b,
                similarity: None,
                diff: Vec::new(),
            },
            Some((i, Some(s))) => Pair {
                status: Status::Changed,
                a: Some(side(&pa[*i])),
                b,
                similarity: Some((s * 1000.0).round() / 1000.0),
                diff: char_diff(&pa[*i].text, &pb[j].text),
            },
            None => Pair {
                status: Status::New,
                a: None,
                b,
                similarity: None,
                diff: Vec::new(),
            },
        };
        pairs.push((m.map(|(i, _)| i), pair));
    }
    for i in (0..pa.len()).filter(|&i| !used_a[i]) {
        let removed = Pair {
            status: Status::Removed,
            a: Some(side(&pa[i])),
            b: None,
            similarity: None,
            diff: Vec::new(),
        };
        let at = pairs
            .iter()
            .rposition(|(ai, _)| ai.is_some_and(|ai| ai < i))
            .map_or(0, |p| p + 1);
        pairs.insert(at, (Some(i), removed));
    }
    let pairs: Vec<Pair> = pairs.into_iter().map(|(_, p)| p).collect();
    let count = |s: Status| pairs.iter().filter(|p| p.status == s).count();
    Comparison {
        a: String::new(),
        b: String::new(),
        a_title: String::new(),
        b_title: String::new(),
        summary: Summary {
            kept: count(Status::Kept),
            changed: count(Status::Changed),
            new: count(Status::New),
            removed: count(Status::Removed),
        },
        pairs,
        new_terms: Vec::new(),
    }
}

/// The characters of `a` and `b`, kept, deleted and inserted, runs merged, and the kept
/// scraps between two changes folded into them (see [`Run::fold_scraps`]).
fn char_diff(a: &str, b: &str) -> Vec<Piece> {
    let diff = TextDiff::configure().diff_chars(a, b);
    let mut runs: Vec<Run> = Vec::new();
    for change in diff.iter_all_changes() {
        let value = change.value();
        match (change.tag(), runs.last_mut()) {
            (ChangeTag::Equal, Some(Run::Kept(kept))) => kept.push_str(value),
            (ChangeTag::Equal, _) => runs.push(Run::Kept(value.to_string())),
            (ChangeTag::Delete, Some(Run::Changed { deleted, .. })) => deleted.push_str(value),
            (ChangeTag::Insert, Some(Run::Changed { inserted, .. })) => inserted.push_str(value),
            (tag, _) => runs.push(Run::Changed {
                deleted: if tag == ChangeTag::Delete {
                    value.to_string()
                } else {
                    String::new()
                },
                inserted: if tag == ChangeTag::Insert {
                    value.to_string()
                } else {
                    String::new()
                },
            }),
        }
    }
    Run::fold_scraps(&mut runs);
    let piece = |op: &str, text: String| Piece {
        op: op.into(),
        text,
    };
    runs.into_iter()
        .flat_map(|run| match run {
            Run::Kept(text) => vec![piece("equal", text)],
            Run::Changed { deleted, inserted } => [("delete", deleted), ("insert", inserted)]
                .into_iter()
                .filter(|(_, text)| !text.is_empty())
                .map(|(op, text)| piece(op, text))
                .collect(),
        })
        .collect()
}

/// A stretch of a character diff: text both sides keep, or what one side has in place of the
/// other's (deleted first, then inserted, as a reader reads a correction).
#[derive(Debug, Clone, PartialEq)]
enum Run {
    Kept(String),
    Changed { deleted: String, inserted: String },
}

impl Run {
    fn longest_side(&self) -> usize {
        match self {
            Run::Kept(text) => text.chars().count(),
            Run::Changed { deleted, inserted } => {
                deleted.chars().count().max(inserted.chars().count())
            }
        }
    }

    /// A character diff matches every character it can, so a rewritten phrase comes out in
    /// scraps (2001年5月 → 2020年9月: 20[+2]0[-1]年[-5][+9]月). A kept stretch no longer than
    /// the changes on both sides of it is folded into them, as diff-match-patch's semantic
    /// cleanup does (20[-01年5][+20年9]月), until none is left to fold.
    fn fold_scraps(runs: &mut Vec<Run>) {
        let mut i = 1;
        while i + 1 < runs.len() {
            let scrap = match (&runs[i - 1], &runs[i], &runs[i + 1]) {
                (before @ Run::Changed { .. }, Run::Kept(kept), after @ Run::Changed { .. })
                    if kept.chars().count() <= before.longest_side().min(after.longest_side()) =>
                {
                    kept.clone()
                }
                _ => {
                    i += 1;
                    continue;
                }
            };
            let Run::Changed { deleted, inserted } = runs.remove(i + 1) else {
                unreachable!("matched as a change above")
            };
            runs.remove(i);
            if let Run::Changed {
                deleted: d,
                inserted: n,
            } = &mut runs[i - 1]
            {
                d.push_str(&scrap);
                d.push_str(&deleted);
                n.push_str(&scrap);
                n.push_str(&inserted);
            }
            // The grown change (now at i - 1) may swallow the kept scrap before it, at i - 2.
            i = i.saturating_sub(2).max(1);
        }
    }
}

/// Parts of speech (jieba's tags) that do not name a 提法: adjectives, adverbs, 区别词, numerals,
/// measure words, pronouns, prepositions, conjunctions, particles, interjections, 方位词, 状态词.
const NOT_TERMS: &[&str] = &[
    "a", "ad", "ag", "b", "d", "dg", "m", "mq", "q", "r", "rr", "rz", "p", "c", "u", "uj", "ul",
    "uz", "ud", "ug", "uv", "e", "y", "o", "f", "z", "zg",
];

/// Chinese numerals, and the counters and ordinal marks that make a count of them (十五个, 第三,
/// 四大): a number is not a 提法, a new plan's name (十五五) is.
const NUMERALS: &str = crate::text::numerals::COUNT_CHARS;
const COUNTERS: &[char] = &[
    '第', '个', '项', '大', '次', '条', '种', '批', '类', '是', '年', '位',
];

/// A word that may be a 提法: two characters or more, with a letter, no digit, not a count, and
/// not of a part of speech that names nothing.
fn could_be_a_term(word: &str) -> bool {
    let chars = word.chars().count();
    if chars < 2
        || !word.chars().any(char::is_alphabetic)
        || word.chars().any(|c| c.is_ascii_digit())
    {
        return false;
    }
    let numeral = |c: char| NUMERALS.contains(c);
    let is_count = word.chars().any(numeral)
        && word.chars().all(|c| numeral(c) || COUNTERS.contains(&c))
        && word.chars().any(|c| COUNTERS.contains(&c));
    !is_count && !analyze::part_of_speech(word).is_some_and(|t| NOT_TERMS.contains(&t))
}

/// How much a new word of B says: its count in B, times its rarity in the whole index (the
/// fewer paragraphs hold it, the more), times its specificity: a word of the policy vocabulary
/// counts whole, a word common in everyday Chinese (时期, 地位, 走出, 草案 — frequent in jieba's
/// dictionary, which is built from general text) far less, a word jieba does not list (a guess
/// of its HMM) half.
fn term_weight(term: &str, count: u64, corpus_paragraphs: u64, paragraphs: f64) -> f64 {
    let rarity = ((paragraphs + 1.0) / (corpus_paragraphs as f64 + 1.0)).ln();
    let specificity = if analyze::in_vocabulary(term) {
        1.0
    } else {
        match analyze::general_frequency(term) {
            Some(freq) => 1.0 / (1.0 + (1.0 + freq as f64).log10()),
            None => 0.5,
        }
    };
    count as f64 * rarity * specificity
}

/// Drops a word that only occurs inside a longer candidate (器械 in 医疗器械, 愧于 in 无愧于):
/// jieba's search segmentation gives both, the longer one is the 提法.
fn without_fragments(mut candidates: Vec<(String, u64)>) -> Vec<(String, u64)> {
    candidates.sort_by(|x, y| y.0.len().cmp(&x.0.len()).then_with(|| x.0.cmp(&y.0)));
    let mut kept: Vec<(String, u64)> = Vec::with_capacity(candidates.len());
    for (word, count) in candidates {
        let inside_longer = kept
            .iter()
            .any(|(longer, n)| *n >= count && longer.contains(word.as_str()));
        if !inside_longer {
            kept.push((word, count));
        }
    }
    kept
}

/// Words of B (jieba, see [`could_be_a_term`]) that A's text does not contain, with their
/// counts in B, ranked by count weighted by rarity in the whole index.
fn new_terms(
    engine: &Engine,
    pa: &[ParagraphRecord],
    pb: &[ParagraphRecord],
) -> Result<Vec<NewTerm>> {
    let a_text: String = pa
        .iter()
        .map(|r| normal(&r.text))
        .collect::<Vec<_>>()
        .join("\n");
    let mut counts: HashMap<String, u64> = HashMap::new();
    for r in pb {
        for word in analyze::words(&r.text) {
            if could_be_a_term(&word) {
                *counts.entry(word).or_default() += 1;
            }
        }
    }
    let unseen: Vec<(String, u64)> = counts
        .into_iter()
        .filter(|(w, _)| !a_text.contains(w.as_str()))
        .collect();
    let mut candidates = without_fragments(unseen);
    candidates.sort_by(|x, y| {
        y.1.cmp(&x.1)
            .then_with(|| y.0.chars().count().cmp(&x.0.chars().count()))
            .then_with(|| x.0.cmp(&y.0))
    });
    candidates.truncate(TERM_CANDIDATES);
    let paragraphs = engine.paragraph_count().max(1) as f64;
    let mut terms = Vec::with_capacity(candidates.len());
    for (term, count) in candidates {
        let quoted = format!("\"{term}\"");
        let corpus_paragraphs = match engine.search(&SearchRequest {
            limit: 1,
            through_documents: false,
            ..SearchRequest::new(quoted)
        }) {
            Ok(r) => r.total as u64,
            // A word the query syntax refuses (too long) is simply not ranked by rarity.
            Err(_) => count,
        };
        terms.push(NewTerm {
            term,
            count,
            corpus_paragraphs,
        });
    }
    let weight = |t: &NewTerm| term_weight(&t.term, t.count, t.corpus_paragraphs, paragraphs);
    terms.sort_by(|x, y| {
        weight(y)
            .total_cmp(&weight(x))
            .then_with(|| x.term.cmp(&y.term))
    });
    terms.truncate(NEW_TERMS);
    Ok(terms)
}

#[cfg(test)]
mod tests {

    fn marked(a: &str, b: &str) -> String {
        char_diff(a, b)
            .iter()
            .map(|p| match p.op.as_str() {
                "insert" => format!("[+{}]", p.text),
                "delete" => format!("[-{}]", p.text),
                _ => p.text.clone(),
            })
            .collect()
    }

    #[test]
    fn a_rewritten_phrase_is_one_change_not_scraps() {
        assert_eq!(
            marked(
                "本条例自2001年5月1日起施行。",
                "本条例自2020年9月1日起施行。"
            ),
            "本条例自20[-01年5][+20年9]月1日起施行。"
        );
        // A kept stretch longer than the changes beside it stays kept.
        assert_eq!(
            marked("测试机构应当每半年报告一次", "测试机构应当每季度报告一次"),
            "测试机构应当每[-半年][+季度]报告一次"
        );
        assert_eq!(
            marked(
                "为了规范测试活动，制定本条例。",
                "为了规范测试活动，保障测试安全，制定本条例。"
            ),
            "为了规范测试活动，[+保障测试安全，]制定本条例。"
        );
        // Both sides are still spelled out by the pieces, in order.
        let pieces = char_diff("甲乙丙丁戊", "甲子丙丑戊");
        let side = |skip: &str| -> String {
            pieces
                .iter()
                .filter(|p| p.op != skip)
                .map(|p| p.text.as_str())
                .collect()
        };
        assert_eq!(side("insert"), "甲乙丙丁戊");
        assert_eq!(side("delete"), "甲子丙丑戊");
        // A change that grows may then swallow the scrap before it too.
        assert_eq!(
            marked("甲一二乙丙三丁四五六戊", "甲七八乙丙九丁十百千戊"),
            "甲[-一二乙丙三丁四五六][+七八乙丙九丁十百千]戊"
        );
    }

    #[test]
    fn counts_and_words_that_name_nothing_are_not_terms() {
        for not_a_term in [
            "十五个",
            "第十五",
            "四大",
            "两个",
            "明显",
            "深刻",
            "我们",
            "进一步",
            "和",
        ] {
            assert!(!could_be_a_term(not_a_term), "{not_a_term}");
        }
        for term in [
            "十五五",
            "低空经济",
            "文旅商",
            "赛道",
            "人工智能+",
            "离境退税",
        ] {
            assert!(could_be_a_term(term), "{term}");
        }
    }

    #[test]
    fn specific_words_outrank_generic_ones_of_the_same_count_and_rarity() {
        let paragraphs = 10_000.0;
        let weight = |t: &str| term_weight(t, 3, 5, paragraphs);
        for generic in ["纲要", "草案", "走出", "地位", "时期", "见效"] {
            for specific in ["低空经济", "人工智能", "赛道", "医疗器械"] {
                assert!(
                    weight(specific) > weight(generic),
                    "{specific} {} vs {generic} {}",
                    weight(specific),
                    weight(generic)
                );
            }
        }
        // Rarity in the index still counts: a term in every report is no 新提法.
        assert!(
            term_weight("低空经济", 3, 5, paragraphs)
                > term_weight("低空经济", 3, 5000, paragraphs)
        );
    }

    #[test]
    fn a_word_seen_only_inside_a_longer_candidate_is_dropped() {
        let kept = without_fragments(vec![
            ("器械".into(), 4),
            ("医疗器械".into(), 4),
            ("离境".into(), 5),
            ("离境退税".into(), 3),
            ("赛道".into(), 2),
        ]);
        let words: Vec<&str> = kept.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(words, ["医疗器械", "离境退税", "离境", "赛道"]);
    }

    use super::*;

    fn records(texts: &[&str]) -> Vec<ParagraphRecord> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| ParagraphRecord {
                doc: "d".into(),
                paragraph: i as u64 + 1,
                title: "t".into(),
                date: None,
                region: None,
                year: None,
                section: Vec::new(),
                page: None,
                text: t.to_string(),
            })
            .collect()
    }

    #[test]
    fn a_document_against_itself_is_all_kept() {
        let a = records(&[
            "第一段讲科技创新。",
            "第二段讲民生保障。",
            "第三段讲生态环境。",
        ]);
        let c = align(&a, &a);
        assert_eq!((c.summary.kept, c.summary.changed), (3, 0));
        assert_eq!((c.summary.new, c.summary.removed), (0, 0));
    }

    #[test]
    fn edits_are_reported_as_they_were_made() {
        let a = records(&[
            "大力发展新质生产力，推动产业升级。",
            "加强生态环境保护，推进绿色低碳发展。",
            "完善社会保障体系，兜牢民生底线。",
            "这一段将被删除，不会出现在新的报告里。",
        ]);
        let b = records(&[
            "完善社会保障体系，兜牢民生底线。",
            "大力发展新质生产力，加快推动产业升级。",
            "加强生态环境保护，推进绿色低碳发展。",
            "培育低空经济等新兴产业。",
        ]);
        let c = align(&a, &b);
        let statuses: Vec<Status> = c.pairs.iter().map(|p| p.status).collect();
        assert_eq!(c.summary.kept, 2, "{statuses:?}");
        assert_eq!(c.summary.changed, 1, "{statuses:?}");
        assert_eq!(c.summary.new, 1);
        assert_eq!(c.summary.removed, 1);
        let changed = c
            .pairs
            .iter()
            .find(|p| p.status == Status::Changed)
            .unwrap();
        let inserted: String = changed
            .diff
            .iter()
            .filter(|p| p.op == "insert")
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(inserted, "加快");
        assert!(changed.diff.iter().all(|p| p.op != "delete"));
    }
}
