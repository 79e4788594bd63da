//! The manifest: what the index holds, file by file, saved as the payload of each commit.
//!
//! Living inside the commit makes it exactly as durable as the paragraphs it describes: after a
//! crash the index opens at its last commit, and the manifest of that commit says which files it
//! already has, so the next run redoes only the rest.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::schema::SCHEMA_VERSION;
use crate::parse::Metadata;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Manifest {
    pub schema: u32,
    /// Indexed documents by id.
    pub files: BTreeMap<String, FileEntry>,
    /// Files that could not be read, by id: not read again until they change.
    #[serde(default)]
    pub skipped: BTreeMap<String, SkippedEntry>,
}

/// A file that could not be read, and why.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SkippedEntry {
    pub size: u64,
    pub modified_ns: u64,
    pub reason: String,
}

/// One indexed file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FileEntry {
    pub size: u64,
    pub modified_ns: u64,
    pub hash: String,
    pub paragraphs: u32,
    /// Fingerprint of the folded body text: files with the same one are one document in
    /// several formats.
    #[serde(default)]
    pub body: String,
    pub metadata: Metadata,
    /// When its current content was indexed (seconds since the epoch; 0 in indexes written
    /// before this was recorded): the date of an undated document's feed entries.
    #[serde(default)]
    pub indexed_at: u64,
}

#[cfg(test)]
impl FileEntry {
    /// The entry of a document made up by a test: its metadata, paragraph count and body
    /// fingerprint, with no file behind it (no size, time or hash).
    pub fn made_up(metadata: Metadata, paragraphs: u32, body: String) -> FileEntry {
        FileEntry {
            size: 0,
            modified_ns: 0,
            hash: String::new(),
            paragraphs,
            body,
            metadata,
            indexed_at: 0,
        }
    }
}

impl Manifest {
    pub fn new() -> Self {
        Manifest {
            schema: SCHEMA_VERSION,
            files: BTreeMap::new(),
            skipped: BTreeMap::new(),
        }
    }

    /// Reads a commit payload; `None` when absent or written by another version.
    pub fn from_payload(payload: Option<&str>) -> Option<Manifest> {
        let manifest: Manifest = serde_json::from_str(payload?).ok()?;
        (manifest.schema == SCHEMA_VERSION).then_some(manifest)
    }

    pub fn to_payload(&self) -> String {
        serde_json::to_string(self).expect("manifest serializes")
    }

    pub fn paragraph_count(&self) -> u64 {
        self.files.values().map(|f| f.paragraphs as u64).sum()
    }
}
