// commit: the only code that changes what the reader sees.
//
// - Inline hints become CSS Custom Highlights registered as
//   sourcelight-<category> (CSS.highlights): the page's DOM is not touched,
//   themes can style ::highlight(sourcelight-denial), tests can read them.
// - Promotional blocks get data-sourcelight="promotional" (the outline is in
//   content.css) and a small label drawn in our own shadow root.
// - Where the Highlight API is missing (or the reader asks for it), inline
//   hints are drawn as boxes in that shadow root instead: still no change
//   to the page's own nodes.
import { categoryName } from '../api.js';
import { UI_TAG } from './snapshot.js';

const hasHighlights = typeof CSS !== 'undefined' && CSS.highlights && typeof Highlight === 'function';

export class Painter {
  constructor(mode) {
    this.overlay = mode === 'overlay' || !hasHighlights;
    this.entries = []; // {hint, range} or {hint, element}, in document order
    this.shown = true;
    this.ui = null;
    this.names = new Set(); // highlight names registered by this painter
  }

  // host is our element on the page: a shadow root for labels, boxes and the card.
  host() {
    if (!this.ui) {
      const el = document.createElement(UI_TAG);
      el.style.cssText = 'all: initial; position: absolute; top: 0; left: 0; width: 0; height: 0; z-index: 2147483647;';
      const root = el.attachShadow({ mode: 'open' });
      const css = document.createElement('link');
      css.rel = 'stylesheet';
      css.href = (globalThis.browser ?? globalThis.chrome).runtime.getURL('extension/content/ui.css');
      const layer = document.createElement('div');
      layer.className = 'layer';
      root.append(css, layer);
      document.documentElement.append(el);
      this.ui = { el, root, layer };
    }
    return this.ui;
  }

  add(entries) {
    this.entries.push(...entries);
    this.entries.sort(order);
    this.render();
  }

  // removeWithin drops the entries inside (or on) the given nodes, before
  // those subtrees are scanned again.
  removeWithin(nodes) {
    const inside = (e) => nodes.some((n) => (e.range ? n.contains(e.range.startContainer) : n.contains(e.element)));
    const gone = this.entries.filter(inside);
    if (!gone.length) return;
    for (const e of gone) if (e.element) e.element.removeAttribute('data-sourcelight');
    this.entries = this.entries.filter((e) => !inside(e));
  }

  show(on) {
    this.shown = on;
    this.render();
  }

  clear() {
    for (const e of this.entries) if (e.element) e.element.removeAttribute('data-sourcelight');
    this.entries = [];
    this.render();
  }

  // render makes the page show exactly this.entries (or nothing, when hidden).
  render() {
    const byCat = new Map();
    for (const e of this.entries) {
      if (e.range && !e.range.collapsed) {
        if (!byCat.has(e.hint.category)) byCat.set(e.hint.category, []);
        byCat.get(e.hint.category).push(e.range);
      }
    }
    if (hasHighlights) {
      // Firefox cannot iterate the registry from a content script ("Xray
      // wrapping of iterators not supported"): remember the names we set.
      for (const name of this.names) CSS.highlights.delete(name);
      this.names.clear();
      if (this.shown && !this.overlay) {
        for (const ranges of byCat.values()) for (const r of ranges) styleShadow(r.startContainer);
        for (const [cat, ranges] of byCat) {
          const h = new Highlight(...ranges);
          h.priority = cat === 'denial' ? 2 : 1; // a denial inside an attribution shows as a denial
          CSS.highlights.set(`sourcelight-${cat}`, h);
          this.names.add(`sourcelight-${cat}`);
        }
      }
    }
    for (const e of this.entries) {
      if (!e.element) continue;
      if (this.shown) e.element.setAttribute('data-sourcelight', e.hint.category);
      else e.element.removeAttribute('data-sourcelight');
    }
    this.place();
  }

  // place draws the block labels and, in overlay mode, the boxes. It runs
  // again when the layout changes (see main.js).
  place() {
    if (!this.ui && !this.entries.some((e) => e.element || this.overlay)) return;
    const { layer } = this.host();
    layer.replaceChildren();
    if (!this.shown) return;
    const sx = window.scrollX;
    const sy = window.scrollY;
    for (const [i, e] of this.entries.entries()) {
      if (e.element) {
        const r = e.element.getBoundingClientRect();
        if (!r.width && !r.height) continue;
        const label = document.createElement('button');
        label.className = `label ${cssName(e.hint.category)}`;
        label.textContent = `${categoryName(e.hint.category)} · ${e.hint.rule.replace(/-/g, ' ')}`;
        label.dataset.index = String(i);
        label.style.left = `${r.left + sx}px`;
        label.style.top = `${Math.max(0, r.top + sy - 18)}px`;
        layer.append(label);
      } else if (this.overlay && e.range) {
        for (const r of e.range.getClientRects()) {
          const box = document.createElement('div');
          box.className = `box ${cssName(e.hint.category)}`;
          box.style.cssText = `left:${r.left + sx}px;top:${r.top + sy}px;width:${r.width}px;height:${r.height}px`;
          layer.append(box);
        }
      }
    }
  }

  // at finds the inline entries at a point of the text.
  at(node, offset) {
    return this.entries.filter((e) => {
      if (!e.range || e.range.collapsed) return false;
      try {
        return e.range.comparePoint(node, offset) === 0;
      } catch {
        return false; // the point is in another tree (a shadow root)
      }
    });
  }

  counts() {
    const c = {};
    for (const e of this.entries) c[e.hint.category] = (c[e.hint.category] ?? 0) + 1;
    return c;
  }
}

// ::highlight() rules apply only in the tree that holds them: a hint in an
// open shadow root needs our highlight styles adopted there too. This adds
// a style sheet to that root, never a node or text.
let sheet = null;
const styled = new WeakSet();

function styleShadow(node) {
  const root = node.getRootNode?.();
  if (!(root instanceof ShadowRoot) || styled.has(root)) return;
  styled.add(root);
  sheet ??= fetch((globalThis.browser ?? globalThis.chrome).runtime.getURL('extension/content/content.css'))
    .then((r) => r.text())
    .then((css) => {
      const s = new CSSStyleSheet();
      s.replaceSync(css);
      return s;
    });
  sheet.then((s) => { root.adoptedStyleSheets = [...root.adoptedStyleSheets, s]; }).catch(() => {});
}

function cssName(category) {
  return `cat-${category.replace(/[^a-z0-9-]/g, '')}`;
}

// order sorts entries in document order.
function order(a, b) {
  const na = a.range ? a.range.startContainer : a.element;
  const nb = b.range ? b.range.startContainer : b.element;
  if (na === nb) return (a.range?.startOffset ?? 0) - (b.range?.startOffset ?? 0);
  const pos = na.compareDocumentPosition(nb);
  if (pos & Node.DOCUMENT_POSITION_FOLLOWING) return -1;
  if (pos & Node.DOCUMENT_POSITION_PRECEDING) return 1;
  return 0;
}
