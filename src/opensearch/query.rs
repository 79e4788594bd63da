//! Our query syntax and filters as an OpenSearch search body.
//!
//! The query is parsed by the project's own parser ([`crate::search::syntax::parse`]); this module
//! translates its parsed form clause for clause as our engine builds its tantivy query:
//! - each part is a `match_phrase` on the bigram subfield (a `prefix` query for one character:
//!   every character begins a bigram there, the last one too, see [`super::mapping`]), all
//!   required; a part with synonyms is "the part or one of its synonyms";
//! - exclusions are `must_not`; `title:`, `section:`, `doc:`, `docno:`, `year:`, `date:` and the
//!   CLI's filters are `filter` clauses;
//! - ranking: BM25 on the ranking field, paragraphs with a part as typed far ahead of those with
//!   only a synonym, and the parts side by side ahead of the parts apart, with the engine's own
//!   table of weights;
//! - with the index ([`search_body_for`]): matching through documents' names (the documents each
//!   part names, a named article's paragraphs) and the law filters (`level:`, `status:`,
//!   `in-force:`) become `terms` on the document id and boosted paragraph clauses;
//! - facets are `terms` aggregations, matches are highlighted in `<mark>`.

use serde_json::{json, Value};

use super::mapping::{field, Ranking, GRAMS_FOLDED_ANALYZER};
use crate::analyze::{fold_str, has_searchable_char};
use crate::error::{Error, Result};
use crate::parse::doc_number;
use crate::search::syntax::{date_bound, ParsedQuery};
use crate::search::{highlight, Engine, SearchRequest, Sort, ThroughDocuments, WEIGHTS};

// The fixed scores are the engine's own (`WEIGHTS`): a part as typed over a synonym
// (`as_typed`), the exact match's own small weight (`exact_match`), the article typed
// (`article`), the parts side by side (`side_by_side`).
/// Values of each facet, as our engine returns.
const FACET_VALUES: usize = 50;

/// A weight of the table as OpenSearch is sent it: the decimal written in the table (0.1, not
/// the f32 widened to 0.10000000149011612).
fn weight(w: f32) -> f64 {
    w.to_string().parse().unwrap_or(f64::from(w))
}

/// The search body for a request, as our engine would answer it matching by text alone
/// (`query --text-only`), with no law filters (`level:`, `status:`, `in-force:` need the index:
/// [`search_body_for`]).
pub fn search_body(request: &SearchRequest, ranking: Ranking) -> Result<Value> {
    search_body_for(request, ranking, None)
}

