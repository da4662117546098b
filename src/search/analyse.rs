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

use elasticlunr::Language;
use elasticlunr::lang::English;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::FIELDS;
use super::pairs;
use super::text::MAX_TOKEN_BYTES;

/// Documents per shard.
pub const SHARD: usize = 512;

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
    Index::merge(shards).into_built()
}

/// The terms and postings of consecutive documents.
#[derive(Debug)]
pub struct Shard {
    first: u32,
    /// Sorted, each with its postings per field (see `Encoded`).
    terms: Vec<(String, [Encoded; FIELDS.len()])>,
    lengths: Vec<[u32; FIELDS.len()]>,
    /// Adjacent pairs of terms (places in `terms`, first in the high half),
    /// sorted, each with its documents as LEB128 gaps.
    pairs: Vec<(u64, Encoded)>,
}

/// Postings in a shard, as pairs of LEB128 numbers: the gap from the
/// previous document (the first counts from one before the shard's first
/// document) and the term's count in the field. Mostly two bytes a posting,
/// where `(u32, f32)` took eight: every posting of the site is held until
/// the index is written.
pub(super) type Encoded = Vec<u8>;

pub(super) fn push_leb128(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Reads one number at `*at`; `None` at the end (or on a truncated one,
/// which `push_leb128` never writes).
fn read_leb128(bytes: &[u8], at: &mut usize) -> Option<u32> {
    let mut n = 0u32;
    let mut shift = 0;
    loop {
        let b = *bytes.get(*at)?;
        *at += 1;
        n |= u32::from(b & 0x7f).checked_shl(shift).unwrap_or(0);
        if b < 0x80 {
            return Some(n);
        }
        shift += 7;
    }
}

/// A shard's postings of one term in one field, decoded.
struct Decode<'a> {
    bytes: &'a [u8],
    at: usize,
    /// The last document read, plus one (zero before the first).
    doc: u32,
    first: u32,
}

impl Iterator for Decode<'_> {
    type Item = (u32, f32);

    fn next(&mut self) -> Option<(u32, f32)> {
        let gap = read_leb128(self.bytes, &mut self.at)?;
        let count = read_leb128(self.bytes, &mut self.at)?;
        self.doc += gap;
        // elasticlunr's term frequency.
        Some((self.first + self.doc - 1, (count as f64).sqrt() as f32))
    }
}

/// Analyses the documents numbered from `first`.
pub fn shard(first: u32, docs: &[Fields<'_>]) -> Shard {
    let mut analyser = Analyser::new();
    let mut postings: Vec<[Encoded; FIELDS.len()]> = Vec::new();
    // Per term and field: the last document with a posting, plus one.
    let mut last: Vec<[u32; FIELDS.len()]> = Vec::new();
    let mut lengths = Vec::with_capacity(docs.len());
    let mut ids: Vec<u32> = Vec::new();
    // Occurrences of each term in the current field, and the terms met.
    let mut counts: Vec<u32> = Vec::new();
    let mut met: Vec<u32> = Vec::new();
    let mut breaks: Vec<usize> = Vec::new();
    let mut pairs = pairs::Collector::default();
    for (i, fields) in docs.iter().enumerate() {
        let doc = i as u32 + 1;
        let mut l = [0u32; FIELDS.len()];
        for (f, text) in fields.iter().enumerate() {
            ids.clear();
            breaks.clear();
            analyser.terms_and_breaks(text, &mut ids, &mut breaks);
            pairs.add(doc, &ids, &breaks);
            // Terms new in this field get their (empty) posting lists.
            postings.resize_with(analyser.terms.len(), Default::default);
            last.resize(analyser.terms.len(), [0; FIELDS.len()]);
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
                let t = t as usize;
                let c = std::mem::take(&mut counts[t]);
                let out = &mut postings[t][f];
                push_leb128(out, doc - last[t][f]);
                push_leb128(out, c);
                last[t][f] = doc;
            }
            met.clear();
        }
        lengths.push(l);
    }
    let mut order: Vec<usize> = (0..analyser.terms.len()).collect();
    order.sort_unstable_by(|&a, &b| analyser.terms[a].cmp(&analyser.terms[b]));
    let pairs = pairs.finish(&pairs::sorted_places(&order));
    let mut slots: Vec<Option<(String, [Encoded; FIELDS.len()])>> =
        analyser.terms.into_iter().zip(postings).map(Some).collect();
    let terms = order.iter().filter_map(|&i| slots[i].take()).collect();
    Shard {
        first,
        terms,
        lengths,
        pairs,
    }
}

