// compiler.wasm: the CLI's validator, examples runner and pack compiler
// (wasm/cmd/compiler), started on demand. The background starts it to
// check subscribed packs and to compile the reader's; the options page
// starts it beside its own ui.wasm, after its first view is drawn.
import { api } from './api.js';
import './wasm_exec.js'; // globalThis.Go (a static import: service workers forbid import())

let compiler = null;

// loadCompiler starts compiler.wasm once per context and answers its API
// (globalThis.sourcelightCompiler: check, compile, problems, preview).
export function loadCompiler() {
  compiler ??= (async () => {
    const go = new globalThis.Go();
    const bytes = await (await fetch(api.runtime.getURL('extension/compiler.wasm'))).arrayBuffer();
    const { instance } = await WebAssembly.instantiate(bytes, go.importObject);
    go.run(instance);
    if (!globalThis.sourcelightCompiler) throw new Error('compiler.wasm did not register');
    return globalThis.sourcelightCompiler;
  })();
  compiler.catch(() => { compiler = null; });
  return compiler;
}