/// The search body for a request, as our engine would answer it. With the index's engine, what
/// the names of its documents add ([`Engine::through_documents`]: a part also satisfied by the
/// paragraphs of the documents it names, ranked after those that hold it in their text, and a
/// named article's paragraphs first, in order) and the documents its law filters keep
/// ([`Engine::law_filter_documents`]: 效力级别 and 时效性 are worked out from the corpus, which
/// the cluster does not hold). Without it, matching is by text alone and a law filter is an
/// error that says so.
pub fn search_body_for(
    request: &SearchRequest,
    ranking: Ranking,
    engine: Option<&Engine>,
) -> Result<Value> {
    let through = match engine {
        Some(engine) if request.through_documents => engine.through_documents(request)?,
        _ => ThroughDocuments::default(),
    };
    let law_documents =
        |parsed: &ParsedQuery, request: &SearchRequest| -> Result<Vec<Vec<String>>> {
            let has_law_filters = !parsed.level.is_empty()
                || !parsed.status.is_empty()
                || parsed.in_force.is_some()
                || request.level.is_some()
                || request.status.is_some();
            match engine {
            Some(engine) => engine.law_filter_documents(parsed, request),
            None if has_law_filters => Err(Error::Usage(
                "level:, status: and in-force: are worked out from the corpus (versions, repeals), \
                 which the cluster does not hold: give the index (opensearch query --index DIR) \
                 and they are sent as the documents they keep"
                    .into(),
            )),
            None => Ok(Vec::new()),
        }
        };
    let parsed = request.parse()?;
    let mut must = Vec::new();
    let mut should = Vec::new();
    let mut must_not = Vec::new();
    let mut filter = Vec::new();
    let text_grams = field::grams(field::TEXT);

    for (i, (part, alternatives)) in parsed.required.iter().zip(&parsed.alternatives).enumerate() {
        let exact = boosted(substring(&text_grams, part), weight(WEIGHTS.exact_match));
        let named = through.named_by_part.get(i).filter(|ids| !ids.is_empty());
        if named.is_some() {
            // The part in the text, or the paragraph's document named by it; in the text first.
            let in_text: Vec<Value> = std::iter::once(part)
                .chain(alternatives)
                .map(|p| substring(&text_grams, p))
                .collect();
            should.push(json!({ "constant_score": {
                "filter": { "bool": { "should": in_text, "minimum_should_match": 1 } },
                "boost": weight(WEIGHTS.in_text),
            } }));
        }
        if alternatives.is_empty() && named.is_none() {
            must.push(exact);
        } else {
            let mut any = vec![exact];
            any.extend(alternatives.iter().map(|a| substring(&text_grams, a)));
            if let Some(ids) = named {
                any.push(json!({ "constant_score": {
                    "filter": { "terms": { field::DOC: ids } }, "boost": 0.0,
                } }));
            }
            must.push(json!({ "bool": { "should": any, "minimum_should_match": 1 } }));
        }
        if !alternatives.is_empty() {
            should.push(json!({ "constant_score": {
                "filter": substring(&text_grams, part), "boost": weight(WEIGHTS.as_typed),
            } }));
        }
        for text in std::iter::once(part).chain(alternatives) {
            should.push(ranking_clause(ranking, text));
        }
    }
    for article in &parsed.articles {
        // In the article (its heading among the section levels) or mentioning it, as locally;
        // the article's own paragraphs first.
        let headings = article.headings().map(|h| fold_str(&h));
        let in_article: Vec<Value> = headings
            .iter()
            .map(|h| substring(field::SECTION_TEXT, h))
            .collect();
        let mut any: Vec<Value> = headings
            .iter()
            .chain(std::iter::once(&article.typed))
            .map(|h| substring(&text_grams, h))
            .collect();
        any.extend(in_article.iter().cloned());
        must.push(json!({ "bool": { "should": any, "minimum_should_match": 1 } }));
        should.push(json!({ "constant_score": {
            "filter": { "bool": { "should": in_article, "minimum_should_match": 1 } },
            "boost": weight(WEIGHTS.article),
        } }));
    }
    for (i, (doc, paragraph)) in through.article.iter().enumerate() {
        // The named article of the named document first, its paragraphs in their order.
        should.push(json!({ "constant_score": {
            "filter": { "bool": { "filter": [
                { "term": { field::DOC: doc } },
                { "term": { field::PARAGRAPH: paragraph } },
            ] } },
            "boost": weight(WEIGHTS.named_article_paragraph(i)),
        } }));
    }
    if parsed.required.len() > 1 {
        let joined = parsed.required.concat();
        should.push(boosted(
            substring(&text_grams, &joined),
            weight(WEIGHTS.side_by_side),
        ));
    }
    for part in &parsed.excluded {
        must_not.push(substring(&text_grams, part));
    }
    filter.extend(filters(&parsed, request, &law_documents)?);
    for negated in &parsed.negated {
        // `-year:2025`: what that filter alone would find is left out.
        let alone = filters(negated, &SearchRequest::new(""), &law_documents)?;
        must_not.push(json!({ "bool": { "filter": alone } }));
    }

    let mut bool_query = serde_json::Map::new();
    for (occur, clauses) in [
        ("must", must),
        ("should", should),
        ("must_not", must_not),
        ("filter", filter),
    ] {
        if !clauses.is_empty() {
            bool_query.insert(occur.into(), Value::Array(clauses));
        }
    }
    let query = if bool_query.is_empty() {
        json!({ "match_all": {} })
    } else {
        // With `must` or `filter` present, `should` clauses only rank.
        json!({ "bool": bool_query })
    };
    let mut body = json!({
        "query": query,
        "from": request.offset,
        "size": request.limit,
        "track_total_hits": true,
        "highlight": {
            "pre_tags": ["<mark>"],
            "post_tags": ["</mark>"],
            "encoder": "html",
            "fields": { text_grams: {
                "number_of_fragments": 1,
                "fragment_size": highlight::SNIPPET_CHARS,
                "no_match_size": highlight::SNIPPET_CHARS,
            } },
        },
    });
    if request.sort == Sort::Date {
        // Newest first, then in reading order. One object of three fields, not three objects of
        // one: the specification's `oneOf` cannot tell a one-field object from its `SortOptions`
        // (`_score`, `_script`…), and OpenSearch reads the fields of one object in order, which
        // here is also the order of their names (serde_json writes keys sorted).
        body["sort"] = json!([{
            field::DATE_NUM: { "order": "desc" },
            field::DOC: { "order": "asc" },
            field::PARAGRAPH: { "order": "asc" },
        }]);
    }
    if request.facets {
        body["aggs"] = facets();
    }
    Ok(body)
}

