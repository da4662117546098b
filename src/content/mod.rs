//! Reading `content/`: every Markdown file, its front matter parsed and typed.

pub mod frontmatter;
pub mod size;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml;
use crate::{fsutil, symlinks};
pub use frontmatter::FrontMatter;

/// The content folder's name in a site directory.
pub const CONTENT_DIR: &str = "content";

/// One Markdown file as read from disk, before it is placed in the model.
#[derive(Debug, Clone)]
pub struct SourcePage {
    /// Relative to the site root (`content/guidance/faq.md`), for messages.
    pub file: PathBuf,
    /// Relative to `content/` (`guidance/faq.md`), for URLs and links.
    pub rel: PathBuf,
    pub front: FrontMatter,
    /// The raw front matter, kept to locate fields in later checks.
    pub front_text: String,
    pub body: String,
    /// 1-based line of the body's first line in the file.
    pub body_line: usize,
}

impl SourcePage {
    /// True for `_index.md`, which describes its folder's section.
    pub fn is_section_index(&self) -> bool {
        self.rel.file_name().is_some_and(|n| n == "_index.md")
    }

    /// The 1-based file line of a front-matter field (and of a value in it).
    pub fn line_of(&self, key: &str, value: Option<&str>) -> Option<usize> {
        yaml::locate(&self.front_text, 2, key, value)
    }
}

/// One page file read: the page, or why it could not be.
pub type Read = Result<Arc<SourcePage>, Diagnostic>;

/// How page files are read: each afresh ([`Fresh`], for `build` and
/// `check`), or through what a serve session kept of its last build
/// (`crate::rebuild::content`).
pub trait Reader: Sync {
    /// Every file of `paths` (in parallel) through `read`, in their order.
    fn read_all(&self, paths: &[PathBuf], read: &(dyn Fn(&Path) -> Read + Sync)) -> Vec<Read>;
}

/// Reads every file from disk.
#[derive(Debug, Default, Clone, Copy)]
pub struct Fresh;

impl Reader for Fresh {
    fn read_all(&self, paths: &[PathBuf], read: &(dyn Fn(&Path) -> Read + Sync)) -> Vec<Read> {
        paths.par_iter().map(|p| read(p)).collect()
    }
}

/// Reads every `.md` file under `root/content`, in a stable order, through
/// `reader`. Files that could not be read are reported and listed
/// (content-relative) in [`Loaded::unreadable`], so links to them do not
/// add a second error.
pub fn load(root: &Path, reader: &dyn Reader, diags: &mut Diagnostics) -> Loaded {
    let dir = root.join(CONTENT_DIR);
    if !dir.is_dir() {
        return Loaded::default();
    }
    if let Some(w) = symlinks::refuse(root, &dir) {
        diags.push(w);
        return Loaded::default();
    }
    let mut files = Vec::new();
    // Sorted once at the end rather than folder by folder: walkdir's sort
    // of a folder of 10,000 case studies cost more than reading the list.
    // `path_order` is the order of paths, component by component.
    for entry in walkdir::WalkDir::new(&dir).follow_links(false) {
        match entry {
            Ok(e) if e.file_type().is_dir() => {}
            // A link is not followed into a folder; to a file it is read
            // as that file, if the file is inside the site.
            Ok(e) if e.path_is_symlink() => {
                if let Some(w) = symlinks::refuse_link(root, e.path()) {
                    diags.push(w);
                } else if is_page_name(e.file_name().as_encoded_bytes()) && !e.path().is_dir() {
                    files.push(e.into_path());
                }
            }
            Ok(e) => {
                if is_page_name(e.file_name().as_encoded_bytes()) {
                    files.push(e.into_path());
                }
            }
            Err(e) => {
                let file = e
                    .path()
                    .map(|p| fsutil::relative(root, p))
                    .unwrap_or_else(|| PathBuf::from(CONTENT_DIR));
                diags.push(Diagnostic::error(
                    file,
                    format!("cannot read this folder: {e}"),
                ));
            }
        }
    }
    files.sort_unstable_by(|a, b| fsutil::path_order(a, b));
    let results = reader.read_all(&files, &|path| read_page(root, &dir, path).map(Arc::new));
    let mut loaded = Loaded::default();
    for (r, path) in results.into_iter().zip(&files) {
        match r {
            Ok(p) => loaded.pages.push(p),
            Err(d) => {
                diags.push(d);
                loaded
                    .unreadable
                    .push(path.strip_prefix(&dir).unwrap_or(path).to_path_buf());
            }
        }
    }
    loaded
}

/// True for a Markdown file's name that is not hidden.
fn is_page_name(name: &[u8]) -> bool {
    name.ends_with(b".md") && !name.starts_with(b".")
}

/// What `load` found.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Shared, so that a serve session and the model hold one copy.
    pub pages: Vec<Arc<SourcePage>>,
    /// Files with errors of their own (content-relative).
    pub unreadable: Vec<PathBuf>,
}

/// Reads and parses one page.
pub fn read_page(root: &Path, content_dir: &Path, path: &Path) -> Result<SourcePage, Diagnostic> {
    let file = fsutil::relative(root, path);
    let text = fsutil::read_text(path, &file)?;
    let split = frontmatter::split(&text, &file)?;
    let front: FrontMatter = if split.yaml.trim().is_empty() {
        FrontMatter::default()
    } else {
        yaml::parse(split.yaml, &file, split.yaml_line)?
    };
    let rel = path.strip_prefix(content_dir).unwrap_or(path).to_path_buf();
    let page = SourcePage {
        file: file.clone(),
        rel,
        front_text: split.yaml.to_string(),
        body: split.body.to_string(),
        body_line: split.body_line,
        front,
    };
    match page.front.title.as_deref() {
        Some(t) if !t.trim().is_empty() => Ok(page),
        _ => Err(Diagnostic::error(file, "the page has no title")
            .at_line(page.line_of("title", None).unwrap_or(1))
            .field("title")
            .hint("add a line such as `title: How matching works` to the front matter")),
    }
}
