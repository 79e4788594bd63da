//! Documents and articles found the way researchers ask for them: by a law's name (full or
//! short), its 发文字号 or 令 number, its title, "<law> 第N条" in every way it is written, and
//! Chinese typing (“” quotes, spaces between Chinese characters). Over the small law library of
//! tests/fixtures/named.

use policy_search::search::{SearchRequest, SearchResults, Via};

use crate::support::{brute_force, law_index};

const JCG_NEW: &str = "法律/检察官法(2019-04-23).md";
const JCG_OLD: &str = "法律/检察官法(1995-02-28).md";
const DECISION: &str =
    "法律/全国人民代表大会常务委员会关于修改《中华人民共和国检察官法》等八部法律的决定(2017-09-01).md";
const PATENT: &str = "行政法规/专利代理条例(2018-11-06).md";
const NOTICE: &str = "国务院办公厅关于放假安排的通知.txt";

fn search(query: &str) -> SearchResults {
    law_index()
        .engine
        .search(&SearchRequest {
            limit: 1000,
            ..SearchRequest::new(query)
        })
        .unwrap_or_else(|e| panic!("{query}: {e}"))
}

fn document_ids(results: &SearchResults) -> Vec<&str> {
    results.documents.iter().map(|d| d.id.as_str()).collect()
}

#[test]
fn a_law_s_short_name_returns_the_law_first_then_the_paragraphs_that_cite_it() {
    let results = search("检察官法");
    let ids = document_ids(&results);
    assert_eq!(ids[0], JCG_NEW, "the newest version first: {ids:?}");
    assert_eq!(ids[1], JCG_OLD, "{ids:?}");
    assert!(
        ids.contains(&DECISION),
        "a title that holds the name: {ids:?}"
    );
    assert_eq!(results.documents[0].title, "中华人民共和国检察官法");
    // The paragraphs that say 检察官法 come first, each marked as found by its text; the
    // law's own paragraphs follow, found through its title.
    let first_document = results
        .hits
        .iter()
        .position(|h| h.via == Via::Document)
        .expect("the law's own paragraphs are found through its title");
    assert!(first_document > 0, "paragraphs that cite it first");
    for hit in &results.hits[..first_document] {
        assert!(hit.text.contains("检察官法"), "{hit:?}");
        assert_eq!(hit.via, Via::Text);
    }
    for hit in &results.hits[first_document..] {
        assert_eq!(hit.via, Via::Document, "{hit:?}");
        assert!(!hit.text.contains("检察官法"), "{hit:?}");
    }
    assert!(results
        .hits
        .iter()
        .any(|h| h.doc == JCG_NEW && h.via == Via::Document));
}

#[test]
fn the_full_title_and_a_title_in_book_marks_name_the_same_law() {
    for query in [
        "中华人民共和国检察官法",
        "《中华人民共和国检察官法》",
        "《检察官法》",
    ] {
        assert_eq!(document_ids(&search(query))[0], JCG_NEW, "{query}");
    }
}

#[test]
fn a_law_and_a_word_finds_the_word_in_that_law() {
    // Neither paragraph repeats the law's name: the name is satisfied by the document.
    let results = search("检察官法 免除");
    let in_law: Vec<_> = results.hits.iter().filter(|h| h.doc == JCG_NEW).collect();
    assert!(!in_law.is_empty(), "{:?}", results.hits);
    assert!(in_law
        .iter()
        .all(|h| h.text.contains("免除") && h.via == Via::Document));
    // Every paragraph that holds both parts in its own text is found too, exactly.
    let exact = brute_force(&law_index().engine, "检察官法 免除");
    let text_hits: std::collections::BTreeSet<_> = results
        .hits
        .iter()
        .filter(|h| h.via == Via::Text)
        .map(|h| (h.doc.clone(), h.paragraph))
        .collect();
    assert_eq!(text_hits, exact);
}

#[test]
fn an_article_of_a_named_law_comes_first_in_every_way_it_is_written() {
    for query in [
        "专利代理条例 第二十五条",
        "专利代理条例第二十五条",
        "专利代理条例 第25条",
        "《专利代理条例》第二十五条",
        "《专利代理条例》 第25条",
    ] {
        let results = search(query);
        let first = &results.hits[0];
        assert_eq!(first.doc, PATENT, "{query}");
        assert!(
            first.text.starts_with("第二十五条"),
            "{query}: {}",
            first.text
        );
        assert_eq!(
            first.citation.as_deref(),
            Some("《专利代理条例》第二十五条"),
            "{query}"
        );
        let article = results.documents[0]
            .article
            .as_ref()
            .unwrap_or_else(|| panic!("{query}: the document names its article"));
        assert_eq!(article.citation, "《专利代理条例》第二十五条");
        // The article's paragraphs, in order: its opening, three items, its second 款.
        assert_eq!(article.paragraphs.len(), 5, "{query}: {article:?}");
        let numbers: Vec<u64> = results.hits[..5].iter().map(|h| h.paragraph).collect();
        assert_eq!(numbers, article.paragraphs, "{query}");
        // A paragraph elsewhere that cites the article by name is found by its own text (as
        // typed, or with the article's number written the other way).
        assert!(results
            .hits
            .iter()
            .any(|h| h.text.contains("依照《专利代理条例》第二十五条") && h.via != Via::Document));
    }
}

