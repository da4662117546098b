//! Adjacent pairs of terms, so that a quoted phrase matches only pages
//! where its words are next to each other.
//!
//! A pair is two terms that follow each other in one field of a page once
//! the pipeline has run, so the words it drops (stop words, tokens with no
//! letter or digit, tokens over `MAX_TOKEN_BYTES`) do not separate them:
//! "head of department" and "head of the department" are both the pair
//! `head depart`. A field is its own text (no pair spans the title and the
//! body), and a token ending a sentence (`.`, `!`, `?`, `;` or `:`, before
//! any closing quotes or brackets) ends a run of pairs.
//!
//! Pairs are stored apart from the terms, as the documents that hold them
//! (no counts: a phrase filters, it does not score), in `p-<n>.json` files
//! chosen by a hash of the pair, so that the manifest grows by one number
//! and a query without a phrase fetches none of them. The key is the two
//! terms joined by ` 0 ` (see `SEPARATOR`): no term holds a space, as
//! tokens are split on whitespace.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::analyse::{Encoded, Index, push_leb128};
use super::layout::{push_json, push_u32};

/// What joins the two terms of a pair's key. The spaces make it unique (no
/// term holds one); the `0` keeps the anonymisation scan of the output
/// from reading the two terms as one run of words: "Alex is sharp" makes
/// the pair `alex sharp`, which must not read as the name "Alex Sharp".
pub const SEPARATOR: &str = " 0 ";

/// At most this many pair files: static hosts cap the number of files.
const MAX_PARTS: usize = 128;

/// Documents per pair file, about: sized so that a file stays small to
/// fetch (a phrase of n words fetches n - 1 of them).
const DOCS_PER_PART: usize = 90;

/// How many pair files a site of `docs` documents has.
pub fn part_count(docs: usize) -> usize {
    docs.div_ceil(DOCS_PER_PART).clamp(1, MAX_PARTS)
}

/// FNV-1a (32 bits) of `key`'s UTF-8 bytes: the client computes the same
/// to find a pair's file.
pub fn hash(key: &str) -> u32 {
    hash_parts(&[key])
}

/// [`hash`] of the key of the pair `a`, `b`, without making the key.
fn pair_hash(a: &str, b: &str) -> u32 {
    hash_parts(&[a, SEPARATOR, b])
}

