//! The output scan against names that run across lines, markup and
//! comments in published files, where the same lines come again in other
//! files: what one file held must not change how the next is read (a
//! per-thread memo of lines once did; it was taken out). Static files are
//! published as they are and read by nothing but the output scan, so they
//! are where such lines can be placed exactly.

mod common;

use std::process::Command;

use common::{Run, Site};

const REGISTER: &str = "Tomasz Kowalski\nPieter van der Berg\n";

/// A line long enough that a memo of lines would have kept it.
const FILLER: &str = "a story of the ward and the university";

/// `casebook build` with `threads` worker threads (one reads every file
/// in turn).
fn build(site: &Site, threads: Option<usize>) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_casebook"));
    cmd.args(["build", "--quiet"]).current_dir(site.path());
    if let Some(n) = threads {
        cmd.env("RAYON_NUM_THREADS", n.to_string());
    }
    Run::from(cmd.output().expect("the binary runs"))
}

/// The fixture with the register and, for each pair `(clean, leak)`,
/// static files that hold the clean one first and the leak second in
/// either order of reading.
fn site_with(pairs: &[(String, String)]) -> Site {
    let site = Site::fixture("basic");
    site.write("data/private/names.txt", REGISTER);
    for (i, (clean, leak)) in pairs.iter().enumerate() {
        for k in 0..4 {
            site.write(&format!("static/m{i}/p{k}a.html"), clean);
            site.write(&format!("static/m{i}/p{k}b.html"), leak);
        }
    }
    site
}

/// The build stops for the name (`form`, as the message describes it)
/// in a file that holds it (`p…b.html`).
fn assert_stopped(site: &Site, threads: Option<usize>, form: &str) {
    let run = build(site, threads).failed();
    let stopped = run
        .all()
        .lines()
        .any(|l| l.contains("error: not published") && l.contains(form) && l.contains("b.html"));
    assert!(stopped, "{threads:?}: {}", run.all());
    assert!(!site.has("m0/p0b.html"), "published");
}

#[test]
fn a_line_read_with_nothing_to_close_it_does_not_hide_a_name_later() {
    // Read first where nothing after it closes the tag or comment (so it
    // is text), then where something does, which joins the name.
    let tag = format!("Kow<b title=\"{FILLER}");
    let comment = format!("<!-- ------ {FILLER}");
    let site = site_with(&[
        (
            format!("<p>x\n{tag}\nno end here\n"),
            format!("<p>Tomasz\n{tag}\n\">alski</b></p>\n"),
        ),
        (
            format!("<p>x\n{comment}\nno end here\n"),
            format!("<p>Tomasz\n{comment}\nnote -->\nKowalski</p>\n"),
        ),
    ]);
    assert_stopped(&site, Some(1), "is the name");
    assert_stopped(&site, None, "is the name");
}

#[test]
fn a_line_read_clean_does_not_hide_a_name_around_it() {
    let bare = "</li></li></li></li></li></li></li></li></li>";
    let clean = format!("<li><a class=\"card\">{FILLER}</a></li>");
    let seen = format!("<ul>\n{clean}\n{bare}\n</ul>\n");
    for (leak, name) in [
        (
            format!("<p>Dr\n{bare}\nKowalski</p>\n"),
            "a title and the surname",
        ),
        (
            format!("<p>Kowalski,\n{bare}\nTomasz</p>\n"),
            "the surname and first name",
        ),
        (
            format!("<p>T.\n{bare}\nKowalski</p>\n"),
            "an initial and the surname",
        ),
        (
            format!("<p>Tomasz\r\n{bare}\r\nKowalski</p>\r\n"),
            "is the name",
        ),
        (format!("<p>Tomasz\n{bare}\nKowalski"), "is the name"),
    ] {
        let site = site_with(&[(seen.clone(), leak)]);
        assert_stopped(&site, Some(1), name);
    }
}
