//! Which characters are worth searching for: what the word segmenter, the shingles and the
//! query parser all skip when a text holds none of them.

/// True when the text holds something worth searching: a letter, digit or ideograph.
pub fn has_searchable_char(text: &str) -> bool {
    text.chars().any(is_searchable_char)
}

/// A letter, digit or ideograph. The common ideographs are told by their range first: Unicode's
/// alphabetic table is a search per character, and this runs over every word and shingle indexed.
pub fn is_searchable_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || crate::text::is_common_ideograph(c) || c.is_alphanumeric()
}
