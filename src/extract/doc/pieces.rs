//! File Information Block and piece table.

use super::bytes::{slice_at, u16_at, u32_at, Extent};
use super::sprms::{SPRM_C_F_RMARK_DEL, SPRM_P_F_IN_TABLE, SPRM_P_F_TTP, SPRM_P_ILVL};
use super::streams::corrupt;
use crate::extract::types::ExtractError;

/// What the reader needs from the File Information Block at the start of WordDocument.
pub(super) struct Fib {
    pub(super) table_is_1: bool,
    pub(super) ccp_text: u32,
    pub(super) clx: Extent,
    pub(super) stshf: Extent,
    pub(super) plcf_bte_chpx: Extent,
    pub(super) plcf_bte_papx: Extent,
    pub(super) plf_lst: Extent,
    pub(super) plf_lfo: Extent,
}

impl Fib {
    pub(super) fn parse(word: &[u8]) -> Result<Fib, ExtractError> {
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
pub(super) struct Piece {
    pub(super) cp_start: u32,
    pub(super) cp_end: u32,
    pub(super) fc: u32,
    pub(super) compressed: bool,
    pub(super) prm: u16,
}

impl Piece {
    /// Bytes per character in the stream.
    pub(super) fn char_width(&self) -> u64 {
        if self.compressed {
            1
        } else {
            2
        }
    }
}

/// The CLX: property modifiers of fast-saved edits (Prc) and the piece table (Pcdt).
pub(super) struct Clx<'a> {
    pub(super) grpprls: Vec<&'a [u8]>,
    pub(super) pieces: Vec<Piece>,
}

impl<'a> Clx<'a> {
    pub(super) fn parse(table: &'a [u8], (fc, lcb): Extent) -> Result<Clx<'a>, ExtractError> {
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
    pub(super) fn prm_grpprl(&self, prm: u16) -> Option<Vec<u8>> {
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

pub(super) fn parse_plc_pcd(plc: &[u8]) -> Result<Vec<Piece>, ExtractError> {
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
pub(super) fn compressed_char(byte: u8) -> u16 {
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
