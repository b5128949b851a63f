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

// LabelKey is the form in which labels and element texts are compared:
// folded, without the punctuation and bullets that decorate labels.
func LabelKey(s string) string {
	return strings.TrimFunc(fold.String(s), func(r rune) bool { return !fold.IsWord(r) })
}

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
	if len(m.spec.Blocks) == 0 {
		return nil
	}
	var cands []found
	t := tree{d}
	primary := primaryOf(d.Lang)
	lists := linkListsOf(d, m.spec.Blocks, active) // link_list rules (linklist.go)
	for ei := range d.Elems {
		e := &d.Elems[ei]
		var key string // the element's label key, computed at most once
		if e.Chars > 0 && e.Chars <= MaxLabel && !e.InLink && !notLabel[e.Tag] && e.LinkChars < e.Chars {
			key = LabelKey(d.ElemText(ei))
		}
		aria, hasAria := e.Attr("aria-label")
		if hasAria {
			aria = LabelKey(aria)
		}
		for bi := range m.spec.Blocks {
			r := &m.spec.Blocks[bi]
			if !active[r.Pack] || !langOK(r.Rule.Languages, primary) {
				continue
			}
			br := r
			switch {
			case key != "" && hasLabel(r, key):
				if c := container(d, ei, r); c >= 0 {
					cands = append(cands, found{c, br})
				}
			case hasAria && aria != "" && hasLabel(r, aria) && fits(d, ei, r, 0):
				cands = append(cands, found{ei, br})
			case r.Selectors != nil && r.Selectors.Match(t, ei) && fits(d, ei, r, 0):
				cands = append(cands, found{ei, br})
			case lists[bi] != nil && lists[bi][ei]:
				cands = append(cands, found{ei, br})
			default:
				continue
			}
			break // the first rule that marks an element names it
		}
	}
	sort.Stable(byElem(cands))
	if resolve {
		cands = outermost(d, cands)
	}
	out := make([]Hint, 0, len(cands))
	for _, c := range cands {
		e := &d.Elems[c.elem]
		pk := &m.spec.Packs[c.ref.Pack]
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
	return e.Chars <= r.MaxChars && prose <= r.MaxProse && visible(d.ElemText(i))
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
