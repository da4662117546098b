//! `casebook build` and `casebook check`: the pipeline with and without output.

use crate::cli::{BuildArgs, CheckArgs, ReportFormat};
use crate::cmd::{Outcome, output_folder};
use crate::pipeline::{self, Options};

/// Builds into the output folder.
pub fn build(args: &BuildArgs) -> Outcome {
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| args.site.source.join("public"));
    if let Err(why) = output_folder::check(&args.site.source, &output) {
        return Outcome::refused(why);
    }
    let opts = Options {
        root: args.site.source.clone(),
        output: Some(output.clone()),
        drafts: args.site.drafts,
        base_url: args.base_url.clone(),
        quiet: args.site.quiet,
        today: None,
        external: false,
    };
    match pipeline::run(&opts) {
        Ok(r) => Outcome::ok(
            format!(
                "Built {} pages ({} files) into {} in {} ms, {}.",
                r.pages,
                r.files,
                output.display(),
                r.elapsed.as_millis(),
                warnings(&r)
            ),
            r.warnings,
        )
        .with_notes(r.notes),
        Err(d) => Outcome::failed(d),
    }
}

/// Runs every check without writing.
pub fn check(check: &CheckArgs) -> Outcome {
    let args = &check.site;
    let opts = Options {
        root: args.source.clone(),
        // No output folder: every check runs and nothing is written.
        output: None,
        drafts: args.drafts,
        base_url: None,
        quiet: args.quiet || check.format == ReportFormat::Json,
        today: None,
        external: check.external,
    };
    let outcome = match pipeline::run(&opts) {
        Ok(r) => Outcome::ok(
            format!(
                "Checked {} pages in {} ms: no errors, {}.",
                r.pages,
                r.elapsed.as_millis(),
                warnings(&r)
            ),
            r.warnings,
        )
        .with_notes(r.notes),
        Err(d) => Outcome::failed(d),
    };
    outcome.in_format(check.format)
}

/// `1 warning` or `3 warnings`.
fn warnings(report: &pipeline::Report) -> String {
    crate::wording::count(report.warnings.warning_count(), "warning", "warnings")
}
