//! Images under `static/`: every JPEG, PNG and WebP is published without
//! its metadata (GPS position, author, camera, thumbnails) and the right
//! way up, and pages get smaller copies of it through `<picture>`.
//!
//! Processing is slow (seconds for a phone photo), so what it makes is
//! kept in `.casebook-cache/images/` at the site root, keyed by the
//! source's bytes and the settings, and a serve session skips files whose
//! size and time have not changed.

pub mod cache;
pub mod html;
pub mod metadata;
pub mod names;
pub mod process;
pub mod strip;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Diagnostics};
pub use process::Processed;

/// The folder under the site root that holds what builds keep for later
/// builds; never published, and listed in the `.gitignore` of `init`.
pub const CACHE_DIR: &str = ".casebook-cache";

/// Where the processed copies are published, under the output folder.
pub const VARIANTS_DIR: &str = "_images";

/// The raster formats casebook processes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Format {
    Jpeg,
    Png,
    Webp,
}

impl Format {
    /// The format a file's extension names, if it is one of ours.
    pub fn of(path: &str) -> Option<Format> {
        let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "jpg" | "jpeg" => Some(Format::Jpeg),
            "png" => Some(Format::Png),
            "webp" => Some(Format::Webp),
            _ => None,
        }
    }

    /// As users know it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
            Format::Webp => "WebP",
        }
    }

    /// The file extension of copies in this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Webp => "webp",
        }
    }

    /// The `type` of a `<source>` in this format.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Webp => "image/webp",
        }
    }
}

/// The size and time of a file: unchanged, it need not be read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let m = std::fs::metadata(path).ok()?;
        Some(Stamp {
            len: m.len(),
            modified: m.modified().ok(),
        })
    }
}

/// One processed image.
#[derive(Debug)]
pub struct Image {
    /// Relative to `static/`, with `/`: also its address under the base path.
    pub rel: String,
    pub format: Format,
    /// Hash of the source bytes and the settings: the cache's key, and
    /// part of each copy's file name, so browsers may keep copies forever.
    pub key: u64,
    /// Listed in `images.keep_metadata`: the original is published as it is.
    pub kept: bool,
    pub processed: Processed,
    stamp: Option<Stamp>,
}

impl Image {
    /// The output path of a copy.
    pub fn variant_path(&self, v: &process::Variant) -> String {
        let stem = self
            .rel
            .rsplit_once('.')
            .map_or(self.rel.as_str(), |(s, _)| s);
        format!(
            "{VARIANTS_DIR}/{stem}-{}w.{:010x}.{}",
            v.width,
            self.key >> 24,
            v.format.extension()
        )
    }
}

/// Every processed image of the site, by its path under `static/`.
#[derive(Debug, Default)]
pub struct Images {
    by_rel: BTreeMap<String, Arc<Image>>,
    /// Paths of images that could not be processed (published as they are).
    unreadable: Vec<String>,
    /// Paths listed in `images.keep_metadata`.
    kept: Vec<String>,
}

impl Images {
    /// The image published at `rel` (relative to `static/`).
    pub fn get(&self, rel: &str) -> Option<&Arc<Image>> {
        self.by_rel.get(rel)
    }

    /// Every image, by path.
    pub fn iter(&self) -> impl Iterator<Item = &Arc<Image>> {
        self.by_rel.values()
    }

    /// A hash of every image's key: pages that show images depend on it.
    pub fn digest(&self) -> u64 {
        let keys: Vec<(&str, u64)> = self
            .by_rel
            .iter()
            .map(|(r, i)| (r.as_str(), i.key))
            .collect();
        crate::hash::of_bytes(format!("{keys:?}").as_bytes())
    }

    /// What is published for the file `rel` of `static/` whose bytes are
    /// `bytes`: a processed image's stripped original; the bytes of
    /// anything else.
    pub fn published<'a>(&'a self, rel: &str, bytes: &'a [u8]) -> Cow<'a, [u8]> {
        if let Some(image) = self.by_rel.get(rel) {
            return Cow::Borrowed(&image.processed.original);
        }
        // A link, or a file that could not be processed: still stripped
        // when its container can be read.
        match Format::of(rel).and_then(|f| strip::strip(f, bytes)) {
            Some((stripped, _)) if !self.kept.iter().any(|k| k == rel) => Cow::Owned(stripped),
            _ => Cow::Borrowed(bytes),
        }
    }

