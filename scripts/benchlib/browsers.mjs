// The two browsers, headless, with the repository root loaded as the
// unpacked extension, behind one small interface so that every scenario
// runs the same way in both:
//
//   const b = await launch('chromium' | 'firefox', { idleMs })
//   await b.load(url)        → what the page probe saw (probe.mjs)
//   await b.call(fn, ...a)   → runs fn in an extension page (browser.* APIs)
//   await b.stopBackground() → how it was stopped, or null
//   await b.close()
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { root } from './pages.mjs';
import { probe, uiProbe } from './probe.mjs';

export const CHROMIUM = '/usr/lib/chromium/chromium'; // not /usr/bin/chromium: that wrapper adds an empty --load-extension=
export const FIREFOX = '/usr/bin/firefox-esr';
const GECKO_ID = JSON.parse(fs.readFileSync(path.join(root, 'manifest.json'))).browser_specific_settings.gecko.id;
const UUID = '0b3e9c52-6d1a-4f0e-8c7b-2a5d4e6f7081'; // fixed moz-extension:// host, set by pref
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Chromium: flags from PLATFORM-NOTES.md; remote hosts resolve to nothing,
// so a page or the browser itself cannot reach beyond 127.0.0.1.
async function launchChromium() {
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    pipe: true,
    enableExtensions: true,
    userDataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'sourcelight-bench-')),
    defaultViewport: { width: 1100, height: 900 },
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-component-update', '--disable-dev-shm-usage',
      `--load-extension=${root}`, `--disable-extensions-except=${root}`,
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
  return browser;
}

// Firefox: a proxy that goes nowhere for everything but 127.0.0.1 (the
// browser's own update and telemetry requests included). idleMs sets how
// long the event page may idle before Firefox suspends it: the only way to
// stop the background that the page and BiDi leave us.
async function launchFirefox({ idleMs } = {}) {
  const prefs = {
    'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: UUID }),
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1', 'network.proxy.http_port': 9,
    'network.proxy.ssl': '127.0.0.1', 'network.proxy.ssl_port': 9,
    'network.proxy.no_proxies_on': '127.0.0.1',
    'network.proxy.allow_hijacking_localhost': false,
  };
  if (idleMs) prefs['extensions.background.idle.timeout'] = idleMs;
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    defaultViewport: { width: 1100, height: 900 },
    extraPrefsFirefox: prefs,
    args: ['--remote-allow-system-access'], // lets a tab show moz-extension:// pages
  });
  await browser.installExtension(root);
  return browser;
}

