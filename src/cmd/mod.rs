//! The subcommands. Each returns an [`Outcome`]; `main` prints it.

pub mod build;
pub mod init;
pub mod new;
pub mod output_folder;
pub mod serve;
pub mod site_folder;

use crate::cli::{Cli, Command, NewCommand, ReportFormat};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// What a command has to say, and whether it succeeded.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Every finding, errors and warnings.
    pub diagnostics: Diagnostics,
    /// The one line that sums up the run.
    pub summary: Option<String>,
    /// Printed before the summary: what is waiting, what to set before publishing.
    pub notes: Vec<String>,
    /// Whether the command did what was asked; false exits with 1.
    pub success: bool,
    /// How `main` prints the findings.
    pub format: ReportFormat,
    /// A mistake on the command line (exit 2), such as a folder that is not
    /// a site or an output folder that would replace the user's files.
    pub usage: Option<String>,
}

impl Outcome {
    /// A success with a summary line.
    pub fn ok(summary: impl Into<String>, diagnostics: Diagnostics) -> Self {
        Outcome {
            diagnostics,
            summary: Some(summary.into()),
            notes: Vec::new(),
            success: true,
            format: ReportFormat::Text,
            usage: None,
        }
    }

    /// A failure with its findings.
    pub fn failed(diagnostics: Diagnostics) -> Self {
        Outcome {
            diagnostics,
            summary: None,
            notes: Vec::new(),
            success: false,
            format: ReportFormat::Text,
            usage: None,
        }
    }

    /// A failure with a single finding.
    pub fn failed_with(diagnostic: Diagnostic) -> Self {
        let mut diagnostics = Diagnostics::default();
        diagnostics.push(diagnostic);
        Outcome::failed(diagnostics)
    }

    /// A command refused before it ran, such as a build into the site
    /// folder: the finding and its remedy on one line, exit code 2.
    pub fn refused(why: Diagnostic) -> Self {
        match &why.hint {
            Some(hint) => Outcome::usage(format!("{}. Instead, {hint}.", why.message)),
            None => Outcome::usage(format!("{}.", why.message)),
        }
    }

    /// A mistake on the command line: one line, exit code 2, nothing done.
    pub fn usage(message: impl Into<String>) -> Self {
        Outcome {
            usage: Some(message.into()),
            ..Outcome::failed(Diagnostics::default())
        }
    }

    /// The same outcome, with `notes` printed before its summary.
    pub fn with_notes(mut self, notes: Vec<String>) -> Self {
        self.notes = notes;
        self
    }

    /// The same outcome, printed in `format`.
    pub fn in_format(mut self, format: ReportFormat) -> Self {
        self.format = format;
        self
    }
}

/// Runs the command the user asked for.
pub fn run(cli: Cli) -> Outcome {
    let source = match &cli.command {
        Command::Init { .. } => None,
        Command::New(NewCommand::CaseStudy { source, .. }) => Some(source),
        Command::Build(args) => Some(&args.site.source),
        Command::Check(args) => Some(&args.site.source),
        Command::Serve(args) => Some(&args.site.source),
    };
    if let Some(problem) = source.and_then(|s| site_folder::problem(s)) {
        return Outcome::usage(problem);
    }
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
