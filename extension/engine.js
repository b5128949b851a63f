// The Go engine (engine.wasm) in whatever context imports this module: the
// content script or the background. One JSON string crosses the boundary
// per call; see wasm/cmd/engine and wasm/snapshot.
import { api, rulesKey } from './api.js';
import './wasm_exec.js'; // defines globalThis.Go (a static import: service workers forbid import())

let loading = null;

// load instantiates the engine once per context. In Chromium a page CSP
// without 'wasm-unsafe-eval' makes this throw a CompileError in the content
// script; the caller then asks the background instead (see remoteEngine).
export function load() {
  loading ??= (async () => {
    const t0 = performance.now();
    const go = new globalThis.Go();
    const url = api.runtime.getURL('extension/engine.wasm');
    let result;
    try {
      result = await WebAssembly.instantiateStreaming(fetch(url), go.importObject);
    } catch (e) {
      if (e instanceof WebAssembly.CompileError || e instanceof WebAssembly.LinkError) throw e;
      // a server without the wasm MIME type: compile from bytes
      const bytes = await (await fetch(url)).arrayBuffer();
      result = await WebAssembly.instantiate(bytes, go.importObject);
    }
    go.run(result.instance); // resolves only when Go's main returns: never awaited
    const e = globalThis.sourcelightEngine;
    if (!e) throw new Error('engine.wasm did not register');
    return wrap(e, Math.round(performance.now() - t0));
  })();
  loading.catch(() => { loading = null; });
  return loading;
}

function wrap(e, loadMs) {
  const parse = (s) => {
    const v = JSON.parse(s);
    if (v?.error) throw new Error(v.error);
    return v;
  };
  return {
    path: 'content',
    loadMs,
    configure: async (config) => {
      const t0 = performance.now();
      const r = parse(e.configure(JSON.stringify(config ?? {})));
      r.ms = Math.round(performance.now() - t0);
      return r;
    },
    scan: async (snapshot, skip = []) => parse(e.scan(snapshot, JSON.stringify(skip))),
    tags: async () => parse(e.tags()),
  };
}

// remoteEngine has the same interface and runs in the background: the
// snapshot goes there by message and hints come back. Page text stays in
// the browser either way.
export function remoteEngine(rules) {
  let key = rulesKey(rules);
  const call = async (msg) => {
    const r = await api.runtime.sendMessage({ ...msg, rules: key });
    if (!r || r.error) throw new Error(r?.error ?? 'no answer from the background');
    return r;
  };
  return {
    path: 'background',
    loadMs: 0,
    // the background reads the rules from storage; the key says which
    configure: async (next) => {
      key = rulesKey(next);
      return { problems: [] };
    },
    scan: (snapshot, skip = []) => call({ type: 'scan', snapshot, skip }),
    tags: () => call({ type: 'tags' }),
  };
}
