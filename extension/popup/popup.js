// The toolbar popup: counts per category, the list of hints (each jumps to
// its place), and three switches: this page (instant), this site
// (remembered), everywhere. Go draws it (wasm/ui/popup.go); this file feeds
// it the tab's state and carries out its actions.
import { api, categoryName, settings } from '../api.js';

// as Go's popup names them (wasm/ui/ui.go categoryNames)
const plural = { 'anonymous-source': 'Anonymous sources', denial: 'Denials', promotional: 'Promotional blocks' };
import { loadUI } from '../ui.js';

// The popup acts on the active tab; ?tab=ID names another (the popup opened
// as a page, in tests or for a detached view).
const wanted = Number(new URLSearchParams(location.search).get('tab'));
const [tab] = wanted ? [await api.tabs.get(wanted)] : await api.tabs.query({ active: true, currentWindow: true });
const key = `tab:${tab?.id}`;
const loadingUI = loadUI(); // megabytes of Go: fetched while the first view is drawn

async function state() {
  const [s, got] = await Promise.all([settings(['enabled', 'sites']), tab ? api.storage.session.get(key) : {}]);
  const frames = got[key]?.frames ?? {};
  const top = frames['0'];
  let host = top?.host ?? '';
  if (!host && tab?.url) {
    try { host = new URL(tab.url).hostname; } catch { /* not a web page */ }
  }
  return {
    host,
    scannable: !!top || /^(https?|file):/.test(tab?.url ?? ''),
    global: s.enabled !== false,
    site: s.sites[host] !== false,
    frames,
  };
}

const actions = {
  togglePage: (on) => api.tabs.sendMessage(tab.id, { type: 'toggle-page', on }),
  toggleSite: async (host, on) => {
    const { sites } = await settings(['sites']);
    if (on) delete sites[host];
    else sites[host] = false;
    await api.storage.local.set({ sites });
  },
  toggleGlobal: (on) => api.storage.local.set({ enabled: on }),
  jump: async (frameId, index) => {
    await api.tabs.sendMessage(tab.id, { type: 'jump', index }, { frameId: Number(frameId) });
    if (!wanted) window.close();
  },
  options: () => api.runtime.openOptionsPage(),
};

const status = document.getElementById('status');

// firstView draws the page's counts from the stored state before ui.wasm
// has arrived (its fetch and start take longer than a popup may keep a
// reader waiting): the same total and counts Go draws, as text only. Go
// then draws the whole popup over it.
function firstView(s) {
  const frames = Object.values(s.frames);
  if (!s.global || !s.site || !s.frames['0'] || s.frames['0'].error) return;
  const counts = {};
  let total = 0;
  for (const f of frames) {
    total += f.total ?? 0;
    for (const [c, n] of Object.entries(f.counts ?? {})) counts[c] = (counts[c] ?? 0) + n;
  }
  const p = Object.assign(document.createElement('p'), { className: 'total', textContent: `${total} ${total === 1 ? 'hint' : 'hints'} on this page` });
  const ul = Object.assign(document.createElement('ul'), { className: 'counts' });
  for (const c of [...new Set(['anonymous-source', 'denial', 'promotional', ...Object.keys(counts)])]) {
    const li = document.createElement('li');
    li.dataset.category = c;
    const dot = Object.assign(document.createElement('span'), { className: 'dot' });
    dot.dataset.category = c;
    li.append(dot, Object.assign(document.createElement('span'), { textContent: plural[c] ?? categoryName(c) }),
      Object.assign(document.createElement('strong'), { textContent: String(counts[c] ?? 0) }));
    ul.append(li);
  }
  const div = Object.assign(document.createElement('div'), { className: 'summary' });
  div.append(p, ul);
  document.getElementById('app').replaceChildren(div);
}

firstView(await state());
const ui = await loadingUI;

async function draw() {
  ui.popup(JSON.stringify(await state()), actions);
  // the status line says the summary, and only when it changed
  const line = document.querySelector('#app .total, #app > p')?.textContent ?? '';
  if (status.textContent !== line) status.textContent = line;
}

await draw();
api.storage.onChanged.addListener((changes, area) => {
  if ((area === 'session' && changes[key]) || (area === 'local' && (changes.enabled || changes.sites))) draw();
});
