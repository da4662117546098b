// Enhances the server-rendered mentor directory: the filter form (state
// kept in the address, counts per option, a polite announcement of the
// result) and a shortlist button on every mentor taking new mentees. The
// page works without this script; it only adds to it.
import {
  decode, parseQuery, toQuery, evaluate, resultText, emptyState,
  shortlistKey, directoryUrl, storageOf, readShortlist, writeShortlist, addToShortlist, removeFromShortlist, SHORTLIST_MAX,
} from './directory-core.js';

const ANNOUNCE_DELAY_MS = 600;
// Cards shown at a time, unless the page says (`data-page-size`, the
// number the server lists on a page). Showing hundreds of cards at once
// costs the browser far more than our 50 ms budget, so the list holds one
// page of matches and a button adds the next.
const DEFAULT_PAGE_SIZE = 48;

// ---- Shortlist buttons (directory and mentor pages) ----

/** The shortlist controls: `add(el)` gives a mentor element its button. */
function shortlistControls() {
  const store = storageOf(window);
  const key = shortlistKey(directoryUrl(document));
  const message = document.getElementById('shortlist-message');
  const bar = document.getElementById('shortlist-bar');
  const buttons = new Map();
  const say = (text) => { if (message) message.textContent = text; };

  const sync = () => {
    const list = readShortlist(store, key);
    for (const [id, b] of buttons) b.setAttribute('aria-pressed', String(list.includes(id)));
    if (bar) {
      bar.hidden = false;
      for (const n of bar.querySelectorAll('[data-shortlist-count]')) n.textContent = String(list.length);
    }
  };

  const toggle = (id, name) => {
    const list = readShortlist(store, key);
    if (list.includes(id)) {
      writeShortlist(store, key, removeFromShortlist(list, id));
      say(`${name} removed from your shortlist.`);
    } else {
      const r = addToShortlist(list, id);
      if (r.outcome === 'full') {
        say(`Your shortlist already has ${SHORTLIST_MAX} mentors, the most the nomination form takes. Remove one before adding ${name}.`);
      } else if (!writeShortlist(store, key, r.list)) {
        say('Your browser would not save the shortlist. Note the names instead.');
      } else {
        say(`${name} added to your shortlist (${r.list.length} of ${SHORTLIST_MAX}).`);
      }
    }
    sync();
  };

  const add = (el) => {
    const id = el.dataset.id;
    if (!id || el.classList.contains('is-full') || buttons.has(id)) return;
    const name = el.querySelector('.mentor-name')?.textContent.trim() ?? id;
    // The page carries the button already (so that nothing moves when this
    // script runs); a card drawn here gets one made the same way.
    let b = el.querySelector('.shortlist-toggle');
    if (!b) {
      b = document.createElement('button');
      b.type = 'button';
      b.className = 'shortlist-toggle';
      const hidden = document.createElement('span');
      hidden.className = 'visually-hidden';
      hidden.textContent = ` ${name}`;
      b.append('Shortlist', hidden);
      (el.querySelector('.availability') ?? el).append(' ', b);
    }
    b.addEventListener('click', () => {
      toggle(id, name);
      // The message above the list pushes the cards down: keep the button
      // that was pressed (and has the focus) on screen.
      b.scrollIntoView({ block: 'nearest' });
    });
    buttons.set(id, b);
  };

  // Another tab changed the shortlist.
  window.addEventListener('storage', (e) => { if (e.key === key) sync(); });
  return { add, sync };
}

// ---- Cards drawn from the data ----

