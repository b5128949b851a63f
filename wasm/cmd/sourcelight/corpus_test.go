package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"

	"github.com/sourcelight/sourcelight/wasm/doc"
	"github.com/sourcelight/sourcelight/wasm/engine"
	"github.com/sourcelight/sourcelight/wasm/htmldoc"
	"github.com/sourcelight/sourcelight/wasm/input"
	"github.com/sourcelight/sourcelight/wasm/match"
	"github.com/sourcelight/sourcelight/wasm/rule"
)

// The third-party corpus lives beside the project, never in it.
const corpus = "../../../../shared/corpus"

func corpusFiles(t *testing.T) []string {
	t.Helper()
	if testing.Short() {
		t.Skip("corpus runs skipped in -short mode")
	}
	if _, err := os.Stat(corpus); err != nil {
		t.Skip("../shared/corpus not present")
	}
	var files []string
	filepath.WalkDir(corpus, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.Contains(p, "/annotated/") && (strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".txt")) {
			files = append(files, p)
		}
		return nil
	})
	return files
}

// Every page and text of the corpus scans without error, and every hint's
// text is the input's, checked without wasm/doc: for a .txt file the file's
// own bytes at the hint's offsets (they count bytes of the file); for a
// page, text that its text nodes hold as x/net/html parses them (white
// space removed on both sides, since blocks collapse it), every word of it
// for a block.
func TestCorpusScans(t *testing.T) {
	files := corpusFiles(t)
	m := match.New(engine.Defaults()...)
	counts := map[string]int{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d, err := input.Document(f, "", data)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		txt := !input.IsHTML(f, "", data)
		var nodes string
		if !txt {
			nodes = pageText(t, data)
		}
		for _, h := range m.Scan(d) {
			counts[h.Category]++
			switch {
			case h.Text == "" || h.Start < 0 || h.Start > h.End || h.End > len(d.Text):
				t.Errorf("%s: hint %+v is outside the text", f, h)
			case txt && (h.End > len(data) || string(data[h.Start:h.End]) != h.Text):
				t.Errorf("%s: hint %q is not the file's bytes %d..%d", f, h.Text, h.Start, h.End)
			case !txt && !h.Block && !strings.Contains(nodes, noSpace(h.Text)):
				t.Errorf("%s: hint %q is not text of the page", f, h.Text)
			case !txt && h.Block:
				for _, w := range strings.Fields(h.Text) {
					if !strings.Contains(nodes, w) {
						t.Errorf("%s: block %q: %q is not text of the page", f, clip(h.Text, 60), w)
						break
					}
				}
			}
		}
	}
	t.Logf("%d files: %v", len(files), counts)
}

