//! Snapshots of query plans (`snapshots/`): the tantivy query each kind of query becomes, so
//! that a change to what matches or to how it ranks shows as a reviewed diff. Accept a
//! deliberate change with `INSTA_UPDATE=always cargo test --lib query::tests` and review it.

use super::plan::{build, Resolved};
use crate::index::schema;
use crate::search::request::SearchRequest;
use crate::search::syntax;

fn plan_of(query: &str, resolved: &Resolved) -> String {
    let (_, fields) = schema::build();
    let request = SearchRequest::new(query);
    let parsed = syntax::parse(query).unwrap();
    let plan = build(&fields, &parsed, &request, None, &[], resolved).unwrap();
    format!("query: {query}\n{plan:#?}")
}

#[test]
fn one_word_matches_exactly_and_ranks_by_the_bigrams_of_its_words() {
    insta::assert_snapshot!(plan_of("新质生产力", &Resolved::default()));
}

#[test]
fn one_character_ranks_by_the_bigrams_that_begin_with_it() {
    insta::assert_snapshot!(plan_of("碳", &Resolved::default()));
}

#[test]
fn parts_apart_rank_first_side_by_side() {
    insta::assert_snapshot!(plan_of("科技 创新", &Resolved::default()));
}

#[test]
fn a_synonym_stands_in_and_the_part_as_typed_ranks_first() {
    insta::assert_snapshot!(plan_of("高新区", &Resolved::default()));
}

#[test]
fn an_excluded_word_and_a_quoted_phrase() {
    insta::assert_snapshot!(plan_of("\"数字经济\" -房地产", &Resolved::default()));
}

#[test]
fn an_article_typed_alone_matches_its_paragraphs_and_mentions_of_it() {
    insta::assert_snapshot!(plan_of("第二十五条", &Resolved::default()));
}

#[test]
fn a_part_that_names_documents_and_a_named_article_first() {
    let resolved = Resolved {
        named_by_part: vec![vec!["民法典.pdf".into()]],
        article_paragraphs: vec!["民法典.pdf#1201".into(), "民法典.pdf#1202".into()],
        ..Resolved::default()
    };
    insta::assert_snapshot!(plan_of("民法典 第一千零三十五条", &resolved));
}

#[test]
fn filters_narrow_without_scoring() {
    insta::assert_snapshot!(plan_of(
        "乡村振兴 year:2025..2026 section:总体要求 kind:意见 -region:上海",
        &Resolved::default()
    ));
}
