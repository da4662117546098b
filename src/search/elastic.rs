//! The index built by `elasticlunr::Index` itself: each shard of documents
//! added with `add_doc` (its English pipeline), then read back from the
//! index's JSON form, elasticlunr's published interface (its inverted
//! index is private). The build uses `analyse`, which gives the same
//! postings several times faster; this is the reference the tests hold it
//! to, and what `docs/search.md` measures it against.

use std::collections::BTreeMap;
use std::fmt;

use elasticlunr::IndexBuilder;
use rayon::prelude::*;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use super::analyse::{Built, Fields, Postings};
use super::text;

/// Documents per elasticlunr index.
const SHARD: usize = 256;

/// What `elasticlunr::Index` makes of `docs` (document `i` has reference `i`).
pub fn reference(docs: &[Fields<'_>]) -> Built {
    let shards: Vec<Shard> = docs
        .par_chunks(SHARD)
        .enumerate()
        .map(|(n, chunk)| index_shard((n * SHARD) as u32, chunk))
        .collect();
    let mut lengths = vec![[0u32; super::FIELDS.len()]; docs.len()];
    let mut by_term: BTreeMap<String, Postings> = BTreeMap::new();
    for shard in shards {
        for (d, l) in shard.lengths {
            if let Some(slot) = lengths.get_mut(d as usize) {
                *slot = l;
            }
        }
        for (f, terms) in shard.fields.into_iter().enumerate() {
            for (term, postings) in terms {
                let entry = by_term
                    .entry(term)
                    .or_insert_with(|| vec![Vec::new(); super::FIELDS.len()]);
                entry[f].extend(postings);
            }
        }
    }
    Built {
        terms: by_term.into_iter().collect(),
        lengths,
    }
}

/// Terms in order, each with its `(document, tf)` by document.
type Terms = Vec<(String, Vec<(u32, f32)>)>;

/// One shard read back from its elasticlunr index.
#[derive(Debug, Default)]
struct Shard {
    /// Per field: terms in order, each with its `(document, tf)` by document.
    fields: Vec<Terms>,
    lengths: Vec<(u32, [u32; super::FIELDS.len()])>,
}

fn index_shard(first: u32, docs: &[Fields<'_>]) -> Shard {
    // elasticlunr's English language and pipeline; the tokeniser is its
    // own but for dropping over-long tokens, as ours does.
    let mut builder = IndexBuilder::new().save_docs(false).set_ref("id");
    for f in super::FIELDS {
        builder = builder.add_field_with_tokenizer(f.name, Box::new(text::tokenize));
    }
    let mut index = builder.build();
    for (i, d) in docs.iter().enumerate() {
        index.add_doc(&(first as usize + i).to_string(), d.iter());
    }
    let json = index.to_json();
    let mut de = serde_json::Deserializer::from_str(&json);
    let mut shard = Shard::default();
    ShardSeed(&mut shard)
        .deserialize(&mut de)
        .expect("elasticlunr's own JSON reads back");
    shard
}

// ---- Reading an index's JSON without building a tree of values ----

struct ShardSeed<'s>(&'s mut Shard);

impl<'de> DeserializeSeed<'de> for ShardSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ShardSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an elasticlunr index")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<&str>()? {
            match key {
                "index" => map.next_value_seed(FieldsSeed(&mut self.0.fields))?,
                "documentStore" => map.next_value_seed(StoreSeed(&mut self.0.lengths))?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// `"index": {"title": {"root": node}, ...}`.
struct FieldsSeed<'s>(&'s mut Vec<Terms>);

impl<'de> DeserializeSeed<'de> for FieldsSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FieldsSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the inverted index of each field")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        *self.0 = vec![Vec::new(); super::FIELDS.len()];
        while let Some(field) = map.next_key::<&str>()? {
            let Some(f) = super::FIELDS.iter().position(|x| x.name == field) else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            map.next_value_seed(RootSeed(&mut self.0[f]))?;
        }
        Ok(())
    }
}

/// `{"root": node}`.
struct RootSeed<'s>(&'s mut Terms);

impl<'de> DeserializeSeed<'de> for RootSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RootSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an inverted index")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<&str>()? {
            if key == "root" {
                let mut prefix = String::new();
                map.next_value_seed(NodeSeed {
                    prefix: &mut prefix,
                    out: self.0,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// A trie node: `{"docs": {ref: {"tf": x}}, "df": n, <char>: node, ...}`.
/// Terms come out in order because children are keyed by character in a
/// sorted map.
struct NodeSeed<'s> {
    prefix: &'s mut String,
    out: &'s mut Terms,
}

impl<'de> DeserializeSeed<'de> for NodeSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for NodeSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a node of the inverted index")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            match key.as_ref() {
                "docs" => {
                    let docs: BTreeMap<&str, Tf> = map.next_value()?;
                    if !docs.is_empty() {
                        let mut postings = docs
                            .into_iter()
                            .map(|(r, tf)| {
                                r.parse::<u32>()
                                    .map(|d| (d, tf.tf as f32))
                                    .map_err(|_| de::Error::custom("a reference that is not ours"))
                            })
                            .collect::<Result<Vec<_>, _>>()?;
                        postings.sort_by_key(|p| p.0);
                        self.out.push((self.prefix.clone(), postings));
                    }
                }
                "df" => {
                    map.next_value::<IgnoredAny>()?;
                }
                ch => {
                    let len = self.prefix.len();
                    self.prefix.push_str(ch);
                    map.next_value_seed(NodeSeed {
                        prefix: self.prefix,
                        out: self.out,
                    })?;
                    self.prefix.truncate(len);
                }
            }
        }
        Ok(())
    }
}

/// A map key, borrowed from the JSON unless it had to be unescaped.
struct Key<'de>(std::borrow::Cow<'de, str>);

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_str(V)
    }
}

#[derive(serde::Deserialize)]
struct Tf {
    tf: f64,
}

/// `"documentStore": {"docInfo": {ref: {field: length}}, ...}`.
struct StoreSeed<'s>(&'s mut Vec<(u32, [u32; super::FIELDS.len()])>);

impl<'de> DeserializeSeed<'de> for StoreSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for StoreSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a document store")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<&str>()? {
            if key != "docInfo" {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let info: BTreeMap<&str, BTreeMap<&str, u32>> = map.next_value()?;
            for (r, fields) in info {
                let d = r
                    .parse::<u32>()
                    .map_err(|_| de::Error::custom("a reference that is not ours"))?;
                let mut l = [0u32; super::FIELDS.len()];
                for (name, n) in fields {
                    if let Some(f) = super::FIELDS.iter().position(|x| x.name == name) {
                        l[f] = n;
                    }
                }
                self.0.push((d, l));
            }
        }
        Ok(())
    }
}