/// [`hash`] of `parts` one after the other.
fn hash_parts(parts: &[&str]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in parts.iter().flat_map(|p| p.as_bytes()) {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Whether a raw token ends a sentence: a phrase does not run across it.
pub fn ends_sentence(raw: &str) -> bool {
    // Most tokens end in a letter: answer those without trimming.
    if raw.as_bytes().last().is_none_or(u8::is_ascii_alphanumeric) {
        return false;
    }
    raw.trim_end_matches(['"', '\'', ')', ']', '\u{2019}', '\u{201d}'])
        .ends_with(['.', '!', '?', ';', ':'])
}

/// The pairs of `terms` (one field's terms in order), given `breaks`: the
/// positions `k` where `terms[k - 1]` and `terms[k]` are not a pair.
pub fn each<'a>(terms: &'a [u32], breaks: &'a [usize]) -> impl Iterator<Item = (u32, u32)> + 'a {
    (1..terms.len())
        .filter(move |k| breaks.binary_search(k).is_err())
        .map(move |k| (terms[k - 1], terms[k]))
}

/// A shard's pairs while its documents are read.
#[derive(Default)]
pub struct Collector {
    ids: FxHashMap<u64, u32>,
    keys: Vec<u64>,
    postings: Vec<Encoded>,
    /// Per pair: the last document with a posting (numbered from one).
    last: Vec<u32>,
}

impl Collector {
    /// Records the pairs of one field of document `doc` (from one, in
    /// increasing order).
    pub fn add(&mut self, doc: u32, terms: &[u32], breaks: &[usize]) {
        for (a, b) in each(terms, breaks) {
            let key = (u64::from(a) << 32) | u64::from(b);
            let n = self.keys.len() as u32;
            let p = *self.ids.entry(key).or_insert(n) as usize;
            if p == self.keys.len() {
                self.keys.push(key);
                self.postings.push(Vec::new());
                self.last.push(0);
            }
            if self.last[p] != doc {
                push_leb128(&mut self.postings[p], doc - self.last[p]);
                self.last[p] = doc;
            }
        }
    }

    /// The pairs with their terms renumbered by `to` (the analyser's number
    /// to the term's place in the sorted shard), sorted.
    pub fn finish(self, to: &[u32]) -> Vec<(u64, Encoded)> {
        let mut pairs: Vec<(u64, Encoded)> = self
            .keys
            .into_iter()
            .zip(self.postings)
            .map(|(k, p)| {
                let a = to[(k >> 32) as usize];
                let b = to[(k & 0xffff_ffff) as usize];
                ((u64::from(a) << 32) | u64::from(b), p)
            })
            .collect();
        pairs.sort_unstable_by_key(|p| p.0);
        pairs
    }
}

/// The pair files of `index`, `count` of them: file `n` holds the pairs
/// whose key hashes to `n` modulo `count`, each as `["a b", 0]` when every
/// document holding both terms holds the pair (the client knows those
/// from the terms' postings), else `["a b", [gap, ...]]`, the documents
/// holding it, or, when that is shorter, `["a b", [gap, ...], 1]`, the
/// documents holding both terms but not the pair. Documents are gaps from
/// the previous one, the first from zero.
pub fn files(index: &Index, count: usize) -> Vec<String> {
    let count = count.max(1);
    let mut placed: Vec<(u32, u32)> = (0..index.pair_len())
        .into_par_iter()
        .map(|p| {
            let (a, b) = index.pair_terms(p);
            (
                pair_hash(index.term(a), index.term(b)) % count as u32,
                p as u32,
            )
        })
        .collect();
    placed.par_sort_unstable();
    let mut starts: Vec<usize> = vec![placed.len(); count + 1];
    for (i, &(bucket, _)) in placed.iter().enumerate().rev() {
        starts[bucket as usize] = i;
    }
    for n in (0..count).rev() {
        starts[n] = starts[n].min(starts[n + 1]);
    }
    let docs = term_docs(index);
    (0..count)
        .into_par_iter()
        .map(|n| {
            let mut s = String::from("[");
            let (mut held, mut both) = (Vec::new(), Vec::new());
            for (k, &(_, p)) in placed[starts[n]..starts[n + 1]].iter().enumerate() {
                if k > 0 {
                    s.push(',');
                }
                let (a, b) = index.pair_terms(p as usize);
                s.push('[');
                push_json(
                    &mut s,
                    &format!("{}{SEPARATOR}{}", index.term(a), index.term(b)),
                );
                held.clear();
                held.extend(index.pair_docs(p as usize));
                // Every document holding the pair holds both terms.
                let count = count_both(&docs[a], &docs[b]);
                if held.len() == count {
                    // A number, not nothing: the key of the next entry must
                    // not run on from this one as words (`… alex"],["sharp
                    // …` reads as a name to the anonymisation scan).
                    s.push_str(",0");
                } else {
                    let missing = count - held.len();
                    if held.len() <= missing {
                        push_gaps(&mut s, &held);
                    } else {
                        intersect(&docs[a], &docs[b], &mut both);
                        let mut apart = Vec::with_capacity(missing);
                        let mut i = 0;
                        for &d in &both {
                            if held.get(i) == Some(&d) {
                                i += 1;
                            } else {
                                apart.push(d);
                            }
                        }
                        push_gaps(&mut s, &apart);
                        s.push_str(",1");
                    }
                }
                s.push(']');
            }
            s.push(']');
            s
        })
        .collect()
}

/// Appends `,[gap,...]` for sorted `docs`.
fn push_gaps(s: &mut String, docs: &[u32]) {
    s.push_str(",[");
    let mut prev = 0;
    for (i, &doc) in docs.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        push_u32(s, doc - prev);
        prev = doc;
    }
    s.push(']');
}

/// The documents holding a term in any field: a sorted list, or a bitmap
/// for a term on more than one page in 32 (where it is smaller and two
/// common terms intersect in a few hundred word operations).
enum Docs {
    List(Vec<u32>),
    Bits(Vec<u64>),
}

impl Docs {
    fn has(&self, d: u32) -> bool {
        match self {
            Docs::List(l) => l.binary_search(&d).is_ok(),
            Docs::Bits(b) => b[(d / 64) as usize] & (1 << (d % 64)) != 0,
        }
    }
}

/// Per term, the documents holding it in any field (empty for the terms
/// of no pair).
fn term_docs(index: &Index) -> Vec<Docs> {
    let mut used = vec![false; index.len()];
    for p in 0..index.pair_len() {
        let (a, b) = index.pair_terms(p);
        used[a] = true;
        used[b] = true;
    }
    let n = index.lengths.len();
    used.par_iter()
        .enumerate()
        .map(|(t, &used)| {
            if !used {
                return Docs::List(Vec::new());
            }
            let mut docs: Vec<u32> = (0..super::FIELDS.len())
                .flat_map(|f| index.postings(t, f).map(|(d, _)| d))
                .collect();
            docs.sort_unstable();
            docs.dedup();
            if docs.len() * 32 <= n {
                return Docs::List(docs);
            }
            let mut bits = vec![0u64; n.div_ceil(64)];
            for d in docs {
                bits[(d / 64) as usize] |= 1 << (d % 64);
            }
            Docs::Bits(bits)
        })
        .collect()
}

/// How many documents hold both.
fn count_both(a: &Docs, b: &Docs) -> usize {
    match (a, b) {
        (Docs::Bits(x), Docs::Bits(y)) => x
            .iter()
            .zip(y)
            .map(|(x, y)| (x & y).count_ones() as usize)
            .sum(),
        (Docs::List(l), other) | (other, Docs::List(l)) => {
            l.iter().filter(|&&d| other.has(d)).count()
        }
    }
}

/// `out` = the documents in both, in order.
fn intersect(a: &Docs, b: &Docs, out: &mut Vec<u32>) {
    out.clear();
    match (a, b) {
        (Docs::Bits(x), Docs::Bits(y)) => {
            for (w, (x, y)) in x.iter().zip(y).enumerate() {
                let mut both = x & y;
                while both != 0 {
                    out.push(w as u32 * 64 + both.trailing_zeros());
                    both &= both - 1;
                }
            }
        }
        (Docs::List(l), other) | (other, Docs::List(l)) => {
            out.extend(l.iter().copied().filter(|&d| other.has(d)));
        }
    }
}

/// The inverse of `order` (the analyser's term numbers in sorted order):
/// each number's place, for [`Collector::finish`].
pub fn sorted_places(order: &[usize]) -> Vec<u32> {
    let mut to = vec![0u32; order.len()];
    for (place, &id) in order.iter().enumerate() {
        to[id] = place as u32;
    }
    to
}

#[cfg(test)]
mod tests {
    use super::super::analyse::{Analyser, Fields, Index, shard};
    use super::*;

    thread_local! {
        static FORMS: std::cell::RefCell<[bool; 3]> = const { std::cell::RefCell::new([false; 3]) };
    }

    fn key(a: &str, b: &str) -> String {
        format!("{a}{SEPARATOR}{b}")
    }

    /// Whether a document holds term `w` in any field.
    fn holds(doc: &Fields<'_>, w: &str) -> bool {
        let mut a = Analyser::new();
        let mut ids = Vec::new();
        for f in doc {
            a.terms(f, &mut ids);
        }
        ids.iter().any(|&t| a.terms[t as usize] == w)
    }

    /// Every pair of `docs` and the documents holding it, read back from
    /// the pair files as the client reads them.
    fn pairs_of(docs: &[Fields<'_>], count: usize) -> FxHashMap<String, Vec<u32>> {
        let shards = docs
            .chunks(2)
            .enumerate()
            .map(|(n, d)| shard(2 * n as u32, d))
            .collect();
        let index = Index::merge(shards);
        let mut out = FxHashMap::default();
        for (n, file) in files(&index, count).iter().enumerate() {
            let entries: Vec<serde_json::Value> = serde_json::from_str(file).unwrap();
            for e in entries {
                let key = e[0].as_str().unwrap().to_string();
                assert_eq!(hash(&key) as usize % count, n, "{key} is in its file");
                // The documents holding both terms, as the client finds them.
                let (a, b) = key.split_once(SEPARATOR).unwrap();
                let both: Vec<u32> = (0..docs.len() as u32)
                    .filter(|&d| [a, b].iter().all(|w| holds(&docs[d as usize], w)))
                    .collect();
                let mut doc = 0;
                let listed: Vec<u32> = e[1].as_array().map_or(Vec::new(), |gaps| {
                    let gaps = gaps.iter();
                    gaps.map(|g| {
                        doc += g.as_u64().unwrap() as u32;
                        doc
                    })
                    .collect()
                });
                let form = if e[1] == 0 {
                    0
                } else {
                    e.as_array().unwrap().len() - 1
                };
                FORMS.with(|f| f.borrow_mut()[form] = true);
                let held = match form {
                    0 => both,
                    1 => listed,
                    _ => both.into_iter().filter(|d| !listed.contains(d)).collect(),
                };
                assert!(out.insert(key, held).is_none(), "one entry a pair");
            }
        }
        out
    }

    #[test]
    fn a_pair_is_two_adjacent_terms_in_one_field_of_one_sentence() {
        let docs: Vec<Fields<'_>> = vec![
            ["Grant writing", "", "", "Writing a grant."],
            ["", "", "", "The head of the department, head of department"],
            [
                "Grant",
                "",
                "",
                "writing. Grant; writing! grant? writing grant",
            ],
            [
                "",
                "",
                "",
                "grant \"writing\" (grant) writing: grant-writing",
            ],
            ["", "", "", "Grant budgets for writing"],
        ];
        let pairs = pairs_of(&docs, 3);
        assert_eq!(
            pairs[&key("grant", "write")],
            [0, 3],
            "adjacent, in any case, across a hyphen"
        );
        assert_eq!(
            pairs[&key("write", "grant")],
            [0, 2, 3],
            "across a stop word"
        );
        // "head of the department" and "head of department" are one pair.
        assert_eq!(pairs[&key("head", "depart")], [1]);
        // Each of the three forms is used: bare, listed, and all but some.
        assert_eq!(FORMS.with(|f| *f.borrow()), [true, true, true]);
        assert_eq!(
            pairs[&key("depart", "head")],
            [1],
            "a comma does not end a sentence"
        );
        // Not across the end of a field, nor of a sentence.
        assert!(!pairs.contains_key(&key("write", "write")));
        assert_eq!(pairs[&key("grant", "budget")], [4]);
        assert_eq!(pairs[&key("budget", "write")], [4], "across a stop word");
    }

    #[test]
    fn sentences_end_at_stops_before_closing_quotes_and_brackets() {
        for raw in [
            "end.",
            "end!",
            "end?",
            "end;",
            "end:",
            "end.\"",
            "end.)",
            "end?\u{201d}",
            ".",
        ] {
            assert!(ends_sentence(raw), "{raw}");
        }
        for raw in ["end", "end,", "e.g", "(end)", "end\u{2014}", ""] {
            assert!(!ends_sentence(raw), "{raw}");
        }
        let mut a = Analyser::new();
        let (mut terms, mut breaks) = (Vec::new(), Vec::new());
        a.terms_and_breaks("One two. Of. three the four", &mut terms, &mut breaks);
        assert_eq!(terms.len(), 4);
        assert_eq!(breaks, [2]);
        let pairs: Vec<(u32, u32)> = each(&terms, &breaks).collect();
        assert_eq!(pairs, [(terms[0], terms[1]), (terms[2], terms[3])]);
    }

    #[test]
    fn the_hash_is_fnv_1a_as_the_client_computes_it() {
        assert_eq!(hash(""), 0x811c_9dc5);
        assert_eq!(hash("a"), 0xe40c_292c);
        assert_eq!(pair_hash("grant", "write"), hash(&key("grant", "write")));
        assert_eq!(key("grant", "write"), "grant 0 write");
        assert_eq!(part_count(10), 1);
        assert_eq!(part_count(1_000_000), MAX_PARTS);
    }
}
