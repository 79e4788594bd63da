//! The admin API: upload, remove, reindex. Off unless a token is configured.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Path as UrlPath, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

use super::error::ApiError;
use super::state::AppState;
use crate::index::SyncReport;

fn authorize(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = &state.config.admin_token else {
        return Err(ApiError::unauthorized(
            "管理接口未开启：启动服务时请设置 --admin-token 或 POLICY_SEARCH_ADMIN_TOKEN",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        // subtle's comparison does not stop at the first difference (and an optimiser may not
        // make it), so timing tells nothing about the token.
        Some(given) if bool::from(given.as_bytes().ct_eq(token.as_bytes())) => Ok(()),
        _ => Err(ApiError::unauthorized(
            "缺少或错误的 Authorization: Bearer 令牌",
        )),
    }
}

/// A file name safe to write into the corpus root: its last component, no hidden files, no
/// separators or control characters. Whether it is a document is told by its content.
pub fn sanitize_file_name(name: &str) -> Result<String, ApiError> {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("").trim();
    let cleaned: String = last.chars().filter(|c| !c.is_control()).collect();
    let cleaned = cleaned.trim_start_matches('.').trim().to_string();
    if cleaned.is_empty() || cleaned == ".." || cleaned.len() > 200 {
        return Err(ApiError::bad_request(format!("文件名不可用：{name:?}")));
    }
    Ok(cleaned)
}

#[derive(Debug, Deserialize)]
pub struct UploadParams {
    name: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct UploadResult {
    id: String,
    indexed: bool,
    paragraphs: u32,
    title: Option<String>,
    report: SyncReport,
}

/// `POST /api/documents`: multipart (a file field) or a raw body with `?name=` or `X-Filename`.
pub async fn upload(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(params): Query<UploadParams>,
    request: Request,
) -> Result<(StatusCode, Json<UploadResult>), ApiError> {
    authorize(&state, &headers)?;
    let is_multipart = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let (name, bytes) = if is_multipart {
        read_multipart(request).await?
    } else {
        let name = params
            .name
            .or_else(|| {
                headers
                    .get("x-filename")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            })
            .ok_or_else(|| {
                ApiError::bad_request("请给出文件名：?name=report.txt 或 X-Filename 请求头")
            })?;
        let bytes = Bytes::from_request(request, &())
            .await
            .map_err(|e| ApiError::bad_request(format!("无法读取请求体：{e}")))?;
        (name, bytes)
    };
    let name = sanitize_file_name(&name)?;
    if bytes.is_empty() {
        return Err(ApiError::bad_request("上传的文件是空的"));
    }
    // Check before it lands in the corpus: what cannot be read is refused, not stored.
    let checked = {
        let (file, content) = (name.clone(), bytes.clone());
        tokio::task::spawn_blocking(move || crate::ingest::read(&file, &content).map(|_| ()))
            .await
            .map_err(|e| {
                tracing::error!("reading the upload {name} failed: {e}");
                ApiError {
                    status: StatusCode::INTERNAL_SERVER_ERROR,
                    message: "读取上传的文件时出错，详见服务器日志".into(),
                }
            })?
    };
    if let Err(reason) = checked {
        return Err(ApiError::unprocessable(format!(
            "{name}：{}",
            crate::corpus::reason_in_chinese(&reason.to_string())
        )));
    }
    let target = state.config.corpus.join(&name);
    write_atomically(&state.config.corpus, &name, &bytes).await?;
    let report = state.reindex().await?;
    let manifest = state.engine.manifest()?;
    let entry = manifest.files.get(&name);
    if entry.is_none() {
        // Unreadable after all (e.g. nothing but page chrome): take it out again.
        let _ = tokio::fs::remove_file(&target).await;
        let reason = report.skipped.iter().find(|s| s.id == name).map_or_else(
            || "未能建立索引".to_string(),
            |s| crate::corpus::reason_in_chinese(&s.reason),
        );
        return Err(ApiError::unprocessable(format!("{name}：{reason}")));
    }
    let status = if report.added.contains(&name) {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(UploadResult {
            id: name.clone(),
            indexed: true,
            paragraphs: entry.map_or(0, |e| e.paragraphs),
            title: entry.map(|e| e.metadata.title.clone()),
            report,
        }),
    ))
}

async fn read_multipart(request: Request) -> Result<(String, Bytes), ApiError> {
    let mut multipart = Multipart::from_request(request, &())
        .await
        .map_err(|e| ApiError::bad_request(format!("multipart 请求体有误：{e}")))?;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| ApiError::bad_request(format!("multipart 请求体有误：{e}")))?
    {
        if let Some(name) = field.file_name().map(str::to_string) {
            let bytes = field
                .bytes()
                .await
                .map_err(|e| ApiError::bad_request(format!("无法读取上传的文件：{e}")))?;
            return Ok((name, bytes));
        }
    }
    Err(ApiError::bad_request("multipart 请求体中没有文件"))
}

/// Writes to a hidden temporary name, then renames: the watcher never sees half a file.
async fn write_atomically(corpus: &Path, name: &str, bytes: &[u8]) -> Result<(), ApiError> {
    let temporary = corpus.join(format!(".{name}.upload"));
    let target = corpus.join(name);
    let io = |e: std::io::Error| {
        tracing::error!("writing {}: {e}", target.display());
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: "无法把文件写入文档目录".into(),
        }
    };
    tokio::fs::write(&temporary, bytes).await.map_err(io)?;
    tokio::fs::rename(&temporary, &target).await.map_err(io)
}

