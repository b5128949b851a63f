// The measured scenarios. Each adds samples to rec (rec.add(browser,
// metric, value)); main.mjs turns them into medians and the table.
//
// Times are the page's own performance.now() (probe.mjs): from
// DOMContentLoaded to the frame where every hint the CLI finds is shown.
import { launch, sleep } from './browsers.mjs';

const log = (...a) => console.error(...a);
const toPaint = (r) => (r?.painted != null && r.dcl != null ? r.painted - r.dcl : null);

// In the window from the end of parsing (domInteractive) to all hints
// painted: the longest long task (Chromium) and the longest gap between
// animation frames (both browsers).
function windowOf(r) {
  const from = r.interactive ?? r.dcl;
  const to = r.painted ?? r.last ?? r.now;
  const longtask = r.longtaskAPI ? Math.max(0, ...r.longtasks.filter(([s]) => s >= from && s <= to).map(([, d]) => d)) : null;
  const gap = Math.max(0, ...r.gaps.filter(([s, d]) => s + d >= from && s <= to).map(([, d]) => d));
  return { longtask, gap };
}

// record adds what a load measured; a load whose hints never all appeared
// counts as missing (and the table says how many went missing).
function record(rec, kind, metric, r) {
  const ms = toPaint(r);
  rec.add(kind, metric, ms);
  if (ms == null) log(`  ${kind} ${metric}: ${r?.count ?? 0} of ${r?.want} hints shown, never all (${r?.url})`);
  return ms;
}

async function setEngine(b, engine) {
  if (engine) await b.storage({ engine });
}

// grown: what the processes alive after have grown since before (a new
// process counts whole); processes that ended in between (the last tab's
// renderer) count nothing, so they cannot make a tab look cheap.
function grown(before, after) {
  let n = 0;
  for (const [pid, v] of after) n += v - (before.get(pid) ?? 0);
  return n;
}

// coldAndFirst: per run, two fresh browsers (a new profile each).
//  A: the seed page opened the moment the browser (Firefox: the temporary
//     add-on) is up: cold start after browser start.
//  B: started, left 3 s to settle, then the seed page (first load: the
//     extension's engine not yet used), the same page again (repeat load),
//     then the background stopped and the page again (cold background).
export async function coldAndFirst(rec, kind, srv, pages, _phrases, { runs, engine }) {
  const seed = pages.seed.file ? 'seed' : 'example';
  const idleMs = 2000; // Firefox: event page suspended after 2 s idle (B only)
  for (let i = 0; i < runs; i++) {
    log(`${kind}: cold start and first load, run ${i + 1}/${runs}`);
    let b = await launch(kind);
    try {
      if (engine) { await setEngine(b, engine); await b.ext.close(); b.ext = null; }
      record(rec, kind, 'cold-browser', await b.load(srv.url(seed, `&cold${i}`)));
    } finally { await b.close(); }

    b = await launch(kind, { idleMs });
    try {
      await setEngine(b, engine);
      if (b.ext) { await b.ext.close(); b.ext = null; }
      await sleep(3000);
      record(rec, kind, 'seed-first', await b.load(srv.url(seed, `&first${i}`)));
      record(rec, kind, 'seed-repeat', await b.load(srv.url(seed, `&repeat${i}`)));
      const how = await b.stopBackground();
      rec.note(kind, 'cold-bg', how ?? 'not possible');
      if (how) record(rec, kind, 'cold-bg', await b.load(srv.url(seed, `&coldbg${i}`)));
    } finally { await b.close(); }
  }
}

// stateOf asks the content script of the open tab showing url for its
// timings (main.js): its own account of the start-up and first scan.
async function stateOf(b, url) {
  const tab = await b.tabId(url);
  if (tab < 0) return {};
  const st = await b.call((id) => (globalThis.browser ?? chrome).tabs.sendMessage(id, { type: 'state' }, { frameId: 0 }).catch(() => null), tab);
  return st?.timings ?? {};
}

// STEPS are the start-up's steps the content script dates (loader.js and
// main.js, ms since navigation): the bench prints each one's median after
// the page's DOMContentLoaded, to show which one the hints waited for.
export const STEPS = [['settings', 'settings read'], ['compiled', 'engine compiled'], ['imported', 'page code imported'], ['engine', 'engine ready'], ['painted', 'painted']];

