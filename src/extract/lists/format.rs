//! List numbers as Word prints them: one number in one number format (1, iv, BB, 十二, 壹拾贰,
//! ⑫, ⒓, 丙, 甲子, …), for both Word readers.
//!
//! DOCX names a level's format (`w:numFmt`, ST_NumberFormat) and Word 97 stores it as a code
//! (the LVL's nfc, MSONFC), but the codes are that same enumeration in order, so both map onto
//! [`NumFormat`] and a number prints the same whichever file it comes from. Where the two
//! readers once disagreed, this follows what Word prints: 10 000 is 一万 (not digit by digit),
//! ideographic stems and branches cycle past 甲…癸 / 子…亥, ⒛ and ⒇ continue as "21." and
//! "(21)", and `ideographEnclosedCircle` is the parenthesised ㈠…㈩.
//!
//! A number outside a format's range is printed in plain digits, as Word does.

/// A level's number format, as far as this reader tells formats apart: each ST_NumberFormat
/// name (and MSONFC code) maps to the one that prints like it.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub(crate) enum NumFormat {
    #[default]
    Decimal,
    DecimalZero,
    UpperLetter,
    LowerLetter,
    UpperRoman,
    LowerRoman,
    ChineseCounting,
    ChineseLegalSimplified,
    ChineseLegalTraditional,
    TaiwaneseCounting,
    JapaneseCounting,
    IdeographDigital,
    IdeographTraditional,
    IdeographZodiac,
    IdeographZodiacTraditional,
    IdeographEnclosedCircle,
    EnclosedCircle,
    EnclosedParen,
    EnclosedFullstop,
    FullWidth,
    Bullet,
    Nothing,
}

impl NumFormat {
    /// `None` for formats this reader does not know (`custom` among them), so a known
    /// format given elsewhere (e.g. in an `mc:Fallback`) stands.
    pub(crate) fn from_name(name: &str) -> Option<NumFormat> {
        use NumFormat::*;
        Some(match name {
            "decimal" | "decimalHalfWidth" | "ordinal" | "cardinalText" | "ordinalText" => Decimal,
            "decimalZero" => DecimalZero,
            "upperLetter" => UpperLetter,
            "lowerLetter" => LowerLetter,
            "upperRoman" => UpperRoman,
            "lowerRoman" => LowerRoman,
            "chineseCounting" | "chineseCountingThousand" => ChineseCounting,
            "chineseLegalSimplified" => ChineseLegalSimplified,
            "ideographLegalTraditional" => ChineseLegalTraditional,
            "taiwaneseCounting" | "taiwaneseCountingThousand" => TaiwaneseCounting,
            "japaneseCounting" => JapaneseCounting,
            "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => {
                IdeographDigital
            }
            "ideographTraditional" => IdeographTraditional,
            "ideographZodiac" => IdeographZodiac,
            "ideographZodiacTraditional" => IdeographZodiacTraditional,
            "ideographEnclosedCircle" => IdeographEnclosedCircle,
            "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => EnclosedCircle,
            "decimalEnclosedParen" => EnclosedParen,
            "decimalEnclosedFullstop" => EnclosedFullstop,
            "decimalFullWidth" | "decimalFullWidth2" => FullWidth,
            "bullet" => Bullet,
            "none" => Nothing,
            _ => return None,
        })
    }

    /// The format of a Word 97 level's number format code (MSONFC, [MS-DOC] 2.9.158), whose
    /// values are the ST_NumberFormat names in order; 255 is `none`. Unknown codes are decimal.
    pub(crate) fn from_msonfc(code: u8) -> NumFormat {
        const NAMES: [&str; 40] = [
            "decimal",
            "upperRoman",
            "lowerRoman",
            "upperLetter",
            "lowerLetter",
            "ordinal",
            "cardinalText",
            "ordinalText",
            "hex",
            "chicago",
            "ideographDigital",
            "japaneseCounting",
            "aiueo",
            "iroha",
            "decimalFullWidth",
            "decimalHalfWidth",
            "japaneseLegal",
            "japaneseDigitalTenThousand",
            "decimalEnclosedCircle",
            "decimalFullWidth2",
            "aiueoFullWidth",
            "irohaFullWidth",
            "decimalZero",
            "bullet",
            "ganada",
            "chosung",
            "decimalEnclosedFullstop",
            "decimalEnclosedParen",
            "decimalEnclosedCircleChinese",
            "ideographEnclosedCircle",
            "ideographTraditional",
            "ideographZodiac",
            "ideographZodiacTraditional",
            "taiwaneseCounting",
            "ideographLegalTraditional",
            "taiwaneseCountingThousand",
            "taiwaneseDigital",
            "chineseCounting",
            "chineseLegalSimplified",
            "chineseCountingThousand",
        ];
        let name = match code {
            0xFF => Some("none"),
            _ => NAMES.get(usize::from(code)).copied(),
        };
        name.and_then(NumFormat::from_name)
            .unwrap_or(NumFormat::Decimal)
    }
}

