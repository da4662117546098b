//! One source image made into what is published: the original without
//! its metadata, turned the right way up, and smaller copies in a modern
//! format (WebP) and a fallback (JPEG or PNG).

use fast_image_resize::{self as fir, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::metadata::Orientation;
use image::{DynamicImage, ExtendedColorType, ImageFormat};
use serde::{Deserialize, Serialize};

use super::{Format, metadata, strip};

/// The widths offered to browsers, narrowest first.
pub const WIDTHS: [u32; 3] = [480, 960, 1600];
/// No published copy is wider, whatever the original.
pub const MAX_WIDTH: u32 = 2560;
/// JPEG quality of the fallback copies: photos look the same on a phone
/// at a third of the size of quality 95.
const JPEG_QUALITY: u8 = 80;
/// WebP quality of the copies made from photos.
const WEBP_QUALITY: f32 = 75.0;
/// JPEG quality of an original turned upright (it is decoded anyway).
const UPRIGHT_QUALITY: u8 = 90;

/// One smaller copy.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    pub format: Format,
    pub bytes: Vec<u8>,
}

/// Everything published for one source image.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Processed {
    /// Of the picture the right way up.
    pub width: u32,
    pub height: u32,
    /// What is published at the original's own address.
    pub original: Vec<u8>,
    /// Narrowest first; for each width, the fallback then the WebP copy.
    pub variants: Vec<Variant>,
    /// Fields that can name someone, as (field, text), read before stripping.
    pub text: Vec<(String, String)>,
    /// The source carried a GPS position (now removed unless kept).
    pub gps: bool,
}

/// Processes `bytes`; with `keep_metadata` the original is published as
/// it is. Fails with the reason when the file cannot be read as `format`.
pub fn process(format: Format, bytes: &[u8], keep_metadata: bool) -> Result<Processed, String> {
    let (stripped, xmp) = strip::strip(format, bytes)
        .ok_or_else(|| format!("it is not a well-formed {} file", format.name()))?;
    let meta = metadata::read(bytes, xmp.as_deref());
    let mut picture = image::load_from_memory_with_format(bytes, image_format(format))
        .map_err(|e| format!("it cannot be read as a {} picture: {e}", format.name()))?;
    let orientation = Orientation::from_exif(meta.orientation).unwrap_or(Orientation::NoTransforms);
    picture.apply_orientation(orientation);
    let (width, height) = (picture.width(), picture.height());
    let original = if keep_metadata {
        bytes.to_vec()
    } else if orientation != Orientation::NoTransforms {
        upright(format, &picture)?
    } else {
        stripped
    };
    let alpha = picture.color().has_alpha();
    let fallback = match format {
        Format::Png => Format::Png,
        _ if alpha => Format::Png,
        _ => Format::Jpeg,
    };
    // Diagrams and screenshots (PNG) stay sharp in lossless WebP.
    let lossless = format == Format::Png;
    let rgba = picture.to_rgba8().into_raw();
    drop(picture);
    let mut resizer = Resizer::new();
    let mut variants = Vec::new();
    for w in widths(width) {
        let h = ((height as u64 * w as u64 + width as u64 / 2) / width as u64).max(1) as u32;
        let pixels = if w == width {
            rgba.clone()
        } else {
            resize(&mut resizer, &rgba, (width, height), (w, h), alpha)?
        };
        variants.push(Variant {
            width: w,
            height: h,
            format: fallback,
            bytes: encode(fallback, &pixels, w, h, alpha)?,
        });
        variants.push(Variant {
            width: w,
            height: h,
            format: Format::Webp,
            bytes: webp(&pixels, w, h, lossless)?,
        });
    }
    Ok(Processed {
        width,
        height,
        original,
        variants,
        text: meta.text,
        gps: meta.gps,
    })
}

/// The widths made for a picture `width` pixels wide: the standard ones
/// narrower than it, and its own width (at most [`MAX_WIDTH`]) when the
/// widest standard one is not narrower.
pub fn widths(width: u32) -> Vec<u32> {
    let top = width.min(MAX_WIDTH);
    let mut out: Vec<u32> = WIDTHS.iter().copied().filter(|&w| w < top).collect();
    if top <= WIDTHS[WIDTHS.len() - 1] {
        out.push(top);
    }
    out
}

