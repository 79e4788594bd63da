//! The HTTP server: the JSON API, the admin API and the embedded web UI.
//!
//! ```text
//! GET    /api/search?q=&limit=&offset=&doc=&section=&from=&to=&sort=relevance|date&group=doc
//! GET    /api/docs                 documents with title, date, source, paragraph count
//! GET    /api/docs/{id}?q=         one document: metadata, paragraphs (highlighted for q)
//! GET    /api/docs/{id}/original   the file as stored (PDF, DOCX, …), for citing and reading
//! GET    /api/analyze?text=        how a text is folded, segmented and indexed
//! GET    /api/trends, /api/compare, /api/similar, /feed   research tools (see research.rs)
//! POST   /api/documents            upload a document (admin)
//! DELETE /api/documents/{id}       remove a document (admin)
//! POST   /api/reindex              incremental reindex (admin)
//! GET    /  /app.js  /style.css    the web UI (app.js imports the other scripts, see assets.rs)
//! ```

mod admin;
mod api;
mod assets;
mod changes;
mod error;
mod research;
mod state;
mod watch;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::routing::{delete, get, post};
use axum::Router;

use crate::error::{Error, Result};
pub use error::ApiError;
pub use state::{AppState, Config, MAX_UPLOAD_BYTES};

/// The application's routes over shared state.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(assets::index_html))
        .merge(assets::scripts())
        .route("/style.css", get(assets::style_css))
        .route(assets::ECHARTS_PATH, get(assets::echarts_js))
        .route("/api/search", get(api::search))
        .route("/api/docs", get(api::docs))
        .route("/api/docs/{*id}", get(api::doc_or_original))
        .route("/api/analyze", get(api::analyze))
        .route("/api/trends", get(research::trends))
        .route("/api/compare", get(research::compare))
        .route("/api/similar", get(research::similar))
        .route("/feed", get(research::atom_feed))
        .route(
            "/api/documents",
            post(admin::upload).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES)),
        )
        .route("/api/documents/{*id}", delete(admin::remove))
        .route("/api/reindex", post(admin::reindex))
        .fallback(api::not_found)
        .with_state(state)
}

/// Serves until Ctrl-C.
pub fn run(config: Config) -> Result<()> {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "policy_search=info".into()),
        )
        .with_writer(std::io::stderr)
        // Colour codes only for a person at a terminal (not a log file or a pipe), unless
        // NO_COLOR or CLICOLOR_FORCE say otherwise: anstream reads the conventions.
        .with_ansi(anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never)
        .try_init();
    let runtime =
        tokio::runtime::Runtime::new().map_err(|e| Error::io("starting the runtime", e))?;
    runtime.block_on(serve(config))
}

async fn serve(config: Config) -> Result<()> {
    let state = AppState::new(config.clone())?;
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| Error::io(format!("cannot listen on {}", config.addr), e))?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::io("reading the bound address", e))?;
    if config.watch {
        watch::spawn(state.clone())?;
    }
    warm_up_workers(&state).await?;
    // The home page's first load finds its suggestions counted.
    state.suggestions().await?;
    let docs = state.engine.manifest().map(|m| m.files.len()).unwrap_or(0);
    println!(
        "policy-search: {docs} documents, {} paragraphs; serving on http://{addr}/{}",
        state.engine.paragraph_count(),
        if config.watch {
            " (watching the corpus)"
        } else {
            ""
        }
    );
    if config.admin_token.is_some() {
        println!("admin API on (Authorization: Bearer <token>)");
    }
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| Error::io("serving", e))
}

/// Every worker of the runtime runs a search before the URL is printed. A request may land on
/// any worker, and a thread's first search costs about twice its later ones (its allocator
/// arena and caches are set up then): so the first search a user makes costs what later ones do.
async fn warm_up_workers(state: &Arc<AppState>) -> Result<()> {
    let workers = tokio::runtime::Handle::current().metrics().num_workers();
    // Each task waits for all the others once its search is done, so no worker runs two.
    let all_done = Arc::new(std::sync::Barrier::new(workers));
    let tasks: Vec<_> = (0..workers)
        .map(|_| {
            let (state, all_done) = (state.clone(), all_done.clone());
            tokio::spawn(async move {
                let warmed = state.engine.warm_up();
                all_done.wait();
                warmed
            })
        })
        .collect();
    for task in tasks {
        task.await
            .map_err(|e| Error::Internal(format!("warming up failed: {e}")))??;
    }
    Ok(())
}

/// A server running on its own thread, for tests and benchmarks; stops when dropped.
pub struct Background {
    pub addr: SocketAddr,
    pub state: Arc<AppState>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Background {
    /// Starts serving `config` (port 0 picks a free port; see `addr`).
    pub fn start(config: Config) -> Result<Background> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::io("starting the runtime", e))?;
        let state = AppState::new(config.clone())?;
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind(config.addr))
            .map_err(|e| Error::io(format!("cannot listen on {}", config.addr), e))?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::io("reading the bound address", e))?;
        if config.watch {
            let _guard = runtime.enter();
            watch::spawn(state.clone())?;
        }
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let app = router(state.clone());
        let thread = std::thread::spawn(move || {
            runtime.block_on(async move {
                let _ = axum::serve(listener, app)
                    .with_graceful_shutdown(async {
                        let _ = rx.await;
                    })
                    .await;
            });
        });
        Ok(Background {
            addr,
            state,
            shutdown: Some(tx),
            thread: Some(thread),
        })
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Ctrl-C at a terminal, or SIGTERM from a service manager (systemd, docker stop): requests in
/// flight are answered, then the server stops.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
