//! `bench`: the benchmark harness of policy-search, a binary of its own (not part of the
//! product). `cargo build --release` builds it beside `policy-search`; run it as
//! `target/release/bench <step> …` or `cargo run --release --bin bench -- <step> …`.
//!
//! - [`generate`]: a synthetic corpus, a source folder scaled by a factor;
//! - [`build`]: a full index build (MB/s, paragraphs/s, peak memory, size), ours or a plain
//!   tantivy + tantivy-jieba [`baseline`];
//! - [`query`]: in-process query latency (median, p95, p99) over query sets;
//! - [`http`]: requests per second and latency against the real server on loopback;
//! - [`freshness`]: from a file dropped into a watched corpus to a hit, and incremental runs;
//! - [`research`]: latency of trends, CSV export of every hit and similar-paragraph lookups,
//!   through the HTTP API;
//! - [`extract`]: extraction and parsing of PDF, OFD, DOCX and DOC files (MB/s, pages/s);
//! - [`all`]: all of it, with a summary against the targets.
//!
//! Each step's options are its clap arguments. Sizes are in MB of 10^6 bytes. Nothing here
//! asserts a time: the harness measures and prints.

mod all;
mod baseline;
mod build;
mod extract;
mod freshness;
mod generate;
mod http;
mod measure;
mod query;
mod research;

use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use serde::Serialize;

use policy_search::error::Result;
use policy_search::process;

/// Benchmarks of policy-search: generate a scaled corpus; measure indexing, queries, HTTP,
/// freshness, the research tools and extraction.
#[derive(Debug, Parser)]
#[command(name = "bench", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write a synthetic corpus: FACTOR copies of SOURCE, paragraphs shuffled and numbered.
    Generate(generate::GenerateOptions),
    /// Build an index from scratch and report MB/s, paragraphs/s, peak memory and size.
    Index {
        #[command(flatten)]
        build: build::BuildOptions,
        /// Builds to run; with more than one, each runs in a fresh process so that its peak
        /// memory is its own.
        #[arg(long, default_value_t = 1)]
        runs: usize,
        #[command(flatten)]
        output: Output,
    },
    /// Query latency in-process: public queries plus long, rare, common and multi-part ones.
    Query {
        #[command(flatten)]
        options: query::QueryOptions,
        #[command(flatten)]
        output: Output,
    },
    /// HTTP load: concurrent keep-alive clients against the real server on loopback.
    Http {
        #[command(flatten)]
        options: http::HttpOptions,
        #[command(flatten)]
        output: Output,
    },
    /// Freshness: a report dropped into the watched corpus until a search finds it; then the
    /// time of incremental `index` runs that change one file. Writes into the corpus (and
    /// removes what it wrote).
    Freshness {
        #[command(flatten)]
        options: freshness::FreshnessOptions,
        #[command(flatten)]
        output: Output,
    },
    /// Research tools through the HTTP API, as a user waits for them: trends by region, year
    /// and document, the CSV export of every hit, and similar-paragraph lookups.
    Research {
        #[command(flatten)]
        options: research::ResearchOptions,
        #[command(flatten)]
        output: Output,
    },
    /// Extraction speed: each file read and parsed (`ingest::read`) --runs times on one thread;
    /// files, pages, MB, paragraphs, MB/s, pages/s and ms per file, per format and for the
    /// fixed cases (the 民法典, the 2025 government work reports).
    Extract {
        #[command(flatten)]
        options: extract::ExtractOptions,
        #[command(flatten)]
        output: Output,
    },
    /// Everything: generate, index (ours and the baseline), query, HTTP, freshness, research,
    /// extraction; a summary against the targets.
    All(all::AllArgs),
}

/// How a report is printed.
#[derive(Debug, Clone, Copy, Args)]
struct Output {
    /// Print the report as one line of JSON instead of its tables.
    #[arg(long)]
    json: bool,
}

fn main() -> ExitCode {
    process::start();
    process::finish(run(Cli::parse().command))
}

fn run(command: Command) -> Result<()> {
    match command {
        Command::Generate(options) => {
            let report = generate::generate(&options)?;
            println!(
                "wrote {} files, {:.1} MB, {} paragraphs to {} in {:.1} s",
                report.files,
                measure::mb(report.bytes),
                report.paragraphs,
                options.out.display(),
                report.elapsed_ms as f64 / 1e3
            );
        }
        Command::Index {
            build,
            runs,
            output,
        } => {
            let reports = if runs <= 1 {
                vec![build::build(&build)?]
            } else {
                (0..runs)
                    .map(|_| build::build_in_child(&build))
                    .collect::<Result<Vec<_>>>()?
            };
            if output.json {
                for r in &reports {
                    println!("{}", to_json(r));
                }
            } else {
                print!("{}", build::table(&reports));
            }
        }
        Command::Query { options, output } => print_report(&query::run(&options)?, output),
        Command::Http { options, output } => print_report(&http::run(&options)?, output),
        Command::Freshness { options, output } => print_report(&freshness::run(&options)?, output),
        Command::Research { options, output } => print_report(&research::run(&options)?, output),
        Command::Extract { options, output } => print_report(&extract::run(&options)?, output),
        Command::All(args) => {
            let report = all::run_all(&args, &mut |line| eprintln!("{line}"))?;
            print_report(&report, Output { json: args.json });
        }
    }
    Ok(())
}

/// Prints a report as one line of JSON or as its table.
fn print_report(report: &(impl Serialize + std::fmt::Display), output: Output) {
    if output.json {
        println!("{}", to_json(report));
    } else {
        print!("{report}");
    }
}

fn to_json(value: &impl Serialize) -> String {
    serde_json::to_string(value).expect("report serializes")
}
