//! The search page and the header search box: what templates see.

use serde::Serialize;

use super::views::Link;
use crate::model::{Site, urls};
use crate::theme::Theme;

/// The header box's addresses, on `site.search` (none with `search: false`).
#[derive(Serialize, Clone)]
pub struct SearchAssets {
    /// The search page, where the form goes without JavaScript.
    pub url: String,
    /// The manifest `search_index.en.json`.
    pub index: String,
    /// The scripts and stylesheet, each versioned by its content.
    pub module: String,
    pub core: String,
    pub css: String,
}

/// The search page's own variables (`search`).
#[derive(Serialize)]
pub struct SearchPageView {
    /// The kinds a reader can filter by, in index order.
    pub kinds: Vec<KindView>,
    pub breadcrumbs: Vec<Link>,
}

/// One filter.
#[derive(Serialize)]
pub struct KindView {
    pub slug: &'static str,
    pub label: &'static str,
    pub plural: &'static str,
}

/// The addresses for `site.search`, when the site has search.
pub fn assets(site: &Site, theme: &Theme) -> Option<SearchAssets> {
    if !site.settings.search {
        return None;
    }
    let versioned = |name: &str| {
        let url = site.base.link(&format!("/{name}"));
        crate::hash::versioned_url(url, theme.assets.get(name).map(|f| f.bytes.as_slice()))
    };
    Some(SearchAssets {
        url: site.base.link(urls::SEARCH_URL),
        index: site.base.link(&urls::search_manifest_url()),
        module: versioned("js/search.js"),
        core: versioned("js/search-core.js"),
        css: versioned("css/search.css"),
    })
}

impl SearchPageView {
    /// The view for `site`: only the kinds the site has.
    pub fn new(site: &Site) -> Self {
        SearchPageView {
            kinds: crate::search::kinds(site)
                .into_iter()
                .map(|k| KindView {
                    slug: k.slug(),
                    label: k.label(),
                    plural: k.plural(),
                })
                .collect(),
            breadcrumbs: vec![Link {
                title: "Home".into(),
                url: site.base.link("/"),
            }],
        }
    }
}
