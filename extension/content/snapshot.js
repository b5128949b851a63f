// survey: the one walk over the live DOM. It turns a subtree into the
// engine's snapshot JSON (see wasm/snapshot) and remembers, by index, the
// text nodes and elements it met, so that the engine's answers (text node
// 12, UTF-16 offset 40) become DOM Ranges. Which elements start blocks or
// are skipped is the engine's to say (tags()), not this file's.

export const UI_TAG = 'sourcelight-ui'; // our own overlay host: never surveyed

// Attributes every snapshot keeps; block selectors may ask for more.
const KEEP = ['id', 'class', 'role', 'aria-label', 'hidden', 'lang'];

// A long walk gives the main thread back after about this long.
const SLICE_MS = 12;

export function makeSurveyor(tags) {
  const skip = new Set(tags.skip);
  const keep = new Set([...KEEP, ...(tags.attrs ?? [])]);

  // survey walks root. When pause is given, the walk awaits it whenever it
  // has run SLICE_MS, so a long page never holds the main thread; the
  // caller watches for changes made meanwhile (the MutationObserver).
  return async function survey(root, pause = null) {
    const texts = [];
    const elems = [];
    // The JSON is written piece by piece as the walk goes, iteratively:
    // no tree of arrays to stringify at the end, and no recursion (Firefox's
    // JSON.stringify threw "too much recursion" on a 10,000-level DOM).
    const out = ['{"lang":', JSON.stringify(document.documentElement.lang || ''), ',"root":'];
    element(root);
    // A frame is [children, next child, depth, flattened]. Past MAX_DEPTH
    // an element is written whole at once (with its own text) and its
    // child elements follow it as siblings, as HTML parsers attach them:
    // see MAX_DEPTH. A root past it (a rescan) takes them itself.
    const stack = [[childrenOf(root), 0, depthOf(root), false]];
    let steps = 0;
    let since = performance.now();
    let busy = 0; // time walking, pauses left out
    while (stack.length) {
      const frame = stack[stack.length - 1];
      if (frame[1] >= frame[0].length) {
        stack.pop();
        if (!frame[3]) out.push(']'); // a flattened element was closed already
        continue;
      }
      if (pause && (++steps & 511) === 0 && performance.now() - since > SLICE_MS) {
        busy += performance.now() - since;
        await pause();
        since = performance.now();
      }
      const n = frame[0][frame[1]++];
      if (n.nodeType === Node.TEXT_NODE) {
        texts.push(n);
        out.push(',', JSON.stringify(n.data));
        continue;
      }
      const shadow = n.nodeType === Node.DOCUMENT_FRAGMENT_NODE; // an open shadow root
      if (!shadow && (n.nodeType !== Node.ELEMENT_NODE || n.localName === UI_TAG)) continue;
      out.push(',');
      if (shadow) {
        elems.push(null);
        out.push('["#shadow-root",{}');
      } else if (skip.has(element(n))) {
        out.push(']');
        continue;
      }
      let kids = shadow ? [...n.childNodes] : childrenOf(n);
      const depth = frame[2] + 1;
      const flat = depth > MAX_DEPTH;
      if (flat) { // its text now, in the order the engine numbers texts, then its elements
        for (const k of kids) {
          if (k.nodeType === Node.TEXT_NODE) {
            texts.push(k);
            out.push(',', JSON.stringify(k.data));
          }
        }
        out.push(']');
        kids = kids.filter((k) => k.nodeType !== Node.TEXT_NODE);
      }
      stack.push([kids, 0, depth, flat]);
    }
    out.push('}');
    const json = out.join('');
    return { json, texts, elems, busy: busy + performance.now() - since };

    // element writes el's opening, [tag,{attrs}, and returns its tag
    function element(el) {
      elems.push(el);
      const attrs = {};
      for (const a of el.attributes ?? []) {
        if (keep.has(a.name)) attrs[a.name] = a.value;
      }
      const tag = el.localName ?? 'body';
      out.push('[', JSON.stringify(tag), ',', JSON.stringify(attrs));
      return tag;
    }
  };
}

// MAX_DEPTH: Chromium's and Firefox's HTML parsers attach an element
// opened past 512 open elements to the element at depth 512 (with <html>
// at 1), where it keeps its own text; `sourcelight scan` reads markup the
// same way (wasm/htmldoc/internal/htmlparse). A DOM built deeper by script
// is surveyed as if it had been parsed from its HTML.
const MAX_DEPTH = 512;

// depthOf counts el's elements up to <html> (1), through shadow hosts.
function depthOf(el) {
  let d = 0;
  for (let n = el; n; n = n.parentNode ?? n.host) if (n.nodeType === Node.ELEMENT_NODE || n.nodeType === Node.DOCUMENT_FRAGMENT_NODE) d++;
  return d;
}

function childrenOf(el) {
  const kids = [...el.childNodes];
  if (el.shadowRoot) kids.push(el.shadowRoot); // open shadow roots only: closed ones stay private
  return kids;
}

// rangeOf builds the DOM Range of an inline hint from a survey.
export function rangeOf(s, [sn, so, en, eo]) {
  const a = s.texts[sn];
  const b = s.texts[en];
  if (!a || !b || so > a.length || eo > b.length) return null;
  const r = new Range();
  r.setStart(a, so);
  r.setEnd(b, eo);
  return r;
}
