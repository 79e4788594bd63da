//! Chinese numerals, read and written in one place. Headings (第十二章, （三）), articles
//! (第二十五条), dates (二〇二四年一月五日), citations typed by a user (第两款) and counts in
//! running text (十五个) all number in Chinese; the stages that meet them (`parse`, `search`,
//! `research`) take the characters and the conversions from here, so that no two of them can
//! disagree on what a numeral is. (`extract` writes Word's list numbers in its own formats.)

/// The characters of a numeral as headings, articles and citations write it: 一 to 九, the units
/// 十 百 千, and 零 / 〇 for a gap (一百零三).
pub const NUMERAL_CHARS: &str = "一二三四五六七八九十百千零〇";

/// [`NUMERAL_CHARS`] and 两, the 二 of speech, which a typed citation may use (前两款, 第两条).
pub const SPOKEN_NUMERAL_CHARS: &str = "一二三四五六七八九十百千零〇两";

/// The characters of a count in running text (十五个, 两项, 三万): [`SPOKEN_NUMERAL_CHARS`] and
/// the large units 万 and 亿.
pub const COUNT_CHARS: &str = "〇零一二三四五六七八九十百千万亿两";

/// The digits of a year written digit by digit (二〇二六, 二○二六): 〇 and the look-alikes that
/// typists use for it (○, 零, Ｏ), then 一 to 九.
pub const YEAR_DIGIT_CHARS: &str = "〇○零Ｏ一二三四五六七八九";

/// The characters of a month or a day (十二月, 三十一日): 一 to 十.
pub const MONTH_DAY_CHARS: &str = "一二三四五六七八九十";

/// 25 → 二十五, 10 → 十, 103 → 一百零三, 1260 → 一千二百六十: an article's number as laws write it.
pub fn chinese_numeral(n: u32) -> String {
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    if n == 0 {
        return "零".into();
    }
    let units = [(1000, '千'), (100, '百'), (10, '十')];
    let mut out = String::new();
    let mut rest = n;
    let mut gap = false;
    for (value, unit) in units {
        let d = rest / value;
        rest %= value;
        if d > 0 {
            if gap {
                out.push('零');
            }
            // 十二, not 一十二, when 十 leads; 一百一十二 inside a larger number.
            if !(unit == '十' && d == 1 && out.is_empty()) {
                out.push(DIGITS[d as usize]);
            }
            out.push(unit);
            gap = false;
        } else if !out.is_empty() {
            gap = true;
        }
    }
    if rest > 0 {
        if gap {
            out.push('零');
        }
        out.push(DIGITS[rest as usize]);
    }
    out
}

/// 一千二百六十 → 1260, 二十五 → 25, 十 → 10, 一百零三 → 103.
pub fn chinese_ordinal(text: &str) -> Option<u32> {
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32)
    };
    let (mut total, mut current) = (0u32, 0u32);
    let mut any = false;
    for c in text.chars() {
        any = true;
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            '〇' => {
                current = 0;
                continue;
            }
            c => {
                current = digit(c)?;
                continue;
            }
        };
        // 十 alone is 一十.
        total += current.max(1) * unit;
        current = 0;
    }
    any.then_some(total + current)
}

/// 二〇二六 → 2026: a number written digit by digit, as years are (no units).
pub fn digit_by_digit(s: &str) -> Option<u32> {
    s.chars()
        .try_fold(0, |acc, c| Some(acc * 10 + year_digit(c)?))
}

/// One digit of a year: 〇 (or a look-alike) → 0, 一 → 1, …
fn year_digit(c: char) -> Option<u32> {
    "〇一二三四五六七八九"
        .chars()
        .position(|d| d == c)
        .map(|p| p as u32)
        .or(match c {
            '○' | '零' | 'Ｏ' => Some(0),
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_numbers_both_ways() {
        for (n, text) in [
            (1, "一"),
            (10, "十"),
            (12, "十二"),
            (25, "二十五"),
            (103, "一百零三"),
            (110, "一百一十"),
            (1001, "一千零一"),
            (1260, "一千二百六十"),
        ] {
            assert_eq!(chinese_numeral(n), text);
            assert_eq!(chinese_ordinal(text), Some(n), "{text}");
        }
    }

    #[test]
    fn years_digit_by_digit() {
        assert_eq!(digit_by_digit("二〇二六"), Some(2026));
        assert_eq!(digit_by_digit("二○二五"), Some(2025));
        assert_eq!(digit_by_digit("二零二四"), Some(2024));
        assert_eq!(digit_by_digit("二十"), None);
    }

    #[test]
    fn each_wider_set_of_characters_holds_the_narrower() {
        let within = |a: &str, b: &str| a.chars().all(|c| b.contains(c));
        assert!(within(NUMERAL_CHARS, SPOKEN_NUMERAL_CHARS));
        assert!(within(SPOKEN_NUMERAL_CHARS, COUNT_CHARS));
        assert!(within(MONTH_DAY_CHARS, NUMERAL_CHARS));
        let written = |n| {
            chinese_numeral(n)
                .chars()
                .all(|c| NUMERAL_CHARS.contains(c))
        };
        assert!((0..3000).all(written));
    }
}
