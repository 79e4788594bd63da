//! Metadata read from the page: title, dates, source, issuing body, document and index numbers.
//!
//! The [`Metadata`] a document carries, and the reading of its labelled lines (来源：…,
//! `[ 发文字号 ]` …). Dates are recognised in `date`; what fills the fields, and in which order,
//! is `fill`.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::date::{is_date_line, Date, LEADING_DATE};
use super::references::References;

/// What a document says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    pub title: String,
    /// The document's date: written date if stated, else the publication date, else the date in
    /// its byline (——2026年1月27日在…会议上).
    pub date: Option<Date>,
    /// 成文日期 (or the byline's date).
    pub written: Option<Date>,
    /// 发布日期 / 时间 / 发表时间 / a date line.
    pub published: Option<Date>,
    /// 来源: the newspaper or site the text comes from.
    pub source: Option<String>,
    /// 发布机构 / 发文机关.
    pub issuer: Option<String>,
    /// 发文字号, e.g. 渝府发〔2022〕5号.
    pub doc_number: Option<String>,
    /// 索引号.
    pub index_number: Option<String>,
    /// How the file was decoded (UTF-8, GBK, UTF-16LE, …), or the format it was read as
    /// (PDF, DOCX, …).
    pub encoding: String,
    /// The file's format: text, html, pdf, docx, doc, ofd (empty in indexes of old versions).
    #[serde(default)]
    pub format: String,
    /// Pages of a paged document (PDF, OFD; Word files where page breaks are recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<u32>,
    /// 文种: the kind of document, from the title's last word (通知, 意见, 办法, 条例, 报告…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The province or city the document is about or from, in its short form (上海, 广西, 重庆).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The year the document is about (2026年…政府工作报告 → 2026), beside its publication date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// 主送机关.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addressee: Option<String>,
    /// 发文机关署名 as signed under the text (joint signatures joined by 、).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
    /// 签发人.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signer: Option<String>,
    /// 抄送机关 (版记).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copied_to: Option<String>,
    /// 印发机关 (版记).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub printed_by: Option<String>,
    /// 印发日期 (版记).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub printed: Option<Date>,
    /// 密级 (秘密, 机密★1年).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secrecy: Option<String>,
    /// 紧急程度 (特急, 加急).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgency: Option<String>,
    /// 公布日期: when the version in the file was made public (its last 公布 in the 题注).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promulgated: Option<Date>,
    /// 施行日期: from the 题注, else the closing article (本条例自…起施行).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<Date>,
    /// 效力级别 (法律, 行政法规, 地方性法规, 规范性文件…; see `parse::level`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// The 题注: each event of its legislative history (通过, 公布, 修正…), as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<super::history::Event>,
    /// The articles its text cites (《…》第N条, 本法第N条, 前款), resolved by `search::citations`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub article_refs: Vec<super::citations::ArticleRef>,
    /// The documents it issues or names, by title or number (resolved by `search::links`).
    #[serde(default, skip_serializing_if = "References::is_empty")]
    pub references: References,
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

/// Labels by the field they name. Pages pad labels with spaces (索  引  号, 标　　题).
const LABELS: &[(Key, &[&str])] = &[
    (
        Key::Title,
        &["标题", "名称", "文件名称", "信息名称", "文章标题"],
    ),
    (
        Key::Source,
        &["来源", "信息来源", "来源单位", "稿源", "文章来源", "出处"],
    ),
    (
        Key::Issuer,
        &[
            "发布机构",
            "发文机关",
            "发文单位",
            "发布单位",
            "发布部门",
            "制发机关",
            "成文机关",
            "发文机构",
            "发布机关",
            "制发单位",
        ],
    ),
    (
        Key::Written,
        &["成文日期", "成文时间", "印发日期", "签发日期", "生成日期"],
    ),
    (
        Key::Published,
        &[
            "发布日期",
            "发布时间",
            "发表时间",
            "时间",
            "日期",
            "更新时间",
            "发文日期",
            "公开日期",
            "公布日期",
            "发表日期",
            "公开时间",
        ],
    ),
    (
        Key::DocNumber,
        &["发文字号", "文号", "发文号", "文件编号", "文件字号"],
    ),
    (Key::IndexNumber, &["索引号", "信息索引"]),
    (
        Key::Ignored,
        &[
            "主题分类",
            "体裁分类",
            "主题词",
            "有效性",
            "作者",
            "编辑",
            "责任编辑",
            "审核",
            "校对",
            "阅读量",
            "阅读次数",
            "浏览次数",
            "浏览量",
            "点击数",
            "点击量",
            "访问量",
            "分类",
            "公开方式",
            "公开范围",
            "公开属性",
            "公开形式",
            "公开时限",
            "生效日期",
            "失效日期",
            "废止日期",
            "信息分类",
            "组配分类",
            "服务对象",
            "体裁",
            "主题",
            "所属主题",
            "供稿",
            "摄影",
            "记者",
            "通讯员",
            "字号",
            "字体",
            "终审",
            "公文种类",
            "文种",
            "信息类别",
            "内容概述",
            "关键词",
            "效力状态",
            "时效",
            "有效期",
            "发布人",
        ],
    ),
];

