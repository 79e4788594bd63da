//! Research tools over a real index and a real server: region and year, trends, export, compare,
//! similar paragraphs and the Atom feed. Every count is checked against a brute-force substring
//! count over the exported paragraphs.

use std::collections::{BTreeMap, BTreeSet};

use policy_search::analyze::fold_str;
use policy_search::research::{self, compare, similar, trends};
use policy_search::search::{Engine, SearchRequest};
use policy_search::server::{Background, Config};

use crate::http::{agent, config, enc, get_json};
use crate::support::{fixture_index, fixture_queries, Parts, Workspace};

/// Fixture queries that are plain text with no synonyms: for them a brute-force substring count
/// is the whole truth (a synonym also finds other words; syntax filters).
fn plain_queries(all: &[String]) -> Vec<String> {
    let queries: Vec<String> = all
        .iter()
        .filter(|q| {
            let parts = Parts::of(q);
            let mut include = parts.include.clone();
            include.sort();
            include.dedup();
            parts.exclude.is_empty()
                && !q.contains(':')
                && !q.contains('"')
                && research::needles(&SearchRequest::new(q.as_str())).is_ok_and(|mut n| {
                    n.sort();
                    n == include
                })
        })
        .cloned()
        .collect();
    assert!(queries.len() >= 20, "{queries:?}");
    queries
}

/// Brute force: per key, (paragraphs, occurrences, documents) of the paragraphs that contain
/// every part of the query.
fn brute_force_buckets(
    engine: &Engine,
    query: &str,
    key: impl Fn(&policy_search::search::ParagraphRecord) -> String,
) -> BTreeMap<String, (u64, u64, u64)> {
    let parts = Parts::of(query);
    let mut include = parts.include.clone();
    include.sort();
    include.dedup();
    let mut found: BTreeMap<String, (u64, u64, BTreeSet<String>)> = BTreeMap::new();
    engine
        .export(|p| {
            if parts.match_text(&p.text) {
                let folded = fold_str(&p.text);
                let occurrences: u64 = include
                    .iter()
                    .map(|n| folded.matches(n.as_str()).count() as u64)
                    .sum();
                let entry = found.entry(key(p)).or_default();
                entry.0 += 1;
                entry.1 += occurrences;
                entry.2.insert(p.doc.clone());
            }
            Ok(())
        })
        .unwrap();
    found
        .into_iter()
        .map(|(k, (p, o, d))| (k, (p, o, d.len() as u64)))
        .collect()
}

fn buckets_of(t: &trends::Series) -> BTreeMap<String, (u64, u64, u64)> {
    t.buckets
        .iter()
        .map(|b| (b.key.clone(), (b.paragraphs, b.occurrences, b.documents)))
        .collect()
}

#[test]
fn documents_have_their_region_and_year() {
    let manifest = fixture_index().engine.manifest().unwrap();
    let meta = |part: &str| {
        manifest
            .files
            .iter()
            .find(|(id, _)| id.contains(part))
            .map(|(_, e)| (e.metadata.region.clone(), e.metadata.year))
            .unwrap_or_else(|| panic!("no document {part}"))
    };
    assert_eq!(meta("2026_东川省"), (Some("东川".into()), Some(2026)));
    assert_eq!(meta("2026_西岭自治区"), (Some("西岭".into()), Some(2026)));
    assert_eq!(meta("2025_南湖市"), (Some("南湖".into()), Some(2025)));
    assert_eq!(meta("（繁体）").0.as_deref(), Some("南湖"));
    assert_eq!(meta("重庆高新区").0.as_deref(), Some("重庆"));
}

