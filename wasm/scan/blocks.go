package scan

import (
	"sort"
	"strings"
	"unicode"

	"github.com/sourcelight/sourcelight/wasm/doc"
	"github.com/sourcelight/sourcelight/wasm/fold"
)

// MaxLabel is the longest label text, in bytes.
const MaxLabel = 120

// tree adapts the element table to the selector package.
type tree struct{ d *doc.Document }

func (t tree) Tag(i int) string                    { return t.d.Elems[i].Tag }
func (t tree) Attr(i int, k string) (string, bool) { return t.d.Elems[i].Attr(k) }
func (t tree) Parent(i int) int                    { return t.d.Elems[i].Parent }

// Labels are never links, buttons or form parts: "Related" in a menu is
// navigation, not the heading of a teaser box.
var notLabel = map[string]bool{"a": true, "button": true, "label": true, "option": true, "select": true, "textarea": true}

// Blocks are never these, whatever their size.
var neverBlock = map[string]bool{"html": true, "body": true, "main": true}

type found struct {
	elem int
	ref  *Block
}

// findBlocks marks promotional and boilerplate elements.
func (m *Matcher) findBlocks(d *doc.Document, active []bool, resolve bool) []Hint {
	b := m.newBlockSearch(d, active)
	b.step(len(d.Elems))
	return b.hints(resolve)
}

// blockSearch is findBlocks a range of elements at a time: on a long page
// the search over every element would be one long task.
type blockSearch struct {
	m       *Matcher
	d       *doc.Document
	active  []bool
	primary string
	lists   [][]bool // link_list rules' answers, per block rule (linklist.go)
	cands   []found
	next    int       // the next element
	ft      fold.Text // scratch for label keys
}

func (m *Matcher) newBlockSearch(d *doc.Document, active []bool) *blockSearch {
	b := &blockSearch{m: m, d: d, active: active, primary: primaryOf(d.Lang)}
	if len(m.spec.Blocks) == 0 {
		b.next = len(d.Elems) // nothing to look for
		return b
	}
	b.lists = linkListsOf(d, m.spec.Blocks, active)
	return b
}

// step looks at up to n more elements and reports whether all were seen.
func (b *blockSearch) step(n int) bool {
	d, m, t := b.d, b.m, tree{b.d}
	end := min(len(d.Elems), b.next+max(n, 1))
	for ei := b.next; ei < end; ei++ {
		e := &d.Elems[ei]
		var key string // the element's label key, computed at most once
		if e.Chars > 0 && e.Chars <= MaxLabel && !e.InLink && !notLabel[e.Tag] && e.LinkChars < e.Chars {
			key = b.ft.Key(d.ElemText(ei))
		}
		aria, hasAria := e.Attr("aria-label")
		if hasAria {
			aria = b.ft.Key(aria)
		}
		for bi := range m.spec.Blocks {
			r := &m.spec.Blocks[bi]
			if !b.active[r.Pack] || !langOK(r.Rule.Languages, b.primary) {
				continue
			}
			br := r
			switch {
			case key != "" && hasLabel(r, key):
				if c := container(d, ei, r); c >= 0 {
					b.cands = append(b.cands, found{c, br})
				}
			case hasAria && aria != "" && hasLabel(r, aria) && fits(d, ei, r, 0):
				b.cands = append(b.cands, found{ei, br})
			case r.sel != nil && r.sel.Match(t, ei) && fits(d, ei, r, 0):
				b.cands = append(b.cands, found{ei, br})
			case b.lists[bi] != nil && b.lists[bi][ei]:
				b.cands = append(b.cands, found{ei, br})
			default:
				continue
			}
			break // the first rule that marks an element names it
		}
	}
	b.next = end
	return b.next >= len(d.Elems)
}

// hints turns the candidates into hints, once every element was seen.
func (b *blockSearch) hints(resolve bool) []Hint {
	d, cands := b.d, b.cands
	sort.Stable(byElem(cands))
	if resolve {
		cands = outermost(d, cands)
	}
	out := make([]Hint, 0, len(cands))
	for _, c := range cands {
		e := &d.Elems[c.elem]
		pk := &b.m.spec.Packs[c.ref.Pack]
		def := &c.ref.Rule
		out = append(out, Hint{
			Category: pk.Category, Pack: pk.ID, Rule: def.ID, Block: true, Index: c.elem,
			Start: e.Start, End: e.End, Text: d.ElemText(c.elem),
			Explanation: def.Explanation, Source: def.Source, Link: def.Link,
			Severity: def.Sev, Colour: pk.Colour,
		})
	}
	return out
}

