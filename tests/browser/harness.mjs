// Shared set-up for browser tests: build a site with the real casebook
// binary, serve the output on a loopback port, and drive Debian's Chromium.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, readFileSync, statSync, cpSync, rmSync, existsSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, extname, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';

export const REPO = new URL('../..', import.meta.url).pathname;
export const BINARY = process.env.CASEBOOK_BIN || join(REPO, 'target/debug/casebook');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.xml': 'application/xml',
  '.png': 'image/png', '.txt': 'text/plain', '.ico': 'image/x-icon',
};

/** Builds a site (the repository root by default) into `out` or a new folder; returns the output folder. */
export function buildSite({ source = REPO, fixture, baseUrl = '/', args = [], out: into } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'casebook-browser-'));
  const src = fixture ? join(REPO, 'tests/fixtures', fixture) : source;
  const out = into || join(dir, 'public');
  execFileSync(BINARY, ['build', '--quiet', '--source', src, '--output', out, '--base-url', baseUrl, ...args], { stdio: 'pipe' });
  return { dir, out, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Types a static host compresses. */
const COMPRESSED = new Set(['.html', '.css', '.js', '.json', '.svg', '.xml', '.txt']);

/**
 * Serves `root` on 127.0.0.1 (a free port); returns { url, close }. With
 * `gzip`, text is gzipped for clients that accept it and assets may be
 * cached, as a static host does (what Lighthouse should measure).
 */
export async function serve(root, { gzip = false } = {}) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root)) { res.writeHead(404); return res.end(); }
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const body = readFileSync(file);
      const headers = { 'content-type': TYPES[extname(file)] || 'application/octet-stream' };
      if (gzip) {
        headers['cache-control'] = extname(file) === '.html' ? 'no-cache' : 'public, max-age=31536000';
        if (COMPRESSED.has(extname(file)) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
          headers['content-encoding'] = 'gzip';
          headers.vary = 'Accept-Encoding';
          res.writeHead(200, headers);
          return res.end(gzipSync(body));
        }
      }
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/html' });
      try { res.end(readFileSync(join(root, '404.html'))); } catch { res.end('not found'); }
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((ok) => server.close(ok)) };
}

/** Launches headless Chromium with the flags this machine needs. */
export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
}

/** Runs axe-core in the page and returns its violations. */
export async function axe(page, { impacts = ['serious', 'critical'] } = {}) {
  const source = readFileSync(join(REPO, 'tests/browser/node_modules/axe-core/axe.min.js'), 'utf8');
  await page.addScriptTag({ content: source });
  const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter((v) => impacts.includes(v.impact));
}

export { cpSync };

/**
 * Writes `n` fictional mentors into a copy of a site (the basic fixture,
 * with the eleven default themes; or the example site, whose own mentors
 * they replace); returns its folder.
 */
