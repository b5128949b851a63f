// Both browsers with the unpacked extension, driven by puppeteer-core
// (CDP over a pipe for Chromium, WebDriver BiDi for Firefox ESR), behind one
// small interface the sweep and the start-up tests share:
//
//   const b = await launch('chromium' | 'firefox', { extension: true, startURL, userDataDir })
//   await b.call(fn, ...args)     runs fn in an extension page (full browser.* API)
//   await b.state(tabId)          the top frame's content-script state ({type: 'state'})
//   await b.contentTabs()         ids of the tabs that are not ours
//   b.extErrors                   console errors from the extension's own contexts
//   await b.close()
//
// Remote requests are refused: every browser gets a proxy that answers
// nothing (127.0.0.1:9), loopback excepted, so pages load only what the
// test server on 127.0.0.1 serves.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

export const root = path.resolve(import.meta.dirname, '../..');
export const CHROMIUM = '/usr/lib/chromium/chromium'; // /usr/bin/chromium is a wrapper that adds --load-extension=
export const FIREFOX = '/usr/bin/firefox-esr';
const GECKO_ID = JSON.parse(fs.readFileSync(path.join(root, 'manifest.json'))).browser_specific_settings.gecko.id;
export const FIREFOX_UUID = '5e4c1b7a-0d2f-4c3e-9a8b-7f6e5d4c3b2a'; // fixed moz-extension:// host, set by pref
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// extension: true (loaded at start), false (none), 'later' (b.install(dir) while pages are open),
// 'profile' (Firefox: the packaged xpi installed in the profile, so it survives restarts, as a
// reader's add-on does; Chromium: loaded at start as with true).
export async function launch(kind, { extension = true, startURL = null, userDataDir = null, dir = root, xpi = null } = {}) {
  const profile = userDataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), `sourcelight-${kind}-`));
  const b = kind === 'chromium' ? await chromium(extension, startURL, profile, dir) : await firefox(extension, startURL, profile, dir, xpi);
  b.kind = kind;
  b.profile = profile;
  const close = b.browser.close.bind(b.browser);
  b.close = async () => {
    await Promise.race([close().catch(() => {}), sleep(10000)]);
    try { b.browser.process()?.kill('SIGKILL'); } catch {}
    if (!userDataDir) fs.rmSync(profile, { recursive: true, force: true });
  };
  return b;
}

async function chromium(extension, startURL, profile, dir) {
  const args = [
    '--no-sandbox', '--disable-gpu', '--no-first-run', '--no-default-browser-check',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
    '--proxy-server=http://127.0.0.1:9', '--window-size=1100,900',
  ];
  if (extension === true || extension === 'profile') args.push(`--load-extension=${dir}`, `--disable-extensions-except=${dir}`);
  if (startURL) args.push(startURL);
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM, headless: true, pipe: true, userDataDir: profile,
    enableExtensions: !!extension, args, defaultViewport: { width: 1100, height: 900 },
    ignoreDefaultArgs: ['--disable-extensions'], protocolTimeout: 60000,
  });
  const b = { browser, extErrors: [], id: null, ext: null };
  // extension 'later': b.install(dir) loads it while pages are open (Extensions.loadUnpacked)
  b.install = async (d = dir) => { b.id = await browser.installExtension(d); await chromiumExt(b); return b.id; };
  b.reattach = () => chromiumExt(b); // after the extension reloaded
  if (extension !== true && extension !== 'profile') return b;
  await chromiumExt(b);
  return b;
}

