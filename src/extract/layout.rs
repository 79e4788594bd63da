//! Fixed-layout pages (PDF, OFD) back into the paragraphs the author wrote.
//!
//! Glyphs are put in reading order by position (not by the order the file draws them), grouped
//! into lines by baseline, and lines joined into paragraphs: a paragraph starts at a first-line
//! indent, after a short line, at a larger gap, at a change of font size, at a numbered heading
//! and at centred lines. Page furniture is dropped first: page numbers (— 3 —, 第3页, 3/47, bare
//! numbers) and running headers and footers that repeat across pages.

use std::collections::HashMap;

use super::types::{Block, BlockKind, Glyph, Page};
use crate::text::{self, heading};

/// A line of text on a page.
#[derive(Debug, Clone)]
struct Line {
    page: u32,
    text: String,
    /// Left and right edges, baseline, and the line's (largest common) font size, in points.
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
    /// Has a gap of several ems inside: table cells side by side, a name beside a date.
    gapped: bool,
    /// The text column the line is in: 0 on a page of one column; on a page of n columns, 0 to
    /// n-1 left to right, and n+1 for lines across the columns.
    column: usize,
}

/// Geometry of a page's body text, for telling indents, short lines and centred lines apart.
#[derive(Debug, Clone, Copy)]
struct ColumnGeometry {
    left: f32,
    right: f32,
    /// Usual distance between the baselines of two lines of one paragraph.
    leading: f32,
}

/// The paragraphs of fixed-layout pages, each with the page it starts on.
pub fn paragraphs(pages: &[Page]) -> Vec<Block> {
    let mut lines: Vec<Vec<Line>> = pages
        .iter()
        .enumerate()
        .map(|(i, page)| page_lines(i as u32 + 1, page))
        .collect();
    drop_furniture(&mut lines, pages);
    let all: Vec<&Line> = lines.iter().flatten().collect();
    let document_geometry = measure(&all);
    let mut blocks: Vec<Block> = Vec::new();
    let mut previous: Option<(&Line, ColumnGeometry)> = None;
    for page_lines in &lines {
        // Each text column has its margins; a page (or column) of a few lines says little about
        // them: the document's are used then.
        let columns = page_lines.iter().map(|l| l.column).max().unwrap_or(0) + 1;
        let geometries: Vec<ColumnGeometry> = (0..columns)
            .map(|c| {
                let refs: Vec<&Line> = page_lines.iter().filter(|l| l.column == c).collect();
                if refs.len() >= 6 {
                    measure(&refs)
                } else {
                    document_geometry
                }
            })
            .collect();
        for line in page_lines {
            let geometry = geometries[line.column];
            let joins = previous.is_some_and(|(prev, prev_geometry)| {
                continues(prev, prev_geometry, line, geometry) && !blocks.is_empty()
            });
            if joins {
                let block = blocks.last_mut().expect("a block to join");
                join_text(&mut block.text, &line.text);
            } else {
                blocks.push(Block {
                    text: line.text.clone(),
                    page: Some(line.page),
                    kind: BlockKind::Paragraph,
                });
            }
            previous = Some((line, geometry));
        }
    }
    blocks
}

/// Whether `line` continues the paragraph that `prev` is the last line of.
fn continues(
    prev: &Line,
    prev_geometry: ColumnGeometry,
    line: &Line,
    geometry: ColumnGeometry,
) -> bool {
    let em = line.size.max(1.0);
    // The next column of a page continues a paragraph as the next page does.
    let same_page = prev.page == line.page && prev.column == line.column;
    if same_page && line.y <= prev.y {
        return false; // back up the page: a table cell
    }
    if (line.size - prev.size).abs() > 0.15 * prev.size.max(line.size) {
        return false;
    }
    if same_page && line.y - prev.y > 1.6 * geometry.leading.max(1.2 * em) {
        return false;
    }
    let prev_em = prev.size.max(1.0);
    // A line the typesetter left a little short because the next one may not start with a
    // closing mark (法》、…), in the middle of a sentence, is not a paragraph's end.
    let kept_short = !ends_sentence(&prev.text)
        && (prev.x1 > prev_geometry.right - 4.0 * prev_em || starts_with_closing_mark(&line.text));
    let prev_short = prev.x1 < prev_geometry.right - 1.5 * prev_em && !kept_short;
    let prev_centred = is_centred(prev, prev_geometry);
    let centred = is_centred(line, geometry);
    if prev_centred && centred {
        // A title wrapped over centred lines; a centred heading under it starts anew.
        return !heading::is_heading(&line.text) && !line.text.starts_with(['—', '（', '(']);
    }
    // A line set far to the right (a signature, the date under it) stands alone.
    let prev_far_right = prev.x0 > prev_geometry.left + 3.0 * prev.size.max(1.0);
    if prev_centred || centred || prev_short || prev_far_right || prev.gapped || line.gapped {
        return false;
    }
    let indented = line.x0 > geometry.left + 1.2 * em;
    if indented || line.x0 < geometry.left - 1.2 * em {
        return false;
    }
    // A numbered heading after a finished sentence; a line that merely starts with a number
    // inside a running sentence continues it.
    !(heading::is_heading(&line.text) && ends_sentence(&prev.text))
}

