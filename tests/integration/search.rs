//! The engine over the fixtures (the shipped reference document and tests/fixtures/corpus):
//! recall, ranking, folding, highlighting, filters, facets.

use policy_search::analyze::fold_str;
use policy_search::search::{Engine, QueryError, SearchRequest, Sort};
use policy_search::Error;

use crate::support::{brute_force, fixture_index, fixture_queries, Parts, REFERENCE};

/// Every hit of a query, matched by the paragraphs' text alone (tests/integration/named.rs
/// covers matching through documents' names).
pub fn all_hits(query: &str) -> SearchRequest {
    SearchRequest {
        limit: 100_000,
        through_documents: false,
        ..SearchRequest::new(query)
    }
}

/// Every query finds every paragraph the brute-force substring search finds, ranked before
/// the paragraphs found through a synonym only.
pub fn check_recall(engine: &Engine, queries: &[String]) {
    assert!(!queries.is_empty());
    for query in queries {
        let expected = brute_force(engine, query);
        // Through documents' names too: the text matches must be exactly those of the
        // substring search, and first.
        let results = engine
            .search(&SearchRequest {
                through_documents: true,
                ..all_hits(query)
            })
            .unwrap_or_else(|e| panic!("{query:?}: {e}"));
        let parts = Parts::of(query);
        let exact: Vec<bool> = results
            .hits
            .iter()
            .map(|h| parts.match_text(&h.text))
            .collect();
        let got: std::collections::BTreeSet<(String, u64)> = results
            .hits
            .iter()
            .zip(&exact)
            .filter(|(_, e)| **e)
            .map(|(h, _)| (h.doc.clone(), h.paragraph))
            .collect();
        assert_eq!(got, expected, "exact hits for {query:?}");
        let first_other = exact.iter().position(|e| !e).unwrap_or(exact.len());
        assert_eq!(
            first_other,
            expected.len(),
            "{query:?}: exact matches rank before synonym matches and matches through documents"
        );
        // Beyond the text matches, only paragraphs found through their document's names.
        let through_documents = results
            .hits
            .iter()
            .filter(|h| h.via == policy_search::search::Via::Document)
            .count();
        if results.synonyms.is_empty() {
            assert_eq!(
                results.total,
                expected.len() + through_documents,
                "total for {query:?}"
            );
            assert_eq!(
                results.text_total,
                expected.len(),
                "text_total for {query:?}"
            );
        }
    }
}

/// Substrings that cross jieba word boundaries: recall must not depend on segmentation.
pub fn check_substrings_across_words(engine: &Engine, queries: &[&str]) {
    for query in queries {
        let expected = brute_force(engine, query);
        assert!(!expected.is_empty(), "{query:?} should occur in the corpus");
        let results = engine.search(&all_hits(query)).unwrap();
        assert_eq!(results.total, expected.len(), "{query:?}");
    }
}

/// Traditional, full-width and lower-case variants find what the plain form finds.
pub fn check_variants(engine: &Engine, pairs: &[(&str, &str)]) {
    for (variant, plain) in pairs {
        let a = engine.search(&all_hits(variant)).unwrap();
        let b = engine.search(&all_hits(plain)).unwrap();
        assert!(b.total > 0, "{plain} should be in the corpus");
        let ids = |r: &policy_search::search::SearchResults| {
            r.hits
                .iter()
                .map(|h| (h.doc.clone(), h.paragraph))
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&a), ids(&b), "{variant} vs {plain}");
    }
}

/// Paragraphs that hold the parts side by side rank before those that hold them apart.
pub fn check_side_by_side_first(engine: &Engine, query: &str, joined: &str) {
    let results = engine.search(&all_hits(query)).unwrap();
    let adjacent: Vec<bool> = results
        .hits
        .iter()
        .map(|h| fold_str(&h.text).contains(joined))
        .collect();
    let first_apart = adjacent
        .iter()
        .position(|a| !a)
        .expect("some paragraphs have the parts apart");
    assert!(first_apart > 0, "some paragraphs say {joined}");
    assert!(
        adjacent[first_apart..].iter().all(|a| !a),
        "a paragraph with {joined} ranked after one with the parts apart"
    );
}

