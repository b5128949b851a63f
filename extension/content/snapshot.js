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
  const tagJSON = new Map(); // tag -> its JSON string: a page has few tags, met many times

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
    // A frame is an element being walked: its next child, either a node
    // (walked by nextSibling: no array per element) or an index into kids
    // (a shadow host's children and its open shadow root, or the elements
    // of a flattened one); its depth; and whether it was flattened.
    // Past MAX_DEPTH an element is written whole at once (with its own
    // text) and its child elements follow it as siblings, as HTML parsers
    // attach them: see MAX_DEPTH. A root past it (a rescan) takes them itself.
    const stack = [frameOf(root, depthOf(root), false)];
    let steps = 0;
    let since = performance.now();
    let busy = 0; // time walking, pauses left out
    while (stack.length) {
      const frame = stack[stack.length - 1];
      let n;
      if (frame.kids) n = frame.kids[frame.i++];
      else if ((n = frame.next)) frame.next = n.nextSibling;
      if (!n) {
        stack.pop();
        if (!frame.flat) out.push(']'); // a flattened element was closed already
        continue;
      }
      if (pause && (++steps & 511) === 0 && performance.now() - since > SLICE_MS) {
        busy += performance.now() - since;
        await pause();
        since = performance.now();
      }
      const type = n.nodeType;
      if (type === 3) { // Node.TEXT_NODE
        texts.push(n);
        out.push(',', JSON.stringify(n.data));
        continue;
      }
      const shadow = type === 11; // Node.DOCUMENT_FRAGMENT_NODE: an open shadow root
      if (!shadow && (type !== 1 || n.localName === UI_TAG)) continue;
      out.push(',');
      if (shadow) {
        elems.push(null);
        out.push('["#shadow-root",{}');
      } else if (skip.has(element(n))) {
        out.push(']');
        continue;
      }
      const depth = frame.depth + 1;
      if (depth > MAX_DEPTH) { // its text now, in the order the engine numbers texts, then its elements
        const kids = shadow ? [...n.childNodes] : childrenOf(n);
        for (const k of kids) {
          if (k.nodeType === 3) {
            texts.push(k);
            out.push(',', JSON.stringify(k.data));
          }
        }
        out.push(']');
        stack.push({ kids: kids.filter((k) => k.nodeType !== 3), i: 0, next: null, depth, flat: true });
      } else {
        stack.push(frameOf(n, depth, shadow));
      }
    }
    out.push('}');
    const json = out.join('');
    return { json, texts, elems, busy: busy + performance.now() - since };

    // element writes el's opening, [tag,{attrs}, and returns its tag
    function element(el) {
      elems.push(el);
      const tag = el.localName ?? 'body';
      let t = tagJSON.get(tag);
      if (t === undefined) tagJSON.set(tag, (t = JSON.stringify(tag)));
      out.push('[', t, ',');
      if (!el.hasAttributes?.()) {
        out.push('{}');
        return tag;
      }
      const attrs = {};
      for (const a of el.attributes) {
        if (keep.has(a.name)) attrs[a.name] = a.value;
      }
      out.push(JSON.stringify(attrs));
      return tag;
    }
  };
}

// frameOf starts walking an element's children (a shadow root's own, when
// shadow): by nextSibling, unless an open shadow root follows them.
function frameOf(el, depth, shadow) {
  if (!shadow && el.shadowRoot) return { kids: childrenOf(el), i: 0, next: null, depth, flat: false };
  return { kids: null, i: 0, next: el.firstChild, depth, flat: false };
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
