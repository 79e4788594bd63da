//! Word 97–2003 binary documents (.doc) and Kingsoft WPS Writer files (.wps), which are the same
//! format ([MS-DOC]) with an extra `WpsCustomData` stream.
//!
//! The text of a Word file is not stored in reading order: the piece table (CLX) in the table
//! stream maps character positions (CPs) to byte ranges of the WordDocument stream, and
//! fast-saved files (most WPS files) append edits as new pieces. Paragraph properties (tables,
//! list numbering) and character properties (deleted revisions) live in FKP pages keyed by
//! stream offset (FC), so each character is read with its FC and looked up there.

use super::numbering::{format_number, NumFormat};
use super::*;
use std::collections::HashSet;
use std::io::{Cursor, Read};

use encoding_rs::Encoding;

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

fn corrupt(reason: impl Into<String>) -> ExtractError {
    ExtractError::Corrupt(reason.into())
}

/// What is left of `Limits::max_inflated_bytes` for this file.
struct Budget(u64);

impl Budget {
    fn spend(&mut self, bytes: u64) -> Result<(), ExtractError> {
        self.0 = self.0.checked_sub(bytes).ok_or_else(|| {
            ExtractError::TooLarge(format!(
                "more than the limit of decoded data ({bytes} bytes)"
            ))
        })?;
        Ok(())
    }
}

fn read_stream(
    container: &mut cfb::CompoundFile<Cursor<&[u8]>>,
    path: &str,
    budget: &mut Budget,
) -> Result<Vec<u8>, ExtractError> {
    let stream = container
        .open_stream(path)
        .map_err(|e| corrupt(format!("{path}: {e}")))?;
    let len = stream.len();
    budget.spend(len)?;
    let mut data = Vec::new();
    stream
        .take(len)
        .read_to_end(&mut data)
        .map_err(|e| corrupt(format!("{path}: {e}")))?;
    Ok(data)
}

fn u16_at(data: &[u8], offset: usize) -> Option<u16> {
    let bytes = data.get(offset..offset.checked_add(2)?)?;
    Some(u16::from_le_bytes([bytes[0], bytes[1]]))
}

fn u32_at(data: &[u8], offset: usize) -> Option<u32> {
    let bytes = data.get(offset..offset.checked_add(4)?)?;
    Some(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
}

fn i32_at(data: &[u8], offset: usize) -> Option<i32> {
    u32_at(data, offset).map(|v| v as i32)
}

/// `len` bytes at `offset`, if all of them are there.
fn slice_at(data: &[u8], offset: u32, len: u32) -> Option<&[u8]> {
    let start = usize::try_from(offset).ok()?;
    data.get(start..start.checked_add(usize::try_from(len).ok()?)?)
}

/// An (fc, lcb) pair of the FIB: where a structure lies in the table stream and its size.
type Extent = (u32, u32);

/// What the reader needs from the File Information Block at the start of WordDocument.
struct Fib {
    table_is_1: bool,
    ccp_text: u32,
    clx: Extent,
    stshf: Extent,
    plcf_bte_chpx: Extent,
    plcf_bte_papx: Extent,
    plf_lst: Extent,
    plf_lfo: Extent,
}

impl Fib {
    fn parse(word: &[u8]) -> Result<Fib, ExtractError> {
        let short = || corrupt("WordDocument stream too short for its FIB");
        let ident = u16_at(word, 0).ok_or_else(short)?;
        if ident != 0xA5EC {
            return Err(ExtractError::Unsupported(format!(
                "not a Word 97-2003 document (FIB ident {ident:#06x})"
            )));
        }
        let n_fib = u16_at(word, 2).ok_or_else(short)?;
        if n_fib < 0x00C1 {
            return Err(ExtractError::Unsupported(format!(
                "Word 6/95 document (nFib {n_fib:#x})"
            )));
        }
        let flags = u16_at(word, 10).ok_or_else(short)?;
        if flags & 0x0100 != 0 {
            return Err(ExtractError::Encrypted);
        }
        // FibBase is 32 bytes, then three counted arrays: csw u16s, cslw u32s, cbRgFcLcb pairs.
        let csw = usize::from(u16_at(word, 32).ok_or_else(short)?);
        let lw_count_at = 34 + csw * 2;
        let cslw = usize::from(u16_at(word, lw_count_at).ok_or_else(short)?);
        let lw_at = lw_count_at + 2;
        if cslw < 4 {
            return Err(corrupt("FIB has no ccpText"));
        }
        let ccp_text = u32_at(word, lw_at + 3 * 4).ok_or_else(short)?;
        let pairs_count_at = lw_at + cslw * 4;
        let pairs = usize::from(u16_at(word, pairs_count_at).ok_or_else(short)?);
        let pairs_at = pairs_count_at + 2;
        let extent = |index: usize| -> Extent {
            if index >= pairs {
                return (0, 0);
            }
            let at = pairs_at + index * 8;
            match (u32_at(word, at), u32_at(word, at + 4)) {
                (Some(fc), Some(lcb)) => (fc, lcb),
                _ => (0, 0),
            }
        };
        Ok(Fib {
            table_is_1: flags & 0x0200 != 0,
            ccp_text,
            // Indices into FibRgFcLcb97.
            stshf: extent(1),
            plcf_bte_chpx: extent(12),
            plcf_bte_papx: extent(13),
            clx: extent(33),
            plf_lst: extent(73),
            plf_lfo: extent(74),
        })
    }
}

/// One piece of the piece table: CPs [cp_start, cp_end) stored from byte `fc` of WordDocument.
struct Piece {
    cp_start: u32,
    cp_end: u32,
    fc: u32,
    compressed: bool,
    prm: u16,
}

impl Piece {
    /// Bytes per character in the stream.
    fn char_width(&self) -> u64 {
        if self.compressed {
            1
        } else {
            2
        }
    }
}

/// The CLX: property modifiers of fast-saved edits (Prc) and the piece table (Pcdt).
struct Clx<'a> {
    grpprls: Vec<&'a [u8]>,
    pieces: Vec<Piece>,
}

