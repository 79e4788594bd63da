//! What the user typed → what to look for.
//!
//! Space-separated parts must all be present, each as typed (after folding). A forgiving syntax
//! on top: `"a phrase with spaces"`, `-excluded`, `title:…`, `section:…`, `doc:…`, `region:上海`,
//! `year:2026` (the year the document is about), `date:2026-01..2026-03`. Anything that does
//! not parse as syntax is searched as plain text.

use serde::Serialize;

use crate::analyze::{self, fold_str};
use crate::parse::date::Date;

/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 256;
/// The most parts a query may have.
pub const MAX_PARTS: usize = 16;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("the query is empty: type a word or phrase to search for")]
    Empty,
    #[error("the query is too long ({0} characters; at most {MAX_QUERY_CHARS})")]
    TooLong(usize),
    #[error("the query has too many parts ({0}; at most {MAX_PARTS})")]
    TooManyParts(usize),
    #[error("the query has nothing to search for: it holds no letter, digit or Chinese character")]
    NothingSearchable,
    #[error("bad date {0:?}: use YYYY, YYYY-MM or YYYY-MM-DD")]
    BadDate(String),
    #[error("bad year {0:?}: use YYYY or YYYY..YYYY")]
    BadYear(String),
}

impl QueryError {
    /// The message in Chinese, for the web UI.
    pub fn chinese(&self) -> String {
        match self {
            QueryError::Empty => "请输入要检索的词语".into(),
            QueryError::TooLong(n) => {
                format!("检索词过长（{n} 个字符，最多 {MAX_QUERY_CHARS} 个）")
            }
            QueryError::TooManyParts(n) => format!("检索词分段过多（{n} 段，最多 {MAX_PARTS} 段）"),
            QueryError::NothingSearchable => {
                "检索词中没有可检索的内容：请至少包含一个汉字、字母或数字".into()
            }
            QueryError::BadDate(d) => {
                format!("日期格式不对：{d}（应为 YYYY、YYYY-MM 或 YYYY-MM-DD）")
            }
            QueryError::BadYear(y) => format!("年份格式不对：{y}（应为 YYYY 或 YYYY..YYYY）"),
        }
    }
}

/// A parsed query: folded strings, each to be found as a substring.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ParsedQuery {
    /// Every one must be in the paragraph (or one of its alternatives).
    pub required: Vec<String>,
    /// For each required part, synonyms it may be written as (empty for quoted phrases).
    pub alternatives: Vec<Vec<String>>,
    /// None may be in the paragraph.
    pub excluded: Vec<String>,
    /// Each must be in the document's title.
    pub title: Vec<String>,
    /// Each must be in the paragraph's section path.
    pub section: Vec<String>,
    /// Document ids (or parts of ids) to search in.
    pub doc: Vec<String>,
    /// 发文字号 (or parts) of the documents to search in.
    pub doc_number: Vec<String>,
    /// 文种 of the documents to search in (办法, 通知…).
    pub kind: Vec<String>,
    /// Issuing bodies (or parts of their names) of the documents to search in.
    pub issuer: Vec<String>,
    /// Articles to search in (`article:12`, `条:12`): paragraphs under 第十二条.
    pub article: Vec<u32>,
    /// Inclusive date range as YYYYMMDD numbers.
    pub date_from: Option<u64>,
    pub date_to: Option<u64>,
    /// Inclusive range of the year the documents are about (`year:`): the year of a report's
    /// title (2026年…报告), else the year of its date.
    pub year_from: Option<u64>,
    pub year_to: Option<u64>,
    /// Regions (any form; matched by short form) the documents must be of.
    pub region: Vec<String>,
    /// 效力级别 of the documents to search in (`level:行政法规`).
    pub level: Vec<String>,
    /// 时效性 of the documents to search in (`status:现行有效`).
    pub status: Vec<String>,
    /// Documents in force on this day (`in-force:2020-01-01`).
    pub in_force: Option<crate::parse::Date>,
}

impl ParsedQuery {
    /// True when the query restricts by text, not only by filters.
    pub fn has_text(&self) -> bool {
        !self.required.is_empty()
    }

    /// Strings to highlight.
    pub fn highlights(&self) -> Vec<String> {
        self.required
            .iter()
            .chain(self.alternatives.iter().flatten())
            .cloned()
            .collect()
    }

    /// A part that must be present; `expand` adds its synonyms as alternatives.
    fn require(&mut self, part: &str, expand: bool) {
        if self.required.iter().any(|r| r == part) {
            return;
        }
        self.required.push(part.to_string());
        let mut alternatives = Vec::new();
        if expand {
            alternatives.extend(analyze::synonyms::alternatives(part));
            alternatives.extend(crate::parse::docno::bracket_variants(part));
        }
        self.alternatives.push(alternatives);
    }
}

