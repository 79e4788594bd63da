//! The corpus folder: which files are documents, their bytes loaded, and why a file is skipped.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use walkdir::WalkDir;

use crate::error::{Error, Result};

pub use crate::extract::DOCUMENT_EXTENSIONS;
/// Larger files are skipped: no policy document is this long, and it protects memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A document file found in the corpus, not yet read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Path relative to the corpus root, `/`-separated: the document's id.
    pub id: String,
    pub path: PathBuf,
    pub size: u64,
    /// Modification time in nanoseconds since the epoch (0 when the platform has none).
    pub modified_ns: u64,
}

/// A file found in the corpus that is not a document type we read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignored {
    pub id: String,
    pub reason: String,
}

/// The bytes of a file, as read.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub bytes: Vec<u8>,
    /// Hash of the raw bytes: a changed hash means the document changed.
    pub hash: String,
}

/// Lists the documents under `root` (recursively, sorted by id), and the files passed over.
pub fn scan(root: &Path) -> Result<(Vec<SourceFile>, Vec<Ignored>)> {
    if !root.is_dir() {
        return Err(Error::CorpusMissing(root.to_path_buf()));
    }
    let mut files = Vec::new();
    let mut ignored = Vec::new();
    let walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let id = e
                    .path()
                    .map(|p| relative_id(root, p))
                    .unwrap_or_else(|| "?".into());
                ignored.push(Ignored {
                    id,
                    reason: format!("cannot be listed: {e}"),
                });
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let id = relative_id(root, path);
        if is_temporary(&id) || is_corpus_note(&id) {
            continue;
        }
        if !is_supported(path) {
            ignored.push(Ignored {
                id,
                reason: "not a supported file type (text, HTML, PDF, DOCX, DOC, WPS, OFD)".into(),
            });
            continue;
        }
        // A file removed between listing and reading is simply not there.
        let Ok(meta) = entry.metadata() else { continue };
        let modified_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as u64);
        files.push(SourceFile {
            id,
            path: path.to_path_buf(),
            size: meta.len(),
            modified_ns,
        });
    }
    files.sort_by(|a, b| a.id.cmp(&b.id));
    Ok((files, ignored))
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// Editors' and uploaders' temporary files (`~$x.txt`, `x.txt.part`, `x.txt~`).
fn is_temporary(id: &str) -> bool {
    let name = id.rsplit('/').next().unwrap_or(id);
    name.starts_with("~$")
        || name.ends_with('~')
        || name.ends_with(".part")
        || name.ends_with(".tmp")
}

/// The notes that describe a corpus (`SOURCES.md`, `README.md`: where its files came from) sit
/// beside the documents but are not documents themselves.
fn is_corpus_note(id: &str) -> bool {
    let name = id.rsplit('/').next().unwrap_or(id);
    name.eq_ignore_ascii_case("SOURCES.md") || name.eq_ignore_ascii_case("README.md")
}

/// A file worth reading: a document by its name, or by the first bytes of its content (a PDF
/// saved without its extension, a Word file named `.bin`).
pub fn is_supported(path: &Path) -> bool {
    let by_name = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| DOCUMENT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
    by_name || starts_like_a_document(path)
}

fn starts_like_a_document(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 512];
    let Ok(n) = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)) else {
        return false;
    };
    let head = &head[..n];
    head.starts_with(b"PK\x03\x04")
        || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
        || crate::extract::detect(head, "").is_some()
}

fn relative_id(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Why a file could not be read as a document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SkipReason {
    #[error("empty file")]
    Empty,
    #[error("file is larger than {} MB", MAX_FILE_BYTES / 1024 / 1024)]
    TooLarge,
    #[error("binary file, not text")]
    Binary,
    #[error("text cannot be decoded (tried {0})")]
    Undecodable(String),
    #[error("no text left after removing page chrome")]
    NoText,
    #[error(
        "not a supported file type (its content is not text, HTML, PDF, DOCX, DOC, WPS or OFD)"
    )]
    Unsupported,
    #[error("{0}")]
    Unreadable(crate::extract::ExtractError),
    #[error("cannot be read: {0}")]
    Io(String),
}

/// A skip reason (as [`SkipReason`] and the readers word it) in Chinese, for the API's
/// messages; the reason as recorded follows in brackets, with its detail. The web UI's
/// `SKIP_REASONS` table says the same.
pub fn reason_in_chinese(reason: &str) -> String {
    const REASONS: [(&str, &str); 15] = [
        (
            "needs OCR: no text layer",
            "扫描件，没有文字层，需先做文字识别（OCR）",
        ),
        (
            "needs OCR: the text layer is garbage",
            "文字层无法使用（字符映射有误），需先做文字识别（OCR）",
        ),
        ("needs OCR", "需先做文字识别（OCR）"),
        ("password-protected", "文件有密码保护"),
        ("corrupt or truncated file", "文件损坏或不完整"),
        ("too large to read", "文件过大，未读取"),
        ("file is larger than", "文件过大，未读取"),
        ("reading took longer than", "读取超时"),
        ("empty file", "空文件"),
        ("binary file, not text", "不是文本文件"),
        ("text cannot be decoded", "无法识别文字编码"),
        (
            "no text left after removing page chrome",
            "去掉网页框架后没有正文",
        ),
        (
            "not a supported file type",
            "不支持的文件类型（支持文本、HTML、PDF、DOCX、DOC、WPS、OFD）",
        ),
        ("unsupported", "不支持的文件格式"),
        ("cannot be read", "无法读取文件"),
    ];
    match REASONS.iter().find(|(en, _)| reason.starts_with(en)) {
        Some((_, zh)) => format!("{zh}（{reason}）"),
        None => format!("无法读取（{reason}）"),
    }
}

/// Reads one file.
pub fn load(file: &SourceFile) -> std::result::Result<Loaded, SkipReason> {
    let meta = std::fs::metadata(&file.path).map_err(|e| SkipReason::Io(e.to_string()))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(SkipReason::TooLarge);
    }
    let bytes = std::fs::read(&file.path).map_err(|e| SkipReason::Io(e.to_string()))?;
    if bytes.is_empty() {
        return Err(SkipReason::Empty);
    }
    Ok(Loaded {
        hash: blake3::hash(&bytes).to_hex()[..32].to_string(),
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skip_reasons_read_in_chinese() {
        assert_eq!(
            reason_in_chinese(&SkipReason::Empty.to_string()),
            "空文件（empty file）"
        );
        assert!(
            reason_in_chinese(&SkipReason::Unsupported.to_string()).starts_with("不支持的文件类型")
        );
        assert!(reason_in_chinese("corrupt or truncated file: bad xref")
            .starts_with("文件损坏或不完整（"));
        assert!(reason_in_chinese("something new").starts_with("无法读取（"));
    }

    #[test]
    fn corpus_notes_are_not_documents() {
        let dir = tempfile::TempDir::new().unwrap();
        std::fs::write(dir.path().join("SOURCES.md"), "# 来源\n").unwrap();
        std::fs::write(dir.path().join("报告.md"), "# 报告\n正文。\n").unwrap();
        let (files, ignored) = scan(dir.path()).unwrap();
        let ids: Vec<&str> = files.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["报告.md"]);
        assert!(ignored.is_empty(), "{ignored:?}");
    }
}