/// Marks a line may not begin with (行首禁则): a line that starts with one continues.
fn starts_with_closing_mark(text: &str) -> bool {
    text.starts_with([
        '》', '）', ')', '」', '』', '”', '’', '、', '，', '。', '；', '：', '！', '？', '%', '】',
    ])
}

fn ends_sentence(text: &str) -> bool {
    text.ends_with(['。', '！', '？', '；', '：', '.', '!', '?', ';', ':'])
}

/// A line set in the middle, with room on both sides: a title, a chapter heading, a date.
fn is_centred(line: &Line, geometry: ColumnGeometry) -> bool {
    let em = line.size.max(1.0);
    let left_room = line.x0 - geometry.left;
    let right_room = geometry.right - line.x1;
    left_room > 2.0 * em && right_room > 2.0 * em && (left_room - right_room).abs() < 1.5 * em
}

/// Appends a continuation line: no space between CJK characters (a line break is not a word
/// break in Chinese), one space between Latin words.
fn join_text(text: &mut String, next: &str) {
    let last = text.chars().last();
    let first = next.chars().next();
    if let (Some(a), Some(b)) = (last, first) {
        if a == '-' && text.len() > 1 && b.is_ascii_lowercase() {
            text.pop(); // a hyphenated English word
        } else if needs_space(a, b) {
            text.push(' ');
        }
    }
    text.push_str(next);
}

fn needs_space(a: char, b: char) -> bool {
    let latin = |c: char| c.is_ascii_alphanumeric() || matches!(c, ',' | ';' | ':' | '.' | ')');
    latin(a)
        && (b.is_ascii_alphanumeric() || b == '(')
        && !(a.is_ascii_digit() && b.is_ascii_digit())
}

/// The lines of one page: glyphs grouped by baseline, each line read left to right.
fn page_lines(number: u32, page: &Page) -> Vec<Line> {
    let mut glyphs: Vec<&Glyph> = page
        .glyphs
        .iter()
        .filter(|g| !g.ch.is_control() && g.size > 0.0)
        .filter(|g| g.x.is_finite() && g.y.is_finite())
        .collect();
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut rows: Vec<Vec<&Glyph>> = Vec::new();
    for g in glyphs {
        match rows.last_mut() {
            Some(row) if (g.y - row_baseline(row)).abs() <= 0.4 * g.size.max(row_size(row)) => {
                row.push(g)
            }
            _ => rows.push(vec![g]),
        }
    }
    for row in &mut rows {
        row.sort_by(|a, b| a.x.total_cmp(&b.x));
    }
    let rows: Vec<&Vec<&Glyph>> = rows.iter().collect();
    match gutters_of(&rows) {
        Some(gutters) => column_lines(number, &rows, &gutters, 0),
        None => rows.iter().filter_map(|row| line_of(number, row)).collect(),
    }
}

/// A gap between glyphs of one row at least this many ems wide may be a gutter.
const GUTTER_MIN_EMS: f32 = 1.5;

