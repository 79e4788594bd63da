//! Reindexing while serving: the watched corpus, the admin API, other formats, crashes.

use std::time::{Duration, Instant};

use policy_search::server::{Background, Config};
use serde_json::Value;

use crate::http::{agent, config, enc, get_json};
use crate::support::{fixture_corpus, manifest_dir, succeeded, Workspace, REFERENCE};

fn total(server: &Background, query: &str) -> u64 {
    let (status, v) = get_json(&server.url(&format!("/api/search?q={}", enc(query))));
    assert_eq!(status, 200, "searching during reindex never fails: {v}");
    v["total"].as_u64().unwrap()
}

/// Polls until `check` holds, for at most 10 s; returns how long it took.
fn within_10s(what: &str, mut check: impl FnMut() -> bool) -> Duration {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(10) {
        if check() {
            return started.elapsed();
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("{what} did not happen within 10 s");
}

const NOTICE: &str = "关于推进低空经济发展的通知\n一、总体要求\n（一）发展目标。到2027年，低空飞行器研发取得突破，培育鲲鹏星链计划。\n";

#[test]
fn a_watched_corpus_is_searchable_within_seconds_of_each_change() {
    let ws = Workspace::new().with_reports(&["西岭自治区"]);
    ws.sync();
    let server = Background::start(Config {
        watch: true,
        ..config(ws.corpus(), ws.index())
    })
    .unwrap();
    assert_eq!(total(&server, "鲲鹏星链计划"), 0);

    let path = ws.write("通知.txt", NOTICE);
    within_10s("a new file becomes searchable", || {
        total(&server, "鲲鹏星链计划") == 1
    });

    std::fs::write(&path, NOTICE.replace("鲲鹏星链计划", "鸿雁星链计划")).unwrap();
    within_10s("a changed file shows its new text", || {
        total(&server, "鸿雁星链计划") == 1 && total(&server, "鲲鹏星链计划") == 0
    });

    std::fs::rename(&path, ws.corpus().join("改名.txt")).unwrap();
    within_10s(
        "a renamed file keeps its paragraphs under the new name",
        || {
            let (_, v) = get_json(&server.url(&format!("/api/search?q={}", enc("鸿雁星链计划"))));
            v["total"] == 1 && v["hits"][0]["doc"] == "改名.txt"
        },
    );

    std::fs::remove_file(ws.corpus().join("改名.txt")).unwrap();
    within_10s("a removed file disappears", || {
        total(&server, "鸿雁星链计划") == 0
    });
    assert!(
        total(&server, "西岭") > 0,
        "the other document stays searchable"
    );
}

fn request(
    method: &str,
    url: &str,
    token: Option<&str>,
    body: &[u8],
    content_type: &str,
) -> (u16, Value) {
    let agent = agent();
    let mut builder = match method {
        "POST" => agent.post(url),
        _ => agent.delete(url).force_send_body(),
    };
    if let Some(token) = token {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    let mut response = builder
        .header("Content-Type", content_type)
        .send(body)
        .unwrap();
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string().unwrap();
    (
        status,
        match serde_json::from_str(&text) {
            Ok(json) => json,
            Err(_) => Value::String(text),
        },
    )
}

#[test]
fn the_admin_api_needs_the_token() {
    let ws = Workspace::new().with_reports(&["西岭自治区"]);
    ws.sync();
    let server = Background::start(Config {
        admin_token: Some("s3cret".into()),
        ..config(ws.corpus(), ws.index())
    })
    .unwrap();
    let reindex = server.url("/api/reindex");
    for token in [None, Some("wrong"), Some("s3cre"), Some("s3cret2")] {
        let (status, v) = request("POST", &reindex, token, b"", "text/plain");
        assert_eq!(status, 401, "{token:?}: {v}");
        assert!(v["error"].is_string());
    }
    let upload = server.url(&format!("/api/documents?name={}", enc("通知.txt")));
    assert_eq!(
        request("POST", &upload, None, NOTICE.as_bytes(), "text/plain").0,
        401
    );
    assert_eq!(
        request(
            "DELETE",
            &server.url("/api/documents/x.txt"),
            Some("nope"),
            b"",
            "text/plain"
        )
        .0,
        401
    );
    assert_eq!(
        total(&server, "鲲鹏星链计划"),
        0,
        "nothing was uploaded without the token"
    );

    let (status, v) = request("POST", &reindex, Some("s3cret"), b"", "text/plain");
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["unchanged"], 1);

    // With no token configured the admin API is off altogether.
    let off = Background::start(config(ws.corpus(), ws.index())).unwrap();
    assert_eq!(
        request(
            "POST",
            &off.url("/api/reindex"),
            Some("s3cret"),
            b"",
            "text/plain"
        )
        .0,
        401
    );
}

#[test]
fn uploads_are_indexed_and_cannot_escape_the_corpus() {
    let ws = Workspace::new().with_reports(&["西岭自治区"]);
    ws.sync();
    let server = Background::start(Config {
        admin_token: Some("t".into()),
        ..config(ws.corpus(), ws.index())
    })
    .unwrap();

    let url = server.url(&format!("/api/documents?name={}", enc("../../etc/x.txt")));
    let (status, v) = request("POST", &url, Some("t"), NOTICE.as_bytes(), "text/plain");
    assert_eq!(status, 201, "{v}");
    assert_eq!(v["id"], "x.txt");
    assert_eq!(
        v["paragraphs"], 2,
        "the title line is the title, not a paragraph"
    );
    assert!(
        ws.corpus().join("x.txt").is_file(),
        "the file landed inside the corpus"
    );
    assert!(
        !ws.dir.path().join("etc/x.txt").exists() && !ws.corpus().join("../../etc/x.txt").exists()
    );
    assert_eq!(total(&server, "鲲鹏星链计划"), 1, "searchable at once");

    // Multipart, as a browser form sends it.
    let boundary = "XyZ123";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"..\\\\通知二.txt\"\r\nContent-Type: text/plain\r\n\r\n{}\r\n--{boundary}--\r\n",
        NOTICE.replace("鲲鹏星链计划", "鸿雁星链计划")
    );
    let (status, v) = request(
        "POST",
        &server.url("/api/documents"),
        Some("t"),
        body.as_bytes(),
        &format!("multipart/form-data; boundary={boundary}"),
    );
    assert_eq!(status, 201, "{v}");
    assert_eq!(v["id"], "通知二.txt");
    assert_eq!(total(&server, "鸿雁星链计划"), 1);

    // What cannot be read is refused and not stored.
    let url = server.url("/api/documents?name=image.txt");
    let (status, v) = request(
        "POST",
        &url,
        Some("t"),
        &[0x89, b'P', b'N', b'G', 0, 0, 0, 1],
        "application/octet-stream",
    );
    assert_eq!(status, 422, "{v}");
    assert!(!ws.corpus().join("image.txt").exists());
    let (status, _) = request(
        "POST",
        &server.url("/api/documents?name=x.exe"),
        Some("t"),
        b"MZ",
        "application/octet-stream",
    );
    assert_eq!(status, 422, "a program is not a document");
    assert!(!ws.corpus().join("x.exe").exists());

    let (status, v) = request(
        "DELETE",
        &server.url("/api/documents/x.txt"),
        Some("t"),
        b"",
        "text/plain",
    );
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["removed"][0], "x.txt");
    assert!(!ws.corpus().join("x.txt").exists());
    assert_eq!(total(&server, "鲲鹏星链计划"), 0);
    let (status, _) = request(
        "DELETE",
        &server.url("/api/documents/x.txt"),
        Some("t"),
        b"",
        "text/plain",
    );
    assert_eq!(status, 404);
    let (status, _) = request(
        "DELETE",
        &server.url(&format!("/api/documents/{}", enc("../secret.txt"))),
        Some("t"),
        b"",
        "text/plain",
    );
    assert_eq!(status, 400);
}

