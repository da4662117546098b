// The mentor directory's logic, with no globals (the page and storage are
// passed in) so that Node can test it: decoding the JSON index, reading and
// writing the filter state in the address, filtering with counts, and the
// shortlist.

/** The most mentors a shortlist may hold: the nomination form asks for three. */
export const SHORTLIST_MAX = 3;

/** The facets a state can hold, as they appear in the address bar. */
const LIST_FACETS = ['theme', 'shares'];
const ONE_FACETS = ['discipline', 'region', 'clinical', 'availability'];

/** Lower case without accents, so `jose` finds `José`. */
export function fold(text) {
  return String(text).normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/** Turns the index-coded JSON (see docs/directory.md) into records. */
export function decode(index) {
  const at = Object.fromEntries(index.fields.map((name, i) => [name, i]));
  const facet = (pairs) => pairs.map(([slug, label]) => ({ slug, label }));
  const dir = {
    themes: facet(index.themes),
    disciplines: facet(index.disciplines),
    regions: facet(index.regions),
    shares: facet(index.shares),
    mentors: [],
  };
  dir.mentors = index.mentors.map((row) => {
    const m = {
      id: row[at.id],
      name: row[at.name],
      position: row[at.position],
      organisation: row[at.organisation],
      region: row[at.region],
      disciplines: row[at.disciplines],
      clinical: row[at.clinical],
      themes: row[at.themes],
      shares: row[at.shares],
      open: row[at.open] === 1,
      url: `${index.mentor_url}${row[at.id]}/`,
    };
    // Searched by the text box: name, organisation and disciplines.
    m.text = fold([m.name, m.organisation, ...m.disciplines.map((d) => dir.disciplines[d].label)].join(' '));
    return m;
  });
  return dir;
}

/** A state with nothing chosen. */
export function emptyState() {
  return { q: '', theme: [], shares: [], discipline: '', region: '', clinical: '', availability: '' };
}

/** The values each facet accepts, for checking what an address asks for. */
function allowed(dir) {
  const slugs = (list) => new Set(list.map((f) => f.slug));
  return {
    theme: slugs(dir.themes),
    shares: slugs(dir.shares),
    discipline: slugs(dir.disciplines),
    region: slugs(dir.regions),
    clinical: new Set(['yes', 'no']),
    availability: new Set(['open', 'full']),
  };
}

/** Reads a state from a query string; unknown names and values are ignored. */
export function parseQuery(search, dir) {
  const params = new URLSearchParams(search);
  const ok = allowed(dir);
  const state = emptyState();
  state.q = (params.get('q') || '').trim();
  for (const f of LIST_FACETS) {
    const seen = new Set(params.getAll(f).filter((v) => ok[f].has(v)));
    // Vocabulary order, so the same choice always makes the same address.
    state[f] = [...ok[f]].filter((v) => seen.has(v));
  }
  for (const f of ONE_FACETS) {
    const v = params.get(f) || '';
    state[f] = ok[f].has(v) ? v : '';
  }
  return state;
}

/** Writes a state as a query string (`?theme=a&region=b`), or '' when nothing is chosen. */
export function toQuery(state) {
  const params = new URLSearchParams();
  if (state.q.trim()) params.append('q', state.q.trim());
  for (const f of ['theme', 'discipline', 'region', 'clinical', 'shares', 'availability']) {
    for (const v of [].concat(state[f])) if (v) params.append(f, v);
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** True when the state chooses nothing. */
export function isEmpty(state) {
  return toQuery(state) === '';
}

/** The state's choices as indices, for the loop in `evaluate`. */
function compile(dir, state) {
  const index = (list, slug) => list.findIndex((f) => f.slug === slug);
  return {
    words: fold(state.q).split(/\s+/).filter(Boolean),
    themes: state.theme.map((s) => index(dir.themes, s)).filter((i) => i >= 0),
    shares: state.shares.map((s) => index(dir.shares, s)).filter((i) => i >= 0),
    discipline: state.discipline ? index(dir.disciplines, state.discipline) : -1,
    region: state.region ? index(dir.regions, state.region) : -1,
    clinical: state.clinical === 'yes' ? 1 : state.clinical === 'no' ? 0 : -1,
    open: state.availability === 'open' ? 1 : state.availability === 'full' ? 0 : -1,
  };
}

// Facet positions in the failure bookkeeping below.
const THEME = 0, DISCIPLINE = 1, REGION = 2, CLINICAL = 3, SHARES = 4, AVAILABILITY = 5;

/** True when `list` holds every item of `wanted`. */
function hasAll(list, wanted) {
  for (let k = 0; k < wanted.length; k++) if (list.indexOf(wanted[k]) < 0) return false;
  return true;
}

/** True when `list` holds any item of `wanted`. */
function hasAny(list, wanted) {
  for (let k = 0; k < wanted.length; k++) if (list.indexOf(wanted[k]) >= 0) return true;
  return false;
}

/** True when `text` contains every word. */
function hasWords(text, words) {
  for (let k = 0; k < words.length; k++) if (text.indexOf(words[k]) < 0) return false;
  return true;
}

/**
 * Filters the directory and counts, for every option, how many mentors
 * choosing it would show. Across groups, a mentor must match every group;
 * themes must all be supported; shared experience needs any one ticked;
 * the text box needs every word. Counts follow the usual faceted-search
 * rule: an option's count applies the other groups as they are, so a
 * count is what the list would show with that option chosen (for themes,
 * with that theme added). Plain loops, no closures: it runs on every
 * keystroke, often before the engine has warmed up.
 */
export function evaluate(dir, state) {
  const c = compile(dir, state);
  const mentors = dir.mentors;
  const n = mentors.length;
  const matches = new Uint8Array(n);
  const counts = {
    theme: new Array(dir.themes.length).fill(0),
    shares: new Array(dir.shares.length).fill(0),
    discipline: new Array(dir.disciplines.length).fill(0),
    region: new Array(dir.regions.length).fill(0),
    clinical: { any: 0, yes: 0, no: 0 },
    availability: { any: 0, open: 0, full: 0 },
    disciplineAny: 0,
    regionAny: 0,
  };
  let total = 0;
  for (let i = 0; i < n; i++) {
    const m = mentors[i];
    if (c.words.length && !hasWords(m.text, c.words)) continue;
    // Which group fails; with two or more failing, the mentor counts nowhere.
    let failures = 0;
    let failed = -1;
    if (c.themes.length && !hasAll(m.themes, c.themes)) { failures++; failed = THEME; }
    if (c.discipline >= 0 && m.disciplines.indexOf(c.discipline) < 0) { failures++; failed = DISCIPLINE; }
    if (c.region >= 0 && m.region !== c.region) { failures++; failed = REGION; }
    if (c.clinical >= 0 && m.clinical !== c.clinical) { failures++; failed = CLINICAL; }
    if (c.shares.length && !hasAny(m.shares, c.shares)) { failures++; failed = SHARES; }
    if (c.open >= 0 && (m.open ? 1 : 0) !== c.open) { failures++; failed = AVAILABILITY; }
    if (failures > 1) continue;
    const all = failures === 0;
    if (all) {
      matches[i] = 1;
      total++;
      for (let k = 0; k < m.themes.length; k++) counts.theme[m.themes[k]]++;
    }
    if (all || failed === DISCIPLINE) {
      counts.disciplineAny++;
      for (let k = 0; k < m.disciplines.length; k++) counts.discipline[m.disciplines[k]]++;
    }
    if (all || failed === REGION) {
      counts.regionAny++;
      if (m.region >= 0) counts.region[m.region]++;
    }
    if (all || failed === CLINICAL) {
      counts.clinical.any++;
      if (m.clinical === 1) counts.clinical.yes++;
      else if (m.clinical === 0) counts.clinical.no++;
    }
    if (all || failed === SHARES) {
      for (let k = 0; k < m.shares.length; k++) counts.shares[m.shares[k]]++;
    }
    if (all || failed === AVAILABILITY) {
      counts.availability.any++;
      if (m.open) counts.availability.open++;
      else counts.availability.full++;
    }
  }
  return { matches, total, counts };
}

/** How the result is said, on screen and to screen readers: `total` of `of` match, `shown` are listed. */
export function resultText(total, of, shown = total) {
  const noun = (k) => (k === 1 ? 'mentor' : 'mentors');
  const base = total === of ? `All ${of} ${noun(of)}` : `${total} of ${of} ${noun(of)} match`;
  return shown < total ? `${base}; showing the first ${shown}.` : `${base}.`;
}

// ---- The shortlist ----

/** The directory's address, from the page's `casebook-directory` meta element. */
export function directoryUrl(doc) {
  return doc.querySelector('meta[name="casebook-directory"]')?.content || '/mentors/';
}

/** `win.localStorage`, or a stand-in that forgets on leaving the page when storage is blocked. */
export function storageOf(win) {
  try {
    const s = win.localStorage;
    s.getItem('casebook');
    return s;
  } catch {
    const mem = new Map();
    return { getItem: (k) => mem.get(k) ?? null, setItem: (k, v) => { mem.set(k, String(v)); } };
  }
}

/** The storage key: one shortlist per directory, even with two sites on one host. */
export function shortlistKey(directoryUrl) {
  return `casebook:shortlist:${directoryUrl}`;
}

/** Reads the shortlist from `storage` (such as localStorage); bad data reads as empty. */
export function readShortlist(storage, key) {
  try {
    const list = JSON.parse(storage.getItem(key) || '[]');
    if (!Array.isArray(list)) return [];
    return [...new Set(list.filter((id) => typeof id === 'string' && id))].slice(0, SHORTLIST_MAX);
  } catch {
    return [];
  }
}

/** Saves the shortlist; false when the browser refuses (storage full or blocked). */
export function writeShortlist(storage, key, list) {
  try {
    storage.setItem(key, JSON.stringify(list));
    return true;
  } catch {
    return false;
  }
}

/** Adds `id` at the end: `{ list, outcome }` with outcome `added`, `present` or `full`. */
export function addToShortlist(list, id) {
  if (list.includes(id)) return { list, outcome: 'present' };
  if (list.length >= SHORTLIST_MAX) return { list, outcome: 'full' };
  return { list: [...list, id], outcome: 'added' };
}

/** The list without `id`. */
export function removeFromShortlist(list, id) {
  return list.filter((x) => x !== id);
}

/** Moves `id` by `delta` places (-1 up, +1 down); unchanged at either end. */
export function moveInShortlist(list, id, delta) {
  const from = list.indexOf(id);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= list.length) return list;
  const out = [...list];
  out.splice(from, 1);
  out.splice(to, 0, id);
  return out;
}

/** The shortlist as plain text for the nomination form; `origin` makes addresses absolute. */
export function shortlistText(mentors, origin = '') {
  const lines = ['Mentor shortlist, in order of preference', ''];
  mentors.forEach((m, i) => {
    lines.push(`${i + 1}. ${m.name}`);
    const role = [m.position, m.organisation].filter(Boolean).join(', ');
    if (role) lines.push(`   ${role}`);
    lines.push(`   Directory id: ${m.id}`);
    lines.push(`   ${origin}${m.url}`);
  });
  return `${lines.join('\n')}\n`;
}
