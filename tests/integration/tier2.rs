//! Tier 2: the engine over the real reports of `../shared/corpus` (the reference document and
//! the 25 scraped provincial reports of 2026) and the public queries. Ignored by `cargo test`;
//! run them with `cargo test -- --ignored` when ../shared is beside the project (`.ci/run` does).

use crate::search::{
    all_hits, check_recall, check_side_by_side_first, check_substrings_across_words, check_variants,
};
use crate::support::{shared_corpus, shared_index, shared_queries, Workspace};

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn every_public_query_finds_every_paragraph_a_substring_search_finds_and_ranks_them_first() {
    check_recall(&shared_index().engine, &shared_queries());
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn the_shared_corpus_is_indexed_whole() {
    let report = &shared_index().report;
    assert_eq!(report.documents, 26, "{report}");
    assert!(report.skipped.is_empty(), "{report}");
    assert!(report.paragraphs > 2000, "{report}");
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn words_that_jieba_splits_differently_are_still_found_in_the_reports() {
    check_substrings_across_words(
        &shared_index().engine,
        &[
            "技创",
            "新质生",
            "济圈",
            "凤实验",
            "2.5",
            "5%",
            "十四",
            "碳",
        ],
    );
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn traditional_and_full_width_queries_find_the_same_paragraphs_in_the_reports() {
    check_variants(
        &shared_index().engine,
        &[
            ("科學城", "科学城"),
            ("ＧＤＰ", "GDP"),
            ("ｒ＆ｄ", "R&D"),
            ("數字經濟", "数字经济"),
            ("gdp", "GDP"),
        ],
    );
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn paragraphs_with_the_parts_side_by_side_rank_first_in_the_reports() {
    check_side_by_side_first(&shared_index().engine, "科技 金融", "科技金融");
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn facets_and_filters_over_the_reports() {
    let engine = &shared_index().engine;
    let results = engine
        .search(&policy_search::search::SearchRequest {
            facets: true,
            ..all_hits("低空经济")
        })
        .unwrap();
    let facets = results.facets.unwrap();
    assert!(facets.doc.len() > 10, "低空经济 is in most reports");
    assert!(facets.doc.iter().all(|f| f
        .label
        .as_deref()
        .is_some_and(|l| l.contains("政府工作报告"))));
    let phrase = engine.search(&all_hits("\"上海市市长 龚 正\"")).unwrap();
    assert_eq!(phrase.total, 1, "a quoted phrase keeps its spaces");
}

/// The paragraphs and sections of a document read from `dir/name`.
pub fn paragraphs(dir: &std::path::Path, name: &str) -> Vec<(String, Vec<String>)> {
    let doc =
        policy_search::ingest::read_document(dir, name).unwrap_or_else(|e| panic!("{name}: {e}"));
    doc.paragraphs
        .into_iter()
        .map(|p| (p.text, p.section))
        .collect()
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn gbk_and_html_versions_of_a_real_report_give_the_same_paragraphs_and_sections() {
    let reports = shared_corpus().join("reports-2026");
    let ws = Workspace::new();
    crate::reindex::check_encodings_and_html(&ws, &reports, "2026_上海市_政府工作报告.txt", 100);
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn trends_over_the_reports_count_what_a_substring_count_gives_per_region_and_document() {
    crate::research::check_trends(&shared_index().engine, &shared_queries());
}
