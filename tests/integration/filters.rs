//! Filters that explain themselves: a malformed value is a 400 (the CLI: exit code 2) with a
//! Chinese message saying how to write it; every filter can be negated; a query of nothing but
//! exclusions says why it cannot be answered; `limit=0` gives counts and no hit; the feed
//! honours every filter.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use policy_search::search::{SearchRequest, Sort};
use policy_search::server::{Background, Config};

use crate::http::{enc, get_json};
use crate::support::{fixture_index, Workspace};

fn server() -> &'static Background {
    static SERVER: OnceLock<Background> = OnceLock::new();
    SERVER.get_or_init(|| {
        let index = fixture_index();
        Background::start(Config::loopback(index.corpus.clone(), index.path.clone())).unwrap()
    })
}

fn total(query: &str) -> usize {
    fixture_index()
        .engine
        .search(&SearchRequest::new(query))
        .unwrap_or_else(|e| panic!("{query}: {e}"))
        .total
}

/// Malformed filters, and what their message must name.
const MALFORMED: [(&str, &str); 9] = [
    ("低空经济 year:abc", "year:abc"),
    ("低空经济 year:2026..2020", "year:2026..2020"),
    ("低空经济 date:2026-13..x", "date:2026-13..x"),
    ("低空经济 日期:2023-02-29", "日期:2023-02-29"),
    ("title:", "title:"),
    ("低空经济 section:", "section:"),
    ("低空经济 article:abc", "article:abc"),
    ("低空经济 -kind:", "kind:"),
    ("-房地产", "-房地产"),
];

#[test]
fn a_malformed_filter_is_a_400_with_a_chinese_message() {
    for (query, named) in MALFORMED {
        let (status, v) = get_json(&server().url(&format!("/api/search?q={}", enc(query))));
        assert_eq!(status, 400, "{query}: {v}");
        let message = v["error"].as_str().unwrap();
        assert!(message.contains(named), "{query}: {message}");
        assert!(
            message.contains("例如") && !message.is_ascii(),
            "{query}: says how to write it, in Chinese: {message}"
        );
    }
    let (_, v) = get_json(&server().url(&format!("/api/search?q={}", enc("低空经济 year:abc"))));
    assert_eq!(
        v["error"],
        "筛选条件 year:abc 写法不对：年份应为 YYYY 或 YYYY..YYYY（1900–2200），例如 year:2026、year:2025..2026"
    );
    // Not a field name: searched as text, as before.
    assert_eq!(
        get_json(&server().url(&format!("/api/search?q={}", enc("比例:1:2")))).0,
        200
    );
}

#[test]
fn the_cli_says_the_same_words_with_exit_code_2() {
    for (query, _) in MALFORMED {
        let (_, v) = get_json(&server().url(&format!("/api/search?q={}", enc(query))));
        let out = assert_cmd::Command::cargo_bin("policy-search")
            .unwrap()
            .args(["query", "--index"])
            .arg(&fixture_index().path)
            // `--`: a query may begin with `-` (-房地产).
            .args(["--", query])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{query}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr).trim_end(),
            format!("error: {}", v["error"].as_str().unwrap()),
            "{query}"
        );
    }
}

#[test]
fn every_filter_can_be_negated() {
    let base = "发展";
    let all = total(base);
    for filter in [
        "year:2026",
        "year:2025..2026",
        "kind:通知",
        "region:东川",
        "title:政府工作报告",
        "section:工作回顾",
        "doc:2026_东川省",
        "date:2026",
        "issuer:东川省人民政府办公厅",
    ] {
        let kept = total(&format!("{base} {filter}"));
        let left = total(&format!("{base} -{filter}"));
        assert!(kept > 0, "{filter} finds something to exclude");
        assert_eq!(kept + left, all, "{filter}: {kept} + {left} != {all}");
    }
    // -year:2026 leaves only the paragraphs of documents about another year (or none).
    let hits = fixture_index()
        .engine
        .search(&SearchRequest {
            limit: 1000,
            ..SearchRequest::new("发展 -year:2026")
        })
        .unwrap()
        .hits;
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h.year != Some(2026)), "{hits:?}");
}

#[test]
fn limit_zero_gives_the_counts_and_no_hit() {
    let (status, v) = get_json(&server().url(&format!("/api/search?q={}&limit=0", enc("发展"))));
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["hits"].as_array().unwrap().len(), 0);
    assert_eq!(v["total"].as_u64().unwrap() as usize, total("发展"));
    assert!(v["facets"].is_object());
}

