//! Citations of articles across the corpus, both ways: the articles a document's paragraphs
//! cite (依照《中华人民共和国行政处罚法》第三十三条 → that law's 第三十三条) and the paragraphs of
//! the corpus that cite each of a document's articles (引用本条).
//!
//! The citations are read at parse time (`parse::citations`); here a cited title is looked up
//! among the documents the index holds now. A title names the newest version of a law: a
//! citation of 《…法》 is of the law in force, not of the text it replaced.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::index::Manifest;
use crate::parse::references::title_key;
use crate::text::numerals;

/// A paragraph citing an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Citing {
    pub doc: String,
    pub title: String,
    pub paragraph: u32,
}

/// An article a paragraph cites, found in the corpus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cited {
    /// The citing paragraph of this document.
    pub paragraph: u32,
    /// The cited document (this one for 本法第N条).
    pub doc: String,
    pub article: u32,
    /// 《中华人民共和国行政处罚法》第三十三条.
    pub citation: String,
}

/// Both directions for one document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ArticleCitations {
    /// The articles its paragraphs cite that are in the corpus.
    pub cites: Vec<Cited>,
    /// Its articles, by number, with the paragraphs of the corpus (its own included) citing
    /// them.
    pub cited_by: BTreeMap<u32, Vec<Citing>>,
}

/// How a cited title is matched: its key without 中华人民共和国 (《行政处罚法》 is the same law).
fn short_key(title: &str) -> String {
    let key = title_key(title);
    key.strip_prefix("中华人民共和国")
        .filter(|k| k.chars().count() >= 2)
        .map_or(key.clone(), str::to_string)
}

/// The document each title key names: the newest of the documents with that title.
fn by_title(manifest: &Manifest) -> HashMap<String, &String> {
    let mut out: HashMap<String, (&String, Option<crate::parse::Date>)> = HashMap::new();
    for (id, e) in &manifest.files {
        let key = short_key(&e.metadata.title);
        let newer = out.get(&key).is_none_or(|(_, d)| e.metadata.date > *d);
        if newer {
            out.insert(key, (id, e.metadata.date));
        }
    }
    out.into_iter().map(|(k, (id, _))| (k, id)).collect()
}

/// The citations of articles to and from document `id`.
pub fn of(manifest: &Manifest, id: &str) -> ArticleCitations {
    let Some(this) = manifest.files.get(id) else {
        return ArticleCitations::default();
    };
    let titles = by_title(manifest);
    let own_key = short_key(&this.metadata.title);
    let mut result = ArticleCitations::default();
    for r in &this.metadata.article_refs {
        let (doc, title) = match &r.title {
            None => (id.to_string(), this.metadata.title.clone()),
            Some(t) => {
                let key = t.strip_prefix("中华人民共和国").unwrap_or(t);
                let Some(doc) = titles.get(key) else { continue };
                (
                    (*doc).clone(),
                    manifest.files[doc.as_str()].metadata.title.clone(),
                )
            }
        };
        result.cites.push(Cited {
            paragraph: r.paragraph,
            article: r.article,
            citation: format!("《{title}》第{}条", numerals::chinese_numeral(r.article)),
            doc,
        });
    }
    // Only the version a title names is cited by it; 本法第N条 cites its own version.
    let cited_by_title = titles.get(&own_key).is_some_and(|d| d.as_str() == id);
    for (other_id, other) in &manifest.files {
        for r in &other.metadata.article_refs {
            let names_this = match &r.title {
                None => other_id == id,
                Some(t) => {
                    cited_by_title && t.strip_prefix("中华人民共和国").unwrap_or(t) == own_key
                }
            };
            if names_this {
                result.cited_by.entry(r.article).or_default().push(Citing {
                    doc: other_id.clone(),
                    title: other.metadata.title.clone(),
                    paragraph: r.paragraph,
                });
            }
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::FileEntry;
    use crate::parse::parse_markdown;

    fn add(manifest: &mut Manifest, id: &str, text: &str) {
        let doc = parse_markdown(id, text, "UTF-8");
        manifest.files.insert(
            id.to_string(),
            FileEntry::made_up(doc.metadata, doc.paragraphs.len() as u32, id.to_string()),
        );
    }

    #[test]
    fn citations_link_to_the_cited_article_both_ways() {
        let mut m = Manifest::new();
        add(&mut m, "law.md", "# 中华人民共和国测试处罚法\n\n第一条 为了规范处罚，制定本法。\n\n第二条 违反本法第一条规定的，予以处罚。\n\n有前款情形的，从重。");
        add(&mut m, "reg.md", "# 测试处罚实施条例\n\n第一条 根据《中华人民共和国测试处罚法》第二条，制定本条例。\n\n第二条 依照《测试处罚法》第一条处理。\n\n第三条 依照《不在库中法》第一条处理。");
        let law = of(&m, "law.md");
        let citing = |n: u32| -> Vec<(String, u32)> {
            law.cited_by
                .get(&n)
                .map(|v| v.iter().map(|c| (c.doc.clone(), c.paragraph)).collect())
                .unwrap_or_default()
        };
        assert_eq!(
            citing(1),
            [("law.md".to_string(), 2), ("reg.md".to_string(), 2)]
        );
        assert_eq!(
            citing(2),
            [("law.md".to_string(), 3), ("reg.md".to_string(), 1)]
        );
        let reg = of(&m, "reg.md");
        let cites: Vec<(u32, &str, u32)> = reg
            .cites
            .iter()
            .map(|c| (c.paragraph, c.doc.as_str(), c.article))
            .collect();
        assert_eq!(cites, [(1, "law.md", 2), (2, "law.md", 1)]);
        assert_eq!(reg.cites[0].citation, "《中华人民共和国测试处罚法》第二条");
    }
}