/// The x positions between text columns: gaps that many rows share at the same place, with
/// text on both sides (not the short cells of a table).
fn gutters_of(rows: &[&Vec<&Glyph>]) -> Option<Vec<f32>> {
    let mut gaps: Vec<(f32, f32)> = Vec::new();
    let mut pieces_left_and_right = 0usize;
    for row in rows {
        let pieces = split_at_gaps(row);
        for pair in pieces.windows(2) {
            let (left, right) = (pair[0], pair[1]);
            gaps.push((right_edge(left), right[0].x));
            if left.len() >= 6 && right.len() >= 6 {
                pieces_left_and_right += 1;
            }
        }
    }
    if rows.len() < 8 || gaps.len() < 5 {
        return None;
    }
    // Where the gaps of many rows overlap: every gap votes for its midpoint's neighbourhood.
    let needed = (rows.len() * 3 / 10).max(5);
    let mut found: Vec<f32> = Vec::new();
    for &(a, b) in &gaps {
        let mid = (a + b) / 2.0;
        let sharing = gaps.iter().filter(|&&(c, d)| c <= mid && mid <= d).count();
        if sharing >= needed && found.iter().all(|g| (g - mid).abs() > (b - a)) {
            found.push(mid);
        }
    }
    found.sort_by(f32::total_cmp);
    (!found.is_empty() && pieces_left_and_right >= needed).then_some(found)
}

fn right_edge(glyphs: &[&Glyph]) -> f32 {
    glyphs
        .iter()
        .map(|g| g.x + advance(g))
        .fold(f32::MIN, f32::max)
}

/// A row's glyphs in pieces, cut where a gap is wider than [`GUTTER_MIN_EMS`].
fn split_at_gaps<'a, 'g>(row: &'a [&'g Glyph]) -> Vec<&'a [&'g Glyph]> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut end = f32::MIN;
    for (i, g) in row.iter().enumerate() {
        if g.ch.is_whitespace() {
            continue;
        }
        // Spaces a file draws to indent a line (a contents page's 第X节) are not a piece of
        // their own: the first piece starts with them.
        if end > f32::MIN && g.x - end > GUTTER_MIN_EMS * g.size {
            pieces.push(&row[start..i]);
            start = i;
        }
        end = end.max(g.x + advance(g));
    }
    if start < row.len() {
        pieces.push(&row[start..]);
    }
    pieces
}

/// Lines of a page set in columns, in reading order: down each column of a band of rows, the
/// columns left to right. Rows across the gutters (a title over both columns, a part of the page
/// set in other columns) end the band and are laid out the same way on their own; `first` is the
/// first column number free for them.
fn column_lines(number: u32, rows: &[&Vec<&Glyph>], gutters: &[f32], first: usize) -> Vec<Line> {
    let column_of = |x: f32| gutters.iter().filter(|&&g| x > g).count();
    let across = first + gutters.len() + 1;
    let mut lines = Vec::new();
    let mut band: Vec<Vec<Line>> = vec![Vec::new(); gutters.len() + 1];
    let mut crossing: Vec<&Vec<&Glyph>> = Vec::new();
    let flush_band = |band: &mut Vec<Vec<Line>>, lines: &mut Vec<Line>| {
        for column in band.iter_mut() {
            lines.append(column);
        }
    };
    let flush_crossing = |crossing: &mut Vec<&Vec<&Glyph>>, lines: &mut Vec<Line>| {
        let nested = (first == 0).then(|| gutters_of(crossing)).flatten();
        match nested {
            Some(inner) => lines.extend(column_lines(number, crossing, &inner, across + 1)),
            None => lines.extend(crossing.iter().filter_map(|row| {
                line_of(number, row).map(|line| Line {
                    column: across,
                    ..line
                })
            })),
        }
        crossing.clear();
    };
    for &row in rows {
        let crosses = row.windows(2).any(|w| {
            let end = w[0].x + advance(w[0]);
            gutters.iter().any(|&g| {
                !w[0].ch.is_whitespace()
                    && ((w[0].x < g && end > g + 1.0)
                        || (end <= g && w[1].x > g && w[1].x - end < 0.5 * w[1].size))
            })
        });
        if crosses {
            flush_band(&mut band, &mut lines);
            crossing.push(row);
            continue;
        }
        flush_crossing(&mut crossing, &mut lines);
        let mut pieces: Vec<Vec<&Glyph>> = vec![Vec::new(); gutters.len() + 1];
        for g in row {
            pieces[column_of(g.x)].push(g);
        }
        for (column, piece) in pieces.iter().enumerate() {
            if let Some(mut line) = line_of(number, piece) {
                line.column = first + column;
                band[column].push(line);
            }
        }
    }
    flush_band(&mut band, &mut lines);
    flush_crossing(&mut crossing, &mut lines);
    lines
}

fn row_baseline(row: &[&Glyph]) -> f32 {
    row.first().map_or(0.0, |g| g.y)
}

