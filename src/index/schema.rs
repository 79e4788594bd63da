//! All fields of the index in one place: one tantivy document per paragraph.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};

use crate::analyze;

/// Bumped whenever fields, analyzers or what parsing records change, so that an old index is
/// rebuilt, not misread (9: documents' references, for links; 10: one-permutation MinHash
/// bands, section levels as terms instead of bigrams; 11: no jieba words and no MinHash bands
/// indexed, the manifest without the vocabulary; 12: folding leaves out a space between two
/// ideographs; 题注 history, 公布 and 施行 dates, 效力级别).
pub const SCHEMA_VERSION: u32 = 12;

/// Separates the levels of a section path in its stored form.
pub const SECTION_SEPARATOR: char = '\u{1f}';

#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// `doc` + separator + paragraph number: one paragraph, for replacing it alone.
    pub key: Field,
    /// Document id (path relative to the corpus): exact term, fast for facets.
    pub doc: Field,
    pub paragraph: Field,
    /// 1-based page the paragraph starts on, 0 when the document has no pages (stored only).
    pub page: Field,
    /// Stored only: `title:` filters go through the manifest's titles to document ids.
    pub title: Field,
    /// YYYY-MM-DD or empty.
    pub date: Field,
    /// YYYYMMDD as a number (0 when unknown): range filters and sorting.
    pub date_num: Field,
    /// The year the document is about (its metadata's year, else its date's year; 0 when
    /// unknown): the `year:` filter and the year facet.
    pub year: Field,
    /// The region in its short form (上海, 广西), empty when unknown: the region facet and filter.
    pub region: Field,
    pub source: Field,
    /// The section path, levels joined by [`SECTION_SEPARATOR`].
    pub section: Field,
    /// Each level of the section path, folded, as one term (no frequencies, no positions):
    /// `section:` and `article:` filters match the levels that contain their text
    /// (`search::query::bigrams::level_query`). A few terms per paragraph, where bigrams of the
    /// path with positions were a fifth of a build's index terms.
    pub section_levels: Field,
    /// The top-level heading: the facet.
    pub section_top: Field,
    pub doc_number: Field,
    /// The paragraph as written (stored only: its words are not indexed, see [`analyze`]).
    pub text: Field,
    /// The paragraph as bigrams with positions: exact substring matching, and BM25 ranking of
    /// the query's words (`search::query::ranking::ranking_queries`).
    pub grams: Field,
}

fn analyzed(tokenizer: &str, record: IndexRecordOption, stored: bool) -> TextOptions {
    let options = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(record),
    );
    if stored {
        options.set_stored()
    } else {
        options
    }
}

pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let positions = IndexRecordOption::WithFreqsAndPositions;
    let fields = Fields {
        key: b.add_text_field("key", STRING),
        doc: b.add_text_field("doc", STRING | STORED | FAST),
        paragraph: b.add_u64_field("paragraph", STORED | FAST),
        page: b.add_u64_field("page", STORED),
        title: b.add_text_field("title", STORED),
        date: b.add_text_field("date", STRING | STORED),
        date_num: b.add_u64_field("date_num", INDEXED | FAST),
        year: b.add_u64_field("year", INDEXED | FAST | STORED),
        region: b.add_text_field("region", STRING | STORED | FAST),
        source: b.add_text_field("source", STORED),
        section: b.add_text_field("section", STORED),
        section_levels: b.add_text_field(
            "section_levels",
            analyzed(analyze::WHOLE, IndexRecordOption::Basic, false),
        ),
        section_top: b.add_text_field("section_top", STRING | FAST),
        doc_number: b.add_text_field("doc_number", STRING | STORED),
        text: b.add_text_field("text", STORED),
        grams: b.add_text_field("grams", analyzed(analyze::GRAMS, positions, false)),
    };
    (b.build(), fields)
}

impl Fields {
    /// Looks the fields up in an opened index's schema.
    pub fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |name: &str| schema.get_field(name);
        Ok(Fields {
            key: f("key")?,
            doc: f("doc")?,
            paragraph: f("paragraph")?,
            page: f("page")?,
            title: f("title")?,
            date: f("date")?,
            date_num: f("date_num")?,
            year: f("year")?,
            region: f("region")?,
            source: f("source")?,
            section: f("section")?,
            section_levels: f("section_levels")?,
            section_top: f("section_top")?,
            doc_number: f("doc_number")?,
            text: f("text")?,
            grams: f("grams")?,
        })
    }
}
