// The sweep: every HTML page of ../shared/corpus opened with the extension,
// in Chromium and in Firefox ESR, one page at a time, served on 127.0.0.1
// with every other request refused (browsers.mjs). Per page:
//
//   hints      what the page shows, per category (CSS.highlights, data-sourcelight)
//   parity     those hints equal `sourcelight scan --format json` for the same
//              file, as multisets (kind, category, text with white space dropped);
//              where the page's own scripts changed its text, for the DOM they
//              left only (serialised without our marks): the extension must end
//              equal to the CLI on what the reader has in front of them
//   ms         time to hints: navigation start to painted, as the content script measures it
//   extErrors  the content script's reported error, console errors from the
//              extension's contexts (its pages, its service worker, content
//              script messages), exceptions whose stack names the extension
//   pageErrors the page's own exceptions that do not happen without the
//              extension (a second browser without it opens the page again,
//              only when there were any)
//   text       the page's body text unchanged (against the served HTML parsed
//              without scripts; where the page's scripts change it, against
//              the page opened without the extension)
//
// Results go to build/sweep/<browser>.jsonl, one line a page: a run that
// stops resumes where it stopped (--fresh starts again). The table is
// printed from those files at the end (--table prints it alone).
//
//   node scripts/sweep.mjs [--browser chromium|firefox|both] [--sample N]
//                          [--corpus NAME] [--fresh] [--table] [--out DIR]
//                          [--page REL] [--pages FILE] [--fail-on-error]
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { launch, root, sleep, lines, collapse, median } from './e2e/browsers.mjs';

// readSeen, as scripts/e2e/pages.mjs has it, but a block's text is the text a
// reader sees, as the engine counts it (wasm/doc skipTags, [hidden]): not
// textContent, which takes in an SVG's <title> or a <noscript>'s markup.
function readSeen() {
  const skip = new Set(['head', 'script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'embed',
    'canvas', 'video', 'audio', 'select', 'option', 'textarea', 'input', 'datalist', 'title', 'meta', 'link', 'base', 'picture']);
  const visible = (n) => {
    if (n.nodeType === 3) return n.data;
    if (n.nodeType !== 1 || skip.has(n.localName) || n.hasAttribute('hidden')) return '';
    let s = '';
    for (const c of n.childNodes) s += visible(c);
    return s;
  };
  const highlights = {};
  for (const [name, h] of CSS.highlights) {
    // sourcelight-<category> names what a hint is; sourcelight-pack-<id> only paints it
    if (name.startsWith('sourcelight-') && !name.startsWith('sourcelight-pack-')) highlights[name] = [...h].map((r) => r.toString());
  }
  const blocks = [...document.querySelectorAll('[data-sourcelight]')].map((e) => ({ kind: e.dataset.sourcelight, text: visible(e) }));
  return { highlights, blocks };
}

const argv = process.argv.slice(2);
const opt = (name, def) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : def; };
const flag = (name) => argv.includes(`--${name}`);
const corpusDir = path.resolve(opt('corpus-dir', path.join(root, '../shared/corpus')));
const outDir = path.resolve(opt('out', path.join(root, 'build/sweep')));
const browsers = (opt('browser', 'both') === 'both' ? ['chromium', 'firefox'] : [opt('browser')]);
const sample = Number(opt('sample', 0));
const only = opt('corpus', null);
const extDir = path.join(outDir, `unpacked-${browsers.join('-')}`);

// The corpora and their HTML pages (the originals; l3s-gn1-dev/annotated
// holds the same pages with labels added).
export function corpusPages(dir = corpusDir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) { if (e.name !== 'annotated') walk(p); } else if (/\.html?$/i.test(e.name)) out.push(path.relative(dir, p));
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out.sort().map((rel) => ({ rel, corpus: rel.split('/')[0] }));
}

// sampleOf keeps n pages spread evenly over every corpus.
function sampleOf(pages, n) {
  const by = groupBy(pages, (p) => p.corpus);
  const names = Object.keys(by);
  const out = [];
  for (const [i, c] of names.entries()) {
    const list = by[c], k = Math.floor(n / names.length) + (i < n % names.length ? 1 : 0);
    for (let j = 0; j < k && j < list.length; j++) out.push(list[Math.floor((j * list.length) / k)]);
  }
  return out;
}

