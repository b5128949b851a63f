package scan

import (
	"sort"
	"unicode"

	"github.com/sourcelight/sourcelight/wasm/doc"
	"github.com/sourcelight/sourcelight/wasm/fold"
)

// LinkList is a block rule's link_list (see rule.LinkList): the shape of
// a list of links to other stories.
type LinkList struct {
	MinItems, MinLinkShare, MinWords, MaxItemChars, MinLedShare int
}

// LinkLists returns, for each element of d, whether it is a list of links to
// other stories by its shape alone: no label needed. The element must fit
// the block bounds (maxChars, maxProse) and hold no <h1> and no long prose
// block (article text is never a link list), and then be either
//   - a link list: at least p.MinLinkShare percent of its text in links, and
//     one repeated item shape: at least p.MinItems children with text share
//     a tag and are most of its children, and nearly all of them hold a link
//     of at most p.MaxItemChars bytes; the items read like headlines
//     (p.MinWords words on average: menus of one-word sections do not), or
//   - with p.MinLedShare > 0, a teaser list: at least p.MinItems of its text
//     blocks, and p.MinLedShare percent of them, begin with a headline-like
//     link, and nearly every other block follows one (a headline over its
//     blurb; article paragraphs neither begin so nor follow headlines).
//
// It is a pure function of the document, so every host marks the same.
func LinkLists(d *doc.Document, p *LinkList, maxChars, maxProse int) []bool {
	if p == nil {
		return make([]bool, len(d.Elems))
	}
	return linkLists(d, kidsOf(d), p, maxChars, maxProse)
}

// children lists each element's children that hold text, in one array:
// element i's are all[off[i]:off[i+1]], in document order. (A slice per
// element was most of the block search's allocations on real pages.)
type children struct{ off, all []int32 }

func (c *children) of(i int) []int32 { return c.all[c.off[i]:c.off[i+1]] }

func kidsOf(d *doc.Document) *children {
	n := len(d.Elems)
	c := &children{off: make([]int32, n+1)}
	for i := 1; i < n; i++ {
		if par := d.Elems[i].Parent; par >= 0 && d.Elems[i].Chars > 0 {
			c.off[par+1]++
		}
	}
	for i := 0; i < n; i++ {
		c.off[i+1] += c.off[i]
	}
	c.all = make([]int32, c.off[n])
	next := append([]int32(nil), c.off[:n]...)
	for i := 1; i < n; i++ {
		if par := d.Elems[i].Parent; par >= 0 && d.Elems[i].Chars > 0 {
			c.all[next[par]] = int32(i)
			next[par]++
		}
	}
	return c
}

// linkLists is LinkLists with the children listed (by kidsOf) once for
// all of a document's link_list rules.
func linkLists(d *doc.Document, kids *children, p *LinkList, maxChars, maxProse int) []bool {
	out := make([]bool, len(d.Elems))
	// per element: text blocks, those led by a headline link, and those led
	// or right after one (a headline's blurb)
	var blocks, led, paired []int
	if p.MinLedShare > 0 {
		blocks, led, paired = ledBlocks(d, p)
	}
	for i := range d.Elems {
		e := &d.Elems[i]
		if e.Chars == 0 || e.Chars > maxChars || neverBlock[e.Tag] || e.H1s > 0 || e.Long > 0 ||
			e.InLink || e.Chars-e.LinkChars > maxProse {
			continue
		}
		out[i] = isLinkList(d, i, kids.of(i), p) ||
			p.MinLedShare > 0 && led[i] >= p.MinItems && 100*led[i] >= p.MinLedShare*blocks[i] &&
				10*paired[i] >= 9*blocks[i] && 100*e.LinkChars >= 20*e.Chars
	}
	return out
}

// isLinkList checks the repeated shape of element i's children: the
// children that hold a link mostly share one tag, and the others are short
// (dates, separators, "|").
func isLinkList(d *doc.Document, i int, kids []int32, p *LinkList) bool {
	e := &d.Elems[i]
	if len(kids) < p.MinItems || 100*e.LinkChars < p.MinLinkShare*e.Chars {
		return false
	}
	count := map[string]int{}
	shape, best, linked := "", 0, 0
	for _, k := range kids {
		ke := &d.Elems[k]
		if ke.LinkChars == 0 {
			if ke.Chars > 60 {
				return false // prose beside the links
			}
			continue
		}
		linked++
		count[ke.Tag]++
		if count[ke.Tag] > best {
			shape, best = ke.Tag, count[ke.Tag]
		}
	}
	if best < p.MinItems || 10*best < 7*linked {
		return false
	}
	items, bad, words := 0, 0, 0
	for _, k := range kids {
		ke := &d.Elems[k]
		if ke.Tag != shape || ke.LinkChars == 0 {
			continue
		}
		if ke.Chars > p.MaxItemChars {
			bad++
			continue
		}
		items++
		words += countWords(d.Text[ke.Start:ke.End])
	}
	return items >= p.MinItems && 10*bad <= items && words >= p.MinWords*items
}

// ledBlocks counts, for each element, the text blocks inside it and those
// that begin with a headline-like link (p.MinWords words, at most
// p.MaxItemChars bytes), with nothing but bullets, numbers or punctuation
// before it, and those led or right after a led block in the element.
func ledBlocks(d *doc.Document, p *LinkList) (blocks, led, paired []int) {
	blocks, led, paired = make([]int, len(d.Elems)), make([]int, len(d.Elems)), make([]int, len(d.Elems))
	isLed := make([]bool, len(d.Blocks))
	for i := range d.Elems {
		e := &d.Elems[i]
		if e.Tag != "a" || e.Chars == 0 || e.Chars > p.MaxItemChars || countWords(d.Text[e.Start:e.End]) < p.MinWords {
			continue
		}
		// the block holding the link's first byte
		b := sort.Search(len(d.Blocks), func(j int) bool { return d.Blocks[j].End > e.Start }) // first block ending after it
		if b < len(d.Blocks) && d.Blocks[b].Start <= e.Start && !hasWord(d.Text[d.Blocks[b].Start:e.Start]) {
			isLed[b] = true
		}
	}
	for b := range d.Blocks {
		for a := d.Blocks[b].Elem; a >= 0; a = d.Elems[a].Parent {
			blocks[a]++
			if isLed[b] {
				led[a]++
			}
			if isLed[b] || b > 0 && isLed[b-1] && d.Blocks[b-1].Start >= d.Elems[a].Start {
				paired[a]++
			}
		}
	}
	return blocks, led, paired
}

func hasWord(s string) bool {
	for _, r := range s {
		if fold.IsWord(r) && !(r >= '0' && r <= '9') {
			return true
		}
	}
	return false
}

// linkListsOf runs LinkLists for each active block rule that has a
// link_list, once per document (nil for the others).
func linkListsOf(d *doc.Document, blocks []Block, active []bool) [][]bool {
	lists := make([][]bool, len(blocks))
	var kids *children
	for bi := range blocks {
		if r := &blocks[bi]; r.LinkList != nil && active[r.Pack] {
			if kids == nil {
				kids = kidsOf(d)
			}
			lists[bi] = linkLists(d, kids, r.LinkList, r.MaxChars, r.MaxProse)
		}
	}
	return lists
}

// countWords is len(strings.Fields(s)) without the slice.
func countWords(s string) int {
	n, in := 0, false
	for _, r := range s {
		if unicode.IsSpace(r) {
			in = false
		} else if !in {
			in = true
			n++
		}
	}
	return n
}
