// The background: a service worker in Chromium, an event page in Firefox
// (manifest "background" names the same module for both).
//
//   content scripts ──report──▶ per-tab, per-frame state (storage.session) ──▶ badge, popup
//   content scripts ──scan────▶ engine.wasm here, only where a page's CSP bars wasm in the page
//                               (Chromium), or when the reader chose the background
//   keyboard commands ────────▶ the active tab's top frame
//
// It may be stopped whenever it is idle, so it keeps nothing in memory that
// it cannot rebuild: state lives in
// storage.session, and the engine loads again on the next scan. Each scan
// names the rules it expects (rulesKey), so an edit made a moment ago is
// never scanned with the old matcher.
import { api, rulesKey, settings } from './api.js';
import * as engine from './engine.js';
import './subscriptions.js'; // subscribed packs: fetched, checked, kept (its own listeners)
import { loadCompiler } from './compiler.js';

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

// Reports are applied one at a time per tab: each is a read-modify-write
// of storage.session, and frames report at once (issue #11: eight frames
// overwrote each other's counts).
const queues = new Map();
function perTab(tabId, fn) {
  const p = (queues.get(tabId) ?? Promise.resolve()).then(fn);
  const tail = p.catch(() => {});
  queues.set(tabId, tail);
  tail.then(() => { if (queues.get(tabId) === tail) queues.delete(tabId); });
  return p;
}

// A frame's state is kept under its frameId with its document's
// timeOrigin. The top frame's document decides which page the tab shows:
// frames whose documents began before it are of an earlier page and are
// dropped, and their late reports too.
function report(st, sender) {
  const tabId = sender.tab?.id;
  if (tabId == null) return Promise.resolve();
  return perTab(tabId, async () => {
    const key = stateKey(tabId);
    const got = await api.storage.session.get(key);
    const state = got[key] ?? { frames: {} };
    const frameId = String(sender.frameId ?? 0);
    if (frameId === '0') {
      if (state.top !== st.timeOrigin) {
        state.top = st.timeOrigin;
        for (const [id, f] of Object.entries(state.frames)) {
          if (id !== '0' && !(f.timeOrigin >= st.timeOrigin)) delete state.frames[id];
        }
      }
      state.url = sender.tab.url;
    } else if (state.top != null && st.timeOrigin < state.top) {
      return; // a frame of a page this tab has left
    }
    state.frames[frameId] = st;
    await api.storage.session.set({ [key]: state });
    await badge(tabId, state);
  });
}

// gone: a frame's document was left (navigation, or the frame removed).
function gone(timeOrigin, sender) {
  const tabId = sender.tab?.id;
  if (tabId == null) return Promise.resolve();
  return perTab(tabId, async () => {
    const key = stateKey(tabId);
    const state = (await api.storage.session.get(key))[key];
    const frameId = String(sender.frameId ?? 0);
    if (!state || state.frames[frameId]?.timeOrigin !== timeOrigin) return;
    delete state.frames[frameId];
    await api.storage.session.set({ [key]: state });
    await badge(tabId, state);
  });
}

async function badge(tabId, state) {
  let total = 0;
  for (const f of Object.values(state.frames)) total += f.total ?? 0;
  await api.action.setBadgeText({ tabId, text: total ? String(total) : '' });
  await api.action.setBadgeBackgroundColor({ tabId, color: '#3d4b5c' });
}

// Messages: only from this extension's own contexts, only of the types
// below, and only well formed. A content script runs beside any page, so
// what it sends is checked as input: types, shapes and sizes.
const MAX_SNAPSHOT = 8 << 20; // characters; bigger pages are scanned in the page or not at all

const isStr = (v, max) => typeof v === 'string' && v.length <= max;
const isInt = (v, max) => Number.isInteger(v) && v >= 0 && v <= max;
const isBool = (v) => typeof v === 'boolean';
const isNullOr = (v, test) => v == null || test(v);
const isObj = (v) => v != null && typeof v === 'object' && !Array.isArray(v);
const isMap = (v, maxKeys, test) => isObj(v) && Object.keys(v).length <= maxKeys && Object.entries(v).every(([k, x]) => k.length <= 64 && test(x));

