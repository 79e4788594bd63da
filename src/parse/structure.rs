//! Section structure: 一、… › （一）… › 1. › （1） › lead sentence, one path per paragraph.

use std::sync::LazyLock;

use regex::Regex;

const CN_NUM: &str = "一二三四五六七八九十百零〇";

static LEVEL_1: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:[{CN_NUM}]+[、.．]|第[{CN_NUM}\d]+(?:章|部分|编|篇)(?:\s|$|[^\d{CN_NUM}]))"
    ))
    .unwrap()
});
static LEVEL_2: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^[（(][{CN_NUM}]+[）)]")).unwrap());
static LEVEL_3: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:\d{{1,2}}[.．、](?:[^\d]|$)|第[{CN_NUM}\d]+[条节])"
    ))
    .unwrap()
});
static LEVEL_4: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[（(]\d{1,2}[）)]|[①-⑳])").unwrap());
static ARTICLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^第[{CN_NUM}\d]+条")).unwrap());

/// Deepest numbered level; the lead sentence sits below it.
const NUMBERED_LEVELS: usize = 4;
/// A first sentence up to this many characters can be a lead sentence.
const LEAD_MAX_CHARS: usize = 24;

/// The numbered heading level a line opens (1-based), if any.
pub fn heading_level(line: &str) -> Option<usize> {
    [&*LEVEL_1, &*LEVEL_2, &*LEVEL_3, &*LEVEL_4]
        .iter()
        .position(|re| re.is_match(line))
        .map(|i| i + 1)
}

/// The heading a line opens: up to its first full stop. 第三条 alone for articles of a regulation.
fn heading_text(line: &str) -> String {
    if let Some(m) = ARTICLE.find(line) {
        return m.as_str().to_string();
    }
    first_sentence(line).unwrap_or(line).trim().to_string()
}

/// The text before the first 。！？；, if the line goes on after it.
fn first_sentence(line: &str) -> Option<&str> {
    let end = line.find(['。', '！', '？', '；'])?;
    Some(&line[..end])
}

/// A short opening sentence that names the paragraph's topic: 稳增长政策措施加快落地见效。…
fn lead_sentence(line: &str) -> Option<String> {
    let sentence = first_sentence(line)?;
    let rest = &line[sentence.len()..];
    let lead = sentence.trim_start_matches(['—', '-', '―', ' ']);
    let n = lead.chars().count();
    (n >= 2 && n <= LEAD_MAX_CHARS && rest.chars().count() > 1 && !lead.contains(['，', ',', '：']))
        .then(|| lead.to_string())
}

/// A short line on its own that heads the lines after it: 生态底色更加亮丽。
fn is_standalone_lead(line: &str, next: Option<&str>) -> bool {
    let n = line.chars().count();
    let body = line.trim_end_matches('。');
    let ends_well =
        line.ends_with('。') || !line.ends_with(|c: char| "：:！!？?，,；;”」』）)".contains(c));
    (4..=LEAD_MAX_CHARS).contains(&n)
        && ends_well
        && !body.contains(['。', '，', ',', '：', '！'])
        && next.is_some_and(|next| next.chars().count() > n * 2 && heading_level(next).is_none())
}

/// Walks the lines of a body and gives each its section path.
#[derive(Default)]
pub struct SectionTracker {
    levels: [Option<String>; NUMBERED_LEVELS],
    standalone_lead: Option<String>,
}

impl SectionTracker {
    /// The section path of `line`; `next` is the following body line, if any.
    pub fn section_of(&mut self, line: &str, next: Option<&str>) -> Vec<String> {
        if let Some(level) = heading_level(line) {
            self.levels[level - 1] = Some(heading_text(line));
            for deeper in &mut self.levels[level..] {
                *deeper = None;
            }
            self.standalone_lead = None;
            return self.path(None);
        }
        if is_standalone_lead(line, next) {
            self.standalone_lead = Some(line.trim_end_matches('。').to_string());
            return self.path(None);
        }
        let own_lead = if self.standalone_lead.is_none() {
            lead_sentence(line)
        } else {
            None
        };
        self.path(own_lead)
    }

    fn path(&self, own_lead: Option<String>) -> Vec<String> {
        self.levels
            .iter()
            .flatten()
            .cloned()
            .chain(self.standalone_lead.clone())
            .chain(own_lead)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_levels() {
        assert_eq!(heading_level("一、2021年工作情况"), Some(1));
        assert_eq!(heading_level("第三章 保障措施"), Some(1));
        assert_eq!(
            heading_level("(一)创新动能显著增强。战略科技力量加快布局。"),
            Some(2)
        );
        assert_eq!(heading_level("（十一）牢牢守住安全发展底线"), Some(2));
        assert_eq!(heading_level("1.通过“以工代赈”发放"), Some(3));
        assert_eq!(heading_level("第十二条 本办法自发布之日起施行。"), Some(3));
        assert_eq!(heading_level("（3）加强监测"), Some(4));
        assert_eq!(heading_level("2.67万亿元的经济总量"), None);
        assert_eq!(heading_level("一是首都功能持续优化提升。"), None);
        assert_eq!(heading_level("第一产业增加值增长3%"), None);
    }

    #[test]
    fn paths_follow_headings_and_leads() {
        let lines = [
            "一、2021年工作情况",
            "2021年是中国共产党成立100周年,是“十四五”规划开局之年。",
            "(一)创新动能显著增强。战略科技力量加快布局。金凤实验室一期完成主体楼宇建设。",
            "(二)产业基础不断夯实。招大引强取得突破。",
            "二、2022年重点工作安排",
            "（一）全力促进经济平稳健康发展",
            "稳增长政策措施加快落地见效。全面落实国家出台的存量政策和增量政策。",
            "生态底色更加亮丽。",
            "始终坚持生态优先、绿色发展，以“国之大者”为己任，推进生态保护。",
        ];
        let mut tracker = SectionTracker::default();
        let paths: Vec<Vec<String>> = lines
            .iter()
            .enumerate()
            .map(|(i, l)| tracker.section_of(l, lines.get(i + 1).copied()))
            .collect();
        assert_eq!(paths[0], ["一、2021年工作情况"]);
        assert_eq!(paths[1], ["一、2021年工作情况"]);
        assert_eq!(paths[2], ["一、2021年工作情况", "(一)创新动能显著增强"]);
        assert_eq!(paths[3], ["一、2021年工作情况", "(二)产业基础不断夯实"]);
        assert_eq!(paths[4], ["二、2022年重点工作安排"]);
        assert_eq!(
            paths[6],
            [
                "二、2022年重点工作安排",
                "（一）全力促进经济平稳健康发展",
                "稳增长政策措施加快落地见效"
            ]
        );
        assert_eq!(paths[8][2], "生态底色更加亮丽");
    }
}
