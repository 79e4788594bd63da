//! What the server logs after a reindex: apart from the watcher, because every reindex (the
//! watcher's, the admin API's) is logged through the state that holds this log.

use std::collections::BTreeMap;
use std::sync::Mutex;

use crate::index::{Manifest, SyncReport};

/// The server's log of what a reindex changed: each file added, updated or removed by name,
/// each skipped file with its reason — once, and not again until it changes (a file that stays
/// unreadable is listed by every reindex's report, but is news only the first time).
#[derive(Debug, Default)]
pub struct ChangeLog {
    /// What has been said of each skipped file: its reason, size and time.
    told: Mutex<BTreeMap<String, String>>,
}

impl ChangeLog {
    /// A log that knows the skipped files of `manifest` already (the summary printed when the
    /// index was built named them).
    pub fn knowing(manifest: &Manifest) -> ChangeLog {
        let told = manifest
            .skipped
            .iter()
            .map(|(id, s)| (id.clone(), skip_state(&s.reason, Some(manifest), id)))
            .collect();
        ChangeLog {
            told: Mutex::new(told),
        }
    }

    /// The lines to log for a reindex's report (`manifest`: the index after it).
    pub fn lines(&self, report: &SyncReport, manifest: &Manifest) -> Vec<String> {
        let mut lines = Vec::new();
        let described = |id: &str| match report.read_as.get(id) {
            Some(what) if !what.is_empty() => format!("{id} — {what}"),
            _ => id.to_string(),
        };
        for id in &report.added {
            lines.push(format!("added: {}", described(id)));
        }
        for id in &report.updated {
            lines.push(format!("updated: {}", described(id)));
        }
        for id in &report.removed {
            lines.push(format!("removed: {id}"));
        }
        let mut told = self.told.lock().unwrap_or_else(|e| e.into_inner());
        let mut now = BTreeMap::new();
        for s in &report.skipped {
            let state = skip_state(&s.reason, Some(manifest), &s.id);
            if told.get(&s.id) != Some(&state) {
                lines.push(format!("skipped: {} — {}", s.id, s.reason));
            }
            now.insert(s.id.clone(), state);
        }
        // A file no longer skipped (read, or gone) is news again if it is skipped later.
        *told = now;
        lines
    }
}

/// What identifies one skip of a file: its reason, and its size and time when the index
/// records them (a changed file that is still unreadable is told again).
fn skip_state(reason: &str, manifest: Option<&Manifest>, id: &str) -> String {
    match manifest.and_then(|m| m.skipped.get(id)) {
        Some(s) => format!("{reason}\u{1f}{}\u{1f}{}", s.size, s.modified_ns),
        None => reason.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::{Skipped, SkippedEntry};

    fn skipped(id: &str, reason: &str) -> Skipped {
        Skipped {
            id: id.into(),
            reason: reason.into(),
        }
    }

    #[test]
    fn each_file_is_named_once_until_it_changes() {
        let mut manifest = Manifest::new();
        let log = ChangeLog::knowing(&manifest);
        let mut report = SyncReport {
            added: vec!["a.pdf".into()],
            skipped: vec![
                skipped("b.pdf", "needs OCR: no text layer"),
                skipped("c.xyz", "not a supported file type"),
            ],
            ..SyncReport::default()
        };
        report
            .read_as
            .insert("a.pdf".into(), "批复 · 2011-03-10".into());
        manifest.skipped.insert(
            "b.pdf".into(),
            SkippedEntry {
                size: 10,
                modified_ns: 1,
                reason: "needs OCR: no text layer".into(),
            },
        );
        assert_eq!(
            log.lines(&report, &manifest),
            [
                "added: a.pdf — 批复 · 2011-03-10",
                "skipped: b.pdf — needs OCR: no text layer",
                "skipped: c.xyz — not a supported file type",
            ]
        );
        // The next reindex lists the same skipped files: nothing new to say.
        let again = SyncReport {
            skipped: report.skipped.clone(),
            ..SyncReport::default()
        };
        assert!(log.lines(&again, &manifest).is_empty());
        // b.pdf changed and is still unreadable: told again; c.xyz removed, then back.
        manifest.skipped.get_mut("b.pdf").unwrap().modified_ns = 2;
        let changed = SyncReport {
            skipped: vec![skipped("b.pdf", "needs OCR: no text layer")],
            ..SyncReport::default()
        };
        assert_eq!(
            log.lines(&changed, &manifest),
            ["skipped: b.pdf — needs OCR: no text layer"]
        );
        assert_eq!(
            log.lines(&again, &manifest),
            ["skipped: c.xyz — not a supported file type"]
        );
    }

    #[test]
    fn a_log_started_on_an_index_knows_its_skipped_files() {
        let mut manifest = Manifest::new();
        manifest.skipped.insert(
            "b.pdf".into(),
            SkippedEntry {
                size: 10,
                modified_ns: 1,
                reason: "password-protected".into(),
            },
        );
        let log = ChangeLog::knowing(&manifest);
        let report = SyncReport {
            skipped: vec![skipped("b.pdf", "password-protected")],
            removed: vec!["old.txt".into()],
            ..SyncReport::default()
        };
        assert_eq!(log.lines(&report, &manifest), ["removed: old.txt"]);
    }
}
