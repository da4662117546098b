//! The build pipeline, stage by stage: settings, content and data, the
//! model, the theme, rendering, and the swap into the output folder.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::{self, BaseUrl};
use crate::date::Date;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::case_study;
use crate::model::{self, Publishing, Site};
use crate::output::Output;
use crate::progress::Progress;
use crate::{anonymise, content, data, render, search, theme, yaml};
use rayon::prelude::*;

/// What a run is asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site folder.
    pub root: PathBuf,
    /// Where to write; `None` checks without writing.
    pub output: Option<PathBuf>,
    pub drafts: bool,
    /// Overrides `base_url` from the settings.
    pub base_url: Option<String>,
    pub quiet: bool,
    /// The day to build as; today when `None`.
    pub today: Option<Date>,
    /// Also check links to other sites over the network (`check --external`).
    pub external: bool,
}

/// The outcome of a run that had no errors.
#[derive(Debug)]
pub struct Report {
    /// Files written (or that would be, for a check).
    pub files: usize,
    /// HTML pages written (or that would be, for a check).
    pub pages: usize,
    pub warnings: Diagnostics,
    pub elapsed: Duration,
}

/// Runs the pipeline; `Err` carries every error and warning found.
pub fn run(opts: &Options) -> Result<Report, Diagnostics> {
    let start = Instant::now();
    let progress = Progress::new(opts.quiet);
    let mut diags = Diagnostics::default();
    let fail = |d: Diagnostic, mut diags: Diagnostics| {
        diags.push(d);
        diags
    };

    let mut settings = config::load(&opts.root).map_err(|d| fail(d, diags.clone()))?;
    if let Some(url) = &opts.base_url {
        settings.base_url = url.clone();
    }
    let base = BaseUrl::parse(&settings.base_url).map_err(|m| {
        fail(
            Diagnostic::error("--base-url", m)
                .hint("for example: --base-url https://example.org/mentoring/"),
            diags.clone(),
        )
    })?;
    let theme_line = theme_line(&opts.root);
    let theme =
        theme::load(&opts.root, &settings.theme, theme_line).map_err(|d| fail(d, diags.clone()))?;

    progress.stage("read", 1);
    let (loaded, read_diags) = content::load(&opts.root);
    diags.extend(read_diags);
    let data = data::load(&opts.root, &mut diags);
    let mentors = data::mentors::load(&opts.root, &mut diags);

    progress.stage("check", 1);
    let publishing = Publishing {
        drafts: opts.drafts,
        today: opts.today.unwrap_or_else(Date::today),
    };
    diags.extend(guard_names(
        &opts.root,
        &settings,
        &loaded.pages,
        &mentors,
        publishing,
    ));
    let site: Site = model::build(
        settings, base, data, mentors, &loaded, publishing, &mut diags,
    );

    // A build with errors still renders (into nothing) so that template
    // errors are reported in the same run, but it never touches the output.
    let model_ok = !diags.has_errors();
    let mut output = match (&opts.output, model_ok) {
        (Some(dir), true) => Output::staging(dir).map_err(|d| fail(d, diags.clone()))?,
        _ => Output::discard(),
    };
    // With errors in the model, pages are missing and links dangle: the
    // audit would only repeat those errors in other words.
    if model_ok {
        output = output.with_audit();
    }
    // The search index is built on a thread of its own while the pages
    // render and the audit reads them (which leaves a core idle), and
    // written once the audit is done: nothing links to its files.
    let search = std::thread::scope(|scope| {
        let index = scope.spawn(|| search::files(&site));
        diags.extend(render::render(
            &site, &theme, &opts.root, &output, &progress,
        ));
        if let Some(audit) = output.take_audit() {
            progress.stage("audit", 1);
            diags.extend(audit.finish(&site, &opts.root, opts.external));
        }
        index
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    for (rel, bytes) in &search {
        if let Err(d) = output.write(rel, bytes) {
            diags.push(d);
            break;
        }
    }
    progress.finish();
    if diags.has_errors() {
        return Err(diags);
    }
    let files = output.count();
    let pages = output.page_count();
    output.commit().map_err(|d| fail(d, diags.clone()))?;
    Ok(Report {
        files,
        pages,
        warnings: diags,
        elapsed: start.elapsed(),
    })
}

/// The anonymisation guard over every case study this build would publish.
fn guard_names(
    root: &Path,
    settings: &config::Settings,
    pages: &[content::SourcePage],
    mentors: &[data::mentors::MentorFile],
    publishing: Publishing,
) -> Vec<Diagnostic> {
    let mut register = match anonymise::load_register(root, settings) {
        Ok(r) => r,
        Err(d) => return vec![d],
    };
    // Mentors are listed by name in the directory, so a case study that
    // names one would undo its pseudonyms.
    for m in mentors {
        register.add(m.name(), &m.file);
    }
    if register.is_empty() {
        return Vec::new();
    }
    pages
        .par_iter()
        .filter(|src| case_study::would_publish(src, publishing))
        .flat_map_iter(|src| anonymise::check(src, &register))
        .collect()
}

/// The line of `theme:` in the settings, for the unknown-theme error.
fn theme_line(root: &Path) -> Option<usize> {
    let text = std::fs::read_to_string(root.join(config::SETTINGS_FILE)).ok()?;
    yaml::locate(&text, 1, "theme", None)
}
