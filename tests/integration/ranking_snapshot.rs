//! The order of hits for a set of queries, kept as reviewed snapshots (`snapshots/`): a change
//! to ranking (a weight, a clause, BM25) shows as a diff of these files. Accept a deliberate
//! change with `INSTA_UPDATE=always cargo test --test integration ranking_snapshot` and review
//! the diff. Hits with the same score are listed in document and paragraph order, so that the snapshot says what
//! ranking decides and nothing about how the index happened to be segmented: every hit is
//! fetched and put in that order before the first `limit` are kept, as which of several equal
//! hits fills the last place is the segmenting's choice too.

use std::fmt::Write;

use policy_search::search::{Engine, SearchRequest};

use crate::support::{fixture_index, law_index};

/// Hits one request may fetch: more than any query here finds in the fixtures.
const EVERY_HIT: usize = 1000;

/// The first `limit` hits of each query: score, key, how it matched, the section it is under.
fn ranking(engine: &Engine, queries: &[&str], limit: usize) -> String {
    let mut out = String::new();
    for query in queries {
        let mut request = SearchRequest::new(*query);
        request.limit = EVERY_HIT;
        let results = engine.search(&request).unwrap();
        assert!(
            results.total <= EVERY_HIT,
            "{query}: {} hits, more than one request fetches",
            results.total
        );
        writeln!(
            out,
            "== {query}  (total {}, in text {})",
            results.total, results.text_total
        )
        .unwrap();
        for document in &results.documents {
            writeln!(out, "  document: {} ({})", document.id, document.title).unwrap();
        }
        // (score as printed, document, paragraph, the rest of the line)
        let mut hits: Vec<(String, &str, u64, String)> = results
            .hits
            .iter()
            .map(|hit| {
                let line = format!(
                    "{:?} {} {}",
                    hit.via,
                    hit.section.last().map_or("", String::as_str),
                    hit.text.chars().take(24).collect::<String>()
                );
                (
                    format!("{:>12.3}", hit.score),
                    hit.doc.as_str(),
                    hit.paragraph,
                    line,
                )
            })
            .collect();
        // Equal scores in document and paragraph order; the order between scores as ranked.
        let mut start = 0;
        while start < hits.len() {
            let end = start
                + hits[start..]
                    .iter()
                    .take_while(|h| h.0 == hits[start].0)
                    .count();
            hits[start..end].sort_by(|a, b| (a.1, a.2).cmp(&(b.1, b.2)));
            start = end;
        }
        hits.truncate(limit);
        for (score, doc, paragraph, line) in hits {
            writeln!(out, "  {score} {doc}#{paragraph}  {line}").unwrap();
        }
        out.push('\n');
    }
    out
}

#[test]
fn reports_and_notices_rank_as_their_snapshot() {
    insta::assert_snapshot!(ranking(
        &fixture_index().engine,
        &[
            "科技创新",
            "创新",
            "碳",
            "高新区",
            "低空经济",
            "科技 创新",
            "\"数字经济\" -房地产",
            "推动科技成果就地转化",
            "GDP",
        ],
        8,
    ));
}

#[test]
fn laws_rank_by_name_article_and_number_as_their_snapshot() {
    insta::assert_snapshot!(ranking(
        &law_index().engine,
        &[
            "检察官法",
            "检察官法 第25条第一款第(二)项",
            "专利代理条例 第二十五条第二款",
            "国务院令第706号",
            "国务院办公厅",
            "第25条",
            "检察官法 免除",
            "专利代理机构",
        ],
        8,
    ));
}
