// Charts, as Chromium presents them: each SVG chart is one image with a
// concise name and description, its own text hidden from the accessibility
// tree, and a data table beside it with the same figures. Its marks stand
// out 3:1 from the panel, its text 4.5:1, and its series differ by pattern
// as well as by colour.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openExampleSite, contrast } from './harness.mjs';

let site, server, browser, chartPages;
openExampleSite((opened) => {
  ({ site, server, browser } = opened);
  chartPages = opened.types.filter((t) => ['cohort', 'evaluations', 'evaluation'].includes(t.name));
});

/** Chromium's accessibility tree, as { byId, nodes }. */
async function axTree(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Accessibility.enable');
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  return { nodes, byId: new Map(nodes.map((n) => [n.nodeId, n])) };
}

/** The nodes under `node` that assistive technology sees (not ignored). */
function exposedDescendants(tree, node) {
  const out = [];
  const walk = (n) => {
    for (const id of n.childIds ?? []) {
      const child = tree.byId.get(id);
      if (!child) continue;
      if (!child.ignored) out.push(child);
      walk(child);
    }
  };
  walk(node);
  return out;
}

test('each chart is one image with a concise name and description; screen readers get the table, not the SVG text', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  let total = 0;
  for (const t of chartPages) {
    await page.goto(server.url + t.path);
    const charts = await page.locator('figure.chart').evaluateAll((figs) => figs.map((f) => {
      const svg = f.querySelector('svg');
      return {
        role: svg.getAttribute('role'),
        title: svg.querySelector('title')?.textContent,
        texts: svg.querySelectorAll('text').length,
        caption: f.querySelector('table caption')?.textContent,
        tableRows: f.querySelectorAll('table tbody tr').length,
      };
    }));
    assert.ok(charts.length > 0, `${t.path} has charts`);
    const tree = await axTree(page);
    const images = tree.nodes.filter((n) => !n.ignored && n.role?.value === 'image');
    for (const c of charts) {
      total++;
      assert.equal(c.role, 'img', `${t.path}: the <svg> has role="img"`);
      const node = images.find((n) => n.name?.value === c.title);
      assert.ok(node, `${t.path}: an image named “${c.title}” in the accessibility tree (images: ${images.map((n) => n.name?.value).join(' | ')})`);
      // Concise: the chart's title as its name, a sentence as its description.
      const description = node.description?.value ?? '';
      assert.ok(description.length > 20 && description.length <= 200, `${t.path}: description “${description}”`);
      assert.match(description, /table/, `${t.path}: the description points to the table`);
      // None of the SVG's text (labels, values, ticks) is exposed.
      assert.ok(c.texts > 5);
      assert.deepEqual(exposedDescendants(tree, node).map((n) => `${n.role?.value} “${n.name?.value}”`), [], `${t.path}: “${c.title}” exposes no children`);
      // The data table is there, named after the chart, with a row per category.
      assert.ok(c.caption?.includes(c.title), `${t.path}: the table's caption names the chart`);
      assert.ok(c.tableRows > 0);
    }
    // As Playwright's ARIA snapshot reads it: an image, then a table, and no loose SVG text.
    const snapshot = await page.locator('figure.chart').first().ariaSnapshot();
    assert.match(snapshot, /- img "[^"]+"/);
    assert.match(snapshot, /- table "The figures in the chart/);
    assert.doesNotMatch(snapshot.split('- table')[0], /- text:/, snapshot);
  }
  assert.ok(total >= 5, `${total} charts checked`);
  await page.close();
});

test('each chart’s table has the same figures as its bars', async () => {
  const page = await browser.newPage();
  for (const t of chartPages) {
    await page.goto(server.url + t.path);
    const charts = await page.locator('figure.chart').evaluateAll((figs) => figs.map((f) => {
      const svg = f.querySelector('svg');
      // Value labels: the bold text beside each bar (the title is the larger bold text).
      const values = [...svg.querySelectorAll('text[font-weight="700"]')].filter((x) => x.getAttribute('font-size') !== '17').map((x) => x.textContent);
      const cells = [...f.querySelectorAll('table tbody td')].map((td) => td.textContent.trim());
      return { title: svg.querySelector('title').textContent, values: values.sort(), cells: cells.sort() };
    }));
    for (const c of charts) assert.deepEqual(c.values, c.cells, `${t.path}: “${c.title}”`);
  }
  await page.close();
});

test('chart marks stand out 3:1 and chart text 4.5:1 from the panel; series differ by pattern, not colour alone', async () => {
  const problems = [];
  for (const colorScheme of ['light', 'dark']) {
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    for (const t of chartPages) {
      await page.goto(server.url + t.path);
      const charts = await page.locator('figure.chart svg').evaluateAll((svgs) => svgs.map((svg) => {
        const g = svg.querySelector(':scope > g');
        const panel = svg.querySelector(':scope > rect');
        const bars = [...g.querySelectorAll('rect')].map((r) => {
          const fill = r.getAttribute('fill');
          const ref = fill.match(/^url\(#(.+)\)$/)?.[1];
          const pattern = ref ? svg.getElementById(ref) : null;
          return {
            fill,
            stroke: r.getAttribute('stroke'),
            patternBackground: pattern?.querySelector('rect')?.getAttribute('fill') ?? null,
            patternMarks: pattern ? [...pattern.querySelectorAll('path, circle')].map((m) => m.getAttribute(m.tagName === 'path' ? 'stroke' : 'fill')) : [],
            patternShape: pattern ? [...pattern.children].filter((m) => m.tagName !== 'rect').map((m) => m.tagName).join() : 'solid',
          };
        });
        const texts = [...svg.querySelectorAll('text')].map((x) => ({ text: x.textContent, fill: getComputedStyle(x).fill }));
        const series = svg.closest('figure').querySelectorAll('table thead th').length - 1;
        return { title: svg.querySelector('title').textContent, panel: panel.getAttribute('fill'), bars, texts, series };
      }));
      for (const c of charts) {
        const where = `${t.path} (${colorScheme}) “${c.title}”`;
        for (const b of c.bars) {
          if (b.patternBackground) {
            for (const m of b.patternMarks) if (contrast(m, b.patternBackground) < 3) problems.push(`${where}: pattern mark ${m} on ${b.patternBackground}`);
          } else if (contrast(b.fill, c.panel) < 3) problems.push(`${where}: bar ${b.fill} on ${c.panel}`);
          // Every bar's outline also stands out from the panel.
          if (contrast(b.stroke, c.panel) < 3) problems.push(`${where}: bar outline ${b.stroke} on ${c.panel}`);
        }
        for (const x of c.texts) if (contrast(x.fill, c.panel) < 4.5) problems.push(`${where}: text “${x.text}” ${x.fill} on ${c.panel}`);
        // One look per series: as many distinct fills, and shapes, as series.
        const fills = new Set(c.bars.map((b) => b.fill));
        const shapes = new Set(c.bars.map((b) => b.patternShape));
        if (fills.size !== c.series || shapes.size !== c.series) problems.push(`${where}: ${c.series} series drawn with ${fills.size} fills and ${shapes.size} patterns`);
      }
    }
    await context.close();
  }
  assert.deepEqual(problems, []);
});
