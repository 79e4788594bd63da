//! The public JSON API: search, documents, analysis.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

use super::error::ApiError;
use super::state::AppState;
use crate::analyze;
use crate::extract;
use crate::parse::Metadata;
use crate::search::{highlight, syntax, SearchRequest, Sort};

/// Hits per page at most.
pub const MAX_PAGE: usize = 100;
/// How deep paging may go.
pub const MAX_OFFSET: usize = 10_000;
/// Best paragraphs shown per document in the grouped view.
const PER_DOC: usize = 3;

#[derive(Debug, Deserialize)]
pub struct SearchParams {
    q: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
    doc: Option<String>,
    doc_number: Option<String>,
    section: Option<String>,
    kind: Option<String>,
    issuer: Option<String>,
    level: Option<String>,
    status: Option<String>,
    from: Option<String>,
    to: Option<String>,
    sort: Option<String>,
    group: Option<String>,
    region: Option<String>,
    year: Option<String>,
    /// csv or xlsx: every hit as a file instead of a page as JSON.
    format: Option<String>,
    /// With `format`: export the paragraphs found through a synonym too (`1`); an export
    /// holds the query as typed unless asked.
    synonyms: Option<String>,
}

fn number(name: &str, value: Option<&str>, default: usize, max: usize) -> Result<usize, ApiError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(default),
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| *n <= max)
            .ok_or_else(|| {
                ApiError::bad_request(format!(
                    "参数 {name} 应为 0 到 {max} 之间的整数，而不是 {v:?}"
                ))
            }),
    }
}

fn non_empty(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

pub async fn search(
    State(state): State<Arc<AppState>>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(p) = params.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let q =
        p.q.ok_or_else(|| ApiError::bad_request("缺少检索词 q，例如 /api/search?q=科技创新"))?;
    // limit=0 asks for the counts (total, facets) and no hit.
    let limit = number("limit", p.limit.as_deref(), 10, MAX_PAGE)?;
    let offset = number("offset", p.offset.as_deref(), 0, MAX_OFFSET)?;
    let sort = match p.sort.as_deref().map(str::trim) {
        None | Some("") | Some("relevance") => Sort::Relevance,
        Some("date") => Sort::Date,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "sort 只能是 relevance 或 date，而不是 {other:?}"
            )))
        }
    };
    let grouped = match p.group.as_deref().map(str::trim) {
        None | Some("") => false,
        Some("doc") => true,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "group 只能是 doc，而不是 {other:?}"
            )))
        }
    };
    let from = non_empty(p.from);
    let to = non_empty(p.to);
    for date in [&from, &to].into_iter().flatten() {
        syntax::date_bound(date, false).map_err(|e| ApiError::bad_request(e.chinese()))?;
    }
    let request = SearchRequest {
        limit,
        offset,
        doc: non_empty(p.doc),
        doc_number: non_empty(p.doc_number),
        section: non_empty(p.section),
        region: non_empty(p.region),
        year: non_empty(p.year),
        kind: non_empty(p.kind),
        issuer: non_empty(p.issuer),
        level: non_empty(p.level),
        status: non_empty(p.status),
        from,
        to,
        sort,
        facets: true,
        ..SearchRequest::new(q)
    };
    if let Some(format) = non_empty(p.format) {
        let synonyms = match non_empty(p.synonyms).as_deref() {
            None | Some("0") | Some("false") => false,
            Some("1") | Some("true") => true,
            Some(other) => {
                return Err(ApiError::bad_request(format!(
                    "synonyms 只能是 1（计入同义词）或 0（只计原词），而不是 {other:?}"
                )))
            }
        };
        let request = SearchRequest {
            synonyms,
            ..request
        };
        return super::research::export_search(state, request, &format).await;
    }
    let asked = SearchRequest {
        limit: limit.max(1),
        ..request
    };
    let mut results = if grouped {
        state.engine.search_grouped(&asked, PER_DOC)?
    } else {
        state.engine.search(&asked)?
    };
    if limit == 0 {
        results.hits.clear();
        if let Some(groups) = results.groups.as_mut() {
            groups.clear();
        }
    }
    Ok(Json(results).into_response())
}

