//! The classifier: every line of the source is read once, in order, and is either metadata (a
//! label and its value, a date line, the 版头, the 题注), chrome (navigation, a contents page, a
//! repeat of the title), or a line of the body. What it keeps is one [`BodyLine`] per body line,
//! each carrying its text, page, outline level and (once the frame is read) its role, so that
//! nothing downstream has to keep parallel lists in step.

use super::boilerplate::{self, Chrome};
use super::contents::TableOfContents;
use super::date;
use super::doc_number;
use super::fill::{read_header_item, set_field, set_once};
use super::gongwen::{self, Role};
use super::history;
use super::lines::is_prose;
use super::metadata::{self, Key, Metadata};
use super::paragraph::SourceParagraph;
use super::structure;
use super::title::{self, TITLE_MARKDOWN_LINES};

/// A line of the body: what becomes a paragraph, unless its role says otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyLine<'a> {
    pub text: &'a str,
    /// The page it is on, in paged documents.
    pub page: Option<u32>,
    /// The heading level the source marks it with (Markdown `##` → 2), if any.
    pub outline: Option<u8>,
    /// Its place in the document's frame (主送, signature, 版记…): [`Role::Text`] until
    /// [`gongwen::frame`] has read the whole body, since a line's role depends on the lines after
    /// it.
    pub role: Role,
}

/// What the classifier leaves: the body, and the issuer a masthead names (the issuer only when
/// no label names one, which is known only at the end).
pub struct Body<'a> {
    pub lines: Vec<BodyLine<'a>>,
    pub masthead: Option<String>,
    /// The lines of the 题注, read as metadata: a law file that holds nothing else (its text
    /// not collected) is still a document, with them as its text.
    pub caption: Vec<BodyLine<'a>>,
}

impl<'a> Body<'a> {
    /// The body's texts, for the readers that look at text alone.
    pub fn texts(&self) -> Vec<&'a str> {
        self.lines.iter().map(|l| l.text).collect()
    }

    /// Gives each line its role in the frame (one role per line, in order).
    pub fn take_roles(&mut self, roles: &[Role]) {
        for (line, role) in self.lines.iter_mut().zip(roles) {
            line.role = *role;
        }
    }
}

/// Reads the lines of document `id` (trimmed, none empty) into `meta` (title, labels, dates,
/// 版头, 题注) and gives the lines of its body.
pub fn classify<'a>(id: &str, lines: &[SourceParagraph<'a>], meta: &mut Metadata) -> Body<'a> {
    let texts: Vec<&str> = lines.iter().map(|l| l.text).collect();
    let stem_title = title::title_from_file_name(id);
    let title_at = title::title_line(lines, &texts, &stem_title);
    let from_file = !matches!(meta.format.as_str(), "" | "text" | "html");
    let page_title = title_at.map(|i| texts[i].to_string());

    let mut body: Vec<BodyLine> = Vec::new();
    let mut pending_key: Option<Key> = None;
    let mut seen_body = false;
    let mut masthead: Option<String> = None;
    let mut contents = TableOfContents::default();
    let chrome = boilerplate::classify_lines(&texts);
    let mut history_until = 0;
    let mut caption = Vec::new();
    for (i, source) in lines.iter().enumerate() {
        let line = source.text;
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
                set_field(meta, key, line);
                continue;
            }
        }
        if Some(i) == title_at {
            continue;
        }
        // The 题注 before the text: metadata, not paragraphs.
        if !seen_body {
            if let Some((events, next)) = history::read_at(&texts, i) {
                meta.history.extend(events);
                history_until = next;
                caption.extend(lines[i..next].iter().map(|l| BodyLine {
                    text: l.text,
                    page: l.page,
                    outline: None,
                    role: Role::Text,
                }));
                continue;
            }
        }
        // An order's number on the line under its title: 北岸市人民政府令 / 第12号.
        if let Some((_, number)) = title_at
            .filter(|&t| i == t + 1 && texts[t].trim_end().ends_with('令'))
            .filter(|_| {
                line.trim_start()
                    .trim_start_matches(['（', '('])
                    .starts_with('第')
            })
            .and_then(|t| doc_number::order_number(&format!("{}{line}", texts[t].trim())))
        {
            set_once(&mut meta.doc_number, &number);
            continue;
        }
        if let Some(pairs) = labelled {
            for (key, value) in pairs {
                if value.is_empty() {
                    pending_key = Some(key);
                } else {
                    set_field(meta, key, &value);
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
            set_field(meta, Key::Published, line);
            continue;
        }
        if in_header && doc_number::is_doc_number(line) {
            set_field(meta, Key::DocNumber, line);
            continue;
        }
        if in_header && metadata::is_other_label_line(line) {
            continue;
        }
        if in_header || title_at.is_some_and(|t| i < t) {
            if let Some(item) = gongwen::header_item(line) {
                read_header_item(meta, &mut masthead, item);
                continue;
            }
        }
        // Before the title, short lines are navigation (镇街, 云南要闻); prose is kept.
        if title_at.is_some_and(|t| i < t) && !is_prose(line) {
            continue;
        }
        // A repeat of the title in the header (政府工作报告 under 2026年…政府工作报告).
        if in_header && title::is_repeat_of_title(line, page_title.as_deref(), &stem_title, meta) {
            continue;
        }
        if is_prose(line) || structure::is_heading(line) {
            seen_body = true;
        }
        body.push(BodyLine {
            text: line,
            page: source.page,
            outline: source.outline,
            role: Role::Text,
        });
    }

    // A Markdown document's first top-level heading is its title.
    if let Some(at) = body.iter().position(|l| l.outline == Some(1)) {
        if at <= TITLE_MARKDOWN_LINES && meta.title.is_empty() {
            meta.title = body[at].text.to_string();
            body.remove(at);
        }
    }
    meta.title = structure::join_letter_spacing(&title::choose_title(
        page_title.as_deref(),
        &stem_title,
        meta,
    ))
    .into_owned();
    Body {
        lines: body,
        masthead,
        caption,
    }
}
