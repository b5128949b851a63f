package doc

import "strings"

// LongBlock is the length in bytes of non-link text from which a block reads
// as article prose; block rules never mark an element holding much of it.
const LongBlock = 250

// Block-level elements start and end text blocks; everything else is
// flattened into the block around it. Only markup decides, never computed
// style, so that every host draws the same blocks from the same page.
var blockTags = set("address", "article", "aside", "blockquote", "body", "caption", "center",
	"dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
	"footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html",
	"legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table",
	"tbody", "td", "tfoot", "th", "thead", "tr", "ul")

// Elements whose text a reader never sees as text.
var skipTags = set("head", "script", "style", "noscript", "template", "svg", "math",
	"iframe", "object", "embed", "canvas", "video", "audio", "select", "option", "textarea",
	"input", "datalist", "title", "meta", "link", "base", "picture")

// Embedded content: an ad slot or a teaser card holds these.
var embedTags = set("img", "iframe", "video", "picture", "svg", "canvas", "object", "embed", "audio")

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// Build turns a tree into a Document.
func Build(root *Node) *Document {
	b := &builder{d: &Document{}}
	b.d.Lang = lang(root)
	b.element(root, -1, 0)
	b.flush()
	b.d.Text = string(b.text)
	return b.d
}

func lang(n *Node) string {
	if n == nil || n.Kind != ElementNode {
		return ""
	}
	if v, ok := n.Attr("lang"); ok {
		return strings.TrimSpace(v)
	}
	if v, ok := n.Attr("xml:lang"); ok {
		return strings.TrimSpace(v)
	}
	return ""
}

type builder struct {
	d    *Document
	text []byte

	// the open block
	open   bool
	start  int
	owner  int
	runs   []Run
	links0 int // b.links when the block opened

	space     bool // white space is pending before the next text
	spaceNode int  // where that white space came from
	spaceOff  int
	spaceLink bool // the white space was inside a link
	breaks    int  // line breaks (<br>) pending before the next text

	owners   []int // open block-level elements, innermost last
	unstated []int // open elements that have no text yet: their Start is due
	pre      int   // depth inside <pre>
	link     int   // depth inside <a>

	// running totals; an element's counts are their growth while it is open
	chars, links, embeds, h1s, long int
}

func (b *builder) element(n *Node, parent, depth int) {
	if _, hidden := n.Attr("hidden"); hidden || skipTags[n.Tag] {
		if embedTags[n.Tag] {
			b.embeds++
		}
		return
	}
	idx := len(b.d.Elems)
	b.d.Elems = append(b.d.Elems, Element{
		Tag: n.Tag, Attrs: n.Attrs, Ref: n.Ref, Parent: parent, Depth: depth,
		InLink: n.Tag == "a" || b.link > 0,
	})
	b.unstated = append(b.unstated, idx)
	c0, l0, e0, h0, g0 := b.chars, b.links, b.embeds, b.h1s, b.long
	isBlock := blockTags[n.Tag] || parent < 0
	if isBlock {
		b.flush()
		b.owners = append(b.owners, idx)
	}
	switch n.Tag {
	case "a":
		b.link++
	case "pre":
		b.pre++
	case "h1":
		b.h1s++
	case "br":
		b.lineBreak()
	}
	if embedTags[n.Tag] {
		b.embeds++
	}
	for _, c := range n.Children {
		switch c.Kind {
		case ElementNode:
			b.element(c, idx, depth+1)
		case TextNode:
			b.write(c)
		}
	}
	switch n.Tag {
	case "a":
		b.link--
	case "pre":
		b.pre--
	}
	if isBlock {
		b.flush()
		b.owners = b.owners[:len(b.owners)-1]
	}
	e := &b.d.Elems[idx]
	if k := len(b.unstated); k > 0 && b.unstated[k-1] == idx {
		b.unstated = b.unstated[:k-1] // no text inside: an empty span where it stands
		e.Start = len(b.text)
	}
	e.End = len(b.text)
	e.Chars, e.LinkChars, e.Embeds = b.chars-c0, b.links-l0, b.embeds-e0
	e.H1s, e.Long = b.h1s-h0, b.long-g0
}

// write adds a text node to the open block, collapsing white space as a
// browser renders it (except inside <pre>).
func (b *builder) write(n *Node) {
	s := n.Text
	if b.pre > 0 {
		if s != "" {
			b.put(s, n.Ref, 0)
		}
		return
	}
	for i := 0; i < len(s); {
		if isHTMLSpace(s[i]) {
			if !b.space && b.breaks == 0 {
				b.space, b.spaceNode, b.spaceOff, b.spaceLink = true, n.Ref, i, b.link > 0
			}
			i++
			continue
		}
		// words apart by one plain space need no collapsing: they go in
		// as one piece (the same text and runs as word by word, fewer calls)
		j := i
		for j < len(s) {
			if !isHTMLSpace(s[j]) {
				j++
			} else if s[j] == ' ' && j+1 < len(s) && !isHTMLSpace(s[j+1]) {
				j += 2
			} else {
				break
			}
		}
		b.put(s[i:j], n.Ref, i)
		i = j
	}
}

// put appends visible text, opening a block first if none is open.
func (b *builder) put(s string, node, off int) {
	if !b.open {
		if len(b.text) > 0 {
			b.text = append(b.text, "\n\n"...)
		}
		b.open, b.start, b.space = true, len(b.text), false
		b.owner = b.owners[len(b.owners)-1]
		b.runs = nil
		b.links0 = b.links
	}
	lead := 0 // the break or space written before s
	if b.breaks > 0 {
		lead = b.breaks
	} else if b.space {
		lead = 1
	}
	for _, idx := range b.unstated {
		b.d.Elems[idx].Start = len(b.text) + lead
	}
	b.unstated = b.unstated[:0]
	// a space is link text only between link words, not before a link
	if b.breaks > 0 {
		b.run(newlines(b.breaks), -1, 0, false)
	} else if b.space {
		b.run(" ", b.spaceNode, b.spaceOff, b.spaceLink && b.link > 0)
	}
	b.space, b.breaks = false, 0
	b.run(s, node, off, b.link > 0)
}

func (b *builder) run(s string, node, off int, link bool) {
	at := len(b.text) - b.start
	b.text = append(b.text, s...)
	n := len(s)
	b.chars += n
	if link {
		b.links += n
	}
	if k := len(b.runs) - 1; k >= 0 {
		r := &b.runs[k]
		if node >= 0 && r.Node == node && r.Off+r.Len == at && r.NodeOff+r.Len == off {
			r.Len += n
			return
		}
	}
	b.runs = append(b.runs, Run{Off: at, Node: node, NodeOff: off, Len: n})
}

// lineBreak renders <br>: a new line inside the block, never at its edges,
// so it waits for the text that follows it.
func (b *builder) lineBreak() {
	if b.open {
		b.space = false
		b.breaks++
	}
}

// flush closes the open block.
func (b *builder) flush() {
	b.space, b.breaks = false, 0
	if !b.open {
		return
	}
	b.open = false
	end := len(b.text)
	b.d.Blocks = append(b.d.Blocks, Block{Start: b.start, End: end, Elem: b.owner, Runs: b.runs})
	if (end-b.start)-(b.links-b.links0) >= LongBlock {
		b.long++
	}
}

func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

// newlines is n line breaks (strings.Repeat is more code than this needs).
func newlines(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = '\n'
	}
	return string(b)
}