export async function launch(kind, opts = {}) {
  const browser = kind === 'chromium' ? await launchChromium() : await launchFirefox(opts);
  const b = { kind, browser, ext: null, extBase: null };

  // The extension's base URL: Chromium's id from its service worker target.
  if (kind === 'chromium') {
    const sw = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().endsWith('/extension/background.js'), { timeout: 20000 });
    b.extBase = sw.url().replace(/extension\/background\.js$/, '');
  } else b.extBase = `moz-extension://${UUID}/`;

  // gotoExt opens an extension page. Over BiDi, goto never resolves for
  // moz-extension:// pages: start it, then wait for the document.
  b.gotoExt = async (page, rel) => {
    const url = b.extBase + rel;
    page.goto(url, { timeout: 10000 }).catch(() => {});
    for (let i = 0; i < 400; i++) {
      const ok = await page.evaluate(() => location.href + '|' + document.readyState).catch(() => '');
      if (ok.startsWith(url) && ok.endsWith('complete')) return page;
      await sleep(25);
    }
    throw new Error(`${kind}: ${url} did not load`);
  };

  // call runs fn in an extension page, where browser.* / chrome.* work.
  b.call = async (fn, ...args) => {
    if (!b.ext) {
      b.ext = await browser.newPage();
      await b.gotoExt(b.ext, 'extension/popup/popup.html?tab=-1'); // any extension page
    }
    return b.ext.evaluate(fn, ...args);
  };
  b.storage = (items) => b.call((it) => (globalThis.browser ?? chrome).storage.local.set(it), items);

  // load opens url in a new tab with the probe and waits for all hints
  // painted (or timeoutMs). The page is returned open; close it yourself.
  b.load = async (url, { timeoutMs = 20000, keep = false } = {}) => {
    const page = await browser.newPage();
    await page.evaluateOnNewDocument(probe);
    const t0 = Date.now();
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 });
    let r = null;
    while (Date.now() - t0 < timeoutMs) {
      r = await page.evaluate(() => window.__bench && { ...window.__bench, now: performance.now(),
        interactive: performance.getEntriesByType('navigation')[0]?.domInteractive ?? null });
      if (r?.painted != null) break;
      await sleep(50);
    }
    if (r) r.url = url;
    if (!keep) await page.close();
    return keep ? { r, page } : r;
  };

  // ui opens an extension page (popup or options) with the UI probe and
  // returns the probe's times (ms from the page's navigation start).
  b.ui = async (rel, { timeoutMs = 15000 } = {}) => {
    const page = await browser.newPage();
    await page.evaluateOnNewDocument(uiProbe); // Chromium
    const url = b.extBase + rel;
    page.goto(url, { timeout: 10000 }).catch(() => {}); // never resolves over BiDi for moz-extension://
    for (let i = 0; i < 2000; i++) {
      if ((await page.evaluate(uiProbe).catch(() => '')) === url) break; // Firefox: install it now
      await sleep(5);
    }
    const t0 = Date.now();
    let r = null;
    const wantCounts = rel.includes('total=');
    while (Date.now() - t0 < timeoutMs) {
      r = await page.evaluate(() => window.__benchUI ?? null);
      if (r && r.drawn != null && (!wantCounts || r.counts != null)) break;
      await sleep(50);
    }
    await page.close();
    return r;
  };

  // tabId finds the tab the background has a report from for url.
  b.tabId = async (url) => {
    for (let i = 0; i < 200; i++) {
      const id = await b.call(async (u) => {
        const all = await (globalThis.browser ?? chrome).storage.session.get(null);
        for (const [k, v] of Object.entries(all)) if (k.startsWith('tab:') && v.url === u) return Number(k.slice(4));
        return -1;
      }, url);
      if (id >= 0) return id;
      await sleep(50);
    }
    return -1;
  };

  // stopBackground stops the extension's background. Chromium: CDP
  // ServiceWorker.stopAllWorkers, then Target.closeTarget if its target
  // is still there. Firefox: nothing stops an event page from outside over
  // BiDi; with the idleMs pref set at launch we wait for its suspension.
  b.stopBackground = async () => {
    if (kind === 'firefox') {
      if (!opts.idleMs) return null;
      if (b.ext) { await b.ext.close(); b.ext = null; } // an open extension page could keep it awake
      await sleep(opts.idleMs + 2000);
      return `extensions.background.idle.timeout=${opts.idleMs} ms, waited ${opts.idleMs + 2000} ms`;
    }
    const swGone = () => !browser.targets().some((t) => t.type() === 'service_worker' && t.url().startsWith(b.extBase));
    const cdp = await browser.target().createCDPSession();
    let how = 'ServiceWorker.stopAllWorkers';
    try {
      const page = await browser.newPage();
      const s = await page.createCDPSession();
      await s.send('ServiceWorker.enable');
      await s.send('ServiceWorker.stopAllWorkers');
      await page.close();
    } catch (e) { how = `stopAllWorkers failed (${e.message})`; }
    for (let i = 0; i < 40 && !swGone(); i++) await sleep(50);
    if (!swGone()) {
      const t = browser.targets().find((t) => t.type() === 'service_worker' && t.url().startsWith(b.extBase));
      await cdp.send('Target.closeTarget', { targetId: t._targetId }).catch(() => {});
      for (let i = 0; i < 40 && !swGone(); i++) await sleep(50);
      how = 'Target.closeTarget';
    }
    await cdp.detach();
    return swGone() ? how : `${how}: service worker still running`;
  };

  // uss: the private memory (USS: Private_Clean + Private_Dirty in
  // /proc/PID/smaps_rollup) of each process of this browser, by pid. V8's
  // own counters (CDP Runtime.getHeapUsage) leave out wasm memory, and a
  // tab's renderer cannot be named reliably (Chromium keeps a spare one,
  // Firefox shares one per site), so a tab's cost is measured on all of
  // them: grown(before, after). The browser's main process is left out:
  // it hosts no page and no extension code, and its heap swings by
  // 100 MB with its own garbage collection (Firefox).
  b.uss = () => {
    const pid = browser.process()?.pid;
    const kids = new Map();
    for (const d of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const ppid = Number(fs.readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
        if (!kids.has(ppid)) kids.set(ppid, []);
        kids.get(ppid).push(Number(d));
      } catch { /* gone */ }
    }
    const out = new Map();
    for (const todo = [pid]; todo.length;) {
      const p = todo.pop();
      todo.push(...(kids.get(p) ?? []));
      try {
        const r = fs.readFileSync(`/proc/${p}/smaps_rollup`, 'utf8');
        let n = 0;
        for (const m of r.matchAll(/^Private_(?:Clean|Dirty):\s+(\d+) kB/gm)) n += Number(m[1]) * 1024;
        if (p !== pid) out.set(p, n);
      } catch { /* gone or a zombie */ }
    }
    return out;
  };

  b.close = async () => {
    const proc = browser.process();
    await browser.close().catch(() => {});
    if (proc && proc.exitCode === null) proc.kill('SIGKILL'); // by its own pid only
  };
  return b;
}
