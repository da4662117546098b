//! Makes pictures for trying the image pipeline and for the example site.
//!
//! `cargo run --release --example images -- phone-photos DIR 12` writes a
//! dozen 12-megapixel phone-like JPEGs, with the EXIF a phone writes (GPS
//! position, author), into DIR. `… -- example-site static/images` draws
//! the example site's illustrations (diagrams and abstract shapes).

#[path = "../tests/image_support/mod.rs"]
mod image_support;

use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["phone-photos", dir, count] => {
            let count: u32 = count.parse().expect("a number of photos");
            std::fs::create_dir_all(dir).expect("the folder can be made");
            for i in 0..count {
                let exif = image_support::Exif {
                    artist: "A. Photographer",
                    copyright: "A. Photographer",
                    orientation: if i % 3 == 0 { 6 } else { 1 },
                };
                let bytes = image_support::with_exif(&image_support::photo(4000, 3000, i), &exif);
                let path = Path::new(dir).join(format!("phone-{:02}.jpg", i + 1));
                std::fs::write(&path, bytes).expect("the photo can be written");
                println!("{}", path.display());
            }
        }
        ["example-site", dir] => {
            std::fs::create_dir_all(dir).expect("the folder can be made");
            for (name, bytes) in image_support::example_site_pictures() {
                let path = Path::new(dir).join(name);
                std::fs::write(&path, bytes).expect("the picture can be written");
                println!("{}", path.display());
            }
        }
        _ => eprintln!("usage: images phone-photos DIR COUNT | images example-site DIR"),
    }
}
