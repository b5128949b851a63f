// Storage (issue #10), in both browsers: a reader's packs, switches and
// settings survive a browser restart and an update of the extension in place,
// storage.local carries the schema version (extension/background.js migrate),
// and a write past the browser's quota is refused with a message while what
// was saved stays.
//
// Run: node scripts/e2e/storage.mjs [chromium|firefox] (after scripts/build)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, sleep } from './browsers.mjs';
import { copyExtension, setVersion, zip } from './startup-lib.mjs';

const kinds = process.argv.slice(2).filter((a) => !a.startsWith('-'));
let failed = 0;
const ok = (kind, cond, name, detail = '') => {
  console.log(`${cond ? 'ok  ' : 'FAIL'} ${kind}: ${name}${cond || !detail ? '' : `\n     ${detail}`}`);
  if (!cond) failed++;
};

// what a reader has saved: an own pack, a built-in pack off, switches, ignored rules
const saved = {
  enabled: true,
  sites: { 'example.org': false },
  ignored: { 'news.example': ['anonymous-source/hedge-adverb'] },
  rules: { files: [{ name: 'mine.json', text: '{"id":"mine"}' }], disabled: ['denial'] },
  renderer: 'overlay',
  engine: 'background',
  subscriptions: [{ url: 'https://packs.example/v1/packs', etag: '"abc"' }], // kept as stored (no feature reads it yet)
};
const keys = Object.keys(saved);
const read = (b) => b.call((k) => (globalThis.browser ?? globalThis.chrome).storage.local.get([...k, 'schemaVersion']), keys);
// canonical JSON: Chromium gives objects back with their keys sorted
const canon = (v) => JSON.stringify(v, (_, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort()) : x));
const same = (got) => keys.every((k) => canon(got[k]) === canon(saved[k]));

// schema waits for the background's migration. After an update the
// background also compiles the reader's packs (compiler.wasm, megabytes
// to start) in the same worker, the likely reason it once took over 5 s.
async function schema(b) {
  for (let i = 0; i < 150; i++) {
    const v = (await read(b)).schemaVersion;
    if (v) return v;
    await sleep(100);
  }
  return undefined;
}

