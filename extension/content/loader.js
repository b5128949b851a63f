// The only script Sourcelight puts on every page, at document_start. It
// reads three settings and, where the reader switched Sourcelight off
// (everywhere, or on this site), stops here: the engine is never fetched,
// the page pays nothing more. Otherwise it begins fetching the engine and
// loading the page code while the page is still loading. It keeps
// listening, so that switching on takes effect without a reload.
(() => {
  // Injected twice (a frame re-used; the background's injection into open
  // tabs on install and start-up meeting the manifest's): the first one stays.
  // One left behind by an update or reload of the extension is dead (its
  // runtime.id is gone) and gives way.
  const prev = globalThis.__sourcelight;
  if (prev && (typeof prev.alive !== 'function' || prev.alive())) return;
  const api = globalThis.browser ?? globalThis.chrome;
  // at: when each step of the start-up was done (performance.now(), from
  // navigation): main.js reports them with its own timings, so a slow
  // start shows which step waited (the bench prints them).
  const at = {};
  globalThis.__sourcelight = { at, alive: () => { try { return !!api.runtime?.id; } catch { return false; } } };
  const host = location.hostname;
  let main = null;

  const on = ({ enabled = true, sites = {} }) => enabled !== false && sites[host] !== false;

  // The import can fail when the frame is torn down or navigated while the
  // module graph loads (Firefox: "error loading dynamically imported
  // module", seen on corpus pages whose iframes go away; scripts/sweep). It
  // is tried once more while the document is still there, and a failure
  // never reaches the page as an unhandled rejection.
  const importExt = (path) => import(api.runtime.getURL(`extension/${path}`));
  const load = (tries) => importExt('content/main.js').catch((e) => {
    if (tries <= 1 || !document.documentElement?.isConnected) throw e;
    return new Promise((r) => setTimeout(r, 200)).then(() => load(tries - 1));
  });

  // Once on: the engine is fetched and compiled here, in parallel with
  // the page code's modules (all requested at once, not one level of
  // imports after another) and the rest of the settings; together they
  // are most of the time to first hints. engine.js takes the compiled
  // module and the packs' response from __sourcelight.early.
  const modules = ['api.js', 'engine.js', 'wasm_exec.js', 'content/snapshot.js', 'content/paint.js', 'content/card.js'];
  function start(s) {
    if (main) return main;
    if (s.engine !== 'background') {
      const get = (f) => fetch(api.runtime.getURL(f));
      const early = { module: WebAssembly.compileStreaming(get('extension/engine.wasm')), packs: get('extension/packs.bin') };
      early.module.then(() => { at.compiled = performance.now(); }, () => {});
      for (const p of Object.values(early)) p.catch(() => {}); // engine.js handles failures
      globalThis.__sourcelight.early = early;
    }
    for (const m of modules) importExt(m).catch(() => {});
    const all = api.storage.local.get(null); // read while the page code loads
    all.catch(() => {});
    main = load(2).then((m) => {
      at.imported = performance.now();
      return m.start(host, all);
    }).catch(() => {});
    return main;
  }

  const check = () => api.storage.local.get(['enabled', 'sites', 'engine']).then((s) => {
    at.settings ??= performance.now();
    if (on(s)) start(s);
  }, () => {});
  check();
  api.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || main || !(changes.enabled || changes.sites)) return;
    check();
  });
})();
