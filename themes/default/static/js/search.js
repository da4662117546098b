// Site search in the browser: the search box in every page's header (a
// combobox whose results appear as you type) and the /search/ page
// (results with filters by kind, a list moved through with the arrow
// keys). Loaded on first focus of the header box, or by the search page.
// Everything from the index is written as text nodes; nothing is parsed
// as HTML. The index logic is in search-core.js (tested under Node).

const HEADER_RESULTS = 6;
const PAGE_RESULTS = 10;
const SNIPPET_WORDS = 28;
// Longer than the pause between keys of someone typing (about 150 ms), so
// that nothing is fetched for a query the reader is still typing.
const TYPING_DELAY_MS = 250;
// In the first results of the list of every kind, at most this many mentors.
const MENTOR_WINDOW = 10;
const MENTORS_IN_WINDOW = 3;
const ANNOUNCE_DELAY_MS = 500;

let corePromise = null;
const indexes = new Map();

/** The core module and the index named by `el`'s data attributes, loaded once each. */
function load(el) {
  corePromise ??= import(el.dataset.searchCore);
  const url = el.dataset.searchIndex;
  if (!indexes.has(url)) {
    const p = corePromise.then((core) => core.SearchIndex.load(url, fetchJson));
    p.catch(() => indexes.delete(url));
    indexes.set(url, p);
  }
  return Promise.all([corePromise, indexes.get(url)]);
}

async function fetchJson(url, { manifest = false, signal } = {}) {
  // The manifest has a fixed address: always ask whether it changed.
  const r = await fetch(url, manifest ? { cache: 'no-cache' } : { signal });
  if (!r.ok) throw new Error(`${url}: ${r.status}`);
  return r.json();
}

function stylesheet(href) {
  if (!href || document.querySelector(`link[data-search-css]`)) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  link.dataset.searchCss = '';
  document.head.append(link);
}

/** Only addresses on this site: never `javascript:` or another host. */
function safeUrl(url) {
  return typeof url === 'string' && url.startsWith('/') && !url.startsWith('//') ? url : '#';
}

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Appends highlighted segments as text nodes and <mark> elements. */
function appendSegments(parent, segments) {
  for (const s of segments) {
    if (s.mark) parent.append(el('mark', '', s.text));
    else parent.append(document.createTextNode(s.text));
  }
}

/** Runs `fn` after the reader pauses typing; a newer call replaces an older one. */
function debounce(fn, ms) {
  let t = 0;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}

/**
 * Results with their records: [{doc, kind, title, url, themes, snippet,
 * needsText}]. The snippet is the stored excerpt; `needsText` when neither
 * it nor the title shows a word searched for (the text has them).
 */
async function present(core, index, found, results, signal) {
  const records = await index.records(results.map((r) => r.doc), signal);
  const isMatch = core.matcher(found.terms, found.prefix);
  const themes = index.manifest.themes;
  return results.map((r, i) => {
    const d = records[i] ?? { title: '', url: '#', themes: [], excerpt: '' };
    const title = core.highlight(d.title, isMatch);
    const snippet = core.highlight(d.excerpt, isMatch, { max: SNIPPET_WORDS });
    return {
      doc: r.doc,
      kind: r.kind,
      url: safeUrl(d.url),
      title,
      themes: d.themes.map((t) => themes[t]).filter(Boolean),
      snippet,
      needsText: !snippet.some((x) => x.mark) && !title.some((x) => x.mark),
    };
  });
}

/** The all-kinds list with at most a few mentors among its first results. */
function balanced(core, found) {
  return core.balance(found.results, found.isMentor, {
    first: MENTOR_WINDOW,
    max: MENTORS_IN_WINDOW,
    namesMentor: found.namesMentor,
  });
}

/** "N results for all words", and "also M with some of the words". */
function countText(found, n, label, q) {
  if (label) return `${plural(n, 'result', 'results')} (${label}) for “${q}”.`;
  if (found.words <= 1) return `${plural(n, 'result', 'results')} for “${q}”.`;
  if (!found.some) return `${plural(n, 'result', 'results')} for all the words of “${q}”.`;
  return `${plural(found.all, 'result', 'results')} for all the words of “${q}”, also ${found.some} with some of the words.`;
}

/** The parts of a result shown in both places: title, kind, snippet, themes. */
function resultBody(parent, r, titleTag) {
  const title = el(titleTag, 'search-result-title');
  appendSegments(title, r.title);
  const meta = el('span', 'search-result-meta');
  meta.append(el('span', 'search-result-kind', r.kind?.label ?? ''));
  if (r.themes.length) meta.append(document.createTextNode(' · '), el('span', 'search-result-themes', r.themes.map((t) => t.label).join(', ')));
  const snippet = el(titleTag === 'span' ? 'span' : 'p', 'search-result-snippet');
  appendSegments(snippet, r.snippet);
  parent.append(title, meta, snippet);
}

