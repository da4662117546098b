// The query side of casebook's search index, without the DOM: the same
// text pipeline as elasticlunr-rs builds the index with (tokeniser,
// trimmer, English stop words, Porter stemmer), elasticlunr's scoring with
// the index's own weights and boosts, loading the parts a query needs, and
// snippets with the matched words marked. Tested with `node --test`
// (tests/browser/search-core.test.mjs); docs/search.md describes the index.

/** Tokens longer than this many UTF-8 bytes are not in the index. */
export const MAX_TOKEN_BYTES = 64;

/** elasticlunr's English stop words. */
export const STOP_WORDS = new Set([
  'a', 'able', 'about', 'across', 'after', 'all', 'almost', 'also', 'am', 'among', 'an', 'and',
  'any', 'are', 'as', 'at', 'be', 'because', 'been', 'but', 'by', 'can', 'cannot', 'could',
  'dear', 'did', 'do', 'does', 'either', 'else', 'ever', 'every', 'for', 'from', 'get', 'got',
  'had', 'has', 'have', 'he', 'her', 'hers', 'him', 'his', 'how', 'however', 'i', 'if', 'in',
  'into', 'is', 'it', 'its', 'just', 'least', 'let', 'like', 'likely', 'may', 'me', 'might',
  'most', 'must', 'my', 'neither', 'no', 'nor', 'not', 'of', 'off', 'often', 'on', 'only', 'or',
  'other', 'our', 'own', 'rather', 'said', 'say', 'says', 'she', 'should', 'since', 'so',
  'some', 'than', 'that', 'the', 'their', 'them', 'then', 'there', 'these', 'they', 'this',
  'tis', 'to', 'too', 'twas', 'us', 'wants', 'was', 'we', 'were', 'what', 'when', 'where',
  'which', 'while', 'who', 'whom', 'why', 'will', 'with', 'would', 'yet', 'you', 'your',
]);

// Rust's `char::is_whitespace` (Unicode White_Space), and `-`: JavaScript's
// `\s` also matches U+FEFF, which Rust does not split on.
const SEPARATOR = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000-]+/u;
const SEPARATORS = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000-]+/gu;

