//! A serve session's rebuilds reuse what earlier builds did. After every
//! kind of edit, the folder it updates in place must hold exactly what a
//! fresh full build of the same sources writes, byte for byte.

mod common;

use std::path::{Path, PathBuf};

use casebook::pipeline::{self, Options, Session};
use common::{Site, copy_site, snapshot};

const BASE: &str = "http://127.0.0.1:1111/";

fn options(root: &Path, output: PathBuf) -> Options {
    Options {
        root: root.to_path_buf(),
        output: Some(output),
        drafts: false,
        base_url: Some(BASE.into()),
        quiet: true,
        today: None,
        external: false,
    }
}

/// The example site, copied so that it can be edited.
fn example_site() -> Site {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_site(root, &["content", "data", "static", "themes"])
}

/// A serve session over `site`, and a scratch folder for full builds.
struct Preview<'a> {
    site: &'a Site,
    session: Session,
    served: PathBuf,
    scratch: tempfile::TempDir,
    full_builds: usize,
}

impl<'a> Preview<'a> {
    fn start(site: &'a Site) -> Preview<'a> {
        let scratch = tempfile::tempdir().unwrap();
        let mut p = Preview {
            site,
            session: Session::default(),
            served: scratch.path().join("served"),
            scratch,
            full_builds: 0,
        };
        p.rebuild_ok("the first build");
        p
    }

    /// Rebuilds as serve does; returns how many files the rebuild changed.
    fn rebuild(&mut self) -> Result<usize, String> {
        let opts = options(self.site.path(), self.served.clone());
        match pipeline::rebuild(&opts, &mut self.session) {
            Ok((report, site)) => {
                pipeline::write_search(&opts, &site, &mut self.session).unwrap();
                Ok(report.changed)
            }
            Err(d) => Err(d.render()),
        }
    }

    /// Rebuilds, and checks the result against a full build.
    fn rebuild_ok(&mut self, after: &str) -> usize {
        let changed = self
            .rebuild()
            .unwrap_or_else(|e| panic!("after {after}, the rebuild failed:\n{e}"));
        self.assert_same_as_full_build(after);
        changed
    }

    fn assert_same_as_full_build(&mut self, after: &str) {
        self.full_builds += 1;
        let full = self
            .scratch
            .path()
            .join(format!("full-{}", self.full_builds));
        pipeline::run(&options(self.site.path(), full.clone()))
            .unwrap_or_else(|d| panic!("after {after}, the full build failed:\n{}", d.render()));
        let (want, got) = (snapshot(&full), snapshot(&self.served));
        let names = |s: &[(PathBuf, Vec<u8>)]| s.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
        let (want_names, got_names) = (names(&want), names(&got));
        let missing: Vec<_> = want_names
            .iter()
            .filter(|n| !got_names.contains(n))
            .collect();
        let extra: Vec<_> = got_names
            .iter()
            .filter(|n| !want_names.contains(n))
            .collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "after {after}: missing from the preview {missing:?}, left over in it {extra:?}"
        );
        for ((path, a), (_, b)) in want.iter().zip(&got) {
            assert!(
                a == b,
                "after {after}: {} differs from a full build",
                path.display()
            );
        }
    }
}

fn append(site: &Site, file: &str, line: &str) {
    let text = site.source(file);
    site.write(file, &format!("{text}\n{line}\n"));
}

