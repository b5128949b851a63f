package htmldoc

import (
	"strings"
	"testing"

	"github.com/sourcelight/sourcelight/wasm/doc"
)

// A page nested deeper than 512 elements is read as Chromium 156 and
// Firefox 153 read it (measured on this page with document.querySelectorAll
// and parentNode: both give the same tree): elements past depth 512 (with
// <html> at 1) become children of the element at depth 512, in document
// order, each keeping its own text; nothing is deeper than 513.
// golang.org/x/net/html refuses the page ("open stack of elements exceeds
// 512 nodes"), so the CLI used to fail on it while the extension painted it.
func TestDeepPageAsBrowsersReadIt(t *testing.T) {
	page := `<!DOCTYPE html><html><body>` + strings.Repeat("<div>", 1000) +
		`<h1>Head <b>bold</b> tail</h1><p>Para one.</p><table><tr><td>cell</td></tr></table><script>var x="script text";</script>` +
		strings.Repeat("</div>", 1000) + `<p>after</p></body></html>`
	root, err := ParseTree(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	maxDepth, divs := 0, 0
	var parentOfH1 *doc.Node
	var h1Depth int
	var walk func(n *doc.Node, depth int)
	walk = func(n *doc.Node, depth int) {
		if n.Kind != doc.ElementNode {
			return
		}
		maxDepth = max(maxDepth, depth)
		if n.Tag == "div" {
			divs++
		}
		for _, c := range n.Children {
			if c.Kind == doc.ElementNode && c.Tag == "h1" {
				parentOfH1, h1Depth = n, depth+1
			}
			walk(c, depth+1)
		}
	}
	walk(root, 1)
	if maxDepth != 513 || h1Depth != 513 || divs != 1000 {
		t.Fatalf("deepest element at %d, <h1> at %d, %d divs; browsers: 513, 513, 1000", maxDepth, h1Depth, divs)
	}
	var tail []string
	for _, c := range parentOfH1.Children[len(parentOfH1.Children)-12:] {
		s := c.Tag
		for _, t := range c.Children {
			if t.Kind == doc.TextNode {
				s += " " + t.Text
			} else {
				s += " <" + t.Tag + ">" // never: deeper elements are flattened
			}
		}
		tail = append(tail, s)
	}
	// parentTail as both browsers report it (element, its children)
	want := []string{"div", "div", "div", "div", "h1 Head  tail", "b bold", "p Para one.", "table", "tbody", "tr", "td cell", `script var x="script text";`}
	if strings.Join(tail, "|") != strings.Join(want, "|") {
		t.Errorf("children of the element at depth 512:\n got %q\nwant %q", tail, want)
	}

	// and the blocks the engine reads from it
	d, err := ParseString(page)
	if err != nil {
		t.Fatal(err)
	}
	var blocks []string
	for _, b := range d.Blocks {
		blocks = append(blocks, d.Text[b.Start:b.End])
	}
	if got := strings.Join(blocks, "|"); got != "Head tail|bold|Para one.|cell|after" {
		t.Errorf("blocks %q", got)
	}
}
