// The hint card: what a hint means, where the rule comes from, and a way
// to ignore the rule on this site. It lives in our closed shadow root,
// styled apart from the page, and is built with textContent only: rule text
// is never parsed as HTML. Its buttons act only on the reader's own input
// (event.isTrusted): a page's script must not ignore rules for its readers
// (issue #11). Opened from the keyboard it focuses Close, never the
// destructive Ignore, and Esc returns focus where it was.
import { categoryName } from '../api.js';
import { colourOf } from './paint.js';

export class Card {
  constructor(painter, onIgnore) {
    this.painter = painter;
    this.onIgnore = onIgnore;
    this.el = null;
    this.entry = null;
    this.hideTimer = 0;
  }

  // show places the card by the entry's text or block. focus moves keyboard
  // focus into it (when opened from the keyboard).
  show(entry, { focus = false } = {}) {
    clearTimeout(this.hideTimer);
    if (this.entry === entry && this.el?.isConnected) {
      if (focus) this.focusIn();
      return;
    }
    const returnTo = this.returnTo;
    this.hide({ restore: false });
    this.entry = entry;
    this.returnTo = focus ? (returnTo ?? focusedOutside(this.painter)) : null;
    const { root } = this.painter.host();
    const h = entry.hint;
    const card = el('div', 'card', { role: 'dialog', 'aria-label': `Sourcelight: ${categoryName(h.category)}`, tabindex: '-1' });
    card.style.setProperty('--colour', colourOf(h.colour));

    const head = el('div', 'head');
    head.append(el('span', 'dot'), el('strong', '', {}, categoryName(h.category)));
    const close = el('button', 'close', { 'aria-label': 'Close', title: 'Close (Esc)' }, '×');
    close.addEventListener('click', (ev) => { if (ev.isTrusted) this.hide(); });
    head.append(close);

    const quote = el('p', 'quote', {}, `“${clip(h.text, 160)}”`);
    const why = el('p', 'why', {}, h.explanation);
    card.append(head, quote, why);

    if (h.source || h.link) {
      const src = el('p', 'source');
      if (h.link && /^https?:\/\//.test(h.link)) {
        const a = el('a', '', { href: h.link, target: '_blank', rel: 'noopener noreferrer' }, h.source || h.link);
        src.append('Guideline: ', a);
      } else {
        src.append(`Guideline: ${h.source}`);
      }
      card.append(src);
    }
    const rule = el('p', 'rule', {}, `Rule ${h.pack}/${h.rule}`);
    const ignore = el('button', 'ignore', {}, 'Ignore this rule on this site');
    ignore.addEventListener('click', (ev) => {
      if (!ev.isTrusted) return; // a page's script, not the reader
      this.hide();
      this.onIgnore(`${h.pack}/${h.rule}`);
    });
    card.append(rule, ignore);

    card.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape' && ev.isTrusted) {
        ev.stopPropagation();
        this.hide();
      }
    });
    card.addEventListener('mouseenter', () => clearTimeout(this.hideTimer));
    card.addEventListener('mouseleave', () => this.hideSoon());

    root.append(card);
    this.el = card;
    this.place();
    if (focus) this.focusIn();
  }

  // focusIn focuses the first control that does nothing irreversible.
  focusIn() {
    [...this.el.querySelectorAll('button, a[href]')].find((b) => !b.classList.contains('ignore'))?.focus();
  }

  place() {
    if (!this.el || !this.entry) return;
    const e = this.entry;
    const rects = e.range ? e.range.getClientRects() : [e.element.getBoundingClientRect()];
    const r = rects[rects.length - 1] ?? e.element?.getBoundingClientRect();
    if (!r) return;
    const width = Math.min(340, window.innerWidth - 16);
    this.el.style.width = `${width}px`;
    let left = Math.min(Math.max(8, r.left), window.innerWidth - width - 8);
    let top = r.bottom + 6;
    const height = this.el.offsetHeight || 160;
    if (top + height > window.innerHeight && r.top - height - 6 > 0) top = r.top - height - 6;
    this.el.style.left = `${left + window.scrollX}px`;
    this.el.style.top = `${top + window.scrollY}px`;
  }

  hideSoon() {
    clearTimeout(this.hideTimer);
    this.hideTimer = setTimeout(() => {
      if (!this.el?.matches(':focus-within')) this.hide();
    }, 300);
  }

  // hide closes the card; focus goes back where it was before the card took it.
  hide({ restore = true } = {}) {
    clearTimeout(this.hideTimer);
    const had = !!this.el?.matches(':focus-within');
    this.el?.remove();
    this.el = null;
    this.entry = null;
    if (restore && had && this.returnTo?.isConnected) this.returnTo.focus({ preventScroll: true });
    if (restore) this.returnTo = null;
  }
}

// focusedOutside is the page's focused element, unless it is ours.
function focusedOutside(painter) {
  const a = document.activeElement;
  return a && a !== document.body && !painter.contains(a) ? a : null;
}

function el(tag, cls, attrs = {}, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text != null) e.textContent = text;
  return e;
}

function clip(s, n) {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}
