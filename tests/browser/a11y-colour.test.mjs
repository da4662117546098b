// Colour and motion on every page type: the dark scheme follows the
// reader's setting, controls stand out from what is around them (3:1),
// links and states are told apart by more than colour, and nothing moves
// when the reader asks for reduced motion. Text contrast is axe's
// color-contrast rule, in both schemes (a11y-axe); chart colours are
// checked in a11y-charts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openExampleSite, openPageType, seedShortlist, contrast, parseColour } from './harness.mjs';

let site, server, browser, types;
openExampleSite((opened) => ({ site, server, browser, types } = opened));

const luminance = (c) => {
  const [r, g, b] = parseColour(c).map((v) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};

/** The page's colours, and every visible form control's edge against what is behind it. */
const colours = (page) => page.evaluate(() => {
  const opaque = (c) => c && c !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(c);
  const behind = (el) => {
    for (let a = el.parentElement; a; a = a.parentElement) {
      const bg = getComputedStyle(a).backgroundColor;
      if (opaque(bg)) return bg;
    }
    return 'rgb(255, 255, 255)';
  };
  const controls = [...document.querySelectorAll('input:not([type=checkbox]):not([type=radio]):not([type=hidden]), select, textarea, button')]
    .filter((el) => el.getClientRects().length && el.getAttribute('aria-disabled') !== 'true' && !el.disabled)
    .map((el) => {
      const cs = getComputedStyle(el);
      return {
        what: `${el.tagName.toLowerCase()} “${(el.textContent || el.name || el.id).trim().slice(0, 30)}”`,
        border: parseFloat(cs.borderTopWidth) >= 1 && cs.borderTopStyle !== 'none' ? cs.borderTopColor : null,
        fill: opaque(cs.backgroundColor) ? cs.backgroundColor : null,
        behind: behind(el),
      };
    });
  const body = getComputedStyle(document.body);
  return { bg: body.backgroundColor, text: body.color, scheme: getComputedStyle(document.documentElement).colorScheme, controls };
});

test('the dark scheme follows prefers-color-scheme, and controls stand out 3:1 in both schemes', async () => {
  const problems = [];
  for (const colorScheme of ['light', 'dark']) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme });
    const page = await context.newPage();
    await seedShortlist(page, server.url, ['m-0001', 'm-0002']);
    for (const t of types) {
      await openPageType(page, server.url, t);
      const c = await colours(page);
      const dark = luminance(c.bg) < 0.05 && luminance(c.text) > 0.6;
      const light = luminance(c.bg) > 0.9 && luminance(c.text) < 0.05;
      if (colorScheme === 'dark' ? !dark : !light) problems.push(`${t.path} (${colorScheme}): text ${c.text} on ${c.bg}`);
      if (!/light/.test(c.scheme) || !/dark/.test(c.scheme)) problems.push(`${t.path}: color-scheme is “${c.scheme}”, so form controls would not follow`);
      for (const k of c.controls) {
        // A control is found by its edge, or by a filled shape against the page.
        const edge = Math.max(k.border ? contrast(k.border, k.behind) : 0, k.fill ? contrast(k.fill, k.behind) : 0);
        if (edge < 3) problems.push(`${t.path} (${colorScheme}): ${k.what} edge ${edge.toFixed(2)}:1 (border ${k.border}, fill ${k.fill}) against ${k.behind}`);
      }
    }
    await context.close();
  }
  assert.deepEqual(problems, []);
});