#[test]
fn every_fixture_query_finds_every_paragraph_a_substring_search_finds_and_ranks_them_first() {
    let queries = fixture_queries();
    assert!(queries.len() >= 40, "{} queries", queries.len());
    let engine = &fixture_index().engine;
    for query in &queries {
        assert!(
            !brute_force(engine, query).is_empty(),
            "{query:?} finds nothing in the fixtures: it checks nothing"
        );
    }
    check_recall(engine, &queries);
}

#[test]
fn synonyms_find_the_other_wording_after_the_exact_one() {
    let index = fixture_index();
    let results = index.engine.search(&all_hits("规上")).unwrap();
    assert!(
        results.synonyms.contains(&"规模以上".to_string()),
        "{:?}",
        results.synonyms
    );
    let exact = brute_force(&index.engine, "规上").len();
    let expansion = brute_force(&index.engine, "规模以上").len();
    assert!(exact > 0 && expansion > 0);
    assert!(results.total > exact, "the expansion adds paragraphs");
    let texts: Vec<String> = results.hits.iter().map(|h| fold_str(&h.text)).collect();
    assert!(texts[..exact].iter().all(|t| t.contains("规上")));
    assert!(texts[exact..]
        .iter()
        .all(|t| t.contains("规模以上") && !t.contains("规上")));
    let quoted = index.engine.search(&all_hits("\"规上\"")).unwrap();
    assert_eq!(quoted.total, exact, "a quoted term is not expanded");
}

#[test]
fn words_that_jieba_splits_differently_are_still_found() {
    check_substrings_across_words(
        &fixture_index().engine,
        &[
            "技创",
            "新质生",
            "济圈",
            "凤实验",
            "2.5",
            "5%",
            "十四",
            "碳",
            "空经",
            "融合新",
        ],
    );
}

#[test]
fn traditional_and_full_width_queries_find_the_same_paragraphs() {
    check_variants(
        &fixture_index().engine,
        &[
            ("科學城", "科学城"),
            ("ＧＤＰ", "GDP"),
            ("ｒ＆ｄ", "R&D"),
            ("數字經濟", "数字经济"),
            ("gdp", "GDP"),
            ("５．２％", "5.2%"),
            ("科技创新", "科技創新"),
        ],
    );
}

#[test]
fn text_in_traditional_and_full_width_characters_is_found_by_the_plain_form() {
    let engine = &fixture_index().engine;
    let traditional = "notices/南湖市人民政府关于加强数字经济与科技创新合作的通知（繁体）.txt";
    let results = engine.search(&all_hits("数字经济")).unwrap();
    let hit = results
        .hits
        .iter()
        .find(|h| h.doc == traditional)
        .expect("数字经济 finds 數字經濟");
    assert!(hit.text.contains("數字經濟"), "the text stays as written");
    assert!(
        hit.snippet.contains("<mark>數字經濟</mark>"),
        "{}",
        hit.snippet
    );
    let results = engine.search(&all_hits("GDP 5.2%")).unwrap();
    assert_eq!(results.total, 1);
    assert!(
        results.hits[0].snippet.contains("<mark>ＧＤＰ</mark>"),
        "{}",
        results.hits[0].snippet
    );
}

#[test]
fn paragraphs_with_the_parts_side_by_side_rank_before_the_others() {
    check_side_by_side_first(&fixture_index().engine, "科技 金融", "科技金融");
}

#[test]
fn ranking_orders_by_score_and_a_focused_paragraph_beats_a_passing_mention() {
    let index = fixture_index();
    let results = index.engine.search(&all_hits("低空经济")).unwrap();
    assert!(results.total >= 10, "{}", results.total);
    let scores: Vec<f32> = results.hits.iter().map(|h| h.score).collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "scores descend: {scores:?}"
    );
    // BM25: the term's density decides; the top hit is denser in it than the bottom one.
    let density = |h: &policy_search::search::Hit| {
        fold_str(&h.text).matches("低空").count() as f64 / h.text.chars().count() as f64
    };
    let (top, bottom) = (&results.hits[0], results.hits.last().unwrap());
    assert!(
        density(top) > density(bottom),
        "top: {}\nbottom: {}",
        top.text,
        bottom.text
    );
}

