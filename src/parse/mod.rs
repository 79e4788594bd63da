//! Parsing: from a page's text to a [`Document`]: metadata plus paragraphs with section paths.
//!
//! One paragraph per line of the source, as written; chrome lines and metadata lines are not
//! paragraphs. Nothing here knows about the index.

pub mod boilerplate;
pub mod citations;
pub mod date;
pub mod docno;
pub mod gongwen;
pub mod history;
pub mod html;
pub mod kind;
pub mod level;
pub mod markdown;
pub mod metadata;
pub mod references;
pub mod region;
pub mod structure;

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use boilerplate::Chrome;
pub use date::Date;
use gongwen::{HeaderItem, Role};
use metadata::Key;
pub use metadata::Metadata;

/// A parsed document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Path relative to the corpus, with `/` separators.
    pub id: String,
    pub metadata: Metadata,
    pub paragraphs: Vec<Paragraph>,
    /// What the reader had to do to the text that a user should know about.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// One paragraph: a line of the source, with the headings it sits under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    /// 1-based position among the document's paragraphs.
    pub number: u32,
    pub text: String,
    pub section: Vec<String>,
    /// 1-based page the paragraph starts on, in paged documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
}

/// A line of the source as the parser reads it: text, and the page it is on where known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceLine<'a> {
    pub text: &'a str,
    pub page: Option<u32>,
    /// The heading level the source marks the line with (Markdown `##` → 2), if any.
    pub outline: Option<u8>,
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
/// A title found only by its words (not by the file name) is at least this long (政府工作报告):
/// shorter lines with those words are column names (通知公告, 政策文件, 工作动态).
const TITLE_MIN_CHARS: usize = 6;
/// A title found by its shape is at most this many lines above the first date or source line.
const TITLE_ABOVE_METADATA: usize = 3;
/// Lines before the text proper (byline, speaker, photo caption) are looked for this far.
const FRONT_MATTER_MAX: usize = 12;
/// The byline of a speech is among this many first paragraphs.
const BYLINE_SEARCH: usize = 8;
/// A signature line (国务院办公厅) is at most this long.
const SIGNATURE_MAX_CHARS: usize = 30;

/// Parses a Markdown text: its headings are headings at their level.
pub fn parse_markdown(id: &str, text: &str, encoding: &str) -> Document {
    let lines = markdown::lines(text);
    let source: Vec<SourceLine> = lines
        .iter()
        .map(|l| SourceLine {
            text: &l.text,
            page: None,
            outline: l.outline,
        })
        .collect();
    let meta = Metadata {
        encoding: encoding.to_string(),
        format: "markdown".into(),
        ..Metadata::default()
    };
    parse_lines(id, &source, meta)
}

/// Parses a page's text; `id` is the document's path relative to the corpus.
pub fn parse(id: &str, text: &str, encoding: &str) -> Document {
    let lines: Vec<SourceLine> = text
        .lines()
        .map(|text| SourceLine {
            text,
            page: None,
            outline: None,
        })
        .collect();
    let meta = Metadata {
        encoding: encoding.to_string(),
        format: "text".into(),
        ..Metadata::default()
    };
    parse_lines(id, &lines, meta)
}

