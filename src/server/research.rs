//! The research endpoints: trends, comparison, shared wording, export and the Atom feed.
//!
//! ```text
//! GET /api/trends?q=A&q=B&by=year|region|doc (&doc=&section=&region=&year=&from=&to=)  (&format=csv)
//! GET /api/compare?a=DOC&b=DOC
//! GET /api/similar?doc=DOC&paragraph=N
//! GET /api/search?…&format=csv|xlsx      every hit as a file (see api::search)
//! GET /feed?q=…                          Atom feed of the newest matching paragraphs
//! ```
//! The work is done on the blocking pool: a trend over ten thousand hits reads them all.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::error::ApiError;
use super::state::AppState;
use crate::research::export::{self, ExportFormat};
use crate::research::trends::{self, By};
use crate::research::{all_hits, compare, feed, similar};
use crate::search::{syntax, SearchRequest, Sort};

/// A query string's pairs, repeated keys kept (`q=A&q=B`).
fn pairs(raw: &Option<String>) -> Vec<(String, String)> {
    form_urlencoded::parse(raw.as_deref().unwrap_or("").as_bytes())
        .map(|(k, v)| (k.into_owned(), v.trim().to_string()))
        .collect()
}

fn one(pairs: &[(String, String)], key: &str) -> Option<String> {
    pairs
        .iter()
        .find(|(k, v)| k == key && !v.is_empty())
        .map(|(_, v)| v.clone())
}

/// Runs blocking work on the blocking pool.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ApiError::from(crate::Error::Internal(e.to_string())))?
}

/// The filters every research endpoint shares with `/api/search`, its sort, and whether
/// synonyms count (`synonyms=1`; off unless asked, so that a count is of what was typed).
fn filters(pairs: &[(String, String)], query: &str) -> Result<SearchRequest, ApiError> {
    let sort = match one(pairs, "sort").as_deref() {
        None | Some("relevance") => Sort::Relevance,
        Some("date") => Sort::Date,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "sort 只能是 relevance 或 date，而不是 {other:?}"
            )))
        }
    };
    let synonyms = match one(pairs, "synonyms").as_deref() {
        None | Some("0") | Some("false") => false,
        Some("1") | Some("true") => true,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "synonyms 只能是 1（计入同义词）或 0（只计原词），而不是 {other:?}"
            )))
        }
    };
    let (from, to) = (one(pairs, "from"), one(pairs, "to"));
    for date in [&from, &to].into_iter().flatten() {
        syntax::date_bound(date, false).map_err(|e| ApiError::bad_request(e.chinese()))?;
    }
    Ok(SearchRequest {
        doc: one(pairs, "doc"),
        doc_number: one(pairs, "doc_number"),
        section: one(pairs, "section"),
        region: one(pairs, "region"),
        year: one(pairs, "year"),
        kind: one(pairs, "kind"),
        issuer: one(pairs, "issuer"),
        from,
        to,
        sort,
        synonyms,
        ..SearchRequest::new(query)
    })
}

pub async fn trends(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let pairs = pairs(&raw);
    let queries: Vec<String> = pairs
        .iter()
        .filter(|(k, v)| k == "q" && !v.is_empty())
        .map(|(_, v)| v.clone())
        .collect();
    if queries.is_empty() {
        return Err(ApiError::bad_request(
            "缺少检索词 q，例如 /api/trends?q=新质生产力&q=低空经济&by=region",
        ));
    }
    if queries.len() > 10 {
        return Err(ApiError::bad_request("一次最多比较 10 个检索词"));
    }
    let by_text = one(&pairs, "by").unwrap_or_default();
    let by = By::parse(&by_text).ok_or_else(|| {
        ApiError::bad_request(format!("by 只能是 year、region 或 doc，而不是 {by_text:?}"))
    })?;
    let csv = match one(&pairs, "format").as_deref() {
        None | Some("json") => false,
        Some("csv") => true,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "format 只能是 json 或 csv，而不是 {other:?}"
            )))
        }
    };
    let base = filters(&pairs, "")?;
    let result = blocking(move || Ok(trends::trends(&state.engine, &queries, by, &base)?)).await?;
    if csv {
        let bytes = trends::to_csv(&result)?;
        return Ok(file_response(
            bytes,
            "text/csv; charset=utf-8",
            "trends.csv",
        ));
    }
    Ok(Json(result).into_response())
}

