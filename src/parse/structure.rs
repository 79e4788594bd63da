//! Section structure: 一、… › （一）… › 1. › （1） › lead sentence, one path per paragraph.
//!
//! Headings are told apart by their numbering style. Styles rank as official documents use them
//! (第一部分 › 第一章 › 第一节 › 第一条 › 一、 › （一） › 1. › （1） › ①): a heading closes every open
//! heading of its rank or deeper, and levels a document skips are simply absent. So a report's
//! 一、 › （一） › 1. and a regulation's 第一章 › 第一条 › （一） both nest as written. An
//! appendix (附件, 附件2) starts afresh under its own title.

use std::sync::LazyLock;

use regex::Regex;

pub use crate::text::heading::{heading_style, is_heading, HeadingStyle};
use crate::text::numerals::{chinese_ordinal, NUMERAL_CHARS};

/// 1.2 编制依据, 2.3.1应急响应: a decimal heading (not 1.2万亿元, 2.5%).
static DECIMAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2}(?:[.．]\d{1,2}){1,3})[.．]?(?:\s+|[^\d\s.．%万亿千百倍个元米吨℃])")
        .unwrap()
});
/// 1 总则: the top level of a decimal numbering (a bare number, a space, a short title).
static DECIMAL_TOP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,2}\s+\p{Han}[^。，；：:]{0,24}$").unwrap());
/// 总则, 分则, 附则 on a line of their own: a regulation's unnumbered divisions.
const DIVISIONS: [&str; 3] = ["总则", "分则", "附则"];
/// 20.2026年…, 21.5+2…: a number followed by a digit, a list item only when it continues a list.
static ARABIC_THEN_DIGIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})[.．、]\d").unwrap());
/// 第二十五条: an article's heading, its number captured.
static ARTICLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^第([{NUMERAL_CHARS}\d]+)条")).unwrap());
/// 附件, 附件2, 附件二, 附件：名称, 附表1.
static APPENDIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^附[件表]\s*[\d{NUMERAL_CHARS}]{{0,3}}\s*(?:(?:[:：]|\s)\s*(.*))?$"
    ))
    .unwrap()
});

/// A first sentence up to this many characters can be a lead sentence.
const LEAD_MAX_CHARS: usize = 24;
/// A numbered item's text longer than this is cut at its first comma (a list item, not a title).
const HEADING_MAX_CHARS: usize = 40;
/// An appendix's title line is at most this long.
const APPENDIX_TITLE_MAX_CHARS: usize = 50;

/// The depth of a decimal heading: 1.2 → 2, 1.2.1 → 3.
fn decimal_depth(line: &str) -> Option<u8> {
    let c = DECIMAL.captures(line)?;
    let number = c.get(1)?.as_str();
    Some(number.split(['.', '．']).count() as u8)
}

/// True when a document numbers its headings 1 › 1.1 › 1.1.1 (as 预案 and standards do): it has
/// at least this many decimal headings.
const DECIMAL_HEADINGS_MIN: usize = 2;

pub fn uses_decimal_numbering<'a>(lines: impl IntoIterator<Item = &'a str>) -> bool {
    lines
        .into_iter()
        .filter(|l| l.chars().count() <= 60 && decimal_depth(l).is_some())
        .take(DECIMAL_HEADINGS_MIN)
        .count()
        >= DECIMAL_HEADINGS_MIN
}

/// A heading of a regulation's unnumbered division: 附则, 附 则.
pub(crate) fn is_division(line: &str) -> bool {
    let squeezed: String = line.split_whitespace().collect();
    DIVISIONS.contains(&squeezed.as_str())
}

/// True for a line that starts an appendix: 附件, 附件2, 附件：某某办法.
pub fn is_appendix_marker(line: &str) -> bool {
    line.chars().count() <= 60 && APPENDIX.is_match(line)
}

/// The heading a line opens: up to its first full stop or colon, cut at a comma when long.
/// 第三条 alone for the articles of a regulation.
fn heading_text(line: &str, kind: HeadingStyle) -> String {
    if kind == HeadingStyle::Article {
        if let Some(m) = ARTICLE.find(line) {
            return m.as_str().to_string();
        }
    }
    let head = cut_at_depth_zero(line, &['。', '！', '？', '；', ';', '：', ':']).unwrap_or(line);
    let is_item = matches!(
        kind,
        HeadingStyle::Arabic | HeadingStyle::ArabicParen | HeadingStyle::Circled
    );
    let head = if is_item && head.chars().count() > HEADING_MAX_CHARS {
        cut_at_depth_zero(head, &['，', ',']).unwrap_or(head)
    } else {
        head
    };
    head.trim_end_matches(|c: char| c.is_whitespace() || "，,、".contains(c))
        .to_string()
}

