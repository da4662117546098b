//! Tera set up with the theme's templates, and Tera's errors turned into
//! diagnostics that name the template file and line.

use std::collections::HashMap;
use std::path::PathBuf;

use tera::{Context, ErrorKind, Tera};

use crate::diagnostics::Diagnostic;
use crate::theme::{Origin, Theme};

/// Compiled templates, plus where each came from.
pub struct Templates {
    tera: Tera,
    origins: HashMap<String, PathBuf>,
    /// Per template, a hash of its text and of every template that others
    /// include or extend: what a page's output depends on besides its values.
    fingerprints: HashMap<String, u64>,
}

/// A template named in another one (in quotes, as `extends`, `include` and
/// `import` name them) is shared: a change to it may change any page. The
/// test is by text, so it can only err towards rendering more.
fn fingerprints(sources: &[(String, String)]) -> HashMap<String, u64> {
    let mut shared: Vec<&(String, String)> = sources
        .iter()
        .filter(|(name, _)| {
            let quoted = [format!("\"{name}\""), format!("'{name}'")];
            sources
                .iter()
                .any(|(other, text)| other != name && quoted.iter().any(|q| text.contains(q)))
        })
        .collect();
    shared.sort();
    let shared = crate::hash::of_value(&shared);
    sources
        .iter()
        .map(|(name, text)| (name.clone(), crate::hash::of_value(&(shared, text))))
        .collect()
}

impl Templates {
    /// Compiles every template of the theme once.
    pub fn compile(theme: &Theme) -> Result<Templates, Diagnostic> {
        let mut origins = HashMap::new();
        let mut sources = Vec::new();
        for (name, file) in &theme.templates {
            origins.insert(name.clone(), file.origin.shown_as(name, "templates"));
            let text = String::from_utf8(file.bytes.clone()).map_err(|_| {
                Diagnostic::error(
                    file.origin.shown_as(name, "templates"),
                    "the template is not UTF-8 text",
                )
                .hint("save it as UTF-8")
            })?;
            sources.push((name.clone(), text));
        }
        let fingerprints = fingerprints(&sources);
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        let mut templates = Templates {
            tera,
            origins,
            fingerprints,
        };
        templates
            .tera
            .add_raw_templates(sources)
            .map_err(|e| templates.diagnostic(&e, None))?;
        Ok(templates)
    }

    /// Values every template sees, set once rather than per page.
    pub fn globals(&mut self) -> &mut Context {
        self.tera.global_context()
    }

    /// Renders `name` with `ctx`.
    pub fn render(&self, name: &str, ctx: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, ctx)
            .map_err(|e| self.diagnostic(&e, Some(name)))
    }

    /// Changes whenever an edit to the theme could change what `name` renders.
    pub fn fingerprint(&self, name: &str) -> u64 {
        self.fingerprints.get(name).copied().unwrap_or_default()
    }

    /// True when the theme has a template of that name.
    pub fn has(&self, name: &str) -> bool {
        self.origins.contains_key(name)
    }

    fn shown(&self, name: &str) -> PathBuf {
        self.origins
            .get(name)
            .cloned()
            .unwrap_or_else(|| Origin::BuiltIn.shown_as(name, "templates"))
    }

    fn diagnostic(&self, e: &tera::Error, rendering: Option<&str>) -> Diagnostic {
        match e.kind() {
            ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
                let what = if matches!(e.kind(), ErrorKind::SyntaxError(_)) {
                    "template syntax error"
                } else {
                    "template error"
                };
                let mut d =
                    Diagnostic::error(self.shown(r.filename()), format!("{what}: {}", r.message()))
                        .at_line(r.span().start_line);
                if let Some(page) = rendering.filter(|p| *p != r.filename()) {
                    d = d.hint(format!("while rendering {page}"));
                }
                d
            }
            ErrorKind::MissingParent { current, parent } => Diagnostic::error(
                self.shown(current),
                format!("the template extends `{parent}`, which does not exist"),
            )
            .hint("check the name in `{% extends \"...\" %}`"),
            ErrorKind::TemplateNotFound(name) => Diagnostic::error(
                self.shown(rendering.unwrap_or(name)),
                format!("the template `{name}` does not exist"),
            ),
            _ => Diagnostic::error(
                self.shown(rendering.unwrap_or("templates")),
                format!("template error: {e}"),
            ),
        }
    }
}
