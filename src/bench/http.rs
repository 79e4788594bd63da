//! HTTP load: the real server on loopback, concurrent keep-alive clients, bounded in requests and
//! time. The client is a few dozen lines of HTTP/1.1 over tokio's `TcpStream`, on one thread of
//! its own, so that the server keeps the rest of the machine.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::query::{query_sets, LatencyStats};
use crate::error::{Error, Result};
use crate::index::{self, NoProgress, SyncOptions};
use crate::server::{Background, Config};

/// The longest one request may take before it counts as an error.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone)]
pub struct HttpOptions {
    pub corpus: PathBuf,
    pub index: PathBuf,
    pub queries: Option<PathBuf>,
    pub clients: usize,
    pub requests: usize,
    pub duration: Duration,
    /// Load runs against the same server; the report is the run with the median rate.
    pub runs: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct HttpReport {
    pub paragraphs: u64,
    pub clients: usize,
    pub requests: usize,
    pub errors: usize,
    /// The first error seen, if any.
    pub first_error: Option<String>,
    pub seconds: f64,
    pub requests_per_s: f64,
    pub latency: LatencyStats,
    pub mean_response_bytes: f64,
    /// Requests per second of every run, in order (the report above is the median run's).
    pub runs_requests_per_s: Vec<f64>,
}

/// Starts the server over `options.index` (building it when missing) and loads it.
pub fn run(options: &HttpOptions) -> Result<HttpReport> {
    if !index::exists(&options.index) {
        index::sync(
            &SyncOptions::new(&options.corpus, &options.index),
            &NoProgress,
        )?;
    }
    let server = Background::start(Config::loopback(&options.corpus, &options.index))?;
    let paragraphs = server.state.engine.paragraph_count();
    let paths: Vec<String> = query_sets(options.queries.as_deref())?
        .into_iter()
        .flat_map(|(_, qs)| qs)
        .map(|q| format!("/api/search?q={}", percent_encode(&q)))
        .collect();
    let mut reports = Vec::new();
    for _ in 0..options.runs.max(1) {
        reports.push(load(server.addr, paths.clone(), options)?);
    }
    drop(server);
    let rates: Vec<f64> = reports.iter().map(|r| r.requests_per_s).collect();
    // The run with the median rate, so that its latencies and errors are one run's.
    reports.sort_by(|a, b| a.requests_per_s.total_cmp(&b.requests_per_s));
    let errors: usize = reports.iter().map(|r| r.errors).sum();
    let first_error = reports.iter().find_map(|r| r.first_error.clone());
    let mut report = reports.swap_remove((reports.len() - 1) / 2);
    report.paragraphs = paragraphs;
    report.runs_requests_per_s = rates;
    // An error in any run counts.
    report.errors = errors;
    report.first_error = first_error;
    Ok(report)
}

/// Sends requests for `paths` (in turn) from `options.clients` connections.
pub fn load(addr: SocketAddr, paths: Vec<String>, options: &HttpOptions) -> Result<HttpReport> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::io("starting the client runtime", e))?;
    let paths = Arc::new(paths);
    let next = Arc::new(AtomicUsize::new(0));
    let clients = options.clients.max(1);
    let limit = options.requests.max(1);
    let deadline = Instant::now() + options.duration;
    let started = Instant::now();
    let results: Vec<ClientStats> = runtime.block_on(async {
        let tasks: Vec<_> = (0..clients)
            .map(|_| tokio::spawn(client(addr, paths.clone(), next.clone(), limit, deadline)))
            .collect();
        let mut out = Vec::new();
        for t in tasks {
            out.push(t.await.unwrap_or_default());
        }
        out
    });
    let seconds = started.elapsed().as_secs_f64();
    let mut latencies = Vec::new();
    let mut errors = 0;
    let mut bytes = 0u64;
    let mut first_error = None;
    for r in results {
        latencies.extend(r.latencies_ms);
        errors += r.errors;
        bytes += r.bytes;
        first_error = first_error.or(r.first_error);
    }
    let ok = latencies.len();
    Ok(HttpReport {
        paragraphs: 0,
        clients,
        requests: ok + errors,
        errors,
        first_error,
        seconds,
        requests_per_s: ok as f64 / seconds,
        latency: LatencyStats::of(&latencies),
        mean_response_bytes: if ok == 0 {
            0.0
        } else {
            bytes as f64 / ok as f64
        },
        runs_requests_per_s: Vec::new(),
    })
}

#[derive(Debug, Default)]
struct ClientStats {
    latencies_ms: Vec<f64>,
    errors: usize,
    bytes: u64,
    first_error: Option<String>,
}

