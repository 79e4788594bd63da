//! `query`: search results on the terminal (highlighted, grouped), as JSON, or as a file.

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use crate::error::{Error, Result};
use crate::search::{highlight, Engine, SearchRequest};

use super::args::{FormatArg, QueryArgs};
use super::indexing::open_index;
use super::output::{flush, stdout};

pub(crate) fn query(args: QueryArgs) -> Result<()> {
    let engine = open_index(&args.paths)?;
    let request = args.selection.request(&args.query);
    if let Some(format) = args.format {
        let request = SearchRequest {
            synonyms: args.synonyms,
            ..request
        };
        return export_hits(&engine, &request, format, args.output.as_deref());
    }
    let results = engine.search(&request)?;
    let mut out = stdout();
    let written = if args.json {
        serde_json::to_writer(&mut out, &results)
            .map_err(io::Error::other)
            .and_then(|_| writeln!(out))
    } else {
        print_results(&mut out, &results, &request, args.color.on_stdout())
    };
    written.map_err(|e| Error::io("writing output", e))?;
    flush(out)
}

fn print_results(
    out: &mut impl Write,
    results: &crate::search::SearchResults,
    request: &SearchRequest,
    color: bool,
) -> io::Result<()> {
    let parsed = request.parse().unwrap_or_default();
    // A plain style renders as nothing, its reset too.
    let (bold, dim) = if color {
        (anstyle::Style::new().bold(), anstyle::Style::new().dimmed())
    } else {
        (anstyle::Style::new(), anstyle::Style::new())
    };
    if results.total == 0 && results.documents.is_empty() {
        writeln!(
            out,
            "no paragraph contains {} ({} ms)",
            request.query, results.took_ms
        )?;
        writeln!(
            out,
            "searched every paragraph's text, and every document's title, 文号 and issuer;"
        )?;
        writeln!(out, "try fewer or shorter words, or check the spelling")?;
        return Ok(());
    }
    if !results.documents.is_empty() {
        writeln!(out, "documents named by {}:", request.query)?;
        for d in &results.documents {
            let matched: Vec<&str> = d.matched.iter().map(|m| m.chinese()).collect();
            writeln!(out, "  {bold}{}{bold:#}  [{}]", d.title, d.id)?;
            let facts: Vec<&str> = [&d.kind, &d.issuer, &d.doc_number, &d.date]
                .into_iter()
                .flatten()
                .map(String::as_str)
                .collect();
            writeln!(
                out,
                "    {dim}{}  ({}命中){dim:#}",
                facts.join(" · "),
                matched.join("、")
            )?;
            if let Some(article) = &d.article {
                let numbers: Vec<String> =
                    article.paragraphs.iter().map(|p| format!("¶{p}")).collect();
                writeln!(out, "    {}  {}", article.citation, numbers.join(" "))?;
            }
        }
        writeln!(out)?;
    }
    let first = request.offset + 1;
    let last = request.offset + results.hits.len();
    writeln!(
        out,
        "{} paragraphs match {} ({} ms); showing {first}–{last}\n",
        results.total, request.query, results.took_ms
    )?;
    for (i, hit) in results.hits.iter().enumerate() {
        let date = hit.date.as_deref().unwrap_or("undated");
        let page = hit.page.map(|p| format!("  第{p}页")).unwrap_or_default();
        let also = if hit.also.is_empty() {
            String::new()
        } else {
            format!("  (also {})", hit.also.join(", "))
        };
        writeln!(
            out,
            "{}. {bold}{}{bold:#}  {date}  ¶{}{page}  [{}]{also}",
            first + i,
            hit.title,
            hit.paragraph,
            hit.doc
        )?;
        if !hit.section.is_empty() {
            writeln!(out, "   {dim}{}{dim:#}", hit.section.join(" › "))?;
        }
        if let Some(citation) = &hit.citation {
            writeln!(out, "   {dim}引用：{citation}{dim:#}")?;
        }
        if hit.via != crate::search::Via::Text {
            writeln!(out, "   {dim}{}{dim:#}", hit.via.chinese())?;
        }
        let snippet = highlight::query_snippet(&hit.text, &parsed, highlight::SNIPPET_CHARS);
        writeln!(out, "   {}\n", snippet.to_terminal(color))?;
    }
    if last < results.total {
        writeln!(out, "more: --offset {last}")?;
    }
    Ok(())
}

/// Every hit of a search, as a file.
fn export_hits(
    engine: &Engine,
    request: &SearchRequest,
    format: FormatArg,
    output: Option<&Path>,
) -> Result<()> {
    use crate::research::export::ExportFormat;
    let format = match format {
        FormatArg::Csv => ExportFormat::Csv,
        FormatArg::Xlsx => ExportFormat::Xlsx,
        FormatArg::Json => ExportFormat::Json,
    };
    if format == ExportFormat::Xlsx && output.is_none() && io::stdout().is_terminal() {
        return Err(Error::Usage(
            "an XLSX file is not for the terminal: give --output FILE.xlsx (or redirect)".into(),
        ));
    }
    let results = crate::research::all_hits(engine, request)?;
    let bytes = crate::research::export::export(&results, format)?;
    match output {
        Some(path) => std::fs::write(path, &bytes)
            .map_err(|e| Error::io(format!("writing {}", path.display()), e))?,
        None => {
            let mut out = stdout();
            out.write_all(&bytes)
                .map_err(|e| Error::io("writing output", e))?;
            return flush(out);
        }
    }
    eprintln!(
        "{} hits written to {}",
        results.total,
        output.map_or(String::new(), |p| p.display().to_string())
    );
    Ok(())
}
