//! Shortcodes: callouts, figures, videos and pull quotes, written in a
//! page's Markdown as `{{< name key="value" >}}` on a line of their own
//! (with `{{< /name >}}` after the Markdown of those that hold some).
//!
//! Each is expanded before the Markdown is rendered, into HTML from the
//! theme's `shortcodes/<name>.html` template (so a site's theme can
//! override it), every value escaped. The HTML takes exactly the lines the
//! tag took, so every later message keeps its line number: each line
//! starts with an empty comment, which ends the HTML block there, so the
//! Markdown after it is Markdown again without a blank line.

pub mod syntax;

use std::path::Path;
use std::sync::Arc;

use tera::{Context, Tera};

use crate::content::{Loaded, SourcePage};
use crate::diagnostics::{Diagnostic, Diagnostics, nearest};
use crate::theme::Theme;
use syntax::Tag;

/// What a shortcode accepts.
struct Spec {
    name: &'static str,
    /// Holds Markdown between its tags.
    body: bool,
    required: &'static [&'static str],
    optional: &'static [&'static str],
}

const SPECS: [Spec; 4] = [
    Spec {
        name: "callout",
        body: true,
        required: &[],
        optional: &["kind", "title"],
    },
    Spec {
        name: "figure",
        body: false,
        required: &["src"],
        optional: &["alt", "caption", "credit"],
    },
    Spec {
        name: "video",
        body: false,
        required: &["title", "transcript"],
        optional: &["youtube", "vimeo", "poster"],
    },
    Spec {
        name: "pullquote",
        body: true,
        required: &[],
        optional: &["by"],
    },
];

/// The kinds of callout, and the label each shows.
const CALLOUT_KINDS: [(&str, &str); 3] = [
    ("note", "Note"),
    ("warning", "Warning"),
    ("key-fact", "Key fact"),
];

/// Stands for the body in a template's output, which is cut in two there.
const BODY: &str = "\u{E000}casebook-shortcode-body\u{E000}";

/// Expands the shortcodes of every page in `loaded`; a page without any
/// is kept as it is (the same `Arc`, so a serve session reuses its render).
/// `base_path` (`/mentoring/`) goes before addresses that start with `/`.
pub fn expand_pages(
    mut loaded: Loaded,
    theme: &Theme,
    base_path: &str,
    diags: &mut Diagnostics,
) -> Loaded {
    if !loaded.pages.iter().any(|p| p.body.contains("{{<")) {
        return loaded;
    }
    let tera = match templates(theme) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return loaded;
        }
    };
    for page in loaded.pages.iter_mut() {
        if !page.body.contains("{{<") {
            continue;
        }
        let body = expand(
            &page.body,
            &page.file,
            page.body_line,
            &tera,
            base_path,
            diags,
        );
        *page = Arc::new(SourcePage {
            body,
            ..SourcePage::clone(page)
        });
    }
    loaded
}

/// The theme's shortcode templates, compiled.
fn templates(theme: &Theme) -> Result<Tera, Diagnostic> {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html"]);
    let sources: Vec<(String, String)> = theme
        .templates
        .iter()
        .filter(|(name, _)| name.starts_with("shortcodes/"))
        .map(|(name, file)| {
            (
                name.clone(),
                String::from_utf8_lossy(&file.bytes).into_owned(),
            )
        })
        .collect();
    tera.add_raw_templates(sources).map_err(|e| {
        Diagnostic::error(
            "themes",
            format!("a shortcode template cannot be read: {e}"),
        )
    })?;
    Ok(tera)
}

/// An open body shortcode: its name, line and the HTML that closes it.
struct Open {
    name: String,
    line: usize,
    close: String,
}

