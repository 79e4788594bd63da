//! How the headings of Chinese official documents are numbered: 第一部分 › 第一章 › 第一节 ›
//! 第一条 › 一、 › （一） › 1. › （1） › ①. The page layout starts a paragraph at a numbered
//! heading; the parser ranks headings by their numbering style into section paths.

use std::sync::LazyLock;

use regex::Regex;

use super::numerals::NUMERAL_CHARS;

/// A numbering style of headings, outermost first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HeadingStyle {
    /// A heading whose level the source marks (Markdown `##`) and whose text has no numbering.
    Outline(u8),
    /// 第一部分, 第一编, 第一篇
    Part,
    /// 第一分编 (the Civil Code's books are divided so)
    SubPart,
    /// 第一章
    Chapter,
    /// 第一节
    Section,
    /// 第一条
    Article,
    /// 一、
    Chinese,
    /// （一） or (一)
    ChineseParen,
    /// 1. or 1、 (and 1 总则 in a document numbered 1 › 1.1 › 1.1.1)
    Arabic,
    /// 1.2 or 1.2.1: decimal numbering, its depth (2, 3, …)
    Decimal(u8),
    /// （1） or (1)
    ArabicParen,
    /// ①
    Circled,
}

static STYLES: LazyLock<Vec<(HeadingStyle, Regex)>> = LazyLock::new(|| {
    let ordinal = format!(r"^第[{NUMERAL_CHARS}\d]+");
    let after = format!(r"(?:\s|$|[^\d{NUMERAL_CHARS}])");
    let re = |s: String| Regex::new(&s).unwrap();
    vec![
        (
            HeadingStyle::Part,
            re(format!(r"{ordinal}(?:部分|编|篇){after}")),
        ),
        (HeadingStyle::SubPart, re(format!(r"{ordinal}分编{after}"))),
        (HeadingStyle::Chapter, re(format!(r"{ordinal}章{after}"))),
        (HeadingStyle::Section, re(format!(r"{ordinal}节{after}"))),
        (HeadingStyle::Article, re(format!(r"{ordinal}条{after}"))),
        (
            HeadingStyle::Chinese,
            re(format!(r"^[{NUMERAL_CHARS}]+[、.．]")),
        ),
        (
            HeadingStyle::ChineseParen,
            re(format!(
                r"^(?:[（(][{NUMERAL_CHARS}]+|[{NUMERAL_CHARS}]+)[）)]"
            )),
        ),
        (
            HeadingStyle::Arabic,
            re(r"^\d{1,2}[.．、](?:[^\d]|$)".into()),
        ),
        (HeadingStyle::ArabicParen, re(r"^[（(]\d{1,2}[）)]".into())),
        (HeadingStyle::Circled, re(r"^[①-⑳]".into())),
    ]
});

/// The numbering style a line opens with, if it is a heading.
pub fn heading_style(line: &str) -> Option<HeadingStyle> {
    STYLES
        .iter()
        .find(|(_, re)| re.is_match(line))
        .map(|(kind, _)| *kind)
}

/// True for a line that opens with a heading number (一、, （一）, 1., 第一章, 第一条, …).
pub fn is_heading(line: &str) -> bool {
    heading_style(line).is_some()
}
