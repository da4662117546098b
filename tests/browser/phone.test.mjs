// The applicant on a phone (and on a desktop): no layout shift on any page
// type at 375 and 1280 px, a compact header with a menu that works without
// JavaScript, the directory's first mentor near the top, folding filters,
// no sideways scrolling, and chart text a phone can read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openExampleSite, openPageType, seedShortlist } from './harness.mjs';

let site, server, browser, types;
openExampleSite((opened) => ({ site, server, browser, types } = opened));

const url = (path) => server.url + path;

/** Adds up layout shifts from the first paint on, as CLS does (one session is enough for a short page). */
function watchShifts(context) {
  return context.addInitScript(() => {
    window.__shift = 0;
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.hadRecentInput) continue;
        window.__shift += e.value;
        window.__shifts.push(`${e.value.toFixed(4)}: ${e.sources.map((s) => s.node?.nodeName + '.' + (s.node?.className || '')).join(', ')}`);
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

/** Waits for two frames and a moment, so that shifts after the scripts run are counted. */
const settle = (page) => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(ok, 300)))));

for (const width of [375, 1280]) {
  test(`no page type shifts its layout or scrolls sideways at ${width}px`, async () => {
    const context = await browser.newContext({ viewport: { width, height: 800 } });
    await watchShifts(context);
    const page = await context.newPage();
    await seedShortlist(page, server.url, ['m-0001']);
    const problems = [];
    for (const t of types) {
      await openPageType(page, server.url, t);
      await settle(page);
      const { shift, shifts, sideways } = await page.evaluate(() => ({
        shift: window.__shift,
        shifts: window.__shifts,
        sideways: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      }));
      if (shift >= 0.01) problems.push(`${t.path}: layout shift ${shift.toFixed(4)} (${shifts.join('; ')})`);
      if (sideways > 0) problems.push(`${t.path}: scrolls ${sideways}px sideways`);
    }
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('at 375px the header is at most 120px tall, and its menu opens without JavaScript', async () => {
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, javaScriptEnabled });
    const page = await context.newPage();
    for (const t of types) {
      await page.goto(url(t.path));
      const height = await page.locator('.site-header').evaluate((h) => h.getBoundingClientRect().height);
      assert.ok(height <= 120, `${t.path}: the header is ${height}px tall (scripts ${javaScriptEnabled ? 'on' : 'off'})`);
    }
    await page.goto(url('/'));
    assert.equal(await page.locator('.site-nav a:visible').count(), 0);
    await page.locator('.nav-menu > summary').focus();
    await page.keyboard.press('Enter');
    const links = page.locator('.site-nav a:visible');
    assert.ok(await links.count() >= 5);
    await links.filter({ hasText: 'Find a mentor' }).click();
    assert.equal(new URL(page.url()).pathname, '/mentors/');
    await context.close();
  }
  // On a wide screen the links are a row, and the menu button is gone.
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url('/'));
  assert.equal(await page.isVisible('.nav-menu'), false);
  assert.ok(await page.locator('.site-nav a:visible').count() >= 5);
  await page.close();
});

test('at 375px the first mentor is within two screens, and the filters fold behind one button', async () => {
  const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
  await openPageType(page, server.url, types.find((t) => t.name === 'directory'));
  const first = await page.locator('.mentor-card').first().evaluate((c) => c.getBoundingClientRect().top + scrollY);
  assert.ok(first < 1600, `the first mentor is at y = ${first}`);
  assert.equal(await page.isVisible('#filter-q'), false);
  const toggle = page.locator('#filters-toggle');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  assert.ok(await page.isVisible('#filter-q'));
  await page.check('input[name=availability][value=full]');
  assert.match(await page.textContent('#result-count'), /^\d+ of 64 mentors match\.$/);
  await toggle.click();
  assert.equal(await page.isVisible('#filter-q'), false);
  // At 1280px every filter group shows, with no box that scrolls on its own.
  await page.setViewportSize({ width: 1280, height: 800 });
  assert.equal(await toggle.isVisible(), false);
  assert.ok(await page.isVisible('button[type=reset]'));
  const scrolls = await page.locator('#directory-filters').evaluate((f) => f.scrollHeight > f.clientHeight);
  assert.equal(scrolls, false);
  await page.close();
});

test('chart text is at least 12px on a 375px phone', async () => {
  const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
  await page.goto(url('/evaluations/2022/'));
  const smallest = await page.evaluate(() => Math.min(...[...document.querySelectorAll('.chart-image svg text')]
    .map((t) => t.getBoundingClientRect().height ? parseFloat(t.getAttribute('font-size')) * t.closest('svg').getBoundingClientRect().width / t.closest('svg').viewBox.baseVal.width : Infinity)));
  assert.ok(Number.isFinite(smallest), 'the page has charts');
  assert.ok(smallest >= 12, `the smallest chart text is ${smallest.toFixed(1)}px`);
  await page.close();
});