/// Paragraphs whose folded `field` contains `part` (folded), as our `substring_query`. The
/// part is folded already and must not be folded again (see [`GRAMS_FOLDED_ANALYZER`]).
fn substring(field: &str, part: &str) -> Value {
    if part.chars().count() == 1 {
        json!({ "prefix": { field: { "value": part } } })
    } else {
        json!({ "match_phrase": { field: { "query": part, "analyzer": GRAMS_FOLDED_ANALYZER } } })
    }
}

/// The ranking clause for a folded text: on the bigrams, not folded again; on the words
/// subfield, by its own analyzer (with the synonyms).
fn ranking_clause(ranking: Ranking, text: &str) -> Value {
    match ranking {
        Ranking::Bigrams => {
            json!({ "match": { ranking.field(): { "query": text, "analyzer": GRAMS_FOLDED_ANALYZER } } })
        }
        _ => json!({ "match": { ranking.field(): { "query": text } } }),
    }
}

fn boosted(mut clause: Value, boost: f64) -> Value {
    // Every clause made here is `{kind: {field: {…}}}`.
    if let Some(inner) = clause
        .as_object_mut()
        .and_then(|o| o.values_mut().next())
        .and_then(|v| v.as_object_mut())
        .and_then(|o| o.values_mut().next())
        .and_then(|v| v.as_object_mut())
    {
        inner.insert("boost".into(), json!(boost));
    }
    clause
}

/// The filter clauses: what restricts by document, section and date.
/// Which documents a law filter keeps, by the index: see [`search_body_for`].
type LawDocuments<'a> = dyn Fn(&ParsedQuery, &SearchRequest) -> Result<Vec<Vec<String>>> + 'a;

