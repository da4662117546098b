// The example site in a real browser: pages load, keyboard users meet the
// skip link first, and axe finds nothing serious on the core page types.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openExampleSite, axe } from './harness.mjs';

let site, server, browser;
openExampleSite((opened) => ({ site, server, browser } = opened));

const PAGES = ['/', '/guidance/', '/guidance/timeline/', '/case-studies/', '/case-studies/keeping-a-foot-in-the-clinic/', '/themes/', '/themes/research-funding/', '/404.html'];

for (const width of [1280, 375]) {
  test(`core pages have no serious or critical axe violations at ${width}px`, async () => {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    for (const path of PAGES) {
      await page.goto(server.url + path);
      const violations = await axe(page);
      assert.deepEqual(violations.map((v) => `${path}: ${v.id} (${v.impact}) ${v.nodes[0]?.target}`), []);
    }
    await page.close();
  });
}

test('the first Tab reaches the skip link, and it moves focus to the main content', async () => {
  const page = await browser.newPage();
  await page.goto(server.url + '/case-studies/keeping-a-foot-in-the-clinic/');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), 'Skip to main content');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  await page.close();
});

test('no page scrolls sideways at 320px', async () => {
  const page = await browser.newPage({ viewport: { width: 320, height: 800 } });
  for (const path of PAGES) {
    await page.goto(server.url + path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${path} is ${overflow}px too wide`);
  }
  await page.close();
});
