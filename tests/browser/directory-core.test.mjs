// Unit tests of the directory's pure logic (themes/default/static/js/directory-core.js):
// decoding, the address-bar state, filtering with counts, and the shortlist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decode, fold, emptyState, parseQuery, toQuery, isEmpty, evaluate, resultText,
  shortlistKey, directoryUrl, storageOf, readShortlist, writeShortlist,
  addToShortlist, removeFromShortlist, moveInShortlist, shortlistText, SHORTLIST_MAX,
} from '../../themes/default/static/js/directory-core.js';

// Shaped like /mentors/directory.json: see docs/directory.md.
const INDEX = {
  version: 1,
  mentor_url: '/m/mentors/',
  fields: ['id', 'name', 'position', 'organisation', 'region', 'disciplines', 'clinical', 'themes', 'shares', 'open'],
  themes: [['career-progression', 'Career progression'], ['research-funding', 'Research funding'], ['networking', 'Networking']],
  disciplines: [['nursing', 'Nursing'], ['primary-care', 'Primary care'], ['public-health', 'Public health']],
  regions: [['london', 'London'], ['wales', 'Wales']],
  shares: [['career-break', 'Career break'], ['neurodivergent', 'Neurodivergent']],
  mentors: [
    ['a', 'Prof José Adams', 'Professor of nursing', 'Glanmor University', 1, [0], 1, [0, 1], [1], 1],
    ['b', 'Dr Bea Brown', 'Reader in primary care', 'Aldergate University London', 0, [1, 2], 0, [0, 2], [0], 1],
    ['c', 'Dr Cai Cole', 'Senior lecturer in public health', 'Glanmor University', 1, [2], 0, [1], [], 1],
    ['d', 'Ms Dee Dunn', 'Consultant nurse', 'Riverbank NHS Trust', -1, [0], -1, [0, 1, 2], [0, 1], 0],
  ],
};
const dir = decode(INDEX);
const ids = (r) => dir.mentors.filter((_, i) => r.matches[i]).map((m) => m.id);
const state = (over) => ({ ...emptyState(), ...over });

test('decode names the fields and builds each mentor address', () => {
  const a = dir.mentors[0];
  assert.equal(a.name, 'Prof José Adams');
  assert.equal(a.region, 1);
  assert.deepEqual(a.themes, [0, 1]);
  assert.equal(a.open, true);
  assert.equal(a.url, '/m/mentors/a/');
  assert.equal(dir.mentors[3].open, false);
  assert.equal(dir.regions[1].label, 'Wales');
});

test('fold ignores case and accents', () => {
  assert.equal(fold('JOSÉ Szabó'), 'jose szabo');
});

test('with nothing chosen, every mentor shows and counts cover everyone', () => {
  const r = evaluate(dir, emptyState());
  assert.equal(r.total, 4);
  assert.deepEqual(r.counts.theme, [3, 3, 2]);
  assert.deepEqual(r.counts.discipline, [2, 1, 2]);
  assert.equal(r.counts.disciplineAny, 4);
  assert.deepEqual(r.counts.region, [1, 2]);
  assert.deepEqual(r.counts.clinical, { any: 4, yes: 1, no: 2 });
  assert.deepEqual(r.counts.availability, { any: 4, open: 3, full: 1 });
  assert.deepEqual(r.counts.shares, [2, 2]);
});

test('ticked themes must all be supported, and counts say what adding one leaves', () => {
  const r = evaluate(dir, state({ theme: ['career-progression'] }));
  assert.deepEqual(ids(r), ['a', 'b', 'd']);
  assert.deepEqual(r.counts.theme, [3, 2, 2]);
  const both = evaluate(dir, state({ theme: ['career-progression', 'research-funding'] }));
  assert.deepEqual(ids(both), ['a', 'd']);
});

test('groups combine with AND; a group’s own counts ignore its own choice', () => {
  const r = evaluate(dir, state({ region: 'wales', clinical: 'no' }));
  assert.deepEqual(ids(r), ['c']);
  // Region counts apply the clinical choice only: b (London) and c (Wales) are non-clinical.
  assert.deepEqual(r.counts.region, [1, 1]);
  assert.equal(r.counts.regionAny, 2);
  // Clinical counts apply the region only: a (clinical) and c (non-clinical) are in Wales.
  assert.deepEqual(r.counts.clinical, { any: 2, yes: 1, no: 1 });
});

test('shared experience needs any one ticked; availability and discipline narrow', () => {
  assert.deepEqual(ids(evaluate(dir, state({ shares: ['career-break', 'neurodivergent'] }))), ['a', 'b', 'd']);
  assert.deepEqual(ids(evaluate(dir, state({ availability: 'full' }))), ['d']);
  assert.deepEqual(ids(evaluate(dir, state({ availability: 'open', discipline: 'nursing' }))), ['a']);
  const r = evaluate(dir, state({ availability: 'open', discipline: 'nursing' }));
  assert.deepEqual(r.counts.availability, { any: 2, open: 1, full: 1 });
});

test('the text box needs every word, in name, organisation or discipline, ignoring accents', () => {
  assert.deepEqual(ids(evaluate(dir, state({ q: 'jose' }))), ['a']);
  assert.deepEqual(ids(evaluate(dir, state({ q: 'glanmor' }))), ['a', 'c']);
  assert.deepEqual(ids(evaluate(dir, state({ q: 'glanmor public' }))), ['c']);
  assert.deepEqual(ids(evaluate(dir, state({ q: 'nursing' }))), ['a', 'd']);
  const r = evaluate(dir, state({ q: 'zzz' }));
  assert.equal(r.total, 0);
  assert.equal(r.counts.clinical.any, 0, 'counts follow the text too');
});