export function siteWithMentors(n, { example = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'casebook-mentors-'));
  if (example) {
    for (const part of ['content', 'data', 'static', 'themes', 'site.yaml']) cpSync(join(REPO, part), join(dir, part), { recursive: true });
    rmSync(join(dir, 'data/mentors'), { recursive: true, force: true });
  } else {
    cpSync(join(REPO, 'tests/fixtures/basic'), dir, { recursive: true });
    rmSync(join(dir, 'data/themes.yaml')); // the eleven default criteria
  }
  mkdirSync(join(dir, 'data/mentors'), { recursive: true });
  const themes = ['balancing-professional-and-academic-work', 'career-progression', 'career-transition', 'research-funding', 'global-research-profile', 'networking', 'work-life-balance', 'diversity-and-inclusion', 'leadership-development', 'research-practice', 'managing-research-teams'];
  const shares = ['first-in-family-to-university', 'caring-responsibilities', 'career-break', 'part-time-working', 'disability-or-long-term-condition', 'neurodivergent', 'international-background', 'lgbtq-plus', 'minority-ethnic-background', 'changed-discipline'];
  const disciplines = ['Primary care', 'Public health', 'Nursing', 'Midwifery', 'Physiotherapy', 'Pharmacy', 'Dentistry', 'Geriatric medicine', 'Mental health', 'Health economics', 'Health services research', 'Epidemiology', 'Medical statistics', 'Social care', 'Health psychology'];
  const regions = ['North East', 'North West', 'Yorkshire and the Humber', 'East Midlands', 'West Midlands', 'East of England', 'London', 'South East', 'South West', 'Wales', 'Scotland', 'Northern Ireland'];
  let seed = 20210222;
  const rnd = (k) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % k; };
  const some = (list, k) => list.filter(() => rnd(list.length) < k);
  for (let i = 1; i <= n; i++) {
    const id = `m-${String(i).padStart(4, '0')}`;
    const q = (l) => `[${l.map((x) => JSON.stringify(x)).join(', ')}]`;
    writeFileSync(join(dir, 'data/mentors', `${id}.yaml`), [
      `id: ${id}`,
      `name: "Dr Given${i} Family${(i * 7919) % 10007}"`,
      `position: "Professor of ${disciplines[rnd(disciplines.length)].toLowerCase()}"`,
      `organisation: "University of Place ${rnd(40)}"`,
      `region: "${regions[rnd(regions.length)]}"`,
      `disciplines: ${q([disciplines[rnd(disciplines.length)]])}`,
      `clinical: ${rnd(2) === 0}`,
      `themes: ${q([themes[rnd(11)], ...some(themes, 3)].filter((t, j, a) => a.indexOf(t) === j))}`,
      `shares: ${q(some(shares, 1))}`,
      `availability: ${rnd(5) === 0 ? 'full' : 'open'}`,
      'bio: |',
      '  A fictional mentor for the benchmark.',
      '',
    ].join('\n'));
  }
  return dir;
}


// ---- Accessibility checks (a11y-*.test.mjs) ----

/** One page of each type of the example site, and what to wait for once it has loaded. */
export const PAGE_TYPES = [
  { name: 'home', path: '/' },
  { name: 'guidance section', path: '/guidance/' },
  { name: 'guidance page', path: '/guidance/timeline/' },
  { name: 'case studies', path: '/case-studies/' },
  { name: 'case study', path: '/case-studies/keeping-a-foot-in-the-clinic/' },
  { name: 'themes', path: '/themes/' },
  { name: 'theme', path: '/themes/research-funding/' },
  { name: 'cohort', path: '/cohorts/2021-2/' },
  { name: 'evaluations', path: '/evaluations/' },
  { name: 'evaluation', path: '/evaluations/2022/' },
  { name: 'CPD catalogue', path: '/cpd/' },
  { name: 'workshop', path: '/cpd/fellowship-applications/' },
  { name: 'directory', path: '/mentors/', ready: 'html[data-directory-ready]' },
  { name: 'mentor', path: '/mentors/m-0001/', ready: '.mentor-page .shortlist-toggle' },
  { name: 'shortlist', path: '/mentors/shortlist/', ready: '#shortlist-list li' },
  { name: '404', path: '/404.html' },
  { name: 'accessibility statement', path: '/accessibility/' },
  { name: 'search', path: '/search/', optional: true },
  { name: 'search results', path: '/search/?q=research+funding', ready: '#search-results li', optional: true },
];

/** The page types a built site has: optional ones (search) only once they are built. */
export function pageTypes(out) {
  return PAGE_TYPES.filter((t) => !t.optional || existsSync(join(out, t.path.split('?')[0], 'index.html')));
}

/** The key the directory keeps the shortlist under, for a site served at `/`. */
export const SHORTLIST_KEY = 'casebook:shortlist:/mentors/';

/** Puts `ids` on the shortlist of the site at `origin` (storage is per origin: it visits the site first). */
export async function seedShortlist(page, origin, ids) {
  await page.goto(`${origin}/404.html`);
  await page.evaluate(([key, list]) => localStorage.setItem(key, JSON.stringify(list)), [SHORTLIST_KEY, ids]);
}

