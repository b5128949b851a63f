// The toolbar popup: counts per category, the list of hints (each jumps to
// its place), and three switches: this page (instant), this site
// (remembered), everywhere. Go draws it (wasm/ui/popup.go); this file feeds
// it the tab's state and carries out its actions.
import { api, settings } from '../api.js';
import { loadUI } from '../ui.js';

// The popup acts on the active tab; ?tab=ID names another (the popup opened
// as a page, in tests or for a detached view).
const wanted = Number(new URLSearchParams(location.search).get('tab'));
const [tab] = wanted ? [await api.tabs.get(wanted)] : await api.tabs.query({ active: true, currentWindow: true });
const key = `tab:${tab?.id}`;
const ui = await loadUI();

async function state() {
  const s = await settings(['enabled', 'sites']);
  const got = tab ? await api.storage.session.get(key) : {};
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
