//! Calendar dates as documents state them, parsed once and validated: 2023-02-29 is no date.
//!
//! Also where dates are recognised in text (2026-02-09, 2026年1月28日, 二〇二四年一月五日): a
//! date line under a title, a speech's byline, a regulation's adoption line, a signature's date,
//! the events of a 题注. Every part of the parser that looks for a date asks here, so the forms
//! a date may take are written once.

use std::fmt;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::text::numerals::{chinese_ordinal, digit_by_digit, MONTH_DAY_CHARS, YEAR_DIGIT_CHARS};

/// A valid calendar day between 1900 and 2200 (the years policy documents are dated in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

/// Years a document date may have.
pub const YEARS: std::ops::RangeInclusive<u32> = 1900..=2200;

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a date (YYYY-MM-DD, a day that exists, years 1900–2200)")]
pub struct BadDate(pub String);

impl Date {
    /// The day, if it exists: February has 29 days in leap years only.
    pub fn new(year: u32, month: u32, day: u32) -> Option<Date> {
        if !YEARS.contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date {
            year: year as u16,
            month: month as u8,
            day: day as u8,
        })
    }

    /// `2026-02-09` (also `2026/2/9`, `2026.02.09`).
    pub fn parse(text: &str) -> Result<Date, BadDate> {
        let bad = || BadDate(text.to_string());
        let parts: Vec<&str> = text.trim().split(['-', '/', '.']).collect();
        let [y, m, d] = parts.as_slice() else {
            return Err(bad());
        };
        let num = |s: &str| s.parse::<u32>().map_err(|_| bad());
        Date::new(num(y)?, num(m)?, num(d)?).ok_or_else(bad)
    }

    pub fn year(self) -> u32 {
        u32::from(self.year)
    }

    pub fn month(self) -> u32 {
        u32::from(self.month)
    }

    pub fn day(self) -> u32 {
        u32::from(self.day)
    }

    /// Today (UTC), by the system clock.
    pub fn today() -> Date {
        let days = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() / 86_400) as i64;
        // Days since 1970-01-01 to the civil date (H. Hinnant's algorithm).
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u32;
        Date::new(year, month, day).unwrap_or(Date {
            year: 2200,
            month: 12,
            day: 31,
        })
    }

    /// YYYYMMDD: the index's sortable form.
    pub fn number(self) -> u64 {
        u64::from(self.year) * 10000 + u64::from(self.month) * 100 + u64::from(self.day)
    }

    /// The first (`end` false) or last day of a year, month or day written YYYY[-MM[-DD]]:
    /// the bounds of a date filter.
    pub fn bound(text: &str, end: bool) -> Result<Date, BadDate> {
        let bad = || BadDate(text.to_string());
        let parts: Vec<&str> = text.trim().split(['-', '/', '.']).collect();
        let num = |s: &str| s.parse::<u32>().map_err(|_| bad());
        let date = match parts.as_slice() {
            [y] => {
                let y = num(y)?;
                if end {
                    Date::new(y, 12, 31)
                } else {
                    Date::new(y, 1, 1)
                }
            }
            [y, m] => {
                let (y, m) = (num(y)?, num(m)?);
                if end && (1..=12).contains(&m) {
                    Date::new(y, m, days_in_month(y, m))
                } else {
                    Date::new(y, m, 1)
                }
            }
            [y, m, d] => Date::new(num(y)?, num(m)?, num(d)?),
            _ => None,
        };
        date.ok_or_else(bad)
    }
}

fn is_leap(year: u32) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl From<Date> for String {
    fn from(date: Date) -> String {
        date.to_string()
    }
}

impl TryFrom<String> for Date {
    type Error = BadDate;
    fn try_from(text: String) -> Result<Date, BadDate> {
        Date::parse(&text)
    }
}

impl std::str::FromStr for Date {
    type Err = BadDate;
    fn from_str(text: &str) -> Result<Date, BadDate> {
        Date::parse(text)
    }
}

