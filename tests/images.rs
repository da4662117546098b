//! Images under static/: metadata stripped, copies at several widths in
//! WebP and JPEG or PNG, `<picture>` with sizes, the register check over
//! metadata, and the cache between builds.

mod common;
mod image_support;

use common::Site;
use image_support::{Exif, diagram, photo, with_exif};

/// A site with one case-study-free page showing two photos and a diagram.
fn site_with_photos() -> Site {
    let site = Site::fixture("basic");
    let phone = Exif {
        artist: "Ann Example",
        copyright: "Ann Example 2026",
        orientation: 6,
    };
    write_bytes(
        &site,
        "static/photos/garden.jpg",
        &with_exif(&photo(2000, 1500, 1), &phone),
    );
    write_bytes(&site, "static/photos/desk.jpg", &photo(1200, 900, 2));
    write_bytes(&site, "static/diagrams/steps.png", &diagram(640, 360));
    site.write(
        "content/about.md",
        "---\ntitle: About us\n---\nIntro.\n\n![A garden at dusk](/photos/garden.jpg)\n\n![A desk by a window](/photos/desk.jpg)\n\n![The three steps of a mentoring year](/diagrams/steps.png)\n",
    );
    site
}

fn write_bytes(site: &Site, rel: &str, bytes: &[u8]) {
    let p = site.path().join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

/// Every file of the output, by path.
fn published(site: &Site) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    common::snapshot(&site.public())
}

#[test]
fn photos_become_pictures_with_sizes_and_lazy_loading() {
    let site = site_with_photos();
    site.build().ok();
    let html = site.out("about/index.html");
    assert_eq!(html.matches("<picture>").count(), 3, "{html}");
    assert_eq!(
        html.matches("<source type=\"image/webp\" srcset=\"")
            .count(),
        3
    );
    // The garden photo is taken on its side (orientation 6): upright it is
    // 1500 wide and 2000 high, so its widths stop at 1500.
    assert!(
        html.contains("/mentoring/_images/photos/garden-480w."),
        "{html}"
    );
    assert!(
        html.contains("garden-1500w.") && !html.contains("garden-1600w."),
        "{html}"
    );
    assert!(
        html.contains("width=\"960\" height=\"1280\" alt=\"A garden at dusk\" decoding=\"async\">"),
        "{html}"
    );
    assert!(html.contains("width=\"960\" height=\"720\" alt=\"A desk by a window\" decoding=\"async\" loading=\"lazy\">"), "{html}");
    assert!(
        html.contains("steps-640w.") && html.contains(".png 640w"),
        "{html}"
    );
    assert!(html.contains("sizes=\""), "{html}");
    for img in html.split("<img").skip(1) {
        let tag = &img[..img.find('>').unwrap()];
        if tag.contains("_images/") {
            assert!(
                tag.contains("width=")
                    && tag.contains("height=")
                    && tag.contains("decoding=\"async\""),
                "{tag}"
            );
        }
    }
    // Every copy linked is published, in the format its name says, and at
    // the width it claims; none is wider than the original or 2,560 px.
    let files = published(&site);
    let mut small = false;
    for (path, bytes) in &files {
        let name = path.to_string_lossy().replace('\\', "/");
        if !name.starts_with("_images/") {
            continue;
        }
        assert!(html.contains(&name), "{name} is published but not used");
        let picture = image::load_from_memory(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let claimed: u32 = name
            .rsplit_once('-')
            .unwrap()
            .1
            .split('w')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(picture.width(), claimed, "{name}");
        assert!(picture.width() <= 2560);
        small |= bytes.len() < 150_000;
        let format = image::guess_format(bytes).unwrap();
        let expected = match name.rsplit('.').next() {
            Some("webp") => image::ImageFormat::WebP,
            Some("jpg") => image::ImageFormat::Jpeg,
            _ => image::ImageFormat::Png,
        };
        assert_eq!(format, expected, "{name}");
    }
    assert!(small, "a copy under 150 KB");
}

#[test]
fn metadata_is_stripped_from_every_published_image_and_the_original_turned_upright() {
    let site = site_with_photos();
    site.build().ok();
    for (path, bytes) in published(&site) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("Ann Example"),
            "{} keeps the author",
            path.display()
        );
        assert!(
            !bytes.windows(6).any(|w| w == b"Exif\0\0"),
            "{} keeps EXIF",
            path.display()
        );
    }
    let original = std::fs::read(site.public().join("photos/garden.jpg")).unwrap();
    let picture = image::load_from_memory(&original).unwrap();
    assert_eq!((picture.width(), picture.height()), (1500, 2000));
    // A file without orientation to apply is copied without re-encoding:
    // its pixels are untouched.
    let desk = std::fs::read(site.path().join("static/photos/desk.jpg")).unwrap();
    assert_eq!(
        std::fs::read(site.public().join("photos/desk.jpg")).unwrap(),
        desk
    );
}