test('the state round-trips through the address, dropping what the directory does not know', () => {
  const s = state({ q: 'glan', theme: ['research-funding', 'career-progression'], region: 'wales', shares: ['neurodivergent'], availability: 'open' });
  const q = toQuery(s);
  assert.equal(q, '?q=glan&theme=research-funding&theme=career-progression&region=wales&shares=neurodivergent&availability=open');
  const back = parseQuery(q, dir);
  assert.deepEqual(back.theme, ['career-progression', 'research-funding'], 'vocabulary order');
  assert.equal(back.region, 'wales');
  assert.equal(back.q, 'glan');
  const odd = parseQuery('?theme=nope&region=atlantis&clinical=maybe&discipline=nursing', dir);
  assert.deepEqual(odd, state({ discipline: 'nursing' }));
  assert.equal(toQuery(emptyState()), '');
  assert.ok(isEmpty(parseQuery('?theme=nope', dir)));
});

test('the result is said in words', () => {
  assert.equal(resultText(4, 4), 'All 4 mentors.');
  assert.equal(resultText(1, 4), '1 of 4 mentors match.');
  assert.equal(resultText(1, 1), 'All 1 mentor.');
  assert.equal(resultText(640, 1500, 48), '640 of 1500 mentors match; showing the first 48.');
  assert.equal(resultText(64, 64, 48), 'All 64 mentors; showing the first 48.');
});

test('filtering 1,500 mentors with counts takes a few milliseconds', () => {
  const big = { ...INDEX, mentors: [] };
  for (let i = 0; i < 1500; i++) {
    big.mentors.push([`m${i}`, `Mentor ${i}`, 'Professor', `Org ${i % 30}`, i % 2, [i % 3], i % 2, [i % 3, (i + 1) % 3], [i % 2], i % 5 ? 1 : 0]);
  }
  const d = decode(big);
  const s = state({ theme: ['networking'], shares: ['career-break'], clinical: 'yes', q: 'org' });
  evaluate(d, s);
  const t0 = performance.now();
  for (let k = 0; k < 10; k++) evaluate(d, s);
  const each = (performance.now() - t0) / 10;
  assert.ok(each < 20, `${each.toFixed(2)} ms per evaluation`);
});

// ---- Shortlist ----

function fakeStorage() {
  const m = new Map();
  return { getItem: (k) => (m.has(k) ? m.get(k) : null), setItem: (k, v) => m.set(k, String(v)), m };
}

test('a shortlist holds three; a fourth is refused, a repeat is ignored', () => {
  let list = [];
  for (const id of ['a', 'b', 'c']) list = addToShortlist(list, id).list;
  assert.deepEqual(list, ['a', 'b', 'c']);
  assert.equal(SHORTLIST_MAX, 3);
  assert.deepEqual(addToShortlist(list, 'd'), { list, outcome: 'full' });
  assert.deepEqual(addToShortlist(list, 'b'), { list, outcome: 'present' });
  assert.deepEqual(removeFromShortlist(list, 'b'), ['a', 'c']);
});

test('moving up and down reorders, and stops at either end', () => {
  const list = ['a', 'b', 'c'];
  assert.deepEqual(moveInShortlist(list, 'c', -1), ['a', 'c', 'b']);
  assert.deepEqual(moveInShortlist(list, 'a', 1), ['b', 'a', 'c']);
  assert.deepEqual(moveInShortlist(list, 'a', -1), list);
  assert.deepEqual(moveInShortlist(list, 'c', 1), list);
  assert.deepEqual(moveInShortlist(list, 'x', 1), list);
});

test('storage holds ids only, and bad data reads as an empty shortlist', () => {
  const s = fakeStorage();
  const key = shortlistKey('/m/mentors/');
  assert.equal(key, 'casebook:shortlist:/m/mentors/');
  assert.deepEqual(readShortlist(s, key), []);
  assert.ok(writeShortlist(s, key, ['a', 'b']));
  assert.equal(s.m.get(key), '["a","b"]');
  assert.deepEqual(readShortlist(s, key), ['a', 'b']);
  s.setItem(key, '{not json');
  assert.deepEqual(readShortlist(s, key), []);
  s.setItem(key, '["a","a",3,"b","c","d"]');
  assert.deepEqual(readShortlist(s, key), ['a', 'b', 'c']);
  const refusing = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); } };
  assert.equal(writeShortlist(refusing, key, ['a']), false);
});

test('storage falls back to memory when the browser blocks it', () => {
  const blocked = {};
  Object.defineProperty(blocked, 'localStorage', { get() { throw new Error('SecurityError'); } });
  const s = storageOf(blocked);
  s.setItem('k', '1');
  assert.equal(s.getItem('k'), '1');
  const real = fakeStorage();
  assert.equal(storageOf({ localStorage: real }), real);
});

test('the directory address comes from the page, with a default', () => {
  const doc = (content) => ({ querySelector: () => (content ? { content } : null) });
  assert.equal(directoryUrl(doc('/m/mentors/')), '/m/mentors/');
  assert.equal(directoryUrl(doc(null)), '/mentors/');
});

test('the plain text lists the shortlist in order, for the nomination form', () => {
  const text = shortlistText([dir.mentors[1], dir.mentors[0]], 'https://example.org');
  assert.equal(text, [
    'Mentor shortlist, in order of preference',
    '',
    '1. Dr Bea Brown',
    '   Reader in primary care, Aldergate University London',
    '   Directory id: b',
    '   https://example.org/m/mentors/b/',
    '2. Prof José Adams',
    '   Professor of nursing, Glanmor University',
    '   Directory id: a',
    '   https://example.org/m/mentors/a/',
    '',
  ].join('\n'));
});