/** An element with a class and text. */
function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Mentor `m`'s card, as partials/mentor_card.html draws it. */
export function drawCard(dir, m) {
  const li = el('li', m.open ? 'mentor-card' : 'mentor-card is-full');
  li.id = `mentor-${m.id}`;
  li.dataset.id = m.id;
  const h = el('h3', 'mentor-name');
  const a = el('a', '', m.name);
  a.href = m.url;
  h.append(a);
  li.append(h);
  const role = [m.position, m.organisation].filter(Boolean).join(', ');
  if (role) li.append(el('p', 'mentor-role', role));
  const facts = el('dl', 'mentor-facts');
  const fact = (term, value) => { if (value) facts.append(el('dt', '', term), el('dd', '', value)); };
  const labels = (facet, list) => list.map((i) => facet[i]?.label).filter(Boolean).join(', ');
  fact('Region', m.region >= 0 ? dir.regions[m.region]?.label : '');
  fact('Disciplines', labels(dir.disciplines, m.disciplines));
  fact('Clinical status', m.clinical === 1 ? 'Clinical' : m.clinical === 0 ? 'Non-clinical' : '');
  fact('Themes', labels(dir.themes, m.themes));
  fact('Shares', labels(dir.shares, m.shares));
  li.append(facts);
  const availability = el('p', 'availability');
  if (m.open) availability.append('Taking new mentees');
  else availability.append(el('strong', '', 'Full'), ': not taking new mentees');
  li.append(availability);
  return li;
}

// ---- Filters (the directory's first page only) ----

/** The button that folds the filters away on small screens. */
function initToggle(form) {
  const toggle = document.getElementById('filters-toggle');
  if (!toggle) return;
  toggle.addEventListener('click', () => {
    const open = !form.classList.contains('is-open');
    form.classList.toggle('is-open', open);
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = open ? 'Hide filters' : 'Show filters';
  });
}

