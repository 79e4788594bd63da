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

/// What an ECharts chart in `css` shows: its series, its type, the largest value and the top of
/// its value axis, its width against its box's and the page's, its tiles (a tile map).
async fn chart_facts(client: &Client, css: &str) -> serde_json::Value {
    client
        .execute(
            r#"const box = document.querySelector(arguments[0]);
               const chart = echarts.getInstanceByDom(box);
               const option = chart.getOption();
               const values = option.series.flatMap((s) => s.data.map((d) => Array.isArray(d) ? d[2] : d));
               const y = chart.getModel().getComponent('yAxis');
               const canvas = box.querySelector('canvas');
               return {
                 series: option.series.length,
                 type: option.series[0].type,
                 dataMax: Math.max(...values),
                 axisMax: y && y.axis.type === 'value' ? y.axis.scale.getExtent()[1] : null,
                 boxWidth: box.clientWidth,
                 canvasWidth: canvas.getBoundingClientRect().width,
                 pageWidth: document.querySelector('main').clientWidth,
                 saveAsImage: !!(option.toolbox && option.toolbox[0].feature.saveAsImage),
                 tiles: option.series[0].type === 'heatmap' ? option.series[0].data.length : 0,
               };"#,
            vec![serde_json::json!(css)],
        )
        .await
        .unwrap()
}

/// Clicks the first bar of an ECharts bar chart where it is drawn; its query and key.
async fn click_first_mark(client: &Client, css: &str) -> (String, String) {
    use fantoccini::actions::InputSource as _;
    let found = client
        .execute(
            r#"const box = document.querySelector(arguments[0]);
               box.scrollIntoView({ block: 'center' });
               const chart = echarts.getInstanceByDom(box);
               const option = chart.getOption();
               const key = option.xAxis[0].data[0];
               // The bar as laid out: x, y (its base), width, height (negative: upwards).
               const bar = chart.getModel().getSeriesByIndex(0).getData().getItemLayout(0);
               const r = box.getBoundingClientRect();
               return [option.series[0].name, key, r.left + bar.x + bar.width / 2,
                       r.top + bar.y + bar.height / 2];"#,
            vec![serde_json::json!(css)],
        )
        .await
        .unwrap();
    let query = found[0].as_str().unwrap().to_string();
    let key = found[1].as_str().unwrap().to_string();
    // A real click where the bar is drawn, as a reader's mouse makes it.
    let (x, y) = (found[2].as_f64().unwrap(), found[3].as_f64().unwrap());
    let actions = fantoccini::actions::MouseActions::new("mouse".into())
        .then(fantoccini::actions::PointerAction::MoveTo {
            duration: None,
            x,
            y,
        })
        .then(fantoccini::actions::PointerAction::Down {
            button: fantoccini::actions::MOUSE_BUTTON_LEFT,
        })
        .then(fantoccini::actions::PointerAction::Up {
            button: fantoccini::actions::MOUSE_BUTTON_LEFT,
        });
    client.perform_actions(actions).await.unwrap();
    (query, key)
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
/// Clicks the first element `css` selects.
async fn click(client: &Client, css: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} is not there: {e}"))
        .click()
        .await
        .unwrap();
}

async fn text_of(client: &Client, css: &str) -> String {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} is not there: {e}"))
        .text()
        .await
        .unwrap()
}

/// The rendered text of every element `css` finds (empty for hidden ones, as WebDriver has it),
/// read in one script: a re-render between finding and reading cannot leave stale elements.
async fn texts(client: &Client, css: &str) -> Vec<String> {
    let answer = client
        .execute(
            "return Array.from(document.querySelectorAll(arguments[0]),
                (e) => (e.getClientRects().length ? e.innerText.trim() : ''));",
            vec![serde_json::json!(css)],
        )
        .await
        .unwrap();
    serde_json::from_value(answer).unwrap()
}

