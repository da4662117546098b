//! Whether a page would come out as it did in the last build: a hash of
//! everything its template is given. A serve session renders only the
//! pages whose hash changed, so a saved case study re-renders its own page,
//! the lists and theme pages that show it, and nothing else, without a
//! hand-kept list of what depends on what.

use serde::Serialize;

use super::Digests;
use super::views::{Cards, CaseStudyCard};
use crate::model::Site;

/// Where a page's template values go: Tera's context, or a fingerprint.
pub trait Fill {
    /// Adds one named value.
    fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T);

    /// The case-study cards of a list: a template gets the cards, a
    /// fingerprint with a table of hashes gets each card's hash from it.
    fn cards<'a>(&self, site: &'a Site, indices: &[usize]) -> Cards<'a> {
        Cards::Shown(CaseStudyCard::list(site, indices))
    }
}

impl Fill for tera::Context {
    fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        tera::Context::insert(self, key, value);
    }
}

/// The hash of a page's template values in postcard's compact binary form
/// (strings as length and bytes, nothing escaped), so that hashing every
/// page of a large site on each save stays cheap. The bytes are gathered
/// and hashed in one go, which is several times faster than feeding a
/// streaming hasher one short string at a time.
pub struct Fingerprint<'d> {
    bytes: Vec<u8>,
    /// A value that does not serialise cannot be compared: always render.
    failed: bool,
    /// Where case-study cards' hashes are kept, so that a site of 10,000
    /// does not hash the 60,000 cards of its lists on every save.
    digests: Option<&'d Digests>,
}

impl Default for Fingerprint<'_> {
    fn default() -> Self {
        Fingerprint {
            bytes: Vec::with_capacity(4096),
            failed: false,
            digests: None,
        }
    }
}

impl<'d> Fingerprint<'d> {
    /// A fingerprint that takes case-study cards' hashes from `digests`.
    pub fn with_digests(digests: &'d Digests) -> Self {
        Fingerprint {
            digests: Some(digests),
            ..Fingerprint::default()
        }
    }

    /// The hash of the values given; `None` if it cannot be told.
    pub fn digest(self) -> Option<u64> {
        (!self.failed).then(|| crate::hash::of_bytes(&self.bytes))
    }
}

impl Fill for Fingerprint<'_> {
    fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        // Length-prefixed, so that ("ab", "c") and ("a", "bc") differ.
        let bytes = std::mem::take(&mut self.bytes);
        match postcard::to_extend(key, bytes).and_then(|b| postcard::to_extend(value, b)) {
            Ok(b) => self.bytes = b,
            Err(_) => self.failed = true,
        }
    }

    fn cards<'a>(&self, site: &'a Site, indices: &[usize]) -> Cards<'a> {
        match self.digests {
            Some(digests) => Cards::Hashed(
                indices
                    .iter()
                    .filter_map(|&i| CaseStudyCard::new(site, i))
                    .map(|card| {
                        let kept = digests.card(card.page(), || of_view(&card));
                        // A carried page keeps its card's hash: debug
                        // builds (the tests) check it against the card now.
                        debug_assert_eq!(kept, of_view(&card), "a stale card hash");
                        kept
                    })
                    .collect(),
            ),
            None => Cards::Shown(CaseStudyCard::list(site, indices)),
        }
    }
}

/// The hash of one set of values.
pub fn of_values(fill: impl FnOnce(&mut Fingerprint)) -> Option<u64> {
    let mut f = Fingerprint::default();
    fill(&mut f);
    f.digest()
}

/// [`of_values`], with case-study cards' hashes kept in `digests`.
pub fn of_values_with(digests: &Digests, fill: impl FnOnce(&mut Fingerprint)) -> Option<u64> {
    let mut f = Fingerprint::with_digests(digests);
    fill(&mut f);
    f.digest()
}

/// The hash of one view, as a fingerprint sees it.
pub fn of_view<T: Serialize + ?Sized>(view: &T) -> Option<u64> {
    of_values(|f| f.insert("view", view))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_values_agree_and_any_difference_shows() {
        let a = of_values(|f| f.insert("title", "Matching"));
        assert_eq!(a, of_values(|f| f.insert("title", "Matching")));
        assert_ne!(a, of_values(|f| f.insert("title", "Matchings")));
        assert_ne!(a, of_values(|f| f.insert("name", "Matching")));
        let split = of_values(|f| {
            f.insert("a", "bc");
        });
        assert_ne!(split, of_values(|f| f.insert("ab", "c")));
    }

    #[test]
    fn the_template_and_the_globals_count() {
        let v = of_values(|f| f.insert("x", &1));
        assert!(crate::hash::combine(0, 1, v).is_some());
        assert_eq!(crate::hash::combine(0, 1, v), crate::hash::combine(0, 1, v));
        assert_ne!(
            crate::hash::combine(0, 1, v),
            crate::hash::combine(0, 2, v),
            "another template"
        );
        assert_ne!(
            crate::hash::combine(0, 1, v),
            crate::hash::combine(1, 1, v),
            "other globals"
        );
        assert_eq!(crate::hash::combine(0, 1, None), None, "no values, no key");
    }

    /// A sequence whose length is not known up front, as some hand-written
    /// `Serialize` impls produce.
    struct Unsized;

    impl Serialize for Unsized {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_seq((0..3).filter(|i| i % 2 == 0))
        }
    }

    #[test]
    fn a_value_that_cannot_be_hashed_gives_no_fingerprint() {
        // A missing fingerprint means "render it": never a stale page.
        assert_eq!(of_values(|f| f.insert("m", &Unsized)), None);
        assert!(of_values(|f| f.insert("m", &[0, 2])).is_some());
    }
}