#[test]
fn region_and_year_filter_like_a_brute_force_over_the_export() {
    let engine = &fixture_index().engine;
    for (query, region) in [
        ("低空经济", "东川省"),
        ("创新", "南湖"),
        ("科技 region:西岭", ""),
    ] {
        let request = SearchRequest {
            region: (!region.is_empty()).then(|| region.to_string()),
            limit: 1000,
            through_documents: false,
            ..SearchRequest::new(query)
        };
        let results = engine.search(&request).unwrap();
        let (text, wanted) = match query.split_once(" region:") {
            Some((t, r)) => (t, r.to_string()),
            None => (query, policy_search::parse::region::short_form(region)),
        };
        let parts = Parts::of(text);
        let mut expected = BTreeSet::new();
        engine
            .export(|p| {
                if p.region.as_deref() == Some(wanted.as_str()) && parts.match_text(&p.text) {
                    expected.insert((p.doc.clone(), p.paragraph));
                }
                Ok(())
            })
            .unwrap();
        let got: BTreeSet<_> = results
            .hits
            .iter()
            .map(|h| (h.doc.clone(), h.paragraph))
            .collect();
        assert!(!expected.is_empty(), "{query} in {wanted}");
        assert_eq!(got, expected, "{query} in {wanted}");
    }
    // year: is the year the document is about: the 2025 report only.
    let results = engine
        .search(&SearchRequest {
            limit: 1000,
            ..SearchRequest::new("低空经济 year:2025")
        })
        .unwrap();
    assert!(results.total > 0);
    assert!(
        results.hits.iter().all(|h| h.year == Some(2025)),
        "{results:?}"
    );
    let facets = engine
        .search(&SearchRequest {
            facets: true,
            ..SearchRequest::new("低空经济")
        })
        .unwrap()
        .facets
        .unwrap();
    let regions: BTreeSet<&str> = facets.region.iter().map(|f| f.value.as_str()).collect();
    assert!(
        regions.contains("东川") && regions.contains("南湖"),
        "{regions:?}"
    );
}

#[test]
fn trends_count_exactly_what_a_substring_count_over_the_export_gives() {
    check_trends(&fixture_index().engine, &fixture_queries());
}

/// Trends by document, region and year of the plain queries among `queries` equal a brute-force
/// count over the exported paragraphs, and add up to the search total.
pub fn check_trends(engine: &Engine, queries: &[String]) {
    let queries = plain_queries(queries);
    for by in [trends::By::Doc, trends::By::Region, trends::By::Year] {
        let t = trends::trends(engine, &queries, by, &SearchRequest::new("")).unwrap();
        assert_eq!(t.series.len(), queries.len());
        for (q, series) in queries.iter().zip(&t.series) {
            let expected = brute_force_buckets(engine, q, |p| match by {
                trends::By::Doc => p.doc.clone(),
                trends::By::Region => p.region.clone().unwrap_or_default(),
                trends::By::Year => p.year.map(|y| y.to_string()).unwrap_or_default(),
            });
            assert_eq!(buckets_of(series), expected, "{q} by {by:?}");
            let total = engine
                .search(&SearchRequest::new(q.as_str()))
                .unwrap()
                .text_total;
            let sum: u64 = series.buckets.iter().map(|b| b.paragraphs).sum();
            assert_eq!(
                sum as usize, total,
                "{q}: the buckets add up to the search total"
            );
            assert_eq!(series.total, total);
        }
    }
}

#[test]
fn exports_hold_every_hit_with_its_citation() {
    let engine = &fixture_index().engine;
    let request = SearchRequest::new("创新");
    let results = research::all_hits(engine, &request).unwrap();
    let total = engine.search(&request).unwrap().text_total;
    assert!(total > 10, "more hits than a page: {total}");
    assert_eq!(results.hits.len(), total);

    let csv_bytes =
        research::export::export(&results, research::export::ExportFormat::Csv).unwrap();
    let text = String::from_utf8(csv_bytes).unwrap();
    let text = text
        .strip_prefix('\u{feff}')
        .expect("a BOM for spreadsheet programs");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, research::export::HEADER);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), total);
    for (row, hit) in rows.iter().zip(&results.hits) {
        assert_eq!(&row[0], hit.doc);
        assert_eq!(&row[8], hit.text);
        assert!(
            row[9].starts_with(&format!("《{}》", hit.title)),
            "{:?}",
            &row[9]
        );
        assert!(fold_str(&row[8]).contains("创新"));
    }

    let xlsx = research::export::export(&results, research::export::ExportFormat::Xlsx).unwrap();
    let rows = xlsx_rows(xlsx);
    assert_eq!(rows.len(), total + 1, "a header row and one row per hit");
    assert_eq!(rows[0], research::export::HEADER);
    assert_eq!(rows[1][8], results.hits[0].text);

    let json = research::export::export(&results, research::export::ExportFormat::Json).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(v["total"].as_u64().unwrap() as usize, total);
    assert_eq!(v["hits"].as_array().unwrap().len(), total);
}

