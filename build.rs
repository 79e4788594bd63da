//! Compile-time tables, generated from source data kept in the repository.
//!
//! jieba's dictionary (`dict/jieba/dict.txt`) is sorted by word into a table that a query looks
//! words up in directly: a command-line search segments its few words without first parsing
//! 349,045 lines (see `src/analyze/dictionary.rs`).
//!
//! OpenCC's `dict/opencc/TSCharacters.txt` becomes the traditional → simplified table of
//! `src/analyze/fold.rs`.

use std::path::Path;

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    jieba_dictionary(Path::new("dict/jieba/dict.txt"), Path::new(&out));
    traditional_to_simplified(Path::new("dict/opencc/TSCharacters.txt"), Path::new(&out));
}

/// Writes `t2s_table.rs`: `T2S`, sorted by traditional character, each mapped to the first
/// simplified candidate of its line. Lines that map a character to itself add nothing to fold.
fn traditional_to_simplified(source: &Path, out: &Path) {
    println!("cargo::rerun-if-changed={}", source.display());
    let text = std::fs::read_to_string(source)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", source.display()));
    let single = |s: &str| {
        let mut chars = s.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        }
    };
    let mut pairs: Vec<(char, char)> = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let (traditional, simplified) = line
            .split_once('\t')
            .unwrap_or_else(|| panic!("{}: no tab in {line:?}", source.display()));
        let first = simplified.split(' ').next().unwrap_or_default();
        let (Some(t), Some(s)) = (single(traditional), single(first)) else {
            panic!("{}: not one character for one: {line:?}", source.display());
        };
        if t != s {
            pairs.push((t, s));
        }
    }
    pairs.sort();
    pairs.dedup_by_key(|p| p.0);
    let mut table = String::from(
        "/// Traditional → simplified, sorted by the traditional character (from build.rs).\n\
         pub(super) static T2S: &[(char, char)] = &[\n",
    );
    for (t, s) in &pairs {
        table.push_str(&format!("    ({t:?}, {s:?}),\n"));
    }
    table.push_str("];\n");
    std::fs::write(out.join("t2s_table.rs"), table)
        .unwrap_or_else(|e| panic!("writing t2s_table.rs: {e}"));
}

/// Writes `jieba_dictionary.txt` (the lines, sorted by word), `jieba_dictionary.idx` (the byte
/// offset of each line, u32 little-endian) and `jieba_dictionary.rs` (its totals).
fn jieba_dictionary(source: &Path, out: &Path) {
    println!("cargo::rerun-if-changed={}", source.display());
    let text = std::fs::read_to_string(source)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", source.display()));
    let mut entries: Vec<(&str, usize, &str)> = text
        .lines()
        .filter_map(|line| {
            let mut parts = line.split_ascii_whitespace();
            let word = parts.next()?;
            let freq = parts.next().map_or(0, |f| {
                f.parse()
                    .unwrap_or_else(|_| panic!("bad frequency: {line}"))
            });
            Some((word, freq, parts.next().unwrap_or("")))
        })
        .collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    let before = entries.len();
    entries.dedup_by(|a, b| a.0 == b.0);
    assert_eq!(
        before,
        entries.len(),
        "{} lists a word twice",
        source.display()
    );

    let mut sorted = String::with_capacity(text.len());
    let mut offsets = Vec::with_capacity(entries.len() * 4 + 4);
    for (word, freq, tag) in &entries {
        offsets.extend_from_slice(&(sorted.len() as u32).to_le_bytes());
        sorted.push_str(&format!("{word} {freq} {tag}\n"));
    }
    offsets.extend_from_slice(&(sorted.len() as u32).to_le_bytes());
    let total: usize = entries.iter().map(|e| e.1).sum();
    let longest = entries
        .iter()
        .map(|e| e.0.chars().count())
        .max()
        .unwrap_or(0);
    let write = |name: &str, bytes: &[u8]| {
        std::fs::write(out.join(name), bytes).unwrap_or_else(|e| panic!("writing {name}: {e}"))
    };
    write("jieba_dictionary.txt", sorted.as_bytes());
    write("jieba_dictionary.idx", &offsets);
    write(
        "jieba_dictionary.rs",
        format!(
            "/// Words in jieba's dictionary.\npub const WORDS: usize = {};\n\
             /// The sum of their frequencies.\npub const TOTAL_FREQUENCY: usize = {total};\n\
             /// The longest word, in characters.\npub const LONGEST_WORD: usize = {longest};\n",
            entries.len()
        )
        .as_bytes(),
    );
}
