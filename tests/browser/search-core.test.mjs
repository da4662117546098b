// The search client's core under Node (no browser): the same tokens and
// terms as elasticlunr-rs on a word list the Rust side writes
// (fixtures/search-pipeline.json, checked by `cargo test`), elasticlunr's
// scoring on a small index, the choice of parts, and snippets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  tokenize, trim, stem, term, analyse, analysePairs, pairHash, endsSentence, parseQuery, partOf, partsFor, compare,
  score, scoreDetailed, order, balance, FEW, rank, Part, SearchIndex, highlight, matcher, kindOf, isAbort,
} from '../../themes/default/static/js/search-core.js';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/search-pipeline.json', import.meta.url), 'utf8'));

test('every word of the list gives the term elasticlunr-rs gives', () => {
  assert.ok(fixture.words.length > 1000, 'the list covers the example site');
  const wrong = [];
  for (const [word, expected] of fixture.words) {
    const got = term(word);
    if (got !== expected) wrong.push(`${word}: ${got} (elasticlunr-rs: ${expected})`);
  }
  assert.deepEqual(wrong, []);
});

test('sentences tokenise and analyse as elasticlunr-rs does', () => {
  for (const [text, expected] of fixture.sentences) assert.deepEqual(analyse(text), expected, text);
  assert.deepEqual(tokenize('Work-life\u00a0balance\u2028NOW  x'), ['work', 'life', 'balance', 'now', 'x']);
  // U+FEFF is not whitespace to Rust, so it stays inside the token.
  assert.deepEqual(tokenize('a\ufeffb'), ['a\ufeffb']);
  assert.deepEqual(tokenize(`short ${'x'.repeat(65)} ok`), ['short', 'ok']);
});

test('texts make the pairs for phrases that the index makes, in the same files', () => {
  assert.ok(fixture.pairs.length >= 7);
  for (const [text, pairs, hashes] of fixture.pairs) {
    assert.deepEqual(analysePairs(text).pairs, pairs, text);
    assert.deepEqual(pairs.map(pairHash), hashes, text);
  }
  assert.equal(endsSentence('end.\u201d'), true);
  assert.equal(endsSentence('e.g'), false);
});

test('a phrase is its words and their pairs; stop words between them do not count', () => {
  const q = parseQuery('"head of the department" "grant writing support" "leadership" other');
  assert.deepEqual(q.phrases, [['head', 'depart'], ['grant', 'write', 'support'], ['leadership']]);
  assert.deepEqual(q.pairs, ['head 0 depart', 'grant 0 write', 'write 0 support']);
  assert.deepEqual(parseQuery('"head of department"').pairs, ['head 0 depart']);
  // A sentence's end inside the quotes ends the run of pairs.
  assert.deepEqual(parseQuery('"grant. writing"').pairs, []);
  // An open quote is not a phrase yet.
  assert.deepEqual(parseQuery('"grant writ').pairs, []);
});

test('the trimmer, stop words and stemmer each do their part', () => {
  assert.equal(trim('[[!@#@!hello]]]}}}'), 'hello');
  assert.equal(trim("it's"), "it's");
  assert.equal(term('the'), null);
  assert.equal(term('...'), null);
  assert.equal(stem('funding'), 'fund');
  assert.equal(stem('funded'), 'fund');
  assert.equal(stem('mentors'), 'mentor');
  assert.equal(stem('by'), 'by');
  assert.equal(stem('leeshyy'), 'leeshyi');
  assert.equal(term('Fellowships'.toLowerCase()), 'fellowship');
});

test('a query gives its terms once each, and the word being typed as a prefix', () => {
  assert.deepEqual(parseQuery('Funding for funded fellowsh'), { terms: ['fund', 'fellowsh'], prefix: 'fellowsh', phrases: [], pairs: [] });
  assert.deepEqual(parseQuery('funding '), { terms: ['fund'], prefix: null, phrases: [], pairs: [] });
  assert.deepEqual(parseQuery('the of'), { terms: [], prefix: null, phrases: [], pairs: [] });
  assert.deepEqual(parseQuery('fe'), { terms: ['fe'], prefix: null, phrases: [], pairs: [] });
  assert.deepEqual(parseQuery('fellowsh', { typing: false }), { terms: ['fellowsh'], prefix: null, phrases: [], pairs: [] });
  // Words in quotes (straight or curly) are a phrase; the quote ends the word being typed.
  assert.deepEqual(parseQuery('"grant writing" help'), { terms: ['grant', 'write', 'help'], prefix: 'help', phrases: [['grant', 'write']], pairs: ['grant 0 write'] });
  assert.deepEqual(parseQuery('\u201cGrant Writing\u201d'), { terms: ['grant', 'write'], prefix: null, phrases: [['grant', 'write']], pairs: ['grant 0 write'] });
});