async function chromiumExt(b) {
  const { browser } = b;
  // the service worker's URL names the extension's id
  const sw = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'), { timeout: 20000 });
  b.id = new URL(sw.url()).host;
  watchWorker(b, sw);
  browser.on('targetcreated', (t) => { if (t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${b.id}/`)) watchWorker(b, t); });
  b.extURL = (p) => `chrome-extension://${b.id}/${p}`;
  await extPage(b, 'chrome');
}

async function watchWorker(b, target) {
  try {
    const w = await target.worker();
    w?.on('console', (m) => { if (m.type() === 'error') b.extErrors.push(`background: ${m.text()}`); });
  } catch {}
}

async function firefox(extension, startURL, profile, dir, xpi) {
  const extra = {};
  if (extension === 'profile') {
    // an unsigned add-on in the profile: ESR honours xpinstall.signatures.required
    fs.mkdirSync(path.join(profile, 'extensions'), { recursive: true });
    fs.copyFileSync(xpi ?? path.join(root, 'dist/sourcelight-firefox.zip'), path.join(profile, 'extensions', `${GECKO_ID}.xpi`));
    Object.assign(extra, { 'xpinstall.signatures.required': false, 'extensions.autoDisableScopes': 0, 'extensions.enabledScopes': 15 });
  }
  const browser = await puppeteer.launch({
    browser: 'firefox', executablePath: FIREFOX, headless: true, userDataDir: profile,
    defaultViewport: { width: 1100, height: 900 }, protocolTimeout: 60000,
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_UUID }),
      'network.proxy.type': 1, 'network.proxy.http': '127.0.0.1', 'network.proxy.http_port': 9,
      'network.proxy.ssl': '127.0.0.1', 'network.proxy.ssl_port': 9, 'network.proxy.no_proxies_on': '127.0.0.1, localhost',
      'network.proxy.share_proxy_settings': true, ...extra,
    },
    args: ['--remote-allow-system-access', ...(startURL ? [startURL] : [])], // lets a tab show moz-extension:// pages
  });
  const b = { browser, extErrors: [], id: null, ext: null };
  b.extURL = (p) => `moz-extension://${FIREFOX_UUID}/${p}`;
  // installing again from the same folder is an update of the temporary add-on
  b.install = async (d = dir) => { b.id = await browser.installExtension(d); await extPage(b, 'browser'); return b.id; };
  b.reattach = () => extPage(b, 'browser');
  if (extension === 'profile') { await extPage(b, 'browser'); return b; } // installed in the profile (installXPI)
  if (extension !== true) return b;
  await b.install(dir);
  return b;
}

// extPage opens one of our pages in a tab of its own, for browser.* calls.
// goto never resolves for moz-extension:// over BiDi: start it, then wait.
export async function extPage(b, ns) {
  await b.ext?.close().catch(() => {});
  const page = await b.browser.newPage();
  const url = b.extURL('extension/options/options.html');
  page.goto(url, { timeout: 5000 }).catch(() => {});
  for (let i = 0; i < 200 && (await page.evaluate(() => !!(globalThis.browser ?? globalThis.chrome)?.tabs && location.href).catch(() => '')) !== url; i++) await sleep(50);
  b.ext = page;
  page.on('console', (m) => { if (m.type() === 'error') b.extErrors.push(`extension page: ${m.text()}`); });
  b.call = (fn, ...args) => page.evaluate(fn, ...args);
  b.ns = ns;
  b.ownTab = await b.call(() => (globalThis.browser ?? globalThis.chrome).tabs.getCurrent().then((t) => t.id));
  // web pages' tabs (their URLs are visible to us through the http/https host access)
  b.contentTabs = async () => (await b.call(() => (globalThis.browser ?? globalThis.chrome).tabs.query({}).then((ts) => ts.map((t) => [t.id, t.url ?? '']))))
    .filter(([id, url]) => id !== b.ownTab && /^https?:/.test(url)).map(([id]) => id);
  // the tab showing url (a page may open others: popups, window.open)
  b.tabFor = async (url) => (await b.call(() => (globalThis.browser ?? globalThis.chrome).tabs.query({}).then((ts) => ts.map((t) => [t.id, t.url ?? '']))))
    .find(([, u]) => u === url)?.[0] ?? (await b.contentTabs())[0];
  b.state = (tabId) => b.call((t) => (globalThis.browser ?? globalThis.chrome).tabs.sendMessage(t, { type: 'state' }, { frameId: 0 }).catch(() => null), tabId);
  // painted waits until the content script of tabId has painted or failed
  b.painted = async (tabId, ms = 20000) => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      const s = await b.state(tabId).catch(() => null);
      if (s && (s.timings?.painted || s.error)) return s;
      await sleep(25);
    }
    return null;
  };
}

// readSeen runs in the page's own world: what a page, a theme or a test sees.
export { readSeen, lines, diff, collapse, median } from './pages.mjs';
