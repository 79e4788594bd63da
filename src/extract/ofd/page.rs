//! Page content.

use super::bounds::{MAX_GLYPHS, MAX_NESTING, MAX_OBJECTS};
use super::package_xml::Element;
use super::units::UnitScope;
use crate::extract::geometry::Matrix;
use crate::extract::types::{ExtractError, Glyph, Limits};
use crate::text::is_wide;

/// Work shared by all pages of a document, bounded by [`MAX_OBJECTS`] and [`MAX_GLYPHS`].
#[derive(Default)]
pub(super) struct Work {
    pub(super) objects: u64,
    pub(super) glyphs: usize,
}

/// Walks one page's content, collecting its glyphs in draw order.
pub(super) struct Walker<'a> {
    pub(super) limits: &'a Limits,
    pub(super) work: &'a mut Work,
    pub(super) glyphs: Vec<Glyph>,
}

impl Walker<'_> {
    /// Draws the objects of a Content, Layer, PageBlock or composite unit's Content, whose
    /// coordinates `to_page` maps to page points.
    pub(super) fn walk_block(
        &mut self,
        block: &Element,
        to_page: Matrix,
        units: &UnitScope,
        depth: usize,
    ) -> Result<(), ExtractError> {
        if depth > MAX_NESTING {
            return Ok(());
        }
        for object in block.elements() {
            self.work.objects += 1;
            if self.work.objects.is_multiple_of(1024) {
                self.limits.check()?;
            }
            if self.work.objects > MAX_OBJECTS {
                return Err(ExtractError::TooLarge(format!(
                    "more than {MAX_OBJECTS} objects to draw"
                )));
            }
            match object.name.as_str() {
                "Layer" | "PageBlock" => self.walk_block(object, to_page, units, depth + 1)?,
                "TextObject" => self.text_object(object, to_page)?,
                "CompositeObject" => {
                    // The unit's content is in the unit's own coordinates, which the object's
                    // CTM maps into its Boundary.
                    let content = object
                        .attr("ResourceID")
                        .and_then(|id| units.get(id.trim()))
                        .and_then(|unit| unit.child("Content"));
                    if let Some(content) = content {
                        let to_page = object_matrix(object).then(to_page);
                        self.walk_block(content, to_page, units, depth + 1)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    pub(super) fn text_object(
        &mut self,
        object: &Element,
        to_page: Matrix,
    ) -> Result<(), ExtractError> {
        let Some(size) = object
            .attr("Size")
            .and_then(parse_number)
            .filter(|size| *size > 0.0)
        else {
            return Ok(());
        };
        // CharDirection turns each glyph; such glyphs are not upright.
        let char_direction = object
            .attr("CharDirection")
            .and_then(parse_number)
            .unwrap_or(0.0);
        if char_direction.rem_euclid(360.0) != 0.0 {
            return Ok(());
        }
        let to_page = object_matrix(object).then(to_page);
        // OFD's page space has y down, as text's own: upright text keeps d positive.
        if !(to_page.is_level() && to_page.d > 0.0) {
            return Ok(());
        }
        let h_scale = object
            .attr("HScale")
            .and_then(parse_number)
            .filter(|scale| *scale > 0.0)
            .unwrap_or(1.0);
        let x_scale = to_page.a.hypot(to_page.b);
        let glyph_size = (size * to_page.c.hypot(to_page.d)) as f32;

        // A TextCode without X or Y takes the previous TextCode's value (GB/T 33190 table 46).
        let (mut origin_x, mut origin_y) = (0.0, 0.0);
        for code in object.children_named("TextCode") {
            if let Some(x) = code.attr("X").and_then(parse_number) {
                origin_x = x;
            }
            if let Some(y) = code.attr("Y").and_then(parse_number) {
                origin_y = y;
            }
            let text = code.text();
            let count = text.chars().count();
            // One delta between each pair of glyphs; some producers add the last glyph's
            // advance, which then gives its width.
            let delta_x = code
                .attr("DeltaX")
                .map(|spec| parse_deltas(spec, count))
                .unwrap_or_default();
            let delta_y = code
                .attr("DeltaY")
                .map(|spec| parse_deltas(spec, count))
                .unwrap_or_default();
            let (mut x, mut y) = (origin_x, origin_y);
            for (i, ch) in text.chars().enumerate() {
                let default_advance = size * h_scale * estimated_em_width(ch);
                // With fewer deltas than glyphs, the last delta repeats.
                let dx = delta_x
                    .get(i)
                    .or(delta_x.last())
                    .copied()
                    .unwrap_or(default_advance);
                let dy = delta_y.get(i).or(delta_y.last()).copied().unwrap_or(0.0);
                let advance = if i + 1 < count || i < delta_x.len() {
                    dx
                } else {
                    default_advance
                };
                // Vertical text steps by DeltaY alone: its glyphs are as wide as their size.
                let advance = if advance > 0.0 {
                    advance
                } else {
                    default_advance
                };
                if let Some(ch) = clean_char(ch) {
                    let (page_x, page_y) = to_page.apply(x, y);
                    if page_x.is_finite() && page_y.is_finite() {
                        self.push(Glyph {
                            ch,
                            x: page_x as f32,
                            y: page_y as f32,
                            width: (advance * x_scale) as f32,
                            size: glyph_size,
                        })?;
                    }
                }
                x += dx;
                y += dy;
            }
        }
        Ok(())
    }

    pub(super) fn push(&mut self, glyph: Glyph) -> Result<(), ExtractError> {
        self.work.glyphs += 1;
        if self.work.glyphs > MAX_GLYPHS {
            return Err(ExtractError::TooLarge(format!(
                "more than {MAX_GLYPHS} glyphs"
            )));
        }
        self.glyphs.push(glyph);
        Ok(())
    }
}

/// Maps a graphic object's own coordinates to its parent's: first its CTM, then the offset of
/// its Boundary.
pub(super) fn object_matrix(object: &Element) -> Matrix {
    let ctm = object
        .attr("CTM")
        .and_then(|ctm| match parse_numbers(ctm)[..] {
            [a, b, c, d, e, f] => Some(Matrix { a, b, c, d, e, f }),
            _ => None,
        })
        .unwrap_or(Matrix::IDENTITY);
    let (x, y) = match object.attr("Boundary").map(parse_numbers).as_deref() {
        Some([x, y, ..]) => (*x, *y),
        _ => (0.0, 0.0),
    };
    ctm.then(Matrix::translate(x, y))
}

/// What a TextCode character becomes on the page: whitespace is a space (except the
/// ideographic space, which keeps its width and meaning), other control characters are dropped.
pub(super) fn clean_char(ch: char) -> Option<char> {
    if ch == '\u{3000}' {
        Some(ch)
    } else if ch.is_whitespace() {
        Some(' ')
    } else if ch.is_control() {
        None
    } else {
        Some(ch)
    }
}

/// A glyph's advance in ems when the file does not give it (the last glyph of a TextCode):
/// CJK glyphs are square, capitals and some letters wider than half an em.
pub(super) fn estimated_em_width(ch: char) -> f64 {
    if is_wide(ch) {
        1.0
    } else if ch.is_ascii_uppercase() || matches!(ch, 'm' | 'w' | '%' | '@') {
        0.72
    } else if matches!(
        ch,
        'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '!' | '|'
    ) {
        0.28
    } else {
        0.5
    }
}

/// Parses a DeltaX/DeltaY list, where "g n v" stands for v repeated n times, into at most
/// `count` values (a huge n costs no more than the glyphs it can apply to).
pub(super) fn parse_deltas(spec: &str, count: usize) -> Vec<f64> {
    let mut deltas = Vec::new();
    let mut tokens = spec.split_ascii_whitespace();
    while deltas.len() < count {
        let Some(token) = tokens.next() else {
            break;
        };
        if token == "g" {
            let repeat = tokens.next().and_then(parse_number);
            let value = tokens.next().and_then(parse_number);
            let (Some(repeat), Some(value)) = (repeat, value) else {
                break;
            };
            let room = count - deltas.len();
            let repeat = if repeat >= room as f64 {
                room
            } else if repeat >= 0.0 {
                repeat as usize
            } else {
                0
            };
            deltas.extend(std::iter::repeat_n(value, repeat));
        } else if let Some(value) = parse_number(token) {
            deltas.push(value);
        } else {
            break;
        }
    }
    deltas
}

pub(super) fn parse_number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

pub(super) fn parse_numbers(text: &str) -> Vec<f64> {
    text.split_ascii_whitespace()
        .map_while(parse_number)
        .collect()
}
