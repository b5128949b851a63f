// Firefox ESR with the unpacked extension installed as a temporary add-on,
// driven over WebDriver BiDi by puppeteer-core: the same checks as the
// Chromium test (wasm/e2e), against `sourcelight scan --format json`.
//
//   node scripts/e2e/firefox.mjs [--timings]     (after scripts/build)
import fs from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { root, example, seed, hasSeed, serve, expected, lines, readSeen, diff, median } from './pages.mjs';

const GECKO_ID = JSON.parse(fs.readFileSync(path.join(root, 'manifest.json'))).browser_specific_settings.gecko.id;
const UUID = '5e4c1b7a-0d2f-4c3e-9a8b-7f6e5d4c3b2a'; // fixed moz-extension:// host, set by pref
const timings = process.argv.includes('--timings');

let failed = 0;
const ok = (cond, name, detail = '') => {
  console.log(`${cond ? 'ok  ' : 'FAIL'} firefox: ${name}${cond || !detail ? '' : `\n     ${detail}`}`);
  if (!cond) failed++;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const srv = await serve();
const browser = await puppeteer.launch({
  browser: 'firefox',
  executablePath: '/usr/bin/firefox-esr',
  headless: true,
  defaultViewport: { width: 1100, height: 900 },
  extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: UUID }) },
  args: ['--remote-allow-system-access'], // lets a tab show moz-extension:// pages
});
try {
  const id = await browser.installExtension(root);
  ok(id === GECKO_ID, `installed as a temporary add-on (${id})`);

  // An extension page of ours, for browser.* calls. goto never resolves for
  // moz-extension:// over BiDi: start it, then wait for the URL.
  const ext = await browser.newPage();
  const extURL = `moz-extension://${UUID}/extension/options/options.html`;
  ext.goto(extURL, { timeout: 3000 }).catch(() => {});
  for (let i = 0; i < 100 && (await ext.evaluate(() => location.href).catch(() => '')) !== extURL; i++) await sleep(50);
  const call = (fn, ...args) => ext.evaluate(fn, ...args);

  async function tabId(url) {
    for (let i = 0; i < 300; i++) {
      const id = await call(async (u) => {
        const all = await browser.storage.session.get(null);
        for (const [k, v] of Object.entries(all)) if (k.startsWith('tab:') && v.url === u) return Number(k.slice(4));
        return -1;
      }, url);
      if (id >= 0) return id;
      await sleep(50);
    }
    throw new Error(`no report from ${url}`);
  }
  const state = (id) => call((t) => browser.tabs.sendMessage(t, { type: 'state' }, { frameId: 0 }).catch(() => null), id);
  async function painted(id) {
    for (let i = 0; i < 400; i++) {
      const s = await state(id);
      if (s?.error) throw new Error(s.error);
      if (s?.timings?.painted) return s;
      await sleep(50);
    }
    throw new Error('no hints painted within 20 s');
  }
  async function open(url) {
    const page = await browser.newPage();
    await page.goto(url);
    const id = await tabId(url);
    return { page, id, st: await painted(id) };
  }
  const seen = (page) => page.evaluate(readSeen).then(lines);
  async function eventually(page, pred) {
    let got = [];
    for (let i = 0; i < 100; i++) {
      got = await seen(page);
      if (pred(got)) break;
      await sleep(50);
    }
    return got;
  }

  // the seed article: checked when ../shared is there; missing from it is a failure
  if (!hasSeed) {
    const shared = fs.existsSync(path.dirname(path.dirname(seed)));
    ok(!shared, `seed page: ${shared ? `../shared is present but ${seed} is not` : 'not checked (../shared is absent)'}`);
  }
  const pages = [['/example', example], ...(hasSeed ? [['/seed', seed]] : [])];
  for (const [p, file] of pages) {
    const { page, id, st } = await open(srv.base + p);
    ok(st.path === 'content', `${p}: engine ran in the page, the default (${st.path} ${st.fallbackReason ?? ''})`);
    ok(st.memory >= 4 << 20 && st.memory <= 256 << 20, `${p}: the engine's memory is reported (${(st.memory / 2 ** 20).toFixed(1)} MB)`);
    const want = expected(file);
    const d = diff(want, await seen(page));
    ok(!d.length, `${p}: highlights and blocks equal sourcelight scan (${want.length} hints)`, d.join('\n     '));
    const badge = await call((t) => browser.action.getBadgeText({ tabId: t }), id);
    ok(badge === String(want.length), `${p}: badge shows ${want.length}`, `badge = ${badge}`);
    if (p === '/seed') {
      fs.mkdirSync(path.join(root, 'build/e2e'), { recursive: true });
      await page.screenshot({ path: path.join(root, 'build/e2e/firefox-seed.png'), fullPage: true });
      console.log('     screenshot: build/e2e/firefox-seed.png');
    }
    await page.close();
  }

  {
    const { page, st } = await open(`${srv.base}/slow-example`);
    const d = diff(expected(example), await seen(page)); // the made-up page's hints never reach this one
    ok(st.timings.warmMs > 0 && !d.length, `a page delivered slowly: the engine warms up while it loads, same hints (${JSON.stringify(st.timings)})`, d.join('\n     '));
    await page.close();
  }

  {
    // a long page: its first hints are shown while the rest is scanned
    // (the page's own animation frames count the highlighted ranges)
    const page = await browser.newPage();
    await page.evaluateOnNewDocument(() => {
      window.__counts = [];
      const tick = () => {
        let n = 0;
        for (const [k, h] of CSS.highlights) if (k.startsWith('sourcelight-') && !k.startsWith('sourcelight-pack-')) n += h.size;
        if (n !== window.__counts.at(-1)) window.__counts.push(n);
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const url = `${srv.base}/long`;
    await page.goto(url);
    const st = await painted(await tabId(url));
    const counts = await page.evaluate(() => window.__counts);
    const partial = counts.some((n) => n > 0 && n < counts.at(-1));
    ok(partial && st.timings.firstPaint > 0 && st.timings.firstPaint < st.timings.painted,
      `a long page shows its first hints while the rest is scanned (ranges seen frame by frame: ${counts.join(' ')})`, JSON.stringify(st.timings));
    await page.close();
  }

  {
    await call(() => browser.storage.local.set({ engine: 'background' }));
    const { page, st } = await open(`${srv.base}/example?background-engine`);
    const d = diff(expected(example), await seen(page));
    ok(st.path === 'background' && !d.length, `engine in the background: same hints (engine: ${st.path})`, d.join('\n     '));
    await call(() => browser.storage.local.set({ engine: 'page' }));
    await page.close();
  }

  {
    const { page } = await open(`${srv.base}/example-copy`);
    const same = await page.evaluate(async () => {
      const html = await (await fetch(location.href)).text();
      const orig = new DOMParser().parseFromString(html, 'text/html');
      return orig.body.textContent === document.body.textContent && orig.body.innerHTML.length > 1000;
    });
    ok(same, 'page DOM text unchanged');
    await page.close();
  }

  {
    const { page, id } = await open(`${srv.base}/example?page`);
    const before = await seen(page);
    await call((t) => browser.tabs.sendMessage(t, { type: 'toggle-page', on: false }), id);
    const off = await seen(page);
    await call((t) => browser.tabs.sendMessage(t, { type: 'toggle-page', on: true }), id);
    const on = await seen(page);
    ok(off.length === 0 && !diff(before, on).length, 'page switch removes and restores every hint', `off: ${off.length}, back: ${diff(before, on)}`);
    await page.close();
  }

  {
    const { page, id } = await open(`${srv.base}/example?site`);
    await call(() => browser.storage.local.set({ sites: { '127.0.0.1': false } }));
    const off = await eventually(page, (g) => g.length === 0);
    await page.reload();
    await sleep(1500);
    const afterReload = await seen(page);
    const answered = await call((t) => browser.tabs.sendMessage(t, { type: 'state' }, { frameId: 0 }).then(() => true, () => false), id);
    ok(off.length === 0 && afterReload.length === 0 && !answered, 'site switch removes hints and survives a reload, engine not loaded',
      `before reload ${off.length}, after ${afterReload.length}, page code answered: ${answered}`);
    await call(() => browser.storage.local.set({ sites: {} }));
    await page.close();
  }

  {
    const { page, st } = await open(`${srv.base}/strict`);
    const d = diff(expected(example), await seen(page));
    ok(!d.length, `strict CSP page gets its hints (engine: ${st.path})`, d.join('\n     '));
    await page.close();
  }

  {
    const { page } = await open(`${srv.base}/dynamic`);
    const got = await eventually(page, (g) => g.includes('inline|anonymous-source|reportedly'));
    ok(got.includes('inline|anonymous-source|reportedly') && got.includes('inline|anonymous-source|Twoseniorofficialssaid'),
      'content added after load is highlighted', got.join(' '));
    await page.close();
  }

  if (timings) {
    // navigation start to highlights on screen, as the content script measures it
    const base = hasSeed ? '/seed' : '/example';
    for (const p of [base, '/strict', `${base}-page-engine`]) {
      await call((mode) => browser.storage.local.set({ engine: mode }), p.endsWith('page-engine') ? 'page' : 'background');
      const ms = [];
      let where = '';
      for (let i = 0; i < 10; i++) {
        const { page, st } = await open(`${srv.base}${p}?t${i}`);
        ms.push(st.timings.painted);
        if (i === 0) console.log('     timings', JSON.stringify(st.timings), st.path);
        where = st.path;
        await page.close();
      }
      console.log(`timing firefox ${p}: median ${median(ms).toFixed(0)} ms from navigation to highlights (engine in ${where}; runs ${ms.map((m) => m.toFixed(0)).join(' ')})`);
    }
  }
} catch (e) {
  ok(false, 'test run', e.stack);
} finally {
  await browser.close();
  srv.close();
}
process.exit(failed ? 1 : 0);