/// Which field a label names; `None` for a word that is no label.
fn key_of(label: &str) -> Option<Key> {
    let label: String = label.chars().filter(|c| !c.is_whitespace()).collect();
    LABELS
        .iter()
        .find(|(_, names)| names.contains(&label.as_str()))
        .map(|(key, _)| *key)
}

/// The labels as a regex alternation, longest first, spaces allowed between characters.
static LABEL_PATTERN: LazyLock<String> = LazyLock::new(|| {
    let mut names: Vec<&str> = LABELS.iter().flat_map(|(_, n)| n.iter().copied()).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    names
        .iter()
        .map(|n| {
            n.chars()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(r"\s*")
        })
        .collect::<Vec<_>>()
        .join("|")
});

/// `[ 索引号 ]` or `【发文字号】`: a label in brackets, its value after it.
static BRACKETED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"[\[【]\s*({})\s*[\]】]\s*[:：]?", *LABEL_PATTERN)).unwrap()
});
/// `label：value`, several per line possible; labels after the first may be any short word.
static COLON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:^|[\s　|｜（(【\[])({}|\p{{Han}}{{2,6}})\s*[:：]",
        *LABEL_PATTERN
    ))
    .unwrap()
});
/// `label：value` with a label this parser does not know (公开属性：主动公开), for the header.
static ANY_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\p{Han}{2,6}\s*[:：]\s*(\S.{0,40})$").unwrap());