/// Digits, units (十 百 千) and the 万 of a Chinese-style numeral set.
struct Numerals {
    digits: [char; 10],
    units: [char; 3],
    ten_thousand: char,
    /// Informal styles write 十一, not 一十一, when ten leads.
    drop_leading_one: bool,
}

const CHINESE: Numerals = Numerals {
    digits: ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'],
    units: ['十', '百', '千'],
    ten_thousand: '万',
    drop_leading_one: true,
};
const TAIWANESE: Numerals = Numerals {
    ten_thousand: '萬',
    ..CHINESE
};
const CHINESE_LEGAL: Numerals = Numerals {
    digits: ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'],
    units: ['拾', '佰', '仟'],
    ten_thousand: '万',
    drop_leading_one: false,
};
const CHINESE_LEGAL_TRADITIONAL: Numerals = Numerals {
    digits: ['零', '壹', '貳', '參', '肆', '伍', '陸', '柒', '捌', '玖'],
    units: ['拾', '佰', '仟'],
    ten_thousand: '萬',
    drop_leading_one: false,
};

const HEAVENLY_STEMS: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
const EARTHLY_BRANCHES: [char; 12] = [
    '子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥',
];

/// `n` as a list number in `format`; bullets and `none` print nothing.
pub(crate) fn format_number(n: i64, format: NumFormat) -> String {
    use NumFormat::*;
    // Position in a cycle (甲乙丙…), 0-based; numbers below 1 have none.
    let cycle = |len: usize| {
        n.checked_sub(1)
            .and_then(|i| usize::try_from(i).ok())
            .map(|i| i % len)
    };
    let offset_char = |base: u32, from: i64, to: i64| {
        (from..=to)
            .contains(&n)
            .then(|| u32::try_from(n - from).ok())
            .flatten()
            .and_then(|i| char::from_u32(base + i))
    };
    let text = match format {
        Bullet | Nothing => Some(String::new()),
        Decimal => None,
        DecimalZero => Some(format!("{n:02}")),
        UpperLetter | LowerLetter => letters(n, format == UpperLetter),
        UpperRoman | LowerRoman => roman(n, format == UpperRoman),
        ChineseCounting => chinese(n, &CHINESE),
        TaiwaneseCounting => chinese(n, &TAIWANESE),
        ChineseLegalSimplified => chinese(n, &CHINESE_LEGAL),
        ChineseLegalTraditional => chinese(n, &CHINESE_LEGAL_TRADITIONAL),
        JapaneseCounting => japanese(n),
        IdeographDigital => (n >= 0).then(|| {
            n.to_string()
                .bytes()
                .map(|b| {
                    if b == b'0' {
                        '〇'
                    } else {
                        CHINESE.digits[usize::from(b - b'0')]
                    }
                })
                .collect()
        }),
        IdeographTraditional => cycle(10).map(|i| HEAVENLY_STEMS[i].to_string()),
        IdeographZodiac => cycle(12).map(|i| EARTHLY_BRANCHES[i].to_string()),
        IdeographZodiacTraditional => cycle(60).map(|i| {
            [HEAVENLY_STEMS[i % 10], EARTHLY_BRANCHES[i % 12]]
                .iter()
                .collect()
        }),
        // Word prints the parenthesised ㈠…㈩ (U+3220), not the circled ㊀ its name suggests.
        IdeographEnclosedCircle => offset_char(0x3220, 1, 10).map(String::from),
        EnclosedCircle => offset_char(0x2460, 1, 20)
            .or_else(|| offset_char(0x3251, 21, 35))
            .or_else(|| offset_char(0x32B1, 36, 50))
            .map(String::from),
        EnclosedParen => {
            Some(offset_char(0x2474, 1, 20).map_or_else(|| format!("({n})"), String::from))
        }
        EnclosedFullstop => {
            Some(offset_char(0x2488, 1, 20).map_or_else(|| format!("{n}."), String::from))
        }
        FullWidth => Some(
            n.to_string()
                .chars()
                .map(|c| match c.to_digit(10) {
                    Some(d) => char::from_u32(0xFF10 + d).unwrap_or(c),
                    None => c,
                })
                .collect(),
        ),
    };
    // Outside a format's range Word falls back to plain digits.
    text.unwrap_or_else(|| n.to_string())
}

