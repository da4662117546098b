// Shared set-up for browser tests: build a site with the real casebook
// binary, serve the output on a loopback port, and drive Debian's Chromium.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, statSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, extname, normalize } from 'node:path';
import { chromium } from 'playwright-core';

export const REPO = new URL('../..', import.meta.url).pathname;
export const BINARY = process.env.CASEBOOK_BIN || join(REPO, 'target/debug/casebook');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.xml': 'application/xml',
  '.png': 'image/png', '.txt': 'text/plain',
};

/** Copies a site (the repository root by default) and builds it; returns the output folder. */
export function buildSite({ source = REPO, fixture, baseUrl = '/', args = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'casebook-browser-'));
  const src = fixture ? join(REPO, 'tests/fixtures', fixture) : source;
  const out = join(dir, 'public');
  execFileSync(BINARY, ['build', '--quiet', '--source', src, '--output', out, '--base-url', baseUrl, ...args], { stdio: 'pipe' });
  return { dir, out, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Serves `root` on 127.0.0.1 (a free port); returns { url, close }. */
export async function serve(root) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root)) { res.writeHead(404); return res.end(); }
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
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
