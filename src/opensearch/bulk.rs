//! The `_bulk` export: one index action per paragraph with a stable `_id` (`doc#paragraph`), and on
//! an incremental run only what changed since an earlier commit, with delete actions for the
//! paragraphs that went away.
//!
//! A commit is named by a digest of the index's manifest (what the index holds, file by file).
//! Whenever a commit is exported or named (`opensearch commit`), the digest of every paragraph's
//! source line is kept beside the index (`INDEX/opensearch/COMMIT.json`), which is what a later
//! `--since COMMIT` compares against.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::mapping::field;
use crate::error::{Error, Result};
use crate::index::Manifest;
use crate::parse::{Metadata, Paragraph};
use crate::search::{Engine, ParagraphRecord, SameText};

/// OpenSearch refuses longer `_id`s (bytes).
const MAX_ID_BYTES: usize = 512;
/// Snapshots kept beside an index; older ones are removed.
const SNAPSHOTS_KEPT: usize = 32;
/// Folder of the snapshots, inside the index folder.
const SNAPSHOT_DIR: &str = "opensearch";

/// The `_id` of a paragraph: `doc#paragraph`, or, for a document id too long for OpenSearch, a
/// digest of it in its place.
pub fn paragraph_id(doc: &str, paragraph: u32) -> String {
    let id = format!("{doc}#{paragraph}");
    if id.len() <= MAX_ID_BYTES {
        return id;
    }
    let digest = blake3::hash(doc.as_bytes()).to_hex();
    format!("blake3:{digest}#{paragraph}")
}

/// The source of one paragraph in the cluster: the one place that decides what a paragraph
/// document holds (the mapping's fields; a new field is one line here).
pub fn source(doc: &str, meta: &Metadata, p: &Paragraph) -> Value {
    let date_num = meta.date.map_or(0, |d| d.number() as u32);
    let year = meta
        .year
        .or((date_num > 0).then_some((date_num / 10000) as i32));
    let mut s = Map::new();
    let mut put = |name: &str, value: Value| {
        s.insert(name.to_string(), value);
    };
    put(field::DOC, json!(doc));
    put(field::PARAGRAPH, json!(p.number));
    if let Some(page) = p.page {
        put(field::PAGE, json!(page));
    }
    put(field::TITLE, json!(meta.title));
    if let Some(date) = &meta.date {
        put(field::DATE, json!(date));
    }
    put(field::DATE_NUM, json!(date_num));
    if let Some(year) = year {
        put(field::YEAR, json!(year));
    }
    for (name, value) in [
        (field::REGION, &meta.region),
        (field::KIND, &meta.kind),
        (field::ISSUER, &meta.issuer),
        (field::SOURCE, &meta.source),
        (field::DOC_NUMBER, &meta.doc_number),
    ] {
        if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
            put(name, json!(v));
        }
    }
    put(field::SECTION, json!(p.section));
    // Joined by a space, as in our index: a section filter never spans two levels.
    put(field::SECTION_TEXT, json!(p.section.join(" ")));
    if let Some(top) = p.section.first().filter(|t| !t.is_empty()) {
        put(field::SECTION_TOP, json!(top));
    }
    put(field::TEXT, json!(p.text));
    Value::Object(s)
}

pub fn index_action(index: &str, id: &str) -> Value {
    json!({ "index": { "_index": index, "_id": id } })
}

pub fn delete_action(index: &str, id: &str) -> Value {
    json!({ "delete": { "_index": index, "_id": id } })
}

/// One action of an export: an action line, and the source line of an index action.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    pub id: String,
    pub action: String,
    pub source: Option<String>,
}

impl Action {
    pub fn is_delete(&self) -> bool {
        self.source.is_none()
    }

    /// The NDJSON lines, each ending in a newline.
    pub fn write_to(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        writeln!(out, "{}", self.action)?;
        if let Some(source) = &self.source {
            writeln!(out, "{source}")?;
        }
        Ok(())
    }
}

/// What an export produced, and the commit it brings the cluster to.
#[derive(Debug, Clone)]
pub struct Export {
    pub commit: String,
    pub since: Option<String>,
    pub actions: Vec<Action>,
    /// Paragraphs in the index at `commit`.
    pub paragraphs: usize,
}

