//! Parsing: from a page's text to a [`Document`]: metadata plus paragraphs with section paths.
//!
//! The parser reads a document as a list of [`SourceParagraph`]s: the lines of a text file, the
//! blocks of a Markdown file, the paragraphs a PDF, OFD or Word reader put together. Inside the
//! parser each of them is called a *line* (`is_date_line`, `classify_lines`, `title_line`): a
//! line here is always one source paragraph, never a line of a page's layout. Each line that is
//! text becomes one [`Paragraph`], as written; chrome lines and metadata lines are not
//! paragraphs. Nothing here knows about the index.
//!
//! This file is the front door: it names the parts and says in what order they run. The parts
//! name each other directly (`super::metadata::Metadata`), never this file, and no two of them
//! depend on each other both ways.
//!
//! - [`lines`]: the source's lines trimmed, and overlong ones split;
//! - [`title`]: the title line, the file name's title and version;
//! - [`classify`]: each line to metadata, chrome or the body ([`contents`] pages passed over);
//! - [`fill`]: the metadata the body says (frame, dates, 题注, region, level);
//! - [`sections`]: the body's lines to paragraphs with section paths;
//! - [`references`] and [`citations`]: what the paragraphs name.

pub mod boilerplate;
pub mod citations;
pub mod classify;
pub mod contents;
pub mod date;
pub mod doc_number;
pub mod document;
pub mod fill;
pub mod gongwen;
pub mod history;
pub mod html;
pub mod kind;
pub mod level;
pub mod lines;
pub mod markdown;
pub mod metadata;
pub mod paragraph;
pub mod references;
pub mod region;
pub mod sections;
pub mod structure;
pub mod title;

pub use date::Date;
pub use document::Document;
pub use lines::MAX_PARAGRAPH_BYTES;
pub use metadata::Metadata;
pub use paragraph::{Paragraph, SourceParagraph};
pub use title::title_from_file_name;

/// Parses a Markdown text: its headings are headings at their level.
pub fn parse_markdown(id: &str, text: &str, encoding: &str) -> Document {
    let lines = markdown::lines(text);
    let source: Vec<SourceParagraph> = lines
        .iter()
        .map(|l| SourceParagraph {
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
    parse_paragraphs(id, &source, meta)
}

/// Parses a page's text, a source paragraph per line; `id` is the document's path relative to
/// the corpus.
pub fn parse(id: &str, text: &str, encoding: &str) -> Document {
    let lines: Vec<SourceParagraph> = text
        .lines()
        .map(|text| SourceParagraph {
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
    parse_paragraphs(id, &lines, meta)
}

/// Parses the paragraphs of a file as its reader gives them, with their pages (a PDF, OFD or Word
/// file); `meta` holds what is known of the file already.
pub fn parse_paragraphs(id: &str, source: &[SourceParagraph], mut meta: Metadata) -> Document {
    let (lines, notes) = lines::prepare(source);
    let mut body = classify::classify(id, &lines, &mut meta);
    let frame = fill::from_body(&mut meta, &body.texts(), body.masthead.take(), id);
    body.take_roles(&frame.roles);
    let mut paragraphs = sections::paragraphs(&body.lines);
    if paragraphs.is_empty() {
        // Nothing but a 题注 (a law whose text the file does not hold): the 题注 is its text, so
        // that the law is found by its name and its history shown, not skipped.
        paragraphs = sections::paragraphs(&body.caption);
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

#[cfg(test)]
mod tests;