/// Parses lines that come with their pages (the paragraphs of a PDF, OFD or Word file): each line
/// is a paragraph as the file has it; `meta` holds what is known of the file already.
pub fn parse_lines(id: &str, source: &[SourceLine], mut meta: Metadata) -> Document {
    let mut notes = Vec::new();
    let mut pages: Vec<Option<u32>> = Vec::with_capacity(source.len());
    let mut outlines: Vec<Option<u8>> = Vec::with_capacity(source.len());
    let lines: Vec<&str> = source
        .iter()
        .map(|l| {
            let text = l
                .text
                .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
            (text, l.page, l.outline)
        })
        .filter(|(text, _, _)| !text.is_empty())
        .flat_map(|(text, page, outline)| {
            let pieces = split_overlong(text);
            if pieces.len() > 1 {
                notes.push(format!(
                    "a line of {} characters was split into {} paragraphs at sentence ends",
                    text.chars().count(),
                    pieces.len()
                ));
            }
            pages.extend(std::iter::repeat_n(page, pieces.len()));
            outlines.extend(std::iter::repeat_n(outline, pieces.len()));
            pieces
        })
        .collect();
    let stem_title = title_from_file_name(id);
    // A Markdown `# ` heading at the top is the document's own title, whatever follows it.
    let title_at = outlines
        .iter()
        .take(TITLE_MARKDOWN_LINES)
        .position(|o| *o == Some(1))
        .or_else(|| find_title_line(&lines, &stem_title));
    let from_file = !matches!(meta.format.as_str(), "" | "text" | "html");
    let page_title = title_at.map(|i| lines[i].to_string());

    // Classify every line: body lines are kept, the rest feed metadata or are dropped.
    let mut body: Vec<&str> = Vec::new();
    let mut body_pages: Vec<Option<u32>> = Vec::new();
    let mut body_outlines: Vec<Option<u8>> = Vec::new();
    let mut pending_key: Option<Key> = None;
    let mut seen_body = false;
    let mut masthead: Option<String> = None;
    let mut contents = TableOfContents::default();
    let chrome = boilerplate::classify_lines(&lines);
    let mut history_until = 0;
    for (i, &line) in lines.iter().enumerate() {
        if i < history_until || contents.skips(line) {
            continue;
        }
        match chrome[i] {
            Chrome::Trailer => break,
            // A 版记 line (某某市人民政府办公厅 2024年3月2日印发) can look like a site's
            // navigation row; it is the document's own, read by the frame.
            Chrome::Line if !gongwen::is_colophon(line) => {
                pending_key = None;
                continue;
            }
            Chrome::Line | Chrome::No => {}
        }
        let labelled = metadata::parse_line(line);
        // A label on its own line, its value on the next (发表时间：\n2026-02-09 09:45:30).
        if let Some(key) = pending_key.take() {
            if labelled.is_none()
                && !structure::is_heading(line)
                && metadata::is_value_for(key, line)
            {
                set_field(&mut meta, key, line);
                continue;
            }
        }
        if Some(i) == title_at {
            continue;
        }
        // The 题注 before the text: metadata, not paragraphs.
        if !seen_body {
            if let Some((events, next)) = history::read_at(&lines, i) {
                meta.history.extend(events);
                history_until = next;
                continue;
            }
        }
        // An order's number on the line under its title: 北岸市人民政府令 / 第12号.
        if let Some((_, number)) = title_at
            .filter(|&t| i == t + 1 && lines[t].trim_end().ends_with('令'))
            .filter(|_| {
                line.trim_start()
                    .trim_start_matches(['（', '('])
                    .starts_with('第')
            })
            .and_then(|t| docno::order_number(&format!("{}{line}", lines[t].trim())))
        {
            set_once(&mut meta.doc_number, &number);
            continue;
        }
        if let Some(pairs) = labelled {
            for (key, value) in pairs {
                if value.is_empty() {
                    pending_key = Some(key);
                } else {
                    set_field(&mut meta, key, &value);
                }
            }
            continue;
        }
        // A web page's header (dates, labels, before the text) ends only where prose starts; a
        // file's ends at its title: a short notice may have no prose at all, and its 联系人：
        // and date lines are its text.
        let past_file_title = from_file && title_at.is_some_and(|t| i > t);
        let in_header = !seen_body && !past_file_title;
        if in_header && date::is_date_line(line) {
            set_field(&mut meta, Key::Published, line);
            continue;
        }
        if in_header && metadata::is_doc_number(line) {
            set_field(&mut meta, Key::DocNumber, line);
            continue;
        }
        if in_header && metadata::is_other_label_line(line) {
            continue;
        }
        if in_header || title_at.is_some_and(|t| i < t) {
            if let Some(item) = gongwen::header_item(line) {
                read_header_item(&mut meta, &mut masthead, item);
                continue;
            }
        }
        // Before the title, short lines are navigation (镇街, 云南要闻); prose is kept.
        if title_at.is_some_and(|t| i < t) && !is_prose(line) {
            continue;
        }
        // A repeat of the title in the header (政府工作报告 under 2026年…政府工作报告).
        if in_header && is_repeat_of_title(line, page_title.as_deref(), &stem_title, &meta) {
            continue;
        }
        if is_prose(line) || structure::is_heading(line) {
            seen_body = true;
        }
        body.push(line);
        body_pages.push(pages[i]);
        body_outlines.push(outlines[i]);
    }

    // A Markdown document's first top-level heading is its title.
    if let Some(at) = body_outlines.iter().position(|o| *o == Some(1)) {
        if at <= TITLE_MARKDOWN_LINES && meta.title.is_empty() {
            meta.title = body[at].to_string();
            body.remove(at);
            body_pages.remove(at);
            body_outlines.remove(at);
        }
    }
    meta.title =
        structure::join_letter_spacing(&choose_title(page_title.as_deref(), &stem_title, &meta))
            .into_owned();
    let frame = gongwen::frame(&body);
    read_frame(&mut meta, &frame, masthead);
    finish_dates(&mut meta, &body);
    history::apply(&mut meta, &body, version_in_file_name(id));
    region::fill(&mut meta, id);
    meta.level = level::of(&meta).map(str::to_string);

    let opening = opening_of_text(&body);
    let mut tracker = structure::SectionTracker::for_body(body.iter().copied());
    let mut paragraphs = Vec::with_capacity(body.len());
    for (i, line) in body.iter().enumerate() {
        // A heading drawn letter-spaced (第四编 人 格 权) is read as words, for its section
        // path and its text alike.
        let joined = structure::join_letter_spacing(line);
        let line: &str = if body_outlines[i].is_some()
            || structure::is_heading(&joined)
            || structure::is_division(&joined)
        {
            &joined
        } else {
            line
        };
        let section = match (frame.roles[i], body_outlines[i]) {
            (Role::Colophon, _) => continue,
            (_, Some(level)) => tracker.outline_heading(line, level),
            _ if i < opening => Vec::new(),
            (Role::DocumentLevel, _) => tracker.document_level(),
            (Role::EmbeddedTitle, _) => tracker.start_part(line),
            (Role::Text, _) => tracker.section_of(line, body.get(i + 1).copied()),
        };
        paragraphs.push(Paragraph {
            number: paragraphs.len() as u32 + 1,
            text: line.to_string(),
            section,
            page: body_pages[i],
        });
    }
    meta.references = references::of(&meta.title, meta.doc_number.as_deref(), &paragraphs);
    meta.article_refs = citations::of(&paragraphs);
    Document {
        id: id.to_string(),
        metadata: meta,
        paragraphs,
        notes,
    }
}

