// The pages both browser tests serve on 127.0.0.1 (wasm/testdata; the Go
// test in wasm/e2e serves the same files), and what the CLI says about them.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

export const root = path.resolve(import.meta.dirname, '../..');
export const example = path.join(root, 'wasm/testdata/example-article.html');
export const seed = path.resolve(root, '../shared/fixtures/seed-article.html');
export const hasSeed = fs.existsSync(seed);

export async function serve(extra = {}) {
  const read = (f) => (fs.existsSync(f) ? fs.readFileSync(f) : null);
  const e2e = (f) => read(path.join(root, 'wasm/testdata/e2e', f));
  const pages = {
    '/example': read(example), '/example-copy': read(example), '/seed': read(seed),
    '/dynamic': e2e('dynamic.html'), '/frames': e2e('frames.html'), '/frame': e2e('frame.html'),
    '/frames8': e2e('frames8.html'), '/remove': e2e('remove.html'), '/attrs': e2e('attrs.html'),
    '/long': repeated(read(example), 300),
    ...extra,
  };
  const server = http.createServer((req, res) => {
    const p = req.url.split('?')[0];
    let body = pages[p] ?? (p.startsWith('/seed') ? pages['/seed'] : /^\/(example|slow)/.test(p) ? pages['/example'] : null);
    const headers = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
    if (p.startsWith('/strict')) {
      body = pages['/example'];
      headers['content-security-policy'] = "default-src 'none'; style-src 'self'";
    }
    if (!body) { res.writeHead(404); return res.end(); }
    res.writeHead(200, headers);
    if (p.startsWith('/slow')) {
      // the example up to its <body> tag, the rest a second later, as a
      // network delivers it: the engine is ready before the page is
      const end = body.indexOf('>', body.indexOf('<body')) + 1;
      res.write(body.subarray(0, end));
      return setTimeout(() => res.end(body.subarray(end)), 1000);
    }
    res.end(body);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { base: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

// repeated is a page with its body n times over (wasm/e2e serves the same).
function repeated(page, n) {
  const s = page.toString();
  const i = s.indexOf('<body>');
  const j = s.indexOf('</body>');
  return Buffer.from(s.slice(0, j) + s.slice(i + '<body>'.length, j).repeat(n - 1) + s.slice(j));
}

// collapse drops white space: a Range's text keeps the page's line breaks,
// a block's textContent runs its paragraphs together; the words must agree.
export const collapse = (s) => s.replace(/\s+/g, '');

// expected runs `sourcelight scan --format json` on a page file.
export function expected(file) {
  const out = execFileSync(path.join(root, 'build/sourcelight'), ['scan', '--format', 'json', file], { encoding: 'utf8' });
  return JSON.parse(out).hints.map((h) => `${h.block ? 'block' : 'inline'}|${h.category}|${collapse(h.text)}`).sort();
}

// lines turns what the page shows into the same form.
export function lines(seen) {
  const out = [];
  for (const [name, texts] of Object.entries(seen.highlights)) {
    for (const t of texts) out.push(`inline|${name.replace(/^sourcelight-/, '')}|${collapse(t)}`);
  }
  for (const b of seen.blocks) out.push(`block|${b.kind}|${collapse(b.text)}`);
  return out.sort();
}

// readSeen runs in the page's own world: what a page, a theme or a test sees.
export function readSeen() {
  const highlights = {};
  for (const [name, h] of CSS.highlights) {
    // sourcelight-<category> names what a hint is; sourcelight-pack-<id> only paints it
    if (name.startsWith('sourcelight-') && !name.startsWith('sourcelight-pack-')) highlights[name] = [...h].map((r) => r.toString());
  }
  const blocks = [...document.querySelectorAll('[data-sourcelight]')].map((e) => ({ kind: e.dataset.sourcelight, text: e.textContent }));
  return { highlights, blocks };
}

// diff compares multisets: a missing or extra duplicate is a difference.
export function diff(want, got) {
  const count = new Map();
  for (const w of want) count.set(w, (count.get(w) ?? 0) + 1);
  for (const g of got) count.set(g, (count.get(g) ?? 0) - 1);
  const out = [];
  for (const [k, n] of [...count].sort()) {
    for (let i = n; i > 0; i--) out.push(`missing: ${k}`);
    for (let i = n; i < 0; i++) out.push(`extra: ${k}`);
  }
  return out;
}

export const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
