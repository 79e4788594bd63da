//! Numbering definitions and the counters that turn them into printed labels.

use super::styles::Styles;
use super::xml::{attribute, local_name, number_attribute, on_off};
use crate::extract::lists::counters::{add_suffix, render, Counters, Piece, LEVELS};
use crate::extract::lists::format::NumFormat;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::{HashMap, HashSet};

#[derive(Clone, Debug)]
pub(super) struct Level {
    pub(super) start: i64,
    pub(super) format: NumFormat,
    pub(super) text: String,
    /// `w:lvlRestart`: restart after levels numbered below this (1-based); 0 never.
    pub(super) restart: Option<u32>,
    pub(super) legal: bool,
    pub(super) suffix_nothing: bool,
    /// `w:pStyle`: the paragraph style bound to this level.
    pub(super) style: Option<String>,
}

impl Default for Level {
    fn default() -> Self {
        Level {
            start: 0,
            format: NumFormat::Decimal,
            text: String::new(),
            restart: None,
            legal: false,
            suffix_nothing: false,
            style: None,
        }
    }
}

#[derive(Default)]
pub(super) struct AbstractNum {
    pub(super) levels: [Option<Level>; LEVELS],
    /// `w:numStyleLink`: the definition lives with this numbering style.
    pub(super) style_link: Option<String>,
}

#[derive(Default)]
pub(super) struct LevelOverride {
    pub(super) start: Option<i64>,
    pub(super) level: Option<Level>,
}

#[derive(Default)]
pub(super) struct Num {
    pub(super) abstract_id: u32,
    pub(super) overrides: [LevelOverride; LEVELS],
}

#[derive(Default)]
pub(super) struct Numbering {
    pub(super) abstracts: HashMap<u32, AbstractNum>,
    pub(super) nums: HashMap<u32, Num>,
}

/// The definitions being read from numbering.xml.
#[derive(Default)]
pub(super) struct NumberingBuilder {
    pub(super) numbering: Numbering,
    pub(super) abstract_num: Option<(u32, AbstractNum)>,
    pub(super) num: Option<(u32, Num)>,
    pub(super) override_level: Option<usize>,
    pub(super) level: Option<(usize, Level)>,
}

impl NumberingBuilder {
    pub(super) fn open(&mut self, e: &BytesStart) {
        let val = || attribute(e, "val");
        let level_index = || number_attribute::<usize>(e, "ilvl").filter(|&i| i < LEVELS);
        match local_name(e.name().0) {
            "abstractNum" => {
                self.abstract_num =
                    number_attribute(e, "abstractNumId").map(|id| (id, AbstractNum::default()));
            }
            "num" => self.num = number_attribute(e, "numId").map(|id| (id, Num::default())),
            "abstractNumId" => {
                if let (Some((_, num)), Some(id)) = (self.num.as_mut(), number_attribute(e, "val"))
                {
                    num.abstract_id = id;
                }
            }
            "lvlOverride" => self.override_level = level_index(),
            "startOverride" => {
                let slot = self
                    .num
                    .as_mut()
                    .zip(self.override_level)
                    .and_then(|((_, num), i)| num.overrides.get_mut(i));
                if let Some(slot) = slot {
                    slot.start = number_attribute(e, "val");
                }
            }
            "numStyleLink" => {
                if let Some((_, abstract_num)) = self.abstract_num.as_mut() {
                    abstract_num.style_link = val();
                }
            }
            "lvl" => self.level = level_index().map(|i| (i, Level::default())),
            name => {
                let Some((_, level)) = self.level.as_mut() else {
                    return;
                };
                match name {
                    "start" => level.start = number_attribute(e, "val").unwrap_or(0),
                    "numFmt" => {
                        if let Some(format) = val().as_deref().and_then(NumFormat::from_name) {
                            level.format = format;
                        }
                    }
                    "lvlText" => level.text = val().unwrap_or_default(),
                    "lvlRestart" => level.restart = number_attribute(e, "val"),
                    "isLgl" => level.legal = on_off(e),
                    "suff" => level.suffix_nothing = val().as_deref() == Some("nothing"),
                    "pStyle" => level.style = val(),
                    _ => {}
                }
            }
        }
    }

