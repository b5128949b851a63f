package doc_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/sourcelight/sourcelight/wasm/doc"
	"github.com/sourcelight/sourcelight/wasm/htmldoc"
)

func build(t *testing.T, html string) *doc.Document {
	t.Helper()
	d, err := htmldoc.ParseString(html)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func blocks(d *doc.Document) []string {
	var out []string
	for i := range d.Blocks {
		out = append(out, d.BlockText(i))
	}
	return out
}

func TestBlocks(t *testing.T) {
	tests := []struct {
		name, html string
		want       []string
	}{
		{"inline markup flattens", `<p>The <a href="/k">Kremlin</a> <em>denied</em> it.</p>`, []string{"The Kremlin denied it."}},
		{"white space collapses", "<p>  two\n\n  lines\t here </p>", []string{"two lines here"}},
		{"blocks split", `<div>before<p>inside</p>after</div>`, []string{"before", "inside", "after"}},
		{"space across elements", `<p>a<b> b</b> <i>c </i>d</p>`, []string{"a b c d"}},
		{"br breaks lines", `<p>one<br>two<br><br></p>`, []string{"one\ntwo"}},
		{"pre keeps spaces", "<pre>a  b\n c</pre>", []string{"a  b\n c"}},
		{"hidden and scripts skipped", `<p>seen<script>x()</script><span hidden>no</span><style>p{}</style></p>`, []string{"seen"}},
		{"lists and cells", `<ul><li>one</li><li>two</li></ul><table><tr><td>x</td><td>y</td></tr></table>`, []string{"one", "two", "x", "y"}},
		{"nbsp kept", "<p>a\u00a0b</p>", []string{"a\u00a0b"}},
		{"entities decoded", `<p>Tom &amp; Jerry&rsquo;s</p>`, []string{"Tom & Jerry’s"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := blocks(build(t, "<body>"+tt.html+"</body>"))
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("blocks = %q, want %q", got, tt.want)
			}
		})
	}
}

// Every byte of block text that came from a text node maps back to the
// same byte in that node: this is what puts highlights in the right place.
func TestRunsMapBack(t *testing.T) {
	root := &doc.Node{Kind: doc.ElementNode, Tag: "body", Children: []*doc.Node{
		{Kind: doc.ElementNode, Tag: "p", Children: []*doc.Node{
			{Kind: doc.TextNode, Ref: 1, Text: "  Officials   said "},
			{Kind: doc.ElementNode, Tag: "em", Children: []*doc.Node{{Kind: doc.TextNode, Ref: 2, Text: "on Monday"}}},
			{Kind: doc.TextNode, Ref: 3, Text: " that\nit was “false”."},
		}},
	}}
	texts := map[int]string{1: "  Officials   said ", 2: "on Monday", 3: " that\nit was “false”."}
	d := doc.Build(root)
	if got, want := d.BlockText(0), "Officials said on Monday that it was “false”."; got != want {
		t.Fatalf("block = %q, want %q", got, want)
	}
	text := d.BlockText(0)
	for off := 0; off < len(text); off++ {
		node, noff, ok := d.Locate(0, off, false)
		if !ok {
			t.Fatalf("offset %d not located", off)
		}
		c := texts[node][noff]
		if text[off] == ' ' {
			if !strings.ContainsRune(" \n\t", rune(c)) {
				t.Errorf("space at %d maps to %q", off, c)
			}
		} else if c != text[off] {
			t.Errorf("offset %d (%q) maps to node %d offset %d (%q)", off, text[off], node, noff, c)
		}
	}
	// a span ending at the end of "said" ends in node 1 just after it
	end := strings.Index(text, "said") + len("said")
	node, noff, _ := d.Locate(0, end, true)
	if node != 1 || texts[1][:noff] != "  Officials   said" {
		t.Errorf("end of said -> node %d offset %d", node, noff)
	}
}

