// The WebExtension API object, whichever browser: Firefox has promise-based
// `browser`; Chromium's `chrome` returns promises too in MV3.
export const api = globalThis.browser ?? globalThis.chrome;

// Storage keys and their defaults. storage.local holds everything: it is
// per device, has no quota trouble with rule files, and is readable from
// content scripts.
export const defaults = {
  enabled: true, // the global switch
  sites: {}, // hostname -> false where the reader switched Sourcelight off
  ignored: {}, // hostname -> ["pack/rule", ...] rules ignored on that site
  rules: { files: [], disabled: [] }, // the reader's packs; built-in packs switched off
  compiled: null, // the reader's packs compiled for the engine: {format, data (base64)}, saved with rules
  renderer: 'auto', // 'auto': CSS Custom Highlight API where present; 'overlay': drawn boxes
  engine: 'page', // where engine.wasm runs: 'page' (each content script) or 'background' (one for all tabs)
  rulesOff: [], // ["pack/rule", ...] rules the reader switched off everywhere (options page)
  subscriptions: [], // subscribed URLs and their fetch state (extension/subscriptions.js)
};

// settings reads the given keys, or takes them from what a read already
// got (a promise of storage.local.get's answer), with defaults.
export async function settings(keys = Object.keys(defaults), read = null) {
  const got = await (read ?? api.storage.local.get(keys));
  const out = {};
  for (const k of keys) out[k] = got[k] ?? structuredClone(defaults[k]);
  return out;
}

export const categories = {
  'anonymous-source': 'Anonymous source',
  denial: 'Denial',
  promotional: 'Promotional',
};

export function categoryName(c) {
  return categories[c] ?? c.replace(/-/g, ' ').replace(/^./, (m) => m.toUpperCase());
}

// rulesKey names a version of the reader's rules (FNV-1a of their JSON):
// a content script sends it with each snapshot, and the background
// rebuilds its matcher when it differs from the one it has.
export function rulesKey(rules) {
  const s = JSON.stringify(rules ?? defaults.rules);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16);
}