fn filters(
    parsed: &ParsedQuery,
    request: &SearchRequest,
    law_documents: &LawDocuments<'_>,
) -> Result<Vec<Value>> {
    let mut filter = Vec::new();
    for ids in law_documents(parsed, request)? {
        filter.push(json!({ "terms": { field::DOC: ids } }));
    }
    for t in &parsed.title {
        filter.push(substring(&field::grams(field::TITLE), &fold_str(t)));
    }
    let sections = parsed
        .section
        .iter()
        .cloned()
        .chain(request.section.as_deref().map(fold_str));
    for s in sections.filter(|s| has_searchable_char(s)) {
        filter.push(substring(field::SECTION_TEXT, &s));
    }
    let docs: Vec<&String> = parsed.doc.iter().chain(&request.doc).collect();
    if docs.is_empty() {
        // One document in several formats is one hit, as ours, unless documents are named.
        filter.push(
            json!({ "bool": { "must_not": [{ "exists": { "field": field::SAME_TEXT_OF } }] } }),
        );
    } else {
        // A document named by its id, or by part of its id or title (any one of the values).
        let any: Vec<Value> = docs
            .iter()
            .flat_map(|d| {
                let folded = fold_str(d);
                [
                    json!({ "term": { field::DOC: { "value": d } } }),
                    substring(&field::grams(field::DOC), &folded),
                    substring(&field::grams(field::TITLE), &folded),
                ]
            })
            .collect();
        filter.push(json!({ "bool": { "should": any, "minimum_should_match": 1 } }));
    }
    let numbers: Vec<&String> = parsed
        .doc_number
        .iter()
        .chain(&request.doc_number)
        .collect();
    if !numbers.is_empty() {
        let any: Vec<Value> = numbers
            .iter()
            .map(|n| {
                let normalized = doc_number::normalize(n);
                if normalized.is_empty() {
                    json!({ "exists": { "field": field::DOC_NUMBER } })
                } else {
                    substring(&field::grams(field::DOC_NUMBER), &normalized)
                }
            })
            .collect();
        filter.push(json!({ "bool": { "should": any, "minimum_should_match": 1 } }));
    }
    let regions: Vec<&String> = parsed.region.iter().chain(&request.region).collect();
    for region in regions {
        let short = crate::parse::region::short_form(region);
        filter.push(json!({ "term": { field::REGION: { "value": short } } }));
    }
    let kinds: Vec<&String> = parsed.kind.iter().chain(&request.kind).collect();
    if !kinds.is_empty() {
        let any: Vec<Value> = kinds
            .iter()
            .map(|k| json!({ "term": { field::KIND: { "value": k } } }))
            .collect();
        filter.push(json!({ "bool": { "should": any, "minimum_should_match": 1 } }));
    }
    let issuers: Vec<&String> = parsed.issuer.iter().chain(&request.issuer).collect();
    if !issuers.is_empty() {
        // Part of the issuing body's name, as locally.
        let any: Vec<Value> = issuers
            .iter()
            .map(|i| json!({ "wildcard": { field::ISSUER: { "value": format!("*{i}*") } } }))
            .collect();
        filter.push(json!({ "bool": { "should": any, "minimum_should_match": 1 } }));
    }
    for &article in &parsed.article {
        let written = [
            format!("第{}条", crate::text::numerals::chinese_numeral(article)),
            format!("第{article}条"),
        ];
        let any: Vec<Value> = written
            .iter()
            .map(|w| substring(field::SECTION_TEXT, w))
            .collect();
        filter.push(json!({ "bool": { "should": any, "minimum_should_match": 1 } }));
    }
    let from = request
        .from
        .as_deref()
        .map(|d| date_bound(d, false))
        .transpose()?;
    let to = request
        .to
        .as_deref()
        .map(|d| date_bound(d, true))
        .transpose()?;
    // `year:` is the year a document is about: the `year` field (its metadata's year, else its
    // date's year), as our engine's `year` field; not the document's date.
    let requested_years = match &request.year {
        Some(y) => Some(
            crate::search::syntax::year_range(y)
                .ok_or_else(|| crate::search::syntax::QueryError::BadYear(y.clone()))?,
        ),
        None => None,
    };
    let year_from = [parsed.year_from, requested_years.map(|r| r.0)]
        .into_iter()
        .flatten()
        .max();
    let year_to = [parsed.year_to, requested_years.map(|r| r.1)]
        .into_iter()
        .flatten()
        .min();
    if year_from.is_some() || year_to.is_some() {
        let mut range = serde_json::Map::new();
        if let Some(f) = year_from {
            range.insert("gte".into(), json!(f));
        }
        if let Some(t) = year_to.filter(|&t| t < u64::MAX) {
            range.insert("lte".into(), json!(t));
        }
        filter.push(json!({ "range": { field::YEAR: range } }));
    }
    let from = [from, parsed.date_from].into_iter().flatten().max();
    let to = [to, parsed.date_to].into_iter().flatten().min();
    if from.is_some() || to.is_some() {
        let mut range = serde_json::Map::new();
        if let Some(f) = from {
            range.insert("gte".into(), json!(f));
        }
        if let Some(t) = to.filter(|&t| t < u64::MAX) {
            range.insert("lte".into(), json!(t));
        }
        filter.push(json!({ "range": { field::DATE_NUM: range } }));
    }
    Ok(filter)
}

