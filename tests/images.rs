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

#[test]
fn photos_become_pictures_with_sizes_and_lazy_loading() {
    let site = site_with_photos();
    site.build().ok();
    let html = site.out("about/index.html");
    println!("{html}");
}
