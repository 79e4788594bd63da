//! What several stages know about Chinese text, kept below all of them: which characters are
//! CJK, how wide they are set, how Chinese numerals are read and written, how the headings of
//! official documents are numbered, and how a table row is written as one line. The page layout
//! of `extract` and the section paths of `parse` both tell headings by their numbers; with the
//! patterns here neither reaches into the other.

pub mod heading;
pub mod numerals;

/// The cells of a table row, joined into the row's one line (a DOCX, DOC or Markdown table reads
/// alike).
pub const CELL_SEPARATOR: &str = " | ";

/// A character of the CJK Unified Ideographs block (U+4E00–U+9FFF): the common Chinese
/// characters, which have no case and are their own NFKC form, so the folding and case-blind
/// comparisons take them on a fast path.
#[inline]
pub fn is_common_ideograph(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// A Chinese character of the common block or of Extension A (U+3400–U+4DBF, rarer characters
/// that a ToUnicode map gone wrong likes to produce).
#[inline]
pub fn is_ideograph(c: char) -> bool {
    is_common_ideograph(c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// A radical of the CJK Radicals Supplement (U+2E80–U+2EFF): shapes such as ⻓ that fonts draw
/// like an ideograph (长) and a text layer gone wrong carries instead of it.
#[inline]
pub fn is_radical_supplement(c: char) -> bool {
    ('\u{2e80}'..='\u{2eff}').contains(&c)
}

/// A Kangxi radical (U+2F00–U+2FDF, ⼀ for 一): NFKC gives its ideograph.
#[inline]
pub fn is_kangxi_radical(c: char) -> bool {
    ('\u{2f00}'..='\u{2fdf}').contains(&c)
}

/// A CJK compatibility ideograph (U+F900–U+FAFF): a duplicate of a unified ideograph, kept for
/// round trips with older character sets.
#[inline]
pub fn is_compatibility_ideograph(c: char) -> bool {
    ('\u{f900}'..='\u{faff}').contains(&c)
}

/// A character set one em wide (CJK, fullwidth forms, the em dash and curly quotes of Chinese
/// typesetting); others are about half an em.
pub fn is_wide(ch: char) -> bool {
    matches!(ch,
        '\u{1100}'..='\u{115F}'
        | '\u{2014}'..='\u{2015}'
        | '\u{2018}'..='\u{201F}'
        | '\u{2026}'
        | '\u{2E80}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE10}'..='\u{FE6F}'
        | '\u{FF00}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{20000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ideographs_common_and_rare() {
        assert!(is_common_ideograph('政') && is_ideograph('政'));
        assert!(!is_common_ideograph('㐀') && is_ideograph('㐀'));
        assert!(!is_ideograph('A') && !is_ideograph('，') && !is_ideograph('〇'));
        assert!(is_wide('，') && is_wide('政') && is_wide('—') && !is_wide('a'));
        assert!(is_radical_supplement('⻓') && !is_radical_supplement('长'));
        assert!(is_kangxi_radical('⼀') && !is_kangxi_radical('一'));
        assert!(is_compatibility_ideograph('\u{f900}') && !is_compatibility_ideograph('政'));
    }
}
