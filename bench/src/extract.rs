//! Extraction speed: from a file's bytes to a parsed [`Document`](policy_search::parse::Document)
//! (`ingest::read`: format detection, the reader, layout, parsing), per file, on one thread.
//!
//! Files are read into memory before they are timed, so the disk is not measured. Each file is
//! read once untimed (a warm-up), then `runs` times timed; a group's time in a run is the sum of
//! its files' times, and a group reports the median of its runs: per format, all files
//! together, and the fixed cases ([`CASES`], told by file name). Text and HTML files are not extracted and are passed over.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;

use crate::measure::{mb, median};
use policy_search::corpus::{self, SourceFile};
use policy_search::error::{Error, Result};
use policy_search::extract::{self, Format};

/// The shared format samples and the twenty DOCX reports, relative to the working folder.
pub const DEFAULT_FILES: &[&str] = &["../shared/formats/samples", "../shared/formats/docx-2025"];

/// Fixed cases, reported on their own whatever else is measured: (name, a part of the file
/// name). Each is split by format (the twenty reports come as DOCX, and as PDF and DOC made
/// from them).
pub const CASES: &[(&str, &str)] = &[("民法典", "民法典"), ("2025 政府工作报告", "政府工作报告")];

#[derive(Debug, Clone, clap::Args)]
pub struct ExtractOptions {
    /// Files, and folders read recursively [default: ../shared/formats/samples and
    /// ../shared/formats/docx-2025].
    #[arg(long, num_args = 1..)]
    pub files: Vec<PathBuf>,
    /// Timed reads of each file (after one untimed read).
    #[arg(long, default_value_t = 3)]
    pub runs: usize,
}

/// One group of files: a format, all of them, or a fixed case.
#[derive(Debug, Clone, Serialize)]
pub struct ExtractRow {
    pub name: String,
    pub files: usize,
    /// Pages of the files that know theirs (PDF and OFD always; Word files when they mark
    /// their pages).
    pub pages: u64,
    pub files_with_pages: usize,
    pub bytes: u64,
    pub paragraphs: u64,
    /// The group's time in each run, and their median.
    pub runs_s: Vec<f64>,
    pub seconds: f64,
    pub mb_per_s: f64,
    /// Only when every file of the group knows its pages.
    pub pages_per_s: Option<f64>,
    pub ms_per_file: f64,
}

/// A file and its median time.
#[derive(Debug, Clone, Serialize)]
pub struct Slow {
    pub file: String,
    pub format: Format,
    pub mb: f64,
    pub ms: f64,
}

/// How many of the slowest files are named.
const SLOWEST: usize = 5;

/// A file that could not be read, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Failed {
    pub file: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExtractReport {
    pub runs: usize,
    /// One row a format, then `all`.
    pub formats: Vec<ExtractRow>,
    pub cases: Vec<ExtractRow>,
    /// The slowest files (median ms), slowest first.
    pub slowest: Vec<Slow>,
    pub failed: Vec<Failed>,
    /// Files passed over: text, HTML, or not a document.
    pub skipped: usize,
}

/// A file read once: what it gave, and its time in each run.
struct Measured {
    name: String,
    format: Format,
    bytes: u64,
    pages: Option<u32>,
    paragraphs: u64,
    runs_s: Vec<f64>,
}

/// The default files, or why they cannot be used.
pub fn default_files() -> Result<Vec<PathBuf>> {
    let files: Vec<PathBuf> = DEFAULT_FILES.iter().map(PathBuf::from).collect();
    for file in &files {
        if let Err(e) = std::fs::read_dir(file) {
            let here =
                std::env::current_dir().map_or_else(|_| "?".into(), |d| d.display().to_string());
            return Err(Error::io(
                format!(
                    "{} (the default files, looked for from {here}; pass --files DIR_OR_FILE …)",
                    file.display()
                ),
                e,
            ));
        }
    }
    Ok(files)
}

