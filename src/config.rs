//! `site.yaml`: the site's settings, every field with a default.

pub mod share_image;

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::date::Date;
use crate::diagnostics::Diagnostic;
use crate::yaml;

/// The settings file's name in a site directory.
pub const SETTINGS_FILE: &str = "site.yaml";

/// Settings as written in `site.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    pub title: String,
    pub base_url: String,
    pub language: String,
    pub description: String,
    pub theme: String,
    pub search: bool,
    pub feed: bool,
    pub anonymisation: Anonymisation,
    /// Who runs the programme, for the footer and the accessibility statement.
    pub organisation: Option<String>,
    /// Where readers write with questions or accessibility problems.
    pub contact_email: Option<String>,
    /// The picture link previews show for every page that names none of its own.
    pub share_image: Option<String>,
    /// The home page's call to apply.
    pub apply: Option<Apply>,
    /// Dates an applicant needs, shown on the home page until they pass.
    pub key_dates: Vec<KeyDate>,
    /// What the generated accessibility statement at `/accessibility/` says.
    pub accessibility: AccessibilityStatement,
    /// How images under `static/` are published (the images module).
    pub images: ImageSettings,
}

/// `images:` in `site.yaml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImageSettings {
    /// Paths under `static/` whose originals are published with their metadata.
    pub keep_metadata: Vec<String>,
}

/// The facts an accessibility statement must give that only the site's
/// owner knows, after the UK public sector model statement.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AccessibilityStatement {
    /// How far the site meets WCAG 2.2 AA, as its owner has assessed it.
    pub status: Option<Compliance>,
    /// When the statement was first prepared.
    pub prepared: Option<Date>,
    /// When it was last reviewed; `prepared` when absent.
    pub reviewed: Option<Date>,
    /// Where readers report problems; `contact_email` when absent.
    pub contact: Option<String>,
    /// Who enforces the regulations and how to complain; the UK's EHRC and
    /// EASS when absent.
    pub enforcement: Option<String>,
    /// Known problems, each one sentence: the statement's "non-accessible content".
    pub issues: Vec<String>,
}

/// A compliance status, in the model statement's three words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Compliance {
    Fully,
    Partially,
    Not,
}

/// Where and how to apply, for the home page.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Apply {
    /// The application form or the page about applying.
    pub url: String,
    /// The button's words; "Apply now" when absent.
    #[serde(default)]
    pub label: Option<String>,
    /// One sentence beside the button, such as when applications close.
    #[serde(default)]
    pub note: Option<String>,
}

/// One dated step of the application round.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyDate {
    pub date: crate::date::Date,
    /// What happens that day, such as "Applications close".
    pub label: String,
}

/// Where the register of real names is looked for when `site.yaml` names none.
pub const DEFAULT_REGISTER: &str = "data/private/names.txt";

/// Where the anonymisation register lives, and what it lets through.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Anonymisation {
    /// Relative to the site; [`DEFAULT_REGISTER`] when absent.
    pub register: Option<PathBuf>,
    /// Phrases the guard lets through although they match a name (a law
    /// named after someone, say); each build lists them in a warning.
    pub allow: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            title: "Mentoring programme".into(),
            base_url: "/".into(),
            language: "en".into(),
            description: String::new(),
            theme: "default".into(),
            search: true,
            feed: true,
            anonymisation: Anonymisation::default(),
            organisation: None,
            contact_email: None,
            accessibility: AccessibilityStatement::default(),
            share_image: None,
            images: ImageSettings::default(),
            apply: None,
            key_dates: Vec::new(),
        }
    }
}

/// `base_url` split into what links need: the origin for absolute URLs
/// (feeds, sitemap) and the path every in-site link starts with.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BaseUrl {
    /// `https://example.org`, or empty when the base URL is only a path.
    pub origin: String,
    /// `/mentoring/`: always starts and ends with `/`.
    pub path: String,
}

impl BaseUrl {
    /// Parses `https://example.org/mentoring` or `/mentoring/`.
    pub fn parse(raw: &str) -> Result<BaseUrl, String> {
        let raw = raw.trim();
        let (origin, path) = match raw.split_once("://") {
            Some((scheme, rest)) => {
                if scheme != "http" && scheme != "https" {
                    return Err(format!("`{raw}` must start with http:// or https://"));
                }
                let (host, path) = match rest.find('/') {
                    Some(i) => (&rest[..i], &rest[i..]),
                    None => (rest, "/"),
                };
                if host.is_empty() {
                    return Err(format!("`{raw}` has no host name"));
                }
                (format!("{scheme}://{host}"), path.to_string())
            }
            None if raw.is_empty() => (String::new(), "/".to_string()),
            None if raw.starts_with('/') => (String::new(), raw.to_string()),
            None => {
                return Err(format!(
                    "`{raw}` is neither a full URL (https://example.org/) nor a path (/mentoring/)"
                ));
            }
        };
        if path.contains(['?', '#', ' ']) {
            return Err(format!("`{raw}` must not contain `?`, `#` or spaces"));
        }
        let mut path = path;
        if !path.ends_with('/') {
            path.push('/');
        }
        Ok(BaseUrl { origin, path })
    }

