//! Addresses: two things written to one URL, and redirects from old URLs
//! that must not overwrite a page.

use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

use super::build::Placed;
use super::{Alias, Section, directory, urls};
use crate::data::Data;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Two things written to one URL is an error naming both files.
pub(super) fn check_collisions(
    placed: &[Placed],
    sections: &[Section],
    data: &Data,
    directory: &directory::Directory,
    search: bool,
    errors: &mut Diagnostics,
) {
    let mut owners: FxHashMap<String, PathBuf> =
        FxHashMap::with_capacity_and_hasher(placed.len() + sections.len(), Default::default());
    owners.insert(urls::THEMES.into(), "(the themes index)".into());
    for t in &data.themes {
        owners.insert(
            urls::theme_url(&t.slug),
            format!("(the theme page for `{}`)", t.slug).into(),
        );
    }
    let mut generated = generated_urls(data);
    generated.extend(directory.urls());
    if search {
        generated.push((
            urls::SEARCH_URL.to_string(),
            "(the search page; set `search: false` in site.yaml to use the address)".to_string(),
        ));
    }
    for (url, owner) in &generated {
        owners.insert(url.clone(), owner.into());
    }
    for s in sections {
        if let Some(f) = &s.file {
            if let Some((_, owner)) = generated.iter().find(|(u, _)| *u == s.url) {
                errors.push(
                    Diagnostic::error(
                        f,
                        format!("this section's URL {} is already used by {owner}", s.url),
                    )
                    .at_line(1)
                    .hint("rename the folder: that address is made from the data files"),
                );
            }
            owners.insert(s.url.clone(), f.clone());
        }
    }
    for p in placed {
        if let Some(other) = owners.get(&p.url) {
            errors.push(
                Diagnostic::error(
                    &p.src.file,
                    format!(
                        "this page's URL {} is already used by {}",
                        p.url,
                        other.display()
                    ),
                )
                .at_line(p.src.line_of("slug", None).unwrap_or(1))
                .hint("give one of them a different file name or `slug:`"),
            );
        } else {
            owners.insert(p.url.clone(), p.src.file.clone());
        }
    }
}

/// The pages made from data files, with what makes each, for collision messages.
fn generated_urls(data: &Data) -> Vec<(String, String)> {
    let mut urls = Vec::new();
    for c in &data.cohorts {
        urls.push((
            urls::cohort_url(&c.id),
            format!("(the page for cohort `{}`)", c.id),
        ));
        let y = c.cohort.year;
        urls.push((
            urls::evaluation_url(y),
            format!("(the {y} evaluation page)"),
        ));
        urls.push((urls::EVALUATIONS.into(), "(the evaluations page)".into()));
    }
    for w in data.cpd.iter().flat_map(|c| &c.catalogue.workshops) {
        urls.push((
            urls::workshop_url(&w.id),
            format!("(the page for workshop `{}`)", w.id),
        ));
        urls.push((urls::CPD.into(), "(the CPD catalogue)".into()));
    }
    urls
}

/// Redirect pages, refusing any that would overwrite a page.
pub(super) fn collect_aliases(
    placed: &[&Placed],
    sections: &[Section],
    errors: &mut Diagnostics,
) -> Vec<Alias> {
    let taken: FxHashMap<&str, &Path> = placed
        .iter()
        .map(|p| (p.url.as_str(), p.src.file.as_path()))
        .chain(sections.iter().map(|s| {
            (
                s.url.as_str(),
                s.file.as_deref().unwrap_or(Path::new("(a section)")),
            )
        }))
        .collect();
    let mut seen: FxHashMap<String, PathBuf> = FxHashMap::default();
    let mut aliases = Vec::new();
    for p in placed {
        for a in &p.src.front.aliases {
            let line = p.src.line_of("aliases", Some(a.trim()));
            let url = match urls::alias_url(a) {
                Ok(url) => url,
                Err(why) => {
                    errors.push(
                        Diagnostic::error(&p.src.file, why)
                            .at_line(line)
                            .field("aliases")
                            .hint("write the old address from the site's root, such as /stories/old-name/"),
                    );
                    continue;
                }
            };
            if let Some(owner) = taken.get(url.as_str()) {
                errors.push(
                    Diagnostic::error(
                        &p.src.file,
                        format!(
                            "the alias {url} would replace the page from {}",
                            owner.display()
                        ),
                    )
                    .at_line(line)
                    .field("aliases"),
                );
            } else if let Some(other) = seen.get(&url) {
                errors.push(
                    Diagnostic::error(
                        &p.src.file,
                        format!("the alias {url} is also claimed by {}", other.display()),
                    )
                    .at_line(line)
                    .field("aliases"),
                );
            } else {
                seen.insert(url.clone(), p.src.file.clone());
                aliases.push(Alias {
                    url,
                    target: p.url.clone(),
                    file: p.src.file.clone(),
                });
            }
        }
    }
    aliases.sort_by(|a, b| a.url.cmp(&b.url));
    aliases
}
