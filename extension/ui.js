// Loads ui.wasm, the Go that draws the popup and the options page with
// honnef.co/go/js/dom/v2 (wasm/ui). The JS around it does only what JS
// must: browser APIs, storage, files.
import { api } from './api.js';

let loading = null;

export function loadUI() {
  loading ??= (async () => {
    const bytes = fetch(api.runtime.getURL('extension/ui.wasm')); // megabytes: begun first
    bytes.catch(() => {}); // awaited below
    await import('./wasm_exec.js'); // extension pages may import(); this loads Go's support
    const go = new globalThis.Go();
    const { instance } = await WebAssembly.instantiateStreaming(bytes, go.importObject);
    go.run(instance);
    if (!globalThis.sourcelightUI) throw new Error('ui.wasm did not register');
    return globalThis.sourcelightUI;
  })();
  return loading;
}
