//! A small law library (tests/fixtures/laws): 题注 in Markdown, text and HTML, titles over file
//! names, 效力级别, 时效性 (three versions of one regulation, a decision repealing two others, a
//! regulation effective in the future), in-force on a day, 新旧对照 article by article, and
//! citations of articles both ways.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use policy_search::search::SearchRequest;
use policy_search::server::Background;
use serde_json::Value;

use crate::http::{config, enc, get_json};
use crate::support::{copy_tree, manifest_dir, SharedIndex};

const V2001: &str = "测试管理条例(2001-03-01).md";
const V2010: &str = "测试管理条例(2010-01-08).md";
const V2020: &str = "测试管理条例(2020-06-01).md";
const OLD_A: &str = "旧甲办法.txt";
const OLD_B: &str = "旧乙办法.html";
const REPEAL: &str = "国务院关于废止部分行政法规的决定.md";
const FUTURE: &str = "未来事务条例.md";
const LOCAL: &str = "北岸市养犬管理条例.md";
const JUDICIAL: &str = "最高人民法院关于审理测试纠纷案件适用法律若干问题的解释.md";

fn library() -> &'static SharedIndex {
    static INDEX: OnceLock<SharedIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        SharedIndex::build(|corpus| copy_tree(&manifest_dir().join("tests/fixtures/laws"), corpus))
    })
}

/// What `policy-search COMMAND --index LIBRARY ARGS` prints, once it has succeeded.
fn command_line(command: &str, args: &[&str]) -> Vec<u8> {
    let out = assert_cmd::Command::cargo_bin("policy-search")
        .unwrap()
        .args([command, "--index"])
        .arg(&library().path)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn server() -> &'static Background {
    static SERVER: OnceLock<Background> = OnceLock::new();
    SERVER.get_or_init(|| {
        let index = library();
        Background::start(config(index.corpus.clone(), index.path.clone())).unwrap()
    })
}

fn api(path: &str) -> Value {
    let (status, v) = get_json(&server().url(path));
    assert_eq!(status, 200, "{path}: {v}");
    v
}

fn doc(id: &str) -> Value {
    api(&format!("/api/docs/{}", enc(id)))
}

/// Ids of the documents a search finds.
fn found(query: &str) -> Vec<String> {
    let results = library()
        .engine
        .search(&SearchRequest {
            limit: 100,
            ..SearchRequest::new(query)
        })
        .unwrap_or_else(|e| panic!("{query}: {e}"));
    let mut ids: Vec<String> = results.hits.into_iter().map(|h| h.doc).collect();
    ids.sort();
    ids.dedup();
    ids
}

