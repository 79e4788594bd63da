//! Citations of articles in a text: 依照《中华人民共和国行政处罚法》第三十三条 (another
//! document's article), 本法第十二条 / 本条例第十二条、第十五条 (this document's own), 前款 (the
//! article the paragraph stands in). Kept per document; `search::citations` links them to the
//! articles of the corpus, both ways.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::paragraph::Paragraph;
use super::references::title_key;
use super::structure;
use crate::text::numerals::{chinese_ordinal, NUMERAL_CHARS};

/// At most this many citations are kept per document.
const MAX_CITATIONS: usize = 5000;

/// A citation of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleRef {
    /// The citing paragraph's number.
    pub paragraph: u32,
    /// The cited document's title key (see `references::title_key`); none for this document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The cited article's number.
    pub article: u32,
}

/// 《…》第N条 or 本法第N条, and the articles listed after it (、第M条, 和第K条).
static CITATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:《([^《》\n]{{2,100}})》|(本(?:法|条例|规定|办法|细则|解释|决定|规则|准则|实施细则)))((?:第[{NUMERAL_CHARS}\d]+条(?:第[{NUMERAL_CHARS}\d]+款)?(?:第[（(][{NUMERAL_CHARS}\d]+[）)]项)?(?:、|，|和|或者|及|以及|至)?)+)"
    ))
    .expect("valid regex")
});
static ARTICLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"第([{NUMERAL_CHARS}\d]+)条")).expect("valid regex"));
/// 前款, 前两款, 前三款: the 款 before, in the same article.
static PREVIOUS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"前[两二三四五]?款").expect("valid regex"));

/// The citations of articles in a document's paragraphs.
pub fn of(paragraphs: &[Paragraph]) -> Vec<ArticleRef> {
    let mut out: Vec<ArticleRef> = Vec::new();
    for p in paragraphs {
        let mut push = |title: Option<String>, article: u32| {
            let r = ArticleRef {
                paragraph: p.number,
                title,
                article,
            };
            if article > 0 && out.len() < MAX_CITATIONS && !out.contains(&r) {
                out.push(r);
            }
        };
        for c in CITATION.captures_iter(&p.text) {
            let title = c.get(1).map(|t| title_key(t.as_str()));
            for a in ARTICLE.captures_iter(&c[3]) {
                let number = a[1].parse().ok().or_else(|| chinese_ordinal(&a[1]));
                if let Some(n) = number {
                    push(title.clone(), n);
                }
            }
        }
        if PREVIOUS.is_match(&p.text) {
            let own = p
                .section
                .iter()
                .rev()
                .find_map(|s| structure::article_number(s));
            if let Some(n) = own {
                push(None, n);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(number: u32, section: &[&str], text: &str) -> Paragraph {
        Paragraph {
            number,
            text: text.into(),
            section: section.iter().map(|s| s.to_string()).collect(),
            page: None,
        }
    }

    #[test]
    fn citations_of_other_documents_of_this_one_and_of_the_previous_clause() {
        let refs = of(&[
            p(
                1,
                &["第五条"],
                "第五条 依照《中华人民共和国行政处罚法》第三十三条的规定，可以不予处罚。",
            ),
            p(
                2,
                &["第六条"],
                "第六条 违反本法第十二条、第十五条规定的，依照本法第40条处罚。",
            ),
            p(3, &["第六条"], "有前款规定情形的，从重处罚。"),
            p(4, &["第七条"], "第七条 本法所称第三条规定，不是引用。"),
        ]);
        let got: Vec<(u32, Option<&str>, u32)> = refs
            .iter()
            .map(|r| (r.paragraph, r.title.as_deref(), r.article))
            .collect();
        assert_eq!(
            got,
            [
                (1, Some("中华人民共和国行政处罚法"), 33),
                (2, None, 12),
                (2, None, 15),
                (2, None, 40),
                (3, None, 6),
            ]
        );
    }
}
