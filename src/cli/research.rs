//! `trends`, `compare` and `similar`: the research tools over search results, as tables.

use std::io::{self, Write};

use crate::analyze;
use crate::error::{Error, Result};
use crate::search::{Engine, SearchRequest};

use super::args::{ByArg, CompareArgs, SimilarArgs, TrendsArgs};
use super::indexing::open_index;
use super::output::{flush, stdout, write_json, write_table};

pub(crate) fn trends(args: TrendsArgs) -> Result<()> {
    use crate::research::trends::{self, By};
    let engine = open_index(&args.paths)?;
    let by = match args.by {
        ByArg::Year => By::Year,
        ByArg::Region => By::Region,
        ByArg::Doc => By::Doc,
    };
    let base = SearchRequest {
        doc: args.doc,
        synonyms: args.synonyms,
        ..args.filters.request(String::new())
    };
    let result = trends::trends(&engine, &args.queries, by, &base)?;
    let mut out = stdout();
    let written = if args.json {
        write_json(&mut out, &result)
    } else if args.csv {
        out.write_all(&trends::to_csv(&result)?)
    } else {
        print_trends(&mut out, &result)
    };
    written.map_err(|e| Error::io("writing output", e))?;
    flush(out)
}

fn print_trends(out: &mut impl Write, t: &crate::research::trends::Trends) -> io::Result<()> {
    use crate::research::trends::variant_counts;
    for s in &t.series {
        let what = if s.synonyms {
            "with synonyms"
        } else {
            "as typed"
        };
        writeln!(
            out,
            "{}: {} paragraphs, {} occurrences ({what})",
            s.query, s.total, s.occurrences
        )?;
        if !s.variants.is_empty() {
            let each: Vec<String> = s
                .variants
                .iter()
                .map(|v| format!("{} {}", v.term, v.occurrences))
                .collect();
            writeln!(out, "  variants: {}", each.join(", "))?;
        }
        let mut rows = vec![[
            String::new(),
            "paragraphs".to_string(),
            "occurrences".to_string(),
            "documents".to_string(),
            if s.variants.is_empty() {
                String::new()
            } else {
                "variants".to_string()
            },
        ]];
        for b in &s.buckets {
            let key = match (&b.label, b.key.is_empty()) {
                (Some(label), _) => label.clone(),
                (None, true) => "(unknown)".to_string(),
                (None, false) => b.key.clone(),
            };
            rows.push([
                key,
                b.paragraphs.to_string(),
                b.occurrences.to_string(),
                b.documents.to_string(),
                variant_counts(s, b),
            ]);
        }
        write_table(out, &rows, &[false, true, true, true, false])?;
    }
    Ok(())
}

/// A document named on the command line: an id, or the one document whose id or title
/// contains the text.
fn resolve_doc(engine: &Engine, name: &str) -> Result<String> {
    let manifest = engine.manifest()?;
    if manifest.files.contains_key(name) {
        return Ok(name.to_string());
    }
    let folded = analyze::fold_str(name);
    let found: Vec<&String> = manifest
        .files
        .iter()
        .filter(|(id, e)| {
            analyze::fold_str(id).contains(&folded)
                || analyze::fold_str(&e.metadata.title).contains(&folded)
        })
        .map(|(id, _)| id)
        .collect();
    match found.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(Error::UnknownDocument(name.to_string())),
        many => Err(Error::Usage(format!(
            "{name:?} names {} documents ({}…): give more of the name",
            many.len(),
            many.iter()
                .take(3)
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

pub(crate) fn compare(args: CompareArgs) -> Result<()> {
    use crate::research::compare::{self, Status};
    let engine = open_index(&args.paths)?;
    let a = resolve_doc(&engine, &args.a)?;
    let b = resolve_doc(&engine, &args.b)?;
    let c = if args.articles {
        compare::compare_articles(&engine, &a, &b)?
    } else {
        compare::compare(&engine, &a, &b)?
    };
    let mut out = stdout();
    let written = if args.json {
        write_json(&mut out, &c)
    } else {
        (|| {
            writeln!(
                out,
                "A: {} [{}]\nB: {} [{}]",
                c.a_title, c.a, c.b_title, c.b
            )?;
            writeln!(
                out,
                "{} kept, {} changed, {} new, {} removed\n",
                c.summary.kept, c.summary.changed, c.summary.new, c.summary.removed
            )?;
            for p in &c.pairs {
                // By article a side's section is its article (第十二条); else its paragraph.
                let number = |s: &Option<compare::Side>| match s {
                    None => "-".to_string(),
                    Some(s) if args.articles => s.section.join(" "),
                    Some(s) => format!("¶{}", s.paragraph),
                };
                fn text(s: &Option<compare::Side>) -> &str {
                    s.as_ref().map_or("", |s| s.text.as_str())
                }
                match p.status {
                    Status::Kept if !args.all => {}
                    // A kept article may have a new number: both are given then.
                    Status::Kept if args.articles && number(&p.a) != number(&p.b) => {
                        writeln!(out, "= {}→{} {}", number(&p.a), number(&p.b), text(&p.b))?
                    }
                    Status::Kept => writeln!(out, "= {} {}", number(&p.b), text(&p.b))?,
                    Status::New => writeln!(out, "+ {} {}", number(&p.b), text(&p.b))?,
                    Status::Removed => writeln!(out, "- {} {}", number(&p.a), text(&p.a))?,
                    Status::Changed => {
                        let marked: String = p
                            .diff
                            .iter()
                            .map(|d| match d.op.as_str() {
                                "insert" => format!("[+{}]", d.text),
                                "delete" => format!("[-{}]", d.text),
                                _ => d.text.clone(),
                            })
                            .collect();
                        writeln!(out, "~ {}→{} {marked}", number(&p.a), number(&p.b))?
                    }
                }
            }
            writeln!(out, "\n新提法 (terms of B that A does not use):")?;
            for t in &c.new_terms {
                writeln!(out, "  {} ×{}", t.term, t.count)?;
            }
            Ok(())
        })()
    };
    written.map_err(|e: io::Error| Error::io("writing output", e))?;
    flush(out)
}

pub(crate) fn similar(args: SimilarArgs) -> Result<()> {
    let engine = open_index(&args.paths)?;
    let doc = resolve_doc(&engine, &args.doc)?;
    let found = crate::research::similar::similar(&engine, &doc, args.paragraph)?;
    let mut out = stdout();
    let written = if args.json {
        write_json(&mut out, &found)
    } else {
        (|| {
            writeln!(
                out,
                "[{}] ¶{}: {}\n",
                found.doc, found.paragraph, found.text
            )?;
            if found.hits.is_empty() {
                writeln!(out, "no other document says nearly the same thing")?;
            }
            for h in &found.hits {
                writeln!(
                    out,
                    "{:.0}%  {}  ¶{}  [{}]\n   {}\n",
                    h.similarity * 100.0,
                    h.title,
                    h.paragraph,
                    h.doc,
                    h.text
                )?;
            }
            Ok(())
        })()
    };
    written.map_err(|e: io::Error| Error::io("writing output", e))?;
    flush(out)
}