// One corpus article read by hand: its four unnamed sources are all the
// hints it should have (the New York Post and "The Post has learned" are
// named), at the byte offsets where they stand in the file (found with a
// byte search outside Go). The scan must find exactly these.
func TestCorpusHandChecked(t *testing.T) {
	corpusFiles(t)
	const (
		name = "/polnear/dev/breitbart_2016-09-12_stealth-over-health-hillary-clin.txt"
		sum  = "5d2a9bb19a60faa1061912347fb9d667e6cacc0704a57cffbbb0eacdd2d36176"
	)
	data, err := os.ReadFile(corpus + name)
	if err != nil {
		t.Fatal(err)
	}
	if got := sha256.Sum256(data); hex.EncodeToString(got[:]) != sum {
		t.Skipf("%s is not the version read by hand (sha256 %x); update this test", name, got)
	}
	want := []string{
		"anonymous-source/unnamed-group-says 772-784 sources said",
		"anonymous-source/unnamed-source-says 938-951 a source said",
		"anonymous-source/one-unnamed-says 1118-1137 another source said",
		"anonymous-source/unnamed-person-again 1253-1269 the source added",
	}
	d, err := input.Document(name, "", data)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range match.New(engine.Defaults()...).Scan(d) {
		got = append(got, fmt.Sprintf("%s/%s %d-%d %s", h.Pack, h.Rule, h.Start, h.End, h.Text))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("hints:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// pageText is a page's text as x/net/html parses it, every text node in
// document order, white space removed. It is decoded from the encoding
// browsers read the page in (htmldoc.Encoding: a late <meta charset>
// counts), by x/text's decoders, except windows-1252, decoded here by the
// WHATWG table (its five undefined bytes are C1 controls, not U+FFFD).
func pageText(t *testing.T, page []byte) string {
	name, err := htmldoc.Encoding(page, "")
	if err != nil {
		t.Fatal(err)
	}
	var r io.Reader
	if name == "windows-1252" {
		var b strings.Builder
		for _, c := range page {
			if c >= 0x80 && c < 0xa0 && charmap.Windows1252.DecodeByte(c) == utf8.RuneError {
				b.WriteRune(rune(c))
			} else {
				b.WriteRune(charmap.Windows1252.DecodeByte(c))
			}
		}
		r = strings.NewReader(b.String())
	} else if r, err = charset.NewReaderLabel(name, bytes.NewReader(page)); err != nil {
		t.Fatal(err)
	}
	root, err := html.Parse(r)
	if err != nil {
		t.Fatal(err)
	}
	// The engine leaves out what the page does not show as text (scripts,
	// SVG titles): so does this, by the same list of tags, walking the
	// tree itself.
	_, skipTags, _ := doc.Tags()
	skip := map[string]bool{}
	for _, t := range skipTags {
		skip[t] = true
	}
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		if n.Type == html.ElementNode && skip[n.Data] {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return noSpace(b.String())
}

func noSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// Promotional blocks against the L3S-GN1 labels: related content (4) is
// what they are for; headline and full text (1, 2) must never be marked.
func TestL3SBlocks(t *testing.T) {
	corpusFiles(t)
	pages, _ := filepath.Glob(corpus + "/l3s-gn1-dev/annotated/*.html")
	if len(pages) == 0 {
		t.Skip("no annotated L3S pages")
	}
	m := match.New(engine.Defaults()...)
	var bytesBy [7]int // by label: 0-5, 6 = unlabelled boilerplate
	var article [7]int // all text of the pages, by label
	blocks := 0
	for _, p := range pages {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		tree, err := htmldoc.ParseTree(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		labels := map[int]int{}
		labelText(tree, 6, labels)
		d := doc.Build(tree)
		for _, b := range d.Blocks {
			for _, r := range b.Runs {
				if r.Node >= 0 {
					article[labels[r.Node]] += r.Len
				}
			}
		}
		for _, h := range m.Scan(d) {
			if !h.Block {
				continue
			}
			blocks++
			var by [7]int
			for _, b := range d.Blocks {
				if b.Start < h.Start || b.End > h.End {
					continue
				}
				for _, r := range b.Runs {
					if r.Node >= 0 {
						by[labels[r.Node]] += r.Len
					}
				}
			}
			for i := range by {
				bytesBy[i] += by[i]
			}
			// The labels have noise (an "Advertisement" label or a copyright
			// line inside a full-text span): a label-sized phrase is logged,
			// anything like a body is an error.
			if n := by[1] + by[2]; n > rule.MaxLabel {

				t.Errorf("%s: block %q (%s) holds %d bytes of headline or article text", filepath.Base(p), clip(h.Text, 80), h.Rule, n)
			} else if n > 0 {
				t.Logf("%s: block %q (%s) holds %d bytes labelled headline or article text", filepath.Base(p), clip(h.Text, 60), h.Rule, n)
			}
		}
	}
	total := 0
	for _, n := range bytesBy {
		total += n
	}
	if total == 0 {
		t.Fatal("no promotional blocks on any page")
	}
	t.Logf("%d pages, %d blocks marked; marked text by label: not content %d, headline %d, full text %d, supplemental %d, related %d, comments %d, unlabelled boilerplate %d bytes",
		len(pages), blocks, bytesBy[0], bytesBy[1], bytesBy[2], bytesBy[3], bytesBy[4], bytesBy[5], bytesBy[6])
	t.Logf("share of marked text that is boilerplate, related or not content: %.1f%%; related content covered: %.1f%% of %d bytes",
		100*float64(bytesBy[0]+bytesBy[4]+bytesBy[6])/float64(total), 100*float64(bytesBy[4])/float64(max(1, article[4])), article[4])
}

// labelText records, for each text node, the L3S label of the innermost
// x-nc-selN span around it (6 where there is none).
func labelText(n *doc.Node, label int, out map[int]int) {
	if n.Kind == doc.TextNode {
		out[n.Ref] = label
		return
	}
	if c, ok := n.Attr("class"); ok && strings.HasPrefix(c, "x-nc-sel") && len(c) == len("x-nc-sel")+1 {
		label = int(c[len(c)-1] - '0')
	}
	for _, k := range n.Children {
		labelText(k, label, out)
	}
}
