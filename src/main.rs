use std::process::ExitCode;

use clap::Parser;

/// mimalloc for the binary: most of a request's time outside the database is small JSON
/// values allocated and freed (see `bench/run.sh`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    ssc_api::cli::run(ssc_api::cli::Cli::parse())
}