impl<'a> Clx<'a> {
    fn parse(table: &'a [u8], (fc, lcb): Extent) -> Result<Clx<'a>, ExtractError> {
        let clx = slice_at(table, fc, lcb).ok_or_else(|| corrupt("CLX beyond the table stream"))?;
        let mut grpprls = Vec::new();
        let mut pos = 0usize;
        loop {
            match clx.get(pos) {
                Some(0x01) => {
                    let size = u16_at(clx, pos + 1).ok_or_else(|| corrupt("truncated Prc"))?;
                    let size = usize::try_from(size as i16).map_err(|_| corrupt("bad Prc"))?;
                    let grpprl = clx
                        .get(pos + 3..pos + 3 + size)
                        .ok_or_else(|| corrupt("truncated Prc"))?;
                    grpprls.push(grpprl);
                    pos += 3 + size;
                }
                Some(0x02) => {
                    let size = u32_at(clx, pos + 1).ok_or_else(|| corrupt("truncated Pcdt"))?;
                    let plc = slice_at(clx, (pos + 5) as u32, size)
                        .ok_or_else(|| corrupt("truncated piece table"))?;
                    let pieces = parse_plc_pcd(plc)?;
                    return Ok(Clx { grpprls, pieces });
                }
                _ => return Err(corrupt("no piece table in the CLX")),
            }
        }
    }

    /// The property modifiers a piece's Prm applies to all of its text, as a grpprl.
    fn prm_grpprl(&self, prm: u16) -> Option<Vec<u8>> {
        if prm & 1 == 1 {
            let grpprl = self.grpprls.get(usize::from(prm >> 1))?;
            return Some(grpprl.to_vec());
        }
        // Prm0: one sprm given by a 7-bit index into a fixed table, with a one-byte operand;
        // only the sprms this reader looks at are mapped.
        let sprm: u16 = match (prm >> 1) & 0x7F {
            0x0C => SPRM_P_ILVL,
            0x18 => SPRM_P_F_IN_TABLE,
            0x19 => SPRM_P_F_TTP,
            0x41 => SPRM_C_F_RMARK_DEL,
            _ => return None,
        };
        let [low, high] = sprm.to_le_bytes();
        Some(vec![low, high, (prm >> 8) as u8])
    }
}

fn parse_plc_pcd(plc: &[u8]) -> Result<Vec<Piece>, ExtractError> {
    // n + 1 CPs (4 bytes) and n PCDs (8 bytes).
    if plc.len() < 16 || !(plc.len() - 4).is_multiple_of(12) {
        return Err(corrupt("malformed piece table"));
    }
    let count = (plc.len() - 4) / 12;
    let mut pieces = Vec::with_capacity(count);
    for i in 0..count {
        let bad = || corrupt("malformed piece table");
        let cp_start = u32_at(plc, i * 4).ok_or_else(bad)?;
        let cp_end = u32_at(plc, i * 4 + 4).ok_or_else(bad)?;
        if cp_end < cp_start {
            return Err(corrupt("piece table CPs out of order"));
        }
        let pcd = (count + 1) * 4 + i * 8;
        let fc_field = u32_at(plc, pcd + 2).ok_or_else(bad)?;
        let prm = u16_at(plc, pcd + 6).ok_or_else(bad)?;
        let compressed = fc_field & 0x4000_0000 != 0;
        let fc = fc_field & 0x3FFF_FFFF;
        pieces.push(Piece {
            cp_start,
            cp_end,
            fc: if compressed { fc / 2 } else { fc },
            compressed,
            prm,
        });
    }
    Ok(pieces)
}

/// An 8-bit character of a compressed piece: CP1252, except that [MS-DOC] keeps the bytes
/// CP1252 leaves undefined (and 0x80) as the same code point.
fn compressed_char(byte: u8) -> u16 {
    const HIGH: [u16; 32] = [
        0x0080, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x008D, 0x008E, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x009E, 0x0178,
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => u16::from(byte),
    }
}

const SPRM_C_F_RMARK_DEL: u16 = 0x0800;
const SPRM_P_F_IN_TABLE: u16 = 0x2416;
const SPRM_P_F_TTP: u16 = 0x2417;
const SPRM_P_ILVL: u16 = 0x260A;
const SPRM_P_ILFO: u16 = 0x460B;
const SPRM_P_ITAP: u16 = 0x6649;
const SPRM_T_DEF_TABLE: u16 = 0xD608;
const SPRM_T_DEF_TABLE10: u16 = 0xD606;
const SPRM_P_CHG_TABS: u16 = 0xC615;

/// The (sprm, operand) pairs of a grpprl; stops at the first one that does not fit.
fn sprms(grpprl: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut pos = 0usize;
    std::iter::from_fn(move || {
        let sprm = u16_at(grpprl, pos)?;
        let at = pos + 2;
        let len = match sprm >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            _ => match sprm {
                // A two-byte size that counts itself less one.
                SPRM_T_DEF_TABLE | SPRM_T_DEF_TABLE10 => {
                    usize::from(u16_at(grpprl, at)?).max(1) + 1
                }
                SPRM_P_CHG_TABS if *grpprl.get(at)? == 255 => {
                    let deleted = usize::from(*grpprl.get(at + 1)?);
                    let added = usize::from(*grpprl.get(at + 2 + deleted * 4)?);
                    3 + deleted * 4 + added * 3
                }
                _ => 1 + usize::from(*grpprl.get(at)?),
            },
        };
        let operand = grpprl.get(at..at + len)?;
        pos = at + len;
        Some((sprm, operand))
    })
}

/// Whether a run's CHPX marks it as deleted text (a tracked deletion not yet accepted).
fn is_deleted_run(grpprl: &[u8]) -> bool {
    let mut deleted = false;
    for (sprm, operand) in sprms(grpprl) {
        if sprm == SPRM_C_F_RMARK_DEL {
            // 1 = on; 0x81 = the opposite of the style's value, and styles are never deleted.
            deleted = matches!(operand.first(), Some(1 | 0x81));
        }
    }
    deleted
}

/// The paragraph properties the reader uses.
#[derive(Debug, Clone, Copy, Default)]
struct ParaProps {
    in_table: bool,
    /// The paragraph is the end-of-row mark of a (top-level) table row.
    row_end: bool,
    /// 1-based index into the list overrides (0: not in a list).
    ilfo: u16,
    ilvl: u8,
}

impl ParaProps {
    fn apply(&mut self, grpprl: &[u8]) {
        for (sprm, operand) in sprms(grpprl) {
            let byte = operand.first().copied().unwrap_or(0);
            match sprm {
                SPRM_P_F_IN_TABLE => self.in_table = byte != 0,
                SPRM_P_F_TTP => self.row_end = byte != 0,
                SPRM_P_ITAP => self.in_table = i32_at(operand, 0).unwrap_or(0) > 0,
                SPRM_P_ILFO => self.ilfo = u16_at(operand, 0).unwrap_or(0),
                SPRM_P_ILVL => self.ilvl = byte,
                _ => {}
            }
        }
    }
}

