// The options page: the reader's rule packs (read, edit, check, test,
// preview, import, export), the built-in packs (read, switch off, copy),
// per-rule switches, subscriptions, the sites where Sourcelight is off or
// rules are ignored, how hints are drawn, and the settings file. Go draws
// it (wasm/ui/options.go, ui.wasm) and checks rules with the same
// validator and examples runner as the CLI (compiler.wasm, started after
// the first view is drawn: the page is usable before its megabytes are
// read); this file does storage, files, tabs and the CodeMirror editor
// (editor.js, bundled by scripts/build from scripts/editor/editor.js).
import { api, defaults, rulesKey, settings } from '../api.js';
import { loadUI } from '../ui.js';
import { loadCompiler } from '../compiler.js';

// The settings file holds these keys; session state never.
const settingKeys = ['enabled', 'sites', 'ignored', 'rules', 'renderer', 'engine', 'rulesOff', 'subscriptions'];

// The first view needs ui.wasm and the settings, read at once. The
// editor's 430 KB of JS is read after that view is drawn: in Firefox,
// parsing it while ui.wasm compiled held the first draw up by about 60 ms.
const uiLoading = loadUI();
const firstRead = settings(settingKeys);
const ui = await uiLoading;
let checker = null; // compiler.wasm's API once started

// The CodeMirror instance of the pack being edited, kept across redraws
// (Go redraws the page on every storage change) so typing, selection and
// undo history survive them. cm is null until the editor's module is there.
let editor = null; // { session, host, cm, focus }
let createEditor = null;
let editorModule = null;
const loadEditor = () => (editorModule ??= import('./editor.js').then((m) => { createEditor = m.create; }));

async function compiledOf(rules) {
  const c = JSON.parse((await loadCompiler()).compile(JSON.stringify(rules)));
  return { format: c.format, data: c.data, key: rulesKey(rules) };
}

// write stores items in storage.local and answers '', or says why not. A
// write past the browser's quota (Chromium: 10 MB for storage.local, this
// extension not asking for unlimitedStorage) is refused whole, so what was
// saved before stays as it was; the page then shows the stored state again.
async function write(items) {
  try {
    await api.storage.local.set(items);
    return '';
  } catch (e) {
    const why = String(e?.message ?? e);
    const mb = (new Blob([JSON.stringify(items)]).size / 1e6).toFixed(1);
    return /quota/i.test(why)
      ? `Not saved: your packs, compiled, take ${mb} MB, and with the rest of Sourcelight's data that is more than the browser's storage quota for an extension (${why}). Everything saved before is unchanged, and an edited pack is still in the editor: make it smaller, or export and delete packs you no longer use, then save again.`
      : `Not saved: the browser refused to store your packs (${why}). Everything saved before is unchanged.`;
  }
}

// checkerDown says why a save or an import wrote nothing: the packs
// could not be compiled without the checker.
const checkerDown = (what, e) => `${what}: the packs' checker did not start (${e?.message ?? e}). Everything saved before is unchanged.`;

