//! The set of words the guard looks for.

use rustc_hash::FxHashSet;

/// A set of word hashes with a bitmap in front, so that the many words
/// that are not in it are turned away without a hash-table look-up.
#[derive(Debug, Clone, Default)]
pub struct WordSet {
    bits: Vec<u64>,
    words: FxHashSet<u64>,
    titles: Vec<u64>,
}

impl WordSet {
    /// Adds a word's hash.
    #[inline]
    pub fn insert(&mut self, hash: u64) {
        if self.bits.is_empty() {
            self.bits = vec![0; 1024];
        }
        let k = (hash >> 48) as usize;
        self.bits[k >> 6] |= 1 << (k & 63);
        self.words.insert(hash);
    }

    /// Adds a title (`Dr`): the word after one is kept too.
    #[inline]
    pub fn insert_title(&mut self, hash: u64) {
        self.insert(hash);
        self.titles.push(hash);
    }

    /// True for a title added with [`WordSet::insert_title`].
    #[inline]
    pub fn is_title(&self, hash: u64) -> bool {
        self.titles.contains(&hash)
    }

    /// True when the word is in the set.
    #[inline]
    pub fn contains(&self, hash: u64) -> bool {
        let k = (hash >> 48) as usize;
        self.bits
            .get(k >> 6)
            .is_some_and(|w| w & (1 << (k & 63)) != 0)
            && self.words.contains(&hash)
    }
}