function plural(n, one, many) {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

// ---- The header box: a combobox with a listbox of results ----

/** Enhances the header search form `form` (called on its first focus). */
export async function attach(form) {
  if (form.dataset.searchAttached) return;
  form.dataset.searchAttached = '';
  stylesheet(form.dataset.searchCss);
  const input = form.querySelector('input[type="search"]');
  const listId = `${input.id}-results`;
  const popup = el('div', 'search-popup');
  popup.hidden = true;
  const emptyNote = el('p', 'search-empty');
  emptyNote.hidden = true;
  const list = el('ul', 'search-options');
  list.id = listId;
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', 'Search results');
  popup.append(emptyNote, list);
  const status = el('div', 'visually-hidden');
  status.setAttribute('role', 'status');
  form.append(popup, status);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', listId);

  let options = [];
  let active = -1;
  let seq = 0;
  let core;
  let index;
  const ready = load(form).then(([c, i]) => { core = c; index = i; });
  ready.catch(() => { status.textContent = 'Search is not available: the index could not be loaded.'; });
  const announce = debounce((text) => { status.textContent = text; }, ANNOUNCE_DELAY_MS);

  const open = (yes) => {
    if (yes) {
      // Open towards the side with room: rightwards unless the box is near the right edge.
      const box = form.getBoundingClientRect();
      popup.classList.toggle('search-popup-end', box.left + Math.min(34 * 16, window.innerWidth - 32) > window.innerWidth);
    }
    popup.hidden = !yes;
    input.setAttribute('aria-expanded', String(yes));
    if (!yes) setActive(-1);
  };
  const setActive = (i) => {
    active = i;
    options.forEach((o, k) => o.setAttribute('aria-selected', String(k === i)));
    if (i >= 0) {
      input.setAttribute('aria-activedescendant', options[i].id);
      options[i].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  };
  const go = (i) => {
    const href = options[i]?.dataset.href;
    if (href) window.location.assign(href);
  };
  const option = (id, href) => {
    const li = el('li', 'search-option');
    li.id = id;
    li.setAttribute('role', 'option');
    li.setAttribute('aria-selected', 'false');
    li.dataset.href = href;
    // mousedown would blur the input first and close the list.
    li.addEventListener('mousedown', (e) => e.preventDefault());
    li.addEventListener('click', () => window.location.assign(href));
    return li;
  };
  const allResults = (q) => `${form.action.replace(/\?.*$/, '')}?q=${encodeURIComponent(q)}`;

  let controller = null;
  const update = async () => {
    const q = input.value;
    const mine = ++seq;
    controller?.abort();
    controller = new AbortController();
    const { signal } = controller;
    if (!q.trim()) {
      list.replaceChildren();
      options = [];
      open(false);
      status.textContent = '';
      return;
    }
    try {
      await ready;
      const found = await index.search(q);
      if (mine !== seq) return;
      const ranked = balanced(core, found);
      const shown = await present(core, index, found, ranked.slice(0, HEADER_RESULTS), signal);
      if (mine !== seq) return;
      list.replaceChildren();
      options = [];
      shown.forEach((r, i) => {
        const li = option(`${listId}-${i}`, r.url);
        resultBody(li, r, 'span');
        options.push(li);
      });
      const n = found.results.length;
      emptyNote.hidden = n > 0;
      emptyNote.textContent = found.terms.length || found.prefix
        ? `No results for “${q.trim()}”. Try another word, or browse the themes.`
        : 'Type a more specific word: very common words are not searched.';
      const themesUrl = index.manifest.themesUrl;
      const all = option(`${listId}-all`, !n && themesUrl ? safeUrl(themesUrl) : allResults(q));
      all.classList.add('search-all');
      all.textContent = n ? `All ${plural(n, 'result', 'results')} for “${q.trim()}”` : themesUrl ? 'Browse the themes' : 'Open the search page';
      options.push(all);
      list.append(...options);
      setActive(-1);
      open(true);
      announce(n ? `${countText(found, n, '', q.trim())} Use the up and down arrow keys to choose one.` : `No results for ${q.trim()}.`);
    } catch (e) {
      if (mine === seq && !core?.isAbort(e)) status.textContent = 'Search is not available: the index could not be loaded.';
    }
  };
  const later = debounce(update, TYPING_DELAY_MS);

  input.addEventListener('input', later);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!options.length) return;
      e.preventDefault();
      if (popup.hidden) open(true);
      const n = options.length;
      setActive(e.key === 'ArrowDown' ? (active + 1) % n : (active - 1 + n) % n);
    } else if (e.key === 'Enter' && active >= 0 && !popup.hidden) {
      e.preventDefault();
      go(active);
    } else if (e.key === 'Escape') {
      if (!popup.hidden) {
        e.preventDefault();
        open(false);
      } else if (input.value) {
        e.preventDefault();
        input.value = '';
        update();
      }
    }
  });
  input.addEventListener('blur', () => open(false));
  input.addEventListener('focus', () => { if (options.length && input.value.trim()) open(true); });
  if (input.value.trim()) update();
}