/// The shards of a whole site as one index. The postings stay where the
/// shards put them and are read in shard order, so merging copies none of
/// them (a merged copy of every posting list was a large part of the
/// build's peak memory).
#[derive(Debug)]
pub struct Index {
    shards: Vec<Shard>,
    /// Every term, sorted, with the range of `refs` that holds it.
    terms: Vec<(String, std::ops::Range<usize>)>,
    /// `(shard, term in that shard)`, by term, then by shard.
    refs: Vec<(u32, u32)>,
    /// Per document, per field: the number of tokens the pipeline kept.
    pub lengths: Vec<[u32; FIELDS.len()]>,
    /// Every pair of terms (numbers in `terms`, first in the high half),
    /// sorted, with the range of `pair_refs` that holds it.
    pairs: Vec<(u64, std::ops::Range<usize>)>,
    /// `(shard, pair in that shard)`, by pair, then by shard.
    pair_refs: Vec<(u32, u32)>,
}

impl Index {
    /// `shards` in document order.
    pub fn merge(mut shards: Vec<Shard>) -> Index {
        let mut refs: Vec<(u32, u32)> = shards
            .iter()
            .enumerate()
            .flat_map(|(s, shard)| (0..shard.terms.len()).map(move |t| (s as u32, t as u32)))
            .collect();
        let word = |(s, t): (u32, u32)| &shards[s as usize].terms[t as usize].0;
        // Stable, so that each term's shards stay in document order.
        refs.sort_by(|&a, &b| word(a).cmp(word(b)));
        let mut terms: Vec<(String, std::ops::Range<usize>)> = Vec::new();
        for (k, &(s, t)) in refs.iter().enumerate() {
            let word = std::mem::take(&mut shards[s as usize].terms[t as usize].0);
            match terms.last_mut() {
                Some((last, range)) if *last == word => range.end = k + 1,
                _ => terms.push((word, k..k + 1)),
            }
        }
        let mut lengths = Vec::with_capacity(shards.iter().map(|s| s.lengths.len()).sum());
        for s in &mut shards {
            lengths.append(&mut s.lengths);
        }
        let (pairs, pair_refs) = merge_pairs(&shards, &terms, &refs);
        Index {
            shards,
            terms,
            refs,
            lengths,
            pairs,
            pair_refs,
        }
    }

    /// How many pairs of terms.
    pub fn pair_len(&self) -> usize {
        self.pairs.len()
    }

    /// The term numbers of pair `p`.
    pub fn pair_terms(&self, p: usize) -> (usize, usize) {
        let key = self.pairs[p].0;
        ((key >> 32) as usize, (key & 0xffff_ffff) as usize)
    }

    /// The documents holding pair `p`, in order.
    pub fn pair_docs(&self, p: usize) -> impl Iterator<Item = u32> + '_ {
        self.pair_refs[self.pairs[p].1.clone()]
            .iter()
            .flat_map(move |&(s, k)| {
                let shard = &self.shards[s as usize];
                let bytes = &shard.pairs[k as usize].1;
                let mut at = 0;
                let mut doc = 0;
                std::iter::from_fn(move || {
                    doc += read_leb128(bytes, &mut at)?;
                    Some(shard.first + doc - 1)
                })
            })
    }

    /// How many terms.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// True with no terms.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Term number `t`.
    pub fn term(&self, t: usize) -> &str {
        &self.terms[t].0
    }

    /// The postings of term `t` in field `f`, in document order.
    pub fn postings(&self, t: usize, f: usize) -> impl Iterator<Item = (u32, f32)> + '_ {
        self.refs[self.terms[t].1.clone()]
            .iter()
            .flat_map(move |&(s, k)| {
                let shard = &self.shards[s as usize];
                Decode {
                    bytes: &shard.terms[k as usize].1[f],
                    at: 0,
                    doc: 0,
                    first: shard.first,
                }
            })
    }

    /// The same index with each term's postings gathered (for the tests).
    pub fn into_built(self) -> Built {
        let terms = (0..self.len())
            .map(|t| {
                let postings = (0..FIELDS.len())
                    .map(|f| self.postings(t, f).collect())
                    .collect();
                (self.term(t).to_string(), postings)
            })
            .collect();
        Built {
            terms,
            lengths: self.lengths,
        }
    }
}