impl Export {
    pub fn index_count(&self) -> usize {
        self.actions.iter().filter(|a| !a.is_delete()).count()
    }
    pub fn delete_count(&self) -> usize {
        self.actions.iter().filter(|a| a.is_delete()).count()
    }
}

/// Every paragraph's `_id` and the digest of its source line, at one commit.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Snapshot {
    pub commit: String,
    pub lines: BTreeMap<String, String>,
}

/// The id of the index's current commit: a digest of its manifest.
pub fn commit_id(manifest: &Manifest) -> String {
    blake3::hash(manifest.to_payload().as_bytes()).to_hex()[..16].to_string()
}

/// The current commit of the index at `dir`, its snapshot recorded for a later `--since`.
pub fn current_commit(dir: &Path) -> Result<String> {
    let engine = Engine::open(dir)?;
    Ok(export(&engine, "unused", None)?.commit)
}

/// The bulk actions that bring a cluster from commit `since` (none: an empty index) to the
/// index's current commit, whose snapshot is recorded.
pub fn export(engine: &Engine, index_name: &str, since: Option<&str>) -> Result<Export> {
    let old = match since {
        Some(commit) => Some(load_snapshot(engine.dir(), commit)?),
        None => None,
    };
    let manifest = engine.manifest()?;
    let commit = commit_id(&manifest);
    let mut snapshot = Snapshot {
        commit: commit.clone(),
        lines: BTreeMap::new(),
    };
    let mut actions = Vec::new();
    let mut missing_metadata = None;
    // One document in several formats: the hidden files' paragraphs name the shown file.
    let same = SameText::of(&manifest);
    let shown_of: BTreeMap<&str, &str> = same
        .others
        .iter()
        .flat_map(|(shown, others)| others.iter().map(move |o| (o.as_str(), shown.as_str())))
        .collect();
    engine.export(|record| {
        let Some(entry) = manifest.files.get(&record.doc) else {
            missing_metadata = Some(record.doc.clone());
            return Ok(());
        };
        let shown = shown_of.get(record.doc.as_str()).copied();
        let (id, line) = source_line(&record.doc, &entry.metadata, record, shown);
        let digest = blake3::hash(line.as_bytes()).to_hex()[..16].to_string();
        let unchanged = old
            .as_ref()
            .is_some_and(|o| o.lines.get(&id) == Some(&digest));
        if !unchanged {
            actions.push(Action {
                action: index_action(index_name, &id).to_string(),
                source: Some(line),
                id: id.clone(),
            });
        }
        snapshot.lines.insert(id, digest);
        Ok(())
    })?;
    if let Some(doc) = missing_metadata {
        return Err(Error::Internal(format!(
            "paragraphs of {doc} are in the index but not in its manifest; run `policy-search index`"
        )));
    }
    if let Some(old) = &old {
        for id in old
            .lines
            .keys()
            .filter(|id| !snapshot.lines.contains_key(*id))
        {
            actions.push(Action {
                action: delete_action(index_name, id).to_string(),
                source: None,
                id: id.clone(),
            });
        }
    }
    // The index may have been committed to while it was read: then this is no commit's state.
    if commit_id(engine.manifest()?.as_ref()) != commit {
        return Err(Error::IndexChanged("exported"));
    }
    let paragraphs = snapshot.lines.len();
    save_snapshot(engine.dir(), &snapshot)?;
    Ok(Export {
        commit,
        since: since.map(str::to_string),
        actions,
        paragraphs,
    })
}

/// The `_id` and source line of a paragraph read back from the index (`shown`: the file shown in
/// its place, when its file has the same text as another).
fn source_line(
    doc: &str,
    meta: &Metadata,
    record: &ParagraphRecord,
    shown: Option<&str>,
) -> (String, String) {
    let paragraph = Paragraph {
        number: record.paragraph as u32,
        text: record.text.clone(),
        section: record.section.clone(),
        page: record.page,
    };
    let mut source = source(doc, meta, &paragraph);
    if let Some(shown) = shown {
        source[field::SAME_TEXT_OF] = json!(shown);
    }
    (paragraph_id(doc, paragraph.number), source.to_string())
}

