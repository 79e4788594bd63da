//! Finding a document's title: the line of the page that reads like one (it names the file,
//! holds a title word, or stands just above the date line), a Markdown `# ` heading, a stated
//! 标题：, or else the file name; and what a file name says of its version.

use std::sync::LazyLock;

use regex::Regex;

use super::boilerplate::{self, Chrome};
use super::date::{self, Date};
use super::doc_number::is_doc_number;
use super::kind;
use super::lines::is_prose;
use super::metadata::{self, Metadata};
use super::paragraph::SourceParagraph;
use super::structure;

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
/// A title found only by its words (not by the file name) is at least this long (政府工作报告):
/// shorter lines with those words are column names (通知公告, 政策文件, 工作动态).
const TITLE_MIN_CHARS: usize = 6;
/// A title found by its shape is at most this many lines above the first date or source line.
const TITLE_ABOVE_METADATA: usize = 3;
/// A Markdown title (`# …`) is among this many first lines.
pub const TITLE_MARKDOWN_LINES: usize = 3;

/// Where the title line is among `lines`: a Markdown `# ` heading at the top is the document's own
/// title, whatever follows it; else the line that reads or stands like a title (see
/// `find_title_line`).
pub fn title_line(lines: &[SourceParagraph], texts: &[&str], stem_title: &str) -> Option<usize> {
    lines
        .iter()
        .take(TITLE_MARKDOWN_LINES)
        .position(|l| l.outline == Some(1))
        .or_else(|| find_title_line(texts, stem_title))
}

/// True for a line that reads like a title: it spells the file name or part of it, or holds a
/// title word (or a kind of document) and is long enough not to be a column name.
fn looks_like_title(line: &str, stem_title: &str) -> bool {
    let n = line.chars().count();
    if !(4..=80).contains(&n)
        || line.ends_with(['。', '；', '，', '：', ':', '！'])
        || line.contains('。')
        || structure::is_heading(line)
        || date::is_date_line(line)
        || is_doc_number(line)
        || line.starts_with(['—', '-', '―', '（', '('])
    {
        return false;
    }
    let squeezed: String = line.split_whitespace().collect();
    squeezed == stem_title
        || stem_title.contains(&squeezed)
        || (n >= TITLE_MIN_CHARS
            && (TITLE_WORDS.iter().any(|w| line.contains(w)) || kind::kind_of(line).is_some()))
}

/// The title line of the header, before the text starts: the first line that reads like a title
/// (file name, title words), else the title-shaped line just above the date or source line
/// (国务院常务会议部署推动经济持续回升向好 / 2024-01-10 来源：新华网).
fn find_title_line(lines: &[&str], stem_title: &str) -> Option<usize> {
    let mut shaped: Option<usize> = None;
    let mut above_metadata: Option<usize> = None;
    let chrome = boilerplate::classify_lines(lines);
    for (i, line) in lines.iter().enumerate().take(TITLE_SEARCH_LINES) {
        if chrome[i] != Chrome::No {
            continue;
        }
        if metadata::parse_line(line).is_some() || date::is_date_line(line) {
            if above_metadata.is_none() {
                above_metadata = shaped.filter(|s| i - s <= TITLE_ABOVE_METADATA);
            }
            continue;
        }
        if looks_like_title(line, stem_title) {
            return Some(i);
        }
        if is_prose(line) || structure::is_heading(line) {
            return above_metadata.or_else(|| named_in_file_name(lines, i, stem_title));
        }
        if is_title_shaped(line) {
            shaped = Some(i);
        }
    }
    above_metadata
}

/// A title set below a preface (a 主席令 before the law it promulgates): a line further down that
/// the file name spells out.
fn named_in_file_name(lines: &[&str], from: usize, stem_title: &str) -> Option<usize> {
    (from..lines.len().min(TITLE_SEARCH_LINES)).find(|&i| {
        let squeezed: String = lines[i].split_whitespace().collect();
        squeezed.chars().count() >= TITLE_MIN_CHARS
            && stem_title.contains(&squeezed)
            && !is_prose(lines[i])
            && !structure::is_heading(lines[i])
    })
}

/// A line that could be a title by its shape alone: a phrase, not a sentence, label or number.
fn is_title_shaped(line: &str) -> bool {
    let n = line.chars().count();
    (TITLE_MIN_CHARS..=80).contains(&n)
        && !line.contains(['。', '，', '；', '：', ':', '！', '|', '>'])
        && !line.starts_with(['—', '-', '―', '（', '('])
        && !is_doc_number(line)
        && line.split_whitespace().count() <= 2
}

