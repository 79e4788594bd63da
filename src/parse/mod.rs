//! Parsing: from a page's text to a [`Document`]: metadata plus paragraphs with section paths.
//!
//! One paragraph per line of the source, as written; chrome lines and metadata lines are not
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
pub mod docno;
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
pub use paragraph::{Paragraph, SourceLine};
pub use title::title_from_file_name;

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
    let (lines, notes) = lines::prepare(source);
    let mut body = classify::classify(id, &lines, &mut meta);
    let frame = fill::from_body(&mut meta, &body.texts(), body.masthead.take(), id);
    body.take_roles(&frame.roles);
    let paragraphs = sections::paragraphs(&body.lines);
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
