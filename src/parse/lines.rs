//! The source's paragraphs made ready for reading as the parser's lines (one per paragraph): trimmed, empty ones dropped, and a line too long
//! to be a paragraph (a text without line breaks, binary junk) cut into pieces. Also what a line
//! of prose looks like, which both the title search and the classifier ask.

use super::paragraph::SourceParagraph;

/// A paragraph longer than this is not a paragraph but a text without line breaks.
pub const MAX_PARAGRAPH_BYTES: usize = 64 * 1024;
/// Pieces of an overlong line are about this long.
pub(crate) const PIECE_BYTES: usize = 4 * 1024;

/// The lines of `source` trimmed (whitespace, a byte-order mark), without empty ones, and with
/// overlong ones split at sentence ends; each piece keeps its line's page and outline. The notes
/// say what was split, for the reader of the document.
pub fn prepare<'a>(source: &[SourceParagraph<'a>]) -> (Vec<SourceParagraph<'a>>, Vec<String>) {
    let mut notes = Vec::new();
    let mut lines = Vec::with_capacity(source.len());
    for l in source {
        let text = l
            .text
            .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        if text.is_empty() {
            continue;
        }
        let pieces = split_overlong(text);
        if pieces.len() > 1 {
            notes.push(format!(
                "a line of {} characters was split into {} paragraphs at sentence ends",
                text.chars().count(),
                pieces.len()
            ));
        }
        lines.extend(
            pieces
                .into_iter()
                .map(|text| SourceParagraph { text, ..*l }),
        );
    }
    (lines, notes)
}

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

/// A line of running text rather than a label or a title.
pub fn is_prose(line: &str) -> bool {
    let n = line.chars().count();
    n >= 40 || (n >= 12 && line.contains(['。', '，', '；']))
}
