// Site search in headless Chromium on the example site: nothing loads
// until the box is focused, results appear as you type (and nothing is
// fetched while you do), the keyboard works in the header box and on the
// search page, filters by kind, theme and cohort pages, the all-words
// count, the mentor balance, snippets from the text, the page without
// JavaScript, axe, and a title made of markup shown as text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSite, serve, launch, axe, cpSync, REPO } from './harness.mjs';

const XSS = '<img src=x onerror=alert(1)>';

let site, server, browser, source;
before(async () => {
  // The example site plus one page whose title is markup.
  source = mkdtempSync(join(tmpdir(), 'casebook-search-src-'));
  for (const part of ['site.yaml', 'content', 'data', 'static']) {
    try { cpSync(join(REPO, part), join(source, part), { recursive: true }); } catch { /* optional */ }
  }
  writeFileSync(join(source, 'content/guidance/markup.md'), `---\ntitle: "${XSS} zebrafish"\nsummary: A page about zebrafish whose title is markup.\n---\nZebrafish onerror text for the search test. Only the text mentions the quokka.\n`);
  // A phrase's words next to each other on one page only: apart, across a
  // sentence's end, and across the title and the text on the others.
  const page = (slug, title, text) => writeFileSync(join(source, `content/guidance/${slug}.md`), `---\ntitle: ${title}\nsummary: A page for the phrase test.\n---\n${text}\n`);
  page('phrase-near', 'Amphibians at work', 'Advice on axolotl husbandry in the lab, and of the other animals.');
  page('phrase-apart', 'Amphibians apart', 'Husbandry of fish matters; the axolotl is an amphibian.');
  page('phrase-sentence', 'Amphibians split', 'We keep an axolotl. Husbandry notes follow.');
  page('phrase-fields', 'Care of the axolotl', 'Husbandry notes for the lab.');
  site = buildSite({ source });
  server = await serve(site.out);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  site?.cleanup();
  if (source) rmSync(source, { recursive: true, force: true });
});

const url = (path) => server.url + path;
const searchRequests = (page) => {
  const seen = [];
  page.on('request', (r) => { if (/search/.test(new URL(r.url()).pathname)) seen.push(new URL(r.url()).pathname); });
  return seen;
};
const options = (page) => page.locator('#site-search-q-results [role=option]');

test('a page loads nothing for search until the box is focused; then the manifest, then parts as you type', async () => {
  const page = await browser.newPage();
  const seen = searchRequests(page);
  await page.goto(url('/guidance/'));
  await page.waitForLoadState('networkidle');
  assert.deepEqual(seen, []);
  await page.focus('#site-search-q');
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('search_index.en.json')));
  assert.ok(seen.includes('/search_index.en.json'), seen.join(' '));
  assert.ok(!seen.some((p) => p.includes('/search_index/')), 'no part before a word is typed');
  await page.keyboard.type('fellowship');
  await options(page).first().waitFor();
  assert.ok(seen.some((p) => /\/search_index\/en\/t-\d+\.json/.test(p)));
  await page.close();
});

test('typing in the header box lists results; the arrows choose one and Enter opens it', async () => {
  const page = await browser.newPage();
  await page.goto(url('/'));
  const input = page.locator('#site-search-q');
  await input.click();
  await page.keyboard.type('fellowship');
  // Wait for the list of the whole word, not of a prefix typed on the way.
  await page.locator('.search-all', { hasText: '“fellowship”' }).waitFor();
  assert.equal(await input.getAttribute('aria-expanded'), 'true');
  const first = options(page).first();
  assert.match(await first.locator('.search-result-title').textContent(), /Rebuilding after an unsuccessful fellowship bid/);
  assert.equal(await first.locator('.search-result-kind').textContent(), 'Case study');
  assert.equal(await first.locator('.search-result-title mark').first().textContent(), 'fellowship');
  assert.ok((await first.locator('.search-result-snippet mark').count()) > 0, 'the snippet marks the word');
  assert.match(await first.locator('.search-result-themes').textContent(), /Research funding/);
  // The last option opens the search page with every result.
  assert.match(await options(page).last().textContent(), /^All \d+ results for “fellowship”$/);
  await page.waitForFunction(() => /results? for/.test(document.querySelector('.site-search [role=status]').textContent));
  // Arrows move the active option; Escape closes; Enter opens the active one.
  await page.keyboard.press('ArrowDown');
  const id = await input.getAttribute('aria-activedescendant');
  assert.equal(id, await first.getAttribute('id'));
  assert.equal(await first.getAttribute('aria-selected'), 'true');
  await page.keyboard.press('ArrowDown');
  assert.equal(await options(page).nth(1).getAttribute('aria-selected'), 'true');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Escape');
  assert.equal(await input.getAttribute('aria-expanded'), 'false');
  assert.equal(await input.getAttribute('aria-activedescendant'), null);
  await page.keyboard.press('ArrowDown');
  assert.equal(await input.getAttribute('aria-expanded'), 'true');
  await Promise.all([page.waitForURL(/\/case-studies\/rebuilding-after-an-unsuccessful-bid\/$/), page.keyboard.press('Enter')]);
  await page.close();
});