#[test]
fn snippets_mark_the_matches_in_the_original_text() {
    let index = fixture_index();
    let results = index.engine.search(&SearchRequest::new("科學城")).unwrap();
    assert!(results.total > 0);
    for hit in &results.hits {
        assert!(
            hit.snippet.contains("<mark>科学城</mark>"),
            "snippet: {}",
            hit.snippet
        );
    }
    let results = index.engine.search(&SearchRequest::new("R&D")).unwrap();
    assert!(
        results.hits[0].snippet.contains("<mark>R&amp;D</mark>"),
        "{}",
        results.hits[0].snippet
    );
}

#[test]
fn hits_carry_title_date_and_section() {
    let index = fixture_index();
    let results = index
        .engine
        .search(&SearchRequest::new("金凤实验室一期"))
        .unwrap();
    assert_eq!(results.total, 1);
    let hit = &results.hits[0];
    assert_eq!(hit.doc, REFERENCE);
    assert_eq!(
        hit.title,
        "重庆高新区直管园2021年经济社会发展情况及2022年重点工作"
    );
    assert_eq!(hit.date.as_deref(), Some("2022-03-01"));
    assert_eq!(hit.section, ["一、2021年工作情况", "(一)创新动能显著增强"]);
    assert!(hit.text.starts_with("(一)创新动能显著增强。"));

    let results = index
        .engine
        .search(&SearchRequest::new("出台低空经济发展三年行动方案"))
        .unwrap();
    assert_eq!(results.total, 1);
    let hit = &results.hits[0];
    assert_eq!(hit.doc, "reports/2026_东川省_政府工作报告.txt");
    assert_eq!(hit.title, "2026年东川省政府工作报告");
    assert_eq!(hit.date.as_deref(), Some("2026-01-28"));
    assert_eq!(
        hit.section,
        [
            "一、2025年工作回顾",
            "（二）加快培育发展新动能",
            "二是低空经济起步成势"
        ]
    );
}

#[test]
fn queries_that_cannot_be_searched_are_errors_not_panics() {
    let index = fixture_index();
    let long = "创".repeat(1000);
    for (query, expected) in [
        ("", QueryError::Empty),
        ("   ", QueryError::Empty),
        ("，。！？", QueryError::NothingSearchable),
        (long.as_str(), QueryError::TooLong(1000)),
    ] {
        match index.engine.search(&SearchRequest::new(query)) {
            Err(Error::Query(e)) => assert_eq!(e, expected),
            other => panic!("{query:?} gave {other:?}"),
        }
    }
}

/// A section filter keeps exactly the paragraphs with a heading (one level of the section
/// path) that contains its text, as a substring search over the exported paragraphs finds them.
#[test]
fn section_filters_keep_exactly_the_paragraphs_under_a_matching_heading() {
    let engine = &fixture_index().engine;
    let mut checked = 0;
    for (query, filter) in [
        ("发展", "民生"),
        ("发展", "创新"),
        ("推进", "一、"),
        ("建设", "(二)"),
        ("改革", "政"),
    ] {
        let wanted = fold_str(filter);
        let mut expected = std::collections::BTreeSet::new();
        engine
            .export(|p| {
                if fold_str(&p.text).contains(query)
                    && p.section.iter().any(|s| fold_str(s).contains(&wanted))
                {
                    expected.insert((p.doc.clone(), p.paragraph));
                }
                Ok(())
            })
            .unwrap();
        let found: std::collections::BTreeSet<_> = engine
            .search(&SearchRequest {
                section: Some(filter.into()),
                ..all_hits(query)
            })
            .unwrap()
            .hits
            .into_iter()
            .map(|h| (h.doc, h.paragraph))
            .collect();
        assert_eq!(found, expected, "{query} section:{filter}");
        checked += expected.len();
    }
    assert!(checked > 10, "only {checked} paragraphs under the headings");
}

