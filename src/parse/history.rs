//! 题注: a law's legislative history under its title, one event a line
//! (`2019年10月22日 中华人民共和国国务院令第722号公布`) or all in one bracketed line
//! (`（2019年10月8日国务院第66次常务会议通过 2019年10月22日中华人民共和国国务院令第722号公布
//! 自2020年1月1日起施行）`), and the closing article that says when the text takes effect
//! (本条例自2020年1月1日起施行). The lines are metadata, not paragraphs of the text.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::date::{find_date, Date, WRITTEN_OUT_DATE as DATE};
use crate::text::numerals::NUMERAL_CHARS;

/// One event of a document's legislative history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// 通过, 批准, 公布, 修正, 修订, 修改, 施行 or 废止 (发布 and 颁布 are 公布).
    pub event: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// The body that acted (第十三届全国人民代表大会常务委员会第十次会议, 国务院第66次常务会议).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The decision an amendment was made by (《关于修改〈…〉的决定》).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// The 令 that promulgated it (中华人民共和国国务院令第722号).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<String>,
    /// The event as written, for reading and searching.
    pub text: String,
}

/// Words that end an event, longest first, and the event each names.
const VERBS: &[(&str, &str)] = &[
    ("起施行", "施行"),
    ("施行", "施行"),
    ("通过", "通过"),
    ("批准", "批准"),
    ("公布", "公布"),
    ("发布", "公布"),
    ("颁布", "公布"),
    ("修正", "修正"),
    ("修订", "修订"),
    ("修改", "修改"),
    ("废止", "废止"),
    ("会议决定", "通过"),
];

/// 中华人民共和国国务院令第722号, 中华人民共和国主席令（第十二号）: the 令 of an event.
static ORDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"[\p{{Han}}]{{2,30}}?令\s*[（(]?\s*第\s*[\d{NUMERAL_CHARS}]{{1,8}}\s*号\s*[）)]?"
    ))
    .unwrap()
});
/// 《关于修改〈…〉的决定》: the decision that made an amendment.
static DECISION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"《[^》]*》").unwrap());
/// 自公布之日起施行 in a 题注.
static ON_PROMULGATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"自\s*(?:公布|发布|颁布|印发)之日\s*起\s*施行").unwrap());
/// 本条例自2020年1月1日起施行 / 本办法自公布之日起施行: the closing article's date.
static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"本\p{{Han}}{{0,6}}自\s*({}|公布之日|发布之日|印发之日|颁布之日)\s*起\s*施行",
        DATE.as_str()
    ))
    .unwrap()
});

/// A 题注 line holds at most this many characters (a long history of amendments in one line).
const MAX_LINE_CHARS: usize = 1200;

/// The events of a 题注 line, or `None` when the line is not one: it must be nothing but events,
/// each a date and what happened on it (自…起施行 and 根据… before a date belong to its event).
pub fn events(line: &str) -> Option<Vec<Event>> {
    let line = line.trim();
    if line.chars().count() > MAX_LINE_CHARS {
        return None;
    }
    let inner = strip_brackets(line);
    // 自公布之日起施行 at the end: an event without a date of its own, that of the 公布.
    let (inner, on_promulgation) = match ON_PROMULGATION.find(inner) {
        Some(m) if inner[m.end()..].trim_matches(trailing).is_empty() => (
            inner[..m.start()].trim_end_matches(trailing),
            Some(m.as_str()),
        ),
        _ => (inner, None),
    };
    let starts = segment_starts(inner);
    if starts.first() != Some(&0) {
        return None;
    }
    let ends = starts.iter().skip(1).copied().chain([inner.len()]);
    let mut out = Vec::new();
    for (&a, b) in starts.iter().zip(ends) {
        out.push(event(&inner[a..b])?);
    }
    if let Some(text) = on_promulgation {
        let promulgated = out
            .iter()
            .rev()
            .find(|e| e.event == "公布")
            .and_then(|e| e.date);
        out.push(Event {
            event: "施行".into(),
            date: promulgated,
            body: None,
            by: None,
            order: None,
            text: text.trim().to_string(),
        });
    }
    Some(out)
}

/// True for a line of legislative history.
pub fn is_history_line(line: &str) -> bool {
    events(line).is_some()
}

/// A bracketed 题注 runs over at most this many lines (a PDF breaks it where the page is full).
const MAX_HISTORY_LINES: usize = 6;

