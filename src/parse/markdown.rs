//! Markdown policy texts: headings (`#`, `##`, …) give the title and section levels, a leading
//! metadata block (YAML front matter, or `> 发文字号：…` lines) gives metadata, and Markdown's
//! own syntax (emphasis, links, images, list markers, table rules) stays out of the text.

use std::sync::LazyLock;

use regex::Regex;

/// A line of a Markdown text as the parser reads it: its text without syntax, and its heading
/// level if it is a heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownLine {
    pub text: String,
    pub outline: Option<u8>,
}

static ATX_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$").unwrap());
static SETEXT_RULE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s{0,3}(=+|-+)\s*$").unwrap());
static THEMATIC_BREAK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$").unwrap());
static BULLET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*[-*+]\s+").unwrap());
static QUOTE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*(?:>\s?)+").unwrap());
static TABLE_RULE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$").unwrap());
static IMAGE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"!\[[^\]]*\]\([^)]*\)").unwrap());
static LINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\[([^\]]*)\]\([^)]*\)").unwrap());
static AUTOLINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<(https?://[^>\s]+)>").unwrap());
/// Emphasis, strong, strike-through: each marker on both sides of its text (longest first).
static EMPHASIS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r"\*\*\*(\S(?:.*?\S)?)\*\*\*",
        r"\*\*(\S(?:.*?\S)?)\*\*",
        r"__(\S(?:.*?\S)?)__",
        r"~~(\S(?:.*?\S)?)~~",
        r"\*(\S(?:.*?\S)?)\*",
    ]
    .iter()
    .map(|p| Regex::new(p).unwrap())
    .collect()
});
static CODE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"`+([^`]*)`+").unwrap());
static HTML_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>|<!--.*?-->").unwrap());
static ESCAPE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\\([\\`*_{}\[\]()#+\-.!|>~])").unwrap());

/// Front matter keys and the labels the metadata reader knows them by.
const FRONT_MATTER_KEYS: &[(&str, &str)] = &[
    ("title", "标题"),
    ("date", "日期"),
    ("published", "发布日期"),
    ("written", "成文日期"),
    ("issuer", "发文机关"),
    ("author", "发文机关"),
    ("organization", "发文机关"),
    ("doc_number", "发文字号"),
    ("docno", "发文字号"),
    ("number", "发文字号"),
    ("source", "来源"),
    ("index_number", "索引号"),
];

/// The lines of a Markdown text: front matter as `label：value` lines first, then blocks.
pub fn lines(text: &str) -> Vec<MarkdownLine> {
    let raw: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = front_matter(&raw, &mut out);
    let mut fenced = false;
    let mut paragraph: Option<String> = None;
    let flush = |paragraph: &mut Option<String>, out: &mut Vec<MarkdownLine>| {
        if let Some(p) = paragraph.take() {
            out.push(MarkdownLine {
                text: p,
                outline: None,
            });
        }
    };
    while i < raw.len() {
        let line = raw[i];
        i += 1;
        if line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~") {
            flush(&mut paragraph, &mut out);
            fenced = !fenced;
            continue;
        }
        if fenced {
            out.push(MarkdownLine {
                text: line.trim().to_string(),
                outline: None,
            });
            continue;
        }
        if line.trim().is_empty() {
            flush(&mut paragraph, &mut out);
            continue;
        }
        if let Some(c) = ATX_HEADING.captures(line) {
            flush(&mut paragraph, &mut out);
            out.push(MarkdownLine {
                text: inline(&c[2]),
                outline: Some(c[1].len() as u8),
            });
            continue;
        }
        // A paragraph line underlined with === or --- is a heading of level 1 or 2.
        if let (Some(p), Some(c)) = (&paragraph, SETEXT_RULE.captures(line)) {
            if !p.contains('\n') {
                let level = if c[1].starts_with('=') { 1 } else { 2 };
                let text = paragraph.take().unwrap_or_default();
                out.push(MarkdownLine {
                    text,
                    outline: Some(level),
                });
                continue;
            }
        }
        if THEMATIC_BREAK.is_match(line) || TABLE_RULE.is_match(line) {
            flush(&mut paragraph, &mut out);
            continue;
        }
        let is_block = BULLET.is_match(line)
            || QUOTE.is_match(line)
            || line.trim_start().starts_with('|')
            || super::structure::is_heading(line.trim_start());
        let text = block_text(line);
        if text.is_empty() {
            continue;
        }
        match &mut paragraph {
            // A soft line break inside a sentence continues the paragraph.
            Some(p) if !is_block && !ends_sentence(p) => {
                if p.ends_with(|c: char| c.is_ascii_alphanumeric())
                    && text.starts_with(|c: char| c.is_ascii_alphanumeric())
                {
                    p.push(' ');
                }
                p.push_str(&text);
            }
            _ => {
                flush(&mut paragraph, &mut out);
                paragraph = Some(text);
            }
        }
    }
    flush(&mut paragraph, &mut out);
    out
}

/// Reads YAML front matter (`---` … `---`) into `label：value` lines; returns where the text
/// starts.
fn front_matter(raw: &[&str], out: &mut Vec<MarkdownLine>) -> usize {
    let Some(first) = raw.iter().position(|l| !l.trim().is_empty()) else {
        return raw.len();
    };
    if raw[first].trim() != "---" {
        return first;
    }
    let Some(len) = raw[first + 1..]
        .iter()
        .position(|l| matches!(l.trim(), "---" | "..."))
    else {
        return first;
    };
    for line in &raw[first + 1..first + 1 + len] {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let key = key.trim();
        let value = value.trim().trim_matches(['"', '\'']).trim();
        if value.is_empty() {
            continue;
        }
        let label = FRONT_MATTER_KEYS
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map_or(key, |(_, label)| label);
        out.push(MarkdownLine {
            text: format!("{label}：{value}"),
            outline: None,
        });
    }
    first + len + 2
}

/// A block line without its Markdown: quote and list markers, table pipes, inline syntax.
fn block_text(line: &str) -> String {
    let line = QUOTE.replace(line, "");
    let line = BULLET.replace(&line, "");
    let line = line.trim();
    let line = if line.starts_with('|') {
        line.trim_matches('|')
            .split('|')
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(crate::text::CELL_SEPARATOR)
    } else {
        line.to_string()
    };
    inline(&line)
}

/// Inline Markdown removed: images dropped, links by their text, emphasis and code unwrapped.
fn inline(text: &str) -> String {
    let t = IMAGE.replace_all(text, "");
    let t = LINK.replace_all(&t, "$1");
    let t = AUTOLINK.replace_all(&t, "$1");
    let t = HTML_TAG.replace_all(&t, "");
    let t = CODE.replace_all(&t, "$1");
    let mut t = t.into_owned();
    for marker in EMPHASIS.iter() {
        t = marker.replace_all(&t, "$1").into_owned();
    }
    ESCAPE.replace_all(&t, "$1").trim().to_string()
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end().ends_with([
        '。', '！', '？', '；', '：', '”', '」', '.', '!', '?', ';', ':',
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(md: &str) -> Vec<(String, Option<u8>)> {
        lines(md).into_iter().map(|l| (l.text, l.outline)).collect()
    }

    #[test]
    fn headings_carry_their_level_and_lose_their_hashes() {
        let t = texts("# 某某市数据条例\n\n## 第一章 总则\n\n### 第一条\n\n为了规范数据处理活动，制定本条例。\n");
        assert_eq!(t[0], ("某某市数据条例".into(), Some(1)));
        assert_eq!(t[1], ("第一章 总则".into(), Some(2)));
        assert_eq!(t[2], ("第一条".into(), Some(3)));
        assert_eq!(t[3], ("为了规范数据处理活动，制定本条例。".into(), None));
        assert_eq!(texts("总体要求\n====\n")[0], ("总体要求".into(), Some(1)));
    }

    #[test]
    fn front_matter_becomes_labelled_lines() {
        let t = texts("---\ntitle: \"某某办法\"\ndocno: 某政发〔2024〕3号\ndate: 2024-01-05\n---\n# 某某办法\n");
        assert_eq!(t[0].0, "标题：某某办法");
        assert_eq!(t[1].0, "发文字号：某政发〔2024〕3号");
        assert_eq!(t[2].0, "日期：2024-01-05");
        assert_eq!(t[3], ("某某办法".into(), Some(1)));
    }

    #[test]
    fn inline_syntax_does_not_leak() {
        let t = texts(
            "> 发文机关：**某某市人民政府**\n\n- 加快发展[新质生产力](https://example.org)，![图](a.png)推进`数字经济`。\n\n\
             | 指标 | 目标 |\n|---|---:|\n| GDP | 5% |\n\n***\n\n\\*注：数据为初步统计。",
        );
        let texts: Vec<&str> = t.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(
            texts,
            [
                "发文机关：某某市人民政府",
                "加快发展新质生产力，推进数字经济。",
                "指标 | 目标",
                "GDP | 5%",
                "*注：数据为初步统计。"
            ]
        );
    }

    #[test]
    fn a_soft_break_inside_a_sentence_joins_lines_and_numbered_lines_stay_apart() {
        let t = texts("全面推进乡村振兴，\n加快农业农村现代化。\n一、总体要求\n（一）指导思想。坚持稳中求进。");
        let texts: Vec<&str> = t.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(
            texts,
            [
                "全面推进乡村振兴，加快农业农村现代化。",
                "一、总体要求",
                "（一）指导思想。坚持稳中求进。"
            ]
        );
    }
}
