//! `export`: the index's paragraphs as JSON lines, or as OpenSearch bulk actions.

use std::io::{self, Write};
use std::path::Path;

use crate::error::{Error, Result};
use crate::search::Engine;

use super::output::{flush, stdout};

pub(crate) fn export(index_dir: &Path) -> Result<()> {
    let engine = Engine::open(index_dir)?;
    let mut out = stdout();
    let result = engine.export(|record| {
        serde_json::to_writer(&mut out, record).map_err(io::Error::other)?;
        writeln!(out)
    });
    match result {
        Err(Error::Io { source, .. }) if source.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map(|_| ()),
    }?;
    flush(out)
}

pub(crate) fn export_bulk(index_dir: &Path, index_name: &str, since: Option<&str>) -> Result<()> {
    let engine = Engine::open(index_dir)?;
    let export = crate::opensearch::bulk::export(&engine, index_name, since)?;
    let mut out = stdout();
    for action in &export.actions {
        match action.write_to(&mut out) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(()),
            other => other.map_err(|e| Error::io("writing export", e))?,
        }
    }
    flush(out)?;
    eprintln!(
        "commit {}{}: {} index and {} delete actions ({} paragraphs in the index)",
        export.commit,
        since.map(|s| format!(" since {s}")).unwrap_or_default(),
        export.index_count(),
        export.delete_count(),
        export.paragraphs
    );
    Ok(())
}
