package htmldoc

import (
	"os"
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

// The page's text as browsers decode it (found by the sweep, fixtures in
// wasm/testdata/sweep/): windows-1252's five undefined bytes are the C1
// controls of the same number (WHATWG), not U+FFFD; a <meta charset> past
// the first 1024 bytes decides the encoding when nothing certain did (a
// BOM or the Content-Type's charset), as browsers reload such a page.
func TestDecodeAsBrowsers(t *testing.T) {
	text := func(data, contentType string) string {
		d, err := Parse(strings.NewReader(data), contentType)
		if err != nil {
			t.Fatal(err)
		}
		return d.Text
	}
	if got := text("<p>a\x81b\x8dc\x8fd\x90e\x9df\x80</p>", "text/html; charset=windows-1252"); got != "a\u0081b\u008dc\u008fd\u0090e\u009df€" {
		t.Errorf("windows-1252: %q", got)
	}
	late := "<!DOCTYPE html><html><head><!--" + strings.Repeat("x", 1100) + "--><meta charset=\"utf-8\"></head><body><p>Español 中文</p></body></html>"
	if got := text(late, ""); got != "Español 中文" {
		t.Errorf("late <meta charset=utf-8>: %q", got)
	}
	if got := text(late, "text/html; charset=windows-1252"); got != "EspaÃ±ol ä¸\u00adæ–‡" {
		t.Errorf("late <meta> under a Content-Type charset (certain: the meta is ignored): %q", got)
	}
	// a UTF-8 page with a bad byte: U+FFFD, as a browser's DOM has it (the
	// fuzzer's "<”<B>RelAted\xfd"; raw, a block's text held a byte the page never shows)
	if got := text("<p>“Related\xfd</p>", "text/html; charset=utf-8"); got != "“Related�" {
		t.Errorf("bad UTF-8, charset given: %q", got)
	}
	// guessed: valid UTF-8 but for a last, maybe cut, sequence reads as UTF-8
	// (elsewhere a bad byte makes the guess windows-1252)
	if got := text("<p>“Related\xfd", ""); got != "“Related�" {
		t.Errorf("bad UTF-8 at the end, guessed: %q", got)
	}
	equiv := strings.Replace(late, `<meta charset="utf-8">`, `<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">`, 1)
	if got := text(equiv, ""); got != "Español 中文" {
		t.Errorf("late <meta http-equiv>: %q", got)
	}
	// Decode gives the text Parse reads, for tests that parse it otherwise
	for _, c := range []struct{ data, contentType, want string }{
		{"<b>\x9dRelated", "", "<b>\u009dRelated"},
		{late, "", strings.Replace(late, "Español 中文", "Español 中文", 1)},
		{late, "text/html; charset=windows-1252", strings.Replace(late, "Español 中文", "EspaÃ±ol ä¸\u00adæ–‡", 1)},
	} {
		if got, err := Decode([]byte(c.data), c.contentType); err != nil || got != c.want {
			t.Errorf("Decode(%.40q, %q) = %.60q, %v", c.data, c.contentType, got, err)
		}
	}
	for file, want := range map[string]string{"late-charset.html": "utf-8", "cp1252-undefined-byte.html": "windows-1252"} {
		data, err := os.ReadFile("../testdata/sweep/" + file)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := Encoding(data, ""); got != want {
			t.Errorf("%s: read as %s, browsers read it as %s", file, got, want)
		}
	}
}
