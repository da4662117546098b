// Reflow and text spacing on every page type: at 320 CSS px (a 1280 px
// screen at 400% zoom) nothing scrolls sideways except a data table inside
// its own box, and with WCAG's text-spacing overrides no text is clipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openExampleSite, openPageType, seedShortlist } from './harness.mjs';

let site, server, browser, types;
openExampleSite((opened) => ({ site, server, browser, types } = opened));

/** Elements that stick out of the viewport sideways, outside a box that scrolls on its own. */
const sideways = (page) => page.evaluate(() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  const page = document.documentElement.scrollWidth - width;
  if (page > 0) out.push(`the page scrolls ${page}px sideways`);
  for (const el of document.body.querySelectorAll('*')) {
    // Charts are images (role="img") of the figures in the table beside
    // them: text spacing may push their labels past the panel, never the page.
    if (el.closest('.table-wrap, pre, .visually-hidden, .skip-link, [hidden], svg[role=img]')) continue;
    const r = el.getBoundingClientRect();
    if (r.width && (r.right > width + 1 || r.left < -1)) {
      out.push(`${el.tagName.toLowerCase()}.${el.getAttribute('class')} spans ${Math.round(r.left)} to ${Math.round(r.right)}px`);
    }
  }
  return out;
});

test('no page type scrolls sideways at 320px, except data tables inside their own box', async () => {
  const context = await browser.newContext({ viewport: { width: 320, height: 800 } });
  const page = await context.newPage();
  await seedShortlist(page, server.url, ['m-0001', 'm-0002', 'm-0003']);
  const problems = [];
  let scrollingTables = 0;
  for (const t of types) {
    await openPageType(page, server.url, t);
    problems.push(...(await sideways(page)).map((p) => `${t.path}: ${p}`));
    // A table wider than the screen scrolls in a box that says what it is and takes the focus.
    const boxes = await page.locator('.table-wrap').evaluateAll((els) => els
      .filter((el) => el.scrollWidth > el.clientWidth)
      .map((el) => ({ scrolls: getComputedStyle(el).overflowX, role: el.getAttribute('role'), label: el.getAttribute('aria-labelledby') || el.getAttribute('aria-label'), tabindex: el.getAttribute('tabindex') })));
    for (const b of boxes) {
      scrollingTables++;
      if (b.scrolls !== 'auto' || b.role !== 'region' || !b.label || b.tabindex !== '0') problems.push(`${t.path}: a wide table's box is ${JSON.stringify(b)}`);
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(scrollingTables > 0, 'some tables are wider than 320px (and scroll in their box)');
  // The directory's filters and a filtered view reflow too.
  await page.goto(`${server.url}/mentors/?theme=networking&region=london&availability=open`);
  await page.waitForSelector('html[data-directory-ready]');
  assert.deepEqual(await sideways(page), []);
  await context.close();
});

// WCAG 1.4.12's values, on everything.
const TEXT_SPACING = `
  * { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
  p { margin-bottom: 2em !important; }
`;

/** Text that an element with hidden overflow cuts off. */
const clipped = (page) => page.evaluate(() => {
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('.visually-hidden, [hidden]') || (el.matches('.skip-link') && document.activeElement !== el)) continue;
    const cs = getComputedStyle(el);
    const hides = (o) => o === 'hidden' || o === 'clip';
    if (!hides(cs.overflowX) && !hides(cs.overflowY) && cs.textOverflow !== 'ellipsis') continue;
    if (!el.textContent.trim() || !el.getClientRects().length) continue;
    const tall = hides(cs.overflowY) && el.scrollHeight > el.clientHeight + 1;
    const wide = (hides(cs.overflowX) || cs.textOverflow === 'ellipsis') && el.scrollWidth > el.clientWidth + 1;
    if (tall || wide) out.push(`${el.tagName.toLowerCase()}.${el.getAttribute('class')} “${el.textContent.trim().slice(0, 40)}” is cut off (${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight})`);
  }
  return out;
});

for (const width of [1280, 320]) {
  test(`text spacing overrides clip no text on any page type at ${width}px`, async () => {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    await seedShortlist(page, server.url, ['m-0001', 'm-0002', 'm-0003']);
    const problems = [];
    for (const t of types) {
      await openPageType(page, server.url, t);
      await page.addStyleTag({ content: TEXT_SPACING });
      // The override took effect.
      const [spacing, size] = await page.evaluate(() => ['letterSpacing', 'fontSize'].map((p) => parseFloat(getComputedStyle(document.querySelector('h1'))[p])));
      assert.ok(Math.abs(spacing - 0.12 * size) < 0.1, `${t.path}: letter spacing ${spacing}px for ${size}px text`);
      problems.push(...(await clipped(page)).map((p) => `${t.path}: ${p}`));
      if (width === 320) problems.push(...(await sideways(page)).map((p) => `${t.path} with text spacing: ${p}`));
    }
    assert.deepEqual(problems, []);
    await context.close();
  });
}