/// The events of the 题注 that starts at `lines[i]`, and the line after it; a bracketed one
/// broken over several lines is read whole.
pub fn read_at(lines: &[&str], i: usize) -> Option<(Vec<Event>, usize)> {
    if let Some(events) = events(lines[i]) {
        return Some((events, i + 1));
    }
    // An event broken over two lines: 2019年8月26日 …《关于修改〈…法〉 / 〈…法〉的决定》第三次修正.
    let opens_event = DATE.find(lines[i]).is_some_and(|m| m.start() == 0);
    if opens_event {
        for j in i + 1..lines.len().min(i + 3) {
            if let Some(events) = events(&lines[i..=j].concat()) {
                return Some((events, j + 1));
            }
        }
        return None;
    }
    if !opens_history(lines[i]) {
        return None;
    }
    let mut joined = lines[i].trim().to_string();
    for (j, line) in lines
        .iter()
        .enumerate()
        .skip(i + 1)
        .take(MAX_HISTORY_LINES - 1)
    {
        joined.push(' ');
        joined.push_str(line.trim());
        if line.trim_end().ends_with(['）', ')']) {
            return events(&joined).map(|e| (e, j + 1));
        }
    }
    None
}

/// A bracketed 题注 opened on this line and not closed on it (a PDF's line break inside it).
pub fn opens_history(line: &str) -> bool {
    let t = line.trim();
    t.starts_with(['（', '('])
        && !t.ends_with(['）', ')'])
        && DATE
            .find(t)
            .is_some_and(|m| t[..m.start()].chars().count() <= 3)
}

/// `（…）` → `…` when the brackets enclose the whole line.
fn strip_brackets(line: &str) -> &str {
    let t = line.trim();
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(inner) = t.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            if !inner.contains([open, close]) || balanced(inner) {
                return inner.trim();
            }
        }
    }
    t
}

fn balanced(text: &str) -> bool {
    let mut depth = 0i32;
    for c in text.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return false;
        }
    }
    depth == 0
}

/// Where each event of a line starts: at a date that opens the line or follows a separator
/// (space, comma, 、), with the 根据 or 自 just before it. A date inside an event
/// (…通过并经2010年11月25日…批准的《决定》修正) starts none.
fn segment_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    for m in DATE.find_iter(text) {
        let before = text[..m.start()].trim_end();
        let (start, head) = match ["根据", "自", "于"]
            .iter()
            .find_map(|p| before.strip_suffix(p))
        {
            Some(rest) => (rest.len(), rest),
            None => (m.start(), &text[..m.start()]),
        };
        let spaced = head.trim_end().len() < head.len();
        let head = head.trim_end();
        let separated = head.is_empty()
            || spaced
            || head.ends_with(['，', ',', '、', '；', ';', '。', '（', '(', '）', ')'])
            || is_event_end(head);
        if separated {
            starts.push(if head.is_empty() { 0 } else { start });
        }
    }
    starts.dedup();
    starts
}

/// True when a text ends with an event's word (…会议通过), so that a date right after it
/// starts the next event even without a space.
fn is_event_end(text: &str) -> bool {
    let t = text.trim_end_matches(trailing);
    VERBS.iter().any(|(w, _)| t.ends_with(w))
}

fn trailing(c: char) -> bool {
    c.is_whitespace() || "，,、；;。（）()".contains(c)
}

/// One event: a date, who acted, what happened.
fn event(segment: &str) -> Option<Event> {
    let text = segment.trim_matches(trailing);
    let text = text
        .strip_suffix("根据")
        .unwrap_or(text)
        .trim_matches(trailing);
    let m = DATE.find(text)?;
    let (verb, event) = VERBS.iter().find(|(w, _)| text.ends_with(w))?;
    let date = find_date(m.as_str());
    let middle = text[m.end()..text.len() - verb.len()].trim();
    // 第一次修正, 审议通过: the ordinal or adverb before the verb is not the body.
    let middle = strip_ordinal(middle);
    let by = DECISION.find(middle).map(|d| d.as_str().to_string());
    let order = ORDER.find(middle).map(|o| squeeze(o.as_str()));
    let body = middle
        .split('《')
        .next()
        .map(|b| b.trim().trim_end_matches("批准的").trim_end_matches('的'))
        .map(|b| ORDER.replace(b, "").trim().to_string())
        .filter(|b| !b.is_empty() && b.chars().count() <= 60 && !b.starts_with('自'));
    Some(Event {
        event: (*event).to_string(),
        date,
        body,
        by,
        order,
        text: text.split_whitespace().collect::<Vec<_>>().join(" "),
    })
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect()
}

