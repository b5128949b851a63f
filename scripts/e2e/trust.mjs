// Issue #11 in Firefox ESR (the Chromium side is wasm/e2e/trust_test.go):
// a page's forged input, extension URLs in the page's reach, badge counts
// with frames and removals, overlapping rescans, malformed messages, the
// engine's last good packs, pack colours, and the keyboard paths.
//
//   node scripts/e2e/trust.mjs      (after scripts/build)
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import puppeteer from 'puppeteer-core';
import { root, example, serve, expected, lines, readSeen, diff } from './pages.mjs';

const GECKO_ID = JSON.parse(fs.readFileSync(path.join(root, 'manifest.json'))).browser_specific_settings.gecko.id;
const UUID = '5e4c1b7a-0d2f-4c3e-9a8b-7f6e5d4c3b2a'; // fixed moz-extension:// host, set by pref

let failed = 0;
const ok = (cond, name, detail = '') => {
  console.log(`${cond ? 'ok  ' : 'FAIL'} firefox: ${name}${cond || !detail ? '' : `\n     ${detail}`}`);
  if (!cond) failed++;
};
const run = (name) => !process.env.ONLY || process.env.ONLY.split(',').includes(name); // ONLY=forge,colour runs those
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// What tests/pages a test serves beyond pages.mjs: the example body 60 times
// (a snapshot past the engine's 64 KB slice), as wasm/e2e serves it.
const big = (() => {
  const s = fs.readFileSync(example, 'utf8');
  const i = s.indexOf('<body>');
  const j = s.indexOf('</body>');
  return s.slice(0, j) + s.slice(i + 6, j).repeat(59) + s.slice(j);
})();
const bigFile = path.join(root, 'build/e2e/big.html');
fs.mkdirSync(path.dirname(bigFile), { recursive: true });
fs.writeFileSync(bigFile, big);

const srv = await serve({ '/big': Buffer.from(big) });
const browser = await puppeteer.launch({
  browser: 'firefox',
  executablePath: '/usr/bin/firefox-esr',
  headless: true,
  defaultViewport: { width: 1100, height: 900 },
  extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: UUID }) },
  args: ['--remote-allow-system-access'],
});

const green = `{"id": "rumours", "name": "Rumours", "version": "1.0.0", "category": "rumour",
  "colour": "#00aa00", "description": "Test pack.", "rules": [{"id": "bridge", "type": "phrase",
  "phrases": ["harbor bridge repairs"], "explanation": "A test.",
  "examples": {"match": ["The harbor bridge repairs ran late."], "no_match": ["The bridge."]}}]}`;
const partners = `{"id": "partners", "name": "Partner boxes", "version": "1.0.0", "category": "promotional",
  "colour": "#aa00aa", "description": "Test pack.", "rules": [{"id": "partner-slot", "type": "block",
  "selectors": ["[data-slot=partner]"], "explanation": "A partner's box.",
  "examples": {"match": ["<div data-slot=\\"partner\\"><p>Shop now.</p></div>"], "no_match": ["<div><p>Shop now.</p></div>"]}}]}`;

