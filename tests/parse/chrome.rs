//! (a) Page chrome never becomes a paragraph.

use crate::support::*;

/// Lines of page furniture: a paragraph equal to one of these, or starting with one, is chrome.
const CHROME_STARTS: &[&str] = &[
    "下载",
    "打印",
    "全屏",
    "收藏",
    "【字号",
    "【字体",
    "字号：",
    "分享到",
    "分享至",
    "扫一扫",
    "相关报道",
    "相关文档",
    "相关链接",
    "编辑：",
    "责任编辑",
    "来源：",
    "（来源：",
    "时间：",
    "发表时间",
    "发布时间",
    "阅读量",
    "您当前的位置",
    "您的位置",
    "当前位置",
    "首页",
    "繁體版",
    "无障碍",
    "[ 索引号 ]",
    "[ 发文字号 ]",
    "[ 主题分类 ]",
    "[ 发布机构 ]",
    "[ 成文日期 ]",
    "[ 发布日期 ]",
    "原文下载",
    "文件下载",
    "》》点击",
    "关闭窗口",
    "中国政府网",
];
const CHROME_EXACT: &[&str] = &[
    "加大",
    "还原",
    "减小",
    "大",
    "中",
    "小",
    "镇街",
    "云南要闻",
    "宁夏要闻",
    "政务信息",
    ">",
];

fn chrome_reason(text: &str) -> Option<String> {
    if let Some(s) = CHROME_STARTS.iter().find(|s| text.starts_with(**s)) {
        return Some(format!("starts with {s:?}"));
    }
    if CHROME_EXACT.contains(&text) {
        return Some("is a page control".into());
    }
    if !text.chars().any(char::is_alphanumeric) {
        return Some("is lone punctuation".into());
    }
    None
}

fn check_no_chrome(corpus: &Corpus) {
    let mut failures = Vec::new();
    for (id, doc) in corpus.iter() {
        for p in &doc.paragraphs {
            if let Some(why) = chrome_reason(&p.text) {
                failures.push(format!("{id} ¶{}: {:?} {why}", p.number, p.text));
            }
        }
    }
    assert!(failures.is_empty(), "chrome kept:\n{}", failures.join("\n"));
}

#[test]
fn no_paragraph_is_a_line_of_page_chrome() {
    check_no_chrome(&FIXTURES);
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn no_paragraph_of_the_reports_is_a_line_of_page_chrome() {
    check_no_chrome(shared());
}

/// Guards the chrome test against a list that matches nothing.
fn check_chrome_list(corpus: &Corpus, needles: &[&str]) {
    let lines = corpus.all_source_lines();
    for &needle in needles {
        assert!(
            lines.iter().any(|l| l == needle),
            "no source line {needle:?}"
        );
        assert!(
            chrome_reason(needle).is_some(),
            "{needle:?} not judged chrome"
        );
    }
}

#[test]
fn the_chrome_list_of_this_test_does_catch_the_chrome_of_the_pages() {
    check_chrome_list(
        &FIXTURES,
        &[
            "下载",
            "打印",
            "【字号：",
            "【字体：",
            "】",
            "相关报道：",
            "相关链接：",
            "扫一扫在手机打开当前页",
            "编辑：李 文",
            "责任编辑：周 敏",
            "》》点击图片进入专题《《",
            "|",
            "×",
            "繁體版",
            "文件下载:",
        ],
    );
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn the_chrome_list_of_this_test_does_catch_the_chrome_of_the_reports() {
    check_chrome_list(
        shared(),
        &[
            "下载",
            "打印",
            "【字号：",
            "】",
            "相关报道：",
            "扫一扫在手机打开当前页",
            "编辑：何继红",
            "》》点击图片进入专题《《",
            "|",
            "×",
        ],
    );
}