/// Times `ingest::read` over every file (the [default files](default_files) when none are
/// given), `runs` times.
pub fn run(options: &ExtractOptions) -> Result<ExtractReport> {
    let files = if options.files.is_empty() {
        default_files()?
    } else {
        options.files.clone()
    };
    let runs = options.runs.max(1);
    let mut measured = Vec::new();
    let mut failed = Vec::new();
    let mut skipped = 0;
    for file in list(&files)? {
        let name = file.path.display().to_string();
        let bytes = match corpus::load(&file) {
            Ok(loaded) => loaded.bytes,
            Err(reason) => {
                failed.push(Failed {
                    file: name,
                    reason: reason.to_string(),
                });
                continue;
            }
        };
        let extension = file.id.rsplit_once('.').map_or("", |(_, e)| e);
        let Some(format) = extract::detect(&bytes, extension).filter(|f| extracted(*f)) else {
            skipped += 1;
            continue;
        };
        // One untimed read first: it tells what the file gives, and the first file of a format
        // does not carry the one-time set-up of its reader.
        let doc = match policy_search::ingest::read(&file.id, &bytes) {
            Ok(doc) => doc,
            Err(reason) => {
                failed.push(Failed {
                    file: name,
                    reason: reason.to_string(),
                });
                continue;
            }
        };
        let runs_s = (0..runs)
            .map(|_| {
                let started = Instant::now();
                let read = policy_search::ingest::read(&file.id, &bytes);
                let elapsed = started.elapsed().as_secs_f64();
                drop(read);
                elapsed
            })
            .collect();
        measured.push(Measured {
            name: file.id.rsplit('/').next().unwrap_or(&file.id).to_string(),
            format,
            bytes: bytes.len() as u64,
            pages: doc.metadata.pages,
            paragraphs: doc.paragraphs.len() as u64,
            runs_s,
        });
    }
    let mut formats: Vec<ExtractRow> = [Format::Pdf, Format::Ofd, Format::Docx, Format::Doc]
        .into_iter()
        .filter_map(|format| {
            row(
                format.name(),
                measured.iter().filter(|m| m.format == format),
                runs,
            )
        })
        .collect();
    if formats.len() > 1 {
        formats.extend(row("all", measured.iter(), runs));
    }
    let cases = CASES
        .iter()
        .flat_map(|(case, part)| {
            let of: Vec<&Measured> = measured.iter().filter(|m| m.name.contains(part)).collect();
            [Format::Pdf, Format::Ofd, Format::Docx, Format::Doc]
                .into_iter()
                .filter_map(move |format| {
                    let name = format!("{case} ({})", format.name());
                    row(
                        &name,
                        of.iter().copied().filter(|m| m.format == format),
                        runs,
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let mut slowest: Vec<Slow> = measured
        .iter()
        .map(|m| Slow {
            file: m.name.clone(),
            format: m.format,
            mb: mb(m.bytes),
            ms: median(&m.runs_s) * 1e3,
        })
        .collect();
    slowest.sort_by(|a, b| b.ms.total_cmp(&a.ms));
    slowest.truncate(SLOWEST);
    Ok(ExtractReport {
        runs,
        formats,
        cases,
        slowest,
        failed,
        skipped,
    })
}

/// The formats with a reader of their own (text and HTML are decoded, not extracted).
fn extracted(format: Format) -> bool {
    !matches!(format, Format::Text | Format::Html)
}

/// The files given: folders listed recursively (as a corpus is), files as they are.
fn list(paths: &[PathBuf]) -> Result<Vec<SourceFile>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            files.extend(corpus::scan(path)?.0);
        } else {
            std::fs::File::open(path)
                .map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
            files.push(one_file(path));
        }
    }
    Ok(files)
}

fn one_file(path: &Path) -> SourceFile {
    SourceFile {
        id: path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        path: path.to_path_buf(),
        size: 0,
        modified_ns: 0,
    }
}

/// A group's row; `None` for no files.
fn row<'a>(
    name: &str,
    files: impl Iterator<Item = &'a Measured>,
    runs: usize,
) -> Option<ExtractRow> {
    let files: Vec<&Measured> = files.collect();
    if files.is_empty() {
        return None;
    }
    let runs_s: Vec<f64> = (0..runs)
        .map(|r| files.iter().map(|m| m.runs_s[r]).sum())
        .collect();
    let seconds = median(&runs_s);
    let bytes = files.iter().map(|m| m.bytes).sum();
    let pages = files.iter().filter_map(|m| m.pages).map(u64::from).sum();
    let files_with_pages = files.iter().filter(|m| m.pages.is_some()).count();
    let rate = |n: f64| if seconds > 0.0 { n / seconds } else { 0.0 };
    Some(ExtractRow {
        name: name.to_string(),
        files: files.len(),
        pages,
        files_with_pages,
        bytes,
        paragraphs: files.iter().map(|m| m.paragraphs).sum(),
        mb_per_s: rate(mb(bytes)),
        pages_per_s: (files_with_pages == files.len()).then(|| rate(pages as f64)),
        ms_per_file: seconds * 1e3 / files.len() as f64,
        runs_s,
        seconds,
    })
}

impl fmt::Display for ExtractReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "extraction + parsing (ingest::read), one thread, median of {} runs:",
            self.runs
        )?;
        writeln!(
            f,
            "| format or case | files | pages | MB | paragraphs | s | MB/s | pages/s | ms/file |"
        )?;
        writeln!(f, "|---|---|---|---|---|---|---|---|---|")?;
        for r in self.formats.iter().chain(&self.cases) {
            let pages = match (r.files_with_pages, r.pages_per_s) {
                (0, _) => "–".to_string(),
                (_, Some(_)) => r.pages.to_string(),
                (n, None) => format!("{} ({n} of {} files)", r.pages, r.files),
            };
            let name = if r.name == "all" {
                "**all**".to_string()
            } else {
                r.name.clone()
            };
            writeln!(
                f,
                "| {name} | {} | {pages} | {:.2} | {} | {:.3} | {:.2} | {} | {:.1} |",
                r.files,
                mb(r.bytes),
                r.paragraphs,
                r.seconds,
                r.mb_per_s,
                r.pages_per_s.map_or("–".into(), |p| format!("{p:.0}")),
                r.ms_per_file
            )?;
        }
        let slowest: Vec<String> = self
            .slowest
            .iter()
            .map(|s| {
                format!(
                    "{} ({}, {:.2} MB) {:.1} ms",
                    s.file,
                    s.format.name(),
                    s.mb,
                    s.ms
                )
            })
            .collect();
        if !slowest.is_empty() {
            writeln!(f, "slowest: {}", slowest.join("; "))?;
        }
        if self.skipped > 0 {
            writeln!(
                f,
                "passed over: {} files (text, HTML or not a document)",
                self.skipped
            )?;
        }
        for failed in &self.failed {
            writeln!(f, "unreadable: {}: {}", failed.file, failed.reason)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Over the notice of the tier-1 fixtures in four formats, a copy of its PDF named as a
    /// fixed case, a scanned PDF (no text) and a text file: one row a format, the case, sane
    /// counts; no time is checked.
    #[test]
    fn extraction_is_measured_per_format() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/formats");
        let work = tempfile::TempDir::new().unwrap();
        let dir = work.path().join("files");
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        for (from, to) in [
            ("notice.pdf", "notice.pdf"),
            ("notice.ofd", "notice.ofd"),
            ("notice.docx", "notice.docx"),
            ("notice.doc", "sub/notice.doc"),
            ("notice.pdf", "sub/中华人民共和国民法典.pdf"),
            ("bad/scanned.pdf", "scanned.pdf"),
            ("notice.paragraphs.txt", "notice.paragraphs.txt"),
        ] {
            std::fs::copy(fixtures.join(from), dir.join(to)).unwrap();
        }
        let report = run(&ExtractOptions {
            files: vec![dir.clone()],
            runs: 2,
        })
        .unwrap();
        let names: Vec<&str> = report.formats.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["pdf", "ofd", "docx", "doc", "all"]);
        let files: Vec<usize> = report.formats.iter().map(|r| r.files).collect();
        assert_eq!(files, [2, 1, 1, 1, 5]);
        for r in &report.formats {
            assert_eq!(r.runs_s.len(), 2);
            assert!(r.bytes > 0 && r.paragraphs > 5 && r.seconds > 0.0, "{r:?}");
            assert!(r.mb_per_s > 0.0 && r.ms_per_file > 0.0, "{r:?}");
        }
        let pdf = &report.formats[0];
        assert_eq!(pdf.files_with_pages, 2);
        assert!(pdf.pages >= 2 && pdf.pages_per_s.unwrap() > 0.0);
        let case = &report.cases;
        assert_eq!(case.len(), 1, "{case:?}");
        assert_eq!((case[0].name.as_str(), case[0].files), ("民法典 (pdf)", 1));
        assert_eq!(case[0].pages * 2, pdf.pages);
        assert_eq!(report.failed.len(), 1, "{report}");
        assert!(report.failed[0].file.ends_with("scanned.pdf"));
        assert_eq!(report.skipped, 1, "notice.paragraphs.txt");
        assert_eq!(report.slowest.len(), 5);
        assert!(report.slowest.windows(2).all(|w| w[0].ms >= w[1].ms));
        let table = report.to_string();
        assert!(
            table.contains("| pdf | 2 |") && table.contains("| **all** | 5 |"),
            "{table}"
        );
        assert!(table.contains("| 民法典 (pdf) | 1 |") && table.contains("unreadable: "));

        // One file given as a file; a missing path is an error.
        let one = run(&ExtractOptions {
            files: vec![dir.join("notice.docx")],
            runs: 1,
        })
        .unwrap();
        let names: Vec<(&str, usize)> = one
            .formats
            .iter()
            .map(|r| (r.name.as_str(), r.files))
            .collect();
        assert_eq!(names, [("docx", 1)]);
        assert!(run(&ExtractOptions {
            files: vec![dir.join("no-such-file.pdf")],
            runs: 1,
        })
        .is_err());
    }
}
