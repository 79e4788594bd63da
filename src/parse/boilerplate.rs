//! Page chrome: the lines a scraped government page carries around the text.
//!
//! Judged by the shape of a line, not by a list tied to one site: words of page furniture
//! (打印, 收藏, 【字号：…】), breadcrumbs, share and QR prompts, link lists at the end.

use std::sync::LazyLock;

use regex::Regex;

/// What a line of a page is, as far as chrome goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chrome {
    /// Not chrome: text or metadata.
    No,
    /// A line of page furniture, dropped.
    Line,
    /// The start of the page's trailing link lists (相关报道：…): it and all that follows go.
    Trailer,
}

/// Single words that are page controls when they stand alone on a line.
const CONTROL_WORDS: &[&str] = &[
    "下载",
    "打印",
    "全屏",
    "收藏",
    "加大",
    "还原",
    "减小",
    "放大",
    "缩小",
    "默认",
    "大",
    "中",
    "小",
    "关闭",
    "关闭窗口",
    "关闭本页",
    "打印本页",
    "打印此页",
    "打印正文",
    "分享",
    "分享到",
    "分享至",
    "分享到微信",
    "分享到微博",
    "分享到qq空间",
    "分享到qq",
    "微信",
    "微博",
    "qq空间",
    "qq",
    "首页",
    "返回首页",
    "返回顶部",
    "返回",
    "顶部",
    "繁體版",
    "繁体版",
    "简体版",
    "繁體",
    "简体",
    "无障碍",
    "关怀版",
    "长者版",
    "适老版",
    "无障碍浏览",
    "注册",
    "登录",
    "智能机器人",
    "智能问答",
    "字号",
    "字体",
    "纠错",
    "我要纠错",
    "上一篇",
    "下一篇",
    "复制链接",
    "复制",
    "扫一扫",
    "二维码",
    "点赞",
    "评论",
    "听全文",
    "朗读",
    "语音播报",
    "english",
    "搜索",
    "我要纠错",
    "纠错",
    "打印本文",
    "关闭本文",
    "视力保护色",
    "护眼模式",
    "保护视力色",
    "导航",
    "网站地图",
    "邮箱",
    "用户登录",
    "个人中心",
    "镇街",
    "部门",
    "区县",
];

/// Words that mark a line of site navigation when it is a run of short items.
const NAV_MARKERS: &[&str] = &[
    "政府网",
    "人民政府",
    "繁體",
    "无障碍",
    "关怀版",
    "首页",
    "注册",
    "登录",
    "智能机器人",
    "english",
    "网站地图",
    "长者版",
    "镇街",
];

static TRAILER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:相关|延伸|推荐|往期|更多)(?:报道|文档|文件|链接|阅读|新闻|稿件|文章|附件|推荐|专题|解读|信息)\s*[:：]?$").unwrap()
});
static FONT_SIZE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[【\[]?\s*(?:字号|字体|文字|字体大小)\s*[:：]").unwrap());
static BREADCRUMB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:您当前的位置|您当前位置|当前位置|您的位置|您现在的位置|所在位置|当前页面|你的位置|你当前的位置)\s*[:：]?").unwrap()
});
static DOWNLOAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:文件|原文|附件|相关附件|全文|pdf|word)?\s*下载\s*(?:[:：]|$)").unwrap()
});
static SIGN_OFF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[（(【\[]?\s*(?:责任编辑|编辑|校对|审核|终审|作者|记者|供稿|摄影|通讯员|编审|主编)\s*[:：]\s*[^，。；]{1,20}[）)】\]]?$").unwrap()
});
/// 》》点击图片进入专题《《 and other call-to-click lines.
static CLICK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[》>»\s]*点击[^，。；]{0,20}[《<«\s]*$").unwrap());

/// 上一篇：… / 下一篇：…: links to the neighbouring pages.
static NEIGHBOUR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[【\[]?\s*(?:上一篇|下一篇|上一条|下一条|上一页|下一页|上篇|下篇)\s*[】\]]?\s*[:：]",
    )
    .unwrap()
});
/// Site footer: who runs the site, its registration numbers. Not 地址： or 联系电话：, which a
/// notice's own text ends with.
static FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)版权所有|ICP备|ICP证|公网安备|网站标识码|运行维护|技术支持\s*[:：]|中文域名|copyright|©|主办(?:单位)?\s*[:：].*承办").unwrap()
});
/// A link to a file: 附件：某某办法.pdf.
static FILE_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\.(?:pdf|docx?|xlsx?|wps|ofd|zip|rar|et)\s*[)）]?$").unwrap()
});

