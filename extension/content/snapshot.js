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
    function walk(top) {
      const made = element(top);
      const stack = [[top, made, childrenOf(top), 0]];
      while (stack.length) {
        const frame = stack[stack.length - 1];
        const [, out, kids] = frame;
        if (frame[3] >= kids.length) {
          stack.pop();
          continue;
        }
        const n = kids[frame[3]++];
        if (n.nodeType === Node.TEXT_NODE) {
          texts.push(n);
          out.push(n.data);
        } else if (n.nodeType === Node.ELEMENT_NODE) {
          if (n.localName === UI_TAG) continue;
          const child = element(n);
          out.push(child);
          if (!skip.has(child[0])) stack.push([n, child, childrenOf(n), 0]);
        } else if (n.nodeType === Node.DOCUMENT_FRAGMENT_NODE) { // an open shadow root
          const child = ['#shadow-root', {}];
          elems.push(null);
          out.push(child);
          stack.push([n, child, [...n.childNodes], 0]);
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