/// Matches per document (with its title), top-level section and year, as our facets.
fn facets() -> Value {
    json!({
        field::DOC: {
            "terms": { "field": field::DOC, "size": FACET_VALUES },
            "aggs": { field::TITLE: { "terms": { "field": field::TITLE, "size": 1 } } },
        },
        "section": { "terms": { "field": field::SECTION_TOP, "size": FACET_VALUES } },
        field::YEAR: { "terms": { "field": field::YEAR, "size": FACET_VALUES, "order": { "_key": "desc" } } },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(q: &str) -> Value {
        search_body(&SearchRequest::new(q), Ranking::Bigrams).unwrap()
    }

    #[test]
    fn parts_are_required_phrases_of_bigrams() {
        let b = body("科技创新 碳");
        let must = b["query"]["bool"]["must"].as_array().unwrap();
        assert_eq!(must.len(), 2);
        assert_eq!(must[0]["match_phrase"]["text.grams"]["query"], "科技创新");
        assert_eq!(
            must[0]["match_phrase"]["text.grams"]["analyzer"],
            GRAMS_FOLDED_ANALYZER
        );
        assert_eq!(must[1]["prefix"]["text.grams"]["value"], "碳");
        let should = b["query"]["bool"]["should"].to_string();
        assert!(should.contains("科技创新碳"), "joined parts rank: {should}");
    }

    #[test]
    fn syntax_becomes_filters_and_exclusions() {
        let b = body(
            r#"低空经济 -房地产 title:上海 section:民生 doc:2026 docno:国办发[2024]5号 year:2026"#,
        );
        let q = &b["query"]["bool"];
        assert_eq!(
            q["must_not"][0]["match_phrase"]["text.grams"]["query"],
            "房地产"
        );
        let filters = q["filter"].to_string();
        for needle in [
            "title.grams",
            "section_text",
            "doc.grams",
            "doc_number.grams",
            "国办发〔2024〕5号",
            r#"{"range":{"year":{"gte":2026,"lte":2026}}}"#,
        ] {
            assert!(filters.contains(needle), "{needle} in {filters}");
        }
        assert!(
            !filters.contains("date_num") && !filters.contains("same_text_of"),
            "year: is the year a document is about, not its date; doc: names documents, so every \
             format is searched: {filters}"
        );
    }

    #[test]
    fn other_formats_of_one_document_are_left_out_unless_documents_are_named() {
        let without = body("科技")["query"]["bool"]["filter"].to_string();
        assert!(
            without.contains(r#"{"bool":{"must_not":[{"exists":{"field":"same_text_of"}}]}}"#),
            "{without}"
        );
        let mut r = SearchRequest::new("科技");
        r.doc = Some("民法典".into());
        let named =
            search_body(&r, Ranking::Bigrams).unwrap()["query"]["bool"]["filter"].to_string();
        assert!(!named.contains("same_text_of"), "{named}");
    }

    #[test]
    fn synonyms_are_alternatives_ranked_after_the_part() {
        let b = body("高新区");
        let must = &b["query"]["bool"]["must"][0]["bool"]["should"];
        assert_eq!(
            must[1]["match_phrase"]["text.grams"]["query"],
            "高新技术产业开发区"
        );
        assert!(b["query"]["bool"]["should"]
            .to_string()
            .contains("constant_score"));
        let quoted = body("\"高新区\"");
        assert!(quoted["query"]["bool"]["must"][0]
            .get("match_phrase")
            .is_some());
    }

    #[test]
    fn the_metadata_filters_of_the_command_line_are_filters_too() {
        let mut r = SearchRequest::new("科技");
        r.region = Some("广西壮族自治区".into());
        r.year = Some("2026".into());
        r.kind = Some("办法".into());
        let filters =
            search_body(&r, Ranking::Bigrams).unwrap()["query"]["bool"]["filter"].to_string();
        assert!(
            filters.contains(r#"{"term":{"region":{"value":"广西"}}}"#),
            "{filters}"
        );
        assert!(
            filters.contains(r#"{"range":{"year":{"gte":2026,"lte":2026}}}"#),
            "{filters}"
        );
        assert!(
            filters.contains(r#"{"term":{"kind":{"value":"办法"}}}"#),
            "{filters}"
        );
        r.year = Some("soon".into());
        assert!(search_body(&r, Ranking::Bigrams).is_err());
    }

    #[test]
    fn facets_sort_and_highlight() {
        let mut r = SearchRequest::new("科技");
        r.facets = true;
        r.sort = Sort::Date;
        let b = search_body(&r, Ranking::Smartcn).unwrap();
        assert!(b["aggs"]["doc"]["terms"].is_object());
        assert_eq!(b["sort"][0]["date_num"]["order"], "desc");
        let sort = b["sort"].to_string();
        let at = |k: &str| sort.find(k).unwrap();
        assert!(
            at("date_num") < at("\"doc\"") && at("\"doc\"") < at("paragraph"),
            "{sort}"
        );
        assert_eq!(b["highlight"]["pre_tags"][0], "<mark>");
        assert!(b["query"]["bool"]["should"]
            .to_string()
            .contains("text.words"));
        assert!(search_body(&SearchRequest::new("。"), Ranking::Bigrams).is_err());
    }
}