fn ids(list: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = list.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

#[test]
fn the_legislative_history_gives_title_dates_order_and_level_in_every_form() {
    let docs = api("/api/docs");
    let by_id: BTreeMap<&str, &Value> = docs["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["id"].as_str().unwrap(), d))
        .collect();
    // id → title, date, effective, level, doc_number.
    let want = [
        (
            V2001,
            "测试管理条例",
            "2001-03-01",
            Some("2001-05-01"),
            "行政法规",
            "中华人民共和国国务院令第300号",
        ),
        (
            V2010,
            "测试管理条例",
            "2010-01-08",
            Some("2010-01-08"),
            "行政法规",
            "中华人民共和国国务院令第300号",
        ),
        (
            V2020,
            "测试管理条例",
            "2020-06-01",
            Some("2020-09-01"),
            "行政法规",
            "中华人民共和国国务院令第730号",
        ),
        (
            OLD_A,
            "旧甲办法",
            "2005-01-01",
            Some("2005-03-01"),
            "行政法规",
            "中华人民共和国国务院令第400号",
        ),
        (
            OLD_B,
            "旧乙办法",
            "2006-01-01",
            Some("2006-01-01"),
            "行政法规",
            "中华人民共和国国务院令第401号",
        ),
        (
            FUTURE,
            "未来事务条例",
            "2026-11-20",
            Some("2099-01-01"),
            "行政法规",
            "中华人民共和国国务院令第800号",
        ),
        (
            LOCAL,
            "北岸市养犬管理条例",
            "2019-12-05",
            Some("2020-03-01"),
            "地方性法规",
            "",
        ),
        (
            JUDICIAL,
            "最高人民法院关于审理测试纠纷案件适用法律若干问题的解释",
            "2021-11-15",
            Some("2022-01-01"),
            "司法解释",
            "",
        ),
    ];
    for (id, title, date, effective, level, order) in want {
        let d = by_id.get(id).unwrap_or_else(|| panic!("{id} not listed"));
        assert_eq!(d["title"], title, "{id}");
        assert_eq!(d["date"], date, "{id}");
        assert_eq!(d["effective"].as_str(), effective, "{id}");
        assert_eq!(d["level"], level, "{id}");
        assert_eq!(d["doc_number"].as_str().unwrap_or(""), order, "{id}");
    }
    // The 题注 is metadata, not paragraphs, and every event is kept as written.
    let v = doc(V2020);
    let history = v["metadata"]["history"].as_array().unwrap();
    let events: Vec<&str> = history
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(events, ["通过", "公布", "修订", "修订", "施行"]);
    assert_eq!(history[0]["body"], "国务院第30次常务会议");
    assert_eq!(history[2]["by"], "《国务院关于修改〈测试管理条例〉的决定》");
    assert_eq!(v["metadata"]["promulgated"], "2020-06-01");
    assert_eq!(v["metadata"]["issuer"], "国务院");
    let texts: Vec<&str> = v["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts[0], "第一章 总则");
    assert!(!texts.iter().any(|t| t.contains("常务会议")), "{texts:?}");
}

#[test]
fn status_versions_and_repeals() {
    let status = |id: &str| doc(id)["validity"]["status"].as_str().unwrap().to_string();
    assert_eq!(status(V2020), "现行有效");
    assert_eq!(status(V2010), "已修改");
    assert_eq!(status(V2001), "已修改");
    assert_eq!(status(OLD_A), "已废止");
    assert_eq!(status(OLD_B), "已废止");
    assert_eq!(status(REPEAL), "现行有效");
    assert_eq!(status(FUTURE), "尚未生效");
    assert_eq!(status(LOCAL), "现行有效");
    let v = doc(V2010);
    let versions: Vec<&str> = v["validity"]["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["doc"].as_str().unwrap())
        .collect();
    assert_eq!(versions, [V2020, V2010, V2001], "newest first");
    assert_eq!(
        doc(OLD_A)["validity"]["repealed_by"],
        serde_json::json!([REPEAL])
    );
    assert!(
        doc(LOCAL)["validity"]["versions"].is_null(),
        "one version: none listed"
    );

    // The status is a filter, a facet and a badge on each hit.
    assert_eq!(found("status:已修改"), ids(&[V2001, V2010]));
    assert_eq!(found("status:已废止 第一条"), ids(&[OLD_A, OLD_B]));
    let v = api(&format!("/api/search?q={}", enc("第一条")));
    let facet: Vec<(&str, u64)> = v["facets"]["status"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["value"].as_str().unwrap(), f["count"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        facet.iter().map(|f| f.0).collect::<Vec<_>>(),
        ["现行有效", "已修改", "已废止", "尚未生效"]
    );
    assert!(v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["status"].is_string() && h["level"].is_string()));
    let v = api(&format!(
        "/api/search?q={}&status={}",
        enc("第一条"),
        enc("尚未生效")
    ));
    assert_eq!(v["total"], 1);
    assert_eq!(v["hits"][0]["doc"], FUTURE);
}

#[test]
fn in_force_on_a_day_is_the_version_of_that_day_without_what_was_repealed() {
    assert_eq!(found("in-force:2005-06-01"), ids(&[V2001, OLD_A]));
    assert_eq!(found("in-force:2012-01-01"), ids(&[V2010, OLD_A, OLD_B]));
    assert_eq!(found("in-force:2016-01-01"), ids(&[V2010, REPEAL]));
    assert_eq!(found("in-force:2021-01-01"), ids(&[V2020, REPEAL, LOCAL]));
    assert_eq!(
        found("in-force:2023-01-01 第一条"),
        ids(&[V2020, LOCAL, JUDICIAL])
    );
    let (status, v) =
        get_json(&server().url(&format!("/api/search?q={}", enc("in-force:2020-13-45"))));
    assert_eq!(status, 400, "{v}");
}

#[test]
fn the_level_is_a_filter_and_a_facet_in_the_query_the_api_and_the_cli() {
    assert_eq!(found("level:地方性法规"), ids(&[LOCAL]));
    assert_eq!(found("level:司法解释 第一条"), ids(&[JUDICIAL]));
    let v = api(&format!(
        "/api/search?q={}&level={}",
        enc("第一条"),
        enc("行政法规")
    ));
    assert_eq!(v["total"], 6, "{v}");
    let levels: Vec<&str> = v["facets"]["level"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["value"].as_str().unwrap())
        .collect();
    assert_eq!(levels, ["行政法规"]);
    let v = api(&format!("/api/search?q={}", enc("第一条")));
    let levels: Vec<&str> = v["facets"]["level"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["value"].as_str().unwrap())
        .collect();
    assert_eq!(
        levels,
        ["行政法规", "司法解释", "地方性法规"],
        "in their order of authority"
    );

    let out = command_line("query", &["--level", "司法解释", "--json", "第一条"]);
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["total"], 1);
    assert_eq!(v["hits"][0]["doc"], JUDICIAL);
}

#[test]
fn the_command_line_compares_two_versions_article_by_article() {
    let out = command_line("compare", &[V2010, V2020, "--articles", "--all"]);
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines.contains(&"1 kept, 3 changed, 1 new, 0 removed"),
        "{text}"
    );
    for line in [
        "+ 第二条 测试数据应当真实、完整。",
        "= 第二条→第三条 本条例适用于境内的测试活动。",
        "~ 第三条→第四条 测试机构应当每[-半年][+季度]报告一次测试情况。",
    ] {
        assert!(lines.contains(&line), "{line} in\n{text}");
    }
}

#[test]
fn two_versions_compared_article_by_article() {
    let v = api(&format!(
        "/api/compare?a={}&b={}&by=article",
        enc(V2010),
        enc(V2020)
    ));
    let pairs: Vec<(String, Option<u64>, Option<u64>)> = v["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["status"].as_str().unwrap().to_string(),
                p["a"]["paragraph"].as_u64(),
                p["b"]["paragraph"].as_u64(),
            )
        })
        .collect();
    let s = |x: &str| x.to_string();
    assert_eq!(
        pairs,
        [
            (s("changed"), Some(1), Some(1)),
            (s("new"), None, Some(2)),
            (s("kept"), Some(2), Some(3)),
            (s("changed"), Some(3), Some(4)),
            (s("changed"), Some(4), Some(5)),
        ]
    );
    let first = &v["pairs"][0]["diff"];
    let inserted: String = first
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["op"] == "insert")
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    assert_eq!(inserted, "保障测试安全，");
    let fourth = v["pairs"][3]["diff"].as_array().unwrap();
    let ops = |op: &str| -> String {
        fourth
            .iter()
            .filter(|p| p["op"] == op)
            .map(|p| p["text"].as_str().unwrap())
            .collect()
    };
    assert_eq!((ops("delete"), ops("insert")), (s("半年"), s("季度")));
    assert_eq!(v["pairs"][2]["b"]["section"], serde_json::json!(["第三条"]));
}