// expectations: the CLI on every file at once, one JSON line per file.
function expectations(pages) {
  const want = new Map();
  for (let i = 0; i < pages.length; i += 200) {
    const files = pages.slice(i, i + 200).map((p) => path.join(corpusDir, p.rel));
    const r = spawnSync(path.join(root, 'build/sourcelight'), ['scan', '--format', 'json', ...files], { encoding: 'utf8', maxBuffer: 1 << 28 });
    for (const line of r.stdout.split('\n')) {
      if (!line.trim()) continue;
      const o = JSON.parse(line);
      want.set(path.relative(corpusDir, o.file), (o.hints ?? []).map((h) => `${h.block ? 'block' : 'inline'}|${h.category}|${collapse(h.text)}`).sort());
    }
  }
  return want;
}

// multisetDiff: what is missing from got, and what is extra in it.
export function multisetDiff(want, got) {
  const count = new Map();
  for (const w of want) count.set(w, (count.get(w) ?? 0) + 1);
  const extra = [];
  for (const g of got) {
    const n = count.get(g) ?? 0;
    if (n) count.set(g, n - 1); else extra.push(g);
  }
  const missing = [];
  for (const [w, n] of count) for (let i = 0; i < n; i++) missing.push(w);
  return { missing, extra };
}

// charsets: the encoding the CLI decodes each file with (scripts/sweep-charset).
function charsets(pages) {
  const bin = path.join(root, 'build/sweep-charset');
  const b = spawnSync('go', ['build', '-o', bin, './scripts/sweep-charset'], { cwd: root, encoding: 'utf8', env: { ...process.env, PATH: `/usr/local/go/bin:${process.env.PATH}` } });
  if (b.status !== 0) throw new Error(`go build ./scripts/sweep-charset: ${b.stderr}`);
  const out = new Map();
  for (let i = 0; i < pages.length; i += 200) {
    const r = spawnSync(bin, pages.slice(i, i + 200).map((p) => path.join(corpusDir, p.rel)), { encoding: 'utf8' });
    for (const line of r.stdout.split('\n')) {
      const [f, name] = line.split('\t');
      if (name) out.set(path.relative(corpusDir, f), name);
    }
  }
  return out;
}

function serveCorpus(enc) {
  const server = http.createServer((req, res) => {
    const p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = p.startsWith('/c/') ? path.join(corpusDir, p.slice(3)) : null;
    if (!file || !file.startsWith(corpusDir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404); return res.end();
    }
    // the charset the CLI read the file with: browser and CLI compare the same text
    const cs = enc.get(path.relative(corpusDir, file));
    res.writeHead(200, { 'content-type': `text/html${cs ? `; charset=${cs}` : ''}`, 'cache-control': 'no-store' });
    res.end(fs.readFileSync(file));
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ base: `http://127.0.0.1:${server.address().port}`, close: () => server.close() })));
}


// pageText reads the body's text, and the same page's HTML parsed without
// running anything, in the page's own world.
async function pageText() {
  const r = await fetch(location.href);
  const html = new TextDecoder(document.characterSet).decode(await r.arrayBuffer());
  const orig = new DOMParser().parseFromString(html, 'text/html');
  return { now: document.body?.textContent ?? '', parsed: orig.body?.textContent ?? '' };
}

// liveHTML serialises the page as its own scripts left it, without our marks:
// where they changed it, the extension is compared with the CLI on this.
function liveHTML() {
  const root = document.documentElement.cloneNode(true);
  for (const e of root.querySelectorAll('sourcelight-ui')) e.remove();
  for (const e of root.querySelectorAll('[data-sourcelight]')) e.removeAttribute('data-sourcelight');
  return `<!DOCTYPE html><meta charset="utf-8">${root.outerHTML}`;
}

// Errors a page logs when the network is refused: not the page's code
// going wrong, and they come and go with timing, so they are not compared.
// (Nor are cookies a page sets for its real domain, refused on 127.0.0.1.)
const networkNoise = /has been rejected for invalid domain|Cross-Origin Request Blocked|downloadable font|ServiceWorker|NetworkError|Failed to fetch|Loading chunk|Loading CSS chunk|net::ERR_|Failed to load resource|access to .* denied/i;

// seedRandom makes Math.random the same sequence on every load of a page,
// in its own world: pages that pick at random which of their (refused)
// scripts' functions to call threw a different "X is not defined" on each
// load, so an error seen with the extension was never seen again without it.
function seedRandom() {
  let s = 0x2545f491;
  Math.random = () => { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; return (s >>> 0) / 4294967296; };
}