/// A PlcBtePapx or PlcBteChpx: which FKP page holds the properties of each FC range.
#[derive(Default)]
struct BinTable {
    fcs: Vec<u32>,
    pages: Vec<u32>,
}

impl BinTable {
    fn parse(table: &[u8], (fc, lcb): Extent) -> BinTable {
        let Some(plc) = slice_at(table, fc, lcb) else {
            return BinTable::default();
        };
        if plc.len() < 12 || !(plc.len() - 4).is_multiple_of(8) {
            return BinTable::default();
        }
        let count = (plc.len() - 4) / 8;
        let fcs = (0..=count).filter_map(|i| u32_at(plc, i * 4)).collect();
        let pages = (0..count)
            .filter_map(|i| u32_at(plc, (count + 1) * 4 + i * 4).map(|pn| pn & 0x003F_FFFF))
            .collect();
        BinTable { fcs, pages }
    }

    fn page_for(&self, fc: u32) -> Option<u32> {
        let index = self
            .fcs
            .partition_point(|&start| start <= fc)
            .checked_sub(1)?;
        if fc >= *self.fcs.get(index + 1)? {
            return None;
        }
        self.pages.get(index).copied()
    }
}

#[derive(Clone, Copy, PartialEq)]
enum FkpKind {
    Chpx,
    Papx,
}

/// The FC range [start, end) of the FKP entry holding `fc`, and its properties: a CHPX's
/// grpprl, or a PAPX's style index and grpprl.
fn fkp_entry(word: &[u8], page: u32, kind: FkpKind, fc: u32) -> Option<(u32, u32, &[u8])> {
    let start = usize::try_from(page).ok()?.checked_mul(512)?;
    let fkp = word.get(start..start.checked_add(512)?)?;
    let runs = usize::from(fkp[511]);
    let index = (0..runs).find(|&i| {
        matches!((u32_at(fkp, i * 4), u32_at(fkp, i * 4 + 4)), (Some(a), Some(b)) if a <= fc && fc < b)
    })?;
    let range = (u32_at(fkp, index * 4)?, u32_at(fkp, index * 4 + 4)?);
    let after_fcs = (runs + 1) * 4;
    let grpprl: &[u8] = match kind {
        FkpKind::Chpx => {
            let offset = usize::from(*fkp.get(after_fcs + index)?) * 2;
            if offset == 0 {
                &[]
            } else {
                let size = usize::from(*fkp.get(offset)?);
                fkp.get(offset + 1..offset + 1 + size)?
            }
        }
        FkpKind::Papx => {
            // BxPap: a one-byte word offset then a 12-byte PHE.
            let offset = usize::from(*fkp.get(after_fcs + index * 13)?) * 2;
            if offset == 0 {
                &[]
            } else {
                let (data_at, size) = match *fkp.get(offset)? {
                    0 => (offset + 2, usize::from(*fkp.get(offset + 1)?) * 2),
                    words => (offset + 1, usize::from(words) * 2 - 1),
                };
                // GrpPrlAndIstd: the style index, then the grpprl.
                fkp.get(data_at..data_at + size)?
            }
        }
    };
    Some((range.0, range.1, grpprl))
}

/// The stream and tables the per-character lookups need.
struct Document<'a> {
    word: &'a [u8],
    papx_bins: BinTable,
    chpx_bins: BinTable,
    /// List numbering of each paragraph style, by style index.
    style_lists: Vec<ParaProps>,
}

impl Document<'_> {
    /// The direct properties of the paragraph holding `fc`; None when the file gives none.
    fn paragraph_props(&self, fc: u32) -> Option<ParaProps> {
        let page = self.papx_bins.page_for(fc)?;
        let (_, _, papx) = fkp_entry(self.word, page, FkpKind::Papx, fc)?;
        let style = u16_at(papx, 0).unwrap_or(0);
        let mut props = self
            .style_lists
            .get(usize::from(style))
            .copied()
            .unwrap_or_default();
        props.apply(papx.get(2..).unwrap_or(&[]));
        Some(props)
    }
}

/// The list numbering (ilfo, ilvl) that each paragraph style gives, following each style's
/// base styles: headings often get their numbers from their style alone.
fn style_lists(table: &[u8], (fc, lcb): Extent) -> Vec<ParaProps> {
    const NO_STYLE: usize = 0x0FFF;
    let Some(stsh) = slice_at(table, fc, lcb) else {
        return Vec::new();
    };
    let (Some(header_size), Some(count), Some(base_size)) =
        (u16_at(stsh, 0), u16_at(stsh, 2), u16_at(stsh, 4))
    else {
        return Vec::new();
    };
    // Each style: its base style and the grpprl of its paragraph UPX.
    let mut styles: Vec<(usize, &[u8])> = Vec::with_capacity(usize::from(count));
    let mut at = 2 + usize::from(header_size);
    for _ in 0..count {
        let Some(size) = u16_at(stsh, at).map(usize::from) else {
            break;
        };
        let std = stsh.get(at + 2..at + 2 + size).unwrap_or(&[]);
        at += 2 + size;
        let (Some(kind_and_base), Some(upx_count)) = (u16_at(std, 2), u16_at(std, 4)) else {
            styles.push((NO_STYLE, &[]));
            continue;
        };
        let is_paragraph_style = kind_and_base & 0x0F == 1 && upx_count & 0x0F >= 1;
        let base = usize::from(kind_and_base >> 4);
        // After the fixed part: the name (length, characters, a terminating zero), then the UPXs.
        let name_at = usize::from(base_size);
        let upx_at = u16_at(std, name_at).map(|chars| name_at + 2 + usize::from(chars) * 2 + 2);
        let grpprl = upx_at
            .filter(|_| is_paragraph_style)
            .and_then(|upx_at| {
                let upx_size = usize::from(u16_at(std, upx_at)?);
                // UpxPapx: the style index again, then the grpprl.
                std.get(upx_at + 4..upx_at + 2 + upx_size)
            })
            .unwrap_or(&[]);
        styles.push((base, grpprl));
    }
    (0..styles.len())
        .map(|index| {
            // Base styles first; the chain is cut at 11 steps, which also stops cycles.
            let mut chain = vec![index];
            while let Some(&(base, _)) = styles.get(*chain.last().unwrap_or(&NO_STYLE)) {
                if base == NO_STYLE || chain.len() > 11 {
                    break;
                }
                chain.push(base);
            }
            let mut props = ParaProps::default();
            for &style in chain.iter().rev() {
                if let Some((_, grpprl)) = styles.get(style) {
                    props.apply(grpprl);
                }
            }
            ParaProps {
                ilfo: props.ilfo,
                ilvl: props.ilvl,
                ..ParaProps::default()
            }
        })
        .collect()
}

