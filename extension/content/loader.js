// The only script Sourcelight puts on every page, at document_start. It
// reads two settings and, where the reader switched Sourcelight off
// (everywhere, or on this site), stops here: the engine is never fetched,
// the page pays nothing more. Otherwise it starts the page code at once,
// which begins fetching the engine while the page is still loading. It
// keeps listening, so that switching on takes effect without a reload.
(() => {
  if (globalThis.__sourcelight) return; // injected twice (a frame re-used)
  globalThis.__sourcelight = true;
  const api = globalThis.browser ?? globalThis.chrome;
  const host = location.hostname;
  let main = null;

  const on = ({ enabled = true, sites = {} }) => enabled !== false && sites[host] !== false;

  async function start() {
    main ??= import(api.runtime.getURL('extension/content/main.js')).then((m) => m.start(host));
    return main;
  }

  api.storage.local.get(['enabled', 'sites']).then((s) => { if (on(s)) start(); });
  api.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || main || !(changes.enabled || changes.sites)) return;
    api.storage.local.get(['enabled', 'sites']).then((s) => { if (on(s)) start(); });
  });
})();