#[test]
fn every_kind_of_edit_leaves_what_a_full_build_writes() {
    let site = example_site();
    let mut preview = Preview::start(&site);
    let study = "content/case-studies/keeping-a-foot-in-the-clinic.md";

    let changed = {
        site.edit(
            study,
            "## Drivers for joining",
            "A new opening line.\n\n## Drivers for joining",
        );
        preview.rebuild_ok("an edit to a case study's text")
    };
    // Its own page, and the files that carry its text (the feed, the
    // search index is written separately): never the whole site.
    assert!(
        (1..=4).contains(&changed),
        "an edit to one case study's text changed {changed} files"
    );

    site.edit(
        study,
        "title: Keeping a foot in the clinic",
        "title: Keeping one foot in the clinic",
    );
    preview.rebuild_ok("a new case-study title (lists, themes, cohort, home)");

    // A serve session keeps each case study's related case studies ("Where
    // next") while what they are chosen by is unchanged: each of these
    // changes what some of them are.
    site.edit(
        study,
        "themes: [balancing-professional-and-academic-work, career-progression, research-funding]",
        "themes: [career-transition, networking]",
    );
    preview.rebuild_ok("a case study's new themes (others' related case studies)");
    site.edit(study, "date: 2022-09-14", "date: 2025-06-01");
    preview.rebuild_ok("a case study's new date (the order of its themes' lists)");
    site.edit(study, "cohort: 2021-1", "cohort: 2023-1");
    preview.rebuild_ok("a case study's new cohort (related ones of the same cohort first)");
    let other = "content/case-studies/returning-to-academia-from-industry.md";
    site.edit(other, "consent: true", "consent: false");
    preview.rebuild_ok("a case study unpublished (no longer anyone's related case study)");
    site.edit(other, "consent: false", "consent: true");
    preview.rebuild_ok("a case study published again");

    site.edit(
        study,
        "## Drivers for joining",
        "## Why they joined\n\n## Drivers for joining",
    );
    preview.rebuild_ok("a new heading (the table of contents and fragments)");

    site.edit(
        "data/themes.yaml",
        "label: Career progression",
        "label: Progressing a career",
    );
    preview.rebuild_ok("a theme's new label");

    site.edit(
        "data/mentors/m-0001.yaml",
        "measuring quality of life",
        "measuring the quality of life",
    );
    preview.rebuild_ok("a mentor's new bio");

    append(
        &site,
        "themes/default/templates/partials/case_study_cards.html",
        "<!-- cards -->",
    );
    preview.rebuild_ok("an edit to a shared template");

    site.edit(
        "themes/default/templates/case_study.html",
        "Outcomes at a glance",
        "Outcomes in brief",
    );
    preview.rebuild_ok("an edit to one page's template");

    append(&site, "themes/default/static/css/site.css", "/* edited */");
    preview.rebuild_ok("an edit to the stylesheet (its version is in every page)");

    let copy = site
        .source(study)
        .replace("pair: 3", "pair: 9")
        .replace("title: Keeping one foot", "title: Keeping a hand");
    site.write("content/case-studies/keeping-a-hand-in.md", &copy);
    preview.rebuild_ok("a new case study");

    site.edit(
        "content/case-studies/keeping-a-hand-in.md",
        "themes: [career-transition, networking]",
        "themes: [research-funding, networking]",
    );
    preview.rebuild_ok("a new case study's new themes");

    site.remove("content/case-studies/keeping-a-hand-in.md");
    preview.rebuild_ok("a deleted case study");

    site.edit(study, "pair: 3", "pair: 3\nslug: a-foot-in-the-clinic");
    preview.rebuild_ok("a case study at a new address (pages linking to it)");

    // A section below the top level is not in the navigation, which every
    // page shows: only its pages' breadcrumbs carry its title.
    site.write(
        "content/guidance/funding/_index.md",
        "---\ntitle: Funding\n---\nWhat the programme pays for.\n",
    );
    site.write(
        "content/guidance/funding/travel.md",
        "---\ntitle: Travel\n---\nTrains, not planes.\n",
    );
    preview.rebuild_ok("a new section with a page");
    site.edit(
        "content/guidance/funding/_index.md",
        "title: Funding",
        "title: Money",
    );
    preview.rebuild_ok("a section's new title (the breadcrumbs of its pages)");

    site.edit(
        "data/cohorts/2021-1.yaml",
        "name: Cohort 1 (2021)",
        "name: First cohort (2021)",
    );
    preview.rebuild_ok("a cohort's new name (its case studies' pages and cards)");

    // Mentor pages list the workshops on their themes.
    for title in [
        "Beginning the mentoring relationship",
        "Roles of the mentor and the mentee",
        "Developing an effective mentoring relationship",
    ] {
        site.edit("data/cpd.yaml", title, &format!("{title} (renamed)"));
    }
    preview.rebuild_ok("new workshop titles (the CPD pages and mentors' pages)");

    site.edit("site.yaml", "title:", "title: New");
    preview.rebuild_ok("a new site title");

    let before = snapshot(&preview.served);
    site.write(study, "---\ntitle: [unclosed\n---\nText.\n");
    assert!(preview.rebuild().is_err(), "a broken page fails the build");
    assert!(
        before == snapshot(&preview.served),
        "a failed rebuild must not touch the preview"
    );
    site.write(
        "content/case-studies/keeping-a-foot-in-the-clinic.md",
        &copy,
    );
    preview.rebuild_ok("the broken page fixed");
}

