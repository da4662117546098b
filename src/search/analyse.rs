//! The inverted index, built in parallel shards of documents.
//!
//! Every word goes through elasticlunr-rs's English pipeline (its trimmer,
//! stop-word filter and Porter stemmer), and terms are weighed as
//! elasticlunr does: term frequency `sqrt(count)` per field, field length
//! the number of tokens the pipeline keeps. What is ours is how the work
//! is done: the pipeline runs once per distinct word of a shard rather
//! than once per occurrence, and postings are gathered in flat vectors
//! rather than elasticlunr's character trie, which at 10,000 case studies
//! took several times the whole build. `elastic::reference` builds the
//! same index with `elasticlunr::Index` itself, and the tests compare the
//! two posting by posting.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use elasticlunr::Language;
use elasticlunr::lang::English;
use rayon::prelude::*;

use super::FIELDS;
use super::text::MAX_TOKEN_BYTES;

/// Documents per shard.
const SHARD: usize = 512;

/// One document's fields, in `FIELDS` order.
pub type Fields<'a> = [&'a str; FIELDS.len()];

/// Postings of one term: per field, `(document, tf)` in document order.
pub type Postings = Vec<Vec<(u32, f32)>>;

/// The index, ready to be laid out.
#[derive(Debug, Default, PartialEq)]
pub struct Built {
    /// Every term, sorted, with its postings.
    pub terms: Vec<(String, Postings)>,
    /// Per document, per field: the number of tokens the pipeline kept.
    pub lengths: Vec<[u32; FIELDS.len()]>,
}

/// Builds the index of `docs` (document `i` is number `i`).
pub fn build(docs: &[Fields<'_>]) -> Built {
    let shards: Vec<Shard> = docs
        .par_chunks(SHARD)
        .enumerate()
        .map(|(n, chunk)| shard((n * SHARD) as u32, chunk))
        .collect();
    let mut lengths = Vec::with_capacity(docs.len());
    let mut by_term: BTreeMap<String, Postings> = BTreeMap::new();
    for s in shards {
        lengths.extend(s.lengths);
        for (term, postings) in s.terms {
            match by_term.get_mut(&term) {
                Some(all) => {
                    for (a, p) in all.iter_mut().zip(postings) {
                        a.extend(p);
                    }
                }
                None => {
                    by_term.insert(term, postings);
                }
            }
        }
    }
    Built {
        terms: by_term.into_iter().collect(),
        lengths,
    }
}

struct Shard {
    terms: Vec<(String, Postings)>,
    lengths: Vec<[u32; FIELDS.len()]>,
}

fn shard(first: u32, docs: &[Fields<'_>]) -> Shard {
    let mut analyser = Analyser::new();
    let mut postings: Vec<Postings> = Vec::new();
    let mut lengths = Vec::with_capacity(docs.len());
    let mut ids: Vec<u32> = Vec::new();
    // Occurrences of each term in the current field, and the terms met.
    let mut counts: Vec<u32> = Vec::new();
    let mut met: Vec<u32> = Vec::new();
    for (i, fields) in docs.iter().enumerate() {
        let doc = first + i as u32;
        let mut l = [0u32; FIELDS.len()];
        for (f, text) in fields.iter().enumerate() {
            ids.clear();
            analyser.terms(text, &mut ids);
            // Terms new in this field get their (empty) posting lists.
            postings.resize_with(analyser.terms.len(), || vec![Vec::new(); FIELDS.len()]);
            counts.resize(analyser.terms.len(), 0);
            l[f] = ids.len() as u32;
            for &t in &ids {
                let c = &mut counts[t as usize];
                if *c == 0 {
                    met.push(t);
                }
                *c += 1;
            }
            for &t in &met {
                let c = std::mem::take(&mut counts[t as usize]);
                postings[t as usize][f].push((doc, (c as f64).sqrt() as f32));
            }
            met.clear();
        }
        lengths.push(l);
    }
    let mut terms: Vec<(String, Postings)> = analyser.terms.into_iter().zip(postings).collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Shard { terms, lengths }
}

/// Turns text into term numbers: elasticlunr's tokeniser (split on
/// whitespace and `-`, lower case) and its English pipeline, run once per
/// distinct word.
pub struct Analyser {
    pipeline: elasticlunr::Pipeline,
    /// Lower-cased word to term number (`None`: the pipeline drops it).
    words: HashMap<Box<str>, Option<u32>, BuildHasherDefault<Fx>>,
    term_ids: HashMap<String, u32, BuildHasherDefault<Fx>>,
    /// Term by number.
    pub terms: Vec<String>,
    lower: String,
}

impl Default for Analyser {
    fn default() -> Self {
        Self::new()
    }
}

impl Analyser {
    pub fn new() -> Analyser {
        Analyser {
            pipeline: English::new().make_pipeline(),
            words: HashMap::default(),
            term_ids: HashMap::default(),
            terms: Vec::new(),
            lower: String::new(),
        }
    }

    /// Appends the term numbers of `text`'s tokens to `out`, in order.
    /// New terms are numbered from `self.terms.len()`.
    pub fn terms(&mut self, text: &str, out: &mut Vec<u32>) {
        for raw in text.split(|c: char| c.is_whitespace() || c == '-') {
            if raw.is_empty() || raw.len() > MAX_TOKEN_BYTES {
                continue;
            }
            // One pass: any byte that is not ASCII lower case needs work.
            let plain = raw.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase());
            let word = if plain {
                raw
            } else if !raw.is_ascii() {
                // `str::to_lowercase`, as elasticlunr: a final sigma is `ς`.
                self.lower = raw.to_lowercase();
                self.lower.as_str()
            } else {
                self.lower.clear();
                self.lower.push_str(raw);
                self.lower.make_ascii_lowercase();
                self.lower.as_str()
            };
            let id = match self.words.get(word) {
                Some(&id) => id,
                None => {
                    let word: Box<str> = word.into();
                    let id = self
                        .pipeline
                        .run(vec![word.to_string()])
                        .pop()
                        .map(|term| number(&mut self.term_ids, &mut self.terms, term));
                    self.words.insert(word, id);
                    id
                }
            };
            if let Some(id) = id {
                out.push(id);
            }
        }
    }
}

fn number(
    ids: &mut HashMap<String, u32, BuildHasherDefault<Fx>>,
    terms: &mut Vec<String>,
    term: String,
) -> u32 {
    if let Some(&id) = ids.get(&term) {
        return id;
    }
    let id = terms.len() as u32;
    terms.push(term.clone());
    ids.insert(term, id);
    id
}

/// A fast hash for short words (the Fx hash of rustc), instead of SipHash:
/// these maps hold our own words, not input an attacker chooses to collide.
#[derive(Default, Clone, Copy)]
pub struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
            self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(K);
        }
    }
    fn write_u8(&mut self, b: u8) {
        self.write(&[b]);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}
