//! Every hash casebook takes, in one place: what each is for decides
//! which function it uses, and the output depends on some of them (asset
//! versions), so none may change without changing the output.

use std::hash::{Hash, Hasher};

use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// A 64-bit hash of anything hashable, for keys that live as long as a
/// serve session. `DefaultHasher::new` uses fixed keys, so equal inputs
/// hash alike for the whole session.
pub fn of_value(value: &impl Hash) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// The hash of some bytes (xxh3): whether a written file, a body or a
/// page's values changed. Serve hashes megabytes on every rebuild (the
/// sitemap, the directory's JSON), about ten times faster than SipHash.
pub fn of_bytes(bytes: &[u8]) -> u64 {
    xxh3_64(bytes)
}

/// A hash of a value's `Debug` form, which covers every field, so that a
/// field added later counts too; written straight into the hasher.
pub fn of_debug(value: &impl std::fmt::Debug) -> u64 {
    struct Hashing(xxhash_rust::xxh3::Xxh3);
    impl std::fmt::Write for Hashing {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0.update(s.as_bytes());
            Ok(())
        }
    }
    let mut h = Hashing(xxhash_rust::xxh3::Xxh3::new());
    // Writing into a hasher cannot fail.
    let _ = std::fmt::Write::write_fmt(&mut h, format_args!("{value:?}"));
    h.0.digest()
}

/// Two hashes and a seed made one: a page's template and its values,
/// under the globals' hash (`None` when the values cannot be told).
pub fn combine(seed: u64, first: u64, second: Option<u64>) -> Option<u64> {
    second.map(|v| xxh3_64_with_seed(&[first.to_le_bytes(), v.to_le_bytes()].concat(), seed))
}

/// A stable 64-bit hash (FNV-1a) for cache-busting asset URLs. Published
/// URLs carry it, so it must never change.
pub fn asset_version(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x100000001b3)
    })
}

/// `url` with a version taken from the asset's bytes (`?v=…`), so that a
/// browser never keeps a stale copy; `url` itself when there are none.
pub fn versioned_url(url: String, bytes: Option<&[u8]>) -> String {
    match bytes {
        Some(b) => format!("{url}?v={:016x}", asset_version(b)),
        None => url,
    }
}

/// A version for a set of published files that changes when any of them
/// does: each file hashed eight bytes at a time (in parallel), the hashes
/// folded in order. The search manifest publishes it, so it must never
/// change.
pub fn version_of(files: &[&[u8]]) -> u64 {
    use rayon::prelude::*;
    files
        .par_iter()
        .map(|b| word_hash(b))
        .collect::<Vec<u64>>()
        .into_iter()
        .fold(0xcbf29ce484222325u64, |h, x| {
            (h ^ x).wrapping_mul(0x100000001b3)
        })
}

/// A 64-bit hash of `bytes`, eight at a time (for [`version_of`] only).
fn word_hash(bytes: &[u8]) -> u64 {
    let mut h = 0xcbf29ce484222325u64 ^ bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let v = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        h = (h.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    for &b in chunks.remainder() {
        h = (h.rotate_left(5) ^ b as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asset_versions_are_stable_across_releases() {
        // Published URLs carry these: a change here changes every page.
        assert_eq!(asset_version(b""), 0xcbf29ce484222325);
        assert_eq!(asset_version(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(
            versioned_url("/s.css".into(), Some(b"a")),
            "/s.css?v=af63dc4c8601ec8c"
        );
        assert_eq!(versioned_url("/s.css".into(), None), "/s.css");
    }

    #[test]
    fn combine_depends_on_every_part() {
        let a = combine(1, 2, Some(3));
        assert_ne!(a, combine(0, 2, Some(3)));
        assert_ne!(a, combine(1, 0, Some(3)));
        assert_ne!(a, combine(1, 2, Some(0)));
        assert_eq!(combine(1, 2, None), None);
    }
}
