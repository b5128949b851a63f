// Sourcelight's page code, a pipeline in the manner of uBlock Origin's
// content script:
//
//   DOM ──watch──▶ changed block roots ──survey──▶ snapshot JSON
//        (one MutationObserver,          (snapshot.js: one walk,
//         batched per animation frame)    text nodes by index)
//                                               │
//   page ◀──commit── Painter (paint.js) ◀──filter── engine.scan
//        (highlights, block outlines,        (engine.wasm here, or in the
//         card on hover or keyboard)          background where CSP bars it)
//
// Modes:
//   site or Sourcelight switched off   loader.js stops first: none of this runs
//   page switch off                    hints kept, nothing painted; instant back
//   engine in the page (default)       engine.wasm and packs.bin are fetched from document_start;
//                                      ready before the page, the engine warms up on a made-up
//                                      page; the survey waits for DOMContentLoaded; long pages are
//                                      scanned in slices with the main thread yielded between,
//                                      their first hints painted while the rest is scanned
//   engine in the background           where the page's CSP bars wasm here (Chromium), or when
//                                      the reader chose it: snapshots go there by message
//   no CSS Highlight API               inline hints drawn as boxes in our shadow root
//
// Scans run one at a time, in order (a queue): the engine holds one sliced
// scan at a time, and a scan begun before a settings change (generation)
// is dropped, never painted over a later one. Only the reader's own input
// (isTrusted) opens cards or acts on them (issue #11).
import { api, settings } from '../api.js';
import * as engine from '../engine.js';
import { makeSurveyor, rangeOf } from './snapshot.js';
import { Painter } from './paint.js';
import { Card } from './card.js';

let state = null;

// start runs once per frame; read is loader.js's read of the settings.
export async function start(host, read = null) {
  if (state) return;
  const t0 = performance.now(); // since navigation start
  const s = await settings(undefined, read);
  // loader.js read all of storage: the watchdog's override comes with it
  // (a read of its own took about 14 ms before the first scan in Chromium)
  if (read) watchdogMs = (await read).watchdogMs ?? WATCHDOG_MS;
  // the engine and its packs load while the page is still loading
  const early = s.engine !== 'background' ? pageEngine(s) : null;
  early?.catch(() => {}); // boot handles the failure
  const warmed = early ? warmUp(early) : null;
  await domReady();
  state = {
    host,
    enabled: true,
    skip: skipList(s, host),
    painter: new Painter(s.renderer),
    eng: null,
    survey: null,
    cursor: -1,
    // times since navigation (start, domReady, engine, firstPaint,
    // painted; the loader's steps once the engine is ready) and durations
    // (…Ms, wasm, compile)
    timings: { start: t0 },
    error: null,
    deadlines: new Set(), // the watchdog's [until, ms] for scans under way (pause checks them)
    gen: 0, // bumped by each full rescan and switch-off: older scans are dropped
    queue: Promise.resolve(), // scans and engine loads, one at a time
  };
  warmed?.then((ms) => { if (ms != null) state.timings.warmMs = ms; });
  state.card = new Card(state.painter, ignoreRule);
  state.painter.onLabel = (entry, focus) => { if (entry) state.card.show(entry, { focus }); };
  listen();
  try {
    await boot(s, early);
  } catch (e) {
    state.error = String(e?.message ?? e);
    report();
  }
}

// pageEngine loads the engine and the packs in this context.
async function pageEngine(s) {
  const eng = await engine.load();
  const r = await eng.configure(s.rules, s.compiled);
  return { eng, r, tags: await eng.tags() };
}

// warmUp runs one scan of a made-up page (engine.warm) when the engine
// is ready before the page is and the main thread is idle meanwhile (a
// page the network delivers slowly: most real ones). Never after
// DOMContentLoaded: then the page's own first scan does the warming. It
// resolves to the time it took, or null.
async function warmUp(early) {
  try {
    const { eng } = await early;
    if (document.readyState !== 'loading') return null;
    await new Promise((r) => (globalThis.requestIdleCallback ?? setTimeout)(r));
    if (document.readyState !== 'loading') return null;
    return await engine.warm(eng);
  } catch {
    return null; // boot reports the engine's failures
  }
}

