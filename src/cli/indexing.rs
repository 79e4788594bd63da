//! Building and updating the index from the command line: the progress shown while it runs,
//! and opening the index for the commands that search it (building it first when needed).

use std::io::{self, IsTerminal};

use indicatif::{ProgressBar, ProgressStyle};

use crate::error::{Error, Result};
use crate::index::{self, Progress, SyncOptions, SyncReport};
use crate::search::Engine;

use super::args::Paths;

/// Builds or updates the index, with a progress bar on a terminal.
pub fn build_index(paths: &Paths, show_progress: bool) -> Result<SyncReport> {
    sync(
        &SyncOptions::new(&paths.corpus, &paths.index),
        show_progress,
    )
}

pub(crate) fn sync(options: &SyncOptions, show_progress: bool) -> Result<SyncReport> {
    if !show_progress {
        index::sync(options, &index::NoProgress)
    } else if io::stderr().is_terminal() {
        sync_with_bar(options)
    } else {
        index::sync(options, &ProgressLines::default())
    }
}

/// Progress for logs and pipes: a line every few seconds, only on long runs.
#[derive(Default)]
struct ProgressLines {
    state: std::sync::Mutex<(u64, u64, Option<std::time::Instant>)>,
}

impl Progress for ProgressLines {
    fn start(&self, _files: u64, bytes: u64) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        *state = (0, bytes, Some(std::time::Instant::now()));
    }
    fn file_done(&self, _id: &str, bytes: u64) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.0 += bytes;
        let (done, total, last) = *state;
        if last.is_some_and(|t| t.elapsed().as_secs() >= 5) {
            eprintln!(
                "indexing: {:.1} of {:.1} MB read",
                done as f64 / 1e6,
                total as f64 / 1e6
            );
            state.2 = Some(std::time::Instant::now());
        }
    }
}

fn sync_with_bar(options: &SyncOptions) -> Result<SyncReport> {
    struct Bar(ProgressBar);
    impl Progress for Bar {
        fn start(&self, _files: u64, bytes: u64) {
            self.0.set_length(bytes);
            self.0.set_message("reading");
        }
        fn file_started(&self, id: &str) {
            // Shows which file a long extraction (a 500-page PDF) is working on.
            self.0.set_message(format!("reading {id}"));
        }
        fn file_done(&self, _id: &str, bytes: u64) {
            self.0.inc(bytes);
        }
        fn committing(&self) {
            self.0.set_message("committing");
        }
    }
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} indexing {bar:30} {bytes}/{total_bytes} {bytes_per_sec} {msg}",
        )
        .expect("valid template"),
    );
    let result = index::sync(options, &Bar(bar.clone()));
    bar.finish_and_clear();
    result
}

/// Opens the index, building it from the corpus first when there is none yet, or when the one
/// there was built by another version of policy-search (after an upgrade).
pub fn open_index(paths: &Paths) -> Result<Engine> {
    let why = if !index::exists(&paths.index) {
        "no index"
    } else {
        match Engine::open(&paths.index) {
            Err(Error::IndexUnfinished(_)) => "the index's first build was interrupted",
            Err(e) if index::needs_rebuild(&e) => {
                "the index was built by another version of policy-search"
            }
            opened => return opened,
        }
    };
    eprintln!(
        "{why} at {}: building it from {} …",
        paths.index.display(),
        paths.corpus.display()
    );
    let report = build_index(paths, true)?;
    eprint!("{report}");
    Engine::open(&paths.index)
}
