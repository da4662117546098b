//! Pictures made for the tests: photo-like JPEGs (noisy, so they weigh
//! what phone photos weigh), with EXIF a phone would write, and PNG
//! diagrams.

#![allow(dead_code)]

use image::{ExtendedColorType, ImageEncoder};

/// A `w`×`h` JPEG at quality 92 of soft colour bands with grain; `seed`
/// varies it.
pub fn photo(w: u32, h: u32, seed: u32) -> Vec<u8> {
    let mut pixels = Vec::with_capacity((w * h * 3) as usize);
    let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    for y in 0..h {
        for x in 0..w {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let grain = (state % 24) as i32 - 12;
            let r = (x * 255 / w) as i32 + grain;
            let g = (y * 255 / h) as i32 + grain;
            let b = ((x + y + seed * 40) % 256) as i32 + grain;
            pixels.extend([r, g, b].map(|c| c.clamp(0, 255) as u8));
        }
    }
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 92)
        .encode(&pixels, w, h, ExtendedColorType::Rgb8)
        .expect("encodes");
    out
}

/// A `w`×`h` PNG of flat shapes, like a diagram.
pub fn diagram(w: u32, h: u32) -> Vec<u8> {
    let mut pixels = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h {
        for x in 0..w {
            let inside = (x / 40 + y / 40) % 2 == 0;
            pixels.extend(if inside {
                [20, 80, 160]
            } else {
                [240, 240, 235]
            });
        }
    }
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(&pixels, w, h, ExtendedColorType::Rgb8)
        .expect("encodes");
    out
}

/// What a phone writes into a photo.
pub struct Exif<'a> {
    pub artist: &'a str,
    pub copyright: &'a str,
    /// 1 (upright) to 8; 6 is "turn 90° clockwise to view".
    pub orientation: u16,
}

/// `jpeg` with an EXIF APP1 segment, a GPS position (51° 30′ N) included, (big-endian TIFF) put after its
/// start marker.
pub fn with_exif(jpeg: &[u8], exif: &Exif) -> Vec<u8> {
    let tiff = tiff(exif);
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend(((tiff.len() + 8) as u16).to_be_bytes());
    app1.extend(b"Exif\0\0");
    app1.extend(tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend(app1);
    out.extend(&jpeg[2..]);
    out
}

fn tiff(exif: &Exif) -> Vec<u8> {
    let artist = format!("{}\0", exif.artist).into_bytes();
    let copyright = format!("{}\0", exif.copyright).into_bytes();
    // Header (8), IFD0 with 4 entries (2 + 48 + 4), GPS IFD with 2
    // entries (2 + 24 + 4), then the values that do not fit in an entry.
    let ifd0 = 8u32;
    let gps_ifd = ifd0 + 2 + 4 * 12 + 4;
    let data = gps_ifd + 2 + 2 * 12 + 4;
    let artist_at = data;
    let copyright_at = artist_at + artist.len() as u32;
    let latitude_at = copyright_at + copyright.len() as u32;
    let mut t = b"MM\0\x2a".to_vec();
    t.extend(ifd0.to_be_bytes());
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        t.extend(tag.to_be_bytes());
        t.extend(kind.to_be_bytes());
        t.extend(count.to_be_bytes());
        t.extend(value);
    };
    t.extend(4u16.to_be_bytes());
    let o = exif.orientation.to_be_bytes();
    entry(&mut t, 0x0112, 3, 1, [o[0], o[1], 0, 0]);
    entry(
        &mut t,
        0x013B,
        2,
        artist.len() as u32,
        artist_at.to_be_bytes(),
    );
    entry(
        &mut t,
        0x8298,
        2,
        copyright.len() as u32,
        copyright_at.to_be_bytes(),
    );
    entry(&mut t, 0x8825, 4, 1, gps_ifd.to_be_bytes());
    t.extend(0u32.to_be_bytes());
    t.extend(2u16.to_be_bytes());
    entry(&mut t, 0x0001, 2, 2, *b"N\0\0\0");
    entry(&mut t, 0x0002, 5, 3, latitude_at.to_be_bytes());
    t.extend(0u32.to_be_bytes());
    t.extend(&artist);
    t.extend(&copyright);
    for (n, d) in [(51u32, 1u32), (30, 1), (0, 1)] {
        t.extend(n.to_be_bytes());
        t.extend(d.to_be_bytes());
    }
    t
}