async function visit(b, url, { withExtension = true, settleMs = 300 } = {}) {
  const page = await b.browser.newPage();
  await page.evaluateOnNewDocument(seedRandom).catch(() => {});
  const t0 = Date.now();
  const pageErrors = [], extErrors = [];
  // ours: this extension's own URL (a saved page may name another extension's files)
  const ours = withExtension ? b.extURL('') : null;
  const isOurs = (s) => !!ours && s.includes(ours);
  page.on('pageerror', (e) => {
    const s = String(e?.stack ?? e?.message ?? e);
    (isOurs(s) ? extErrors : pageErrors).push(s.split('\n')[0].slice(0, 300));
  });
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const where = m.location()?.url ?? '';
    if (isOurs(where)) extErrors.push(`console: ${m.text().slice(0, 300)}`);
  });
  page.on('dialog', (d) => d.dismiss().catch(() => {})); // alert() would hold the page
  const r = { url };
  // where the page is, as its own document says: puppeteer's page.url() over
  // BiDi keeps the old address when a navigation ends on Firefox's error page
  // (about:neterror, whose location.href is the address it failed to reach)
  const where = () => page.evaluate(() => location.href).catch(() => page.url());
  try {
    // Firefox fails a navigation whose page then sends a frame to a refused
    // address ("Address rejected"); the page itself is there: go on with it
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 30000 }).catch(async (e) => {
      // (puppeteer's BiDi page then reads about:blank for its URL, yet the document is ours)
      await sleep(500);
      if (!/Address rejected/.test(e.message) && !page.url().startsWith(new URL(url).origin)) throw e;
    });
    if (withExtension) {
      const tab = await b.tabFor(url);
      const st = await b.painted(tab, 20000);
      r.reported = !!st;
      r.ms = st?.timings?.painted ?? null;
      r.path = st?.path ?? null;
      if (st?.error) extErrors.push(`content script: ${st.error}`);
      // a page whose script sent it elsewhere (refused here, or a 404 of this
      // server, which Firefox shows as an empty page at the new address and
      // reports on) is not ours to report on
      const here = await where();
      if (!here.startsWith(url)) r.left = here;
      else if (!st) extErrors.push('no report within 20 s');
      await sleep(100); // let a mutation the page made on load be scanned
      r.seen = lines(await page.evaluate(readSeen));
    } else {
      await sleep(settleMs); // as long as the visit with the extension: errors its timers throw count alike
    }
    r.elapsed = Date.now() - t0;
    const t = await page.evaluate(pageText);
    if (withExtension && t.now !== t.parsed) r.liveHTML = await page.evaluate(liveHTML);
    r.textNow = t.now;
    r.textParsed = t.parsed;
    // A page can send itself elsewhere after the first look, while it is
    // read: Sourcepoint's ad-block check on extraction-benchmark/c50845a7…
    // sets location.href to //www.space.com/cc.html when its (refused)
    // script fails to load, with or without the extension. What was read
    // may then be of the other document: the page left, as above.
    const after = await where();
    if (!r.left && !after.startsWith(url)) r.left = after;
  } catch (e) {
    // an in-page read failed: a page that left while it ran (its document
    // gone, or Firefox's error page, where our fetch of location.href is a
    // NetworkError) is a page that left; one still here is our failure
    await sleep(500);
    const here = await where();
    if (!here.startsWith(url)) r.left = here;
    else extErrors.push(`driver: ${String(e.message ?? e).split('\n')[0]}`);
  }
  r.pageErrors = [...pageErrors]; // what the page showed while open, not what closing it logs
  r.extErrors = [...extErrors];
  await Promise.race([page.close().catch(() => {}), sleep(5000)]);
  // and whatever the page opened (popups): the next page starts alone
  for (const p of await b.browser.pages().catch(() => [])) if (p !== b.ext) await Promise.race([p.close().catch(() => {}), sleep(3000)]);
  return r;
}

