// Enhances the server-rendered mentor directory: the filter form (state
// kept in the address, counts per option, a polite announcement of the
// result) and a shortlist button on every mentor taking new mentees. The
// page works without this script; it only adds to it.
import {
  decode, parseQuery, toQuery, evaluate, resultText, emptyState,
  shortlistKey, directoryUrl, storageOf, readShortlist, writeShortlist, addToShortlist, removeFromShortlist, SHORTLIST_MAX,
} from './directory-core.js';

const ANNOUNCE_DELAY_MS = 600;

// ---- Shortlist buttons (directory and mentor pages) ----

function initShortlist() {
  const targets = [...document.querySelectorAll('.mentor-card[data-id]:not(.is-full), .mentor-page[data-id]:not(.is-full)')];
  if (!targets.length) return;
  const store = storageOf(window);
  const key = shortlistKey(directoryUrl(document));
  const message = document.getElementById('shortlist-message');
  const bar = document.getElementById('shortlist-bar');
  const buttons = new Map();
  const nameOf = (el) => el.querySelector('.mentor-name')?.textContent.trim() ?? el.dataset.id;

  const sync = () => {
    const list = readShortlist(store, key);
    for (const [id, b] of buttons) b.setAttribute('aria-pressed', String(list.includes(id)));
    if (bar) {
      bar.hidden = false;
      for (const n of bar.querySelectorAll('[data-shortlist-count]')) n.textContent = String(list.length);
    }
  };
  const say = (text) => { if (message) message.textContent = text; };

  for (const el of targets) {
    const id = el.dataset.id;
    const name = nameOf(el);
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'shortlist-toggle';
    b.innerHTML = 'Shortlist<span class="visually-hidden"></span>';
    b.lastChild.textContent = ` ${name}`;
    b.addEventListener('click', () => {
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
    });
    buttons.set(id, b);
    (el.querySelector('.availability') ?? el).append(' ', b);
  }
  // Another tab changed the shortlist.
  window.addEventListener('storage', (e) => { if (e.key === key) sync(); });
  sync();
}

// ---- Filters (directory page only) ----

async function initFilters(form) {
  let dir;
  try {
    const res = await fetch(form.dataset.json);
    if (!res.ok) throw new Error(res.statusText);
    dir = decode(await res.json());
  } catch {
    return; // Without the data, the page stays as it was: every mentor, by theme.
  }
  const cards = dir.mentors.map((m) => document.getElementById(`mentor-${m.id}`));
  const countEls = new Map([...form.querySelectorAll('[data-count]')].map((el) => [el.dataset.count, el]));
  const resultCount = document.getElementById('result-count');
  const status = document.getElementById('result-status');
  const none = document.getElementById('no-results');
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
  const setOptionCounts = (select, list, counts, any) => {
    for (const o of select.options) {
      const i = list.findIndex((f) => f.slug === o.value);
      o.textContent = `${o.dataset.label} (${i >= 0 ? counts[i] : any})`;
    }
  };

  /** Applies the form to the cards; returns nothing, synchronously, so a change is timed whole. */
  const apply = ({ announce = 'now' } = {}) => {
    const state = readForm();
    const { matches, total, counts } = evaluate(dir, state);
    for (let i = 0; i < cards.length; i++) {
      const hide = matches[i] === 0;
      if (cards[i] && cards[i].hidden !== hide) cards[i].hidden = hide;
    }
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
    const text = resultText(total, dir.mentors.length);
    resultCount.textContent = text;
    none.hidden = total > 0;
    const query = toQuery(state);
    if (query !== location.search) history.replaceState(history.state, '', `${location.pathname}${query}${location.hash}`);
    // Typing announces once it pauses; a tick or a choice announces at once.
    clearTimeout(announceTimer);
    const say = () => { status.textContent = total ? text : `${text} No mentor matches all of these filters.`; };
    if (announce === 'now') say();
    else if (announce === 'later') announceTimer = setTimeout(say, ANNOUNCE_DELAY_MS);
  };

  writeForm(parseQuery(location.search, dir));
  form.addEventListener('change', (e) => { if (e.target.name !== 'q') apply(); });
  form.addEventListener('input', (e) => { if (e.target.name === 'q') apply({ announce: 'later' }); });
  form.addEventListener('submit', (e) => e.preventDefault());
  // A reset clears the controls after the event, so apply on the next task.
  form.addEventListener('reset', () => setTimeout(() => { writeForm(emptyState()); apply(); }));
  for (const el of document.querySelectorAll('[data-nojs]')) el.hidden = true;
  form.hidden = false;
  apply({ announce: 'never' });
  document.documentElement.dataset.directoryReady = 'true';
}

initShortlist();
const form = document.getElementById('directory-filters');
if (form) initFilters(form);
