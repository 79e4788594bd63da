//! Extraction: from a file's bytes, whatever its format, to the lines a parser reads.
//!
//! The format is told by content (magic bytes, container structure), never by the file name: a
//! DOCX named `.pdf` is read as DOCX. Text and HTML pages go to the parser as text; PDF and OFD
//! pages are laid out into paragraphs ([`layout`]); Word files give their paragraphs directly.
//! Every reader runs under [`Limits`] and behind a panic guard, so one bad file costs nothing
//! but itself.

pub mod doc;
pub mod docx;
mod geometry;
pub mod layout;
mod lists;
pub mod ofd;
mod package;
pub mod pdf;
mod types;

use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};

pub use types::*;

/// The formats policy-search reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    /// Markdown (told by its name: its content is text).
    Markdown,
    Html,
    Pdf,
    Docx,
    /// Word 97–2003 binary, and Kingsoft WPS Writer files (the same format).
    Doc,
    Ofd,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Doc => "doc",
            Format::Ofd => "ofd",
        }
    }

    /// The Content-Type the original file is served with.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Text => "text/plain; charset=utf-8",
            Format::Markdown => "text/markdown; charset=utf-8",
            Format::Html => "text/html; charset=utf-8",
            Format::Pdf => "application/pdf",
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            Format::Doc => "application/msword",
            Format::Ofd => "application/ofd",
        }
    }

    /// Fixed-layout formats have pages of their own.
    pub fn is_paged(self) -> bool {
        matches!(self, Format::Pdf | Format::Ofd)
    }
}

/// File name endings of documents; a file with another ending is read only when its content is
/// recognisably a document format (a report saved as `.bin` by a download manager).
pub const DOCUMENT_EXTENSIONS: &[&str] = &[
    "txt", "md", "markdown", "text", "html", "htm", "xhtml", "shtml", "pdf", "docx", "docm",
    "dotx", "doc", "dot", "wps", "wpt", "ofd",
];

/// The format of a file, from its content; `extension` only tells text from HTML, and whether an
/// unrecognised file is worth reading as text at all.
pub fn detect(bytes: &[u8], extension: &str) -> Option<Format> {
    let head = &bytes[..bytes.len().min(1024)];
    if find(head, b"%PDF-").is_some() {
        return Some(Format::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return zip_format(bytes);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Some(Format::Doc);
    }
    let ext = extension.to_ascii_lowercase();
    // A file named as a binary format whose content is none of them is no document of that
    // format: an HTML page saved as `.pdf` is HTML; whether other text is worth reading is
    // for the caller to decide (it can decode it).
    if is_binary_name(&ext) || !DOCUMENT_EXTENSIONS.contains(&ext.as_str()) {
        return looks_like_html(head).then_some(Format::Html);
    }
    if matches!(ext.as_str(), "html" | "htm" | "xhtml" | "shtml") || looks_like_html(head) {
        Some(Format::Html)
    } else if matches!(ext.as_str(), "md" | "markdown") {
        Some(Format::Markdown)
    } else {
        Some(Format::Text)
    }
}

/// Whether a file name ending names one of the binary formats (PDF, OFD, Word).
pub fn is_binary_name(extension: &str) -> bool {
    matches!(
        extension.to_ascii_lowercase().as_str(),
        "pdf" | "docx" | "docm" | "dotx" | "doc" | "dot" | "wps" | "wpt" | "ofd"
    )
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn looks_like_html(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let text = text.trim_start_matches('\u{feff}').trim_start();
    text.starts_with("<!doctype html") || text.starts_with("<html") || text.contains("<html")
}

/// A ZIP is DOCX when it holds `word/document.xml` (or a main part named in its content
/// types), OFD when it holds `OFD.xml`.
fn zip_format(bytes: &[u8]) -> Option<Format> {
    let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let names: Vec<String> = archive
        .file_names_raw()
        .map(|n| String::from_utf8_lossy(n).to_ascii_lowercase())
        .collect();
    if names.iter().any(|n| n == "ofd.xml") {
        return Some(Format::Ofd);
    }
    if names.iter().any(|n| n == "word/document.xml")
        || names.iter().any(|n| n == "[content_types].xml")
            && names.iter().any(|n| n.starts_with("word/"))
    {
        return Some(Format::Docx);
    }
    None
}

/// What a non-text file gave: its paragraphs (with pages), and what it says about itself.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    pub blocks: Vec<Block>,
    pub properties: Properties,
    /// Pages of a paged document.
    pub pages: Option<u32>,
}

/// Reads a PDF, OFD or Word file. The reader runs on a thread of its own, so that a file that
/// makes it loop past its budget (a reader checks its [`Limits`] only between steps) is given up
/// on while indexing goes on; a reader's panic is the file's error.
pub fn extract(format: Format, bytes: &[u8], limits: &Limits) -> Result<Extracted, ExtractError> {
    if matches!(format, Format::Text | Format::Html) {
        return Err(ExtractError::Unsupported(
            "text is decoded, not extracted".into(),
        ));
    }
    let (sender, receiver) = std::sync::mpsc::channel();
    let owned = bytes.to_vec();
    let thread_limits = *limits;
    let spawned = std::thread::Builder::new()
        .name("extract".into())
        .spawn(move || {
            let read = || read_format(format, &owned, &thread_limits);
            let result = quietly(|| catch_unwind(AssertUnwindSafe(read)));
            let _ = sender.send(result);
        });
    if let Err(e) = spawned {
        return Err(ExtractError::Corrupt(format!("no thread to read it: {e}")));
    }
    let grace = std::time::Duration::from_secs(5);
    let extracted = match receiver.recv_timeout(limits.budget + grace) {
        Ok(Ok(result)) => result?,
        Ok(Err(panic)) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown".into());
            return Err(ExtractError::Corrupt(format!(
                "the reader failed ({message})"
            )));
        }
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            return Err(ExtractError::Timeout(limits.budget.as_secs()))
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            return Err(ExtractError::Corrupt("the reader stopped".into()))
        }
    };
    Ok(extracted)
}

