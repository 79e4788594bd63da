//! Documents named by a query: by their title (in full, or short: without 中华人民共和国, 《》 and
//! version notes such as （2018年修正）), their 发文字号 or 令 number (any bracket style), or their
//! issuing body.
//!
//! A query is answered at two levels. Each part of it may be satisfied by a paragraph's own text
//! or by the names of the paragraph's document, so that 民法典 人格权 finds the paragraphs of the
//! Civil Code that speak of 人格权 although none repeats the code's name; and a query that names
//! a document whole (检察官法, 国办发〔2019〕6号, 2026年上海市政府工作报告) returns that document
//! itself, before the paragraphs that cite it. The names are read from the manifest once per
//! commit.

use serde::{Deserialize, Serialize};

use crate::analyze::fold_str;
use crate::index::Manifest;
use crate::parse::{doc_number, references::title_key};

/// A part shorter than this (in characters) is never matched against documents' names: 法 or
/// 省 would name half a law library.
const MIN_NAME_CHARS: usize = 2;

/// A part shorter than this names a document only as the end of its title (刑法, 宪法 name
/// 中华人民共和国刑法) or as its whole issuer, not wherever it stands: 工作 or 发展 would name
/// every 政府工作报告 and 发展规划.
const LOOSE_NAME_CHARS: usize = 3;

/// Whether a title form names a document for a query part (a key): anywhere in it, or for a
/// short part only at its end.
fn names_title(title: &str, key: &str, short: bool) -> bool {
    if short {
        title.ends_with(key)
    } else {
        title.contains(key)
    }
}

/// A part without a digit must be this long to be matched against a 题注.
const HISTORY_MIN_CHARS: usize = 6;

/// The most documents a query returns as documents.
pub const MAX_DOCUMENTS: usize = 10;

/// What in a document's names a query part matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NamedBy {
    /// The title, full or short.
    Title,
    /// The 发文字号 (or the 令 number).
    DocNumber,
    /// The issuing body.
    Issuer,
    /// The 题注 (legislative history: 通过, 公布, 修正, 施行 lines).
    History,
}

impl NamedBy {
    /// As the UI says it.
    pub fn chinese(self) -> &'static str {
        match self {
            NamedBy::Title => "标题",
            NamedBy::DocNumber => "文号",
            NamedBy::Issuer => "发文机关",
            NamedBy::History => "题注",
        }
    }
}

/// The names of one document, folded for matching.
#[derive(Debug)]
struct Names {
    id: String,
    /// The title as compared across documents ([`title_key`]), and without 中华人民共和国.
    titles: Vec<String>,
    /// 发文字号 and 令 numbers, normalised ([`doc_number::normalize`]).
    numbers: Vec<String>,
    /// The issuing body, folded, without spaces.
    issuer: String,
    /// The 题注's events as written, folded, without spaces, one after another.
    history: String,
    /// YYYYMMDD, 0 when undated: of two versions of a law, the newer is named first.
    date: u64,
}

/// The names of every document of an index.
#[derive(Debug, Default)]
pub struct DocumentNames {
    docs: Vec<Names>,
}

/// A document a whole query names, and how well.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub id: String,
    /// 0: a name is exactly what was typed; 1: a name begins or ends with it; 2: a title
    /// contains it; 3: only the issuer or part of a number holds it.
    pub tier: u8,
    pub matched: Vec<NamedBy>,
}

/// The short forms of a title: its key, and the key without the state's name wherever it
/// stands (中华人民共和国民法典 → 民法典; 关于适用《中华人民共和国保险法》… → 关于适用保险法…).
fn title_forms(title: &str) -> Vec<String> {
    let key = title_key(title);
    let mut forms = vec![key.clone()];
    // 《中华人民共和国教师法》 inside a title is cited as 《教师法》 too (河南省实施《教师法》办法).
    let short = key.replace("中华人民共和国", "");
    if short != key && short.chars().count() >= MIN_NAME_CHARS {
        forms.push(short);
    }
    forms
}

/// A part typed in a query as it is compared with names: folded, no spaces, no 《》.
fn name_key(part: &str) -> String {
    fold_str(part)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '《' | '》' | '〈' | '〉'))
        .collect()
}

/// A query part as it is compared with names: as a title is ([`title_key`]: folded, no spaces,
/// no 《》, no version note such as （试行） at its end).
fn part_key(part: &str) -> String {
    title_key(part)
}

/// True when a part can be a 发文字号 or 令 number: it holds a digit and ends with 号.
fn is_number_shaped(key: &str) -> bool {
    key.ends_with('号') && key.chars().any(|c| c.is_ascii_digit())
}

