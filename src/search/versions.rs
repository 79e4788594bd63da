//! Versions and validity (时效性) across the corpus: the versions of one law (same title without
//! version notes, same issuer) newest first, and each document's status — 现行有效, 已修改
//! (a newer version is in the corpus), 已废止 (a document of the corpus repeals it by title or
//! 文号, or its own title says so), 尚未生效 (施行 after today) — and whether it was in force on
//! a given day.
//!
//! Like `links`, computed from the manifest as it is now, so a new version or a repeal changes
//! the older document's status as soon as it is indexed.

use std::collections::HashMap;

use serde::Serialize;

use crate::index::{FileEntry, Manifest};
use crate::parse::{doc_number, references::title_key, Date, Metadata};

/// Every status, in the order a facet lists them.
pub const STATUSES: [&str; 4] = ["现行有效", "已修改", "已废止", "尚未生效"];

/// One version of a document, as the reader lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Version {
    pub doc: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective: Option<String>,
}

/// The validity of one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Validity {
    pub status: &'static str,
    /// Every version of the document in the corpus, this one included, newest first (empty
    /// when it has no other).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<Version>,
    /// The documents that repeal it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub repealed_by: Vec<String>,
    /// From when it no longer applies: the next version's 施行, or its repeal's.
    #[serde(skip)]
    pub until: Option<Date>,
    /// From when it applies: its 施行, else its date.
    #[serde(skip)]
    pub from: Option<Date>,
}

impl Validity {
    /// In force on `day`: effective by then, not replaced or repealed by then.
    pub fn in_force_on(&self, day: Date) -> bool {
        self.from.is_some_and(|f| f <= day) && self.until.is_none_or(|u| u > day)
    }
}

/// Each law's validity and versions, by document id.
pub type Validities = HashMap<String, Validity>;

/// The validity of every document that has a 效力级别 (laws, regulations, rules, normative
/// documents); reports and news have none.
pub fn of_corpus(manifest: &Manifest, today: Date) -> HashMap<String, Validity> {
    let laws: Vec<(&String, &FileEntry)> = manifest
        .files
        .iter()
        .filter(|(_, e)| e.metadata.level.is_some())
        .collect();
    // Versions: one group per title key and issuer.
    let mut groups: HashMap<(String, String), Vec<&String>> = HashMap::new();
    for (id, e) in &laws {
        groups.entry(version_key(&e.metadata)).or_default().push(id);
    }
    // Repeals: who names each title key or number as repealed.
    let mut repealers: HashMap<&str, Vec<&String>> = HashMap::new();
    for (id, e) in &manifest.files {
        for key in &e.metadata.references.repeals {
            repealers.entry(key.as_str()).or_default().push(id);
        }
    }
    let mut out = HashMap::new();
    for (id, e) in &laws {
        let m = &e.metadata;
        let from = m.effective.or(m.date);
        let group = &groups[&version_key(m)];
        // The same text in another format is the same version, not another.
        let mut versions: Vec<(&String, &FileEntry)> = group
            .iter()
            .map(|v| (*v, &manifest.files[*v]))
            .filter(|(v, f)| *v == *id || e.body.is_empty() || f.body != e.body)
            .collect();
        versions.sort_by(|a, b| {
            (b.1.metadata.date, b.1.metadata.effective, b.0).cmp(&(
                a.1.metadata.date,
                a.1.metadata.effective,
                a.0,
            ))
        });
        let newer = versions
            .iter()
            .filter(|(v, f)| *v != *id && f.metadata.date > m.date)
            .filter_map(|(_, f)| f.metadata.effective.or(f.metadata.date))
            .min();
        let own_number = m.doc_number.as_deref().map(doc_number::normalize);
        let repealed_by: Vec<String> = [Some(title_key(&m.title)), own_number]
            .into_iter()
            .flatten()
            .filter_map(|key| repealers.get(key.as_str()))
            .flatten()
            .filter(|r| r.as_str() != id.as_str())
            .filter(|r| {
                // A text repeals only what came before it (同时废止 names the old version).
                let rm = &manifest.files[r.as_str()].metadata;
                rm.date.is_none_or(|d| m.date.is_none_or(|own| own < d))
            })
            .map(|r| (*r).clone())
            .collect();
        let repealed_on = repealed_by
            .iter()
            .filter_map(|r| {
                let rm = &manifest.files[r].metadata;
                rm.effective.or(rm.date)
            })
            .min();
        let says_repealed = says_itself_repealed(&m.title);
        let status = if says_repealed || !repealed_by.is_empty() {
            "已废止"
        } else if newer.is_some() {
            "已修改"
        } else if m.effective.is_some_and(|d| d > today) {
            "尚未生效"
        } else {
            "现行有效"
        };
        let until = [newer, repealed_on].into_iter().flatten().min();
        out.insert(
            (*id).clone(),
            Validity {
                status,
                versions: if versions.len() > 1 {
                    versions
                        .iter()
                        .map(|(v, f)| Version {
                            doc: (*v).clone(),
                            title: f.metadata.title.clone(),
                            date: f.metadata.date.map(|d| d.to_string()),
                            effective: f.metadata.effective.map(|d| d.to_string()),
                        })
                        .collect()
                } else {
                    Vec::new()
                },
                repealed_by,
                until: if says_repealed { from } else { until },
                from,
            },
        );
    }
    out
}