/// A table of contents (目录 and the headings under it, with or without page numbers) is not
/// a second copy of the headings: its lines are passed over up to the first line that is no
/// entry, or that repeats the first entry (where the text itself begins).
#[derive(Debug, Default)]
struct TableOfContents {
    open: bool,
    first_entry: Option<String>,
}

/// An entry of a table of contents is at most this long.
const CONTENTS_ENTRY_MAX_CHARS: usize = 40;

impl TableOfContents {
    fn skips(&mut self, line: &str) -> bool {
        let squeezed: String = line.split_whitespace().collect();
        if is_leader_entry(&squeezed) {
            // An entry with its dot leader and page number, wherever it stands.
            if self.open {
                self.first_entry
                    .get_or_insert_with(|| contents_entry(&squeezed));
            }
            return true;
        }
        if squeezed == "目录" {
            self.open = true;
            self.first_entry = None;
            return true;
        }
        if !self.open {
            return false;
        }
        let entry = contents_entry(&squeezed);
        let is_entry = (entry.chars().count() <= CONTENTS_ENTRY_MAX_CHARS
            && !entry.contains(['。', '；', '，'])
            && (structure::is_heading(&entry) || entry != squeezed || entry.chars().count() <= 12))
            || is_run_of_entries(&entry);
        if !is_entry || self.first_entry.as_deref() == Some(entry.as_str()) {
            self.open = false;
            return false;
        }
        self.first_entry.get_or_insert(entry);
        true
    }
}

/// Where a numbered heading starts: 第三编, 第一分编, 第十二章, 第二节.
static NUMBERED_HEADING_START: LazyLock<Regex> = LazyLock::new(|| {
    let numeral = crate::text::numerals::NUMERAL_CHARS;
    Regex::new(&format!(r"第[{numeral}\d]+(?:部分|分编|编|篇|章|节)")).expect("valid regex")
});