/// `text` (starting at line `first_line` of `file`) with its shortcodes expanded.
pub fn expand(
    text: &str,
    file: &Path,
    first_line: usize,
    tera: &Tera,
    base_path: &str,
    diags: &mut Diagnostics,
) -> String {
    let mut out = String::with_capacity(text.len() + 512);
    let mut fence: Option<String> = None;
    let mut open: Option<Open> = None;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let number = first_line + i;
        let trimmed = line.trim_start();
        let marker: String = trimmed
            .chars()
            .take_while(|&c| c == '`' || c == '~')
            .collect();
        if marker.len() >= 3 {
            match &fence {
                Some(f) if marker.starts_with(f.as_str()) => fence = None,
                None => fence = Some(marker),
                _ => {}
            }
        }
        let tag = if fence.is_some() {
            None
        } else {
            syntax::parse(line)
        };
        let Some(tag) = tag else {
            out.push_str(line);
            continue;
        };
        let newline = if line.ends_with('\n') { "\n" } else { "" };
        let indent = &line[..line.len() - trimmed.len()];
        let error = |message: String| Diagnostic::error(file, message).at_line(number);
        let html = match tag {
            Err(reason) => Err(error(reason).hint(
                "for example: {{< callout kind=\"note\" >}}, Markdown, then {{< /callout >}}",
            )),
            Ok(Tag::Close { name }) => {
                match open.take() {
                    Some(o) if o.name == name => Ok(o.close),
                    Some(o) => {
                        let message = format!(
                            "`{{{{< /{name} >}}}}` closes nothing: the `{}` opened on line {} is still open",
                            o.name, o.line
                        );
                        open = Some(o);
                        Err(error(message))
                    }
                    None => Err(error(format!("`{{{{< /{name} >}}}}` closes nothing")).hint(
                        format!("remove it, or open it first with {{{{< {name} >}}}}"),
                    )),
                }
            }
            Ok(Tag::Open { name, params }) => {
                let nested = open.as_ref().map(|o| (o.name.clone(), o.line));
                match open_tag(&name, &params, number, file, tera, base_path, diags) {
                    Err(d) => Err(d),
                    Ok((html, None)) => Ok(html),
                    Ok((_, Some(_))) if nested.is_some() => {
                        let (n, l) = nested.unwrap_or_default();
                        Err(error(format!(
                            "`{name}` cannot go inside the `{n}` opened on line {l}"
                        ))
                        .hint(format!("close it first with {{{{< /{n} >}}}}")))
                    }
                    Ok((html, Some(close))) => {
                        open = Some(Open {
                            name,
                            line: number,
                            close,
                        });
                        Ok(html)
                    }
                }
            }
        };
        match html {
            Ok(html) => {
                out.push_str(indent);
                out.push_str("<!---->");
                out.push_str(&html.replace(['\n', '\r'], " "));
                out.push_str(newline);
            }
            Err(d) => {
                diags.push(d);
                out.push_str(newline);
            }
        }
    }
    if let Some(o) = open {
        diags.push(
            Diagnostic::error(
                file,
                format!("the `{}` opened here is never closed", o.name),
            )
            .at_line(o.line)
            .hint(format!(
                "add {{{{< /{} >}}}} on a line of its own after its text",
                o.name
            )),
        );
        out.push_str("\n<!---->");
        out.push_str(&o.close);
        out.push('\n');
    }
    out
}