#[test]
fn filters_narrow_by_document_section_and_date() {
    let index = fixture_index();
    let doc = "reports/2026_东川省_政府工作报告.txt";
    let in_doc = index
        .engine
        .search(&SearchRequest {
            doc: Some(doc.into()),
            ..all_hits("创新")
        })
        .unwrap();
    assert!(in_doc.total > 0);
    assert!(in_doc.hits.iter().all(|h| h.doc == doc));

    let by_name = index
        .engine
        .search(&SearchRequest {
            doc: Some("2026_东川省".into()),
            ..all_hits("创新")
        })
        .unwrap();
    assert_eq!(
        by_name.total, in_doc.total,
        "part of a file name selects the document"
    );

    let in_section = index
        .engine
        .search(&SearchRequest {
            section: Some("民生".into()),
            ..all_hits("就业")
        })
        .unwrap();
    assert!(in_section.total > 0);
    assert!(in_section.total < index.engine.search(&all_hits("就业")).unwrap().total);
    assert!(in_section
        .hits
        .iter()
        .all(|h| h.section.iter().any(|s| s.contains("民生"))));

    let old = index
        .engine
        .search(&SearchRequest {
            to: Some("2022-12".into()),
            ..all_hits("科学城")
        })
        .unwrap();
    assert!(old.total > 0);
    assert!(old
        .hits
        .iter()
        .all(|h| h.date.as_deref().unwrap() <= "2022-12-31"));
    let new = index
        .engine
        .search(&SearchRequest {
            from: Some("2023".into()),
            ..all_hits("科学城")
        })
        .unwrap();
    assert!(new.total > 0);
    assert_eq!(
        old.total + new.total,
        index.engine.search(&all_hits("科学城")).unwrap().total
    );
    let year = index
        .engine
        .search(&SearchRequest {
            from: Some("2025".into()),
            to: Some("2025".into()),
            ..all_hits("低空经济")
        })
        .unwrap();
    assert!(year.total > 0);
    assert!(year
        .hits
        .iter()
        .all(|h| h.date.as_deref().unwrap().starts_with("2025")));
}

#[test]
fn query_syntax_excludes_and_filters() {
    let index = fixture_index();
    // Quoted, so that synonyms (人工智能 = AI) do not widen the counts.
    let with = index
        .engine
        .search(&all_hits("\"科技创新\""))
        .unwrap()
        .total;
    let without = index
        .engine
        .search(&all_hits("\"科技创新\" -人工智能"))
        .unwrap();
    let both = index
        .engine
        .search(&all_hits("\"科技创新\" \"人工智能\""))
        .unwrap()
        .total;
    assert!(without.total > 0 && both > 0);
    assert_eq!(without.total + both, with);
    assert!(without.hits.iter().all(|h| !h.text.contains("人工智能")));

    let titled = index.engine.search(&all_hits("title:东川 创新")).unwrap();
    assert!(titled.total > 0 && titled.hits.iter().all(|h| h.title.contains("东川")));

    let phrase = index
        .engine
        .search(&all_hits("\"东川省省长 陈 立\""))
        .unwrap();
    assert_eq!(phrase.total, 1, "a quoted phrase keeps its spaces");
}

#[test]
fn date_sort_puts_newer_documents_first() {
    let index = fixture_index();
    let results = index
        .engine
        .search(&SearchRequest {
            sort: Sort::Date,
            ..all_hits("科学城")
        })
        .unwrap();
    let dates: Vec<String> = results
        .hits
        .iter()
        .map(|h| h.date.clone().unwrap_or_default())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    assert!(dates.first().unwrap().starts_with("2026"), "{dates:?}");
    assert_eq!(dates.last().map(String::as_str), Some("2022-03-01"));
}

#[test]
fn facets_count_every_match() {
    let index = fixture_index();
    let results = index
        .engine
        .search(&SearchRequest {
            facets: true,
            ..SearchRequest::new("低空经济")
        })
        .unwrap();
    let facets = results.facets.unwrap();
    assert!(facets.doc.len() >= 4, "{:?}", facets.doc);
    let per_doc: u64 = facets.doc.iter().map(|f| f.count).sum();
    assert_eq!(per_doc as usize, results.total);
    let per_year: u64 = facets.year.iter().map(|f| f.count).sum();
    assert_eq!(per_year as usize, results.total);
    assert!(facets.year.len() >= 2, "{:?}", facets.year);
    let titles = index.engine.manifest().unwrap();
    for f in &facets.doc {
        let label = f.label.as_deref().expect("a document facet has its title");
        assert_eq!(label, titles.files[&f.value].metadata.title, "{f:?}");
    }
    assert!(!facets.section.is_empty());
}