#[test]
#[ignore = "needs chromium and chromium-driver: cargo test --test browser -- --ignored"]
fn a_reader_searches_filters_and_opens_a_result() {
    // The shipped reference document, the fixtures of tests/fixtures/corpus and the notice of
    // tests/fixtures/formats in five formats, with its unreadable files in bad/: no ../shared.
    let dir = tempfile::TempDir::new().unwrap();
    let corpus = dir.path().join("corpus");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_reference(root, &corpus);
    copy_tree(&root.join("tests/fixtures/corpus"), &corpus);
    copy_formats(&root.join("tests/fixtures/formats"), &corpus);
    let (server, _driver, port) = serve(dir.path(), corpus);
    block_on(session(&server, port));
}

/// `corpus` indexed into `dir/index` and served on loopback, and a chromedriver to drive a
/// browser with; both stop when dropped.
fn serve(dir: &Path, corpus: PathBuf) -> (Background, Driver, u16) {
    let index_dir = dir.join("index");
    index::sync(&SyncOptions::new(&corpus, &index_dir), &NoProgress).unwrap();
    let server = Background::start(Config::loopback(corpus, index_dir)).unwrap();
    let (driver, port) = start_chromedriver();
    (server, driver, port)
}

fn block_on(session: impl std::future::Future<Output = ()>) {
    tokio::runtime::Runtime::new().unwrap().block_on(session);
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
/// The reference page of `corpus/` (the rest of the shipped library is not what these tests
/// count on).
fn copy_reference(root: &Path, corpus: &Path) {
    const REFERENCE: &str = "重庆高新区直管园2021年经济社会发展情况及2022年重点工作.txt";
    std::fs::create_dir_all(corpus).unwrap();
    std::fs::copy(root.join("corpus").join(REFERENCE), corpus.join(REFERENCE)).unwrap();
}

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
    assert_contrast(
        &client,
        "skipped files",
        &[
            ".skipped-box > summary",
            ".skipped-note",
            ".skipped-detail",
            EVERY_TEXT,
        ],
    )
    .await;

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
    click(&client, "#results .hit .hit-title").await;
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
    assert_contrast(&client, "no results", &[".empty-tips li", EVERY_TEXT]).await;

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
    assert_contrast(
        &client,
        "grouped",
        &[".group-count", ".group-more", EVERY_TEXT],
    )
    .await;

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
    assert_contrast(&client, "PDF reader", &[".page-label", EVERY_TEXT]).await;
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
    copy_reference(root, &corpus);
    copy_tree(&root.join("tests/fixtures/corpus"), &corpus);
    let (server, _driver, port) = serve(dir.path(), corpus);
    block_on(research_session(&server, port));
}

async fn research_session(server: &Background, port: u16) {
    let client = browser(port).await;

    // Two queries by region: an ECharts bar chart across the box's full width, the value
    // axis fitted to the data, the province tile map beside, the table under them.
    client
        .goto(&server.url("/?tool=trends&q=低空经济&q=科技创新&by=region"))
        .await
        .unwrap();
    wait_for(&client, "#trend-chart canvas").await;
    let chart = chart_facts(&client, "#trend-chart").await;
    assert_eq!(chart["series"], 2, "{chart}");
    assert!(
        chart["canvasWidth"].as_f64().unwrap() >= chart["boxWidth"].as_f64().unwrap() - 4.0,
        "the chart fills its box: {chart}"
    );
    assert!(
        chart["boxWidth"].as_f64().unwrap() >= chart["pageWidth"].as_f64().unwrap() * 0.8,
        "the box spans the page: {chart}"
    );
    assert!(
        chart["axisMax"].as_f64().unwrap() >= chart["dataMax"].as_f64().unwrap(),
        "no value above the top tick: {chart}"
    );
    assert!(chart["saveAsImage"].as_bool().unwrap(), "{chart}");
    let tiles = chart_facts(&client, "#tile-map-0").await;
    assert!(tiles["tiles"].as_u64().unwrap() >= 31, "{tiles}");
    let rows = texts(&client, "#trend-table tbody tr").await;
    assert!(rows.iter().any(|r| r.starts_with("东川")), "{rows:?}");
    let csv = client
        .find(Locator::Css(".tool-summary a.download"))
        .await
        .unwrap();
    assert!(attr(&csv, "href").await.contains("format=csv"));
    screenshot(&client, "9-trends-by-region.png").await;
    client
        .execute(
            "document.querySelector('#tile-map-0').scrollIntoView();",
            vec![],
        )
        .await
        .unwrap();
    screenshot(&client, "9b-tile-map.png").await;

    // A click on the first bar opens its hits: the query in that region.
    let (query, key) = click_first_mark(&client, "#trend-chart").await;
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

    // Lines by year, with synonyms counted: each variant in the summary.
    client
        .goto(&server.url("/?tool=trends&q=低空经济&by=year&synonyms=1"))
        .await
        .unwrap();
    wait_for(&client, "#trend-chart canvas").await;
    let chart = chart_facts(&client, "#trend-chart").await;
    assert_eq!(chart["type"], "line", "{chart}");
    assert!(
        chart["axisMax"].as_f64().unwrap() >= chart["dataMax"].as_f64().unwrap(),
        "{chart}"
    );
    let summary = text_of(&client, ".tool-summary").await;
    assert!(summary.contains("低空经济：共"), "{summary}");
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
    assert_contrast(
        &client,
        "compare",
        &[".pair-status", ".pair-removed .pair-text", EVERY_TEXT],
    )
    .await;

    client.close().await.unwrap();
}

