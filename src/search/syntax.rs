//! What the user typed → what to look for.
//!
//! Space-separated parts must all be present, each as typed (after folding). A forgiving syntax
//! on top: `"a phrase with spaces"`, `-excluded`, `title:…`, `section:…`, `doc:…`, `region:上海`,
//! `year:2026` (the year the document is about), `date:2026-01..2026-03`. Anything that does
//! not parse as syntax is searched as plain text.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::analyze::fold::fold_keeping_spaces;
use crate::analyze::{self, fold_str};
use crate::parse::date::Date;
use crate::text::numerals;

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
    /// `year:abc`, `date:2026-13..x`, `article:x`: a filter whose value cannot be read.
    #[error("{typed}: {}", hint(.field, false))]
    BadFilter { field: &'static str, typed: String },
    /// `title:` with nothing after the colon.
    #[error("{typed} has no value: {}", hint(.field, false))]
    EmptyFilter { field: &'static str, typed: String },
    /// `-房地产` alone: what would be left out of nothing.
    #[error(
        "the query only excludes ({0}): add a word or a filter to search in, e.g. 低空经济 {0}"
    )]
    OnlyExcluded(String),
}

/// How to write a filter's value, in English or Chinese.
fn hint(field: &str, chinese: bool) -> String {
    let (en, zh) = match field {
        "year" => (
            "a year is YYYY or YYYY..YYYY (1900-2200), e.g. year:2026 or year:2025..2026",
            "年份应为 YYYY 或 YYYY..YYYY（1900–2200），例如 year:2026、year:2025..2026",
        ),
        "date" => (
            "a date is YYYY, YYYY-MM or YYYY-MM-DD, a range FROM..TO, e.g. date:2026-01..2026-03",
            "日期应为 YYYY、YYYY-MM 或 YYYY-MM-DD，区间写作 起..止，例如 date:2026-01..2026-03",
        ),
        "article" => (
            "an article is a number, e.g. article:12 or 条:十二",
            "条号应为数字，例如 article:12、条:十二",
        ),
        "title" => (
            "write text after the colon, e.g. title:上海",
            "冒号后应写标题中的文字，例如 title:上海",
        ),
        "section" => (
            "write text after the colon, e.g. section:民生",
            "冒号后应写章节标题中的文字，例如 section:民生",
        ),
        "doc" => (
            "write a file name after the colon, e.g. doc:2026_北京市",
            "冒号后应写文件名的一部分，例如 doc:2026_北京市",
        ),
        "docno" => (
            "write a document number after the colon, e.g. docno:国办发〔2024〕5号",
            "冒号后应写发文字号，例如 docno:国办发〔2024〕5号",
        ),
        "kind" => (
            "write a document type after the colon, e.g. kind:通知",
            "冒号后应写文种，例如 kind:通知",
        ),
        "issuer" => (
            "write an issuing body after the colon, e.g. issuer:国务院办公厅",
            "冒号后应写发文机关，例如 issuer:国务院办公厅",
        ),
        "level" => (
            "write a level of authority after the colon, e.g. level:行政法规",
            "冒号后应写效力级别，例如 level:行政法规",
        ),
        "status" => (
            "write a validity after the colon, e.g. status:现行有效",
            "冒号后应写时效性，例如 status:现行有效",
        ),
        "in-force" => (
            "a day is YYYY-MM-DD, e.g. in-force:2020-01-01",
            "日期应为 YYYY-MM-DD，例如 in-force:2020-01-01",
        ),
        _ => (
            "write a region after the colon, e.g. region:上海",
            "冒号后应写地区，例如 region:上海",
        ),
    };
    if chinese { zh } else { en }.to_string()
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
            QueryError::BadFilter { field, typed } => {
                format!("筛选条件 {typed} 写法不对：{}", hint(field, true))
            }
            QueryError::EmptyFilter { field, typed } => {
                format!("筛选条件 {typed} 缺少内容：{}", hint(field, true))
            }
            QueryError::OnlyExcluded(parts) => format!(
                "检索式只有排除条件（{parts}），没有可从中排除的范围：请再加一个检索词或筛选条件，例如「低空经济 {parts}」"
            ),
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
    /// Negated filters (`-year:2025`, `-kind:通知`): each holds one filter, and a paragraph it
    /// matches is left out.
    pub negated: Vec<ParsedQuery>,
    /// Articles typed as text (第二十五条, 第25条第二款, 民法典第1035条's article): a paragraph
    /// must be in that article or mention it.
    pub articles: Vec<ArticleRef>,
}

