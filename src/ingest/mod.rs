//! Reading a file: its bytes to a [`Document`], whatever the format. The format is told by
//! content ([`extract::detect`]); text and HTML are decoded ([`decode()`]), PDF, OFD and Word files
//! extracted and their text layer judged (`text_layer`); then everything is parsed as lines
//! ([`parse`]), which knows nothing of files.

pub mod decode;
mod text_layer;

use std::path::Path;

use crate::corpus::{self, SkipReason, SourceFile};
use crate::extract::{self, Extracted, Format, Limits, Properties};
use crate::parse::{self, html, Document, Metadata, SourceParagraph};

pub use decode::decode;

/// Reads one file's bytes as a document, whatever its format (told by content): text and HTML
/// pages are decoded and parsed, PDF, OFD and Word files extracted first.
pub fn read(id: &str, bytes: &[u8]) -> Result<Document, SkipReason> {
    let extension = id.rsplit_once('.').map_or("", |(_, e)| e);
    let (format, misnamed) = match extract::detect(bytes, extension) {
        Some(format) => (format, None),
        // Content decides the reader: a text file named `.pdf` (a page saved under the name of
        // the document it links to) is read as text, and the document says so.
        None if extract::is_binary_name(extension) && decode(bytes).is_ok() => (
            Format::Text,
            Some(format!(
                "named .{extension} but its content is text: read as text"
            )),
        ),
        None => return Err(SkipReason::Unsupported),
    };
    let mut doc = match format {
        Format::Markdown => {
            let (text, encoding) = decode(bytes)?;
            parse::parse_markdown(id, &text, encoding)
        }
        Format::Text | Format::Html => {
            let (text, encoding) = decode(bytes)?;
            if format == Format::Html {
                let mut doc = parse::parse(id, &html::to_text(&text), encoding);
                doc.metadata.format = format.name().into();
                doc
            } else {
                parse::parse(id, &text, encoding)
            }
        }
        _ => {
            let extracted = extract::extract(format, bytes, &Limits::for_one_file())
                .and_then(|extracted| text_layer::check_text_layer(&extracted).map(|()| extracted))
                .map_err(SkipReason::Unreadable)?;
            parse_extracted(id, format, &extracted)
        }
    };
    if doc.paragraphs.is_empty() {
        return Err(SkipReason::NoText);
    }
    doc.notes.extend(misnamed);
    Ok(doc)
}

/// Reads and parses one file outside any index (for `export --corpus`, tests and tools).
pub fn read_document(root: &Path, id: &str) -> Result<Document, SkipReason> {
    let file = SourceFile {
        id: id.to_string(),
        path: root.join(id),
        size: 0,
        modified_ns: 0,
    };
    read(id, &corpus::load(&file)?.bytes)
}

/// Parses the paragraphs of a PDF, OFD or Word file. Runs of spaces (Word's alignment by
/// spaces, U+3000 indents) are one space, as a fixed-layout page gives them.
fn parse_extracted(id: &str, format: Format, extracted: &Extracted) -> Document {
    let texts: Vec<String> = extracted
        .blocks
        .iter()
        .map(|b| b.text.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let lines: Vec<SourceParagraph> = extracted
        .blocks
        .iter()
        .zip(&texts)
        .map(|(b, text)| SourceParagraph {
            text,
            page: b.page,
            outline: None,
        })
        .collect();
    let meta = Metadata {
        encoding: format.name().to_ascii_uppercase(),
        format: format.name().into(),
        pages: extracted.pages,
        ..Metadata::default()
    };
    let mut doc = parse::parse_paragraphs(id, &lines, meta);
    if let Some(title) = real_title(&extracted.properties, &lines) {
        let squeeze = |t: &str| t.split_whitespace().collect::<String>();
        if squeeze(&title).contains(&squeeze(&doc.metadata.title)) {
            doc.metadata.title = title;
        }
    }
    doc
}

/// Lines from the top in which a document property's title must stand to be believed.
const PROPERTY_TITLE_LINES: usize = 12;

/// The title of the document properties when it is the document's own: it stands in the first
/// lines of the text. Templates' leftovers ("Microsoft Word - 模板.doc", "附件1", a previous
/// document's title) do not.
fn real_title(properties: &Properties, lines: &[SourceParagraph]) -> Option<String> {
    let title: String = properties
        .title
        .as_deref()?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let squeezed: String = title.split_whitespace().collect();
    if squeezed.chars().count() < 4 {
        return None;
    }
    let head: String = lines
        .iter()
        .take(PROPERTY_TITLE_LINES)
        .flat_map(|l| l.text.chars())
        .filter(|c| !c.is_whitespace())
        .collect();
    head.contains(&squeezed).then_some(title)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTICE: &str = "关于开展安全生产检查的通知\n各区县人民政府：\n为做好安全生产工作，现将有关事项通知如下。\n";

    #[test]
    fn content_decides_the_reader_and_a_misnamed_text_says_so() {
        let doc = read("下载/通知.pdf", NOTICE.as_bytes()).unwrap();
        assert_eq!(doc.metadata.format, "text");
        assert_eq!(doc.paragraphs.len(), 2, "{:?}", doc.paragraphs);
        assert_eq!(
            doc.notes,
            ["named .pdf but its content is text: read as text"]
        );
        // The same bytes under their own name carry no note.
        assert!(read("通知.txt", NOTICE.as_bytes())
            .unwrap()
            .notes
            .is_empty());
        // An HTML page named .docx is HTML; binary junk named .pdf is still no document.
        let page = format!(
            "<html><body><p>{}</p></body></html>",
            NOTICE.replace('\n', "</p><p>")
        );
        assert_eq!(
            read("x.docx", page.as_bytes()).unwrap().metadata.format,
            "html"
        );
        assert_eq!(
            read("x.pdf", &[0x89, b'P', b'N', b'G', 0, 0, 1, 2]).unwrap_err(),
            SkipReason::Unsupported
        );
    }
}