fn snapshot_path(index_dir: &Path, commit: &str) -> Result<PathBuf> {
    if commit.is_empty() || !commit.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(Error::OpenSearch(format!(
            "{commit:?} is not a commit id (16 hex digits, as `policy-search opensearch commit` prints)"
        )));
    }
    Ok(index_dir.join(SNAPSHOT_DIR).join(format!("{commit}.json")))
}

/// True when the state of `commit` is known beside the index (so `--since` can use it).
pub fn has_snapshot(index_dir: &Path, commit: &str) -> bool {
    snapshot_path(index_dir, commit).is_ok_and(|p| p.is_file())
}

fn load_snapshot(index_dir: &Path, commit: &str) -> Result<Snapshot> {
    let path = snapshot_path(index_dir, commit)?;
    let text = std::fs::read_to_string(&path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::OpenSearch(format!(
                "commit {commit} was never exported from the index at {} (no {}); export it all (without --since)",
                index_dir.display(),
                path.display()
            ))
        } else {
            Error::io(format!("reading {}", path.display()), e)
        }
    })?;
    serde_json::from_str(&text)
        .map_err(|e| Error::OpenSearch(format!("{} is damaged: {e}", path.display())))
}

fn save_snapshot(index_dir: &Path, snapshot: &Snapshot) -> Result<()> {
    let path = snapshot_path(index_dir, &snapshot.commit)?;
    let dir = path.parent().expect("snapshot path has a folder");
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
    // Written whole, then renamed: a snapshot is never half there.
    let tmp = path.with_extension("json.tmp");
    let text = serde_json::to_string(snapshot).expect("snapshot serializes");
    std::fs::write(&tmp, text).map_err(|e| Error::io(format!("writing {}", tmp.display()), e))?;
    std::fs::rename(&tmp, &path)
        .map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
    prune_snapshots(dir, &path);
    Ok(())
}

/// Keeps the newest snapshots; the one just written always stays.
fn prune_snapshots(dir: &Path, keep: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut snapshots: Vec<(std::time::SystemTime, PathBuf)> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json") && p != keep)
        .filter_map(|p| Some((std::fs::metadata(&p).ok()?.modified().ok()?, p)))
        .collect();
    snapshots.sort();
    let excess = (snapshots.len() + 1).saturating_sub(SNAPSHOTS_KEPT);
    for (_, p) in snapshots.into_iter().take(excess) {
        let _ = std::fs::remove_file(p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> Metadata {
        Metadata {
            title: "关于推进低空经济发展的通知".into(),
            date: crate::parse::date::Date::new(2026, 1, 15),
            doc_number: Some("渝府发〔2026〕3号".into()),
            kind: Some("通知".into()),
            ..Metadata::default()
        }
    }

    #[test]
    fn source_holds_the_paragraph_and_its_document() {
        let p = Paragraph {
            number: 4,
            text: "发展低空经济。".into(),
            section: vec!["一、总体要求".into(), "（一）目标".into()],
            page: Some(2),
        };
        let s = source("a/通知.pdf", &meta(), &p);
        assert_eq!(s["doc"], "a/通知.pdf");
        assert_eq!(s["paragraph"], 4);
        assert_eq!(s["page"], 2);
        assert_eq!(s["date_num"], 20260115);
        assert_eq!(s["year"], 2026);
        assert_eq!(s["kind"], "通知");
        assert_eq!(s["section_text"], "一、总体要求 （一）目标");
        assert_eq!(s["section_top"], "一、总体要求");
        assert!(s.get("region").is_none(), "absent metadata is left out");
        let undated = source("b.txt", &Metadata::default(), &p);
        assert_eq!(undated["date_num"], 0);
        assert!(undated.get("year").is_none() && undated.get("date").is_none());
    }

    #[test]
    fn ids_are_stable_and_fit_opensearch() {
        assert_eq!(paragraph_id("2026/北京.txt", 3), "2026/北京.txt#3");
        let long = "长".repeat(400);
        let id = paragraph_id(&long, 7);
        assert!(id.len() <= MAX_ID_BYTES && id.ends_with("#7"));
        assert_eq!(id, paragraph_id(&long, 7));
        assert!(snapshot_path(Path::new("x"), "../etc").is_err());
    }
}