function hash(str) {
  let h = 0x811c9dc5;
  for (let i = 0; i < str.length; i++) h = Math.imul(h ^ str.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

async function sweep(kind, pages, want, enc) {
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${kind}.jsonl`);
  if (flag('fresh')) fs.rmSync(file, { force: true });
  const done = new Set(fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).rel) : []);
  // in a fixed shuffled order: a sweep stopped part way is still a fair sample of every corpus
  // pages named with --page or --pages are opened again; the others once
  const again = !!(opt('page', null) || opt('pages', null));
  const todo = pages.filter((p) => again || !done.has(p.rel)).sort((a, b) => hash(a.rel) - hash(b.rel));
  if (!todo.length) return;
  console.error(`${kind}: ${todo.length} pages to open (${done.size} already done in ${path.relative(process.cwd(), file)})`);
  const srv = await serveCorpus(enc);
  let b = null, base = null, n = 0;
  const fresh = async () => {
    await b?.close();
    b = await launch(kind, { dir: extDir });
    for (const p of await b.browser.pages()) if (p !== b.ext) await p.close().catch(() => {});
    await sleep(kind === 'chromium' ? 1000 : 300);
  };
  try {
    for (const p of todo) {
      if (!b || n++ % 100 === 0) await fresh(); // a fresh browser now and then: no page's leftovers weigh on the next
      const url = `${srv.base}/c/${p.rel.split('/').map(encodeURIComponent).join('/')}`;
      const before = b.extErrors.length;
      const tryVisit = () => visit(b, url).catch((e) => ({ url, pageErrors: [], extErrors: [`driver: ${String(e.message ?? e).split('\n')[0]}`] }));
      let r = await tryVisit();
      if (r.extErrors.some((e) => e.startsWith('driver:'))) { await fresh(); r = await tryVisit(); } // a crashed browser: once more
      r.extErrors.push(...b.extErrors.slice(before));
      const got = r.seen ?? [];
      const exp = want.get(p.rel) ?? [];
      const d = multisetDiff(exp, got);
      let textOK = r.textNow != null && r.textNow === r.textParsed;
      let onlyWithExt = r.pageErrors.filter((e) => !networkNoise.test(e));
      // the page's own scripts changed its text, or it threw: is it the same without us?
      // (twice at most: pages whose scripts race with refused requests vary from run to run)
      const plainTexts = [];
      for (let i = 0; i < 2 && !r.left && (!textOK || onlyWithExt.length); i++) {
        base ??= await launch(kind, { extension: false });
        const plain = await visit(base, url, { withExtension: false, settleMs: Math.max(300, r.elapsed ?? 0) });
        if (!textOK) textOK = r.textNow != null && plain.textNow === r.textNow;
        plainTexts.push(plain.textNow);
        onlyWithExt = onlyWithExt.filter((e) => !plain.pageErrors.includes(e));
      }
      // null: the page's scripts give a different text on every load, with or without us
      if (!textOK && plainTexts.length === 2 && plainTexts[0] !== plainTexts[1]) textOK = null;
      if (r.left) { textOK = null; onlyWithExt = []; } // its errors are not comparable either
      let against = 'file';
      if (r.liveHTML) {
        // The page's scripts changed its text: what the reader has, and what
        // the extension must end up equal to, is the DOM they left (the CLI
        // on it, serialised without our marks), not the file. Hints that
        // equal the file's but not the final DOM's are a stale rescan.
        const tmp = path.join(outDir, `live-${kind}.html`);
        fs.writeFileSync(tmp, r.liveHTML);
        const live = spawnSync(path.join(root, 'build/sourcelight'), ['scan', '--format', 'json', tmp], { encoding: 'utf8', maxBuffer: 1 << 28 });
        const o = JSON.parse(live.stdout.split('\n')[0] || '{"hints":[]}');
        const dl = multisetDiff((o.hints ?? []).map((h) => `${h.block ? 'block' : 'inline'}|${h.category}|${collapse(h.text)}`), got);
        d.missing = dl.missing; d.extra = dl.extra;
        against = 'live DOM';
      }
      const counts = {};
      for (const g of got) { const c = g.split('|')[1]; counts[c] = (counts[c] ?? 0) + 1; }
      const rec = {
        rel: p.rel, corpus: p.corpus, left: r.left ?? null, reported: !!r.reported, ms: r.ms, path: r.path, counts, expected: exp.length,
        parity: !d.missing.length && !d.extra.length, against, missing: d.missing.slice(0, 10), extra: d.extra.slice(0, 10),
        extErrors: r.extErrors, pageErrors: onlyWithExt, textOK,
      };
      if (r.left) rec.parity = null; // navigated itself away: nothing to compare
      fs.appendFileSync(file, JSON.stringify(rec) + '\n');
      const bad = (!rec.reported && !rec.left) || rec.parity === false || rec.extErrors.length || rec.pageErrors.length || rec.textOK === false;
      console.error(`${kind} ${bad ? 'FAIL' : 'ok  '} ${p.rel} ${rec.ms?.toFixed(0) ?? '-'} ms ${got.length}/${exp.length} hints${bad ? ' ' + JSON.stringify({ missing: rec.missing.slice(0, 3), extra: rec.extra.slice(0, 3), ext: rec.extErrors.slice(0, 3), page: rec.pageErrors.slice(0, 3), text: rec.textOK }) : ''}`);
    }
  } finally {
    await b?.close();
    await base?.close();
    srv.close();
  }
}

const groupBy = (a, f) => { const o = {}; for (const x of a) (o[f(x)] ??= []).push(x); return o; }
const pct = (a, q) => { const s = [...a].sort((x, y) => x - y); return s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] : NaN; };

export function table(kinds, rels = null) {
  const rows = [];
  let failures = 0;
  for (const kind of kinds) {
    const file = path.join(outDir, `${kind}.jsonl`);
    if (!fs.existsSync(file)) continue;
    // one record a page: the last one written (two runs may have overlapped)
    let recs = [...new Map(fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).map((r) => [r.rel, r])).values()];
    if (rels) recs = recs.filter((r) => rels.has(r.rel));
    const groups = groupBy(recs, (r) => r.corpus);
    groups['all'] = recs;
    for (const [corpus, rs] of Object.entries(groups)) {
      const ms = rs.map((r) => r.ms).filter((m) => m != null);
      const cats = {};
      for (const r of rs) for (const [c, n] of Object.entries(r.counts)) cats[c] = (cats[c] ?? 0) + n;
      const row = {
        browser: kind, corpus, pages: rs.length, reported: rs.filter((r) => r.reported && !r.left).length, // of the pages that stayed
        extErrors: rs.filter((r) => r.extErrors.length).length, pageErrors: rs.filter((r) => r.pageErrors.length).length,
        left: rs.filter((r) => r.left).length,
        parity: rs.filter((r) => r.parity).length, parityOf: rs.filter((r) => r.parity !== null).length,
        text: rs.filter((r) => r.textOK).length, textOf: rs.filter((r) => r.textOK !== null).length,
        median: median(ms), p95: pct(ms, 0.95),
        hints: `${cats['anonymous-source'] ?? 0}/${cats.denial ?? 0}/${cats.promotional ?? 0}`,
      };
      if (corpus === 'all') failures += row.pages - row.left - row.reported + row.extErrors + row.pageErrors + (row.parityOf - row.parity) + (row.textOf - row.text);
      rows.push(row);
    }
  }
  const head = '| browser | corpus | pages | left by their own script | reported | pages with extension errors | page errors only with it | parity | text unchanged | time to hints median | p95 | hints anon/denial/promo |';
  console.log(head);
  console.log('|' + head.split('|').slice(1, -1).map(() => '---').join('|') + '|');
  for (const r of rows) {
    console.log(`| ${r.browser} | ${r.corpus} | ${r.pages} | ${r.left} | ${r.reported} | ${r.extErrors} | ${r.pageErrors} | ${r.parity}/${r.parityOf} | ${r.text}/${r.textOf} | ${Number.isFinite(r.median) ? r.median.toFixed(0) + ' ms' : '-'} | ${Number.isFinite(r.p95) ? r.p95.toFixed(0) + ' ms' : '-'} | ${r.hints} |`);
  }
  return failures;
}

if (import.meta.main ?? process.argv[1] === import.meta.filename) {
  let pages = corpusPages().filter((p) => !only || p.corpus === only);
  if (!pages.length) { console.error(`no pages under ${corpusDir}`); process.exit(flag('fail-on-error') ? 0 : 1); }
  if (sample) pages = sampleOf(pages, sample);
  if (opt('page', null)) pages = pages.filter((p) => p.rel === opt('page'));
  // --pages FILE: the pages listed in FILE, one a line (opened again: the table keeps a page's last record)
  if (opt('pages', null)) { const want = new Set(fs.readFileSync(opt('pages'), 'utf8').split('\n').filter(Boolean)); pages = pages.filter((p) => want.has(p.rel)); }
  if (!flag('table')) {
    if (!fs.existsSync(path.join(root, 'build/sourcelight')) || !fs.existsSync(path.join(root, 'extension/engine.wasm'))) {
      console.error('build first: scripts/build'); process.exit(1);
    }
    // the extension under test is a copy taken now: edits made while a long sweep runs do not leak into it
    fs.rmSync(extDir, { recursive: true, force: true });
    fs.mkdirSync(extDir, { recursive: true });
    fs.cpSync(path.join(root, 'manifest.json'), path.join(extDir, 'manifest.json'));
    fs.cpSync(path.join(root, 'extension'), path.join(extDir, 'extension'), { recursive: true });
    const want = expectations(pages);
    const enc = charsets(pages);
    for (const kind of browsers) await sweep(kind, pages, want, enc);
  }
  const failures = table(browsers, new Set(pages.map((p) => p.rel)));
  process.exit(flag('fail-on-error') && failures ? 1 : 0);
}