/// The character run last looked up: characters come in FC order within a piece, so one
/// lookup serves a whole run.
#[derive(Default)]
struct RunCursor {
    start: u32,
    end: u32,
    deleted: bool,
}

impl RunCursor {
    fn is_deleted(&mut self, document: &Document, fc: u32) -> bool {
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
struct Builder {
    blocks: Vec<Block>,
    /// The current paragraph's text.
    paragraph: Vec<u16>,
    /// Earlier paragraphs of the current table cell.
    cell: String,
    /// Finished cells of the current table row.
    cells: Vec<String>,
    /// Open fields, innermost last: whether the field's result has begun.
    fields: Vec<bool>,
    /// How many open fields are still in their instructions (whose text is not shown).
    fields_in_instructions: usize,
    /// The last character was a cell mark: a guess at row ends for files without PAPX.
    after_cell_mark: bool,
    lists: ListTables,
}

impl Builder {
    fn new(lists: ListTables) -> Builder {
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
    fn push(&mut self, unit: u16) {
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

    fn end_paragraph(&mut self, props: ParaProps) {
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
    fn end_cell(&mut self, props: Option<ParaProps>) {
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

    fn end_row(&mut self) {
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
    fn numbered_text(&mut self, props: ParaProps) -> String {
        let number = self.lists.number(props.ilfo, props.ilvl);
        let text = take_text(&mut self.paragraph);
        match number {
            Some(number) if !text.is_empty() => number + &text,
            _ => text,
        }
    }

    fn emit(&mut self, text: String, kind: BlockKind) {
        if !text.is_empty() {
            self.blocks.push(Block {
                text,
                page: None,
                kind,
            });
        }
    }

    fn finish(&mut self) {
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
fn take_text(units: &mut Vec<u16>) -> String {
    let text = String::from_utf16_lossy(units);
    units.clear();
    text.trim().to_string()
}

/// Appends a cell's next paragraph, a space between paragraphs.
fn join_into(cell: &mut String, text: &str) {
    if text.is_empty() {
        return;
    }
    if !cell.is_empty() {
        cell.push(' ');
    }
    cell.push_str(text);
}

/// One level of a list definition (LVL).
#[derive(Clone, Default)]
struct Level {
    start: i32,
    format: NumFormat,
    /// Number text: literal characters, and 0..=8 standing for the number of that level.
    text: Vec<u16>,
    /// What follows the number: 0 a tab, 1 a space, 2 nothing.
    follow: u8,
    /// fLegal: the numbers of all levels are shown as decimal.
    legal: bool,
}

/// A list definition (LSTF and its LVLs).
struct ListDef {
    levels: Vec<Level>,
}

/// A list override (LFO): which list a paragraph's ilfo uses, and restarts or levels it replaces.
struct ListOverride {
    list: usize,
    starts: Vec<(u8, i32)>,
    levels: Vec<(u8, Level)>,
}

/// The list tables and the running counters of automatic numbering.
#[derive(Default)]
struct ListTables {
    lists: Vec<ListDef>,
    overrides: Vec<ListOverride>,
    counters: Vec<[Option<i32>; 9]>,
    overrides_seen: HashSet<usize>,
}

impl ListTables {
    fn parse(table: &[u8], plf_lst: Extent, plf_lfo: Extent) -> ListTables {
        let mut lists = ListTables::default();
        let Some(lst) = slice_at(table, plf_lst.0, plf_lst.1) else {
            return lists;
        };
        let Some(lfo) = slice_at(table, plf_lfo.0, plf_lfo.1) else {
            return lists;
        };
        let Some(count) = u16_at(lst, 0).and_then(|n| usize::try_from(n as i16).ok()) else {
            return lists;
        };
        // The LVLs follow the PlfLst (outside its lcb): one per simple list, else nine.
        let mut lsids = Vec::with_capacity(count);
        let mut levels_at = plf_lst.0 as usize + 2 + count * 28;
        for i in 0..count {
            let lstf = 2 + i * 28;
            let (Some(lsid), Some(&flags)) = (i32_at(lst, lstf), lst.get(lstf + 26)) else {
                return lists;
            };
            let level_count = if flags & 1 != 0 { 1 } else { 9 };
            let mut levels = Vec::with_capacity(level_count);
            for _ in 0..level_count {
                let Some((level, next)) = parse_level(table, levels_at) else {
                    return lists;
                };
                levels.push(level);
                levels_at = next;
            }
            lsids.push(lsid);
            lists.lists.push(ListDef { levels });
        }
        lists.counters = vec![[None; 9]; lists.lists.len()];
        lists.overrides = parse_overrides(table, plf_lfo.0 as usize, lfo, &lsids);
        lists
    }

    /// The number text for a paragraph in list override `ilfo` (1-based) at level `ilvl`,
    /// counting the paragraph. None when not numbered, or a bullet.
    fn number(&mut self, ilfo: u16, ilvl: u8) -> Option<String> {
        let override_index = usize::from(ilfo).checked_sub(1)?;
        let list_override = self.overrides.get(override_index)?;
        let list = list_override.list;
        let level_index = usize::from(ilvl);
        let definition = self.lists.get(list)?;
        let levels: Vec<Level> = (0..definition.levels.len())
            .map(|l| {
                list_override
                    .levels
                    .iter()
                    .find(|(ilvl, _)| usize::from(*ilvl) == l)
                    .map(|(_, level)| level.clone())
                    .unwrap_or_else(|| definition.levels[l].clone())
            })
            .collect();
        let level = levels.get(level_index)?;
        let counters = self.counters.get_mut(list)?;
        if self.overrides_seen.insert(override_index) {
            for &(restart_level, start) in &list_override.starts {
                if let Some(counter) = counters.get_mut(usize::from(restart_level)) {
                    *counter = Some(start.saturating_sub(1));
                }
            }
        }
        let value = match counters[level_index] {
            Some(previous) => previous.saturating_add(1),
            None => level.start,
        };
        counters[level_index] = Some(value);
        for deeper in counters.iter_mut().skip(level_index + 1) {
            *deeper = None;
        }
        if level.format == NumFormat::Bullet {
            return None;
        }
        let mut number = String::new();
        for &unit in &level.text {
            if unit < 9 {
                let l = usize::from(unit);
                let Some(of_level) = levels.get(l) else {
                    continue;
                };
                let value = counters[l].unwrap_or(of_level.start);
                let format = if level.legal && l != level_index {
                    NumFormat::Decimal
                } else {
                    of_level.format
                };
                number.push_str(&format_number(i64::from(value), format));
            } else {
                number.extend(char::decode_utf16([unit]).map(|c| c.unwrap_or('\u{FFFD}')));
            }
        }
        if number.is_empty() {
            return None;
        }
        // As Word prints it: a label that ends in punctuation (1. 一、 （一）) needs no space.
        if level.follow != 2 && number.chars().last().is_some_and(char::is_alphanumeric) {
            number.push(' ');
        }
        Some(number)
    }
}

/// An LVL at `at` in the table stream, and where the next one starts.
fn parse_level(table: &[u8], at: usize) -> Option<(Level, usize)> {
    let lvlf = table.get(at..at.checked_add(28)?)?;
    let start = i32_at(lvlf, 0)?;
    let format = NumFormat::from_msonfc(lvlf[4]);
    let legal = lvlf[5] & 0x04 != 0;
    let follow = lvlf[15];
    let chpx_size = usize::from(lvlf[24]);
    let papx_size = usize::from(lvlf[25]);
    let xst_at = at + 28 + papx_size + chpx_size;
    let chars = usize::from(u16_at(table, xst_at)?);
    let text = (0..chars)
        .map(|i| u16_at(table, xst_at + 2 + i * 2))
        .collect::<Option<Vec<u16>>>()?;
    let level = Level {
        start,
        format,
        text,
        follow,
        legal,
    };
    Some((level, xst_at + 2 + chars * 2))
}

/// The PlfLfo: LFOs, then after them one LFOData per LFO with its level overrides.
fn parse_overrides(table: &[u8], lfo_at: usize, lfo: &[u8], lsids: &[i32]) -> Vec<ListOverride> {
    let mut overrides = Vec::new();
    let Some(count) = u32_at(lfo, 0).and_then(|n| usize::try_from(n).ok()) else {
        return overrides;
    };
    let mut data_at = lfo_at
        .saturating_add(4)
        .saturating_add(count.saturating_mul(16));
    for i in 0..count {
        let entry = 4 + i * 16;
        let (Some(lsid), Some(&level_count)) = (i32_at(lfo, entry), lfo.get(entry + 12)) else {
            break;
        };
        let Some(list) = lsids.iter().position(|&id| id == lsid) else {
            break;
        };
        // LFOData: a CP then the LFOLVLs, each optionally followed by its own LVL.
        data_at += 4;
        let mut list_override = ListOverride {
            list,
            starts: Vec::new(),
            levels: Vec::new(),
        };
        for _ in 0..level_count {
            let (Some(start), Some(flags)) = (i32_at(table, data_at), u32_at(table, data_at + 4))
            else {
                return overrides;
            };
            data_at += 8;
            let ilvl = (flags & 0x0F) as u8;
            if flags & 0x10 != 0 {
                list_override.starts.push((ilvl, start));
            }
            if flags & 0x20 != 0 {
                let Some((level, next)) = parse_level(table, data_at) else {
                    return overrides;
                };
                list_override.levels.push((ilvl, level));
                data_at = next;
            }
        }
        overrides.push(list_override);
    }
    overrides
}

const PIDSI_TITLE: u32 = 2;
const PIDSI_SUBJECT: u32 = 3;
const PIDSI_AUTHOR: u32 = 4;
const PIDSI_CREATE_DTM: u32 = 12;
const PID_CODEPAGE: u32 = 1;

/// Title, author, subject and creation date from the SummaryInformation property set; a
/// missing or broken set gives empty properties rather than failing the document.
fn read_properties(
    container: &mut cfb::CompoundFile<Cursor<&[u8]>>,
    budget: &mut Budget,
) -> Properties {
    const PATH: &str = "/\u{5}SummaryInformation";
    if !container.is_stream(PATH) {
        return Properties::default();
    }
    match read_stream(container, PATH, budget) {
        Ok(data) => parse_summary(&data).unwrap_or_default(),
        Err(_) => Properties::default(),
    }
}

fn parse_summary(data: &[u8]) -> Option<Properties> {
    if u16_at(data, 0)? != 0xFFFE || u32_at(data, 24)? == 0 {
        return None;
    }
    let set = data.get(usize::try_from(u32_at(data, 44)?).ok()?..)?;
    let count = usize::try_from(u32_at(set, 4)?).ok()?;
    let entries: Vec<(u32, usize)> = (0..count.min(set.len() / 8))
        .map_while(|i| {
            let id = u32_at(set, 8 + i * 8)?;
            let offset = usize::try_from(u32_at(set, 12 + i * 8)?).ok()?;
            Some((id, offset))
        })
        .collect();
    let code_page = entries
        .iter()
        .find(|(id, _)| *id == PID_CODEPAGE)
        .and_then(|&(_, offset)| u16_at(set, offset + 4))
        .unwrap_or(1252);
    let encoding = encoding_for_code_page(code_page);
    let value_of = |wanted: u32| {
        let &(_, offset) = entries.iter().find(|(id, _)| *id == wanted)?;
        Some((u16_at(set, offset)?, offset + 4))
    };
    let string = |wanted: u32| -> Option<String> {
        let (kind, at) = value_of(wanted)?;
        let size = usize::try_from(u32_at(set, at)?).ok()?;
        let text = match kind {
            // VT_LPSTR: bytes in the set's code page.
            0x1E => {
                let bytes = set.get(at + 4..(at + 4).checked_add(size)?)?;
                encoding.decode_without_bom_handling(bytes).0.into_owned()
            }
            // VT_LPWSTR: UTF-16LE, the size counting characters.
            0x1F => {
                let bytes = set.get(at + 4..(at + 4).checked_add(size.checked_mul(2)?)?)?;
                encoding_rs::UTF_16LE
                    .decode_without_bom_handling(bytes)
                    .0
                    .into_owned()
            }
            _ => return None,
        };
        let text = text.trim_matches(|c: char| c == '\0' || c.is_whitespace());
        (!text.is_empty()).then(|| text.to_string())
    };
    let created = value_of(PIDSI_CREATE_DTM).and_then(|(kind, at)| {
        let low = u32_at(set, at)?;
        let high = u32_at(set, at + 4)?;
        (kind == 0x40).then_some(())?;
        filetime_date((u64::from(high) << 32) | u64::from(low))
    });
    Some(Properties {
        title: string(PIDSI_TITLE),
        author: string(PIDSI_AUTHOR),
        subject: string(PIDSI_SUBJECT),
        created,
    })
}

fn encoding_for_code_page(code_page: u16) -> &'static Encoding {
    let label = match code_page {
        936 => "gbk",
        54936 => "gb18030",
        950 => "big5",
        932 => "shift_jis",
        949 => "euc-kr",
        20932 | 51932 => "euc-jp",
        874 => "windows-874",
        1250 => "windows-1250",
        1251 => "windows-1251",
        1253 => "windows-1253",
        1254 => "windows-1254",
        1255 => "windows-1255",
        1256 => "windows-1256",
        1257 => "windows-1257",
        1258 => "windows-1258",
        866 => "ibm866",
        20866 => "koi8-r",
        10000 => "macintosh",
        65001 => "utf-8",
        1200 => "utf-16le",
        1201 => "utf-16be",
        _ => "windows-1252",
    };
    Encoding::for_label(label.as_bytes()).unwrap_or(encoding_rs::WINDOWS_1252)
}

/// A FILETIME (100 ns ticks since 1601, UTC) as YYYY-MM-DD; None for zero or absurd values.
fn filetime_date(ticks: u64) -> Option<String> {
    if ticks == 0 {
        return None;
    }
    // Days from 1601-01-01 to 1970-01-01.
    let days = i64::try_from(ticks / 864_000_000_000).ok()? - 134_774;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (1900..=9999)
        .contains(&year)
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    // Where each part of the test file's WordDocument stream goes.
    const FIB_SIZE: usize = 154 + 93 * 8;
    const UTF16_TEXT_AT: usize = 1024;
    const COMPRESSED_TEXT_AT: usize = 1536;
    const _: () = assert!(FIB_SIZE < UTF16_TEXT_AT);
    const PAPX_PAGE: usize = 4;
    const CHPX_PAGE: usize = 5;

    /// Main text, stored as two pieces: a compressed one that holds a deleted run ("XX") and a
    /// PAGE field, and a UTF-16 one with a table row whose middle cell is empty. The UTF-16
    /// piece comes first in the stream, as in a fast-saved file.
    const COMPRESSED: &str = "Hello XX\u{13} PAGE \u{14}5\u{15} ";
    const UTF16: &str = "世界\u{2}\r\u{13}SEQ\u{15}A\u{7}\u{7}C\u{7}\u{7}tail\u{0B}end\r";

    struct TestFile {
        word: Vec<u8>,
        table: Vec<u8>,
        summary: Option<Vec<u8>>,
    }

    fn put_u16(data: &mut [u8], at: usize, value: u16) {
        data[at..at + 2].copy_from_slice(&value.to_le_bytes());
    }

    fn put_u32(data: &mut [u8], at: usize, value: u32) {
        data[at..at + 4].copy_from_slice(&value.to_le_bytes());
    }

    /// An FKP page: runs [fcs[i], fcs[i+1]) and for each run its grpprl (empty: no properties).
    fn fkp(kind: FkpKind, fcs: &[u32], grpprls: &[&[u8]]) -> Vec<u8> {
        let mut page = vec![0u8; 512];
        let runs = grpprls.len();
        for (i, &fc) in fcs.iter().enumerate() {
            put_u32(&mut page, i * 4, fc);
        }
        page[511] = runs as u8;
        let entry_size = if kind == FkpKind::Papx { 13 } else { 1 };
        let mut free = 510usize;
        for (i, grpprl) in grpprls.iter().enumerate() {
            if grpprl.is_empty() {
                continue;
            }
            let property = match kind {
                FkpKind::Chpx => [&[grpprl.len() as u8][..], grpprl].concat(),
                // The long form: a zero, then the size in words of the istd and grpprl.
                FkpKind::Papx => {
                    let mut data = vec![0, ((grpprl.len() + 2) / 2) as u8, 0, 0];
                    data.extend_from_slice(grpprl);
                    if data.len() % 2 == 1 {
                        data.push(0);
                    }
                    data
                }
            };
            free = (free - property.len()) & !1;
            page[free..free + property.len()].copy_from_slice(&property);
            page[(runs + 1) * 4 + i * entry_size] = (free / 2) as u8;
        }
        page
    }

    fn build(cp_order_swapped: bool) -> TestFile {
        let compressed_len = COMPRESSED.len() as u32;
        let utf16: Vec<u16> = UTF16.encode_utf16().collect();
        let ccp_text = compressed_len + utf16.len() as u32;

        let mut word = vec![0u8; 512 * 6];
        put_u16(&mut word, 0, 0xA5EC);
        put_u16(&mut word, 2, 0x00C1);
        put_u16(&mut word, 10, 0x0200); // fWhichTblStm: 1Table
        put_u16(&mut word, 32, 14);
        put_u16(&mut word, 62, 22);
        put_u32(&mut word, 64 + 3 * 4, ccp_text);
        put_u16(&mut word, 152, 93);
        word[COMPRESSED_TEXT_AT..COMPRESSED_TEXT_AT + COMPRESSED.len()]
            .copy_from_slice(COMPRESSED.as_bytes());
        for (i, unit) in utf16.iter().enumerate() {
            put_u16(&mut word, UTF16_TEXT_AT + i * 2, *unit);
        }

        // Paragraph properties of the UTF-16 piece: each mark's FC, by position in UTF16.
        let mark_fc = |index: usize| (UTF16_TEXT_AT + index * 2) as u32;
        let marks: Vec<usize> = (0..utf16.len())
            .filter(|&i| utf16[i] == 0x0D || utf16[i] == 0x07)
            .collect();
        let in_table: &[u8] = &[0x16, 0x24, 1];
        let row_end: &[u8] = &[0x16, 0x24, 1, 0x17, 0x24, 1];
        let mut fcs = vec![UTF16_TEXT_AT as u32];
        fcs.extend(marks.iter().map(|&m| mark_fc(m) + 2));
        let papx = fkp(
            FkpKind::Papx,
            &fcs,
            &[&[], in_table, in_table, in_table, row_end, &[]],
        );
        word[PAPX_PAGE * 512..PAPX_PAGE * 512 + 512].copy_from_slice(&papx);
        let deleted_at = (COMPRESSED_TEXT_AT + 6) as u32;
        let chpx = fkp(
            FkpKind::Chpx,
            &[
                COMPRESSED_TEXT_AT as u32,
                deleted_at,
                deleted_at + 2,
                COMPRESSED_TEXT_AT as u32 + compressed_len,
            ],
            &[&[], &[0x00, 0x08, 1], &[]],
        );
        word[CHPX_PAGE * 512..CHPX_PAGE * 512 + 512].copy_from_slice(&chpx);

        // Table stream: the CLX, then the two bin tables.
        let mut table = Vec::new();
        let compressed_fc = (COMPRESSED_TEXT_AT as u32 * 2) | 0x4000_0000;
        // (length in CPs, fc) in CP order.
        let mut pieces = [
            (compressed_len, compressed_fc),
            (ccp_text - compressed_len, UTF16_TEXT_AT as u32),
        ];
        if cp_order_swapped {
            pieces.swap(0, 1);
        }
        let mut plc = 0u32.to_le_bytes().to_vec();
        let mut cp = 0;
        for (len, _) in pieces {
            cp += len;
            plc.extend_from_slice(&cp.to_le_bytes());
        }
        for (_, fc) in pieces {
            plc.extend_from_slice(&0u16.to_le_bytes());
            plc.extend_from_slice(&fc.to_le_bytes());
            plc.extend_from_slice(&0u16.to_le_bytes());
        }
        // A Prc entry first, which the reader must skip.
        table.extend_from_slice(&[0x01, 3, 0, 0x16, 0x24, 0]);
        table.push(0x02);
        table.extend_from_slice(&(plc.len() as u32).to_le_bytes());
        table.extend_from_slice(&plc);
        let clx = (0u32, table.len() as u32);
        let mut bin_table = |first: u32, last: u32, page: usize| {
            let at = table.len() as u32;
            for value in [first, last, page as u32] {
                table.extend_from_slice(&value.to_le_bytes());
            }
            (at, 12u32)
        };
        let papx_bte = bin_table(UTF16_TEXT_AT as u32, mark_fc(utf16.len()), PAPX_PAGE);
        let chpx_bte = bin_table(
            COMPRESSED_TEXT_AT as u32,
            COMPRESSED_TEXT_AT as u32 + compressed_len,
            CHPX_PAGE,
        );
        for (index, (fc, lcb)) in [(33, clx), (13, papx_bte), (12, chpx_bte)] {
            put_u32(&mut word, 154 + index * 8, fc);
            put_u32(&mut word, 154 + index * 8 + 4, lcb);
        }
        TestFile {
            word,
            table,
            summary: None,
        }
    }

    /// A SummaryInformation set with code page 936, a GBK title, a UTF-16 author and a date.
    fn summary() -> Vec<u8> {
        let (title, _, _) = encoding_rs::GBK.encode("通知标题");
        let mut title_value = vec![0x1E, 0, 0, 0];
        title_value.extend_from_slice(&(title.len() as u32 + 1).to_le_bytes());
        title_value.extend_from_slice(&title);
        title_value.push(0);
        let author: Vec<u16> = "王静\0".encode_utf16().collect();
        let mut author_value = vec![0x1F, 0, 0, 0];
        author_value.extend_from_slice(&(author.len() as u32).to_le_bytes());
        author
            .iter()
            .for_each(|u| author_value.extend_from_slice(&u.to_le_bytes()));
        // 2012-07-04 03:00 UTC.
        let ticks: u64 = (1_341_370_800 + 11_644_473_600) * 10_000_000;
        let mut date_value = vec![0x40, 0, 0, 0];
        date_value.extend_from_slice(&ticks.to_le_bytes());
        let code_page_value = vec![0x02, 0, 0, 0, 0xA8, 0x03, 0, 0];
        let values = [
            (PID_CODEPAGE, code_page_value),
            (PIDSI_TITLE, title_value),
            (PIDSI_AUTHOR, author_value),
            (PIDSI_CREATE_DTM, date_value),
        ];
        let mut set = vec![0u8; 8 + values.len() * 8];
        put_u32(&mut set, 4, values.len() as u32);
        for (i, (id, value)) in values.iter().enumerate() {
            let offset = set.len() as u32;
            put_u32(&mut set, 8 + i * 8, *id);
            put_u32(&mut set, 12 + i * 8, offset);
            set.extend_from_slice(value);
            while !set.len().is_multiple_of(4) {
                set.push(0);
            }
        }
        let size = set.len() as u32;
        put_u32(&mut set, 0, size);
        let mut stream = vec![0u8; 48];
        put_u16(&mut stream, 0, 0xFFFE);
        put_u32(&mut stream, 24, 1);
        put_u32(&mut stream, 44, 48);
        stream.extend_from_slice(&set);
        stream
    }

    fn compound(file: &TestFile) -> Vec<u8> {
        let mut container = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        let streams = [
            ("/WordDocument", Some(&file.word)),
            ("/1Table", Some(&file.table)),
            ("/\u{5}SummaryInformation", file.summary.as_ref()),
        ];
        for (path, data) in streams {
            if let Some(data) = data {
                container
                    .create_stream(path)
                    .unwrap()
                    .write_all(data)
                    .unwrap();
            }
        }
        container.flush().unwrap();
        container.into_inner().into_inner()
    }

    fn texts(flow: &Flow) -> Vec<(BlockKind, &str)> {
        flow.blocks
            .iter()
            .map(|b| (b.kind, b.text.as_str()))
            .collect()
    }

    #[test]
    fn reads_pieces_fields_tables_and_deletions() {
        let mut file = build(false);
        file.summary = Some(summary());
        let flow = read(&compound(&file), &Limits::for_one_file()).unwrap();
        assert_eq!(
            texts(&flow),
            vec![
                (BlockKind::Paragraph, "Hello 5 世界"),
                (BlockKind::TableRow, "A |  | C"),
                (BlockKind::Paragraph, "tail end"),
            ]
        );
        assert!(flow.blocks.iter().all(|b| b.page.is_none()));
        assert_eq!(
            flow.properties,
            Properties {
                title: Some("通知标题".into()),
                author: Some("王静".into()),
                subject: None,
                created: Some("2012-07-04".into()),
            }
        );
    }

    #[test]
    fn follows_the_piece_table_not_the_stream_order() {
        // The UTF-16 piece now comes first in CP order as well.
        let flow = read(&compound(&build(true)), &Limits::for_one_file()).unwrap();
        assert_eq!(flow.blocks[0].text, "世界");
        assert_eq!(
            texts(&flow)[2..],
            [
                (BlockKind::Paragraph, "tail end"),
                (BlockKind::Paragraph, "Hello 5")
            ]
        );
    }

    #[test]
    fn without_paragraph_properties_a_doubled_cell_mark_ends_the_row() {
        let mut file = build(false);
        put_u32(&mut file.word, 154 + 13 * 8 + 4, 0);
        let flow = read(&compound(&file), &Limits::for_one_file()).unwrap();
        let rows: Vec<&str> = flow
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::TableRow)
            .map(|b| b.text.as_str())
            .collect();
        assert_eq!(rows, vec!["A", "C"]);
    }

    #[test]
    fn broken_files_give_errors_not_panics() {
        let bytes = compound(&build(false));
        let limits = Limits::for_one_file();
        for len in (0..bytes.len()).step_by(61) {
            let _ = read(&bytes[..len], &limits);
        }
        assert!(matches!(
            read(&bytes[..bytes.len() / 2], &limits),
            Err(ExtractError::Corrupt(_))
        ));

        let mut outside = build(false);
        put_u32(&mut outside.word, 64 + 3 * 4, 10_000);
        let last_cp_at = 5 + 8;
        outside.table[last_cp_at..last_cp_at + 4].copy_from_slice(&10_000u32.to_le_bytes());
        assert!(matches!(
            read(&compound(&outside), &limits),
            Err(ExtractError::Corrupt(_))
        ));

        let mut encrypted = build(false);
        put_u16(&mut encrypted.word, 10, 0x0300);
        assert_eq!(
            read(&compound(&encrypted), &limits),
            Err(ExtractError::Encrypted)
        );

        let mut other = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        other
            .create_stream("/Workbook")
            .unwrap()
            .write_all(b"x")
            .unwrap();
        other.flush().unwrap();
        assert_eq!(
            read(&other.into_inner().into_inner(), &limits),
            Err(ExtractError::Unsupported("not a Word document".into()))
        );
    }

    /// A table stream with a list (level 0 "第%1章" in Chinese counting, level 1 "（%2）"), its
    /// override, and two styles: Normal, and a heading numbered through its style alone.
    fn list_tables() -> (Vec<u8>, Extent, Extent, Extent) {
        let mut table = Vec::new();
        // PlfLst: one LSTF (not simple: nine levels).
        let lst_at = table.len() as u32;
        table.extend_from_slice(&1u16.to_le_bytes());
        let mut lstf = vec![0u8; 28];
        lstf[0..4].copy_from_slice(&77i32.to_le_bytes());
        table.extend_from_slice(&lstf);
        let lst = (lst_at, table.len() as u32 - lst_at);
        for level in 0..9u16 {
            let mut lvlf = vec![0u8; 28];
            lvlf[0..4].copy_from_slice(&1i32.to_le_bytes());
            lvlf[4] = 37;
            lvlf[15] = 2;
            lvlf[25] = 3; // a grpprlPapx to skip
            table.extend_from_slice(&lvlf);
            table.extend_from_slice(&[0x16, 0x24, 0]);
            let text: Vec<u16> = match level {
                0 => "第\0章".encode_utf16().collect(),
                _ => vec![0xFF08, level, 0xFF09],
            };
            table.extend_from_slice(&(text.len() as u16).to_le_bytes());
            text.iter()
                .for_each(|u| table.extend_from_slice(&u.to_le_bytes()));
        }
        // PlfLfo: one LFO for list 77, with no level overrides.
        let lfo_at = table.len() as u32;
        table.extend_from_slice(&1u32.to_le_bytes());
        let mut lfo = vec![0u8; 16];
        lfo[0..4].copy_from_slice(&77i32.to_le_bytes());
        table.extend_from_slice(&lfo);
        let lfo = (lfo_at, table.len() as u32 - lfo_at);
        table.extend_from_slice(&0u32.to_le_bytes());
        // STSH: header (cstd 2, base STD size 10), Normal, then "H" based on Normal.
        let stsh_at = table.len() as u32;
        table.extend_from_slice(&4u16.to_le_bytes());
        table.extend_from_slice(&2u16.to_le_bytes());
        table.extend_from_slice(&10u16.to_le_bytes());
        for (base, grpprl) in [
            (0x0FFFu16, &[][..]),
            (0, &[0x0B, 0x46, 1, 0, 0x0A, 0x26, 0][..]),
        ] {
            let mut std = vec![0u8; 10];
            std[2..4].copy_from_slice(&(1 | (base << 4)).to_le_bytes());
            std[4..6].copy_from_slice(&2u16.to_le_bytes());
            std.extend_from_slice(&[1, 0, b'H', 0, 0, 0]);
            std.extend_from_slice(&(2 + grpprl.len() as u16).to_le_bytes());
            std.extend_from_slice(&0u16.to_le_bytes());
            std.extend_from_slice(grpprl);
            if std.len() % 2 == 1 {
                std.push(0);
            }
            std.extend_from_slice(&0u16.to_le_bytes());
            table.extend_from_slice(&(std.len() as u16).to_le_bytes());
            table.extend_from_slice(&std);
        }
        let stsh = (stsh_at, table.len() as u32 - stsh_at);
        (table, lst, lfo, stsh)
    }

    #[test]
    fn numbers_lists_from_paragraphs_and_styles() {
        let (table, lst, lfo, stsh) = list_tables();
        let styles = style_lists(&table, stsh);
        assert_eq!((styles[0].ilfo, styles[1].ilfo, styles[1].ilvl), (0, 1, 0));
        let mut lists = ListTables::parse(&table, lst, lfo);
        let numbers: Vec<Option<String>> = [(1, 0), (1, 1), (1, 1), (0, 0), (1, 0), (1, 1), (2, 0)]
            .iter()
            .map(|&(ilfo, ilvl)| lists.number(ilfo, ilvl))
            .collect();
        let expected = ["第一章", "（一）", "（二）", "", "第二章", "（一）", ""];
        let expected: Vec<Option<String>> = expected
            .iter()
            .map(|n| (!n.is_empty()).then(|| n.to_string()))
            .collect();
        assert_eq!(numbers, expected);
    }
}
