//! The baseline: plain tantivy + tantivy-jieba, no bigram field, no folding.
//!
//! The same paragraphs as the engine indexes (read and parsed by the same code, in parallel),
//! into one text field tokenized by `tantivy_jieba::JiebaTokenizer`; queries through tantivy's
//! query parser (all words required), the first 10 hits with a snippet, and the total count.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::QueryParser;
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TantivyDocument, TextFieldIndexing, TextOptions, Value,
    STORED, STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy};

use policy_search::corpus;
use policy_search::error::{Error, Result};
use policy_search::index::SyncOptions;

const TOKENIZER: &str = "jieba";
const BATCH_FILES: usize = 64;
const COMMIT_EVERY_BYTES: u64 = 128 * 1024 * 1024;

fn schema() -> (Schema, Field, Field, Field) {
    let mut b = Schema::builder();
    let doc = b.add_text_field("doc", STRING | STORED);
    let paragraph = b.add_u64_field("paragraph", STORED);
    let text = b.add_text_field(
        "text",
        TextOptions::default()
            .set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(TOKENIZER)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
            .set_stored(),
    );
    (b.build(), doc, paragraph, text)
}

fn register(index: &Index) {
    index
        .tokenizers()
        .register(TOKENIZER, tantivy_jieba::JiebaTokenizer::new());
}

/// Builds the baseline index; returns (files, bytes, paragraphs).
pub fn build(
    corpus_dir: &Path,
    index_dir: &Path,
    threads: Option<usize>,
    memory_mb: Option<usize>,
) -> Result<(usize, u64, u64)> {
    std::fs::create_dir_all(index_dir)
        .map_err(|e| Error::io(format!("creating {}", index_dir.display()), e))?;
    let (schema, f_doc, f_paragraph, f_text) = schema();
    let index = Index::create_in_dir(index_dir, schema)?;
    register(&index);
    let threads = threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
        .clamp(1, 8);
    let budget = memory_mb
        .map_or(SyncOptions::new("", "").memory_budget, |m| m * 1024 * 1024)
        .max(threads * 16 * 1024 * 1024);
    let mut writer: IndexWriter = index.writer_with_num_threads(threads, budget)?;
    let (files, _) = corpus::scan(corpus_dir)?;
    let (mut bytes, mut paragraphs, mut since_commit, mut documents) = (0u64, 0u64, 0u64, 0usize);
    for batch in files.chunks(BATCH_FILES) {
        let docs: Vec<_> = batch
            .par_iter()
            .filter_map(|f| {
                let loaded = corpus::load(f).ok()?;
                Some((
                    f.size,
                    policy_search::ingest::read(&f.id, &loaded.bytes).ok()?,
                ))
            })
            .collect();
        for (size, doc) in docs {
            for p in &doc.paragraphs {
                let mut d = TantivyDocument::new();
                d.add_text(f_doc, &doc.id);
                d.add_u64(f_paragraph, p.number as u64);
                d.add_text(f_text, &p.text);
                writer.add_document(d)?;
                paragraphs += 1;
            }
            documents += 1;
            bytes += size;
            since_commit += size;
        }
        if since_commit >= COMMIT_EVERY_BYTES {
            writer.commit()?;
            since_commit = 0;
        }
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok((documents, bytes, paragraphs))
}

/// The baseline index opened for queries.
pub struct Baseline {
    reader: IndexReader,
    parser: QueryParser,
    text: Field,
}

impl Baseline {
    pub fn open(dir: &Path) -> Result<Baseline> {
        let index = Index::open_in_dir(dir)?;
        register(&index);
        let text = index.schema().get_field("text")?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let mut parser = QueryParser::for_index(&index, vec![text]);
        parser.set_conjunction_by_default();
        Ok(Baseline {
            reader,
            parser,
            text,
        })
    }

    /// The first `limit` hits with snippets; returns the total count and the snippets' length.
    pub fn search(&self, query: &str, limit: usize) -> Result<(usize, usize)> {
        let searcher = self.reader.searcher();
        // Without exclusions: tantivy 0.27 excludes with `seek_danger`, which its phrase scorer
        // (jieba's overlapping words make phrases) does not take (see search::materialize).
        let kept: Vec<&str> = query
            .split_whitespace()
            .filter(|w| !w.starts_with('-'))
            .collect();
        let (query, _) = self.parser.parse_query_lenient(&kept.join(" "));
        let (top, count) = searcher.search(
            &query,
            &(TopDocs::with_limit(limit).order_by_score(), Count),
        )?;
        // As SnippetGenerator::create, but the text is cut without the overlapping words of
        // search mode, which tantivy's fragment code does not expect.
        let mut terms = BTreeMap::new();
        let mut seen = Vec::new();
        query.query_terms(&mut |term, _| seen.push(term.clone()));
        for term in seen.into_iter().filter(|t| t.field() == self.text) {
            if let Some(text) = term.value().as_str() {
                let doc_freq = searcher.doc_freq(&term)?;
                if doc_freq > 0 {
                    terms.insert(text.to_string(), 1.0 / (1.0 + doc_freq as f32));
                }
            }
        }
        let generator = SnippetGenerator::new(
            terms,
            TextAnalyzer::from(tantivy_jieba::JiebaTokenizer::with_search_mode(false)),
            self.text,
            150,
        );
        let mut chars = 0;
        for (_, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = doc
                .get_first(self.text)
                .and_then(|v| v.as_str())
                .unwrap_or("");
            chars += generator.snippet(text).to_html().len();
        }
        Ok((count, chars))
    }
}
