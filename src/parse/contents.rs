//! Contents pages (目录): a table of contents is not a second copy of the headings, so its
//! entries are passed over, whether printed with dot leaders and page numbers, without them, or
//! run into one line by a PDF's layout.

use std::sync::LazyLock;

use regex::Regex;

use super::structure;

/// A table of contents (目录 and the headings under it, with or without page numbers) is not
/// a second copy of the headings: its lines are passed over up to the first line that is no
/// entry, or that repeats the first entry (where the text itself begins).
#[derive(Debug, Default)]
pub struct TableOfContents {
    open: bool,
    first_entry: Option<String>,
}

/// An entry of a table of contents is at most this long.
const CONTENTS_ENTRY_MAX_CHARS: usize = 40;

impl TableOfContents {
    /// True when `line` is an entry of a contents page (or its 目录 heading), to be passed over.
    pub fn skips(&mut self, line: &str) -> bool {
        let squeezed: String = line.split_whitespace().collect();
        if is_leader_entry(&squeezed) {
            // An entry with its dot leader and page number, wherever it stands.
            if self.open {
                self.first_entry
                    .get_or_insert_with(|| contents_entry(&squeezed));
            }
            return true;
        }
        if squeezed == "目录" {
            self.open = true;
            self.first_entry = None;
            return true;
        }
        if !self.open {
            return false;
        }
        let entry = contents_entry(&squeezed);
        let is_entry = (entry.chars().count() <= CONTENTS_ENTRY_MAX_CHARS
            && !entry.contains(['。', '；', '，'])
            && (structure::is_heading(&entry) || entry != squeezed || entry.chars().count() <= 12))
            || is_run_of_entries(&entry);
        if !is_entry || self.first_entry.as_deref() == Some(entry.as_str()) {
            self.open = false;
            return false;
        }
        self.first_entry.get_or_insert(entry);
        true
    }
}

/// Where a numbered heading starts: 第三编, 第一分编, 第十二章, 第二节.
static NUMBERED_HEADING_START: LazyLock<Regex> = LazyLock::new(|| {
    let numeral = crate::text::numerals::NUMERAL_CHARS;
    Regex::new(&format!(r"第[{numeral}\d]+(?:部分|分编|编|篇|章|节)")).expect("valid regex")
});

/// Entries of a contents page that a PDF's layout ran into one line (第二节保证责任第十四章租赁合同
/// 第十五章融资租赁合同): two or more numbered headings, each short and without a sentence.
fn is_run_of_entries(squeezed: &str) -> bool {
    let starts: Vec<usize> = NUMBERED_HEADING_START
        .find_iter(squeezed)
        .map(|m| m.start())
        .collect();
    if starts.len() < 2 || starts[0] != 0 || squeezed.contains(['。', '；', '，', '：']) {
        return false;
    }
    let ends = starts.iter().skip(1).copied().chain([squeezed.len()]);
    starts.iter().zip(ends).all(|(&a, b)| {
        let piece = &squeezed[a..b];
        (3..=CONTENTS_ENTRY_MAX_CHARS).contains(&piece.chars().count())
    })
}

/// 1.4服务调用约束......12, 第一章总则…………3: a contents entry with a dot leader (four dots
/// or more) and a page number.
fn is_leader_entry(squeezed: &str) -> bool {
    let without_page = squeezed.trim_end_matches(|c: char| c.is_ascii_digit());
    let leader = without_page.len() - without_page.trim_end_matches(['.', '…', '·', '．']).len();
    leader >= 4 && without_page.chars().any(|c| !".…·．".contains(c))
}

/// An entry without its dot leader and page number: 第一章 总则……3 → 第一章总则.
fn contents_entry(squeezed: &str) -> String {
    let without_page = squeezed.trim_end_matches(|c: char| c.is_ascii_digit());
    without_page
        .trim_end_matches(['.', '…', '·', '-', '—', '_', '．'])
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contents_entries_a_layout_ran_into_one_line_are_not_text() {
        assert!(is_run_of_entries(
            "第二节保证责任第十四章租赁合同第十五章融资租赁合同"
        ));
        assert!(is_run_of_entries("第三编合同第一分编通则"));
        assert!(
            !is_run_of_entries("第十四章租赁合同"),
            "one entry is an ordinary heading"
        );
        assert!(!is_run_of_entries(
            "第二条依照第一条规定，第三章所列事项由县级以上人民政府负责。"
        ));
    }
}
