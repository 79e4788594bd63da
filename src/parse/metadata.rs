//! Metadata read from the page: title, dates, source, issuing body, document and index numbers.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

/// What a document says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    pub title: String,
    /// The document's date: written date if stated, else the publication date, else the date in
    /// its byline (——2026年1月27日在…会议上).
    pub date: Option<String>,
    /// 成文日期 (or the byline's date).
    pub written: Option<String>,
    /// 发布日期 / 时间 / 发表时间 / a date line.
    pub published: Option<String>,
    /// 来源: the newspaper or site the text comes from.
    pub source: Option<String>,
    /// 发布机构 / 发文机关.
    pub issuer: Option<String>,
    /// 发文字号, e.g. 渝府发〔2022〕5号.
    pub doc_number: Option<String>,
    /// 索引号.
    pub index_number: Option<String>,
    /// How the file was decoded (UTF-8, GBK, UTF-16LE, …).
    pub encoding: String,
}

/// Which metadata field a label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Title,
    Source,
    Issuer,
    Written,
    Published,
    DocNumber,
    IndexNumber,
    /// A label of page furniture (主题分类, 阅读量, 编辑…): recognised, then dropped.
    Ignored,
}

fn key_of(label: &str) -> Option<Key> {
    Some(match label {
        "标题" | "名称" | "文件名称" => Key::Title,
        "来源" | "信息来源" | "来源单位" | "稿源" | "文章来源" => Key::Source,
        "发布机构" | "发文机关" | "发文单位" | "发布单位" | "发布部门" | "制发机关"
        | "成文机关" => Key::Issuer,
        "成文日期" | "成文时间" | "印发日期" | "签发日期" => Key::Written,
        "发布日期" | "发布时间" | "发表时间" | "时间" | "日期" | "更新时间" | "发文日期"
        | "公开日期" | "公布日期" => Key::Published,
        "发文字号" | "文号" | "发文号" => Key::DocNumber,
        "索引号" => Key::IndexNumber,
        "主题分类" | "体裁分类" | "主题词" | "有效性" | "作者" | "编辑" | "责任编辑" | "审核"
        | "校对" | "阅读量" | "浏览次数" | "浏览量" | "点击数" | "访问量" | "分类" | "公开方式"
        | "公开范围" | "生效日期" | "失效日期" | "废止日期" | "信息分类" | "组配分类"
        | "服务对象" | "体裁" | "主题" | "供稿" | "摄影" | "字号" | "字体" | "终审" => {
            Key::Ignored
        }
        _ => return None,
    })
}

static LABELS: &str = "标题|名称|文件名称|来源|信息来源|来源单位|稿源|文章来源|发布机构|发文机关|发文单位|发布单位|发布部门|制发机关|成文机关|成文日期|成文时间|印发日期|签发日期|发布日期|发布时间|发表时间|时间|日期|更新时间|发文日期|公开日期|公布日期|发文字号|文号|发文号|索引号|主题分类|体裁分类|主题词|有效性|作者|编辑|责任编辑|审核|校对|阅读量|浏览次数|浏览量|点击数|访问量|分类|公开方式|公开范围|生效日期|失效日期|废止日期|信息分类|组配分类|服务对象|体裁|主题|供稿|摄影|字号|字体|终审";

/// `[ 索引号 ] value` or `【发文字号】value`.
static BRACKETED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"[\[【]\s*({LABELS})\s*[\]】]\s*[:：]?\s*([^\[【]*)"
    ))
    .unwrap()
});
/// `label：value`, several per line possible.
static COLON: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?:^|[\s　|（(【\[])({LABELS})\s*[:：]")).unwrap());

/// Reads a metadata line: the labelled values, or `None` when the line is not metadata.
///
/// A line is metadata when it consists of labels and their values and nothing else, which keeps
/// body sentences that merely mention 时间：… from being swallowed.
pub fn parse_line(line: &str) -> Option<Vec<(Key, String)>> {
    if line.chars().count() > 120 {
        return None;
    }
    let trimmed = line.trim_matches(|c: char| c.is_whitespace() || "（）()【】".contains(c));
    let mut pairs = Vec::new();
    if BRACKETED.is_match(trimmed) && trimmed.starts_with(['[', '【']) {
        for cap in BRACKETED.captures_iter(trimmed) {
            pairs.push((key_of(&cap[1])?, clean_value(&cap[2])));
        }
        return Some(pairs);
    }
    let starts: Vec<_> = COLON.captures_iter(trimmed).collect();
    let first = starts.first()?;
    if first.get(0)?.start() != 0 {
        return None;
    }
    for (i, cap) in starts.iter().enumerate() {
        let value_start = cap.get(0)?.end();
        let value_end = starts
            .get(i + 1)
            .map_or(trimmed.len(), |next| next.get(0).unwrap().start());
        let value = clean_value(&trimmed[value_start..value_end]);
        let key = key_of(&cap[1])?;
        // A long value that reads like a sentence is a body line that starts with a label word.
        if value.chars().count() > 60 || (key != Key::Title && value.contains('。')) {
            return None;
        }
        pairs.push((key, value));
    }
    Some(pairs)
}

fn clean_value(value: &str) -> String {
    value
        .trim_matches(|c: char| c.is_whitespace() || "|｜]】)）".contains(c))
        .to_string()
}

static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?").unwrap()
});
static CHINESE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([〇○零Ｏ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日").unwrap()
});
/// A line that is only a date (and maybe a time), as pages print under a title.
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|[〇○零Ｏ一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?$").unwrap()
});