// loaderSteps: when loader.js read the settings, had the engine compiled
// and had this module imported (ms since navigation).
function loaderSteps() {
  const out = {};
  for (const [k, v] of Object.entries(globalThis.__sourcelight?.at ?? {})) out[k] = Math.round(v);
  return out;
}

function domReady() {
  if (document.readyState !== 'loading') return Promise.resolve();
  return new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
}

// The engine runs in the page by default: packs arrive compiled, so the
// start-up is a fetch begun at document_start and a quick load (README.md,
// Performance, has the measured figures). Where the page's CSP bars wasm
// in content scripts (Chromium), or the reader chose it, the background
// serves the page instead.
async function boot(s, early) {
  const t = state.timings;
  t.domReady = performance.now();
  if (s.engine === 'background') {
    try {
      state.eng = engine.remoteEngine(s.rules);
      state.tags = await state.eng.tags(); // wakes the background, loads its engine
    } catch (e) {
      state.fallbackReason = `background: ${e?.message ?? e}`;
      state.eng = null;
    }
  }
  if (!state.eng) {
    try {
      const { eng, r, tags } = await (early ?? pageEngine(s));
      state.eng = eng;
      t.wasm = eng.loadMs; // fetch, compile and start engine.wasm
      t.compile = r.ms; // load the compiled packs
      if (r.problems.length) state.error = r.problems.join('; ');
      state.tags = tags;
    } catch (e) {
      // Chromium: the page's CSP has no 'wasm-unsafe-eval' (CompileError).
      state.fallbackReason = `${e?.name ?? 'Error'}: ${e?.message ?? e}`;
      state.eng = engine.remoteEngine(s.rules);
      state.tags = await state.eng.tags();
    }
  }
  t.engine = performance.now();
  Object.assign(t, loaderSteps());
  surveyor();
  // watch first: the first scan gives the main thread back between its
  // slices, and what the page changes meanwhile is scanned after it
  observe();
  await watchdog(() => rescanAll({ report: false }));
  t.painted = performance.now();
  report();
}

// The watchdog: a scan that runs past WATCHDOG_MS (a hostile or enormous
// page) is stopped: nothing more is painted or scanned in this frame, and the
// frame reports why in its error, which the popup shows. The engine's slices
// in flight end on their own; their result is dropped. storage.local
// `watchdogMs` overrides the limit (tests).
const WATCHDOG_MS = 30000;
const watchdogMessage = (ms) => `scan stopped by the watchdog after ${ms / 1000} s: this page is too large or changes too fast`;
let watchdogMs = null; // storage.local, read once (with the settings, from loader.js)
async function watchdog(start) {
  const t0 = performance.now();
  watchdogMs ??= await api.storage.local.get('watchdogMs').then((r) => r.watchdogMs ?? WATCHDOG_MS, () => WATCHDOG_MS);
  const ms = watchdogMs;
  const deadline = [t0 + ms, ms];
  state.deadlines.add(deadline);
  const work = start();
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => {
      state.stopped = true;
      reject(new Error(watchdogMessage(ms)));
    }, Math.max(0, deadline[0] - performance.now()));
  });
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
    state.deadlines.delete(deadline);
  }
}

// surveyor (re)builds the survey from the engine's tags: saved block rules
// may select attributes the last one did not keep.
function surveyor() {
  state.survey = makeSurveyor(state.tags);
  blockTags = null;
}

// pause gives the main thread back (engine.yieldTask) between slices of
// a long survey or scan. It is also where the watchdog's deadline is
// checked, so a scan is stopped on time even when timers are slow to fire.
export async function pause() {
  const held = state?.held;
  held?.stop();
  await engine.yieldTask();
  held?.start();
  for (const [until, ms] of state?.deadlines ?? []) {
    if (performance.now() > until) {
      state.stopped = true;
      throw new Error(watchdogMessage(ms));
    }
  }
}