impl DocumentNames {
    pub fn of(manifest: &Manifest) -> DocumentNames {
        let docs = manifest
            .files
            .iter()
            .map(|(id, entry)| {
                let meta = &entry.metadata;
                // The 令 of every version the 题注 names, not only the last.
                let mut numbers: Vec<String> = meta
                    .doc_number
                    .iter()
                    .chain(meta.history.iter().filter_map(|e| e.order.as_ref()))
                    .map(|n| doc_number::normalize(n))
                    .collect();
                numbers.sort();
                numbers.dedup();
                let history: String = meta
                    .history
                    .iter()
                    .map(|e| name_key(&e.text))
                    .collect::<Vec<_>>()
                    .join("|");
                Names {
                    id: id.clone(),
                    titles: if meta.title.is_empty() {
                        Vec::new()
                    } else {
                        title_forms(&meta.title)
                    },
                    numbers,
                    issuer: meta.issuer.as_deref().map(name_key).unwrap_or_default(),
                    history,
                    date: meta.date.map_or(0, |d| d.number()),
                }
            })
            .collect();
        DocumentNames { docs }
    }

    /// The documents whose names hold `part` (a folded query part), with what held it.
    pub fn naming(&self, part: &str) -> Vec<(&str, NamedBy)> {
        let key = part_key(part);
        if key.chars().count() < MIN_NAME_CHARS {
            return Vec::new();
        }
        let number = is_number_shaped(&key).then(|| doc_number::normalize(&key));
        let short = key.chars().count() < LOOSE_NAME_CHARS;
        // The 题注 is matched by what tells one law's history from another's (a date, a 令, a
        // meeting), not by the words every 题注 has (公布, 施行).
        let specific =
            key.chars().any(|c| c.is_ascii_digit()) || key.chars().count() >= HISTORY_MIN_CHARS;
        self.docs
            .iter()
            .filter_map(|d| {
                let by = if d.titles.iter().any(|t| names_title(t, &key, short)) {
                    NamedBy::Title
                } else if number
                    .as_deref()
                    .is_some_and(|n| d.numbers.iter().any(|m| m.contains(n) || n.contains(m)))
                {
                    NamedBy::DocNumber
                } else if d.issuer.contains(&key) && (!short || d.issuer == key) {
                    NamedBy::Issuer
                } else if specific && d.history.contains(&key) {
                    NamedBy::History
                } else {
                    return None;
                };
                Some((d.id.as_str(), by))
            })
            .collect()
    }

    /// The documents that the query's parts name together (each part by some name of the
    /// document), best first: exact names before names that begin or end with the query,
    /// before titles that contain it, before issuers; of equals, the newest and then the
    /// shortest title first. `hidden` documents (other formats of a shown one) are left out.
    pub fn named(&self, parts: &[String], shown_of: &dyn Fn(&str) -> Option<String>) -> Vec<Named> {
        let namings: Vec<Vec<(&str, NamedBy)>> = parts.iter().map(|p| self.naming(p)).collect();
        self.named_by(parts, &namings, shown_of)
    }