/// Judges every line of a page, each with its neighbours: a breadcrumb a page wrote one item a
/// line (首页 / > / 政府信息公开 / > / 政府工作报告) is chrome item by item, although 政府信息公开
/// alone on a line reads as text.
pub fn classify_lines(lines: &[&str]) -> Vec<Chrome> {
    let mut verdicts: Vec<Chrome> = lines.iter().map(|l| classify(l.trim())).collect();
    let crumb = |i: usize| {
        lines.get(i).is_some_and(|l| {
            let l = l.trim();
            !l.is_empty() && l.chars().count() <= 16 && !l.contains(['，', '。', '；', '：'])
        })
    };
    for (i, line) in lines.iter().enumerate() {
        if !is_arrow(line.trim()) {
            continue;
        }
        // An arrow alone joins the items on either side, when both are short enough to be one.
        if i > 0 && crumb(i - 1) && crumb(i + 1) {
            verdicts[i - 1] = Chrome::Line;
            verdicts[i + 1] = Chrome::Line;
        }
    }
    verdicts
}

/// A line that is nothing but a breadcrumb's arrow (>, >>, », →, ›).
fn is_arrow(line: &str) -> bool {
    !line.is_empty()
        && line
            .chars()
            .all(|c| matches!(c, '>' | '»' | '＞' | '→' | '›' | ' '))
}

/// Judges one trimmed line.
pub fn classify(line: &str) -> Chrome {
    match classify_one(line) {
        Chrome::No if is_row_of_controls(line) => Chrome::Line,
        verdict => verdict,
    }
}

/// 【打印】【关闭】, 打印本页 关闭窗口, 【大 中 小】, 【我要纠错】 责任编辑：王洋: every item chrome.
fn is_row_of_controls(line: &str) -> bool {
    let items: Vec<&str> = line
        .split(['【', '】', '[', ']', '|', '｜'])
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .collect();
    !items.is_empty()
        && items.iter().all(|item| {
            (items.len() > 1 && classify_one(item) != Chrome::No)
                || item
                    .split_whitespace()
                    .all(|w| CONTROL_WORDS.contains(&core_of(w).as_str()))
        })
}

fn classify_one(line: &str) -> Chrome {
    let core = core_of(line);
    if TRAILER.is_match(&core) {
        return Chrome::Trailer;
    }
    if core.is_empty() || CONTROL_WORDS.contains(&core.as_str()) {
        return Chrome::Line;
    }
    let short = line.chars().count() <= 40;
    if FONT_SIZE.is_match(line) || BREADCRUMB.is_match(line) || CLICK.is_match(line) {
        return Chrome::Line;
    }
    if short && (DOWNLOAD.is_match(line) || SIGN_OFF.is_match(line) || NEIGHBOUR.is_match(line)) {
        return Chrome::Line;
    }
    let n = line.chars().count();
    if n <= 100 && !line.contains('。') && (FOOTER.is_match(line) || FILE_LINK.is_match(line)) {
        return Chrome::Line;
    }
    if short && (line.contains("扫一扫") || line.contains("分享到") || line.contains("二维码"))
    {
        return Chrome::Line;
    }
    if is_breadcrumb_trail(line) || is_nav_row(line) {
        return Chrome::Line;
    }
    Chrome::No
}

/// Characters a control's label is wrapped in or joined by: not part of what it says.
const CONTROL_PUNCTUATION: &[char] = &[
    '【', '】', '[', ']', '(', ')', '（', '）', '|', '｜', ':', '：', '·', '•', '>', '»', '<', '«',
    '×', '/', '\\', '-', '—', '_', '=', '+', '*', '#',
];

/// Longer than any control word or trailer heading: a core this long is neither.
const MAX_CONTROL_CHARS: usize = 16;

/// The line without brackets, bars, colons and spaces, lower-cased: what a control says. Cut
/// short past [`MAX_CONTROL_CHARS`], since a core that long is no control (most lines are text).
fn core_of(line: &str) -> String {
    let mut core = String::new();
    let mut chars = 0;
    for c in line.chars() {
        if c.is_whitespace() || CONTROL_PUNCTUATION.contains(&c) {
            continue;
        }
        if chars > MAX_CONTROL_CHARS {
            break;
        }
        chars += 1;
        if c.is_ascii() {
            core.push(c.to_ascii_lowercase());
        } else if crate::text::is_common_ideograph(c) {
            // Ideographs have no case: the common case, without the Unicode tables.
            core.push(c);
        } else {
            core.extend(c.to_lowercase());
        }
    }
    core
}

/// 首页 > 政务公开 > 规划信息: items joined by arrows.
fn is_breadcrumb_trail(line: &str) -> bool {
    let arrows = [">>", ">", "»", "＞", "→", "›"];
    let Some(arrow) = arrows.iter().find(|a| line.contains(**a)) else {
        return false;
    };
    let items: Vec<&str> = line.split(arrow).map(str::trim).collect();
    items.len() >= 2
        && items
            .iter()
            .all(|i| i.chars().count() <= 16 && !i.contains(['，', '。', '；']))
}