test('Enter without choosing goes to the search page, which works as a link', async () => {
  const page = await browser.newPage();
  await page.goto(url('/about/'));
  await page.click('#site-search-q');
  await page.keyboard.type('funding');
  await Promise.all([page.waitForURL(/\/search\/\?q=funding$/), page.keyboard.press('Enter')]);
  await page.waitForSelector('.search-result');
  assert.match(await page.textContent('#search-status'), /^\d+ results for “funding”\.$/);
  // Stemming: "funding" finds the words "funded" and "funding".
  const marks = await page.locator('#search-results mark').allTextContents();
  assert.ok(marks.some((m) => /^fund/i.test(m)), marks.join());
  await page.close();
});

test('the search page filters by kind, counts each kind and keeps the choice in the address', async () => {
  const page = await browser.newPage();
  await page.goto(url('/search/?q=funding'));
  await page.waitForSelector('.search-result');
  const all = await page.locator('.search-result').count();
  const mentorCount = Number((await page.textContent('label:has(input[value=mentor]) .n')).replace(/\D/g, ''));
  assert.ok(mentorCount > 0 && mentorCount < Number((await page.textContent('label:has(input[value=""]) .n')).replace(/\D/g, '')));
  await page.check('input[name=kind][value=mentor]');
  await page.waitForFunction(() => location.search === '?q=funding&kind=mentor');
  await page.waitForFunction((n) => document.querySelectorAll('.search-result').length === Math.min(n, 10), mentorCount);
  const kinds = await page.locator('.search-result-kind').allTextContents();
  assert.ok(kinds.every((k) => k === 'Mentor'), kinds.join());
  assert.match(await page.textContent('#search-status'), /\(mentors\) for “funding”/);
  // Reloading the address restores the filter.
  await page.reload();
  await page.waitForSelector('.search-result');
  assert.ok(await page.isChecked('input[name=kind][value=mentor]'));
  assert.ok(all >= (await page.locator('.search-result').count()));
  await page.close();
});

test('on the search page the arrows move through the results and Escape goes back to the box', async () => {
  const page = await browser.newPage();
  await page.goto(url('/search/?q=mentor'));
  await page.waitForSelector('.search-result');
  await page.focus('#search-q');
  await page.keyboard.press('ArrowDown');
  const links = page.locator('a.search-result-link');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'search-result-link');
  assert.equal(await links.first().getAttribute('tabindex'), '0');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => [...document.querySelectorAll('a.search-result-link')].indexOf(document.activeElement)), 1);
  // One Tab stop for the list: the one last focused.
  assert.equal(await links.first().getAttribute('tabindex'), '-1');
  assert.equal(await links.nth(1).getAttribute('tabindex'), '0');
  await page.keyboard.press('End');
  const n = await links.count();
  assert.equal(await page.evaluate(() => [...document.querySelectorAll('a.search-result-link')].indexOf(document.activeElement)), n - 1);
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'search-q');
  await page.close();
});

test('theme and cohort pages come up first for their names', async () => {
  const page = await browser.newPage();
  for (const [q, href, kind] of [
    ['Research funding', '/themes/research-funding/', 'Theme'],
    ['Cohort 2 (2021)', '/cohorts/2021-2/', 'Cohort'],
  ]) {
    await page.goto(url(`/search/?q=${encodeURIComponent(q)}`));
    await page.waitForSelector('.search-result');
    const first = page.locator('.search-result').first();
    assert.equal(new URL(await first.locator('a.search-result-link').getAttribute('href'), server.url).pathname, href, q);
    assert.equal(await first.locator('.search-result-kind').textContent(), kind);
  }
  // The kind filter has them.
  assert.ok(await page.isVisible('input[name=kind][value=theme]'));
  assert.ok(await page.isVisible('input[name=kind][value=cohort]'));
  await page.close();
});

test('results holding every word are counted; the others follow only when few', async () => {
  const page = await browser.newPage();
  await page.goto(url('/search/?q=physiotherapy%20zebrafish'));
  await page.waitForSelector('.search-result');
  // Nothing holds both words: the status says so and the others follow.
  assert.match(await page.textContent('#search-status'), /^0 results for all the words of “physiotherapy zebrafish”, also \d+ with some of the words\.$/);
  await page.goto(url('/search/?q=%22unsuccessful%20fellowship%22'));
  await page.waitForSelector('.search-result');
  assert.match(await page.textContent('#search-status'), /^\d+ results? for all the words of “"unsuccessful fellowship"”\.$/);
  await page.close();
});

