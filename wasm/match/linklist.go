package match

import (
	"strings"

	"github.com/sourcelight/sourcelight/wasm/doc"
	"github.com/sourcelight/sourcelight/wasm/rule"
)

// LinkLists returns, for each element of d, whether it is a list of links to
// other stories by the shape alone: no label needed. The element must
//   - fit the block bounds (maxChars, maxProse), hold no <h1> and no long
//     prose block: article text is never a link list;
//   - have at least p.MinLinkShare percent of its text inside links;
//   - repeat one item shape: at least p.MinItems children with text share a
//     tag, those children are most of the children with text, and each of
//     them holds a link and at most p.MaxItemChars bytes;
//   - read like headlines: the repeated items have p.MinWords words on
//     average (menus of one-word sections are not story lists).
//
// It is a pure function of the document, so every host marks the same.
func LinkLists(d *doc.Document, p *rule.LinkList, maxChars, maxProse int) []bool {
	out := make([]bool, len(d.Elems))
	if p == nil {
		return out
	}
	kids := make([][]int, len(d.Elems))
	for i := 1; i < len(d.Elems); i++ {
		if par := d.Elems[i].Parent; par >= 0 && d.Elems[i].Chars > 0 {
			kids[par] = append(kids[par], i)
		}
	}
	for i := range d.Elems {
		out[i] = isLinkList(d, i, kids[i], p, maxChars, maxProse)
	}
	return out
}

func isLinkList(d *doc.Document, i int, kids []int, p *rule.LinkList, maxChars, maxProse int) bool {
	e := &d.Elems[i]
	if len(kids) < p.MinItems || e.Chars == 0 || e.Chars > maxChars || neverBlock[e.Tag] ||
		e.H1s > 0 || e.Long > 0 || e.InLink || e.Chars-e.LinkChars > maxProse ||
		100*e.LinkChars < p.MinLinkShare*e.Chars {
		return false
	}
	// The repeated shape: the most common tag among children with text.
	count := map[string]int{}
	shape, best := "", 0
	for _, k := range kids {
		t := d.Elems[k].Tag
		count[t]++
		if count[t] > best {
			shape, best = t, count[t]
		}
	}
	if best < p.MinItems || 10*best < 7*len(kids) {
		return false
	}
	items, words := 0, 0
	for _, k := range kids {
		ke := &d.Elems[k]
		if ke.Tag != shape {
			continue
		}
		if ke.LinkChars == 0 || ke.Chars > p.MaxItemChars {
			return false // one item that is not a short link breaks the shape
		}
		items++
		words += len(strings.Fields(d.Text[ke.Start:ke.End]))
	}
	return items >= p.MinItems && words >= p.MinWords*items
}

// linkListsOf runs LinkLists for each active block rule that has a
// link_list, once per document (nil for the others).
func linkListsOf(d *doc.Document, blocks []blockRef, active []bool) [][]bool {
	lists := make([][]bool, len(blocks))
	for bi, br := range blocks {
		if r := br.rule; r.LinkList != nil && active[br.pack] {
			lists[bi] = LinkLists(d, r.LinkList, r.MaxChars, r.MaxProse)
		}
	}
	return lists
}