#[test]
fn a_clause_or_an_item_of_an_article_comes_first() {
    let results = search("专利代理条例 第二十五条第二款");
    assert!(
        results.hits[0]
            .text
            .starts_with("专利代理机构在执业过程中泄露"),
        "{:?}",
        results.hits[0]
    );
    assert_eq!(
        results.documents[0].article.as_ref().unwrap().citation,
        "《专利代理条例》第二十五条第二款"
    );
    let results = search("专利代理条例 第二十五条第一款第（三）项");
    assert!(
        results.hits[0].text.starts_with("（三）指派专利代理师"),
        "{:?}",
        results.hits[0]
    );
    let results = search("检察官法 第25条第一款第(二)项");
    assert_eq!(results.hits[0].doc, JCG_NEW);
    assert!(
        results.hits[0].text.starts_with("（二）调出"),
        "{:?}",
        results.hits[0]
    );
}

#[test]
fn an_article_alone_finds_every_article_of_that_number_and_its_mentions() {
    let results = search("第25条");
    // Written either way: 第二十五条 in the laws, 第25条 as typed.
    let docs: std::collections::BTreeSet<&str> =
        results.hits.iter().map(|h| h.doc.as_str()).collect();
    for doc in [JCG_NEW, JCG_OLD, PATENT, DECISION] {
        assert!(docs.contains(doc), "{doc}: {docs:?}");
    }
    // The articles' own paragraphs rank before mentions of them.
    assert!(results.hits[0].section.iter().any(|s| s == "第二十五条"));
    assert!(results.hits.iter().all(|h| h.via != Via::Document));
}

#[test]
fn a_document_number_or_an_order_number_names_its_document() {
    for query in ["国办发〔2019〕6号", "国办发[2019]6号", "国办发（2019）6号"] {
        let results = search(query);
        assert_eq!(document_ids(&results).first(), Some(&NOTICE), "{query}");
        assert_eq!(
            results.documents[0].doc_number.as_deref(),
            Some("国办发〔2019〕6号")
        );
    }
    // A regulation's 令 number is in its 题注: it is found among the first five.
    let results = search("国务院令第706号");
    let first_five: Vec<&str> = document_ids(&results)
        .into_iter()
        .chain(results.hits.iter().map(|h| h.doc.as_str()))
        .take(5)
        .collect();
    assert!(first_five.contains(&PATENT), "{first_five:?}");
}

#[test]
fn a_document_s_title_and_its_issuer_name_it() {
    let results = search("国务院办公厅关于放假安排的通知");
    assert_eq!(document_ids(&results)[0], NOTICE);
    let results = search("国务院办公厅");
    assert!(document_ids(&results).contains(&NOTICE));
}

#[test]
fn chinese_quotation_marks_quote_a_phrase_and_spaces_between_chinese_characters_are_typography() {
    let quoted = search("“专利代理 机构”");
    let plain = search("专利代理机构");
    assert!(quoted.total > 0);
    assert_eq!(quoted.total, plain.total);
    // A heading written 第六章 监督管理 is found without the space…
    let results = search("第六章监督管理");
    assert!(results
        .hits
        .iter()
        .any(|h| h.doc == JCG_NEW && h.text == "第六章 监督管理"));
    // …and a letter-spaced heading is read as words: 第一章 总则, 附则.
    let results = search("section:总则 检察官");
    assert!(results.total > 0);
    assert!(results
        .hits
        .iter()
        .all(|h| h.section.iter().any(|s| s == "第一章 总则")));
    let paragraphs = law_index().engine.document_paragraphs(JCG_NEW).unwrap();
    assert!(paragraphs.iter().any(|p| p.text == "附则"));
    assert!(paragraphs.iter().all(|p| !p.text.contains("总 则")));
}

#[test]
fn what_the_engine_found_by_text_alone_is_what_a_substring_search_finds() {
    for query in ["检察官", "专利代理", "第二十五条", "国务院", "施行"] {
        let results = search(query);
        let text: std::collections::BTreeSet<_> = results
            .hits
            .iter()
            .filter(|h| h.via == Via::Text)
            .map(|h| (h.doc.clone(), h.paragraph))
            .collect();
        assert_eq!(text, brute_force(&law_index().engine, query), "{query}");
    }
}