/// 2026-02-09, 2026/2/9, 2026.02.09, 2026年2月9日: a date in Arabic digits.
const NUMERIC: &str = r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?";
/// 2026年1月28日: a date in Arabic digits written out with 年, 月 and 日.
const NUMERIC_WRITTEN_OUT: &str = r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日";
/// 09:45 or 09:45:30 after a date.
const TIME: &str = r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?";

/// 二〇二四年一月五日: a date in Chinese numerals, with `gap` (`\s*` or nothing) between its
/// parts, and year, month and day captured when `capture`.
fn chinese_pattern(gap: &str, capture: bool) -> String {
    let (open, close) = if capture { ("(", ")") } else { ("", "") };
    let year = format!("{open}[{YEAR_DIGIT_CHARS}]{{4}}{close}");
    let part = format!("{open}[{MONTH_DAY_CHARS}]{{1,3}}{close}");
    format!("{year}{gap}年{gap}{part}{gap}月{gap}{part}{gap}日")
}

static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?").unwrap()
});
static CHINESE_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&chinese_pattern(r"\s*", true)).unwrap());
/// A line that is only a date (and maybe a time), as pages print under a title.
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    let chinese = chinese_pattern("", false);
    Regex::new(&format!(r"^(?:{NUMERIC}|{chinese}){TIME}$")).unwrap()
});
/// A date (and time) that opens a row of labels (2024-01-10 10:00:00 来源：新华网).
pub(crate) static LEADING_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^{NUMERIC}{TIME}\s+")).unwrap());
/// A date written out with 年, 月 and 日, as a 题注 writes it: 2019年10月8日, 一九八二年十二月四日.
pub(crate) static WRITTEN_OUT_DATE: LazyLock<Regex> = LazyLock::new(|| {
    let chinese = chinese_pattern(r"\s*", false);
    Regex::new(&format!("{NUMERIC_WRITTEN_OUT}|{chinese}")).unwrap()
});
/// ——2026年1月28日在…会议上, 2026年1月14日在…, （二〇二四年一月五日在…）: a speech's byline.
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    let chinese = chinese_pattern("", false);
    Regex::new(&format!(
        r"^[—\-―－─~～\s（(]*(?:{NUMERIC_WRITTEN_OUT}|{chinese})\s*在"
    ))
    .unwrap()
});
/// （2022年3月30日…常务委员会第三十三次会议通过）: when a regulation was adopted or amended.
static ADOPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[（(].{0,80}(?:通过|批准|修正|修订|公布)[^，。]{0,20}[）)]$").unwrap()
});

/// The first date in a text.
pub fn find_date(text: &str) -> Option<Date> {
    let numeric = NUMERIC_DATE.captures(text).and_then(|c| {
        let m = c.get(0)?.start();
        Some((
            m,
            Date::new(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)?,
        ))
    });
    let chinese = CHINESE_DATE.captures(text).and_then(|c| {
        let m = c.get(0)?.start();
        Some((
            m,
            Date::new(
                digit_by_digit(&c[1])?,
                chinese_ordinal(&c[2])?,
                chinese_ordinal(&c[3])?,
            )?,
        ))
    });
    match (numeric, chinese) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a.1 } else { b.1 }),
        (a, b) => a.or(b).map(|(_, d)| d),
    }
}

/// True for a line that holds nothing but a date (and a time).
pub fn is_date_line(line: &str) -> bool {
    DATE_LINE.is_match(line.trim())
}

/// The date a regulation's adoption line states: the first date of the line.
pub fn adoption_date(line: &str) -> Option<Date> {
    if line.chars().count() <= 120 && ADOPTION.is_match(line) {
        find_date(line)
    } else {
        None
    }
}

