//! The command line: `index`, `query`, `trends`, `compare`, `similar`, `export`, `opensearch`,
//! `serve`, `analyze`. Each arm calls the library. (The benchmark harness is a binary of its
//! own, `bench`, in the `bench/` crate.)

mod args;
mod export;
mod indexing;
mod opensearch;
mod output;
mod query;
mod research;

use std::io::Write;
use std::path::Path;

use crate::analyze;
use crate::error::{Error, Result};
use crate::index::SyncOptions;

use args::*;
use export::*;
use indexing::*;
use opensearch::*;
use output::*;
use query::*;
use research::*;

pub use args::{Cli, Command, Paths};
pub use indexing::{build_index, open_index};

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let mut dicts = cli.dict.clone();
    let default_user_dict = Path::new("dict/user.dict");
    if default_user_dict.is_file() && !dicts.iter().any(|d| d == default_user_dict) {
        dicts.push(default_user_dict.to_path_buf());
    }
    analyze::init_dictionary(&dicts)?;
    match cli.command {
        Command::Index {
            paths,
            json,
            commit_every_mb,
        } => {
            let mut options = SyncOptions::new(&paths.corpus, &paths.index);
            options.commit_every_bytes = commit_every_mb.max(1) * 1024 * 1024;
            let report = sync(&options, true)?;
            let mut out = stdout();
            if json {
                writeln!(
                    out,
                    "{}",
                    serde_json::to_string_pretty(&report).expect("report serializes")
                )
            } else {
                write!(out, "{report}")
            }
            .map_err(|e| Error::io("writing output", e))?;
            flush(out)
        }
        Command::Query(args) => query(args),
        Command::Trends(args) => trends(args),
        Command::Compare(args) => compare(args),
        Command::Similar(args) => similar(args),
        Command::Export {
            index,
            opensearch: false,
            ..
        } => export(&index),
        Command::Export {
            index,
            index_name,
            since,
            ..
        } => export_bulk(&index, &index_name, since.as_deref()),
        Command::Opensearch(command) => opensearch(command),
        Command::Serve(args) => serve(args),
        Command::Analyze { text, json } => analyze_text(&text.join(" "), json),
    }
}

fn serve(args: ServeArgs) -> Result<()> {
    // The server opens its own engine; this one only makes sure there is a readable index.
    drop(open_index(&args.paths)?);
    let config = crate::server::Config {
        corpus: args.paths.corpus,
        index: args.paths.index,
        addr: args.addr,
        watch: args.watch,
        admin_token: args.admin_token.filter(|t| !t.is_empty()),
    };
    crate::server::run(config)
}

fn analyze_text(text: &str, json: bool) -> Result<()> {
    let analysis = analyze::explain(text);
    let mut out = stdout();
    let written = if json {
        write_json(&mut out, &analysis)
    } else {
        write!(out, "{analysis}")
    };
    written.map_err(|e| Error::io("writing output", e))?;
    flush(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
