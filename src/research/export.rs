//! Export of every hit of a search as CSV, XLSX or JSON, each row with its citation line.

use std::str::FromStr;

use rust_xlsxwriter::{Format, Workbook, XlsxError};
use serde::Serialize;

use super::hits::citation;
use crate::error::{Error, Result};
use crate::search::{Hit, SearchResults};

/// Formats a search can be exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Xlsx,
    Json,
}

impl FromStr for ExportFormat {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(ExportFormat::Csv),
            "xlsx" => Ok(ExportFormat::Xlsx),
            "json" => Ok(ExportFormat::Json),
            other => Err(format!(
                "unknown export format {other:?}: use csv, xlsx or json"
            )),
        }
    }
}

impl ExportFormat {
    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            ExportFormat::Json => "application/json",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Json => "json",
        }
    }
}

/// The columns of an export, in order.
pub const HEADER: [&str; 10] = [
    "文档", "标题", "地区", "年份", "日期", "章节", "页码", "段落", "正文", "引用",
];

/// One hit as a row of [`HEADER`].
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub doc: String,
    pub title: String,
    pub region: String,
    pub year: String,
    pub date: String,
    /// Section levels joined by ` › `.
    pub section: String,
    pub page: String,
    pub paragraph: u64,
    pub text: String,
    pub citation: String,
}

impl Row {
    pub fn of(hit: &Hit) -> Row {
        Row {
            doc: hit.doc.clone(),
            title: hit.title.clone(),
            region: hit.region.clone().unwrap_or_default(),
            year: hit.year.map(|y| y.to_string()).unwrap_or_default(),
            date: hit.date.clone().unwrap_or_default(),
            section: hit.section.join(" › "),
            page: hit.page.map(|p| p.to_string()).unwrap_or_default(),
            paragraph: hit.paragraph,
            text: hit.text.clone(),
            citation: citation(&hit.title, &hit.section, hit.page, hit.paragraph),
        }
    }

    fn cells(&self) -> [String; 10] {
        [
            self.doc.clone(),
            self.title.clone(),
            self.region.clone(),
            self.year.clone(),
            self.date.clone(),
            self.section.clone(),
            self.page.clone(),
            self.paragraph.to_string(),
            self.text.clone(),
            self.citation.clone(),
        ]
    }
}

/// A byte-order mark, so that spreadsheet programs read a UTF-8 CSV's Chinese correctly.
pub fn utf8_bom() -> Vec<u8> {
    "\u{feff}".as_bytes().to_vec()
}

/// The hits of `results` (all of them: see [`super::hits::all_hits`]) in `format`.
pub fn export(results: &SearchResults, format: ExportFormat) -> Result<Vec<u8>> {
    let rows: Vec<Row> = results.hits.iter().map(Row::of).collect();
    match format {
        ExportFormat::Csv => to_csv(&rows),
        ExportFormat::Xlsx => to_xlsx(&rows, &results.query),
        ExportFormat::Json => {
            #[derive(Serialize)]
            struct Export<'a> {
                query: &'a str,
                total: usize,
                hits: &'a [Row],
            }
            let export = Export {
                query: &results.query,
                total: results.total,
                hits: &rows,
            };
            serde_json::to_vec_pretty(&export)
                .map_err(|e| Error::io("writing JSON", std::io::Error::other(e)))
        }
    }
}

fn to_csv(rows: &[Row]) -> Result<Vec<u8>> {
    let to_io = |e: csv::Error| Error::io("writing CSV", std::io::Error::other(e));
    let mut out = csv::Writer::from_writer(utf8_bom());
    out.write_record(HEADER).map_err(to_io)?;
    for row in rows {
        out.write_record(row.cells()).map_err(to_io)?;
    }
    out.into_inner()
        .map_err(|e| Error::io("writing CSV", std::io::Error::other(e.to_string())))
}

fn to_xlsx(rows: &[Row], query: &str) -> Result<Vec<u8>> {
    let to_io = |e: XlsxError| Error::io("writing XLSX", std::io::Error::other(e.to_string()));
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("检索结果").map_err(to_io)?;
    let bold = Format::new().set_bold();
    let plain = Format::new().set_num_format("0");
    for (col, name) in HEADER.iter().enumerate() {
        sheet
            .write_string_with_format(0, col as u16, *name, &bold)
            .map_err(to_io)?;
    }
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        for (col, cell) in row.cells().iter().enumerate() {
            // 年份, 页码 and 段落 are numbers (to sort and filter by), in a plain format (2026,
            // not 2,026); an unknown year or page is an empty cell, not a zero.
            if matches!(col, 3 | 6 | 7) {
                if let Ok(n) = cell.parse::<u64>() {
                    sheet
                        .write_number_with_format(r, col as u16, n as f64, &plain)
                        .map_err(to_io)?;
                }
            } else {
                sheet.write_string(r, col as u16, cell).map_err(to_io)?;
            }
        }
    }
    sheet.set_column_width(1, 30).map_err(to_io)?;
    sheet.set_column_width(5, 30).map_err(to_io)?;
    sheet.set_column_width(8, 80).map_err(to_io)?;
    sheet.set_column_width(9, 50).map_err(to_io)?;
    book.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title(format!("policy-search: {query}"))
            .set_author("policy-search"),
    );
    book.save_to_buffer().map_err(to_io)
}
