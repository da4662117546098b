//! Whether a page would come out as it did in the last build: a hash of
//! everything its template is given. A serve session renders only the
//! pages whose hash changed, so a saved case study re-renders its own page,
//! the lists and theme pages that show it, and nothing else, without a
//! hand-kept list of what depends on what.

use serde::Serialize;
use xxhash_rust::xxh3::Xxh3;

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

/// The hash of a page's template values, fed to the hasher in postcard's
/// compact binary form (strings as length and bytes, nothing escaped), so
/// that hashing every page of a large site on each save stays cheap.
pub struct Fingerprint {
    hasher: Xxh3,
    /// A value that does not serialise cannot be compared: always render.
    failed: bool,
}

impl Fingerprint {
    /// Starts from `seed`, which stands for the template and the globals.
    pub fn new(seed: u64) -> Fingerprint {
        let mut hasher = Xxh3::new();
        hasher.update(&seed.to_le_bytes());
        Fingerprint {
            hasher,
            failed: false,
        }
    }

    /// The fingerprint, with the template's own; `None` if it cannot be told.
    pub fn finish(mut self, template: u64) -> Option<u64> {
        self.hasher.update(&template.to_le_bytes());
        (!self.failed).then(|| self.hasher.digest())
    }
}

impl Fill for Fingerprint {
    fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        // Length-prefixed, so that ("ab", "c") and ("a", "bc") differ.
        if postcard::to_io(key, HashWriter(&mut self.hasher)).is_err()
            || postcard::to_io(value, HashWriter(&mut self.hasher)).is_err()
        {
            self.failed = true;
        }
    }
}

/// Feeds written bytes to a hasher.
struct HashWriter<'a>(&'a mut Xxh3);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
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