fn row_size(row: &[&Glyph]) -> f32 {
    row.iter().map(|g| g.size).fold(0.0, f32::max)
}

/// One line's text from its glyphs, left to right. Letter-spacing of justified lines and the
/// gap a typesetter puts between Chinese and digits (2025 年) are not spaces; a space the file
/// draws is, and so is a gap between Latin words, or a wide gap (table columns, a name beside
/// a date).
fn line_of(page: u32, row: &[&Glyph]) -> Option<Line> {
    let first = row.iter().find(|g| !g.ch.is_whitespace())?;
    let mut text = String::new();
    let mut end = first.x;
    let mut last: Option<&Glyph> = None;
    let mut gapped = false;
    let mut space_drawn = false;
    let mut sizes: Vec<f32> = Vec::with_capacity(row.len());
    for &g in row {
        if g.ch.is_whitespace() {
            space_drawn = last.is_some();
            continue;
        }
        if let Some(prev) = last {
            // Fake bold and shadows draw the same glyph twice, slightly offset.
            if prev.ch == g.ch && (g.x - prev.x).abs() < 0.3 * g.size.max(prev.width) {
                continue;
            }
            let gap = g.x - end;
            let em = g.size.max(prev.size);
            let wide = gap > 2.5 * em;
            let word_gap = gap > 0.2 * em && needs_space_by_gap(prev.ch, g.ch);
            if wide || word_gap || (space_drawn && gap > 0.15 * em) {
                text.push(' ');
            }
            gapped |= wide;
        }
        space_drawn = false;
        text.push(ideograph_of(g.ch));
        sizes.push(g.size);
        end = end.max(g.x + advance(g));
        last = Some(g);
    }
    sizes.sort_by(f32::total_cmp);
    let size = sizes[sizes.len() / 2];
    Some(Line {
        page,
        text,
        x0: first.x,
        x1: end,
        y: row.iter().map(|g| g.y).fold(f32::MIN, f32::max),
        size,
        gapped,
        column: 0,
    })
}

/// CJK radicals that stand for whole characters, as fonts share one glyph between 长 and ⻓
/// and a PDF's ToUnicode map may name the radical (Chrome and Skia do): the character they stand
/// for (Unicode's EquivalentUnifiedIdeograph). Kangxi radicals (U+2F00…) decompose by NFKC.
const RADICALS: &[(char, char)] = &[
    ('⺁', '厂'),
    ('⺊', '卜'),
    ('⺖', '忄'),
    ('⺘', '扌'),
    ('⺝', '月'),
    ('⺟', '母'),
    ('⺠', '民'),
    ('⺣', '灬'),
    ('⺩', '王'),
    ('⺶', '羊'),
    ('⺹', '耂'),
    ('⺼', '肉'),
    ('⺾', '艹'),
    ('⻄', '西'),
    ('⻅', '见'),
    ('⻆', '角'),
    ('⻈', '讠'),
    ('⻉', '贝'),
    ('⻋', '车'),
    ('⻌', '辶'),
    ('⻏', '阝'),
    ('⻐', '钅'),
    ('⻑', '長'),
    ('⻓', '长'),
    ('⻔', '门'),
    ('⻖', '阝'),
    ('⻘', '青'),
    ('⻙', '韦'),
    ('⻚', '页'),
    ('⻛', '风'),
    ('⻜', '飞'),
    ('⻝', '食'),
    ('⻟', '飠'),
    ('⻠', '饣'),
    ('⻢', '马'),
    ('⻣', '骨'),
    ('⻤', '鬼'),
    ('⻥', '鱼'),
    ('⻦', '鸟'),
    ('⻧', '卤'),
    ('⻨', '麦'),
    ('⻩', '黄'),
    ('⻪', '黾'),
    ('⻬', '齐'),
    ('⻮', '齿'),
    ('⻰', '龙'),
    ('⻳', '龟'),
];

fn ideograph_of(ch: char) -> char {
    if text::is_radical_supplement(ch) {
        RADICALS
            .iter()
            .find(|(radical, _)| *radical == ch)
            .map_or(ch, |(_, ideograph)| *ideograph)
    } else if text::is_kangxi_radical(ch) {
        use unicode_normalization::UnicodeNormalization;
        std::iter::once(ch).nfkc().next().unwrap_or(ch)
    } else {
        ch
    }
}

