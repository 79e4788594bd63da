use std::process::ExitCode;

use clap::Parser;
use policy_search::cli::{self, Cli};
use policy_search::process;

fn main() -> ExitCode {
    process::start();
    match cli::run(Cli::parse()) {
        // A query that cannot be read is a usage error (exit code 2, as for a bad option), told
        // in the words the API and the web UI use.
        Err(policy_search::Error::Query(e)) => {
            eprintln!("error: {}", e.chinese());
            ExitCode::from(2)
        }
        result => process::finish(result),
    }
}