/// The text before the first of `stops` that is outside brackets and quotes, if any.
fn cut_at_depth_zero<'a>(line: &'a str, stops: &[char]) -> Option<&'a str> {
    let mut depth = 0usize;
    for (i, c) in line.char_indices() {
        match c {
            '（' | '(' | '“' | '‘' | '《' | '【' | '[' | '「' | '『' => depth += 1,
            '）' | ')' | '”' | '’' | '》' | '】' | ']' | '」' | '』' => {
                depth = depth.saturating_sub(1)
            }
            c if depth == 0 && stops.contains(&c) && i > 0 => return Some(&line[..i]),
            _ => {}
        }
    }
    None
}

/// The text before the first 。, if the line goes on after it.
fn first_sentence(line: &str) -> Option<&str> {
    let end = line.find('。')?;
    Some(&line[..end])
}

/// A short opening sentence that names the paragraph's topic: 稳增长政策措施加快落地见效。…
fn lead_sentence(line: &str) -> Option<String> {
    let sentence = first_sentence(line)?;
    let rest = &line[sentence.len()..];
    let lead = sentence.trim_start_matches(['—', '-', '―', ' ']);
    let n = lead.chars().count();
    ((2..=LEAD_MAX_CHARS).contains(&n)
        && rest.chars().count() > 1
        && !lead.contains(['，', ',', '：', ':', '！', '？', '；']))
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
        && !super::date::is_date_line(line)
        && !body.contains(['。', '，', ',', '：', '！'])
        && next.is_some_and(|next| next.chars().count() > n * 2 && !is_heading(next))
}

/// A line that can be an appendix's title: short, no sentence punctuation, not numbered.
fn is_title_like(line: &str) -> bool {
    let n = line.chars().count();
    (2..=APPENDIX_TITLE_MAX_CHARS).contains(&n)
        && !line.contains(['。', '，', '；', '：', ':', '！'])
        && !is_heading(line)
}

/// Walks the lines of a body and gives each its section path.
#[derive(Default)]
pub struct SectionTracker {
    /// The appendix or issued document the lines are in: its marker and/or its title.
    part: Vec<String>,
    /// Set after an appendix marker with no title of its own: the next line may be the title.
    awaiting_part_title: bool,
    /// Open headings, outermost first.
    open: Vec<Open>,
    standalone_lead: Option<String>,
    /// The depth of `open` at which a list's lead-in (…如下：, 第二条 …：) stands: a line after
    /// the list's entries returns there (a continuation 款 belongs to the article, not to the
    /// last item).
    list_at: Option<usize>,
    /// The document numbers its headings 1 › 1.1 › 1.1.1.
    decimal: bool,
}

/// An open heading.
struct Open {
    kind: HeadingStyle,
    text: String,
    /// The level its source marks it with (Markdown), if any.
    outline: Option<u8>,
    /// A list entry (（一）坚持需求导向；), not a heading with text under it.
    entry: bool,
}

/// A list entry is at most this long, and one clause.
const ENTRY_MAX_CHARS: usize = 120;

/// An item that is one clause of a list: it ends with ；(or ，), or with 。 as the last of a
/// list whose items before it did (a report's （一）…。 heading ends so too, but heads text).
fn is_entry(line: &str, kind: HeadingStyle, after_entry: bool) -> bool {
    let item = matches!(
        kind,
        HeadingStyle::ChineseParen
            | HeadingStyle::Arabic
            | HeadingStyle::ArabicParen
            | HeadingStyle::Circled
            | HeadingStyle::Decimal(_)
    );
    let body = line.trim_end_matches(['；', ';', '。', '，', ',']);
    let ends_clause = line.ends_with(['；', ';', '，', ',']);
    let ends_list = after_entry && line.ends_with('。');
    item && line.chars().count() <= ENTRY_MAX_CHARS
        && (ends_clause || ends_list)
        && !body.contains(['。', '；'])
}

