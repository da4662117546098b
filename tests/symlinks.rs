//! Symbolic links in a site folder: inside the site they work as the files
//! they name; leading outside, they are warnings and nothing is published.
#![cfg(unix)]

mod common;

use std::os::unix::fs::symlink;

use common::{Site, snapshot};

#[test]
fn links_leading_outside_the_site_are_warnings_and_never_published() {
    let outer = tempfile::tempdir().unwrap();
    let secret = outer.path().join("secret");
    std::fs::create_dir_all(secret.join("cohorts")).unwrap();
    std::fs::write(
        secret.join("diary.md"),
        "---\ntitle: Diary\n---\nSECRETDIARY\n",
    )
    .unwrap();
    std::fs::write(secret.join("key.txt"), "SECRETKEY").unwrap();
    std::fs::write(
        secret.join("cohorts/2030-1.yaml"),
        "id: 2030-1\nname: SECRETCOHORT\nyear: 2030\n",
    )
    .unwrap();

    let site = Site::fixture("basic");
    let root = site.path();
    std::fs::create_dir_all(root.join("static/css")).unwrap();
    std::fs::write(root.join("static/css/extra.css"), "body{}").unwrap();
    symlink(secret.join("diary.md"), root.join("content/diary.md")).unwrap();
    symlink(secret.join("key.txt"), root.join("static/key.txt")).unwrap();
    symlink(
        secret.join("cohorts/2030-1.yaml"),
        root.join("data/cohorts/2030-1.yaml"),
    )
    .unwrap();
    // Inside the site: these work as the files they name.
    symlink(
        root.join("content/about.md"),
        root.join("content/about-us.md"),
    )
    .unwrap();
    symlink(
        root.join("static/css/extra.css"),
        root.join("static/copy.css"),
    )
    .unwrap();

    let run = site.build().ok();
    let all = run.all();
    for link in [
        "content/diary.md",
        "static/key.txt",
        "data/cohorts/2030-1.yaml",
    ] {
        assert!(
            all.contains(&format!("{link}\n  warning: this is a link to")),
            "{link}: {all}"
        );
    }
    assert!(all.contains("outside the site folder"), "{all}");
    for (path, bytes) in snapshot(&site.public()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("SECRET"),
            "{} holds a file from outside the site",
            path.display()
        );
    }
    assert!(!site.has("key.txt"));
    assert!(
        site.out("about-us/index.html")
            .contains("About the programme.")
    );
    assert_eq!(site.out("copy.css"), "body{}");
}

#[test]
fn a_static_folder_that_links_outside_is_not_copied() {
    let outer = tempfile::tempdir().unwrap();
    std::fs::write(outer.path().join("private.txt"), "PRIVATE").unwrap();
    let site = Site::fixture("basic");
    symlink(outer.path(), site.path().join("static")).unwrap();
    let run = site.build().ok();
    assert!(
        run.all().contains("static\n  warning: this is a link to"),
        "{}",
        run.all()
    );
    assert!(!site.has("private.txt"));
}
