//! Parsing: from a page's text to a [`Document`]: metadata plus paragraphs with section paths.
//!
//! One paragraph per line of the source, as written; chrome lines and metadata lines are not
//! paragraphs. Nothing here knows about the index.

pub mod boilerplate;
pub mod html;
pub mod metadata;
pub mod structure;

use serde::{Deserialize, Serialize};

use boilerplate::Chrome;
use metadata::Key;
pub use metadata::Metadata;

/// A parsed document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Path relative to the corpus, with `/` separators.
    pub id: String,
    pub metadata: Metadata,
    pub paragraphs: Vec<Paragraph>,
}

/// One paragraph: a line of the source, with the headings it sits under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    /// 1-based position among the document's paragraphs.
    pub number: u32,
    pub text: String,
    pub section: Vec<String>,
}

/// Words that a title line usually contains.
const TITLE_WORDS: &[&str] = &[
    "报告",
    "工作",
    "规划",
    "纲要",
    "通知",
    "意见",
    "办法",
    "方案",
    "决定",
    "公告",
    "通告",
    "条例",
    "规定",
    "批复",
    "讲话",
    "计划",
    "要点",
    "细则",
    "建议",
    "说明",
    "公报",
    "白皮书",
    "总结",
    "情况",
    "指南",
    "目录",
    "清单",
    "措施",
    "政策",
    "决议",
    "章程",
    "标准",
    "解读",
    "函",
];
/// How many lines from the top a title may be found in.
const TITLE_SEARCH_LINES: usize = 40;

/// Parses a page's text; `id` is the document's path relative to the corpus.
pub fn parse(id: &str, text: &str, encoding: &str) -> Document {
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}'))
        .filter(|l| !l.is_empty())
        .collect();

    let mut meta = Metadata {
        encoding: encoding.to_string(),
        ..Metadata::default()
    };
    let stem_title = title_from_file_name(id);
    let title_at = find_title_line(&lines, &stem_title);
    let page_title = title_at.map(|i| lines[i].to_string());

    // Classify every line: body lines are kept, the rest feed metadata or are dropped.
    let mut body: Vec<&str> = Vec::new();
    let mut pending_key: Option<Key> = None;
    let mut seen_body = false;
    for (i, &line) in lines.iter().enumerate() {
        if Some(i) == title_at {
            continue;
        }
        match boilerplate::classify(line) {
            Chrome::Trailer => break,
            Chrome::Line => {
                pending_key = None;
                continue;
            }
            Chrome::No => {}
        }
        if let Some(pairs) = metadata::parse_line(line) {
            pending_key = None;
            for (key, value) in pairs {
                if value.is_empty() {
                    pending_key = Some(key);
                } else {
                    set_field(&mut meta, key, &value);
                }
            }
            continue;
        }
        // A label on its own line, its value on the next (发表时间：\n2026-02-09 09:45:30).
        if let Some(key) = pending_key.take() {
            if line.chars().count() <= 40 && structure::heading_level(line).is_none() {
                set_field(&mut meta, key, line);
                continue;
            }
        }
        let in_header = !seen_body;
        if in_header && metadata::is_date_line(line) {
            set_field(&mut meta, Key::Published, line);
            continue;
        }
        // Before the title, short lines are navigation (镇街, 云南要闻); prose is kept.
        if title_at.is_some_and(|t| i < t) && !is_prose(line) {
            continue;
        }
        // A repeat of the title in the header (政府工作报告 under 2026年…政府工作报告).
        if in_header && is_repeat_of_title(line, page_title.as_deref(), &stem_title) {
            continue;
        }
        if is_prose(line) || structure::heading_level(line).is_some() {
            seen_body = true;
        }
        body.push(line);
    }

    meta.title = choose_title(page_title.as_deref(), &stem_title, &meta);
    finish_dates(&mut meta, &body);

    let mut tracker = structure::SectionTracker::default();
    let paragraphs = body
        .iter()
        .enumerate()
        .map(|(i, line)| Paragraph {
            number: i as u32 + 1,
            text: line.to_string(),
            section: tracker.section_of(line, body.get(i + 1).copied()),
        })
        .collect();
    Document {
        id: id.to_string(),
        metadata: meta,
        paragraphs,
    }
}

fn set_field(meta: &mut Metadata, key: Key, value: &str) {
    let value = value.trim();
    let slot = match key {
        Key::Title => &mut meta.title,
        Key::Source => return set_once(&mut meta.source, value),
        Key::Issuer => return set_once(&mut meta.issuer, value),
        Key::Written => return set_once(&mut meta.written, &date_or_raw(value)),
        Key::Published => return set_once(&mut meta.published, &date_or_raw(value)),
        Key::DocNumber => return set_once(&mut meta.doc_number, value),
        Key::IndexNumber => return set_once(&mut meta.index_number, value),
        Key::Ignored => return,
    };
    if slot.is_empty() {
        *slot = value.to_string();
    }
}

/// Metadata blocks are often printed twice; the first value wins.
fn set_once(slot: &mut Option<String>, value: &str) {
    if slot.is_none() && !value.is_empty() && value != "其他" && value != "无" {
        *slot = Some(value.to_string());
    }
}