test('a phrase in quotes finds only the pages with its words next to each other, and counts them', async () => {
  const page = await browser.newPage();
  const seen = searchRequests(page);
  await page.goto(url('/search/?q=axolotl%20husbandry'));
  await page.waitForSelector('.search-result');
  assert.match(await page.textContent('#search-status'), /^4 results for all the words of “axolotl husbandry”\.$/);
  assert.ok(!seen.some((p) => /\/p-\d+\.json/.test(p)), 'no pair file without a phrase');
  await page.goto(url('/search/?q=%22axolotl%20husbandry%22'));
  await page.waitForFunction(() => /^1 result for/.test(document.querySelector('#search-status').textContent));
  assert.equal(await page.textContent('#search-status'), '1 result for all the words of “"axolotl husbandry"”.');
  const titles = await page.locator('.search-result .search-result-title').allTextContents();
  assert.deepEqual(titles, ['Amphibians at work']);
  assert.ok(seen.some((p) => /\/search_index\/en\/p-\d+\.json/.test(p)), seen.join(' '));
  // Stop words between the words do not count; the order does.
  await page.goto(url('/search/?q=%22lab%20and%20the%20animals%22'));
  await page.waitForFunction(() => /^1 result for/.test(document.querySelector('#search-status').textContent));
  await page.goto(url('/search/?q=%22husbandry%20axolotl%22'));
  await page.waitForFunction(() => /^No results for “"husbandry axolotl"”/.test(document.querySelector("#search-status").textContent));
  await page.close();
});

test('mentors do not flood the list: three at most in the first ten, and a link to the directory', async () => {
  const page = await browser.newPage();
  await page.goto(url('/search/?q=grant'));
  await page.waitForSelector('.search-result');
  const kinds = (await page.locator('.search-result-kind').allTextContents()).slice(0, 10);
  const mentors = Number((await page.textContent('label:has(input[value=mentor]) .n')).replace(/\D/g, ''));
  assert.ok(mentors > 3, `${mentors} mentors match grant`);
  assert.ok(kinds.filter((k) => k === 'Mentor').length <= 3, kinds.join());
  const line = page.locator('.search-mentors');
  assert.equal(await line.textContent(), `${mentors} mentors match: show them in the directory`);
  assert.equal(new URL(await line.locator('a').getAttribute('href'), server.url).pathname + new URL(await line.locator('a').getAttribute('href'), server.url).search, '/mentors/?q=grant');
  // A query naming a mentor lists mentors as they rank.
  const name = await page.evaluate(async () => {
    const r = await fetch(document.getElementById('search-app').dataset.searchIndex).then((x) => x.json());
    const k = r.kinds.find((x) => x.kind === 'mentor');
    const shard = Math.floor(k.from / r.recordSize);
    const rows = await fetch(`${r.path}r-${shard}.json?v=${r.version}`).then((x) => x.json());
    return rows[k.from % r.recordSize][1];
  });
  await page.goto(url(`/search/?q=${encodeURIComponent(name)}`));
  await page.waitForSelector('.search-result');
  assert.equal(await page.locator('.search-result-title').first().textContent(), name);
  assert.equal(await page.isVisible('.search-mentors'), false);
  await page.close();
});

test('nothing but the manifest is fetched while the reader is typing', async () => {
  const page = await browser.newPage();
  await page.goto(url('/search/'));
  await page.waitForSelector('html[data-search-ready]');
  // Keys 150 ms apart, timed in the page itself (a busy machine delays
  // keys sent from outside).
  const { requests, lastKey } = await page.evaluate(async () => {
    const input = document.getElementById('search-q');
    input.focus();
    let last = 0;
    for (const ch of 'fellowship') {
      input.value += ch;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      last = performance.now();
      await new Promise((ok) => setTimeout(ok, 150));
    }
    while (!/“fellowship”/.test(document.querySelector('#search-status').textContent)) await new Promise((ok) => setTimeout(ok, 50));
    const requests = performance.getEntriesByType('resource').filter((e) => e.name.includes('/search_index/en/')).map((e) => e.startTime);
    return { requests, lastKey: last };
  });
  assert.ok(requests.length > 0);
  assert.ok(requests.every((t) => t >= lastKey), `${requests.map((t) => Math.round(t - lastKey)).join(', ')} ms after the last key`);
  await page.close();
});

