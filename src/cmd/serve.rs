//! `casebook serve`: a live-reload preview. Unlike the other commands it
//! runs until stopped, so it prints as it goes, in [`print`] alone.

use crate::cli::ServeArgs;
use crate::cmd::Outcome;
use crate::diagnostics::Diagnostics;
use crate::serve::{self, Config, Event};

/// Builds, serves and rebuilds until Ctrl-C.
pub fn run(args: &ServeArgs) -> Outcome {
    let config = Config {
        root: args.site.source.clone(),
        bind: args.bind.clone(),
        port: args.port,
        drafts: args.site.drafts,
        open: args.open,
    };
    let quiet = args.site.quiet;
    match serve::run(&config, &|event| print(event, quiet)) {
        Ok(summary) => Outcome::ok(summary, Diagnostics::default()),
        Err(d) => Outcome::failed_with(d),
    }
}

/// The terminal's view of a serve session.
fn print(event: &Event, quiet: bool) {
    let plural = crate::wording::plural_s;
    match event {
        Event::Listening { url } => println!("Serving the site at {url} (press Ctrl-C to stop)"),
        Event::Built {
            report,
            changes,
            new_warnings,
        } => {
            if *new_warnings {
                eprint!("{}", report.warnings.render());
            }
            let w = report.warnings.warning_count();
            let what = if changes.is_empty() {
                "Built".to_string()
            } else {
                let kinds: Vec<&str> = changes.iter().map(|c| c.describe()).collect();
                format!("Rebuilt after a {} change:", kinds.join(" and "))
            };
            if !quiet || changes.is_empty() {
                println!(
                    "{what} {} pages ({} files) in {} ms, {w} warning{}.",
                    report.pages,
                    report.files,
                    report.elapsed.as_millis(),
                    plural(w)
                );
            }
        }
        Event::Failed { diagnostics } => {
            eprint!("{}", diagnostics.render());
            let n = diagnostics.error_count();
            eprintln!(
                "The build failed with {n} error{}; still serving the last good build.",
                plural(n)
            );
        }
        Event::Warning(message) => eprintln!("warning: {message}"),
    }
}
