// Bytes per query of site search, casebook against Pagefind's default UI,
// in headless Chromium on the same built site (see bench/README.md and
// docs/search.md). Run by bench/search; by hand:
//
//   node bench/search.mjs OUT [--pagefind] [query ...]
//
// OUT is a built site; with --pagefind, OUT/pagefind/ holds Pagefind's
// index and OUT/pagefind-ui/index.html its default UI (bench/search makes
// both). For each query it reports, cold (empty cache, /search/?q=…):
// every byte the page fetched (HTML, CSS, JS, index, results), gzipped as
// a host would send it and raw (a host that does not compress), the time
// to the first results, and the count shown; then typed: the bytes
// fetched from the first key to the last result of typing the query into
// the open search page at 150 ms a key.
import { readFileSync, statSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { serve, launch } from '../tests/browser/harness.mjs';

const args = process.argv.slice(2);
const root = args.shift();
if (!root) {
  console.error('usage: node bench/search.mjs OUTPUT_DIR [--pagefind] [query ...]');
  process.exit(2);
}
const withPagefind = args[0] === '--pagefind' ? Boolean(args.shift()) : false;
const queries = args.length ? args : [
  'grant writing', 'promotion', 'caring responsibilities', 'epidemiology reviewers', 'leadership',
  '"grant writing"', '"caring responsibilities"', '"first grant application"',
];
const KEY_MS = 150;

const sizes = new Map();
/** Raw and gzipped size of a served file (files a tool already compressed count as they are). */
function size(path) {
  if (!sizes.has(path)) {
    let file = normalize(join(root, path));
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const body = readFileSync(file);
      sizes.set(path, { raw: body.length, gz: Math.min(body.length, gzipSync(body, { level: 6 }).length) });
    } catch {
      sizes.set(path, { raw: 0, gz: 0 });
    }
  }
  return sizes.get(path);
}

/** Records what a page fetches from now on: call the result to get {raw, gz, files}. */
function recorder(page) {
  const seen = [];
  page.on('requestfinished', (r) => seen.push(decodeURIComponent(new URL(r.url()).pathname)));
  const from = seen.length;
  return () => {
    const files = seen.slice(from);
    const t = files.reduce((a, p) => {
      const s = size(p);
      return { raw: a.raw + s.raw, gz: a.gz + s.gz };
    }, { raw: 0, gz: 0 });
    return { ...t, files: files.length };
  };
}

const TOOLS = {
  casebook: {
    page: '/search/',
    input: '#search-q',
    ready: async (page) => {
      await page.waitForFunction(() => document.querySelector('#search-status')?.textContent.length > 0);
    },
    count: async (page) => (await page.textContent('#search-status')).trim(),
  },
  pagefind: {
    page: '/pagefind-ui/',
    input: '.pagefind-ui__search-input',
    ready: async (page) => {
      await page.waitForFunction(() => document.querySelector('.pagefind-ui__message')?.textContent.length > 0 && document.querySelector('.pagefind-ui__result'));
    },
    count: async (page) => (await page.textContent('.pagefind-ui__message')).trim(),
  },
};

const server = await serve(root);
const browser = await launch();
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
try {
  const tools = withPagefind ? ['casebook', 'pagefind'] : ['casebook'];
  console.log('| query | tool | cold, gzipped | cold, raw | files | first results | typed, gzipped | typed, raw | count shown |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const q of queries) {
    for (const name of tools) {
      const tool = TOOLS[name];
      // Cold: a new context has an empty cache.
      let context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      let page = await context.newPage();
      let bytes = recorder(page);
      const t0 = Date.now();
      await page.goto(`${server.url}${tool.page}?q=${encodeURIComponent(q)}`);
      await tool.ready(page);
      const first = Date.now() - t0;
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(500);
      const cold = bytes();
      const count = await tool.count(page);
      await context.close();

      // Typed: open the empty page, then type at KEY_MS a key.
      context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      page = await context.newPage();
      await page.goto(`${server.url}${tool.page}`);
      await page.waitForLoadState('networkidle');
      bytes = recorder(page);
      await page.click(tool.input);
      await page.type(tool.input, q, { delay: KEY_MS });
      await tool.ready(page);
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(1000);
      const typed = bytes();
      await context.close();
      console.log(`| ${q} | ${name} | ${kb(cold.gz)} | ${kb(cold.raw)} | ${cold.files} | ${first} ms | ${kb(typed.gz)} | ${kb(typed.raw)} | ${count} |`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
