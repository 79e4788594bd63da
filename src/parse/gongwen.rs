//! The 公文 layout (GB/T 9704) of a body: which lines are the document's own frame rather than
//! text under a heading. 主送机关, closing formulas (特此通知。), 附件说明, the signature, the
//! written date and 附注 stand at document level; the 版记 (抄送, 印发机关和印发日期) is metadata,
//! not a paragraph; a document set out after a 印发 notice (its title after the signature) starts
//! its own structure.

use std::sync::LazyLock;

use regex::Regex;

use super::date::{self, Date};
use super::kind;
use super::structure;

/// What a body line is in the document's frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Text: the section tracker places it.
    Text,
    /// 主送, closing formula, 附件说明, signature, date, 附注: no heading above it.
    DocumentLevel,
    /// A 版记 line: read into metadata, not a paragraph.
    Colophon,
    /// The title of a document set out below a 印发 notice: its own headings start afresh under it.
    EmbeddedTitle,
}

/// What the frame says about the document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Frame {
    pub roles: Vec<Role>,
    /// 主送机关.
    pub addressee: Option<String>,
    /// 发文机关署名 (joint signatures joined by 、).
    pub signature: Option<String>,
    /// The date under the signature.
    pub signed: Option<Date>,
    /// 抄送机关.
    pub copied_to: Option<String>,
    /// 印发机关 and 印发日期.
    pub printed_by: Option<String>,
    pub printed: Option<Date>,
}

static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:特此(?:通知|通告|公告|批复|函告|函复|函达|报告|请示|决定|说明|证明|通报|告知|复函|函)|此复|此函|专此(?:报告|函告|说明|函达)|妥否，?请(?:批示|批复|审示|示)|以上(?:意见|报告|请示|方案|规定|办法|事项|内容)[^。]{0,60})[。！!]?$",
    )
    .unwrap()
});
/// 抄送：…, 抄报：…, 分送：…: the 版记's distribution lines.
static COPIED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:抄\s*送|抄\s*报|分\s*送|发\s*送|报\s*送)\s*[:：]\s*(.*)$").unwrap()
});
/// 某某办公室 2024年1月5日印发: who printed the document, and when.
static PRINTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.{0,40}?)\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*印\s*发$").unwrap()
});
/// 共印2份, （共印50份）.
static COPIES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[（(]?\s*共印\s*\d+\s*份\s*[）)]?$").unwrap());
/// （此件公开发布）, （联系人：张三，电话：…）: 附注.
static ANNOTATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[（(](?:此件|本件|联系人|联系电话|信息公开|公开方式)[^）)]{0,80}[）)]$").unwrap()
});
/// 附件：1．某某办法: the 附件说明 of the text (not the attachment itself, which opens with 附件 alone).
static ATTACHMENT_NOTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^附\s*件\s*[:：]\s*\S").unwrap());
/// 2．某某清单: a further entry of a 附件说明.
static ATTACHMENT_ENTRY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,2}\s*[.．、]\s*\S.{0,60}$").unwrap());
/// 现将《某某办法》印发给你们: the names of the documents a notice issues.
static ISSUES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"《([^》]{4,80})》[^。]{0,30}(?:印发|发布|转发|公布|颁布|下发)").unwrap()
});

/// A signature line is at most this long.
const SIGNATURE_MAX_CHARS: usize = 40;
/// The date may stand this many lines under the first signature line (joint signatures).
const SIGNATURE_LINES: usize = 4;

/// 某某市人民政府, 中华人民共和国主席 习近平: a signature line.
fn is_signature(line: &str) -> bool {
    let n = line.chars().count();
    if n > SIGNATURE_MAX_CHARS
        || line.contains(['。', '，', '；', '：', ':', '！', '《'])
        || structure::is_heading(line)
        || date::is_date_line(line)
    {
        return false;
    }
    let names: Vec<&str> = line.split_whitespace().collect();
    match names.as_slice() {
        [name] => kind::is_body_name(name),
        // 省长 张三, 中华人民共和国主席 习近平, or joint issuers side by side.
        [office, person] if person.chars().count() <= 4 => {
            kind::is_body_name(office) || office.ends_with(['长', '席', '理', '任', '记'])
        }
        many => many.iter().all(|n| kind::is_body_name(n)),
    }
}

