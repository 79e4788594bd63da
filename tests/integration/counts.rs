//! Counts that say what they count: trends and exports count the query as typed (after
//! folding) unless synonyms are asked for, and then each variant's count adds up to the total;
//! the home page's suggestions each find paragraphs.

use policy_search::analyze::fold_str;
use policy_search::research::{self, trends};
use policy_search::search::{Engine, SearchRequest};
use policy_search::server::{Background, Config};

use crate::http::{enc, get_json};
use crate::support::{fixture_index, Workspace};

/// Two reports that write AI as AI, ＡＩ, ai and 人工智能.
fn ai_workspace() -> Workspace {
    let ws = Workspace::new();
    ws.write(
        "2026_东川省_政府工作报告.txt",
        "2026年东川省政府工作报告\n一、工作回顾\n推动AI赋能千行百业，ＡＩ算力规模翻番，人工智能产业增长三成。\n\
         建设人工智能创新区，培育人工智能企业一百家。\n发展低空经济，开通航线十条。\n",
    );
    ws.write(
        "2026_西岭自治区_政府工作报告.txt",
        "2026年西岭自治区政府工作报告\n一、工作回顾\n实施ai+行动，建设AI开放平台。\n\
         推进人工智能与制造业融合。\n",
    );
    ws.sync();
    ws
}

/// Occurrences of `needle` (folded) per region, counted over the exported paragraphs.
fn substring_counts(engine: &Engine, needle: &str) -> std::collections::BTreeMap<String, u64> {
    let mut counts = std::collections::BTreeMap::new();
    engine
        .export(|p| {
            let n = fold_str(&p.text).matches(needle).count() as u64;
            if n > 0 {
                *counts
                    .entry(p.region.clone().unwrap_or_default())
                    .or_default() += n;
            }
            Ok(())
        })
        .unwrap();
    counts
}

#[test]
fn trends_count_the_query_as_typed_unless_synonyms_are_asked_for() {
    let ws = ai_workspace();
    let engine = Engine::open(&ws.index()).unwrap();
    let as_typed = SearchRequest {
        synonyms: false,
        ..SearchRequest::new("")
    };
    let t = trends::trends(
        &engine,
        &["ＡＩ".to_string()],
        trends::By::Region,
        &as_typed,
    )
    .unwrap();
    let s = &t.series[0];
    assert!(!s.synonyms && s.variants.is_empty());
    let got: std::collections::BTreeMap<String, u64> = s
        .buckets
        .iter()
        .map(|b| (b.key.clone(), b.occurrences))
        .collect();
    // Exactly the substring counts of "ai" (AI, ＡＩ, ai folded): 人工智能 is not counted.
    assert_eq!(got, substring_counts(&engine, "ai"));
    assert_eq!(got.values().sum::<u64>(), 4);
    assert_eq!(s.total, 2, "paragraphs that contain AI itself");

    let with = SearchRequest {
        synonyms: true,
        ..as_typed
    };
    let t = trends::trends(&engine, &["ＡＩ".to_string()], trends::By::Region, &with).unwrap();
    let s = &t.series[0];
    assert!(s.synonyms);
    let terms: Vec<&str> = s.variants.iter().map(|v| v.term.as_str()).collect();
    assert_eq!(terms, ["ai", "人工智能"], "as typed first");
    assert_eq!(s.variants[0].occurrences, 4);
    assert_eq!(s.variants[1].occurrences, 4);
    assert_eq!(s.occurrences, 8, "the variants add up to the total");
    for b in &s.buckets {
        assert_eq!(b.variants.iter().sum::<u64>(), b.occurrences, "{b:?}");
    }
    assert_eq!(s.total, 4, "paragraphs with AI or 人工智能");
}

