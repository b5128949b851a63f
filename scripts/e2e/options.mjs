// The options page in Firefox ESR, as issue #8's "Done when" drives it (the
// same steps as wasm/e2e/options_test.go in Chromium): a mistake typed in
// the editor is marked on its line; fixed, previewed on an open tab's text,
// saved, its hint appears in that tab without a reload; one rule switched
// off takes its hints away; a copied built-in pack says which pack is in
// force; export then import gives the same state; a subscription to the
// feed of scripts/worker-dev brings its pack to a page; a broken update
// keeps the last good copy and shows the error. Screenshots, light and
// dark, in build/e2e/firefox-options-*.png and firefox-popup-*.png.
//
//   node scripts/e2e/options.mjs [--no-worker]     (after scripts/build)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { spawn } from 'node:child_process';
import puppeteer from 'puppeteer-core';
import { root, serve, lines, readSeen } from './pages.mjs';

const GECKO_ID = JSON.parse(fs.readFileSync(path.join(root, 'manifest.json'))).browser_specific_settings.gecko.id;
const UUID = '6f5d2c8b-1e3a-4d4f-8b9c-8a7f6e5d4c3b';
const withWorker = !process.argv.includes('--no-worker');

let failed = 0;
const ok = (cond, name, detail = '') => {
  console.log(`${cond ? 'ok  ' : 'FAIL'} firefox options: ${name}${cond || !detail ? '' : `\n     ${detail}`}`);
  if (!cond) failed++;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const editedPack = fs.readFileSync(path.join(root, 'wasm/e2e/options_test.go'), 'utf8')
  .match(/const editedPack = `([^`]*)`/)[1];
const pick = (name) => fs.readFileSync(path.join(root, 'wasm/e2e/options_test.go'), 'utf8')
  .match(new RegExp(`const ${name} = \`([^\`]*)\``))[1];
const teamPack = pick('teamPack');
const localPack = pick('localPack');

// The extension with host access to 127.0.0.1 granted at install: a headless
// browser cannot answer the prompt the options page raises on subscribing.
function extensionCopy() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sourcelight-ff-'));
  const m = JSON.parse(fs.readFileSync(path.join(root, 'manifest.json')));
  m.host_permissions = ['http://127.0.0.1/*'];
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(m, null, 2));
  fs.cpSync(path.join(root, 'extension'), path.join(dir, 'extension'), { recursive: true });
  return dir;
}

// A pack served with an ETag, broken on demand.
let broken = false;
const packSrv = http.createServer((req, res) => {
  if (req.url.startsWith('/packs/huge.json')) {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(`{"id": "huge", "pad": "${'x'.repeat(1 << 20)}"}`);
  }
  if (!req.url.startsWith('/packs/local-desk.json')) { res.writeHead(404); return res.end(); }
  const body = broken ? localPack.replace('"phrases": ["city auditor"]', '"phrases": ["city audit0r"]') : localPack;
  const etag = broken ? '"broken-2"' : '"good-1"';
  if (req.headers['if-none-match'] === etag) { res.writeHead(304); return res.end(); }
  res.writeHead(200, { 'content-type': 'application/json', etag });
  res.end(body);
});
await new Promise((r) => packSrv.listen(0, '127.0.0.1', r));
const packsBase = `http://127.0.0.1:${packSrv.address().port}`;

async function workerDev() {
  const port = await new Promise((r) => { const s = http.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => r(p)); }); });
  const state = fs.mkdtempSync(path.join(os.tmpdir(), 'sourcelight-worker-'));
  const child = spawn(path.join(root, 'scripts/worker-dev'), [String(port)], {
    env: { ...process.env, SOURCELIGHT_TOKEN: 'e2e-token', WORKER_STATE: state }, detached: true, stdio: 'ignore',
  });
  // wrangler sometimes ignores SIGTERM (scripts/test-worker saw it too):
  // give its process group 10 s, then kill it
  const alive = () => { try { process.kill(-child.pid, 0); return true; } catch { return false; } };
  const stop = async () => {
    try { process.kill(-child.pid, 'SIGTERM'); } catch { return; }
    for (let i = 0; i < 100 && alive(); i++) await sleep(100);
    if (alive()) { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }
  };
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const r = await fetch(`${base}/v1/packs`).catch(() => null);
    if (r?.ok) break;
    if (i > 1200) { await stop(); throw new Error('worker-dev did not answer in 120 s'); }
    await sleep(100);
  }
  const put = await fetch(`${base}/v1/packs/team-desk`, {
    method: 'PUT', body: teamPack, headers: { authorization: 'Bearer e2e-token', 'content-type': 'application/json' },
  });
  if (!put.ok) { await stop(); throw new Error(`PUT team pack: ${put.status}`); }
  return { base, stop };
}