async function restart(kind) {
  const dir = copyExtension('1.0.0');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), `sourcelight-profile-${kind}-`));
  const xpi = path.join(dir, 'sourcelight.xpi');
  if (kind === 'firefox') zip(dir, xpi);
  const opts = { extension: kind === 'firefox' ? 'profile' : true, dir, xpi, userDataDir: profile };
  try {
    let b = await launch(kind, opts);
    ok(kind, (await schema(b)) === 1, 'storage.local carries schemaVersion 1 after install');
    await b.call((s) => (globalThis.browser ?? globalThis.chrome).storage.local.set(s), saved);
    await b.close();
    if (kind === 'firefox') fs.rmSync(path.join(profile, 'extensions'), { recursive: true, force: true }); // launch puts the xpi back
    b = await launch(kind, opts);
    const got = await read(b);
    ok(kind, same(got) && got.schemaVersion === 1, 'packs, switches and settings survive a browser restart', JSON.stringify(got));

    // a write past the quota is refused, with a message, and loses nothing
    const big = 'x'.repeat(11 * 1024 * 1024);
    const err = await b.call((v) => (globalThis.browser ?? globalThis.chrome).storage.local.set({ rules: { files: [{ name: 'huge.json', text: v }], disabled: [] } })
      .then(() => null, (e) => String(e?.message ?? e)), big);
    const after = await read(b);
    if (kind === 'chromium') ok(kind, !!err && same(after), `a write past storage.local's 10 MB quota is refused (${err}) and what was saved stays`);
    else console.log(`info firefox: storage.local has no quota (an 11 MB write ${err ? `was refused: ${err}` : 'was accepted'}); saved data ${same(after) || !err ? 'as written' : 'lost'}`);
    if (!err) await b.call((s) => (globalThis.browser ?? globalThis.chrome).storage.local.set(s), saved);
    await b.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

async function update(kind) {
  const dir = copyExtension('1.0.0');
  const b = await launch(kind, { extension: 'later' });
  try {
    await b.install(dir);
    await b.call((s) => (globalThis.browser ?? globalThis.chrome).storage.local.set(s), saved);
    // an older store, written before the schema was versioned: the update migrates it
    await b.call(() => (globalThis.browser ?? globalThis.chrome).storage.local.remove('schemaVersion'));
    setVersion(dir, '1.0.1');
    await b.install(dir);
    const version = await b.call(() => (globalThis.browser ?? globalThis.chrome).runtime.getManifest().version);
    const v = await schema(b);
    const got = await read(b);
    ok(kind, version === '1.0.1' && same(got) && v === 1, `packs, switches and settings survive an update in place (1.0.0 → ${version}), migrated to schema ${v}`, JSON.stringify(got));
  } finally {
    await b.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// The options page's Save, when the write would pass storage.local's quota
// (Chromium: 10 MB; a reader near it with big subscriptions or copies of the
// built-in packs): refused with a message on the page, nothing saved is
// lost, the edited pack stays in the editor, and Save works once there is
// room. Firefox's storage.local has no quota to reach (see restart above).
const pack = (id, phrase) => JSON.stringify({ id, name: `Pack ${id}`, version: '1.0.0', category: 'denial', colour: '#00aa00',
  description: 'Test pack.', rules: [{ id: 'r', type: 'phrase', phrases: [phrase], explanation: 'A test.',
    examples: { match: [`The ${phrase} ran late.`], no_match: ['Nothing here.'] } }] }, null, 2);

async function optionsQuota(kind) {
  const b = await launch(kind);
  try {
    for (let i = 0; i < 200 && !(await b.call(() => !!globalThis.sourcelightCompiler && !!document.querySelector('table.packs'))); i++) await sleep(50);
    await b.call(async (text) => {
      const api = globalThis.browser ?? globalThis.chrome;
      const rules = { files: [{ name: 'mine.json', text }], disabled: [] };
      const c = JSON.parse(globalThis.sourcelightCompiler.compile(JSON.stringify(rules)));
      await api.storage.local.set({ rules, compiled: { format: c.format, data: c.data } });
      // rules written by anyone but the options page (here, the test) are
      // compiled again by the background, which stores them with their key:
      // that write must land before the test reads what is stored
      for (let i = 0; i < 400; i++) {
        if ((await api.storage.local.get('compiled')).compiled?.key) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('the background never stored the compiled packs with their key');
    }, pack('mine', 'harbor bridge repairs'));
    // fill storage.local to 200 bytes short of the quota
    const room = await b.call(async () => {
      const api = globalThis.browser ?? globalThis.chrome;
      const left = api.storage.local.QUOTA_BYTES - await api.storage.local.getBytesInUse(null);
      await api.storage.local.set({ filler: 'x'.repeat(left - 'filler'.length - 2 - 200) });
      return api.storage.local.QUOTA_BYTES - await api.storage.local.getBytesInUse(null);
    });
    const stored = () => b.call(() => (globalThis.browser ?? globalThis.chrome).storage.local.get(['rules', 'compiled']).then((s) => JSON.stringify(s)));
    const before = await stored();
    const got = await b.call(async (text) => {
      const until = async (f, ms = 20000) => { for (const t = Date.now(); Date.now() - t < ms; await new Promise((r) => setTimeout(r, 50))) { const v = f(); if (v) return v; } return null; };
      [...document.querySelectorAll('button')].find((x) => x.textContent.trim() === 'New pack').click();
      const ed = await until(() => globalThis.sourcelightEditor.text() !== null && globalThis.sourcelightEditor);
      ed.type(0, ed.text().length, text);
      await until(() => !document.getElementById('save-pack')?.disabled);
      document.getElementById('save-pack').click();
      const msg = await until(() => document.getElementById('save-error')?.textContent);
      await new Promise((r) => setTimeout(r, 500)); // the redraw from storage
      return { msg, editor: globalThis.sourcelightEditor.text(), saved: document.getElementById('saved')?.textContent ?? '',
        rows: [...document.querySelectorAll('table.packs tr')].map((r) => r.textContent).join(' | ') };
    }, pack('rumours', 'ferry timetable rumours'));
    const after = await stored();
    ok(kind, /Not saved/.test(got.msg ?? '') && /quota/i.test(got.msg) && /unchanged/.test(got.msg),
      `options page: a Save past storage.local's quota (${room} bytes left) is refused with a message on the page`, JSON.stringify(got));
    ok(kind, after === before && got.editor?.includes('"rumours"') && !got.rows.includes('Pack rumours') && got.rows.includes('Pack mine'),
      'options page: nothing saved is lost, the page shows what is stored, the edited pack stays in the editor',
      `storage unchanged: ${after === before}; ${JSON.stringify(got)}`);
    // with room again, the same Save goes through and the message goes
    await b.call(() => (globalThis.browser ?? globalThis.chrome).storage.local.remove('filler'));
    const again = await b.call(async () => {
      const until = async (f, ms = 20000) => { for (const t = Date.now(); Date.now() - t < ms; await new Promise((r) => setTimeout(r, 50))) { const v = f(); if (v) return v; } return null; };
      await until(() => !document.getElementById('save-pack')?.disabled);
      document.getElementById('save-pack').click();
      await until(() => !document.getElementById('save-error'));
      const { rules } = await (globalThis.browser ?? globalThis.chrome).storage.local.get('rules');
      return { error: document.getElementById('save-error')?.textContent ?? '', files: rules.files.map((f) => f.name) };
    });
    ok(kind, !again.error && again.files.includes('my-pack.json') && again.files.includes('mine.json'), 'options page: with room again the same Save goes through', JSON.stringify(again));
  } finally {
    await b.close();
  }
}

for (const kind of kinds.length ? kinds : ['chromium', 'firefox']) {
  try {
    if (kind === 'chromium') await optionsQuota(kind);
    await restart(kind);
    await update(kind);
  } catch (e) {
    ok(kind, false, 'test run', e.stack);
  }
}
process.exit(failed ? 1 : 0);