#[test]
fn grouped_results_have_one_row_per_document() {
    let index = fixture_index();
    let request = SearchRequest {
        limit: 100,
        ..SearchRequest::new("低空经济")
    };
    let grouped = index.engine.search_grouped(&request, 3).unwrap();
    let groups = grouped.groups.unwrap();
    assert!(groups.len() >= 4);
    let docs: std::collections::BTreeSet<&str> = groups.iter().map(|g| g.doc.as_str()).collect();
    assert_eq!(docs.len(), groups.len(), "one group per document");
    assert_eq!(
        groups.iter().map(|g| g.count as usize).sum::<usize>(),
        grouped.total
    );
    for g in &groups {
        assert!(!g.hits.is_empty() && g.hits.len() <= 3);
        assert!(g.hits.iter().all(|h| h.doc == g.doc));
    }
    assert!(groups.windows(2).all(|w| w[0].count >= w[1].count));
    assert_eq!(grouped.total_groups, Some(groups.len()));
}

#[test]
fn pages_do_not_overlap() {
    let index = fixture_index();
    let page = |offset| {
        index
            .engine
            .search(&SearchRequest {
                offset,
                ..SearchRequest::new("创新")
            })
            .unwrap()
            .hits
            .into_iter()
            .map(|h| (h.doc, h.paragraph))
            .collect::<Vec<_>>()
    };
    let (first, second) = (page(0), page(10));
    assert_eq!(first.len(), 10);
    assert!(!second.is_empty());
    assert!(first.iter().all(|h| !second.contains(h)));
}

#[test]
fn export_lists_every_paragraph_once_in_order() {
    let index = fixture_index();
    let mut records = Vec::new();
    index
        .engine
        .export(|r| {
            records.push((r.doc.clone(), r.paragraph));
            Ok(())
        })
        .unwrap();
    assert_eq!(records.len() as u64, index.report.paragraphs);
    assert_eq!(index.report.documents, 7, "{}", index.report);
    assert!(index.report.skipped.is_empty(), "{}", index.report);
    let mut sorted = records.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted, records);
}

#[test]
fn document_numbers_match_across_bracket_styles_and_filter_by_number() {
    use crate::support::Workspace;
    use policy_search::search::Engine;
    let ws = Workspace::new();
    ws.write(
        "a.txt",
        "国务院办公厅关于印发数据要素行动方案的通知\n发文字号：国办发〔2024〕5号\n一、总体要求\n根据国办发〔2024〕5号文件精神，推进数据要素市场化。\n",
    );
    ws.write(
        "b.txt",
        "某省人民政府办公厅关于贯彻落实工作的通知\n发文字号：某政办发[2024]12号\n一、工作要求\n贯彻落实国办发[2024]5号文件，全年增长12.9%。\n",
    );
    ws.sync();
    let engine = Engine::open(&ws.index()).unwrap();
    for typed in [
        "国办发[2024]5号",
        "国办发〔2024〕5号",
        "国办发（２０２４）５号",
        "国办发【2024】5号",
    ] {
        let results = engine.search(&all_hits(typed)).unwrap();
        assert_eq!(results.total, 2, "{typed}");
    }
    let results = engine.search(&all_hits("国办发[2024]5号")).unwrap();
    assert_eq!(
        results.hits[0].doc, "b.txt",
        "the style as typed ranks first"
    );
    assert!(
        results.hits[1]
            .snippet
            .contains("<mark>国办发〔2024〕5号</mark>"),
        "{}",
        results.hits[1].snippet
    );

    let filtered = engine
        .search(&all_hits("docno:国办发(2024)5号 数据要素"))
        .unwrap();
    assert_eq!(filtered.total, 1);
    assert_eq!(filtered.hits[0].doc, "a.txt");
    let by_param = engine
        .search(&SearchRequest {
            doc_number: Some("某政办发〔2024〕12号".into()),
            ..all_hits("贯彻")
        })
        .unwrap();
    assert_eq!(by_param.total, 1);
    assert_eq!(
        engine.manifest().unwrap().files["a.txt"]
            .metadata
            .doc_number
            .as_deref(),
        Some("国办发〔2024〕5号")
    );

    for number in ["12.9%", "12.9", "１２．９％"] {
        assert_eq!(
            engine.search(&all_hits(number)).unwrap().total,
            1,
            "{number}"
        );
    }
}