impl SectionTracker {
    /// A tracker for a body whose lines are these (it looks at the numbering they use).
    pub fn for_body<'a>(lines: impl IntoIterator<Item = &'a str>) -> SectionTracker {
        SectionTracker {
            decimal: uses_decimal_numbering(lines),
            ..SectionTracker::default()
        }
    }

    /// The kind of heading a line is, in this document.
    fn kind_of(&self, line: &str) -> Option<HeadingStyle> {
        if self.decimal {
            if let Some(depth) = decimal_depth(line) {
                return Some(HeadingStyle::Decimal(depth));
            }
            if DECIMAL_TOP.is_match(line) {
                return Some(HeadingStyle::Arabic);
            }
        }
        if is_division(line) {
            // 附则 sits beside the outermost divisions open (第七编 or 第十章).
            let outer = self.open.iter().map(|o| o.kind).find(|k| {
                matches!(
                    k,
                    HeadingStyle::Part | HeadingStyle::SubPart | HeadingStyle::Chapter
                )
            });
            return Some(outer.unwrap_or(HeadingStyle::Chapter));
        }
        heading_style(line).or_else(|| self.next_item_of_list(line))
    }

    /// The section path of `line`; `next` is the following body line, if any.
    pub fn section_of(&mut self, line: &str, next: Option<&str>) -> Vec<String> {
        let awaiting_title = std::mem::take(&mut self.awaiting_part_title);
        if is_appendix_marker(line) {
            let marker = line.trim_end_matches([':', '：']).trim().to_string();
            let inline_title = APPENDIX
                .captures(line)
                .and_then(|c| c.get(1))
                .is_some_and(|t| !t.as_str().trim().is_empty());
            self.part = vec![marker];
            self.awaiting_part_title = !inline_title;
            self.close_all();
            return self.path(None);
        }
        if awaiting_title && is_title_like(line) {
            self.part.push(line.trim_end_matches('。').to_string());
            return self.path(None);
        }
        if let Some(kind) = self.kind_of(line) {
            let base = self.last_outline().map_or(0, |i| i + 1);
            let after_entry = self.open[base..]
                .iter()
                .find(|o| o.kind == kind)
                .is_some_and(|o| o.entry);
            if let Some(at) = self.open[base..].iter().position(|o| o.kind >= kind) {
                self.open.truncate(base + at);
            }
            if self.list_at.is_some_and(|at| at > self.open.len()) {
                self.list_at = None;
            }
            let text = heading_text(line, kind);
            self.push(kind, text, None, is_entry(line, kind, after_entry));
            if ends_with_colon(line) {
                self.list_at = Some(self.open.len());
            }
            return self.path(None);
        }
        // Text after a list's entries: back to the list's lead-in (or the article).
        let back_to = self.list_at.or_else(|| {
            self.open
                .iter()
                .rposition(|o| o.kind == HeadingStyle::Article)
                .map(|i| i + 1)
        });
        if let Some(at) = back_to {
            if self.open.len() > at && self.open[at..].iter().all(|o| o.entry) {
                self.open.truncate(at);
                self.list_at = None;
                self.standalone_lead = None;
            }
        }
        if ends_with_colon(line) {
            self.list_at = Some(self.open.len());
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

    /// A heading whose level the source gives (Markdown `##`): it closes the headings of its
    /// level and deeper, and the numbered ones opened under them.
    pub fn outline_heading(&mut self, line: &str, level: u8) -> Vec<String> {
        let kept = self
            .open
            .iter()
            .rposition(|o| o.outline.is_some_and(|l| l < level))
            .map_or(0, |i| i + 1);
        self.open.truncate(kept);
        self.list_at = None;
        let kind = heading_style(line).unwrap_or(HeadingStyle::Outline(level));
        self.push(kind, heading_text(line, kind), Some(level), false);
        self.path(None)
    }

    /// A line of the document's frame (主送, 特此通知。, the signature and date): it sits under
    /// no heading, only under the part it is in.
    pub fn document_level(&mut self) -> Vec<String> {
        self.close_all();
        self.path(None)
    }

    /// The title of a document set out below another (a 印发 notice's 办法): its own headings
    /// start afresh under it.
    pub fn start_part(&mut self, title: &str) -> Vec<String> {
        self.part = vec![title.trim_end_matches('。').to_string()];
        self.awaiting_part_title = false;
        self.close_all();
        self.path(None)
    }

    fn close_all(&mut self) {
        self.open.clear();
        self.standalone_lead = None;
        self.list_at = None;
    }

    fn push(&mut self, kind: HeadingStyle, text: String, outline: Option<u8>, entry: bool) {
        self.open.push(Open {
            kind,
            text,
            outline,
            entry,
        });
        self.standalone_lead = None;
    }

    fn last_outline(&self) -> Option<usize> {
        self.open.iter().rposition(|o| o.outline.is_some())
    }

    /// `Arabic` when `line` is numbered one more than the open 1. item (19. then 20.2026年…).
    fn next_item_of_list(&self, line: &str) -> Option<HeadingStyle> {
        let n: u32 = ARABIC_THEN_DIGIT.captures(line)?[1].parse().ok()?;
        let open = self.open.iter().find(|o| o.kind == HeadingStyle::Arabic)?;
        let digits: String = open.text.chars().take_while(char::is_ascii_digit).collect();
        (digits.parse::<u32>().ok()? + 1 == n).then_some(HeadingStyle::Arabic)
    }

    fn path(&self, own_lead: Option<String>) -> Vec<String> {
        self.part
            .iter()
            .cloned()
            .chain(self.open.iter().map(|o| o.text.clone()))
            .chain(self.standalone_lead.clone())
            .chain(own_lead)
            .collect()
    }
}

fn ends_with_colon(line: &str) -> bool {
    line.trim_end().ends_with(['：', ':'])
}

/// A line this long at most can be a letter-spaced heading or title.
const SPACED_LINE_MAX_CHARS: usize = 60;

/// A heading or title drawn letter-spaced (第四编 人 格 权, 总 则, 通 知) with its letters
/// together (第四编 人格权, 总则, 通知): a run of two or more single Chinese characters, each
/// set apart by spaces, is one word. Other spaces stay, and so does a longer line (prose).
pub fn join_letter_spacing(line: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    if line.chars().count() > SPACED_LINE_MAX_CHARS {
        return Cow::Borrowed(line);
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    let single = |w: &str| {
        let mut chars = w.chars();
        chars.next().is_some_and(crate::text::is_ideograph) && chars.next().is_none()
    };
    let spaced = words.windows(2).any(|w| single(w[0]) && single(w[1]));
    if !spaced {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    for (i, word) in words.iter().enumerate() {
        if i > 0 && !(single(words[i - 1]) && single(word)) {
            out.push(' ');
        }
        out.push_str(word);
    }
    Cow::Owned(out)
}

/// True for a text that is an article's heading and nothing more: 第十二条, 第1001条.
pub fn is_article_reference(text: &str) -> bool {
    ARTICLE
        .find(text)
        .is_some_and(|m| m.end() == text.trim_end().len())
}

/// The number of an article heading: 第二十五条 → 25, 第1001条 → 1001.
pub fn article_number(heading: &str) -> Option<u32> {
    let caps = ARTICLE.captures(heading)?;
    let n = &caps[1];
    n.parse().ok().or_else(|| chinese_ordinal(n))
}

/// The citation of a paragraph in an article: 《专利代理条例》第二十五条. The document cited is
/// the part the article is in (an issued 办法, an appendix's title) or else the document itself.
pub fn citation(title: &str, section: &[String]) -> Option<String> {
    let at = section.iter().rposition(|s| ARTICLE.is_match(s))?;
    let article = ARTICLE.find(&section[at])?.as_str();
    let part = section[..at]
        .iter()
        .rev()
        .find(|s| !is_heading(s) && !is_appendix_marker(s))
        .map_or(title, String::as_str);
    let name = part.trim_start_matches('《').trim_end_matches('》');
    Some(format!("《{name}》{article}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(lines: &[&str]) -> Vec<Vec<String>> {
        let mut tracker = SectionTracker::default();
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| tracker.section_of(l, lines.get(i + 1).copied()))
            .collect()
    }

    #[test]
    fn letter_spaced_headings_are_read_as_words() {
        assert_eq!(join_letter_spacing("第四编 人 格 权"), "第四编 人格权");
        assert_eq!(join_letter_spacing("第一章　总　则"), "第一章 总则");
        assert_eq!(join_letter_spacing("通 知"), "通知");
        // Words of several characters, and prose, are left as they are.
        assert_eq!(join_letter_spacing("第六章 监督管理"), "第六章 监督管理");
        assert_eq!(
            join_letter_spacing("一、加快 建设 科技强国"),
            "一、加快 建设 科技强国"
        );
        let prose = format!("{}我 们", "长".repeat(70));
        assert_eq!(join_letter_spacing(&prose), prose);
    }

    #[test]
    fn heading_kinds_are_told_by_their_numbering() {
        assert_eq!(
            heading_style("一、2021年工作情况"),
            Some(HeadingStyle::Chinese)
        );
        assert_eq!(
            heading_style("第三章 保障措施"),
            Some(HeadingStyle::Chapter)
        );
        assert_eq!(
            heading_style("第二节　监督检查"),
            Some(HeadingStyle::Section)
        );
        assert_eq!(heading_style("第一部分 总体要求"), Some(HeadingStyle::Part));
        assert_eq!(heading_style("第一分编 通 则"), Some(HeadingStyle::SubPart));
        assert_eq!(
            heading_style("(一)创新动能显著增强。战略科技力量加快布局。"),
            Some(HeadingStyle::ChineseParen)
        );
        assert_eq!(
            heading_style("（十一）牢牢守住安全发展底线"),
            Some(HeadingStyle::ChineseParen)
        );
        assert_eq!(
            heading_style("1.通过“以工代赈”发放"),
            Some(HeadingStyle::Arabic)
        );
        assert_eq!(
            heading_style("第十二条 本办法自发布之日起施行。"),
            Some(HeadingStyle::Article)
        );
        assert_eq!(
            heading_style("（3）加强监测"),
            Some(HeadingStyle::ArabicParen)
        );
        assert_eq!(heading_style("②强化保障"), Some(HeadingStyle::Circled));
    }

    #[test]
    fn numbers_and_ordinals_in_running_text_are_not_headings() {
        for line in [
            "2.67万亿元的经济总量",
            "2.5",
            "一是首都功能持续优化提升。",
            "第一产业增加值增长3%",
            "第十四届人民代表大会",
            "2026年自治区民生实事",
        ] {
            assert_eq!(heading_style(line), None, "{line}");
        }
    }

    #[test]
    fn heading_text_stops_at_the_first_full_stop_or_colon_outside_brackets() {
        let t = |l: &str| heading_text(l, heading_style(l).unwrap());
        assert_eq!(
            t("(一)创新动能显著增强。战略科技力量加快布局。"),
            "(一)创新动能显著增强"
        );
        assert_eq!(t("1.“四上”企业："), "1.“四上”企业");
        assert_eq!(t("23.GEP核算：一定行政区域内各类生态系统"), "23.GEP核算");
        assert_eq!(t("第二条　建设应当遵循以下原则："), "第二条");
        assert_eq!(
            t("（一）坚持需求导向，按照居民需要配置服务；"),
            "（一）坚持需求导向，按照居民需要配置服务"
        );
    }

    #[test]
    fn a_long_list_item_is_named_by_its_first_clause() {
        let line = "2.实现城镇新增就业18万人以上，发布就业岗位50万个以上，释放政策性岗位4.5万个，\
                    开展职业技能培训40万人次（牵头单位：人社厅）。";
        assert_eq!(
            heading_text(line, HeadingStyle::Arabic),
            "2.实现城镇新增就业18万人以上"
        );
    }

    #[test]
    fn paths_follow_headings_and_leads() {
        let p = paths(&[
            "一、2021年工作情况",
            "2021年是中国共产党成立100周年,是“十四五”规划开局之年。",
            "(一)创新动能显著增强。战略科技力量加快布局。金凤实验室一期完成主体楼宇建设。",
            "(二)产业基础不断夯实。招大引强取得突破。",
            "二、2022年重点工作安排",
            "（一）全力促进经济平稳健康发展",
            "稳增长政策措施加快落地见效。全面落实国家出台的存量政策和增量政策。",
            "生态底色更加亮丽。",
            "始终坚持生态优先、绿色发展，以“国之大者”为己任，推进生态保护。",
        ]);
        assert_eq!(p[0], ["一、2021年工作情况"]);
        assert_eq!(p[1], ["一、2021年工作情况"]);
        assert_eq!(p[2], ["一、2021年工作情况", "(一)创新动能显著增强"]);
        assert_eq!(p[3], ["一、2021年工作情况", "(二)产业基础不断夯实"]);
        assert_eq!(p[4], ["二、2022年重点工作安排"]);
        assert_eq!(
            p[6],
            [
                "二、2022年重点工作安排",
                "（一）全力促进经济平稳健康发展",
                "稳增长政策措施加快落地见效"
            ]
        );
        assert_eq!(p[8][2], "生态底色更加亮丽");
    }

    #[test]
    fn items_of_an_article_nest_under_it_and_a_new_chapter_closes_both() {
        let p = paths(&[
            "第一章　总则",
            "第一条　为规范管理，制定本办法。",
            "第二条　应当遵循以下原则：",
            "（一）坚持需求导向；",
            "1.优先保障老人；",
            "（二）坚持因地制宜。",
            "第二章　建设要求",
            "第三条　设施建设应当符合国家标准。",
        ]);
        assert_eq!(p[1], ["第一章　总则", "第一条"]);
        assert_eq!(p[3], ["第一章　总则", "第二条", "（一）坚持需求导向"]);
        assert_eq!(
            p[4],
            [
                "第一章　总则",
                "第二条",
                "（一）坚持需求导向",
                "1.优先保障老人"
            ]
        );
        assert_eq!(p[5], ["第一章　总则", "第二条", "（二）坚持因地制宜"]);
        assert_eq!(p[7], ["第二章　建设要求", "第三条"]);
    }

    #[test]
    fn a_heading_closes_the_deeper_ones_even_when_it_comes_first() {
        let p = paths(&[
            "会议要求如下：",
            "（一）提高认识。各地要高度重视。",
            "一、总体要求",
            "坚持稳中求进工作总基调，推动高质量发展。",
            "1.加强领导。成立工作专班。",
            "（一）明确分工。落实责任。",
        ]);
        assert_eq!(p[1], ["（一）提高认识"]);
        assert_eq!(p[2], ["一、总体要求"]);
        assert_eq!(p[4], ["一、总体要求", "1.加强领导"]);
        assert_eq!(p[5], ["一、总体要求", "（一）明确分工"]);
    }

    #[test]
    fn an_appendix_starts_afresh_under_its_marker_and_title() {
        let p = paths(&[
            "四、加强政府自身建设",
            "各位代表！让我们更加紧密地团结在一起，奋力谱写新篇章。",
            "附件",
            "2026年自治区民生实事",
            "1.通过“以工代赈”发放劳务报酬20亿元以上；扩大失业保险覆盖面。",
            "附件2：名词解释",
            "1.“四上”企业：",
            "指达到一定规模的法人单位。",
        ]);
        assert_eq!(p[2], ["附件"]);
        assert_eq!(p[3], ["附件", "2026年自治区民生实事"]);
        assert_eq!(
            p[4],
            [
                "附件",
                "2026年自治区民生实事",
                "1.通过“以工代赈”发放劳务报酬20亿元以上"
            ]
        );
        assert_eq!(p[5], ["附件2：名词解释"]);
        assert_eq!(p[7], ["附件2：名词解释", "1.“四上”企业"]);
    }

    #[test]
    fn an_item_whose_text_starts_with_a_digit_continues_its_list() {
        let p = paths(&[
            "19.“1+N”常态化帮扶政策体系：“1”指省委和省政府制定出台的文件。",
            "20.2026年10件民生实事：加大重点群体就业创业支持力度。",
            "21.5+2就业之家：覆盖省、市、县、街道、社区五级。",
            "2.67万亿元的经济总量，比上年增长5%。",
        ]);
        assert_eq!(p[1], ["20.2026年10件民生实事"]);
        assert_eq!(p[2], ["21.5+2就业之家"]);
        assert_eq!(p[3], ["21.5+2就业之家"]);
    }

    #[test]
    fn a_long_numbered_heading_keeps_its_whole_title() {
        let line =
            "（一）久久为功推动粤港澳大湾区建设，打造富有活力和国际竞争力的一流湾区和世界级城市群";
        assert_eq!(heading_text(line, HeadingStyle::ChineseParen), line);
    }

    #[test]
    fn article_numbers_are_read_from_headings_either_way() {
        assert_eq!(article_number("第二十五条 专利代理机构"), Some(25));
        assert_eq!(article_number("第1001条"), Some(1001));
    }

    #[test]
    fn an_article_is_cited_with_the_document_it_is_in() {
        let s = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            citation(
                "专利代理条例",
                &s(&["第三章 专利代理行业组织", "第二十五条"])
            )
            .as_deref(),
            Some("《专利代理条例》第二十五条")
        );
        assert_eq!(
            citation(
                "某某局关于印发《某某办法》的通知",
                &s(&["某某办法", "第一章 总则", "第三条", "（一）坚持需求导向"])
            )
            .as_deref(),
            Some("《某某办法》第三条")
        );
        assert_eq!(citation("2026年政府工作报告", &s(&["一、工作回顾"])), None);
    }

    #[test]
    fn continuation_paragraphs_of_an_article_belong_to_it() {
        let p = paths(&[
            "第二十五条 有下列情形之一的，不予登记：",
            "（一）申请材料不齐全的；",
            "（二）不符合法定条件的。",
            "有前款规定情形的，应当书面说明理由。",
            "第二十六条 本条例自公布之日起施行。",
        ]);
        assert_eq!(p[2], ["第二十五条", "（二）不符合法定条件的"]);
        assert_eq!(p[3], ["第二十五条"]);
        assert_eq!(p[4], ["第二十六条"]);
    }

    #[test]
    fn a_list_after_a_lead_in_closes_before_the_text_that_follows() {
        let p = paths(&[
            "一、工作目标",
            "到2027年，实现以下目标：",
            "1.建成智能工厂100家；",
            "2.培育专精特新企业500家。",
            "各地要结合实际抓好落实。",
        ]);
        assert_eq!(p[3], ["一、工作目标", "2.培育专精特新企业500家"]);
        assert_eq!(p[4], ["一、工作目标"]);
    }

    #[test]
    fn a_report_s_numbered_heading_keeps_the_text_under_it() {
        let p = paths(&[
            "三、2026年工作安排",
            "重点抓好以下工作：",
            "（一）久久为功推动大湾区建设。",
            "服务大局，紧扣新发展格局的战略支点。",
        ]);
        assert_eq!(p[3], ["三、2026年工作安排", "（一）久久为功推动大湾区建设"]);
    }

    #[test]
    fn decimal_numbering_nests_by_depth() {
        let lines = [
            "1 总则",
            "1.1 编制目的",
            "为提高应对突发事件能力，制定本预案。",
            "1.2 适用范围",
            "1.2.1 自然灾害",
            "本预案适用于本市行政区域内的自然灾害。",
            "2 组织体系",
            "2.1 领导机构",
        ];
        let mut tracker = SectionTracker::for_body(lines.iter().copied());
        let p: Vec<Vec<String>> = lines
            .iter()
            .enumerate()
            .map(|(i, l)| tracker.section_of(l, lines.get(i + 1).copied()))
            .collect();
        assert_eq!(p[2], ["1 总则", "1.1 编制目的"]);
        assert_eq!(p[5], ["1 总则", "1.2 适用范围", "1.2.1 自然灾害"]);
        assert_eq!(p[7], ["2 组织体系", "2.1 领导机构"]);
        // Elsewhere 1.2万亿元 is a number, not a heading.
        assert!(!uses_decimal_numbering([
            "1.2万亿元的经济总量",
            "2.5%的增长"
        ]));
    }

    #[test]
    fn markdown_levels_nest_and_numbered_text_sits_under_them() {
        let mut t = SectionTracker::default();
        assert_eq!(t.outline_heading("总体要求", 2), ["总体要求"]);
        assert_eq!(
            t.section_of("（一）指导思想。坚持稳中求进。", None),
            ["总体要求", "（一）指导思想"]
        );
        assert_eq!(t.outline_heading("重点任务", 3), ["总体要求", "重点任务"]);
        assert_eq!(t.outline_heading("保障措施", 2), ["保障措施"]);
        assert_eq!(t.outline_heading("第一章 总则", 2), ["第一章 总则"]);
    }

    #[test]
    fn a_regulation_s_supplementary_provisions_stand_beside_its_chapters() {
        let p = paths(&[
            "第一章 总则",
            "第一条 为了规范管理，制定本办法。",
            "附 则",
            "第九条 本办法自发布之日起施行。",
        ]);
        assert_eq!(p[2], ["附 则"]);
        assert_eq!(p[3], ["附 则", "第九条"]);
    }

    #[test]
    fn an_exclamation_is_not_a_lead_sentence() {
        assert_eq!(lead_sentence("各位代表！实干兴滇。让我们奋力前行。"), None);
        assert_eq!(
            lead_sentence("一是首都功能持续优化提升。圆满完成纪念活动服务保障。").as_deref(),
            Some("一是首都功能持续优化提升")
        );
        assert_eq!(
            lead_sentence("——这五年综合经济实力大幅提升。经济总量达到2.67万亿元。").as_deref(),
            Some("这五年综合经济实力大幅提升")
        );
    }
}
