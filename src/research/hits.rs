//! What every research tool counts with: all the hits of a search that hold the query in their
//! text, the strings whose occurrences are counted, and the citation line of a paragraph. Kept
//! in one file below the tools, so that trends, exports and feeds count and cite alike.

use crate::analyze::fold_str;
use crate::error::Result;
use crate::search::{Engine, SearchRequest, SearchResults, MAX_LIMIT};

/// Every hit of a search that holds the query in its text, not a page: the same request, with
/// the limit set to its total.
/// The hits have no snippet: what reads them all (trends, exports) reads their text.
pub fn all_hits(engine: &Engine, request: &SearchRequest) -> Result<SearchResults> {
    // What is counted and exported is what texts say: a paragraph found only through its
    // document's title does not say the words (the search's `text_total`).
    let first = SearchRequest {
        limit: 1,
        offset: 0,
        facets: false,
        through_documents: false,
        ..request.clone()
    };
    let total = engine.search_without_snippets(&first)?.total;
    engine.search_without_snippets(&SearchRequest {
        limit: total.clamp(1, MAX_LIMIT),
        ..first
    })
}

/// The folded strings whose occurrences a request counts: each part as typed, then (when the
/// request lets synonyms stand in) its synonyms, in that order, each once.
pub fn needles(request: &SearchRequest) -> Result<Vec<String>> {
    let parsed = request.parse()?;
    let mut needles: Vec<String> = Vec::new();
    for (part, alternatives) in parsed.required.iter().zip(&parsed.alternatives) {
        for n in std::iter::once(part).chain(alternatives) {
            let n = fold_str(n);
            if !n.is_empty() && !needles.contains(&n) {
                needles.push(n);
            }
        }
    }
    Ok(needles)
}

/// Occurrences of the needles in a text, as a substring count over the folded text gives them
/// (non-overlapping, like Python's `str.count`), summed over the needles.
pub fn occurrences(text: &str, needles: &[String]) -> u64 {
    occurrences_each(text, needles).iter().sum()
}

/// [`occurrences`] for each needle: what each variant of a query adds to the total.
pub fn occurrences_each(text: &str, needles: &[String]) -> Vec<u64> {
    let folded = fold_str(text);
    needles
        .iter()
        .map(|n| folded.matches(n.as_str()).count() as u64)
        .collect()
}

/// The citation line of a paragraph: 《2026年上海市政府工作报告》，三、…，第12页 (the paragraph's
/// number when the document has no pages).
pub fn citation(title: &str, section: &[String], page: Option<u32>, paragraph: u64) -> String {
    let mut parts = vec![format!("《{title}》")];
    parts.extend(section.iter().take(2).cloned());
    parts.push(match page {
        Some(p) => format!("第{p}页"),
        None => format!("第{paragraph}段"),
    });
    parts.join("，")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occurrences_count_like_a_folded_substring_count() {
        let needles = vec!["低空经济".to_string()];
        assert_eq!(occurrences("低空經濟、低空经济和低空", &needles), 2);
        assert_eq!(occurrences("哈哈哈", &["哈哈".to_string()]), 1);
        assert_eq!(occurrences("ＧＤＰ和gdp", &["gdp".to_string()]), 2);
    }

    #[test]
    fn citation_names_title_sections_and_page() {
        let section = vec!["三、2026年重点工作".to_string(), "（一）科技".to_string()];
        assert_eq!(
            citation("2026年上海市政府工作报告", &section, Some(12), 40),
            "《2026年上海市政府工作报告》，三、2026年重点工作，（一）科技，第12页"
        );
        assert_eq!(citation("某通知", &[], None, 3), "《某通知》，第3段");
    }
}