test('terms are found in the right part, in the index’s code-point order', () => {
  const parts = ['0', 'deal', 'mentor', 'z'];
  assert.equal(partOf(parts, 'academ'), 0);
  assert.equal(partOf(parts, 'deal'), 1);
  assert.equal(partOf(parts, 'fund'), 1);
  assert.equal(partOf(parts, 'mentor'), 2);
  assert.equal(partOf(parts, 'zz'), 3);
  assert.ok(compare('\uffff', '\u{1f642}') < 0, 'astral characters sort last, as in UTF-8');
  const manifest = { parts };
  assert.deepEqual(partsFor(manifest, ['fund'], null), [1]);
  assert.deepEqual(partsFor(manifest, ['fund'], 'ment'), [1, 2]);
  // A prefix is looked for in at most two parts.
  assert.deepEqual(partsFor({ parts: ['a', 'ab', 'abc', 'abd'] }, [], 'ab'), [1, 2]);
});

// A small index, weights as the Rust side writes them: tf / sqrt(length) * scale.
const SCALE = 10000;
const w = (count, length) => Math.round((Math.sqrt(count) / Math.sqrt(length)) * SCALE);
const manifest = {
  docs: 4,
  scale: SCALE,
  fields: [{ name: 'title', boost: 4 }, { name: 'body', boost: 1 }],
  kinds: [{ kind: 'case-study', label: 'Case study', from: 0, to: 3 }, { kind: 'mentor', label: 'Mentor', from: 3, to: 4 }],
  parts: ['a'],
};
// doc 0: title "fund" (length 2), body fund x2 (length 10); doc 1: body fund (length 20);
// doc 2: body fellowship, fund (length 5); doc 3: title fellowship (length 1).
const postings = {
  fund: [[0, w(1, 2)], [0, w(2, 10), 1, w(1, 20), 1, w(1, 5)]],
  fellowship: [[3, w(1, 1)], [2, w(1, 5)]],
};
const lookup = (t) => postings[t];

test('scores are elasticlunr’s: tf-idf with length norm, coordination and boosts', () => {
  const idf = (df) => 1 + Math.log(4 / (df + 1));
  const s = score(manifest, lookup, ['fund']);
  const close = (a, b) => assert.ok(Math.abs(a - b) < 1e-9, `${a} != ${b}`);
  close(s.get(0), 4 * (w(1, 2) / SCALE) * idf(1) + 1 * (w(2, 10) / SCALE) * idf(3));
  close(s.get(1), (w(1, 20) / SCALE) * idf(3));
  close(s.get(2), (w(1, 5) / SCALE) * idf(3));
  assert.equal(s.has(3), false);
  // Two terms: a document with only one of them in a field gets half that field's score.
  const two = score(manifest, lookup, ['fund', 'fellowship']);
  close(two.get(1), (w(1, 20) / SCALE) * idf(3) * 0.5);
  close(two.get(2), ((w(1, 5) / SCALE) * idf(3) + (w(1, 5) / SCALE) * idf(1)) * 1);
  assert.deepEqual(rank(two).map((r) => r.doc), [3, 0, 2, 1]);
  assert.equal(kindOf(manifest, 3).kind, 'mentor');
});

test('a prefix matches longer terms, at elasticlunr’s penalty', () => {
  const s = score(manifest, lookup, ['fellow'], 'fellow', ['fellowship']);
  const penalty = (1 - (10 - 6) / 10) * 0.15;
  const idf1 = 1 + Math.log(4 / 2);
  assert.ok(Math.abs(s.get(3) - 4 * (w(1, 1) / SCALE) * idf1 * penalty) < 1e-9);
  assert.ok(s.get(2) < s.get(3));
});