#[derive(Debug, Serialize)]
pub struct DocSummary {
    id: String,
    title: String,
    date: Option<String>,
    source: Option<String>,
    paragraphs: u32,
    doc_number: Option<String>,
    encoding: String,
    /// text, html, pdf, docx, doc, ofd.
    format: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pages: Option<u32>,
    /// 文种 (通知, 办法…).
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    /// 发文机关.
    #[serde(skip_serializing_if = "Option::is_none")]
    issuer: Option<String>,
    /// 效力级别 (法律, 行政法规…).
    #[serde(skip_serializing_if = "Option::is_none")]
    level: Option<String>,
    /// 时效性 (现行有效, 已修改, 已废止, 尚未生效).
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<String>,
    /// 公布日期 and 施行日期 of a law's version.
    #[serde(skip_serializing_if = "Option::is_none")]
    promulgated: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    effective: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct SkippedFile {
    id: String,
    reason: String,
}

#[derive(Debug, Serialize)]
pub struct DocList {
    documents: Vec<DocSummary>,
    /// Files of the corpus that could not be read, with the reason (needs OCR, password, …).
    skipped: Vec<SkippedFile>,
    /// Terms to try, each found in this index (the home page's 试试).
    suggestions: Vec<crate::research::suggest::Suggestion>,
}

pub async fn docs(State(state): State<Arc<AppState>>) -> Result<Json<DocList>, ApiError> {
    let manifest = state.engine.manifest()?;
    let validity = state.engine.validity()?;
    let mut documents: Vec<DocSummary> = manifest
        .files
        .iter()
        .map(|(id, e)| DocSummary {
            id: id.clone(),
            title: e.metadata.title.clone(),
            date: e.metadata.date.map(|d| d.to_string()),
            source: e
                .metadata
                .source
                .clone()
                .or_else(|| e.metadata.issuer.clone()),
            paragraphs: e.paragraphs,
            doc_number: e.metadata.doc_number.clone(),
            encoding: e.metadata.encoding.clone(),
            format: e.metadata.format.clone(),
            pages: e.metadata.pages,
            kind: e.metadata.kind.clone(),
            issuer: e.metadata.issuer.clone(),
            level: e.metadata.level.clone(),
            status: validity.get(id).map(|v| v.status.to_string()),
            promulgated: e.metadata.promulgated.map(|d| d.to_string()),
            effective: e.metadata.effective.map(|d| d.to_string()),
        })
        .collect();
    // Newest first, then by title: how people look for reports.
    documents.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
    let skipped = manifest
        .skipped
        .iter()
        .map(|(id, s)| SkippedFile {
            id: id.clone(),
            reason: s.reason.clone(),
        })
        .collect();
    let suggestions = state.suggestions().await?.as_ref().clone();
    Ok(Json(DocList {
        documents,
        skipped,
        suggestions,
    }))
}

#[derive(Debug, Deserialize)]
pub struct DocParams {
    q: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct DocParagraph {
    paragraph: u64,
    section: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<u32>,
    text: String,
    /// The text HTML-escaped, with the query's matches in `<mark>`.
    html: String,
    matches: usize,
    /// For a paragraph of an article: 《专利代理条例》第二十五条.
    #[serde(skip_serializing_if = "Option::is_none")]
    citation: Option<String>,
    /// The number of the article it is in (25 for 第二十五条).
    #[serde(skip_serializing_if = "Option::is_none")]
    article: Option<u32>,
}

#[derive(Debug, Serialize)]
pub struct DocView {
    id: String,
    metadata: Metadata,
    paragraphs: Vec<DocParagraph>,
    /// Matches of `q` in the whole document.
    matches: usize,
    /// Documents of the corpus this one issues, names or cites, or that issue, name or cite it.
    links: Vec<crate::search::links::Link>,
    /// The articles its paragraphs cite, and for each of its articles the paragraphs of the
    /// corpus that cite it (引用本条).
    #[serde(skip_serializing_if = "is_no_citation")]
    article_citations: crate::search::citations::ArticleCitations,
    /// A law's 时效性, its versions in the corpus (历史版本, newest first) and what repeals it.
    #[serde(skip_serializing_if = "Option::is_none")]
    validity: Option<crate::search::versions::Validity>,
}

/// `/api/docs/{id}` and `/api/docs/{id}/original` (ids have slashes, so one wildcard route).
pub async fn doc_or_original(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    params: Result<Query<DocParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    if let Some(file) = id.strip_suffix("/original") {
        if state.engine.manifest()?.files.contains_key(file) {
            return original(&state, file).await;
        }
    }
    Ok(doc(state, id, params).await?.into_response())
}

/// The file as stored in the corpus, with its format's Content-Type and its file name.
async fn original(state: &AppState, id: &str) -> Result<Response, ApiError> {
    let path = state.config.corpus.join(id);
    let bytes = tokio::fs::read(&path)
        .await
        .map_err(|_| ApiError::not_found(format!("原文件已不在文件夹中：{id}")))?;
    let extension = id.rsplit_once('.').map_or("", |(_, e)| e);
    let format = extract::detect(&bytes, extension);
    let mime = format.map_or("application/octet-stream", |f| f.mime());
    let name = id.rsplit('/').next().unwrap_or(id);
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    // A scraped page is someone else's HTML: shown inline on this origin its scripts would run
    // with the app's rights, so it is a download, and sandboxed should a browser show it anyway.
    let foreign_markup = !matches!(format, Some(f) if f != extract::Format::Html);
    let disposition = format!(
        "{}; filename=\"{ascii}\"; filename*=UTF-8''{}",
        if foreign_markup {
            "attachment"
        } else {
            "inline"
        },
        percent_encode(name)
    );
    let mut response = (
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        ],
        bytes,
    )
        .into_response();
    if foreign_markup {
        response.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            header::HeaderValue::from_static("sandbox"),
        );
    }
    Ok(response)
}

