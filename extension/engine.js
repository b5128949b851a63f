// The Go engine (engine.wasm) in whatever context imports this module: the
// content script or the background. Packs arrive compiled: the built-in
// ones in extension/packs.bin (made by scripts/build, gzipped), the reader's own as
// storage.local `compiled` (made by the options page when saved). One
// string or byte array crosses the boundary per call; see wasm/cmd/engine.
import { api, rulesKey } from './api.js';
import './wasm_exec.js'; // defines globalThis.Go (a static import: service workers forbid import())

let loading = null;

// start begins fetching and instantiating the engine and the built-in
// packs, once per context. The content script calls it at document_start,
// so the bytes arrive while the page is still loading. In Chromium a page
// CSP without 'wasm-unsafe-eval' makes it fail with a CompileError in the
// content script; the caller then asks the background (remoteEngine).
export function start() {
  loading ??= (async () => {
    const t0 = performance.now();
    // the content script's loader.js may have begun both already
    const early = globalThis.__sourcelight?.early ?? {};
    if (globalThis.__sourcelight) globalThis.__sourcelight.early = null; // once: a retry starts anew
    const url = api.runtime.getURL('extension/engine.wasm');
    // packs.bin is gzipped (a tenth of the bytes to read); inflate it natively
    const packs = (early.packs ?? fetch(api.runtime.getURL('extension/packs.bin'))).then((r) => inflate(r.body));
    packs.catch(() => {}); // awaited below; an early failure is not unhandled
    const go = new globalThis.Go();
    // A page engine's heap is a few megabytes: with Go's default goal the
    // collector ran several times while the packs loaded and the first
    // page was scanned, when the code is still cold (half that scan's time
    // in V8's baseline tier). GOGC=300 puts the first collection at 12 MB.
    // No GOMEMLIMIT: a page whose live heap passes the limit (200,000
    // nodes: about 40 MB) made Go collect on every call into the engine,
    // 40 ms each, and the sliced scan never ended (scripts/e2e/hostile.mjs).
    go.env = { GOGC: '300' };
    let instance;
    try {
      instance = early.module
        ? await WebAssembly.instantiate(await early.module, go.importObject)
        : (await WebAssembly.instantiateStreaming(fetch(url), go.importObject)).instance;
    } catch (e) {
      if (e instanceof WebAssembly.CompileError || e instanceof WebAssembly.LinkError) throw e;
      // a server without the wasm MIME type: compile from bytes
      const bytes = await (await fetch(url)).arrayBuffer();
      instance = (await WebAssembly.instantiate(bytes, go.importObject)).instance;
    }
    go.run(instance); // resolves only when Go's main returns: never awaited
    const e = globalThis.sourcelightEngine;
    if (!e) throw new Error('engine.wasm did not register');
    const memory = () => instance.exports.mem.buffer.byteLength;
    return { e, packs: await packs, loadMs: Math.round(performance.now() - t0), memory };
  })();
  loading.catch(() => { loading = null; });
  return loading;
}

// inflate gunzips a stream of bytes, reading it here in JS. Not with
// new Response(stream).arrayBuffer(): when the source fails (a frame torn
// down while its content script reads packs.bin), Firefox reports "Failed
// to read data from the ReadableStream" in the page's console though the
// rejection is handled (found by scripts/sweep; scripts/e2e/regressions.mjs).
export async function inflate(gzipped) {
  const reader = gzipped.pipeThrough(new DecompressionStream('gzip')).getReader();
  const parts = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    n += value.length;
  }
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export async function load() {
  const { e, packs, loadMs, memory } = await start();
  return wrap(e, packs, loadMs, memory);
}

// bytesOf decodes the stored compiled packs (base64).
function bytesOf(compiled) {
  if (!compiled?.data) return null;
  const s = atob(compiled.data);
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}

// Snapshots are scanned in slices of about SLICE_MS each, the main thread
// given back between them, so a long page never holds it for long. The
// engine's slices decode the snapshot, build the document, scan its text,
// then find its promotional blocks (next: "decode", "build", "text",
// "blocks"). These go at very
// different speeds per byte, so each has its own slice size in bytes (an
// element counts as 32 in the last), which follows from how long its last
// slice took. A size shrinks at once but at most doubles: the first
// slices of a page are the slow ones (code still cold, automata worked
// out as the text asks for them).
const SLICE_MS = 12;
const FIRST_SLICE = 8 * 1024;
const MIN_SLICE = 2 * 1024;
const MAX_SLICE = 512 * 1024;
// yieldTask gives the main thread back for a moment: scheduler.yield
// where the browser has it, else a timer (fair to the page's own timers).
export const yieldTask = () => (globalThis.scheduler?.yield ? globalThis.scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0)));