/// Draws a `w`×`h` picture, pixel by pixel, from `paint(x, y)`.
fn draw(w: u32, h: u32, paint: impl Fn(f32, f32) -> [u8; 3]) -> Vec<u8> {
    let mut pixels = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h {
        for x in 0..w {
            pixels.extend(paint(x as f32, y as f32));
        }
    }
    pixels
}

fn blend(under: [u8; 3], over: [u8; 3], amount: f32) -> [u8; 3] {
    let a = amount.clamp(0.0, 1.0);
    [0, 1, 2].map(|i| (under[i] as f32 * (1.0 - a) + over[i] as f32 * a) as u8)
}

fn encode_png(pixels: &[u8], w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(pixels, w, h, ExtendedColorType::Rgb8)
        .expect("encodes");
    out
}

fn encode_jpeg(pixels: &[u8], w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .encode(pixels, w, h, ExtendedColorType::Rgb8)
        .expect("encodes");
    out
}

/// The example site's illustrations, by file name: a diagram of the
/// mentoring year (PNG), an abstract picture of overlapping circles
/// (JPEG) and a poster for the video (JPEG). No people.
pub fn example_site_pictures() -> Vec<(&'static str, Vec<u8>)> {
    let navy = [22, 50, 92];
    let paper = [247, 245, 240];
    let accents = [[0, 112, 110], [196, 90, 20], [120, 60, 140], [30, 110, 170]];
    // Four stages on a ring, joined by the ring itself.
    let (w, h) = (1200, 800);
    let cycle = draw(w, h, |x, y| {
        let (cx, cy) = (600.0, 400.0);
        let d = ((x - cx).powi(2) + (y - cy).powi(2)).sqrt();
        let mut c = paper;
        if (d - 260.0).abs() < 9.0 {
            c = navy;
        }
        for (i, accent) in accents.iter().enumerate() {
            let angle = std::f32::consts::FRAC_PI_2 * i as f32 - std::f32::consts::FRAC_PI_2;
            let (sx, sy) = (cx + 260.0 * angle.cos(), cy + 260.0 * angle.sin());
            let ds = ((x - sx).powi(2) + (y - sy).powi(2)).sqrt();
            if ds < 90.0 {
                c = if ds > 80.0 { navy } else { *accent };
            }
        }
        c
    });
    // Soft circles over a warm gradient.
    let (pw, ph) = (2400, 1600);
    let circles = draw(pw, ph, |x, y| {
        let mut c = blend([250, 236, 210], [210, 226, 240], y / ph as f32);
        for (i, accent) in accents.iter().enumerate() {
            let (sx, sy, r) = (
                500.0 + 450.0 * i as f32,
                700.0 + 180.0 * (i as f32 * 1.7).sin(),
                380.0 - 40.0 * i as f32,
            );
            let d = ((x - sx).powi(2) + (y - sy).powi(2)).sqrt();
            c = blend(c, *accent, 0.55 * (1.0 - ((d - r) / 12.0).clamp(0.0, 1.0)));
        }
        c
    });
    // A poster: dark ground, a large play triangle in a circle.
    let (vw, vh) = (1280, 720);
    let poster = draw(vw, vh, |x, y| {
        let mut c = blend(navy, [8, 20, 40], y / vh as f32);
        let (cx, cy) = (640.0, 360.0);
        let d = ((x - cx).powi(2) + (y - cy).powi(2)).sqrt();
        if (d - 150.0).abs() < 8.0 {
            c = paper;
        }
        let inside = x > cx - 45.0 && (y - cy).abs() < (x - (cx - 45.0)) * 0.6 && x < cx + 75.0;
        if inside {
            c = paper;
        }
        c
    });
    vec![
        ("mentoring-year.png", encode_png(&cycle, w, h)),
        ("circles.jpg", encode_jpeg(&circles, pw, ph)),
        ("video-poster.jpg", encode_jpeg(&poster, vw, vh)),
    ]
}
