//! The table that turns a link to a content file into that page's URL.

use rustc_hash::{FxHashMap, FxHashSet};
use std::path::{Path, PathBuf};

use crate::config::BaseUrl;
use crate::markdown::LinkOutcome;
use crate::markdown::links::{Destination, classify, resolve};

/// Every content file's fate: published at a URL, or left out for a reason.
#[derive(Debug, Default)]
pub struct LinkTable {
    published: FxHashMap<PathBuf, String>,
    withheld: FxHashMap<PathBuf, &'static str>,
    /// Files with errors of their own: links to them are not reported again.
    ignored: FxHashSet<PathBuf>,
}

impl LinkTable {
    /// An empty table with room for `files` entries.
    pub fn with_capacity(files: usize) -> LinkTable {
        LinkTable {
            published: FxHashMap::with_capacity_and_hasher(files, Default::default()),
            ..LinkTable::default()
        }
    }

    /// Records a published file (content-relative) and its site path.
    pub fn publish(&mut self, rel: &Path, url: &str) {
        self.published.insert(rel.to_path_buf(), url.to_string());
    }

    /// Records a file that exists but is not published, and why.
    pub fn withhold(&mut self, rel: &Path, why: &'static str) {
        self.withheld.insert(rel.to_path_buf(), why);
    }

    /// Records a file whose own errors were reported.
    pub fn ignore(&mut self, rel: &Path) {
        self.ignored.insert(rel.to_path_buf());
    }

    /// Equal for tables with the same entries, in any order, and the same
    /// base: then every link resolves as it did.
    pub fn fingerprint(&self, base: &BaseUrl) -> u64 {
        // Entries are hashed one by one and summed, so that the maps'
        // iteration order does not matter.
        let mut bytes = Vec::with_capacity(256);
        let mut entry = |tag: u8, rel: &Path, value: &str| {
            bytes.clear();
            bytes.push(tag);
            bytes.extend_from_slice(rel.as_os_str().as_encoded_bytes());
            bytes.push(0);
            bytes.extend_from_slice(value.as_bytes());
            crate::hash::of_bytes(&bytes)
        };
        let mut sum = crate::hash::of_value(base);
        for (rel, url) in &self.published {
            sum = sum.wrapping_add(entry(0, rel, url));
        }
        for (rel, why) in &self.withheld {
            sum = sum.wrapping_add(entry(1, rel, why));
        }
        for rel in &self.ignored {
            sum = sum.wrapping_add(entry(2, rel, ""));
        }
        sum
    }

    /// Decides what a link written in `from` becomes.
    pub fn outcome(&self, from: &Path, dest: &str, base: &BaseUrl) -> LinkOutcome {
        match classify(dest) {
            Destination::SitePath(p) if base.path != "/" => LinkOutcome::Rewrite(base.link(p)),
            Destination::ContentFile { path, fragment } => {
                let Some(target) = resolve(from, path) else {
                    return LinkOutcome::Broken {
                        message: format!("the link `{dest}` points outside the content folder"),
                        hint: Some("link to pages with paths relative to this file, such as `../guidance/faq.md`".into()),
                    };
                };
                let fragment = fragment.map(|f| format!("#{f}")).unwrap_or_default();
                if let Some(url) = self.published.get(&target) {
                    return LinkOutcome::Rewrite(format!("{}{fragment}", base.link(url)));
                }
                if self.ignored.contains(&target) {
                    return LinkOutcome::Keep;
                }
                if let Some(why) = self.withheld.get(&target) {
                    return LinkOutcome::Broken {
                        message: format!(
                            "the link `{dest}` points to content/{}, which is not published ({why})",
                            target.display()
                        ),
                        hint: Some("remove the link, or publish that page first".into()),
                    };
                }
                LinkOutcome::Broken {
                    message: format!(
                        "the link `{dest}` points to content/{}, which does not exist",
                        target.display()
                    ),
                    hint: self
                        .nearest(&target)
                        .map(|n| format!("did you mean `{}`?", relative_link(from, &n))),
                }
            }
            _ => LinkOutcome::Keep,
        }
    }

    fn nearest(&self, target: &Path) -> Option<PathBuf> {
        let t = target.to_string_lossy();
        self.published
            .keys()
            .map(|k| (strsim::jaro_winkler(&t, &k.to_string_lossy()), k))
            .filter(|(s, _)| *s > 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
            .map(|(_, k)| k.clone())
    }
}

/// How to write a link from `from` to `to`, both content-relative.
fn relative_link(from: &Path, to: &Path) -> String {
    let from_dir: Vec<_> = from
        .parent()
        .map(|p| p.components().collect())
        .unwrap_or_default();
    let to_parts: Vec<_> = to.components().collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out: Vec<String> = vec!["..".into(); from_dir.len() - common];
    out.extend(
        to_parts[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    out.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> LinkTable {
        let mut t = LinkTable::default();
        t.publish(Path::new("guidance/faq.md"), "/guidance/faq/");
        t.withhold(Path::new("guidance/draft.md"), "a draft");
        t
    }

    #[test]
    fn the_fingerprint_ignores_order_and_sees_every_entry() {
        let base = BaseUrl::parse("/").unwrap();
        let mut a = LinkTable::default();
        a.publish(Path::new("a.md"), "/a/");
        a.publish(Path::new("b.md"), "/b/");
        a.withhold(Path::new("c.md"), "a draft");
        let mut b = LinkTable::with_capacity(4);
        b.withhold(Path::new("c.md"), "a draft");
        b.publish(Path::new("b.md"), "/b/");
        b.publish(Path::new("a.md"), "/a/");
        assert_eq!(a.fingerprint(&base), b.fingerprint(&base));
        b.ignore(Path::new("d.md"));
        assert_ne!(a.fingerprint(&base), b.fingerprint(&base));
        let mut c = LinkTable::default();
        c.publish(Path::new("a.md"), "/b/");
        c.publish(Path::new("b.md"), "/a/");
        c.withhold(Path::new("c.md"), "a draft");
        assert_ne!(a.fingerprint(&base), c.fingerprint(&base), "swapped URLs");
        let other = BaseUrl::parse("/m/").unwrap();
        assert_ne!(a.fingerprint(&base), a.fingerprint(&other));
    }

    #[test]
    fn rewrites_with_base_path_and_fragment() {
        let base = BaseUrl::parse("https://x.org/m/").unwrap();
        let from = Path::new("guidance/roles.md");
        assert_eq!(
            table().outcome(from, "faq.md#fees", &base),
            LinkOutcome::Rewrite("/m/guidance/faq/#fees".into())
        );
        assert_eq!(
            table().outcome(from, "/about/", &base),
            LinkOutcome::Rewrite("/m/about/".into())
        );
        assert_eq!(
            table().outcome(from, "https://a.org/", &base),
            LinkOutcome::Keep
        );
    }

    #[test]
    fn broken_links_say_why_and_suggest() {
        let base = BaseUrl::parse("/").unwrap();
        let from = Path::new("case-studies/a.md");
        let LinkOutcome::Broken { message, hint } =
            table().outcome(from, "../guidance/fqa.md", &base)
        else {
            panic!()
        };
        assert!(message.contains("does not exist"), "{message}");
        assert_eq!(hint.as_deref(), Some("did you mean `../guidance/faq.md`?"));
        let LinkOutcome::Broken { message, .. } =
            table().outcome(from, "../guidance/draft.md", &base)
        else {
            panic!()
        };
        assert!(message.contains("not published (a draft)"), "{message}");
    }
}
