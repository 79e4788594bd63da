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
    #[error("the index at {0} is being written by another process (its lock is held); try again when it is done")]
    IndexLocked(PathBuf),
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error(transparent)]
    Query(#[from] crate::search::QueryError),
    #[error("unknown document: {0}")]
    UnknownDocument(String),
    #[error(transparent)]
    Dictionary(#[from] crate::analyze::DictionaryError),
    #[error("{context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
    },
    /// Exporting to, or talking with, an OpenSearch cluster.
    #[error("OpenSearch: {0}")]
    OpenSearch(String),
    #[error("index internal error: {0}")]
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