/// 中国政府网 重庆市人民政府网 镇街 / 繁體版 无障碍 关怀版: a row of short navigation items.
fn is_nav_row(line: &str) -> bool {
    let items: Vec<&str> = line.split_whitespace().collect();
    if items.len() < 2 || items.iter().any(|i| i.chars().count() > 12) {
        return false;
    }
    let lower = line.to_lowercase();
    !line.contains(['，', '。', '；', '：']) && NAV_MARKERS.iter().any(|m| lower.contains(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_breadcrumb_written_one_item_a_line_is_chrome() {
        let lines = [
            "首页",
            ">",
            "政府信息公开",
            ">",
            "政府工作报告",
            "2026年某省政府工作报告",
            "各位代表：",
            "政府信息公开工作稳步推进，全年主动公开信息一万余条。",
        ];
        let verdicts = classify_lines(&lines);
        assert!(
            verdicts[..5].iter().all(|v| *v != Chrome::No),
            "{verdicts:?}"
        );
        assert!(
            verdicts[5..].iter().all(|v| *v == Chrome::No),
            "{verdicts:?}"
        );
        // Alone, without its arrows, a short line is not a breadcrumb.
        assert_eq!(classify_lines(&["政府信息公开"]), [Chrome::No]);
        // An arrow between sentences joins no breadcrumb.
        let prose = ["产量增长较快，质量稳步提升。", ">", "下一步，继续推进。"];
        assert_eq!(classify_lines(&prose)[0], Chrome::No);
        assert_eq!(classify_lines(&prose)[2], Chrome::No);
    }

    #[test]
    fn page_controls_are_chrome() {
        for line in [
            "下载",
            "打印",
            "全屏",
            "收藏",
            "【字号：",
            "加大",
            "还原",
            "减小",
            "】",
            "【字体：",
            "大",
            "|",
            "×",
            "分享到:",
            "分享到微信",
            "首页",
            ">",
            "【",
            "打印本页",
            "关闭窗口",
            "繁體版",
            "扫一扫在手机打开当前页",
            "》》点击图片进入专题《《",
            "编辑：何继红",
            "文件下载:",
            "原文下载:重庆高新区直管园2021年经济社会发展情况及2022年重点工作",
            "打印 分享到",
            "您当前的位置:首页>>政务公开>>法定主动公开内容>>规划信息>>国民经济和社会发展规划",
            "中国政府网 重庆市人民政府网 镇街",
            "繁體版 无障碍 关怀版 智能机器人 注册",
            "您的位置:",
            "当前位置：",
            "首页 > 新闻中心 > 要闻",
        ] {
            assert_eq!(classify(line), Chrome::Line, "{line}");
        }
    }

    #[test]
    fn related_links_end_the_text() {
        for line in ["相关报道：", "相关文档：", "相关链接", "相关阅读:"] {
            assert_eq!(classify(line), Chrome::Trailer, "{line}");
        }
    }

    #[test]
    fn rows_made_only_of_controls_are_chrome() {
        for line in [
            "【打印】【关闭】",
            "打印本页 关闭窗口",
            "[打印本页] [关闭窗口]",
            "【大 中 小】",
            "【我要纠错】 责任编辑：王 洋",
            "【收藏】 | 【打印】",
        ] {
            assert_eq!(classify(line), Chrome::Line, "{line}");
        }
    }

    #[test]
    fn links_to_the_neighbouring_pages_are_chrome() {
        for line in [
            "上一篇：某省人民政府关于印发某规划的通知",
            "下一篇：某省人民政府办公厅关于加强安全生产的意见",
            "【上一篇】：关于开展检查的通知",
        ] {
            assert_eq!(classify(line), Chrome::Line, "{line}");
        }
    }

    #[test]
    fn site_footers_and_file_links_are_chrome() {
        for line in [
            "版权所有：中国政府网　中文域名：中国政府网.政务",
            "主办单位：国务院办公厅　运行维护单位：中国政府网运行中心",
            "京ICP备05070218号 京公网安备11010202000001号",
            "主办：某市人民政府办公室 承办：某市大数据发展中心",
            "网站标识码：bm01000001",
            "附件：1.城市社区嵌入式服务设施建设管理办法.pdf",
            "某某事项清单.xlsx",
        ] {
            assert_eq!(classify(line), Chrome::Line, "{line}");
        }
    }

    #[test]
    fn a_notice_s_own_contact_lines_and_appendix_markers_are_not_chrome() {
        for line in [
            "联系地址：北京市西城区某某路1号",
            "联系电话：010-12345678",
            "主办单位：中国科学技术协会",
            "附件",
            "附件1",
            "依法保护版权所有人的合法权益。",
            "国务院办公厅",
            "（此件公开发布）",
        ] {
            assert_eq!(classify(line), Chrome::No, "{line}");
        }
    }

    #[test]
    fn text_lines_are_not_chrome() {
        for line in [
            "各位代表：",
            "上海市市长 龚 正",
            "省长　王予波",
            "一、2021年工作情况",
            "（一）全力促进经济平稳健康发展",
            "殷勇同志作政府工作报告。本报记者 戴冰摄",
            "生态底色更加亮丽。",
            "下载量增长50%，打印服务覆盖全市。",
            "2026年自治区民生实事",
            "政府工作报告",
        ] {
            assert_eq!(classify(line), Chrome::No, "{line}");
        }
    }
}
