//! The build pipeline, stage by stage: settings, content and data, the
//! model, the theme, rendering, and the swap into the output folder.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::anonymise::OutputScan;
use crate::audit::Audit;
use crate::config::{self, BaseUrl};
use crate::date::Date;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::case_study;
use crate::model::{self, Inputs, Publishing, Site};
use crate::output::{Output, Written};
use crate::progress::Progress;
use crate::rebuild;
use crate::rebuild::audit::LastAudit;
use crate::rebuild::names::NameFindings;
use crate::{anonymise, content, data, render, search, theme, yaml};
use rayon::prelude::*;
use rustc_hash::FxHashSet;

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
    /// Files written anew: for a serve session's rebuild, those that changed.
    pub changed: usize,
    pub warnings: Diagnostics,
    /// What the writer should know that is not a problem (see [`crate::notes`]).
    pub notes: Vec<String>,
    pub elapsed: Duration,
    /// How long each stage took, in order, for benchmarks.
    pub stages: Vec<(&'static str, Duration)>,
}

/// The time at the end of each stage.
struct Stages {
    last: Instant,
    done: Vec<(&'static str, Duration)>,
}

impl Stages {
    fn new() -> Stages {
        Stages {
            last: Instant::now(),
            done: Vec::new(),
        }
    }

