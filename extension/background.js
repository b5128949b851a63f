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
import { loadCompiler } from './subscriptions.js'; // subscribed packs: fetched, checked, kept (its own listeners)

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

// The page engine reads the reader's packs compiled (storage.local
// `compiled`, keyed by the rules it was made from). The options page
// stores both in one write; whoever else writes `rules` (a subscription's
// update, an import, an older version's settings), the background makes
// `compiled` follow, with the compiler the subscriptions use. After an
// install or update the format may have changed: compile again then.
async function recompile(force) {
  const { rules, compiled } = await settings(['rules', 'compiled']);
  const key = rulesKey(rules);
  if (!force && compiled?.key === key) return;
  if (!(rules?.files ?? []).length) {
    if (compiled) await api.storage.local.set({ compiled: null });
    return;
  }
  const c = JSON.parse((await loadCompiler()).compile(JSON.stringify(rules)));
  // the rules may have changed while the compiler loaded: store only what
  // matches them (the later change compiles its own)
  const now = await settings(['rules']);
  if (rulesKey(now.rules) !== key) return;
  await api.storage.local.set({ compiled: { format: c.format, data: c.data, key } });
}

api.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && changes.rules) recompile(false).catch((e) => console.error('Sourcelight: compiling your packs failed', e));
});
api.runtime.onInstalled.addListener(() => {
  recompile(true).catch((e) => console.error('Sourcelight: compiling your packs failed', e));
});
