//! List tables and their counters.

use super::bytes::{i32_at, slice_at, u16_at, u32_at, Extent};
use crate::extract::lists::counters::{add_suffix, render, Counters, Piece};
use crate::extract::lists::format::NumFormat;
use std::collections::HashSet;

/// One level of a list definition (LVL).
#[derive(Clone, Default)]
pub(super) struct Level {
    pub(super) start: i32,
    pub(super) format: NumFormat,
    /// Number text: literal characters, and 0..=8 standing for the number of that level.
    pub(super) text: Vec<u16>,
    /// What follows the number: 0 a tab, 1 a space, 2 nothing.
    pub(super) follow: u8,
    /// fLegal: the numbers of all levels are shown as decimal.
    pub(super) legal: bool,
}

/// A list definition (LSTF and its LVLs).
pub(super) struct ListDef {
    pub(super) levels: Vec<Level>,
}

/// A list override (LFO): which list a paragraph's ilfo uses, and restarts or levels it replaces.
pub(super) struct ListOverride {
    pub(super) list: usize,
    pub(super) starts: Vec<(u8, i32)>,
    pub(super) levels: Vec<(u8, Level)>,
}

/// The list tables and the running counters of automatic numbering.
#[derive(Default)]
pub(super) struct ListTables {
    pub(super) lists: Vec<ListDef>,
    pub(super) overrides: Vec<ListOverride>,
    pub(crate) counters: Vec<Counters<i32>>,
    pub(super) overrides_seen: HashSet<usize>,
}

impl ListTables {
    pub(super) fn parse(table: &[u8], plf_lst: Extent, plf_lfo: Extent) -> ListTables {
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
        lists.counters = vec![Counters::default(); lists.lists.len()];
        lists.overrides = parse_overrides(table, plf_lfo.0 as usize, lfo, &lsids);
        lists
    }

    /// The number text for a paragraph in list override `ilfo` (1-based) at level `ilvl`,
    /// counting the paragraph. None when not numbered, or a bullet.
    pub(super) fn number(&mut self, ilfo: u16, ilvl: u8) -> Option<String> {
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
                counters.set(usize::from(restart_level), Some(start.saturating_sub(1)));
            }
        }
        counters.advance(level_index, level.start);
        counters.restart_below(level_index, |_| true);
        if level.format == NumFormat::Bullet {
            return None;
        }
        let mut number = render(&Piece::parse_xst(&level.text), |l| {
            let of_level = levels.get(l)?;
            let value = counters.get(l).unwrap_or(of_level.start);
            let format = if level.legal && l != level_index {
                NumFormat::Decimal
            } else {
                of_level.format
            };
            Some((i64::from(value), format))
        });
        if number.is_empty() {
            return None;
        }
        add_suffix(&mut number, level.follow != 2);
        Some(number)
    }
}

/// An LVL at `at` in the table stream, and where the next one starts.
pub(super) fn parse_level(table: &[u8], at: usize) -> Option<(Level, usize)> {
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
pub(super) fn parse_overrides(
    table: &[u8],
    lfo_at: usize,
    lfo: &[u8],
    lsids: &[i32],
) -> Vec<ListOverride> {
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
