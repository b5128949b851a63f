// Least exposure (issue #10): what a web page can learn about the extension
// from its web-accessible resources.
//
//   Chromium  the engine, the packs and the stylesheets are listed with
//             "use_dynamic_url": a page that knows the extension's id still
//             cannot fetch chrome-extension://<id>/extension/engine.wasm by its
//             static URL; the content script reaches them through
//             runtime.getURL's per-session URL and the page gets its hints.
//             The content script's ES modules stay on static URLs: Chromium
//             resolves a module's imports against the static URL even when it
//             was loaded by its dynamic one, so a dynamic-only module graph
//             fails to load (measured: "Denying load of .../api.js"). They go
//             dynamic once the page code is one bundled file.
//   Firefox   accepts the manifest (the key is Chromium's; web-ext lint stays
//             at 0 errors in scripts/build); moz-extension:// hosts are a
//             random UUID per install, which a page cannot guess
//
// Run: node scripts/e2e/exposure.mjs (after scripts/build)
import fs from 'node:fs';
import path from 'node:path';
import { launch, root, readSeen, lines, diff, sleep } from './browsers.mjs';
import { example, serve, expected } from './pages.mjs';

let failed = 0;
const ok = (cond, name, detail = '') => {
  console.log(`${cond ? 'ok  ' : 'FAIL'} ${name}${cond || !detail ? '' : `\n     ${detail}`}`);
  if (!cond) failed++;
};

const manifest = JSON.parse(fs.readFileSync(path.join(root, 'manifest.json')));
const exposed = manifest.web_accessible_resources.flatMap((w) => w.resources);
const dynamic = manifest.web_accessible_resources.filter((w) => w.use_dynamic_url === true).flatMap((w) => w.resources);
ok(['extension/engine.wasm', 'extension/packs.bin'].every((f) => dynamic.includes(f)), 'manifest: engine.wasm and packs.bin only on dynamic URLs');
ok(!exposed.some((r) => r.includes('*') || /ui\.wasm|background|options|popup|loader\.js/.test(r)),
  `manifest: only what the content script loads is exposed, by name (${exposed.length} files)`, exposed.join(' '));

const srv = await serve();
const want = expected(example);
async function probe(kind) {
  const b = await launch(kind);
  try {
    const page = await b.browser.newPage();
    await page.goto(`${srv.base}/example?exposure`);
    const [tab] = await b.contentTabs();
    const st = await b.painted(tab);
    const d = diff(want, lines(await page.evaluate(readSeen)));
    ok(!!st && !st.error && !d.length, `${kind}: the content script loads its files through their dynamic URLs: hints shown`, d.join('\n     '));
    const base = kind === 'chromium' ? `chrome-extension://${b.id}/` : b.extURL('');
    const reached = await page.evaluate(async (base, files) => {
      const out = [];
      for (const f of files) {
        try { const r = await fetch(base + f); if (r.ok) out.push(f); } catch {}
      }
      return out;
    }, base, exposed);
    return reached;
  } finally {
    await b.close();
  }
}

try {
  const reached = await probe('chromium');
  ok(!reached.some((f) => dynamic.includes(f)), `chromium: a page cannot fetch engine.wasm, packs.bin or the stylesheets by their static URLs`, `reached: ${reached.join(' ')}`);
  console.log(`info chromium: still reachable by static URL (the content script's modules): ${reached.join(' ')}`);
  const ff = await probe('firefox');
  // documented, not a failure: with the UUID known (the tests fix it by pref) a page could fetch them
  console.log(`info firefox: with the per-install UUID known, a page reaches ${ff.length} of ${exposed.length} files; the UUID is random per install`);
} catch (e) {
  ok(false, 'test run', e.stack);
} finally {
  srv.close();
}
await sleep(10);
process.exit(failed ? 1 : 0);
