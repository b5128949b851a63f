// survey: the one walk over the live DOM. It turns a subtree into the
// engine's snapshot JSON (see wasm/snapshot) and remembers, by index, the
// text nodes and elements it met, so that the engine's answers (text node
// 12, UTF-16 offset 40) become DOM Ranges. Which elements start blocks or
// are skipped is the engine's to say (tags()), not this file's.

export const UI_TAG = 'sourcelight-ui'; // our own overlay host: never surveyed

// Attributes every snapshot keeps; block selectors may ask for more.
const KEEP = ['id', 'class', 'role', 'aria-label', 'hidden', 'lang'];

export function makeSurveyor(tags) {
  const skip = new Set(tags.skip);
  const keep = new Set([...KEEP, ...(tags.attrs ?? [])]);

  return function survey(root) {
    const texts = [];
    const elems = [];
    const tree = walk(root);
    const lang = document.documentElement.lang || '';
    return { json: JSON.stringify({ lang, root: tree ?? ['body', {}] }), texts, elems };

    // Iterative pre-order walk: pages nest deeper than a JS stack likes.
    // A frame is [node, its snapshot, children, next child, depth, where
    // its child elements go]. Past MAX_DEPTH the snapshot is flattened as
    // HTML parsers flatten markup (see MAX_DEPTH): the snapshot is never
    // deeper than the tree `sourcelight scan` reads from this DOM's HTML,
    // and never too deep for JSON.stringify (Firefox threw "too much
    // recursion" on a 10,000-level DOM built by script).
    function walk(top) {
      const made = element(top);
      const stack = [[top, made, childrenOf(top), 0, depthOf(top), made]]; // a root past MAX_DEPTH (a rescan) takes its flattened descendants itself
      while (stack.length) {
        const frame = stack[stack.length - 1];
        const [, out, kids, , depth, holder] = frame;
        if (frame[3] >= kids.length) {
          stack.pop();
          continue;
        }
        const n = kids[frame[3]++];
        if (n.nodeType === Node.TEXT_NODE) {
          texts.push(n);
          out.push(n.data);
        } else if (n.nodeType === Node.ELEMENT_NODE || n.nodeType === Node.DOCUMENT_FRAGMENT_NODE) {
          if (n.localName === UI_TAG) continue;
          const shadow = n.nodeType === Node.DOCUMENT_FRAGMENT_NODE; // an open shadow root
          const child = shadow ? ['#shadow-root', {}] : element(n);
          if (shadow) elems.push(null);
          holder.push(child);
          if (!shadow && skip.has(child[0])) continue;
          let grand = shadow ? [...n.childNodes] : childrenOf(n);
          if (depth + 1 > MAX_DEPTH) {
            // flattened: its text now, so that texts stay in the order the
            // engine numbers them (the snapshot's), then its elements
            for (const k of grand) if (k.nodeType === Node.TEXT_NODE) { texts.push(k); child.push(k.data); }
            grand = grand.filter((k) => k.nodeType !== Node.TEXT_NODE);
          }
          stack.push([n, child, grand, 0, depth + 1, depth + 1 > MAX_DEPTH ? holder : child]);
        }
      }
      return made;
    }

    function element(el) {
      elems.push(el);
      const attrs = {};
      for (const a of el.attributes ?? []) {
        if (keep.has(a.name)) attrs[a.name] = a.value;
      }
      return [el.localName ?? 'body', attrs];
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