use crate::tier2::paragraphs;

/// The GBK, UTF-16 and HTML versions of `dir/name` (written into `ws`) give the same paragraphs
/// and sections as the original.
pub fn check_encodings_and_html(ws: &Workspace, dir: &std::path::Path, name: &str, min: usize) {
    let text = std::fs::read_to_string(dir.join(name)).unwrap();
    let original = paragraphs(dir, name);
    assert!(
        original.len() > min,
        "{name}: {} paragraphs",
        original.len()
    );

    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable, "the report is GBK-encodable");
    ws.write("gbk.txt", &gbk);
    assert_eq!(paragraphs(&ws.corpus(), "gbk.txt"), original);
    let doc = policy_search::ingest::read_document(&ws.corpus(), "gbk.txt").unwrap();
    assert_eq!(doc.metadata.encoding, "GBK");

    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    ws.write("utf16.txt", &utf16);
    assert_eq!(paragraphs(&ws.corpus(), "utf16.txt"), original);

    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let body: String = text
        .lines()
        .map(|l| format!("<p>{}</p>\n", escape(l)))
        .collect();
    let html = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{}</title>\
         <style>p {{ margin: 0 }}</style><script>var nav = '首页';</script></head><body>\
         <nav><a href=\"/\">首页</a> &gt; <a>要闻</a></nav><div class=\"share-bar\">分享到 微信 微博</div>\
         <div id=\"article\">\n{body}</div><footer>版权所有 © 人民政府网站</footer></body></html>",
        name.trim_end_matches(".txt")
    );
    ws.write("page.html", &html);
    assert_eq!(paragraphs(&ws.corpus(), "page.html"), original);
}