fn image_format(format: Format) -> ImageFormat {
    match format {
        Format::Jpeg => ImageFormat::Jpeg,
        Format::Png => ImageFormat::Png,
        Format::Webp => ImageFormat::WebP,
    }
}

fn resize(
    resizer: &mut Resizer,
    rgba: &[u8],
    (w, h): (u32, u32),
    (nw, nh): (u32, u32),
    alpha: bool,
) -> Result<Vec<u8>, String> {
    let src = fir::images::ImageRef::new(w, h, rgba, PixelType::U8x4).map_err(|e| e.to_string())?;
    let mut dst = fir::images::Image::new(nw, nh, PixelType::U8x4);
    let options = ResizeOptions::new()
        .resize_alg(ResizeAlg::Convolution(fir::FilterType::Lanczos3))
        .use_alpha(alpha);
    resizer
        .resize(&src, &mut dst, &options)
        .map_err(|e| format!("it could not be resized: {e}"))?;
    Ok(dst.into_vec())
}

/// Encodes RGBA `pixels` as `format`; JPEG drops the alpha channel.
fn encode(format: Format, pixels: &[u8], w: u32, h: u32, alpha: bool) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let failed = |e: image::ImageError| format!("a copy could not be encoded: {e}");
    match format {
        Format::Jpeg => {
            let rgb = without_alpha(pixels, w, h)?;
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
                .encode(&rgb, w, h, ExtendedColorType::Rgb8)
                .map_err(failed)?;
        }
        Format::Png => {
            use image::ImageEncoder;
            let (bytes, colour) = if alpha {
                (pixels.to_vec(), ExtendedColorType::Rgba8)
            } else {
                (without_alpha(pixels, w, h)?, ExtendedColorType::Rgb8)
            };
            image::codecs::png::PngEncoder::new(&mut out)
                .write_image(&bytes, w, h, colour)
                .map_err(failed)?;
        }
        Format::Webp => return webp(pixels, w, h, false),
    }
    Ok(out)
}

/// RGBA `pixels` as RGB, by the image crate (built optimised in tests too).
fn without_alpha(pixels: &[u8], w: u32, h: u32) -> Result<Vec<u8>, String> {
    let rgba = image::RgbaImage::from_raw(w, h, pixels.to_vec())
        .ok_or_else(|| "a copy has the wrong size".to_string())?;
    Ok(DynamicImage::ImageRgba8(rgba).to_rgb8().into_raw())
}

fn webp(pixels: &[u8], w: u32, h: u32, lossless: bool) -> Result<Vec<u8>, String> {
    let mut config =
        webp::WebPConfig::new().map_err(|_| "the WebP encoder could not start".to_string())?;
    config.lossless = i32::from(lossless);
    config.quality = if lossless { 60.0 } else { WEBP_QUALITY };
    config.method = 4;
    let encoded = webp::Encoder::from_rgba(pixels, w, h)
        .encode_advanced(&config)
        .map_err(|e| format!("a WebP copy could not be encoded: {e:?}"))?;
    Ok(encoded.to_vec())
}

/// The original turned upright, in its own format, without metadata.
fn upright(format: Format, picture: &DynamicImage) -> Result<Vec<u8>, String> {
    let rgba = picture.to_rgba8();
    let (w, h) = (rgba.width(), rgba.height());
    let alpha = picture.color().has_alpha();
    match format {
        Format::Jpeg => {
            let mut out = Vec::new();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, UPRIGHT_QUALITY)
                .encode(&picture.to_rgb8(), w, h, ExtendedColorType::Rgb8)
                .map_err(|e| format!("it could not be turned upright: {e}"))?;
            Ok(out)
        }
        Format::Png => encode(Format::Png, &rgba, w, h, alpha),
        Format::Webp => webp(&rgba, w, h, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_never_exceed_the_original_or_the_cap() {
        assert_eq!(widths(4000), [480, 960, 1600]);
        assert_eq!(widths(1600), [480, 960, 1600]);
        assert_eq!(widths(1200), [480, 960, 1200]);
        assert_eq!(widths(300), [300]);
    }
}
