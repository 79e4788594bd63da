//! HTTP load: the real server on loopback, concurrent keep-alive clients, bounded in requests and
//! time. The clients are hyper's (HTTP/1.1, a pool of kept-alive connections) on a runtime of
//! one thread of its own, so that the server keeps the rest of the machine.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper::StatusCode;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;

use crate::query::{query_sets, LatencyStats};
use policy_search::error::{Error, Result};
use policy_search::index::{self, NoProgress, SyncOptions};
use policy_search::server::{Background, Config};

/// The longest one request of the load may take before it counts as an error.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, clap::Args)]
pub struct HttpOptions {
    #[arg(long)]
    pub corpus: PathBuf,
    /// Index folder (built from the corpus when missing).
    #[arg(long)]
    pub index: PathBuf,
    /// Queries, one a line (# comments); the built-in sets are added.
    #[arg(long)]
    pub queries: Option<PathBuf>,
    /// Concurrent clients, each with at most one request in flight.
    #[arg(long, default_value_t = 32)]
    pub clients: usize,
    /// Stop after this many requests…
    #[arg(long, default_value_t = 100_000)]
    pub requests: usize,
    /// …or after this many seconds.
    #[arg(long, default_value_t = 10.0)]
    pub seconds: f64,
    /// Load runs against the same server (the run with the median rate is reported).
    #[arg(long, default_value_t = 3)]
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
    let base = format!("http://{addr}");
    let deadline = Instant::now() + Duration::from_secs_f64(options.seconds.max(0.0));
    let started = Instant::now();
    let results: Vec<ClientStats> = runtime.block_on(async {
        let http = client_for_loopback();
        let tasks: Vec<_> = (0..clients)
            .map(|_| {
                tokio::spawn(client(
                    http.clone(),
                    base.clone(),
                    paths.clone(),
                    next.clone(),
                    limit,
                    deadline,
                ))
            })
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

/// One of the load's clients: takes the next request of the run until the count or the time
/// is up; the pooled client gives it a kept-alive connection (a new one after an error).
async fn client(
    http: Client,
    base: String,
    paths: Arc<Vec<String>>,
    next: Arc<AtomicUsize>,
    limit: usize,
    deadline: Instant,
) -> ClientStats {
    let mut stats = ClientStats::default();
    loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        if i >= limit || Instant::now() >= deadline {
            break;
        }
        let path = &paths[i % paths.len()];
        let started = Instant::now();
        match get(&http, &format!("{base}{path}"), REQUEST_TIMEOUT).await {
            Ok(body) => {
                stats
                    .latencies_ms
                    .push(started.elapsed().as_secs_f64() * 1e3);
                stats.bytes += body.len() as u64;
            }
            Err(e) => {
                stats.errors += 1;
                stats.first_error.get_or_insert(format!("{path}: {e}"));
            }
        }
    }
    stats
}

/// hyper's pooled HTTP/1.1 client (keep-alive connections, reused between requests).
pub type Client = hyper_util::client::legacy::Client<HttpConnector, Empty<Bytes>>;

/// A client for the server on loopback: keep-alive, no Nagle delay (small requests and
/// responses would otherwise wait for each other's acknowledgements).
pub fn client_for_loopback() -> Client {
    let mut connector = HttpConnector::new();
    connector.set_nodelay(true);
    hyper_util::client::legacy::Client::builder(TokioExecutor::new()).build(connector)
}

/// GET `url`; the whole body when the status is 200, else what went wrong (a status other
/// than 200 with the start of its body, a broken connection, or no whole answer within
/// `timeout`).
pub async fn get(
    http: &Client,
    url: &str,
    timeout: Duration,
) -> std::result::Result<Bytes, String> {
    let uri: hyper::Uri = url.parse().map_err(|e| format!("bad URL {url}: {e}"))?;
    let exchange = async {
        let response = http.get(uri).await.map_err(|e| e.to_string())?;
        let status = response.status();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| format!("reading the body: {e}"))?
            .to_bytes();
        if status != StatusCode::OK {
            let text = String::from_utf8_lossy(&body);
            return Err(format!(
                "status {}: {}",
                status.as_u16(),
                text.chars().take(200).collect::<String>()
            ));
        }
        Ok(body)
    };
    tokio::time::timeout(timeout, exchange)
        .await
        .map_err(|_| "timed out".to_string())?
}

/// A query string's value: everything but unreserved characters (RFC 3986) percent-encoded.
pub fn percent_encode(s: &str) -> String {
    const RESERVED: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    utf8_percent_encode(s, RESERVED).to_string()
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