const helpers = `
var wait = (ms) => new Promise(r => setTimeout(r, ms));
var until = async (f, ms = 20000) => { const end = Date.now() + ms; let v;
  while (Date.now() < end) { v = await f(); if (v) return v; await wait(50); } return v; };
var row = (id) => document.querySelector('tr[data-pack="' + id + '"]');
var btn = (scope, label) => [...(scope ?? document).querySelectorAll('button')].find(b => b.textContent === label);
`;

// darkShots starts a second Firefox whose pages prefer the dark scheme
// (over BiDi it cannot be emulated per page) and shoots the options page
// with one saved pack and the popup on the example article.
async function darkShots() {
  const dark = await puppeteer.launch({
    browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true,
    defaultViewport: { width: 1100, height: 900 },
    extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: UUID }),
      'layout.css.prefers-color-scheme.content-override': 0, 'ui.systemUsesDarkTheme': 1 },
    args: ['--remote-allow-system-access'],
  });
  try {
    await dark.installExtension(dir);
    const article = await dark.newPage();
    const url = `${srv.base}/example?dark`;
    await article.goto(url);
    const open = async (u) => {
      const p = await dark.newPage();
      p.goto(u, { timeout: 3000 }).catch(() => {});
      for (let i = 0; i < 100 && (await p.evaluate(() => location.href).catch(() => '')) !== u; i++) await sleep(50);
      return p;
    };
    const ext = await open(`moz-extension://${UUID}/extension/options/options.html`);
    const tab = await ext.evaluate(helpers + `(async () => { for (let i = 0; i < 300; i++) {
      const all = await browser.storage.session.get(null);
      for (const [k, v] of Object.entries(all)) if (k.startsWith('tab:') && v.url === ${JSON.stringify(url)} && v.frames?.['0']?.timings?.painted) return Number(k.slice(4));
      await wait(50); } return -1; })()`);
    await ext.evaluate(helpers + `(async () => {
      await until(() => !!document.querySelector('table.packs'), 20000);
      btn(document, 'New pack').click();
      await until(() => document.querySelector('.cm-editor'));
      await wait(600);
    })()`);
    await ext.screenshot({ path: path.join(root, 'build/e2e/firefox-options-dark.png'), fullPage: true });
    const pop = await open(`moz-extension://${UUID}/extension/popup/popup.html?tab=${tab}`);
    await pop.waitForSelector('button.hint', { timeout: 10000 }).catch(() => {});
    await (await pop.$('body')).screenshot({ path: path.join(root, 'build/e2e/firefox-popup-dark.png') });
    const bg = await ext.evaluate(() => getComputedStyle(document.body).backgroundColor);
    ok(bg === 'rgb(22, 25, 29)', 'dark scheme: the options page is dark', bg);
    console.log('     screenshots: build/e2e/firefox-options-dark.png, build/e2e/firefox-popup-dark.png');
  } finally {
    await dark.close();
  }
}

