//! Watching the corpus: file events, debounced, become incremental reindexes.

use std::sync::Arc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};
use tokio::sync::mpsc;

use super::state::AppState;
use crate::error::{Error, Result};

/// Quiet time after the last event before reindexing: a burst of copies becomes one reindex.
const DEBOUNCE: Duration = Duration::from_millis(300);
/// The longest a steady stream of events may hold a reindex back.
const MAX_DELAY: Duration = Duration::from_secs(2);

/// Starts watching the corpus folder; reindexing runs on the server's runtime.
pub fn spawn(state: Arc<AppState>) -> Result<()> {
    let (tx, mut rx) = mpsc::unbounded_channel::<()>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event {
            if !event.kind.is_access() {
                let _ = tx.send(());
            }
        }
    })
    .map_err(|e| Error::Watch {
        path: state.config.corpus.clone(),
        reason: e.to_string(),
    })?;
    watcher
        .watch(&state.config.corpus, RecursiveMode::Recursive)
        .map_err(|e| Error::Watch {
            path: state.config.corpus.clone(),
            reason: e.to_string(),
        })?;

    tokio::spawn(async move {
        // The watcher lives as long as this task.
        let _watcher = watcher;
        while rx.recv().await.is_some() {
            let started = tokio::time::Instant::now();
            loop {
                let remaining = MAX_DELAY.saturating_sub(started.elapsed());
                if remaining.is_zero() {
                    break;
                }
                match tokio::time::timeout(DEBOUNCE.min(remaining), rx.recv()).await {
                    Ok(Some(())) => continue,
                    Ok(None) => return,
                    Err(_) => break,
                }
            }
            if let Err(e) = state.reindex().await {
                tracing::error!("reindexing after a change in the corpus: {e}");
            }
        }
    });
    Ok(())
}
