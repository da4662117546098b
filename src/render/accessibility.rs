//! The generated accessibility statement: the owner's facts from
//! `site.yaml` (status, dates, contact, enforcement, known problems), in the
//! order of the UK public sector model statement, and of testing only what
//! this site's own build checked.

use std::path::Path;

use serde::Serialize;

use crate::config::{Compliance, SETTINGS_FILE};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Site, urls};
use crate::yaml;

/// What `accessibility.html` sees as `statement`.
#[derive(Serialize)]
pub struct StatementView {
    /// `fully`, `partially` or `not`, or none when the owner has not said.
    pub status: Option<Compliance>,
    /// The compliance sentence, such as "This website is partially compliant
    /// with the Web Content Accessibility Guidelines version 2.2 AA standard".
    pub compliance: Option<String>,
    /// `{iso, human}` dates, or none.
    pub prepared: Option<DateView>,
    pub reviewed: Option<DateView>,
    /// Where to report problems (an email address makes a mailto link).
    pub contact: Option<String>,
    pub contact_is_email: bool,
    /// The enforcement paragraph, when the site gives its own.
    pub enforcement: Option<String>,
    pub issues: Vec<String>,
    /// What every build of this site checks on every page, in words.
    pub checks: Vec<&'static str>,
}

/// A date as the template prints it.
#[derive(Serialize)]
pub struct DateView {
    pub iso: String,
    pub human: String,
}

/// The checks casebook's audit makes on every page of every build
/// (`crate::audit`): the statement may claim these and nothing more.
pub const CHECKS: [&str; 6] = [
    "every link and image leads to a page or file of this website, and every link to a place on a page finds it",
    "every page has exactly one main heading, and no heading level is skipped",
    "every image has a text description, or is marked as decoration",
    "no link text is vague (such as \"click here\") or a bare web address",
    "every data table has header cells",
    "every chart has a text description",
];

impl StatementView {
    /// The statement's values for `site`.
    pub fn new(site: &Site) -> StatementView {
        let a = &site.settings.accessibility;
        let date = |d: Option<crate::date::Date>| {
            d.map(|d| DateView {
                iso: d.iso(),
                human: d.human(),
            })
        };
        let contact = a
            .contact
            .clone()
            .or_else(|| site.settings.contact_email.clone());
        StatementView {
            status: a.status,
            compliance: a.status.map(|s| {
                let word = match s {
                    Compliance::Fully => "fully compliant",
                    Compliance::Partially => "partially compliant",
                    Compliance::Not => "not compliant",
                };
                format!(
                    "This website is {word} with the Web Content Accessibility Guidelines version 2.2 AA standard"
                )
            }),
            prepared: date(a.prepared),
            reviewed: date(a.reviewed.or(a.prepared)),
            contact_is_email: contact
                .as_deref()
                .is_some_and(|c| c.contains('@') && !c.contains(char::is_whitespace)),
            contact,
            enforcement: a.enforcement.clone(),
            issues: a.issues.clone(),
            checks: CHECKS.to_vec(),
        }
    }
}

/// True unless the site writes its own page at `/accessibility/`.
pub fn generated(site: &Site) -> bool {
    !site.pages.iter().any(|p| p.url == urls::ACCESSIBILITY)
}

/// One warning naming the facts the model statement needs that `site.yaml`
/// does not give, when the statement is generated.
pub fn check(site: &Site, root: &Path, diags: &mut Diagnostics) {
    if !generated(site) {
        return;
    }
    let a = &site.settings.accessibility;
    if a.status.is_some() && a.prepared.is_some() {
        return;
    }
    let text = std::fs::read_to_string(root.join(SETTINGS_FILE)).unwrap_or_default();
    let line = yaml::locate(&text, 1, "accessibility", None);
    let missing: Vec<&str> = [
        (a.status.is_none(), "no compliance status"),
        (a.prepared.is_none(), "no date it was prepared"),
    ]
    .into_iter()
    .filter_map(|(gone, what)| gone.then_some(what))
    .collect();
    let field = if a.status.is_none() {
        "accessibility.status"
    } else {
        "accessibility.prepared"
    };
    diags.push(
        Diagnostic::warning(
            SETTINGS_FILE,
            format!(
                "the accessibility statement at {} has {}",
                urls::ACCESSIBILITY,
                missing.join(" and ")
            ),
        )
        .at_line(line)
        .field(field)
        .hint(
            "add to site.yaml `accessibility:` with, indented below it, `status:` (fully, partially or not: how far the site meets WCAG 2.2 AA, as you have assessed it) and `prepared:` (the date, such as 2025-01-31); see the README's site.yaml section",
        ),
    );
}