const srv = await serve();
const dir = extensionCopy();
const browser = await puppeteer.launch({
  browser: 'firefox',
  executablePath: '/usr/bin/firefox-esr',
  headless: true,
  defaultViewport: { width: 1100, height: 900 },
  extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: UUID }) },
  args: ['--remote-allow-system-access'],
});
let worker = null;
try {
  await browser.installExtension(dir);
  const article = await browser.newPage();
  await article.goto(`${srv.base}/example?options`);
  const ext = await browser.newPage();
  const optURL = `moz-extension://${UUID}/extension/options/options.html`;
  ext.goto(optURL, { timeout: 3000 }).catch(() => {});
  for (let i = 0; i < 100 && (await ext.evaluate(() => location.href).catch(() => '')) !== optURL; i++) await sleep(50);
  const opt = (js) => ext.evaluate(helpers + js);
  await opt(`until(() => !!document.querySelector('table.packs'), 20000)`);
  const tabID = await opt(`(async () => { for (let i = 0; i < 300; i++) {
      const all = await browser.storage.session.get(null);
      for (const [k, v] of Object.entries(all)) if (k.startsWith('tab:') && v.url === ${JSON.stringify(`${srv.base}/example?options`)}) return Number(k.slice(4));
      await wait(50); } return -1; })()`);
  const seen = () => article.evaluate(readSeen).then(lines);
  async function eventually(pred) {
    let got = [];
    for (let i = 0; i < 400; i++) { // up to 20 s: the machine may be busy
      got = await seen();
      if (pred(got)) break;
      await sleep(50);
    }
    return got;
  }
  const shot = async (page, name, opts = { fullPage: true }) => {
    fs.mkdirSync(path.join(root, 'build/e2e'), { recursive: true });
    await page.screenshot({ path: path.join(root, 'build/e2e', name), ...opts });
    console.log(`     screenshot: build/e2e/${name}`);
  };
  await eventually((g) => g.includes('inline|denial|deniedreports'));

  // 1. a mistake, marked on its line
  {
    const got = await opt(`(async () => {
      btn(document, 'New pack').click();
      const ed = await until(() => globalThis.sourcelightEditor.text() !== null && globalThis.sourcelightEditor);
      ed.type(0, ed.text().length, ${JSON.stringify(editedPack)});
      const line = await until(() => {
        const i = [...document.querySelectorAll('.cm-content .cm-line')].findIndex(l => l.querySelector('.cm-lintRange-error'));
        return i >= 0 ? i + 1 : 0;
      });
      const first = document.querySelector('#pack-status .problems li');
      return {line, item: first?.textContent, disabled: document.getElementById('save-pack').disabled,
        reason: document.getElementById('save-reason').textContent};
    })()`);
    ok(got.line === 11 && got.item?.startsWith('line 11, column 7'), 'a mistake is marked on line 11 and listed', JSON.stringify(got));
    ok(got.disabled && got.reason === 'This pack cannot be saved until its problem is fixed.', 'Save is off and says why', JSON.stringify(got));
  }

  // 2. fixed, previewed, saved
  {
    const got = await opt(`(async () => {
      const ed = globalThis.sourcelightEditor;
      const at = ed.text().indexOf('"phrse"');
      ed.type(at, at + '"phrse"'.length, '"phrase"');
      await until(() => /Valid: 2 rules/.test(document.getElementById('pack-status').textContent));
      document.getElementById('preview-tab').click();
      const count = await until(() => document.getElementById('preview-count')?.textContent);
      return {count, marks: [...document.querySelectorAll('#preview-out mark')].map(m => m.textContent).join('|'),
        disabled: document.getElementById('save-pack').disabled};
    })()`);
    ok(!got.disabled && got.count?.startsWith('2 hints from Desk words') && got.marks === 'dredging contractor|market rate',
      'fixed, then previewed on the open tab', JSON.stringify(got));
    await opt(`document.getElementById('save-pack').click()`);
    const page = await eventually((g) => g.includes('inline|denial|dredgingcontractor') && g.includes('inline|denial|marketrate'));
    ok(page.includes('inline|denial|dredgingcontractor') && page.includes('inline|denial|marketrate'), 'saved: the open tab shows the new hints without a reload', page.join(' '));
  }

  // 3. one rule off
  {
    await opt(`until(() => row('desk-words')?.querySelector('li[data-rule="desk-words/rate"] input')).then(i => i.click())`);
    const page = await eventually((g) => g.includes('inline|denial|dredgingcontractor') && !g.includes('inline|denial|marketrate'));
    ok(!page.includes('inline|denial|marketrate') && page.includes('inline|denial|dredgingcontractor'), 'one rule switched off: its hints go', page.join(' '));
  }

  // completion: rule types, fields, the pack's list names
  {
    const got = await opt(`(async () => {
      btn(row('anonymous-source'), 'Copy to my packs').click();
      await until(() => document.getElementById('copy-note'));
      const ed = globalThis.sourcelightEditor;
      const offer = async (find, replace) => {
        const text = ed.text();
        const at = text.indexOf(find);
        ed.type(at, at + find.length, replace);
        ed.select(at + replace.length);
        ed.complete();
        const got = await until(() => ed.completions().length && ed.completions());
        ed.type(at, at + replace.length, find);
        return got || [];
      };
      return {
        types: await offer('"type": "phrase"', '"type": "'),
        lists: await offer('"phrases": [', '"phrases": ["{'),
        fields: await offer('"id": "hedge-adverb",', '"id": "hedge-adverb",\\n      "ex'),
      };
    })()`);
    ok(['"phrase"', '"regex"', '"exception"', '"block"'].every((t) => got.types.includes(t)) && got.lists.includes('say') &&
      got.lists.includes('head_pl') && got.fields.includes('"explanation"'), 'completion offers rule types, list names and fields', JSON.stringify(got));
  }

  // 4. a copy of a built-in pack
  {
    const got = await opt(`(async () => {
      btn(row('anonymous-source'), 'Copy to my packs').click();
      const note = await until(() => document.getElementById('copy-note')?.textContent);
      await until(() => !document.getElementById('save-pack').disabled);
      document.getElementById('save-pack').click();
      await until(() => row('anonymous-source-copy') && row('anonymous-source').dataset.state === 'replaced');
      const r = (id) => row(id).dataset.state + ': ' + row(id).querySelector('td.force').textContent;
      const out = {note, builtin: r('anonymous-source'), copy: r('anonymous-source-copy')};
      btn(document.querySelector('section.editor'), 'Close').click();
      return out;
    })()`);
    ok(got.note.includes('replaces the built-in pack') && got.builtin === 'replaced: Replaced by your copy “Anonymous sources (my copy)”' &&
      got.copy === 'in-force: In force, in place of the built-in “Anonymous sources”', 'a copied built-in pack: the table says which is in force', JSON.stringify(got));
  }

  // 5. export, then import
  {
    const got = await opt(`(async () => {
      const keys = ['enabled', 'sites', 'ignored', 'rules', 'renderer', 'engine', 'rulesOff', 'subscriptions'];
      const defaults = {enabled: true, sites: {}, ignored: {}, rules: {files: [], disabled: []}, renderer: 'auto', engine: 'page', rulesOff: [], subscriptions: []};
      const sorted = (v) => Array.isArray(v) ? v.map(sorted) : v && typeof v === 'object'
        ? Object.fromEntries(Object.keys(v).sort().map(k => [k, sorted(v[k])])) : v;
      const snap = async () => JSON.stringify(sorted({...defaults, ...await browser.storage.local.get(keys)}));
      const before = await snap();
      let file = null;
      const click = HTMLAnchorElement.prototype.click;
      HTMLAnchorElement.prototype.click = function () { if (this.download) file = this; else click.call(this); };
      document.getElementById('export-settings').click();
      await until(() => file);
      HTMLAnchorElement.prototype.click = click;
      const text = await (await fetch(file.href)).text();
      await browser.storage.local.remove(keys);
      await until(() => !row('desk-words'));
      const empty = await snap();
      const pick = HTMLInputElement.prototype.click;
      HTMLInputElement.prototype.click = function () {
        if (this.type !== 'file') return pick.call(this);
        const dt = new DataTransfer();
        dt.items.add(new File([text], file.download, {type: 'application/json'}));
        this.files = dt.files;
        this.dispatchEvent(new Event('change'));
      };
      document.getElementById('import-settings').click();
      await until(() => row('desk-words') && row('anonymous-source').dataset.state === 'replaced');
      HTMLInputElement.prototype.click = pick;
      await wait(200);
      return {same: before === await snap(), changed: before !== empty};
    })()`);
    ok(got.same && got.changed, 'export, then import, gives the same state', JSON.stringify(got));
  }

  // typed: the input event is what keeps the address through a redraw
  const subscribe = async (url) => {
    await opt(`(() => { const i = document.getElementById('subscribe-url'); i.value = ${JSON.stringify(url)}; i.dispatchEvent(new Event('input')); document.getElementById('subscribe').scrollIntoView(); })()`);
    await ext.click('#subscribe'); // a real click: permissions.request needs a user gesture
  };

  // an address being typed outlives a redraw (any storage write redraws the page)
  {
    const got = await opt(`(async () => {
      const before = document.getElementById('subscribe-url');
      before.value = 'https://packs.example.org/half-typ';
      before.dispatchEvent(new Event('input'));
      await browser.storage.local.set({ redrawProbe: Date.now() });
      await until(() => document.getElementById('subscribe-url') !== before);
      await browser.storage.local.remove('redrawProbe');
      const now = document.getElementById('subscribe-url');
      const value = now.value;
      now.value = '';
      now.dispatchEvent(new Event('input'));
      return value;
    })()`);
    ok(got === 'https://packs.example.org/half-typ', 'an address being typed survives a redraw', String(got));
  }

  // 6. the worker's feed
  if (withWorker) {
    worker = await workerDev();
    const feed = `${worker.base}/v1/packs`;
    await subscribe(feed);
    const got = await opt(`(async () => {
      const status = await until(() => /^Subscribed|needs|not/.test(document.getElementById('subscribe-status').textContent) && document.getElementById('subscribe-status').textContent, 30000);
      await until(() => row('team-desk'));
      return {status, state: row('team-desk')?.dataset.state};
    })()`);
    ok(got.status === `Subscribed to ${feed}.` && got.state === 'in-force', 'subscribed to the worker-dev feed', JSON.stringify(got));
    const page = await eventually((g) => g.includes('inline|anonymous-source|publictender'));
    ok(page.includes('inline|anonymous-source|publictender'), "the feed's pack is used on the page", page.join(' '));
  } else {
    console.log('skip firefox options: worker feed (--no-worker)');
  }

  // 7. a broken update
  {
    const url = `${packsBase}/packs/local-desk.json`;
    await subscribe(url);
    const state = await opt(`until(() => row('local-desk')?.dataset.state, 20000)`);
    ok(state === 'in-force', 'subscribed to a single pack', String(state));
    await eventually((g) => g.includes('inline|denial|cityauditor'));
    broken = true;
    const got = await opt(`(async () => {
      const li = () => document.querySelector('li.subscription[data-url=${JSON.stringify(url)}]');
      btn(li(), 'Check now').click();
      const err = await until(() => li()?.querySelector('.sub-error')?.textContent, 20000);
      const r = await browser.storage.local.get('rules');
      return {err, times: li().querySelector('.sub-times').textContent,
        kept: r.rules.files.find(f => f.subscription === ${JSON.stringify(url)})?.text === ${JSON.stringify(localPack)}};
    })()`);
    ok(got.kept && /failing example/.test(got.err) && got.err.includes('The last good copy stays in use.') && /Last good copy fetched today at .*Next try today at/.test(got.times),
      'a broken update: the last good copy kept, the error and times shown', JSON.stringify(got));
    const page = await seen();
    ok(page.includes('inline|denial|cityauditor'), 'the last good copy is still used on the page', page.join(' '));
  }

  // a body over 1 MB
  {
    const url = `${packsBase}/packs/huge.json`;
    await subscribe(url);
    const msg = await opt(`until(() => /limit/.test(document.getElementById('subscribe-status').textContent) && document.getElementById('subscribe-status').textContent, 20000)`);
    ok(msg === `${url} is over the 1 MB limit`, 'a body over 1 MB is refused', msg);
  }

  // 8. screenshots, light and dark
  {
    const pop = await browser.newPage();
    const popURL = `moz-extension://${UUID}/extension/popup/popup.html?tab=${tabID}`;
    pop.goto(popURL, { timeout: 3000 }).catch(() => {});
    for (let i = 0; i < 100 && (await pop.evaluate(() => location.href).catch(() => '')) !== popURL; i++) await sleep(50);
    await pop.waitForSelector('button.hint', { timeout: 10000 }).catch(() => {});
    for (const scheme of ['light', 'dark']) {
      let emulated = true;
      for (const p of [ext, pop]) {
        await p.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]).catch(() => { emulated = false; });
      }
      if (!emulated && scheme === 'dark') break; // Firefox's BiDi has no media emulation: see darkShots
      await ext.evaluate(() => window.scrollTo(0, 0));
      await shot(ext, `firefox-options-${scheme}.png`);
      const body = await pop.$('body');
      await body.screenshot({ path: path.join(root, `build/e2e/firefox-popup-${scheme}.png`) });
      console.log(`     screenshot: build/e2e/firefox-popup-${scheme}.png`);
    }
    const whole = await pop.evaluate(() => { const ol = document.querySelector('.hints ol'); const li = document.querySelector('.hints li');
      return !!ol && ol.clientHeight % li.offsetHeight === 0; });
    ok(whole, "the popup's hint list shows whole items only");
  }
} catch (e) {
  ok(false, 'options run', e.stack);
} finally {
  await worker?.stop();
  await browser.close();
}
try {
  await darkShots();
} catch (e) {
  ok(false, 'dark screenshots', e.stack);
} finally {
  srv.close();
  packSrv.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
console.log(failed ? `firefox options: ${failed} failed` : 'firefox options: all passed');
process.exit(failed ? 1 : 0);