fn read_format(format: Format, bytes: &[u8], limits: &Limits) -> Result<Extracted, ExtractError> {
    match format {
        Format::Pdf => fixed(pdf::read(bytes, limits)?),
        Format::Ofd => fixed(ofd::read(bytes, limits)?),
        Format::Docx => flow(docx::read(bytes, limits)?),
        Format::Doc => flow(doc::read(bytes, limits)?),
        Format::Text | Format::Markdown | Format::Html => Err(ExtractError::Unsupported(
            "text is decoded, not extracted".into(),
        )),
    }
}

fn fixed(layout: FixedLayout) -> Result<Extracted, ExtractError> {
    let pages = layout.pages.len() as u32;
    Ok(Extracted {
        blocks: layout::paragraphs(&layout.pages),
        properties: layout.properties,
        pages: Some(pages),
    })
}

fn flow(flow: Flow) -> Result<Extracted, ExtractError> {
    let pages = flow.blocks.iter().filter_map(|b| b.page).max();
    Ok(Extracted {
        blocks: flow
            .blocks
            .into_iter()
            .filter(|b| !b.text.trim().is_empty())
            .collect(),
        properties: flow.properties,
        pages,
    })
}

/// Runs `f` with the panic message hook silenced on this thread: a reader's panic is reported as
/// the file's skip reason, not as a backtrace on the terminal.
fn quietly<T>(f: impl FnOnce() -> T) -> T {
    thread_local! {
        static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(|q| q.get()) {
                default(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let result = f();
    QUIET.with(|q| q.set(was));
    result
}

/// Reads at most `limit` bytes from `reader`; more is an error, not an allocation.
pub fn read_bounded(reader: impl Read, limit: u64) -> Result<Vec<u8>, ExtractError> {
    let mut out = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| ExtractError::Corrupt(e.to_string()))?;
    if out.len() as u64 > limit {
        return Err(ExtractError::TooLarge(format!(
            "more than {} MB inflated",
            limit / 1024 / 1024
        )));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_by_content_not_by_name() {
        assert_eq!(detect(b"%PDF-1.7\n...", "docx"), Some(Format::Pdf));
        assert_eq!(
            detect(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0], "pdf"),
            Some(Format::Doc)
        );
        assert_eq!(
            detect("<!DOCTYPE html><p>通知".as_bytes(), "txt"),
            Some(Format::Html)
        );
        assert_eq!(
            detect("关于开展检查的通知".as_bytes(), "txt"),
            Some(Format::Text)
        );
        assert_eq!(detect("关于开展检查的通知".as_bytes(), "csv"), None);
        assert_eq!(detect(b"<p>x</p>", "htm"), Some(Format::Html));
        assert_eq!(detect(b"PK\x03\x04garbage", "docx"), None);
        assert_eq!(detect(b"not read", "pdf"), None);
    }

    const NOTICE_OFD: &[u8] = include_bytes!("../../tests/fixtures/formats/notice.ofd");

    #[test]
    fn a_file_gets_its_budget_and_no_more() {
        let spent = Limits::new(std::time::Duration::ZERO, 1 << 30);
        assert_eq!(
            extract(Format::Ofd, NOTICE_OFD, &spent).unwrap_err(),
            ExtractError::Timeout(0)
        );
        let extracted = extract(Format::Ofd, NOTICE_OFD, &Limits::for_one_file()).unwrap();
        assert_eq!(extracted.pages, Some(3));
        let tiny = Limits::new(std::time::Duration::from_secs(60), 100);
        assert!(matches!(
            extract(Format::Ofd, NOTICE_OFD, &tiny),
            Err(ExtractError::TooLarge(_))
        ));
    }

    #[test]
    fn bounded_reads_stop_at_the_limit() {
        assert_eq!(read_bounded(&b"12345"[..], 5).unwrap(), b"12345");
        assert!(matches!(
            read_bounded(&b"123456"[..], 5),
            Err(ExtractError::TooLarge(_))
        ));
    }
}
