//! Synonyms and abbreviations of policy language (高新区 = 高新技术产业开发区), from
//! `dict/synonyms.txt`, applied at query time.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::fold::fold_str;

/// The groups shipped with the project: one group a line, terms separated by ` = `.
pub const SHIPPED_SYNONYMS: &str = include_str!("../../dict/synonyms.txt");
/// At most this many rewritings of one query part.
const MAX_ALTERNATIVES: usize = 8;

struct Synonyms {
    groups: Vec<Vec<String>>,
    /// Folded term → its groups.
    by_term: HashMap<String, Vec<usize>>,
    /// Terms longest first, so that 碳达峰碳中和 is tried before 碳达峰.
    terms: Vec<String>,
}

static SYNONYMS: LazyLock<Synonyms> = LazyLock::new(|| parse(SHIPPED_SYNONYMS));

fn parse(text: &str) -> Synonyms {
    let mut groups = Vec::new();
    let mut by_term: HashMap<String, Vec<usize>> = HashMap::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let terms: Vec<String> = line
            .split(" = ")
            .map(|t| fold_str(t.trim()))
            .filter(|t| !t.is_empty())
            .collect();
        if terms.len() < 2 {
            continue;
        }
        for t in &terms {
            by_term.entry(t.clone()).or_default().push(groups.len());
        }
        groups.push(terms);
    }
    let mut terms: Vec<String> = by_term.keys().cloned().collect();
    terms.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
    Synonyms {
        groups,
        by_term,
        terms,
    }
}

/// Other ways of writing a folded query part: each synonym term in it replaced by the others of
/// its group. Empty when the part holds no known term.
pub fn alternatives(part: &str) -> Vec<String> {
    alternatives_in(&SYNONYMS, part)
}

fn alternatives_in(synonyms: &Synonyms, part: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for term in &synonyms.terms {
        let Some(at) = part.find(term.as_str()) else {
            continue;
        };
        for &g in &synonyms.by_term[term] {
            for other in synonyms.groups[g].iter().filter(|o| *o != term) {
                let rewritten = format!("{}{}{}", &part[..at], other, &part[at + term.len()..]);
                // A rewriting that still contains the part adds nothing: it is found anyway.
                if !rewritten.contains(part) && !out.contains(&rewritten) {
                    out.push(rewritten);
                }
            }
        }
        // The longest term found decides; shorter ones inside it would rewrite it twice.
        break;
    }
    out.truncate(MAX_ALTERNATIVES);
    out
}

/// The synonym groups, terms folded (for exporting them to other engines).
pub fn groups() -> &'static [Vec<String>] {
    &SYNONYMS.groups
}

/// Number of synonym groups loaded.
pub fn group_count() -> usize {
    SYNONYMS.groups.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_rewritten_with_each_synonym() {
        let s = parse("# c\n高新区 = 高新技术产业开发区\n双碳 = 碳达峰碳中和 = 碳达峰、碳中和\n");
        assert_eq!(alternatives_in(&s, "高新区"), ["高新技术产业开发区"]);
        assert_eq!(alternatives_in(&s, "高新技术产业开发区"), ["高新区"]);
        assert_eq!(
            alternatives_in(&s, "双碳目标"),
            ["碳达峰碳中和目标", "碳达峰、碳中和目标"]
        );
        assert!(alternatives_in(&s, "科技创新").is_empty());
    }

    #[test]
    fn the_shipped_list_loads() {
        assert!(group_count() >= 3);
    }
}
