package rule

import (
	"strings"

	"github.com/sourcelight/sourcelight/wasm/fold"
	"github.com/sourcelight/sourcelight/wasm/selector"
)

// Block marks a whole element as promotional or boilerplate: the smallest
// block that carries one of its short labels ("Advertisement", "Related
// articles") with what the label introduces, or an element its selectors
// match. MaxChars and MaxProse bound the block, so that an article body,
// however it is labelled, is never marked.
type Block struct {
	Def
	Labels    []Label
	Selectors selector.List
	LinkList  *LinkList // optional: link-dense story lists, with no label
	MaxChars  int       // visible text bytes
	MaxProse  int       // text bytes outside links, the label excluded
}

// Label is a label key (see LabelKey) and whether it is written "Label..."
// to match any text that starts with it ("Sign up for our newsletter...").
type Label struct {
	Key    string
	Prefix bool
}

// Defaults for the bounds of a block.
const (
	DefaultMaxChars = 1500
	DefaultMaxProse = 300
	MaxLabel        = 120 // longest label text, in bytes
)

func decodeBlock(o *object, d Def, l *lists) *Block {
	b := &Block{Def: d}
	for _, s := range phrases(o, "labels", false, l) {
		if len(s) > MaxLabel {
			o.p.add(join(o.path, "labels"), "label %q is longer than %d bytes; labels are short headings", s, MaxLabel)
		}
		prefix := strings.HasSuffix(s, "...")
		b.Labels = append(b.Labels, Label{Key: LabelKey(s), Prefix: prefix})
	}
	for i, s := range o.strs("selectors", false) {
		sel, err := selector.Parse(s)
		if err != nil {
			o.p.add(index(join(o.path, "selectors"), i), "selector %q: %v", s, err)
			continue
		}
		b.Selectors = append(b.Selectors, sel...)
	}
	b.LinkList = decodeLinkList(o)
	if len(b.Labels) == 0 && len(b.Selectors) == 0 && b.LinkList == nil {
		o.p.add(o.path, "a block rule needs \"labels\", \"selectors\" or \"link_list\"")
	}
	b.MaxChars = o.int("max_chars", DefaultMaxChars, 1, 100000)
	b.MaxProse = o.int("max_prose", DefaultMaxProse, 0, 100000)
	return b
}

// LabelKey is the form in which labels and element texts are compared
// (fold.Key, which the scanner uses too).
func LabelKey(s string) string { return fold.Key(s) }