fn advance(g: &Glyph) -> f32 {
    if g.width > 0.0 {
        g.width
    } else if g.ch.is_ascii() {
        g.size * 0.5
    } else {
        g.size
    }
}

fn needs_space_by_gap(a: char, b: char) -> bool {
    let wordy = |c: char| c.is_ascii_alphanumeric() || "%.,;:)(-/&'\"".contains(c);
    wordy(a) && wordy(b)
}

/// Margins and leading of body text: the leftmost edge that many lines share (continuation
/// lines; on a page of short paragraphs the indented first lines can outnumber them), the
/// right edge most lines reach, and the most common baseline distance.
fn measure(lines: &[&Line]) -> ColumnGeometry {
    let mut lefts: HashMap<i32, (usize, f32)> = HashMap::new();
    for l in lines {
        let entry = lefts
            .entry((l.x0 / 2.0).round() as i32)
            .or_insert((0, l.x0));
        entry.0 += 1;
        entry.1 = entry.1.min(l.x0);
    }
    let enough = (lines.len() * 15 / 100).max(2);
    let left = lefts
        .values()
        .filter(|(count, _)| *count >= enough)
        .map(|(_, x)| *x)
        .min_by(f32::total_cmp)
        .or_else(|| mode(lines.iter().map(|l| l.x0)))
        .unwrap_or(0.0);
    let mut rights: Vec<f32> = lines.iter().map(|l| l.x1).collect();
    rights.sort_by(f32::total_cmp);
    let right = rights
        .get(rights.len().saturating_sub(1) * 9 / 10)
        .copied()
        .unwrap_or(0.0);
    let gaps = lines.windows(2).filter_map(|w| {
        let d = w[1].y - w[0].y;
        (w[0].page == w[1].page && d > 0.0 && d < 4.0 * w[1].size).then_some(d)
    });
    let leading = mode(gaps).unwrap_or(0.0);
    ColumnGeometry {
        left,
        right,
        leading,
    }
}

/// The most common value, in buckets of 2 points; ties go to the smaller value.
fn mode(values: impl Iterator<Item = f32>) -> Option<f32> {
    let mut counts: HashMap<i32, (usize, f32)> = HashMap::new();
    for v in values {
        let entry = counts.entry((v / 2.0).round() as i32).or_insert((0, v));
        entry.0 += 1;
        entry.1 = entry.1.min(v);
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.0.cmp(&a.0)))
        .map(|(_, (_, v))| v)
}

/// Lines at the top or bottom of a page that are not body text: page numbers, and running
/// headers and footers (the same words, numbers aside, on several pages). A line is a candidate
/// when it stands in the page's top or bottom band, or is among its first or last lines.
fn drop_furniture(lines: &mut [Vec<Line>], pages: &[Page]) {
    const EDGE_LINES: usize = 2;
    let in_band = |line: &Line, page: &Page| {
        // Running headers sit above the type area and page numbers below it (GB/T 9704: a
        // 37 mm top margin, page numbers 7 mm under the last line).
        let height = page.height.max(1.0);
        line.y < 0.1 * height || line.y > 0.9 * height
    };
    let candidate = |i: usize, n: usize, line: &Line, page: &Page| {
        i < EDGE_LINES || i + EDGE_LINES >= n || in_band(line, page)
    };
    let mut repeats: HashMap<String, usize> = HashMap::new();
    for (page_lines, page) in lines.iter().zip(pages) {
        let n = page_lines.len();
        let mut seen = std::collections::HashSet::new();
        for (i, line) in page_lines.iter().enumerate() {
            let key = furniture_key(&line.text);
            if candidate(i, n, line, page) && seen.insert(key.clone()) {
                *repeats.entry(key).or_default() += 1;
            }
        }
    }
    let min_repeats = (lines.len() / 3).max(2);
    for (page_lines, page) in lines.iter_mut().zip(pages) {
        let n = page_lines.len();
        let mut index = 0;
        page_lines.retain(|line| {
            let i = index;
            index += 1;
            if !candidate(i, n, line, page) {
                return true;
            }
            let banded = in_band(line, page);
            if is_page_number(&line.text) && (banded || i == 0 || i + 1 == n) {
                return false;
            }
            let repeated = repeats
                .get(&furniture_key(&line.text))
                .is_some_and(|&c| c >= min_repeats);
            !(repeated && banded && line.text.chars().count() <= 80)
        });
    }
}

