//! The command line: subcommands and their flags.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Build a mentoring programme's website from Markdown and YAML.
#[derive(Debug, Parser)]
#[command(name = "casebook", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new site with example pages, ready to build.
    Init {
        /// Folder to create the site in (must be empty or absent).
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Create a new piece of content from the house template.
    #[command(subcommand)]
    New(NewCommand),
    /// Build the site into a folder of plain files for any static host.
    Build(BuildArgs),
    /// Check the site for errors without writing anything (exit 1 on errors).
    Check(CheckArgs),
    /// Build the site and serve it locally for preview.
    Serve(ServeArgs),
}

/// Kinds of content `casebook new` can create.
#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// A case study in content/case-studies/, as a draft awaiting consent.
    CaseStudy {
        /// The case study's title, such as "From clinical lecturer to fellow".
        title: String,
        /// The cohort the pair belonged to (a file in data/cohorts/).
        #[arg(long)]
        cohort: String,
        /// The site folder.
        #[arg(long, default_value = ".")]
        source: PathBuf,
    },
}

/// Flags shared by every command that reads a site.
#[derive(Debug, Args, Clone)]
pub struct SiteArgs {
    /// The site folder (with site.yaml, content/, data/).
    #[arg(long, short, default_value = ".")]
    pub source: PathBuf,
    /// Include drafts and pages dated in the future.
    #[arg(long)]
    pub drafts: bool,
    /// Print only errors, warnings and the summary line.
    #[arg(long, short)]
    pub quiet: bool,
}

/// `casebook check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// How to print the findings: text for people, json for CI tools.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Also check links to other sites (needs the network; answers are cached for a day).
    #[arg(long)]
    pub external: bool,
}

/// How findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ReportFormat {
    /// Grouped by file, for people.
    #[default]
    Text,
    /// One JSON document on standard output, for CI tools.
    Json,
}

/// `casebook build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The folder to write the site to [default: public inside the source folder].
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Override site.yaml's base_url, such as https://example.org/mentoring/.
    #[arg(long)]
    pub base_url: Option<String>,
}

/// `casebook serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The port to listen on.
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on; anything but 127.0.0.1 exposes the preview to your network.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Open the site in a browser once it is served.
    #[arg(long)]
    pub open: bool,
}