/// A signature with its date, 某某办公室 2024年1月5日, on one line.
fn signature_and_date(line: &str) -> Option<(String, Date)> {
    let (name, date) = line.trim().rsplit_once([' ', '　'])?;
    let date = date::is_date_line(date)
        .then(|| date::find_date(date))
        .flatten()?;
    is_signature(name.trim()).then(|| (name.trim().to_string(), date))
}

/// Reads the frame of a body.
pub fn frame(body: &[&str]) -> Frame {
    let mut f = Frame {
        roles: vec![Role::Text; body.len()],
        ..Frame::default()
    };
    read_colophon(body, &mut f);
    read_addressee(body, &mut f);
    let issued = issued_titles(body);
    let mut i = 0;
    while i < body.len() {
        let line = body[i];
        if f.roles[i] != Role::Text {
            i += 1;
            continue;
        }
        if CLOSING.is_match(line) || ANNOTATION.is_match(line) {
            f.roles[i] = Role::DocumentLevel;
        } else if let Some(end) = signature_block(body, i) {
            // The signature lines and the date under them.
            let names: Vec<&str> = body[i..end - 1].to_vec();
            for role in &mut f.roles[i..end] {
                *role = Role::DocumentLevel;
            }
            let date = date::find_date(body[end - 1]);
            if f.signature.is_none() {
                f.signature = Some(join_names(&names));
                f.signed = date;
            }
            i = end;
            // Under the signature of a 印发 notice: the title of what it issues.
            let framing = |l: &str| ANNOTATION.is_match(l) || CLOSING.is_match(l);
            let next_text =
                (i..body.len().min(i + 3)).find(|&t| f.roles[t] == Role::Text && !framing(body[t]));
            if let Some(t) = next_text {
                if is_issued_title(body[t], &issued) {
                    f.roles[t] = Role::EmbeddedTitle;
                    i = t + 1;
                }
            }
            continue;
        } else if let Some((name, date)) = signature_and_date(line) {
            f.roles[i] = Role::DocumentLevel;
            if f.signature.is_none() {
                f.signature = Some(name);
                f.signed = Some(date);
            }
        } else if ATTACHMENT_NOTE.is_match(line) && notes_attachments(body, i) {
            f.roles[i] = Role::DocumentLevel;
            let mut j = i + 1;
            while j < body.len() && ATTACHMENT_ENTRY.is_match(body[j]) && !body[j].contains('。') {
                f.roles[j] = Role::DocumentLevel;
                j += 1;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    read_closing_date(body, &mut f);
    f
}

/// A date on its own line where the text ends (before the 版记, an attachment or the end) is the
/// written date, and a short line just above it the signature, whatever it names.
fn read_closing_date(body: &[&str], f: &mut Frame) {
    for i in 0..body.len() {
        if f.roles[i] != Role::Text || !date::is_date_line(body[i]) {
            continue;
        }
        let text_ends = body[i + 1..]
            .iter()
            .zip(&f.roles[i + 1..])
            .take_while(|(_, r)| **r == Role::Text)
            .next()
            .is_none_or(|(l, _)| structure::is_appendix_marker(l));
        if !text_ends {
            continue;
        }
        f.roles[i] = Role::DocumentLevel;
        if f.signed.is_none() {
            f.signed = date::find_date(body[i]);
        }
        if let Some(above) = i.checked_sub(1) {
            let line = body[above];
            if f.roles[above] == Role::Text
                && line.chars().count() <= SIGNATURE_MAX_CHARS
                && !line.contains(['。', '，', '；', '：', ':', '！'])
                && !structure::is_heading(line)
            {
                f.roles[above] = Role::DocumentLevel;
            }
        }
    }
}

/// Where a signature block starting at `at` ends (one past its date line), if it is one.
fn signature_block(body: &[&str], at: usize) -> Option<usize> {
    if !is_signature(body[at]) {
        return None;
    }
    let mut j = at + 1;
    while j < body.len() && j - at <= SIGNATURE_LINES {
        if date::is_date_line(body[j]) {
            return Some(j + 1);
        }
        if !is_signature(body[j]) {
            return None;
        }
        j += 1;
    }
    None
}

fn join_names(lines: &[&str]) -> String {
    lines
        .iter()
        .flat_map(|l| l.split_whitespace())
        .collect::<Vec<_>>()
        .join("、")
}

/// A 附件：… line is the text's 附件说明 when a signature or date follows within a few lines, or
/// the document ends: an attachment's own heading opens its text instead.
fn notes_attachments(body: &[&str], at: usize) -> bool {
    let ahead = &body[at + 1..body.len().min(at + 8)];
    ahead.is_empty()
        || ahead
            .iter()
            .enumerate()
            .any(|(k, l)| date::is_date_line(l) || signature_block(body, at + 1 + k).is_some())
}

/// True for a line of the 版记: 抄送：…, 某某办公室 2024年1月5日印发, 共印2份.
pub fn is_colophon(line: &str) -> bool {
    let squeezed: String = line.split_whitespace().collect::<Vec<_>>().join(" ");
    COPIED.is_match(&squeezed) || PRINTED.is_match(&squeezed) || COPIES.is_match(&squeezed)
}

/// The 版记 at the end: 抄送 lines, 印发 line, 共印 lines.
fn read_colophon(body: &[&str], f: &mut Frame) {
    for (i, line) in body.iter().enumerate() {
        let squeezed: String = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(c) = COPIED.captures(&squeezed) {
            // Distribution lines of the 版记, not a sentence that starts so.
            if squeezed.chars().count() <= 200 && !c[1].trim_end_matches('。').contains('。') {
                f.roles[i] = Role::Colophon;
                if f.copied_to.is_none() {
                    f.copied_to = Some(c[1].trim_end_matches('。').to_string());
                }
            }
        } else if let Some(c) = PRINTED.captures(&squeezed) {
            f.roles[i] = Role::Colophon;
            let by = c[1].trim();
            if !by.is_empty() {
                f.printed_by = Some(by.to_string());
            }
            f.printed = date::find_date(&c[2]);
        } else if COPIES.is_match(&squeezed) {
            f.roles[i] = Role::Colophon;
        }
    }
}

/// 主送机关: the salutation before the text (各省、自治区、直辖市人民政府：). A speech's
/// salutation (各位代表：) stands at document level too, but addresses no body.
fn read_addressee(body: &[&str], f: &mut Frame) {
    let Some(line) = body.first() else {
        return;
    };
    let n = line.chars().count();
    if line.ends_with(['：', ':'])
        && n <= 120
        && !line.contains(['。', '；'])
        && !structure::is_heading(line)
    {
        f.roles[0] = Role::DocumentLevel;
        let name = line.trim_end_matches(['：', ':']);
        let speech = ["代表", "同志们", "委员", "朋友们", "同志"];
        if !speech.iter().any(|s| name.ends_with(s)) {
            f.addressee = Some(name.to_string());
        }
    }
}

/// The titles a notice says it issues: 现将《某某办法》印发给你们.
fn issued_titles(body: &[&str]) -> Vec<String> {
    body.iter()
        .flat_map(|l| ISSUES.captures_iter(l).map(|c| squeeze(&c[1])))
        .collect()
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect()
}

/// The title line of an issued document: one the notice named, or a title ending with a kind.
fn is_issued_title(line: &str, issued: &[String]) -> bool {
    let squeezed = squeeze(line);
    let n = squeezed.chars().count();
    if !(4..=80).contains(&n)
        || line.contains(['。', '；', '：', ':'])
        || structure::is_heading(line)
    {
        return false;
    }
    issued
        .iter()
        .any(|t| squeezed.starts_with(t.as_str()) || t.starts_with(&squeezed))
        || (!issued.is_empty() && kind::kind_of(&squeezed).is_some())
}

/// A line of the 版头, above the title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderItem {
    /// 份号 (000123): nothing to keep.
    CopyNumber,
    /// 密级 (机密★1年).
    Secrecy(String),
    /// 紧急程度 (特急).
    Urgency(String),
    /// 发文机关标志 (某某市人民政府文件): the issuer.
    Masthead(String),
    /// 发文字号 and 签发人 on one line (国发〔2024〕1号　签发人：张三).
    NumberAndSigner(String, String),
    /// 中华人民共和国国务院令 第777号: the order's issuer and number.
    Order(String, String),
}

static COPY_NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{6}$").unwrap());
static SECRECY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:绝密|机密|秘密)(?:\s*★\s*\S{0,8})?$").unwrap());
static URGENCY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:特急|加急|特提|平急)$").unwrap());
static SIGNER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.{4,40}?号)\s*签\s*发\s*人\s*[:：]\s*(\S.{0,30})$").unwrap());

