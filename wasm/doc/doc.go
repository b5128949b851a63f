// Package doc is the document model every host shares: a page becomes a
// sequence of text blocks (paragraphs, headings, list items, with links and
// emphasis flattened into them) plus a table of elements with the counts
// that promotional-block rules need. The CLI builds it from golang.org/x/net/html,
// the extension from a snapshot of the live DOM; both go through Build, so
// what the CLI reports is what the extension highlights.
package doc

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind tells a Node's kind.
type Kind uint8

const (
	ElementNode Kind = iota + 1
	TextNode
)

// Attr is one attribute of an element.
type Attr struct{ Key, Val string }

// Node is the host-neutral tree handed to Build.
type Node struct {
	Kind     Kind
	Tag      string // lower-case element name
	Attrs    []Attr
	Text     string // text of a TextNode
	Ref      int    // the host's id for this node (the snapshot index in the extension)
	Children []*Node
}

// Attr returns the value of the attribute key and whether it is present.
func (n *Node) Attr(key string) (string, bool) {
	for _, a := range n.Attrs {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// Document is a built page.
type Document struct {
	Lang   string    // language of the root element ("en", "en-GB"), or ""
	Text   string    // all block texts; Block.Start and End index into it
	Blocks []Block   // in document order
	Elems  []Element // in pre-order; Elems[0] is the root
}

// Block is a run of text that reads as one unit: matches never span two.
type Block struct {
	Start, End int   // the block's text is Document.Text[Start:End]
	Elem       int   // index of the element that owns the block
	Runs       []Run // where each piece of the text came from
}

// Run maps Len bytes of block text at Off to the text node Node at NodeOff.
// Node is -1 for text the builder made up (a line break for <br>).
type Run struct {
	Off, Node, NodeOff, Len int
}

// Element is one element with what block rules ask of it.
type Element struct {
	Tag       string
	Attrs     []Attr
	Ref       int
	Parent    int // -1 for the root
	Depth     int
	Start     int // its text is Document.Text[Start:End]
	End       int
	Chars     int  // visible text bytes inside it
	LinkChars int  // of those, bytes inside links
	Embeds    int  // images, frames, videos inside it
	H1s       int  // <h1> elements inside it, itself included
	Long      int  // blocks inside it with long non-link text: article prose
	InLink    bool // the element is a link or inside one
}

// Attr returns the value of the attribute key and whether it is present.
func (e *Element) Attr(key string) (string, bool) {
	for _, a := range e.Attrs {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// BlockText returns the text of block i.
func (d *Document) BlockText(i int) string {
	b := d.Blocks[i]
	return d.Text[b.Start:b.End]
}

// ElemText returns the visible text of element i with white space collapsed.
func (d *Document) ElemText(i int) string {
	e := d.Elems[i]
	return Collapse(d.Text[e.Start:e.End])
}

// Collapse is strings.Join(strings.Fields(s), " "), without allocating
// when s is collapsed already: the builder leaves most text so.
func Collapse(s string) string {
	space := true // before the first byte: a space there is not clean
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				return strings.Join(strings.Fields(s), " ")
			}
			i += n - 1
			space = false
			continue
		}
		if c == ' ' {
			if space {
				return strings.Join(strings.Fields(s), " ")
			}
			space = true
			continue
		}
		if c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' {
			return strings.Join(strings.Fields(s), " ")
		}
		space = false
	}
	if space && s != "" {
		return strings.Join(strings.Fields(s), " ")
	}
	return s
}

// Locate maps the block-text offset off of block b to a text node and a
// byte offset in it. end says the offset closes a span, so that it resolves
// to the end of the preceding run rather than the start of the next one.
func (d *Document) Locate(b, off int, end bool) (node, nodeOff int, ok bool) {
	runs := d.Blocks[b].Runs
	// Runs are few per block: a linear scan beats the bookkeeping of a search.
	best := -1
	for i, r := range runs {
		if r.Node < 0 {
			continue
		}
		if end {
			if r.Off < off && off <= r.Off+r.Len {
				return r.Node, r.NodeOff + off - r.Off, true
			}
			if r.Off+r.Len <= off {
				best = i
			}
		} else {
			if r.Off <= off && off < r.Off+r.Len {
				return r.Node, r.NodeOff + off - r.Off, true
			}
			if r.Off >= off && best < 0 {
				best = i
			}
		}
	}
	if best < 0 {
		return 0, 0, false
	}
	r := runs[best]
	if end {
		return r.Node, r.NodeOff + r.Len, true
	}
	return r.Node, r.NodeOff, true
}