/// `DELETE /api/documents/{id}`.
pub async fn remove(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    UrlPath(id): UrlPath<String>,
) -> Result<Json<SyncReport>, ApiError> {
    authorize(&state, &headers)?;
    let path = corpus_path(&state.config.corpus, &id)?;
    let known = state.engine.manifest()?.files.contains_key(&id);
    if !known && !path.is_file() {
        return Err(ApiError::not_found(format!("没有这个文档：{id}")));
    }
    if path.is_file() {
        tokio::fs::remove_file(&path).await.map_err(|e| {
            tracing::error!("removing {}: {e}", path.display());
            ApiError {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                message: "无法删除文件".into(),
            }
        })?;
    }
    Ok(Json(state.reindex().await?))
}

/// The path of a document id inside the corpus; ids that would leave it are refused.
fn corpus_path(corpus: &Path, id: &str) -> Result<PathBuf, ApiError> {
    let relative = Path::new(id);
    let safe = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    if !safe || id.is_empty() {
        return Err(ApiError::bad_request(format!("文档编号不合法：{id:?}")));
    }
    Ok(corpus.join(relative))
}

/// `POST /api/reindex`.
pub async fn reindex(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Json<SyncReport>, ApiError> {
    authorize(&state, &headers)?;
    Ok(Json(state.reindex().await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_stay_inside_the_corpus() {
        assert_eq!(sanitize_file_name("../../etc/x.txt").unwrap(), "x.txt");
        assert_eq!(sanitize_file_name("..\\..\\x.txt").unwrap(), "x.txt");
        assert_eq!(sanitize_file_name(".hidden.txt").unwrap(), "hidden.txt");
        assert_eq!(
            sanitize_file_name("报告 2026.TXT").unwrap(),
            "报告 2026.TXT"
        );
        assert!(sanitize_file_name("../..").is_err());
        assert!(sanitize_file_name("").is_err());
    }

    #[test]
    fn ids_cannot_leave_the_corpus() {
        let corpus = Path::new("/c");
        assert!(corpus_path(corpus, "../x.txt").is_err());
        assert!(corpus_path(corpus, "/etc/passwd").is_err());
        assert_eq!(
            corpus_path(corpus, "a/b.txt").unwrap(),
            Path::new("/c/a/b.txt")
        );
    }
}
