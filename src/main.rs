use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    ssc_api::cli::run(ssc_api::cli::Cli::parse())
}