/// The cells of the first sheet of an XLSX file, as text.
fn xlsx_rows(bytes: Vec<u8>) -> Vec<Vec<String>> {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

const LAST_YEAR: &str = "2025年临江市政府工作报告\n\
一、2024年工作回顾\n\
过去一年，全市地区生产总值增长百分之五点二，规模以上工业增加值增长百分之六。\n\
我们坚持创新驱动发展，研发经费投入强度达到百分之二点八，新增高新技术企业三百家。\n\
这一段只在去年的报告里，讲的是老旧小区改造完成一百二十个。\n\
二、2025年工作安排\n\
大力发展数字经济，推动互联网、大数据与实体经济深度融合，建设智慧城市。\n\
持续改善生态环境，推进长江大保护，空气优良天数比例保持在百分之九十以上。\n";

const THIS_YEAR: &str = "2026年临江市政府工作报告\n\
一、2025年工作回顾\n\
持续改善生态环境，推进长江大保护，空气优良天数比例保持在百分之九十以上。\n\
过去一年，全市地区生产总值增长百分之五点二，规模以上工业增加值增长百分之六。\n\
我们坚持创新驱动发展，研发经费投入强度达到百分之三点一，新增高新技术企业三百家。\n\
二、2026年工作安排\n\
大力发展数字经济，推动互联网、大数据与实体经济深度融合，建设智慧城市。\n\
培育壮大低空经济，拓展无人机物流和城市空中交通，打造低空经济示范区。\n";

#[test]
fn a_comparison_reports_exactly_the_edits_made() {
    let ws = Workspace::new();
    ws.write("临江/2025.txt", LAST_YEAR);
    ws.write("临江/2026.txt", THIS_YEAR);
    ws.sync();
    let engine = Engine::open(&ws.index()).unwrap();

    let same = compare::compare(&engine, "临江/2026.txt", "临江/2026.txt").unwrap();
    assert_eq!(
        same.summary.changed + same.summary.new + same.summary.removed,
        0
    );
    assert!(same.new_terms.is_empty(), "{:?}", same.new_terms);
    assert!(same.pairs.iter().all(|p| p.status == compare::Status::Kept));

    let c = compare::compare(&engine, "临江/2025.txt", "临江/2026.txt").unwrap();
    let of = |status: compare::Status| -> Vec<String> {
        c.pairs
            .iter()
            .filter(|p| p.status == status)
            .map(|p| p.b.as_ref().or(p.a.as_ref()).unwrap().text.clone())
            .collect()
    };
    // The moved paragraph (生态环境) is kept; the one edited (二点八 → 三点一) changed; the
    // headings with a new year changed too.
    assert!(of(compare::Status::Kept)
        .iter()
        .any(|t| t.contains("生态环境")));
    assert_eq!(
        of(compare::Status::New),
        [THIS_YEAR.lines().nth(7).unwrap()]
    );
    assert_eq!(
        of(compare::Status::Removed),
        [LAST_YEAR.lines().nth(4).unwrap()]
    );
    let changed: Vec<&compare::Pair> = c
        .pairs
        .iter()
        .filter(|p| p.status == compare::Status::Changed)
        .collect();
    let edited = changed
        .iter()
        .find(|p| p.b.as_ref().unwrap().text.contains("研发经费"))
        .expect("the edited paragraph is changed");
    let inserted: String = edited
        .diff
        .iter()
        .filter(|d| d.op == "insert")
        .map(|d| d.text.as_str())
        .collect();
    let deleted: String = edited
        .diff
        .iter()
        .filter(|d| d.op == "delete")
        .map(|d| d.text.as_str())
        .collect();
    // 二点八 → 三点一: the number as one change, not 二 and 八 around a kept 点.
    assert_eq!((deleted.as_str(), inserted.as_str()), ("二点八", "三点一"));
    assert!(
        c.new_terms
            .iter()
            .any(|t| t.term == "低空经济" && t.count == 2),
        "{:?}",
        c.new_terms
    );
    assert!(!c.new_terms.iter().any(|t| t.term == "数字经济"));
}

/// The number of the first paragraph of `doc` whose text passes `wanted`.
fn paragraph_number(engine: &Engine, doc: &str, wanted: impl Fn(&str) -> bool) -> u64 {
    engine
        .document_paragraphs(doc)
        .unwrap()
        .into_iter()
        .find(|p| wanted(&p.text))
        .unwrap_or_else(|| panic!("{doc} has the paragraph"))
        .paragraph
}

const PLANTED: &str = "统筹推进低空基础设施建设，完善低空飞行服务保障体系，拓展无人机物流配送、城市空中交通等应用场景。";

#[test]
fn a_planted_near_duplicate_is_the_top_similar_paragraph() {
    let ws = Workspace::new().with_reports(&["东川省", "北岸市"]);
    ws.write(
        "甲.txt",
        format!("甲市通知\n一、目标\n{PLANTED}\n其他内容讲就业和社会保障。\n"),
    );
    let edited = PLANTED
        .replace("统筹推进", "加快推进")
        .replace("配送", "运输");
    ws.write(
        "乙.txt",
        format!("乙市通知\n一、任务\n今年要做好耕地保护。\n{edited}\n"),
    );
    ws.sync();
    let engine = Engine::open(&ws.index()).unwrap();
    let paragraph = paragraph_number(&engine, "甲.txt", |t| t == PLANTED);
    let found = similar::similar(&engine, "甲.txt", paragraph).unwrap();
    let top = found.hits.first().expect("the planted copy is found");
    assert_eq!(
        (top.doc.as_str(), top.text.as_str()),
        ("乙.txt", edited.as_str())
    );
    assert!(
        top.similarity > 0.6 && top.similarity < 1.0,
        "{}",
        top.similarity
    );
    assert!(top.snippet.contains("<mark>"), "{}", top.snippet);
    assert!(
        found.hits.iter().all(|h| h.doc != "甲.txt"),
        "the paragraph itself is excluded"
    );

    // Reindexing keeps the bands up to date: the copy removed, it is no longer found.
    std::fs::remove_file(ws.corpus().join("乙.txt")).unwrap();
    ws.sync();
    let engine = Engine::open(&ws.index()).unwrap();
    let found = similar::similar(&engine, "甲.txt", paragraph).unwrap();
    assert!(found.hits.iter().all(|h| h.doc != "乙.txt"));
}

#[test]
fn a_paragraph_that_shares_only_its_common_opening_is_found_too() {
    // The opening is in every document, so its bigrams are common; the rest of the paragraph
    // is its own. Its rarest bigrams alone would all come from the rest and miss the copy.
    const OPENING: &str = "各位代表：现在，我代表市人民政府，向大会报告政府工作，请予审议，并请市政协委员和其他列席人员提出意见。";
    let ws = Workspace::new();
    ws.write(
        "甲.txt",
        format!("甲市报告\n{OPENING}过去一年，甲市坚持稳中求进，港口吞吐量创历史新高，海洋牧场建设全面铺开，渔港经济区初具规模。\n"),
    );
    let copy = format!("{OPENING}这一年极不平凡。");
    ws.write("乙.txt", format!("乙市报告\n{copy}\n"));
    for (name, rest) in [
        (
            "丙.txt",
            "丙市冰雪旅游持续升温，滑雪场接待游客人次翻番，冰雕艺术节吸引海内外宾客。",
        ),
        (
            "丁.txt",
            "丁市茶叶种植面积稳步扩大，古树茶品牌价值提升，茶旅融合带动山区群众增收。",
        ),
        (
            "戊.txt",
            "戊市航空物流枢纽加快建设，货运航线新开通十二条，临空产业园集聚企业百余家。",
        ),
    ] {
        ws.write(name, format!("{name}报告\n{OPENING}{rest}\n"));
    }
    ws.sync();
    let engine = Engine::open(&ws.index()).unwrap();
    let paragraph = paragraph_number(&engine, "甲.txt", |t| t.starts_with(OPENING));
    let found = similar::similar(&engine, "甲.txt", paragraph).unwrap();
    assert!(
        found
            .hits
            .iter()
            .any(|h| h.doc == "乙.txt" && h.text == copy),
        "{:?}",
        found
            .hits
            .iter()
            .map(|h| (&h.doc, h.similarity))
            .collect::<Vec<_>>()
    );
}

fn server() -> &'static Background {
    static SERVER: std::sync::OnceLock<Background> = std::sync::OnceLock::new();
    SERVER.get_or_init(|| {
        let index = fixture_index();
        Background::start(config(index.corpus.clone(), index.path.clone())).unwrap()
    })
}