function wrap(e, packs, loadMs, memory) {
  let builtin = packs; // the engine keeps them after the first load that succeeds
  let turn = Promise.resolve();
  const parse = (s) => {
    const v = JSON.parse(s);
    if (v?.error) throw new Error(v.error);
    return v;
  };
  return {
    path: 'content',
    loadMs,
    // bytes of the engine's memory (wasm linear memory: it only grows)
    memory,
    // configure loads the built-in packs (less those switched off) and the
    // reader's compiled packs; on error the last good ones stay.
    configure: async (rules, compiled) => {
      const t0 = performance.now();
      // compiled packs of other rules (the background is compiling the
      // new ones) are left out rather than shown as the reader's packs
      const fresh = compiled?.data && (!compiled.key || compiled.key === rulesKey(rules));
      const user = fresh ? bytesOf(compiled) : null;
      const r = parse(e.load(builtin, user, JSON.stringify(rules?.disabled ?? [])));
      // Go holds every value it was handed until its next collection, which
      // a page may never reach: freed now, these are not held twice
      for (const a of [builtin, user]) a?.buffer.transfer?.(0);
      builtin = null;
      if ((rules?.files?.length ?? 0) > 0 && !fresh) {
        r.problems.push('your own packs are being compiled; they apply as soon as that is done');
      }
      r.ms = Math.round(performance.now() - t0);
      return r;
    },
    // One sliced scan at a time (the engine holds one open snapshot): in
    // the background, frames and tabs ask at once. pause (optional) is
    // awaited between slices instead of yieldTask: the content script
    // checks its watchdog there. onPart (optional) is given each slice's
    // hints as they come, top of the page first: the content script paints
    // a long page's first hints before its last are found.
    scan: (snapshot, skip = [], pause = yieldTask, onPart = null) => {
      const p = turn.then(() => sliced(snapshot, skip, pause, onPart));
      turn = p.catch(() => {});
      return p;
    },
    tags: async () => parse(e.tags()),
  };

  // open only takes the snapshot; the first slices decode it and build
  // the document, the last ones find the promotional blocks (on a long
  // page each would be a long task). A short page's slices run on without
  // a pause until SLICE_MS have passed since the last one.
  // out.busy is the time spent in the engine's calls, pauses left out: the
  // engine's own speed in the page (the bench's in-browser throughput).
  async function sliced(snapshot, skip, pause, onPart) {
    let since = performance.now();
    let phase = parse(e.open(snapshot, JSON.stringify(skip))).next ?? 'build';
    const out = { hints: [], counts: {}, busy: performance.now() - since };
    if (out.busy >= SLICE_MS) {
      await pause();
      since = performance.now();
    }
    const size = {};
    for (;;) {
      const bytes = size[phase] ?? FIRST_SLICE;
      const t0 = performance.now();
      const part = parse(e.next(bytes));
      const now = performance.now();
      out.busy += now - t0;
      const fit = (bytes * SLICE_MS) / Math.max(now - t0, 1);
      size[phase] = Math.round(Math.min(MAX_SLICE, bytes * 2, Math.max(MIN_SLICE, fit)));
      phase = part.next;
      out.hints.push(...part.hints);
      if (part.hints.length) onPart?.(part.hints);
      for (const [c, n] of Object.entries(part.counts)) out.counts[c] = (out.counts[c] ?? 0) + n;
      // after a long scan the main thread is given back before the
      // caller paints: the last slice and the painting would be one task
      if (now - since >= SLICE_MS) {
        await pause();
        since = performance.now();
      }
      if (part.done) return out;
    }
  }
}

// WARM is a short made-up page for warming the engine up (warm): its text
// and blocks take the scan through the paths a news page does (phrases,
// regexes in their windows, denials, a related-links block), so that the
// browser compiles that code, and the engine works out those automaton
// and DFA states, before the page is ready rather than in its first scan.
const WARM = JSON.stringify({
  lang: 'en',
  root: ['body', {},
    ['article', {},
      ['h1', {}, 'Trade talks stall as both sides dig in'],
      ['p', {}, 'Talks on the new trade agreement stalled on Monday, according to people familiar with the matter. '
        + 'Several officials, who spoke on condition of anonymity because they were not authorized to discuss the negotiations, '
        + 'said the two sides remained far apart.'],
      ['p', {}, 'The ministry denied reports that it had walked away from the table, calling them simply false. '
        + 'A spokeswoman dismissed the report as speculation, and the company rejected claims that it had misled investors.'],
      ['p', {}, 'Critics say the delay will cost exporters dearly; some analysts have warned that prices could rise. '
        + 'The minister reportedly told colleagues that a deal was still possible, and aides close to her insisted that the timetable had not changed.'],
      ['div', { class: 'ad' }, 'Advertisement'],
      ['aside', { class: 'related' }, ['h2', {}, 'Related articles'],
        ['ul', {}, ...['Exporters brace for a long winter', 'What the new tariffs mean for you', 'Five charts that explain the trade gap', 'Ministers meet again next week']
          .map((t) => ['li', {}, ['a', {}, t]])]],
      ['p', {}, 'Sign up for our newsletter'],
    ],
  ],
});

// warm scans WARM once and returns how long that took (ms). The content
// script calls it while the page is still loading and the main thread is
// idle: on a page the network delivers slowly, the first real scan then
// runs in code the browser has compiled already.
export async function warm(eng) {
  const t0 = performance.now();
  await eng.scan(WARM);
  return Math.round(performance.now() - t0);
}

// remoteEngine has the same interface and runs in the background: the
// snapshot goes there by message and hints come back. Page text stays in
// the browser either way.
export function remoteEngine(rules) {
  let key = rulesKey(rules);
  const call = async (msg) => {
    const r = await api.runtime.sendMessage({ ...msg, rules: key });
    if (!r || r.error) throw new Error(r?.error ?? 'no answer from the background');
    return r;
  };
  return {
    path: 'background',
    loadMs: 0,
    memory: () => null, // the background's, shared by every tab
    // the background reads the rules from storage; the key says which
    configure: async (next) => {
      key = rulesKey(next);
      return { problems: [] };
    },
    scan: (snapshot, skip = []) => call({ type: 'scan', snapshot, skip }),
    tags: () => call({ type: 'tags' }),
  };
}
