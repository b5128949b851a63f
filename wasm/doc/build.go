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
	return NewBuilder(root).Step(int(^uint(0) >> 1))
}

// Builder builds a Document a step at a time: a long page's build is then
// several short tasks of the page's main thread instead of one long one.
// The walk is the recursive one written with its own stack.
type Builder struct {
	b     builder
	stack []frame
	done  *Document
}

// frame is an element being built: what element keeps across its children.
type frame struct {
	n                  *Node
	idx, depth, child  int // its index in Elems, its depth, its next child
	isBlock            bool
	c0, l0, e0, h0, g0 int // the running totals when it opened
}

// ElementCost is what an element weighs in a Step's budget, against one
// byte of text.
const ElementCost = 32

// NewBuilder starts building root's Document.
func NewBuilder(root *Node) *Builder {
	x := &Builder{b: builder{d: &Document{}}}
	x.b.d.Lang = lang(root)
	x.enter(root, -1, 0)
	return x
}

// Step builds about budget bytes of text more (an element counts as
// ElementCost) and returns the Document once it is whole, else nil.
func (x *Builder) Step(budget int) *Document {
	if x.done != nil {
		return x.done
	}
	for work := 0; len(x.stack) > 0 && work < budget; {
		f := &x.stack[len(x.stack)-1]
		if f.child == len(f.n.Children) {
			x.exit(f)
			x.stack = x.stack[:len(x.stack)-1]
			continue
		}
		c := f.n.Children[f.child]
		f.child++
		switch c.Kind {
		case ElementNode:
			x.enter(c, f.idx, f.depth+1) // f is stale after this: the stack may grow
			work += ElementCost
		case TextNode:
			x.b.write(c)
			work += len(c.Text)
		}
	}
	if len(x.stack) == 0 {
		x.b.flush()
		x.b.d.Text = string(x.b.text)
		x.done = x.b.d
	}
	return x.done
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

// enter opens element n: what comes before its children.
func (x *Builder) enter(n *Node, parent, depth int) {
	b := &x.b
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
	f := frame{n: n, idx: idx, depth: depth, c0: b.chars, l0: b.links, e0: b.embeds, h0: b.h1s, g0: b.long}
	f.isBlock = blockTags[n.Tag] || parent < 0
	if f.isBlock {
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
	x.stack = append(x.stack, f)
}

// exit closes the element of frame f: what comes after its children.
func (x *Builder) exit(f *frame) {
	b := &x.b
	switch f.n.Tag {
	case "a":
		b.link--
	case "pre":
		b.pre--
	}
	if f.isBlock {
		b.flush()
		b.owners = b.owners[:len(b.owners)-1]
	}
	idx := f.idx
	e := &b.d.Elems[idx]
	if k := len(b.unstated); k > 0 && b.unstated[k-1] == idx {
		b.unstated = b.unstated[:k-1] // no text inside: an empty span where it stands
		e.Start = len(b.text)
	}
	e.End = len(b.text)
	e.Chars, e.LinkChars, e.Embeds = b.chars-f.c0, b.links-f.l0, b.embeds-f.e0
	e.H1s, e.Long = b.h1s-f.h0, b.long-f.g0
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