    /// Files away the definition an end tag closes.
    pub(super) fn close(&mut self, name: &str) {
        match name {
            "lvl" => {
                let Some((index, level)) = self.level.take() else {
                    return;
                };
                if let Some((_, num)) = self.num.as_mut() {
                    if let Some(slot) = self.override_level.and_then(|i| num.overrides.get_mut(i)) {
                        slot.level = Some(level);
                    }
                } else if let Some(slot) = self
                    .abstract_num
                    .as_mut()
                    .and_then(|(_, a)| a.levels.get_mut(index))
                {
                    *slot = Some(level);
                }
            }
            "lvlOverride" => self.override_level = None,
            "num" => {
                if let Some((id, num)) = self.num.take() {
                    self.numbering.nums.insert(id, num);
                }
            }
            "abstractNum" => {
                if let Some((id, abstract_num)) = self.abstract_num.take() {
                    self.numbering.abstracts.insert(id, abstract_num);
                }
            }
            _ => {}
        }
    }
}

impl Numbering {
    pub(super) fn parse(xml: &str) -> Numbering {
        let mut builder = NumberingBuilder::default();
        let mut reader = Reader::from_str(xml);
        loop {
            match reader.read_event() {
                Ok(Event::Start(e)) => builder.open(&e),
                Ok(Event::Empty(e)) => {
                    builder.open(&e);
                    builder.close(local_name(e.name().0));
                }
                Ok(Event::End(e)) => builder.close(local_name(e.name().0)),
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => {}
            }
        }
        builder.numbering
    }

    /// The abstract definition a num uses, following `w:numStyleLink` through numbering styles.
    pub(super) fn abstract_of(&self, num: &Num, styles: &Styles) -> Option<(u32, &AbstractNum)> {
        let mut id = num.abstract_id;
        for _ in 0..4 {
            let def = self.abstracts.get(&id)?;
            let linked = def
                .style_link
                .as_ref()
                .and_then(|style| styles.numbering.get(style))
                .and_then(|num_id| self.nums.get(num_id))
                .map(|n| n.abstract_id)
                .filter(|&next| next != id);
            match linked {
                Some(next) => id = next,
                None => return Some((id, def)),
            }
        }
        None
    }
}

/// The list counters as Word advances them through the document.
#[derive(Default)]
pub(super) struct ListCounters {
    /// Last number printed at each level, per abstract definition (lists that share one
    /// continue each other); `None` for levels not started or restarted.
    pub(crate) values: HashMap<u32, Counters<i64>>,
    /// Nums already met: a `w:startOverride` restarts its level once, at the num's first use.
    pub(super) started: HashSet<u32>,
}

impl ListCounters {
    /// Advances the counters for one paragraph of list `num_id` at `level` (or the level bound
    /// to `style`) and returns its printed label, suffix included; `None` for bullets and
    /// unknown lists.
    pub(super) fn label(
        &mut self,
        numbering: &Numbering,
        styles: &Styles,
        num_id: u32,
        level: Option<u8>,
        style: Option<&str>,
    ) -> Option<String> {
        let num = numbering.nums.get(&num_id)?;
        let (abstract_id, abstract_num) = numbering.abstract_of(num, styles)?;
        let def = |k: usize| {
            num.overrides
                .get(k)
                .and_then(|o| o.level.as_ref())
                .or_else(|| abstract_num.levels.get(k).and_then(Option::as_ref))
        };
        let start = |k: usize| {
            num.overrides
                .get(k)
                .and_then(|o| o.start)
                .or_else(|| def(k).map(|l| l.start))
                .unwrap_or(0)
        };
        let level = match level {
            Some(l) => usize::from(l).min(LEVELS - 1),
            None => (0..LEVELS)
                .find(|&k| style.is_some() && def(k).and_then(|l| l.style.as_deref()) == style)
                .unwrap_or(0),
        };
        let this = def(level)?;
        let counters = self.values.entry(abstract_id).or_default();
        if self.started.insert(num_id) {
            for k in 0..LEVELS {
                if num.overrides.get(k).is_some_and(|o| o.start.is_some()) {
                    counters.set(k, None);
                }
            }
        }
        counters.advance(level, start(level));
        counters.restart_below(level, |k| match def(k).and_then(|l| l.restart) {
            None => true,
            Some(after) => u32::try_from(level).is_ok_and(|l| l < after),
        });
        if this.format == NumFormat::Bullet {
            return None;
        }
        let mut label = render(&Piece::parse_lvl_text(&this.text), |k| {
            let value = counters.get(k).unwrap_or_else(|| start(k));
            let format = def(k).map_or(NumFormat::Decimal, |l| l.format);
            let format = match format {
                NumFormat::Bullet | NumFormat::Nothing => format,
                _ if this.legal => NumFormat::Decimal,
                _ => format,
            };
            Some((value, format))
        });
        if label.trim().is_empty() {
            return None;
        }
        add_suffix(&mut label, !this.suffix_nothing);
        Some(label)
    }
}