#[test]
fn a_link_to_a_deleted_heading_is_caught_on_rebuild() {
    // The audit reuses link verdicts; one that relied on a heading of
    // another page must be checked again when that page changes.
    let site = example_site();
    site.write(
        "content/guidance/pointer.md",
        "---\ntitle: Pointer\n---\nSee [the house headings](../case-studies/keeping-a-foot-in-the-clinic.md#drivers-for-joining).\n",
    );
    let mut preview = Preview::start(&site);
    site.edit(
        "content/case-studies/keeping-a-foot-in-the-clinic.md",
        "## Drivers for joining",
        "## Reasons for joining",
    );
    let err = preview.rebuild().unwrap_err();
    assert!(err.contains("#drivers-for-joining"), "{err}");
    assert!(err.contains("content/guidance/pointer.md"), "{err}");
}

#[test]
fn a_real_name_is_caught_on_rebuild_and_forgotten_once_removed() {
    // The names guard reuses its findings for unchanged pages only.
    let site = example_site();
    let name = std::fs::read_to_string(site.path().join("data/private/names.txt"))
        .unwrap()
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap()
        .to_string();
    let mut preview = Preview::start(&site);
    let study = "content/case-studies/keeping-a-foot-in-the-clinic.md";
    let original = site.source(study);
    site.write(study, &format!("{original}\nThanks to {name}.\n"));
    let err = preview.rebuild().unwrap_err();
    assert!(err.contains(&name), "{err}");
    assert!(err.contains(study), "{err}");
    site.write(study, &original);
    preview.rebuild_ok("the name taken out again");
}

#[test]
fn related_case_studies_are_kept_while_what_they_are_chosen_by_is_unchanged() {
    use casebook::rebuild::related::LastRelated;
    use casebook::render::next_steps::Related;

    let site = example_site();
    let study = "content/case-studies/keeping-a-foot-in-the-clinic.md";
    let scratch = tempfile::tempdir().unwrap();
    let opts = options(site.path(), scratch.path().join("served"));
    let mut session = Session::default();
    let mut build = || match pipeline::rebuild(&opts, &mut session) {
        Ok((_, built)) => built,
        Err(d) => panic!("the rebuild failed:\n{}", d.render()),
    };
    let memo = LastRelated::default();
    // Asks for every case study's related case studies, as the render
    // stage does; returns how many were kept ones. Debug builds check
    // every kept list against one worked out afresh.
    let ask = |built: &casebook::model::Site| {
        let relating = memo.begin(built);
        for &i in &built.case_studies {
            relating.related(built, i);
        }
        let kept = relating.reused();
        relating.finish();
        kept
    };
    let first = build();
    let all = first.case_studies.len();
    assert!(all > 3, "the example site has case studies to relate");
    assert_eq!(ask(&first), 0, "nothing is kept before the first build");
    assert_eq!(ask(&first), all, "the same site again: every list kept");

    site.edit(
        study,
        "## Drivers for joining",
        "A new opening line.\n\n## Drivers for joining",
    );
    assert_eq!(
        ask(&build()),
        all,
        "an edit to a case study's text keeps every list"
    );

    site.edit(study, "date: 2022-09-14", "date: 2025-06-01");
    let kept = ask(&build());
    assert!(
        0 < kept && kept < all,
        "a new date: the case studies sharing a theme with it are chosen again, \
         the others kept ({kept} of {all} kept)"
    );
}