/// 第一次修正 → 修正's text without 第一次; 审议通过 without 审议.
fn strip_ordinal(text: &str) -> &str {
    let t = text.trim_end();
    let t = t.strip_suffix("审议").unwrap_or(t);
    if let Some(at) = t.rfind('第') {
        let tail = &t[at + '第'.len_utf8()..];
        if tail.ends_with('次')
            && tail
                .trim_end_matches('次')
                .chars()
                .all(|c| "一二三四五六七八九十百".contains(c) || c.is_ascii_digit())
        {
            return t[..at].trim_end();
        }
    }
    t.trim_end()
}

/// When the text takes effect by its closing article (the last that says so): a date, or the
/// day of its promulgation (自公布之日起施行).
pub fn closing_effective<'a>(
    paragraphs: impl DoubleEndedIterator<Item = &'a str>,
) -> Option<Effective> {
    paragraphs.rev().find_map(|p| {
        let c = CLOSING.captures(p)?;
        Some(match find_date(&c[1]) {
            Some(d) => Effective::On(d),
            None => Effective::OnPromulgation,
        })
    })
}

/// What a closing article says about the day a text takes effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effective {
    On(Date),
    OnPromulgation,
}

/// The dates a history gives: the version's date (its last 公布, 修订, 修正, 修改 or 批准,
/// else its 通过), its promulgation (the last 公布, else the version's date), its 施行, and
/// the 令 of the version (else the last 令 named).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dates {
    pub version: Option<Date>,
    pub promulgated: Option<Date>,
    pub effective: Option<Date>,
    pub order: Option<String>,
}

/// Reads the dates of a history.
pub fn dates(events: &[Event]) -> Dates {
    let dated = |names: &[&str]| {
        events
            .iter()
            .filter(|e| names.contains(&e.event.as_str()) && e.date.is_some())
            .max_by_key(|e| e.date)
    };
    let version_event =
        dated(&["公布", "修订", "修正", "修改", "批准"]).or_else(|| dated(&["通过"]));
    let version = version_event.and_then(|e| e.date);
    // A revision or amendment is promulgated with its decision or 令: the version's date.
    let promulgated = version;
    let effective = events
        .iter()
        .filter(|e| e.event == "施行")
        .filter_map(|e| e.date)
        .max();
    let order = version_event
        .and_then(|e| e.order.clone())
        .or_else(|| events.iter().rev().find_map(|e| e.order.clone()));
    Dates {
        version,
        promulgated,
        effective,
        order,
    }
}

/// 第十三届全国人民代表大会常务委员会第十次会议 → 全国人民代表大会常务委员会;
/// 国务院第66次常务会议 → 国务院; 最高人民法院审判委员会第1850次会议 → 最高人民法院;
/// 中华人民共和国国务院令第722号 → 国务院.
pub fn issuer_of(event: &Event) -> Option<String> {
    if let Some(order) = &event.order {
        let (issuer, _) = order.split_once('令')?;
        let issuer = issuer.strip_prefix("中华人民共和国").unwrap_or(issuer);
        if !issuer.is_empty() && issuer != "主席" {
            return Some(issuer.to_string());
        }
    }
    let body = BODY_MEETING.replace(event.body.as_deref()?, "");
    let body = TERM.replace(&body, "");
    let body = body
        .trim_end_matches("审判委员会")
        .trim_end_matches("检察委员会")
        .trim_end_matches("常务会议")
        .trim_end_matches("全体会议");
    super::kind::is_body_name(body).then(|| body.to_string())
}