fn date_or_raw(value: &str) -> String {
    metadata::find_date(value).unwrap_or_default()
}

/// Fills `date`; takes the byline's date (——2026年1月28日在…) when the page states none.
fn finish_dates(meta: &mut Metadata, body: &[&str]) {
    meta.written = meta.written.take().filter(|d| !d.is_empty());
    meta.published = meta.published.take().filter(|d| !d.is_empty());
    let stated_written = meta.written.clone();
    if meta.written.is_none() {
        meta.written = body
            .iter()
            .take(8)
            .find(|l| l.starts_with(['—', '-', '―', '（', '(']) && l.contains('在'))
            .and_then(|l| metadata::find_date(l));
    }
    meta.date = stated_written
        .or_else(|| meta.published.clone())
        .or_else(|| meta.written.clone());
}

/// A line of running text rather than a label or a title.
fn is_prose(line: &str) -> bool {
    let n = line.chars().count();
    n >= 40 || (n >= 12 && line.contains(['。', '，', '；']))
}

fn looks_like_title(line: &str, stem_title: &str) -> bool {
    let n = line.chars().count();
    if !(4..=80).contains(&n)
        || line.ends_with(['。', '；', '，', '：', ':', '！'])
        || line.contains('。')
        || structure::heading_level(line).is_some()
        || metadata::is_date_line(line)
        || line.starts_with(['—', '-', '―', '（', '('])
    {
        return false;
    }
    let squeezed: String = line.split_whitespace().collect();
    squeezed == stem_title
        || stem_title.contains(&squeezed)
        || TITLE_WORDS.iter().any(|w| line.contains(w))
}

/// The first title-like line of the header, before the text starts.
fn find_title_line(lines: &[&str], stem_title: &str) -> Option<usize> {
    for (i, line) in lines.iter().enumerate().take(TITLE_SEARCH_LINES) {
        if boilerplate::classify(line) != Chrome::No || metadata::parse_line(line).is_some() {
            continue;
        }
        if looks_like_title(line, stem_title) {
            return Some(i);
        }
        if is_prose(line) || structure::heading_level(line).is_some() {
            return None;
        }
    }
    None
}

fn is_repeat_of_title(line: &str, page_title: Option<&str>, stem_title: &str) -> bool {
    let squeezed: String = line.split_whitespace().collect();
    squeezed.chars().count() >= 4
        && !line.contains(['。', '，'])
        && (page_title.is_some_and(|t| t.ends_with(squeezed.as_str()))
            || stem_title.ends_with(squeezed.as_str()))
}

/// `reports/2026_上海市_政府工作报告.txt` → 2026年上海市政府工作报告.
pub fn title_from_file_name(id: &str) -> String {
    let name = id.rsplit('/').next().unwrap_or(id);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let parts: Vec<&str> = stem.split(['_', ' ']).filter(|p| !p.is_empty()).collect();
    let mut title = String::new();
    for (i, part) in parts.iter().enumerate() {
        title.push_str(part);
        let is_year = part.len() == 4 && part.chars().all(|c| c.is_ascii_digit());
        if i == 0 && is_year && parts.len() > 1 {
            title.push('年');
        }
    }
    title
}

/// The page's title, unless it is a generic one (政府工作报告) that the file name says more about.
fn choose_title(page_title: Option<&str>, stem_title: &str, meta: &Metadata) -> String {
    if !meta.title.is_empty() {
        return meta.title.clone();
    }
    match page_title {
        Some(t) => {
            let t: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
            let squeezed: String = t.split_whitespace().collect();
            if stem_title.len() > squeezed.len() && stem_title.ends_with(&squeezed) {
                stem_title.to_string()
            } else {
                t
            }
        }
        None => stem_title.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_file_names() {
        assert_eq!(
            title_from_file_name("reports-2026/2026_上海市_政府工作报告.txt"),
            "2026年上海市政府工作报告"
        );
        assert_eq!(title_from_file_name("通知.html"), "通知");
    }

    #[test]
    fn a_small_page() {
        let text = "首页\n打印\n2026年某市政府工作报告\n来源：某日报\n时间：2026-02-09\n\
            ——2026年1月28日在某市人民代表大会上\n各位代表：\n一、工作回顾\n\
            （一）创新驱动。科技投入增长。研发经费占比3%。\n相关报道：\n某市召开大会";
        let doc = parse("2026_某市_政府工作报告.txt", text, "UTF-8");
        assert_eq!(doc.metadata.title, "2026年某市政府工作报告");
        assert_eq!(doc.metadata.source.as_deref(), Some("某日报"));
        assert_eq!(doc.metadata.published.as_deref(), Some("2026-02-09"));
        assert_eq!(doc.metadata.written.as_deref(), Some("2026-01-28"));
        assert_eq!(doc.metadata.date.as_deref(), Some("2026-02-09"));
        let texts: Vec<&str> = doc.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "——2026年1月28日在某市人民代表大会上",
                "各位代表：",
                "一、工作回顾",
                "（一）创新驱动。科技投入增长。研发经费占比3%。"
            ]
        );
        assert_eq!(
            doc.paragraphs[3].section,
            ["一、工作回顾", "（一）创新驱动"]
        );
        assert_eq!(doc.paragraphs[3].number, 4);
    }
}