    /// Writes every copy into `out` (the originals go with `static/`).
    pub fn write_variants(&self, out: &crate::output::Output) -> Result<(), Diagnostic> {
        for image in self.by_rel.values() {
            for v in &image.processed.variants {
                out.write(&image.variant_path(v), &v.bytes)?;
            }
        }
        Ok(())
    }
}

/// Finds and processes every image under `root/static/`, in parallel,
/// reusing `earlier` (a serve session's last build) for files whose size
/// and time are unchanged, and the cache for files whose bytes are.
pub fn prepare(
    root: &Path,
    settings: &crate::config::ImageSettings,
    earlier: Option<&Images>,
    diags: &mut Diagnostics,
) -> Images {
    let files = find(root);
    let cache = cache::Cache::at(root);
    let keep: Vec<String> = settings
        .keep_metadata
        .iter()
        .map(|k| {
            k.trim()
                .trim_start_matches('/')
                .trim_start_matches("static/")
                .to_string()
        })
        .collect();
    for k in &keep {
        if !files.iter().any(|(rel, _)| rel == k) {
            diags.push(
                Diagnostic::warning(
                    crate::config::SETTINGS_FILE,
                    format!(
                        "`images.keep_metadata` names `{k}`, which is not an image under static/"
                    ),
                )
                .field("images.keep_metadata")
                .hint("give the path under static/, such as photos/map.jpg"),
            );
        }
    }
    let results: Vec<Result<Arc<Image>, (String, String)>> = files
        .par_iter()
        .map(|(rel, path)| {
            let kept = keep.contains(rel);

            let stamp = Stamp::of(path);
            if let Some(old) = earlier.and_then(|e| e.by_rel.get(rel))
                && old.stamp.is_some()
                && old.stamp == stamp
                && old.kept == kept
            {
                return Ok(Arc::clone(old));
            }
            let format = Format::of(rel).ok_or_else(|| (rel.clone(), "unknown".to_string()))?;
            let bytes = std::fs::read(path).map_err(|e| (rel.clone(), e.to_string()))?;
            let key = cache::key(&bytes, kept);
            let processed = match cache.get(key) {
                Some(p) => p,
                None => {
                    let p = process::process(format, &bytes, kept).map_err(|e| (rel.clone(), e))?;
                    cache.put(key, &p);
                    p
                }
            };
            Ok(Arc::new(Image {
                rel: rel.clone(),
                format,
                key,
                kept,
                processed,
                stamp,
            }))
        })
        .collect();
    let mut images = Images {
        kept: keep,
        ..Images::default()
    };
    for r in results {
        match r {
            Ok(image) => {
                images.by_rel.insert(image.rel.clone(), image);
            }
            Err((rel, reason)) => {
                diags.push(
                    Diagnostic::warning(
                        Path::new("static").join(&rel),
                        format!("the image is published as it is, metadata and all: {reason}"),
                    )
                    .hint("open it in an image editor and save it again as JPEG, PNG or WebP"),
                );
                images.unreadable.push(rel);
            }
        }
    }
    if earlier.is_none() {
        cache.retain(images.by_rel.values().map(|i| i.key));
    }
    images
}

/// Every JPEG, PNG and WebP file under `root/static/`, as (path under
/// `static/`, full path), in name order. Links are left to the copy of
/// `static/`, which publishes them as they are.
fn find(root: &Path) -> Vec<(String, PathBuf)> {
    let dir = root.join("static");
    if !dir.is_dir() || crate::symlinks::refuse(root, &dir).is_some() {
        return Vec::new();
    }
    walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e
                .path()
                .strip_prefix(&dir)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            Format::of(&rel)?;
            Some((rel, e.path().to_path_buf()))
        })
        .collect()
}
