//! End-to-end in headless Chromium: a person searching, filtering and reading.
//!
//! Needs Debian's `chromium` and `chromium-driver`; run with
//! `cargo test --test browser -- --ignored` (`.ci/run` installs both and runs it).
//! Screenshots land in `target/screenshots/`.
//!
//! This file starts the server, chromedriver and the browser; the sessions are by topic:
//! reading.rs (searching, filtering, reading), research.rs (trends, comparing), kinds.rs (公文 by
//! kind and issuer, citing an article), laws.rs (a law's versions and 新旧对照), access.rs
//! (keyboard, screen reader, contrast, motion).
//! page.rs reads and waits on the page; corpora.rs puts together what is indexed.

mod access;
mod corpora;
mod kinds;
mod laws;
mod page;
mod reading;
mod research;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
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
