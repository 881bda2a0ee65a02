//! `caunoi`: the portal server and its command line.

mod cli;
mod commands;
mod config;

fn main() -> std::process::ExitCode {
    cli::run()
}