/// A, B, …, Z, AA, BB, …: Word repeats the letter.
fn letters(n: i64, upper: bool) -> Option<String> {
    let index = usize::try_from(n.checked_sub(1)?)
        .ok()
        .filter(|&i| i < 26 * 30)?;
    let base = if upper { b'A' } else { b'a' };
    let letter = char::from(base + u8::try_from(index % 26).ok()?);
    Some(std::iter::repeat_n(letter, index / 26 + 1).collect())
}

fn roman(n: i64, upper: bool) -> Option<String> {
    if !(1..4000).contains(&n) {
        return None;
    }
    const TABLE: [(i64, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut rest = n;
    let mut out = String::new();
    for (value, letters) in TABLE {
        while rest >= value {
            out.push_str(letters);
            rest -= value;
        }
    }
    Some(if upper { out.to_uppercase() } else { out })
}

/// Chinese numerals (一百零一, 二十), up to 99 999 999.
fn chinese(n: i64, numerals: &Numerals) -> Option<String> {
    if !(1..100_000_000).contains(&n) {
        return None;
    }
    let (high, low) = (n / 10_000, n % 10_000);
    let mut out = String::new();
    if high > 0 {
        out.push_str(&chinese_section(high, numerals, true));
        out.push(numerals.ten_thousand);
        if (1..1000).contains(&low) {
            out.push(numerals.digits[0]);
        }
    }
    if low > 0 {
        out.push_str(&chinese_section(low, numerals, high == 0));
    }
    Some(out)
}

/// 1–9999 in Chinese numerals; inner zeros become one 零, trailing zeros vanish.
fn chinese_section(n: i64, numerals: &Numerals, leading: bool) -> String {
    let digits = [n / 1000 % 10, n / 100 % 10, n / 10 % 10, n % 10];
    let units = [
        Some(numerals.units[2]),
        Some(numerals.units[1]),
        Some(numerals.units[0]),
        None,
    ];
    let mut out = String::new();
    let mut zero_pending = false;
    for (i, (&digit, unit)) in digits.iter().zip(units).enumerate() {
        let Some(&numeral) = usize::try_from(digit)
            .ok()
            .and_then(|d| numerals.digits.get(d))
        else {
            continue;
        };
        if digit == 0 {
            zero_pending = !out.is_empty();
            continue;
        }
        if zero_pending {
            out.push(numerals.digits[0]);
            zero_pending = false;
        }
        let drop_one =
            numerals.drop_leading_one && leading && digit == 1 && i == 2 && out.is_empty();
        if !drop_one {
            out.push(numeral);
        }
        out.extend(unit);
    }
    out
}

/// Japanese counting: 十一, 百一, 千; no 一 before a unit and no zero marks.
fn japanese(n: i64) -> Option<String> {
    if !(1..100_000_000).contains(&n) {
        return None;
    }
    let section = |n: i64| {
        let mut out = String::new();
        let digits = [n / 1000 % 10, n / 100 % 10, n / 10 % 10, n % 10];
        let units = [Some('千'), Some('百'), Some('十'), None];
        for (digit, unit) in digits.into_iter().zip(units) {
            let Some(&numeral) = usize::try_from(digit)
                .ok()
                .and_then(|d| CHINESE.digits.get(d))
            else {
                continue;
            };
            if digit == 0 {
                continue;
            }
            if digit != 1 || unit.is_none() {
                out.push(numeral);
            }
            out.extend(unit);
        }
        out
    };
    let (high, low) = (n / 10_000, n % 10_000);
    let mut out = String::new();
    if high > 0 {
        out.push_str(&section(high));
        out.push('万');
    }
    out.push_str(&section(low));
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// From DOCX, by format name.
    #[test]
    fn number_formats() {
        assert_eq!(format_number(10, NumFormat::ChineseCounting), "十");
        assert_eq!(format_number(21, NumFormat::ChineseCounting), "二十一");
        assert_eq!(format_number(105, NumFormat::ChineseCounting), "一百零五");
        assert_eq!(format_number(110, NumFormat::ChineseCounting), "一百一十");
        assert_eq!(
            format_number(12, NumFormat::ChineseLegalSimplified),
            "壹拾贰"
        );
        assert_eq!(format_number(3, NumFormat::IdeographTraditional), "丙");
        assert_eq!(format_number(13, NumFormat::IdeographZodiac), "子");
        assert_eq!(format_number(12, NumFormat::EnclosedCircle), "⑫");
        assert_eq!(format_number(2, NumFormat::EnclosedParen), "⑵");
        assert_eq!(format_number(28, NumFormat::UpperLetter), "BB");
        assert_eq!(format_number(1994, NumFormat::UpperRoman), "MCMXCIV");
        assert_eq!(format_number(15, NumFormat::FullWidth), "１５");
        assert_eq!(format_number(111, NumFormat::JapaneseCounting), "百十一");
        assert_eq!(format_number(0, NumFormat::ChineseCounting), "0");
    }

    /// From Word 97, by MSONFC code.
    #[test]
    fn formats_list_numbers() {
        let format = |value: i64, nfc: u8| format_number(value, NumFormat::from_msonfc(nfc));
        assert_eq!(format(1, 37), "一");
        assert_eq!(format(10, 37), "十");
        assert_eq!(format(21, 37), "二十一");
        assert_eq!(format(105, 37), "一百零五");
        assert_eq!(format(12, 38), "壹拾贰");
        assert_eq!(format(3, 29), "㈢");
        assert_eq!(format(14, 1), "XIV");
        assert_eq!(format(28, 4), "bb");
        assert_eq!(format(7, 22), "07");
        assert_eq!(format(-3, 37), "-3");
    }

    #[test]
    fn codes_and_names_are_one_enumeration() {
        assert_eq!(NumFormat::from_msonfc(0), NumFormat::Decimal);
        assert_eq!(NumFormat::from_msonfc(23), NumFormat::Bullet);
        assert_eq!(NumFormat::from_msonfc(0xFF), NumFormat::Nothing);
        assert_eq!(
            NumFormat::from_msonfc(34),
            NumFormat::ChineseLegalTraditional
        );
        assert_eq!(NumFormat::from_msonfc(9), NumFormat::Decimal);
        assert_eq!(NumFormat::from_msonfc(200), NumFormat::Decimal);
        assert_eq!(
            NumFormat::from_name("ideographEnclosedCircle"),
            Some(NumFormat::from_msonfc(29))
        );
    }

    /// Where the Word 97 and DOCX readers used to differ, both now print what Word prints.
    #[test]
    fn formats_where_the_readers_differed() {
        assert_eq!(format_number(3, NumFormat::IdeographEnclosedCircle), "㈢");
        assert_eq!(format_number(11, NumFormat::IdeographEnclosedCircle), "11");
        assert_eq!(format_number(10_000, NumFormat::ChineseCounting), "一万");
        assert_eq!(
            format_number(10_005, NumFormat::ChineseCounting),
            "一万零五"
        );
        assert_eq!(format_number(10_000, NumFormat::TaiwaneseCounting), "一萬");
        assert_eq!(format_number(11, NumFormat::IdeographTraditional), "甲");
        assert_eq!(
            format_number(1, NumFormat::IdeographZodiacTraditional),
            "甲子"
        );
        assert_eq!(format_number(21, NumFormat::EnclosedFullstop), "21.");
        assert_eq!(format_number(21, NumFormat::EnclosedParen), "(21)");
        assert_eq!(format_number(21, NumFormat::EnclosedCircle), "㉑");
        assert_eq!(format_number(105, NumFormat::IdeographDigital), "一〇五");
    }
}
