//! One paragraph ⇄ one tantivy document, both directions in one place: what indexing writes is
//! what searching and exporting read back.

use tantivy::schema::{Field, TantivyDocument, Value};

use super::schema::{Fields, SECTION_SEPARATOR};
use crate::parse::date::Date;
use crate::parse::{Document, Paragraph};

/// The term that names one paragraph.
pub fn paragraph_key(doc: &str, number: u64) -> String {
    format!("{doc}{SECTION_SEPARATOR}{number}")
}

/// What a paragraph's index entry is made from (everything else is derived), and what a stored
/// entry gives back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParagraphFields<'a> {
    pub doc: &'a str,
    pub number: u64,
    /// 0 when unknown.
    pub page: u64,
    pub title: &'a str,
    /// YYYY-MM-DD or empty.
    pub date: Option<Date>,
    /// The year the document is about; 0 to take the date's year.
    pub year: u64,
    /// The region's short form, empty when unknown.
    pub region: &'a str,
    pub source: &'a str,
    pub section: Vec<&'a str>,
    pub doc_number: &'a str,
    pub text: &'a str,
}

impl<'a> ParagraphFields<'a> {
    /// One paragraph of a parsed document.
    pub fn of(doc: &'a Document, p: &'a Paragraph) -> Self {
        let meta = &doc.metadata;
        ParagraphFields {
            doc: &doc.id,
            number: p.number as u64,
            page: p.page.map_or(0, u64::from),
            title: &meta.title,
            date: meta.date,
            year: meta.year.and_then(|y| u64::try_from(y).ok()).unwrap_or(0),
            region: meta.region.as_deref().unwrap_or(""),
            source: meta
                .source
                .as_deref()
                .or(meta.issuer.as_deref())
                .unwrap_or(""),
            section: p.section.iter().map(String::as_str).collect(),
            doc_number: meta.doc_number.as_deref().unwrap_or(""),
            text: &p.text,
        }
    }

    /// A stored paragraph read back (fields missing from the store read as empty or 0).
    pub fn read(fields: &Fields, stored: &'a TantivyDocument) -> Self {
        let text = |field: Field| {
            stored
                .get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or("")
        };
        let number = |field: Field| {
            stored
                .get_first(field)
                .and_then(|v| v.as_u64())
                .unwrap_or(0)
        };
        let section = text(fields.section);
        ParagraphFields {
            doc: text(fields.doc),
            number: number(fields.paragraph),
            page: number(fields.page),
            title: text(fields.title),
            date: text(fields.date).parse().ok(),
            year: number(fields.year),
            region: text(fields.region),
            source: text(fields.source),
            section: if section.is_empty() {
                Vec::new()
            } else {
                section.split(SECTION_SEPARATOR).collect()
            },
            doc_number: text(fields.doc_number),
            text: text(fields.text),
        }
    }

    /// The paragraph as a tantivy document.
    pub fn to_document(&self, fields: &Fields) -> TantivyDocument {
        let date_num: u64 = self.date.map_or(0, Date::number);
        let mut d = TantivyDocument::new();
        d.add_text(fields.key, paragraph_key(self.doc, self.number));
        d.add_text(fields.doc, self.doc);
        d.add_u64(fields.paragraph, self.number);
        d.add_u64(fields.page, self.page);
        d.add_text(fields.title, self.title);
        d.add_text(
            fields.date,
            self.date.map(|d| d.to_string()).unwrap_or_default(),
        );
        d.add_u64(fields.date_num, date_num);
        // The year the document is about, else the year it is dated.
        let year = if self.year > 0 {
            self.year
        } else {
            date_num / 10000
        };
        d.add_u64(fields.year, year);
        d.add_text(fields.region, self.region);
        d.add_text(fields.source, self.source);
        d.add_text(
            fields.section,
            self.section.join(&SECTION_SEPARATOR.to_string()),
        );
        // One value per level, so that a section filter never matches across two levels.
        for level in &self.section {
            d.add_text(fields.section_levels, level);
        }
        d.add_text(
            fields.section_top,
            self.section.first().copied().unwrap_or(""),
        );
        d.add_text(fields.doc_number, self.doc_number);
        d.add_text(fields.text, self.text);
        d.add_text(fields.grams, self.text);
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paragraph_written_and_read_back_is_the_same_paragraph() {
        let (_, fields) = super::super::schema::build();
        let written = ParagraphFields {
            doc: "2026_北京市.txt",
            number: 7,
            page: 3,
            title: "政府工作报告",
            date: Date::new(2026, 1, 15),
            year: 2026,
            region: "北京",
            source: "北京市人民政府",
            section: vec!["一、过去一年", "（一）科技创新"],
            doc_number: "京政发〔2026〕1号",
            text: "加快建设国际科技创新中心。",
        };
        let stored = written.to_document(&fields);
        assert_eq!(ParagraphFields::read(&fields, &stored), written);
    }

    #[test]
    fn a_paragraph_without_a_section_reads_back_with_none() {
        let (_, fields) = super::super::schema::build();
        let written = ParagraphFields {
            doc: "a.txt",
            number: 0,
            page: 0,
            title: "",
            date: None,
            year: 0,
            region: "",
            source: "",
            section: Vec::new(),
            doc_number: "",
            text: "正文",
        };
        let stored = written.to_document(&fields);
        assert_eq!(ParagraphFields::read(&fields, &stored).section.len(), 0);
    }
}