/** UTF-8 length of `s`. */
export function utf8Length(s) {
  if (s.length * 3 <= MAX_TOKEN_BYTES) return s.length; // only a bound is needed below
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/** elasticlunr's tokeniser: split on whitespace and `-`, lower case. */
export function tokenize(text) {
  const out = [];
  for (const raw of String(text).split(SEPARATOR)) {
    if (raw === '' || utf8Length(raw) > MAX_TOKEN_BYTES) continue;
    out.push(raw.toLowerCase());
  }
  return out;
}

/** elasticlunr's trimmer: strips all but ASCII letters, digits and `_` from both ends. */
export function trim(token) {
  return token.replace(/^[^A-Za-z0-9_]+/, '').replace(/[^A-Za-z0-9_]+$/, '');
}

// ---- The Porter stemmer, as elasticlunr-rs has it ----
// elasticlunr-rs stems the UTF-8 bytes of a word, so this does too: a
// non-ASCII character is a run of consonant bytes, and lengths are bytes.

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const A = (s) => encoder.encode(s);
const VOWELS = new Set([97, 101, 105, 111, 117]); // a e i o u

class Porter {
  constructor(bytes) {
    this.b = bytes;
    this.k = bytes.length;
    this.j = 0;
  }
  cons(i) {
    const c = this.b[i];
    if (VOWELS.has(c)) return false;
    if (c === 121) return i === 0 ? true : !this.cons(i - 1); // y
    return true;
  }
  measure() {
    let n = 0;
    let i = 0;
    const j = this.j;
    for (;;) {
      if (i >= j) return n;
      if (!this.cons(i)) break;
      i++;
    }
    i++;
    for (;;) {
      for (;;) {
        if (i >= j) return n;
        if (this.cons(i)) break;
        i++;
      }
      i++;
      n++;
      for (;;) {
        if (i >= j) return n;
        if (!this.cons(i)) break;
        i++;
      }
      i++;
    }
  }
  hasVowel() {
    for (let i = 0; i < this.j; i++) if (!this.cons(i)) return true;
    return false;
  }
  doubleConsonant(i) {
    return i >= 1 && this.b[i] === this.b[i - 1] && this.b[i] < 128 && this.cons(i);
  }
  cvc(i) {
    if (i < 2 || !this.cons(i) || this.cons(i - 1) || !this.cons(i - 2)) return false;
    const c = this.b[i];
    return c !== 119 && c !== 120 && c !== 121; // w x y
  }
  ends(s) {
    const len = s.length;
    if (len > this.k) return false;
    for (let i = 0; i < len; i++) if (this.b[this.k - len + i] !== s.charCodeAt(i)) return false;
    this.j = this.k - len;
    return true;
  }
  setTo(s) {
    for (let i = 0; i < s.length; i++) this.b[this.j + i] = s.charCodeAt(i);
    this.k = this.j + s.length;
  }
  r(s) {
    if (this.measure() > 0) this.setTo(s);
  }
  step1ab() {
    if (this.b[this.k - 1] === 115) { // s
      if (this.ends('sses')) this.k -= 2;
      else if (this.ends('ies')) this.setTo('i');
      else if (this.b[this.k - 2] !== 115) this.k -= 1;
    }
    if (this.ends('eed')) {
      if (this.measure() > 0) this.k -= 1;
    } else if ((this.ends('ed') || this.ends('ing')) && this.hasVowel()) {
      this.k = this.j;
      if (this.ends('at')) this.setTo('ate');
      else if (this.ends('bl')) this.setTo('ble');
      else if (this.ends('iz')) this.setTo('ize');
      else if (this.doubleConsonant(this.k - 1)) {
        this.k -= 1;
        const c = this.b[this.k - 1];
        if (c === 108 || c === 115 || c === 122) this.k += 1; // l s z
      } else if (this.measure() === 1 && this.cvc(this.k - 1)) this.setTo('e');
    }
  }
  step1c() {
    if (this.k > 2 && this.ends('y') && !VOWELS.has(this.b[this.k - 2])) this.b[this.k - 1] = 105; // i
  }
  step2() {
    if (this.k < 2) return;
    switch (String.fromCharCode(this.b[this.k - 2])) {
      case 'a':
        if (this.ends('ational')) { this.r('ate'); return; }
        if (this.ends('tional')) this.r('tion');
        break;
      case 'c':
        if (this.ends('enci')) { this.r('ence'); return; }
        if (this.ends('anci')) this.r('ance');
        break;
      case 'e':
        if (this.ends('izer')) this.r('ize');
        break;
      case 'l':
        if (this.ends('bli')) { this.r('ble'); return; }
        if (this.ends('alli')) { this.r('al'); return; }
        if (this.ends('entli')) { this.r('ent'); return; }
        if (this.ends('eli')) { this.r('e'); return; }
        if (this.ends('ousli')) this.r('ous');
        break;
      case 'o':
        if (this.ends('ization')) { this.r('ize'); return; }
        if (this.ends('ation')) { this.r('ate'); return; }
        if (this.ends('ator')) this.r('ate');
        break;
      case 's':
        if (this.ends('alism')) { this.r('al'); return; }
        if (this.ends('iveness')) { this.r('ive'); return; }
        if (this.ends('fulness')) { this.r('ful'); return; }
        if (this.ends('ousness')) this.r('ous');
        break;
      case 't':
        if (this.ends('aliti')) { this.r('al'); return; }
        if (this.ends('iviti')) { this.r('ive'); return; }
        if (this.ends('biliti')) this.r('ble');
        break;
      case 'g':
        if (this.ends('logi')) this.r('log');
        break;
      default:
    }
  }
  step3() {
    switch (String.fromCharCode(this.b[this.k - 1])) {
      case 'e':
        if (this.ends('icate')) { this.r('ic'); return; }
        if (this.ends('ative')) { this.r(''); return; }
        if (this.ends('alize')) this.r('al');
        break;
      case 'i':
        if (this.ends('iciti')) this.r('ic');
        break;
      case 'l':
        if (this.ends('ical')) { this.r('ic'); return; }
        if (this.ends('ful')) this.r('');
        break;
      case 's':
        if (this.ends('ness')) this.r('');
        break;
      default:
    }
  }
  step4() {
    if (this.k < 2) return;
    let matched;
    switch (String.fromCharCode(this.b[this.k - 2])) {
      case 'a': matched = this.ends('al'); break;
      case 'c': matched = this.ends('ance') || this.ends('ence'); break;
      case 'e': matched = this.ends('er'); break;
      case 'i': matched = this.ends('ic'); break;
      case 'l': matched = this.ends('able') || this.ends('ible'); break;
      case 'n': matched = this.ends('ant') || this.ends('ement') || this.ends('ment') || this.ends('ent'); break;
      case 'o':
        matched = (this.ends('ion') && this.j > 0 && (this.b[this.j - 1] === 115 || this.b[this.j - 1] === 116))
          || this.ends('ou');
        break;
      case 's': matched = this.ends('ism'); break;
      case 't': matched = this.ends('ate') || this.ends('iti'); break;
      case 'u': matched = this.ends('ous'); break;
      case 'v': matched = this.ends('ive'); break;
      case 'z': matched = this.ends('ize'); break;
      default: matched = false;
    }
    if (matched && this.measure() > 1) this.k = this.j;
  }
  step5() {
    this.j = this.k;
    if (this.b[this.k - 1] === 101) { // e
      const a = this.measure();
      if (a > 1 || (a === 1 && !this.cvc(this.k - 2))) this.k -= 1;
    }
    if (this.b[this.k - 1] === 108 && this.doubleConsonant(this.k - 1) && this.measure() > 1) this.k -= 1;
  }
}

/** The Porter stemmer of elasticlunr-rs (words of two bytes or fewer are kept). */
export function stem(word) {
  const bytes = A(word);
  if (bytes.length <= 2) return word;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 65 && bytes[i] <= 90) bytes[i] += 32;
  const p = new Porter(bytes);
  p.step1ab();
  p.step1c();
  p.step2();
  p.step3();
  p.step4();
  p.step5();
  return decoder.decode(bytes.subarray(0, p.k));
}

