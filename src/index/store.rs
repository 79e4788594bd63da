//! The index folder: opening it, telling an index this version cannot read, and (re)creating
//! it for writing without ever emptying a folder that is not an index. Apart from the writer so
//! that readers (search, the server's reloads) open an index without the indexing pipeline.

use std::path::Path;

use tantivy::Index;

use super::manifest::Manifest;
use super::schema::{self, Fields};
use crate::analyze;
use crate::error::{Error, Result};

/// True when `dir` holds an index (of any version).
pub fn exists(dir: &Path) -> bool {
    dir.join("meta.json").is_file()
}

/// Opens an existing index for reading, with analyzers registered.
pub fn open(dir: &Path) -> Result<(Index, Fields, Manifest)> {
    if !exists(dir) {
        return Err(Error::IndexMissing(dir.to_path_buf()));
    }
    let index = Index::open_in_dir(dir)?;
    analyze::register(&index);
    let fields = Fields::from_schema(&index.schema()).map_err(|_| outdated(dir))?;
    let metas = index.load_metas()?;
    let Some(payload) = metas.payload.as_deref() else {
        return Err(Error::IndexUnfinished(dir.to_path_buf()));
    };
    let manifest = Manifest::from_payload(Some(payload)).ok_or_else(|| outdated(dir))?;
    Ok((index, fields, manifest))
}

fn outdated(dir: &Path) -> Error {
    Error::IndexOutdated(dir.to_path_buf())
}

/// True when opening an index failed because this version cannot read it: one of another
/// schema or manifest format (or damaged), or one whose first build never finished, which a
/// build replaces.
pub fn needs_rebuild(error: &Error) -> bool {
    matches!(
        error,
        Error::IndexOutdated(_) | Error::IndexUnfinished(_) | Error::Tantivy(_)
    )
}

/// True when `dir` holds an index this version cannot read (see [`needs_rebuild`]).
pub fn is_outdated(dir: &Path) -> bool {
    exists(dir) && open(dir).is_err_and(|e| needs_rebuild(&e))
}

/// Opens the index for writing, creating it, or recreating it when it is of another version.
/// Returns the manifest of its last commit and, when it was (re)created, why.
pub(crate) fn open_for_writing(dir: &Path) -> Result<(Index, Fields, Manifest, Option<String>)> {
    if exists(dir) {
        match open(dir) {
            Ok((index, fields, manifest)) => return Ok((index, fields, manifest, None)),
            Err(e) if needs_rebuild(&e) => {
                clear_index_dir(dir)?;
                let (index, fields) = create(dir)?;
                let why = match e {
                    Error::IndexUnfinished(_) => {
                        "the last build was interrupted before it finished"
                    }
                    _ => "the old index was built by another version",
                }
                .to_string();
                return Ok((index, fields, Manifest::new(), Some(why)));
            }
            Err(e) => return Err(e),
        }
    }
    if dir.exists()
        && std::fs::read_dir(dir)
            .map_err(|e| Error::io(dir.display().to_string(), e))?
            .next()
            .is_some()
    {
        return Err(Error::NotAnIndex(dir.to_path_buf()));
    }
    let (index, fields) = create(dir)?;
    Ok((index, fields, Manifest::new(), Some("new index".into())))
}

fn create(dir: &Path) -> Result<(Index, Fields)> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
    let (schema, fields) = schema::build();
    let index = Index::create_in_dir(dir, schema)?;
    analyze::register(&index);
    Ok((index, fields))
}

/// Removes an index's files, and only those: it never empties a folder that is not an index.
fn clear_index_dir(dir: &Path) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir.display().to_string(), e))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = name == "meta.json"
            || name == ".managed.json"
            || name.starts_with(".tantivy")
            || name.ends_with(".idx")
            || name.ends_with(".pos")
            || name.ends_with(".term")
            || name.ends_with(".store")
            || name.ends_with(".fast")
            || name.ends_with(".fieldnorm")
            || name.ends_with(".del");
        if ours && entry.path().is_file() {
            std::fs::remove_file(entry.path())
                .map_err(|e| Error::io(format!("removing {}", entry.path().display()), e))?;
        }
    }
    Ok(())
}
