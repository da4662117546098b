//! The subcommands. Each returns an [`Outcome`]; `main` prints it.

pub mod build;
pub mod init;
pub mod new;
pub mod output_folder;
pub mod serve;

use crate::cli::{Cli, Command, NewCommand, ReportFormat};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// What a command has to say, and whether it succeeded.
#[derive(Debug, Default)]
pub struct Outcome {
    pub diagnostics: Diagnostics,
    /// The one line that sums up the run.
    pub summary: Option<String>,
    pub success: bool,
    /// How `main` prints the findings.
    pub format: ReportFormat,
    /// The command was refused before it read anything (exit 2): its one
    /// finding says why, on one line.
    pub refused: bool,
}

impl Outcome {
    /// A success with a summary line.
    pub fn ok(summary: impl Into<String>, diagnostics: Diagnostics) -> Self {
        Outcome {
            diagnostics,
            summary: Some(summary.into()),
            success: true,
            format: ReportFormat::Text,
            refused: false,
        }
    }

    /// A failure with its findings.
    pub fn failed(diagnostics: Diagnostics) -> Self {
        Outcome {
            diagnostics,
            summary: None,
            success: false,
            format: ReportFormat::Text,
            refused: false,
        }
    }

    /// A command refused before it ran, such as a build into the site folder.
    pub fn refused(why: Diagnostic) -> Self {
        let mut diagnostics = Diagnostics::default();
        diagnostics.push(why);
        Outcome {
            refused: true,
            ..Outcome::failed(diagnostics)
        }
    }

    /// The same outcome, printed in `format`.
    pub fn in_format(mut self, format: ReportFormat) -> Self {
        self.format = format;
        self
    }
}

/// Runs the command the user asked for.
pub fn run(cli: Cli) -> Outcome {
    match cli.command {
        Command::Init { dir } => init::run(&dir),
        Command::New(NewCommand::CaseStudy {
            title,
            cohort,
            source,
        }) => new::case_study(&source, &title, &cohort),
        Command::Build(args) => build::build(&args),
        Command::Check(args) => build::check(&args),
        Command::Serve(args) => serve::run(&args),
    }
}