async fn client(
    addr: SocketAddr,
    paths: Arc<Vec<String>>,
    next: Arc<AtomicUsize>,
    limit: usize,
    deadline: Instant,
) -> ClientStats {
    let mut stats = ClientStats::default();
    let mut conn: Option<Connection> = None;
    loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        if i >= limit || Instant::now() >= deadline {
            break;
        }
        let path = &paths[i % paths.len()];
        let started = Instant::now();
        let result = match conn.take() {
            Some(c) => Ok(c),
            None => Connection::open(addr).await,
        };
        let result = match result {
            Ok(mut c) => match tokio::time::timeout(REQUEST_TIMEOUT, c.get(path)).await {
                Ok(Ok(n)) => {
                    conn = Some(c);
                    Ok(n)
                }
                Ok(Err(e)) => Err(e),
                Err(_) => Err("timed out".to_string()),
            },
            Err(e) => Err(e),
        };
        match result {
            Ok(n) => {
                stats
                    .latencies_ms
                    .push(started.elapsed().as_secs_f64() * 1e3);
                stats.bytes += n as u64;
            }
            Err(e) => {
                stats.errors += 1;
                stats.first_error.get_or_insert(format!("{path}: {e}"));
            }
        }
    }
    stats
}

/// One keep-alive connection.
struct Connection {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Connection {
    async fn open(addr: SocketAddr) -> std::result::Result<Connection, String> {
        let stream = TcpStream::connect(addr)
            .await
            .map_err(|e| format!("connect: {e}"))?;
        let _ = stream.set_nodelay(true);
        Ok(Connection {
            stream,
            buf: Vec::with_capacity(16 * 1024),
        })
    }

    /// GET `path`; the body's length when the status is 200.
    async fn get(&mut self, path: &str) -> std::result::Result<usize, String> {
        let request =
            format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n");
        self.stream
            .write_all(request.as_bytes())
            .await
            .map_err(|e| format!("write: {e}"))?;
        self.buf.clear();
        let header_end = loop {
            if let Some(at) = find(&self.buf, b"\r\n\r\n") {
                break at + 4;
            }
            self.fill().await?;
        };
        let head = String::from_utf8_lossy(&self.buf[..header_end]).into_owned();
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse::<u16>().ok())
            .ok_or("no status line")?;
        let header = |name: &str| {
            head.lines().find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.trim()
                    .eq_ignore_ascii_case(name)
                    .then(|| v.trim().to_string())
            })
        };
        let length = if let Some(len) = header("content-length") {
            let len: usize = len.parse().map_err(|_| "bad content-length")?;
            while self.buf.len() < header_end + len {
                self.fill().await?;
            }
            len
        } else if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
            self.read_chunked(header_end).await?
        } else {
            return Err("response without a length".into());
        };
        if status != 200 {
            let body = String::from_utf8_lossy(&self.buf[header_end..]);
            return Err(format!(
                "status {status}: {}",
                body.chars().take(200).collect::<String>()
            ));
        }
        Ok(length)
    }

    async fn read_chunked(&mut self, mut at: usize) -> std::result::Result<usize, String> {
        let mut total = 0;
        loop {
            let line_end = loop {
                if let Some(i) = find(&self.buf[at..], b"\r\n") {
                    break at + i;
                }
                self.fill().await?;
            };
            let size_text = String::from_utf8_lossy(&self.buf[at..line_end]).into_owned();
            let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
                .map_err(|_| "bad chunk size")?;
            let chunk_end = line_end + 2 + size + 2;
            while self.buf.len() < chunk_end {
                self.fill().await?;
            }
            total += size;
            at = chunk_end;
            if size == 0 {
                return Ok(total);
            }
        }
    }

    async fn fill(&mut self) -> std::result::Result<(), String> {
        let mut chunk = [0u8; 16 * 1024];
        let n = self
            .stream
            .read(&mut chunk)
            .await
            .map_err(|e| format!("read: {e}"))?;
        if n == 0 {
            return Err("connection closed".into());
        }
        self.buf.extend_from_slice(&chunk[..n]);
        Ok(())
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl fmt::Display for HttpReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "HTTP GET /api/search over {} paragraphs, {} keep-alive clients on loopback:",
            self.paragraphs, self.clients
        )?;
        writeln!(
            f,
            "{} requests in {:.1} s: {:.0} requests/s, {} errors; latency median {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms; {:.0} bytes per response",
            self.requests,
            self.seconds,
            self.requests_per_s,
            self.errors,
            self.latency.median_ms,
            self.latency.p95_ms,
            self.latency.p99_ms,
            self.latency.max_ms,
            self.mean_response_bytes
        )?;
        if self.runs_requests_per_s.len() > 1 {
            let rates: Vec<String> = self
                .runs_requests_per_s
                .iter()
                .map(|r| format!("{r:.0}"))
                .collect();
            writeln!(
                f,
                "(the run with the median rate of {} runs: {} requests/s; errors are those of all runs)",
                rates.len(),
                rates.join(", ")
            )?;
        }
        if let Some(e) = &self.first_error {
            writeln!(f, "first error: {e}")?;
        }
        Ok(())
    }
}
