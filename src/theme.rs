//! The theme: templates and assets compiled into the binary, each
//! replaceable by a file of the same name in the site's `themes/<name>/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::fsutil;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}
pub use embedded::INIT_FILES;

/// The theme every site gets without a `themes/` folder.
pub const BUILT_IN: &str = "default";

/// Where a theme file came from, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    Site(PathBuf),
}

impl Origin {
    /// How to name this file to a user.
    pub fn shown_as(&self, name: &str, dir: &str) -> PathBuf {
        match self {
            Origin::BuiltIn => PathBuf::from(format!("(built-in theme) {dir}/{name}")),
            Origin::Site(p) => p.clone(),
        }
    }
}

/// A theme file's bytes and origin.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    pub origin: Origin,
    pub bytes: Vec<u8>,
}

/// The resolved theme: every template and asset, site files winning.
#[derive(Debug, Default)]
pub struct Theme {
    /// By template name (`page.html`, `partials/nav.html`).
    pub templates: BTreeMap<String, ThemeFile>,
    /// By output path (`css/site.css`).
    pub assets: BTreeMap<String, ThemeFile>,
}

/// Resolves `name`: the built-in files, overlaid by `themes/<name>/` in the
/// site. Links in the site's theme folder are skipped with a warning.
pub fn load(
    root: &Path,
    name: &str,
    settings_text_line: Option<usize>,
    diags: &mut Diagnostics,
) -> Result<Theme, Diagnostic> {
    let site_dir = root.join("themes").join(name);
    if name != BUILT_IN && !site_dir.is_dir() {
        let mut available = vec![BUILT_IN.to_string()];
        if let Ok(entries) = std::fs::read_dir(root.join("themes")) {
            let mut names: Vec<String> = entries
                .filter_map(Result::ok)
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            available.extend(names.into_iter().filter(|n| n != BUILT_IN));
        }
        return Err(Diagnostic::error(
            crate::config::SETTINGS_FILE,
            format!("the theme `{name}` does not exist: there is no folder themes/{name}/"),
        )
        .at_line(settings_text_line)
        .field("theme")
        .hint(format!(
            "the themes available are: {}",
            available.join(", ")
        )));
    }
    let mut theme = Theme::default();
    for (path, bytes) in embedded::THEME_FILES {
        let file = ThemeFile {
            origin: Origin::BuiltIn,
            bytes: bytes.to_vec(),
        };
        if let Some(t) = path.strip_prefix("templates/") {
            theme.templates.insert(t.to_string(), file);
        } else if let Some(s) = path.strip_prefix("static/") {
            theme.assets.insert(s.to_string(), file);
        }
    }
    // A theme that fails to load reports its error alone, without the
    // links skipped on the way.
    let mut skipped = Diagnostics::default();
    overlay(
        root,
        &site_dir.join("templates"),
        &mut theme.templates,
        &mut skipped,
    )?;
    overlay(
        root,
        &site_dir.join("static"),
        &mut theme.assets,
        &mut skipped,
    )?;
    diags.extend(skipped);
    Ok(theme)
}

fn overlay(
    root: &Path,
    dir: &Path,
    into: &mut BTreeMap<String, ThemeFile>,
    diags: &mut Diagnostics,
) -> Result<(), Diagnostic> {
    if !dir.is_dir() {
        return Ok(());
    }
    if let Some(w) = crate::symlinks::refuse(root, dir) {
        diags.push(w);
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            Diagnostic::error(
                fsutil::relative(root, dir),
                format!("cannot read the theme folder: {e}"),
            )
        })?;
        if entry.path_is_symlink() {
            if let Some(w) = crate::symlinks::refuse_link(root, entry.path()) {
                diags.push(w);
                continue;
            }
            if !entry.path().is_file() {
                continue;
            }
        } else if !entry.file_type().is_file() {
            continue;
        }
        let shown = fsutil::relative(root, entry.path());
        let bytes = std::fs::read(entry.path()).map_err(|e| {
            Diagnostic::error(
                &shown,
                format!("cannot read the file: {}", fsutil::io_reason(&e)),
            )
        })?;
        let name = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        into.insert(
            name,
            ThemeFile {
                origin: Origin::Site(shown),
                bytes,
            },
        );
    }
    Ok(())
}