fn get_bytes(url: &str) -> (u16, String, Vec<u8>) {
    let mut response = agent().get(url).call().unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let body = response.body_mut().read_to_vec().unwrap();
    (status, content_type, body)
}

#[test]
fn the_research_api_answers_in_the_documented_shapes() {
    let s = server();
    let (status, v) = get_json(&s.url(&format!(
        "/api/trends?q={}&q={}&by=region",
        enc("低空经济"),
        enc("科技创新")
    )));
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["by"], "region");
    let series = v["series"].as_array().unwrap();
    assert_eq!(series.len(), 2);
    for (s_json, q) in series.iter().zip(["低空经济", "科技创新"]) {
        assert_eq!(s_json["query"], q);
        let (_, search) = get_json(&s.url(&format!("/api/search?q={}", enc(q))));
        let sum: u64 = s_json["buckets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                assert!(b["key"].is_string() && b["occurrences"].as_u64().unwrap() >= 1);
                assert!(b["documents"].as_u64().unwrap() >= 1);
                b["paragraphs"].as_u64().unwrap()
            })
            .sum();
        assert_eq!(sum, search["text_total"].as_u64().unwrap());
    }
    let (status, _, csv_bytes) = get_bytes(&s.url(&format!(
        "/api/trends?q={}&by=year&format=csv",
        enc("低空经济")
    )));
    assert_eq!(status, 200);
    assert!(String::from_utf8(csv_bytes)
        .unwrap()
        .contains("低空经济,2026,"));

    let (_, search) = get_json(&s.url(&format!("/api/search?q={}", enc("发展"))));
    let total = search["text_total"].as_u64().unwrap() as usize;
    assert!(total > 10, "more than one page: {total}");
    let (status, content_type, body) =
        get_bytes(&s.url(&format!("/api/search?q={}&format=csv", enc("发展"))));
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/csv"), "{content_type}");
    let body = String::from_utf8(body).unwrap();
    let mut reader = csv::Reader::from_reader(body.trim_start_matches('\u{feff}').as_bytes());
    assert_eq!(reader.records().count(), total);
    let (status, content_type, body) =
        get_bytes(&s.url(&format!("/api/search?q={}&format=xlsx", enc("发展"))));
    assert_eq!(status, 200);
    assert!(content_type.contains("spreadsheetml"), "{content_type}");
    assert_eq!(xlsx_rows(body).len(), total + 1);

    let doc = "reports/2026_东川省_政府工作报告.txt";
    let (status, v) = get_json(&s.url(&format!("/api/compare?a={}&b={}", enc(doc), enc(doc))));
    assert_eq!(status, 200, "{v}");
    assert!(v["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["status"] == "kept"));
    assert_eq!(v["new_terms"].as_array().unwrap().len(), 0);
    let (status, v) = get_json(&s.url(&format!(
        "/api/compare?a={}&b={}",
        enc("reports/2025_南湖市_政府工作报告.txt"),
        enc(doc)
    )));
    assert_eq!(status, 200, "{v}");
    assert!(v["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["status"] == "new" && p["a"].is_null()));
    assert!(!v["new_terms"].as_array().unwrap().is_empty());

    let (status, v) = get_json(&s.url(&format!("/api/similar?doc={}&paragraph=5", enc(doc))));
    assert_eq!(status, 200, "{v}");
    assert!(v["hits"].is_array());

    for (url, want) in [
        ("/api/trends".to_string(), 400),
        (format!("/api/trends?q={}&by=month", enc("低空")), 400),
        ("/api/compare?a=x".to_string(), 400),
        (format!("/api/compare?a=nope&b={}", enc(doc)), 404),
        (format!("/api/similar?doc={}&paragraph=abc", enc(doc)), 400),
        (
            format!("/api/similar?doc={}&paragraph=99999", enc(doc)),
            404,
        ),
        (format!("/api/search?q={}&format=pdf", enc("低空")), 400),
        ("/feed".to_string(), 400),
    ] {
        let (status, v) = get_json(&s.url(&url));
        assert_eq!(status, want, "{url}: {v}");
        assert!(v["error"].is_string(), "{url}: {v}");
    }
}

/// The entries of an Atom feed (id, content); panics when it is not well-formed XML.
fn feed_entries(xml: &[u8]) -> Vec<(String, String)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut entries = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut current = (String::new(), String::new());
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).expect("well-formed XML") {
            Event::Start(e) => stack.push(e.name().as_ref().to_string()),
            Event::End(e) => {
                let name = stack.pop().expect("balanced tags");
                assert_eq!(name.as_str(), e.name().as_ref());
                if name == "entry" {
                    entries.push(std::mem::take(&mut current));
                }
            }
            Event::Text(t) => {
                let text: String = t.as_ref().to_string();
                let in_entry = stack.iter().any(|s| s == "entry");
                match stack.last().map(String::as_str) {
                    Some("id") if in_entry => current.0.push_str(&text),
                    Some("content") if in_entry => current.1.push_str(&text),
                    _ => {}
                }
            }
            Event::GeneralRef(r) => {
                // &amp; and friends inside content.
                let name: String = (*r).to_string();
                let c = match name.as_str() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unknown entity {other}"),
                };
                if stack.last().map(String::as_str) == Some("content") {
                    current.1.push_str(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    assert!(stack.is_empty(), "unclosed {stack:?}");
    entries
}

#[test]
fn the_feed_is_well_formed_and_shows_a_new_report_after_it_arrives() {
    let ws = Workspace::new().with_reports(&["东川省"]);
    ws.sync();
    let server = Background::start(Config {
        watch: true,
        ..config(ws.corpus(), ws.index())
    })
    .unwrap();
    let url = server.url(&format!("/feed?q={}", enc("低空经济")));
    let (status, content_type, body) = get_bytes(&url);
    assert_eq!(status, 200);
    assert!(
        content_type.starts_with("application/atom+xml"),
        "{content_type}"
    );
    let before = feed_entries(&body);
    assert!(!before.is_empty());
    let (_, _, again) = get_bytes(&url);
    assert_eq!(feed_entries(&again), before, "entry ids are stable");

    let report = "2027年东川省政府工作报告\n发布时间：2027-01-20\n一、工作回顾\n低空经济规模突破千亿元，建成通用机场十二个 & 起降点三百个。\n";
    ws.write("2027_东川省_政府工作报告.txt", report);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let (_, _, body) = get_bytes(&url);
        let entries = feed_entries(&body);
        if let Some(first) = entries.first() {
            if first.1.contains("通用机场十二个 & 起降点") {
                assert_eq!(entries.len(), before.len() + 1);
                assert!(!before.iter().any(|(id, _)| *id == first.0), "a new id");
                break;
            }
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the new report's paragraph did not appear in the feed"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}

fn bin() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("policy-search").unwrap()
}

fn run(args: &[&str], index: &std::path::Path) -> std::process::Output {
    crate::support::succeeded(bin().args(args).arg("--index").arg(index).output().unwrap())
}

#[test]
fn the_command_line_exports_charts_compares_and_finds_alike_paragraphs() {
    let index = fixture_index();
    let total = index
        .engine
        .search(&SearchRequest::new("创新"))
        .unwrap()
        .text_total;

    let dir = tempfile::TempDir::new().unwrap();
    let xlsx = dir.path().join("创新.xlsx");
    let out = run(
        &[
            "query",
            "创新",
            "--format",
            "xlsx",
            "--output",
            xlsx.to_str().unwrap(),
        ],
        &index.path,
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("{total} hits")));
    assert_eq!(xlsx_rows(std::fs::read(&xlsx).unwrap()).len(), total + 1);
    let out = run(&["query", "创新", "--format", "csv"], &index.path);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes())
            .records()
            .count(),
        total
    );

    let out = run(
        &["trends", "低空经济", "科技创新", "--by", "region", "--json"],
        &index.path,
    );
    let t: trends::Trends = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(t.series.len(), 2);
    let expected = brute_force_buckets(&index.engine, "低空经济", |p| {
        p.region.clone().unwrap_or_default()
    });
    assert_eq!(buckets_of(&t.series[0]), expected);
    let out = run(&["trends", "低空经济", "--by", "year"], &index.path);
    assert!(String::from_utf8(out.stdout).unwrap().contains("2026"));

    let out = run(
        &["compare", "2025_南湖市", "2026_北岸市", "--json"],
        &index.path,
    );
    let c: compare::Comparison = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(c.a, "reports/2025_南湖市_政府工作报告.txt");
    assert!(c.summary.new > 0 && !c.new_terms.is_empty());
    let out = run(&["compare", "2026_北岸市", "2026_北岸市"], &index.path);
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains(" 0 changed, 0 new, 0 removed"));

    let out = run(&["similar", "2026_东川省", "5", "--json"], &index.path);
    let s: similar::Similar = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s.paragraph, 5);

    // Mistakes are messages, not panics.
    for (args, message) in [
        (vec!["compare", "报告", "2026_北岸市"], "names"),
        (
            vec!["similar", "2026_东川省", "9999"],
            "has no paragraph 9999",
        ),
        (vec!["query", "创新", "--year", "abc"], "年份格式不对：abc"),
    ] {
        let out = bin()
            .args(&args)
            .arg("--index")
            .arg(&index.path)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(message) && !stderr.contains("panicked"),
            "{args:?}: {stderr}"
        );
    }
}