/// Parses a query; the syntax is optional and never an error by itself.
pub fn parse(input: &str) -> Result<ParsedQuery, QueryError> {
    let n = input.chars().count();
    if n > MAX_QUERY_CHARS {
        return Err(QueryError::TooLong(n));
    }
    let folded = fold_str(input);
    if folded.trim().is_empty() {
        return Err(QueryError::Empty);
    }
    let mut q = ParsedQuery::default();
    for token in tokens(&folded) {
        apply(&mut q, token)?;
    }
    let parts = q.required.len() + q.excluded.len() + q.title.len() + q.section.len();
    if parts > MAX_PARTS {
        return Err(QueryError::TooManyParts(parts));
    }
    if q.required.is_empty()
        && q.doc_number.is_empty()
        && q.title.is_empty()
        && q.section.is_empty()
        && q.doc.is_empty()
        && q.kind.is_empty()
        && q.issuer.is_empty()
        && q.article.is_empty()
        && q.date_from.is_none()
        && q.date_to.is_none()
        && q.year_from.is_none()
        && q.region.is_empty()
        && q.level.is_empty()
        && q.status.is_empty()
        && q.in_force.is_none()
    {
        return Err(QueryError::NothingSearchable);
    }
    Ok(q)
}

/// A piece of the query: quoted text stays whole.
#[derive(Debug, PartialEq)]
enum Token<'a> {
    Quoted { negated: bool, text: &'a str },
    Word(&'a str),
}

fn tokens(input: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut rest = input.trim_start();
    while !rest.is_empty() {
        let (negated, after) = match rest.strip_prefix('-') {
            Some(after) if after.starts_with('"') => (true, after),
            _ => (false, rest),
        };
        if let Some(body) = after.strip_prefix('"') {
            if let Some(end) = body.find('"') {
                out.push(Token::Quoted {
                    negated,
                    text: &body[..end],
                });
                rest = body[end + 1..].trim_start();
                continue;
            }
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        out.push(Token::Word(&rest[..end]));
        rest = rest[end..].trim_start();
    }
    out
}

fn apply(q: &mut ParsedQuery, token: Token) -> Result<(), QueryError> {
    match token {
        Token::Quoted { negated, text } => {
            let text = text.trim();
            if analyze::has_searchable_char(text) {
                if negated {
                    q.excluded.push(text.into())
                } else {
                    // Quotes mean exactly this: no synonyms.
                    q.require(text, false)
                }
            }
        }
        Token::Word(word) => {
            if let Some((field, value)) = word.split_once(':') {
                if !value.is_empty() && apply_field(q, field, value)? {
                    return Ok(());
                }
            }
            match word.strip_prefix('-') {
                Some(excluded) if analyze::has_searchable_char(excluded) => {
                    q.excluded.push(excluded.into())
                }
                _ if analyze::has_searchable_char(word) => q.require(word, true),
                // A lone punctuation mark next to real words is noise; alone it is an error (above).
                _ => {}
            }
        }
    }
    Ok(())
}

/// `field:value`; false when `field` is not a field name, so the word is searched as text.
fn apply_field(q: &mut ParsedQuery, field: &str, value: &str) -> Result<bool, QueryError> {
    match field {
        "title" | "标题" => q.title.push(value.into()),
        "section" | "章节" => q.section.push(value.into()),
        "doc" | "文档" => q.doc.push(value.into()),
        "docno" | "文号" | "发文字号" => q.doc_number.push(value.into()),
        "kind" | "文种" => q.kind.push(value.into()),
        "issuer" | "发文机关" | "机关" => q.issuer.push(value.into()),
        "article" | "条" => {
            let number = value
                .trim_start_matches('第')
                .trim_end_matches('条')
                .to_string();
            let Some(n) = number
                .parse()
                .ok()
                .or_else(|| crate::parse::structure::chinese_ordinal(&number))
                .filter(|n| *n > 0)
            else {
                return Ok(false);
            };
            q.article.push(n);
        }
        "year" | "年份" => {
            let Some((from, to)) = year_range(value) else {
                return Ok(false);
            };
            q.year_from = Some(q.year_from.map_or(from, |f| f.max(from)));
            q.year_to = Some(q.year_to.map_or(to, |t| t.min(to)));
        }
        "region" | "地区" => q.region.push(value.into()),
        "level" | "效力级别" | "效力" => q.level.push(value.into()),
        "status" | "时效性" | "时效" => q.status.push(value.into()),
        "in-force" | "现行" | "有效于" => {
            let Some(day) = crate::search::versions::day(value) else {
                return Err(QueryError::BadDate(value.into()));
            };
            q.in_force = Some(day);
        }
        "date" | "日期" => {
            let (a, b) = value.split_once("..").unwrap_or((value, value));
            let from = if a.is_empty() {
                Ok(0)
            } else {
                date_bound(a, false)
            };
            let to = if b.is_empty() {
                Ok(u64::MAX)
            } else {
                date_bound(b, true)
            };
            let (Ok(from), Ok(to)) = (from, to) else {
                return Ok(false);
            };
            narrow(q, from, to);
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// `2026` or `2025..2026` as an inclusive range of years.
pub fn year_range(value: &str) -> Option<(u64, u64)> {
    let (a, b) = value.split_once("..").unwrap_or((value, value));
    let a: u64 = a
        .trim()
        .parse()
        .ok()
        .filter(|y| (1900..=2200).contains(y))?;
    let b: u64 = b
        .trim()
        .parse()
        .ok()
        .filter(|y| (1900..=2200).contains(y))?;
    Some((a, b))
}

fn narrow(q: &mut ParsedQuery, from: u64, to: u64) {
    q.date_from = Some(q.date_from.map_or(from, |f| f.max(from)));
    q.date_to = Some(q.date_to.map_or(to, |t| t.min(to)));
}

/// `2026`, `2026-01`, `2026-01-15` (also with `/` or `.`) as the first or last day it covers,
/// YYYYMMDD; a day that does not exist (2023-02-29) is an error.
pub fn date_bound(value: &str, end: bool) -> Result<u64, QueryError> {
    Date::bound(value, end)
        .map(Date::number)
        .map_err(|_| QueryError::BadDate(value.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_parts_are_folded_and_required() {
        let q = parse("科學城  ＧＤＰ").unwrap();
        assert_eq!(q.required, ["科学城", "gdp"]);
        assert_eq!(parse("人工智能+").unwrap().required, ["人工智能+"]);
        assert_eq!(parse("R&D").unwrap().required, ["r&d"]);
    }

    #[test]
    fn errors_for_what_cannot_be_searched() {
        assert_eq!(parse(""), Err(QueryError::Empty));
        assert_eq!(parse("  　 "), Err(QueryError::Empty));
        assert_eq!(parse("。，！"), Err(QueryError::NothingSearchable));
        assert!(matches!(
            parse(&"创".repeat(300)),
            Err(QueryError::TooLong(300))
        ));
    }

    #[test]
    fn syntax() {
        let q = parse(r#""科技 金融" -房地产 title:上海 section:民生 doc:2026_北京市 year:2026"#)
            .unwrap();
        assert_eq!(q.required, ["科技 金融"]);
        assert_eq!(q.excluded, ["房地产"]);
        assert_eq!(q.title, ["上海"]);
        assert_eq!(q.section, ["民生"]);
        assert_eq!(q.doc, ["2026_北京市"]);
        assert_eq!((q.year_from, q.year_to), (Some(2026), Some(2026)));
        assert_eq!(q.date_from, None);
        let q = parse("region:广西壮族自治区 year:2025..2026").unwrap();
        assert_eq!(q.region, ["广西壮族自治区"]);
        assert_eq!((q.year_from, q.year_to), (Some(2025), Some(2026)));
        let q = parse("date:2026-01..2026-03 低空经济").unwrap();
        assert_eq!((q.date_from, q.date_to), (Some(20260101), Some(20260331)));
        assert_eq!(q.required, ["低空经济"]);
    }

    #[test]
    fn synonyms_expand_words_but_not_quoted_phrases() {
        let q = parse("高新区 \"规上\"").unwrap();
        assert_eq!(q.required, ["高新区", "规上"]);
        assert_eq!(q.alternatives[0], ["高新技术产业开发区"]);
        assert!(q.alternatives[1].is_empty());
        assert!(q.highlights().contains(&"高新技术产业开发区".to_string()));
    }

    #[test]
    fn document_numbers_match_in_every_bracket_style() {
        for typed in [
            "国办发〔2024〕5号",
            "国办发[2024]5号",
            "国办发（２０２４）５号",
            "国办发【2024】5号",
        ] {
            let q = parse(typed).unwrap();
            let mut all = q.required.clone();
            all.extend(q.alternatives[0].clone());
            for style in [
                "国办发〔2024〕5号",
                "国办发[2024]5号",
                "国办发(2024)5号",
                "国办发【2024】5号",
            ] {
                assert!(
                    all.contains(&style.to_string()),
                    "{typed} finds {style}: {all:?}"
                );
            }
        }
    }

    #[test]
    fn what_does_not_parse_is_text() {
        assert_eq!(parse("5G-A").unwrap().required, ["5g-a"]);
        assert_eq!(parse("比例:1:2").unwrap().required, ["比例:1:2"]);
        assert_eq!(parse("year:abc").unwrap().required, ["year:abc"]);
        assert_eq!(
            parse("\"未闭合 引号").unwrap().required,
            ["\"未闭合", "引号"]
        );
        assert_eq!(parse("date:2026-13").unwrap().required, ["date:2026-13"]);
        assert_eq!(
            parse("-").map(|q| q.required),
            Err(QueryError::NothingSearchable)
        );
    }
}
