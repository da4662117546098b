//! The `casebook` binary: parse the command line, run, print, exit.

use std::process::ExitCode;

use clap::Parser;

use casebook::cli::{Cli, ReportFormat};
use casebook::cmd;

/// mimalloc, not the system allocator: a build allocates millions of small
/// strings across threads, and glibc's malloc spent a third of a serve
/// rebuild's instructions on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = cmd::run(cli);
    if let Some(problem) = &outcome.usage {
        eprintln!("error: {problem}");
        return ExitCode::from(2);
    }
    if outcome.format == ReportFormat::Json {
        println!("{}", outcome.diagnostics.to_json());
        return if outcome.success {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        };
    }
    let report = outcome.diagnostics.render();
    if !report.is_empty() {
        eprint!("{report}");
    }
    for note in &outcome.notes {
        println!("note: {note}");
    }
    if let Some(summary) = &outcome.summary {
        println!("{summary}");
    }
    if outcome.success {
        ExitCode::SUCCESS
    } else {
        let n = outcome.diagnostics.error_count();
        eprintln!(
            "{n} error{} found; nothing was written.",
            casebook::wording::plural_s(n)
        );
        ExitCode::from(1)
    }
}