/// RFC 5987 percent-encoding of a file name.
fn percent_encode(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn doc(
    state: Arc<AppState>,
    id: String,
    params: Result<Query<DocParams>, QueryRejection>,
) -> Result<Json<DocView>, ApiError> {
    let Query(p) = params.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let manifest = state.engine.manifest()?;
    let entry = manifest
        .files
        .get(&id)
        .ok_or_else(|| ApiError::not_found(format!("没有这个文档：{id}")))?;
    // A query that cannot be searched still shows the document, without highlights.
    let needles = non_empty(p.q)
        .and_then(|q| syntax::parse(&q).ok())
        .map(|q| q.highlights())
        .unwrap_or_default();
    let mut total = 0;
    let paragraphs = state
        .engine
        .document_paragraphs(&id)?
        .into_iter()
        .map(|r| {
            let ranges = highlight::match_ranges(&r.text, &needles);
            total += ranges.len();
            DocParagraph {
                citation: crate::parse::structure::citation(&r.title, &r.section),
                article: r
                    .section
                    .iter()
                    .rev()
                    .find_map(|s| crate::parse::structure::article_number(s)),
                paragraph: r.paragraph,
                section: r.section,
                page: r.page,
                html: highlight::snippet(&r.text, &ranges, None).to_html(),
                matches: ranges.len(),
                text: r.text,
            }
        })
        .collect();
    Ok(Json(DocView {
        links: crate::search::links::of(&manifest, &id),
        validity: state.engine.validity()?.get(&id).cloned(),
        article_citations: crate::search::citations::of(&manifest, &id),
        id,
        metadata: entry.metadata.clone(),
        paragraphs,
        matches: total,
    }))
}

fn is_no_citation(c: &crate::search::citations::ArticleCitations) -> bool {
    c.cites.is_empty() && c.cited_by.is_empty()
}

#[derive(Debug, Deserialize)]
pub struct AnalyzeParams {
    text: Option<String>,
}

pub async fn analyze(
    params: Result<Query<AnalyzeParams>, QueryRejection>,
) -> Result<Json<analyze::Analysis>, ApiError> {
    let Query(p) = params.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let text = non_empty(p.text)
        .ok_or_else(|| ApiError::bad_request("缺少 text 参数，例如 /api/analyze?text=碳达峰"))?;
    if text.chars().count() > syntax::MAX_QUERY_CHARS * 4 {
        return Err(ApiError::bad_request(format!(
            "文本过长（最多 {} 个字符）",
            syntax::MAX_QUERY_CHARS * 4
        )));
    }
    Ok(Json(analyze::explain(&text)))
}

pub async fn not_found(uri: Uri) -> ApiError {
    ApiError::not_found(format!("没有这个页面：{}", uri.path()))
}
