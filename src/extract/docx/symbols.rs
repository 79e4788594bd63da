//! Symbols (w:sym): fonts such as Symbol and Wingdings address their glyphs through F000–F0FF.

pub(super) fn symbol_char(font: Option<&str>, code: &str) -> Option<char> {
    let code = u32::from_str_radix(code.trim(), 16).ok()?;
    let low = match code {
        0xF000..=0xF0FF => code - 0xF000,
        0x20..=0xFF => code,
        _ => return char::from_u32(code).filter(|c| !('\u{E000}'..='\u{F8FF}').contains(c)),
    };
    let font = font.unwrap_or_default().to_ascii_lowercase();
    if font.starts_with("wingdings") {
        return wingdings_char(low);
    }
    if font == "symbol" {
        return symbol_font_char(low);
    }
    char::from_u32(low).filter(|c| !c.is_control())
}

pub(super) fn symbol_font_char(code: u32) -> Option<char> {
    const UPPER: &str = "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ";
    const LOWER: &str = "αβχδεφγηιϕκλμνοπθρστυϖωξψζ";
    let ascii = u8::try_from(code).ok()?;
    Some(match ascii {
        b'A'..=b'Z' => UPPER.chars().nth(usize::from(ascii - b'A'))?,
        b'a'..=b'z' => LOWER.chars().nth(usize::from(ascii - b'a'))?,
        0x22 => '∀',
        0x24 => '∃',
        0x27 => '∋',
        0x2A => '∗',
        0x2D => '−',
        0x40 => '≅',
        0x5C => '∴',
        0x5E => '⊥',
        0x20..=0x7E => char::from(ascii),
        0xA3 => '≤',
        0xA5 => '∞',
        0xAB => '↔',
        0xAC => '←',
        0xAD => '↑',
        0xAE => '→',
        0xAF => '↓',
        0xB0 => '°',
        0xB1 => '±',
        0xB3 => '≥',
        0xB4 => '×',
        0xB7 => '•',
        0xB8 => '÷',
        0xB9 => '≠',
        0xBA => '≡',
        0xBB => '≈',
        0xBC => '…',
        0xD6 => '√',
        0xDE => '⇒',
        _ => return None,
    })
}

pub(super) fn wingdings_char(code: u32) -> Option<char> {
    Some(match code {
        0x6C => '●',
        0x6E => '■',
        0x6F => '□',
        0x71 => '❑',
        0x75 => '◆',
        0x76 => '❖',
        0x9F => '•',
        0xA7 => '▪',
        0xA8 => '□',
        0xD8 => '➢',
        0xE0 => '→',
        0xFB => '✗',
        0xFC => '✓',
        0xFD => '☒',
        0xFE => '☑',
        _ => return None,
    })
}
