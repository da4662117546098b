// The shortlist page: the mentors a reader chose, from this browser's
// storage only, in order of preference; reorderable with buttons, printable,
// and copied as plain text for the nomination form.
import {
  decode, shortlistKey, directoryUrl, storageOf, readShortlist, writeShortlist,
  removeFromShortlist, moveInShortlist, shortlistText,
} from './directory-core.js';

const app = document.getElementById('shortlist-app');
const listEl = document.getElementById('shortlist-list');
const empty = document.getElementById('shortlist-empty');
const actions = document.getElementById('shortlist-actions');
const status = document.getElementById('shortlist-status');
const fallback = document.getElementById('copy-fallback');
const copyText = document.getElementById('copy-text');
const store = storageOf(window);
const key = shortlistKey(directoryUrl(document));
let byId = new Map();

const say = (text) => { status.textContent = text; };

/** A definition-list row, or nothing when the value is empty. */
function fact(dl, term, value) {
  if (!value) return;
  const dt = document.createElement('dt');
  const dd = document.createElement('dd');
  dt.textContent = term;
  dd.textContent = value;
  dl.append(dt, dd);
}

function button(label, name, action, disabled) {
  const b = document.createElement('button');
  b.type = 'button';
  b.dataset.action = action;
  b.textContent = label;
  const hidden = document.createElement('span');
  hidden.className = 'visually-hidden';
  hidden.textContent = ` ${name}`;
  b.append(hidden);
  // aria-disabled rather than disabled: the button keeps focus after a move.
  if (disabled) b.setAttribute('aria-disabled', 'true');
  return b;
}

function mentorItem(m, i, count, dir) {
  const li = document.createElement('li');
  li.className = 'shortlist-item';
  li.dataset.id = m.id;
  const h = document.createElement('h2');
  h.className = 'shortlist-name';
  const a = document.createElement('a');
  a.href = m.url;
  a.textContent = m.name;
  h.append(`${i + 1}. `, a);
  li.append(h);
  const role = [m.position, m.organisation].filter(Boolean).join(', ');
  if (role) {
    const p = document.createElement('p');
    p.className = 'mentor-role';
    p.textContent = role;
    li.append(p);
  }
  const dl = document.createElement('dl');
  dl.className = 'mentor-facts';
  fact(dl, 'Region', m.region >= 0 ? dir.regions[m.region].label : '');
  fact(dl, 'Disciplines', m.disciplines.map((d) => dir.disciplines[d].label).join(', '));
  fact(dl, 'Clinical status', m.clinical === 1 ? 'Clinical' : m.clinical === 0 ? 'Non-clinical' : '');
  fact(dl, 'Themes', m.themes.map((t) => dir.themes[t].label).join(', '));
  fact(dl, 'Shares', m.shares.map((s) => dir.shares[s].label).join(', '));
  li.append(dl);
  if (!m.open) {
    const p = document.createElement('p');
    p.className = 'availability';
    p.innerHTML = '<strong>Full</strong>: this mentor is no longer taking new mentees.';
    li.append(p);
  }
  const tools = document.createElement('p');
  tools.className = 'shortlist-tools';
  tools.append(
    button('Move up', m.name, 'up', i === 0), ' ',
    button('Move down', m.name, 'down', i === count - 1), ' ',
    button('Remove', m.name, 'remove', false),
  );
  li.append(tools);
  return li;
}

/** Draws the list; `focus` names the button to focus afterwards, as `id:action`. */
function draw(dir, focus) {
  const ids = readShortlist(store, key);
  const mentors = ids.map((id) => byId.get(id)).filter(Boolean);
  listEl.replaceChildren(...mentors.map((m, i) => mentorItem(m, i, mentors.length, dir)));
  listEl.hidden = mentors.length === 0;
  actions.hidden = mentors.length === 0;
  empty.hidden = mentors.length > 0;
  if (!mentors.length) fallback.hidden = true;
  if (focus) {
    const [id, action] = focus.split(':');
    const target = listEl.querySelector(`li[data-id="${CSS.escape(id)}"] [data-action="${action}"]`)
      ?? listEl.querySelector('[data-action="remove"]')
      ?? empty.querySelector('a');
    target?.focus();
  }
  return mentors;
}

async function main() {
  let dir;
  try {
    const res = await fetch(app.dataset.json);
    if (!res.ok) throw new Error(res.statusText);
    dir = decode(await res.json());
  } catch {
    say('The directory could not be loaded, so the shortlist cannot be shown. Try reloading the page.');
    return;
  }
  byId = new Map(dir.mentors.map((m) => [m.id, m]));
  for (const el of document.querySelectorAll('[data-nojs]')) el.hidden = true;
  // Mentors who have left the directory since they were chosen.
  const stored = readShortlist(store, key);
  const kept = stored.filter((id) => byId.has(id));
  if (kept.length !== stored.length) {
    writeShortlist(store, key, kept);
    say(`${stored.length - kept.length} mentor on your shortlist is no longer in the directory and was removed.`);
  }
  draw(dir);

  listEl.addEventListener('click', (e) => {
    const b = e.target.closest('button[data-action]');
    if (!b || b.getAttribute('aria-disabled') === 'true') return;
    const id = b.closest('li').dataset.id;
    const name = byId.get(id)?.name ?? id;
    let list = readShortlist(store, key);
    if (b.dataset.action === 'remove') {
      const next = list[list.indexOf(id) + 1] ?? list[list.indexOf(id) - 1];
      list = removeFromShortlist(list, id);
      writeShortlist(store, key, list);
      draw(dir, next ? `${next}:remove` : '');
      say(`${name} removed. ${list.length ? `${list.length} left on your shortlist.` : 'Your shortlist is empty.'}`);
      return;
    }
    list = moveInShortlist(list, id, b.dataset.action === 'up' ? -1 : 1);
    writeShortlist(store, key, list);
    draw(dir, `${id}:${b.dataset.action}`);
    say(`${name} is now number ${list.indexOf(id) + 1} of ${list.length}.`);
  });

  document.getElementById('shortlist-print').addEventListener('click', () => window.print());
  document.getElementById('shortlist-copy').addEventListener('click', async () => {
    const mentors = readShortlist(store, key).map((id) => byId.get(id)).filter(Boolean);
    const text = shortlistText(mentors, location.origin);
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      fallback.hidden = true;
      say('Your shortlist was copied as plain text. Paste it into the nomination form.');
    } catch {
      // Without the clipboard API (or permission), show the text to copy by hand.
      copyText.value = text;
      fallback.hidden = false;
      copyText.focus();
      copyText.select();
      let copied = false;
      try { copied = document.execCommand('copy'); } catch { copied = false; }
      say(copied
        ? 'Your shortlist was copied as plain text. Paste it into the nomination form.'
        : 'Your shortlist is selected in the text box below: copy it with Ctrl+C, or Cmd+C on a Mac.');
    }
  });
  // Another tab changed the shortlist.
  window.addEventListener('storage', (e) => { if (e.key === key) draw(dir); });
}

main();
