// The background: a service worker in Chromium, an event page in Firefox
// (manifest "background" names the same module for both).
//
//   content scripts ──report──▶ per-tab, per-frame state (storage.session) ──▶ badge, popup
//   content scripts ──scan────▶ engine.wasm here, only where a page's CSP bars wasm in the page
//                               (Chromium), or when the reader chose the background
//   keyboard commands ────────▶ the active tab's top frame
//
// It may be stopped whenever it is idle (about 30 s in Chromium), so it
// keeps nothing in memory that it cannot rebuild: state lives in
// storage.session, and the engine loads again on the next scan. Each scan
// names the rules it expects (rulesKey), so an edit made a moment ago is
// never scanned with the old matcher.
import { api, rulesKey, settings } from './api.js';
import * as engine from './engine.js';

let loaded = null; // engine.wasm, loaded on the first scan
let key = null; // the rulesKey its matcher was built for

// engineFor returns the engine with its matcher built for the rules named
// by want (rebuilding it when the reader's rules changed).
async function engineFor(want) {
  loaded ??= engine.load();
  loaded.catch(() => { loaded = null; });
  const e = await loaded;
  if (key === null || (want && want !== key)) {
    const { rules, compiled } = await settings(['rules', 'compiled']);
    await e.configure(rules, compiled);
    key = rulesKey(rules);
  }
  return e;
}

const stateKey = (tabId) => `tab:${tabId}`;

async function report(msg, sender) {
  const tabId = sender.tab?.id;
  if (tabId == null) return;
  const key = stateKey(tabId);
  const got = await api.storage.session.get(key);
  const state = got[key] ?? { frames: {} };
  const frameId = String(sender.frameId ?? 0);
  if (frameId === '0' && state.url !== sender.tab.url) state.frames = {}; // a new page in the tab
  state.url = sender.tab.url;
  state.frames[frameId] = msg.state;
  await api.storage.session.set({ [key]: state });
  let total = 0;
  for (const f of Object.values(state.frames)) total += f.total ?? 0;
  await api.action.setBadgeText({ tabId, text: total ? String(total) : '' });
  await api.action.setBadgeBackgroundColor({ tabId, color: '#3d4b5c' });
}

api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  switch (msg?.type) {
    case 'scan':
      engineFor(msg.rules)
        .then((e) => e.scan(msg.snapshot, msg.skip))
        .then(sendResponse, (e) => sendResponse({ error: String(e?.message ?? e) }));
      return true; // answers asynchronously
    case 'tags':
      engineFor(msg.rules).then((e) => e.tags()).then(sendResponse, (e) => sendResponse({ error: String(e?.message ?? e) }));
      return true;
    case 'report':
      report(msg, sender).then(() => sendResponse({ ok: true }), (e) => sendResponse({ error: String(e) }));
      return true;
  }
  return false;
});

api.tabs.onRemoved.addListener((tabId) => api.storage.session.remove(stateKey(tabId)));

// Keyboard commands act on the page in front of the reader.
api.commands?.onCommand.addListener(async (command) => {
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  if (!tab) return;
  const type = { 'toggle-page': 'toggle-page', 'next-hint': 'next', 'previous-hint': 'previous' }[command];
  if (type) api.tabs.sendMessage(tab.id, { type }, { frameId: 0 }).catch(() => {});
});

// Start-up injection. Chromium runs manifest content scripts only in pages
// loaded after the extension is ready: tabs restored at browser start-up
// (the first page after start got none in every try, PLATFORM-NOTES.md) and
// tabs open when Sourcelight is installed or updated would go without hints.
// So on install, update and start-up the loader goes into every open tab
// and frame; it is a no-op where it already runs (loader.js guards with
// globalThis.__sourcelight). Pages we may not script (chrome://, the store,
// about:) refuse, and are skipped. A second pass a little later catches tabs
// that were still committing their first navigation on the first pass.
async function injectOpenTabs() {
  if (!api.scripting) return;
  const tabs = await api.tabs.query({}).catch(() => []);
  await Promise.all(tabs.map(async (tab) => {
    const target = { tabId: tab.id, allFrames: true };
    try {
      await api.scripting.insertCSS({ target, files: ['extension/content/content.css'] });
      await api.scripting.executeScript({ target, files: ['extension/content/loader.js'], injectImmediately: true });
    } catch {
      // not ours to script (a browser page, a discarded tab): nothing to do
    }
  }));
}

function injectSoon() {
  injectOpenTabs();
  setTimeout(injectOpenTabs, 2000);
}

// The schema of storage.local. A reader's packs, switches and settings
// must survive browser restarts and extension updates: the keys (api.js
// defaults) only ever gain fields, and a change of shape adds a step here,
// run once on install, update or start-up, from the stored schemaVersion
// to SCHEMA. A step transforms what is there and never drops a reader's data.
export const SCHEMA = 1;
const migrations = [
  // 0 → 1: the first versioned schema; stores written before it have the same keys
  async () => ({}),
];

async function migrate() {
  const { schemaVersion = 0 } = await api.storage.local.get('schemaVersion');
  for (let v = schemaVersion; v < SCHEMA; v++) {
    const changes = await migrations[v]();
    await api.storage.local.set({ ...changes, schemaVersion: v + 1 }); // one write per step: a stop in between resumes there
  }
}

function onInstalledOrStartup() {
  migrate().catch(() => {}); // the reader's data stays as it was if a step fails; it is tried again next start
  injectSoon();
}

api.runtime.onInstalled.addListener(onInstalledOrStartup);
api.runtime.onStartup.addListener(onInstalledOrStartup);
