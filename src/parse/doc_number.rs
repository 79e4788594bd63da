//! 发文字号: recognising document numbers (国办发〔2024〕5号), their parts (机关代字, 年份, 序号),
//! and the one normalised form that indexing, filters and highlighting all compare.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::analyze::fold_str;
use crate::text::numerals::NUMERAL_CHARS;

/// The brackets around a document number's year, in every style writers use; the first is the
/// standard one (GB/T 9704: 六角括号).
const BRACKETS: [(char, char); 6] = [
    ('〔', '〕'),
    ('[', ']'),
    ('(', ')'),
    ('【', '】'),
    ('［', '］'),
    ('（', '）'),
];

/// 国办发〔2024〕5号, 渝府发[2022]5号, 国发（2023）第12号: 机关代字, bracketed year, 序号.
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"([\p{Han}A-Za-z]{1,20}?)\s*[〔\[［（(【]\s*((?:19|20)\d{2})\s*[〕\]］）)】]\s*第?\s*(\d{1,5})\s*号",
    )
    .unwrap()
});
/// Words a sentence puts right before a document number.
const LEADING_WORDS: &[&str] = &[
    "依据", "根据", "按照", "参照", "对照", "落实", "贯彻", "执行", "以及", "和", "及", "与", "、",
    "即", "经", "见", "据",
];
/// A line that is nothing but a document number.
static NUMBER_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^(?:{})$", NUMBER.as_str())).unwrap());
/// 中华人民共和国国务院令第777号, 第45号: the number of a 令.
static ORDER_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(\p{{Han}}{{2,30}}?)令\s*[（(]?\s*第\s*([\d{NUMERAL_CHARS}]{{1,8}})\s*号\s*[）)]?$"
    ))
    .unwrap()
});

/// A document number's parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocNumber {
    /// 机关代字 with its 发/函/办 (国办发, 渝府发).
    pub agency: String,
    pub year: u32,
    pub serial: u32,
}

impl DocNumber {
    /// The first document number in a text.
    pub fn find(text: &str) -> Option<DocNumber> {
        let c = NUMBER.captures(text)?;
        Some(DocNumber {
            agency: c[1].to_string(),
            year: c[2].parse().ok()?,
            serial: c[3].parse().ok()?,
        })
    }

    /// Every document number a text mentions, normalised (国发〔2019〕5号). Words that run
    /// into the 机关代字 in a sentence (依据国发…, 和国办发…) are left out.
    pub fn all_in(text: &str) -> Vec<String> {
        NUMBER
            .find_iter(text)
            .map(|m| {
                let mut s = m.as_str();
                while let Some(rest) = LEADING_WORDS.iter().find_map(|w| s.strip_prefix(w)) {
                    s = rest;
                }
                normalize(s)
            })
            .collect()
    }
}

/// True for a line that is a document number and nothing else.
pub fn is_doc_number(line: &str) -> bool {
    NUMBER_LINE.is_match(line.trim())
}

/// The issuer of a 令 and the line itself, for `中华人民共和国国务院令 第777号`.
pub fn order_number(line: &str) -> Option<(String, String)> {
    let squeezed: String = line.split_whitespace().collect();
    let c = ORDER_NUMBER.captures(&squeezed)?;
    let issuer = c[1]
        .strip_prefix("中华人民共和国")
        .filter(|rest| !rest.is_empty() && *rest != "主席")
        .unwrap_or(&c[1]);
    Some((issuer.to_string(), squeezed.clone()))
}

/// A document number in the one form every comparison uses: folded (width, case, 繁→简), no
/// spaces, the year in 〔〕: 国办发\[2024\]5号 → 国办发〔2024〕5号. (Character by character, so that
/// a search cluster's char_filter can do the same.)
pub fn normalize(number: &str) -> String {
    fold_str(number)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(
            |c| match BRACKETS.iter().find(|(o, cl)| c == *o || c == *cl) {
                Some((o, _)) if c == *o => '〔',
                Some(_) => '〕',
                None => c,
            },
        )
        .collect()
}

/// The same text in the other bracket styles of document numbers, as folded text has them
/// (（） are folded to ()): 国办发〔2024〕5号 is also written 国办发\[2024\]5号 and 国办发(2024)5号.
pub fn bracket_variants(folded: &str) -> Vec<String> {
    const FOLDED_STYLES: [(char, char); 4] = [('〔', '〕'), ('[', ']'), ('(', ')'), ('【', '】')];
    let Some(own) = FOLDED_STYLES
        .iter()
        .position(|(open, close)| folded.contains(*open) && folded.contains(*close))
    else {
        return Vec::new();
    };
    let (open, close) = FOLDED_STYLES[own];
    FOLDED_STYLES
        .iter()
        .filter(|(o, _)| *o != open)
        .map(|(o, c)| {
            folded
                .replace(open, &o.to_string())
                .replace(close, &c.to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bracket_style_normalises_to_one_form() {
        for written in [
            "国办发〔2024〕5号",
            "国办发[2024]5号",
            "国办发［2024］5号",
            "国办发(2024)5号",
            "国办发（2024）5号",
            "国办发【2024】5号",
            "国辦發 〔2024〕 5 號",
        ] {
            assert_eq!(normalize(written), "国办发〔2024〕5号", "{written}");
        }
    }

    #[test]
    fn parts_of_a_number() {
        assert_eq!(
            DocNumber::find("根据《通知》（国发〔2019〕5号）要求").unwrap(),
            DocNumber {
                agency: "国发".into(),
                year: 2019,
                serial: 5
            }
        );
        assert_eq!(DocNumber::find("渝府发[2022]5号").unwrap().agency, "渝府发");
        assert_eq!(
            DocNumber::all_in("依据国发〔2019〕5号和国办发[2020]12号文件"),
            ["国发〔2019〕5号", "国办发〔2020〕12号"]
        );
        assert_eq!(DocNumber::find("2024年第5号"), None);
    }

    #[test]
    fn document_numbers_on_their_own_line() {
        for line in [
            "国办发〔2024〕3号",
            "教学厅〔2024〕1号",
            "渝府发[2022]5号",
            "国发（2023）第12号",
        ] {
            assert!(is_doc_number(line), "{line}");
        }
        for line in [
            "2024年1月5日",
            "国务院办公厅",
            "第3号",
            "〔2024〕3号文件要求加强管理",
        ] {
            assert!(!is_doc_number(line), "{line}");
        }
    }

    #[test]
    fn the_number_of_an_order_names_its_issuer() {
        assert_eq!(
            order_number("中华人民共和国国务院令 第777号"),
            Some(("国务院".into(), "中华人民共和国国务院令第777号".into()))
        );
        assert_eq!(
            order_number("中华人民共和国主席令（第四十五号）").map(|(i, _)| i),
            Some("中华人民共和国主席".into())
        );
        assert_eq!(order_number("国务院令要求各地加强管理"), None);
    }

    #[test]
    fn variants_in_other_bracket_styles() {
        let v = bracket_variants("国办发〔2024〕5号");
        assert!(v.contains(&"国办发[2024]5号".to_string()));
        assert!(v.contains(&"国办发(2024)5号".to_string()));
        assert!(bracket_variants("科技创新").is_empty());
    }
}