const actions = {
  // saveRules is where the reader's packs are written (and applySettings,
  // for a settings file, whose subscribed copies are the ones to keep). Go
  // has checked them: only valid packs reach storage, so the last good
  // rules stay in force. Subscribed packs are the background's: their
  // stored copies win over the page's, which may be older.
  // The page engine reads no rule files: the packs are compiled here and
  // stored with the rules in one write, keyed by them, so the two agree.
  // It answers '' once written, or why the browser refused the write.
  saveRules: async (json) => {
    const next = JSON.parse(json);
    const { rules } = await settings(['rules']);
    const stored = new Map();
    for (const f of [...(rules.files ?? []), ...(rules.off ?? [])]) if (f.subscription) stored.set(f.name, f);
    const fresh = (f) => (f.subscription ? { ...f, text: stored.get(f.name)?.text ?? f.text } : f);
    const keep = (f) => !f.subscription || stored.has(f.name);
    next.files = (next.files ?? []).filter(keep).map(fresh);
    next.off = (next.off ?? []).filter(keep).map(fresh);
    let compiled;
    try {
      compiled = await compiledOf(next);
    } catch (e) {
      return checkerDown('Not saved', e);
    }
    return write({ rules: next, compiled });
  },
  redraw: () => draw(),
  setRulesOff: (json) => api.storage.local.set({ rulesOff: JSON.parse(json) }),
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
  download,
  pickFile: () => new Promise((resolve) => {
    const input = Object.assign(document.createElement('input'), { type: 'file', accept: '.json,application/json' });
    input.addEventListener('change', async () => {
      const f = input.files?.[0];
      resolve(f ? JSON.stringify({ name: f.name, text: await f.text() }) : '');
    });
    input.click();
  }),

  // the editor
  mountEditor: (session, text, readOnly, check, onChange) => {
    if (editor?.session !== session) {
      editor?.cm?.destroy();
      const host = document.createElement('div');
      host.className = 'cm-host';
      const ed = { session, host, cm: null, focus: false };
      editor = ed;
      // a pack opened before the editor's module arrived gets it then
      const make = () => {
        if (editor !== ed) return;
        ed.cm = createEditor(host, { doc: text, readOnly, check: (t) => check(t), onChange: (t) => onChange(t) });
        if (ed.focus) ed.cm.focus();
      };
      if (createEditor) make();
      else loadEditor().then(make, (e) => { host.textContent = `The editor did not load (${e?.message ?? e}).`; });
    }
    requestAnimationFrame(() => editor?.cm?.view.requestMeasure());
    return editor.host;
  },
  closeEditor: (session) => {
    if (editor?.session === session) {
      editor.cm?.destroy();
      editor = null;
    }
  },
  focusEditor: (session) => {
    if (editor?.session !== session) return;
    editor.focus = true;
    requestAnimationFrame(() => editor?.cm?.focus());
  },
  selectInEditor: (session, from, to) => {
    if (editor?.session === session) editor.cm?.select(from, to);
  },

  // preview: the text of the tab the reader was on before this page
  tabText: async () => {
    // the most recently used tab other than this page whose content script
    // answers (no "tabs" permission: URLs are not visible here)
    const self = await api.tabs.getCurrent();
    const tabs = (await api.tabs.query({})).filter((t) => t.id !== self?.id);
    tabs.sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0));
    for (const tab of tabs) {
      const r = await api.tabs.sendMessage(tab.id, { type: 'page-text' }, { frameId: 0 }).catch(() => null);
      if (r?.text) return JSON.stringify({ title: r.title, url: r.url, text: r.text });
    }
    return JSON.stringify({ error: 'No open tab shows a page Sourcelight reads: open an article (or reload its tab), or paste its text.' });
  },

  // subscriptions: host access is asked for here, in the reader's click,
  // never at install
  subscribe: (url) => {
    let origin;
    try {
      const u = new URL(url);
      const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
      if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback)) throw new Error('not https');
      origin = `${u.protocol}//${u.hostname}/*`;
    } catch {
      return Promise.resolve(JSON.stringify({ error: `“${url}” is not an https address.` }));
    }
    // permissions.request must be the first thing the click does
    return api.permissions.request({ origins: [origin] }).then(async (granted) => {
      if (!granted) return JSON.stringify({ error: `Sourcelight needs access to ${new URL(url).host} to fetch this subscription; it was not given.` });
      const r = await api.runtime.sendMessage({ type: 'subscribe', url });
      return JSON.stringify(r ?? { error: 'no answer from the background' });
    }, (e) => JSON.stringify({ error: String(e?.message ?? e) }));
  },
  unsubscribe: (url) => api.runtime.sendMessage({ type: 'unsubscribe', url }),
  refreshSubscription: async (url) => {
    const origin = `${new URL(url).protocol}//${new URL(url).hostname}/*`;
    await api.permissions.request({ origins: [origin] }).catch(() => false);
    return api.runtime.sendMessage({ type: 'refresh-subscriptions', url, force: true });
  },

  // the settings file
  exportSettings: async () => {
    const s = await settings(settingKeys);
    const day = new Date().toISOString().slice(0, 10);
    download(`sourcelight-settings-${day}.json`, JSON.stringify({ format: 'sourcelight-settings', version: 1, settings: s }, null, 2));
  },
  // applySettings answers as saveRules does. One write: a refused one
  // (quota) leaves every saved setting as it was.
  applySettings: async (json) => {
    const s = JSON.parse(json);
    const items = {};
    for (const k of settingKeys) if (k !== 'rules') items[k] = s[k] ?? structuredClone(defaults[k]);
    // subscribed packs come with the file: the background keeps them as
    // they are until their next update
    items.rules = s.rules ?? structuredClone(defaults.rules);
    try {
      items.compiled = await compiledOf(items.rules);
    } catch (e) {
      return checkerDown('Not imported', e);
    }
    const err = await write(items);
    if (!err) api.runtime.sendMessage({ type: 'refresh-subscriptions' }).catch(() => {});
    return err;
  },
  // compiler.wasm's API, or null while it starts (wasm/ui/checker.go)
  checker: () => checker,
};

function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// For the browser tests: the editor's text, as if typed (extension pages
// only; web pages cannot reach this).
globalThis.sourcelightEditor = {
  text: () => editor?.cm?.text() ?? null,
  type: (from, to, insert) => editor?.cm?.view.dispatch({ changes: { from, to, insert }, userEvent: 'input.type' }),
  selection: () => editor?.cm?.view.state.selection.main.from ?? -1,
  select: (at) => editor?.cm?.select(at, at),
  complete: () => editor?.cm?.complete(),
  completions: () => editor?.cm?.completions() ?? [],
};

async function draw(read = settings(settingKeys)) {
  ui.options(JSON.stringify(await read), actions);
}

await draw(firstRead);
loadEditor().catch(() => {}); // a pack opened later says so if it failed
api.storage.onChanged.addListener((_changes, area) => { if (area === 'local') draw(); });
// The checker starts once the first view is up; the page is drawn again
// when it is there, and says why above the page (redraws keep it) if it
// cannot start.
loadCompiler().then((c) => {
  checker = c;
  editor?.cm?.relint();
  draw();
}, (e) => {
  const p = Object.assign(document.createElement('p'), { className: 'error', textContent: `The packs' checker did not start (${e?.message ?? e}): packs cannot be checked or saved in this page.` });
  p.setAttribute('role', 'alert');
  document.getElementById('app')?.before(p);
});