// holdTimer times the stretches our code holds the main thread between
// pauses during the first full scan: its longest is the bench's longest
// task of ours, measured from the inside (Firefox has no long task API,
// and Chromium's does not say whose a task was).
function holdTimer() {
  let since = performance.now();
  let longest = 0;
  return {
    start() { since = performance.now(); },
    stop() { longest = Math.max(longest, performance.now() - since); return longest; },
    add(ms) { longest = Math.max(longest, ms); },
  };
}

// enqueue runs fn after every scan or load queued before it.
function enqueue(fn) {
  const p = state.queue.then(fn);
  state.queue = p.catch(() => {});
  return p;
}

// collect surveys the given roots and asks the engine; it returns the
// entries, or null when a later generation began meanwhile. preview
// (optional, see previewer) is handed the entries as the engine's slices
// find them.
async function collect(roots, gen, preview = null) {
  if (state.stopped) return null; // the watchdog gave up on this frame
  const entries = [];
  for (const root of roots) {
    if (!root.isConnected) continue;
    const t0 = performance.now();
    const snap = await state.survey(root, pause);
    if (gen !== state.gen || state.stopped) return null;
    const t1 = performance.now();
    const onPart = preview && ((hints) => preview.add(entriesOf(snap, hints)));
    const res = await state.eng.scan(snap.json, state.skip, pause, onPart);
    if (gen !== state.gen) return null;
    // the first full scan's parts, for the popup's details and the
    // benchmark: from start to end, and the time its own work took (the
    // main thread is given back between slices, to the page's own tasks)
    state.timings.surveyMs ??= Math.round(t1 - t0);
    state.timings.scanMs ??= Math.round(performance.now() - t1);
    state.timings.surveyBusyMs ??= Math.round(snap.busy);
    if (res.busy != null) state.timings.scanBusyMs ??= Math.round(res.busy);
    entries.push(...entriesOf(snap, res.hints));
  }
  if (state.stopped) return null;
  return entries;
}

// entriesOf turns the engine's hints into the painter's entries: DOM
// Ranges and elements of the survey snap.
function entriesOf(snap, hints) {
  const entries = [];
  for (const h of hints) {
    if (h.block) {
      const element = snap.elems[h.elem];
      if (element) entries.push({ hint: h, element });
    } else {
      const range = rangeOf(snap, h.range);
      if (range) entries.push({ hint: h, range });
    }
  }
  return entries;
}

// previewer paints a scan's hints as its slices find them, at most once an
// animation frame, when nothing is painted yet: on a long page the reader
// sees the hints at the top while the rest is still being scanned (the
// engine goes through the page in order). The scan's own result replaces
// them when it ends (rescanAll); a scan dropped for a later generation or
// a page switched off paints nothing more. A scan the watchdog stops
// leaves what it had shown, beside its error.
function previewer(gen) {
  let pending = [];
  let frame = 0;
  const flush = () => {
    frame = 0;
    if (gen !== state.gen || !state.enabled || !pending.length) return;
    const t0 = performance.now();
    state.timings.firstPaint ??= t0;
    state.painter.add(pending);
    pending = [];
    state.held?.add(performance.now() - t0); // a task of its own (the frame's callbacks)
    // the first scan's painting, previews and all (the bench's main-thread time)
    if (state.timings.paintMs == null) state.timings.previewMs = (state.timings.previewMs ?? 0) + performance.now() - t0;
  };
  return {
    add(entries) {
      pending.push(...entries);
      if (!frame) frame = requestAnimationFrame(flush);
    },
    stop() {
      cancelAnimationFrame(frame);
      frame = 0;
      pending = [];
    },
  };
}

