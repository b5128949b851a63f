// Subscriptions: rule packs the reader follows by URL, one pack or a feed
// of packs like the worker's GET /v1/packs. The background runs this.
//
//   alarm / subscribe / "Check now" ──▶ fetch (If-None-Match, If-Modified-Since, ≤ 1 MB)
//        ──▶ compiler.wasm: the CLI's validator and examples (loaded on demand)
//        ──▶ good: storage.local rules.files, {name, text, subscription: url},
//                  which the engine reads like the reader's own files
//            broken or unreachable: the last good copy stays; the error,
//                  the last good fetch and the next try are recorded
//
// Records live in storage.local "subscriptions":
//   [{url, kind: 'pack'|'feed', etag, lastModified, lastGood, lastTry, nextTry,
//     error, expires, packs: [{id, file, url, etag, lastModified}]}]
// Host access comes from optional_host_permissions, asked for by the options
// page when the reader subscribes, never at install.
import { api, settings } from './api.js';
import { loadCompiler } from './compiler.js';

const DAY = 24 * 3600 * 1000;
const RETRY = 3600 * 1000; // after a failed update, try again within the hour
const MAX_BYTES = 1 << 20;
const ALARM = 'sourcelight-subscriptions';

async function check(name, text) {
  const c = await loadCompiler();
  const r = JSON.parse(c.check(name, text));
  if (r.problems || r.failures) {
    const first = r.marks?.[0];
    const where = first ? ` (line ${first.line}${first.path ? `, ${first.path}` : ''}: ${first.message})` : '';
    const what = r.problems ? `${r.problems} problem${r.problems === 1 ? '' : 's'}` : `${r.failures} failing example${r.failures === 1 ? '' : 's'}`;
    throw new Error(`${name} has ${what}${where}`);
  }
  return r;
}