function steps(rec, kind, name, r, t) {
  for (const [k] of STEPS) rec.add(kind, `${name}-at-${k}`, t[k] != null && r?.dcl != null ? t[k] - r.dcl : null);
}

// The seed page's body arrives this long after its head (pages.mjs serve),
// as from a network: the engine is ready before the page is.
export const SLOW_MS = 400;

// main: one browser for everything else, in an order that keeps the
// background busy until the site is switched off at the end (an idle
// background is stopped after ~30 s and would make a run cold).
export async function main(rec, kind, srv, pages, phrases, { runs, markRuns, engine }) {
  const b = await launch(kind);
  try {
    await setEngine(b, engine);
    await b.load(srv.url('example', '&warmup'));

    for (let i = 0; i < runs; i++) {
      log(`${kind}: example, long page, 20,000 nodes, run ${i + 1}/${runs}`);
      {
        const url = srv.url('example', `&r${i}`);
        const { r, page } = await b.load(url, { keep: true });
        record(rec, kind, 'example-repeat', r);
        steps(rec, kind, 'example', r, await stateOf(b, url));
        await page.close();
      }
      if (pages.seed.file) record(rec, kind, 'seed-slow', await b.load(srv.url('seed', `&slow=${SLOW_MS}&r${i}`)));
      for (const name of ['long', 'nodes']) {
        if (!pages[name].file) continue;
        const url = srv.url(name, `&r${i}`);
        const { r, page } = await b.load(url, { timeoutMs: 30000, keep: true });
        const ms = record(rec, kind, name, r);
        // the content script's own account of its first scan (main.js):
        // the time its survey, the engine and painting took, pauses left out
        const t = await stateOf(b, url);
        await page.close();
        steps(rec, kind, name, r, t);
        if (t.scanBusyMs) rec.add(kind, `${name}-engine-mbs`, pages[name].textBytes / 1e3 / t.scanBusyMs);
        for (const k of ['surveyBusyMs', 'scanBusyMs', 'longestMs']) rec.add(kind, `${name}-${k}`, t[k] ?? null);
        // painting: the final one and the first hints painted while the scan went on
        rec.add(kind, `${name}-paintMs`, t.paintMs == null ? null : t.paintMs + (t.previewMs ?? 0));
        // the first hints on screen: the frame whose animation callbacks
        // painted them, by the content script's clock (the page's and ours
        // are one); the probe's own callback ran before ours in that frame
        const first = t.firstPaint ?? t.painted;
        rec.add(kind, `${name}-first`, first != null && r.dcl != null ? first - r.dcl : null);
        const w = windowOf(r);
        rec.add(kind, `${name}-longtask`, w.longtask);
        rec.add(kind, `${name}-gap`, w.gap);
        rec.add(kind, `${name}-dcl`, r.dcl);
        if (ms) rec.add(kind, `${name}-mbs`, pages[name].textBytes / 1e6 / (ms / 1000));
      }
    }

    // The popup as a page for a tab showing the seed page; the options page.
    const seed = pages.seed.file ? 'seed' : 'example';
    for (let i = 0; i < runs; i++) {
      log(`${kind}: popup and options, run ${i + 1}/${runs}`);
      const url = srv.url(seed, `&popup${i}`);
      const { page } = await b.load(url, { keep: true });
      const tab = await b.tabId(url);
      const p = tab >= 0 ? await b.ui(`extension/popup/popup.html?tab=${tab}&total=${pages[seed].want}`) : null;
      rec.add(kind, 'popup', p?.counts ?? null);
      await page.close();
      const o = await b.ui('extension/options/options.html');
      rec.add(kind, 'options', o?.drawn ?? null);
    }

    // Memory a tab showing the seed page adds to the browser (USS of all
    // its processes, after minus before; browsers.mjs), with the extension
    // on and then with the site switched off: the difference is the
    // extension's share.
    // Then the issue's own measure, JS heap plus wasm memory: the wasm
    // memory the page's engine reports (its state, as the popup shows it),
    // and in Chromium the renderer's JS heap after a collection (CDP
    // Runtime.getHeapUsage: objects and array buffers), on − off.
    const mem = async (label) => {
      for (let i = 0; i < runs; i++) {
        await sleep(1000); // the last tab's processes settle
        const before = b.uss();
        const url = srv.url(seed, `&mem${label}${i}`);
        const { page } = await b.load(url, { keep: true, timeoutMs: label === 'off' ? 1000 : 20000 });
        await sleep(500);
        rec.add(kind, `mem-${label}`, grown(before, b.uss()));
        if (kind === 'chromium') {
          const cdp = await page.createCDPSession();
          await cdp.send('HeapProfiler.collectGarbage');
          const h = await cdp.send('Runtime.getHeapUsage');
          rec.add(kind, `heap-${label}`, h.usedSize + h.backingStorageSize);
          await cdp.detach();
        }
        if (label === 'on') {
          const tab = await b.tabId(url);
          const st = tab >= 0 ? await b.call((t) => (globalThis.browser ?? chrome).tabs.sendMessage(t, { type: 'state' }, { frameId: 0 }).catch(() => null), tab) : null;
          rec.add(kind, 'wasm-mem', st?.memory ?? null);
        }
        await page.close();
      }
    };
    log(`${kind}: memory`);
    await mem('on');
    await b.storage({ sites: { '127.0.0.1': false } });
    await mem('off');

    // mark.js on the long page (or the 20,000-node page without
    // ../shared), with Sourcelight switched off for the site.
    await b.storage({ sites: { '127.0.0.1': false } });
    const target = pages.long.file ? 'long' : 'nodes';
    rec.note(kind, 'mark-page', target);
    for (let i = 0; i < markRuns; i++) {
      log(`${kind}: mark.js on ${target}, run ${i + 1}/${markRuns} (${phrases.length} phrases)`);
      for (const [metric, how] of [['mark', 'array'], ['mark-regexp', 'regexp']]) {
        const page = await b.browser.newPage();
        await page.goto(`${srv.base}/${target}?mark${i}`, { waitUntil: 'load', timeout: 60000 });
        await page.addScriptTag({ url: `${srv.base}/mark.js` });
        const r = await timeMark(page, phrases, how);
        rec.add(kind, metric, r.ms ?? null);
        rec.note(kind, `${metric}-matches`, r.error ? `error: ${r.error}` : String(r.matches));
        await page.close();
      }
    }
    await b.storage({ sites: {} });
  } finally { await b.close(); }
}