/// 第十次会议, 第66次常务会议: a meeting's number after the body's name.
static BODY_MEETING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"第[\d一二三四五六七八九十百千]+次(?:常务|全体)?会议.*$").unwrap()
});
/// 第十三届: a term before the body's name.
static TERM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"第[\d一二三四五六七八九十]+届").unwrap());

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<Date> {
        Date::parse(s).ok()
    }

    #[test]
    fn the_one_line_form_gives_every_event() {
        let e = events("（2019年10月8日国务院第66次常务会议通过 2019年10月22日中华人民共和国国务院令第722号公布 自2020年1月1日起施行）").unwrap();
        assert_eq!(
            e.iter().map(|e| e.event.as_str()).collect::<Vec<_>>(),
            ["通过", "公布", "施行"]
        );
        assert_eq!(e[0].body.as_deref(), Some("国务院第66次常务会议"));
        assert_eq!(e[0].date, d("2019-10-08"));
        assert_eq!(e[1].order.as_deref(), Some("中华人民共和国国务院令第722号"));
        assert_eq!(e[2].date, d("2020-01-01"));
        let dates = dates(&e);
        assert_eq!(dates.version, d("2019-10-22"));
        let e =
            events("（2006年1月1日中华人民共和国国务院令第401号发布 自发布之日起施行）").unwrap();
        assert_eq!(
            e.iter()
                .map(|e| (e.event.as_str(), e.date))
                .collect::<Vec<_>>(),
            [("公布", d("2006-01-01")), ("施行", d("2006-01-01"))]
        );
        assert_eq!(dates.promulgated, d("2019-10-22"));
        assert_eq!(dates.effective, d("2020-01-01"));
        assert_eq!(
            dates.order.as_deref(),
            Some("中华人民共和国国务院令第722号")
        );
    }

    #[test]
    fn amendments_name_their_decision_and_date_the_version() {
        let lines = [
            "1995年2月28日 第八届全国人民代表大会常务委员会第十二次会议通过",
            "2001年6月30日 第九届全国人民代表大会常务委员会第二十二次会议《关于修改<中华人民共和国检察官法>的决定》第一次修正",
            "2019年4月23日 第十三届全国人民代表大会常务委员会第十次会议修订",
        ];
        let all: Vec<Event> = lines.iter().flat_map(|l| events(l).unwrap()).collect();
        assert_eq!(all[1].event, "修正");
        assert_eq!(
            all[1].by.as_deref(),
            Some("《关于修改<中华人民共和国检察官法>的决定》")
        );
        assert_eq!(
            all[1].body.as_deref(),
            Some("第九届全国人民代表大会常务委员会第二十二次会议")
        );
        assert_eq!(all[2].event, "修订");
        assert_eq!(dates(&all).version, d("2019-04-23"));
        assert_eq!(dates(&all).effective, None);
    }

    #[test]
    fn several_events_on_one_line_and_a_date_inside_an_event() {
        let e = events("2001年6月26日 重庆市第一届人民代表大会常务委员会第三十三次会议《关于修改〈重庆市工会条例〉的决定》第一次修正  2006年9月29日重庆市第二届人民代表大会常务委员会第二十六会议修订  根据").unwrap();
        assert_eq!(e.len(), 2);
        assert_eq!(e[1].event, "修订");
        let e = events("2010年10月27日 济南市第十四届人民代表大会常务委员会第二十四次会议通过并经2010年11月25日山东省第十一届人民代表大会常务委员会第二十次会议批准的《济南市人民代表大会常务委员会关于修改〈济南市城镇企业职工基本养老保险条例〉等二十三件地方性法规的决定》第二次修正").unwrap();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].event, "修正");
        let e = events("（1982年12月4日第五届全国人民代表大会第五次会议通过 根据1988年4月12日第七届全国人民代表大会第一次会议通过的《中华人民共和国宪法修正案》修正）").unwrap();
        assert_eq!(e.len(), 2);
        assert_eq!(e[1].date, d("1988-04-12"));
    }

    #[test]
    fn other_lines_are_no_history() {
        assert!(events("第一条 为了规范管理，制定本条例。").is_none());
        assert!(events("2024年1月10日，全市召开工作会议。").is_none());
        assert!(events("消费者权益保护典型案例").is_none());
        assert!(events("2017年1月1日 施行").is_some());
        assert!(events("二〇二四年一月五日").is_none());
    }

    #[test]
    fn the_closing_article_says_when_the_text_takes_effect() {
        let body = [
            "第一条 为了……，制定本条例。",
            "第三十条 本条例自2020年1月1日起施行。",
        ];
        assert_eq!(
            closing_effective(body.iter().copied()),
            Some(Effective::On(Date::parse("2020-01-01").unwrap()))
        );
        let body = ["第九条 本办法自公布之日起施行。"];
        assert_eq!(
            closing_effective(body.iter().copied()),
            Some(Effective::OnPromulgation)
        );
        assert_eq!(closing_effective(["第一条 总则。"].iter().copied()), None);
    }
}