// scan rescans changed roots (the observer's batches), in turn with every
// other scan; it is dropped when a full rescan was asked for meanwhile.
function scan(roots) {
  const gen = state.gen;
  return enqueue(async () => {
    if (gen !== state.gen) return false;
    const entries = await collect(roots, gen);
    if (!entries) return false;
    state.painter.removeWithin(roots);
    state.painter.prune();
    state.painter.add(entries);
    return true;
  });
}

// watch: one MutationObserver; records are coalesced into the smallest set
// of block roots and scanned once per animation frame. Attribute changes
// are ignored (ours included: data-sourcelight).
let pending = new Set();
let removed = false;
let frame = 0;
let observer = null;

function observe() {
  observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.target.closest?.('sourcelight-ui') || r.target.parentElement?.closest?.('sourcelight-ui')) continue;
      // a removal: the hints inside go (flush prunes them), and the block
      // that held them is scanned again (its text changed)
      if (r.removedNodes?.length && [...r.removedNodes].some((n) => n.nodeName?.toLowerCase() !== 'sourcelight-ui')) {
        removed = true;
        if (r.target.isConnected) pending.add(blockRoot(r.target));
      }
      const nodes = r.type === 'characterData' ? [r.target] : [...r.addedNodes];
      for (const n of nodes) {
        if (n.nodeName?.toLowerCase() === 'sourcelight-ui') continue;
        const root = blockRoot(n);
        if (root) pending.add(root);
      }
    }
    if ((pending.size || removed) && !frame) frame = requestAnimationFrame(flush);
  });
  observer.observe(document.documentElement, { childList: true, characterData: true, subtree: true });
  const relayout = () => requestAnimationFrame(() => { state.painter.place(); state.card.place(); });
  window.addEventListener('resize', relayout, { passive: true });
  new ResizeObserver(relayout).observe(document.documentElement);
}

let blockTags = null;
function blockRoot(n) {
  blockTags ??= new Set(state.tags.block);
  let el = n.nodeType === Node.ELEMENT_NODE ? n : n.parentElement;
  // the added element itself is the root when it is a block; else its block parent
  while (el && el !== document.documentElement && !isBlock(el)) el = el.parentElement;
  return el ?? document.documentElement;
}

function isBlock(el) {
  return blockTags.has(el.localName);
}

async function flush() {
  frame = 0;
  const roots = [...pending].filter((r) => r.isConnected);
  pending = new Set();
  const prune = removed;
  removed = false;
  // drop roots inside other roots: the outer scan covers them
  const outer = roots.filter((r) => !roots.some((o) => o !== r && o.contains(r)));
  if (!state.enabled) return;
  try {
    const pruned = prune && state.painter.prune();
    const scanned = outer.length ? await watchdog(() => scan(outer)) : false;
    if (scanned) state.timings.lastIncremental = performance.now();
    if (pruned || scanned) report();
  } catch (e) {
    state.error = String(e?.message ?? e);
    report();
  }
}

// report tells the background (badge, popup) what this frame shows. The
// background checks every field's type and size (background.js,
// checkReport): strings are clipped here to fit.
function report() {
  const entries = state.painter.entries;
  const counts = {};
  for (const [c, n] of Object.entries(state.painter.counts()).slice(0, 100)) counts[c.slice(0, 64)] = n;
  api.runtime.sendMessage({
    type: 'report',
    state: {
      timeOrigin: performance.timeOrigin, // names this document: the background drops frames of earlier ones
      host: state.host.slice(0, 255),
      url: location.href.slice(0, 8192),
      top: window === window.top,
      enabled: state.enabled,
      shown: state.painter.shown,
      path: state.eng?.path ?? null,
      fallbackReason: state.fallbackReason?.slice(0, 1000) ?? null,
      renderer: state.painter.overlay ? 'overlay' : 'highlight',
      total: entries.length,
      counts,
      hints: entries.slice(0, 500).map((e, i) => ({
        i,
        category: e.hint.category.slice(0, 64),
        text: e.hint.text.slice(0, 140),
        pack: e.hint.pack.slice(0, 128),
        rule: e.hint.rule.slice(0, 128),
        block: !!e.element,
      })),
      timings: state.timings,
      memory: state.eng?.memory() ?? null,
      error: state.error?.slice(0, 1000) ?? null,
    },
  }).catch(() => {}); // the background may be restarting; the next report will do
}

