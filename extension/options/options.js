// The options page: the reader's rule packs (read, edit, check, test, import,
// export), the built-in packs (read, switch off), the sites where Sourcelight
// is off or rules are ignored, and how hints are drawn. Go draws it and
// checks rules with the same validator and examples runner as the CLI
// (wasm/ui/options.go); this file does storage and files.
import { api, settings } from '../api.js';
import { loadUI } from '../ui.js';

const ui = await loadUI();

const actions = {
  // save stores the reader's packs and switched-off built-in packs; Go has
  // checked them: only valid packs reach storage, so the last good rules
  // stay in force.
  // The page engine reads no rule files: the packs are compiled here, and
  // stored with the rules in one write, so the two never disagree.
  saveRules: (json) => {
    const c = JSON.parse(ui.compile(json));
    return api.storage.local.set({ rules: JSON.parse(json), compiled: { format: c.format, data: c.data } });
  },
  set: (key, value) => {
    if (!['renderer', 'engine'].includes(key)) throw new Error(`not a display setting: ${key}`);
    return api.storage.local.set({ [key]: value });
  },
  enableSite: async (host) => {
    const { sites } = await settings(['sites']);
    delete sites[host];
    await api.storage.local.set({ sites });
  },
  unignore: async (host, id) => {
    const { ignored } = await settings(['ignored']);
    ignored[host] = (ignored[host] ?? []).filter((x) => x !== id);
    if (!ignored[host].length) delete ignored[host];
    await api.storage.local.set({ ignored });
  },
  download: (name, text) => {
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = Object.assign(document.createElement('a'), { href: url, download: name });
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  },
  pickFile: () => new Promise((resolve) => {
    const input = Object.assign(document.createElement('input'), { type: 'file', accept: '.json,application/json' });
    input.addEventListener('change', async () => {
      const f = input.files?.[0];
      resolve(f ? JSON.stringify({ name: f.name, text: await f.text() }) : '');
    });
    input.click();
  }),
};

async function draw() {
  const s = await settings();
  ui.options(JSON.stringify(s), actions);
}

await draw();
api.storage.onChanged.addListener((_changes, area) => { if (area === 'local') draw(); });
