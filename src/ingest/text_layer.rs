//! Whether a PDF's or OFD's text layer is text: a scan has none, and a wrong ToUnicode map gives
//! plausible-looking characters that say nothing. Judged with the word dictionary, so it is done
//! here, after extraction, rather than by the format readers.

use crate::extract::{ExtractError, Extracted};
use crate::text::is_ideograph;

/// Characters of a text layer sampled for [`check_text_layer`].
const SAMPLE_CHARS: usize = 4000;

/// A paged file without text needs OCR; one whose text is nonsense (a wrong ToUnicode map turns
/// every glyph into some other, plausible-looking character) must not be indexed either.
pub(super) fn check_text_layer(extracted: &Extracted) -> Result<(), ExtractError> {
    let sample: String = extracted
        .blocks
        .iter()
        .flat_map(|b| b.text.chars())
        .filter(|c| !c.is_whitespace())
        .take(SAMPLE_CHARS)
        .collect();
    let letters = sample.chars().filter(|c| c.is_alphanumeric()).count();
    if letters == 0 {
        return Err(ExtractError::NoTextLayer);
    }
    if is_garbage(&sample) {
        return Err(ExtractError::GarbageText);
    }
    Ok(())
}

/// Real Chinese text is mostly words of the dictionary; characters picked by a broken map are
/// not. Private-use and replacement characters, and mostly-unprintable text, are garbage too.
fn is_garbage(sample: &str) -> bool {
    let total = sample.chars().count();
    let junk = sample
        .chars()
        .filter(|&c| c == '\u{fffd}' || ('\u{e000}'..='\u{f8ff}').contains(&c) || c.is_control())
        .count();
    if junk * 10 > total {
        return true;
    }
    let cjk: Vec<&str> = crate::analyze::jieba()
        .cut(sample, false)
        .into_iter()
        .map(|t| t.word)
        .filter(|w| w.chars().any(is_ideograph))
        .collect();
    let cjk_chars: usize = cjk.iter().map(|w| w.chars().count()).sum();
    if cjk_chars < 40 {
        return false; // too little Chinese to judge; Latin text is judged by the junk share
    }
    let in_words: usize = cjk
        .iter()
        .map(|w| w.chars().count())
        .filter(|&n| n >= 2)
        .sum();
    // Reports and notices put some 75–90 % of their characters in words of two or more;
    // random characters, under 20 %.
    in_words * 100 < cjk_chars * 35
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_layer_of_random_characters_is_garbage_and_real_text_is_not() {
        let real = "为深入贯彻落实党中央、国务院决策部署，加快建设现代化产业体系，推动高质量发展，\
            现就做好二〇二四年重点工作通知如下。各地区各部门要提高政治站位，强化责任担当，\
            确保各项任务落到实处。";
        assert!(!is_garbage(&real.repeat(3)));
        // The same characters shifted in the code chart: a ToUnicode map that is off by some.
        let shifted: String = real
            .chars()
            .map(|c| {
                if is_ideograph(c) {
                    char::from_u32(c as u32 + 97).unwrap_or(c)
                } else {
                    c
                }
            })
            .collect();
        assert!(is_garbage(&shifted.repeat(3)), "{shifted}");
        assert!(is_garbage(&"\u{e001}\u{e002}\u{e003}".repeat(50)));
        assert!(!is_garbage("Annual report 2024: revenue grew by 5%."));
    }
}
