// scripts/bench: one Markdown table for Chromium and Firefox ESR, headless,
// medians of RUNS runs, the issue's targets beside the figures. Progress
// goes to stderr, the table to stdout (and build/bench/table.md).
//
//   RUNS=10 MARK_RUNS=3 BROWSERS=chromium,firefox ENGINE= node scripts/benchlib/main.mjs
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { build, serve, root } from './pages.mjs';
import { wasmSizes, nativeBench, phrases as goPhrases, machine } from './native.mjs';
import { engineInNode } from './engine-node.mjs';
import * as scenarios from './scenarios.mjs';
import { launch } from './browsers.mjs';

const runs = Number(process.env.RUNS || 10);
// mark.js takes ~50 s per run on the 1 MB page with every phrase (one DOM
// pass per phrase): its median is of fewer runs unless MARK_RUNS says.
const markRuns = Number(process.env.MARK_RUNS || Math.min(runs, 3));
const kinds = (process.env.BROWSERS || 'chromium,firefox').split(',').filter(Boolean);
const engine = process.env.ENGINE || ''; // '' leaves the extension's default; 'page' or 'background'
const log = (...a) => console.error(...a);

const rec = {
  samples: {}, notes: {},
  add(kind, metric, v) { ((this.samples[kind] ??= {})[metric] ??= []).push(v); },
  note(kind, metric, v) { ((this.notes[kind] ??= {})[metric] ??= new Set()).add(v); },
};

log('pages: generating and scanning with the CLI');
const pages = build();
for (const [k, p] of Object.entries(pages)) log(`  ${k}: ${p.skip ?? `${p.want} hints${p.textBytes ? `, ${p.textBytes} text bytes` : ''}`}`);
log('native: wasm sizes, Go benchmark, phrases');
const sizes = wasmSizes();
const native = nativeBench();
log('engine.wasm in node (no browser): cold and hot scans of the 1 MB page');
let inNode;
try { inNode = engineInNode(); } catch (e) { inNode = { error: e.message.split('\n')[0] }; }
const phrases = goPhrases();
const versions = {};
const srv = await serve(pages);
try {
  for (const kind of kinds) {
    const b = await launch(kind);
    versions[kind] = await b.browser.version();
    await b.close();
    // A browser that fails leaves its cells empty and says why below the
    // table; the other browser's figures still print.
    for (const s of [scenarios.coldAndFirst, scenarios.main]) {
      try {
        await s(rec, kind, srv, pages, phrases, { runs, markRuns, engine });
      } catch (e) {
        log(`${kind}: ${s.name} failed: ${e.stack}`);
        rec.note(kind, 'failed', `${s.name}: ${e.message.split('\n')[0]}`);
      }
    }
  }
} finally { srv.close(); }