// get fetches url, conditionally when a copy is kept, refusing bodies over 1 MB.
async function get(url, prev = {}) {
  const headers = {};
  if (prev.etag) headers['If-None-Match'] = prev.etag;
  if (prev.lastModified) headers['If-Modified-Since'] = prev.lastModified;
  let res;
  try {
    res = await fetch(url, { headers, cache: 'no-store', credentials: 'omit' });
  } catch (e) {
    throw new Error(`${url} is unreachable (${e?.message ?? e})`);
  }
  if (res.status === 304) return { notModified: true, etag: prev.etag, lastModified: prev.lastModified };
  if (!res.ok) throw new Error(`${url} answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > MAX_BYTES) throw new Error(`${url} is ${declared} bytes: over the 1 MB limit`);
  const reader = res.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > MAX_BYTES) {
      reader.cancel().catch(() => {});
      throw new Error(`${url} is over the 1 MB limit`);
    }
    chunks.push(value);
  }
  const buf = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) { buf.set(c, at); at += c.length; }
  return {
    text: new TextDecoder().decode(buf),
    etag: res.headers.get('etag') ?? '',
    lastModified: res.headers.get('last-modified') ?? '',
    expiresHeader: res.headers.get('expires') ?? '',
  };
}

// expiry reads how long a copy is good for: an "expires" the pack or feed
// declares (seconds, or a date), else the Expires header, else one day;
// kept between a minute and thirty days.
function expiry(json, header) {
  let ms = NaN;
  const e = json?.expires;
  if (typeof e === 'number') ms = e * 1000;
  else if (typeof e === 'string') ms = Date.parse(e) - Date.now();
  if (!(ms > 0) && header) ms = Date.parse(header) - Date.now();
  if (!(ms > 0)) ms = DAY;
  return Math.min(Math.max(ms, 60 * 1000), 30 * DAY);
}

const fileName = (url, id) => `sub-${new URL(url).hostname.replace(/[^a-z0-9.-]/gi, '-')}-${id}.json`;

// fetchPacks brings one subscription up to date: the packs that are good
// now (fresh or kept), and the errors of those that are not.
async function fetchPacks(sub, files) {
  const kept = new Map(files.filter((f) => f.subscription === sub.url).map((f) => [f.name, f]));
  const top = await get(sub.url, sub);
  sub.etag = top.etag;
  sub.lastModified = top.lastModified;
  let doc = null;
  if (!top.notModified) {
    try {
      doc = JSON.parse(top.text);
    } catch (e) {
      throw new Error(`${sub.url} is not JSON (${e.message})`);
    }
    sub.kind = Array.isArray(doc?.packs) && !Array.isArray(doc?.rules) ? 'feed' : 'pack';
    sub.expires = expiry(doc, top.expiresHeader);
  }
  const out = [];
  const errors = [];
  if (sub.kind === 'pack') {
    const old = sub.packs?.[0];
    if (top.notModified) {
      if (old && kept.has(old.file)) out.push({ ...old, text: kept.get(old.file).text });
    } else {
      const id = String(doc?.id ?? 'pack');
      const file = fileName(sub.url, id);
      try {
        await check(file, top.text);
        out.push({ id, file, url: sub.url, text: top.text });
      } catch (e) {
        errors.push(e.message);
        if (old && kept.has(old.file)) out.push({ ...old, text: kept.get(old.file).text });
      }
    }
    return { out, errors };
  }
  // a feed: every pack in it, except the built-in ones the extension has
  const entries = top.notModified
    ? (sub.packs ?? []).map((p) => ({ id: p.id, url: p.url }))
    : (doc.packs ?? []).filter((p) => p && p.id && !p.builtin).map((p) => ({ id: String(p.id), url: new URL(p.url ?? `${p.id}`, sub.url).href }));
  for (const entry of entries) {
    const old = (sub.packs ?? []).find((p) => p.id === entry.id);
    const file = fileName(sub.url, entry.id);
    const last = kept.get(file);
    try {
      const r = await get(entry.url, last ? old ?? {} : {});
      if (r.notModified && last) {
        out.push({ id: entry.id, file, url: entry.url, etag: r.etag, lastModified: r.lastModified, text: last.text });
        continue;
      }
      await check(file, r.text);
      out.push({ id: entry.id, file, url: entry.url, etag: r.etag, lastModified: r.lastModified, text: r.text });
    } catch (e) {
      errors.push(e.message);
      if (last) out.push({ ...(old ?? { id: entry.id, file, url: entry.url }), text: last.text });
    }
  }
  return { out, errors };
}

// Every change to subscriptions and their packs goes through this queue:
// one at a time, so no update overwrites another.
let queue = Promise.resolve();
function serial(fn) {
  const next = queue.then(fn, fn);
  queue = next.catch(() => {});
  return next;
}

async function refresh(url, { force = false, adding = false } = {}) {
  const now = Date.now();
  const { subscriptions, rules } = await settings(['subscriptions', 'rules']);
  let sub = subscriptions.find((s) => s.url === url);
  if (!sub && !adding) return { error: `not subscribed to ${url}` };
  if (sub && !force && sub.nextTry > now) return { ok: true };
  sub ??= { url, kind: 'pack', packs: [] };
  const all = [...(rules.files ?? []), ...(rules.off ?? [])];
  let result;
  try {
    result = await fetchPacks(sub, all);
  } catch (e) {
    result = { out: null, errors: [e.message] };
  }
  sub.lastTry = now;
  if (adding && (!result.out || result.out.length === 0)) {
    return { error: result.errors[0] ?? `${url} has no pack to subscribe to` };
  }
  if (result.out) {
    sub.packs = result.out.map(({ text, ...p }) => p);
    const texts = new Map(result.out.map((p) => [p.file, p.text]));
    const keep = (f) => f.subscription !== url || texts.has(f.name);
    const update = (f) => (f.subscription === url ? { ...f, text: texts.get(f.name) } : f);
    rules.files = (rules.files ?? []).filter(keep).map(update);
    rules.off = (rules.off ?? []).filter(keep).map(update);
    for (const p of result.out) {
      if (![...rules.files, ...rules.off].some((f) => f.name === p.file)) rules.files.push({ name: p.file, text: p.text, subscription: url });
    }
  }
  if (result.errors.length) {
    sub.error = result.errors.join('; ');
    sub.nextTry = now + Math.min(RETRY, sub.expires ?? DAY);
  } else {
    sub.error = '';
    sub.lastGood = now;
    sub.nextTry = now + (sub.expires ?? DAY);
  }
  const next = subscriptions.filter((s) => s.url !== url);
  next.push(sub);
  await api.storage.local.set({ subscriptions: next, rules });
  await schedule(next);
  return sub.error ? { ok: true, error: adding ? '' : sub.error } : { ok: true };
}

async function schedule(subs) {
  const soonest = Math.min(...subs.map((s) => s.nextTry ?? Infinity));
  await api.alarms.clear(ALARM);
  if (Number.isFinite(soonest)) api.alarms.create(ALARM, { when: Math.max(soonest, Date.now() + 60 * 1000) });
}

async function refreshAll(force) {
  const { subscriptions } = await settings(['subscriptions']);
  for (const s of subscriptions) await refresh(s.url, { force });
}

async function unsubscribe(url) {
  const { subscriptions, rules } = await settings(['subscriptions', 'rules']);
  const next = subscriptions.filter((s) => s.url !== url);
  rules.files = (rules.files ?? []).filter((f) => f.subscription !== url);
  rules.off = (rules.off ?? []).filter((f) => f.subscription !== url);
  await api.storage.local.set({ subscriptions: next, rules });
  await schedule(next);
  return { ok: true };
}

api.alarms?.onAlarm.addListener((a) => {
  if (a.name === ALARM) serial(() => refreshAll(false));
});

api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  // only the extension's own pages manage subscriptions, never a content
  // script (which runs in web pages)
  if (!String(sender?.url ?? '').startsWith(api.runtime.getURL(''))) return false;
  let job;
  switch (msg?.type) {
    case 'subscribe': job = () => refresh(msg.url, { force: true, adding: true }); break;
    case 'unsubscribe': job = () => unsubscribe(msg.url); break;
    case 'refresh-subscriptions':
      job = () => (msg.url ? refresh(msg.url, { force: !!msg.force }) : refreshAll(!!msg.force).then(() => ({ ok: true })));
      break;
    default: return false;
  }
  serial(job).then(sendResponse, (e) => sendResponse({ error: String(e?.message ?? e) }));
  return true;
});
