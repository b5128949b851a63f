// Start-up, install and update, in both browsers: a tab that is open before
// the extension runs gets its hints (issue #10).
//
//   at start-up   the page is the browser's first tab, opened with the
//                 browser (Chromium: the extension loaded by --load-extension;
//                 Firefox: the packaged add-on installed in the profile)
//   at install    the page is open, then the extension is installed
//   at update     the page shows its hints, then the extension is updated in
//                 place (a new version from the same folder): the page's
//                 code answers the new extension and shows the same hints
//
// Each time the highlights and blocks must equal `sourcelight scan` for the
// page. Run: node scripts/e2e/startup.mjs [chromium|firefox] (after scripts/build)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, extPage, root, sleep, readSeen, lines, diff } from './browsers.mjs';
import { example, serve, expected } from './pages.mjs';
import { copyExtension, setVersion, zip } from './startup-lib.mjs';

const kinds = process.argv.slice(2).filter((a) => !a.startsWith('-'));
let failed = 0;
const ok = (kind, cond, name, detail = '') => {
  console.log(`${cond ? 'ok  ' : 'FAIL'} ${kind}: ${name}${cond || !detail ? '' : `\n     ${detail}`}`);
  if (!cond) failed++;
};

// hintsIn waits for the content tab's hints and compares them with the CLI.
async function hintsIn(b, kind, name, want, ms = 20000) {
  const until = Date.now() + ms;
  let tab = null, st = null;
  while (Date.now() < until && !st) {
    [tab] = await b.contentTabs().catch(() => []);
    if (tab != null) st = await b.state(tab).catch(() => null);
    if (!st?.timings?.painted) st = null;
    if (!st) await sleep(100);
  }
  const page = (await b.browser.pages()).find((p) => p.url().startsWith('http://127.0.0.1'));
  const got = page ? lines(await page.evaluate(readSeen)) : [];
  const d = diff(want, got);
  ok(kind, !!st && !st.error && !d.length, `${name}: the open tab gets its hints (${got.length} of ${want.length})`,
    `${st ? `error: ${st.error}` : 'no report from the content script'}\n     ${d.join('\n     ')}`);
  return { tab, page };
}

async function startup(kind, srv, want) {
  let b;
  if (kind === 'firefox') {
    const dir = copyExtension('1.0.0');
    const xpi = path.join(dir, 'sourcelight.xpi');
    zip(dir, xpi);
    b = await launch(kind, { extension: 'profile', xpi, startURL: `${srv.base}/example?startup` });
    fs.rmSync(dir, { recursive: true, force: true });
  } else {
    b = await launch(kind, { extension: true, startURL: `${srv.base}/example?startup` });
  }
  try { await hintsIn(b, kind, 'tab open at browser start-up', want); } finally { await b.close(); }
}

async function installAndUpdate(kind, srv, want) {
  const dir = copyExtension('1.0.0');
  const b = await launch(kind, { extension: 'later' });
  try {
    const page = await b.browser.newPage();
    await page.goto(`${srv.base}/example?install`);
    for (const p of await b.browser.pages()) if (p !== page) await p.close().catch(() => {});
    await sleep(300);
    await b.install(dir);
    const { tab } = await hintsIn(b, kind, 'tab open at install', want);

    // update in place: a new version in the same folder, loaded again
    setVersion(dir, '1.0.1');
    // loading the same folder again is an update in both browsers
    // (Chromium: Extensions.loadUnpacked; Firefox: a temporary add-on installed again)
    await b.install(dir);
    const version = await b.call(() => (globalThis.browser ?? globalThis.chrome).runtime.getManifest().version);
    ok(kind, version === '1.0.1', `updated in place to 1.0.1 (${version})`);
    // the old content script is gone or orphaned: the new one must answer
    let st = null;
    for (let i = 0; i < 200 && !st?.timings?.painted; i++) { st = await b.state(tab).catch(() => null); if (!st?.timings?.painted) await sleep(100); }
    const got = lines(await page.evaluate(readSeen));
    const d = diff(want, got);
    ok(kind, !!st?.timings?.painted && !d.length, `tab open at update: the new version's page code answers and shows the hints (${got.length} of ${want.length})`,
      `${st ? '' : 'no answer from the page code'} ${d.join('\n     ')}`);
  } finally {
    await b.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const srv = await serve();
const want = expected(example);
try {
  for (const kind of kinds.length ? kinds : ['chromium', 'firefox']) {
    try {
      await startup(kind, srv, want);
      await installAndUpdate(kind, srv, want);
    } catch (e) {
      ok(kind, false, 'test run', e.stack);
    }
  }
} finally {
  srv.close();
}
process.exit(failed ? 1 : 0);