async function initFilters(form, shortlist) {
  const serverList = document.querySelector('.mentor-cards');
  const pageSize = Number(form.dataset.pageSize) || DEFAULT_PAGE_SIZE;
  let dir;
  try {
    const res = await fetch(form.dataset.json);
    if (!res.ok) throw new Error(res.statusText);
    dir = decode(await res.json());
  } catch {
    // Without the data, the page goes back to how it is without scripts:
    // its cards, and links to the other pages of mentors.
    document.documentElement.classList.remove('js');
    return;
  }
  // Cards are drawn as they are first shown: the page carries only the
  // first page of them, and drawing 1,500 up front would cost the reader.
  const cards = dir.mentors.map((m) => document.getElementById(`mentor-${m.id}`));
  const cardAt = (i) => {
    if (!cards[i]) cards[i] = drawCard(dir, dir.mentors[i]);
    shortlist.add(cards[i]);
    return cards[i];
  };
  // From here on the list holds only the cards shown.
  const list = serverList;
  for (const card of list.children) shortlist.add(card);
  shortlist.sync();

  const countEls = new Map([...form.querySelectorAll('[data-count]')].map((el) => [el.dataset.count, el]));
  const resultCount = document.getElementById('result-count');
  const status = document.getElementById('result-status');
  const none = document.getElementById('no-results');
  const more = document.createElement('p');
  more.className = 'more-results';
  more.hidden = true;
  const moreButton = document.createElement('button');
  moreButton.type = 'button';
  more.append(moreButton);
  list.after(more);
  // Indices of the matching mentors.
  let matching = [];
  let shown = 0;
  let announceTimer = 0;

  const readForm = () => {
    const data = new FormData(form);
    const s = emptyState();
    s.q = String(data.get('q') || '');
    s.theme = data.getAll('theme').map(String);
    s.shares = data.getAll('shares').map(String);
    for (const f of ['discipline', 'region', 'clinical', 'availability']) s[f] = String(data.get(f) || '');
    return s;
  };
  const writeForm = (s) => {
    form.elements.q.value = s.q;
    for (const el of form.querySelectorAll('input[type=checkbox]')) el.checked = s[el.name].includes(el.value);
    for (const el of form.querySelectorAll('input[type=radio]')) el.checked = s[el.name] === el.value;
    for (const name of ['discipline', 'region']) form.elements[name].value = s[name];
  };
  const setCount = (key, n) => {
    const el = countEls.get(key);
    if (el) el.textContent = `(${n})`;
  };
  const setOptionCounts = (select, facet, counts, any) => {
    for (const o of select.options) {
      const i = facet.findIndex((f) => f.slug === o.value);
      o.textContent = `${o.dataset.label} (${i >= 0 ? counts[i] : any})`;
    }
  };
  const describe = () => {
    const text = resultText(matching.length, dir.mentors.length, shown);
    resultCount.textContent = text;
    const rest = Math.min(pageSize, matching.length - shown);
    more.hidden = rest <= 0;
    moreButton.textContent = `Show ${rest} more`;
    return matching.length ? text : `${text} No mentor matches all of these filters.`;
  };

  /** Applies the form, synchronously, so that a change is timed whole. */
  const apply = ({ announce = 'now' } = {}) => {
    const state = readForm();
    const { matches, counts } = evaluate(dir, state);
    matching = [];
    for (let i = 0; i < matches.length; i++) if (matches[i]) matching.push(i);
    shown = Math.min(pageSize, matching.length);
    const first = matching.slice(0, shown);
    // Unchanged (as on arrival without filters): leave the cards alone.
    const same = list.children.length === first.length
      && first.every((i, k) => list.children[k] === cards[i]);
    if (!same) list.replaceChildren(...first.map(cardAt));
    shortlist.sync();
    dir.themes.forEach((t, i) => setCount(`theme:${t.slug}`, counts.theme[i]));
    dir.shares.forEach((s, i) => setCount(`shares:${s.slug}`, counts.shares[i]));
    setCount('clinical:', counts.clinical.any);
    setCount('clinical:yes', counts.clinical.yes);
    setCount('clinical:no', counts.clinical.no);
    setCount('availability:', counts.availability.any);
    setCount('availability:open', counts.availability.open);
    setCount('availability:full', counts.availability.full);
    setOptionCounts(form.elements.discipline, dir.disciplines, counts.discipline, counts.disciplineAny);
    setOptionCounts(form.elements.region, dir.regions, counts.region, counts.regionAny);
    none.hidden = matching.length > 0;
    const spoken = describe();
    const query = toQuery(state);
    if (query !== location.search) history.replaceState(history.state, '', `${location.pathname}${query}${location.hash}`);
    // Typing announces once it pauses; a tick or a choice announces at once.
    clearTimeout(announceTimer);
    const say = () => { status.textContent = spoken; };
    if (announce === 'now') say();
    else if (announce === 'later') announceTimer = setTimeout(say, ANNOUNCE_DELAY_MS);
  };

  moreButton.addEventListener('click', () => {
    const next = matching.slice(shown, shown + pageSize).map(cardAt);
    shortlist.sync();
    list.append(...next);
    shown += next.length;
    status.textContent = describe();
    // Keyboard users continue from the first card they had not seen.
    next[0]?.querySelector('.mentor-name a')?.focus();
  });

  writeForm(parseQuery(location.search, dir));
  form.addEventListener('change', (e) => { if (e.target.name !== 'q') apply(); });
  form.addEventListener('input', (e) => { if (e.target.name === 'q') apply({ announce: 'later' }); });
  form.addEventListener('submit', (e) => e.preventDefault());
  // A reset clears the controls after the event, so apply on the next task.
  form.addEventListener('reset', () => setTimeout(() => { writeForm(emptyState()); apply(); }));
  for (const e of document.querySelectorAll('[data-nojs]')) e.hidden = true;
  apply({ announce: 'never' });
  document.documentElement.dataset.directoryReady = 'true';
}

const shortlist = shortlistControls();
const form = document.getElementById('directory-filters');
if (form) {
  initToggle(form);
  initFilters(form, shortlist);
} else {
  // A mentor's page, or a further page of the list.
  for (const e of document.querySelectorAll('.mentor-page[data-id], .mentor-card[data-id]')) shortlist.add(e);
  shortlist.sync();
}