#[test]
fn a_listed_file_keeps_its_metadata() {
    let site = site_with_photos();
    site.edit(
        "site.yaml",
        "language: en-GB\n",
        "language: en-GB\nimages:\n  keep_metadata:\n    - photos/garden.jpg\n",
    );
    site.build().ok();
    let original = std::fs::read(site.public().join("photos/garden.jpg")).unwrap();
    assert_eq!(
        original,
        std::fs::read(site.path().join("static/photos/garden.jpg")).unwrap()
    );
    // Copies never carry metadata.
    for (path, bytes) in published(&site) {
        if path.starts_with("_images") {
            assert!(!String::from_utf8_lossy(&bytes).contains("Ann Example"));
        }
    }
}

#[test]
fn a_register_name_in_a_photos_metadata_is_reported() {
    let site = site_with_photos();
    site.write(
        "data/private/names.txt",
        "# Real names: never publish\nAnn Example\n",
    );
    let run = site.build().ok();
    let all = run.all();
    assert!(all.contains("static/photos/garden.jpg"), "{all}");
    assert!(all.contains("warning: `EXIF Artist`: `Ann Example` is the name on line 2 of the anonymisation register"), "{all}");
    // Kept, the name would be published: an error.
    site.edit(
        "site.yaml",
        "language: en-GB\n",
        "language: en-GB\nimages:\n  keep_metadata:\n    - photos/garden.jpg\n",
    );
    let all = site.build().failed().all();
    assert!(
        all.contains("error: `EXIF Artist`: not published: `Ann Example` is the name on line 2"),
        "{all}"
    );
}

#[test]
fn a_second_build_reuses_the_cache_and_writes_the_same_bytes() {
    let site = Site::fixture("basic");
    let mut body = String::from("---\ntitle: About us\n---\nA dozen photos.\n");
    for i in 0..12 {
        let exif = Exif {
            artist: "Ann Example",
            copyright: "",
            orientation: 1,
        };
        write_bytes(
            &site,
            &format!("static/photos/p{i:02}.jpg"),
            &with_exif(&photo(1200, 900, i), &exif),
        );
        body.push_str(&format!("\n![Photo {i}](/photos/p{i:02}.jpg)\n"));
    }
    site.write("content/about.md", &body);
    let start = std::time::Instant::now();
    site.build().ok();
    let first = start.elapsed();
    let before = published(&site);
    let cached = std::fs::read_dir(site.path().join(".casebook-cache/images"))
        .unwrap()
        .count();
    assert_eq!(cached, 12);
    let start = std::time::Instant::now();
    site.build().ok();
    let second = start.elapsed();
    assert!(second * 3 < first, "first {first:?}, second {second:?}");
    assert!(
        before == published(&site),
        "the second build wrote other bytes"
    );
    assert!(!site.has(".casebook-cache"), "the cache is never published");
}

#[test]
fn a_file_that_is_not_really_an_image_is_published_as_it_is_with_a_warning() {
    let site = Site::fixture("basic");
    site.write("static/files/fake.png", "not a png");
    site.write(
        "content/about.md",
        "---\ntitle: About us\n---\n![A chart](/files/fake.png)\n",
    );
    let all = site.build().ok().all();
    assert!(all.contains("static/files/fake.png"), "{all}");
    assert!(
        all.contains("warning: the image is published as it is"),
        "{all}"
    );
    assert_eq!(site.out("files/fake.png"), "not a png");
    assert!(
        site.out("about/index.html")
            .contains("<img src=\"/mentoring/files/fake.png\" alt=\"A chart\" />")
    );
}

#[test]
fn a_serve_rebuild_after_saving_a_page_does_not_process_images_again() {
    use casebook::pipeline::{self, Options, Session};
    let site = site_with_photos();
    let scratch = tempfile::tempdir().unwrap();
    let opts = Options {
        root: site.path().to_path_buf(),
        output: Some(scratch.path().join("served")),
        drafts: false,
        base_url: None,
        quiet: true,
        today: None,
        external: false,
    };
    let mut session = Session::default();
    pipeline::rebuild(&opts, &mut session)
        .map_err(|d| d.render())
        .unwrap();
    // Without the cache, an image that had to be processed again would
    // put it back.
    std::fs::remove_dir_all(site.path().join(".casebook-cache")).unwrap();
    site.edit("content/about.md", "Intro.", "An edited introduction.");
    pipeline::rebuild(&opts, &mut session)
        .map_err(|d| d.render())
        .unwrap();
    assert!(!site.path().join(".casebook-cache").exists());
    let page = std::fs::read_to_string(scratch.path().join("served/about/index.html")).unwrap();
    assert!(page.contains("An edited introduction.") && page.contains("<picture>"));
    // A changed photo is processed again.
    write_bytes(&site, "static/photos/desk.jpg", &photo(800, 600, 9));
    pipeline::rebuild(&opts, &mut session)
        .map_err(|d| d.render())
        .unwrap();
    assert!(site.path().join(".casebook-cache/images").exists());
    let page = std::fs::read_to_string(scratch.path().join("served/about/index.html")).unwrap();
    assert!(page.contains("desk-800w."), "{page}");
}