// ---- the table ----
const vals = (kind, m) => rec.samples[kind]?.[m] ?? [];
const median = (a) => {
  const s = a.filter((x) => x != null && Number.isFinite(x)).sort((x, y) => x - y);
  if (!s.length) return null;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const missing = (kind, m) => {
  const a = vals(kind, m);
  const miss = a.filter((x) => x == null).length;
  return miss ? ` (${miss} of ${a.length} never all)` : '';
};
const ms = (v) => (v == null ? '–' : `${Math.round(v)} ms`);
const mb = (v) => (v == null ? '–' : `${(v / 2 ** 20).toFixed(1)} MB`);
const kb = (v) => `${Math.round(v / 1024)} KB`;
const n = (kind, m) => vals(kind, m).length;

// cell: a median with how many runs, and how many never got all hints.
const timeCell = (m) => (kind) => (n(kind, m) ? `${ms(median(vals(kind, m)))}${missing(kind, m)}` : '–');
const skipped = (page) => pages[page].skip;

const rows = [];
const row = (label, target, cell, skip) => rows.push([label, ...kinds.map((k) => (skip ? `skipped: ${skip}` : cell(k))), target]);
const seedName = pages.seed.file ? 'seed page' : 'example page (no seed page)';

row(`${seedName}, first load: DOMContentLoaded → all ${pages[pages.seed.file ? 'seed' : 'example'].want} hints painted`, '–', timeCell('seed-first'));
row(`${seedName}, repeat load`, '≤ 50 ms Chromium, ≤ 150 ms Firefox', timeCell('seed-repeat'));
if (pages.seed.file) row(`seed page, repeat load, its body sent ${scenarios.SLOW_MS} ms after its head (a network's pace)`, '≤ 50 ms Chromium, ≤ 150 ms Firefox', timeCell('seed-slow'));
row(`example page (${pages.example.want} hints), repeat load`, '≤ 50 ms Chromium, ≤ 150 ms Firefox', timeCell('example-repeat'));
// where a page served at once waits: the content script's steps, dated
const stepsRow = (name, label) => row(`${label}: when each start-up step was done, ms after DOMContentLoaded (${scenarios.STEPS.map(([, l]) => l).join(' / ')}; the content script's clock)`, '–',
  (k) => (n(k, `${name}-at-engine`) ? scenarios.STEPS.map(([s]) => { const v = median(vals(k, `${name}-at-${s}`)); return v == null ? '–' : Math.round(v); }).join(' / ') : '–'), skipped(name));
stepsRow('example', `example page (${pages.example.want} hints), repeat load`);
row('cold start: first page after the browser starts', '≤ 300 ms', timeCell('cold-browser'));
row('cold start: first page after the background was stopped', '≤ 300 ms', (k) => (n(k, 'cold-bg') ? timeCell('cold-bg')(k) : 'not measured'));
for (const [page, label] of [['long', `1 MB page (${pages.long.want ?? '?'} hints)`], ['nodes', `20,000 text nodes (${pages.nodes.want} hints)`]]) {
  row(`${label}: DOMContentLoaded → all hints painted`, page === 'long' ? '≤ 250 ms' : '–', timeCell(page), skipped(page));
  row(`${label}: DOMContentLoaded → its first hints painted (the content script's clock)`, '–', (k) => (n(k, `${page}-first`) ? ms(median(vals(k, `${page}-first`))) : '–'), skipped(page));
  row(`${label}: longest long task, end of parsing → painted`, '≤ 50 ms', (k) => (vals(k, `${page}-longtask`).some((x) => x != null) ? ms(median(vals(k, `${page}-longtask`))) : 'no long task API'), skipped(page));
  row(`${label}: Sourcelight's own longest task, first scan (its account: the longest stretch between its yields)`, '≤ 50 ms', (k) => (n(k, `${page}-longestMs`) ? ms(median(vals(k, `${page}-longestMs`))) : '–'), skipped(page));
  row(`${label}: longest gap between frames, same window`, '(≤ 50 ms task)', (k) => ms(median(vals(k, `${page}-gap`))), skipped(page));
  row(`${label}: the page's own DOMContentLoaded after navigation`, '–', (k) => ms(median(vals(k, `${page}-dcl`))), skipped(page));
  if (page === 'long') stepsRow(page, label);
}
row('in-browser throughput: 1 MB page text / (DOMContentLoaded → painted)', '≥ 25 MB/s',
  (k) => { const v = median(vals(k, 'long-mbs')); return v == null ? '–' : `${v.toFixed(2)} MB/s`; }, skipped('long'));
row('in-browser throughput of the engine itself: 1 MB page text / time in its calls (pauses and the page\'s own tasks left out)', '≥ 25 MB/s',
  (k) => { const v = median(vals(k, 'long-engine-mbs')); return v == null ? '–' : `${v.toFixed(1)} MB/s`; }, skipped('long'));
row('1 MB page: Sourcelight\'s own main-thread time, survey + engine + painting', '–', (k) => {
  const [a, b, c] = ['surveyBusyMs', 'scanBusyMs', 'paintMs'].map((m) => median(vals(k, `long-${m}`)));
  return a == null || b == null || c == null ? '–' : `${ms(a + b + c)} (${ms(a)} + ${ms(b)} + ${ms(c)})`;
}, skipped('long'));
// the same engine in V8 without a browser: what the Go code costs in wasm
const nodeCell = (r) => () => (inNode.error ? inNode.error : `${r.mbs.toFixed(1)} MB/s (${Math.round(r.ms)} ms: ${['decode', 'build', 'text', 'blocks'].map((k) => Math.round(r.phases[k])).join(' + ')} …)`);
if (pages.long.file) {
  row(`engine.wasm in node ${inNode.node ?? ''} (V8, no browser), the 1 MB page's snapshot: first scan in a fresh process, code compiled on first call (decode + build + text + blocks)`, '(≥ 25 MB/s in the browser)', nodeCell(inNode.cold ?? {}));
  row('engine.wasm in node, the same scan again in that process: code optimised by V8\'s second tier', '(≥ 25 MB/s in the browser)', nodeCell(inNode.hot ?? {}));
}
row(`native throughput: ${native.name ?? '?'} (${native.pkg ?? ''})`, '≥ 100 MB/s', () => (native.mbs != null ? `${native.mbs} MB/s` : native.error ?? '–'));
row('memory added per tab (seed page): extension on − site switched off (USS of the browser\'s child processes, tab open − before)', '≤ 20 MB', (k) => {
  // Firefox puts the tab in an existing content process with the extension
  // on and in a new one with the site off (seen in every try), so the
  // difference says nothing about the extension; samples.json keeps them.
  if (k === 'firefox') return 'not isolable: tabs share content processes (see notes)';
  const on = median(vals(k, 'mem-on'));
  const off = median(vals(k, 'mem-off'));
  const span = (a) => `${mb(Math.min(...a.filter((x) => x != null)))}–${mb(Math.max(...a.filter((x) => x != null)))}`;
  return on == null || off == null ? '–' : `${mb(on - off)} (tab ${mb(on)} on [${span(vals(k, 'mem-on'))}], ${mb(off)} off [${span(vals(k, 'mem-off'))}])`;
});
row('memory added per tab (seed page), the issue\'s measure: the engine\'s wasm memory + JS heap on − off (CDP Runtime.getHeapUsage after a collection)', '≤ 20 MB', (k) => {
  const wasm = median(vals(k, 'wasm-mem'));
  if (wasm == null) return '–';
  if (k !== 'chromium') return `wasm ${mb(wasm)}; JS heap: no API over BiDi`;
  const js = median(vals(k, 'heap-on')) - median(vals(k, 'heap-off'));
  return `${mb(wasm + js)} (wasm ${mb(wasm)} + JS ${mb(js)})`;
});
row('popup (popup.html?tab=ID): navigation → counts drawn', '≤ 100 ms', timeCell('popup'));
row('options page: navigation → usable (controls drawn)', '≤ 300 ms', timeCell('options'));
for (const s of sizes) {
  const target = s.name === 'engine.wasm' ? '≤ 2.5 MB raw, ≤ 700 KB gzip' : '–';
  row(`${s.name}: raw / gzip -9`, target, () => `${mb(s.raw)} / ${kb(s.gzip)}`);
}
const markPage = pages.long.file ? '1 MB page' : '20,000-node page';
const markCell = (m) => (k) => {
  const notes = [...(rec.notes[k]?.[`${m}-matches`] ?? [])];
  const errors = notes.filter((x) => x.startsWith('error'));
  return `${ms(median(vals(k, m)))}, ${notes.filter((x) => !errors.includes(x)).join('/') || 0} marks${errors.length ? ` (${errors.join('; ')})` : ''}`;
};
row(`mark.js 8.11.1 on the ${markPage}, ${phrases.length} phrases, mark(array) (median of ${markRuns})`, '–', markCell('mark'));
row(`mark.js on the ${markPage}, one RegExp of all phrases, markRegExp (median of ${markRuns})`, '–', markCell('mark-regexp'));
const ratio = (m) => (k) => {
  const sl = median(vals(k, pages.long.file ? 'long' : 'nodes'));
  const mk = median(vals(k, m));
  if (sl == null || mk == null) return '–';
  return `${(sl / mk).toFixed(3)} (${mk >= sl ? `${(mk / sl).toFixed(1)}× faster` : `${(sl / mk).toFixed(1)}× slower`})`;
};
row('Sourcelight / mark.js, mark(array)', '≤ 0.05 (≥ 20× faster)', ratio('mark'));
row('Sourcelight / mark.js, one RegExp', '–', ratio('mark-regexp'));

const m = machine();
const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
const cmd = ['RUNS', 'MARK_RUNS', 'BROWSERS', 'ENGINE'].filter((k) => process.env[k]).map((k) => `${k}=${process.env[k]}`).concat('scripts/bench').join(' ');
const out = [];
out.push(`Command: \`${cmd}\` (commit ${sha}, ${new Date().toISOString().slice(0, 16)}Z; engine: ${engine || "the extension's default"})`);
out.push(`Machine: ${m.nproc} cores (\`nproc\`), ${m.cpu}, ${m.mem}, load average at the end ${m.load}; ${kinds.map((k) => `${k} ${versions[k]}`).join(', ')}, headless, pages on 127.0.0.1, remote hosts refused`);
out.push(`Medians of ${runs} runs.`, '');
out.push(`| figure | ${kinds.map((k) => (k === 'chromium' ? 'Chromium' : 'Firefox ESR')).join(' | ')} | target (issue 7) |`);
out.push(`|---|${kinds.map(() => '---').join('|')}|---|`);
for (const r of rows) out.push(`| ${r.join(' | ')} |`);
out.push('');
out.push(
  '- Times are the page\'s own `performance.now()` (scripts/benchlib/probe.mjs, injected at document start): from DOMContentLoaded to the animation frame where the `sourcelight-*` ranges in `CSS.highlights` plus the `[data-sourcelight]` elements reach the count of `sourcelight scan --format json` for the same file; "never all": that count was not reached in 20 s.',
  '- First load: a fresh profile, 3 s after start. Repeat load: the same page again, same browser. Cold start after browser start: a fresh profile, the page opened as soon as the browser (Firefox: the temporary add-on install) is up.',
  '- First hints painted: the animation frame in which the content script painted a long page\'s first hints while the rest was still being scanned (its state message; the page and the content script share one clock). The page\'s probe sees them one frame later, and frames are far apart while a scan runs.',
  '- Long task: PerformanceObserver `longtask` from domInteractive to painted (Chromium; Firefox has no long task API), whoever ran it: the page\'s own layout too. Sourcelight\'s own longest task is the content script\'s account (its state message): the longest stretch its first scan held the main thread between two yields (survey, engine slices, painting, and any layout its reads forced). Frame gap: the longest interval between animation frames in that window (both browsers).',
  '- Memory: the USS row counts everything the tab adds to the browser\'s processes, also V8\'s machine code for the engine and the pages of the browser\'s own binary (its wasm compilers) that this renderer is the first to touch, which USS calls private. The issue\'s measure is JS heap plus wasm memory: the wasm memory is the engine\'s linear memory as the page\'s content script reports it (it only grows; resident pages may be fewer).',
  '- In-browser throughput (DOMContentLoaded → painted) includes the engine\'s start-up and the page\'s own tasks that run while the scan pauses: a page cannot see when the scan starts. The engine\'s own throughput and the main-thread times are the content script\'s account of its first scan (its state message): the time inside the engine\'s calls, the survey\'s walk and the painter, with the pauses between slices left out.',
  `- Popup and options: from the extension page's navigation start to its first drawing of the counts (\`?total=N\` found in #app) / of controls, by MutationObserver (Firefox runs no preload script in moz-extension pages: installed by polling, before the first draw). mark.js: ${phrases.length} phrases from \`go run ./scripts/benchlib/phrases\`, same page, site switched off, call to \`done\`.`,
);
for (const k of kinds) {
  const how = [...(rec.notes[k]?.['cold-bg'] ?? [])].join('; ');
  out.push(`- ${k}: background stopped by ${how || '–'}.`);
}
for (const k of kinds) for (const f of rec.notes[k]?.failed ?? []) out.push(`- ${k}: FAILED in ${f}`);
if (inNode.procs) out.push(`- engine.wasm in node: \`node scripts/benchlib/engine-node.mjs\`, ${inNode.procs} fresh processes of ${inNode.scans} sliced scans each (open, then next(64 KB) until done, no pauses), the engine set up as engine.js does (GOGC=300, packs.bin); first scans and later scans, medians. The same in both browser columns: it runs once, outside them.`);
if (native.line) out.push(`- native: \`go test -run '^$' -bench '^${native.name}$' ${native.pkg}\`: ${native.line}`);
const table = out.join('\n');
fs.mkdirSync(path.join(root, 'build/bench'), { recursive: true });
fs.writeFileSync(path.join(root, 'build/bench/table.md'), table + '\n');
fs.writeFileSync(path.join(root, 'build/bench/samples.json'), JSON.stringify(rec.samples, null, 1));
console.log(table);