/// The first date in a text, as YYYY-MM-DD.
pub fn find_date(text: &str) -> Option<String> {
    let numeric = NUMERIC_DATE.captures(text).and_then(|c| {
        let m = c.get(0)?.start();
        Some((
            m,
            ymd(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)?,
        ))
    });
    let chinese = CHINESE_DATE.captures(text).and_then(|c| {
        let m = c.get(0)?.start();
        Some((
            m,
            ymd(
                chinese_digits(&c[1])?,
                chinese_number(&c[2])?,
                chinese_number(&c[3])?,
            )?,
        ))
    });
    match (numeric, chinese) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a.1 } else { b.1 }),
        (a, b) => a.or(b).map(|(_, d)| d),
    }
}

/// True for a line that holds nothing but a date (and a time).
pub fn is_date_line(line: &str) -> bool {
    DATE_LINE.is_match(line.trim())
}

fn ymd(y: u32, m: u32, d: u32) -> Option<String> {
    let days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if !(1900..=2200).contains(&y) || !(1..=12).contains(&m) || d == 0 || d > days[m as usize - 1] {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

fn digit(c: char) -> Option<u32> {
    "〇一二三四五六七八九"
        .chars()
        .position(|d| d == c)
        .map(|p| p as u32)
        .or(match c {
            '○' | '零' | 'Ｏ' => Some(0),
            _ => None,
        })
}

/// 二〇二六 → 2026 (digit by digit).
fn chinese_digits(s: &str) -> Option<u32> {
    s.chars().try_fold(0, |acc, c| Some(acc * 10 + digit(c)?))
}

/// 二十七 → 27, 十一 → 11, 三十 → 30, 九 → 9.
fn chinese_number(s: &str) -> Option<u32> {
    match s.chars().collect::<Vec<_>>().as_slice() {
        ['十'] => Some(10),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        [u] => digit(*u),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_form() {
        assert_eq!(find_date("2022-03-01").as_deref(), Some("2022-03-01"));
        assert_eq!(find_date("时间：2026-2-9").as_deref(), Some("2026-02-09"));
        assert_eq!(find_date("2026年1月28日在").as_deref(), Some("2026-01-28"));
        assert_eq!(find_date("2026/01/31 07:00").as_deref(), Some("2026-01-31"));
        assert_eq!(
            find_date("二〇二六年一月二十七日").as_deref(),
            Some("2026-01-27")
        );
        assert_eq!(
            find_date("二○二五年十二月三十日").as_deref(),
            Some("2025-12-30")
        );
        assert_eq!(find_date("2026年13月1日"), None);
    }

    #[test]
    fn date_lines() {
        assert!(is_date_line("2026-02-03 09:02:33"));
        assert!(is_date_line("二〇二六年一月二十七日"));
        assert!(!is_date_line("2026年1月28日在重庆市第六届人民代表大会"));
    }

    #[test]
    fn labelled_lines() {
        let pairs = parse_line("[ 成文日期 ] 2022-03-01 [ 发布日期 ] 2022-03-01").unwrap();
        assert_eq!(
            pairs,
            vec![
                (Key::Written, "2022-03-01".into()),
                (Key::Published, "2022-03-01".into())
            ]
        );
        let pairs = parse_line("[ 索引号 ] /2022-00242 [ 发文字号 ]").unwrap();
        assert_eq!(pairs[0], (Key::IndexNumber, "/2022-00242".into()));
        assert_eq!(pairs[1], (Key::DocNumber, "".into()));
        assert_eq!(
            parse_line("来源：解放日报").unwrap(),
            vec![(Key::Source, "解放日报".into())]
        );
        assert_eq!(
            parse_line("（来源：青海日报）").unwrap(),
            vec![(Key::Source, "青海日报".into())]
        );
        assert_eq!(
            parse_line("来源：人民网 时间：2026-01-02").unwrap(),
            vec![
                (Key::Source, "人民网".into()),
                (Key::Published, "2026-01-02".into())
            ]
        );
        assert_eq!(
            parse_line("发表时间：").unwrap(),
            vec![(Key::Published, "".into())]
        );
        assert!(parse_line("时间就是生命，效率就是金钱。我们要抓紧。").is_none());
        assert!(parse_line("全年科学城核心区GDP增长12.9%").is_none());
    }
}