/// What the versions of one document share: the title without version notes and without
/// 中华人民共和国, and the issuer.
fn version_key(m: &Metadata) -> (String, String) {
    let key = title_key(&m.title);
    let key = key
        .strip_prefix("中华人民共和国")
        .filter(|k| !k.is_empty())
        .map_or(key.clone(), str::to_string);
    (key, m.issuer.clone().unwrap_or_default())
}

/// （已废止）, （已失效） in its own title.
fn says_itself_repealed(title: &str) -> bool {
    ["已废止", "已失效", "失效", "废止）"]
        .iter()
        .any(|w| title.ends_with(&format!("（{w}）")) || title.ends_with(&format!("({w})")))
}

/// Parses an `in-force:` day (YYYY-MM-DD, or a year or month: its last day).
pub fn day(text: &str) -> Option<Date> {
    Date::bound(text, true).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_markdown;

    fn entry(id: &str, text: &str) -> (String, FileEntry) {
        let doc = parse_markdown(id, text, "UTF-8");
        (
            id.to_string(),
            FileEntry::made_up(doc.metadata, doc.paragraphs.len() as u32, fingerprint(text)),
        )
    }

    fn fingerprint(text: &str) -> String {
        format!("{}", text.len()) + text
    }

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn three_versions_a_repeal_and_a_regulation_effective_next_year() {
        let body =
            "\n第一章 总则\n第一条 为了规范测试，制定本条例。\n第二条 本条例自施行之日起生效。";
        let mut manifest = Manifest::new();
        manifest.files.extend([
            entry("a/2001.md", &format!("# 测试管理条例\n\n2001年3月1日 中华人民共和国国务院令第300号公布\n\n2001年5月1日 施行\n{body}")),
            entry("a/2010.md", &format!("# 测试管理条例\n\n2001年3月1日 中华人民共和国国务院令第300号公布\n\n2010年1月8日 《国务院关于修改测试管理条例的决定》第一次修订\n{body}")),
            entry("a/2020.md", &format!("# 测试管理条例\n\n2001年3月1日 中华人民共和国国务院令第300号公布\n\n2020年6月1日 中华人民共和国国务院令第730号第二次修订\n\n2020年9月1日 施行\n{body}")),
            entry("b.md", &format!("# 旧甲办法\n\n2005年1月1日 中华人民共和国国务院令第400号公布\n{body}")),
            entry("c.md", &format!("# 旧乙办法\n\n2006年1月1日 中华人民共和国国务院令第401号公布\n{body}")),
            entry("repeal.md", "# 国务院关于废止部分行政法规的决定\n\n2015年3月1日 中华人民共和国国务院令第600号公布\n\n国务院决定，废止《旧甲办法》和《旧乙办法》。\n\n本决定自公布之日起施行。"),
            entry("next.md", "# 未来事务条例\n\n2026年11月1日 中华人民共和国国务院令第800号公布\n\n2099年1月1日 施行\n\n第一条 本条例自2099年1月1日起施行。"),
        ]);
        let all = of_corpus(&manifest, d("2026-12-07"));
        assert_eq!(all["a/2020.md"].status, "现行有效");
        assert_eq!(all["a/2010.md"].status, "已修改");
        assert_eq!(all["a/2001.md"].status, "已修改");
        let order: Vec<&str> = all["a/2001.md"]
            .versions
            .iter()
            .map(|v| v.doc.as_str())
            .collect();
        assert_eq!(order, ["a/2020.md", "a/2010.md", "a/2001.md"]);
        assert_eq!(all["b.md"].status, "已废止");
        assert_eq!(all["c.md"].status, "已废止");
        assert_eq!(all["b.md"].repealed_by, ["repeal.md"]);
        assert_eq!(all["repeal.md"].status, "现行有效");
        assert_eq!(all["next.md"].status, "尚未生效");
        // In force on a day: the version of that day only.
        let on = |day: &str| {
            let mut ids: Vec<&str> = all
                .iter()
                .filter(|(_, v)| v.in_force_on(d(day)))
                .map(|(id, _)| id.as_str())
                .collect();
            ids.sort();
            ids
        };
        assert_eq!(on("2005-06-01"), ["a/2001.md", "b.md"]);
        assert_eq!(on("2012-01-01"), ["a/2010.md", "b.md", "c.md"]);
        assert_eq!(on("2020-07-01"), ["a/2010.md", "repeal.md"]);
        assert_eq!(on("2021-01-01"), ["a/2020.md", "repeal.md"]);
    }
}
