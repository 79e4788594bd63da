//! Paragraph and character properties: sprms, FKPs, styles.

use super::bytes::{i32_at, slice_at, u16_at, u32_at, Extent};

pub(super) const SPRM_C_F_RMARK_DEL: u16 = 0x0800;
pub(super) const SPRM_P_F_IN_TABLE: u16 = 0x2416;
pub(super) const SPRM_P_F_TTP: u16 = 0x2417;
pub(super) const SPRM_P_ILVL: u16 = 0x260A;
pub(super) const SPRM_P_ILFO: u16 = 0x460B;
pub(super) const SPRM_P_ITAP: u16 = 0x6649;
pub(super) const SPRM_T_DEF_TABLE: u16 = 0xD608;
pub(super) const SPRM_T_DEF_TABLE10: u16 = 0xD606;
pub(super) const SPRM_P_CHG_TABS: u16 = 0xC615;

/// The (sprm, operand) pairs of a grpprl; stops at the first one that does not fit.
pub(super) fn sprms(grpprl: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
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
pub(super) fn is_deleted_run(grpprl: &[u8]) -> bool {
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
pub(super) struct ParaProps {
    pub(super) in_table: bool,
    /// The paragraph is the end-of-row mark of a (top-level) table row.
    pub(super) row_end: bool,
    /// 1-based index into the list overrides (0: not in a list).
    pub(super) ilfo: u16,
    pub(super) ilvl: u8,
}

impl ParaProps {
    pub(super) fn apply(&mut self, grpprl: &[u8]) {
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
pub(super) struct BinTable {
    pub(super) fcs: Vec<u32>,
    pub(super) pages: Vec<u32>,
}

impl BinTable {
    pub(super) fn parse(table: &[u8], (fc, lcb): Extent) -> BinTable {
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

    pub(super) fn page_for(&self, fc: u32) -> Option<u32> {
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
pub(super) enum FkpKind {
    Chpx,
    Papx,
}

/// The FC range [start, end) of the FKP entry holding `fc`, and its properties: a CHPX's
/// grpprl, or a PAPX's style index and grpprl.
pub(super) fn fkp_entry(
    word: &[u8],
    page: u32,
    kind: FkpKind,
    fc: u32,
) -> Option<(u32, u32, &[u8])> {
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
pub(super) struct Document<'a> {
    pub(super) word: &'a [u8],
    pub(super) papx_bins: BinTable,
    pub(super) chpx_bins: BinTable,
    /// List numbering of each paragraph style, by style index.
    pub(super) style_lists: Vec<ParaProps>,
}

impl Document<'_> {
    /// The direct properties of the paragraph holding `fc`; None when the file gives none.
    pub(super) fn paragraph_props(&self, fc: u32) -> Option<ParaProps> {
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
pub(super) fn style_lists(table: &[u8], (fc, lcb): Extent) -> Vec<ParaProps> {
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
