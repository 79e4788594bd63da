//! The body's lines to paragraphs, each with its section path: the headings it sits under, as
//! the section tracker reads them, or none for the front matter, the lines of the frame
//! (主送, signature) and a 版记 (which is metadata, not a paragraph).

use super::classify::BodyLine;
use super::gongwen::Role;
use super::paragraph::Paragraph;
use super::structure;

/// Lines before the text proper (byline, speaker, photo caption) are looked for this far.
const FRONT_MATTER_MAX: usize = 12;

/// The paragraphs of a body whose lines have their roles.
pub fn paragraphs(body: &[BodyLine]) -> Vec<Paragraph> {
    let opening = opening_of_text(body);
    let mut tracker = structure::SectionTracker::for_body(body.iter().map(|l| l.text));
    let mut paragraphs = Vec::with_capacity(body.len());
    for (i, body_line) in body.iter().enumerate() {
        // A heading drawn letter-spaced (第四编 人 格 权) is read as words, for its section
        // path and its text alike.
        let joined = structure::join_letter_spacing(body_line.text);
        let line: &str = if body_line.outline.is_some()
            || structure::is_heading(&joined)
            || structure::is_division(&joined)
        {
            &joined
        } else {
            body_line.text
        };
        let section = match (body_line.role, body_line.outline) {
            (Role::Colophon, _) => continue,
            (_, Some(level)) => tracker.outline_heading(line, level),
            _ if i < opening => Vec::new(),
            (Role::DocumentLevel, _) => tracker.document_level(),
            (Role::EmbeddedTitle, _) => tracker.start_part(line),
            (Role::Text, _) => tracker.section_of(line, body.get(i + 1).map(|l| l.text)),
        };
        paragraphs.push(Paragraph {
            number: paragraphs.len() as u32 + 1,
            text: line.to_string(),
            section,
            page: body_line.page,
        });
    }
    paragraphs
}

/// Where the text proper starts: the first heading or salutation (各位代表：, 各省、自治区…：).
/// The byline, speaker and photo caption before it head no section.
fn opening_of_text(body: &[BodyLine]) -> usize {
    body.iter()
        .map(|l| l.text)
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
