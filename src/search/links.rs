//! Links between the documents of the corpus: a 印发 notice and the document it issues, a
//! document and the ones it names by title (《…》) or number (国发〔2019〕5号), both ways.
//!
//! Each document's references are read at parse time (`parse::references`); here they are
//! looked up among the documents the index holds now, so a link appears as soon as the other
//! document arrives and goes when it leaves.

use serde::Serialize;

use crate::index::{FileEntry, Manifest};
use crate::parse::{doc_number, references::title_key};

/// How the other document is related to this one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// This notice issues (印发/转发) the other document.
    Issues,
    /// The other document is the notice that issues this one.
    IssuedBy,
    /// This document names the other by title.
    Mentions,
    /// The other document names this one by title.
    MentionedBy,
    /// This document cites the other's 发文字号.
    Cites,
    /// The other document cites this one's 发文字号.
    CitedBy,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    pub relation: Relation,
    /// The other document's id.
    pub doc: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The same document in other formats (files with the same text).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<String>,
}

/// The links of document `id`, grouped by relation (issues first), each other document once.
pub fn of(manifest: &Manifest, id: &str) -> Vec<Link> {
    let Some(this) = manifest.files.get(id) else {
        return Vec::new();
    };
    let own = Keys::of(this);
    let refs = &this.metadata.references;
    let mut links: Vec<Link> = Vec::new();
    for (other_id, other) in &manifest.files {
        // The same text in another format is one document, not a link.
        if other_id == id || (!this.body.is_empty() && other.body == this.body) {
            continue;
        }
        let theirs = Keys::of(other);
        let their_refs = &other.metadata.references;
        let number_in = |numbers: &[String], n: &Option<String>| {
            n.as_ref().is_some_and(|n| numbers.contains(n))
        };
        let relation = if refs.issues.contains(&theirs.title) {
            Some(Relation::Issues)
        } else if their_refs.issues.contains(&own.title) {
            Some(Relation::IssuedBy)
        } else if refs.titles.contains(&theirs.title) {
            Some(Relation::Mentions)
        } else if number_in(&refs.numbers, &theirs.number) {
            Some(Relation::Cites)
        } else if their_refs.titles.contains(&own.title) {
            Some(Relation::MentionedBy)
        } else if number_in(&their_refs.numbers, &own.number) {
            Some(Relation::CitedBy)
        } else {
            None
        };
        let Some(relation) = relation else { continue };
        // Another format of a document already linked: listed with it.
        if let Some(link) = links.iter_mut().find(|l| {
            l.relation == relation
                && !other.body.is_empty()
                && manifest
                    .files
                    .get(&l.doc)
                    .is_some_and(|f| f.body == other.body)
        }) {
            link.also.push(other_id.clone());
            continue;
        }
        links.push(Link {
            relation,
            doc: other_id.clone(),
            title: other.metadata.title.clone(),
            doc_number: other.metadata.doc_number.clone(),
            date: other.metadata.date.map(|d| d.to_string()),
            also: Vec::new(),
        });
    }
    links.sort_by(|a, b| (a.relation, &a.doc).cmp(&(b.relation, &b.doc)));
    links
}

/// What other documents find a document by.
struct Keys {
    title: String,
    number: Option<String>,
}

impl Keys {
    fn of(entry: &FileEntry) -> Keys {
        Keys {
            title: title_key(&entry.metadata.title),
            number: entry
                .metadata
                .doc_number
                .as_deref()
                .map(doc_number::normalize),
        }
    }
}