/// The pairs of every shard renumbered by the merged terms and grouped:
/// see `Index::pairs`.
#[allow(clippy::type_complexity)]
fn merge_pairs(
    shards: &[Shard],
    terms: &[(String, std::ops::Range<usize>)],
    refs: &[(u32, u32)],
) -> (Vec<(u64, std::ops::Range<usize>)>, Vec<(u32, u32)>) {
    let mut global: Vec<Vec<u32>> = shards.iter().map(|s| vec![0; s.terms.len()]).collect();
    for (t, (_, range)) in terms.iter().enumerate() {
        for &(s, k) in &refs[range.clone()] {
            global[s as usize][k as usize] = t as u32;
        }
    }
    let mut keyed: Vec<(u64, u32, u32)> = shards
        .par_iter()
        .enumerate()
        .flat_map_iter(|(s, shard)| {
            let to = &global[s];
            shard.pairs.iter().enumerate().map(move |(k, &(key, _))| {
                let a = u64::from(to[(key >> 32) as usize]);
                let b = u64::from(to[(key & 0xffff_ffff) as usize]);
                ((a << 32) | b, s as u32, k as u32)
            })
        })
        .collect();
    // By pair, then by shard: each pair's documents in order.
    keyed.par_sort_unstable();
    let mut pairs: Vec<(u64, std::ops::Range<usize>)> = Vec::new();
    for (i, &(key, _, _)) in keyed.iter().enumerate() {
        match pairs.last_mut() {
            Some((last, range)) if *last == key => range.end = i + 1,
            _ => pairs.push((key, i..i + 1)),
        }
    }
    let refs = keyed.into_iter().map(|(_, s, k)| (s, k)).collect();
    (pairs, refs)
}

/// Turns text into term numbers: elasticlunr's tokeniser (split on
/// whitespace and `-`, lower case) and its English pipeline, run once per
/// distinct word.
pub struct Analyser {
    pipeline: elasticlunr::Pipeline,
    /// Lower-cased word to term number (`None`: the pipeline drops it).
    /// Fx, not SipHash: these maps hold our own words, not input an
    /// attacker chooses to collide.
    words: FxHashMap<Box<str>, Option<u32>>,
    term_ids: FxHashMap<String, u32>,
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
            words: FxHashMap::default(),
            term_ids: FxHashMap::default(),
            terms: Vec::new(),
            lower: String::new(),
        }
    }

    /// Appends the term numbers of `text`'s tokens to `out`, in order.
    /// New terms are numbered from `self.terms.len()`.
    pub fn terms(&mut self, text: &str, out: &mut Vec<u32>) {
        self.terms_and_breaks(text, out, &mut Vec::new());
    }

    /// [`Analyser::terms`], and in `breaks` the places `k` in `out` where
    /// a sentence ended between `out[k - 1]` and `out[k]` (see `pairs`).
    pub fn terms_and_breaks(&mut self, text: &str, out: &mut Vec<u32>, breaks: &mut Vec<usize>) {
        for raw in text.split(|c: char| c.is_whitespace() || c == '-') {
            self.token(raw, out);
            if pairs::ends_sentence(raw) && breaks.last() != Some(&out.len()) {
                breaks.push(out.len());
            }
        }
    }

    /// Appends the term number of one raw token, if the pipeline keeps it.
    fn token(&mut self, raw: &str, out: &mut Vec<u32>) {
        if raw.is_empty() || raw.len() > MAX_TOKEN_BYTES {
            return;
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

fn number(ids: &mut FxHashMap<String, u32>, terms: &mut Vec<String>, term: String) -> u32 {
    if let Some(&id) = ids.get(&term) {
        return id;
    }
    let id = terms.len() as u32;
    terms.push(term.clone());
    ids.insert(term, id);
    id
}
