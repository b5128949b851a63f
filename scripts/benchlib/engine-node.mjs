// The page engine outside any browser: extension/engine.wasm run by node's
// V8 (the engine Chromium runs it in) on the 1 MB page's snapshot, once in
// each fresh process (cold: every function compiled on its first call, by
// the baseline tier) and then again in the same process (hot: what V8's
// optimising tier makes of the same code). It separates what the Go code
// costs in wasm from what a page adds (the page's own layout, the fetch,
// pauses between slices): the in-browser throughput target's ceiling.
//
//   node scripts/benchlib/engine-node.mjs            as the bench runs it
//   node scripts/benchlib/engine-node.mjs --child    one process's runs (JSON)
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { root, longParagraphs } from './pages.mjs';

const SCANS = 6; // scans a process: the first is cold

// engineInNode runs `procs` fresh processes and returns the medians of the
// cold and the hot scans (ms, and MB/s of the page's text), with each
// phase's share (decode, build, text, blocks), or { error }.
export function engineInNode(procs = 3) {
  const l = longParagraphs();
  if (!l) return { error: '../shared/corpus/polnear absent' };
  const runs = [];
  for (let i = 0; i < procs; i++) {
    runs.push(JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child'], { encoding: 'utf8', maxBuffer: 1 << 24 })));
  }
  const med = (a) => { const s = [...a].sort((x, y) => x - y); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
  const pick = (hot) => {
    const scans = runs.flatMap((r) => (hot ? r.scans.slice(1) : r.scans.slice(0, 1)));
    const ms = med(scans.map((s) => s.ms));
    const phases = {};
    for (const k of Object.keys(scans[0].phases)) phases[k] = med(scans.map((s) => s.phases[k]));
    return { ms, mbs: l.textBytes / 1e3 / ms, phases };
  };
  return { cold: pick(false), hot: pick(true), procs, scans: SCANS, node: process.version, textBytes: l.textBytes };
}

// child: one process, SCANS sliced scans of the snapshot, as engine.js
// drives them (open, then next() until done), without pauses.
async function child() {
  const ext = path.join(root, 'extension');
  await import(path.join(ext, 'wasm_exec.js'));
  const { paras } = longParagraphs();
  const snapshot = JSON.stringify({ lang: 'en', root: ['body', {}, ['article', {}, ['h1', {}, 'PolNeAR train texts, about 1 MB'], ...paras.map((t) => ['p', {}, t])]] });
  const go = new globalThis.Go();
  go.env = { GOGC: '300' }; // as engine.js
  const { instance } = await WebAssembly.instantiate(fs.readFileSync(path.join(ext, 'engine.wasm')), go.importObject);
  go.run(instance);
  const e = globalThis.sourcelightEngine;
  e.load(zlib.gunzipSync(fs.readFileSync(path.join(ext, 'packs.bin'))), null, '[]');
  const scans = [];
  for (let i = 0; i < SCANS; i++) {
    const phases = { decode: 0, build: 0, text: 0, blocks: 0 };
    const t0 = performance.now();
    let phase = JSON.parse(e.open(snapshot, '[]')).next;
    for (;;) {
      const t = performance.now();
      const part = JSON.parse(e.next(64 << 10));
      if (part.error) throw new Error(part.error);
      phases[phase] = (phases[phase] ?? 0) + performance.now() - t;
      phase = part.next;
      if (part.done) break;
    }
    scans.push({ ms: performance.now() - t0, phases });
  }
  process.stdout.write(JSON.stringify({ scans }));
  process.exit(0);
}

if (process.argv.includes('--child')) await child();
else if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(engineInNode(), null, 1));
