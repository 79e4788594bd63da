//! End-to-end in headless Chromium: a person searching, filtering and reading.
//!
//! Needs Debian's `chromium` and `chromium-driver`; run with
//! `cargo test --test browser -- --ignored` (`.ci/run` installs both and runs it).
//! Screenshots land in `target/screenshots/`.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use policy_search::index::{self, NoProgress, SyncOptions};
use policy_search::server::{Background, Config};

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_chromedriver() -> (Driver, u16) {
    let port = free_port();
    let child = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver is not installed (help: apt-get install chromium chromium-driver)");
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    (Driver(child), port)
}

async fn browser(port: u16) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": "/usr/bin/chromium",
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--no-first-run", "--disable-component-update", "--disable-sync", "--disable-quic",
                     "--window-size=1280,900", "--lang=zh-CN"]
        }),
    );
    ClientBuilder::native()
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("connecting to chromedriver")
}

fn screenshots() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.unwrap();
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    std::fs::write(screenshots().join(name), png).unwrap();
}

/// Waits for an element to appear, for at most 10 s.
async fn wait_for(client: &Client, css: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} did not appear: {e}"))
}

/// Text without spaces: "第 2 页" and "第2页" alike.
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

async fn scroll_into_view(client: &Client, element: &fantoccini::elements::Element) {
    client
        .execute(
            "arguments[0].scrollIntoView({block: 'center'});",
            vec![serde_json::to_value(element).unwrap()],
        )
        .await
        .unwrap();
}

/// The first result hit whose format badge reads `badge`.
async fn hit_with_badge(client: &Client, badge: &str) -> fantoccini::elements::Element {
    for hit in client
        .find_all(Locator::Css("#results .hit"))
        .await
        .unwrap()
    {
        if let Ok(b) = hit.find(Locator::Css(".hit-head .format-badge")).await {
            if b.text().await.unwrap() == badge {
                return hit;
            }
        }
    }
    panic!("no hit with a {badge} badge");
}

async fn attr(element: &fantoccini::elements::Element, name: &str) -> String {
    element.attr(name).await.unwrap().unwrap_or_default()
}

/// The text of the element `css` finds.
async fn text_of(client: &Client, css: &str) -> String {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} is not there: {e}"))
        .text()
        .await
        .unwrap()
}

async fn texts(client: &Client, css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in client.find_all(Locator::Css(css)).await.unwrap() {
        out.push(e.text().await.unwrap());
    }
    out
}

#[test]
#[ignore = "needs chromium and chromium-driver: cargo test --test browser -- --ignored"]
fn a_reader_searches_filters_and_opens_a_result() {
    // The shipped reference document, the fixtures of tests/fixtures/corpus and the notice of
    // tests/fixtures/formats in five formats, with its unreadable files in bad/: no ../shared.
    let dir = tempfile::TempDir::new().unwrap();
    let corpus = dir.path().join("corpus");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&root.join("corpus"), &corpus);
    copy_tree(&root.join("tests/fixtures/corpus"), &corpus);
    copy_formats(&root.join("tests/fixtures/formats"), &corpus);
    let index_dir = dir.path().join("index");
    index::sync(&SyncOptions::new(&corpus, &index_dir), &NoProgress).unwrap();
    let server = Background::start(Config::loopback(corpus, index_dir)).unwrap();
    let (_driver, port) = start_chromedriver();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(session(&server, port));
}

/// The notice in each format into `to`, and the files of bad/ that cannot be read into `to/bad`.
/// bad/owner-password.pdf and bad/docx-named.pdf are readable copies of the notice: ids sort
/// before notice.*, so they would be the shown copies of the PDF and the DOCX.
fn copy_formats(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap();
        if name.starts_with("notice.") {
            std::fs::copy(&path, to.join(name)).unwrap();
        }
    }
    std::fs::create_dir_all(to.join("bad")).unwrap();
    for entry in std::fs::read_dir(from.join("bad")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap();
        if !["owner-password.pdf", "docx-named.pdf"].contains(&name) {
            std::fs::copy(&path, to.join("bad").join(name)).unwrap();
        }
    }
}

/// Copies every file under `from` into `to`, keeping the relative paths.
fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

