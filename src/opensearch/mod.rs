//! The hand-off to OpenSearch: the cluster holds and serves the index, policy-search reads the
//! files, the metadata and section paths, folds, and knows the policy vocabulary.
//!
//! - [`mapping`]: the index settings and mappings (analysis generated from our own tables), and
//!   the vocabulary and synonyms in IK and Solr formats;
//! - [`bulk`]: the `_bulk` export, whole or since an earlier commit;
//! - [`query`]: our query syntax and filters as a search body;
//! - [`push`]: streaming the export to a cluster over HTTP (the `opensearch sync` command).

pub mod bulk;
pub mod mapping;
pub mod push;
pub mod query;

pub use mapping::{Ranking, DEFAULT_INDEX_NAME};
