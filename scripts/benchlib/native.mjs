// Figures that need no browser: wasm sizes, the native matcher's
// throughput (Go benchmark), the default packs' phrases for mark.js, and
// the machine.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { root } from './pages.mjs';

const env = { ...process.env, PATH: `/usr/local/go/bin:${process.env.PATH}` };
const go = (args, opts = {}) => execFileSync('go', args, { cwd: root, env, encoding: 'utf8', maxBuffer: 1 << 26, ...opts });

// wasmSizes: every extension/*.wasm, raw and gzip -9 (what a store or a
// server sending it compressed would send).
export function wasmSizes() {
  const dir = path.join(root, 'extension');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.wasm')).sort().map((f) => {
    const data = fs.readFileSync(path.join(dir, f));
    return { name: f, raw: data.length, gzip: zlib.gzipSync(data, { level: 9 }).length };
  });
}

// nativeBench runs BenchmarkScanPolNeAR where it exists (real news text),
// else BenchmarkScanText (synthetic), in whichever package declares it,
// and returns what `go test -bench` reports.
export function nativeBench() {
  let name = null;
  let pkg = null;
  for (const want of ['BenchmarkScanPolNeAR', 'BenchmarkScanText']) {
    const hit = grep(path.join(root, 'wasm'), new RegExp(`^func ${want}\\(`, 'm'));
    if (hit) { name = want; pkg = `./${path.relative(root, path.dirname(hit))}/`; break; }
  }
  if (!name) return { error: 'no BenchmarkScanPolNeAR or BenchmarkScanText' };
  const out = go(['test', '-run', '^$', '-bench', `^${name}$`, pkg]);
  const line = out.split('\n').find((l) => l.startsWith(name)) ?? '';
  const mbs = line.match(/([\d.]+) MB\/s/);
  return { name, pkg, line: line.replace(/\s+/g, ' ').trim(), mbs: mbs ? Number(mbs[1]) : null };
}

function grep(dir, re) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) { const hit = grep(p, re); if (hit) return hit; }
    else if (e.name.endsWith('_test.go') && re.test(fs.readFileSync(p, 'utf8'))) return p;
  }
  return null;
}

// phrases: the built-in packs' phrase templates, expanded and folded by
// the Go side (scripts/benchlib/phrases), so mark.js looks for what the
// engine's Aho–Corasick pass looks for.
export function phrases() {
  return go(['run', './scripts/benchlib/phrases']).split('\n').filter(Boolean);
}

export function machine() {
  const cpu = fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? os.cpus()[0]?.model ?? '?';
  const nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  return { cpu, nproc, load, mem: `${(os.totalmem() / 2 ** 30).toFixed(1)} GB` };
}