test('a result whose excerpt lacks the word gets its snippet from the text', async () => {
  const page = await browser.newPage();
  const texts = [];
  page.on('request', (r) => { if (/\/x-\d+\.json/.test(r.url())) texts.push(r.url()); });
  await page.goto(url('/search/?q=quokka'));
  await page.waitForSelector('.search-result');
  await page.waitForFunction(() => document.querySelector('.search-result-snippet mark')?.textContent === 'quokka');
  assert.equal(texts.length, 1);
  await page.close();
});

test('no results says so and suggests the themes', async () => {
  const page = await browser.newPage();
  await page.goto(url('/search/?q=zzzqqqx'));
  await page.waitForSelector('html[data-search-ready]');
  await page.waitForFunction(() => document.querySelector('#search-status').textContent.length > 0);
  assert.equal(await page.textContent('#search-status'), 'No results for “zzzqqqx”.');
  assert.ok(await page.isVisible('#search-empty'));
  assert.ok((await page.locator('#search-empty a.tag').count()) >= 5);
  // The header box says so too, and offers the themes.
  await page.click('#site-search-q');
  await page.keyboard.type('zzzqqqx');
  // On a busy machine a pause after the first key can list "z" first.
  await page.waitForFunction(() => /“zzzqqqx”/.test(document.querySelector('.site-search .search-empty')?.textContent ?? ''));
  assert.match(await page.textContent('.site-search .search-empty'), /No results for “zzzqqqx”/);
  assert.equal(await options(page).last().textContent(), 'Browse the themes');
  await page.close();
});

test('a title made of markup is shown as text and never runs', async () => {
  const page = await browser.newPage();
  let dialog = false;
  page.on('dialog', (d) => { dialog = true; d.dismiss(); });
  await page.goto(url('/search/?q=zebrafish'));
  await page.waitForSelector('.search-result');
  const title = await page.locator('.search-result-title').first().textContent();
  assert.equal(title, `${XSS} zebrafish`);
  assert.equal(await page.locator('#search-results img').count(), 0);
  await page.click('#site-search-q');
  await page.keyboard.type('onerror zebrafish');
  await page.locator('.search-all', { hasText: '“onerror zebrafish”' }).waitFor();
  assert.equal(await options(page).first().locator('.search-result-title').textContent(), `${XSS} zebrafish`);
  assert.equal(await page.locator('.site-search img').count(), 0);
  await page.waitForTimeout(300);
  assert.equal(dialog, false);
  await page.close();
});

test('without JavaScript the search page explains and lists the themes and sections', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(url('/search/?q=funding'));
  assert.match(await page.textContent('.search-nojs'), /Search needs JavaScript/);
  assert.ok(await page.isVisible('.search-nojs a[href$="/themes/research-funding/"]'));
  assert.ok(await page.isVisible('.search-nojs a[href$="/guidance/"]'));
  assert.equal(await page.isVisible('#search-results'), false);
  // The header form is a plain GET form to the search page.
  await page.fill('#site-search-q', 'mentor');
  await Promise.all([page.waitForURL(/\/search\/\?q=mentor$/), page.press('#site-search-q', 'Enter')]);
  await context.close();
});

test('the search page and the open results list pass axe', async () => {
  for (const width of [1280, 375]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(url('/search/?q=funding'));
    await page.waitForSelector('.search-result');
    assert.deepEqual((await axe(page)).map((v) => `${width} page: ${v.id} ${v.nodes[0]?.target}`), []);
    await page.click('#site-search-q');
    await page.keyboard.type('fellowship');
    await page.locator('.search-all', { hasText: '“fellowship”' }).waitFor();
    await page.keyboard.press('ArrowDown');
    assert.deepEqual((await axe(page)).map((v) => `${width} popup: ${v.id} ${v.nodes[0]?.target}`), []);
    await page.close();
  }
});

test('a query answers well within 50 ms once its parts are loaded', async () => {
  const page = await browser.newPage();
  await page.goto(url('/search/?q=mentor'));
  await page.waitForSelector('.search-result');
  const ms = await page.evaluate(async () => {
    const core = await import(document.getElementById('search-app').dataset.searchCore);
    const index = await core.SearchIndex.load(document.getElementById('search-app').dataset.searchIndex, (u) => fetch(u).then((r) => r.json()));
    const q = core.parseQuery('research mentor fund');
    const parts = new Map();
    for (const i of core.partsFor(index.manifest, q.terms, q.prefix)) parts.set(i, await index.part(i));
    const t = performance.now();
    for (let i = 0; i < 20; i++) index.rankLoaded(q.terms, q.prefix, parts);
    return (performance.now() - t) / 20;
  });
  assert.ok(ms < 50, `${ms} ms`);
  await page.close();
});