const pipelineMemo = new Map();

/** The pipeline on one lower-cased token: its term, or null when dropped. */
export function term(token) {
  let t = pipelineMemo.get(token);
  if (t !== undefined) return t;
  const trimmed = trim(token);
  t = trimmed === '' || STOP_WORDS.has(trimmed) ? null : stem(trimmed);
  if (pipelineMemo.size > 50000) pipelineMemo.clear();
  pipelineMemo.set(token, t);
  return t;
}

/** Tokeniser and pipeline: the terms of `text`, in order. */
export function analyse(text) {
  const out = [];
  for (const tok of tokenize(text)) {
    const t = term(tok);
    if (t !== null) out.push(t);
  }
  return out;
}

/** Whether a raw token ends a sentence (`.!?;:` before closing quotes or brackets): no phrase runs across it. */
export function endsSentence(raw) {
  return /[.!?;:]["')\]\u2019\u201d]*$/u.test(raw);
}

/** What joins the two terms of a pair's key (src/search/pairs.rs): no term holds a space; the 0 keeps the anonymisation scan from reading the terms as a name. */
export const PAIR_SEPARATOR = ' 0 ';

/**
 * The terms of `text` in order and its adjacent pairs, as the index makes
 * them (src/search/pairs.rs): two terms are a pair when only words the
 * pipeline drops (stop words, punctuation) stand between them and no
 * sentence ends between them. Returns {terms, pairs: ['a b', ...]}.
 */
export function analysePairs(text) {
  const terms = [];
  const pairs = [];
  let broken = true;
  for (const raw of String(text).split(SEPARATOR)) {
    const t = raw === '' || utf8Length(raw) > MAX_TOKEN_BYTES ? null : term(raw.toLowerCase());
    if (t !== null) {
      if (!broken) pairs.push(`${terms[terms.length - 1]}${PAIR_SEPARATOR}${t}`);
      terms.push(t);
      broken = false;
    }
    if (endsSentence(raw)) broken = true;
  }
  return { terms, pairs };
}

/** FNV-1a (32 bits) of `key`'s UTF-8 bytes: which pair file holds a pair is this modulo the manifest's `pairs`. */
export function pairHash(key) {
  let h = 0x811c9dc5;
  for (const b of encoder.encode(key)) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * The terms of a query, each once, and the last one's prefix when the
 * reader may still be typing it (no space after it): that one also
 * matches longer terms, as elasticlunr's `expand` does. Words in double
 * quotes are a phrase: `phrases` holds the terms of each, in order, and
 * `pairs` the adjacent pairs a page must hold for every phrase.
 */
export function parseQuery(q, { typing = true } = {}) {
  const text = String(q ?? '');
  const tokens = tokenize(text.replace(/["\u201c\u201d]/gu, ' '));
  const terms = [];
  for (const tok of tokens) {
    const t = term(tok);
    if (t !== null && !terms.includes(t)) terms.push(t);
  }
  const phrases = [];
  const pairs = [];
  for (const m of text.matchAll(/["\u201c]([^"\u201d]*)["\u201d]/gu)) {
    const p = analysePairs(m[1]);
    if (p.terms.length) phrases.push(p.terms);
    for (const k of p.pairs) if (!pairs.includes(k)) pairs.push(k);
  }
  let prefix = null;
  if (typing && tokens.length && !/[\s"\u201d-]$/u.test(text)) {
    const last = trim(tokens[tokens.length - 1]);
    if (last.length >= 3 && !STOP_WORDS.has(last)) prefix = last;
  }
  return { terms, prefix, phrases, pairs };
}

/**
 * What a prefix being typed expands from: the word as typed and its stem
 * (`fellowsh` extends to `fellowship`; `funding` stems to `fund`, which
 * `funder` extends).
 */
export function prefixes(prefix) {
  if (prefix === null) return [];
  const s = stem(prefix);
  return s === prefix || s.length < 3 ? [prefix] : [prefix, s];
}

/** Compares strings by code point, as the index (Rust's byte order) sorts terms. */
export function compare(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // Surrogates (astral characters) sort after the rest of the BMP in code-point order.
      const sx = x >= 0xd800 && x <= 0xdfff;
      const sy = y >= 0xd800 && y <= 0xdfff;
      if (sx !== sy) return sx ? 1 : -1;
      return x < y ? -1 : 1;
    }
  }
  return a.length - b.length;
}

/** The number of the part that holds `t` (the last part whose first term is not after it). */
export function partOf(parts, t) {
  let lo = 0;
  let hi = parts.length - 1;
  if (hi < 0) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (compare(parts[mid], t) <= 0) lo = mid; else hi = mid - 1;
  }
  return lo;
}

/** A loaded part: its terms in order and their posting lists. */
export class Part {
  constructor(entries) {
    this.terms = entries.map((e) => e[0]);
    this.postings = new Map(entries.map((e) => [e[0], e[1]]));
  }
  /** Terms starting with `prefix`, in order. */
  withPrefix(prefix) {
    let lo = 0;
    let hi = this.terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(this.terms[mid], prefix) < 0) lo = mid + 1; else hi = mid;
    }
    const out = [];
    for (let i = lo; i < this.terms.length && this.terms[i].startsWith(prefix); i++) out.push(this.terms[i]);
    return out;
  }
}

/**
 * elasticlunr's score (boolean OR): for each field, each query term adds
 * `weight * idf` for the documents it is in, where `weight` is the index's
 * `tf / sqrt(field length)` and `idf = 1 + ln(docs / (df + 1))`; a term
 * matched only as a longer word (the prefix being typed) counts
 * `0.15 * (1 - extra letters / its length)` as much; the field's sum is
 * scaled by the share of query terms the document has (coordNorm) and by
 * the field's boost, and fields add up.
 *
 * `lookup(t)` gives a term's postings (or undefined); `expansions` are the
 * index terms that extend `prefix`. Returns Map document -> score.
 */
export function score(manifest, lookup, terms, prefix = null, expansions = []) {
  return scoreDetailed(manifest, lookup, terms, prefix, expansions).scores;
}

/**
 * `score`, and which query words each document holds: `masks` (any
 * field) and `titleMasks` (the title), one bit per query word in the
 * order of `words` (the terms, then the prefix being typed when it is
 * not one of them). A word being typed counts as held when the document
 * has a longer word it begins.
 */
export function scoreDetailed(manifest, lookup, terms, prefix = null, expansions = []) {
  const n = manifest.docs;
  const scores = new Map();
  const masks = new Map();
  const titleMasks = new Map();
  const queries = terms.map((t) => ({ token: t, keys: [t] }));
  if (prefix !== null) {
    // The word being typed is one query term: its stem (when that is a
    // term) plus every longer term it begins.
    const own = queries.find((q) => q.token === stem(prefix)) ?? queries.find((q) => q.token === prefix);
    const q = own ?? { token: prefix, keys: [] };
    for (const e of expansions) if (!q.keys.includes(e)) q.keys.push(e);
    if (!own) queries.push(q);
  }
  const count = queries.length;
  const words = queries.map((q) => q.token);
  if (!count) return { scores, masks, titleMasks, words };
  manifest.fields.forEach((field, f) => {
    const fieldScores = new Map();
    const matched = new Map();
    queries.forEach((q, bit) => {
      for (const key of q.keys) {
        const postings = lookup(key)?.[f];
        if (!postings || !postings.length) continue;
        const df = postings.length / 2;
        const idf = 1 + Math.log(n / (df + 1));
        const exact = key === q.token;
        const penalty = exact ? 1 : (1 - (key.length - q.token.length) / key.length) * 0.15;
        let doc = 0;
        for (let i = 0; i < postings.length; i += 2) {
          doc += postings[i];
          const s = (postings[i + 1] / manifest.scale) * idf * penalty;
          fieldScores.set(doc, (fieldScores.get(doc) ?? 0) + s);
          if (exact) matched.set(doc, (matched.get(doc) ?? 0) + 1);
          masks.set(doc, (masks.get(doc) ?? 0) | (1 << bit));
          if (f === 0) titleMasks.set(doc, (titleMasks.get(doc) ?? 0) | (1 << bit));
        }
      }
    });
    if (!field.boost) return;
    for (const [doc, s] of fieldScores) {
      const m = matched.get(doc);
      const norm = m === undefined ? 1 : m / count;
      scores.set(doc, (scores.get(doc) ?? 0) + s * norm * field.boost);
    }
  });
  return { scores, masks, titleMasks, words };
}

/** The number of bits set in `m`. */
function bits(m) {
  let n = 0;
  for (; m; m &= m - 1) n++;
  return n;
}

/** Below this many results for all words, results with some of them follow. */
export const FEW = 10;

/**
 * Results in order: every document holding all the query's words, best
 * first; then, when those are fewer than `FEW`, the documents holding some
 * of them (most words first). A phrase's words are always all required,
 * and with `holds` (the documents holding every phrase's pairs, a Set) so
 * are its pairs. Returns {results: [{doc, score}], all, some}: `all`
 * counts the first group, `some` the second (0 when it is not listed).
 */
export function order(detail, phrases = [], holds = null) {
  const { scores, masks, words } = detail;
  const full = words.length >= 31 ? -1 : (1 << words.length) - 1;
  let required = 0;
  for (const p of phrases) for (const t of p) {
    const i = words.indexOf(t);
    if (i >= 0) required |= 1 << i;
  }
  const all = [];
  const some = [];
  for (const [doc, m] of masks) {
    if (holds !== null && !holds.has(doc)) continue;
    const s = scores.get(doc) ?? 0;
    if ((m & full) === full) all.push({ doc, score: s });
    else if ((m & required) === required) some.push({ doc, score: s, held: bits(m) });
  }
  all.sort((a, b) => b.score - a.score || a.doc - b.doc);
  if (all.length >= FEW) return { results: all, all: all.length, some: 0 };
  some.sort((a, b) => b.held - a.held || b.score - a.score || a.doc - b.doc);
  for (const r of some) delete r.held;
  return { results: all.concat(some), all: all.length, some: some.length };
}

/**
 * Mentors are one kind among several: in the first `first` results at
 * most `max` mentors, the others moved to just after them, unless the
 * query names a mentor. `isMentor(doc)` tells them apart. Returns a new
 * array.
 */
export function balance(results, isMentor, { first = 10, max = 3, namesMentor = false } = {}) {
  if (namesMentor) return results.slice();
  const top = [];
  const held = [];
  let i = 0;
  let mentors = 0;
  for (; i < results.length && top.length < first; i++) {
    const r = results[i];
    if (isMentor(r.doc)) {
      if (mentors >= max) { held.push(r); continue; }
      mentors++;
    }
    top.push(r);
  }
  return top.concat(held, results.slice(i));
}

/** Scores sorted best first (ties: document order), as [{doc, score}]. */
export function rank(scores) {
  return [...scores].map(([doc, s]) => ({ doc, score: s })).sort((a, b) => b.score - a.score || a.doc - b.doc);
}

/** The kind entry of document `doc`. */
export function kindOf(manifest, doc) {
  return manifest.kinds.find((k) => doc >= k.from && doc < k.to) ?? null;
}

/** The documents a term's postings (per field) hold, as a Set. */
function docsOf(postings) {
  const out = new Set();
  for (const list of postings ?? []) {
    let doc = 0;
    for (let i = 0; i < list.length; i += 2) out.add((doc += list[i]));
  }
  return out;
}

/** Which parts a query needs: each term's, and those of the prefix's range (at most two). */
export function partsFor(manifest, terms, prefix) {
  const need = new Set();
  for (const t of terms) need.add(partOf(manifest.parts, t));
  for (const p of prefixes(prefix)) {
    const first = partOf(manifest.parts, p);
    const last = partOf(manifest.parts, `${p}\u{10ffff}`);
    for (let i = first; i <= Math.min(last, first + 1); i++) need.add(i);
  }
  need.delete(-1);
  return [...need].sort((a, b) => a - b);
}

/** Whether `e` is the error of a cancelled fetch. */
export function isAbort(e) {
  return e?.name === 'AbortError';
}

/**
 * A search index over `fetchJson(url, {signal})`, loading each part,
 * record shard and text group once, on demand. Record and text fetches
 * take an AbortSignal: a newer query cancels what an older one still
 * waits for, and a cancelled file is fetched again when next needed.
 */
export class SearchIndex {
  constructor(manifest, fetchJson) {
    this.manifest = manifest;
    this.fetchJson = fetchJson;
    this.parts = new Map();
    this.pairParts = new Map();
    this.stored = new Map();
  }

  static async load(manifestUrl, fetchJson) {
    return new SearchIndex(await fetchJson(manifestUrl, { manifest: true }), fetchJson);
  }

  url(name) {
    return `${this.manifest.path}${name}.json?v=${this.manifest.version}`;
  }

  part(i) {
    if (!this.parts.has(i)) {
      const p = this.fetchJson(this.url(`t-${i}`)).then((entries) => new Part(entries));
      p.catch(() => this.parts.delete(i));
      this.parts.set(i, p);
    }
    return this.parts.get(i);
  }

  /** Pair file `n`: Map pair -> its documents as gaps. */
  pairPart(n) {
    if (!this.pairParts.has(n)) {
      const p = this.fetchJson(this.url(`p-${n}`))
        .then((entries) => new Map(entries.map((e) => [e[0], { list: e[1] === 0 ? undefined : e[1], except: e[2] === 1 }])));
      p.catch(() => this.pairParts.delete(n));
      this.pairParts.set(n, p);
    }
    return this.pairParts.get(n);
  }

  /**
   * The documents holding every pair in `pairs` (a Set), or null with no
   * pairs. `lookup(t)` gives a term's postings: a pair file lists a pair's
   * documents, or those holding both its terms but not the pair, or
   * nothing when every document holding both holds the pair.
   */
  async pairDocs(pairs, lookup) {
    if (!pairs.length) return null;
    const count = this.manifest.pairs ?? 0;
    if (!count) return new Set();
    const files = await Promise.all(pairs.map((k) => this.pairPart(pairHash(k) % count)));
    let held = null;
    pairs.forEach((k, i) => {
      if (held !== null && !held.size) return;
      const entry = files[i].get(k);
      const next = new Set();
      if (entry !== undefined) {
        const [a, b] = k.split(PAIR_SEPARATOR);
        const inB = docsOf(lookup(b));
        const listed = new Set();
        let doc = 0;
        for (const g of entry.list ?? []) listed.add((doc += g));
        const both = entry.list === undefined || entry.except ? [...docsOf(lookup(a))].filter((d) => inB.has(d)) : listed;
        for (const d of both) if (!(entry.except && listed.has(d))) next.add(d);
      }
      held = held === null ? next : new Set([...held].filter((d) => next.has(d)));
    });
    return held;
  }

  /** One stored file (`r-<n>` or `x-<n>`), fetched once unless cancelled. */
  file(name, signal) {
    if (!this.stored.has(name)) {
      const p = this.fetchJson(this.url(name), { signal });
      p.catch(() => this.stored.delete(name));
      this.stored.set(name, p);
    }
    return this.stored.get(name);
  }

  async many(prefix, size, docs, signal) {
    const names = [...new Set(docs.map((d) => Math.floor(d / size)))];
    const loaded = new Map(await Promise.all(names.map(async (g) => [g, await this.file(`${prefix}-${g}`, signal)])));
    return docs.map((d) => loaded.get(Math.floor(d / size))?.[d % size] ?? null);
  }

  /** What results show for `docs`, in that order: [{url, title, themes, excerpt}] (null if missing). */
  async records(docs, signal) {
    const rows = await this.many('r', this.manifest.recordSize, docs, signal);
    return rows.map((r) => (Array.isArray(r) ? { url: r[0], title: r[1], themes: r[2], excerpt: r[3] } : null));
  }

  /** The texts of `docs`, in that order (for snippets). */
  async texts(docs, signal) {
    return this.many('x', this.manifest.textSize, docs, signal);
  }

  /** Ranked results for query `q` (see `rankLoaded`), after loading the parts it needs. */
  async search(q, { typing = true } = {}) {
    const { terms, prefix, phrases, pairs } = parseQuery(q, { typing });
    const numbers = partsFor(this.manifest, terms, prefix);
    const loaded = new Map();
    const lookup = (t) => loaded.get(partOf(this.manifest.parts, t))?.postings.get(t);
    const [holds] = await Promise.all([
      (async () => {
        // The pair files load beside the parts; the pairs are read once both are in.
        await Promise.all(numbers.map(async (i) => loaded.set(i, await this.part(i))));
        return this.pairDocs(pairs, lookup);
      })(),
      ...pairs.map((k) => (this.manifest.pairs ? this.pairPart(pairHash(k) % this.manifest.pairs) : null)),
    ]);
    return this.rankLoaded(terms, prefix, loaded, phrases, holds);
  }

  /**
   * The ranking itself, once the parts are loaded (synchronous: this is
   * what the 50 ms budget times). Returns {terms, prefix, phrases, words
   * (how many words are searched for), results: [{doc, score, kind}],
   * all, some (see `order`), mentors (how many results are mentors),
   * namesMentor (a mentor's name holds every word), isMentor(doc)}.
   * `holds`: the documents holding the phrases' pairs (see `pairDocs`).
   */
  rankLoaded(terms, prefix, loaded, phrases = [], holds = null) {
    const lookup = (t) => loaded.get(partOf(this.manifest.parts, t))?.postings.get(t);
    const expansions = new Set();
    for (const p of prefixes(prefix)) for (const part of loaded.values()) for (const t of part.withPrefix(p)) expansions.add(t);
    const detail = scoreDetailed(this.manifest, lookup, terms, prefix, [...expansions]);
    const { results, all, some } = order(detail, phrases, holds);
    const mentorKind = this.manifest.kinds.find((k) => k.kind === 'mentor');
    const isMentor = (d) => mentorKind !== undefined && d >= mentorKind.from && d < mentorKind.to;
    const full = (1 << detail.words.length) - 1;
    let namesMentor = false;
    let mentors = 0;
    for (const r of results) {
      r.kind = kindOf(this.manifest, r.doc);
      if (isMentor(r.doc)) {
        mentors++;
        if (detail.words.length && ((detail.titleMasks.get(r.doc) ?? 0) & full) === full) namesMentor = true;
      }
    }
    return { terms, prefix, phrases, words: detail.words.length, results, all, some, mentors, namesMentor, isMentor };
  }
}

// ---- Snippets ----

/** A test for words of the text: true when its term is a query term or extends the prefix. */
export function matcher(terms, prefix) {
  const set = new Set(terms);
  const starts = prefixes(prefix);
  return (token) => {
    const t = term(token);
    if (t !== null && set.has(t)) return true;
    return t !== null && starts.some((p) => t.startsWith(p) || trim(token).startsWith(p));
  };
}

/** The words of `text` with their positions: [{start, end, token}]. */
function words(text) {
  const out = [];
  let last = 0;
  SEPARATORS.lastIndex = 0;
  let m;
  const push = (start, end) => {
    if (end > start) out.push({ start, end, token: text.slice(start, end).toLowerCase() });
  };
  while ((m = SEPARATORS.exec(text)) !== null) {
    push(last, m.index);
    last = m.index + m[0].length;
  }
  push(last, text.length);
  return out;
}

/**
 * Text with the matched words marked, as segments [{text, mark}] to be
 * rendered as text nodes and <mark> elements. With `max` words, only the
 * stretch of that many words with the most matches is kept, with `…`
 * where text was cut.
 */
export function highlight(text, isMatch, { max = Infinity } = {}) {
  text = String(text ?? '');
  const ws = words(text);
  const hits = ws.map((w) => isMatch(w.token));
  let from = 0;
  let to = ws.length;
  if (ws.length > max) {
    // The window of `max` words holding the most matches (the earliest
    // wins), starting a few words before its first match for context.
    let best = 0;
    let count = 0;
    for (let i = 0; i < ws.length; i++) {
      if (hits[i]) count++;
      if (i >= max && hits[i - max]) count--;
      const start = i - max + 1;
      if (start >= 0 && count > best) {
        best = count;
        from = start;
      }
    }
    if (best > 0) from = Math.max(from, Math.min(hits.indexOf(true, from) - 4, ws.length - max));
    to = Math.min(ws.length, from + max);
  }
  const segments = [];
  const add = (s, mark) => {
    if (!s) return;
    const prev = segments[segments.length - 1];
    if (prev && prev.mark === mark) prev.text += s;
    else segments.push({ text: s, mark });
  };
  if (!ws.length) return [{ text, mark: false }];
  if (from > 0) add('… ', false);
  let pos = ws[from].start;
  for (let i = from; i < to; i++) {
    const w = ws[i];
    add(text.slice(pos, w.start), false);
    if (hits[i]) {
      // Mark the word without the punctuation around it.
      const raw = text.slice(w.start, w.end);
      const core = trim(raw);
      const at = core ? raw.indexOf(core) : 0;
      add(raw.slice(0, at), false);
      add(core || raw, true);
      add(raw.slice(at + (core || raw).length), false);
    } else {
      add(text.slice(w.start, w.end), false);
    }
    pos = w.end;
  }
  if (to < ws.length) add(' …', false);
  return segments;
}
