package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

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

// Every page and text of the corpus scans without error, and hint texts
// index the document.
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
		for _, h := range m.Scan(d) {
			counts[h.Category]++
			if !h.Block && d.Text[h.Start:h.End] != h.Text {
				t.Errorf("%s: hint %q does not index the text", f, h.Text)
			}
		}
	}
	t.Logf("%d files: %v", len(files), counts)
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
		root, err := html.Parse(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		tree := htmldoc.Tree(root)
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