pub async fn compare(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<compare::Comparison>, ApiError> {
    let pairs = pairs(&raw);
    let (Some(a), Some(b)) = (one(&pairs, "a"), one(&pairs, "b")) else {
        return Err(ApiError::bad_request(
            "需要两个文档：/api/compare?a=去年的文档&b=今年的文档",
        ));
    };
    // by=article: 新旧对照 of two versions of a law, article by article.
    let by_article = one(&pairs, "by").as_deref() == Some("article");
    let result = blocking(move || {
        Ok(if by_article {
            compare::compare_articles(&state.engine, &a, &b)?
        } else {
            compare::compare(&state.engine, &a, &b)?
        })
    })
    .await?;
    Ok(Json(result))
}

pub async fn similar(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<similar::Similar>, ApiError> {
    let pairs = pairs(&raw);
    let doc = one(&pairs, "doc").ok_or_else(|| {
        ApiError::bad_request("缺少文档 doc，例如 /api/similar?doc=…&paragraph=3")
    })?;
    let paragraph_text = one(&pairs, "paragraph").unwrap_or_default();
    let paragraph: u64 = paragraph_text.parse().map_err(|_| {
        ApiError::bad_request(format!(
            "paragraph 应为段落编号（正整数），而不是 {paragraph_text:?}"
        ))
    })?;
    let result = blocking(move || Ok(similar::similar(&state.engine, &doc, paragraph)?)).await?;
    Ok(Json(result))
}

/// Every hit of `request` as a CSV or XLSX file (`/api/search?…&format=`).
pub async fn export_search(
    state: Arc<AppState>,
    request: SearchRequest,
    format: &str,
) -> Result<Response, ApiError> {
    let format: ExportFormat = format
        .parse()
        .ok()
        .filter(|f| *f != ExportFormat::Json)
        .ok_or_else(|| {
            ApiError::bad_request(format!("format 只能是 csv 或 xlsx，而不是 {format:?}"))
        })?;
    let bytes = blocking(move || {
        let results = all_hits(&state.engine, &request)?;
        Ok(export::export(&results, format)?)
    })
    .await?;
    let name = format!("policy-search.{}", format.extension());
    Ok(file_response(bytes, format.content_type(), &name))
}

pub async fn atom_feed(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let pairs = pairs(&raw);
    let q = one(&pairs, "q")
        .ok_or_else(|| ApiError::bad_request("缺少检索词 q，例如 /feed?q=低空经济"))?;
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost")
        .to_string();
    let base = format!("http://{host}");
    // Newest first unless the search asks for another order.
    let mut request = filters(&pairs, &q)?;
    if one(&pairs, "sort").is_none() {
        request.sort = Sort::Date;
    }
    request.synonyms = true;
    request
        .parse()
        .map_err(|e| ApiError::bad_request(e.chinese()))?;
    let params = feed_params(&pairs);
    let bytes = blocking(move || Ok(feed::feed(&state.engine, &request, &params, &base)?)).await?;
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        bytes,
    )
        .into_response())
}

/// The query string of a feed's search, as links reproduce it: the search's own parameters
/// only, in a stable order.
fn feed_params(pairs: &[(String, String)]) -> String {
    const KEYS: [&str; 11] = [
        "q",
        "doc",
        "doc_number",
        "section",
        "kind",
        "issuer",
        "region",
        "year",
        "from",
        "to",
        "sort",
    ];
    let mut out = form_urlencoded::Serializer::new(String::new());
    for key in KEYS {
        if let Some(v) = one(pairs, key) {
            out.append_pair(key, &v);
        }
    }
    out.finish()
}

fn file_response(bytes: Vec<u8>, content_type: &str, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}