/// The HTML of an opening tag, and of its closing tag for a body shortcode.
fn open_tag(
    name: &str,
    params: &[(String, String)],
    line: usize,
    file: &Path,
    tera: &Tera,
    base_path: &str,
    diags: &mut Diagnostics,
) -> Result<(String, Option<String>), Diagnostic> {
    let error = |message: String| Diagnostic::error(file, message).at_line(line);
    let Some(spec) = SPECS.iter().find(|s| s.name == name) else {
        let names = SPECS.iter().map(|s| s.name);
        let mut d = error(format!("there is no shortcode `{name}`"));
        d = match nearest(name, names) {
            Some(n) => d.hint(format!("did you mean `{n}`?")),
            None => d.hint(format!(
                "the shortcodes are: {}",
                SPECS.map(|s| s.name).join(", ")
            )),
        };
        return Err(d);
    };
    let known: Vec<&str> = spec.required.iter().chain(spec.optional).copied().collect();
    for (key, _) in params {
        if !known.contains(&key.as_str()) {
            let mut d = error(format!("`{name}` has no setting `{key}`"));
            d = match nearest(key, known.iter().copied()) {
                Some(k) => d.hint(format!("did you mean `{k}`?")),
                None => d.hint(format!("its settings are: {}", known.join(", "))),
            };
            return Err(d);
        }
    }
    let get = |key: &str| {
        params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    for key in spec.required {
        if get(key).is_none_or(|v| v.trim().is_empty()) {
            return Err(error(format!("`{name}` needs `{key}`")).hint(needs_hint(name, key)));
        }
    }
    let mut ctx = Context::new();
    // Templates may test any setting; one not given is empty.
    for key in &known {
        ctx.insert(*key, "");
    }
    for (key, value) in params {
        ctx.insert(key.clone(), value);
    }
    let address = |v: &str| match v.strip_prefix('/') {
        Some(rest) if !rest.starts_with('/') => format!("{base_path}{rest}"),
        _ => v.to_string(),
    };
    match name {
        "callout" => {
            let kind = get("kind").unwrap_or("note");
            let Some((_, label)) = CALLOUT_KINDS.iter().find(|(k, _)| *k == kind) else {
                let kinds = CALLOUT_KINDS.map(|(k, _)| k);
                let hint = match nearest(kind, kinds) {
                    Some(k) => format!("did you mean `{k}`?"),
                    None => format!("the kinds are: {}", kinds.join(", ")),
                };
                return Err(error(format!("a callout cannot be of kind `{kind}`")).hint(hint));
            };
            ctx.insert("kind", kind);
            ctx.insert("label", get("title").unwrap_or(label));
        }
        "figure" => {
            ctx.insert("src", &address(get("src").unwrap_or_default()));
            if get("alt").is_none() {
                diags.push(
                    Diagnostic::warning(file, "the figure has no description (alt text)")
                        .at_line(line)
                        .hint("describe what it shows: alt=\"A diagram of the four stages\"; for a purely decorative picture write alt=\"\""),
                );
            }
            if get("caption").is_none_or(|c| c.trim().is_empty()) {
                diags.push(
                    Diagnostic::warning(file, "the figure has no caption")
                        .at_line(line)
                        .hint("add caption=\"…\", or use a plain image: ![description](/path.jpg)"),
                );
            }
            ctx.insert("alt", get("alt").unwrap_or_default());
        }
        "video" => {
            let (host, id) = match (get("youtube"), get("vimeo")) {
                (Some(id), None) => ("youtube", id),
                (None, Some(id)) => ("vimeo", id),
                _ => {
                    return Err(error(
                        "a video needs exactly one of `youtube` or `vimeo`".to_string(),
                    )
                    .hint("give the video's id: youtube=\"dQw4w9WgXcQ\""));
                }
            };
            if id.is_empty()
                || !id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                return Err(error(format!("`{id}` is not a {host} video id")).hint(
                    "give the id alone, as in youtube=\"dQw4w9WgXcQ\", not the whole address",
                ));
            }
            let url = match host {
                "youtube" => format!("https://www.youtube-nocookie.com/embed/{id}?autoplay=1"),
                _ => format!("https://player.vimeo.com/video/{id}?dnt=1&autoplay=1"),
            };
            ctx.insert("url", &url);
            ctx.insert(
                "host",
                if host == "youtube" {
                    "YouTube"
                } else {
                    "Vimeo"
                },
            );
            ctx.insert(
                "transcript",
                &address(get("transcript").unwrap_or_default()),
            );
            if let Some(p) = get("poster") {
                ctx.insert("poster", &address(p));
            }
        }
        _ => {}
    }
    if spec.body {
        ctx.insert("body", BODY);
    }
    let template = format!("shortcodes/{name}.html");
    let html = tera.render(&template, &ctx).map_err(|e| {
        let mut reason = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            reason.push_str(&format!(": {s}"));
            source = s.source();
        }
        error(format!("the template {template} failed: {reason}"))
    })?;
    if !spec.body {
        return Ok((html, None));
    }
    match html.split_once(BODY) {
        Some((open, close)) if !close.contains(BODY) => {
            Ok((open.to_string(), Some(close.to_string())))
        }
        _ => Err(error(format!(
            "the template {template} must show {{{{ body | safe }}}} exactly once"
        ))),
    }
}

fn needs_hint(name: &str, key: &str) -> String {
    match (name, key) {
        ("video", "transcript") => "link to a page with the video's words and what it shows, for people who cannot watch or hear it: transcript=\"/guidance/video-transcript/\"".into(),
        ("video", "title") => "say what the video is, for its link: title=\"How mentoring works\"".into(),
        ("figure", "src") => "give the picture's address under static/: src=\"/images/diagram.png\"".into(),
        _ => format!("add {key}=\"…\""),
    }
}
