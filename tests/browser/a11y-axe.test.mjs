// axe-core on every page type of the example site, at 1280 and 375 px, in
// the light and the dark colour scheme, with reduced motion: no violation
// of moderate impact or worse (WCAG 2.2 AA's target-size rule included;
// the colour rules only in the dark scheme), and no contrast left
// undecided except where another test decides it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openExampleSite, openPageType, seedShortlist, axeAudit, describeAxe, inLanes } from './harness.mjs';

let site, server, browser, types;
openExampleSite((opened) => ({ site, server, browser, types } = opened));

for (const colorScheme of ['light', 'dark']) {
  for (const width of [1280, 375]) {
    test(`every page type passes axe at ${width}px in the ${colorScheme} scheme with reduced motion`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme, reducedMotion: 'reduce' });
      const page = await context.newPage();
      await seedShortlist(page, server.url, ['m-0001', 'm-0002', 'm-0003']);
      await page.close();
      const problems = (await inLanes(context, types, async (type, page) => {
        await openPageType(page, server.url, type);
        // The dark scheme changes colours only: the same page in the light
        // scheme has had every rule, so here the rules about colour suffice.
        const only = colorScheme === 'dark' ? ['color-contrast', 'link-in-text-block'] : null;
        const { violations, incomplete } = await axeAudit(page, { only });
        // axe cannot tell the background of SVG text (a11y-charts checks
        // those colours from the SVG itself) nor of cells scrolled out of a
        // narrow table's box (the same cells are decided at 1280 px, where
        // every table fits). Anything else it could not decide is a failure.
        const undecided = incomplete
          .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !n.inChart && !(n.inScrollingTable && width < 1280)) }))
          .filter((v) => v.nodes.length);
        return [...describeAxe(type.path, violations), ...describeAxe(type.path, undecided).map((p) => `undecided: ${p}`)];
      })).flat();
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
}