func TestElements(t *testing.T) {
	d := build(t, `<html lang="en-GB"><body><article><h1>Head</h1><p>Body with a <a href="/x">link</a>.</p>
		<div class="ad"><span>Advertisement</span><img src="a.png"></div></article></body></html>`)
	if d.Lang != "en-GB" {
		t.Errorf("lang = %q", d.Lang)
	}
	var art, span, ad *doc.Element
	for i := range d.Elems {
		e := &d.Elems[i]
		switch {
		case e.Tag == "article":
			art = e
		case e.Tag == "span":
			span = e
		case e.Tag == "div":
			ad = e
		}
		if e.End < e.Start || e.End > len(d.Text) {
			t.Fatalf("element %s has span %d..%d outside the text", e.Tag, e.Start, e.End)
		}
	}
	if art.H1s != 1 || art.LinkChars != len("link") || art.Embeds != 1 {
		t.Errorf("article counts: h1 %d, link chars %d, embeds %d", art.H1s, art.LinkChars, art.Embeds)
	}
	if got := d.Text[span.Start:span.End]; got != "Advertisement" {
		t.Errorf("span text = %q", got)
	}
	if ad.Chars != len("Advertisement") || ad.Embeds != 1 {
		t.Errorf("ad counts: chars %d, embeds %d", ad.Chars, ad.Embeds)
	}
}

func TestPlain(t *testing.T) {
	src := "First para\ngoes on.\n\n  \nSecond\r\n\r\nThird  \n"
	d := doc.Plain(src)
	want := []string{"First para\ngoes on.", "Second", "Third"}
	got := blocks(d)
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("blocks = %q, want %q", got, want)
	}
	for i, b := range d.Blocks {
		if src[b.Start:b.End] != want[i] {
			t.Errorf("block %d offsets %d..%d do not index the file", i, b.Start, b.End)
		}
	}
}

func FuzzBuild(f *testing.F) {
	f.Add(`<p>a <b>b</b><br>c</p><div hidden>x</div><pre> y </pre>`)
	f.Add("<ul><li>one<li>two</ul>")
	f.Fuzz(func(t *testing.T, html string) {
		d, err := htmldoc.ParseString(html)
		if err != nil {
			return
		}
		for i, b := range d.Blocks {
			if b.Start > b.End || b.End > len(d.Text) {
				t.Fatalf("block %d out of range", i)
			}
			for _, r := range b.Runs {
				if r.Off < 0 || r.Off+r.Len > b.End-b.Start {
					t.Fatalf("run %+v outside block %d", r, i)
				}
			}
		}
		for i, e := range d.Elems {
			if e.Start > e.End || e.End > len(d.Text) || e.LinkChars > e.Chars {
				t.Fatalf("element %d (%s) inconsistent: %+v", i, e.Tag, e)
			}
		}
		root, err := htmldoc.ParseTree(strings.NewReader(html))
		if err != nil {
			t.Fatal(err)
		}
		if got := stepped(root, 1+len(html)%7); !reflect.DeepEqual(got, doc.Build(root)) {
			t.Fatalf("built in steps: %+v\nin one: %+v", got, doc.Build(root))
		}
	})
}

// stepped builds root's document budget bytes at a time.
func stepped(root *doc.Node, budget int) *doc.Document {
	x := doc.NewBuilder(root)
	for {
		if d := x.Step(budget); d != nil {
			return d
		}
	}
}

// A document built in steps of any size is the one built at once.
func TestBuildSteps(t *testing.T) {
	html := `<html lang="en"><body><h1>Title</h1><div hidden>gone</div>
	<article><p>One <a href="/x">link text</a> and <b>bold</b><br>after a break.</p>
	<pre>  kept   as is </pre><ul><li>a<li>b <img src="x.png"></ul>
	<table><tr><td>cell<td><span></span></td></tr></table><script>no()</script>
	<p>` + strings.Repeat("Long prose goes on here. ", 20) + `</p></article></body></html>`
	root, err := htmldoc.ParseTree(strings.NewReader(html))
	if err != nil {
		t.Fatal(err)
	}
	want := doc.Build(root)
	if len(want.Blocks) < 7 || len(want.Elems) < 15 {
		t.Fatalf("fixture too small: %d blocks, %d elements", len(want.Blocks), len(want.Elems))
	}
	for _, budget := range []int{1, 5, doc.ElementCost, 100, 1000} {
		x := doc.NewBuilder(root)
		steps := 0
		var got *doc.Document
		for got == nil {
			got = x.Step(budget)
			steps++
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("budget %d: %+v\nwant %+v", budget, got, want)
		}
		if budget < 100 && steps < 10 {
			t.Errorf("budget %d: built in %d steps", budget, steps)
		}
		if x.Step(budget) != got {
			t.Errorf("budget %d: a step after the end gave another document", budget)
		}
	}
}
