//! The counters Word advances through a document's lists, and a level's number text rendered
//! from them ("%1.%2" → "3.1"): what both Word readers do once they know a paragraph's list and
//! level. When a count restarts (a list override's start, a deeper level after a shallower
//! one) is each format's own rule; the readers decide it and tell the counters.

use super::format::{format_number, NumFormat};

/// Word allows nine list levels (`w:ilvl` in DOCX, `ilvl` in DOC: 0–8).
pub(crate) const LEVELS: usize = 9;

/// A counter's value. The readers count in the width their format stores starts in (DOC an
/// i32, DOCX parsed as i64), and a count saturates at that width as it always has.
pub(crate) trait Count: Copy {
    /// The number after `self`.
    fn next(self) -> Self;
}

impl Count for i32 {
    fn next(self) -> Self {
        self.saturating_add(1)
    }
}

impl Count for i64 {
    fn next(self) -> Self {
        self.saturating_add(1)
    }
}

/// The counters of one list: the last number printed at each level, `None` for a level not
/// started or restarted. Levels past [`LEVELS`] are never counted.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Counters<T> {
    values: [Option<T>; LEVELS],
}

impl<T: Count> Counters<T> {
    /// The last number printed at `level`, if it has been counted since it (re)started.
    pub(crate) fn get(&self, level: usize) -> Option<T> {
        self.values.get(level).copied().flatten()
    }

    /// Sets what `level` last printed: `None` restarts it at its start.
    pub(crate) fn set(&mut self, level: usize, value: Option<T>) {
        if let Some(slot) = self.values.get_mut(level) {
            *slot = value;
        }
    }

    /// Counts one paragraph at `level`: the number after the last one printed there, or `start`
    /// when the level (re)starts.
    pub(crate) fn advance(&mut self, level: usize, start: T) -> T {
        let value = match self.get(level) {
            Some(previous) => previous.next(),
            None => start,
        };
        self.set(level, Some(value));
        value
    }

    /// Restarts the levels below `level` for which `restarts` says so.
    pub(crate) fn restart_below(&mut self, level: usize, restarts: impl Fn(usize) -> bool) {
        for (k, counter) in self.values.iter_mut().enumerate().skip(level + 1) {
            if restarts(k) {
                *counter = None;
            }
        }
    }
}

/// One piece of a level's number text: a character printed as it is, or the number of a level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Piece {
    Literal(char),
    Level(usize),
}

impl Piece {
    /// DOCX `w:lvlText`: `%1`…`%9` stand for the numbers of levels 0–8; any other `%` is printed.
    pub(crate) fn parse_lvl_text(text: &str) -> Vec<Piece> {
        let mut pieces = Vec::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            let placeholder = match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(d @ 1..=9)) => usize::try_from(d - 1).ok(),
                _ => None,
            };
            match placeholder {
                Some(k) => {
                    chars.next();
                    pieces.push(Piece::Level(k));
                }
                None => pieces.push(Piece::Literal(c)),
            }
        }
        pieces
    }

    /// A DOC LVL's number text: UTF-16 units, where a unit below 9 stands for the number of that
    /// level; each other unit is one character (a lone surrogate prints as U+FFFD).
    pub(crate) fn parse_xst(units: &[u16]) -> Vec<Piece> {
        units
            .iter()
            .flat_map(|&unit| -> Vec<Piece> {
                if unit < 9 {
                    vec![Piece::Level(usize::from(unit))]
                } else {
                    char::decode_utf16([unit])
                        .map(|c| Piece::Literal(c.unwrap_or('\u{FFFD}')))
                        .collect()
                }
            })
            .collect()
    }
}

/// A level's number text with each level's number in place: `number(k)` gives level k's value
/// and format, or `None` to leave that placeholder out.
pub(crate) fn render(
    pieces: &[Piece],
    mut number: impl FnMut(usize) -> Option<(i64, NumFormat)>,
) -> String {
    let mut label = String::new();
    for piece in pieces {
        match *piece {
            Piece::Literal(c) => label.push(c),
            Piece::Level(k) => {
                if let Some((value, format)) = number(k) {
                    label.push_str(&format_number(value, format));
                }
            }
        }
    }
    label
}

/// Adds the space Word prints after a label (where the level has a tab or space after its
/// number), when the label would otherwise run into the text: a label that ends in punctuation
/// of its own (1. 一、 （一）) needs none.
pub(crate) fn add_suffix(label: &mut String, suffix: bool) {
    if suffix && label.chars().last().is_some_and(char::is_alphanumeric) {
        label.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_level_counts_on_from_its_start_and_deeper_levels_restart() {
        let mut counters = Counters::<i64>::default();
        assert_eq!(counters.advance(0, 1), 1);
        assert_eq!(counters.advance(1, 1), 1);
        assert_eq!(counters.advance(1, 1), 2);
        assert_eq!(counters.advance(0, 1), 2);
        counters.restart_below(0, |_| true);
        assert_eq!(counters.get(1), None);
        assert_eq!(counters.advance(1, 1), 1);
        assert_eq!(counters.advance(LEVELS, 5), 5);
        assert_eq!(counters.get(LEVELS), None);
    }

    #[test]
    fn counts_saturate_at_their_width() {
        let mut counters = Counters::<i32>::default();
        counters.set(0, Some(i32::MAX));
        assert_eq!(counters.advance(0, 1), i32::MAX);
    }

    #[test]
    fn number_texts_of_both_formats_render_alike() {
        let docx = Piece::parse_lvl_text("%1.%2%");
        let doc = Piece::parse_xst(&[0, u16::from(b'.'), 1, u16::from(b'%')]);
        assert_eq!(docx, doc);
        let label = render(&docx, |k| Some((k as i64 + 3, NumFormat::Decimal)));
        assert_eq!(label, "3.4%");
        let mut label = render(&[Piece::Level(0)], |_| Some((2, NumFormat::Decimal)));
        add_suffix(&mut label, true);
        assert_eq!(label, "2 ");
    }
}