/** Opens a page type and waits until its scripts have finished. */
export async function openPageType(page, origin, type) {
  await page.goto(origin + type.path);
  if (type.ready) await page.waitForSelector(type.ready);
}

/**
 * Runs axe-core with the WCAG 2.2 AA rules it leaves off by default
 * (target-size); returns { violations, incomplete } at the given impacts.
 */
export async function axeAudit(page, { impacts = ['moderate', 'serious', 'critical'], only = null } = {}) {
  const source = readFileSync(join(REPO, 'tests/browser/node_modules/axe-core/axe.min.js'), 'utf8');
  // Cards below the fold skip layout (content-visibility), which leaves axe
  // unable to tell their colours; lay them out for the audit.
  await page.addStyleTag({ content: '* { content-visibility: visible !important; }' });
  await page.addScriptTag({ content: source });
  const result = await page.evaluate(async (only) => {
    const r = await window.axe.run(document, {
      resultTypes: ['violations', 'incomplete'],
      ...(only ? { runOnly: { type: 'rule', values: only } } : { rules: { 'target-size': { enabled: true } } }),
    });
    // Where each node axe could not decide sits: in a chart, or in a data
    // table that scrolls inside its own box.
    for (const v of r.incomplete) {
      for (const n of v.nodes) {
        const el = n.target.length === 1 ? document.querySelector(n.target[0]) : null;
        n.inChart = Boolean(el?.closest('svg'));
        n.inScrollingTable = Boolean(el?.closest('.table-wrap') && el.closest('.table-wrap').scrollWidth > el.closest('.table-wrap').clientWidth);
      }
    }
    return r;
  }, only);
  const keep = (list) => list.filter((v) => impacts.includes(v.impact));
  return { violations: keep(result.violations), incomplete: keep(result.incomplete) };
}

/** One line per axe result node, for assertion messages. */
export function describeAxe(path, results) {
  return results.flatMap((v) => v.nodes.map((n) => `${path}: ${v.id} (${v.impact}) ${n.target.join(' ')}: ${(n.failureSummary || n.any?.[0]?.message || '').replace(/\s+/g, ' ')}`));
}

/** WCAG relative luminance contrast of two `#rrggbb` or `rgb()` colours. */
export function contrast(a, b) {
  const lum = (c) => {
    const [r, g, b] = parseColour(c).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** `#rgb`, `#rrggbb`, `rgb(r, g, b)` or `rgba(...)` as [r, g, b]. */
export function parseColour(c) {
  const s = c.trim().toLowerCase();
  if (s === 'white') return [255, 255, 255];
  if (s === 'black') return [0, 0, 0];
  let m = s.match(/^#([0-9a-f]{3})$/);
  if (m) return [...m[1]].map((h) => parseInt(h + h, 16));
  m = s.match(/^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/);
  if (m) return m.slice(1).map((h) => parseInt(h, 16));
  m = s.match(/^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/);
  if (m) return m.slice(1).map(Number);
  throw new Error(`not a colour: ${c}`);
}

/** Runs `work(item, page)` over `items` in `lanes` pages of `context` at once; returns the results in order. */
export async function inLanes(context, items, work, lanes = 2) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, async () => {
    const page = await context.newPage();
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i], page);
    }
    await page.close();
  }));
  return results;
}

/**
 * Builds the example site once for a test file, serves it and launches
 * Chromium before its tests, and cleans up after them; hands the pieces to
 * `receive` as { site, server, browser, types }.
 */
export function openExampleSite(receive) {
  const opened = {};
  before(async () => {
    opened.site = buildSite();
    opened.server = await serve(opened.site.out);
    opened.browser = await launch();
    opened.types = pageTypes(opened.site.out);
    receive(opened);
  });
  after(async () => {
    await opened.browser?.close();
    await opened.server?.close();
    opened.site?.cleanup();
  });
}
