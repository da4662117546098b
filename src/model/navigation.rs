//! The site's main navigation.

use super::{NavItem, Section, urls};
use crate::data::Data;

/// The main navigation: top-level sections by weight, then the themes,
/// evaluations, CPD workshops and mentor directory when there is something to show.
pub(super) fn navigation(
    sections: &[Section],
    data: &Data,
    has_case_studies: bool,
    has_evaluations: bool,
    has_workshops: bool,
    has_mentors: bool,
) -> Vec<NavItem> {
    let mut nav: Vec<NavItem> = sections[0]
        .subsections
        .iter()
        .map(|&i| NavItem {
            title: sections[i].title.clone(),
            url: sections[i].url.clone(),
        })
        .collect();
    if has_case_studies && !data.themes.is_empty() {
        nav.push(NavItem {
            title: "Themes".into(),
            url: urls::THEMES.into(),
        });
    }
    let mut add = |title: &str, url: &str| {
        // A section of the same address is already listed.
        if !nav.iter().any(|n| n.url == url) {
            nav.push(NavItem {
                title: title.into(),
                url: url.into(),
            });
        }
    };
    if has_evaluations {
        add("Evaluations", urls::EVALUATIONS);
    }
    if has_workshops {
        add("CPD workshops", urls::CPD);
    }
    if has_mentors {
        add("Find a mentor", urls::MENTORS);
    }
    nav
}