/// A line's text with digits folded, so that "第3页" and "第4页" are the same running footer.
fn furniture_key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// — 3 —, - 3 -, –– 1 ––, 第3页, 第 3 页 共 10 页, 3/47, 3 / 47, Page 3, a bare number.
pub fn is_page_number(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let dashes = |c: char| matches!(c, '-' | '—' | '–' | '―' | '－' | '─' | '·' | '•');
    let core = t.trim_matches(dashes);
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    if digits(core) {
        return true;
    }
    let roman =
        |s: &str| !s.is_empty() && s.len() <= 5 && s.chars().all(|c| "ivxlcIVXLC".contains(c));
    if roman(core) && core.len() == t.len() {
        return true;
    }
    if let Some((a, b)) = core.split_once('/') {
        return digits(a) && digits(b);
    }
    let lower = core.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("page") {
        let rest = rest.split("of").next().unwrap_or("");
        return digits(rest);
    }
    if let Some(rest) = core.strip_prefix('第') {
        let (n, tail) = rest.split_once('页').unwrap_or(("", ""));
        let total_ok = tail.is_empty()
            || tail
                .strip_prefix(['共', '/'])
                .and_then(|s| s.strip_suffix('页'))
                .is_some_and(digits);
        return digits(n) && total_ok;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyphs of a line set from `x` at baseline `y`, one em per CJK character.
    fn line(text: &str, x: f32, y: f32, size: f32) -> Vec<Glyph> {
        let mut glyphs = Vec::new();
        let mut at = x;
        for ch in text.chars() {
            let width = if ch.is_ascii() { size / 2.0 } else { size };
            glyphs.push(Glyph {
                ch,
                x: at,
                y,
                width,
                size,
            });
            at += width;
        }
        glyphs
    }

    /// An A4 page whose body lines run from x=90 to 90+26 em at 16 pt, 28 pt apart from y=120.
    fn page(lines: &[(&str, f32)]) -> Page {
        let mut glyphs = Vec::new();
        for (i, (text, indent)) in lines.iter().enumerate() {
            glyphs.extend(line(
                text,
                90.0 + indent * 16.0,
                120.0 + i as f32 * 28.0,
                16.0,
            ));
        }
        Page {
            width: 595.0,
            height: 842.0,
            glyphs,
        }
    }

    /// A full line: 26 characters.
    const FULL: &str = "为深入贯彻落实党中央国务院决策部署加快建设现代化产业";

    fn texts(blocks: &[Block]) -> Vec<&str> {
        blocks.iter().map(|b| b.text.as_str()).collect()
    }

    #[test]
    fn lines_of_a_paragraph_join_and_an_indent_starts_the_next() {
        let full = FULL;
        let first = &full[..full.char_indices().nth(24).unwrap().0];
        let p = page(&[
            (first, 2.0),
            (full, 0.0),
            ("到2025年。", 0.0),
            (first, 2.0),
            ("完成目标。", 0.0),
            (full, 0.0),
            (full, 0.0),
        ]);
        let blocks = paragraphs(&[p]);
        assert_eq!(
            texts(&blocks),
            [
                format!("{first}{full}到2025年。"),
                format!("{first}完成目标。"),
                format!("{full}{full}"),
            ]
        );
        assert!(blocks.iter().all(|b| b.page == Some(1)));
    }

    #[test]
    fn shuffled_draw_order_reads_by_position_and_spacing_is_not_text() {
        let mut glyphs = line("关于印发方案的通知", 200.0, 100.0, 22.0);
        // "2025 年": an autospace gap between digits and 年; letter-spaced 通  知.
        let mut date = line("2025", 90.0, 200.0, 16.0);
        date.extend(line("年工作要点", 90.0 + 32.0 + 4.0, 200.0, 16.0));
        glyphs.extend(date);
        glyphs.reverse();
        let blocks = paragraphs(&[Page {
            width: 595.0,
            height: 842.0,
            glyphs,
        }]);
        assert_eq!(texts(&blocks), ["关于印发方案的通知", "2025年工作要点"]);
    }

    #[test]
    fn page_numbers_and_running_headers_are_dropped_and_paragraphs_cross_pages() {
        let mut pages = Vec::new();
        for n in 1..=3 {
            let mut p = page(&[(FULL, 2.0), (FULL, 0.0)]);
            p.glyphs
                .extend(line("某市人民政府办公室文件", 200.0, 40.0, 10.5));
            p.glyphs
                .extend(line(&format!("— {n} —"), 280.0, 800.0, 14.0));
            pages.push(p);
        }
        let blocks = paragraphs(&pages);
        assert_eq!(blocks.len(), 3, "{:?}", texts(&blocks));
        assert!(blocks
            .iter()
            .all(|b| !b.text.contains('—') && !b.text.contains("办公室文件")));
        assert_eq!(
            blocks.iter().map(|b| b.page).collect::<Vec<_>>(),
            [Some(1), Some(2), Some(3)]
        );
    }

    #[test]
    fn a_heading_and_a_centred_title_are_paragraphs_of_their_own() {
        let mut p = page(&[("", 0.0), ("一、总体要求", 2.0), (FULL, 2.0), (FULL, 0.0)]);
        p.glyphs.extend(line("第一章 总则", 250.0, 72.0, 16.0));
        let blocks = paragraphs(&[p]);
        assert_eq!(texts(&blocks)[..2], ["第一章 总则", "一、总体要求"]);
    }

    #[test]
    fn two_columns_are_read_down_each_column_under_a_title_across_both() {
        let left = [
            "数字档案室建设是一项关",
            "系到档案信息化改革发展",
            "的系统工程，涉及部门多。",
        ];
        let right = [
            "海关总署通过多年档案信",
            "息化建设，基本实现了档",
            "案信息管理的过渡目标。",
        ];
        let mut glyphs = line("建设新时代海关数字档案室", 200.0, 80.0, 16.0);
        // Rows drawn left to right across both columns, as a naive reader would join them.
        for i in 0..9 {
            let y = 120.0 + i as f32 * 20.0;
            glyphs.extend(line(left[i % 3], 60.0, y, 12.0));
            glyphs.extend(line(right[i % 3], 320.0, y, 12.0));
        }
        let blocks = paragraphs(&[Page {
            width: 595.0,
            height: 842.0,
            glyphs,
        }]);
        let texts = texts(&blocks);
        assert_eq!(texts[0], "建设新时代海关数字档案室");
        let whole_left = left.concat().repeat(3);
        let whole_right = right.concat().repeat(3);
        let body: String = texts[1..].concat();
        assert_eq!(body, format!("{whole_left}{whole_right}"), "{texts:?}");
    }

    #[test]
    fn lines_indented_with_drawn_spaces_are_not_columns() {
        // A contents page whose levels are indented by space glyphs: the spaces before 第 are
        // no text column of their own, so the page has no gutter after them.
        let entries = [
            "　　第一章  基本规定",
            "　　第二章  自 然 人",
            "　　      第一节  民事权利能力和民事行为能力",
            "　　      第二节  监    护",
            "　　      第三节  宣告失踪和宣告死亡",
            "　　第三章  法    人",
            "　　      第一节  一般规定",
            "　　      第二节  营利法人",
            "　　      第三节  非营利法人",
            "　　      第四节  特别法人",
            "　　第四章  非法人组织",
            "　　第五章  民事权利",
        ];
        let mut glyphs = Vec::new();
        for (i, entry) in entries.iter().enumerate() {
            glyphs.extend(line(entry, 90.0, 100.0 + i as f32 * 31.0, 14.0));
        }
        let blocks = paragraphs(&[Page {
            width: 595.0,
            height: 842.0,
            glyphs,
        }]);
        let texts = texts(&blocks);
        let squeezed = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert_eq!(
            squeezed(&texts.concat()),
            squeezed(&entries.concat()),
            "read row by row, not the 第s first: {texts:?}"
        );
        assert!(texts.iter().all(|t| t.starts_with('第')), "{texts:?}");
    }

    #[test]
    fn radicals_that_stand_for_characters_are_those_characters() {
        let blocks = paragraphs(&[Page {
            width: 595.0,
            height: 842.0,
            glyphs: line("⻓三角⼀体化⺠⽣", 90.0, 120.0, 16.0),
        }]);
        assert_eq!(blocks[0].text, "长三角一体化民生");
    }

    #[test]
    fn page_number_shapes() {
        for t in [
            "— 3 —",
            "- 12 -",
            "––1––",
            "第3页",
            "第 3 页 共 10 页",
            "3/47",
            "7",
            "Page 4",
        ] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["2025年", "一、总则", "第三条", "3.5%", "第3条"] {
            assert!(!is_page_number(t), "{t}");
        }
    }
}
