// The only script Sourcelight puts on every page, at document_start. It
// reads two settings and, where the reader switched Sourcelight off
// (everywhere, or on this site), stops here: the engine is never fetched,
// the page pays nothing more. Otherwise it starts the page code at once,
// which begins fetching the engine while the page is still loading. It
// keeps listening, so that switching on takes effect without a reload.
(() => {
  // Injected twice (a frame re-used; the background's injection into open
  // tabs on install and start-up meeting the manifest's): the first one stays.
  // One left behind by an update or reload of the extension is dead (its
  // runtime.id is gone) and gives way.
  const prev = globalThis.__sourcelight;
  if (prev && (typeof prev.alive !== 'function' || prev.alive())) return;
  const api = globalThis.browser ?? globalThis.chrome;
  globalThis.__sourcelight = { alive: () => { try { return !!api.runtime?.id; } catch { return false; } } };
  const host = location.hostname;
  let main = null;

  const on = ({ enabled = true, sites = {} }) => enabled !== false && sites[host] !== false;

  // The import can fail when the frame is torn down or navigated while the
  // module graph loads (Firefox: "error loading dynamically imported
  // module", seen on corpus pages whose iframes go away; scripts/sweep). It
  // is tried once more while the document is still there, and a failure
  // never reaches the page as an unhandled rejection.
  const url = api.runtime.getURL('extension/content/main.js');
  const load = (tries) => import(url).catch((e) => {
    if (tries <= 1 || !document.documentElement?.isConnected) throw e;
    return new Promise((r) => setTimeout(r, 200)).then(() => load(tries - 1));
  });

  function start() {
    main ??= load(2).then((m) => m.start(host)).catch(() => {});
    return main;
  }

  api.storage.local.get(['enabled', 'sites']).then((s) => { if (on(s)) start(); }, () => {});
  api.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || main || !(changes.enabled || changes.sites)) return;
    api.storage.local.get(['enabled', 'sites']).then((s) => { if (on(s)) start(); }, () => {});
  });
})();