// BlockSearch finds the promotional blocks of a document with several
// matchers, as ScanWith does, a few elements at a time.
type BlockSearch struct{ parts []*blockSearch }

// NewBlockSearch starts the search of d with ms.
func NewBlockSearch(ms []*Matcher, d *doc.Document) *BlockSearch {
	s := &BlockSearch{}
	for _, m := range ms {
		s.parts = append(s.parts, m.newBlockSearch(d, m.active(d.Lang, nil)))
	}
	return s
}

// Step looks at about n more elements (those of one matcher); once all
// are seen it returns the blocks found, the same as ScanWith's, and true.
func (s *BlockSearch) Step(n int) ([]Hint, bool) {
	for _, p := range s.parts {
		if p.next < len(p.d.Elems) {
			p.step(n)
			break
		}
	}
	if !s.done() {
		return nil, false
	}
	var out []Hint
	for _, p := range s.parts {
		out = append(out, p.hints(true)...)
	}
	return out, true
}

func (s *BlockSearch) done() bool {
	for _, p := range s.parts {
		if p.next < len(p.d.Elems) {
			return false
		}
	}
	return true
}

func hasLabel(r *Block, key string) bool {
	for _, l := range r.Labels {
		if key == l.Key {
			return true
		}
		if l.Prefix && strings.HasPrefix(key, l.Key) {
			// the label must end on a word boundary: "related" not "relatedness"
			if next := key[len(l.Key):]; next == "" || !fold.IsWord(rune(next[0])) {
				return true
			}
		}
	}
	return false
}

// container finds the smallest element that carries the label at element
// lab together with what the label introduces: climb through wrappers that
// hold nothing else; the first ancestor with more (teaser links, an ad
// frame) is the block, if it fits the rule's bounds. Otherwise the label's
// own wrapper is marked, never a whole article.
func container(d *doc.Document, lab int, r *Block) int {
	label := d.Elems[lab].Chars
	cur := lab
	for {
		p := d.Elems[cur].Parent
		if p < 0 || neverBlock[d.Elems[p].Tag] {
			break
		}
		pe, ce := &d.Elems[p], &d.Elems[cur]
		if pe.Chars == ce.Chars && pe.Embeds == ce.Embeds {
			cur = p // a wrapper around the label alone
			continue
		}
		if fits(d, p, r, label) {
			return p
		}
		break
	}
	if fits(d, cur, r, label) {
		return cur
	}
	return -1
}

// fits checks a rule's bounds: the block is small, mostly links beyond its
// label, and holds no headline or article prose.
func fits(d *doc.Document, i int, r *Block, label int) bool {
	e := &d.Elems[i]
	if e.Chars == 0 || neverBlock[e.Tag] || e.H1s > 0 {
		return false
	}
	prose := e.Chars - e.LinkChars - label
	return e.Chars <= r.MaxChars && prose <= r.MaxProse && visible(d.Text[e.Start:e.End]) // as of ElemText: only white space differs
}

// visible reports whether s has a character other than white space: an
// element holding only &nbsp; has text to the builder, but a reader sees
// nothing there to mark.
func visible(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) && r != '\u200b' && r != '\u00ad' {
			return true
		}
	}
	return false
}

// outermost keeps one hint per element, and none inside another: nested
// outlines would only repeat what the outer one says.
func outermost(d *doc.Document, cands []found) []found {
	marked := map[int]bool{}
	for _, c := range cands {
		marked[c.elem] = true
	}
	out := cands[:0]
	seen := map[int]bool{}
	for _, c := range cands {
		if seen[c.elem] {
			continue
		}
		seen[c.elem] = true
		inner := false
		for p := d.Elems[c.elem].Parent; p >= 0; p = d.Elems[p].Parent {
			if marked[p] {
				inner = true
				break
			}
		}
		if !inner {
			out = append(out, c)
		}
	}
	return out
}

type byElem []found

func (s byElem) Len() int           { return len(s) }
func (s byElem) Less(i, j int) bool { return s[i].elem < s[j].elem }
func (s byElem) Swap(i, j int)      { s[i], s[j] = s[j], s[i] }