test('results holding every word come first and are what is counted', () => {
  const detail = scoreDetailed(manifest, lookup, ['fund', 'fellowship']);
  // Only document 2 holds both words; the others hold one.
  const { results, all, some } = order(detail);
  assert.equal(all, 1);
  assert.equal(some, 3);
  assert.equal(results[0].doc, 2);
  assert.deepEqual(results.slice(1).map((r) => r.doc).sort(), [0, 1, 3]);
  // One word: everything holding it is "all words".
  const one = order(scoreDetailed(manifest, lookup, ['fund']));
  assert.deepEqual([one.all, one.some], [3, 0]);
  // A word nobody has: nothing holds all words, some hold the others.
  const none = order(scoreDetailed(manifest, lookup, ['fund', 'zebra']));
  assert.deepEqual([none.all, none.some], [0, 3]);
  // Words in a phrase are all required, even among "some of the words".
  const phrase = order(scoreDetailed(manifest, lookup, ['fund', 'fellowship', 'zebra']), [['fund', 'fellowship']]);
  assert.deepEqual(phrase.results.map((r) => r.doc), [2]);
  assert.deepEqual([phrase.all, phrase.some], [0, 1]);
  // With the documents holding the phrase's pairs, only those are results.
  // (Document 0 is not a result: it lacks a word of the phrase.)
  const held = order(scoreDetailed(manifest, lookup, ['fund', 'fellowship', 'zebra']), [['fund', 'fellowship']], new Set([0, 2]));
  assert.deepEqual(held.results.map((r) => r.doc), [2]);
  assert.deepEqual([held.all, held.some], [0, 1]);
  const none2 = order(scoreDetailed(manifest, lookup, ['fund', 'fellowship']), [['fund', 'fellowship']], new Set());
  assert.deepEqual([none2.all, none2.some, none2.results.length], [0, 0, 0]);
  // With FEW or more results for all words, the others are not listed.
  const many = new Map();
  const masks = new Map();
  for (let d = 0; d < FEW + 5; d++) {
    many.set(d, 1);
    masks.set(d, d < FEW ? 3 : 1);
  }
  const big = order({ scores: many, masks, words: ['a', 'b'] });
  assert.deepEqual([big.all, big.some, big.results.length], [FEW, 0, FEW]);
});

test('at most three mentors in the first ten unless the query names one', () => {
  const results = Array.from({ length: 14 }, (_, i) => ({ doc: i }));
  // Documents 0-7 are mentors, 8-13 case studies.
  const isMentor = (d) => d < 8;
  const out = balance(results, isMentor);
  const firstTen = out.slice(0, 10).map((r) => r.doc);
  assert.deepEqual(firstTen, [0, 1, 2, 8, 9, 10, 11, 12, 13, 3]);
  assert.equal(out.length, 14);
  assert.deepEqual(out.map((r) => r.doc).sort((a, b) => a - b), results.map((r) => r.doc));
  assert.deepEqual(balance(results, isMentor, { namesMentor: true }).map((r) => r.doc), results.map((r) => r.doc));
});

test('the index loads only the parts and records a query needs, and texts on demand', async () => {
  const files = {
    '/m.json': { ...manifest, path: '/i/', version: 'v1', parts: ['a', 'g'], recordSize: 2, textSize: 2, themes: [] },
    '/i/t-0.json?v=v1': [['fund', postings.fund]],
    '/i/t-1.json?v=v1': [['grant', [[], [0, 5000]]]],
    '/i/r-0.json?v=v1': [['/a/', 'A', [], 'fund fund'], ['/b/', 'B', [], 'x']],
    '/i/r-1.json?v=v1': [['/c/', 'C', [], 'y'], ['/d/', 'D', [], 'z']],
    '/i/x-0.json?v=v1': ['the text of A', 'the text of B'],
  };
  const fetched = [];
  const fetchJson = async (url, { signal } = {}) => {
    fetched.push(url);
    if (signal?.aborted) throw new DOMException('cancelled', 'AbortError');
    return structuredClone(files[url]);
  };
  const index = await SearchIndex.load('/m.json', fetchJson);
  const found = await index.search('funding ');
  assert.deepEqual(fetched, ['/m.json', '/i/t-0.json?v=v1']);
  assert.deepEqual(found.results.map((r) => r.doc), [0, 2, 1]);
  assert.deepEqual([found.all, found.some, found.mentors, found.namesMentor], [3, 0, 0, false]);
  const records = await index.records([0, 1]);
  assert.deepEqual(records.map((d) => d.url), ['/a/', '/b/']);
  assert.equal(records[0].excerpt, 'fund fund');
  assert.equal(fetched.filter((u) => u.includes('/r-')).length, 1, 'one shard for two records of it');
  assert.equal(fetched.filter((u) => u.includes('/x-')).length, 0, 'no text until a snippet needs it');
  assert.deepEqual(await index.texts([1]), ['the text of B']);
  // A cancelled fetch is not kept: the next query fetches the file again.
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(index.records([2], controller.signal), (e) => isAbort(e));
  assert.equal((await index.records([2]))[0].title, 'C');
  assert.equal(fetched.filter((u) => u.includes('/r-1')).length, 2);
  await index.search('grants');
  await index.search('fund grant');
  assert.equal(fetched.filter((u) => u.includes('/t-')).length, 2, 'each part fetched once');
  assert.equal(fetched.filter((u) => u.includes('/p-')).length, 0, 'no pair file without a phrase');
});