// jump scrolls to entry i, selects nothing, and shows its card.
function jump(i, focus) {
  const entries = state.painter.entries;
  if (!entries.length) return false;
  state.cursor = ((i % entries.length) + entries.length) % entries.length;
  const e = entries[state.cursor];
  const target = e.element ?? e.range.startContainer.parentElement;
  target?.scrollIntoView({ block: 'center', behavior: 'instant' });
  if (!state.painter.shown) state.painter.show(true);
  requestAnimationFrame(() => state.card.show(e, { focus }));
  return true;
}

async function ignoreRule(id) {
  const { ignored } = await settings(['ignored']);
  const list = new Set(ignored[state.host] ?? []);
  list.add(id);
  ignored[state.host] = [...list];
  await api.storage.local.set({ ignored }); // storage.onChanged below rescans every frame
}

// skipList is what scan leaves out: rules ignored on this site, and rules
// the reader switched off everywhere (options page, storage "rulesOff").
function skipList(s, host) {
  return [...(s.ignored[host] ?? []), ...(s.rulesOff ?? [])];
}

function setEnabled(on) {
  state.enabled = on;
  if (!on) {
    state.gen++; // scans under way paint nothing
    state.card.hide();
    state.painter.clear();
    report();
  } else {
    rescanAll();
  }
}

// rescanAll scans the whole page again, after every earlier scan, and
// drops those not yet run: their settings are out of date.
function rescanAll({ report: tell = true } = {}) {
  const gen = ++state.gen;
  return enqueue(async () => {
    if (gen !== state.gen || !state.survey) return;
    // a page showing hints keeps them until the new ones are all found
    const preview = state.painter.entries.length ? null : previewer(gen);
    const first = state.timings.paintMs == null;
    if (first) state.held = holdTimer();
    let entries;
    try {
      entries = await collect([document.documentElement], gen, preview);
    } finally {
      preview?.stop();
    }
    if (!entries) return;
    const t0 = performance.now();
    state.painter.replace(entries);
    state.timings.paintMs ??= Math.round(performance.now() - t0);
    if (first && state.held) {
      state.timings.longestMs = Math.round(state.held.stop());
      state.held = null;
    }
    if (tell) report();
  });
}