#[test]
fn citations_of_articles_link_both_ways() {
    // 引用本条 on the regulation in force: 旧乙办法 cites its 第三条, two texts its 第四条.
    let v = doc(V2020);
    let cited_by = &v["article_citations"]["cited_by"];
    let citing = |n: &str| -> Vec<String> {
        cited_by[n]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|c| c["doc"].as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(citing("3"), [OLD_B]);
    assert_eq!(citing("4"), ids(&[FUTURE, JUDICIAL]));
    // The older versions are not what a title cites.
    assert!(doc(V2010)["article_citations"]["cited_by"]
        .get("3")
        .is_none());
    // The other way: the citing paragraph names the article it cites.
    let v = doc(JUDICIAL);
    let cites = v["article_citations"]["cites"].as_array().unwrap();
    assert_eq!(cites.len(), 1);
    assert_eq!(cites[0]["doc"], V2020);
    assert_eq!(cites[0]["article"], 4);
    assert_eq!(cites[0]["citation"], "《测试管理条例》第四条");
    // 本条例第一条 and 前款: the document's own articles.
    let v = doc(LOCAL);
    let own: Vec<(u64, u64)> = v["article_citations"]["cites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["paragraph"].as_u64().unwrap(),
                c["article"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(own, [(2, 1), (3, 2)]);
    assert_eq!(v["article_citations"]["cited_by"]["1"][0]["paragraph"], 2);
    let article_of_paragraph: Vec<Option<u64>> = v["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["article"].as_u64())
        .collect();
    assert_eq!(article_of_paragraph, [Some(1), Some(2), Some(2), Some(3)]);
}