/// An article as people write it: 第二十五条, 第25条, 第二十五条第二款, 第二十五条第一款第（三）项,
/// 第二百八十七条之一.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleRef {
    /// As typed, folded (第25条): a paragraph that says it so matches by its own text.
    pub typed: String,
    /// 25 for 第二十五条.
    pub number: u32,
    /// 1 for 第二百八十七条之一 (an article inserted after 第二百八十七条).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub: Option<u32>,
    /// The 款 (paragraph of the article), 1-based.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause: Option<u32>,
    /// The 项 (numbered item of the 款), 1-based.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<u32>,
}

impl ArticleRef {
    /// The article's heading as laws write it, and in Arabic digits: 第二十五条, 第25条 (with
    /// 之一 where it has one).
    pub fn headings(&self) -> [String; 2] {
        let sub = self
            .sub
            .map(|s| format!("之{}", numerals::chinese_numeral(s)))
            .unwrap_or_default();
        [
            format!("第{}条{sub}", numerals::chinese_numeral(self.number)),
            format!("第{}条{sub}", self.number),
        ]
    }

    /// How the article is cited: 第二十五条第二款第（三）项.
    pub fn citation(&self) -> String {
        let mut out = self.headings()[0].clone();
        if let Some(clause) = self.clause {
            out.push_str(&format!("第{}款", numerals::chinese_numeral(clause)));
        }
        if let Some(item) = self.item {
            out.push_str(&format!("第（{}）项", numerals::chinese_numeral(item)));
        }
        out
    }
}

/// An article reference at the end of a folded word, with what comes before it (a document's
/// name, or nothing): 民法典第1035条, 《专利代理条例》第二十五条第二款, 第二十五条第一款第(三)项.
static ARTICLE_REF: LazyLock<Regex> = LazyLock::new(|| {
    let n = format!("[0-9{}]+", crate::text::numerals::SPOKEN_NUMERAL_CHARS);
    Regex::new(&format!(
        r"^(?P<name>.*?)第(?P<n>{n})条(?:之(?P<sub>{n}))?(?:第(?P<clause>{n})款)?(?:第?\(?(?P<item>{n})\)?项)?$"
    ))
    .unwrap()
});

/// A number written either way: 25, 二十五, 两.
fn number_in(text: &str) -> Option<u32> {
    text.parse()
        .ok()
        .or_else(|| numerals::chinese_ordinal(&text.replace('两', "二")))
        .filter(|n| *n > 0)
}

/// `word` (folded) as a document's name (possibly empty) and an article of it.
fn article_ref(word: &str) -> Option<(String, ArticleRef)> {
    let caps = ARTICLE_REF.captures(word)?;
    let number = number_in(&caps["n"])?;
    let optional = |name: &str| caps.name(name).map(|m| number_in(m.as_str()));
    let sub = optional("sub");
    let clause = optional("clause");
    let item = optional("item");
    // A number that does not parse (第十十条) makes the word plain text.
    if [sub, clause, item].iter().any(|n| matches!(n, Some(None))) {
        return None;
    }
    let name = caps["name"].trim();
    let typed = word[name.len()..].to_string();
    let name = strip_title_marks(name);
    Some((
        name.to_string(),
        ArticleRef {
            typed,
            number,
            sub: sub.flatten(),
            clause: clause.flatten(),
            item: item.flatten(),
        },
    ))
}

/// 《民法典》 → 民法典: title marks around a name typed in a query are not part of it.
fn strip_title_marks(text: &str) -> &str {
    let inner = text.trim();
    match inner.strip_prefix('《').and_then(|t| t.strip_suffix('》')) {
        Some(name) if !name.contains(['《', '》']) => name.trim(),
        _ => inner,
    }
}

impl ParsedQuery {
    /// True when the query restricts by text, not only by filters.
    pub fn has_text(&self) -> bool {
        !self.required.is_empty() || !self.articles.is_empty()
    }

    /// Strings to highlight.
    pub fn highlights(&self) -> Vec<String> {
        self.required
            .iter()
            .chain(self.alternatives.iter().flatten())
            .cloned()
            .chain(self.articles.iter().flat_map(|a| a.headings()))
            .map(|h| fold_str(&h))
            .collect()
    }