    /// The link to a site path (`/case-studies/x/` → `/mentoring/case-studies/x/`).
    pub fn link(&self, site_path: &str) -> String {
        let rest = site_path.trim_start_matches('/');
        let mut link = String::with_capacity(self.path.len() + rest.len());
        link.push_str(&self.path);
        link.push_str(rest);
        link
    }

    /// The absolute URL of a site path, for feeds and the sitemap.
    pub fn absolute(&self, site_path: &str) -> String {
        let mut url = String::with_capacity(self.origin.len() + self.path.len() + site_path.len());
        self.push_absolute(&mut url, site_path);
        url
    }

    /// [`BaseUrl::absolute`], appended to `out`.
    pub fn push_absolute(&self, out: &mut String, site_path: &str) {
        out.push_str(&self.origin);
        out.push_str(&self.path);
        out.push_str(site_path.trim_start_matches('/'));
    }
}

/// Loads `site.yaml` from the site root, or the defaults when it is absent.
pub fn load(root: &Path) -> Result<Settings, Diagnostic> {
    let path = root.join(SETTINGS_FILE);
    let file = Path::new(SETTINGS_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Settings::default()),
        Err(e) => {
            return Err(Diagnostic::error(
                file,
                format!("cannot read the settings: {e}"),
            ));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if text.trim().is_empty() {
        return Ok(Settings::default());
    }
    let settings: Settings = yaml::parse(text, file, 1)?;
    if let Err(msg) = BaseUrl::parse(&settings.base_url) {
        return Err(Diagnostic::error(file, msg)
            .at_line(yaml::locate(text, 1, "base_url", None))
            .field("base_url")
            .hint("for example: base_url: https://example.org/mentoring/"));
    }
    if settings.language.trim().is_empty() {
        return Err(Diagnostic::error(file, "the language must not be empty")
            .at_line(yaml::locate(text, 1, "language", None))
            .field("language")
            .hint("for example: language: en-GB"));
    }
    if let Some(problem) = settings
        .share_image
        .as_deref()
        .and_then(share_image::image_problem)
    {
        return Err(Diagnostic::error(file, problem)
            .at_line(yaml::locate(text, 1, "share_image", None))
            .field("share_image")
            .hint(share_image::IMAGE_HINT));
    }
    if let Some(apply) = &settings.apply {
        let url = apply.url.trim();
        if !(url.starts_with('/') || url.starts_with("https://") || url.starts_with("http://")) {
            return Err(Diagnostic::error(
                file,
                format!("`{url}` is neither a site path nor a web address"),
            )
            .at_line(yaml::locate(text, 1, "url", None))
            .field("apply.url")
            .hint("write the form's full address, such as https://forms.example.org/apply, or a page of this site, such as /guidance/how-to-apply/"));
        }
    }
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_with_a_path() {
        let b = BaseUrl::parse("https://example.org/mentoring").unwrap();
        assert_eq!(b.origin, "https://example.org");
        assert_eq!(b.path, "/mentoring/");
        assert_eq!(b.link("/case-studies/a/"), "/mentoring/case-studies/a/");
        assert_eq!(b.absolute("/"), "https://example.org/mentoring/");
    }

    #[test]
    fn base_url_forms() {
        assert_eq!(BaseUrl::parse("https://example.org").unwrap().path, "/");
        assert_eq!(BaseUrl::parse("/sub").unwrap().link("/x/"), "/sub/x/");
        assert!(BaseUrl::parse("example.org").is_err());
        assert!(BaseUrl::parse("ftp://example.org").is_err());
    }

    #[test]
    fn missing_settings_give_defaults_and_typos_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()).unwrap().theme, "default");
        std::fs::write(dir.path().join(SETTINGS_FILE), "title: A\nbase_ur: /x/\n").unwrap();
        let e = load(dir.path()).unwrap_err();
        assert_eq!(e.line, Some(2));
        assert_eq!(e.hint.as_deref(), Some("did you mean `base_url`?"));
    }
}
