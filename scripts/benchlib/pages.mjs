// The pages the benchmark loads, generated at run time into build/bench/
// (never committed: the PolNeAR texts are third-party), the expected number
// of hints for each (from `sourcelight scan --format json` of the same
// file), and a server on 127.0.0.1 that serves them.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

export const root = path.resolve(import.meta.dirname, '../..');
const shared = path.resolve(root, '../shared');
const out = path.join(root, 'build/bench');

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const page = (title, body) =>
  `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title></head>\n<body><article><h1>${esc(title)}</h1>\n${body}</article></body></html>\n`;

// longParagraphs: PolNeAR train texts (sorted, so every run gets the same
// ones), paragraph by paragraph, until they hold ~1 MB of text; null
// without ../shared.
export function longParagraphs() {
  const dir = path.join(shared, 'corpus/polnear/train');
  if (!fs.existsSync(dir)) return null;
  const paras = [];
  let bytes = 0;
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
    for (const p of fs.readFileSync(path.join(dir, f), 'utf8').split(/\n\s*\n/)) {
      const t = p.replace(/\s+/g, ' ').trim();
      if (!t) continue;
      paras.push(t);
      bytes += Buffer.byteLength(t);
    }
    if (bytes >= 1_000_000) break;
  }
  return { paras, textBytes: bytes };
}

// longArticle: the long paragraphs, one <p> each.
function longArticle() {
  const l = longParagraphs();
  if (!l) return null;
  return { html: page('PolNeAR train texts, about 1 MB', l.paras.map((t) => `<p>${esc(t)}</p>`).join('\n')), textBytes: l.textBytes };
}

// manyNodes: 4,000 paragraphs of 5 text nodes each (text, link, text,
// emphasis, text) = 20,000 text nodes in the article, with a hint phrase in
// every 10th paragraph. No white space between tags, so no extra nodes.
function manyNodes() {
  const hints = ['officials said, speaking on condition of anonymity', 'The ministry denied reports', 'reportedly', 'people familiar with the matter said'];
  const paras = [];
  let bytes = 0;
  for (let i = 0; i < 4000; i++) {
    const h = i % 10 === 0 ? ` ${hints[(i / 10) % hints.length]}` : '';
    const t = [`Paragraph ${i} of the long page${h} and the council`, 'met on Tuesday', ' to discuss the budget, while ', 'several members', ' asked for more time.'];
    bytes += Buffer.byteLength(t.join(''));
    paras.push(`<p>${esc(t[0])} <a href="#p${i}">${esc(t[1])}</a>${esc(t[2])}<em>${esc(t[3])}</em>${esc(t[4])}</p>`);
  }
  return { html: page('20,000 text nodes', paras.join('')), textBytes: bytes };
}

// expected counts the hints the CLI finds in a page file: what the page
// must show when every hint is painted.
function expected(file) {
  const res = JSON.parse(execFileSync(path.join(root, 'build/sourcelight'), ['scan', '--format', 'json', file], { encoding: 'utf8', maxBuffer: 1 << 28 }));
  return res.hints.length;
}

// build writes the generated pages and returns every page by name:
// { file, want, textBytes? }. Missing ones carry `skip` with the reason.
export function build() {
  fs.mkdirSync(out, { recursive: true });
  const pages = {};
  const seed = path.join(shared, 'fixtures/seed-article.html');
  pages.seed = fs.existsSync(seed) ? { file: seed } : { skip: '../shared absent: no seed page' };
  pages.example = { file: path.join(root, 'wasm/testdata/example-article.html') };
  const long = longArticle();
  if (long) {
    fs.writeFileSync(path.join(out, 'long.html'), long.html);
    pages.long = { file: path.join(out, 'long.html'), textBytes: long.textBytes };
  } else pages.long = { skip: '../shared/corpus/polnear absent: no 1 MB page' };
  const nodes = manyNodes();
  fs.writeFileSync(path.join(out, 'nodes.html'), nodes.html);
  pages.nodes = { file: path.join(out, 'nodes.html'), textBytes: nodes.textBytes };
  for (const p of Object.values(pages)) if (p.file) p.want = expected(p.file);
  return pages;
}

// serve serves /NAME for every page and /mark.js; queries are ignored
// (the probe reads ?want=N from its own URL) but one: &slow=MS sends the
// page up to its <body> tag at once and the rest MS later, as a network
// delivers a real page (DOMContentLoaded comes after the engine is ready).
// No caching, so every load fetches the page again.
export async function serve(pages) {
  const markjs = fs.readFileSync(path.join(root, 'scripts/node_modules/mark.js/dist/mark.min.js'));
  const server = http.createServer((req, res) => {
    const name = req.url.split('?')[0].slice(1);
    const body = name === 'mark.js' ? markjs : pages[name]?.file ? fs.readFileSync(pages[name].file) : null;
    if (!body) { res.writeHead(404); return res.end(); }
    res.writeHead(200, {
      'content-type': name === 'mark.js' ? 'text/javascript' : 'text/html; charset=utf-8',
      'cache-control': 'no-store',
    });
    const slow = Number(new URLSearchParams(req.url.split('?')[1] ?? '').get('slow') ?? 0);
    const cut = slow > 0 ? body.indexOf('<body') : -1;
    if (cut < 0) return res.end(body);
    const end = body.indexOf('>', cut) + 1;
    res.write(body.subarray(0, end));
    setTimeout(() => res.end(body.subarray(end)), slow);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}`;
  return { base, url: (name, extra = '') => `${base}/${name}?want=${pages[name].want}${extra}`, close: () => server.close() };
}