#[test]
fn a_character_is_found_wherever_it_stands_even_last_or_alone() {
    use crate::support::Workspace;
    use policy_search::search::Engine;
    // One-character queries are answered from the bigram terms a character begins; the last
    // character of a paragraph begins none, so it is a term of its own.
    let ws = Workspace::new();
    ws.write(
        "a.txt",
        "关于试点工作的通知\n一、总体要求\n推进试点工作，建设示范区\n甲\n（二）扩大开放\n持续扩大开放。\n",
    );
    ws.sync();
    let engine = Engine::open(&ws.index()).unwrap();
    for (query, expected) in [("区", 1), ("甲", 1), ("开", 2), ("乙", 0), ("要", 1)] {
        let results = engine.search(&all_hits(query)).unwrap();
        assert_eq!(results.total, expected, "{query:?}");
        assert_eq!(
            results.total,
            brute_force(&engine, query).len(),
            "{query:?}"
        );
    }
    let in_section = engine.search(&all_hits("section:放 续")).unwrap();
    assert_eq!(
        in_section.total, 1,
        "a section path ending in the character"
    );
    let in_section = engine.search(&all_hits("section:放 开")).unwrap();
    assert_eq!(in_section.total, 2, "the heading is in its own section");
    let excluded = engine.search(&all_hits("试点 -区")).unwrap();
    assert!(excluded.hits.iter().all(|h| !h.text.contains('区')));
}

/// An issuer facet counts what a click on it (the `issuer` filter, which keeps names containing
/// the value) then finds: 东川省人民政府 includes the paragraphs of 东川省人民政府办公厅, and a
/// joint document counts for each of its issuers.
#[test]
fn an_issuer_facet_counts_what_its_filter_finds() {
    use crate::support::Workspace;
    use policy_search::search::Engine;
    let ws = Workspace::new();
    ws.write(
        "a.txt",
        "东川省人民政府关于推进科技创新的意见\n一、总体要求\n推进科技创新。\n加快科技创新平台建设。\n",
    );
    ws.write(
        "b.txt",
        "东川省人民政府办公厅关于科技创新券的通知\n一、工作要求\n做好科技创新券发放。\n",
    );
    ws.write(
        "c.txt",
        "东川省教育厅 东川省科学技术厅关于科技创新教育的通知\n一、工作要求\n开展科技创新教育。\n",
    );
    ws.sync();
    let engine = Engine::open(&ws.index()).unwrap();
    let results = engine
        .search(&SearchRequest {
            facets: true,
            ..all_hits("科技创新")
        })
        .unwrap();
    let facets = results.facets.as_ref().expect("facets");
    assert!(facets.issuer.len() >= 4, "{:?}", facets.issuer);
    for facet in &facets.issuer {
        let filtered = engine
            .search(&SearchRequest {
                issuer: Some(facet.value.clone()),
                ..all_hits("科技创新")
            })
            .unwrap();
        assert_eq!(filtered.total as u64, facet.count, "{}", facet.value);
    }
    let count = |name: &str| {
        facets
            .issuer
            .iter()
            .find(|f| f.value == name)
            .map(|f| f.count)
    };
    assert_eq!(count("东川省人民政府"), Some(3));
    assert_eq!(count("东川省科学技术厅"), Some(1));
}

#[test]
fn words_of_one_and_of_three_characters_rank_by_how_often_a_paragraph_says_them() {
    // Jieba's words are not indexed: a one-character word ranks by the bigrams that begin with
    // it, a longer one by the phrase of its bigrams. Both must still prefer the paragraph that
    // says the word more often, at the same length.
    let ws = crate::support::Workspace::new();
    ws.write(
        "甲.txt",
        "甲市通知\n一、碳\n碳排放、碳汇和碳交易市场建设取得新进展，生产力布局持续优化。\n二、其他\n控制能源消费排放总量，推进碳市场建设，加快清洁能源产业发展。\n",
    );
    ws.write(
        "乙.txt",
        "乙市通知\n一、产业\n生产力水平提升，新质生产力加快培育，先进生产力布局优化。\n二、其他\n推动产业转型升级，提高全要素生产力，做强实体经济。\n",
    );
    ws.sync();
    let engine = Engine::open(&ws.index()).unwrap();
    for (query, dense) in [("碳", "碳排放、碳汇和碳交易"), ("生产力", "生产力水平提升")]
    {
        let results = engine.search(&all_hits(query)).unwrap();
        assert!(results.total >= 2, "{query}: {}", results.total);
        let top = &results.hits[0];
        assert!(top.text.starts_with(dense), "{query}: top is {}", top.text);
        let last = results.hits.last().unwrap();
        assert!(
            top.score > last.score,
            "{query}: {} vs {}",
            top.score,
            last.score
        );
    }
}
