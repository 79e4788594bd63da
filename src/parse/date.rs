//! Calendar dates as documents state them, parsed once and validated: 2023-02-29 is no date.

use std::fmt;

use serde::{Deserialize, Serialize};

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
}
