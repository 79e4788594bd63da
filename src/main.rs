use std::process::ExitCode;

use clap::Parser;
use policy_search::cli::{self, Cli};
use policy_search::process;

fn main() -> ExitCode {
    process::start();
    process::finish(cli::run(Cli::parse()))
}