// pageURLs: the extension URLs a page's own script can find.
function pageURLs() {
  let s = document.documentElement.outerHTML;
  const walk = (r) => { for (const el of r.querySelectorAll('*')) if (el.shadowRoot) { s += el.shadowRoot.innerHTML; walk(el.shadowRoot); } };
  walk(document);
  for (const sheet of [...document.styleSheets, ...document.adoptedStyleSheets]) {
    try { for (const r of sheet.cssRules) s += r.cssText; } catch { s += sheet.href ?? ''; }
  }
  for (const e of performance.getEntries()) s += ` ${e.name}`;
  return s.match(/(chrome|moz)-extension:\/\/[^\s"')]*/g) ?? [];
}

try {
  await browser.installExtension(root);
  const ext = await browser.newPage();
  const extURL = `moz-extension://${UUID}/extension/options/options.html`;
  ext.goto(extURL, { timeout: 3000 }).catch(() => {});
  for (let i = 0; i < 100 && (await ext.evaluate(() => location.href).catch(() => '')) !== extURL; i++) await sleep(50);
  for (let i = 0; i < 100 && !(await ext.evaluate(() => !!globalThis.sourcelightCompiler).catch(() => false)); i++) await sleep(50);
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
  async function open(url) {
    const page = await browser.newPage();
    await page.goto(url);
    const id = await tabId(url);
    for (let i = 0; i < 400; i++) {
      const s = await state(id);
      if (s?.timings?.painted) break;
      await sleep(50);
    }
    return { page, id };
  }
  const seen = (page) => page.evaluate(readSeen).then(lines);
  const badge = (id) => call((t) => browser.action.getBadgeText({ tabId: t }), id);
  // settledBadge waits (up to 30 s: this machine is shared) for the badge to
  // read want and hold it 3 s; it returns what it read last.
  async function settledBadge(id, want) {
    let last = '';
    let since = Date.now();
    for (const start = Date.now(); Date.now() - start < 30000; await sleep(100)) {
      const v = await badge(id);
      if (v !== last) { last = v; since = Date.now(); }
      if (last === want && Date.now() - since > 3000) break;
    }
    return last;
  }
  // settled waits (up to 30 s) for the page to show want and hold it 2 s.
  async function settled(page, want) {
    let last = [];
    let since = Date.now();
    for (const start = Date.now(); Date.now() - start < 30000; await sleep(100)) {
      const got = await seen(page);
      if (diff(last, got).length) { last = got; since = Date.now(); }
      if (!diff(want, last).length && Date.now() - since > 2000) break;
    }
    return last;
  }
  async function eventually(page, pred) {
    let got = [];
    for (let i = 0; i < 100; i++) {
      got = await seen(page);
      if (pred(got)) break;
      await sleep(50);
    }
    return got;
  }
  // saveRules stores packs as the options page does, compiled by its Go.
  const saveRules = (texts) => call(async (files) => {
    if (!files.length) return browser.storage.local.set({ rules: { files: [], disabled: [] }, compiled: null });
    const rules = { files, disabled: [] };
    const c = JSON.parse(globalThis.sourcelightCompiler.compile(JSON.stringify(rules)));
    return browser.storage.local.set({ rules, compiled: { format: c.format, data: c.data } });
  }, texts.map(([name, text]) => ({ name, text })));

  if (run('forge')) {
    const { page, id } = await open(`${srv.base}/example?forge`);
    const forged = await page.evaluate(async () => {
      const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      let n;
      while ((n = w.nextNode()) && !n.data.includes('denied reports'));
      const at = n.data.indexOf('denied reports');
      const r = document.createRange(); r.setStart(n, at + 2); r.setEnd(n, at + 3);
      n.parentElement.scrollIntoView({ block: 'center' });
      await new Promise((done) => setTimeout(done, 100));
      const box = r.getBoundingClientRect();
      const x = box.x + 1; const y = box.y + box.height / 2;
      for (let k = 0; k < 5; k++) {
        document.elementFromPoint(x, y).dispatchEvent(new MouseEvent('mousemove', { clientX: x, clientY: y, bubbles: true }));
        await new Promise((done) => setTimeout(done, 120));
      }
      const sr = document.querySelector('sourcelight-ui')?.shadowRoot;
      const button = sr?.querySelector('.ignore');
      button?.click();
      return { reachable: !!sr, clicked: !!button };
    });
    const opened = (await state(id))?.card?.text ?? '';
    await sleep(1500);
    const ignored = await call(() => browser.storage.local.get('ignored').then((s) => JSON.stringify(s.ignored ?? {})));
    const d = diff(expected(example), await seen(page));
    ok(ignored === '{}' && !forged.reachable && !opened && !d.length, "a page's forged mousemove and click cannot ignore a rule",
      `ignored ${ignored}, card opened by the forged mousemove: ${!!opened}, shadow root reachable ${forged.reachable}, clicked ${forged.clicked}; ${d.join(' ')}`);
    await call(() => browser.storage.local.set({ ignored: {} }));
    const leaks = await page.evaluate(pageURLs);
    ok(!leaks.length, 'nothing the page can read names an extension URL', leaks.join(' '));
    await page.close();
  }

  if (run('frames')) {
    const { page, id } = await open(`${srv.base}/frames8`);
    const got = [await settledBadge(id, '8')];
    for (let i = 0; i < 4; i++) {
      await page.reload();
      got.push(await settledBadge(id, '8'));
    }
    ok(got.every((b) => b === '8'), 'badge counts 8 framed hints on each of 5 loads', `badges: ${got.join(' ')}`);
    await page.close();
  }

  if (run('remove')) {
    const { page, id } = await open(`${srv.base}/remove`);
    const before = await settledBadge(id, '2');
    await page.evaluate(() => document.getElementById('goes').remove());
    const after = await settledBadge(id, '1');
    const st = await state(id);
    const shown = await seen(page);
    ok(before === '2' && after === '1' && !st.counts.denial && !diff(['inline|anonymous-source|reportedly'], shown).length,
      "a removed paragraph's hint leaves the counts and the badge", `badge ${before} → ${after}, counts ${JSON.stringify(st.counts)}, shown ${shown}`);
    await page.close();
  }

  if (run('overlap')) {
    const want = expected(bigFile);
    const { page, id } = await open(`${srv.base}/big?overlap`);
    await call(() => {
      browser.storage.local.set({ ignored: { '127.0.0.1': ['denial/denied-claim'] } });
      browser.storage.local.set({ ignored: { '127.0.0.1': ['anonymous-source/reportedly'] } });
      browser.storage.local.set({ ignored: { '127.0.0.1': ['denial/denied-claim'] } });
      return browser.storage.local.set({ ignored: {} });
    });
    const got = await settled(page, want);
    const b = await settledBadge(id, String(want.length));
    const d = diff(want, got);
    ok(!d.length && b === String(want.length), 'overlapping rescans paint each hint once, from the latest settings',
      `badge ${b}, want ${want.length}; ${d.slice(0, 10).join(' ')}`);
    await call(() => browser.storage.local.set({ ignored: {} }));
    await page.close();
  }

  if (run('attrs')) {
    const { page } = await open(`${srv.base}/attrs`);
    await saveRules([['partners.json', partners]]);
    const got = await eventually(page, (g) => g.length > 0);
    ok(!diff(['block|promotional|Visitourpartnershopforharbourkayaks.'], got).length, 'attributes newly saved block rules select are surveyed', got.join(' '));
    await saveRules([]);
    await page.close();
  }

  if (run('messages')) {
    const got = await call(async () => {
      const me = (await browser.tabs.getCurrent()).id;
      await browser.storage.session.remove(`tab:${me}`); // what an earlier page left: only these messages count
      const send = (m) => browser.runtime.sendMessage(m).then((r) => r ?? null, (e) => ({ error: String(e) }));
      const typed = await send({ type: 'report', state: { host: 7, total: 'many', hints: 'x' } });
      const many = await send({ type: 'report', state: { host: 'a.example', url: 'http://a.example/', top: true, enabled: true,
        shown: true, total: 1e9, counts: {}, hints: Array.from({ length: 5000 }, (_, i) => ({ i, category: 'x', text: 'y' })) } });
      const bigScan = await send({ type: 'scan', rules: 'x', skip: [], snapshot: `{"lang":"","root":["body",{},"${'a'.repeat(9 << 20)}"]}` });
      const stored = (await browser.storage.session.get(`tab:${me}`))[`tab:${me}`] ?? null;
      return { typed, many, bigScan, stored: !!stored };
    });
    ok(got.typed?.error && got.many?.error && got.bigScan?.error && !got.stored, 'the background refuses malformed messages', JSON.stringify(got).slice(0, 300));
  }

  if (run('lastgood')) {
    const { page, id } = await open(`${srv.base}/example?lastgood`);
    const hint = 'inline|denial|Harborbridgerepairs';
    await saveRules([['harbour.json', green.replace('"rumour"', '"denial"').replace('"rumours"', '"harbour"')]]);
    const first = await eventually(page, (g) => g.includes(hint));
    await call(() => browser.storage.local.get('compiled').then(({ compiled }) =>
      browser.storage.local.set({ compiled: { format: compiled.format, data: btoa('not a compiled pack') } })));
    let st = null;
    for (let i = 0; i < 60 && !st?.error; i++) { st = await state(id); await sleep(50); }
    await sleep(500);
    const after = await seen(page);
    ok(first.includes(hint) && after.includes(hint) && /your packs/.test(st?.error ?? ''), 'the engine keeps the last good packs when a load fails',
      `before ${first.includes(hint)}, after ${after.includes(hint)}, error ${st?.error}`);
    await saveRules([]);
    await page.close();
  }

  if (run('colour')) {
    const { page } = await open(`${srv.base}/example?colour`);
    await saveRules([['rumours.json', green]]);
    const got = await eventually(page, (g) => g.includes('inline|rumour|Harborbridgerepairs'));
    const box = await page.evaluate(async () => {
      const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      let n;
      while ((n = w.nextNode()) && !/harbor bridge repairs/i.test(n.data));
      const at = n.data.search(/harbor bridge repairs/i);
      const r = document.createRange(); r.setStart(n, at); r.setEnd(n, at + 21);
      n.parentElement.scrollIntoView({ block: 'center' });
      await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
      const b = r.getBoundingClientRect();
      return { x: b.x + scrollX, y: b.y + scrollY, width: b.width, height: b.height };
    });
    const png = await page.screenshot({ clip: box });
    const px = decodePNG(Buffer.from(png));
    let g = 0;
    for (let i = 0; i < px.data.length; i += px.channels) if (px.data[i + 1] > px.data[i] + 30 && px.data[i + 1] > px.data[i + 2] + 30) g++;
    const all = px.width * px.height;
    ok(got.includes('inline|rumour|Harborbridgerepairs') && g * 4 >= all, "a pack's colour paints its hints, any category", `${g} of ${all} pixels green; ${got.length} hints`);
    await saveRules([]);
    await page.close();
  }

  if (run('keyboard')) {
    const { page, id } = await open(`${srv.base}/example?keyboard`);
    await page.evaluate(() => document.querySelector('a[href]').focus());
    await call((t) => browser.tabs.sendMessage(t, { type: 'next' }, { frameId: 0 }), id);
    let card = null;
    for (let i = 0; i < 60 && !card?.focus; i++) { card = (await state(id))?.card; await sleep(50); }
    await page.keyboard.press('Escape');
    let back = '';
    for (let i = 0; i < 40 && back !== 'link'; i++) {
      back = await page.evaluate(() => (document.activeElement === document.querySelector('a[href]') ? 'link' : document.activeElement?.localName));
      await sleep(50);
    }
    ok(card?.focus?.startsWith('button.close') && back === 'link', 'a card opened from the keyboard focuses Close; Esc returns focus',
      `focus in card: ${card?.focus}; after Esc: ${back}`);

    // a block label reached by Tab keeps focus when the window resizes
    let focus = null;
    for (let i = 0; i < 80 && !focus?.startsWith('button.label'); i++) {
      await page.keyboard.press('Tab');
      focus = (await state(id))?.focus;
    }
    const labelAt = async () => String((await state(id))?.labelAt);
    const at = await labelAt();
    await page.setViewport({ width: 800, height: 700 });
    for (let i = 0; i < 60 && (await labelAt()) === at; i++) await sleep(50);
    const moved = (await labelAt()) !== at; // else the relayout never ran and this proves nothing
    const after = (await state(id))?.focus;
    ok(focus?.startsWith('button.label') && moved && after === focus, 'a focused block label keeps focus when the window resizes',
      `before ${focus}, after ${after}, labels moved: ${moved}`);
    await page.close();
  }

  if (run('popup')) {
    const { page, id } = await open(`${srv.base}/example?popup`);
    const pop = await browser.newPage();
    const url = `moz-extension://${UUID}/extension/popup/popup.html?tab=${id}`;
    pop.goto(url, { timeout: 3000 }).catch(() => {});
    for (let i = 0; i < 100 && !(await pop.evaluate(() => document.querySelectorAll('button.hint').length).catch(() => 0)); i++) await sleep(50);
    const live = await pop.evaluate(() => [...document.querySelectorAll('[aria-live]:not([aria-live=off]), [role=status], [role=log], [role=alert]')].map((e) => e.id));
    const results = [];
    for (const want of [false, true]) {
      await pop.evaluate(() => [...document.querySelectorAll('input[role=switch]')].find((i) => i.closest('label').textContent.includes('everywhere')).focus());
      await pop.keyboard.press(' ');
      for (let i = 0; i < 60 && (await call(() => browser.storage.local.get('enabled').then((s) => s.enabled))) !== want; i++) await sleep(50);
      await sleep(400);
      results.push(await pop.evaluate(() => document.activeElement?.closest?.('label')?.textContent ?? document.activeElement?.localName));
    }
    ok(results.every((r) => r.includes('everywhere')) && live.join() === 'status', 'popup: focus stays on a toggled switch; one small live region',
      `focus after toggles: ${results.join(' | ')}; live regions: ${live.join()}`);
    await call(() => browser.storage.local.set({ enabled: true }));
    await pop.close();
    await page.close();
  }
  // The options page keeps focus on a switch toggled from the keyboard (it
  // redraws on every storage change): a pack's switch, and a rule's switch
  // in a list the reader opened, which used to close under it when the
  // last rule that was off came back on (wasm/ui/options.go rulesOpen).
  if (run('options-focus')) {
    const opt = await browser.newPage();
    opt.goto(extURL, { timeout: 3000 }).catch(() => {});
    for (let i = 0; i < 200 && !(await opt.evaluate(() => document.querySelectorAll('details.rules input[role=switch]').length).catch(() => 0)); i++) await sleep(50);
    const focused = () => opt.evaluate(() => document.activeElement?.closest?.('label')?.textContent ?? document.activeElement?.localName);
    for (const [name, focus] of [
      ["a pack's switch", () => [...document.querySelectorAll('input[role=switch]')].find((i) => !i.closest('details')).focus()],
      ["a rule's switch in a list opened by the reader", () => { const d = document.querySelector('details.rules'); d.open = true; d.querySelector('input[role=switch]').focus(); }],
    ]) {
      await opt.evaluate(focus);
      const before = (await focused()).replace(/: (on|off)$/, '');
      const after = [];
      for (let i = 0; i < 2; i++) { // off, then on again
        await opt.keyboard.press(' ');
        await sleep(800); // the storage write and the redraw
        after.push(await focused());
      }
      ok(before !== 'body' && before.length > 5 && after.every((a) => a.startsWith(before)), `options page: focus stays on ${name} toggled twice`,
        `focused ${before}; after the toggles: ${after.join(' | ')}`);
    }
    await call(() => browser.storage.local.set({ rules: { files: [], disabled: [] }, compiled: null, rulesOff: [] }));
    await opt.close();
  }
} catch (e) {
  ok(false, 'test run', e.stack);
} finally {
  await browser.close();
  srv.close();
}
process.exit(failed ? 1 : 0);

// decodePNG reads an 8-bit RGB or RGBA PNG (what the browser's screenshot is).
function decodePNG(buf) {
  let pos = 8;
  let width = 0; let height = 0; let channels = 4;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const body = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0); height = body.readUInt32BE(4);
      channels = { 2: 3, 6: 4 }[body[9]];
    } else if (type === 'IDAT') idat.push(body);
    pos += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const data = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x];
      const a = x >= channels ? data[y * stride + x - channels] : 0;
      const b = y > 0 ? data[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? data[(y - 1) * stride + x - channels] : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a); const pb = Math.abs(p - b); const pc = Math.abs(p - c);
      const pred = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][f];
      data[y * stride + x] = (v + pred) & 255;
    }
  }
  return { width, height, channels, data };
}
