//! The server on a real loopback socket: API shapes, filters, errors, safety, the page.

use std::sync::OnceLock;

use policy_search::server::{Background, Config};
use serde_json::Value;

use crate::support::{fixture_index, Workspace};

pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// GET a URL: status and body as JSON.
pub fn get_json(url: &str) -> (u16, Value) {
    let mut response = agent()
        .get(url)
        .call()
        .unwrap_or_else(|e| panic!("GET {url}: {e}"));
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_string().unwrap();
    let json = serde_json::from_str(&body).unwrap_or_else(|e| panic!("GET {url}: {e}: {body}"));
    (status, json)
}

pub fn config(corpus: std::path::PathBuf, index: std::path::PathBuf) -> Config {
    Config::loopback(corpus, index)
}

/// One server over the fixture index for the read-only tests.
fn server() -> &'static Background {
    static SERVER: OnceLock<Background> = OnceLock::new();
    SERVER.get_or_init(|| {
        let index = fixture_index();
        Background::start(config(index.corpus.clone(), index.path.clone())).unwrap()
    })
}

fn search(params: &str) -> (u16, Value) {
    get_json(&server().url(&format!("/api/search?{params}")))
}

/// Percent-encodes a URL query value or path segment.
pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[test]
fn search_returns_hits_facets_and_counts() {
    let (status, v) = search(&format!("q={}", enc("低空经济")));
    assert_eq!(status, 200, "{v}");
    let total = v["total"].as_u64().unwrap();
    assert!(total > 10, "{total}");
    assert_eq!(v["hits"].as_array().unwrap().len(), 10);
    assert!(v["hits"][0]["snippet"].as_str().unwrap().contains("<mark>"));
    for facet in ["doc", "section", "year"] {
        let counts = v["facets"][facet].as_array().unwrap();
        assert!(!counts.is_empty(), "{facet}");
        assert!(counts[0]["count"].as_u64().unwrap() > 0);
    }
    let per_doc: u64 = v["facets"]["doc"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["count"].as_u64().unwrap())
        .sum();
    assert_eq!(per_doc, total);
}

