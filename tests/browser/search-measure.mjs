// Measures site search on a built site in headless Chromium (by hand, not
// a test): for each query, what the search page fetches for its first
// page of results (gzipped, as a static host would send it) and how long
// the ranking takes once the parts are loaded (median of 21 runs).
//
//   target/release/casebook build --quiet --source SITE --output OUT --base-url /
//   node tests/browser/search-measure.mjs OUT [word ...]
//
// docs/search.md quotes its figures for 10,000 case studies.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { serve, launch } from './harness.mjs';

const [root, ...args] = process.argv.slice(2);
if (!root) {
  console.error('usage: node search-measure.mjs OUTPUT_DIR [word ...]');
  process.exit(2);
}
const words = args.length ? args : ['mentor', 'research', 'funding', 'fellowship', 'clinical lecturer', 'work-life balance', 'neurodivergent', 'zebrafish'];
const server = await serve(root);
const browser = await launch();
const gz = (path) => gzipSync(readFileSync(join(root, path))).length;

try {
  console.log('query                  results  requests  gzipped bytes  rank ms (median)');
  for (const q of words) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const fetched = [];
    page.on('request', (r) => {
      const path = decodeURIComponent(new URL(r.url()).pathname);
      if (path.includes('search_index')) fetched.push(path);
    });
    await page.goto(`${server.url}/search/?q=${encodeURIComponent(q)}`);
    await page.waitForSelector('html[data-search-ready]');
    await page.waitForFunction(() => document.querySelector('#search-status').textContent.length > 0);
    const results = await page.locator('.search-result').count();
    const bytes = fetched.reduce((n, p) => n + gz(p), 0);
    const ms = await page.evaluate(async (query) => {
      const app = document.getElementById('search-app');
      const core = await import(app.dataset.searchCore);
      const index = await core.SearchIndex.load(app.dataset.searchIndex, (u) => fetch(u).then((r) => r.json()));
      const { terms, prefix } = core.parseQuery(query, { typing: false });
      const parts = new Map();
      for (const i of core.partsFor(index.manifest, terms, prefix)) parts.set(i, await index.part(i));
      const times = [];
      for (let i = 0; i < 21; i++) {
        const t = performance.now();
        index.rankLoaded(terms, prefix, parts);
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      return times[10];
    }, q);
    const total = (await page.textContent('#search-status')).trim();
    console.log(`${q.padEnd(22)} ${String(results).padStart(7)}  ${String(fetched.length).padStart(8)}  ${String(bytes).padStart(13)}  ${ms.toFixed(1).padStart(7)}   ${total}`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
