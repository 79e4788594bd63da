//! Highlighting: where the folded query strings occur in the original text, and snippets.
//!
//! Works on the original text through the fold map, so 科學城 in a document is highlighted for
//! the query 科学城, and HTML is escaped before any `<mark>` is added.

use std::ops::Range;

use super::syntax::ParsedQuery;
use crate::analyze::fold;

/// Characters of context in a snippet.
pub const SNIPPET_CHARS: usize = 120;

/// How a match stands out in a terminal.
pub const MATCH_STYLE: anstyle::Style = anstyle::Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(anstyle::AnsiColor::Red)));
/// Characters shown before the first match in a snippet.
const LEAD_IN_CHARS: usize = 30;

/// Byte ranges of `text` that match any of the folded `needles`, merged and sorted.
pub fn match_ranges(text: &str, needles: &[String]) -> Vec<Range<usize>> {
    let folded = fold(text);
    let mut ranges = Vec::new();
    for needle in needles.iter().filter(|n| !n.is_empty()) {
        let mut from = 0;
        while let Some(at) = folded.text[from..].find(needle.as_str()) {
            let start = from + at;
            let end = start + needle.len();
            ranges.push(folded.original_range(start..end));
            from = start + needle.chars().next().map_or(1, char::len_utf8);
        }
    }
    merge(ranges)
}

fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// A piece of text, highlighted or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fragment<'a> {
    pub text: &'a str,
    pub matched: bool,
}

/// A window of the text around its first match (the whole text when `window` is `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet<'a> {
    pub fragments: Vec<Fragment<'a>>,
    pub cut_before: bool,
    pub cut_after: bool,
}

pub fn snippet<'a>(text: &'a str, ranges: &[Range<usize>], window: Option<usize>) -> Snippet<'a> {
    let (start, end) = match window {
        None => (0, text.len()),
        Some(chars) => window_bounds(text, ranges.first().map_or(0, |r| r.start), chars),
    };
    cut(text, ranges, start, end)
}

/// A hit's snippet for a query: a window of `chars` characters centred on the strongest match,
/// every variant of the query marked in it. The strongest window holds the most parts of the
/// query as typed (so that a paragraph with GDP shows GDP, not only its synonym 地区生产总值),
/// then the most parts in any form, then the most matches; the earliest of equals.
pub fn query_snippet<'a>(text: &'a str, parsed: &ParsedQuery, chars: usize) -> Snippet<'a> {
    let all = match_ranges(text, &parsed.highlights());
    let total = text.chars().count();
    if total <= chars || all.is_empty() {
        return cut(text, &all, 0, text.len());
    }
    // Per part: where it stands as typed, and where in any form.
    let parts: Vec<PartRanges> = parsed
        .required
        .iter()
        .zip(&parsed.alternatives)
        .map(|(part, alternatives)| {
            let mut any: Vec<String> = alternatives.clone();
            any.push(part.clone());
            PartRanges {
                typed: match_ranges(text, std::slice::from_ref(part)),
                any: match_ranges(text, &any),
            }
        })
        .collect();
    let inside = |r: &Range<usize>, (s, e): (usize, usize)| r.start >= s && r.end <= e;
    // (parts as typed, parts in any form, matches) in the window, and the window.
    let mut best = ((0, 0, 0), (0, text.len()));
    for (i, focus) in all.iter().enumerate() {
        let bounds = centred_bounds(text, focus.clone(), chars, total);
        let typed = parts
            .iter()
            .filter(|p| p.typed.iter().any(|r| inside(r, bounds)))
            .count();
        let any = parts
            .iter()
            .filter(|p| p.any.iter().any(|r| inside(r, bounds)))
            .count();
        let matches = all.iter().filter(|r| inside(r, bounds)).count();
        let score = (typed, any, matches);
        if i == 0 || score > best.0 {
            best = (score, bounds);
        }
    }
    let (start, end) = best.1;
    cut(text, &all, start, end)
}

/// Where one part of a query stands in a text: as typed, and in any form (synonyms too).
struct PartRanges {
    typed: Vec<Range<usize>>,
    any: Vec<Range<usize>>,
}

/// Byte bounds of a window of `chars` characters (of `total`) with `focus` in its middle.
fn centred_bounds(text: &str, focus: Range<usize>, chars: usize, total: usize) -> (usize, usize) {
    let focus_first = text[..focus.start].chars().count();
    let focus_len = text[focus.clone()].chars().count();
    let first = focus_first
        .saturating_sub(chars.saturating_sub(focus_len) / 2)
        .min(total - chars);
    let mut indices = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()));
    let start = indices.nth(first).unwrap_or(0);
    let end = indices.nth(chars - 1).unwrap_or(text.len());
    (start, end)
}

/// The text between `start` and `end` (widened so that no match is cut), split at the matches.
fn cut<'a>(text: &'a str, ranges: &[Range<usize>], start: usize, end: usize) -> Snippet<'a> {
    // Never cut a match in two at the edge of the window.
    let start = ranges
        .iter()
        .find(|r| r.start < start && r.end > start)
        .map_or(start, |r| r.start);
    let end = ranges
        .iter()
        .find(|r| r.start < end && r.end > end)
        .map_or(end, |r| r.end);
    let mut fragments = Vec::new();
    let mut at = start;
    for r in ranges.iter().filter(|r| r.end > start && r.start < end) {
        let (s, e) = (r.start.max(start), r.end.min(end));
        if s > at {
            fragments.push(Fragment {
                text: &text[at..s],
                matched: false,
            });
        }
        fragments.push(Fragment {
            text: &text[s..e],
            matched: true,
        });
        at = e;
    }
    if at < end {
        fragments.push(Fragment {
            text: &text[at..end],
            matched: false,
        });
    }
    Snippet {
        fragments,
        cut_before: start > 0,
        cut_after: end < text.len(),
    }
}