// timeMark starts markIt without waiting on it (one mark.js run can take
// minutes, past the protocol's 180 s call timeout) and polls its result.
export async function timeMark(page, phrases, how) {
  await page.evaluate((p, h, src) => {
    window.__mark = null;
    (0, eval)(`(${src})`)(p, h).then((r) => { window.__mark = r; }, (e) => { window.__mark = { error: String(e) }; });
  }, phrases, how, markIt.toString());
  for (const t0 = Date.now(); Date.now() - t0 < 20 * 60000;) {
    const r = await page.evaluate(() => window.__mark).catch(() => null);
    if (r) return r;
    await sleep(1000);
  }
  return { error: 'no result in 20 min' };
}

// markIt runs in the page: mark.js 8.11.1 highlighting the phrases, timed
// from the call to its done callback. 'array' is mark.js's phrase-list
// API (one regular expression and one DOM pass per phrase), given 100
// phrases per call because it chains the phrases through nested callbacks
// and Firefox overflows its stack on all 1,475 at once ("too much
// recursion"); the work is the same. 'regexp' hands it one alternation of
// all phrases (one pass), its fastest use.
function markIt(phrases, how) {
  const limiters = ',.;:?!\'"“”‘’()[]-—–'.split('');
  const opts = { separateWordSearch: false, diacritics: false, caseSensitive: false, accuracy: { value: 'exactly', limiters } };
  const m = new Mark(document.body);
  const once = (fn) => new Promise((resolve) => fn(resolve));
  const t0 = performance.now();
  let run;
  if (how === 'array') {
    run = (async () => {
      let matches = 0;
      for (let i = 0; i < phrases.length; i += 100) {
        // a task, not a microtask, between calls: mark.js calls done
        // synchronously, and the driver's calls need the thread now and then
        await new Promise((r) => setTimeout(r, 0));
        matches += await once((done) => m.mark(phrases.slice(i, i + 100), { ...opts, done }));
      }
      return matches;
    })();
  } else {
    const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const re = new RegExp(`\\b(?:${[...phrases].sort((a, b) => b.length - a.length).map(esc).join('|')})\\b`, 'gi');
    run = new Promise((r) => setTimeout(r, 0)).then(() => once((done) => m.markRegExp(re, { done })));
  }
  return run.then((matches) => ({ ms: performance.now() - t0, matches }));
}
