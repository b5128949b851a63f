// What the benchmark knows about a page, measured from the page itself and
// never from the extension's internals (those change): a script that runs
// in the page's own world at document start (CDP
// Page.addScriptToEvaluateOnNewDocument / BiDi script.addPreloadScript,
// both through puppeteer's evaluateOnNewDocument).
//
// Every animation frame it counts what the page shows: the ranges in the
// `sourcelight-*` entries of CSS.highlights plus the [data-sourcelight]
// elements. `painted` is performance.now() in the first frame where that
// count reaches the number of hints the CLI finds in the same file (?want=N
// in the page's URL); `last` is the frame of the last change, for pages
// where it never does. It also keeps DOMContentLoaded, the long tasks
// (PerformanceObserver 'longtask', Chromium only) and the gaps between
// animation frames (a task that blocks the main thread delays the next
// frame: the one long-task measure Firefox allows from the page).
export function probe() {
  if (window.__bench || !/[?&]want=\d+/.test(location.search)) return;
  const b = (window.__bench = {
    want: Number(new URLSearchParams(location.search).get('want')),
    dcl: null, interactive: null, painted: null, last: null, count: 0, longtasks: [], gaps: [], longtaskAPI: false,
  });
  document.addEventListener('DOMContentLoaded', () => { b.dcl = performance.now(); }, { once: true });
  try {
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) b.longtasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
    b.longtaskAPI = PerformanceObserver.supportedEntryTypes.includes('longtask');
  } catch { /* Firefox: no long task API */ }
  const count = () => {
    let n = 0;
    if (globalThis.CSS?.highlights) for (const [k, h] of CSS.highlights) if (k.startsWith('sourcelight-')) n += h.size;
    return n + document.querySelectorAll('[data-sourcelight]').length;
  };
  let prev = 0;
  let stopAt = Infinity;
  const tick = () => {
    const now = performance.now();
    if (prev && now - prev > 34) b.gaps.push([prev, now - prev]); // longer than two frames
    prev = now;
    const n = count();
    if (n !== b.count) { b.count = n; b.last = now; }
    if (b.painted === null && b.want > 0 && n >= b.want) { b.painted = now; stopAt = now + 1000; }
    if (now < stopAt && now < 60000) requestAnimationFrame(tick); // stop polling 1 s after painted
  };
  requestAnimationFrame(tick);
}

// uiProbe, for the popup and options pages (extension pages): the first
// moment their #app shows controls instead of the loading line, and the
// popup's first moment showing its total (?total=N). A MutationObserver,
// not frames: an extension page's first draw is one DOM change. Chromium
// runs it at document start; Firefox runs no preload script in
// moz-extension:// pages, so there it is installed by polling as soon as the
// document exists (`late` says the page had drawn before it was).
export function uiProbe() {
  if (!location.pathname.includes('/extension/')) return '';
  if (window.__benchUI) return location.href;
  const b = (window.__benchUI = { drawn: null, counts: null, late: false });
  const want = new URLSearchParams(location.search).get('total');
  const check = () => {
    const app = document.getElementById('app');
    if (!app || /Loading/.test(app.textContent)) return;
    const now = performance.now();
    if (b.drawn === null && app.querySelector('button, input, select, textarea')) b.drawn = now;
    // digits not next to other digits: the text runs words together
    if (b.counts === null && want !== null && new RegExp(`(^|\\D)${want}(\\D|$)`).test(app.textContent)) b.counts = now;
  };
  check();
  b.late = b.drawn !== null;
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
  return location.href;
}
