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
    // The shipped reference document and the fixtures of tests/fixtures/corpus: no ../shared.
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
    runtime.block_on(session(&server, port));
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

    // Type a query and submit it like a person.
    let q = client.find(Locator::Css("#q")).await.unwrap();
    q.send_keys("低空经济\n").await.unwrap();
    wait_for(&client, "#results .hit .hit-snippet mark").await;
    let marks = texts(&client, "#results .hit-snippet mark").await;
    assert!(
        !marks.is_empty() && marks.iter().all(|m| m == "低空经济"),
        "highlighted: {marks:?}"
    );
    let status = client
        .find(Locator::Css("#status"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
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
    let title = client
        .find(Locator::Css("#reader-title"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
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
    let groups = texts(&client, "#results .group .group-title").await;
    let unique: std::collections::BTreeSet<_> = groups.iter().collect();
    assert_eq!(
        unique.len(),
        groups.len(),
        "one row per document: {groups:?}"
    );
    screenshot(&client, "6-grouped.png").await;

    client.close().await.unwrap();
}