async fn session(server: &Background, port: u16) {
    let client = browser(port).await;

    // The home page: the search box has the focus.
    client.goto(&server.url("/")).await.unwrap();
    wait_for(&client, "#doc-list .doc-item").await;
    let focused = client.active_element().await.unwrap();
    assert_eq!(
        focused.attr("id").await.unwrap().as_deref(),
        Some("q"),
        "the search box is focused on load"
    );
    screenshot(&client, "1-home.png").await;

    // Every document has its format, paged ones their page count; the unreadable files are
    // listed, collapsed, with their reasons.
    let items = texts(&client, "#doc-list .doc-item").await;
    assert!(
        items
            .iter()
            .any(|t| t.contains("PDF") && t.contains("3 页")),
        "a PDF with its pages in the list: {items:?}"
    );
    for badge in ["PDF", "OFD", "DOCX", "DOC", "HTML", "TXT"] {
        assert!(
            texts(&client, "#doc-list .format-badge")
                .await
                .iter()
                .any(|b| b == badge),
            "a {badge} badge in the list"
        );
    }
    let summary = wait_for(&client, "#skipped-box > summary").await;
    assert_eq!(
        squeezed(&summary.text().await.unwrap()),
        "未能读取的文件（3）"
    );
    scroll_into_view(&client, &summary).await;
    summary.click().await.unwrap();
    let skipped = texts(&client, "#skipped-list .skipped-item").await;
    for (file, reason) in [
        ("bad/scanned.pdf", "文字识别（OCR）"),
        ("bad/user-password.pdf", "密码保护"),
        ("bad/truncated.pdf", "损坏或不完整"),
    ] {
        assert!(
            skipped
                .iter()
                .any(|t| t.contains(file) && t.contains(reason)),
            "{file} is listed as skipped ({reason}): {skipped:?}"
        );
    }
    screenshot(&client, "1b-home-skipped.png").await;

    // Type a query and submit it like a person.
    let q = client.find(Locator::Css("#q")).await.unwrap();
    q.send_keys("低空经济\n").await.unwrap();
    wait_for(&client, "#results .hit .hit-snippet mark").await;
    let marks = texts(&client, "#results .hit-snippet mark").await;
    assert!(
        !marks.is_empty() && marks.iter().all(|m| m == "低空经济"),
        "highlighted: {marks:?}"
    );
    let status = text_of(&client, "#status").await;
    assert!(
        status.contains('段') && status.contains("毫秒"),
        "status: {status}"
    );
    let url = client.current_url().await.unwrap();
    assert!(
        url.query().unwrap_or("").contains("q="),
        "the query is in the URL: {url}"
    );
    screenshot(&client, "2-results.png").await;

    // The notice: the PDF hit says its page, the DOCX hit links its copies in other formats
    // at the same paragraph.
    let pdf = hit_with_badge(&client, "PDF").await;
    let page = pdf.find(Locator::Css(".hit-page")).await.unwrap();
    assert_eq!(squeezed(&page.text().await.unwrap()), "第2页");
    let docx = hit_with_badge(&client, "DOCX").await;
    let mut also = Vec::new();
    for link in docx.find_all(Locator::Css(".hit-also a")).await.unwrap() {
        also.push((link.text().await.unwrap(), attr(&link, "href").await));
    }
    assert_eq!(
        also.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>(),
        ["DOC", "TXT"],
        "other formats of the DOCX: {also:?}"
    );
    assert!(
        also[0].1.contains("doc=notice.doc&") && also[0].1.contains("p=8"),
        "the DOC link opens paragraph 8: {also:?}"
    );
    let line = docx.find(Locator::Css(".hit-also")).await.unwrap();
    assert!(line.text().await.unwrap().starts_with("其他格式："));
    scroll_into_view(&client, &pdf).await;
    screenshot(&client, "2b-results-formats.png").await;

    // Apply the first document facet: every hit is then from that document.
    let facet = wait_for(&client, "#facets .facet[data-kind=doc]").await;
    let label = facet
        .find(Locator::Css(".facet-label"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    facet.click().await.unwrap();
    wait_for(&client, "#active-filters .chip").await;
    let started = Instant::now();
    loop {
        let titles = texts(&client, "#results .hit .hit-title").await;
        if !titles.is_empty() && titles.iter().all(|t| t == &label) {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "filtered to {label}: {titles:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(client
        .current_url()
        .await
        .unwrap()
        .query()
        .unwrap_or("")
        .contains("doc="));
    screenshot(&client, "3-filtered.png").await;

    // Open a result in the reader: the paragraph is there, marked, with the outline beside it.
    client
        .find(Locator::Css("#results .hit .hit-title"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let target = wait_for(&client, "#reader-text .para.target").await;
    let target_html = target.html(true).await.unwrap();
    assert!(
        target_html.contains("<mark"),
        "the query is highlighted in the reader: {target_html}"
    );
    wait_for(&client, "#outline a").await;
    let title = text_of(&client, "#reader-title").await;
    assert_eq!(title, label);
    screenshot(&client, "4-reader.png").await;

    // Back returns to the filtered results.
    client.back().await.unwrap();
    wait_for(&client, "#results .hit").await;

    // Traditional characters find the simplified text; a missing word says so.
    client
        .goto(&server.url("/?q=%E7%A7%91%E5%AD%B8%E5%9F%8E"))
        .await
        .unwrap();
    wait_for(&client, "#results .hit .hit-snippet mark").await;
    client
        .goto(&server.url("/?q=%E6%9F%A5%E6%97%A0%E6%AD%A4%E8%AF%8D%E8%AF%AD"))
        .await
        .unwrap();
    let empty = wait_for(&client, "#results .empty")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        empty.contains("查无此词语"),
        "the empty message names the query: {empty}"
    );
    screenshot(&client, "5-empty.png").await;

    // The grouped view: one row per document.
    client
        .goto(&server.url("/?q=%E4%BD%8E%E7%A9%BA%E7%BB%8F%E6%B5%8E&view=doc"))
        .await
        .unwrap();
    wait_for(&client, "#results .group").await;
    // By document id: the notice's PDF, DOCX and OFD share a title but differ in text.
    let mut groups = Vec::new();
    for title in client
        .find_all(Locator::Css("#results .group .group-title"))
        .await
        .unwrap()
    {
        let href = attr(&title, "href").await;
        // The id as encoded in the link: equal ids, equal strings.
        let doc = href
            .split(['?', '&'])
            .find(|p| p.starts_with("doc="))
            .unwrap_or_else(|| panic!("a reader link: {href}"))
            .to_string();
        groups.push(doc);
    }
    let unique: std::collections::BTreeSet<_> = groups.iter().collect();
    assert_eq!(
        unique.len(),
        groups.len(),
        "one row per document: {groups:?}"
    );
    screenshot(&client, "6-grouped.png").await;

    // The PDF in the reader: format and pages in the metadata, a divider where each page
    // starts (opening that page of the original), the original opened at the target's page.
    client
        .goto(&server.url("/?read=1&doc=notice.pdf&p=8&q=%E4%BD%8E%E7%A9%BA%E7%BB%8F%E6%B5%8E"))
        .await
        .unwrap();
    wait_for(&client, "#reader-text .para.target").await;
    let meta = text_of(&client, "#reader-meta").await;
    assert!(
        meta.contains("PDF") && meta.contains("3 页"),
        "format and pages: {meta}"
    );
    let markers = texts(&client, "#reader-text .page-marker").await;
    assert_eq!(
        markers.iter().map(|m| squeezed(m)).collect::<Vec<_>>(),
        ["第1页", "第2页", "第3页"]
    );
    for (i, link) in client
        .find_all(Locator::Css("#reader-text .page-marker a"))
        .await
        .unwrap()
        .iter()
        .enumerate()
    {
        let href = attr(link, "href").await;
        assert!(
            href.ends_with(&format!("/api/docs/notice.pdf/original#page={}", i + 1)),
            "page {} opens there: {href}",
            i + 1
        );
    }
    // Paragraph 8 starts the second page.
    let marker = client
        .find(Locator::Css("#reader-text .page-marker + #p-8"))
        .await;
    assert!(
        marker.is_ok(),
        "the page-2 divider is right before paragraph 8"
    );
    let original = wait_for(&client, "#reader-original").await;
    let href = attr(&original, "href").await;
    assert!(
        href.ends_with("/api/docs/notice.pdf/original#page=2"),
        "the original opens at the target's page: {href}"
    );
    assert_eq!(squeezed(&original.text().await.unwrap()), "打开原文第2页");
    client
        .execute("window.scrollTo(0, 0);", vec![])
        .await
        .unwrap();
    screenshot(&client, "7-reader-pdf.png").await;
    // Selecting a paragraph on page 3 moves the link there.
    let num = client.find(Locator::Css("#p-18 .para-num")).await.unwrap();
    scroll_into_view(&client, &num).await;
    num.click().await.unwrap();
    let href = attr(&original, "href").await;
    assert!(href.ends_with("#page=3"), "after selecting ¶18: {href}");
    screenshot(&client, "8-reader-pdf-page3.png").await;
    // The link serves the PDF itself.
    let url = server.url(href.split('#').next().unwrap());
    let content_type = tokio::task::spawn_blocking(move || {
        let response = ureq::get(&url).call().unwrap();
        response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    })
    .await
    .unwrap();
    assert_eq!(content_type, "application/pdf");

    // A Word file is downloaded, not opened, and has no pages.
    client
        .goto(&server.url("/?read=1&doc=notice.docx"))
        .await
        .unwrap();
    let original = wait_for(&client, "#reader-original").await;
    assert_eq!(original.text().await.unwrap(), "下载原文（DOCX）");
    assert_eq!(attr(&original, "download").await, "notice.docx");
    assert!(attr(&original, "href")
        .await
        .ends_with("/api/docs/notice.docx/original"));
    assert!(texts(&client, "#reader-text .page-marker").await.is_empty());

    client.close().await.unwrap();
}

#[test]
#[ignore = "needs chromium and chromium-driver: cargo test --test browser -- --ignored"]
fn a_researcher_charts_a_trend_and_compares_two_reports() {
    let dir = tempfile::TempDir::new().unwrap();
    let corpus = dir.path().join("corpus");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&root.join("corpus"), &corpus);
    copy_tree(&root.join("tests/fixtures/corpus"), &corpus);
    let index_dir = dir.path().join("index");
    index::sync(&SyncOptions::new(&corpus, &index_dir), &NoProgress).unwrap();
    let server = Background::start(Config::loopback(corpus, index_dir)).unwrap();
    let (_driver, port) = start_chromedriver();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(research_session(&server, port));
}

async fn research_session(server: &Background, port: u16) {
    let client = browser(port).await;

    // Two queries by region: bars drawn by the page, the table under them.
    client
        .goto(&server.url("/?tool=trends&q=低空经济&q=科技创新&by=region"))
        .await
        .unwrap();
    wait_for(&client, "#trend-chart rect.bar").await;
    let bars = client
        .find_all(Locator::Css("#trend-chart rect.bar"))
        .await
        .unwrap();
    assert!(bars.len() >= 4, "bars for both queries: {}", bars.len());
    let rows = texts(&client, "#trend-table tbody tr").await;
    assert!(rows.iter().any(|r| r.starts_with("东川")), "{rows:?}");
    let csv = client
        .find(Locator::Css(".tool-summary a.download"))
        .await
        .unwrap();
    assert!(attr(&csv, "href").await.contains("format=csv"));
    screenshot(&client, "9-trends-by-region.png").await;

    // A click on a bar opens its hits: the query in that region.
    let first = &bars[0];
    let key = attr(first, "data-key").await;
    let query = attr(first, "data-query").await;
    first.click().await.unwrap();
    wait_for(&client, "#results .hit").await;
    let q = client
        .find(Locator::Css("#q"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    assert_eq!(q, format!("{query} region:{key}"));
    assert!(wait_for(&client, "#search-tools a[href*='format=xlsx']")
        .await
        .is_displayed()
        .await
        .unwrap());

    // Lines by year.
    client
        .goto(&server.url("/?tool=trends&q=低空经济&by=year"))
        .await
        .unwrap();
    wait_for(&client, "#trend-chart polyline").await;
    assert!(!client
        .find_all(Locator::Css("#trend-chart circle"))
        .await
        .unwrap()
        .is_empty());
    screenshot(&client, "10-trends-by-year.png").await;

    // Last year's report against this year's: changes marked, 新提法 listed.
    let a = "reports/2025_南湖市_政府工作报告.txt";
    let b = "reports/2026_北岸市_政府工作报告.txt";
    client
        .goto(&server.url(&format!(
            "/?tool=compare&a={}&b={}",
            a.replace('/', "%2F"),
            b.replace('/', "%2F")
        )))
        .await
        .unwrap();
    wait_for(&client, "#compare-pairs .pair").await;
    let summary = text_of(&client, "#compare-summary").await;
    assert!(summary.contains("新增"), "{summary}");
    assert!(!texts(&client, "#new-terms li").await.is_empty());
    let shown_kept = client
        .find_all(Locator::Css("#compare-pairs .pair-kept"))
        .await
        .unwrap();
    for p in &shown_kept {
        assert!(
            !p.is_displayed().await.unwrap(),
            "kept paragraphs are hidden at first"
        );
    }
    screenshot(&client, "11-compare.png").await;

    client.close().await.unwrap();
}
