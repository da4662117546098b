// Keyboard only: on every page type the skip link is the first Tab stop,
// every stop shows a visible focus that nothing covers, and Tab goes round
// the whole page and back to the top (no traps). The directory filters,
// the shortlist and the widgets that scroll or reveal content work from
// the keyboard alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openExampleSite, openPageType, seedShortlist, SHORTLIST_KEY, PAGE_TYPES, contrast, inLanes } from './harness.mjs';

let site, server, browser, types;
openExampleSite((opened) => ({ site, server, browser, types } = opened));

const url = (path) => server.url + path;
const type = (name) => PAGE_TYPES.find((t) => t.name === name);

/**
 * What has the focus: a stable key, a description, and whether the focus
 * can be seen (an outline or a box-shadow, its contrast with what is
 * behind it, not transparent, in the viewport and not covered by another
 * element). `null` when nothing in the page has the focus.
 */
async function focused(page, settled = false) {
  const info = await page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    window.__kb = window.__kb || 0;
    el.dataset.kb ??= String(++window.__kb);
    const cs = getComputedStyle(el);
    const rect = el.getClientRects()[0] ?? el.getBoundingClientRect();
    const x = Math.min(Math.max(rect.left + Math.min(rect.width / 2, 8), 0), innerWidth - 1);
    const y = Math.min(Math.max(rect.top + rect.height / 2, 0), innerHeight - 1);
    const top = document.elementFromPoint(x, y);
    // The colour behind the element: the nearest ancestor with a background.
    let behind = 'rgb(255, 255, 255)';
    for (let a = el.parentElement; a; a = a.parentElement) {
      const bg = getComputedStyle(a).backgroundColor;
      if (bg && bg !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(bg)) { behind = bg; break; }
    }
    let opacity = 1;
    for (let a = el; a; a = a.parentElement) opacity *= Number(getComputedStyle(a).opacity);
    const shadow = cs.boxShadow !== 'none' ? cs.boxShadow.match(/rgba?\([^)]*\)/)?.[0] : null;
    const label = (el.getAttribute('aria-label') || el.textContent || el.value || el.name || '').replace(/\s+/g, ' ').trim().slice(0, 50);
    return {
      key: el.dataset.kb,
      what: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} “${label}”`,
      outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2 ? cs.outlineColor : null,
      shadow,
      behind,
      opacity,
      inView: rect.bottom > 0 && rect.top < innerHeight && rect.right > 0 && rect.left < innerWidth,
      covered: top ? !(el === top || el.contains(top) || top.contains(el) || el.labels?.[0]?.contains(top)) : true,
      coveredBy: top ? `${top.tagName.toLowerCase()}.${top.className}` : 'nothing',
      y: rect.top + scrollY,
      inMain: Boolean(el.closest('main')),
    };
  });
  if (!settled && info && (info.opacity < 1 || !info.inView || info.covered)) {
    // Some focus styles fade in, and content laid out late moves things:
    // judge what the reader sees once the next frames have settled.
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
    await page.waitForTimeout(250);
    return focused(page, true);
  }
  return info;
}

/** The problems with how a focus stop shows, if any. */
function focusProblems(s) {
  const problems = [];
  const visible = [s.outline, s.shadow].filter(Boolean).map((c) => contrast(c, s.behind));
  if (!visible.length) problems.push('no outline or box-shadow');
  else if (Math.max(...visible) < 3) problems.push(`focus indicator contrast ${Math.max(...visible).toFixed(2)}:1 against ${s.behind}`);
  if (s.opacity < 1) problems.push(`opacity ${s.opacity}`);
  if (!s.inView) problems.push('scrolled out of view');
  if (s.covered) problems.push(`covered by ${s.coveredBy}`);
  return problems.map((p) => `${s.what}: ${p}`);
}

/**
 * Presses Tab from the top of the page until the focus leaves the end of
 * the page or comes back to the first stop; returns every stop, the
 * problems seen, and whether it went all the way round.
 */
async function tabRound(page, { max = 400, onStop } = {}) {
  const stops = [];
  const problems = [];
  const seen = new Set();
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const s = await focused(page);
    if (!s) {
      if (stops.length) return { stops, problems, round: true };
      continue;
    }
    if (stops.length && s.key === stops[0].key) return { stops, problems, round: true };
    if (seen.has(s.key)) {
      problems.push(`${s.what}: reached twice before going round (a trap?)`);
      return { stops, problems, round: false };
    }
    seen.add(s.key);
    stops.push(s);
    problems.push(...focusProblems(s));
    if (onStop) await onStop(s, stops.length - 1);
  }
  return { stops, problems, round: false };
}

// Every page type in the light scheme; in the dark one, a page of each kind
// of surface the focus can be on (header, text, cards, tables, filters, buttons).
const DARK = ['home', 'case study', 'evaluation', 'directory', 'shortlist', 'search results'];
for (const colorScheme of ['light', 'dark']) {
  test(`${colorScheme === 'light' ? 'every page type' : DARK.join(', ')}: skip link first, visible focus at every Tab stop, and no trap (1280px, ${colorScheme})`, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme });
    const page = await context.newPage();
    await seedShortlist(page, server.url, ['m-0001', 'm-0002']);
    await page.close();
    const pages = types.filter((t) => colorScheme === 'light' || DARK.includes(t.name));
    const problems = (await inLanes(context, pages, async (t, page) => {
      await openPageType(page, server.url, t);
      const { stops, problems: p, round } = await tabRound(page);
      const out = p.map((x) => `${t.path}: ${x}`);
      if (!round) out.push(`${t.path}: Tab did not come back round to the top`);
      if (!/Skip to main content/.test(stops[0]?.what)) out.push(`${t.path}: the first Tab stop is ${stops[0]?.what}`);
      if (stops.length < 10) out.push(`${t.path}: only ${stops.length} Tab stops`);
      return out;
    })).flat();
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('the home page and a case study go from top to bottom in Tab order at 375px', async () => {
  const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
  const walked = {};
  for (const path of ['/', '/case-studies/keeping-a-foot-in-the-clinic/']) {
    await page.goto(url(path));
    const { stops, round } = await tabRound(page);
    walked[path] = stops;
    assert.ok(round, `${path}: Tab went round`);
    const names = stops.map((s) => s.what);
    // Skip link, the site's name, the main navigation, the page, the footer.
    assert.match(names[0], /Skip to main content/);
    assert.match(names[1], /Northfield Research Mentoring Programme/);
    // At 375px the main navigation folds behind a Menu button.
    assert.match(names[2], /Menu/);
    assert.match(names.at(-1), /Accessibility statement/);
    // In one column, each stop is at or below the one before (a link that
    // wraps starts on the line of the text before it: allow a line).
    for (let i = 1; i < stops.length; i++) {
      assert.ok(stops[i].y >= stops[i - 1].y - 30, `${path}: ${names[i]} (y ${stops[i].y}) comes after ${names[i - 1]} (y ${stops[i - 1].y})`);
    }
    // Enter on the skip link puts the focus in the main content, and the next Tab is the page's first link.
    await page.goto(url(path));
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => document.getElementById('main').contains(document.activeElement)));
  }
  // A case study's stops in order: breadcrumbs, cohort, themes, contents, then the text.
  const main = walked['/case-studies/keeping-a-foot-in-the-clinic/'].filter((s) => s.inMain).map((s) => s.what.replace(/^a “|”$/g, '')).slice(0, 8);
  assert.deepEqual(main.slice(0, 3), ['Home', 'Case studies', 'Cohort 1 (2021)']);
  assert.ok(main.includes('Research funding'), main.join(' | '));
  assert.ok(main.indexOf('Research funding') < main.indexOf('Drivers for joining'), main.join(' | '));
  await page.close();
});

test('the directory filters: every control is reached by Tab, and Space, arrows and Enter change the results', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await seedShortlist(page, server.url, []);
  await openPageType(page, server.url, type('directory'));
  // Names every filter control `name=value` (`reset=` for the button).
  const markControls = () => page.evaluate(() => [...document.querySelectorAll('#directory-filters input, #directory-filters select, #directory-filters button')]
    .filter((el) => (el.type !== 'radio' || el.checked) && el.checkVisibility()) // a radio group is one Tab stop; the filters' fold button is not shown on a wide screen
    .map((el) => { el.dataset.control = `${el.name || el.type}=${el.value}`; return el.dataset.control; }));
  const controls = await markControls();
  const reached = [];
  const { round, problems } = await tabRound(page, {
    onStop: async () => {
      const c = await page.evaluate(() => document.activeElement.dataset.control);
      if (c) reached.push(c);
    },
  });
  assert.ok(round);
  assert.deepEqual(problems, []);
  assert.deepEqual(reached, controls, 'every filter control, in order');

  const count = () => page.textContent('#result-count');
  const status = () => page.textContent('#result-status');
  const focusedControl = () => page.evaluate(() => document.activeElement.dataset.control);
  const tabTo = async (control) => {
    for (let i = 0; i < 100 && (await focusedControl()) !== control; i++) await page.keyboard.press('Tab');
    assert.equal(await focusedControl(), control);
  };
  await openPageType(page, server.url, type('directory'));
  await markControls();
  await page.keyboard.press('Tab');
  // Space ticks a theme: the results, their count and the live region follow, and the focus stays put.
  await tabTo('theme=research-funding');
  const promised = Number((await page.textContent('[data-count="theme:research-funding"]')).replace(/\D/g, ''));
  await page.keyboard.press('Space');
  assert.ok(await page.isChecked('input[name=theme][value=research-funding]'));
  assert.equal(await count(), `${promised} of 64 mentors match.`);
  assert.equal(await status(), `${promised} of 64 mentors match.`);
  assert.equal(await page.locator('.mentor-card:visible').count(), promised);
  assert.equal(await focusedControl(), 'theme=research-funding');
  assert.deepEqual(focusProblems(await focused(page)), []);
  // Arrow keys choose in a select and in a radio group.
  await tabTo('region=');
  await page.keyboard.press('ArrowDown');
  const region = await page.inputValue('#filter-region');
  assert.notEqual(region, '');
  assert.match(page.url(), new RegExp(`region=${region}`));
  await tabTo('clinical=');
  await page.keyboard.press('ArrowDown');
  assert.ok(await page.isChecked('input[name=clinical][value=yes]'));
  assert.match(page.url(), /clinical=yes/);
  const narrowed = await page.locator('.mentor-card:visible').count();
  assert.ok(narrowed < promised);
  assert.match(await status(), new RegExp(`^(${narrowed} of 64 mentors match\\.|0 of 64 mentors match\\. No mentor matches)`));
  // Typing in the search box narrows too; Enter does not submit the form away.
  await page.keyboard.down('Shift');
  for (let i = 0; i < 100 && (await focusedControl()) !== 'q='; i++) await page.keyboard.press('Tab');
  await page.keyboard.up('Shift');
  await page.keyboard.type('zzzz');
  await page.keyboard.press('Enter');
  assert.equal(new URL(page.url()).pathname, '/mentors/');
  assert.ok(await page.isVisible('#no-results'));
  // The reset button, by keyboard, clears everything.
  await tabTo('reset=');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.search === '');
  assert.equal(await count(), 'All 64 mentors; showing the first 48.');
  assert.equal(await focusedControl(), 'reset=');
  await page.close();
});

test('the shortlist by keyboard: add three from the directory, open it, reorder with the Move buttons', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await seedShortlist(page, server.url, []);
  await openPageType(page, server.url, type('directory'));
  // Tab to the first three Shortlist buttons, pressing Space, Enter, Space.
  const added = [];
  for (const key of ['Space', 'Enter', 'Space']) {
    for (let i = 0; i < 200; i++) {
      await page.keyboard.press('Tab');
      const b = await page.evaluate(() => {
        const el = document.activeElement;
        return el.classList.contains('shortlist-toggle') && el.getAttribute('aria-pressed') === 'false' ? el.closest('[data-id]').dataset.id : null;
      });
      if (b) { added.push(b); break; }
    }
    await page.keyboard.press(key);
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-pressed')), 'true');
    assert.deepEqual(focusProblems(await focused(page)), []);
    assert.match(await page.textContent('#shortlist-message'), new RegExp(`added to your shortlist \\(${added.length} of 3\\)`));
  }
  assert.deepEqual(await page.evaluate((k) => JSON.parse(localStorage.getItem(k)), SHORTLIST_KEY), added);
  assert.equal(await page.textContent('[data-shortlist-count]'), '3');
  // Back up to the shortlist bar's link and follow it with Enter.
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Shift+Tab');
    if (await page.evaluate(() => document.activeElement.closest('#shortlist-bar') !== null)) break;
  }
  await Promise.all([page.waitForURL(/\/mentors\/shortlist\/$/), page.keyboard.press('Enter')]);
  await page.waitForSelector('#shortlist-list li');
  const order = () => page.locator('.shortlist-item').evaluateAll((items) => items.map((li) => li.dataset.id));
  assert.deepEqual(await order(), added);
  const [a, b, c] = added;
  // The whole page goes round, every button shows its focus.
  const { round, problems, stops } = await tabRound(page);
  assert.ok(round);
  assert.deepEqual(problems, []);
  assert.ok(stops.filter((s) => /^button/.test(s.what)).length >= 3 * 3 + 2, stops.map((s) => s.what).join('\n'));
  // Move the first mentor down twice: the focus goes with it, on its Move down button.
  const focusIs = () => page.evaluate(() => `${document.activeElement.closest('li')?.dataset.id}:${document.activeElement.dataset.action}`);
  await page.locator(`.shortlist-item[data-id="${a}"] [data-action=down]`).focus();
  await page.keyboard.press('Enter');
  assert.deepEqual(await order(), [b, a, c]);
  assert.equal(await focusIs(), `${a}:down`);
  await page.keyboard.press('Space');
  assert.deepEqual(await order(), [b, c, a]);
  assert.equal(await focusIs(), `${a}:down`);
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-disabled')), 'true');
  assert.match(await page.textContent('#shortlist-status'), /is now number 3 of 3/);
  assert.deepEqual(focusProblems(await focused(page)), []);
  // At the bottom, Move down does nothing and keeps the focus.
  await page.keyboard.press('Enter');
  assert.deepEqual(await order(), [b, c, a]);
  assert.equal(await focusIs(), `${a}:down`);
  // Shift+Tab reaches its Move up; Enter moves it back up one.
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focusIs(), `${a}:up`);
  await page.keyboard.press('Enter');
  assert.deepEqual(await order(), [b, a, c]);
  assert.equal(await focusIs(), `${a}:up`);
  assert.deepEqual(focusProblems(await focused(page)), []);
  // Remove by keyboard: the focus moves to the next mentor's Remove button.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await focusIs(), `${a}:remove`);
  await page.keyboard.press('Enter');
  assert.deepEqual(await order(), [b, c]);
  assert.equal(await focusIs(), `${c}:remove`);
  await page.close();
});

test('widgets that reveal or scroll content work from the keyboard', async () => {
  const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
  await seedShortlist(page, server.url, ['m-0001']);
  // "Show 16 more" in the directory: Enter adds cards and takes the focus to the first new one.
  await openPageType(page, server.url, type('directory'));
  await page.locator('.more-results button').focus();
  assert.deepEqual(focusProblems(await focused(page)), []);
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('.mentor-card:visible').count(), 64);
  assert.equal(await page.evaluate(() => document.activeElement.closest('.mentor-card').id), await page.locator('.mentor-card').nth(48).getAttribute('id'));
  assert.deepEqual(focusProblems(await focused(page)), []);
  // Coming back up from the footer, the button is on screen, not below it.
  for (const width of [1280, 1000, 375]) {
    await page.setViewportSize({ width, height: 800 });
    await openPageType(page, server.url, type('directory'));
    await page.locator('.footer-links a').first().focus();
    await page.keyboard.press('Shift+Tab');
    assert.match((await focused(page)).what, /Show 16 more/);
    assert.deepEqual(focusProblems(await focused(page)), [], `at ${width}px`);
  }
  // On a phone the CPD ranking stacks into one block per workshop, each
  // cell labelled: nothing scrolls sideways.
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(url('/cpd/'));
  const ranking = page.locator('.table-wrap').nth(1);
  assert.ok(await ranking.evaluate((el) => el.scrollWidth <= el.clientWidth), 'the ranking fits the phone');
  assert.equal(await page.locator('.workshop-ranking tbody tr').first().evaluate((tr) => getComputedStyle(tr).display), 'block');
  assert.match(await page.locator('.workshop-ranking td[data-label="Total attendances"]').first().evaluate((td) => getComputedStyle(td, '::before').content), /Total attendances/);
  // Where a table is wider than the screen, it scrolls inside its own box:
  // the box takes the focus, says what it holds, and the arrow keys scroll it.
  await page.setViewportSize({ width: 700, height: 800 });
  await page.goto(url('/cpd/'));
  const region = page.locator('.table-wrap').nth(1);
  assert.ok(await region.evaluate((el) => el.scrollWidth > el.clientWidth), 'the ranking table is wider than 700px');
  assert.equal(await region.getAttribute('role'), 'region');
  assert.ok(await region.evaluate((el) => document.getElementById(el.getAttribute('aria-labelledby'))?.textContent.length > 10));
  await region.focus();
  assert.deepEqual(focusProblems(await focused(page)), []);
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  // Keyboard scrolling is animated: wait for it rather than read it at once.
  await page.waitForFunction((el) => el.scrollLeft > 0, await region.elementHandle(), { timeout: 5000 });
  await page.setViewportSize({ width: 375, height: 800 });
  // Disclosure widgets (<details>) on any page type open and close with Enter and Space.
  for (const t of types) {
    await openPageType(page, server.url, t);
    const n = await page.locator('details > summary').count();
    for (let i = 0; i < n; i++) {
      const summary = page.locator('details > summary').nth(i);
      const open = () => summary.evaluate((s) => s.parentElement.open);
      const before = await open();
      await summary.focus();
      await page.keyboard.press('Enter');
      assert.equal(await open(), !before, `${t.path}: Enter toggles a <details>`);
      await page.keyboard.press('Space');
      assert.equal(await open(), before, `${t.path}: Space toggles a <details>`);
    }
  }
  await page.close();
});