#[test]
fn filters_and_pagination_over_http() {
    let (_, all) = search(&format!("q={}&limit=100", enc("创新")));
    let doc = all["facets"]["doc"][0]["value"]
        .as_str()
        .unwrap()
        .to_string();
    let doc_count = all["facets"]["doc"][0]["count"].as_u64().unwrap();
    let (status, filtered) = search(&format!("q={}&doc={}&limit=100", enc("创新"), enc(&doc)));
    assert_eq!(status, 200);
    assert_eq!(filtered["total"].as_u64().unwrap(), doc_count);
    assert!(filtered["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["doc"] == doc.as_str()));

    let (_, p1) = search(&format!("q={}&limit=5&offset=0", enc("创新")));
    let (_, p2) = search(&format!("q={}&limit=5&offset=5", enc("创新")));
    let ids = |v: &Value| {
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| (h["doc"].to_string(), h["paragraph"].as_u64()))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&all)[..5], ids(&p1)[..]);
    assert_eq!(ids(&all)[5..10], ids(&p2)[..]);

    let (_, y) = search(&format!("q={}&from=2022&to=2022", enc("科学城")));
    let (_, every_year) = search(&format!("q={}", enc("科学城")));
    assert!(
        y["total"].as_u64() < every_year["total"].as_u64(),
        "other years are filtered out"
    );
    assert!(y["total"].as_u64().unwrap() > 0);
    assert!(y["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["date"].as_str().unwrap().starts_with("2022")));

    let (_, by_date) = search(&format!("q={}&sort=date&limit=50", enc("科学城")));
    let dates: Vec<&str> = by_date["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["date"].as_str().unwrap())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]));

    let (_, section) = search(&format!("q={}&section={}", enc("就业"), enc("民生")));
    assert!(section["total"].as_u64().unwrap() > 0);

    let (_, grouped) = search(&format!("q={}&group=doc", enc("低空经济")));
    let groups = grouped["groups"].as_array().unwrap();
    assert!(!groups.is_empty() && groups.len() <= 10);
    assert!(groups[0]["hits"].as_array().unwrap().len() <= 3);
}

#[test]
fn bad_input_gets_a_json_4xx_never_a_500() {
    let long = "长".repeat(300);
    let cases = [
        ("/api/search".to_string(), 400),
        ("/api/search?q=".to_string(), 400),
        (format!("/api/search?q={}", enc("，，")), 400),
        (format!("/api/search?q={}", enc(&long)), 400),
        (
            format!("/api/search?q={}&from=2026-13-01", enc("创新")),
            400,
        ),
        (format!("/api/search?q={}&to=yesterday", enc("创新")), 400),
        (format!("/api/search?q={}&limit=abc", enc("创新")), 400),
        (format!("/api/search?q={}&limit=100000", enc("创新")), 400),
        (format!("/api/search?q={}&sort=best", enc("创新")), 400),
        (format!("/api/search?q={}&doc=nope.txt", enc("创新")), 404),
        ("/api/docs/nope.txt".to_string(), 404),
        ("/api/docs/..%2F..%2Fetc%2Fpasswd".to_string(), 404),
        ("/api/analyze".to_string(), 400),
        ("/api/nothing".to_string(), 404),
        (format!("/api/search?q={}", enc("\"")), 400),
    ];
    for (path, expected) in cases {
        let (status, v) = get_json(&server().url(&path));
        assert_eq!(status, expected, "{path}: {v}");
        assert!(
            v["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{path}: {v}"
        );
    }
}

#[test]
fn documents_are_listed_and_readable_with_highlights() {
    let (status, v) = get_json(&server().url("/api/docs"));
    assert_eq!(status, 200);
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 7);
    assert!(docs
        .iter()
        .all(|d| d["title"].as_str().is_some_and(|t| !t.is_empty())
            && d["paragraphs"].as_u64().unwrap() > 0));

    let id = "重庆高新区直管园2021年经济社会发展情况及2022年重点工作.txt";
    let (status, doc) =
        get_json(&server().url(&format!("/api/docs/{}?q={}", enc(id), enc("科學城"))));
    assert_eq!(status, 200, "{doc}");
    assert_eq!(doc["metadata"]["index_number"], "/2022-00242");
    let paragraphs = doc["paragraphs"].as_array().unwrap();
    let numbers: Vec<u64> = paragraphs
        .iter()
        .map(|p| p["paragraph"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, (1..=numbers.len() as u64).collect::<Vec<_>>());
    assert!(doc["matches"].as_u64().unwrap() > 10);
    assert!(paragraphs
        .iter()
        .any(|p| p["html"].as_str().unwrap().contains("<mark>科学城</mark>")));
}

#[test]
fn the_page_is_served_with_a_strict_content_security_policy() {
    for path in ["/", "/app.js", "/style.css"] {
        let response = agent().get(&server().url(path)).call().unwrap();
        assert_eq!(response.status().as_u16(), 200, "{path}");
        let csp = response
            .headers()
            .get("content-security-policy")
            .unwrap()
            .to_str()
            .unwrap();
        assert!(csp.contains("script-src 'self'"));
    }
    let mut page = agent().get(&server().url("/")).call().unwrap();
    let html = page.body_mut().read_to_string().unwrap();
    assert!(
        html.contains("app.js") && !html.contains("http://") && !html.contains("https://"),
        "no CDN"
    );
}

/// Every script the page loads, and every module those import (`from './common.js'`), is served
/// as JavaScript: a file added to web/ but not to the server's list would be a 404 here.
#[test]
fn every_script_the_page_loads_and_imports_is_served() {
    let mut page = agent().get(&server().url("/")).call().unwrap();
    let html = page.body_mut().read_to_string().unwrap();
    let mut pending: Vec<String> = html
        .split("src=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|s| s.ends_with(".js"))
        .map(String::from)
        .collect();
    let mut served = std::collections::BTreeSet::new();
    while let Some(path) = pending.pop() {
        if !served.insert(path.clone()) {
            continue;
        }
        let mut response = agent().get(&server().url(&path)).call().unwrap();
        assert_eq!(response.status().as_u16(), 200, "{path}");
        let header = |name: &str| {
            let value = response.headers().get(name);
            value
                .map(|v| v.to_str().unwrap().to_string())
                .unwrap_or_default()
        };
        assert_eq!(
            header("content-type"),
            "text/javascript; charset=utf-8",
            "{path}"
        );
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert!(
            header("content-security-policy").contains("script-src 'self'"),
            "{path}"
        );
        // ECharts is cached for good under its versioned path; the page's own scripts are not.
        let cache = header("cache-control");
        assert!(
            cache == "no-cache" || path.starts_with("/echarts-"),
            "{path}: {cache}"
        );
        let script = response.body_mut().read_to_string().unwrap();
        for import in script.split("from './").skip(1) {
            pending.push(format!("/{}", import.split('\'').next().unwrap()));
        }
    }
    for path in [
        "/app.js",
        "/research.js",
        "/common.js",
        "/router.js",
        "/reader.js",
    ] {
        assert!(
            served.contains(path),
            "{path} not loaded by the page: {served:?}"
        );
    }
}

#[test]
fn a_document_with_a_script_tag_shows_the_text_and_runs_nothing() {
    let ws = Workspace::new();
    ws.write(
        "xss.txt",
        "测试通知\n一、总体要求\n<script>alert('科技创新')</script>推进科技创新<img src=x onerror=alert(1)>。\n",
    );
    ws.sync();
    let server = Background::start(config(ws.corpus(), ws.index())).unwrap();
    let (_, v) = get_json(&server.url(&format!("/api/search?q={}", enc("科技创新"))));
    let snippet = v["hits"][0]["snippet"].as_str().unwrap();
    assert!(
        snippet.contains("&lt;script&gt;alert(&#39;<mark>科技创新</mark>&#39;)&lt;/script&gt;"),
        "{snippet}"
    );
    assert!(
        !snippet.contains("<script") && !snippet.contains("<img"),
        "{snippet}"
    );
    assert!(
        v["hits"][0]["text"].as_str().unwrap().contains("<script>"),
        "text stays as written"
    );
    let (_, doc) = get_json(&server.url("/api/docs/xss.txt?q=x"));
    let html = doc["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["html"].as_str().unwrap())
        .find(|h| h.contains("onerror"))
        .expect("the paragraph with the image tag");
    assert!(
        html.contains("&lt;img src=<mark>x</mark> onerror=alert(1)&gt;"),
        "{html}"
    );
}

/// A 印发 notice, the 办法 it issues (a file of its own, in two formats), and a later notice that
/// names the 办法 by title and the first notice by number: each document lists the others with
/// the relation, both ways; a document that names nothing in the corpus has no links.
#[test]
fn documents_link_to_what_they_issue_name_and_cite_both_ways() {
    let ws = Workspace::new();
    let notice = "notice.txt";
    ws.write(
        notice,
        "南湖市人民政府办公厅关于印发《南湖市科技创新券管理办法（试行）》的通知\n\
         南府办发〔2025〕7号\n各区县人民政府，市政府各部门：\n\
         现将《南湖市科技创新券管理办法（试行）》印发给你们，请认真贯彻执行。\n\
         南湖市人民政府办公厅\n2025年3月1日\n",
    );
    let rules = "南湖市科技创新券管理办法.txt";
    let body = "南湖市科技创新券管理办法\n第一章 总则\n第一条 为规范科技创新券管理，制定本办法。\n\
                第二条 本办法适用于本市行政区域内的科技型企业。\n";
    ws.write(rules, body);
    ws.write("南湖市科技创新券管理办法.md", body);
    let later = "later.txt";
    ws.write(
        later,
        "南湖市科学技术局关于开展2026年科技创新券申领工作的通知\n\
         根据《南湖市科技创新券管理办法》（南府办发[2025]7号）和《中华人民共和国科学技术进步法》，现将有关事项通知如下。\n\
         一、申领对象\n本市科技型中小企业。\n",
    );
    ws.write(
        "other.txt",
        "北岸市2026年重点工作\n一、总体要求\n推进高质量发展。\n",
    );
    ws.sync();
    let server = Background::start(config(ws.corpus(), ws.index())).unwrap();
    let links = |id: &str| -> Vec<(String, String, Vec<String>)> {
        let (status, v) = get_json(&server.url(&format!("/api/docs/{}", enc(id))));
        assert_eq!(status, 200, "{id}: {v}");
        v["links"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                let also = l["also"].as_array().map_or(Vec::new(), |a| {
                    a.iter().map(|x| x.as_str().unwrap().to_string()).collect()
                });
                (
                    l["relation"].as_str().unwrap().to_string(),
                    l["doc"].as_str().unwrap().to_string(),
                    also,
                )
            })
            .collect()
    };
    let s = |x: &str| x.to_string();
    assert_eq!(
        links(notice),
        vec![
            (
                s("issues"),
                s("南湖市科技创新券管理办法.md"),
                vec![s(rules)]
            ),
            (s("cited_by"), s(later), vec![]),
        ]
    );
    assert_eq!(
        links(rules),
        vec![
            (s("issued_by"), s(notice), vec![]),
            (s("mentioned_by"), s(later), vec![]),
        ]
    );
    assert_eq!(
        links(later),
        vec![
            (
                s("mentions"),
                s("南湖市科技创新券管理办法.md"),
                vec![s(rules)]
            ),
            (s("cites"), s(notice), vec![]),
        ]
    );
    assert_eq!(links("other.txt"), vec![]);
}