    /// Each part as typed: synonyms dropped, other bracket styles of a 发文字号 kept (they are
    /// the same number written differently, not another word).
    pub fn drop_synonyms(&mut self) {
        for (part, alternatives) in self.required.iter().zip(&mut self.alternatives) {
            let brackets = crate::parse::doc_number::bracket_variants(part);
            alternatives.retain(|a| brackets.contains(a));
        }
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
            alternatives.extend(crate::parse::doc_number::bracket_variants(part));
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
    // Parts are split at the spaces typed, then each is folded (which drops a space between two
    // Chinese characters: inside a quoted phrase it is typography).
    let folded = fold_keeping_spaces(input);
    if folded.trim().is_empty() {
        return Err(QueryError::Empty);
    }
    let mut q = ParsedQuery::default();
    for token in tokens(&folded) {
        apply(&mut q, token)?;
    }
    let parts =
        q.required.len() + q.excluded.len() + q.title.len() + q.section.len() + q.articles.len();
    if parts > MAX_PARTS {
        return Err(QueryError::TooManyParts(parts));
    }
    if q.required.is_empty()
        && q.articles.is_empty()
        && (!q.excluded.is_empty() || !q.negated.is_empty())
        && !has_filter(&q)
    {
        let mut parts: Vec<String> = q.excluded.iter().map(|e| format!("-{e}")).collect();
        parts.extend(tokens(&folded).into_iter().filter_map(|t| {
            match t {
                Token::Word(w) => w
                    .strip_prefix('-')
                    .and_then(|b| b.split_once(':'))
                    .filter(|(f, _)| canonical_field(f).is_some())
                    .map(|_| w.to_string()),
                _ => None,
            }
        }));
        return Err(QueryError::OnlyExcluded(parts.join(" ")));
    }
    if q.required.is_empty() && q.articles.is_empty() && !has_filter(&q) {
        return Err(QueryError::NothingSearchable);
    }
    Ok(q)
}

/// True when the query restricts by a (positive) filter.
fn has_filter(q: &ParsedQuery) -> bool {
    !(q.doc_number.is_empty()
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
        && q.in_force.is_none())
}

/// A piece of the query: quoted text stays whole.
#[derive(Debug, PartialEq)]
enum Token<'a> {
    Quoted { negated: bool, text: &'a str },
    Word(&'a str),
}

/// Quotation marks a Chinese input method types, each read as `"` (＂ folds to `"` already).
const QUOTES: [char; 6] = ['“', '”', '「', '」', '『', '』'];

fn tokens(input: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut rest = input.trim_start();
    let is_quote = |c: char| c == '"' || QUOTES.contains(&c);
    while !rest.is_empty() {
        let (negated, after) = match rest.strip_prefix('-') {
            Some(after) if after.starts_with(is_quote) => (true, after),
            _ => (false, rest),
        };
        if let Some(open) = after.chars().next().filter(|c| is_quote(*c)) {
            let body = &after[open.len_utf8()..];
            // An unclosed quote quotes the rest of the query.
            let end = body.find(is_quote).unwrap_or(body.len());
            out.push(Token::Quoted {
                negated,
                text: &body[..end],
            });
            let close = body[end..].chars().next().map_or(0, char::len_utf8);
            rest = body[end + close..].trim_start();
            continue;
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
            let text = fold_str(text.trim());
            if analyze::has_searchable_char(&text) {
                if negated {
                    q.excluded.push(text)
                } else {
                    // Quotes mean exactly this: no synonyms, no article reading.
                    q.require(&text, false)
                }
            }
        }
        Token::Word(word) => {
            let (negated, bare) = match word.strip_prefix('-') {
                Some(rest) => (true, rest),
                None => (false, word),
            };
            if let Some((field, value)) = bare.split_once(':') {
                if let Some(field) = canonical_field(field) {
                    if value.is_empty() {
                        return Err(QueryError::EmptyFilter {
                            field,
                            typed: bare.to_string(),
                        });
                    }
                    if negated {
                        let mut one = ParsedQuery::default();
                        apply_field(&mut one, field, value, bare)?;
                        q.negated.push(one);
                    } else {
                        apply_field(q, field, value, bare)?;
                    }
                    return Ok(());
                }
            }
            if let Some((name, article)) = article_ref(word).filter(|_| !negated) {
                if analyze::has_searchable_char(&name) {
                    q.require(&name, true);
                }
                if !q.articles.contains(&article) {
                    q.articles.push(article);
                }
                return Ok(());
            }
            match word.strip_prefix('-') {
                Some(excluded) if analyze::has_searchable_char(excluded) => {
                    q.excluded.push(excluded.into())
                }
                _ if analyze::has_searchable_char(word) => q.require(strip_title_marks(word), true),
                // A lone punctuation mark next to real words is noise; alone it is an error (above).
                _ => {}
            }
        }
    }
    Ok(())
}

/// The field a `name:` stands for (English or Chinese), or None: then `name:value` is text.
fn canonical_field(name: &str) -> Option<&'static str> {
    Some(match name {
        "title" | "标题" => "title",
        "section" | "章节" => "section",
        "doc" | "文档" => "doc",
        "docno" | "文号" | "发文字号" => "docno",
        "kind" | "文种" => "kind",
        "issuer" | "发文机关" | "机关" => "issuer",
        "article" | "条" => "article",
        "year" | "年份" => "year",
        "region" | "地区" => "region",
        "date" | "日期" => "date",
        "level" | "效力级别" | "效力" => "level",
        "status" | "时效性" | "时效" => "status",
        "in-force" | "现行" | "有效于" => "in-force",
        _ => return None,
    })
}

/// `field:value` (`field` as [`canonical_field`] gives it); `typed` is the whole filter as
/// typed, for the error that says what cannot be read.
fn apply_field(
    q: &mut ParsedQuery,
    field: &'static str,
    value: &str,
    typed: &str,
) -> Result<(), QueryError> {
    let bad = || QueryError::BadFilter {
        field,
        typed: typed.to_string(),
    };
    match field {
        "title" => q.title.push(value.into()),
        "section" => q.section.push(value.into()),
        "doc" => q.doc.push(value.into()),
        "docno" => q.doc_number.push(value.into()),
        "kind" => q.kind.push(value.into()),
        "issuer" => q.issuer.push(value.into()),
        "article" => {
            let number = value.trim_start_matches('第').trim_end_matches('条');
            let n = number
                .parse()
                .ok()
                .or_else(|| crate::text::numerals::chinese_ordinal(number))
                .filter(|n| *n > 0)
                .ok_or_else(bad)?;
            q.article.push(n);
        }
        "year" => {
            let (from, to) = year_range(value).filter(|(a, b)| a <= b).ok_or_else(bad)?;
            q.year_from = Some(q.year_from.map_or(from, |f| f.max(from)));
            q.year_to = Some(q.year_to.map_or(to, |t| t.min(to)));
        }
        "region" => q.region.push(value.into()),
        "level" => q.level.push(value.into()),
        "status" => q.status.push(value.into()),
        "in-force" => q.in_force = Some(crate::search::versions::day(value).ok_or_else(bad)?),
        _ => {
            let (a, b) = value.split_once("..").unwrap_or((value, value));
            if a.is_empty() && b.is_empty() {
                return Err(bad());
            }
            let from = if a.is_empty() {
                0
            } else {
                date_bound(a, false).map_err(|_| bad())?
            };
            let to = if b.is_empty() {
                u64::MAX
            } else {
                date_bound(b, true).map_err(|_| bad())?
            };
            narrow(q, from, to);
        }
    }
    Ok(())
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
        assert_eq!(q.required, ["科技金融"]);
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
    fn chinese_quotation_marks_quote_a_phrase() {
        for typed in [
            "“科技 金融”",
            "「科技 金融」",
            "『科技 金融』",
            "＂科技 金融＂",
        ] {
            let q = parse(typed).unwrap();
            assert_eq!(q.required, ["科技金融"], "{typed}");
            assert!(q.alternatives[0].is_empty(), "{typed}");
        }
        let q = parse("-“房地产” 住房").unwrap();
        assert_eq!(
            (q.excluded, q.required),
            (vec!["房地产".to_string()], vec!["住房".to_string()])
        );
    }

    #[test]
    fn articles_in_every_way_people_write_them() {
        let article = |number, clause, item| ArticleRef {
            typed: String::new(),
            number,
            sub: None,
            clause,
            item,
        };
        for (typed, name, want) in [
            ("第二十五条", None, article(25, None, None)),
            ("第25条", None, article(25, None, None)),
            ("第二十五条第二款", None, article(25, Some(2), None)),
            (
                "第二十五条第一款第（三）项",
                None,
                article(25, Some(1), Some(3)),
            ),
            (
                "民法典第一千零三十五条",
                Some("民法典"),
                article(1035, None, None),
            ),
            (
                "《民法典》第1035条",
                Some("民法典"),
                article(1035, None, None),
            ),
            (
                "专利代理条例 第二十五条",
                Some("专利代理条例"),
                article(25, None, None),
            ),
            (
                "《民法典》 第1035条",
                Some("民法典"),
                article(1035, None, None),
            ),
        ] {
            let q = parse(typed).unwrap();
            let got: Vec<ArticleRef> = q
                .articles
                .iter()
                .map(|a| ArticleRef {
                    typed: String::new(),
                    ..a.clone()
                })
                .collect();
            assert_eq!(got, std::slice::from_ref(&want), "{typed}");
            assert!(
                typed.contains(&q.articles[0].typed) || typed.contains('（'),
                "{typed}"
            );
            let required: Vec<&str> = q.required.iter().map(String::as_str).collect();
            assert_eq!(required, name.into_iter().collect::<Vec<_>>(), "{typed}");
        }
        let q = parse("第二百八十七条之一").unwrap();
        assert_eq!(q.articles[0].sub, Some(1));
        assert_eq!(
            q.articles[0].headings(),
            ["第二百八十七条之一", "第287条之一"]
        );
        assert_eq!(
            parse("第二十五条第一款第（三）项").unwrap().articles[0].citation(),
            "第二十五条第一款第（三）项"
        );
        // Quoted, it is the text as typed.
        let q = parse("\"第二十五条\"").unwrap();
        assert!(q.articles.is_empty());
        assert_eq!(q.required, ["第二十五条"]);
    }

    #[test]
    fn title_marks_around_a_name_are_not_part_of_it() {
        assert_eq!(parse("《民法典》").unwrap().required, ["民法典"]);
    }

    #[test]
    fn what_does_not_parse_is_text() {
        assert_eq!(parse("5G-A").unwrap().required, ["5g-a"]);
        assert_eq!(parse("比例:1:2").unwrap().required, ["比例:1:2"]);
        // An unclosed quote quotes the rest of the query.
        assert_eq!(parse("\"未闭合 引号").unwrap().required, ["未闭合引号"]);
        assert_eq!(
            parse("-").map(|q| q.required),
            Err(QueryError::NothingSearchable)
        );
    }

    #[test]
    fn a_filter_whose_value_cannot_be_read_is_an_error() {
        for (query, field) in [
            ("低空 year:abc", "year"),
            ("低空 年份:2026..20", "year"),
            ("低空 date:2026-13..x", "date"),
            ("低空 date:2026-13", "date"),
            ("低空 date:..", "date"),
            ("低空 article:abc", "article"),
        ] {
            match parse(query) {
                Err(QueryError::BadFilter { field: f, typed }) => {
                    assert_eq!(f, field, "{query}");
                    assert!(query.contains(&typed), "{query}: {typed}");
                }
                other => panic!("{query}: {other:?}"),
            }
        }
        for query in ["title:", "低空 -region:", "发文机关:"] {
            assert!(
                matches!(parse(query), Err(QueryError::EmptyFilter { .. })),
                "{query}"
            );
        }
        let e = parse("低空 date:2026-13..x").unwrap_err();
        assert!(e.chinese().contains("date:2026-13..x") && e.chinese().contains("例如"));
    }

    #[test]
    fn negated_filters_are_kept_one_by_one() {
        let q = parse("新质生产力 -year:2025 -kind:通知 -region:上海").unwrap();
        assert_eq!(q.required, ["新质生产力"]);
        assert_eq!(q.year_from, None);
        assert_eq!(q.negated.len(), 3);
        assert_eq!(
            (q.negated[0].year_from, q.negated[0].year_to),
            (Some(2025), Some(2025))
        );
        assert_eq!(q.negated[1].kind, ["通知"]);
        assert_eq!(q.negated[2].region, ["上海"]);
        assert!(q.excluded.is_empty());
    }

    #[test]
    fn a_query_of_exclusions_alone_says_what_it_would_exclude() {
        assert_eq!(
            parse("-房地产"),
            Err(QueryError::OnlyExcluded("-房地产".into()))
        );
        assert_eq!(
            parse("-房地产 -year:2025"),
            Err(QueryError::OnlyExcluded("-房地产 -year:2025".into()))
        );
        // With a filter to exclude from, it is a search.
        assert!(parse("year:2026 -房地产").is_ok());
        assert!(parse("region:上海 -kind:通知").is_ok());
    }

    #[test]
    fn synonyms_can_be_dropped_but_bracket_styles_stay() {
        let mut q = parse("高新区 国办发〔2024〕5号").unwrap();
        q.drop_synonyms();
        assert!(q.alternatives[0].is_empty());
        assert!(q.alternatives[1].contains(&"国办发[2024]5号".to_string()));
    }
}
