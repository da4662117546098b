//! Sections: the home page, every `_index.md` folder and the case-study
//! list, with their pages and subsections in display order.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::build::Placed;
use super::{Body, Page, Section, case_study, urls};
use crate::config::Settings;
use crate::content::SourcePage;
use crate::content::frontmatter::SortBy;

/// The sections: the home page first, then every `_index.md` folder, and the
/// case-study list even when its folder has no `_index.md`.
pub(super) fn place_sections(
    indexes: &[&Arc<SourcePage>],
    pages: &[Placed],
    settings: &Settings,
) -> Vec<Section> {
    let mut by_dir: BTreeMap<PathBuf, Section> = BTreeMap::new();
    let blank = |dir: PathBuf, title: String| Section {
        url: urls::section_url(&dir),
        dir,
        file: None,
        title,
        summary: String::new(),
        weight: None,
        sort_by: SortBy::Weight,
        share_image: None,
        body: Body::default(),
        pages: Vec::new(),
        subsections: Vec::new(),
        parent: None,
    };
    by_dir.insert(
        PathBuf::new(),
        blank(PathBuf::new(), settings.title.clone()),
    );
    if pages.iter().any(|p| p.case_study.is_some()) {
        let dir = PathBuf::from(case_study::CASE_STUDY_DIR);
        let mut s = blank(dir.clone(), "Case studies".into());
        s.sort_by = SortBy::Date;
        by_dir.insert(dir, s);
    }
    for src in indexes {
        let dir = src.rel.parent().unwrap_or(Path::new("")).to_path_buf();
        let fm = &src.front;
        let s = by_dir
            .entry(dir.clone())
            .or_insert_with(|| blank(dir, String::new()));
        s.file = Some(src.file.clone());
        s.title = fm.title.clone().unwrap_or_default();
        s.summary = fm.summary.clone().unwrap_or_default();
        s.weight = fm.weight;
        s.share_image = fm.share_image.clone();
        if let Some(sort) = fm.sort_by {
            s.sort_by = sort;
        }
    }
    by_dir.into_values().collect()
}

/// The index of the deepest section containing `dir`.
pub(super) fn nearest_section(sections: &[Section], dir: &Path) -> usize {
    sections
        .iter()
        .enumerate()
        .filter(|(_, s)| dir.starts_with(&s.dir))
        .max_by_key(|(_, s)| s.dir.components().count())
        .map(|(i, _)| i)
        .unwrap_or(0)
}

/// Fills each section's pages and subsections, in display order.
pub(super) fn order_sections(sections: &mut [Section], pages: &[Arc<Page>]) {
    for (i, p) in pages.iter().enumerate() {
        sections[p.section].pages.push(i);
    }
    for i in 1..sections.len() {
        let parent_dir = sections[i]
            .dir
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();
        let parent = nearest_section(&sections[..i], &parent_dir);
        sections[i].parent = Some(parent);
        sections[parent].subsections.push(i);
    }
    let weights: Vec<(Option<i64>, String)> = sections
        .iter()
        .map(|s| (s.weight, s.title.clone()))
        .collect();
    for s in sections.iter_mut() {
        let sort = s.sort_by;
        s.pages.sort_by(|&a, &b| match sort {
            SortBy::Weight => by_weight(
                (pages[a].weight, &pages[a].title),
                (pages[b].weight, &pages[b].title),
            ),
            SortBy::Date => newest_first(&pages[a], &pages[b]),
            SortBy::Title => pages[a]
                .title
                .cmp(&pages[b].title)
                .then_with(|| pages[a].url.cmp(&pages[b].url)),
        });
        s.subsections.sort_by(|&a, &b| {
            by_weight((weights[a].0, &weights[a].1), (weights[b].0, &weights[b].1))
        });
    }
}

/// Weighted items first, lightest first; then by title.
fn by_weight(a: (Option<i64>, &String), b: (Option<i64>, &String)) -> std::cmp::Ordering {
    let key = |w: Option<i64>| (w.is_none(), w.unwrap_or(0));
    key(a.0).cmp(&key(b.0)).then_with(|| a.1.cmp(b.1))
}

/// Newest first; then by title and URL.
pub(super) fn newest_first(a: &Page, b: &Page) -> std::cmp::Ordering {
    b.date
        .cmp(&a.date)
        .then_with(|| a.title.cmp(&b.title))
        .then_with(|| a.url.cmp(&b.url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weight_orders_before_title_and_unweighted_last() {
        let (a, b, c) = ("A".to_string(), "B".to_string(), "C".to_string());
        let mut v = [(None, &a), (Some(2), &b), (Some(1), &c)];
        v.sort_by(|x, y| by_weight(*x, *y));
        assert_eq!(v.map(|x| x.1.as_str()), ["C", "B", "A"]);
    }
}
