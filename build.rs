//! Compile-time tables, generated from source data kept in the repository.
//!
//! jieba's dictionary (`dict/jieba/dict.txt`) is sorted by word into a table that a query looks
//! words up in directly: a command-line search segments its few words without first parsing
//! 349,045 lines (see `src/analyze/dictionary.rs`).

use std::path::Path;

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    jieba_dictionary(Path::new("dict/jieba/dict.txt"), Path::new(&out));
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
