//! Whether a page would come out as it did in the last build: a hash of
//! everything its template is given. A serve session renders only the
//! pages whose hash changed, so a saved case study re-renders its own page,
//! the lists and theme pages that show it, and nothing else, without a
//! hand-kept list of what depends on what.

use serde::Serialize;
use xxhash_rust::xxh3::xxh3_64_with_seed;

/// Where a page's template values go: Tera's context, or a fingerprint.
pub trait Fill {
    /// Adds one named value.
    fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T);
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
pub struct Fingerprint {
    bytes: Vec<u8>,
    seed: u64,
    /// A value that does not serialise cannot be compared: always render.
    failed: bool,
}

impl Fingerprint {
    /// Starts from `seed`, which stands for the template and the globals.
    pub fn new(seed: u64) -> Fingerprint {
        Fingerprint {
            bytes: Vec::with_capacity(4096),
            seed,
            failed: false,
        }
    }

    /// The fingerprint, with the template's own; `None` if it cannot be told.
    pub fn finish(self, template: u64) -> Option<u64> {
        let seed = crate::memo::hash_of(&(self.seed, template));
        (!self.failed).then(|| xxh3_64_with_seed(&self.bytes, seed))
    }
}

impl Fill for Fingerprint {
    fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        // Length-prefixed, so that ("ab", "c") and ("a", "bc") differ.
        let bytes = std::mem::take(&mut self.bytes);
        match postcard::to_extend(key, bytes).and_then(|b| postcard::to_extend(value, b)) {
            Ok(b) => self.bytes = b,
            Err(_) => self.failed = true,
        }
    }
}

/// The fingerprint of one set of values, for the tests and for the globals.
pub fn of_values(seed: u64, fill: impl FnOnce(&mut Fingerprint)) -> Option<u64> {
    let mut f = Fingerprint::new(seed);
    fill(&mut f);
    f.finish(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_values_agree_and_any_difference_shows() {
        let a = of_values(1, |f| f.insert("title", "Matching"));
        assert_eq!(a, of_values(1, |f| f.insert("title", "Matching")));
        assert_ne!(a, of_values(1, |f| f.insert("title", "Matchings")));
        assert_ne!(a, of_values(1, |f| f.insert("name", "Matching")));
        assert_ne!(a, of_values(2, |f| f.insert("title", "Matching")));
        let split = of_values(1, |f| {
            f.insert("a", "bc");
        });
        assert_ne!(split, of_values(1, |f| f.insert("ab", "c")));
    }

    #[test]
    fn the_template_counts() {
        let mut one = Fingerprint::new(0);
        one.insert("x", &1);
        let mut two = Fingerprint::new(0);
        two.insert("x", &1);
        assert_ne!(one.finish(1), two.finish(2));
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
        assert_eq!(of_values(0, |f| f.insert("m", &Unsized)), None);
        assert!(of_values(0, |f| f.insert("m", &[0, 2])).is_some());
    }
}
