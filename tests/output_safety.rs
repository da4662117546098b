//! Nothing escapes the output folder and nothing the user owns is replaced:
//! aliases that climb out, `--output` aimed at the user's own files.

mod common;

use std::path::Path;
use std::process::Command;

use common::{Run, Site};

/// `casebook build` of `site` into `output` (as given, relative to the site's parent).
fn build_into(site: &Site, output: &Path) -> Run {
    Run::from(
        Command::new(env!("CARGO_BIN_EXE_casebook"))
            .args(["build", "--quiet", "--source"])
            .arg(site.path())
            .arg("--output")
            .arg(output)
            .output()
            .expect("the binary runs"),
    )
}

/// Asserts a refusal: exit 2, one line naming the problem.
fn refused(run: &Run, says: &str) {
    assert_eq!(run.code, 2, "expected a refusal\n{}", run.all());
    assert_eq!(run.stderr.lines().count(), 1, "one line:\n{}", run.stderr);
    assert!(run.stderr.contains(says), "{}", run.stderr);
}

#[test]
fn an_alias_that_climbs_out_is_an_error_and_nothing_is_written() {
    let outer = tempfile::tempdir().unwrap();
    let site = Site::fixture("basic");
    // A victim two levels above the output folder, the one the alias names.
    let out = outer.path().join("a/b/public");
    let victim = outer.path().join("a/victim.html");
    std::fs::create_dir_all(victim.parent().unwrap()).unwrap();
    std::fs::write(&victim, "mine").unwrap();
    site.edit(
        "content/about.md",
        "title: About us",
        "title: About us\naliases: [\"/../../victim.html\", \"/../../../../elsewhere/x/\", \"ok/old\"]",
    );
    let run = build_into(&site, &out);
    assert_eq!(run.code, 1, "{}", run.all());
    let all = run.all();
    assert!(
        all.contains("content/about.md")
            && all.contains("3: error: `aliases`: the alias /../../victim.html has the part `..`"),
        "{all}"
    );
    assert!(all.contains("/../../../../elsewhere/x/"), "{all}");
    assert!(all.contains("nothing was written"), "{all}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "mine");
    assert!(!out.exists(), "no output folder");
    assert!(!outer.path().join("elsewhere").exists());
    let names: Vec<_> = walkdir::WalkDir::new(outer.path())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().to_path_buf())
        .collect();
    assert_eq!(names, vec![victim], "only the victim, untouched");

    // `check` says the same, and a plain alias still works once fixed.
    let check = site.check();
    assert_eq!(check.code, 1);
    assert!(check.all().contains("/../../victim.html"));
    site.edit(
        "content/about.md",
        "\"/../../victim.html\", \"/../../../../elsewhere/x/\", ",
        "",
    );
    build_into(&site, &out).ok();
    assert!(out.join("ok/old/index.html").is_file());
}

#[test]
fn output_into_the_site_or_its_source_folders_is_refused() {
    let site = Site::fixture("basic");
    let before = common::snapshot(site.path());
    let root = site.path();
    refused(&build_into(&site, root), "is the site folder itself");
    refused(
        &build_into(&site, &root.join("content/..")),
        "is the site folder itself",
    );
    refused(
        &build_into(&site, root.parent().unwrap()),
        "contains the site folder",
    );
    refused(
        &build_into(&site, &root.join("content")),
        "inside the site's content/ folder",
    );
    refused(
        &build_into(&site, &root.join("data/out")),
        "inside the site's data/ folder",
    );
    refused(
        &build_into(&site, &root.join("static")),
        "inside the site's static/ folder",
    );
    refused(
        &build_into(&site, &root.join("content/about.md")),
        "inside the site's content/ folder",
    );
    refused(&build_into(&site, &root.join("site.yaml")), "is a file");
    assert!(before == common::snapshot(site.path()), "nothing changed");
}

#[test]
fn an_existing_file_or_a_folder_of_someone_elses_is_never_replaced() {
    let outer = tempfile::tempdir().unwrap();
    let site = Site::fixture("basic");
    let notes = outer.path().join("NOTES.md");
    std::fs::write(&notes, "my notes").unwrap();
    refused(
        &build_into(&site, &notes),
        "NOTES.md is a file, not a folder",
    );
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "my notes");

    let theirs = outer.path().join("photos");
    std::fs::create_dir(&theirs).unwrap();
    std::fs::write(theirs.join("cat.jpg"), "meow").unwrap();
    refused(&build_into(&site, &theirs), "casebook did not write");
    assert_eq!(
        std::fs::read_to_string(theirs.join("cat.jpg")).unwrap(),
        "meow"
    );

    // An empty folder is taken, and marked; a second build replaces it.
    let empty = outer.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    build_into(&site, &empty).ok();
    let marker = std::fs::read_to_string(empty.join(".casebook-output")).unwrap();
    assert!(marker.contains("written by casebook"), "{marker}");
    std::fs::write(empty.join("stray.txt"), "left by hand").unwrap();
    build_into(&site, &empty).ok();
    assert!(
        !empty.join("stray.txt").exists(),
        "the whole folder is replaced"
    );
    assert!(empty.join("index.html").is_file());

    // The default public/ is rebuilt as before.
    site.build().ok();
    site.build().ok();
    assert!(site.has(".casebook-output"));
}