/// The date of a speech's byline (——2026年1月28日在…大会上).
pub fn byline_date(line: &str) -> Option<Date> {
    if BYLINE.is_match(line) {
        find_date(line)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_days_that_exist_are_dates() {
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2000, 2, 29).is_some());
        for (y, m, d) in [
            (2023, 2, 29),
            (1900, 2, 29),
            (2026, 4, 31),
            (2026, 13, 1),
            (2026, 0, 1),
            (2026, 1, 0),
            (1899, 1, 1),
        ] {
            assert_eq!(Date::new(y, m, d), None, "{y}-{m}-{d}");
        }
        assert_eq!(Date::parse("2023-02-29"), Err(BadDate("2023-02-29".into())));
        assert_eq!(Date::parse("2026/2/9").unwrap().to_string(), "2026-02-09");
    }

    #[test]
    fn bounds_cover_the_whole_year_or_month() {
        let b = |t: &str, end: bool| Date::bound(t, end).map(|d| d.to_string());
        assert_eq!(b("2026", false).unwrap(), "2026-01-01");
        assert_eq!(b("2026", true).unwrap(), "2026-12-31");
        assert_eq!(b("2024-02", true).unwrap(), "2024-02-29");
        assert_eq!(b("2023-02", true).unwrap(), "2023-02-28");
        assert_eq!(b("2026-04-30", true).unwrap(), "2026-04-30");
        assert!(b("2023-02-29", false).is_err());
        assert!(b("2026-13", false).is_err());
        assert!(b("soon", false).is_err());
    }

    #[test]
    fn a_date_is_stored_as_its_iso_string() {
        let d = Date::new(2026, 1, 28).unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2026-01-28\"");
        assert_eq!(serde_json::from_str::<Date>("\"2026-01-28\"").unwrap(), d);
        assert!(serde_json::from_str::<Date>("\"2023-02-29\"").is_err());
        assert_eq!(d.number(), 20260128);
    }

    #[test]
    fn dates_in_every_form() {
        assert_eq!(
            find_date("2022-03-01").map(|d| d.to_string()).as_deref(),
            Some("2022-03-01")
        );
        assert_eq!(
            find_date("时间：2026-2-9")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2026-02-09")
        );
        assert_eq!(
            find_date("2026年1月28日在")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2026-01-28")
        );
        assert_eq!(
            find_date("2026/01/31 07:00")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2026-01-31")
        );
        assert_eq!(
            find_date("二〇二六年一月二十七日")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2026-01-27")
        );
        assert_eq!(
            find_date("二○二五年十二月三十日")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2025-12-30")
        );
        assert_eq!(find_date("2026年13月1日"), None);
    }

    #[test]
    fn date_lines() {
        assert!(is_date_line("2026-02-03 09:02:33"));
        assert!(is_date_line("二〇二六年一月二十七日"));
        assert!(!is_date_line("2026年1月28日在重庆市第六届人民代表大会"));
    }

    #[test]
    fn bylines_of_speeches_give_their_date() {
        for (line, date) in [
            (
                "——2026年1月28日在重庆市第六届人民代表大会第四次会议上",
                "2026-01-28",
            ),
            (
                "2026年1月14日在浙江省第十四届人民代表大会第四次会议上",
                "2026-01-14",
            ),
            (
                "――2026年1月27日在青海省第十四届人民代表大会第四次会议上",
                "2026-01-27",
            ),
            ("（二〇二四年一月五日在全省工作会议上）", "2024-01-05"),
        ] {
            assert_eq!(
                byline_date(line).map(|d| d.to_string()).as_deref(),
                Some(date),
                "{line}"
            );
        }
        assert_eq!(byline_date("2026年1月28日，全市召开大会。"), None);
        assert_eq!(byline_date("会议于2026年1月28日在北京召开"), None);
    }

    #[test]
    fn adoption_lines_of_regulations_give_their_date() {
        assert_eq!(
            adoption_date("（2022年3月30日重庆市第五届人民代表大会常务委员会第三十三次会议通过）")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2022-03-30")
        );
        assert_eq!(
            adoption_date("(2010年7月23日通过 2021年5月27日修正)")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2010-07-23")
        );
        assert_eq!(adoption_date("（此件公开发布）"), None);
        assert_eq!(adoption_date("（2024年）"), None);
    }
}
