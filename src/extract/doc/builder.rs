//! The character stream into blocks.

use super::lists::ListTables;
use super::sprms::{fkp_entry, is_deleted_run, Document, FkpKind, ParaProps};
use crate::extract::types::{Block, BlockKind, CELL_SEPARATOR};

/// The character run last looked up: characters come in FC order within a piece, so one
/// lookup serves a whole run.
#[derive(Default)]
pub(super) struct RunCursor {
    pub(super) start: u32,
    pub(super) end: u32,
    pub(super) deleted: bool,
}

impl RunCursor {
    pub(super) fn is_deleted(&mut self, document: &Document, fc: u32) -> bool {
        if fc < self.start || fc >= self.end {
            let entry = document
                .chpx_bins
                .page_for(fc)
                .and_then(|page| fkp_entry(document.word, page, FkpKind::Chpx, fc));
            (self.start, self.end, self.deleted) = match entry {
                Some((start, end, grpprl)) => (start, end, is_deleted_run(grpprl)),
                None => (fc, fc.saturating_add(1), false),
            };
        }
        self.deleted
    }
}

/// Turns the character stream into blocks: paragraphs, table rows, fields.
pub(super) struct Builder {
    pub(super) blocks: Vec<Block>,
    /// The current paragraph's text.
    pub(super) paragraph: Vec<u16>,
    /// Earlier paragraphs of the current table cell.
    pub(super) cell: String,
    /// Finished cells of the current table row.
    pub(super) cells: Vec<String>,
    /// Open fields, innermost last: whether the field's result has begun.
    pub(super) fields: Vec<bool>,
    /// How many open fields are still in their instructions (whose text is not shown).
    pub(super) fields_in_instructions: usize,
    /// The last character was a cell mark: a guess at row ends for files without PAPX.
    pub(super) after_cell_mark: bool,
    pub(super) lists: ListTables,
}

impl Builder {
    pub(super) fn new(lists: ListTables) -> Builder {
        Builder {
            blocks: Vec::new(),
            paragraph: Vec::new(),
            cell: String::new(),
            cells: Vec::new(),
            fields: Vec::new(),
            fields_in_instructions: 0,
            after_cell_mark: false,
            lists,
        }
    }

    /// Any character but a paragraph or cell mark.
    pub(super) fn push(&mut self, unit: u16) {
        self.after_cell_mark = false;
        match unit {
            0x13 => {
                self.fields.push(false);
                self.fields_in_instructions += 1;
            }
            0x14 => {
                if let Some(in_result) = self.fields.last_mut() {
                    if !*in_result {
                        *in_result = true;
                        self.fields_in_instructions -= 1;
                    }
                }
            }
            0x15 => {
                if self.fields.pop() == Some(false) {
                    self.fields_in_instructions -= 1;
                }
            }
            _ if self.fields_in_instructions > 0 => {}
            // Page, section and column breaks end a paragraph; no numbering is applied there,
            // so a numbered paragraph split by a break gets its number on the last part.
            0x0C | 0x0E => {
                if self.cells.is_empty() && self.cell.is_empty() {
                    let text = take_text(&mut self.paragraph);
                    self.emit(text, BlockKind::Paragraph);
                } else {
                    self.paragraph.push(u16::from(b' '));
                }
            }
            0x0B => self.paragraph.push(u16::from(b' ')),
            0x09 => self.paragraph.push(0x09),
            0x1E => self.paragraph.push(u16::from(b'-')),
            // Pictures, drawn objects, note references, the optional hyphen, other controls.
            0x00..=0x1F => {}
            _ => self.paragraph.push(unit),
        }
    }

    pub(super) fn end_paragraph(&mut self, props: ParaProps) {
        self.after_cell_mark = false;
        let text = self.numbered_text(props);
        if props.in_table {
            join_into(&mut self.cell, &text);
        } else {
            self.end_row();
            self.emit(text, BlockKind::Paragraph);
        }
    }

    /// A \x07: the end of a cell, or of a row when the properties say so (or, without
    /// properties, when it directly follows another cell mark).
    pub(super) fn end_cell(&mut self, props: Option<ParaProps>) {
        let row_end = match props {
            Some(props) => props.row_end,
            None => self.after_cell_mark,
        };
        let text = self.numbered_text(props.unwrap_or_default());
        let mut cell = std::mem::take(&mut self.cell);
        join_into(&mut cell, &text);
        if row_end {
            if !cell.is_empty() {
                self.cells.push(cell);
            }
            self.end_row();
        } else {
            self.cells.push(cell);
        }
        self.after_cell_mark = true;
    }

    pub(super) fn end_row(&mut self) {
        if !self.cell.is_empty() {
            let cell = std::mem::take(&mut self.cell);
            self.cells.push(cell);
        }
        if self.cells.is_empty() {
            return;
        }
        let cells = std::mem::take(&mut self.cells);
        if cells.iter().any(|cell| !cell.is_empty()) {
            self.emit(cells.join(CELL_SEPARATOR), BlockKind::TableRow);
        }
    }

    /// The paragraph's text with its list number in front (counted even when the text is empty).
    pub(super) fn numbered_text(&mut self, props: ParaProps) -> String {
        let number = self.lists.number(props.ilfo, props.ilvl);
        let text = take_text(&mut self.paragraph);
        match number {
            Some(number) if !text.is_empty() => number + &text,
            _ => text,
        }
    }

    pub(super) fn emit(&mut self, text: String, kind: BlockKind) {
        if !text.is_empty() {
            self.blocks.push(Block {
                text,
                page: None,
                kind,
            });
        }
    }

    pub(super) fn finish(&mut self) {
        let text = take_text(&mut self.paragraph);
        if self.cells.is_empty() && self.cell.is_empty() {
            self.emit(text, BlockKind::Paragraph);
        } else {
            join_into(&mut self.cell, &text);
            self.end_row();
        }
    }
}

/// The paragraph text gathered so far, trimmed, leaving the buffer empty.
pub(super) fn take_text(units: &mut Vec<u16>) -> String {
    let text = String::from_utf16_lossy(units);
    units.clear();
    text.trim().to_string()
}

/// Appends a cell's next paragraph, a space between paragraphs.
pub(super) fn join_into(cell: &mut String, text: &str) {
    if text.is_empty() {
        return;
    }
    if !cell.is_empty() {
        cell.push(' ');
    }
    cell.push_str(text);
}