/// Byte bounds of a window of `chars` characters that shows `focus` with some text before it.
fn window_bounds(text: &str, focus: usize, chars: usize) -> (usize, usize) {
    let total = text.chars().count();
    if total <= chars {
        return (0, text.len());
    }
    let focus_char = text[..focus].chars().count();
    let first = focus_char.saturating_sub(LEAD_IN_CHARS).min(total - chars);
    let mut indices = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()));
    let start = indices.nth(first).unwrap_or(0);
    let end = indices.nth(chars - 1).unwrap_or(text.len());
    (start, end)
}

impl Snippet<'_> {
    /// HTML: text escaped, matches in `<mark>`.
    pub fn to_html(&self) -> String {
        let mut out = String::new();
        if self.cut_before {
            out.push('…');
        }
        for f in &self.fragments {
            if f.matched {
                out.push_str("<mark>");
                escape_into(f.text, &mut out);
                out.push_str("</mark>");
            } else {
                escape_into(f.text, &mut out);
            }
        }
        if self.cut_after {
            out.push('…');
        }
        out
    }

    /// Terminal: matches in bold red when `color`, in 【】 otherwise.
    pub fn to_terminal(&self, color: bool) -> String {
        let mut out = String::new();
        if self.cut_before {
            out.push('…');
        }
        for f in &self.fragments {
            match (f.matched, color) {
                (true, true) => {
                    out.push_str(&format!("{MATCH_STYLE}{}{MATCH_STYLE:#}", f.text));
                }
                (true, false) => {
                    out.push('【');
                    out.push_str(f.text);
                    out.push('】');
                }
                (false, _) => out.push_str(f.text),
            }
        }
        if self.cut_after {
            out.push('…');
        }
        out
    }
}

pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(text, &mut out);
    out
}

fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_folded_matches_in_the_original() {
        let text = "建设西部（重庆）科學城，ＧＤＰ增长";
        let ranges = match_ranges(text, &["科学城".into(), "gdp".into()]);
        let marked: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(marked, ["科學城", "ＧＤＰ"]);
        let html = snippet(text, &ranges, None).to_html();
        assert_eq!(
            html,
            "建设西部（重庆）<mark>科學城</mark>，<mark>ＧＤＰ</mark>增长"
        );
    }

    #[test]
    fn escapes_before_marking() {
        let text = "<script>alert('科技')</script>";
        let ranges = match_ranges(text, &["科技".into()]);
        assert_eq!(
            snippet(text, &ranges, None).to_html(),
            "&lt;script&gt;alert(&#39;<mark>科技</mark>&#39;)&lt;/script&gt;"
        );
    }

    #[test]
    fn overlapping_matches_merge() {
        let ranges = match_ranges("人工智能+产业", &["人工智能".into(), "智能+".into()]);
        assert_eq!(ranges.len(), 1);
        assert_eq!(ranges[0], 0.."人工智能+".len());
    }

    #[test]
    fn the_window_never_cuts_a_match() {
        let text = format!(
            "{}低空经济{}",
            "前".repeat(SNIPPET_CHARS - 2),
            "后".repeat(10)
        );
        let ranges = match_ranges(&text, &["低空经济".into()]);
        let s = snippet(&text, &[0..3, ranges[0].clone()], Some(SNIPPET_CHARS));
        assert!(
            s.to_html().contains("<mark>低空经济</mark>"),
            "{}",
            s.to_html()
        );
    }

    #[test]
    fn the_snippet_shows_the_typed_term_when_the_paragraph_has_it() {
        // The synonym first, the typed word far after it: the window goes to the typed word.
        let text = format!(
            "地区生产总值增长5%{}全省GDP突破十万亿元{}",
            "，".repeat(150),
            "。".repeat(150)
        );
        let parsed = crate::search::syntax::parse("ＧＤＰ").unwrap();
        assert!(!parsed.alternatives[0].is_empty(), "GDP has synonyms");
        let html = query_snippet(&text, &parsed, SNIPPET_CHARS).to_html();
        assert!(html.contains("<mark>GDP</mark>"), "{html}");
        assert!(!html.contains("地区生产总值"), "{html}");
        // Centred: about as much text before the match as after it.
        let at = html.find("<mark>GDP").unwrap();
        let before = html[..at].chars().count() as i64;
        let after = html[at..].chars().count() as i64 - "<mark>GDP</mark>".len() as i64;
        assert!((before - after).abs() <= 4, "{before} vs {after}: {html}");
    }

    #[test]
    fn the_snippet_prefers_the_window_with_every_part() {
        let text = format!(
            "科技{}科技与金融并进{}金融",
            "，".repeat(200),
            "。".repeat(200)
        );
        let parsed = crate::search::syntax::parse("科技 金融").unwrap();
        let html = query_snippet(&text, &parsed, SNIPPET_CHARS).to_html();
        assert!(
            html.contains("<mark>科技</mark>与<mark>金融</mark>并进"),
            "{html}"
        );
    }

    #[test]
    fn snippets_are_windows_around_the_first_match() {
        let text = format!("{}低空经济{}", "前".repeat(200), "后".repeat(200));
        let ranges = match_ranges(&text, &["低空经济".into()]);
        let s = snippet(&text, &ranges, Some(SNIPPET_CHARS));
        assert!(s.cut_before && s.cut_after);
        let html = s.to_html();
        assert!(html.contains("<mark>低空经济</mark>"));
        assert_eq!(
            html.chars().count(),
            SNIPPET_CHARS + 2 + "<mark></mark>".len()
        );
    }
}
