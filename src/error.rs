//! Errors of the library, each naming what failed.
//!
//! A message is complete on its own, its cause's text included (`reading x: No such file or
//! directory`): that is what the web API and the command line show. `main` prints a cause of the
//! error chain only when its text is not already in the message, so nothing is printed twice.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("corpus folder {0} does not exist (pass --corpus DIR)")]
    CorpusMissing(PathBuf),
    #[error("no index at {0}: run `policy-search index` first")]
    IndexMissing(PathBuf),
    #[error("the index at {0} was built by another version of policy-search; rebuild it with `policy-search index`")]
    IndexOutdated(PathBuf),
    /// A first build that stopped (killed, interrupted) before its one commit: tantivy's files
    /// are there, the manifest that every finished build writes is not.
    #[error("the index at {0} was never finished: its first build was interrupted; finish it with `policy-search index`")]
    IndexUnfinished(PathBuf),
    /// `--index` names a folder that holds other files: never written into, never emptied.
    #[error("{0} is not empty and holds no index; refusing to write an index into it (pass another --index)")]
    NotAnIndex(PathBuf),
    #[error("the index at {0} is being written by another process (its lock is held); try again when it is done")]
    IndexLocked(PathBuf),
    /// A build committed while something read the whole index (an export): doing it again reads
    /// one consistent state.
    #[error(
        "the index changed while it was {0} (a build committed meanwhile); run the command again"
    )]
    IndexChanged(&'static str),
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error(transparent)]
    Query(#[from] crate::search::QueryError),
    #[error("unknown document: {0}")]
    UnknownDocument(String),
    /// A command line that cannot be carried out as given.
    #[error("{0}")]
    Usage(String),
    #[error("document {0} has no paragraph {1}")]
    UnknownParagraph(String, u64),
    #[error(transparent)]
    Dictionary(#[from] crate::analyze::DictionaryError),
    #[error("{context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
    },
    /// The corpus folder cannot be watched for changes (`serve --watch`).
    #[error("cannot watch {path} for changes: {reason}")]
    Watch { path: PathBuf, reason: String },
    /// Exporting to, or talking with, an OpenSearch cluster.
    #[error("OpenSearch: {0}")]
    OpenSearch(String),
    /// A fault of policy-search itself, not of its input: worth a bug report.
    #[error("internal error: {0}")]
    Internal(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }
}