/// Entries of a contents page that a PDF's layout ran into one line (第二节保证责任第十四章租赁合同
/// 第十五章融资租赁合同): two or more numbered headings, each short and without a sentence.
fn is_run_of_entries(squeezed: &str) -> bool {
    let starts: Vec<usize> = NUMBERED_HEADING_START
        .find_iter(squeezed)
        .map(|m| m.start())
        .collect();
    if starts.len() < 2 || starts[0] != 0 || squeezed.contains(['。', '；', '，', '：']) {
        return false;
    }
    let ends = starts.iter().skip(1).copied().chain([squeezed.len()]);
    starts.iter().zip(ends).all(|(&a, b)| {
        let piece = &squeezed[a..b];
        (3..=CONTENTS_ENTRY_MAX_CHARS).contains(&piece.chars().count())
    })
}

/// 1.4服务调用约束......12, 第一章总则…………3: a contents entry with a dot leader (four dots
/// or more) and a page number.
fn is_leader_entry(squeezed: &str) -> bool {
    let without_page = squeezed.trim_end_matches(|c: char| c.is_ascii_digit());
    let leader = without_page.len() - without_page.trim_end_matches(['.', '…', '·', '．']).len();
    leader >= 4 && without_page.chars().any(|c| !".…·．".contains(c))
}

/// An entry without its dot leader and page number: 第一章 总则……3 → 第一章总则.
fn contents_entry(squeezed: &str) -> String {
    let without_page = squeezed.trim_end_matches(|c: char| c.is_ascii_digit());
    without_page
        .trim_end_matches(['.', '…', '·', '-', '—', '_', '．'])
        .to_string()
}

/// A paragraph longer than this is not a paragraph but a text without line breaks.
pub const MAX_PARAGRAPH_BYTES: usize = 64 * 1024;
/// Pieces of an overlong line are about this long.
const PIECE_BYTES: usize = 4 * 1024;

/// Splits a line without line breaks (a whole text, or binary junk) into pieces a reader and the
/// index can take: at sentence ends where there are any, else at a character boundary.
fn split_overlong(line: &str) -> Vec<&str> {
    if line.len() <= MAX_PARAGRAPH_BYTES {
        return vec![line];
    }
    let mut pieces = Vec::with_capacity(line.len() / PIECE_BYTES + 1);
    let mut rest = line;
    while rest.len() > PIECE_BYTES {
        let mut cut = PIECE_BYTES;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let window = &rest[..cut];
        let at = window
            .rfind(['。', '！', '？', '；'])
            .map(|i| i + '。'.len_utf8())
            .filter(|&i| i > PIECE_BYTES / 4)
            .unwrap_or(cut);
        pieces.push(&rest[..at]);
        rest = &rest[at..];
    }
    if !rest.is_empty() {
        pieces.push(rest);
    }
    pieces
}

/// Where the text proper starts: the first heading or salutation (各位代表：, 各省、自治区…：).
/// The byline, speaker and photo caption before it head no section.
fn opening_of_text(body: &[&str]) -> usize {
    body.iter()
        .take(FRONT_MATTER_MAX)
        .position(|line| structure::is_heading(line) || is_salutation(line))
        .unwrap_or(0)
}

/// 各位代表： / 同志们： / 各省、自治区、直辖市人民政府，国务院各部委：
fn is_salutation(line: &str) -> bool {
    let n = line.chars().count();
    (line.ends_with(['：', ':']) && n <= 80 && !line.contains('。'))
        || (line.ends_with(['！', '!']) && n <= 8)
}

/// A Markdown title (`# …`) is among this many first lines.
const TITLE_MARKDOWN_LINES: usize = 3;

/// What a line of the 版头 says, into the metadata; the masthead's issuer is kept aside, as the
/// issuer when no label names one.
fn read_header_item(meta: &mut Metadata, masthead: &mut Option<String>, item: HeaderItem) {
    match item {
        HeaderItem::CopyNumber => {}
        HeaderItem::Secrecy(s) => meta.secrecy = Some(s),
        HeaderItem::Urgency(s) => meta.urgency = Some(s),
        HeaderItem::Masthead(issuer) => {
            masthead.get_or_insert(issuer);
        }
        HeaderItem::NumberAndSigner(number, signer) => {
            set_once(&mut meta.doc_number, &number);
            set_once(&mut meta.signer, &signer);
        }
        HeaderItem::Order(issuer, number) => {
            set_once(&mut meta.doc_number, &number);
            // 国务院令 names its issuer; 北府令 only an abbreviation of it (the signature says it).
            if kind::is_body_name(&issuer) {
                masthead.get_or_insert(issuer);
            }
        }
    }
}

