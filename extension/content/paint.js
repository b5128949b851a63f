// commit: the only code that changes what the reader sees.
//
// - Inline hints become CSS Custom Highlights, twice: sourcelight-<category>
//   names what a hint is (unstyled: themes may style
//   ::highlight(sourcelight-denial), tests read it), and
//   sourcelight-pack-<id> paints it in its pack's colour, any category,
//   from a style sheet made here at run time (packSheet). The page's DOM
//   is not touched.
// - Blocks get data-sourcelight="<category>" and data-sourcelight-pack (the
//   outline is in content.css, its colour in packSheet) and a small label in
//   our own shadow root.
// - Where the Highlight API is missing (or the reader asks for it), inline
//   hints are drawn as boxes in that shadow root instead: still no change
//   to the page's own nodes.
// - Our shadow root is closed and holds no URL of ours: the page can neither
//   reach the card's buttons nor read an extension URL (issue #11).
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
    this.labels = new Map(); // entry -> its label: moved on relayout, never recreated
    this.marked = new Set(); // elements carrying our data-sourcelight attributes
    this.onLabel = null; // (entry, focus) => void: set by main.js
  }

  // host is our element on the page: a closed shadow root for labels, boxes
  // and the card. Its styles are text in a <style> there, never a link: a
  // link would show the page our extension URL.
  host() {
    if (!this.ui) {
      const el = document.createElement(UI_TAG);
      el.style.cssText = 'all: initial; position: absolute; top: 0; left: 0; width: 0; height: 0; z-index: 2147483647;';
      const root = el.attachShadow({ mode: 'closed' });
      const css = document.createElement('style');
      uiCSS.then((text) => { css.textContent = text; });
      const layer = document.createElement('div');
      layer.className = 'layer';
      root.append(css, layer);
      document.documentElement.append(el);
      // Labels open their block's card. Listeners sit here: a closed root
      // hides its nodes from the document's listeners. Only the reader's own
      // input counts (isTrusted): a page's script must not act for them.
      root.addEventListener('click', (ev) => {
        const label = ev.isTrusted && ev.target.closest?.('.label');
        if (label) this.onLabel?.(this.entries[Number(label.dataset.index)], true);
      });
      root.addEventListener('mouseover', (ev) => {
        const label = ev.isTrusted && ev.target.closest?.('.label');
        if (label) this.onLabel?.(this.entries[Number(label.dataset.index)], false);
      });
      this.ui = { el, root, layer };
    }
    return this.ui;
  }

  // contains says whether a node is ours (inside our shadow root).
  contains(node) {
    return !!this.ui && (node === this.ui.el || this.ui.root.contains(node));
  }

  add(entries) {
    this.entries.push(...entries);
    this.entries.sort(order);
    this.render();
  }

  // replace shows entries instead of what was shown, in one render: a
  // clear and an add would make the second measure after the first's writes.
  replace(entries) {
    this.entries = [...entries].sort(order);
    this.render();
  }

  // prune drops the entries whose nodes left the document (a page removed
  // them); it says whether any did.
  prune() {
    const live = this.entries.filter((e) => (e.range ? e.range.startContainer.isConnected && e.range.endContainer.isConnected : e.element.isConnected));
    if (live.length === this.entries.length) return false;
    this.entries = live;
    this.render();
    return true;
  }

  // removeWithin drops the entries inside (or on) the given nodes, before
  // those subtrees are scanned again.
  removeWithin(nodes) {
    const inside = (e) => nodes.some((n) => (e.range ? n.contains(e.range.startContainer) : n.contains(e.element)));
    this.entries = this.entries.filter((e) => !inside(e)); // the next render unmarks their elements
  }

  show(on) {
    this.shown = on;
    this.render();
  }

  clear() {
    this.entries = [];
    this.render();
  }

  // render makes the page show exactly this.entries (or nothing, when hidden).
  render() {
    // the rects first, while the layout is the one the page last drew: a
    // read after the writes below would make the browser lay the whole
    // page out at once, inside our task (30-60 ms on a 1 MB page), where
    // it otherwise does so when it next renders
    const where = this.measure();
    const byCat = new Map();
    const byPack = new Map();
    for (const e of this.entries) {
      if (e.range && !e.range.collapsed) {
        push(byCat, e.hint.category, e.range);
        push(byPack, packName(e.hint.pack), e.range);
      }
    }
    const packs = packsOf(this.entries);
    stylePacks(packs);
    if (hasHighlights) {
      // Firefox cannot iterate the registry from a content script ("Xray
      // wrapping of iterators not supported"): remember the names we set.
      for (const name of this.names) CSS.highlights.delete(name);
      this.names.clear();
      if (this.shown && !this.overlay) {
        for (const ranges of byCat.values()) for (const r of ranges) styleShadow(r.startContainer);
        const set = (name, ranges, category) => {
          const h = new Highlight(...ranges);
          h.priority = category === 'denial' ? 2 : 1; // a denial inside an attribution shows as a denial
          CSS.highlights.set(name, h);
          this.names.add(name);
        };
        for (const [cat, ranges] of byCat) set(`sourcelight-${cat}`, ranges, cat);
        for (const [pack, ranges] of byPack) set(`sourcelight-pack-${pack}`, ranges, packs.get(pack)?.category);
      }
    }
    const marked = new Set();
    for (const e of this.shown ? this.entries : []) {
      if (!e.element) continue;
      e.element.setAttribute('data-sourcelight', e.hint.category);
      e.element.setAttribute('data-sourcelight-pack', packName(e.hint.pack));
      marked.add(e.element);
    }
    for (const el of this.marked) if (!marked.has(el)) unmark(el);
    this.marked = marked;
    this.place(where);
  }

  // measure reads where the shown blocks (and, in overlay mode, inline
  // hints) are, and the scroll offsets, all before place writes anything:
  // a read after a write makes the browser lay the page out again, once
  // per block (a page of a thousand blocks: seconds).
  measure() {
    const rects = new Map();
    if (this.shown) {
      for (const e of this.entries) {
        if (e.element) rects.set(e, e.element.getBoundingClientRect());
        else if (this.overlay && e.range) rects.set(e, e.range.getClientRects());
      }
    }
    return { rects, sx: window.scrollX, sy: window.scrollY };
  }

  // place draws the block labels and, in overlay mode, the boxes, where
  // measure found them. It runs again when the layout changes (see
  // main.js): labels are moved, not made anew, so a label the reader
  // focused keeps focus.
  place({ rects, sx, sy } = this.measure()) {
    if (!this.ui && !this.entries.some((e) => e.element || this.overlay)) return;
    const { layer } = this.host();
    for (const box of layer.querySelectorAll('.box')) box.remove();
    const keep = new Set();
    const topRow = []; // labels with no room above their block, placed once their widths are known
    for (const [i, e] of this.shown ? this.entries.entries() : []) {
      if (e.element) {
        const r = rects.get(e);
        if (!r.width && !r.height) continue;
        let label = this.labels.get(e);
        if (!label) {
          label = document.createElement('button');
          label.className = `label ${cssName(e.hint.category)}`;
          label.textContent = `${categoryName(e.hint.category)} · ${e.hint.rule.replace(/-/g, ' ')}`;
          label.style.background = colourOf(e.hint.colour);
          this.labels.set(e, label);
          layer.append(label);
        }
        keep.add(e);
        label.dataset.index = String(i);
        if (r.top + sy >= 18) { // above the block's top left corner
          label.style.left = `${r.left + sx}px`;
          label.style.top = `${r.top + sy - 18}px`;
        } else { // no room above (a menu at the very top): inside its top right corner, off its first words
          topRow.push([label, r]);
        }
      } else if (this.overlay && e.range) {
        for (const r of rects.get(e)) {
          const box = document.createElement('div');
          box.className = `box ${cssName(e.hint.category)}`;
          box.style.cssText = `left:${r.left + sx}px;top:${r.top + sy}px;width:${r.width}px;height:${r.height}px`;
          box.style.background = colourOf(e.hint.colour, 0.3);
          box.style.borderBottom = `2px solid ${colourOf(e.hint.colour)}`;
          layer.append(box);
        }
      }
    }
    const widths = topRow.map(([label]) => label.offsetWidth);
    topRow.forEach(([label, r], k) => {
      label.style.left = `${Math.max(0, r.right + sx - widths[k])}px`;
      label.style.top = `${r.top + sy}px`;
    });
    for (const [e, label] of this.labels) {
      if (!keep.has(e)) {
        label.remove();
        this.labels.delete(e);
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

// The styles of our shadow root, read once per page by the content script
// (not linked: a <link> would put our URL in the page's reach).
const uiCSS = fetch((globalThis.browser ?? globalThis.chrome).runtime.getURL('extension/content/ui.css'))
  .then((r) => r.text())
  .catch(() => '');

// packSheet paints each pack's hints in the pack's colour: one
// ::highlight(sourcelight-pack-<id>) rule per pack, made here because packs
// (the reader's too) bring their own colours and categories. A colour must
// be #rgb or #rrggbb (the validator says so too); anything else is grey. It
// is a constructed sheet, adopted by the document and by every open shadow
// root holding a hint: ::highlight() rules apply only in their own tree.
let packSheet = null;
let packCSS = '';
const styled = new WeakSet();

function stylePacks(packs) {
  const css = [...packs].map(([name, p]) => {
    const c = colourOf(p.colour);
    const line = { 'anonymous-source': 'dotted', denial: 'wavy' }[p.category] ?? 'solid';
    return `::highlight(sourcelight-pack-${name}) { background-color: ${colourOf(p.colour, 0.3)}; ` +
      `text-decoration: underline ${line} ${c}; text-decoration-thickness: 2px; }\n` +
      `[data-sourcelight-pack="${name}"] { outline-color: ${c} !important; }`;
  }).join('\n');
  if (css === packCSS && packSheet) return;
  packCSS = css;
  try {
    if (!packSheet) {
      packSheet = new CSSStyleSheet();
      adopt(document);
    }
    packSheet.replaceSync(css);
  } catch {
    packSheet = null; // no constructed sheets here: hints keep the theme's or no colour
  }
}

function adopt(root) {
  if (!packSheet || styled.has(root)) return;
  styled.add(root);
  try {
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, packSheet];
  } catch { /* a root we may not style */ }
}

function styleShadow(node) {
  const root = node.getRootNode?.();
  if (root instanceof ShadowRoot) adopt(root);
}

// packsOf maps each pack's CSS name to its colour and category.
function packsOf(entries) {
  const packs = new Map();
  for (const e of entries) {
    const name = packName(e.hint.pack);
    if (!packs.has(name)) packs.set(name, { colour: e.hint.colour, category: e.hint.category });
  }
  return packs;
}

function packName(id) {
  return String(id ?? '').replace(/[^A-Za-z0-9_-]/g, '_') || '_';
}

// colourOf reads a pack's colour (#rgb or #rrggbb; else grey) as rgb(), with
// an alpha when given.
export function colourOf(colour, alpha = 1) {
  let hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(colour ?? '') ? colour.slice(1) : '888888';
  if (hex.length === 3) hex = [...hex].map((c) => c + c).join('');
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return alpha === 1 ? `rgb(${r}, ${g}, ${b})` : `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

function push(map, key, value) {
  if (!map.has(key)) map.set(key, []);
  map.get(key).push(value);
}

function unmark(el) {
  el.removeAttribute('data-sourcelight');
  el.removeAttribute('data-sourcelight-pack');
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