/// A repeat of the title in the header (政府工作报告 under 2026年…政府工作报告).
pub fn is_repeat_of_title(
    line: &str,
    page_title: Option<&str>,
    stem_title: &str,
    meta: &Metadata,
) -> bool {
    let squeezed: String = line.split_whitespace().collect();
    let squeeze = |t: &str| t.split_whitespace().collect::<String>();
    squeezed.chars().count() >= 4
        && !line.contains(['。', '，'])
        && (page_title.is_some_and(|t| squeeze(t).ends_with(squeezed.as_str()))
            || (!meta.title.is_empty() && squeeze(&meta.title).ends_with(squeezed.as_str()))
            || stem_title.ends_with(squeezed.as_str()))
}

/// `reports/2026_上海市_政府工作报告.txt` → 2026年上海市政府工作报告.
pub fn title_from_file_name(id: &str) -> String {
    let name = id.rsplit('/').next().unwrap_or(id);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    // 检察官法(2019-04-23), 某某条例（2018年修正）: the version a file holds is no part of its title.
    let stem = kind::strip_trailing_notes(stem, is_version_suffix);
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

/// The version date a file name states: 检察官法(2019-04-23).md → 2019-04-23.
pub fn version_in_file_name(id: &str) -> Option<Date> {
    let name = id.rsplit('/').next().unwrap_or(id);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let bare = kind::strip_trailing_notes(stem, is_version_suffix);
    let note = stem[bare.len()..].trim_matches(|c: char| !c.is_ascii_digit());
    Date::parse(note).ok()
}

/// A file name's note of the version it holds: (2019-04-23), （2018年修正）, (2020年版).
fn is_version_suffix(note: &str) -> bool {
    static NOTE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[（(]\s*(?:\d{4}[-.]\d{1,2}[-.]\d{1,2}|\d{4}\s*年.{0,8}(?:修正|修订|修改|版|本))\s*[）)]$")
            .expect("valid regex")
    });
    NOTE.is_match(note)
}

/// The stated title (标题：…), else the page's title line, unless that is a generic one
/// (政府工作报告, 2026年政府工作报告) that the file name says more about.
pub fn choose_title(page_title: Option<&str>, stem_title: &str, meta: &Metadata) -> String {
    if !meta.title.is_empty() {
        return meta.title.clone();
    }
    match page_title {
        Some(t) => {
            let t: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
            let squeezed: String = t.split_whitespace().collect();
            if is_elaboration(stem_title, &squeezed) {
                stem_title.to_string()
            } else {
                t
            }
        }
        None => stem_title.to_string(),
    }
}

/// True when `longer` is `shorter` with words inserted at one place:
/// 2026年云南省政府工作报告 for 2026年政府工作报告, 2026年广东省政府工作报告 for 政府工作报告.
fn is_elaboration(longer: &str, shorter: &str) -> bool {
    let (l, s): (Vec<char>, Vec<char>) = (longer.chars().collect(), shorter.chars().collect());
    if l.len() <= s.len() || s.len() < 4 {
        return false;
    }
    let prefix = l.iter().zip(&s).take_while(|(a, b)| a == b).count();
    let suffix = l
        .iter()
        .rev()
        .zip(s.iter().rev())
        .take_while(|(a, b)| a == b)
        .count()
        .min(s.len() - prefix);
    // What the longer one adds is words (云南省), not a file-naming code (pdf-03_).
    let inserted = &l[prefix..l.len() - suffix];
    prefix + suffix >= s.len() && !inserted.iter().any(char::is_ascii_alphabetic)
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
    fn a_generic_page_title_gives_way_to_the_file_name_that_elaborates_it() {
        assert!(is_elaboration(
            "2026年云南省政府工作报告",
            "2026年政府工作报告"
        ));
        assert!(is_elaboration("2026年广东省政府工作报告", "政府工作报告"));
        assert!(!is_elaboration(
            "pdf-03中华人民共和国民法典",
            "中华人民共和国民法典"
        ));
        assert!(!is_elaboration(
            "国务院关于甲事项的通知",
            "关于乙事项的通知"
        ));
        assert!(!is_elaboration(
            "t20240105_1",
            "教育部关于做好招生工作的通知"
        ));
    }
}