/// A Chrome DevTools command, through chromedriver's `goog/cdp/execute` endpoint: what
/// WebDriver itself cannot do, such as emulating `prefers-reduced-motion`.
#[derive(Debug)]
struct DevTools {
    cmd: &'static str,
    params: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for DevTools {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = serde_json::json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

async fn emulate_reduced_motion(client: &Client, reduce: bool) {
    let value = if reduce { "reduce" } else { "no-preference" };
    client
        .issue_cmd(DevTools {
            cmd: "Emulation.setEmulatedMedia",
            params: serde_json::json!({
                "features": [{ "name": "prefers-reduced-motion", "value": value }]
            }),
        })
        .await
        .expect("emulating prefers-reduced-motion");
}

/// The id of the focused element, or its tag when it has none.
async fn focused(client: &Client) -> String {
    let element = client.active_element().await.unwrap();
    match element.attr("id").await.unwrap() {
        Some(id) if !id.is_empty() => id,
        _ => element.tag_name().await.unwrap(),
    }
}

/// The WCAG contrast of each visible element that `selectors` find: its text colour against the
/// first opaque background among it and its ancestors (a translucent text colour is blended onto
/// that background). Per selector: how many elements it found, and the worst of them.
const CONTRAST_JS: &str = r#"
function contrast(selectors) {
const parse = (css) => {
  const m = /^rgba?\(([^)]*)\)$/.exec(css);
  if (!m) throw new Error('not an rgb() colour: ' + css);
  const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
  return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
};
const luminance = (c) => {
  const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
};
const background = (e) => {
  for (let n = e; n; n = n.parentElement) {
    const c = parse(getComputedStyle(n).backgroundColor);
    if (c.a >= 1) return c;
  }
  return { r: 255, g: 255, b: 255, a: 1 }; // the canvas
};
const ratio = (e, pseudo) => {
  const bg = background(e);
  const fg = parse(getComputedStyle(e, pseudo).color);
  const mix = (k) => fg[k] * fg.a + bg[k] * (1 - fg.a);
  const text = { r: mix('r'), g: mix('g'), b: mix('b') };
  const [hi, lo] = [luminance(text), luminance(bg)].sort((x, y) => y - x);
  return { ratio: (hi + 0.05) / (lo + 0.05), color: getComputedStyle(e, pseudo).color, background: `rgb(${bg.r}, ${bg.g}, ${bg.b})` };
};
return selectors.map((selector) => {
  // `input::placeholder`: the placeholders of the inputs `input` finds.
  const pseudo = selector.endsWith('::placeholder') ? '::placeholder' : null;
  const base = pseudo ? selector.slice(0, -pseudo.length) : selector;
  const text = (e) => (pseudo ? e.placeholder || '' : e.textContent).trim();
  const shown = Array.from(document.querySelectorAll(base)).filter((e) =>
    e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden' && text(e) !== '');
  let worst = null;
  for (const e of shown) {
    const r = ratio(e, pseudo);
    if (!worst || r.ratio < worst.ratio) {
      worst = Object.assign(r, { element: `${e.tagName.toLowerCase()}.${e.className}`, text: text(e).slice(0, 30) });
    }
  }
  return { selector, found: shown.length, worst };
});
}
"#;

/// Every element on the page: whatever the named selectors leave out.
const EVERY_TEXT: &str = "body *";

/// Every selector finds visible text, and all of it has a contrast of at least 4.5:1 (WCAG AA
/// for normal text).
async fn assert_contrast(client: &Client, view: &str, selectors: &[&str]) {
    let answer = client
        .execute(
            &format!("{CONTRAST_JS} return contrast(arguments[0]);"),
            vec![serde_json::json!(selectors)],
        )
        .await
        .unwrap();
    for row in answer.as_array().unwrap() {
        let selector = row["selector"].as_str().unwrap();
        assert!(
            row["found"].as_u64().unwrap() > 0,
            "{view}: {selector} finds no visible text to check"
        );
        let ratio = row["worst"]["ratio"].as_f64().unwrap();
        assert!(
            ratio >= 4.5,
            "{view}: {selector} has a contrast of {ratio:.2}:1, below 4.5:1: {}",
            row["worst"]
        );
    }
}

/// The shipped report and two 公文 written here: a 通知 that issues a 办法 of numbered articles,
/// and an 意见 of another issuer. Their kinds, issuers and numbers are what the parser reads
/// from such texts (tests/integration checks that side).
fn official_corpus(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_reference(root, &corpus);
    std::fs::create_dir_all(corpus.join("公文")).unwrap();
    std::fs::write(corpus.join("公文/扶持办法的通知.txt"), MEASURES_NOTICE).unwrap();
    std::fs::write(corpus.join("公文/低空经济意见.txt"), OPINION).unwrap();
    std::fs::write(corpus.join("公文/奖励申报函.txt"), LETTER).unwrap();
    corpus
}

/// Cites the notice by its number (in another bracket style), so the notice's reader links it.
const LETTER: &str = "南湖市财政局关于做好企业奖励申报工作的函
各区县财政局：
根据南府办发[2026]3号文件精神，请做好企业奖励申报工作。
南湖市财政局
2026年3月5日
";

const MEASURES_NOTICE: &str = "南湖市人民政府办公厅关于印发南湖市低空经济产业扶持办法的通知
南府办发〔2026〕3号
各区县人民政府，市政府各部门：
《南湖市低空经济产业扶持办法》已经市政府同意，现印发给你们，请认真贯彻执行。
南湖市人民政府办公厅
2026年2月10日
南湖市低空经济产业扶持办法
第一章 总则
第一条 为促进低空经济高质量发展，制定本办法。
第二条 本办法适用于本市行政区域内从事低空经济的企业。
第二章 扶持措施
第三条 对新落户的低空经济企业，给予一次性奖励。
第四条 支持企业建设低空经济试验场地。
";

const OPINION: &str = "东川省人民政府关于加快发展低空经济的意见
东政发〔2026〕7号
各市、县人民政府，省政府各部门：
为加快发展低空经济，提出如下意见。
一、总体要求
坚持创新驱动，培育低空经济新业态。
二、重点任务
（一）完善基础设施。建设低空经济起降场地。
东川省人民政府
2026年3月1日
";

#[test]
#[ignore = "needs chromium and chromium-driver: cargo test --test browser -- --ignored"]
fn a_researcher_filters_by_kind_and_issuer_and_cites_an_article() {
    let dir = tempfile::TempDir::new().unwrap();
    let (server, _driver, port) = serve(dir.path(), official_corpus(dir.path()));
    block_on(kinds_session(&server, port));
}

/// Waits until the reader shows the document titled `title`.
async fn wait_for_title(client: &Client, title: &str) {
    let started = Instant::now();
    loop {
        if text_of(client, "#reader-title").await == title {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the reader shows {title}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until every hit's title is `title`, and returns the status line then.
async fn wait_for_hits_of(client: &Client, title: &str) -> String {
    let started = Instant::now();
    loop {
        let titles = texts(client, "#results .hit .hit-title").await;
        if !titles.is_empty() && titles.iter().all(|t| t == title) {
            return text_of(client, "#status").await;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "filtered to {title}: {titles:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the URL's query contains `part`.
async fn wait_for_url(client: &Client, part: &str) {
    let started = Instant::now();
    loop {
        let url = client.current_url().await.unwrap();
        if url.query().unwrap_or("").contains(part) {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{part} in the URL: {url}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The facet button of `value` in the group `kind`, with its count.
async fn facet(client: &Client, kind: &str, value: &str) -> (fantoccini::elements::Element, u64) {
    let css = format!("#facets .facet[data-kind={kind}][data-value=\"{value}\"]");
    let button = wait_for(client, &css).await;
    let count = button
        .find(Locator::Css(".facet-count"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    (button, count.parse().unwrap())
}

async fn kinds_session(server: &Background, port: u16) {
    let client = browser(port).await;
    let notice = "南湖市人民政府办公厅关于印发南湖市低空经济产业扶持办法的通知";
    let opinion = "东川省人民政府关于加快发展低空经济的意见";

    // The list says what each 公文 is: 文种 · 发文机关 · 发文字号.
    client.goto(&server.url("/")).await.unwrap();
    wait_for(&client, "#doc-list .doc-item").await;
    let items = texts(&client, "#doc-list .doc-item").await;
    let item = items
        .iter()
        .find(|t| t.contains(notice))
        .unwrap_or_else(|| panic!("the notice is listed: {items:?}"));
    assert!(
        item.contains("通知 · 南湖市人民政府办公厅 · 南府办发〔2026〕3号"),
        "{item}"
    );
    // The help lists the syntax of kinds, issuers and articles.
    click(&client, "#help-toggle").await;
    let syntax = texts(&client, "#help .syntax code").await;
    for code in [
        "kind:办法",
        "文种:办法",
        "issuer:国务院办公厅",
        "发文机关:国务院办公厅",
        "article:12",
        "条:12",
        "第十二条",
    ] {
        assert!(
            syntax.iter().any(|c| c == code),
            "{code} in the help: {syntax:?}"
        );
    }
    screenshot(&client, "12-home-help.png").await;

    // A search: 文种 and 发文机关 facets with counts, the article hit with its citation.
    client
        .goto(&server.url("/?q=%E4%BD%8E%E7%A9%BA%E7%BB%8F%E6%B5%8E"))
        .await
        .unwrap();
    wait_for(&client, "#results .hit").await;
    let headings = texts(&client, "#facets .facet-group h3").await;
    assert!(
        headings.iter().any(|h| h == "文种") && headings.iter().any(|h| h == "发文机关"),
        "{headings:?}"
    );
    let citations = texts(&client, "#results .hit-citation").await;
    assert!(
        citations
            .iter()
            .any(|c| c == "《南湖市低空经济产业扶持办法》第四条"),
        "the article's citation: {citations:?}"
    );
    let (_, notices) = facet(&client, "kind", "通知").await;
    assert!(
        notices >= 2,
        "the notice's paragraphs under 通知: {notices}"
    );

    // Clicking 意见 keeps the opinion's paragraphs only, as many as the facet counted.
    let (button, count) = facet(&client, "kind", "意见").await;
    button.click().await.unwrap();
    let status = wait_for_hits_of(&client, opinion).await;
    assert!(status.starts_with(&format!("共 {count} 段")), "{status}");
    let chip = wait_for(&client, "#active-filters .chip").await;
    assert_eq!(squeezed(&chip.text().await.unwrap()), "文种意见×");
    let url = client.current_url().await.unwrap();
    assert!(url.query().unwrap_or("").contains("kind="), "{url}");
    let (active, _) = facet(&client, "kind", "意见").await;
    assert_eq!(attr(&active, "aria-pressed").await, "true");
    screenshot(&client, "13-results-kind.png").await;

    // The chip undoes it; then the issuer facet filters the same way.
    chip.click().await.unwrap();
    let started = Instant::now();
    while !client
        .find_all(Locator::Css("#active-filters .chip"))
        .await
        .unwrap()
        .is_empty()
    {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the chip clears the filter"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (button, count) = facet(&client, "issuer", "南湖市人民政府办公厅").await;
    button.click().await.unwrap();
    let status = wait_for_hits_of(&client, notice).await;
    assert!(status.starts_with(&format!("共 {count} 段")), "{status}");
    let chips = texts(&client, "#active-filters .chip").await;
    assert_eq!(
        chips.iter().map(|c| squeezed(c)).collect::<Vec<_>>(),
        ["发文机关南湖市人民政府办公厅×"]
    );

    // The syntax typed in the box: 文种 in Chinese, and an article by its number.
    client
        .goto(&server.url(
            "/?q=%E6%96%87%E7%A7%8D%3A%E6%84%8F%E8%A7%81+%E4%BD%8E%E7%A9%BA%E7%BB%8F%E6%B5%8E",
        ))
        .await
        .unwrap();
    wait_for_hits_of(&client, opinion).await;
    client.goto(&server.url("/?q=article%3A3")).await.unwrap();
    wait_for(&client, "#results .hit").await;
    let citations = texts(&client, "#results .hit-citation").await;
    assert_eq!(citations, ["《南湖市低空经济产业扶持办法》第三条"]);
    screenshot(&client, "14-results-article.png").await;

    // The reader's head: 文种, 发文机关 and 发文字号 first.
    let hit = client
        .find(Locator::Css("#results .hit .hit-title"))
        .await
        .unwrap();
    hit.click().await.unwrap();
    wait_for(&client, "#reader-text .para.target").await;
    let rows = texts(&client, "#reader-meta .meta-row").await;
    assert_eq!(
        rows.iter().take(3).map(|r| squeezed(r)).collect::<Vec<_>>(),
        [
            "文种通知",
            "发文机关南湖市人民政府办公厅",
            "发文字号南府办发〔2026〕3号"
        ]
    );
    // The selected article says how to cite it; the letter that cites the notice's number is
    // among its related documents, and opens.
    let citation = text_of(&client, "#reader-text .para.target .para-citation").await;
    assert_eq!(citation, "引用：《南湖市低空经济产业扶持办法》第三条");
    let related = texts(&client, "#related .related-item").await;
    assert_eq!(
        related.iter().map(|r| squeezed(r)).collect::<Vec<_>>(),
        ["引用本文文号南湖市财政局关于做好企业奖励申报工作的函2026-03-05"]
    );
    client
        .execute("window.scrollTo(0, 0);", vec![])
        .await
        .unwrap();
    screenshot(&client, "15-reader-notice.png").await;
    click(&client, "#related .related-item a").await;
    wait_for_title(&client, "南湖市财政局关于做好企业奖励申报工作的函").await;
    let back = texts(&client, "#related .related-item").await;
    assert!(
        back.iter()
            .any(|r| squeezed(r).starts_with("本文引用其文号南湖市人民政府办公厅关于印发")),
        "{back:?}"
    );
    client.back().await.unwrap();
    wait_for_title(&client, notice).await;

    // On a phone the facets fold into 筛选, the 文种 and 发文机关 groups among them.
    client.set_window_size(390, 844).await.unwrap();
    client
        .goto(&server.url("/?q=%E4%BD%8E%E7%A9%BA%E7%BB%8F%E6%B5%8E&kind=%E9%80%9A%E7%9F%A5"))
        .await
        .unwrap();
    wait_for_hits_of(&client, notice).await;
    let summary = wait_for(&client, "#facets-box > summary").await;
    summary.click().await.unwrap();
    let (active, _) = facet(&client, "kind", "通知").await;
    assert!(active.is_displayed().await.unwrap());
    screenshot(&client, "16-phone-facets.png").await;

    client.close().await.unwrap();
}

#[test]
#[ignore = "needs chromium and chromium-driver: cargo test --test browser -- --ignored"]
fn the_page_serves_keyboards_screen_readers_and_weak_eyes() {
    let dir = tempfile::TempDir::new().unwrap();
    let (server, _driver, port) = serve(dir.path(), official_corpus(dir.path()));
    block_on(access_session(&server, port));
}

async fn access_session(server: &Background, port: u16) {
    let client = browser(port).await;
    client.goto(&server.url("/")).await.unwrap();
    wait_for(&client, "#doc-list .doc-item").await;

    // The contrast check itself tells a faint grey from a dark one.
    let probe = client
        .execute(
            &format!(
                "const p = document.createElement('p'); p.id = 'probe'; p.textContent = '浅灰';
                 p.style.color = '#98a2b3'; document.body.append(p);
                 {CONTRAST_JS}
                 const answer = contrast(['#probe']);
                 p.remove(); return answer;"
            ),
            vec![],
        )
        .await
        .unwrap();
    let ratio = probe[0]["worst"]["ratio"].as_f64().unwrap();
    assert!((ratio - 2.58).abs() < 0.01, "#98a2b3 on white: {ratio}");

    // The help toggle is a button that says whether the panel is open.
    let toggle = client.find(Locator::Css("#help-toggle")).await.unwrap();
    assert_eq!(toggle.tag_name().await.unwrap(), "button");
    assert_eq!(attr(&toggle, "type").await, "button");
    assert_eq!(attr(&toggle, "aria-controls").await, "help");
    assert_eq!(attr(&toggle, "aria-expanded").await, "false");
    assert!(
        toggle.attr("role").await.unwrap().is_none(),
        "a button needs no role"
    );
    toggle.click().await.unwrap();
    assert_eq!(attr(&toggle, "aria-expanded").await, "true");
    assert!(wait_for(&client, "#help")
        .await
        .is_displayed()
        .await
        .unwrap());
    assert_contrast(
        &client,
        "home",
        &[
            ".site-footer",
            ".intro p",
            ".example",
            "#doc-count",
            ".doc-meta",
            ".doc-facts",
            ".format-badge",
            ".help-toggle",
            ".help-note",
            ".syntax td",
            ".syntax code",
            ".brand",
            "input::placeholder",
            EVERY_TEXT,
        ],
    )
    .await;
    // Escape closes the panel and hands the focus back to its toggle.
    let input = client.find(Locator::Css("#analyze-input")).await.unwrap();
    input.click().await.unwrap();
    input
        .send_keys(&fantoccini::key::Key::Escape.to_string())
        .await
        .unwrap();
    assert_eq!(attr(&toggle, "aria-expanded").await, "false");
    assert!(!client
        .find(Locator::Css("#help"))
        .await
        .unwrap()
        .is_displayed()
        .await
        .unwrap());
    assert_eq!(focused(&client).await, "help-toggle");

    // A search moves the focus to the status line, which is a polite live region.
    let q = client.find(Locator::Css("#q")).await.unwrap();
    q.click().await.unwrap();
    q.send_keys("低空经济\n").await.unwrap();
    wait_for(&client, "#results .hit").await;
    let status = client.find(Locator::Css("#status")).await.unwrap();
    assert_eq!(attr(&status, "aria-live").await, "polite");
    assert_eq!(attr(&status, "tabindex").await, "-1");
    assert_eq!(focused(&client).await, "status");
    let (button, _) = facet(&client, "kind", "通知").await;
    button.click().await.unwrap();
    wait_for(&client, "#active-filters .chip").await;
    assert_contrast(
        &client,
        "results",
        &[
            "#status",
            ".hit-title",
            ".hit-date",
            ".hit-para",
            ".hit-section",
            ".hit-citation",
            ".hit-similar",
            ".facet-group h3",
            ".facet-label",
            ".facet-count",
            ".facet.active .facet-count",
            ".chip-key",
            ".chip-value",
            ".chip-x",
            ".format-badge",
            ".sort-label",
            ".view-toggle button",
            ".search-tools a",
            ".site-footer",
            EVERY_TEXT,
        ],
    )
    .await;
    // Controls that stay in place keep the focus: the sort menu stepped through with the arrow
    // keys, the view toggle.
    let sort = client.find(Locator::Css("#sort")).await.unwrap();
    client
        .execute("document.getElementById('sort').focus();", vec![])
        .await
        .unwrap();
    sort.send_keys(&fantoccini::key::Key::Down.to_string())
        .await
        .unwrap();
    wait_for_url(&client, "sort=date").await;
    wait_for(&client, ".results-col:not(.is-loading) #results .hit").await;
    assert_eq!(focused(&client).await, "sort");
    let grouped = client
        .find(Locator::Css("#view-toggle button[data-view=doc]"))
        .await
        .unwrap();
    grouped.click().await.unwrap();
    wait_for(&client, "#results .group").await;
    let element = client.active_element().await.unwrap();
    assert_eq!(attr(&element, "data-view").await, "doc");
    click(&client, "#view-toggle button[data-view=para]").await;
    wait_for(&client, "#results .hit").await;

    // Opening a hit moves it to the reader's title; back, to the status again.
    click(&client, "#results .hit .hit-title").await;
    wait_for(&client, "#reader-text .para.target").await;
    assert_eq!(focused(&client).await, "reader-title");
    assert_contrast(
        &client,
        "reader",
        &[
            ".para-num",
            ".para.target .para-num",
            ".para-text",
            ".meta-row dt",
            ".meta-row dd",
            ".match-count",
            ".outline-item a",
            ".reader-back",
            ".original-link",
            EVERY_TEXT,
        ],
    )
    .await;
    client.back().await.unwrap();
    wait_for(&client, "#results .hit").await;
    let started = Instant::now();
    while focused(&client).await != "status" {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the focus returns to the status"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The brand link leads home, focus on its heading; the trends link, on the view's heading.
    click(&client, ".brand").await;
    wait_for(&client, "#doc-list .doc-item").await;
    assert_eq!(focused(&client).await, "home-title");
    click(&client, "#tool-trends").await;
    wait_for(&client, "#research .tool-title").await;
    let heading = client.active_element().await.unwrap();
    assert_eq!(heading.text().await.unwrap(), "词频趋势");
    assert_contrast(
        &client,
        "trends",
        &[
            ".tool-title",
            "#research .muted",
            ".site-footer",
            EVERY_TEXT,
        ],
    )
    .await;

    // Smooth scrolling only without a wish for less motion: the outline's links scroll the
    // reader smoothly by default and jump when reduced motion is asked for, with no fade either.
    let reader = "/?read=1&doc=%E5%85%AC%E6%96%87%2F%E6%89%B6%E6%8C%81%E5%8A%9E%E6%B3%95%E7%9A%84%E9%80%9A%E7%9F%A5.txt";
    for reduce in [false, true] {
        emulate_reduced_motion(&client, reduce).await;
        client.goto(&server.url(reader)).await.unwrap();
        wait_for(&client, "#outline a").await;
        let answer = client
            .execute(
                "const calls = [];
                 const original = Element.prototype.scrollIntoView;
                 Element.prototype.scrollIntoView = function (options) { calls.push(options); };
                 document.querySelectorAll('#outline a')[1].click();
                 Element.prototype.scrollIntoView = original;
                 return {
                   reduce: matchMedia('(prefers-reduced-motion: reduce)').matches,
                   behaviors: calls.map((o) => (o && o.behavior) || 'auto'),
                   html: getComputedStyle(document.documentElement).scrollBehavior,
                   para: getComputedStyle(document.querySelector('.para')).scrollBehavior,
                   fade: getComputedStyle(document.querySelector('.results-col')).transitionDuration,
                 };",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(answer["reduce"], reduce, "{answer}");
        let expected = if reduce { "auto" } else { "smooth" };
        assert_eq!(
            answer["behaviors"],
            serde_json::json!([expected]),
            "{answer}"
        );
        assert_eq!(answer["html"], "auto", "{answer}");
        assert_eq!(answer["para"], "auto", "{answer}");
        assert_eq!(answer["fade"] == "0s", reduce, "{answer}");
    }

    client.close().await.unwrap();
}