/// Reads a metadata line: the labelled values, or `None` when the line is not metadata.
///
/// A line is metadata when it consists of labels and their values and nothing else, which keeps
/// body sentences that merely mention 时间：… from being swallowed: a date label must hold a
/// date, and no value reads like a sentence.
pub fn parse_line(line: &str) -> Option<Vec<(Key, String)>> {
    if line.chars().count() > 160 {
        return None;
    }
    let trimmed = line.trim_matches(|c: char| c.is_whitespace() || "（）()【】".contains(c));
    let mut pairs = Vec::new();
    // 2024-01-10 10:00 来源：新华网: a date, then labels.
    if let Some(m) = LEADING_DATE.find(trimmed) {
        let mut rest = parse_line(&trimmed[m.end()..])?;
        rest.insert(0, (Key::Published, m.as_str().trim().to_string()));
        return Some(rest);
    }
    if line.trim_start().starts_with(['[', '【']) {
        let labels: Vec<_> = BRACKETED.captures_iter(line).collect();
        let first = labels.first()?;
        if line[..first.get(0)?.start()].trim() != "" {
            return None;
        }
        for (i, cap) in labels.iter().enumerate() {
            let value_end = labels
                .get(i + 1)
                .map_or(line.len(), |next| next.get(0).unwrap().start());
            let key = key_of(&cap[1])?;
            let value = clean_value(&line[cap.get(0)?.end()..value_end]);
            if !value_fits(key, &value) {
                return None;
            }
            pairs.push((key, value));
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
        // The first label must be known; later ones may be page furniture (浏览次数, 分享).
        let key = match key_of(&cap[1]) {
            Some(key) => key,
            None if i > 0 => Key::Ignored,
            None => return None,
        };
        if !value_fits(key, &value) {
            return None;
        }
        pairs.push((key, value));
    }
    Some(pairs)
}

/// A value a label can hold: a date for a date label, else no sentence.
fn value_fits(key: Key, value: &str) -> bool {
    match key {
        _ if value.is_empty() => true,
        Key::Written | Key::Published => is_date_line(value),
        Key::Title => value.chars().count() <= 120,
        Key::Ignored => value.chars().count() <= 60,
        _ => value.chars().count() <= 60 && !value.contains(['。', '；']),
    }
}

/// True for the value of a label given on the line after it (标题：\n国务院关于…的通知).
pub fn is_value_for(key: Key, line: &str) -> bool {
    let n = line.chars().count();
    match key {
        Key::Written | Key::Published => is_date_line(line),
        Key::Title => n <= 120 && !line.contains('。'),
        _ => n <= 40 && !line.contains(['。', '，', '；']),
    }
}

/// A header line `label：value` whose label is not known (公文种类：通知): page metadata.
pub fn is_other_label_line(line: &str) -> bool {
    line.chars().count() <= 50
        && ANY_LABEL
            .captures(line)
            .is_some_and(|c| !c[1].contains(['。', '，', '；', '！', '？']))
}

fn clean_value(value: &str) -> String {
    // A value ends where page controls start: 来源：新华社 【打印】.
    let value = value.split('【').next().unwrap_or(value);
    value
        .trim_matches(|c: char| c.is_whitespace() || "|｜]】)）".contains(c))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn labels_padded_with_spaces_are_read() {
        assert_eq!(
            parse_line("索  引  号：000014349/2024-00003").unwrap(),
            vec![(Key::IndexNumber, "000014349/2024-00003".into())]
        );
        assert_eq!(
            parse_line("标　　题：").unwrap(),
            vec![(Key::Title, "".into())]
        );
        assert_eq!(
            parse_line("来　　源：国务院办公厅").unwrap(),
            vec![(Key::Source, "国务院办公厅".into())]
        );
    }

    #[test]
    fn labels_of_ministry_pages_are_read() {
        assert_eq!(
            parse_line("发文机构：教育部").unwrap(),
            vec![(Key::Issuer, "教育部".into())]
        );
        assert_eq!(
            parse_line("生成日期：2024-01-05").unwrap(),
            vec![(Key::Written, "2024-01-05".into())]
        );
        assert_eq!(
            parse_line("公文种类：通知").unwrap(),
            vec![(Key::Ignored, "通知".into())]
        );
    }

    #[test]
    fn a_date_label_must_hold_a_date() {
        assert!(parse_line("时间：2024年3月1日至3月5日 地点：北京").is_none());
        assert!(parse_line("时间：上午九点").is_none());
        assert!(parse_line("日期：2024年01月05日").is_some());
        assert!(parse_line("成文日期：二〇二三年三月十日").is_some());
    }

    #[test]
    fn later_labels_of_a_row_may_be_page_furniture() {
        assert_eq!(
            parse_line(
                "来源：某省人民政府网 发布时间：2023-03-15 10:20 浏览次数：1024 【打印】【关闭】"
            )
            .unwrap(),
            vec![
                (Key::Source, "某省人民政府网".into()),
                (Key::Published, "2023-03-15 10:20".into()),
                (Key::Ignored, "1024".into()),
            ]
        );
    }

    #[test]
    fn a_row_may_open_with_the_date() {
        assert_eq!(
            parse_line("2024-01-10 10:00:00 来源：新华网").unwrap(),
            vec![
                (Key::Published, "2024-01-10 10:00:00".into()),
                (Key::Source, "新华网".into())
            ]
        );
        assert!(parse_line("2024年1月10日 全市召开工作会议").is_none());
    }

    #[test]
    fn a_bracketed_value_may_hold_square_brackets() {
        assert_eq!(
            parse_line("[ 发文字号 ] 渝府发[2022]5号 [ 有效性 ]").unwrap(),
            vec![
                (Key::DocNumber, "渝府发[2022]5号".into()),
                (Key::Ignored, "".into())
            ]
        );
        assert_eq!(
            parse_line("【发文机关】某省人民政府办公厅 【发文字号】某政办发〔2023〕12号").unwrap(),
            vec![
                (Key::Issuer, "某省人民政府办公厅".into()),
                (Key::DocNumber, "某政办发〔2023〕12号".into())
            ]
        );
    }

    #[test]
    fn a_value_on_the_next_line_fits_its_label() {
        assert!(is_value_for(Key::Published, "2026-02-09 09:45:30"));
        assert!(!is_value_for(Key::Published, "宁夏日报客户端"));
        assert!(is_value_for(
            Key::Title,
            "国务院办公厅关于印发《城市社区嵌入式服务设施建设工程实施方案》的通知"
        ));
        assert!(is_value_for(Key::Source, "宁夏日报客户端"));
        assert!(!is_value_for(
            Key::Source,
            "各位代表，现在我代表人民政府报告工作。"
        ));
    }

    #[test]
    fn unknown_labels_in_the_header() {
        assert!(is_other_label_line("公开属性：主动公开"));
        assert!(is_other_label_line("所属机构：办公厅"));
        assert!(!is_other_label_line("各位代表："));
        assert!(!is_other_label_line("时间就是生命，效率就是金钱。"));
        assert!(!is_other_label_line(
            "各省、自治区、直辖市人民政府，国务院各部委："
        ));
    }
}