/// The frame's findings into the metadata, and the document's kind and issuer: a label's issuer,
/// else the masthead's, else the one the title names (国务院办公厅关于…), else the signature.
fn read_frame(meta: &mut Metadata, frame: &gongwen::Frame, masthead: Option<String>) {
    meta.addressee = frame.addressee.clone();
    meta.signature = frame.signature.clone();
    meta.copied_to = frame.copied_to.clone();
    meta.printed_by = frame.printed_by.clone();
    meta.printed = frame.printed;
    if meta.written.is_none() {
        meta.written = frame.signed;
    }
    let signed_by_body = frame
        .signature
        .as_deref()
        .filter(|s| s.split('、').all(kind::is_body_name))
        .map(str::to_string);
    if meta.issuer.is_none() {
        meta.issuer = masthead
            .or_else(|| kind::issuer_in_title(&meta.title))
            .or(signed_by_body);
    }
    meta.kind = kind::kind_of(&meta.title).map(str::to_string);
}

fn set_field(meta: &mut Metadata, key: Key, value: &str) {
    let value = value.trim();
    let slot = match key {
        Key::Title => &mut meta.title,
        Key::Source => return set_once(&mut meta.source, value),
        Key::Issuer => return set_once(&mut meta.issuer, value),
        Key::Written => return set_date_once(&mut meta.written, value),
        Key::Published => return set_date_once(&mut meta.published, value),
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

/// The first date stated wins; a value that holds no date is none.
fn set_date_once(slot: &mut Option<Date>, value: &str) {
    if slot.is_none() {
        *slot = date::find_date(value);
    }
}

/// Fills `written` and `date`. The written date is the stated one (成文日期), else the date under
/// a signature (国务院办公厅\n2024年1月5日), else a speech's byline (——2026年1月28日在…);
/// `date` is the stated or signed written date, else the publication date, else the byline's.
fn finish_dates(meta: &mut Metadata, body: &[&str]) {
    if meta.written.is_none() {
        meta.written = signature_date(body);
    }
    let firm_written = meta.written;
    if meta.written.is_none() {
        meta.written = body
            .iter()
            .take(BYLINE_SEARCH)
            .find_map(|l| date::byline_date(l).or_else(|| date::adoption_date(l)));
    }
    meta.date = firm_written.or(meta.published).or(meta.written);
}

/// The date on the line under a signature: 国务院办公厅 / 2024年1月5日 (or 二〇二四年一月五日).
fn signature_date(body: &[&str]) -> Option<Date> {
    body.windows(2).find_map(|pair| {
        let (signer, date) = (pair[0], pair[1]);
        let is_signer = signer.chars().count() <= SIGNATURE_MAX_CHARS
            && !signer.contains(['。', '，', '；', '：', '！', ':'])
            && !structure::is_heading(signer)
            && !date::is_date_line(signer);
        (is_signer && date::is_date_line(date))
            .then(|| date::find_date(date))
            .flatten()
    })
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
        || structure::is_heading(line)
        || date::is_date_line(line)
        || metadata::is_doc_number(line)
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
        && !metadata::is_doc_number(line)
        && line.split_whitespace().count() <= 2
}

fn is_repeat_of_title(
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
fn version_in_file_name(id: &str) -> Option<Date> {
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
fn choose_title(page_title: Option<&str>, stem_title: &str, meta: &Metadata) -> String {
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

    #[test]
    fn contents_entries_a_layout_ran_into_one_line_are_not_text() {
        assert!(is_run_of_entries(
            "第二节保证责任第十四章租赁合同第十五章融资租赁合同"
        ));
        assert!(is_run_of_entries("第三编合同第一分编通则"));
        assert!(
            !is_run_of_entries("第十四章租赁合同"),
            "one entry is an ordinary heading"
        );
        assert!(!is_run_of_entries(
            "第二条依照第一条规定，第三章所列事项由县级以上人民政府负责。"
        ));
        let doc = parse(
            "code.txt",
            "某某条例\n目录\n第一章 总则\n第二章 管理第一节 登记第二节 变更第三章 附则\n第一章 总则\n第一条 为了规范管理，制定本条例。\n",
            "UTF-8",
        );
        let texts: Vec<&str> = doc.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts.iter().filter(|t| t.contains("第一章")).count(),
            1,
            "{texts:?}"
        );
        assert!(!texts.iter().any(|t| t.contains("第一节")), "{texts:?}");
        assert_eq!(texts.last(), Some(&"第一条 为了规范管理，制定本条例。"));
    }

    #[test]
    fn an_order_is_issued_by_the_body_its_title_names_not_its_abbreviation() {
        let doc = parse(
            "order.txt",
            "北岸市人民政府令\n北府令第12号\n《北岸市数据资源管理办法》已经2025年2月20日市政府第8次常务会议通过，现予公布，自2025年4月1日起施行。\n市长 张三\n2025年3月1日\n",
            "UTF-8",
        );
        assert_eq!(doc.metadata.title, "北岸市人民政府令");
        assert_eq!(doc.metadata.kind.as_deref(), Some("令"));
        assert_eq!(doc.metadata.doc_number.as_deref(), Some("北府令第12号"));
        assert_eq!(doc.metadata.issuer.as_deref(), Some("北岸市人民政府"));

        // The number on a line of its own under the title.
        let doc = parse(
            "order2.txt",
            "北岸市人民政府令\n第 12 号\n《北岸市数据资源管理办法》已经市政府常务会议通过，现予公布。\n市长 张三\n2025年3月1日\n",
            "UTF-8",
        );
        assert_eq!(
            doc.metadata.doc_number.as_deref(),
            Some("北岸市人民政府令第12号")
        );
        assert_eq!(doc.metadata.issuer.as_deref(), Some("北岸市人民政府"));
        assert!(doc.paragraphs.iter().all(|p| !p.text.contains("12 号")));
    }
    use super::*;

    #[test]
    fn an_overlong_line_is_split_at_sentence_ends_and_nothing_is_lost() {
        let sentence = "推进科技创新和产业创新深度融合，加快发展新质生产力。";
        let line = sentence.repeat(MAX_PARAGRAPH_BYTES / sentence.len() + 10);
        let doc = parse("x.txt", &format!("关于测试的通知\n{line}\n"), "UTF-8");
        assert!(doc.paragraphs.len() > 10);
        assert!(doc
            .paragraphs
            .iter()
            .all(|p| p.text.len() <= PIECE_BYTES && p.text.ends_with('。')));
        let joined: String = doc.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(joined, line);
        assert_eq!(doc.notes.len(), 1, "{:?}", doc.notes);
        let junk = "x".repeat(MAX_PARAGRAPH_BYTES * 2);
        let doc = parse("y.txt", &junk, "UTF-8");
        let joined: String = doc.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(joined, junk);
    }

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
        assert_eq!(
            doc.metadata.published.map(|d| d.to_string()).as_deref(),
            Some("2026-02-09")
        );
        assert_eq!(
            doc.metadata.written.map(|d| d.to_string()).as_deref(),
            Some("2026-01-28")
        );
        assert_eq!(
            doc.metadata.date.map(|d| d.to_string()).as_deref(),
            Some("2026-02-09")
        );
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

    #[test]
    fn a_generic_title_is_found_without_help_from_the_file_name() {
        let text =
            "工作动态\n政府工作报告\n各位代表：\n现在，我代表市人民政府向大会报告工作，请予审议。";
        let doc = parse("a/b/c.txt", text, "UTF-8");
        assert_eq!(doc.metadata.title, "政府工作报告");
        assert_eq!(doc.paragraphs[0].text, "各位代表：");
    }

    #[test]
    fn a_title_without_title_words_is_the_line_above_the_date() {
        let text =
            "中华人民共和国中央人民政府\n新华网 > 时政\n国务院常务会议部署推动经济持续回升向好\n\
            2024-01-10 10:00:00 来源: 新华网 作者：张三\n【字体：大 中 小】\n\
            新华社北京1月10日电 国务院总理主持召开国务院常务会议，部署推动经济持续回升向好。\n\
            责任编辑：李四";
        let doc = parse("news/c_1.htm", text, "UTF-8");
        assert_eq!(doc.metadata.title, "国务院常务会议部署推动经济持续回升向好");
        assert_eq!(doc.metadata.source.as_deref(), Some("新华网"));
        assert_eq!(
            doc.metadata.published.map(|d| d.to_string()).as_deref(),
            Some("2024-01-10")
        );
        assert_eq!(doc.paragraphs.len(), 1);
    }

    #[test]
    fn a_regulation_s_adoption_line_gives_its_written_date() {
        let text = "重庆市数据条例\n（2022年3月30日重庆市第五届人民代表大会常务委员会第三十三次会议通过）\n\
            第一章 总则\n第一条 为了规范数据处理活动，保障数据安全，制定本条例。";
        let doc = parse("reg.txt", text, "UTF-8");
        assert_eq!(
            doc.metadata.written.map(|d| d.to_string()).as_deref(),
            Some("2022-03-30")
        );
        // The 题注 is metadata, not a paragraph.
        assert_eq!(doc.paragraphs[0].text, "第一章 总则");
        assert_eq!(doc.paragraphs[1].section, ["第一章 总则", "第一条"]);
        assert_eq!(doc.metadata.history.len(), 1);
        assert_eq!(doc.metadata.history[0].event, "通过");
        assert_eq!(
            doc.metadata.issuer.as_deref(),
            Some("重庆市人民代表大会常务委员会")
        );
        assert_eq!(doc.metadata.level.as_deref(), Some("地方性法规"));
    }

    #[test]
    fn column_names_are_not_titles() {
        let text = "通知公告\n政策文件\n某市人民政府关于做好防汛工作的通知\n各区县人民政府：\n\
            为切实做好今年防汛工作，确保人民群众生命财产安全，现通知如下。";
        let doc = parse("art_2024_1.html", text, "UTF-8");
        assert_eq!(doc.metadata.title, "某市人民政府关于做好防汛工作的通知");
        assert_eq!(doc.paragraphs[0].text, "各区县人民政府：");
    }

    #[test]
    fn the_byline_and_caption_before_the_salutation_head_no_section() {
        let text = "2026年某省政府工作报告\n——2026年1月27日在某省人民代表大会上\n省长 张三\n\
            省长张三作政府工作报告。本报记者 李四 摄\n各位代表：\n一、工作回顾\n\
            一是经济稳中有进。地区生产总值增长5%。";
        let doc = parse("2026_某省_政府工作报告.txt", text, "UTF-8");
        for p in &doc.paragraphs[..4] {
            assert!(p.section.is_empty(), "{:?}: {:?}", p.text, p.section);
        }
        assert_eq!(
            doc.paragraphs[5].section,
            ["一、工作回顾", "一是经济稳中有进"]
        );
    }

    #[test]
    fn a_signature_s_date_is_the_written_date() {
        let text = "某部关于开展检查的通知\n各省级主管部门：\n\
            为加强管理，现就开展检查有关事项通知如下，请认真贯彻执行。\n某部办公厅\n\
            二〇二四年一月五日\n（此件主动公开）";
        let doc = parse("notice.txt", text, "UTF-8");
        assert_eq!(
            doc.metadata.written.map(|d| d.to_string()).as_deref(),
            Some("2024-01-05")
        );
        assert_eq!(
            doc.metadata.date.map(|d| d.to_string()).as_deref(),
            Some("2024-01-05")
        );
        assert_eq!(doc.paragraphs.last().unwrap().text, "（此件主动公开）");
    }

    #[test]
    fn a_stated_written_date_wins_over_the_signature() {
        let text = "成文日期：2024-01-04\n某部关于开展检查的通知\n各省级主管部门：\n\
            为加强管理，现就开展检查有关事项通知如下，请认真贯彻执行。\n某部办公厅\n2024年1月5日";
        let doc = parse("notice.txt", text, "UTF-8");
        assert_eq!(
            doc.metadata.written.map(|d| d.to_string()).as_deref(),
            Some("2024-01-04")
        );
    }

    #[test]
    fn a_long_title_given_on_the_line_after_its_label_is_read() {
        let text = "标　　题：\n\
            国务院办公厅关于印发《城市社区嵌入式服务设施建设工程实施方案》的通知\n\
            发文字号：\n国办发〔2024〕3号\n\
            国务院办公厅关于印发《城市社区嵌入式服务设施建设工程实施方案》的通知\n\
            各省、自治区、直辖市人民政府：\n现印发给你们，请认真贯彻执行。";
        let doc = parse("content_1.htm", text, "UTF-8");
        assert_eq!(
            doc.metadata.title,
            "国务院办公厅关于印发《城市社区嵌入式服务设施建设工程实施方案》的通知"
        );
        assert_eq!(
            doc.metadata.doc_number.as_deref(),
            Some("国办发〔2024〕3号")
        );
        assert_eq!(doc.paragraphs[0].text, "各省、自治区、直辖市人民政府：");
        assert_eq!(doc.paragraphs.len(), 2);
    }
}
