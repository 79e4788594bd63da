//! What a document refers to: the document a 印发/转发 notice issues (《…》 in its own title),
//! other documents by title (《…》 in its text) and by number (国发〔2019〕5号). Kept as keys
//! (see [`title_key`]) that `search::links` looks up among the corpus's documents.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::paragraph::Paragraph;
use super::{doc_number, kind};
use crate::analyze::fold_str;

/// At most this many titles and numbers are kept per document: a law's list of the laws it
/// amends is long, a scraped page's run of 《》 links is noise.
const MAX_REFERENCES: usize = 200;

/// A title in 《》 (without nested 《》, without a line break), short enough to be a title.
static BOOK_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"《([^《》\n]{2,100})》").expect("valid regex"));

/// A notice that issues or forwards another document names it between 印发/转发/发布 and 的通知:
/// 关于印发《…办法》的通知, 关于转发省发展改革委…方案的通知.
static ISSUED_IN_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:印发|转发|发布|颁布|公布)(.{2,100})的(?:通知|决定|公告|令)$")
        .expect("valid regex")
});

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct References {
    /// The documents a 印发/转发 notice issues, as title keys.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub issues: Vec<String>,
    /// Titles named in 《》 in the text, as title keys (not its own, not the ones it issues).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub titles: Vec<String>,
    /// Document numbers in the text, normalised (not its own).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub numbers: Vec<String>,
    /// Titles (as keys) and numbers the text repeals or declares invalid: named in a paragraph
    /// that says 废止 or 失效, or under a heading that does (一、废止下列行政法规).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repeals: Vec<String>,
}

impl References {
    pub fn is_empty(&self) -> bool {
        self.issues.is_empty()
            && self.titles.is_empty()
            && self.numbers.is_empty()
            && self.repeals.is_empty()
    }
}

/// Words of a trailing note that says which version of a text this is, not which text.
const VERSION_NOTES: &[&str] = &[
    "试行",
    "暂行",
    "修订",
    "修正",
    "草案",
    "征求意见稿",
    "送审稿",
];

/// How titles are compared across documents: folded (traditional, width), without spaces and
/// 《》, and without trailing version notes ((试行), （2024年修订）), so that 《…办法（试行）》 in
/// a notice finds the 办法 whatever its own file calls it. A period (（2021—2035年）) stays: it
/// tells two plans apart.
pub fn title_key(title: &str) -> String {
    let bare = title.trim().trim_start_matches('《').trim_end_matches('》');
    let bare =
        kind::strip_trailing_notes(bare, |note| VERSION_NOTES.iter().any(|w| note.contains(w)));
    fold_str(bare)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '《' | '》' | '〈' | '〉'))
        .collect()
}

/// The references of a document with this title, number and text.
pub fn of(title: &str, doc_number: Option<&str>, paragraphs: &[Paragraph]) -> References {
    let own_title = title_key(title);
    let own_number = doc_number.map(doc_number::normalize);
    let issues: Vec<String> = issued_by_title(title)
        .into_iter()
        .filter(|k| *k != own_title)
        .collect();
    let mut titles = Vec::new();
    let mut numbers = Vec::new();
    let mut repeals = Vec::new();
    for paragraph in paragraphs {
        if says_repealed(paragraph) {
            let named = BOOK_TITLE
                .captures_iter(&paragraph.text)
                .map(|c| title_key(&c[1]))
                .chain(doc_number::DocNumber::all_in(&paragraph.text));
            for key in named {
                if key != own_title && !repeals.contains(&key) && repeals.len() < MAX_REFERENCES {
                    repeals.push(key);
                }
            }
        }
        for c in BOOK_TITLE.captures_iter(&paragraph.text) {
            let key = title_key(&c[1]);
            if key.chars().count() >= 2
                && key != own_title
                && !issues.contains(&key)
                && !titles.contains(&key)
                && titles.len() < MAX_REFERENCES
            {
                titles.push(key);
            }
        }
        for number in doc_number::DocNumber::all_in(&paragraph.text) {
            if Some(&number) != own_number.as_ref()
                && !numbers.contains(&number)
                && numbers.len() < MAX_REFERENCES
            {
                numbers.push(number);
            }
        }
    }
    References {
        issues,
        titles,
        numbers,
        repeals,
    }
}

/// A paragraph that repeals what it names, or stands under a heading that does.
fn says_repealed(paragraph: &Paragraph) -> bool {
    let says = |t: &str| t.contains("废止") || t.contains("失效") || t.contains("停止执行");
    says(&paragraph.text) || paragraph.section.iter().any(|s| says(s))
}

/// The documents a notice's title says it issues: each 《…》 after 印发/转发, or the words
/// between 印发 and 的通知 when the title has no 《》.
fn issued_by_title(title: &str) -> Vec<String> {
    let title = title.trim();
    let Some(c) = ISSUED_IN_TITLE.captures(title) else {
        return Vec::new();
    };
    let named = &c[1];
    let in_brackets: Vec<String> = BOOK_TITLE
        .captures_iter(named)
        .map(|b| title_key(&b[1]))
        .collect();
    if !in_brackets.is_empty() {
        return in_brackets;
    }
    vec![title_key(named)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraph(text: &str) -> Paragraph {
        Paragraph {
            number: 1,
            text: text.to_string(),
            section: Vec::new(),
            page: None,
        }
    }

    #[test]
    fn a_notice_issues_the_documents_its_title_names() {
        let r = of(
            "国务院办公厅关于印发《新能源汽车产业发展规划（2021—2035年）》的通知",
            Some("国办发〔2020〕39号"),
            &[paragraph(
                "现将《新能源汽车产业发展规划（2021—2035年）》印发给你们，请认真贯彻执行。",
            )],
        );
        assert_eq!(
            r.issues,
            vec![title_key("新能源汽车产业发展规划（2021—2035年）")]
        );
        assert_ne!(
            r.issues[0],
            title_key("新能源汽车产业发展规划（2012—2020年）")
        );
        assert!(
            r.titles.is_empty(),
            "the issued title is not also a mention"
        );
        let r = of(
            "重庆市人民政府关于转发市发展改革委重点工作方案的通知",
            None,
            &[],
        );
        assert_eq!(r.issues, vec!["市发展改革委重点工作方案".to_string()]);
        assert!(of("关于做好2026年工作的通知", None, &[]).issues.is_empty());
    }

    #[test]
    fn mentions_by_title_and_number_are_kept_once_without_its_own() {
        let r = of(
            "专利代理条例",
            Some("国务院令第706号"),
            &[
                paragraph("根据《中华人民共和国专利法》和《國務院關於加強知識產權保護的意見》（国发〔2019〕5号），制定本条例。"),
                paragraph("依照《中华人民共和国专利法》 及国发[2019]5号 文件，本《专利代理条例》自公布之日起施行。"),
            ],
        );
        assert_eq!(
            r.titles,
            vec![
                "中华人民共和国专利法".to_string(),
                "国务院关于加强知识产权保护的意见".to_string()
            ]
        );
        assert_eq!(r.numbers, vec!["国发〔2019〕5号".to_string()]);
    }

    #[test]
    fn title_keys_ignore_brackets_notes_spaces_and_script() {
        assert_eq!(
            title_key("《重庆市科技创新促进办法（试行）》"),
            "重庆市科技创新促进办法"
        );
        assert_eq!(
            title_key("重庆市科技创新促进办法(2024年修订)"),
            "重庆市科技创新促进办法"
        );
        assert_eq!(
            title_key("重庆市 科技創新促進辦法"),
            "重庆市科技创新促进办法"
        );
    }
}
