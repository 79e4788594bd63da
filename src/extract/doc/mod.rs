//! Word 97–2003 binary documents (.doc) and Kingsoft WPS Writer files (.wps), which are the same
//! format ([MS-DOC]) with an extra `WpsCustomData` stream.
//!
//! The text of a Word file is not stored in reading order: the piece table (CLX) in the table
//! stream maps character positions (CPs) to byte ranges of the WordDocument stream, and
//! fast-saved files (most WPS files) append edits as new pieces. Paragraph properties (tables,
//! list numbering) and character properties (deleted revisions) live in FKP pages keyed by
//! stream offset (FC), so each character is read with its FC and looked up there.

use super::types::*;
use std::io::Cursor;

mod builder;
mod bytes;
mod lists;
mod pieces;
mod properties;
mod sprms;
mod streams;
#[cfg(test)]
mod tests;

use builder::*;
use lists::*;
use pieces::*;
use properties::*;
use sprms::*;
use streams::*;

/// Reads the main document's paragraphs and table rows, and the summary properties.
///
/// Blocks carry no page: a Word file does not record where pages break.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<Flow, ExtractError> {
    let mut container = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| corrupt(format!("compound file: {e}")))?;
    if !container.is_stream("/WordDocument") {
        return Err(ExtractError::Unsupported("not a Word document".into()));
    }
    let mut budget = Budget(limits.max_inflated_bytes);
    let word = read_stream(&mut container, "/WordDocument", &mut budget)?;
    let fib = Fib::parse(&word)?;
    let table_name = if fib.table_is_1 { "/1Table" } else { "/0Table" };
    if !container.is_stream(table_name) {
        return Err(corrupt(format!("no {} stream", &table_name[1..])));
    }
    let table = read_stream(&mut container, table_name, &mut budget)?;
    let properties = read_properties(&mut container, &mut budget);

    let clx = Clx::parse(&table, fib.clx)?;
    // The decoded text costs about as much memory as its stored form: count it against the budget.
    let text_bytes = clx.pieces.iter().fold(0u64, |sum, piece| {
        let chars = u64::from(
            piece
                .cp_end
                .min(fib.ccp_text)
                .saturating_sub(piece.cp_start),
        );
        sum.saturating_add(chars.saturating_mul(piece.char_width()))
    });
    budget.spend(text_bytes)?;

    let document = Document {
        word: &word,
        papx_bins: BinTable::parse(&table, fib.plcf_bte_papx),
        chpx_bins: BinTable::parse(&table, fib.plcf_bte_chpx),
        style_lists: style_lists(&table, fib.stshf),
    };
    let mut builder = Builder::new(ListTables::parse(&table, fib.plf_lst, fib.plf_lfo));
    let mut runs = RunCursor::default();
    for piece in &clx.pieces {
        limits.check()?;
        let end = piece.cp_end.min(fib.ccp_text);
        if piece.cp_start >= end {
            continue;
        }
        let width = piece.char_width();
        let first_fc = u64::from(piece.fc);
        let last_fc = first_fc + u64::from(end - piece.cp_start) * width;
        if last_fc > word.len() as u64 || last_fc > u64::from(u32::MAX) {
            return Err(corrupt("a text piece lies beyond the WordDocument stream"));
        }
        let prm = clx.prm_grpprl(piece.prm);
        let piece_deleted = prm.as_deref().is_some_and(is_deleted_run);
        for index in 0..u64::from(end - piece.cp_start) {
            if index % 65536 == 65535 {
                limits.check()?;
            }
            // In range: checked against the stream length above, and below u32::MAX.
            let fc = (first_fc + index * width) as usize;
            let unit = if width == 1 {
                compressed_char(word[fc])
            } else {
                u16::from_le_bytes([word[fc], word[fc + 1]])
            };
            let fc = fc as u32;
            if piece_deleted || runs.is_deleted(&document, fc) {
                continue;
            }
            match unit {
                0x0D | 0x07 => {
                    let mut props = document.paragraph_props(fc);
                    if let (Some(props), Some(grpprl)) = (props.as_mut(), prm.as_deref()) {
                        props.apply(grpprl);
                    }
                    if unit == 0x0D {
                        builder.end_paragraph(props.unwrap_or_default());
                    } else {
                        builder.end_cell(props);
                    }
                    limits.check()?;
                }
                _ => builder.push(unit),
            }
        }
    }
    builder.finish();
    Ok(Flow {
        blocks: builder.blocks,
        properties,
    })
}
