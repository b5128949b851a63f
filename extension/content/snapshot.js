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
    // no tree of arrays to stringify at the end, and no recursion, which
    // pages nested 10,000 deep would overflow (JSON.stringify in Firefox).
    const out = ['{"lang":', JSON.stringify(document.documentElement.lang || ''), ',"root":'];
    element(root);
    const stack = [[childrenOf(root), 0]];
    let steps = 0;
    let since = performance.now();
    while (stack.length) {
      const frame = stack[stack.length - 1];
      if (frame[1] >= frame[0].length) {
        stack.pop();
        out.push(']');
        continue;
      }
      if (pause && (++steps & 511) === 0 && performance.now() - since > SLICE_MS) {
        await pause();
        since = performance.now();
      }
      const n = frame[0][frame[1]++];
      if (n.nodeType === Node.TEXT_NODE) {
        texts.push(n);
        out.push(',', JSON.stringify(n.data));
      } else if (n.nodeType === Node.ELEMENT_NODE) {
        if (n.localName === UI_TAG) continue;
        out.push(',');
        if (skip.has(element(n))) out.push(']');
        else stack.push([childrenOf(n), 0]);
      } else if (n.nodeType === Node.DOCUMENT_FRAGMENT_NODE) { // an open shadow root
        elems.push(null);
        out.push(',["#shadow-root",{}');
        stack.push([[...n.childNodes], 0]);
      }
    }
    out.push('}');
    return { json: out.join(''), texts, elems };

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