#[test]
fn the_api_and_the_cli_count_as_typed_by_default() {
    let ws = ai_workspace();
    let server = Background::start(Config::loopback(ws.corpus(), ws.index())).unwrap();
    let (status, v) = get_json(&server.url(&format!("/api/trends?q={}&by=region", enc("ＡＩ"))));
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["series"][0]["occurrences"], 4);
    assert_eq!(v["series"][0]["synonyms"], false);
    assert!(v["series"][0].get("variants").is_none(), "{v}");
    let (status, v) = get_json(&server.url(&format!(
        "/api/trends?q={}&by=region&synonyms=1",
        enc("ＡＩ")
    )));
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["series"][0]["occurrences"], 8);
    assert_eq!(v["series"][0]["variants"][1]["term"], "人工智能");
    let (status, v) =
        get_json(&server.url(&format!("/api/trends?q={}&synonyms=maybe", enc("ＡＩ"))));
    assert_eq!(status, 400, "{v}");

    // The by-year CSV has no empty 标题 column; with synonyms, a column of each variant.
    let csv = agent_text(&server.url(&format!(
        "/api/trends?q={}&by=year&format=csv&synonyms=1",
        enc("ＡＩ")
    )));
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    assert_eq!(
        lines.next().unwrap(),
        "检索词,年份,段落数,出现次数,文档数,各写法出现次数"
    );
    assert_eq!(lines.next().unwrap(), "ＡＩ,2026,4,8,2,ai 4；人工智能 4");

    // An export holds the paragraphs that contain what was typed, unless asked.
    let rows = |extra: &str| {
        let text =
            agent_text(&server.url(&format!("/api/search?q={}&format=csv{extra}", enc("ＡＩ"))));
        csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes())
            .records()
            .count()
    };
    assert_eq!(rows(""), 2);
    assert_eq!(rows("&synonyms=1"), 4);

    let bin = || assert_cmd::Command::cargo_bin("policy-search").unwrap();
    let out = bin()
        .args(["trends", "ＡＩ", "--by", "region", "--json", "--index"])
        .arg(ws.index())
        .output()
        .unwrap();
    let t: trends::Trends = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(t.series[0].occurrences, 4);
    let out = bin()
        .args(["trends", "ＡＩ", "--synonyms", "--by", "region", "--index"])
        .arg(ws.index())
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("8 occurrences (with synonyms)"), "{table}");
    assert!(table.contains("variants: ai 4, 人工智能 4"), "{table}");
}

fn agent_text(url: &str) -> String {
    crate::http::agent()
        .get(url)
        .call()
        .unwrap()
        .body_mut()
        .read_to_string()
        .unwrap()
}

#[test]
fn cli_tables_align_by_display_width() {
    let index = fixture_index();
    let out = assert_cmd::Command::cargo_bin("policy-search")
        .unwrap()
        .args(["trends", "创新", "--by", "region", "--index"])
        .arg(&index.path)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<&str> = text
        .lines()
        .skip(1)
        .filter(|l| l.starts_with("  "))
        .collect();
    assert!(rows.len() >= 3, "{text}");
    // Every row ends at the same terminal column, Chinese labels (two columns a character)
    // and the header alike.
    let width = |l: &str| unicode_width::UnicodeWidthStr::width(l);
    let header = width(rows[0]);
    for row in &rows {
        assert_eq!(width(row), header, "{text}");
    }
    assert!(rows.iter().any(|r| r.contains("东川")), "{text}");
}

#[test]
fn the_home_page_suggests_what_the_index_holds() {
    let index = fixture_index();
    let server =
        Background::start(Config::loopback(index.corpus.clone(), index.path.clone())).unwrap();
    let (status, v) = get_json(&server.url("/api/docs"));
    assert_eq!(status, 200);
    let suggestions = v["suggestions"].as_array().unwrap();
    assert!(suggestions.len() >= 3, "{v}");
    for s in suggestions {
        let term = s["term"].as_str().unwrap();
        let total = index
            .engine
            .search(&SearchRequest::new(term))
            .unwrap()
            .total as u64;
        assert!(total > 0, "{term} finds nothing");
        assert!(total >= s["paragraphs"].as_u64().unwrap(), "{term}: {s}");
        assert!(s["documents"].as_u64().unwrap() >= 1);
    }
    // The best-spread terms first.
    let spread: Vec<u64> = suggestions
        .iter()
        .map(|s| s["documents"].as_u64().unwrap())
        .collect();
    assert!(spread[0] >= *spread.last().unwrap(), "{spread:?}");
    let direct = research::suggest::suggestions(&index.engine, 6).unwrap();
    assert_eq!(direct.len(), suggestions.len());
}