    /// As [`named`](Self::named), with each part's [`naming`](Self::naming) already looked up.
    pub fn named_by(
        &self,
        parts: &[String],
        namings: &[Vec<(&str, NamedBy)>],
        shown_of: &dyn Fn(&str) -> Option<String>,
    ) -> Vec<Named> {
        if parts.is_empty() {
            return Vec::new();
        }
        let joined: String = parts.iter().map(|p| part_key(p)).collect();
        let joined_number = doc_number::normalize(&joined);
        let per_part: Vec<std::collections::HashMap<&str, NamedBy>> = namings
            .iter()
            .map(|n| n.iter().copied().collect())
            .collect();
        let mut named: Vec<(u8, u64, usize, &Names, Vec<NamedBy>)> = Vec::new();
        for d in &self.docs {
            let matched: Vec<NamedBy> = per_part
                .iter()
                .map_while(|part| part.get(d.id.as_str()).copied())
                .collect();
            if matched.len() < parts.len() {
                continue;
            }
            let exact = d.titles.contains(&joined)
                || d.numbers.contains(&joined_number)
                || (!d.issuer.is_empty() && d.issuer == joined && parts.len() == 1);
            let edge = d
                .titles
                .iter()
                .any(|t| t.starts_with(&joined) || t.ends_with(&joined))
                || (is_number_shaped(&joined)
                    && d.numbers.iter().any(|n| n.ends_with(&joined_number)));
            let tier = if exact {
                0
            } else if edge {
                1
            } else if matched.contains(&NamedBy::Title) {
                2
            } else {
                3
            };
            let mut matched = matched;
            matched.sort();
            matched.dedup();
            let length = d.titles.first().map_or(usize::MAX, |t| t.chars().count());
            named.push((tier, u64::MAX - d.date, length, d, matched));
        }
        named.sort_by(|a, b| (a.0, a.1, a.2, &a.3.id).cmp(&(b.0, b.1, b.2, &b.3.id)));
        // A file that is another format of a shown one (the same text) stands for it: the
        // shown file is named, once, where its twin's name ranks it.
        let mut out: Vec<Named> = Vec::new();
        for (tier, _, _, d, matched) in named {
            let id = shown_of(&d.id).unwrap_or_else(|| d.id.clone());
            if out.iter().any(|n| n.id == id) {
                continue;
            }
            out.push(Named { id, tier, matched });
            if out.len() == MAX_DOCUMENTS {
                break;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::FileEntry;
    use crate::parse::Metadata;

    /// id, title, 文号, issuer, date.
    type Doc<'a> = (&'a str, &'a str, Option<&'a str>, Option<&'a str>, &'a str);

    fn manifest(docs: &[Doc]) -> Manifest {
        let mut m = Manifest::new();
        for (id, title, number, issuer, date) in docs {
            m.files.insert(
                id.to_string(),
                FileEntry::made_up(
                    Metadata {
                        title: title.to_string(),
                        doc_number: number.map(str::to_string),
                        issuer: issuer.map(str::to_string),
                        date: date.parse().ok(),
                        ..Metadata::default()
                    },
                    1,
                    id.to_string(),
                ),
            );
        }
        m
    }

    fn library() -> DocumentNames {
        DocumentNames::of(&manifest(&[
            ("jcg.md", "中华人民共和国检察官法", None, None, "2019-04-23"),
            (
                "jcg-1995.md",
                "中华人民共和国检察官法",
                None,
                None,
                "1995-02-28",
            ),
            (
                "xg.md",
                "全国人民代表大会常务委员会关于修改《中华人民共和国检察官法》等八部法律的决定",
                None,
                None,
                "2017-09-01",
            ),
            (
                "zl.md",
                "专利代理条例（2018年修订）",
                Some("中华人民共和国国务院令第706号"),
                Some("国务院"),
                "2018-11-06",
            ),
            (
                "tz.pdf",
                "国务院办公厅关于放假的通知",
                Some("国办发〔2019〕6号"),
                Some("国务院办公厅"),
                "2019-01-01",
            ),
        ]))
    }

    fn none(_: &str) -> Option<String> {
        None
    }

    fn ids(named: &[Named]) -> Vec<&str> {
        named.iter().map(|n| n.id.as_str()).collect()
    }

    #[test]
    fn a_short_title_names_the_law_newest_version_first() {
        let named = library().named(&["检察官法".into()], &none);
        assert_eq!(ids(&named), ["jcg.md", "jcg-1995.md", "xg.md"]);
        assert_eq!((named[0].tier, named[2].tier), (0, 2));
        assert_eq!(named[0].matched, [NamedBy::Title]);
    }

    #[test]
    fn version_notes_and_title_marks_are_not_part_of_a_name() {
        let named = library().named(&["《专利代理条例》".into()], &none);
        assert_eq!(ids(&named), ["zl.md"]);
        assert_eq!(named[0].tier, 0);
    }

    #[test]
    fn numbers_in_any_bracket_style_and_orders_by_their_number() {
        let names = library();
        for typed in ["国办发[2019]6号", "国办发（2019）6号", "国办发〔2019〕6号"] {
            let named = names.named(&[fold_str(typed)], &none);
            assert_eq!(ids(&named), ["tz.pdf"], "{typed}");
            assert_eq!(named[0].matched, [NamedBy::DocNumber]);
        }
        let named = names.named(&["国务院令第706号".into()], &none);
        assert_eq!(ids(&named), ["zl.md"]);
        assert_eq!(named[0].tier, 1);
        // A number's part that is no number (2019) names nothing by number.
        assert!(names.naming("2019").is_empty());
    }

    #[test]
    fn an_issuer_typed_whole_names_its_documents() {
        let named = library().named(&["国务院".into()], &none);
        // 国务院 issued the regulation; the notice's title begins with 国务院(办公厅).
        assert_eq!(ids(&named), ["zl.md", "tz.pdf"]);
        assert_eq!((named[0].tier, named[1].tier), (0, 1));
        assert_eq!(named[0].matched, [NamedBy::Issuer]);
        let named = library().named(&["办公厅".into()], &none);
        assert_eq!(named[0].tier, 2);
    }

    #[test]
    fn a_two_character_part_names_a_title_only_at_its_end() {
        let names = DocumentNames::of(&manifest(&[
            ("xf.md", "中华人民共和国刑法", None, None, "2020-12-26"),
            (
                "bg.txt",
                "2026年上海市政府工作报告",
                None,
                Some("上海市人民政府"),
                "2026-01-20",
            ),
        ]));
        assert_eq!(ids(&names.named(&["刑法".into()], &none)), ["xf.md"]);
        assert!(names.naming("工作").is_empty());
        assert!(names.naming("上海").is_empty());
        assert_eq!(ids(&names.named(&["工作报告".into()], &none)), ["bg.txt"]);
    }

    #[test]
    fn every_part_must_name_the_document_and_one_character_names_nothing() {
        let names = library();
        assert_eq!(
            ids(&names.named(&["检察官法".into(), "决定".into()], &none)),
            ["xg.md"]
        );
        assert!(names.named(&["法".into()], &none).is_empty());
        // Another format of a shown file stands for it.
        let twin = |id: &str| (id == "jcg-1995.md").then(|| "jcg.md".to_string());
        assert_eq!(
            ids(&names.named(&["检察官法".into()], &twin)),
            ["jcg.md", "xg.md"]
        );
        assert_eq!(
            ids(&names.named(&["专利代理条例（试行）".into()], &none)),
            ["zl.md"]
        );
    }
}