function listen() {
  api.runtime.onMessage.addListener((msg, _sender, sendResponse) => {
    switch (msg?.type) {
      case 'toggle-page':
        state.card.hide();
        state.painter.show(msg.on ?? !state.painter.shown);
        report();
        sendResponse({ shown: state.painter.shown });
        break;
      case 'page-text': // the options page's preview
        sendResponse({ text: document.body?.innerText ?? '', title: document.title, url: location.href });
        break;
      case 'jump':
        sendResponse({ ok: jump(msg.index, false) });
        break;
      case 'next':
      case 'previous':
        sendResponse({ ok: jump(state.cursor + (msg.type === 'next' ? 1 : -1), true) });
        break;
      case 'state': {
        const texts = {};
        for (const e of state.painter.entries) {
          if (e.range) (texts[e.hint.category] ??= []).push(e.range.toString());
        }
        const card = state.card.el;
        sendResponse({
          host: state.host, shown: state.painter.shown, enabled: state.enabled, path: state.eng?.path ?? null,
          fallbackReason: state.fallbackReason ?? null, timings: state.timings, memory: state.eng?.memory() ?? null, counts: state.painter.counts(),
          texts, error: state.error,
          // what only we can see in our closed root, for the tests
          card: card ? { text: card.textContent, focus: describe(state.painter.ui?.root.activeElement) } : null,
          focus: describe(state.painter.ui?.root.activeElement),
          labels: state.painter.labels.size,
          labelAt: [...state.painter.labels.values()].map((l) => `${l.style.left},${l.style.top}`),
          boxes: state.painter.ui?.layer.querySelectorAll('.box').length ?? 0,
        });
        break;
      }
      case 'survey': // the snapshot the engine is fed, for the parity test (wasm/e2e)
        if (!state.survey) {
          sendResponse({ json: '' });
          break;
        }
        state.survey(document.documentElement).then((s) => sendResponse({ json: s.json }), () => sendResponse({ json: '' }));
        return true; // answered when the walk is done
      default:
        return false;
    }
    return false;
  });

  api.storage.onChanged.addListener(async (changes, area) => {
    if (area !== 'local') return;
    if (changes.enabled || changes.sites) {
      const s = await settings(['enabled', 'sites']);
      const on = s.enabled !== false && s.sites[state.host] !== false;
      if (on !== state.enabled) setEnabled(on);
    }
    if (changes.ignored || changes.rulesOff) {
      const next = skipList(await settings(['ignored', 'rulesOff']), state.host);
      if (JSON.stringify(next) !== JSON.stringify(state.skip)) {
        state.skip = next;
        if (state.enabled) rescanAll();
      }
    }
    if ((changes.rules || changes.compiled) && state.eng) {
      state.gen++; // scans queued before the new rules paint nothing
      await enqueue(async () => {
        const s = await settings(['rules', 'compiled']);
        const r = await state.eng.configure(s.rules, s.compiled);
        state.error = r.problems?.length ? r.problems.join('; ') : null;
        state.tags = await state.eng.tags();
        surveyor(); // new block rules may select attributes the old survey dropped
      });
      if (state.enabled) rescanAll();
    }
    if (changes.renderer) {
      state.painter.overlay = changes.renderer.newValue === 'overlay' || typeof Highlight !== 'function';
      state.painter.render();
    }
  });

  // Hover: find the hint under the pointer, at most once per frame. Only
  // the reader's pointer counts: a page's synthetic events do not.
  let hoverFrame = 0;
  document.addEventListener('mousemove', (ev) => {
    if (!ev.isTrusted || hoverFrame || !state.painter.shown || !state.painter.entries.length) return;
    hoverFrame = requestAnimationFrame(() => {
      hoverFrame = 0;
      hover(ev.clientX, ev.clientY, ev);
    });
  }, { passive: true });
  // Labels of blocks (buttons in our closed root) open their card: the
  // painter listens there (onLabel, set in start).

  // back from the back/forward cache: this document counts again
  window.addEventListener('pageshow', (ev) => { if (ev.persisted) report(); });
  // leaving: this document's hints no longer count
  window.addEventListener('pagehide', () => {
    api.runtime.sendMessage({ type: 'gone', timeOrigin: performance.timeOrigin }).catch(() => {});
  });
}

// describe names one of our elements for the tests: its class and text.
function describe(el) {
  return el ? `${el.localName}.${el.className}:${(el.getAttribute('aria-label') || el.textContent).trim()}` : null;
}

function hover(x, y, ev) {
  if (ev.composedPath?.().some((n) => n.localName === 'sourcelight-ui')) return; // our root: it listens itself
  const pos = caretAt(x, y);
  const hits = pos ? state.painter.at(pos.node, pos.offset) : [];
  if (hits.length) state.card.show(hits[0]);
  else if (state.card.entry) state.card.hideSoon();
}

function caretAt(x, y) {
  if (document.caretPositionFromPoint) {
    const p = document.caretPositionFromPoint(x, y);
    return p && { node: p.offsetNode, offset: p.offset };
  }
  const r = document.caretRangeFromPoint?.(x, y);
  return r && { node: r.startContainer, offset: r.startOffset };
}