#[cfg(unix)]
#[test]
fn an_output_that_is_a_link_is_refused() {
    let outer = tempfile::tempdir().unwrap();
    let site = Site::fixture("basic");
    let real = outer.path().join("real");
    std::fs::create_dir(&real).unwrap();
    let link = outer.path().join("link");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    refused(&build_into(&site, &link), "is a link");
    assert!(link.is_symlink());
}

/// Starts a build that stops for good at the failpoints `points`, waits
/// until it is there, and kills it with SIGKILL, as a power cut would.
fn kill_build_at(site: &Site, points: &str, point: &str) {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(["build", "--quiet"])
        .current_dir(site.path())
        .env("CASEBOOK_FAILPOINT", points)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let stderr = child.stderr.take().unwrap();
    let mut seen = String::new();
    for line in BufReader::new(stderr).lines().map_while(Result::ok) {
        seen.push_str(&line);
        if line.contains(&format!("failpoint {point} reached")) {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(seen.contains(point), "never reached {point}: {seen}");
}

/// The names beside the output folder that builds leave.
fn leftovers(site: &Site) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(site.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public."))
        .collect();
    names.sort();
    names
}

#[test]
fn a_build_killed_between_the_two_renames_is_recovered_by_the_next() {
    let site = Site::fixture("basic");
    site.build().ok();
    site.edit(
        "content/about.md",
        "About the programme.",
        "Second version.",
    );
    kill_build_at(&site, "swap-fallback,swap-between", "swap-between");
    assert!(!site.public().exists(), "killed with no output in place");
    let left = leftovers(&site);
    assert!(
        left.len() == 2
            && left[0].starts_with(".public.building-")
            && left[1].starts_with(".public.old-"),
        "{left:?}"
    );

    // Even a build that fails puts the previous site back first.
    site.write("content/broken.md", "---\ntitle: [unclosed\n---\n");
    let failed = site.build().failed();
    assert!(
        failed.all().contains("is back in place"),
        "{}",
        failed.all()
    );
    assert!(
        site.out("about/index.html")
            .contains("About the programme.")
    );
    assert!(leftovers(&site).is_empty(), "{:?}", leftovers(&site));

    site.remove("content/broken.md");
    site.build().ok();
    assert!(site.out("about/index.html").contains("Second version."));
    assert!(leftovers(&site).is_empty(), "{:?}", leftovers(&site));
}

#[test]
fn a_build_killed_after_the_exchange_has_the_new_site_and_its_leftovers_go() {
    let site = Site::fixture("basic");
    site.build().ok();
    site.edit(
        "content/about.md",
        "About the programme.",
        "Second version.",
    );
    kill_build_at(&site, "swap-exchanged", "swap-exchanged");
    // One step: the new site is in place, the old one waits beside it.
    assert!(site.out("about/index.html").contains("Second version."));
    assert_eq!(leftovers(&site).len(), 1, "{:?}", leftovers(&site));
    let run = site.build().ok();
    assert!(
        run.all().contains("deleted 1 unfinished folder"),
        "{}",
        run.all()
    );
    assert!(leftovers(&site).is_empty(), "{:?}", leftovers(&site));
    assert!(site.out("about/index.html").contains("Second version."));
}

#[test]
fn a_build_that_cannot_write_reports_one_error_and_keeps_the_previous_site() {
    let site = Site::fixture("basic");
    site.build().ok();
    // The output is refused its staging folder's files: a stand-in for a
    // full disk that needs no privileges. /dev/full answers every write
    // with "no space left", so a file linked to it fails the same way.
    if !Path::new("/dev/full").exists() {
        return;
    }
    let run = Run::from(
        Command::new(env!("CARGO_BIN_EXE_casebook"))
            .args(["build", "--quiet"])
            .current_dir(site.path())
            .env("CASEBOOK_FAILPOINT", "write-full")
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(run.stderr.contains("1 error found"), "{}", run.stderr);
    assert!(run.stderr.contains("No space left"), "{}", run.stderr);
    assert!(
        site.out("about/index.html")
            .contains("About the programme.")
    );
    assert!(leftovers(&site).is_empty(), "{:?}", leftovers(&site));
}
