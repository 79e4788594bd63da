//! Summary properties.

use super::bytes::{u16_at, u32_at};
use super::streams::{read_stream, Budget};
use crate::extract::types::Properties;
use encoding_rs::Encoding;
use std::io::Cursor;

pub(super) const PIDSI_TITLE: u32 = 2;
pub(super) const PIDSI_SUBJECT: u32 = 3;
pub(super) const PIDSI_AUTHOR: u32 = 4;
pub(super) const PIDSI_CREATE_DTM: u32 = 12;
pub(super) const PID_CODEPAGE: u32 = 1;

/// Title, author, subject and creation date from the SummaryInformation property set; a
/// missing or broken set gives empty properties rather than failing the document.
pub(super) fn read_properties(
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

pub(super) fn parse_summary(data: &[u8]) -> Option<Properties> {
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

pub(super) fn encoding_for_code_page(code_page: u16) -> &'static Encoding {
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
pub(super) fn filetime_date(ticks: u64) -> Option<String> {
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