    /// Ends the stage `name`.
    fn mark(&mut self, name: &'static str) {
        let now = Instant::now();
        self.done.push((name, now - self.last));
        self.last = now;
    }
}

/// What a serve session keeps between builds, so that a rebuild after a
/// save reads, checks and renders little more than what changed.
#[derive(Debug, Default)]
pub struct Session {
    pages: rebuild::content::LastRead,
    mentors: rebuild::data::LastMentors,
    names: NameFindings,
    model: rebuild::model::LastModel,
    /// The render stage's hashes of the last build, for the pages and
    /// directory the model carries over.
    digests: std::sync::Mutex<Option<render::Digests>>,
    /// Each case study's related case studies, for its "Where next".
    related: rebuild::related::LastRelated,
    audit: std::sync::Mutex<LastAudit>,
    /// What the output folder holds after the last good build.
    written: Arc<Written>,
    /// The anonymisation register of the last good build, for the scan
    /// of the search index written after it.
    register: Option<Arc<anonymise::Register>>,
    /// The images of the last build, reused for files that did not change.
    images: Option<Arc<crate::images::Images>>,
}

/// Runs the pipeline; `Err` carries every error and warning found.
pub fn run(opts: &Options) -> Result<Report, Diagnostics> {
    build(opts, None).map(|(report, _)| report)
}

/// Builds for a serve session: updates `opts.output` in place, reusing
/// what the session remembers. The search index is left to
/// [`write_search`], so that open tabs can reload before it is done;
/// the returned site is what it needs.
pub fn rebuild(opts: &Options, session: &mut Session) -> Result<(Report, Site), Diagnostics> {
    build(opts, Some(session))
}

/// Writes the search index of `site` into a serve session's output, after
/// [`rebuild`]; only files that changed are written.
pub fn write_search(opts: &Options, site: &Site, session: &mut Session) -> Result<(), Diagnostic> {
    if opts.output.is_none() {
        return Ok(());
    }
    write_search_files(opts, &search::files(site), session)
}

/// Writes index files made by [`search::files`] (or `files_unless`, on
/// another thread) into a serve session's output; only files that changed
/// are written.
pub fn write_search_files(
    opts: &Options,
    files: &[(String, Vec<u8>)],
    session: &mut Session,
) -> Result<(), Diagnostic> {
    let Some(dir) = &opts.output else {
        return Ok(());
    };
    let scan = session
        .register
        .clone()
        .and_then(OutputScan::new)
        .map(Arc::new);
    let mut output = Output::update(dir, Arc::clone(&session.written), |rel| {
        !is_search_file(rel)
    })?;
    if let Some(scan) = &scan {
        output.observe(scan.clone());
    }
    for (rel, bytes) in files {
        output.write(rel, bytes)?;
    }
    if let Some(scan) = &scan {
        let mut leaks = Diagnostics::default();
        scan.finish(&opts.root, dir, &FxHashSet::default(), |_| None, &mut leaks);
        if let Some(leak) = leaks.into_iter().next() {
            return Err(leak);
        }
    }
    session.written = Arc::new(output.commit()?);
    Ok(())
}

/// True for the search index's files, which [`write_search`] looks after.
fn is_search_file(rel: &str) -> bool {
    // Asked of every file in the output on every serve rebuild.
    static PLACES: std::sync::LazyLock<(String, String)> = std::sync::LazyLock::new(|| {
        let strip = |s: String| s.trim_start_matches('/').to_string();
        (
            strip(model::urls::search_manifest_url()),
            strip(model::urls::search_parts_dir()),
        )
    });
    let (manifest, parts) = &*PLACES;
    rel == manifest || rel.starts_with(parts.as_str())
}

fn build(opts: &Options, session: Option<&mut Session>) -> Result<(Report, Site), Diagnostics> {
    let start = Instant::now();
    let mut stages = Stages::new();
    let progress = Progress::new(opts.quiet);
    let mut diags = Diagnostics::default();
    let fail = |d: Diagnostic, mut diags: Diagnostics| {
        diags.push(d);
        diags
    };

    if let (Some(dir), None) = (&opts.output, &session) {
        crate::output::tidy(dir, &mut diags);
    }
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
    let theme = theme::load(&opts.root, &settings.theme, theme_line, &mut diags)
        .map_err(|d| fail(d, diags.clone()))?;

    let earlier_images = session.as_deref().and_then(|s| s.images.clone());
    let images = crate::images::prepare(
        &opts.root,
        &settings.images,
        earlier_images.as_deref(),
        &mut diags,
    );
    stages.mark("settings");
    progress.stage("read", 1);
    let memo = session.as_deref();
    let pages: &dyn content::Reader = match memo {
        Some(s) => &s.pages,
        None => &content::Fresh,
    };
    let loaded = content::load(&opts.root, pages, &mut diags);
    content::size::check(&loaded.pages, &mut diags);
    stages.mark("content");
    let mentors: &dyn data::Reader = match memo {
        Some(s) => &s.mentors,
        None => &data::Fresh,
    };
    let data = data::load(&opts.root, mentors, &mut diags);

    stages.mark("data");
    progress.stage("check", 1);
    let publishing = Publishing {
        drafts: opts.drafts,
        today: opts.today.unwrap_or_else(Date::today),
    };
    let guard = guard_names(
        &opts.root,
        &settings,
        &loaded.pages,
        &data.mentors,
        publishing,
        memo.map(|s| &s.names),
    );
    // Names already reported at their source are not reported again for
    // every page, feed and index that repeats them.
    let mut reported = FxHashSet::default();
    let (register, fresh_register) = match guard {
        Ok(guard) => {
            for f in guard.findings {
                reported.extend(f.name);
                diags.push(f.diagnostic);
            }
            (Some(guard.register), guard.fresh)
        }
        Err(d) => {
            diags.push(d);
            (None, false)
        }
    };
    if let Some(register) = &register {
        crate::images::names::check(&images, register, &mut diags);
    }
    stages.mark("names");
    let loaded = crate::shortcodes::expand_pages(loaded, &theme, &base.path, &mut diags);
    let mut notes = crate::notes::for_build(&loaded.pages, publishing, &base);
    notes.extend(crate::notes::allowed_phrases(&settings.anonymisation.allow));
    let maker: &dyn model::Maker = match memo {
        Some(s) => &s.model,
        None => &model::Fresh,
    };
    let site: Site = model::build(
        Inputs {
            settings,
            base,
            data,
            loaded: &loaded,
            publishing,
        },
        maker,
        &mut diags,
    );
    stages.mark("model");
    // Nothing reads the sources after the model is built (a serve session
    // keeps its own references): at N = 10,000 this is 59 MB of peak.
    drop(loaded);

    // A build with errors still renders (into nothing) so that template
    // errors are reported in the same run, but it never touches the output.
    let model_ok = !diags.has_errors();
    let mut output = match (&opts.output, model_ok, memo) {
        // Files the last build kept were scanned for another register:
        // with a new one, everything is written (and so scanned) again.
        (Some(dir), true, Some(s)) => Output::update(
            dir,
            match fresh_register {
                true => Arc::default(),
                false => Arc::clone(&s.written),
            },
            is_search_file,
        )
        .map_err(|d| fail(d, diags.clone()))?,
        (Some(dir), true, None) => Output::staging(dir).map_err(|d| fail(d, diags.clone()))?,
        _ => Output::discard(),
    };
    // With errors in the model, pages are missing and links dangle: the
    // audit would only repeat those errors in other words.
    let audit = model_ok.then(|| Arc::new(Audit::default()));
    if let Some(audit) = &audit {
        output.observe(audit.clone());
    }
    let scan = register.clone().and_then(OutputScan::new).map(Arc::new);
    if let Some(scan) = &scan {
        output.observe(scan.clone());
    }
    // The search index is built on a thread of its own while the pages
    // render and the audit reads them (which leaves a core idle), and
    // written once the audit is done: nothing links to its files. A serve
    // session writes it later (see `write_search`).
    let search = std::thread::scope(|scope| {
        let index = memo.is_none().then(|| scope.spawn(|| search::files(&site)));
        let last = memo.and_then(|s| s.digests.lock().unwrap_or_else(|e| e.into_inner()).take());
        let digests = render::Digests::new(&site, last);
        let relating = memo.map(|s| s.related.begin(&site));
        let input = render::Input {
            site: &site,
            theme: &theme,
            root: &opts.root,
            images: &images,
            related: match &relating {
                Some(r) => r,
                None => &render::next_steps::Fresh,
            },
        };
        render::render(input, &output, &progress, &digests, &mut diags);
        if let Some(relating) = relating {
            relating.finish();
        }
        if let Some(s) = memo {
            *s.digests.lock().unwrap_or_else(|e| e.into_inner()) = Some(digests);
        }
        stages.mark("render");
        if let Some(audit) = &audit {
            // The search index is written after the audit, which links to none of it.
            output.unobserve(audit.as_ref());
            progress.stage("audit", 1);
            let mut last = memo.map(|s| s.audit.lock().unwrap_or_else(|e| e.into_inner()));
            let recall: &mut dyn crate::audit::Recall = match last.as_deref_mut() {
                Some(last) => last,
                None => &mut crate::audit::Fresh,
            };
            audit.finish(&site, &opts.root, opts.external, recall, &mut diags);
        }
        stages.mark("audit");
        index
            .map(|i| {
                i.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .unwrap_or_default()
    });
    // In parallel: the guard reads each file as it is written (64 MB of
    // JSON at N = 10,000), which on one thread was a tenth of a second of
    // wall time with the other core idle.
    if let Err(d) = search
        .par_iter()
        .try_for_each(|(rel, bytes)| output.write(rel, bytes))
    {
        diags.push(d);
    }
    if let Some(scan) = &scan {
        let shown = match &opts.output {
            Some(dir) => dir.strip_prefix(".").unwrap_or(dir).to_path_buf(),
            None => PathBuf::from("public"),
        };
        let source = |rel: &str| source_of(&site, &opts.root, rel);
        scan.finish(&opts.root, &shown, &reported, source, &mut diags);
    }
    stages.mark("names in output");
    progress.finish();
    if diags.has_errors() {
        return Err(diags);
    }
    let files = output.count();
    let pages = output.page_count();
    let changed = output.changed();
    let written = output.commit().map_err(|d| fail(d, diags.clone()))?;
    stages.mark("search and write");
    if let Some(s) = session {
        s.written = Arc::new(written);
        s.register = register;
        s.images = Some(Arc::new(images));
    }
    let report = Report {
        files,
        pages,
        changed,
        warnings: diags,
        notes,
        elapsed: start.elapsed(),
        stages: stages.done,
    };
    Ok((report, site))
}

/// The register and what the guard found in the sources.
struct Guard {
    register: Arc<anonymise::Register>,
    findings: Vec<anonymise::Finding>,
    /// The register differs from a serve session's last build.
    fresh: bool,
}

/// The anonymisation guard over every page this build would publish, the
/// data files and the settings.
fn guard_names(
    root: &Path,
    settings: &config::Settings,
    pages: &[Arc<content::SourcePage>],
    mentors: &[data::mentors::MentorFile],
    publishing: Publishing,
    names: Option<&NameFindings>,
) -> Result<Guard, Diagnostic> {
    let mut register = anonymise::load_register(root, settings)?;
    // Mentors are listed by name in the directory, so a case study that
    // names one would undo its pseudonyms.
    for m in mentors {
        // Someone in the register who is also listed in the directory
        // agreed to be named there: only case studies must not name them.
        register.mark_listed(m.name());
        anonymise::add_mentor(&mut register, m.name(), &m.file);
    }
    let fresh = names.is_some_and(|n| n.begin(&register));
    let checker: &dyn anonymise::Checker = match names {
        Some(names) => names,
        None => &anonymise::Fresh,
    };
    let mut findings = Vec::new();
    if !register.is_empty() {
        findings.par_extend(
            pages
                .par_iter()
                .filter_map(|src| {
                    if case_study::is_case_study(&src.rel) {
                        case_study::would_publish(src, publishing).then_some((src, true))
                    } else {
                        publishing
                            .withheld_reason(src)
                            .is_none()
                            .then_some((src, false))
                    }
                })
                .flat_map_iter(|(src, case_study)| checker.page(src, &register, case_study)),
        );
        let register_file = settings
            .anonymisation
            .register
            .clone()
            .unwrap_or_else(|| PathBuf::from(config::DEFAULT_REGISTER));
        findings.extend(anonymise::sources::check_files(
            root,
            &register,
            &register_file,
            checker,
        ));
    }
    Ok(Guard {
        register: Arc::new(register),
        findings,
        fresh,
    })
}

/// The file under the site root a built file was made from, when it is
/// a page's or a section's, or a copy from `static/`.
fn source_of(site: &Site, root: &Path, rel: &str) -> Option<PathBuf> {
    let url = rel.strip_suffix("index.html").map(|dir| format!("/{dir}"));
    let page = url.as_ref().and_then(|url| {
        site.pages
            .iter()
            .find(|p| &p.url == url)
            .map(|p| p.file.clone())
            .or_else(|| {
                site.sections
                    .iter()
                    .find(|s| &s.url == url)
                    .and_then(|s| s.file.clone())
            })
    });
    page.or_else(|| {
        let copied = Path::new("static").join(rel);
        root.join(&copied).is_file().then_some(copied)
    })
}

/// The line of `theme:` in the settings, for the unknown-theme error.
fn theme_line(root: &Path) -> Option<usize> {
    let text = std::fs::read_to_string(root.join(config::SETTINGS_FILE)).ok()?;
    yaml::locate(&text, 1, "theme", None)
}