// ---- The search page ----

async function initPage(app) {
  const form = app.querySelector('form');
  const input = form.querySelector('input[type="search"]');
  const kinds = [...form.querySelectorAll('input[name="kind"]')];
  const status = app.querySelector('#search-status');
  const results = app.querySelector('#search-results');
  const more = app.querySelector('#search-more');
  const empty = app.querySelector('#search-empty');
  const mentorsNote = el('p', 'search-mentors');
  mentorsNote.hidden = true;
  status.after(mentorsNote);
  for (const n of document.querySelectorAll('[data-search-nojs]')) n.hidden = true;
  for (const n of app.querySelectorAll('[data-search-js]')) n.hidden = false;
  stylesheet(app.dataset.searchCss);

  const params = new URLSearchParams(window.location.search);
  input.value = params.get('q') ?? '';
  const kindParam = params.get('kind') ?? '';
  for (const k of kinds) k.checked = k.value === kindParam;
  if (!kinds.some((k) => k.checked) && kinds[0]) kinds[0].checked = true;

  let core;
  let index;
  try {
    [core, index] = await load(app);
  } catch {
    status.textContent = 'Search is not available: the index could not be loaded.';
    return;
  }

  let seq = 0;
  let ranked = [];
  let found = null;
  let shown = 0;
  const chosenKind = () => kinds.find((k) => k.checked)?.value ?? '';

  const writeAddress = () => {
    const p = new URLSearchParams();
    if (input.value.trim()) p.set('q', input.value);
    if (chosenKind()) p.set('kind', chosenKind());
    const qs = p.toString();
    history.replaceState(null, '', qs ? `?${qs}` : window.location.pathname);
  };

  const counts = (all) => {
    for (const k of kinds) {
      const n = k.value ? all.filter((r) => r.kind?.kind === k.value).length : all.length;
      const c = k.parentElement.querySelector('.n');
      if (c) c.textContent = found && (found.terms.length || found.prefix) ? `(${n})` : '';
    }
  };

  const item = (r) => {
    const li = el('li', 'search-result');
    const a = el('a', 'search-result-link');
    a.href = r.url;
    a.tabIndex = -1;
    const title = el('span', 'search-result-title');
    appendSegments(title, r.title);
    a.append(title);
    const h = el('h2', 'search-result-heading');
    h.append(a);
    const meta = el('p', 'search-result-meta');
    meta.append(el('span', 'search-result-kind', r.kind?.label ?? ''));
    if (r.themes.length) {
      meta.append(document.createTextNode(' · Themes: '));
      r.themes.forEach((t, i) => {
        if (i) meta.append(document.createTextNode(', '));
        if (t.url) {
          const ta = el('a', '', t.label);
          ta.href = safeUrl(t.url);
          meta.append(ta);
        } else {
          meta.append(document.createTextNode(t.label));
        }
      });
    }
    const snippet = el('p', 'search-result-snippet');
    appendSegments(snippet, r.snippet);
    li.append(h, meta, snippet);
    return li;
  };

  const links = () => [...results.querySelectorAll('a.search-result-link')];
  const rove = (a) => {
    for (const l of links()) l.tabIndex = l === a ? 0 : -1;
  };

  // Snippets from the text, for results on screen whose excerpt shows
  // none of the words: fetched once the result is visible, never for a
  // list the reader has already replaced.
  let controller = new AbortController();
  const waiting = new Map();
  const fillSnippets = async (entries) => {
    const docs = [];
    for (const e of entries) {
      if (!e.isIntersecting) continue;
      observer?.unobserve(e.target);
      const w = waiting.get(e.target);
      if (w) docs.push(w);
      waiting.delete(e.target);
    }
    if (!docs.length) return;
    const { signal } = controller;
    const mine = seq;
    try {
      const texts = await index.texts(docs.map((w) => w.doc), signal);
      if (mine !== seq) return;
      const isMatch = core.matcher(found.terms, found.prefix);
      docs.forEach((w, i) => {
        const segments = core.highlight(texts[i] ?? '', isMatch, { max: SNIPPET_WORDS });
        if (!segments.some((x) => x.mark)) return;
        const p = el('p', 'search-result-snippet');
        appendSegments(p, segments);
        w.snippet.replaceWith(p);
      });
    } catch {
      // The excerpt stays: a snippet is not worth an error message.
    }
  };
  const observer = typeof IntersectionObserver === 'function' ? new IntersectionObserver(fillSnippets) : null;

  const showMore = async (focusFirstNew) => {
    const mine = seq;
    const next = ranked.slice(shown, shown + PAGE_RESULTS);
    let items;
    try {
      items = await present(core, index, found, next, controller.signal);
    } catch (e) {
      if (!core.isAbort(e) && mine === seq) status.textContent = 'Search is not available: the index could not be loaded.';
      return;
    }
    if (mine !== seq) return;
    const start = shown;
    for (const r of items) {
      const li = item(r);
      results.append(li);
      if (r.needsText && observer) {
        waiting.set(li, { doc: r.doc, snippet: li.querySelector('.search-result-snippet') });
        observer.observe(li);
      }
    }
    shown += items.length;
    more.hidden = shown >= ranked.length;
    const ls = links();
    if (start === 0 && ls[0]) rove(ls[0]);
    if (focusFirstNew && ls[start]) {
      rove(ls[start]);
      ls[start].focus();
    }
  };

  const mentorsLine = (q) => {
    mentorsNote.hidden = true;
    mentorsNote.replaceChildren();
    const url = index.manifest.mentorsUrl;
    if (!url || chosenKind() || found.namesMentor || found.mentors <= MENTORS_IN_WINDOW) return;
    const a = el('a', '', 'show them in the directory');
    a.href = `${safeUrl(url)}?q=${encodeURIComponent(q.trim())}`;
    mentorsNote.append(document.createTextNode(`${found.mentors} mentors match: `), a);
    mentorsNote.hidden = false;
  };

  const run = async ({ announceNow = false } = {}) => {
    const mine = ++seq;
    controller.abort();
    controller = new AbortController();
    observer?.disconnect();
    waiting.clear();
    writeAddress();
    const q = input.value;
    results.replaceChildren();
    more.hidden = true;
    empty.hidden = true;
    mentorsNote.hidden = true;
    shown = 0;
    if (!q.trim()) {
      found = null;
      ranked = [];
      counts([]);
      status.textContent = '';
      return;
    }
    found = await index.search(q, { typing: !announceNow });
    if (mine !== seq) return;
    const kind = chosenKind();
    ranked = kind ? found.results.filter((r) => r.kind?.kind === kind) : balanced(core, found);
    counts(found.results);
    const label = kinds.find((k) => k.checked && k.value)?.dataset.plural?.toLowerCase();
    let text;
    if (!found.terms.length && !found.prefix) {
      text = 'Type a more specific word: very common words are not searched.';
    } else if (!ranked.length) {
      text = `No ${label ?? 'results'} for “${q.trim()}”.`;
      empty.hidden = false;
    } else {
      text = countText(found, ranked.length, label, q.trim());
    }
    mentorsLine(q);
    await showMore(false);
    if (mine !== seq) return;
    status.textContent = text;
  };
  const later = debounce(run, TYPING_DELAY_MS);

  input.addEventListener('input', () => later());
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    run({ announceNow: true });
  });
  for (const k of kinds) k.addEventListener('change', () => run());
  more.querySelector('button').addEventListener('click', () => showMore(true));

  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') {
      const first = links()[0];
      if (first) {
        e.preventDefault();
        rove(first);
        first.focus();
      }
    } else if (e.key === 'Escape' && input.value) {
      e.preventDefault();
      input.value = '';
      run();
    }
  });
  results.addEventListener('keydown', (e) => {
    const ls = links();
    const i = ls.indexOf(document.activeElement);
    if (i < 0) return;
    let to = null;
    if (e.key === 'ArrowDown') to = Math.min(i + 1, ls.length - 1);
    else if (e.key === 'ArrowUp') to = i - 1;
    else if (e.key === 'Home') to = 0;
    else if (e.key === 'End') to = ls.length - 1;
    else if (e.key === 'Escape') to = -1;
    else return;
    e.preventDefault();
    if (to < 0) {
      input.focus();
      return;
    }
    rove(ls[to]);
    ls[to].focus();
  });
  results.addEventListener('focusin', (e) => {
    if (e.target.matches?.('a.search-result-link')) rove(e.target);
  });

  app.dataset.searchReady = '';
  document.documentElement.dataset.searchReady = '';
  if (input.value.trim()) await run({ announceNow: true });
}

const app = typeof document !== 'undefined' ? document.getElementById('search-app') : null;
if (app) initPage(app);