/// (id, updated) of each entry of an Atom feed.
fn feed(url: &str) -> (Vec<String>, String) {
    let xml = crate::http::agent()
        .get(url)
        .call()
        .unwrap()
        .body_mut()
        .read_to_string()
        .unwrap();
    let ids = xml
        .split("<entry>")
        .skip(1)
        .map(|e| {
            let start = e.find("<id>").unwrap() + 4;
            e[start..start + e[start..].find("</id>").unwrap()].to_string()
        })
        .collect();
    (ids, xml)
}

fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn the_feed_honours_every_filter_and_sort() {
    let q = "发展";
    for (params, request) in [
        (
            "region=东川",
            SearchRequest {
                region: Some("东川".into()),
                ..SearchRequest::new(q)
            },
        ),
        (
            "year=2025",
            SearchRequest {
                year: Some("2025".into()),
                ..SearchRequest::new(q)
            },
        ),
        (
            "kind=通知",
            SearchRequest {
                kind: Some("通知".into()),
                ..SearchRequest::new(q)
            },
        ),
        (
            "doc=2026_北岸市",
            SearchRequest {
                doc: Some("2026_北岸市".into()),
                ..SearchRequest::new(q)
            },
        ),
        (
            "section=工作回顾",
            SearchRequest {
                section: Some("工作回顾".into()),
                ..SearchRequest::new(q)
            },
        ),
        (
            "issuer=东川",
            SearchRequest {
                issuer: Some("东川".into()),
                ..SearchRequest::new(q)
            },
        ),
        (
            "sort=relevance",
            SearchRequest {
                sort: Sort::Relevance,
                ..SearchRequest::new(q)
            },
        ),
    ] {
        // A feed follows what texts say: paragraphs found through a document's title are
        // not news of the query.
        let request = SearchRequest {
            limit: 50,
            through_documents: false,
            sort: if params.starts_with("sort=") {
                request.sort
            } else {
                Sort::Date
            },
            ..request
        };
        let expected: Vec<String> = fixture_index()
            .engine
            .search(&request)
            .unwrap()
            .hits
            .iter()
            .map(|h| {
                format!(
                    "urn:policy-search:paragraph:{}:{}",
                    hex(&h.doc),
                    h.paragraph
                )
            })
            .collect();
        let (key, value) = params.split_once('=').unwrap();
        let (ids, xml) = feed(&server().url(&format!("/feed?q={}&{key}={}", enc(q), enc(value))));
        assert!(!ids.is_empty(), "{params}");
        assert_eq!(ids, expected, "{params}");
        assert!(
            xml.contains(&format!("&amp;{key}=")),
            "{params}: the feed's links keep the filter"
        );
    }
    let (all, _) = feed(&server().url(&format!("/feed?q={}", enc(q))));
    let (region, _) = feed(&server().url(&format!("/feed?q={}&region={}", enc(q), enc("东川"))));
    assert!(region.len() < all.len() || all.len() == 50);
    assert!(region.iter().collect::<BTreeSet<_>>() != all.iter().collect::<BTreeSet<_>>());
    let (status, v) = get_json(&server().url(&format!("/feed?q={}&sort=best", enc(q))));
    assert_eq!(status, 400, "{v}");
}

#[test]
fn undated_feed_entries_carry_the_time_they_were_indexed() {
    let ws = Workspace::new().with_reports(&["东川省"]);
    ws.write(
        "无日期的通知.txt",
        "关于推进低空经济示范区建设的通知\n各区县：\n加快低空经济示范区建设，开通无人机航线。\n",
    );
    ws.sync();
    let engine = policy_search::search::Engine::open(&ws.index()).unwrap();
    let manifest = engine.manifest().unwrap();
    let entry = &manifest.files["无日期的通知.txt"];
    assert!(entry.metadata.date.is_none(), "{:?}", entry.metadata.date);
    assert!(
        entry.indexed_at > 1_700_000_000,
        "indexed now: {}",
        entry.indexed_at
    );
    let server = Background::start(Config::loopback(ws.corpus(), ws.index())).unwrap();
    let (ids, xml) = feed(&server.url(&format!("/feed?q={}", enc("低空经济示范区"))));
    assert_eq!(ids.len(), 1, "{xml}");
    assert!(!xml.contains("1970-01-01"), "{xml}");
    let updated: Vec<&str> = xml.split("<updated>").skip(1).map(|u| &u[..4]).collect();
    assert!(updated.iter().all(|y| *y >= "2023"), "{updated:?}");
}