// checkReport returns the report rebuilt from its checked fields, or null.
function checkReport(st) {
  if (!isObj(st)) return null;
  const ok = typeof st.timeOrigin === 'number' && Number.isFinite(st.timeOrigin)
    && isStr(st.host, 255) && isStr(st.url, 8192) && isBool(st.top) && isBool(st.enabled) && isBool(st.shown)
    && isNullOr(st.path, (v) => v === 'content' || v === 'background')
    && isNullOr(st.fallbackReason, (v) => isStr(v, 1000))
    && (st.renderer === 'overlay' || st.renderer === 'highlight')
    && isInt(st.total, 1e6) && isMap(st.counts, 100, (n) => isInt(n, 1e6))
    && Array.isArray(st.hints) && st.hints.length <= 500 && st.hints.every((h) => isObj(h)
      && isInt(h.i, 1e6) && isStr(h.category, 64) && isStr(h.text, 140) && isStr(h.pack, 128) && isStr(h.rule, 128) && isBool(h.block))
    && isMap(st.timings, 32, (n) => typeof n === 'number' && Number.isFinite(n))  // main.js sends 19 at most
    && isNullOr(st.memory, (n) => isInt(n, 2 ** 32))
    && isNullOr(st.error, (v) => isStr(v, 1000));
  if (!ok) return null;
  const { timeOrigin, host, url, top, enabled, shown, path, fallbackReason, renderer, total, counts, timings, memory, error } = st;
  const hints = st.hints.map(({ i, category, text, pack, rule, block }) => ({ i, category, text, pack, rule, block }));
  return { timeOrigin, host, url, top, enabled, shown, path, fallbackReason, renderer, total, counts, hints, timings, memory: memory ?? null, error };
}

const isRulesKey = (v) => v == null || isStr(v, 16);
const isSkip = (v) => v == null || (Array.isArray(v) && v.length <= 5000 && v.every((x) => isStr(x, 300)));

api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  if (sender.id !== api.runtime.id || !isObj(msg)) return false;
  const refuse = (why) => { sendResponse({ error: `refused: ${why}` }); return false; };
  const answer = (p) => { p.then(sendResponse, (e) => sendResponse({ error: String(e?.message ?? e) })); return true; };
  switch (msg.type) {
    case 'scan':
      if (typeof msg.snapshot !== 'string' || !isRulesKey(msg.rules) || !isSkip(msg.skip)) return refuse('a malformed scan');
      if (msg.snapshot.length > MAX_SNAPSHOT) return refuse(`a snapshot over ${MAX_SNAPSHOT} characters`);
      return answer(engineFor(msg.rules).then((e) => e.scan(msg.snapshot, msg.skip ?? [])));
    case 'tags':
      if (!isRulesKey(msg.rules)) return refuse('a malformed tags request');
      return answer(engineFor(msg.rules).then((e) => e.tags()));
    case 'report': {
      const st = checkReport(msg.state);
      if (!st) return refuse('a malformed report');
      return answer(report(st, sender).then(() => ({ ok: true })));
    }
    case 'gone':
      if (typeof msg.timeOrigin !== 'number') return refuse('a malformed gone');
      return answer(gone(msg.timeOrigin, sender).then(() => ({ ok: true })));
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
  // after the storage migration: compile the packs as they are stored now,
  // and do not start the compiler (megabytes of wasm) while the reader's
  // data is being moved
  migrated().then(() => recompile(true)).catch((e) => console.error('Sourcelight: compiling your packs failed', e));
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

// One migration at a time: install and start-up may both ask, a step must
// not run twice, and the recompile after an install waits for it.
let migrating = null;
function migrated() {
  migrating ??= migrate().catch(() => {}); // the reader's data stays as it was if a step fails; it is tried again next start
  return migrating;
}

function onInstalledOrStartup() {
  migrated();
  injectSoon();
}

api.runtime.onInstalled.addListener(onInstalledOrStartup);
api.runtime.onStartup.addListener(onInstalledOrStartup);