#[test]
fn gbk_and_html_versions_of_a_report_give_the_same_paragraphs_and_sections() {
    let reports = fixture_corpus().join("reports");
    check_encodings_and_html(
        &Workspace::new(),
        &reports,
        "2026_东川省_政府工作报告.txt",
        25,
    );
    check_encodings_and_html(
        &Workspace::new(),
        &manifest_dir().join("corpus"),
        REFERENCE,
        15,
    );
}

/// Files in the corpus of the kill test, in folders of 25.
const KILL_FILES: usize = 200;

#[test]
fn a_killed_indexer_leaves_an_index_that_opens_and_the_rerun_completes_it() {
    // A corpus large enough to kill mid-way: copies of the reference document, each made
    // unique (every line of prose numbered), in folders of 25.
    let ws = Workspace::new();
    let reference = std::fs::read_to_string(manifest_dir().join("corpus").join(REFERENCE)).unwrap();
    let mut ids = Vec::new();
    for n in 0..KILL_FILES {
        let unique: String = reference
            .lines()
            .map(|l| {
                if l.contains('。') {
                    format!("{l}（第{n}份）\n")
                } else {
                    format!("{l}\n")
                }
            })
            .collect();
        let id = format!("copy{}/{n:03}.txt", n / 25);
        ws.write(&id, unique);
        ids.push(id);
    }
    let mut expected = 0;
    for id in &ids {
        expected += policy_search::ingest::read_document(&ws.corpus(), id)
            .unwrap()
            .paragraphs
            .len() as u64;
    }

    let bin = assert_cmd::cargo::cargo_bin("policy-search");
    let mut child = std::process::Command::new(&bin)
        .args(["index", "--commit-every-mb", "1", "--corpus"])
        .arg(ws.corpus())
        .arg("--index")
        .arg(ws.index())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once some, not all, of the work is committed.
    let started = Instant::now();
    let mut committed = 0;
    while started.elapsed() < Duration::from_secs(60) {
        if let Ok((_, _, manifest)) = policy_search::index::open(&ws.index()) {
            committed = manifest.files.len();
            if committed > 0 {
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    assert!(committed > 0, "a commit happened before the kill");
    assert!(
        !status.success(),
        "the indexer was killed before it finished (else the corpus is too small)"
    );

    let (_, _, manifest) =
        policy_search::index::open(&ws.index()).expect("the index opens at its last commit");
    assert!(
        manifest.files.len() < KILL_FILES,
        "killed mid-way: {} of {KILL_FILES} files committed",
        manifest.files.len()
    );
    let engine = policy_search::search::Engine::open(&ws.index()).unwrap();
    assert_eq!(
        engine.paragraph_count(),
        manifest.paragraph_count(),
        "the commit holds what its manifest says"
    );

    let out = succeeded(
        std::process::Command::new(&bin)
            .args(["index", "--json", "--corpus"])
            .arg(ws.corpus())
            .arg("--index")
            .arg(ws.index())
            .output()
            .unwrap(),
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report["paragraphs"].as_u64().unwrap(),
        expected,
        "same count as a clean build"
    );
    assert_eq!(report["documents"], KILL_FILES);

    engine.reload().unwrap();
    let mut seen = std::collections::HashSet::new();
    let exported = engine
        .export(|p| {
            assert!(
                seen.insert((p.doc.clone(), p.paragraph)),
                "duplicate paragraph {} ¶{}",
                p.doc,
                p.paragraph
            );
            Ok(())
        })
        .unwrap();
    assert_eq!(exported as u64, expected, "no paragraph lost or duplicated");
}