/// What a line of the 版头 is, if it is one.
pub fn header_item(line: &str) -> Option<HeaderItem> {
    let line = line.trim();
    let squeezed: String = line.split_whitespace().collect();
    if COPY_NUMBER.is_match(&squeezed) {
        return Some(HeaderItem::CopyNumber);
    }
    if SECRECY.is_match(line) {
        return Some(HeaderItem::Secrecy(squeezed));
    }
    if URGENCY.is_match(&squeezed) {
        return Some(HeaderItem::Urgency(squeezed));
    }
    if let Some(c) = SIGNER.captures(line) {
        if super::doc_number::is_doc_number(c[1].trim()) {
            let signer = c[2].split_whitespace().collect::<Vec<_>>().join("、");
            return Some(HeaderItem::NumberAndSigner(squeeze(&c[1]), signer));
        }
    }
    if let Some((issuer, number)) = super::doc_number::order_number(line) {
        return Some(HeaderItem::Order(issuer, number));
    }
    kind::issuer_of_masthead(line).map(HeaderItem::Masthead)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(text: &str) -> (Vec<&str>, Frame) {
        let lines: Vec<&str> = text.lines().collect();
        let f = frame(&lines);
        (lines, f)
    }

    #[test]
    fn the_frame_of_a_notice() {
        let (lines, f) = roles(
            "各区县人民政府，市政府各部门：\n\
             为做好防汛工作，现就有关事项通知如下。\n\
             一、落实责任\n\
             各地要压实责任。\n\
             特此通知。\n\
             附件：1．防汛责任人名单\n\
             2．值班安排表\n\
             某某市人民政府办公厅\n\
             2024年5月6日\n\
             （此件公开发布）\n\
             抄送：市委办公厅，市人大常委会办公厅。\n\
             某某市人民政府办公厅 2024年5月7日印发",
        );
        let at = |l: &str| f.roles[lines.iter().position(|x| *x == l).unwrap()];
        assert_eq!(at("各区县人民政府，市政府各部门："), Role::DocumentLevel);
        assert_eq!(at("各地要压实责任。"), Role::Text);
        assert_eq!(at("特此通知。"), Role::DocumentLevel);
        assert_eq!(at("附件：1．防汛责任人名单"), Role::DocumentLevel);
        assert_eq!(at("2．值班安排表"), Role::DocumentLevel);
        assert_eq!(at("某某市人民政府办公厅"), Role::DocumentLevel);
        assert_eq!(at("2024年5月6日"), Role::DocumentLevel);
        assert_eq!(at("（此件公开发布）"), Role::DocumentLevel);
        assert_eq!(at("抄送：市委办公厅，市人大常委会办公厅。"), Role::Colophon);
        assert_eq!(at("某某市人民政府办公厅 2024年5月7日印发"), Role::Colophon);
        assert_eq!(f.addressee.as_deref(), Some("各区县人民政府，市政府各部门"));
        assert_eq!(f.signature.as_deref(), Some("某某市人民政府办公厅"));
        assert_eq!(
            f.signed.map(|d| d.to_string()).as_deref(),
            Some("2024-05-06")
        );
        assert_eq!(
            f.copied_to.as_deref(),
            Some("市委办公厅，市人大常委会办公厅")
        );
        assert_eq!(f.printed_by.as_deref(), Some("某某市人民政府办公厅"));
        assert_eq!(
            f.printed.map(|d| d.to_string()).as_deref(),
            Some("2024-05-07")
        );
    }

    #[test]
    fn the_document_a_notice_issues_starts_under_its_title() {
        let (lines, f) = roles(
            "各有关单位：\n\
             现将《某某市科技创新券管理办法》印发给你们，请认真贯彻执行。\n\
             某某市科学技术局\n\
             2024年3月1日\n\
             某某市科技创新券管理办法\n\
             第一章 总则\n\
             第一条 为规范管理，制定本办法。",
        );
        assert_eq!(f.roles[4], Role::EmbeddedTitle, "{:?}", lines[4]);
        assert_eq!(f.roles[5], Role::Text);
        assert_eq!(f.roles[1], Role::Text);
    }

    #[test]
    fn the_date_where_the_text_ends_is_the_written_date() {
        let (_, f) =
            roles("各有关单位：\n现就放假事项通知如下。\n张三\n2012年12月12日\n抄送：教育局。");
        assert_eq!(f.roles[2], Role::DocumentLevel);
        assert_eq!(f.roles[3], Role::DocumentLevel);
        assert_eq!(
            f.signed.map(|d| d.to_string()).as_deref(),
            Some("2012-12-12")
        );
        let (_, f) = roles("2024年1月5日\n全市召开工作会议，部署全年工作。");
        assert_eq!(f.roles[0], Role::Text);
    }

    #[test]
    fn joint_signatures_and_a_president_s_order() {
        let (_, f) =
            roles("现予公布，自2021年1月1日起施行。\n中华人民共和国主席 习近平\n2020年5月28日");
        assert_eq!(f.signature.as_deref(), Some("中华人民共和国主席、习近平"));
        let (_, f) = roles("请遵照执行。\n某某省财政厅\n某某省税务局\n2024年1月2日");
        assert_eq!(f.signature.as_deref(), Some("某某省财政厅、某某省税务局"));
        assert_eq!(
            f.roles,
            [
                Role::Text,
                Role::DocumentLevel,
                Role::DocumentLevel,
                Role::DocumentLevel
            ]
        );
    }

    #[test]
    fn lines_of_the_masthead() {
        assert_eq!(header_item("000123"), Some(HeaderItem::CopyNumber));
        assert_eq!(
            header_item("机密★1年"),
            Some(HeaderItem::Secrecy("机密★1年".into()))
        );
        assert_eq!(
            header_item("特 急"),
            Some(HeaderItem::Urgency("特急".into()))
        );
        assert_eq!(
            header_item("某某市人民政府文件"),
            Some(HeaderItem::Masthead("某某市人民政府".into()))
        );
        assert_eq!(
            header_item("某府文〔2024〕3号　　签发人：张三"),
            Some(HeaderItem::NumberAndSigner(
                "某府文〔2024〕3号".into(),
                "张三".into()
            ))
        );
        assert_eq!(
            header_item("中华人民共和国国务院令　第777号"),
            Some(HeaderItem::Order(
                "国务院".into(),
                "中华人民共和国国务院令第777号".into()
            ))
        );
        assert_eq!(header_item("2026年上海市政府工作报告"), None);
        assert_eq!(header_item("首页"), None);
    }

    #[test]
    fn running_text_is_not_frame() {
        let (_, f) = roles(
            "各位代表：\n过去一年，我们坚持稳中求进。\n以上目标任务，需要我们付出艰苦努力。\n\
             抄送工作要进一步规范，杜绝多头发文现象的发生，各单位要严格执行。",
        );
        assert_eq!(f.roles[1], Role::Text);
        assert_eq!(f.roles[2], Role::Text);
        assert_eq!(f.roles[3], Role::Text);
    }
}