test('links, the current page and a full mentor are marked by more than colour', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await seedShortlist(page, server.url, ['m-0001', 'm-0002']);
  const problems = [];
  for (const t of types) {
    await openPageType(page, server.url, t);
    problems.push(...(await page.evaluate(() => {
      const out = [];
      // Links within text are underlined; links that stand alone are tags (a
      // filled shape), headings' own anchors, or navigation.
      for (const a of document.querySelectorAll('main a[href], footer a[href]')) {
        if (a.closest('nav, .tags, .heading-anchor, .skip-link') || a.matches('.tag, .heading-anchor')) continue;
        const line = getComputedStyle(a).textDecorationLine;
        if (!line.includes('underline')) out.push(`link “${a.textContent.trim().slice(0, 40)}” is not underlined`);
      }
      // Tags are links in a filled shape with a different text colour from the text around them.
      for (const a of document.querySelectorAll('a.tag')) {
        if (getComputedStyle(a).backgroundColor === getComputedStyle(a.closest('main')).backgroundColor) out.push(`tag “${a.textContent}” has no shape of its own`);
      }
      // The navigation marks the current section with an underline and the current page in bold too.
      for (const a of document.querySelectorAll('.site-nav a')) {
        const cs = getComputedStyle(a);
        const marked = cs.textDecorationLine.includes('underline');
        if (a.hasAttribute('aria-current') !== marked) out.push(`nav link “${a.textContent}” ${marked ? 'underlined but not current' : 'current but not underlined'}`);
        if (a.getAttribute('aria-current') === 'page' && Number(cs.fontWeight) < 700) out.push(`nav link “${a.textContent}” is the current page but not bold`);
      }
      // A full mentor says so in words, not just a grey border.
      for (const el of document.querySelectorAll('.is-full')) {
        if (!/Full/.test(el.querySelector('.availability')?.textContent ?? '')) out.push(`mentor ${el.dataset.id} is full without saying so`);
      }
      return out;
    })).map((p) => `${t.path}: ${p}`));
  }
  assert.deepEqual(problems, []);
  // The navigation marks some current page, and the directory has some full mentors to check.
  await page.goto(`${server.url}/case-studies/`);
  assert.equal(await page.locator('.site-nav a[aria-current=page]:visible').count(), 1);
  await page.goto(`${server.url}/mentors/?availability=full`);
  await page.waitForSelector('html[data-directory-ready]');
  assert.ok(await page.locator('.mentor-card.is-full').count() > 0);
  await page.close();
});

/** Every transition and animation longer than 0s (elements and their ::before/::after), and smooth scrolling. */
const motion = (page) => page.evaluate(() => {
  const out = [];
  const long = (v) => v.split(',').some((d) => parseFloat(d) > 0);
  for (const el of [document.documentElement, ...document.querySelectorAll('body, body *')]) {
    for (const pseudo of [null, '::before', '::after']) {
      const cs = getComputedStyle(el, pseudo);
      if (pseudo && cs.content === 'none') continue;
      const name = `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''}${pseudo ?? ''}`;
      if (long(cs.transitionDuration) && cs.transitionProperty !== 'none') out.push(`${name}: transition ${cs.transitionProperty} ${cs.transitionDuration}`);
      if (long(cs.animationDuration) && cs.animationName !== 'none') out.push(`${name}: animation ${cs.animationName} ${cs.animationDuration}`);
    }
  }
  if (getComputedStyle(document.documentElement).scrollBehavior === 'smooth') out.push('smooth scrolling');
  return out;
});

test('nothing moves when the reader asks for reduced motion', async () => {
  const reduce = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  const page = await reduce.newPage();
  await seedShortlist(page, server.url, ['m-0001', 'm-0002']);
  const problems = [];
  for (const t of types) {
    await openPageType(page, server.url, t);
    problems.push(...(await motion(page)).map((p) => `${t.path}: ${p}`));
  }
  assert.deepEqual(problems, []);
  await reduce.close();
  // Without the setting, the same check does see the theme's one transition
  // (headings' anchor links fading in), so it is not passing by accident.
  const moving = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'no-preference' });
  const other = await moving.newPage();
  await other.goto(`${server.url}/guidance/timeline/`);
  assert.ok((await motion(other)).some((m) => /heading-anchor: transition opacity/.test(m)), 'the check sees transitions');
  await moving.close();
});