test('a quoted phrase fetches the files of its pairs and keeps the documents holding them all', async () => {
  const pairFile = (k) => `/i/p-${pairHash(k) % 3}.json?v=v1`;
  const files = {
    '/m.json': { ...manifest, path: '/i/', version: 'v1', parts: ['a', 'g'], recordSize: 2, textSize: 2, themes: [], pairs: 3 },
    '/i/t-0.json?v=v1': [['fund', postings.fund]],
    '/i/t-1.json?v=v1': [['grant', [[0, 5000], [0, 5000, 2, 5000]]]],
  };
  for (let n = 0; n < 3; n++) files[`/i/p-${n}.json?v=v1`] = [];
  // The three forms: the documents holding the pair; those holding both
  // words but not the pair; nothing, when every page with both holds it.
  files[pairFile('fund 0 grant')].push(['fund 0 grant', [2]]);
  files[pairFile('grant 0 fund')].push(['grant 0 fund', [2], 1]);
  files[pairFile('fund 0 fund')].push(['fund 0 fund', 0]);
  const fetched = [];
  const fetchJson = async (url) => {
    fetched.push(url);
    return structuredClone(files[url]);
  };
  const index = await SearchIndex.load('/m.json', fetchJson);
  const words = await index.search('funding grants');
  assert.equal(words.all, 2);
  const phrase = await index.search('"funding grants"');
  assert.deepEqual(phrase.results.map((r) => r.doc), [2]);
  assert.deepEqual([phrase.all, phrase.some], [1, 0]);
  assert.ok(fetched.includes(pairFile('fund 0 grant')), fetched.join(' '));
  const reversed = await index.search('"grants for funding"');
  assert.deepEqual(reversed.results.map((r) => r.doc), [0]);
  assert.equal((await index.search('"funding grants funding"')).results.length, 0, 'both pairs, on one page');
  assert.equal((await index.search('"grant zebra"')).results.length, 0);
  assert.deepEqual((await index.search('"funding funds"')).results.map((r) => r.doc), [0, 2, 1]);
});

test('snippets keep the stretch with the most matches and mark the words, not their punctuation', () => {
  const text = 'Intro words here. Nothing to see. Later the mentor helped with funding, and funded bids (funders!) followed soon after that year.';
  const isMatch = matcher(['fund', 'mentor'], null);
  const segs = highlight(text, isMatch, { max: 10 });
  const marked = segs.filter((s) => s.mark).map((s) => s.text);
  assert.deepEqual(marked, ['mentor', 'funding', 'funded']);
  assert.equal(segs[0].text.startsWith('… '), true);
  assert.equal(segs[segs.length - 1].text.endsWith(' …'), true);
  const joined = segs.map((s) => s.text).join('');
  assert.ok(joined.includes('with funding, and'), joined);
  // Without a limit, the whole text; without matches, the start.
  assert.equal(highlight('a b c', isMatch).map((s) => s.text).join(''), 'a b c');
  assert.equal(highlight('one two three four', () => false, { max: 2 }).map((s) => s.text).join(''), 'one two …');
  // A prefix being typed marks the words it begins.
  const typing = highlight('Fellowships and fellows', matcher(['fellowsh'], 'fellowsh'));
  assert.deepEqual(typing.filter((s) => s.mark).map((s) => s.text), ['Fellowships']);
  // Markup is text: segments carry it verbatim, for text nodes.
  const xss = highlight('<img src=x onerror=alert(1)>', matcher(['img'], null));
  assert.equal(xss.map((s) => s.text).join(''), '<img src=x onerror=alert(1)>');
  assert.deepEqual(xss.filter((s) => s.mark).map((s) => s.text), ['img']);
});

test('a part lists the terms a prefix begins', () => {
  const p = new Part([['fell', []], ['fellow', []], ['fellowship', []], ['felt', []]]);
  assert.deepEqual(p.withPrefix('fellow'), ['fellow', 'fellowship']);
  assert.deepEqual(p.withPrefix('zz'), []);
});
