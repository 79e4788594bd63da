//! What every request shares: the engine, the configuration, and the one-at-a-time reindex
//! that the watcher and the admin API both ask for.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::Mutex;

use super::changes::ChangeLog;
use crate::error::{Error, Result};
use crate::index::{self, Progress, SyncOptions, SyncReport};
use crate::research::suggest::{self, Suggestion};
use crate::search::Engine;

/// The largest upload accepted.
pub const MAX_UPLOAD_BYTES: usize = 64 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct Config {
    pub corpus: PathBuf,
    pub index: PathBuf,
    pub addr: SocketAddr,
    pub watch: bool,
    pub admin_token: Option<String>,
}

impl Config {
    /// A server on 127.0.0.1 at a port the system picks, not watching, without admin API: what
    /// benchmarks and tests start.
    pub fn loopback(corpus: impl Into<PathBuf>, index: impl Into<PathBuf>) -> Config {
        Config {
            corpus: corpus.into(),
            index: index.into(),
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            watch: false,
            admin_token: None,
        }
    }
}

/// Shared by every request.
pub struct AppState {
    pub engine: Engine,
    pub config: Config,
    /// One reindex at a time, whoever asks (watcher, admin API).
    reindex: Mutex<()>,
    /// What the log has said about the corpus's files.
    changes: ChangeLog,
    /// The home page's suggestions, for the manifest they were counted in.
    suggestions: std::sync::Mutex<Option<Suggestions>>,
}

type Suggestions = (Arc<crate::index::Manifest>, Arc<Vec<Suggestion>>);

/// Suggestions the home page offers.
const SUGGESTIONS: usize = 6;

impl AppState {
    pub fn new(config: Config) -> Result<Arc<AppState>> {
        let engine = Engine::open(&config.index)?;
        let changes = ChangeLog::knowing(&*engine.manifest()?);
        Ok(Arc::new(AppState {
            engine,
            changes,
            config,
            reindex: Mutex::new(()),
            suggestions: std::sync::Mutex::new(None),
        }))
    }

    /// The home page's suggestions: counted once per commit (reading every paragraph), on the
    /// blocking pool.
    pub async fn suggestions(self: &Arc<Self>) -> Result<Arc<Vec<Suggestion>>> {
        let manifest = self.engine.manifest()?;
        {
            let cache = self.suggestions.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((_, s)) = cache.as_ref().filter(|(m, _)| Arc::ptr_eq(m, &manifest)) {
                return Ok(s.clone());
            }
        }
        let state = self.clone();
        let counted =
            tokio::task::spawn_blocking(move || suggest::suggestions(&state.engine, SUGGESTIONS))
                .await
                .map_err(|e| Error::Internal(format!("suggestions task failed: {e}")))??;
        let counted = Arc::new(counted);
        *self.suggestions.lock().unwrap_or_else(|e| e.into_inner()) =
            Some((manifest, counted.clone()));
        Ok(counted)
    }

    /// Runs an incremental reindex; searches go on meanwhile and see the new state at its commit.
    pub async fn reindex(self: &Arc<Self>) -> Result<SyncReport> {
        let _one_at_a_time = self.reindex.lock().await;
        let state = self.clone();
        let report = tokio::task::spawn_blocking(move || {
            struct ReloadOnCommit<'a>(&'a Engine);
            impl Progress for ReloadOnCommit<'_> {
                fn committed(&self) {
                    if let Err(e) = self.0.reload() {
                        tracing::warn!("reloading the index after a commit: {e}");
                    }
                }
            }
            let options = SyncOptions::new(&state.config.corpus, &state.config.index);
            index::sync(&options, &ReloadOnCommit(&state.engine))
        })
        .await
        .map_err(|e| Error::Internal(format!("reindex task failed: {e}")))??;
        self.engine.reload()?;
        for line in self.changes.lines(&report, &*self.engine.manifest()?) {
            tracing::info!("{line}");
        }
        Ok(report)
    }
}
